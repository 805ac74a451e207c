/*
 * sqlite_audit.c - the audit log of recruiters' actions and the leases of
 * live interviews in the SQLite store (see store.h; the PostgreSQL twin is
 * postgres_audit.c).  The log is appended to and read, never changed.  A
 * lease is one row per live interview: its owner (a server's id) and a
 * heartbeat; taking it replaces the owner whoever held it.
 */
#include <stdio.h>
#include <string.h>

#include "sqlite_internal.h"

static void bind_or_null(sqlite3_stmt *q, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, i);
}

int sqlite_add_audit(struct store *st, const struct audit_entry *e, struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "INSERT INTO audit_log (at_unix, actor, action, interview_id, detail,"
			       " address) VALUES (?,?,?,?,?,?)",
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "writing the audit log");
	sqlite3_bind_double(q, 1, e->at_unix);
	sqlite3_bind_text(q, 2, e->actor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, e->action, -1, SQLITE_TRANSIENT);
	bind_or_null(q, 4, e->interview_id);
	bind_or_null(q, 5, e->detail);
	bind_or_null(q, 6, e->address);
	return sqlite_run(st, q, "writing the audit log", err);
}

int sqlite_list_audit(struct store *st, const char *interview_id, int limit,
		      int (*fn)(const struct audit_entry *e, void *ctx), void *ctx,
		      struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "SELECT id, at_unix, actor, action, coalesce(interview_id, ''),"
			       " coalesce(detail, ''), coalesce(address, '') FROM audit_log"
			       " WHERE ?1 IS NULL OR interview_id = ?1 ORDER BY id DESC LIMIT ?2",
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "reading the audit log");
	bind_or_null(q, 1, interview_id);
	sqlite3_bind_int(q, 2, limit);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct audit_entry e;
		memset(&e, 0, sizeof e);
		e.id = sqlite3_column_int64(q, 0);
		e.at_unix = sqlite3_column_double(q, 1);
		snprintf(e.actor, sizeof e.actor, "%s", sqlite_col_text(q, 2));
		snprintf(e.action, sizeof e.action, "%s", sqlite_col_text(q, 3));
		snprintf(e.interview_id, sizeof e.interview_id, "%s", sqlite_col_text(q, 4));
		snprintf(e.detail, sizeof e.detail, "%s", sqlite_col_text(q, 5));
		snprintf(e.address, sizeof e.address, "%s", sqlite_col_text(q, 6));
		if (fn(&e, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sqlite_fail(st, err, "reading the audit log");
	return 0;
}

/* 1 when owner holds interview_id's lease, 0 when not, -1 with err. */
static int holds(struct store *st, const char *interview_id, const char *owner,
		 struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "SELECT 1 FROM interview_leases WHERE interview_id = ? AND owner = ?", -1,
			       &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "reading a lease");
	sqlite3_bind_text(q, 1, interview_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, owner, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sqlite_fail(st, err, "reading a lease");
	return rc == SQLITE_ROW;
}

int sqlite_take_lease(struct store *st, const char *interview_id, const char *owner,
		      double now_unix, struct iv_error *err)
{
	int had = holds(st, interview_id, owner, err);
	if (had < 0)
		return -1;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "INSERT INTO interview_leases (interview_id, owner, taken_unix,"
			       " heartbeat_unix) VALUES (?1, ?2, ?3, ?3) ON CONFLICT (interview_id)"
			       " DO UPDATE SET owner = excluded.owner, heartbeat_unix = excluded.heartbeat_unix,"
			       " taken_unix = CASE WHEN owner = excluded.owner THEN taken_unix"
			       " ELSE excluded.taken_unix END",
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "taking a lease");
	sqlite3_bind_text(q, 1, interview_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, owner, -1, SQLITE_TRANSIENT);
	sqlite3_bind_double(q, 3, now_unix);
	if (sqlite_run(st, q, "taking a lease", err))
		return -1;
	return had;
}

int sqlite_renew_lease(struct store *st, const char *interview_id, const char *owner,
		       double now_unix, struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "UPDATE interview_leases SET heartbeat_unix = ?"
			       " WHERE interview_id = ? AND owner = ?",
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "renewing a lease");
	sqlite3_bind_double(q, 1, now_unix);
	sqlite3_bind_text(q, 2, interview_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, owner, -1, SQLITE_TRANSIENT);
	if (sqlite_run(st, q, "renewing a lease", err))
		return -1;
	return sqlite3_changes(sq_db(st)) > 0;
}

int sqlite_renew_leases(struct store *st, const char *owner, double now_unix,
			void (*fn)(const char *interview_id, void *ctx), void *ctx,
			struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "UPDATE interview_leases SET heartbeat_unix = ? WHERE owner = ?"
			       " RETURNING interview_id",
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "renewing leases");
	sqlite3_bind_double(q, 1, now_unix);
	sqlite3_bind_text(q, 2, owner, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		fn(sqlite_col_text(q, 0), ctx);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sqlite_fail(st, err, "renewing leases");
	return 0;
}

int sqlite_release_lease(struct store *st, const char *interview_id, const char *owner,
			 struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "DELETE FROM interview_leases WHERE interview_id = ? AND owner = ?", -1,
			       &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "giving a lease up");
	sqlite3_bind_text(q, 1, interview_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, owner, -1, SQLITE_TRANSIENT);
	return sqlite_run(st, q, "giving a lease up", err);
}
