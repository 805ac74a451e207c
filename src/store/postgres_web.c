/*
 * postgres_web.c - the web service's tables in the PostgreSQL store (see
 * store.h; the SQLite twin is sqlite_web.c): invitations, recorded
 * answers, API tokens and accounts.  Every value is a parameter; secrets
 * arrive here already hashed; audio travels as binary bytea, both ways.
 * Deleting an interview is one transaction.  PostgreSQL has no
 * secure_delete: deleted rows are gone for every query at once, and their
 * bytes are reclaimed by (auto)vacuum rather than overwritten at once.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postgres_internal.h"

#define INVITATION_COLUMNS                                                                   \
	"SELECT i.id, i.candidate_name, coalesce(i.email, ''), coalesce(i.playbook, ''),"   \
	" i.created_unix, i.expires_unix, coalesce(i.consent_unix, 0), coalesce(i.voice, 0)," \
	" coalesce(s.status, ''), (SELECT count(*) FROM turns t WHERE t.session_id = i.id)"  \
	" FROM invitations i LEFT JOIN sessions s ON s.id = i.id "

static void read_invitation(const PGresult *r, int row, double now_unix, struct invitation *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->id, sizeof out->id, "%s", pg_text(r, row, 0));
	snprintf(out->candidate_name, sizeof out->candidate_name, "%s", pg_text(r, row, 1));
	snprintf(out->email, sizeof out->email, "%s", pg_text(r, row, 2));
	snprintf(out->playbook, sizeof out->playbook, "%s", pg_text(r, row, 3));
	out->created_unix = pg_double(r, row, 4);
	out->expires_unix = pg_double(r, row, 5);
	out->consent_unix = pg_double(r, row, 6);
	out->voice = (int)pg_int(r, row, 7);
	const char *session_status = pg_text(r, row, 8);
	const char *status;
	if (!strcmp(session_status, "ended"))
		status = "completed";
	else if (*session_status)
		status = "in_progress";
	else
		status = now_unix > out->expires_unix ? "expired" : "invited";
	snprintf(out->status, sizeof out->status, "%s", status);
	out->n_turns = (int)pg_int(r, row, 9);
}

int pg_create_invitation(struct store *st, const struct invitation *inv, const char *token_hash,
			 struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, inv->id);
	pg_param_text(&p, token_hash);
	pg_param_text(&p, inv->candidate_name);
	pg_param_text(&p, inv->email[0] ? inv->email : NULL);
	pg_param_text(&p, inv->playbook[0] ? inv->playbook : NULL);
	pg_param_double(&p, inv->created_unix);
	pg_param_double(&p, inv->expires_unix);
	return pg_command(st,
			  "INSERT INTO invitations (id, token_hash, candidate_name, email, playbook,"
			  " created_unix, expires_unix) VALUES ($1,$2,$3,$4,$5,$6,$7)",
			  &p, "creating an invitation", err) < 0 ? -1 : 0;
}

static int find_one(struct store *st, const char *sql, const char *key, double now_unix,
		    struct invitation *out, struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, key);
	PGresult *r = pg_query(st, sql, &p, "finding an invitation", err);
	if (!r)
		return -1;
	int found = PQntuples(r) > 0;
	if (found)
		read_invitation(r, 0, now_unix, out);
	PQclear(r);
	return found;
}

int pg_find_invitation(struct store *st, const char *token_hash, double now_unix,
		       struct invitation *out, struct iv_error *err)
{
	return find_one(st, INVITATION_COLUMNS "WHERE i.token_hash = $1", token_hash, now_unix, out,
			err);
}

int pg_get_invitation(struct store *st, const char *id, double now_unix, struct invitation *out,
		      struct iv_error *err)
{
	return find_one(st, INVITATION_COLUMNS "WHERE i.id = $1", id, now_unix, out, err);
}

int pg_set_consent(struct store *st, const char *id, int voice, double at_unix,
		   struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_double(&p, at_unix);
	pg_param_int(&p, voice ? 1 : 0);
	pg_param_text(&p, id);
	return pg_command(st, "UPDATE invitations SET consent_unix=$1, voice=$2 WHERE id=$3", &p,
			  "recording consent", err) < 0 ? -1 : 0;
}

int pg_list_invitations(struct store *st, double now_unix,
			int (*fn)(const struct invitation *inv, void *ctx), void *ctx,
			struct iv_error *err)
{
	PGresult *r = pg_query(st, INVITATION_COLUMNS "ORDER BY i.created_unix DESC, i.id", NULL,
			       "listing interviews", err);
	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r); i++) {
		struct invitation inv;
		read_invitation(r, i, now_unix, &inv);
		if (fn(&inv, ctx))
			break;
	}
	PQclear(r);
	return 0;
}

int pg_delete_interview(struct store *st, const char *id, struct iv_error *err)
{
	static const char *const deletes[] = {
		"DELETE FROM answer_audio WHERE session_id = $1",
		"DELETE FROM scorecards WHERE session_id = $1",
		"DELETE FROM turns WHERE session_id = $1",
		"DELETE FROM sessions WHERE id = $1",
		"DELETE FROM invitations WHERE id = $1",
		"DELETE FROM interview_leases WHERE interview_id = $1",
	};
	const char *what = "deleting an interview";
	PGconn *c = pg_take(st, what, err);
	if (!c)
		return -1;
	/* one transaction: the interview goes entirely or not at all */
	struct pg_params p = {0};
	pg_param_text(&p, id);
	int changed = 0;
	PGresult *r = pg_exec(c, "BEGIN", NULL, 0, what, err);
	for (size_t i = 0; r && i < sizeof deletes / sizeof deletes[0]; i++) {
		PQclear(r);
		r = pg_exec(c, deletes[i], &p, 0, what, err);
		if (r && i + 1 < sizeof deletes / sizeof deletes[0]) /* a lease alone is no interview */
			changed += atoi(PQcmdTuples(r));
	}
	PQclear(r);
	if (r) {
		r = pg_exec(c, "COMMIT", NULL, 0, what, err);
		PQclear(r);
	}
	pg_give(st, c); /* rolls back what did not commit */
	return r ? changed > 0 : -1;
}

