/*
 * sqlite_login.c - recruiters' login sessions in the SQLite store (see
 * store.h).  A session is found by the hash of its cookie's secret and
 * lives until its expiry; expired rows are forgotten by
 * sqlite_purge_login_sessions (the web service calls it at each login).
 */
#include <stdio.h>
#include <string.h>

#include "sqlite_internal.h"

int sqlite_add_login_session(struct store *st, const struct login_session *ls,
			     struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "INSERT INTO login_sessions (secret_hash, csrf, email, created_unix,"
			       " expires_unix) VALUES (?,?,?,?,?)",
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "storing a login session");
	sqlite3_bind_text(q, 1, ls->secret_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, ls->csrf, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, ls->email, -1, SQLITE_TRANSIENT);
	sqlite3_bind_double(q, 4, ls->created_unix);
	sqlite3_bind_double(q, 5, ls->expires_unix);
	return sqlite_run(st, q, "storing a login session", err);
}

int sqlite_find_login_session(struct store *st, const char *secret_hash, double now_unix,
			      struct login_session *out, struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "SELECT secret_hash, csrf, email, created_unix, expires_unix"
			       " FROM login_sessions WHERE secret_hash = ? AND expires_unix > ?",
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "finding a login session");
	sqlite3_bind_text(q, 1, secret_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_double(q, 2, now_unix);
	int rc = sqlite3_step(q), found = 0;
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		snprintf(out->secret_hash, sizeof out->secret_hash, "%s", sqlite_col_text(q, 0));
		snprintf(out->csrf, sizeof out->csrf, "%s", sqlite_col_text(q, 1));
		snprintf(out->email, sizeof out->email, "%s", sqlite_col_text(q, 2));
		out->created_unix = sqlite3_column_double(q, 3);
		out->expires_unix = sqlite3_column_double(q, 4);
		found = 1;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sqlite_fail(st, err, "finding a login session");
	return found;
}

int sqlite_delete_login_session(struct store *st, const char *secret_hash, double now_unix,
				struct iv_error *err)
{
	sqlite3_stmt *q;
	/* an expired session is deleted too, but does not count as ended */
	if (sqlite3_prepare_v2(sq_db(st),
			       "DELETE FROM login_sessions WHERE secret_hash = ?"
			       " RETURNING expires_unix > ?",
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "ending a login session");
	sqlite3_bind_text(q, 1, secret_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_double(q, 2, now_unix);
	int rc = sqlite3_step(q), live = 0;
	if (rc == SQLITE_ROW) {
		live = sqlite3_column_int(q, 0);
		rc = sqlite3_step(q);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sqlite_fail(st, err, "ending a login session");
	return live;
}

int sqlite_purge_login_sessions(struct store *st, double now_unix, struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st), "DELETE FROM login_sessions WHERE expires_unix <= ?", -1,
			       &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "forgetting expired login sessions");
	sqlite3_bind_double(q, 1, now_unix);
	if (sqlite_run(st, q, "forgetting expired login sessions", err))
		return -1;
	return sqlite3_changes(sq_db(st));
}
