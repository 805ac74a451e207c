/*
 * store.c - the store's front door (see store.h): picks the backend from
 * the location's form when opening, and forwards every call to the
 * backend's table of functions (store_backend.h).  It also owns what does
 * not depend on a backend: the default path, session ids, the schema
 * version.  It holds no state of its own.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_backend.h"

int store_schema_version(void) { return STORE_SCHEMA_VERSION; }

static int is_postgres_url(const char *path)
{
	return !strncmp(path, "postgresql://", 13) || !strncmp(path, "postgres://", 11);
}

struct store *store_open(const char *path, struct iv_error *err)
{
	char *owned = NULL;
	if (!path) {
		owned = store_default_path(err);
		if (!owned)
			return NULL;
		path = owned;
	}
	struct store *st = is_postgres_url(path) ? pg_store_open(path, err)
						  : sqlite_store_open(path, err);
	free(owned);
	return st;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->fenced_of)
		free(st); /* a view: the store it looks at stays open */
	else
		st->ops->close(st);
}

struct store *store_fenced(struct store *st, const char *owner)
{
	struct store *view = calloc(1, sizeof *view);
	if (!view)
		return NULL;
	view->ops = st->ops;
	view->fenced_of = st->fenced_of ? st->fenced_of : st;
	snprintf(view->fence_owner, sizeof view->fence_owner, "%s", owner);
	return view;
}

int store_error_is_fenced(const struct iv_error *err)
{
	return err && strstr(err->message, STORE_FENCED_MESSAGE) != NULL;
}

/* The backend's own store behind st (st itself, or the one a view looks at). */
static struct store *backend_of(struct store *st) { return st->fenced_of ? st->fenced_of : st; }
/* The owner st's writes need, or NULL. */
static const char *fence_of(const struct store *st) { return st->fenced_of ? st->fence_owner : NULL; }

static int make_dirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int rc = mkdir(path, 0700);
		*p = '/';
		if (rc && errno != EEXIST)
			return -1;
	}
	return 0;
}

char *store_default_path(struct iv_error *err)
{
	const char *env = getenv("INTERVIEWER_DB");
	if (env && *env)
		return strdup(env);
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	char path[4096];
	if (xdg && *xdg)
		snprintf(path, sizeof path, "%s/interviewer/interviews.db", xdg);
	else if (home && *home)
		snprintf(path, sizeof path, "%s/.local/share/interviewer/interviews.db", home);
	else {
		iv_error_set(err, "no HOME or XDG_DATA_HOME: give --db PATH");
		return NULL;
	}
	if (make_dirs(path)) {
		iv_error_set(err, "cannot create the folder for %s: %s", path, strerror(errno));
		return NULL;
	}
	return strdup(path);
}

int store_new_session_id(char *out, size_t cap, struct iv_error *err)
{
	unsigned char bytes[16];
	if (cap < 33) {
		iv_error_set(err, "session id buffer too small");
		return -1;
	}
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, bytes, sizeof bytes) : -1;
	if (fd >= 0)
		close(fd);
	if (n != (ssize_t)sizeof bytes) {
		iv_error_set(err, "cannot read /dev/urandom for a session id");
		return -1;
	}
	for (size_t i = 0; i < sizeof bytes; i++)
		snprintf(out + 2 * i, 3, "%02x", bytes[i]);
	return 0;
}

/* --- forwarding ------------------------------------------------------------ */

int store_create_session(struct store *st, const struct session_info *info, struct iv_error *err)
{
	return backend_of(st)->ops->create_session(backend_of(st), info, fence_of(st), err);
}

int store_add_turn(struct store *st, const char *session_id, int turn, const char *phase,
		   const char *topic, uint32_t acts, double t, const char *interviewer_text,
		   struct iv_error *err)
{
	return backend_of(st)->ops->add_turn(backend_of(st), session_id, turn, phase, topic, acts, t, interviewer_text,
				  fence_of(st), err);
}

int store_set_reply(struct store *st, const char *session_id, int turn, const char *text,
		    double reply_t, double reply_seconds, double confidence, struct iv_error *err)
{
	return backend_of(st)->ops->set_reply(backend_of(st), session_id, turn, text, reply_t, reply_seconds,
				     confidence, fence_of(st), err);
}