int pg_set_answer_audio(struct store *st, const char *session_id, int turn, int sample_rate,
			const int16_t *pcm, size_t n_samples, const char *fence,
			struct iv_error *err)
{
	if (n_samples * sizeof *pcm > 0x7fffffff) {
		iv_error_set(err, "storing an answer's audio: too long");
		return -1;
	}
	struct pg_params p = {0};
	pg_param_text(&p, session_id);
	pg_param_int(&p, turn);
	pg_param_int(&p, sample_rate);
	pg_param_bytes(&p, pcm, (int)(n_samples * sizeof *pcm));
	return pg_fenced_command(st, session_id, fence,
				 "INSERT INTO answer_audio (session_id, turn, sample_rate, pcm)"
				 " VALUES ($1,$2,$3,$4) ON CONFLICT (session_id, turn) DO UPDATE SET"
				 " sample_rate = EXCLUDED.sample_rate, pcm = EXCLUDED.pcm",
				 &p, "storing an answer's audio", err) < 0 ? -1 : 0;
}

int pg_get_answer_audio(struct store *st, const char *session_id, int turn, int *sample_rate,
			int16_t **pcm, size_t *n_samples, struct iv_error *err)
{
	*pcm = NULL;
	*n_samples = 0;
	const char *what = "reading an answer's audio";
	PGconn *c = pg_take(st, what, err);
	if (!c)
		return -1;
	struct pg_params p = {0};
	pg_param_text(&p, session_id);
	pg_param_int(&p, turn);
	/* binary columns: the samples as they were stored, the rate as a
	 * big-endian int4 */
	PGresult *r = pg_exec(c, "SELECT sample_rate, pcm FROM answer_audio"
				 " WHERE session_id=$1 AND turn=$2",
			      &p, 1, what, err);
	pg_give(st, c);
	if (!r)
		return -1;
	if (!PQntuples(r)) {
		PQclear(r);
		return 0;
	}
	uint32_t rate_be = 0;
	if (PQgetlength(r, 0, 0) == (int)sizeof rate_be)
		memcpy(&rate_be, PQgetvalue(r, 0, 0), sizeof rate_be);
	size_t bytes = (size_t)PQgetlength(r, 0, 1);
	*sample_rate = (int)ntohl(rate_be);
	*pcm = malloc(bytes ? bytes : 1);
	if (!*pcm) {
		PQclear(r);
		iv_error_set(err, "out of memory");
		return -1;
	}
	if (bytes)
		memcpy(*pcm, PQgetvalue(r, 0, 1), bytes);
	*n_samples = bytes / sizeof **pcm;
	PQclear(r);
	return 1;
}

int pg_add_api_token(struct store *st, const char *name, const char *token_hash,
		     double created_unix, struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, name);
	pg_param_text(&p, token_hash);
	pg_param_double(&p, created_unix);
	return pg_command(st,
			  "INSERT INTO api_tokens (name, token_hash, created_unix) VALUES ($1,$2,$3)",
			  &p, "adding a token", err) < 0 ? -1 : 0;
}

