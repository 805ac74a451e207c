/*
 * web_audit.c - the audit log of recruiters' actions (who did what to
 * which interview, when, from where; GET /api/audit) and API tokens as
 * the API manages them (GET and POST /api/tokens, DELETE
 * /api/tokens/NAME).
 *
 * The log holds names, emails, formats and turn numbers: never a
 * password, a token, a link's secret or audio.  Reads are logged once per
 * actor, action and thing in a few minutes (the console polls an interview
 * it shows every second or two; a log line per poll would bury the rest).
 * That memory is this process's: with several servers, each logs a read
 * it serves once in its window.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web_internal.h"

#define SEEN_SLOTS 512
#define SEEN_WINDOW_S 300.0
#define AUDIT_DEFAULT_LIMIT 100
#define AUDIT_MAX_LIMIT 1000
#define TOKEN_NAME_MAX 128

struct seen_read {
	unsigned char key[16]; /* a hash of actor, action, interview and detail */
	double at;
};

struct web_audit_seen {
	pthread_mutex_t lock;
	struct seen_read slots[SEEN_SLOTS];
};

struct web_audit_seen *web_audit_seen_new(void)
{
	struct web_audit_seen *s = calloc(1, sizeof *s);
	if (s)
		pthread_mutex_init(&s->lock, NULL);
	return s;
}

void web_audit_seen_free(struct web_audit_seen *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->lock);
	free(s);
}

static int is_read(const char *action)
{
	return !strncmp(action, "view_", 5) || !strcmp(action, "download_report") ||
	       !strcmp(action, "play_audio");
}

/* 1 when the same read was logged within the window (else it is noted). */
static int seen_recently(struct web_audit_seen *s, const char *who, const char *action,
			 const char *interview_id, const char *detail, double now)
{
	char joined[700];
	snprintf(joined, sizeof joined, "%s\n%s\n%s\n%s", who, action, interview_id, detail);
	unsigned char key[16];
	web_hash_bytes(joined, key, sizeof key);
	pthread_mutex_lock(&s->lock);
	int oldest = 0, found = 0;
	for (int i = 0; i < SEEN_SLOTS && !found; i++) {
		if (!memcmp(s->slots[i].key, key, sizeof key) && now - s->slots[i].at < SEEN_WINDOW_S)
			found = 1;
		else if (s->slots[i].at < s->slots[oldest].at)
			oldest = i;
	}
	if (!found) {
		memcpy(s->slots[oldest].key, key, sizeof key);
		s->slots[oldest].at = now;
	}
	pthread_mutex_unlock(&s->lock);
	return found;
}

void web_audit(struct web_server *ws, const struct web_actor *who, const char *action,
	       const char *interview_id, const char *detail)
{
	struct audit_entry e;
	memset(&e, 0, sizeof e);
	e.at_unix = web_now();
	if (is_read(action) && seen_recently(ws->audit_seen, who->who, action,
					     interview_id ? interview_id : "", detail ? detail : "",
					     e.at_unix))
		return;
	snprintf(e.actor, sizeof e.actor, "%s", who->who);
	snprintf(e.action, sizeof e.action, "%s", action);
	snprintf(e.interview_id, sizeof e.interview_id, "%s", interview_id ? interview_id : "");
	snprintf(e.detail, sizeof e.detail, "%s", detail ? detail : "");
	snprintf(e.address, sizeof e.address, "%s", who->address);
	struct iv_error err;
	if (store_add_audit(ws->store, &e, &err))
		fprintf(stderr, "interviewer serve: audit log: %s\n", err.message);
}

static int append_entry(const struct audit_entry *e, void *ctx)
{
	json_array_append_new(
		ctx, json_pack("{s:I, s:f, s:s, s:s, s:s?, s:s?, s:s?}", "id", (json_int_t)e->id,
			       "at", e->at_unix, "actor", e->actor, "action", e->action, "interview",
			       e->interview_id[0] ? e->interview_id : NULL, "detail",
			       e->detail[0] ? e->detail : NULL, "address",
			       e->address[0] ? e->address : NULL));
	return 0;
}

void web_list_audit(struct web_server *ws, struct mg_connection *c)
{
	const struct mg_request_info *ri = mg_get_request_info(c);
	char limit_text[32] = "", interview[64] = "";
	if (ri->query_string) {
		size_t n = strlen(ri->query_string);
		if (mg_get_var(ri->query_string, n, "limit", limit_text, sizeof limit_text) == -2 ||
		    mg_get_var(ri->query_string, n, "interview", interview, sizeof interview) == -2) {
			web_send_error(c, 400, "limit or interview is too long");
			return;
		}
	}
	long limit = AUDIT_DEFAULT_LIMIT;
	if (limit_text[0]) {
		char *end;
		limit = strtol(limit_text, &end, 10);
		if (*end || limit < 1 || limit > AUDIT_MAX_LIMIT) {
			web_send_error(c, 400, "limit must be a whole number from 1 to 1000");
			return;
		}
	}
	size_t id_len = strlen(interview);
	if (id_len && (id_len != 32 || strspn(interview, "0123456789abcdef") != id_len)) {
		web_send_error(c, 400, "interview must be an interview's id (32 hex digits)");
		return;
	}
	json_t *entries = json_array();
	struct iv_error err;
	if (store_list_audit(ws->store, interview, (int)limit, append_entry, entries, &err)) {
		fprintf(stderr, "interviewer serve: audit log: %s\n", err.message);
		json_decref(entries);
		web_send_error(c, 500, "the store failed");
		return;
	}
	web_send_json(c, 200, json_pack("{s:o}", "entries", entries));
}