int store_set_wording(struct store *st, const char *session_id, int turn, const char *scripted,
		      const char *wording, const char *fallback, struct iv_error *err)
{
	return backend_of(st)->ops->set_wording(backend_of(st), session_id, turn, scripted, wording, fallback,
				     fence_of(st), err);
}

int store_end_session(struct store *st, const char *session_id, double ended_t,
		      struct iv_error *err)
{
	return backend_of(st)->ops->end_session(backend_of(st), session_id, ended_t, fence_of(st), err);
}

int store_set_scorecard(struct store *st, const char *session_id, const char *scorecard_json,
			const char *rubric_version, struct iv_error *err)
{
	return backend_of(st)->ops->set_scorecard(backend_of(st), session_id, scorecard_json, rubric_version,
				       fence_of(st), err);
}

char *store_get_scorecard(struct store *st, const char *session_id, struct iv_error *err)
{
	return backend_of(st)->ops->get_scorecard(backend_of(st), session_id, err);
}

int store_resolve_id(struct store *st, const char *id_or_prefix, char *out, size_t cap,
		     struct iv_error *err)
{
	if (!id_or_prefix || !*id_or_prefix ||
	    strspn(id_or_prefix, "0123456789abcdef") != strlen(id_or_prefix)) {
		iv_error_set(err, "'%s' is not a session id (hex digits)",
			     id_or_prefix ? id_or_prefix : "");
		return -1;
	}
	return backend_of(st)->ops->resolve_id(backend_of(st), id_or_prefix, out, cap, err);
}

struct transcript *store_load(struct store *st, const char *session_id, char **playbook_path_out,
			      struct iv_error *err)
{
	return backend_of(st)->ops->load(backend_of(st), session_id, playbook_path_out, err);
}

int store_list(struct store *st, int (*fn)(const struct session_summary *s, void *ctx), void *ctx,
	       struct iv_error *err)
{
	return backend_of(st)->ops->list(backend_of(st), fn, ctx, err);
}

int store_create_invitation(struct store *st, const struct invitation *inv, const char *token_hash,
			    struct iv_error *err)
{
	return backend_of(st)->ops->create_invitation(backend_of(st), inv, token_hash, err);
}

int store_find_invitation(struct store *st, const char *token_hash, double now_unix,
			  struct invitation *out, struct iv_error *err)
{
	return backend_of(st)->ops->find_invitation(backend_of(st), token_hash, now_unix, out, err);
}

int store_get_invitation(struct store *st, const char *id, double now_unix, struct invitation *out,
			 struct iv_error *err)
{
	return backend_of(st)->ops->get_invitation(backend_of(st), id, now_unix, out, err);
}

int store_set_consent(struct store *st, const char *id, int voice, double at_unix,
		      struct iv_error *err)
{
	return backend_of(st)->ops->set_consent(backend_of(st), id, voice, at_unix, err);
}

int store_list_invitations(struct store *st, double now_unix,
			   int (*fn)(const struct invitation *inv, void *ctx), void *ctx,
			   struct iv_error *err)
{
	return backend_of(st)->ops->list_invitations(backend_of(st), now_unix, fn, ctx, err);
}

int store_delete_interview(struct store *st, const char *id, struct iv_error *err)
{
	return backend_of(st)->ops->delete_interview(backend_of(st), id, err);
}

int store_set_answer_audio(struct store *st, const char *session_id, int turn, int sample_rate,
			   const int16_t *pcm, size_t n_samples, struct iv_error *err)
{
	return backend_of(st)->ops->set_answer_audio(backend_of(st), session_id, turn, sample_rate, pcm, n_samples,
					  fence_of(st), err);
}

int store_get_answer_audio(struct store *st, const char *session_id, int turn, int *sample_rate,
			   int16_t **pcm, size_t *n_samples, struct iv_error *err)
{
	return backend_of(st)->ops->get_answer_audio(backend_of(st), session_id, turn, sample_rate, pcm, n_samples, err);
}

int store_add_api_token(struct store *st, const char *name, const char *token_hash,
			double created_unix, struct iv_error *err)
{
	return backend_of(st)->ops->add_api_token(backend_of(st), name, token_hash, created_unix, err);
}