int pg_use_api_token(struct store *st, const char *token_hash, double now_unix,
		     char *name_out, size_t name_cap, struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_double(&p, now_unix);
	pg_param_text(&p, token_hash);
	PGresult *r = pg_query(st,
			       "UPDATE api_tokens SET last_used_unix=$1 WHERE token_hash=$2 AND revoked=0"
			       " RETURNING name",
			       &p, "checking a token", err);
	if (!r)
		return -1;
	int live = PQntuples(r) > 0;
	if (live && name_out && name_cap)
		snprintf(name_out, name_cap, "%s", pg_text(r, 0, 0));
	PQclear(r);
	return live;
}

int pg_list_api_tokens(struct store *st, int (*fn)(const struct api_token_info *t, void *ctx),
		       void *ctx, struct iv_error *err)
{
	PGresult *r = pg_query(st,
			       "SELECT name, created_unix, coalesce(last_used_unix, 0) FROM api_tokens"
			       " WHERE revoked=0 ORDER BY created_unix, id",
			       NULL, "listing tokens", err);
	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r); i++) {
		struct api_token_info t;
		memset(&t, 0, sizeof t);
		snprintf(t.name, sizeof t.name, "%s", pg_text(r, i, 0));
		t.created_unix = pg_double(r, i, 1);
		t.last_used_unix = pg_double(r, i, 2);
		if (fn(&t, ctx))
			break;
	}
	PQclear(r);
	return 0;
}

int pg_list_answer_audio(struct store *st, const char *session_id,
			 int (*fn)(int turn, int has_audio, double expired_unix, void *ctx),
			 void *ctx, struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, session_id);
	PGresult *r = pg_query(st,
			       "SELECT t.turn, (a.turn IS NOT NULL)::int,"
			       " coalesce(t.audio_expired_unix, 0) FROM turns t LEFT JOIN answer_audio a"
			       " ON a.session_id = t.session_id AND a.turn = t.turn"
			       " WHERE t.session_id = $1"
			       " AND (a.turn IS NOT NULL OR t.audio_expired_unix IS NOT NULL)"
			       " ORDER BY t.turn",
			       &p, "listing recorded answers", err);
	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r); i++)
		if (fn((int)pg_int(r, i, 0), (int)pg_int(r, i, 1), pg_double(r, i, 2), ctx))
			break;
	PQclear(r);
	return 0;
}

int pg_expire_answer_audio(struct store *st, double before_unix, double now_unix,
			   struct iv_error *err)
{
	const char *what = "deleting expired recordings";
	PGconn *c = pg_take(st, what, err);
	if (!c)
		return -1;
	struct pg_params mark = {0}, drop = {0};
	pg_param_double(&mark, before_unix);
	pg_param_double(&mark, now_unix);
	pg_param_double(&drop, before_unix);
	/* one transaction: a turn is marked expired exactly when its
	 * recording goes */
	int deleted = -1;
	PGresult *r = pg_exec(c, "BEGIN", NULL, 0, what, err);
	if (r) {
		PQclear(r);
		r = pg_exec(c,
			    "UPDATE turns t SET audio_expired_unix = $2 FROM answer_audio a, sessions s"
			    " WHERE a.session_id = t.session_id AND a.turn = t.turn"
			    " AND s.id = a.session_id AND s.created_unix < $1",
			    &mark, 0, what, err);
	}
	if (r) {
		PQclear(r);
		r = pg_exec(c,
			    "DELETE FROM answer_audio WHERE session_id IN"
			    " (SELECT id FROM sessions WHERE created_unix < $1)",
			    &drop, 0, what, err);
	}
	if (r) {
		deleted = atoi(PQcmdTuples(r));
		PQclear(r);
		r = pg_exec(c, "COMMIT", NULL, 0, what, err);
		if (!r)
			deleted = -1;
		PQclear(r);
	}
	pg_give(st, c);
	return deleted;
}

int pg_revoke_api_token(struct store *st, const char *name, struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, name);
	return pg_command(st, "UPDATE api_tokens SET revoked=1 WHERE name=$1 AND revoked=0", &p,
			  "revoking a token", err);
}

int pg_add_user(struct store *st, const char *email, const char *password_hash,
		double created_unix, struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, email);
	pg_param_text(&p, password_hash);
	pg_param_double(&p, created_unix);
	return pg_command(st,
			  "INSERT INTO users (email, password_hash, created_unix) VALUES ($1,$2,$3)"
			  " ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash,"
			  " created_unix = EXCLUDED.created_unix",
			  &p, "adding an account", err) < 0 ? -1 : 0;
}

int pg_get_user(struct store *st, const char *email, char *password_hash, size_t cap,
		struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, email);
	PGresult *r = pg_query(st, "SELECT password_hash FROM users WHERE email=$1", &p,
			       "reading an account", err);
	if (!r)
		return -1;
	int found = PQntuples(r) > 0;
	if (found)
		snprintf(password_hash, cap, "%s", pg_text(r, 0, 0));
	PQclear(r);
	return found;
}
