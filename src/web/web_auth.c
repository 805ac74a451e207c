/*
 * web_auth.c - who may use the API: API tokens (Authorization: Bearer) and
 * recruiters logged in with a password (a session cookie, HttpOnly and
 * SameSite=Strict, with a CSRF token for every state-changing request).
 *
 * Secrets are 256 random bits from libsodium; the store keeps only their
 * BLAKE2b hashes, and passwords only as argon2id strings.  Login answers
 * the same, in about the same time, for an unknown email and a wrong
 * password, and each address gets a token bucket of attempts; each
 * account (an email or an API token's name) gets one of invitations.
 *
 * Login sessions live in the store, so that a cookie one server issued
 * works on every server of the same database.  The token buckets live in
 * this process's memory: with several servers each counts the attempts it
 * sees, so a guesser spread over N servers gets up to N times the rate
 * (accepted: the argon2id verification still makes each guess costly).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web_internal.h"

#define SESSION_SECONDS (8 * 3600)
#define MAX_ADDRESSES 4096

struct address_bucket {
	char addr[48];              /* an address, "acct:HASH" or "inv:HASH" */
	double tokens;
	double updated;
};

/* This process's rate limits (the sessions themselves are in the store). */
struct web_sessions {
	pthread_mutex_t lock;
	struct address_bucket buckets[MAX_ADDRESSES];
	int n_buckets;
	double per_minute;              /* login attempts */
	double invitations_per_minute;
	char dummy_hash[crypto_pwhash_STRBYTES]; /* verified against for unknown emails */
};

int web_token_is_well_formed(const char *token)
{
	size_t n = strlen(token);
	return n == 43 &&
	       strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == n;
}

struct web_sessions *web_sessions_new(int login_per_minute, int invitations_per_minute)
{
	struct web_sessions *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	pthread_mutex_init(&s->lock, NULL);
	s->per_minute = login_per_minute > 0 ? login_per_minute : 10;
	s->invitations_per_minute = invitations_per_minute > 0 ? invitations_per_minute : 1200;
	char pw[44];
	struct iv_error err;
	web_new_secret(pw, sizeof pw, &err);
	if (crypto_pwhash_str(s->dummy_hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE)) {
		web_sessions_free(s);
		return NULL;
	}
	return s;
}