int store_use_api_token(struct store *st, const char *token_hash, double now_unix,
			char *name_out, size_t name_cap, struct iv_error *err)
{
	if (name_out && name_cap)
		name_out[0] = '\0';
	return backend_of(st)->ops->use_api_token(backend_of(st), token_hash, now_unix, name_out, name_cap, err);
}

int store_list_api_tokens(struct store *st, int (*fn)(const struct api_token_info *t, void *ctx),
			  void *ctx, struct iv_error *err)
{
	return backend_of(st)->ops->list_api_tokens(backend_of(st), fn, ctx, err);
}

int store_revoke_api_token(struct store *st, const char *name, struct iv_error *err)
{
	return backend_of(st)->ops->revoke_api_token(backend_of(st), name, err);
}

int store_add_user(struct store *st, const char *email, const char *password_hash,
		   double created_unix, struct iv_error *err)
{
	return backend_of(st)->ops->add_user(backend_of(st), email, password_hash, created_unix, err);
}

int store_get_user(struct store *st, const char *email, char *password_hash, size_t cap,
		   struct iv_error *err)
{
	return backend_of(st)->ops->get_user(backend_of(st), email, password_hash, cap, err);
}

int store_add_login_session(struct store *st, const struct login_session *ls,
			    struct iv_error *err)
{
	return backend_of(st)->ops->add_login_session(backend_of(st), ls, err);
}

int store_find_login_session(struct store *st, const char *secret_hash, double now_unix,
			     struct login_session *out, struct iv_error *err)
{
	return backend_of(st)->ops->find_login_session(backend_of(st), secret_hash, now_unix, out, err);
}

int store_delete_login_session(struct store *st, const char *secret_hash, double now_unix,
			       struct iv_error *err)
{
	return backend_of(st)->ops->delete_login_session(backend_of(st), secret_hash, now_unix, err);
}

int store_purge_login_sessions(struct store *st, double now_unix, struct iv_error *err)
{
	return backend_of(st)->ops->purge_login_sessions(backend_of(st), now_unix, err);
}

int store_list_answer_audio(struct store *st, const char *session_id,
			    int (*fn)(int turn, int has_audio, double expired_unix, void *ctx),
			    void *ctx, struct iv_error *err)
{
	return backend_of(st)->ops->list_answer_audio(backend_of(st), session_id, fn, ctx, err);
}

int store_expire_answer_audio(struct store *st, double before_unix, double now_unix,
			      struct iv_error *err)
{
	return backend_of(st)->ops->expire_answer_audio(backend_of(st), before_unix, now_unix, err);
}

int store_add_audit(struct store *st, const struct audit_entry *e, struct iv_error *err)
{
	return backend_of(st)->ops->add_audit(backend_of(st), e, err);
}

int store_list_audit(struct store *st, const char *interview_id, int limit,
		     int (*fn)(const struct audit_entry *e, void *ctx), void *ctx,
		     struct iv_error *err)
{
	if (interview_id && !*interview_id)
		interview_id = NULL;
	return backend_of(st)->ops->list_audit(backend_of(st), interview_id, limit, fn, ctx, err);
}

int store_take_lease(struct store *st, const char *interview_id, const char *owner,
		     double now_unix, struct iv_error *err)
{
	return backend_of(st)->ops->take_lease(backend_of(st), interview_id, owner, now_unix, err);
}

int store_renew_lease(struct store *st, const char *interview_id, const char *owner,
		      double now_unix, struct iv_error *err)
{
	return backend_of(st)->ops->renew_lease(backend_of(st), interview_id, owner, now_unix, err);
}

int store_renew_leases(struct store *st, const char *owner, double now_unix,
		       void (*fn)(const char *interview_id, void *ctx), void *ctx,
		       struct iv_error *err)
{
	return backend_of(st)->ops->renew_leases(backend_of(st), owner, now_unix, fn, ctx, err);
}

int store_release_lease(struct store *st, const char *interview_id, const char *owner,
			struct iv_error *err)
{
	return backend_of(st)->ops->release_lease(backend_of(st), interview_id, owner, err);
}
