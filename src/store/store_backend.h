/*
 * store_backend.h - what a storage backend provides behind store.h: one
 * table of functions, one per store.h operation, that store.c dispatches
 * to.  A backend's own struct begins with a struct store (its ops), so
 * store.c can find the table from the opaque pointer the callers hold.
 *
 * Every backend keeps the same schema, migrated through the same numbered
 * steps (STORE_SCHEMA_VERSION of them), so a version number means the same
 * tables whichever database holds them.
 *
 * The writes of an interview take a fence: NULL, or the owner whose lease
 * of the session (store_take_lease) the write needs; a backend refuses a
 * fenced write whose owner no longer holds the lease, atomically with the
 * write, with STORE_FENCED_MESSAGE in err.
 */
#ifndef IV_STORE_BACKEND_H
#define IV_STORE_BACKEND_H

#include "store.h"

/* Steps of schema migration; every backend has exactly this many
 * (append only: a step, once shipped, is never changed). */
#define STORE_SCHEMA_VERSION 6

#define STORE_FENCED_MESSAGE "another server took this interview over (its lease)"

struct store_ops {
	const char *name;
	void (*close)(struct store *st);
	int (*create_session)(struct store *st, const struct session_info *info, const char *fence,
			      struct iv_error *err);
	int (*add_turn)(struct store *st, const char *session_id, int turn, const char *phase,
			const char *topic, uint32_t acts, double t, const char *interviewer_text,
			const char *fence, struct iv_error *err);
	int (*set_reply)(struct store *st, const char *session_id, int turn, const char *text,
			 double reply_t, double reply_seconds, double confidence, const char *fence,
			 struct iv_error *err);
	int (*set_wording)(struct store *st, const char *session_id, int turn, const char *scripted,
			   const char *wording, const char *fallback, const char *fence,
			   struct iv_error *err);
	int (*end_session)(struct store *st, const char *session_id, double ended_t,
			   const char *fence, struct iv_error *err);
	int (*set_scorecard)(struct store *st, const char *session_id, const char *scorecard_json,
			     const char *rubric_version, const char *fence, struct iv_error *err);
	char *(*get_scorecard)(struct store *st, const char *session_id, struct iv_error *err);
	int (*resolve_id)(struct store *st, const char *prefix, char *out, size_t cap,
			  struct iv_error *err);
	struct transcript *(*load)(struct store *st, const char *session_id,
				   char **playbook_path_out, struct iv_error *err);
	int (*list)(struct store *st, int (*fn)(const struct session_summary *s, void *ctx),
		    void *ctx, struct iv_error *err);

	int (*create_invitation)(struct store *st, const struct invitation *inv,
				 const char *token_hash, struct iv_error *err);
	int (*find_invitation)(struct store *st, const char *token_hash, double now_unix,
			       struct invitation *out, struct iv_error *err);
	int (*get_invitation)(struct store *st, const char *id, double now_unix,
			      struct invitation *out, struct iv_error *err);
	int (*set_consent)(struct store *st, const char *id, int voice, double at_unix,
			   struct iv_error *err);
	int (*list_invitations)(struct store *st, double now_unix,
				int (*fn)(const struct invitation *inv, void *ctx), void *ctx,
				struct iv_error *err);
	int (*delete_interview)(struct store *st, const char *id, struct iv_error *err);
	int (*set_answer_audio)(struct store *st, const char *session_id, int turn, int sample_rate,
				const int16_t *pcm, size_t n_samples, const char *fence,
				struct iv_error *err);
	int (*get_answer_audio)(struct store *st, const char *session_id, int turn,
				int *sample_rate, int16_t **pcm, size_t *n_samples,
				struct iv_error *err);
	int (*add_api_token)(struct store *st, const char *name, const char *token_hash,
			     double created_unix, struct iv_error *err);
	int (*use_api_token)(struct store *st, const char *token_hash, double now_unix,
			     char *name_out, size_t name_cap, struct iv_error *err);
	int (*list_api_tokens)(struct store *st,
			       int (*fn)(const struct api_token_info *t, void *ctx), void *ctx,
			       struct iv_error *err);
	int (*revoke_api_token)(struct store *st, const char *name, struct iv_error *err);
	int (*add_user)(struct store *st, const char *email, const char *password_hash,
			double created_unix, struct iv_error *err);
	int (*get_user)(struct store *st, const char *email, char *password_hash, size_t cap,
			struct iv_error *err);

	int (*add_login_session)(struct store *st, const struct login_session *ls,
				 struct iv_error *err);
	int (*find_login_session)(struct store *st, const char *secret_hash, double now_unix,
				  struct login_session *out, struct iv_error *err);
	int (*delete_login_session)(struct store *st, const char *secret_hash, double now_unix,
				    struct iv_error *err);
	int (*purge_login_sessions)(struct store *st, double now_unix, struct iv_error *err);

	int (*list_answer_audio)(struct store *st, const char *session_id,
				 int (*fn)(int turn, int has_audio, double expired_unix, void *ctx),
				 void *ctx, struct iv_error *err);
	int (*expire_answer_audio)(struct store *st, double before_unix, double now_unix,
				   struct iv_error *err);
	int (*add_audit)(struct store *st, const struct audit_entry *e, struct iv_error *err);
	int (*list_audit)(struct store *st, const char *interview_id, int limit,
			  int (*fn)(const struct audit_entry *e, void *ctx), void *ctx,
			  struct iv_error *err);
	int (*take_lease)(struct store *st, const char *interview_id, const char *owner,
			  double now_unix, struct iv_error *err);
	int (*renew_lease)(struct store *st, const char *interview_id, const char *owner,
			   double now_unix, struct iv_error *err);
	int (*renew_leases)(struct store *st, const char *owner, double now_unix,
			    void (*fn)(const char *interview_id, void *ctx), void *ctx,
			    struct iv_error *err);
	int (*release_lease)(struct store *st, const char *interview_id, const char *owner,
			     struct iv_error *err);
};

struct store {
	const struct store_ops *ops;
	/* a view made by store_fenced(): the store it writes to, and the owner
	 * its writes need; NULL in a backend's own store */
	struct store *fenced_of;
	char fence_owner[48];
};

/* The backends' openers (store_open picks one by the location's form). */
struct store *sqlite_store_open(const char *path, struct iv_error *err);
struct store *pg_store_open(const char *url, struct iv_error *err);

#endif