void web_sessions_free(struct web_sessions *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/* Takes one from addr's bucket (per_minute of them a minute, as many at
 * once); returns 0, or the seconds to wait when it is empty. */
static int take_from(struct web_sessions *s, const char *addr, double per_minute, double now)
{
	pthread_mutex_lock(&s->lock);
	struct address_bucket *b = NULL;
	for (int i = 0; i < s->n_buckets; i++)
		if (!strcmp(s->buckets[i].addr, addr))
			b = &s->buckets[i];
	if (!b) {
		int slot = s->n_buckets < MAX_ADDRESSES ? s->n_buckets++ : 0;
		if (slot == 0 && s->n_buckets == MAX_ADDRESSES) /* full: reuse the stalest */
			for (int i = 1; i < MAX_ADDRESSES; i++)
				if (s->buckets[i].updated < s->buckets[slot].updated)
					slot = i;
		b = &s->buckets[slot];
		snprintf(b->addr, sizeof b->addr, "%s", addr);
		b->tokens = per_minute;
		b->updated = now;
	}
	b->tokens += (now - b->updated) * per_minute / 60.0;
	if (b->tokens > per_minute)
		b->tokens = per_minute;
	b->updated = now;
	int wait = 0;
	if (b->tokens >= 1.0)
		b->tokens -= 1.0;
	else
		wait = (int)((1.0 - b->tokens) * 60.0 / per_minute) + 1;
	pthread_mutex_unlock(&s->lock);
	return wait;
}

static int take_attempt(struct web_sessions *s, const char *addr, double now)
{
	return take_from(s, addr, s->per_minute, now);
}

int web_take_invitation(struct web_sessions *s, const char *who, double now)
{
	char key[48], hash[65];
	web_hash_secret(who, hash);
	snprintf(key, sizeof key, "inv:%.40s", hash);
	return take_from(s, key, s->invitations_per_minute, now);
}

/* Starts a login session in the store: secret (the cookie's) and csrf are
 * filled; expired sessions are forgotten on the way.  -1 with err. */
static int add_session(struct store *st, const char *email, char secret[48], char csrf[48],
		       double now, struct iv_error *err)
{
	struct login_session ls = {0};
	if (web_new_secret(secret, 48, err) || web_new_secret(csrf, 48, err))
		return -1;
	if (store_purge_login_sessions(st, now, err) < 0)
		return -1;
	web_hash_secret(secret, ls.secret_hash);
	snprintf(ls.csrf, sizeof ls.csrf, "%s", csrf);
	snprintf(ls.email, sizeof ls.email, "%s", email);
	ls.created_unix = now;
	ls.expires_unix = now + SESSION_SECONDS;
	return store_add_login_session(st, &ls, err);
}

/* 1 when the cookie's session is live (csrf_out gets its CSRF token,
 * email_out its account), 0 when not, -1 with err when the store failed. */
static int find_session(struct store *st, const char *secret, double now, char csrf_out[48],
			char *email_out, size_t email_cap, struct iv_error *err)
{
	char hash[65];
	struct login_session ls;
	web_hash_secret(secret, hash);
	int found = store_find_login_session(st, hash, now, &ls, err);
	if (found == 1 && csrf_out)
		snprintf(csrf_out, 48, "%s", ls.csrf);
	if (found == 1 && email_out)
		snprintf(email_out, email_cap, "%s", ls.email);
	return found;
}

/* Ends the cookie's session: 1 when it was live, 0 when not, -1 with err. */
static int end_session(struct store *st, const char *secret, double now, struct iv_error *err)
{
	char hash[65];
	web_hash_secret(secret, hash);
	return store_delete_login_session(st, hash, now, err);
}

/* A 500 for a store that failed; the reason goes to the log, not the client. */
static void store_failed(struct mg_connection *c, const struct iv_error *err)
{
	fprintf(stderr, "interviewer serve: login sessions: %s\n", err->message);
	web_send_error(c, 500, "the store failed");
}

static int session_cookie(struct mg_connection *c, char out[64])
{
	const char *cookie = mg_get_header(c, "Cookie");
	return cookie && mg_get_cookie(cookie, "iv_session", out, 64) > 0;
}

static void actor_address(struct mg_connection *c, struct web_actor *who)
{
	snprintf(who->address, sizeof who->address, "%s", mg_get_request_info(c)->remote_addr);
}

int web_authorize(struct web_server *ws, struct mg_connection *c, struct web_actor *who)
{
	const char *auth = mg_get_header(c, "Authorization");
	struct iv_error err;
	memset(who, 0, sizeof *who);
	actor_address(c, who);
	if (auth && !strncasecmp(auth, "Bearer ", 7)) {
		const char *token = auth + 7;
		char hash[65];
		if (strlen(token) > 200) {
			web_send_error(c, 401, "invalid API token");
			return 0;
		}
		web_hash_secret(token, hash);
		char name[140];
		int ok = store_use_api_token(ws->store, hash, web_now(), name, sizeof name, &err);
		if (ok < 0) {
			web_send_error(c, 500, "the store failed");
			return 0;
		}
		if (!ok) {
			web_send_error(c, 401, "invalid API token");
			return 0;
		}
		snprintf(who->who, sizeof who->who, "token:%s", name);
		return 1;
	}
	char secret[64], csrf[48];
	int live = session_cookie(c, secret) ? find_session(ws->store, secret, web_now(), csrf,
							     who->who, sizeof who->who, &err)
					     : 0;
	if (live < 0) {
		store_failed(c, &err);
		return 0;
	}
	if (!live) {
		web_send_error(c, 401, "log in, or send an API token as Authorization: Bearer");
		return 0;
	}
	const char *method = mg_get_request_info(c)->request_method;
	if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		const char *sent = mg_get_header(c, "X-CSRF-Token");
		if (!sent)
			sent = mg_get_header(c, "X-XSRF-Token");
		if (!sent || strlen(sent) != strlen(csrf) || sodium_memcmp(sent, csrf, strlen(csrf))) {
			web_send_error(c, 403, "missing or wrong X-CSRF-Token");
			return 0;
		}
	}
	return 1;
}

