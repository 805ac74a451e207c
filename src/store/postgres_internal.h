/*
 * postgres_internal.h - what the PostgreSQL store's files share: the pool
 * of connections, the parameters of a statement, and the helpers that run
 * one and turn libpq's failures into iv_error messages.
 *
 * A libpq connection serves one thread at a time, and a store is shared by
 * the web server's threads, so the store keeps a small pool: a call takes
 * a connection, runs its statements (in a transaction when it has more
 * than one), and gives it back.  Every value travels as a parameter of
 * PQexecParams, never inside the SQL text.
 */
#ifndef IV_POSTGRES_INTERNAL_H
#define IV_POSTGRES_INTERNAL_H

#include <libpq-fe.h>
#include <pthread.h>

#include "store.h"
#include "store_backend.h"

#define PG_POOL_MAX 8    /* connections one store opens at most */
#define PG_MAX_PARAMS 12

struct pg_store {
	struct store base; /* first: the backend's table */
	char *url;
	pthread_mutex_t lock;
	pthread_cond_t returned;
	PGconn *idle[PG_POOL_MAX];
	int n_idle;
	int n_open; /* idle or taken */
};

/* A connection for the caller's exclusive use (reconnecting one that was
 * lost), waiting while every connection is taken.  NULL with err. */
PGconn *pg_take(struct store *st, const char *what, struct iv_error *err);
/* Gives it back (rolling back a transaction left open). */
void pg_give(struct store *st, PGconn *c);
/* Opens a connection to url (silencing server notices); NULL with err. */
PGconn *pg_connect(const char *url, struct iv_error *err);

/* The parameters of one statement, in order ($1, $2, ...). */
struct pg_params {
	int n;
	const char *values[PG_MAX_PARAMS];
	int lengths[PG_MAX_PARAMS];
	int formats[PG_MAX_PARAMS];
	char text[PG_MAX_PARAMS][32];
};

void pg_param_text(struct pg_params *p, const char *s); /* NULL: SQL NULL */
void pg_param_int(struct pg_params *p, long long v);
void pg_param_double(struct pg_params *p, double v);
void pg_param_bytes(struct pg_params *p, const void *data, int len); /* sent as binary */

/* Runs sql with p (may be NULL) on c.  Returns the result (PQclear it), or
 * NULL with err set to "what: <PostgreSQL's message>".  binary_result asks
 * for every column in binary form. */
PGresult *pg_exec(PGconn *c, const char *sql, const struct pg_params *p, int binary_result,
		  const char *what, struct iv_error *err);
/* One statement on a pooled connection: pg_take, pg_exec, pg_give. */
PGresult *pg_query(struct store *st, const char *sql, const struct pg_params *p,
		   const char *what, struct iv_error *err);
/* One statement whose rows are not wanted: the number of rows it changed,
 * or -1 with err. */
int pg_command(struct store *st, const char *sql, const struct pg_params *p, const char *what,
	       struct iv_error *err);
/* The same as a fenced write of session_id's interview (store_backend.h):
 * with a fence, in one transaction that holds the lease's row (FOR SHARE,
 * so that a takeover waits for the write, or the write sees the
 * takeover), refused with STORE_FENCED_MESSAGE when fence no longer holds
 * it.  NULL fence: pg_command. */
int pg_fenced_command(struct store *st, const char *session_id, const char *fence,
		      const char *sql, const struct pg_params *p, const char *what,
		      struct iv_error *err);

/* Column values of a text-form result: "" for NULL. */
const char *pg_text(const PGresult *r, int row, int col);
double pg_double(const PGresult *r, int row, int col);
long long pg_int(const PGresult *r, int row, int col);
int pg_is_null(const PGresult *r, int row, int col);

/* postgres_sessions.c */
int pg_create_session(struct store *st, const struct session_info *info, const char *fence,
		      struct iv_error *err);
int pg_add_turn(struct store *st, const char *session_id, int turn, const char *phase,
		const char *topic, uint32_t acts, double t, const char *interviewer_text,
		const char *fence, struct iv_error *err);
int pg_set_reply(struct store *st, const char *session_id, int turn, const char *text,
		 double reply_t, double reply_seconds, double confidence, const char *fence,
		 struct iv_error *err);
