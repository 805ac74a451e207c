/*
 * postgres_login.c - recruiters' login sessions in the PostgreSQL store
 * (see store.h; the SQLite twin is sqlite_login.c).  Every server of the
 * database finds a session another one started, by the hash of its
 * cookie's secret.
 */
#include <stdio.h>
#include <string.h>

#include "postgres_internal.h"

int pg_add_login_session(struct store *st, const struct login_session *ls, struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, ls->secret_hash);
	pg_param_text(&p, ls->csrf);
	pg_param_text(&p, ls->email);
	pg_param_double(&p, ls->created_unix);
	pg_param_double(&p, ls->expires_unix);
	return pg_command(st,
			  "INSERT INTO login_sessions (secret_hash, csrf, email, created_unix,"
			  " expires_unix) VALUES ($1,$2,$3,$4,$5)",
			  &p, "storing a login session", err) < 0 ? -1 : 0;
}

int pg_find_login_session(struct store *st, const char *secret_hash, double now_unix,
			  struct login_session *out, struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, secret_hash);
	pg_param_double(&p, now_unix);
	PGresult *r = pg_query(st,
			       "SELECT secret_hash, csrf, email, created_unix, expires_unix"
			       " FROM login_sessions WHERE secret_hash = $1 AND expires_unix > $2",
			       &p, "finding a login session", err);
	if (!r)
		return -1;
	int found = PQntuples(r) > 0;
	if (found) {
		memset(out, 0, sizeof *out);
		snprintf(out->secret_hash, sizeof out->secret_hash, "%s", pg_text(r, 0, 0));
		snprintf(out->csrf, sizeof out->csrf, "%s", pg_text(r, 0, 1));
		snprintf(out->email, sizeof out->email, "%s", pg_text(r, 0, 2));
		out->created_unix = pg_double(r, 0, 3);
		out->expires_unix = pg_double(r, 0, 4);
	}
	PQclear(r);
	return found;
}

int pg_delete_login_session(struct store *st, const char *secret_hash, double now_unix,
			    struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, secret_hash);
	pg_param_double(&p, now_unix);
	/* an expired session is deleted too, but does not count as ended */
	PGresult *r = pg_query(st,
			       "DELETE FROM login_sessions WHERE secret_hash = $1"
			       " RETURNING (expires_unix > $2)::int",
			       &p, "ending a login session", err);
	if (!r)
		return -1;
	int live = PQntuples(r) > 0 && pg_int(r, 0, 0) == 1;
	PQclear(r);
	return live;
}

int pg_purge_login_sessions(struct store *st, double now_unix, struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_double(&p, now_unix);
	return pg_command(st, "DELETE FROM login_sessions WHERE expires_unix <= $1", &p,
			  "forgetting expired login sessions", err);
}
