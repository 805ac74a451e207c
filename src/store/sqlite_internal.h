/*
 * sqlite_internal.h - what the SQLite store's files share: the connection
 * and the helpers that turn SQLite's failures into iv_error messages, and
 * the functions of sqlite_web.c and sqlite_login.c that sqlite.c puts in
 * the backend's table.
 *
 * The connection is opened in serialized mode (SQLITE_OPEN_FULLMUTEX), so
 * one store may be shared by the web server's threads; every statement is
 * its own transaction.
 */
#ifndef IV_SQLITE_INTERNAL_H
#define IV_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "store.h"
#include "store_backend.h"

struct sqlite_store {
	struct store base; /* first: the backend's table */
	sqlite3 *db;
};

static inline sqlite3 *sq_db(struct store *st) { return ((struct sqlite_store *)st)->db; }

/* Sets err to "what: <SQLite's message>" and returns -1. */
int sqlite_fail(struct store *st, struct iv_error *err, const char *what);
/* Steps q to its end and finalizes it; -1 with err when it failed. */
int sqlite_run(struct store *st, sqlite3_stmt *q, const char *what, struct iv_error *err);
/* A text column, "" for NULL. */
const char *sqlite_col_text(sqlite3_stmt *q, int i);

/* The condition a fenced write adds: fence (a parameter, NULL for none)
 * holds the lease of the session (a parameter); see store_backend.h. */
#define SQ_FENCE(session_param, fence_param)                                              \
	"(" fence_param " IS NULL OR EXISTS (SELECT 1 FROM interview_leases WHERE"           \
	" interview_id = " session_param " AND owner = " fence_param "))"

static inline void sq_bind_fence(sqlite3_stmt *q, int i, const char *fence)
{
	if (fence)
		sqlite3_bind_text(q, i, fence, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, i);
}

/* After a fenced write that changed nothing: -1 with STORE_FENCED_MESSAGE
 * when fence no longer holds session_id's lease, else 0. */
int sqlite_fenced(struct store *st, const char *session_id, const char *fence,
		  struct iv_error *err);

/* sqlite_web.c */
int sqlite_create_invitation(struct store *st, const struct invitation *inv,
			     const char *token_hash, struct iv_error *err);
int sqlite_find_invitation(struct store *st, const char *token_hash, double now_unix,
			   struct invitation *out, struct iv_error *err);
int sqlite_get_invitation(struct store *st, const char *id, double now_unix,
			  struct invitation *out, struct iv_error *err);
int sqlite_set_consent(struct store *st, const char *id, int voice, double at_unix,
		       struct iv_error *err);
int sqlite_list_invitations(struct store *st, double now_unix,
			    int (*fn)(const struct invitation *inv, void *ctx), void *ctx,
			    struct iv_error *err);
int sqlite_delete_interview(struct store *st, const char *id, struct iv_error *err);
int sqlite_set_answer_audio(struct store *st, const char *session_id, int turn, int sample_rate,
			    const int16_t *pcm, size_t n_samples, const char *fence,
			    struct iv_error *err);
int sqlite_get_answer_audio(struct store *st, const char *session_id, int turn, int *sample_rate,
			    int16_t **pcm, size_t *n_samples, struct iv_error *err);
int sqlite_add_api_token(struct store *st, const char *name, const char *token_hash,
			 double created_unix, struct iv_error *err);
int sqlite_use_api_token(struct store *st, const char *token_hash, double now_unix,
			 char *name_out, size_t name_cap, struct iv_error *err);
int sqlite_list_api_tokens(struct store *st,
			   int (*fn)(const struct api_token_info *t, void *ctx), void *ctx,
			   struct iv_error *err);
int sqlite_list_answer_audio(struct store *st, const char *session_id,
			     int (*fn)(int turn, int has_audio, double expired_unix, void *ctx),
			     void *ctx, struct iv_error *err);
int sqlite_expire_answer_audio(struct store *st, double before_unix, double now_unix,
			       struct iv_error *err);
int sqlite_revoke_api_token(struct store *st, const char *name, struct iv_error *err);
int sqlite_add_user(struct store *st, const char *email, const char *password_hash,
		    double created_unix, struct iv_error *err);
int sqlite_get_user(struct store *st, const char *email, char *password_hash, size_t cap,
		    struct iv_error *err);

/* sqlite_login.c */
int sqlite_add_login_session(struct store *st, const struct login_session *ls,
			     struct iv_error *err);
int sqlite_find_login_session(struct store *st, const char *secret_hash, double now_unix,
			      struct login_session *out, struct iv_error *err);
int sqlite_delete_login_session(struct store *st, const char *secret_hash, double now_unix,
				struct iv_error *err);
int sqlite_purge_login_sessions(struct store *st, double now_unix, struct iv_error *err);

/* sqlite_audit.c */
int sqlite_add_audit(struct store *st, const struct audit_entry *e, struct iv_error *err);
int sqlite_list_audit(struct store *st, const char *interview_id, int limit,
		      int (*fn)(const struct audit_entry *e, void *ctx), void *ctx,
		      struct iv_error *err);
int sqlite_take_lease(struct store *st, const char *interview_id, const char *owner,
		      double now_unix, struct iv_error *err);
int sqlite_renew_lease(struct store *st, const char *interview_id, const char *owner,
		       double now_unix, struct iv_error *err);
int sqlite_renew_leases(struct store *st, const char *owner, double now_unix,
			void (*fn)(const char *interview_id, void *ctx), void *ctx,
			struct iv_error *err);
int sqlite_release_lease(struct store *st, const char *interview_id, const char *owner,
			 struct iv_error *err);

#endif