int pg_set_wording(struct store *st, const char *session_id, int turn, const char *scripted,
		   const char *wording, const char *fallback, const char *fence,
		   struct iv_error *err);
int pg_end_session(struct store *st, const char *session_id, double ended_t, const char *fence,
		   struct iv_error *err);
int pg_set_scorecard(struct store *st, const char *session_id, const char *scorecard_json,
		     const char *rubric_version, const char *fence, struct iv_error *err);
char *pg_get_scorecard(struct store *st, const char *session_id, struct iv_error *err);
int pg_resolve_id(struct store *st, const char *prefix, char *out, size_t cap,
		  struct iv_error *err);
struct transcript *pg_load(struct store *st, const char *session_id, char **playbook_path_out,
			   struct iv_error *err);
int pg_list(struct store *st, int (*fn)(const struct session_summary *s, void *ctx), void *ctx,
	    struct iv_error *err);

/* postgres_web.c */
int pg_create_invitation(struct store *st, const struct invitation *inv, const char *token_hash,
			 struct iv_error *err);
int pg_find_invitation(struct store *st, const char *token_hash, double now_unix,
		       struct invitation *out, struct iv_error *err);
int pg_get_invitation(struct store *st, const char *id, double now_unix, struct invitation *out,
		      struct iv_error *err);
int pg_set_consent(struct store *st, const char *id, int voice, double at_unix,
		   struct iv_error *err);
int pg_list_invitations(struct store *st, double now_unix,
			int (*fn)(const struct invitation *inv, void *ctx), void *ctx,
			struct iv_error *err);
int pg_delete_interview(struct store *st, const char *id, struct iv_error *err);
int pg_set_answer_audio(struct store *st, const char *session_id, int turn, int sample_rate,
			const int16_t *pcm, size_t n_samples, const char *fence,
			struct iv_error *err);
int pg_get_answer_audio(struct store *st, const char *session_id, int turn, int *sample_rate,
			int16_t **pcm, size_t *n_samples, struct iv_error *err);
int pg_add_api_token(struct store *st, const char *name, const char *token_hash,
		     double created_unix, struct iv_error *err);
int pg_use_api_token(struct store *st, const char *token_hash, double now_unix,
		     char *name_out, size_t name_cap, struct iv_error *err);
int pg_list_api_tokens(struct store *st, int (*fn)(const struct api_token_info *t, void *ctx),
		       void *ctx, struct iv_error *err);
int pg_list_answer_audio(struct store *st, const char *session_id,
			 int (*fn)(int turn, int has_audio, double expired_unix, void *ctx),
			 void *ctx, struct iv_error *err);
int pg_expire_answer_audio(struct store *st, double before_unix, double now_unix,
			   struct iv_error *err);
int pg_revoke_api_token(struct store *st, const char *name, struct iv_error *err);
int pg_add_user(struct store *st, const char *email, const char *password_hash,
		double created_unix, struct iv_error *err);
int pg_get_user(struct store *st, const char *email, char *password_hash, size_t cap,
		struct iv_error *err);

/* postgres_login.c */
int pg_add_login_session(struct store *st, const struct login_session *ls, struct iv_error *err);
int pg_find_login_session(struct store *st, const char *secret_hash, double now_unix,
			  struct login_session *out, struct iv_error *err);
int pg_delete_login_session(struct store *st, const char *secret_hash, double now_unix,
			    struct iv_error *err);
int pg_purge_login_sessions(struct store *st, double now_unix, struct iv_error *err);

/* postgres_audit.c */
int pg_add_audit(struct store *st, const struct audit_entry *e, struct iv_error *err);
int pg_list_audit(struct store *st, const char *interview_id, int limit,
		  int (*fn)(const struct audit_entry *e, void *ctx), void *ctx,
		  struct iv_error *err);
int pg_take_lease(struct store *st, const char *interview_id, const char *owner, double now_unix,
		  struct iv_error *err);
int pg_renew_lease(struct store *st, const char *interview_id, const char *owner,
		   double now_unix, struct iv_error *err);
int pg_renew_leases(struct store *st, const char *owner, double now_unix,
		    void (*fn)(const char *interview_id, void *ctx), void *ctx,
		    struct iv_error *err);
int pg_release_lease(struct store *st, const char *interview_id, const char *owner,
		     struct iv_error *err);

#endif
