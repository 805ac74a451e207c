/*
 * sqlite_web.c - the web service's tables in the SQLite store (see
 * store.h): invitations, recorded answers (and their retention), API
 * tokens and accounts.  Every statement is parameterized; secrets arrive
 * here already hashed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite_internal.h"

#define INVITATION_COLUMNS                                                                   \
	"SELECT i.id, i.candidate_name, coalesce(i.email, ''), coalesce(i.playbook, ''),"   \
	" i.created_unix, i.expires_unix, coalesce(i.consent_unix, 0), coalesce(i.voice, 0)," \
	" coalesce(s.status, ''), (SELECT count(*) FROM turns t WHERE t.session_id = i.id)"  \
	" FROM invitations i LEFT JOIN sessions s ON s.id = i.id "

static void read_invitation(sqlite3_stmt *q, double now_unix, struct invitation *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->id, sizeof out->id, "%s", sqlite_col_text(q, 0));
	snprintf(out->candidate_name, sizeof out->candidate_name, "%s", sqlite_col_text(q, 1));
	snprintf(out->email, sizeof out->email, "%s", sqlite_col_text(q, 2));
	snprintf(out->playbook, sizeof out->playbook, "%s", sqlite_col_text(q, 3));
	out->created_unix = sqlite3_column_double(q, 4);
	out->expires_unix = sqlite3_column_double(q, 5);
	out->consent_unix = sqlite3_column_double(q, 6);
	out->voice = sqlite3_column_int(q, 7);
	const char *session_status = sqlite_col_text(q, 8);
	const char *status;
	if (!strcmp(session_status, "ended"))
		status = "completed";
	else if (*session_status)
		status = "in_progress";
	else
		status = now_unix > out->expires_unix ? "expired" : "invited";
	snprintf(out->status, sizeof out->status, "%s", status);
	out->n_turns = sqlite3_column_int(q, 9);
}

int sqlite_create_invitation(struct store *st, const struct invitation *inv, const char *token_hash,
			    struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "INSERT INTO invitations (id, token_hash, candidate_name, email, playbook,"
			       " created_unix, expires_unix) VALUES (?,?,?,?,?,?,?)",
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "creating an invitation");
	sqlite3_bind_text(q, 1, inv->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, token_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, inv->candidate_name, -1, SQLITE_TRANSIENT);
	if (inv->email[0])
		sqlite3_bind_text(q, 4, inv->email, -1, SQLITE_TRANSIENT);
	if (inv->playbook[0])
		sqlite3_bind_text(q, 5, inv->playbook, -1, SQLITE_TRANSIENT);
	sqlite3_bind_double(q, 6, inv->created_unix);
	sqlite3_bind_double(q, 7, inv->expires_unix);
	return sqlite_run(st, q, "creating an invitation", err);
}

static int find_one(struct store *st, const char *sql, const char *key, double now_unix,
		    struct invitation *out, struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st), sql, -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "finding an invitation");
	sqlite3_bind_text(q, 1, key, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(q), found = 0;
	if (rc == SQLITE_ROW) {
		read_invitation(q, now_unix, out);
		found = 1;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sqlite_fail(st, err, "finding an invitation");
	return found;
}

int sqlite_find_invitation(struct store *st, const char *token_hash, double now_unix,
			  struct invitation *out, struct iv_error *err)
{
	return find_one(st, INVITATION_COLUMNS "WHERE i.token_hash = ?", token_hash, now_unix, out,
			err);
}

int sqlite_get_invitation(struct store *st, const char *id, double now_unix, struct invitation *out,
			 struct iv_error *err)
{
	return find_one(st, INVITATION_COLUMNS "WHERE i.id = ?", id, now_unix, out, err);
}

int sqlite_set_consent(struct store *st, const char *id, int voice, double at_unix,
		      struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st), "UPDATE invitations SET consent_unix=?, voice=? WHERE id=?", -1,
			       &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "recording consent");
	sqlite3_bind_double(q, 1, at_unix);
	sqlite3_bind_int(q, 2, voice ? 1 : 0);
	sqlite3_bind_text(q, 3, id, -1, SQLITE_TRANSIENT);
	return sqlite_run(st, q, "recording consent", err);
}

int sqlite_list_invitations(struct store *st, double now_unix,
			   int (*fn)(const struct invitation *inv, void *ctx), void *ctx,
			   struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st), INVITATION_COLUMNS "ORDER BY i.created_unix DESC, i.id", -1,
			       &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "listing interviews");
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct invitation inv;
		read_invitation(q, now_unix, &inv);
		if (fn(&inv, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sqlite_fail(st, err, "listing interviews");
	return 0;
}

static int delete_where_id(struct store *st, const char *sql, const char *id, int *changed,
			   struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st), sql, -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "deleting an interview");
	sqlite3_bind_text(q, 1, id, -1, SQLITE_TRANSIENT);
	if (sqlite_run(st, q, "deleting an interview", err))
		return -1;
	*changed += sqlite3_changes(sq_db(st));
	return 0;
}

int sqlite_delete_interview(struct store *st, const char *id, struct iv_error *err)
{
	int changed = 0, unused = 0;
	/* one transaction: the interview goes entirely or not at all; turns,
	 * scorecards and audio go with the session (ON DELETE CASCADE), and
	 * are deleted explicitly too in case foreign keys were off */
	if (sqlite3_exec(sq_db(st), "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "deleting an interview");
	if (delete_where_id(st, "DELETE FROM answer_audio WHERE session_id = ?", id, &changed, err) ||
	    delete_where_id(st, "DELETE FROM scorecards WHERE session_id = ?", id, &changed, err) ||
	    delete_where_id(st, "DELETE FROM turns WHERE session_id = ?", id, &changed, err) ||
	    delete_where_id(st, "DELETE FROM sessions WHERE id = ?", id, &changed, err) ||
	    delete_where_id(st, "DELETE FROM invitations WHERE id = ?", id, &changed, err) ||
	    delete_where_id(st, "DELETE FROM interview_leases WHERE interview_id = ?", id, &unused,
			    err)) {
		sqlite3_exec(sq_db(st), "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (sqlite3_exec(sq_db(st), "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite_fail(st, err, "deleting an interview");
		sqlite3_exec(sq_db(st), "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	/* secure_delete zeroed the freed pages; the checkpoint writes them over
	 * the file and empties the write-ahead log, which still held the old
	 * pages (best effort: a long reader elsewhere may delay it) */
	sqlite3_exec(sq_db(st), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	return changed > 0;
}

int sqlite_set_answer_audio(struct store *st, const char *session_id, int turn, int sample_rate,
			    const int16_t *pcm, size_t n_samples, const char *fence,
			    struct iv_error *err)
{
	sqlite3_stmt *q;
	if (n_samples * sizeof *pcm > 0x7fffffff) {
		iv_error_set(err, "storing an answer's audio: too long");
		return -1;
	}
	if (sqlite3_prepare_v2(sq_db(st),
			       "INSERT OR REPLACE INTO answer_audio (session_id, turn, sample_rate, pcm)"
			       " SELECT ?1,?2,?3,?4 WHERE " SQ_FENCE("?1", "?5"),
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "storing an answer's audio");
	sqlite3_bind_text(q, 1, session_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 2, turn);
	sqlite3_bind_int(q, 3, sample_rate);
	sqlite3_bind_blob(q, 4, pcm, (int)(n_samples * sizeof *pcm), SQLITE_TRANSIENT);
	sq_bind_fence(q, 5, fence);
	if (sqlite_run(st, q, "storing an answer's audio", err))
		return -1;
	return sqlite_fenced(st, session_id, fence, err);
}

int sqlite_get_answer_audio(struct store *st, const char *session_id, int turn, int *sample_rate,
			   int16_t **pcm, size_t *n_samples, struct iv_error *err)
{
	sqlite3_stmt *q;
	*pcm = NULL;
	*n_samples = 0;
	if (sqlite3_prepare_v2(sq_db(st),
			       "SELECT sample_rate, pcm FROM answer_audio WHERE session_id=? AND turn=?",
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "reading an answer's audio");
	sqlite3_bind_text(q, 1, session_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 2, turn);
	int rc = sqlite3_step(q), found = 0;
	if (rc == SQLITE_ROW) {
		size_t bytes = (size_t)sqlite3_column_bytes(q, 1);
		*sample_rate = sqlite3_column_int(q, 0);
		*pcm = malloc(bytes ? bytes : 1);
		if (!*pcm) {
			sqlite3_finalize(q);
			iv_error_set(err, "out of memory");
			return -1;
		}
		if (bytes)
			memcpy(*pcm, sqlite3_column_blob(q, 1), bytes);
		*n_samples = bytes / sizeof **pcm;
		found = 1;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sqlite_fail(st, err, "reading an answer's audio");
	return found;
}

int sqlite_add_api_token(struct store *st, const char *name, const char *token_hash,
			double created_unix, struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "INSERT INTO api_tokens (name, token_hash, created_unix) VALUES (?,?,?)", -1,
			       &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "adding a token");
	sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, token_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_double(q, 3, created_unix);
	return sqlite_run(st, q, "adding a token", err);
}

int sqlite_use_api_token(struct store *st, const char *token_hash, double now_unix,
			 char *name_out, size_t name_cap, struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "UPDATE api_tokens SET last_used_unix=? WHERE token_hash=? AND revoked=0"
			       " RETURNING name",
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "checking a token");
	sqlite3_bind_double(q, 1, now_unix);
	sqlite3_bind_text(q, 2, token_hash, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(q), live = 0;
	if (rc == SQLITE_ROW) {
		live = 1;
		if (name_out && name_cap)
			snprintf(name_out, name_cap, "%s", sqlite_col_text(q, 0));
		rc = sqlite3_step(q);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sqlite_fail(st, err, "checking a token");
	return live;
}

int sqlite_list_api_tokens(struct store *st,
			   int (*fn)(const struct api_token_info *t, void *ctx), void *ctx,
			   struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "SELECT name, created_unix, coalesce(last_used_unix, 0) FROM api_tokens"
			       " WHERE revoked=0 ORDER BY created_unix, id",
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "listing tokens");
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct api_token_info t;
		memset(&t, 0, sizeof t);
		snprintf(t.name, sizeof t.name, "%s", sqlite_col_text(q, 0));
		t.created_unix = sqlite3_column_double(q, 1);
		t.last_used_unix = sqlite3_column_double(q, 2);
		if (fn(&t, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sqlite_fail(st, err, "listing tokens");
	return 0;
}

int sqlite_list_answer_audio(struct store *st, const char *session_id,
			     int (*fn)(int turn, int has_audio, double expired_unix, void *ctx),
			     void *ctx, struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "SELECT t.turn, a.turn IS NOT NULL, coalesce(t.audio_expired_unix, 0)"
			       " FROM turns t LEFT JOIN answer_audio a"
			       " ON a.session_id = t.session_id AND a.turn = t.turn"
			       " WHERE t.session_id = ?"
			       " AND (a.turn IS NOT NULL OR t.audio_expired_unix IS NOT NULL)"
			       " ORDER BY t.turn",
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "listing recorded answers");
	sqlite3_bind_text(q, 1, session_id, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (fn(sqlite3_column_int(q, 0), sqlite3_column_int(q, 1),
		       sqlite3_column_double(q, 2), ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sqlite_fail(st, err, "listing recorded answers");
	return 0;
}

static int run_bound(struct store *st, const char *sql, double a, double b, int n_doubles,
		     const char *what, struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st), sql, -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, what);
	sqlite3_bind_double(q, 1, a);
	if (n_doubles > 1)
		sqlite3_bind_double(q, 2, b);
	return sqlite_run(st, q, what, err);
}

int sqlite_expire_answer_audio(struct store *st, double before_unix, double now_unix,
			       struct iv_error *err)
{
	const char *what = "deleting expired recordings";
	/* one transaction: a turn is marked expired exactly when its
	 * recording goes */
	if (sqlite3_exec(sq_db(st), "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, what);
	if (run_bound(st,
		      "UPDATE turns SET audio_expired_unix = ?2 WHERE EXISTS (SELECT 1 FROM"
		      " answer_audio a JOIN sessions s ON s.id = a.session_id WHERE"
		      " a.session_id = turns.session_id AND a.turn = turns.turn AND"
		      " s.created_unix < ?1)",
		      before_unix, now_unix, 2, what, err) ||
	    run_bound(st,
		      "DELETE FROM answer_audio WHERE session_id IN"
		      " (SELECT id FROM sessions WHERE created_unix < ?1)",
		      before_unix, 0, 1, what, err)) {
		sqlite3_exec(sq_db(st), "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	int deleted = sqlite3_changes(sq_db(st));
	if (sqlite3_exec(sq_db(st), "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite_fail(st, err, what);
		sqlite3_exec(sq_db(st), "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	/* as for a deleted interview: the zeroed pages over the file, the
	 * write-ahead log emptied */
	if (deleted)
		sqlite3_exec(sq_db(st), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	return deleted;
}

int sqlite_revoke_api_token(struct store *st, const char *name, struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st), "UPDATE api_tokens SET revoked=1 WHERE name=? AND revoked=0",
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "revoking a token");
	sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
	if (sqlite_run(st, q, "revoking a token", err))
		return -1;
	return sqlite3_changes(sq_db(st));
}

int sqlite_add_user(struct store *st, const char *email, const char *password_hash,
		   double created_unix, struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "INSERT OR REPLACE INTO users (email, password_hash, created_unix)"
			       " VALUES (?,?,?)",
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "adding an account");
	sqlite3_bind_text(q, 1, email, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, password_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_double(q, 3, created_unix);
	return sqlite_run(st, q, "adding an account", err);
}

int sqlite_get_user(struct store *st, const char *email, char *password_hash, size_t cap,
		   struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st), "SELECT password_hash FROM users WHERE email=?", -1, &q,
			       NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "reading an account");
	sqlite3_bind_text(q, 1, email, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(q), found = 0;
	if (rc == SQLITE_ROW) {
		snprintf(password_hash, cap, "%s", sqlite_col_text(q, 0));
		found = 1;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sqlite_fail(st, err, "reading an account");
	return found;
}