/* --- API tokens -------------------------------------------------------------- */

static int append_token(const struct api_token_info *t, void *ctx)
{
	json_t *o = json_pack("{s:s, s:f}", "name", t->name, "created", t->created_unix);
	json_object_set_new(o, "last_used",
			    t->last_used_unix > 0 ? json_real(t->last_used_unix) : json_null());
	json_array_append_new(ctx, o);
	return 0;
}

static void list_tokens(struct web_server *ws, struct mg_connection *c)
{
	json_t *tokens = json_array();
	struct iv_error err;
	if (store_list_api_tokens(ws->store, append_token, tokens, &err)) {
		fprintf(stderr, "interviewer serve: tokens: %s\n", err.message);
		json_decref(tokens);
		web_send_error(c, 500, "the store failed");
		return;
	}
	web_send_json(c, 200, json_pack("{s:o}", "tokens", tokens));
}

/* A token's name: 1 to 128 printable characters, no control character. */
static int name_is_fine(const char *name, size_t n)
{
	if (n == 0 || n > TOKEN_NAME_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return 0;
	return 1;
}

static void create_token(struct web_server *ws, struct mg_connection *c,
			 const struct web_actor *who)
{
	json_t *req = web_read_json(c);
	if (!req)
		return;
	json_t *name_value = json_object_get(req, "name");
	const char *name = json_string_value(name_value);
	if (!name || !name_is_fine(name, json_string_length(name_value))) {
		json_decref(req);
		web_send_error(c, 400, "name is required: 1 to 128 characters, none of them a control");
		return;
	}
	char secret[64], token[80], hash[65], kept[TOKEN_NAME_MAX + 1];
	snprintf(kept, sizeof kept, "%s", name);
	json_decref(req);
	struct iv_error err;
	if (web_new_secret(secret, sizeof secret, &err)) {
		web_send_error(c, 500, "no randomness");
		return;
	}
	snprintf(token, sizeof token, "ivk_%s", secret);
	web_hash_secret(token, hash);
	double now = web_now();
	if (store_add_api_token(ws->store, kept, hash, now, &err)) {
		fprintf(stderr, "interviewer serve: tokens: %s\n", err.message);
		web_send_error(c, 500, "the store failed");
	} else {
		web_audit(ws, who, "create_token", NULL, kept);
		/* the secret is shown this once; only its hash is kept */
		web_send_json(c, 201, json_pack("{s:s, s:s, s:f}", "name", kept, "token", token,
						"created", now));
	}
	web_wipe(secret, sizeof secret);
	web_wipe(token, sizeof token);
}

static void revoke_token(struct web_server *ws, struct mg_connection *c,
			 const struct web_actor *who, const char *encoded)
{
	char name[TOKEN_NAME_MAX * 3 + 1];
	int n = mg_url_decode(encoded, (int)strlen(encoded), name, (int)sizeof name, 0);
	if (n < 0 || !name_is_fine(name, (size_t)n) || strlen(name) != (size_t)n) {
		web_send_error(c, 404, "no such token");
		return;
	}
	struct iv_error err;
	int revoked = store_revoke_api_token(ws->store, name, &err);
	if (revoked < 0) {
		fprintf(stderr, "interviewer serve: tokens: %s\n", err.message);
		web_send_error(c, 500, "the store failed");
	} else if (revoked == 0) {
		web_send_error(c, 404, "no live token of that name");
	} else {
		web_audit(ws, who, "revoke_token", NULL, name);
		web_send_no_content(c);
	}
}

void web_tokens_route(struct web_server *ws, struct mg_connection *c, const struct web_actor *who,
		      const char *rest)
{
	const char *method = mg_get_request_info(c)->request_method;
	if (!*rest) {
		if (!strcmp(method, "GET"))
			list_tokens(ws, c);
		else if (!strcmp(method, "POST"))
			create_token(ws, c, who);
		else
			web_send_error(c, 405, "use GET or POST");
		return;
	}
	if (*rest != '/' || !rest[1] || strchr(rest + 1, '/')) {
		web_send_error(c, 404, "no such route");
		return;
	}
	if (strcmp(method, "DELETE")) {
		web_send_error(c, 405, "use DELETE");
		return;
	}
	revoke_token(ws, c, who, rest + 1);
}
