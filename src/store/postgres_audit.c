/*
 * postgres_audit.c - the audit log of recruiters' actions and the leases
 * of live interviews in the PostgreSQL store (see store.h; the SQLite twin
 * is sqlite_audit.c).  The log is appended to and read, never changed.  A
 * lease is one row per live interview: its owner (a server's id) and a
 * heartbeat.  Taking it is one statement that replaces the owner; a fenced
 * write (pg_fenced_command) holds the row FOR SHARE while it writes, so a
 * takeover and a write of the old owner are never interleaved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postgres_internal.h"

static const char *or_null(const char *s) { return s && *s ? s : NULL; }

int pg_add_audit(struct store *st, const struct audit_entry *e, struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_double(&p, e->at_unix);
	pg_param_text(&p, e->actor);
	pg_param_text(&p, e->action);
	pg_param_text(&p, or_null(e->interview_id));
	pg_param_text(&p, or_null(e->detail));
	pg_param_text(&p, or_null(e->address));
	return pg_command(st,
			  "INSERT INTO audit_log (at_unix, actor, action, interview_id, detail, address)"
			  " VALUES ($1,$2,$3,$4,$5,$6)",
			  &p, "writing the audit log", err) < 0 ? -1 : 0;
}

int pg_list_audit(struct store *st, const char *interview_id, int limit,
		  int (*fn)(const struct audit_entry *e, void *ctx), void *ctx,
		  struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, interview_id);
	pg_param_int(&p, limit);
	PGresult *r = pg_query(st,
			       "SELECT id, at_unix, actor, action, coalesce(interview_id, ''),"
			       " coalesce(detail, ''), coalesce(address, '') FROM audit_log"
			       " WHERE $1::text IS NULL OR interview_id = $1 ORDER BY id DESC LIMIT $2",
			       &p, "reading the audit log", err);
	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r); i++) {
		struct audit_entry e;
		memset(&e, 0, sizeof e);
		e.id = pg_int(r, i, 0);
		e.at_unix = pg_double(r, i, 1);
		snprintf(e.actor, sizeof e.actor, "%s", pg_text(r, i, 2));
		snprintf(e.action, sizeof e.action, "%s", pg_text(r, i, 3));
		snprintf(e.interview_id, sizeof e.interview_id, "%s", pg_text(r, i, 4));
		snprintf(e.detail, sizeof e.detail, "%s", pg_text(r, i, 5));
		snprintf(e.address, sizeof e.address, "%s", pg_text(r, i, 6));
		if (fn(&e, ctx))
			break;
	}
	PQclear(r);
	return 0;
}

int pg_take_lease(struct store *st, const char *interview_id, const char *owner, double now_unix,
		  struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, interview_id);
	pg_param_text(&p, owner);
	pg_param_double(&p, now_unix);
	PGresult *r = pg_query(
		st,
		"WITH old AS (SELECT owner FROM interview_leases WHERE interview_id = $1),"
		" up AS (INSERT INTO interview_leases (interview_id, owner, taken_unix, heartbeat_unix)"
		" VALUES ($1, $2, $3, $3) ON CONFLICT (interview_id) DO UPDATE SET"
		" owner = EXCLUDED.owner, heartbeat_unix = EXCLUDED.heartbeat_unix,"
		" taken_unix = CASE WHEN interview_leases.owner = EXCLUDED.owner"
		" THEN interview_leases.taken_unix ELSE EXCLUDED.taken_unix END RETURNING 1)"
		" SELECT coalesce((SELECT owner = $2 FROM old), false)::int, (SELECT count(*) FROM up)",
		&p, "taking a lease", err);
	if (!r)
		return -1;
	int had = PQntuples(r) ? (int)pg_int(r, 0, 0) : 0;
	PQclear(r);
	return had;
}

int pg_renew_lease(struct store *st, const char *interview_id, const char *owner,
		   double now_unix, struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_double(&p, now_unix);
	pg_param_text(&p, interview_id);
	pg_param_text(&p, owner);
	int n = pg_command(st,
			   "UPDATE interview_leases SET heartbeat_unix = $1"
			   " WHERE interview_id = $2 AND owner = $3",
			   &p, "renewing a lease", err);
	return n < 0 ? -1 : n > 0;
}

int pg_renew_leases(struct store *st, const char *owner, double now_unix,
		    void (*fn)(const char *interview_id, void *ctx), void *ctx,
		    struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_double(&p, now_unix);
	pg_param_text(&p, owner);
	PGresult *r = pg_query(st,
			       "UPDATE interview_leases SET heartbeat_unix = $1 WHERE owner = $2"
			       " RETURNING interview_id",
			       &p, "renewing leases", err);
	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r); i++)
		fn(pg_text(r, i, 0), ctx);
	PQclear(r);
	return 0;
}

int pg_release_lease(struct store *st, const char *interview_id, const char *owner,
		     struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, interview_id);
	pg_param_text(&p, owner);
	return pg_command(st, "DELETE FROM interview_leases WHERE interview_id = $1 AND owner = $2",
			  &p, "giving a lease up", err) < 0 ? -1 : 0;
}
