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
	if (st)
		st->ops->close(st);
}

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
	return st->ops->create_session(st, info, err);
}

int store_add_turn(struct store *st, const char *session_id, int turn, const char *phase,
		   const char *topic, uint32_t acts, double t, const char *interviewer_text,
		   struct iv_error *err)
{
	return st->ops->add_turn(st, session_id, turn, phase, topic, acts, t, interviewer_text, err);
}

int store_set_reply(struct store *st, const char *session_id, int turn, const char *text,
		    double reply_t, double reply_seconds, double confidence, struct iv_error *err)
{
	return st->ops->set_reply(st, session_id, turn, text, reply_t, reply_seconds, confidence,
				  err);
}

int store_set_wording(struct store *st, const char *session_id, int turn, const char *scripted,
		      const char *wording, const char *fallback, struct iv_error *err)
{
	return st->ops->set_wording(st, session_id, turn, scripted, wording, fallback, err);
}

int store_end_session(struct store *st, const char *session_id, double ended_t,
		      struct iv_error *err)
{
	return st->ops->end_session(st, session_id, ended_t, err);
}

int store_set_scorecard(struct store *st, const char *session_id, const char *scorecard_json,
			const char *rubric_version, struct iv_error *err)
{
	return st->ops->set_scorecard(st, session_id, scorecard_json, rubric_version, err);
}

char *store_get_scorecard(struct store *st, const char *session_id, struct iv_error *err)
{
	return st->ops->get_scorecard(st, session_id, err);
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
	return st->ops->resolve_id(st, id_or_prefix, out, cap, err);
}

struct transcript *store_load(struct store *st, const char *session_id, char **playbook_path_out,
			      struct iv_error *err)
{
	return st->ops->load(st, session_id, playbook_path_out, err);
}

int store_list(struct store *st, int (*fn)(const struct session_summary *s, void *ctx), void *ctx,
	       struct iv_error *err)
{
	return st->ops->list(st, fn, ctx, err);
}

int store_create_invitation(struct store *st, const struct invitation *inv, const char *token_hash,
			    struct iv_error *err)
{
	return st->ops->create_invitation(st, inv, token_hash, err);
}

int store_find_invitation(struct store *st, const char *token_hash, double now_unix,
			  struct invitation *out, struct iv_error *err)
{
	return st->ops->find_invitation(st, token_hash, now_unix, out, err);
}

int store_get_invitation(struct store *st, const char *id, double now_unix, struct invitation *out,
			 struct iv_error *err)
{
	return st->ops->get_invitation(st, id, now_unix, out, err);
}

int store_set_consent(struct store *st, const char *id, int voice, double at_unix,
		      struct iv_error *err)
{
	return st->ops->set_consent(st, id, voice, at_unix, err);
}

int store_list_invitations(struct store *st, double now_unix,
			   int (*fn)(const struct invitation *inv, void *ctx), void *ctx,
			   struct iv_error *err)
{
	return st->ops->list_invitations(st, now_unix, fn, ctx, err);
}

int store_delete_interview(struct store *st, const char *id, struct iv_error *err)
{
	return st->ops->delete_interview(st, id, err);
}

int store_set_answer_audio(struct store *st, const char *session_id, int turn, int sample_rate,
			   const int16_t *pcm, size_t n_samples, struct iv_error *err)
{
	return st->ops->set_answer_audio(st, session_id, turn, sample_rate, pcm, n_samples, err);
}

int store_get_answer_audio(struct store *st, const char *session_id, int turn, int *sample_rate,
			   int16_t **pcm, size_t *n_samples, struct iv_error *err)
{
	return st->ops->get_answer_audio(st, session_id, turn, sample_rate, pcm, n_samples, err);
}

int store_add_api_token(struct store *st, const char *name, const char *token_hash,
			double created_unix, struct iv_error *err)
{
	return st->ops->add_api_token(st, name, token_hash, created_unix, err);
}

int store_use_api_token(struct store *st, const char *token_hash, double now_unix,
			struct iv_error *err)
{
	return st->ops->use_api_token(st, token_hash, now_unix, err);
}

int store_revoke_api_token(struct store *st, const char *name, struct iv_error *err)
{
	return st->ops->revoke_api_token(st, name, err);
}

int store_add_user(struct store *st, const char *email, const char *password_hash,
		   double created_unix, struct iv_error *err)
{
	return st->ops->add_user(st, email, password_hash, created_unix, err);
}

int store_get_user(struct store *st, const char *email, char *password_hash, size_t cap,
		   struct iv_error *err)
{
	return st->ops->get_user(st, email, password_hash, cap, err);
}

int store_add_login_session(struct store *st, const struct login_session *ls,
			    struct iv_error *err)
{
	return st->ops->add_login_session(st, ls, err);
}

int store_find_login_session(struct store *st, const char *secret_hash, double now_unix,
			     struct login_session *out, struct iv_error *err)
{
	return st->ops->find_login_session(st, secret_hash, now_unix, out, err);
}

int store_delete_login_session(struct store *st, const char *secret_hash, double now_unix,
			       struct iv_error *err)
{
	return st->ops->delete_login_session(st, secret_hash, now_unix, err);
}

int store_purge_login_sessions(struct store *st, double now_unix, struct iv_error *err)
{
	return st->ops->purge_login_sessions(st, now_unix, err);
}