int web_handle_login(struct mg_connection *c, void *data)
{
	struct web_server *ws = data;
	const struct mg_request_info *ri = mg_get_request_info(c);
	if (strcmp(ri->request_method, "POST")) {
		web_send_error(c, 405, "use POST");
		return 405;
	}
	int wait = take_attempt(ws->sessions, ri->remote_addr, web_now());
	if (wait) {
		char retry[64];
		snprintf(retry, sizeof retry, "Retry-After: %d\r\n", wait);
		static const char body[] = "{\"error\":\"too many login attempts; try again later\"}";
		web_send_text(c, 429, "application/json", body, sizeof body - 1, retry);
		return 429;
	}
	json_t *req = web_read_json(c);
	if (!req)
		return 400;
	const char *email = json_string_value(json_object_get(req, "email"));
	const char *password = json_string_value(json_object_get(req, "password"));
	if (!email || !password || strlen(email) > WEB_MAX_FIELD || strlen(password) > 1024) {
		json_decref(req);
		web_send_error(c, 400, "expected {\"email\": \"...\", \"password\": \"...\"}");
		return 400;
	}
	/* guessing one account's password from many addresses runs into the
	 * account's own bucket */
	char account[48];
	char email_hash[65];
	web_hash_secret(email, email_hash);
	snprintf(account, sizeof account, "acct:%.40s", email_hash);
	int account_wait = take_attempt(ws->sessions, account, web_now());
	if (account_wait) {
		json_decref(req);
		char retry[64];
		snprintf(retry, sizeof retry, "Retry-After: %d\r\n", account_wait);
		static const char body[] = "{\"error\":\"too many login attempts; try again later\"}";
		web_send_text(c, 429, "application/json", body, sizeof body - 1, retry);
		return 429;
	}
	char stored[crypto_pwhash_STRBYTES + 1];
	struct iv_error err;
	int found = store_get_user(ws->store, email, stored, sizeof stored, &err);
	if (found < 0) {
		json_decref(req);
		web_send_error(c, 500, "the store failed");
		return 500;
	}
	/* an unknown email costs the same verification as a known one */
	const char *against = found ? stored : ws->sessions->dummy_hash;
	int ok = crypto_pwhash_str_verify(against, password, strlen(password)) == 0 && found;
	struct web_actor who;
	memset(&who, 0, sizeof who);
	actor_address(c, &who);
	snprintf(who.who, sizeof who.who, "%s", email); /* the email tried, never the password */
	if (!ok) {
		json_decref(req);
		web_audit(ws, &who, "login_failed", NULL, NULL);
		web_send_error(c, 401, "wrong email or password");
		return 401;
	}
	char secret[48], csrf[48];
	if (add_session(ws->store, email, secret, csrf, web_now(), &err)) {
		json_decref(req);
		store_failed(c, &err);
		return 500;
	}
	web_audit(ws, &who, "login", NULL, NULL);
	char headers[300];
	/* the CSRF token is in the answer and, for pages that read it there, in
	 * a cookie scripts may read (double submit); the session cookie is not;
	 * over TLS neither is ever sent in the clear (Secure) */
	const char *secure = mg_get_request_info(c)->is_ssl ? " Secure;" : "";
	snprintf(headers, sizeof headers,
		 "Set-Cookie: iv_session=%s; Path=/; HttpOnly;%s SameSite=Strict; Max-Age=%d\r\n"
		 "Set-Cookie: iv_csrf=%s; Path=/;%s SameSite=Strict; Max-Age=%d\r\n",
		 secret, secure, SESSION_SECONDS, csrf, secure, SESSION_SECONDS);
	json_t *body = json_pack("{s:s, s:s}", "email", email, "csrf", csrf);
	json_decref(req);
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	web_send_text(c, 200, "application/json", text ? text : "{}", text ? strlen(text) : 2, headers);
	free(text);
	sodium_memzero(secret, sizeof secret);
	return 200;
}

int web_handle_logout(struct mg_connection *c, void *data)
{
	struct web_server *ws = data;
	char secret[64];
	if (strcmp(mg_get_request_info(c)->request_method, "POST")) {
		web_send_error(c, 405, "use POST");
		return 405;
	}
	/* like every /api/ request, it needs credentials; ending one's own
	 * session needs no CSRF token (the worst a forged one does is log out) */
	struct iv_error err;
	int had = session_cookie(c, secret) ? end_session(ws->store, secret, web_now(), &err) : 0;
	if (had < 0) {
		store_failed(c, &err);
		return 500;
	}
	if (!had) {
		const char *auth = mg_get_header(c, "Authorization");
		char hash[65];
		if (!auth || strncasecmp(auth, "Bearer ", 7) || strlen(auth + 7) > 200) {
			web_send_error(c, 401, "not logged in");
			return 401;
		}
		web_hash_secret(auth + 7, hash);
		if (store_use_api_token(ws->store, hash, web_now(), NULL, 0, &err) != 1) {
			web_send_error(c, 401, "invalid API token");
			return 401;
		}
	}
	mg_printf(c,
		  "HTTP/1.1 204 No Content\r\n%s%sSet-Cookie: iv_session=; Path=/; HttpOnly; "
		  "SameSite=Strict; Max-Age=0\r\nSet-Cookie: iv_csrf=; Path=/; SameSite=Strict; "
		  "Max-Age=0\r\nContent-Length: 0\r\n\r\n",
		  web_security_headers, web_hsts(c));
	return 204;
}
