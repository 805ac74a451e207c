/*
 * test_web_security.c - the web service's security promises (issue 12),
 * over real HTTP and WebSocket on loopback, beyond what test_web_api.c
 * checks (the 401 without credentials, CSRF, the login rate limit and the
 * same answer for an unknown email are there):
 *   - the recruiter's credentials (an API token, the session cookie, the
 *     CSRF token) do not open a candidate's room: a room's socket needs its
 *     link's token, and recruiter headers on the upgrade change nothing;
 *   - a candidate's link token reads nothing of the API, as a bearer token
 *     or as a session cookie, on any route;
 *   - every response of every kind and status carries the security headers
 *     (a Content-Security-Policy with no inline or eval'd script, nosniff,
 *     a Referrer-Policy, frame-ancestors 'none'; the HTML report's own
 *     policy lets only its own origin frame it and runs no script);
 *   - a login for an unknown email and one with a wrong password answer
 *     alike and take comparable time, each at least an argon2id
 *     verification;
 *   - passwords, tokens, session cookies and links never reach the log of
 *     a real `interviewer serve`, whatever the requests carry them in.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test_sim.h"
#include "test_support.h"
#include "web_client.h"
#include "web_internal.h"

#define RECRUITER "sec@example.com"
#define PASSWORD "purple-elephants-dance-at-noon" /* no space: found as sent */

/* The test's server (in this process), and a real `interviewer serve`;
 * what a failed test left running, the teardown stops. */
static struct web_fixture fx;
struct served {
	pid_t pid;
	int port;
	char *log;
};
static struct served sv;

static int stop_servers(void **state)
{
	if (fx.dir)
		wf_stop(&fx);
	if (sv.pid > 0) {
		kill(sv.pid, SIGKILL);
		waitpid(sv.pid, NULL, 0);
	}
	free(sv.log);
	memset(&sv, 0, sizeof sv);
	return 0;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* Adds the recruiter with `interviewer user add` (the password on stdin). */
static void add_recruiter(const char *db, const char *password)
{
	const char *argv[] = {"interviewer", "user", "add", RECRUITER, "--db", db, NULL};
	char input[200], *out = NULL, *err = NULL;
	snprintf(input, sizeof input, "%s\n", password);
	int rc = ts_run(argv, input, strlen(input), &out, &err);
	if (rc != 0)
		fail_msg("interviewer user add: %d: %s", rc, err);
	free(out);
	free(err);
}

struct login {
	char secret[128]; /* the iv_session cookie's value */
	char csrf[128];
	char headers[512]; /* "Cookie: ...\r\nX-CSRF-Token: ...\r\n" */
};

/* Logs the recruiter in; fails the test unless it answers 200. */
static void log_in(int port, const char *password, struct login *out)
{
	char body[300];
	snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"%s\"}", RECRUITER, password);
	struct http_response r;
	assert_int_equal(http_request(port, "POST", "/api/login", NULL, body, strlen(body), &r), 0);
	if (r.status != 200)
		fail_msg("login: %d %s", r.status, r.body);
	char v[512];
	const char *cookie = strstr(r.headers, "iv_session=");
	assert_non_null(cookie);
	snprintf(out->secret, sizeof out->secret, "%.*s", (int)strcspn(cookie + 11, ";\n"), cookie + 11);
	json_t *o = json_loads(r.body, 0, NULL);
	snprintf(out->csrf, sizeof out->csrf, "%s", json_string_value(json_object_get(o, "csrf")));
	json_decref(o);
	assert_non_null(http_header(&r, "Set-Cookie", v, sizeof v));
	http_response_release(&r);
	snprintf(out->headers, sizeof out->headers, "Cookie: iv_session=%s\r\nX-CSRF-Token: %s\r\n",
		 out->secret, out->csrf);
}

/* --- a WebSocket upgrade with headers of our choosing ---------------------- */

static int connect_loopback(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct timeval tv = {10, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	return fd;
}

static int read_exactly(int fd, void *buf, size_t n)
{
	for (size_t got = 0; got < n;) {
		ssize_t k = read(fd, (char *)buf + got, n - got);
		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	return 0;
}

/* Upgrades path to a WebSocket sending extra_headers ("Name: value\r\n"
 * lines) as a browser would send cookies; returns the first text frame the
 * server sends (malloc'd), or NULL when it sent none within 10 s.  *status
 * is the HTTP status of the handshake's answer. */
static char *upgrade_and_read(int port, const char *path, const char *extra_headers, int *status)
{
	int fd = connect_loopback(port);
	char req[2048];
	int n = snprintf(req, sizeof req,
			 "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
			 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n%s\r\n",
			 path, port, extra_headers ? extra_headers : "");
	assert_int_equal(write(fd, req, (size_t)n), n);
	char head[4096] = "";
	size_t len = 0;
	while (len < sizeof head - 1 && !strstr(head, "\r\n\r\n")) {
		if (read(fd, head + len, 1) != 1)
			break;
		head[++len] = '\0';
	}
	*status = 0;
	sscanf(head, "HTTP/1.%*c %d", status);
	char *text = NULL;
	for (int frames = 0; *status == 101 && !text && frames < 20; frames++) {
		unsigned char h[2];
		if (read_exactly(fd, h, 2))
			break;
		uint64_t size = h[1] & 0x7f;
		if (size == 126 || size == 127) {
			unsigned char ext[8];
			size_t k = size == 126 ? 2 : 8;
			if (read_exactly(fd, ext, k))
				break;
			size = 0;
			for (size_t i = 0; i < k; i++)
				size = size << 8 | ext[i];
		}
		if (size > 1 << 20)
			break;
		char *payload = malloc(size + 1);
		if (read_exactly(fd, payload, size)) {
			free(payload);
			break;
		}
		payload[size] = '\0';
		if ((h[0] & 0x0f) == 1)
			text = payload; /* a text frame */
		else
			free(payload); /* binary (audio), ping */
	}
	close(fd);
	return text;
}

/* --- the recruiter's credentials do not open a room ------------------------- */

static const char *event_name(const json_t *o)
{
	const char *e = json_string_value(json_object_get(o, "event"));
	return e ? e : "";
}

/* Opens /i/<token>/ws with the tests' client: the socket must answer
 * not_found, say nothing else, and close. */
static void room_refuses(int port, const char *token, const char *what)
{
	char path[300];
	snprintf(path, sizeof path, "/i/%s/ws", token);
	struct ws_client *c = ws_connect(port, path);
	if (!c)
		return; /* refused at the handshake: as good */
	ws_send_text(c, "{\"consent\": true, \"voice\": false}");
	json_t *e = ws_next_event(c, 10);
	if (!e || strcmp(event_name(e), "error"))
		fail_msg("a room opened with %s: %s", what, e ? json_dumps(e, 0) : "(nothing)");
	assert_string_equal(json_string_value(json_object_get(e, "code")), "not_found");
	json_decref(e);
	for (double until = now_s() + 10; (e = ws_next_event(c, 0.2)) || !ws_closed(c);) {
		if (e) {
			if (strcmp(event_name(e), "error"))
				fail_msg("a room refused to %s still said: %s", what, event_name(e));
			json_decref(e);
		}
		if (now_s() > until)
			fail_msg("a room refused to %s stayed open", what);
	}
	ws_close(c);
}

static void test_recruiter_credentials_do_not_open_a_room(void **state)
{
	wf_start(&fx, NULL);
	add_recruiter(fx.db, PASSWORD);
	struct login l;
	log_in(fx.port, PASSWORD, &l);
	json_t *inv = wf_invite(&fx, "Room Owner", 0);
	const char *link = json_string_value(json_object_get(inv, "token"));

	/* the recruiter's secrets in the link's place */
	room_refuses(fx.port, fx.token, "the API token");
	room_refuses(fx.port, fx.token + 4, "the API token without its ivk_ prefix");
	room_refuses(fx.port, l.secret, "the session cookie");
	room_refuses(fx.port, l.csrf, "the CSRF token");
	/* with every recruiter credential on the upgrade as well */
	char creds[800];
	snprintf(creds, sizeof creds, "%sAuthorization: Bearer %s\r\n", l.headers, fx.token);
	const char *instead[] = {fx.token, l.secret, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL};
	for (size_t i = 0; instead[i]; i++) {
		char path[300];
		int status;
		snprintf(path, sizeof path, "/i/%s/ws", instead[i]);
		char *first = upgrade_and_read(fx.port, path, creds, &status);
		if (status == 101) {
			assert_non_null(first);
			json_t *e = json_loads(first, 0, NULL);
			assert_string_equal(event_name(e), "error");
			assert_string_equal(json_string_value(json_object_get(e, "code")), "not_found");
			json_decref(e);
		} else {
			assert_true(status >= 400);
		}
		free(first);
	}
	/* the link itself opens it (so the refusals above were refusals) */
	assert_true(web_token_is_well_formed(link));
	struct ws_client *c = wf_open_room(&fx, inv);
	assert_int_equal(ws_send_text(c, "{\"consent\": true, \"voice\": false}"), 0);
	json_t *say = ws_wait_event(c, "say", 20);
	assert_non_null(say);
	json_decref(say);
	ws_close(c);
	json_decref(inv);
	wf_stop(&fx);
}

/* --- a candidate's link reads nothing of the API ---------------------------- */

static void test_link_token_reads_nothing(void **state)
{
	wf_start(&fx, NULL);
	json_t *inv = wf_invite(&fx, "Curious Candidate", 0);
	const char *id = json_string_value(json_object_get(inv, "id"));
	const char *link = json_string_value(json_object_get(inv, "token"));
	/* started, so that there is something to read */
	struct ws_client *c = wf_open_room(&fx, inv);
	assert_int_equal(ws_send_text(c, "{\"consent\": true, \"voice\": false}"), 0);
	json_t *say = ws_wait_event(c, "say", 20);
	assert_non_null(say);
	json_decref(say);
	assert_int_equal(ws_send_answer(c, "I build payment systems."), 0);
	say = ws_wait_event(c, "say", 20);
	assert_non_null(say);
	json_decref(say);

	char as_bearer[200], as_cookie[300];
	snprintf(as_bearer, sizeof as_bearer, "Authorization: Bearer %s\r\n", link);
	snprintf(as_cookie, sizeof as_cookie, "Cookie: iv_session=%s; iv_csrf=%s\r\nX-CSRF-Token: %s\r\n", link,
		 link, link);
	const char *creds[] = {as_bearer, as_cookie};
	struct {
		const char *method, *path_fmt, *body;
	} routes[] = {
		{"GET", "/api/interviews", NULL},
		{"GET", "/api/interviews/%s", NULL},
		{"GET", "/api/interviews/%s/report?format=json", NULL},
		{"GET", "/api/interviews/%s/audio/1", NULL},
		{"POST", "/api/invitations", "{\"candidate_name\":\"Mallory\"}"},
		{"DELETE", "/api/interviews/%s", NULL},
	};
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
			char path[200];
			snprintf(path, sizeof path, routes[i].path_fmt, id);
			struct http_response r;
			const char *body = routes[i].body;
			assert_int_equal(http_request(fx.port, routes[i].method, path, creds[k], body,
						      body ? strlen(body) : 0, &r), 0);
			if (r.status != 401)
				fail_msg("%s %s with the link as %s: %d %s", routes[i].method, path,
					 k ? "a cookie" : "a bearer token", r.status, r.body);
			assert_null(strstr(r.body, "Curious"));
			assert_null(strstr(r.body, "payment"));
			http_response_release(&r);
		}
	/* nothing was deleted or made */
	int status;
	char path[200];
	snprintf(path, sizeof path, "/api/interviews/%s", id);
	json_t *d = wf_get_json(&fx, path, &status);
	assert_int_equal(status, 200);
	assert_string_equal(json_string_value(json_object_get(d, "status")), "in_progress");
	json_decref(d);
	json_t *list = wf_get_json(&fx, "/api/interviews", &status);
	assert_int_equal(json_array_size(json_object_get(list, "interviews")), 1);
	json_decref(list);
	ws_close(c);
	json_decref(inv);
	wf_stop(&fx);
}

/* --- the security headers, on every kind of response ------------------------ */

/* The value of directive (e.g. "script-src") in a policy, or NULL. */
static const char *directive(const char *policy, const char *name, char *out, size_t cap)
{
	size_t n = strlen(name);
	for (const char *p = policy; p && *p;) {
		p += strspn(p, " ;");
		if (!strncmp(p, name, n) && p[n] == ' ') {
			snprintf(out, cap, "%.*s", (int)strcspn(p + n + 1, ";"), p + n + 1);
			return out;
		}
		p = strchr(p, ';');
	}
	return NULL;
}

/* Checks r's security headers; report: the HTML report's own policy. */
static void check_headers(const struct http_response *r, const char *what, int report)
{
	char csp[1024], v[256], scripts[512];
	if (!http_header(r, "Content-Security-Policy", csp, sizeof csp))
		fail_msg("%s (%d): no Content-Security-Policy", what, r->status);
	/* scripts: only from the server's own files (script-src, else default-src) */
	if (!directive(csp, "script-src", scripts, sizeof scripts) &&
	    !directive(csp, "default-src", scripts, sizeof scripts))
		fail_msg("%s: the policy leaves scripts open: %s", what, csp);
	if (strstr(scripts, "unsafe-inline") || strstr(scripts, "unsafe-eval") || strstr(scripts, "*") ||
	    strstr(scripts, "data:"))
		fail_msg("%s: the policy lets scripts in: %s", what, csp);
	if (report) {
		assert_non_null(strstr(csp, "default-src 'none'"));
		assert_null(strstr(csp, "script-src"));
		if (!strstr(csp, "frame-ancestors 'self'"))
			fail_msg("%s: %s", what, csp);
	} else if (!strstr(csp, "frame-ancestors 'none'")) {
		fail_msg("%s: may be framed: %s", what, csp);
	}
	if (!http_header(r, "X-Content-Type-Options", v, sizeof v) || strcmp(v, "nosniff"))
		fail_msg("%s: no X-Content-Type-Options: nosniff", what);
	if (!http_header(r, "Referrer-Policy", v, sizeof v) ||
	    (strcmp(v, "no-referrer") && strcmp(v, "same-origin") && strcmp(v, "strict-origin")))
		fail_msg("%s: Referrer-Policy %s", what, http_header(r, "Referrer-Policy", v, sizeof v) ? v : "missing");
}

/* Sends a request; checks its status and its headers. */
static void expect(int port, const char *method, const char *path, const char *headers, const char *body,
		   int status)
{
	struct http_response r;
	assert_int_equal(http_request(port, method, path, headers, body, body ? strlen(body) : 0, &r), 0);
	char what[300];
	snprintf(what, sizeof what, "%s %.200s", method, path);
	if (r.status != status)
		fail_msg("%s: %d, not %d: %.300s", what, r.status, status, r.body);
	check_headers(&r, what, 0);
	http_response_release(&r);
}

/* A whole interview in writing, by the room's socket. */
static void finish_interview(struct web_fixture *f, const json_t *inv)
{
	struct ws_client *c = wf_open_room(f, inv);
	assert_int_equal(ws_send_text(c, "{\"consent\": true, \"voice\": false}"), 0);
	json_t *e = ws_wait_event(c, "say", 20);
	char buf[512];
	for (int n = 0; e && strcmp(event_name(e), "end") && n < 300; n++) {
		json_decref(e);
		assert_int_equal(ws_send_answer(c, plain_reply(n, buf, sizeof buf)), 0);
		e = ws_next_event(c, 20);
		while (e && strcmp(event_name(e), "say") && strcmp(event_name(e), "end")) {
			json_decref(e);
			e = ws_next_event(c, 20);
		}
	}
	assert_non_null(e);
	assert_string_equal(event_name(e), "end");
	json_decref(e);
	ws_close(c);
}

static void test_security_headers_on_every_response(void **state)
{
	struct web_params p = {0};
	p.virtual_clock = 1;
	p.seed = 1;
	p.invitations_per_minute = 6;
	wf_start(&fx, &p);
	add_recruiter(fx.db, PASSWORD);
	struct login l;
	log_in(fx.port, PASSWORD, &l);
	char cookie_only[300];
	snprintf(cookie_only, sizeof cookie_only, "Cookie: iv_session=%s\r\n", l.secret);
	json_t *done = wf_invite(&fx, "Finished Person", 0);  /* invitation 1 */
	json_t *open = wf_invite(&fx, "Unstarted Person", 0); /* invitation 2 */
	finish_interview(&fx, done);
	char done_path[200], open_path[200], path[300], room[200];
	snprintf(done_path, sizeof done_path, "/api/interviews/%s", json_string_value(json_object_get(done, "id")));
	snprintf(open_path, sizeof open_path, "/api/interviews/%s", json_string_value(json_object_get(open, "id")));
	snprintf(room, sizeof room, "%s", json_string_value(json_object_get(open, "url")));

	/* 2xx of every kind: pages, static files, JSON, reports, audio, no content */
	expect(fx.port, "GET", "/", NULL, NULL, 200);
	expect(fx.port, "GET", "/healthz", NULL, NULL, 200);
	expect(fx.port, "GET", "/metrics", NULL, NULL, 200);
	expect(fx.port, "GET", room, NULL, NULL, 200);
	expect(fx.port, "GET", "/console", NULL, NULL, 200);
	expect(fx.port, "GET", "/console/interviews/0123456789abcdef0123456789abcdef", NULL, NULL, 200);
	expect(fx.port, "GET", "/static/room/room.js", NULL, NULL, 200);
	expect(fx.port, "GET", "/static/room/room.css", NULL, NULL, 200);
	expect(fx.port, "GET", "/static/console/console.js", NULL, NULL, 200);
	expect(fx.port, "GET", "/api/interviews", fx.auth, NULL, 200);
	expect(fx.port, "GET", "/api/interviews", cookie_only, NULL, 200);
	expect(fx.port, "GET", done_path, fx.auth, NULL, 200);
	snprintf(path, sizeof path, "%s/report?format=md", done_path);
	expect(fx.port, "GET", path, fx.auth, NULL, 200);
	snprintf(path, sizeof path, "%s/report?format=json", done_path);
	expect(fx.port, "GET", path, fx.auth, NULL, 200);
	expect(fx.port, "POST", "/api/invitations", l.headers, "{\"candidate_name\":\"Third\"}", 201); /* 3 */
	/* the candidate's recorded answer, as the room stores it */
	struct iv_error err;
	struct store *st = store_open(fx.db, &err);
	assert_non_null(st);
	int16_t pcm[1600] = {0};
	assert_int_equal(store_set_answer_audio(st, json_string_value(json_object_get(done, "id")), 1, 16000, pcm,
						1600, &err), 0);
	store_close(st);
	snprintf(path, sizeof path, "%s/audio/1", done_path);
	expect(fx.port, "GET", path, fx.auth, NULL, 200);

	/* the HTML report: its own policy, framed by this server's pages only */
	struct http_response r;
	snprintf(path, sizeof path, "%s/report?format=html", done_path);
	assert_int_equal(http_request(fx.port, "GET", path, fx.auth, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	check_headers(&r, "the HTML report", 1);
	http_response_release(&r);

	/* each error status, from a request that should produce it */
	expect(fx.port, "POST", "/api/invitations", fx.auth, "{not json", 400);
	expect(fx.port, "POST", "/api/login", NULL, "{\"email\": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}", 400);
	expect(fx.port, "POST", "/api/login", NULL, "{\"email\":\"a@b.c\",\"password\":\"caf\xc3\x28\"}", 400);
	expect(fx.port, "GET", "/api/interviews", NULL, NULL, 401);
	expect(fx.port, "GET", done_path, "Authorization: Bearer ivk_nothing\r\n", NULL, 401);
	expect(fx.port, "POST", "/api/invitations", cookie_only, "{\"candidate_name\":\"X\"}", 403);
	expect(fx.port, "DELETE", open_path, cookie_only, NULL, 403);
	expect(fx.port, "GET", "/api/interviews/0123456789abcdef0123456789abcdef", fx.auth, NULL, 404);
	expect(fx.port, "GET", "/nothing-here", NULL, NULL, 404);
	expect(fx.port, "GET", "/i/short", NULL, NULL, 404);
	expect(fx.port, "GET", "/static/../Makefile", NULL, NULL, 404);
	expect(fx.port, "GET", "/i/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/ws", NULL, NULL, 404); /* no upgrade */
	expect(fx.port, "GET", "/api/login", NULL, NULL, 405);
	expect(fx.port, "GET", "/api/logout", fx.auth, NULL, 405);
	expect(fx.port, "GET", "/api/invitations", fx.auth, NULL, 405);
	expect(fx.port, "PUT", done_path, fx.auth, "{}", 405);
	snprintf(path, sizeof path, "%s/report?format=md", open_path);
	expect(fx.port, "GET", path, fx.auth, NULL, 409);
	size_t big = WEB_MAX_BODY_BYTES + 10;
	char *body = malloc(big + 1);
	memset(body, ' ', big);
	body[big] = '\0';
	memcpy(body, "{\"email\":\"", 10);
	expect(fx.port, "POST", "/api/login", NULL, body, 413);
	memcpy(body, "{\"candidate_name\":\"", 19);
	expect(fx.port, "POST", "/api/invitations", fx.auth, body, 413);
	free(body);
	/* 429: invitations past the server's limit (6 a minute), then logins */
	int limited = 0;
	for (int i = 0; i < 10 && !limited; i++) {
		assert_int_equal(http_request(fx.port, "POST", "/api/invitations", fx.auth, "{\"candidate_name\":\"More\"}",
					      25, &r), 0);
		if (r.status == 429) {
			limited = 1;
			check_headers(&r, "429 for invitations", 0);
			char v[64];
			assert_non_null(http_header(&r, "Retry-After", v, sizeof v));
		} else {
			assert_int_equal(r.status, 201);
		}
		http_response_release(&r);
	}
	assert_true(limited);
	limited = 0;
	for (int i = 0; i < 15 && !limited; i++) {
		static const char guess[] = "{\"email\":\"" RECRUITER "\",\"password\":\"guess\"}";
		assert_int_equal(http_request(fx.port, "POST", "/api/login", NULL, guess, sizeof guess - 1, &r), 0);
		if (r.status == 429) {
			limited = 1;
			check_headers(&r, "429 for logins", 0);
		} else {
			assert_int_equal(r.status, 401);
			check_headers(&r, "401 for a login", 0);
		}
		http_response_release(&r);
	}
	assert_true(limited);
	/* the 204s */
	expect(fx.port, "DELETE", open_path, l.headers, NULL, 204);
	expect(fx.port, "POST", "/api/logout", l.headers, NULL, 204);

	/* a request too broken for the service to see is answered by the HTTP
	 * library itself, with the service's headers all the same */
	int fd = connect_loopback(fx.port);
	static const char broken[] = "GARBAGE\r\n\r\n";
	assert_int_equal(write(fd, broken, sizeof broken - 1), (ssize_t)sizeof broken - 1);
	char answer[2048] = "";
	size_t n = 0;
	for (ssize_t k; n < sizeof answer - 1 && !strstr(answer, "\r\n\r\n") &&
			(k = read(fd, answer + n, sizeof answer - 1 - n)) > 0;)
		answer[n += (size_t)k] = '\0';
	close(fd);
	assert_non_null(strstr(answer, " 400 "));
	assert_non_null(strstr(answer, "X-Content-Type-Options: nosniff"));
	assert_non_null(strstr(answer, "Content-Security-Policy: default-src 'self'; script-src 'self';"));
	assert_non_null(strstr(answer, "frame-ancestors 'none'"));
	assert_non_null(strstr(answer, "Referrer-Policy: no-referrer"));
	json_decref(done);
	json_decref(open);
	wf_stop(&fx);
}

/* --- login: the same answer, in comparable time ----------------------------- */

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void test_login_answers_alike_in_comparable_time(void **state)
{
	struct web_params p = {0};
	p.virtual_clock = 1;
	p.seed = 1;
	p.login_per_minute = 1000; /* the timing, not the rate limit */
	wf_start(&fx, &p);
	add_recruiter(fx.db, PASSWORD);

	/* what one argon2id verification costs here (the password's own cost) */
	assert_true(sodium_init() >= 0);
	char hash[crypto_pwhash_STRBYTES];
	assert_int_equal(crypto_pwhash_str(hash, "x", 1, crypto_pwhash_OPSLIMIT_INTERACTIVE,
					   crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	double argon2_s = 1e9;
	for (int i = 0; i < 3; i++) {
		double t0 = now_s();
		assert_int_equal(crypto_pwhash_str_verify(hash, "y", 1), -1);
		double t = now_s() - t0;
		if (t < argon2_s)
			argon2_s = t;
	}

	static const char *const bodies[2] = {
		"{\"email\":\"nobody@example.com\",\"password\":\"" PASSWORD "\"}",
		"{\"email\":\"" RECRUITER "\",\"password\":\"not the passphrase\"}",
	};
	double times[2][5];
	char first_body[256] = "";
	for (int round = 0; round < 5; round++)
		for (int k = 0; k < 2; k++) { /* interleaved: a busy machine slows both alike */
			struct http_response r;
			double t0 = now_s();
			assert_int_equal(http_request(fx.port, "POST", "/api/login", NULL, bodies[k], strlen(bodies[k]), &r),
					 0);
			times[k][round] = now_s() - t0;
			assert_int_equal(r.status, 401);
			char v[256];
			assert_null(http_header(&r, "Set-Cookie", v, sizeof v));
			if (!first_body[0])
				snprintf(first_body, sizeof first_body, "%s", r.body);
			assert_string_equal(r.body, first_body); /* the same words for both */
			http_response_release(&r);
		}
	qsort(times[0], 5, sizeof(double), compare_doubles);
	qsort(times[1], 5, sizeof(double), compare_doubles);
	double unknown = times[0][2], wrong = times[1][2];
	fprintf(stderr, "login medians: unknown email %.1f ms, wrong password %.1f ms; argon2id %.1f ms\n",
		unknown * 1000, wrong * 1000, argon2_s * 1000);
	/* both verify a password (half the cost measured here: the server may
	 * run while this process was slowed), and neither is 4x the other */
	assert_true(unknown >= argon2_s * 0.5);
	assert_true(wrong >= argon2_s * 0.5);
	assert_true(unknown < wrong * 4 && wrong < unknown * 4);
	wf_stop(&fx);
}

/* --- no secret reaches the log of a real server ----------------------------- */

/* Starts `interviewer serve --port 0 --db db --virtual-clock` with its
 * output to log; waits for the port it took. */
static void serve(struct served *s, const char *db, const char *log)
{
	s->log = strdup(log);
	s->pid = fork();
	assert_true(s->pid >= 0);
	if (s->pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
		execl(ts_binary(), "interviewer", "serve", "--port", "0", "--db", db, "--virtual-clock",
		      (char *)NULL);
		_exit(127);
	}
	s->port = 0;
	for (double until = now_s() + 30; !s->port && now_s() < until;) {
		size_t len = 0;
		char *text = ts_read(log, &len);
		const char *at = text ? strstr(text, "listening on http://127.0.0.1:") : NULL;
		if (at)
			s->port = atoi(at + strlen("listening on http://127.0.0.1:"));
		free(text);
		if (!s->port && waitpid(s->pid, NULL, WNOHANG) == s->pid) {
			s->pid = 0;
			break;
		}
		if (!s->port)
			usleep(50000);
	}
	if (!s->port) {
		size_t len = 0;
		char *text = ts_read(log, &len);
		fail_msg("interviewer serve did not start: %s", text ? text : "(no output)");
	}
}

/* Stops it with SIGTERM (it must stop cleanly); returns its log (malloc'd). */
static char *stop_serving(struct served *s)
{
	kill(s->pid, SIGTERM);
	int status = -1;
	for (double until = now_s() + 20; now_s() < until;) {
		if (waitpid(s->pid, &status, WNOHANG) == s->pid)
			break;
		usleep(50000);
	}
	if (!WIFEXITED(status)) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
		fail_msg("interviewer serve did not stop on SIGTERM");
	}
	assert_int_equal(WEXITSTATUS(status), 0);
	s->pid = 0;
	size_t len = 0;
	char *log = ts_read(s->log, &len);
	assert_non_null(log);
	free(s->log);
	s->log = NULL;
	return log;
}

static void test_no_secret_in_the_log(void **state)
{
	char *dir = ts_tmpdir();
	char *db = ts_path(dir, "interviews.db");
	char *logfile = ts_path(dir, "serve.log");
	add_recruiter(db, PASSWORD);
	const char *argv[] = {"interviewer", "token", "add", "ats", "--db", db, NULL};
	char *token = NULL, *err = NULL;
	assert_int_equal(ts_run(argv, NULL, 0, &token, &err), 0);
	token[strcspn(token, "\n")] = '\0';
	assert_true(strlen(token) > 40);
	free(err);
	static const char wrong[] = "tangerine-submarine-9931";

	struct served *s = &sv;
	serve(s, db, logfile);
	struct http_response r;
	char body[600], auth[200], path[400];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", token);
	/* logins: wrong, malformed with the password, too large, right */
	snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"%s\"}", RECRUITER, wrong);
	assert_int_equal(http_request(s->port, "POST", "/api/login", NULL, body, strlen(body), &r), 0);
	assert_int_equal(r.status, 401);
	http_response_release(&r);
	snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"%s\"", RECRUITER, PASSWORD);
	assert_int_equal(http_request(s->port, "POST", "/api/login", NULL, body, strlen(body), &r), 0);
	assert_int_equal(r.status, 400);
	http_response_release(&r);
	struct login l;
	log_in(s->port, PASSWORD, &l);
	/* the token where it belongs, and where it does not */
	assert_int_equal(http_request(s->port, "GET", "/api/interviews", auth, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	http_response_release(&r);
	snprintf(path, sizeof path, "/api/interviews?token=%s&password=%s", token, PASSWORD);
	assert_int_equal(http_request(s->port, "GET", path, NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 401);
	http_response_release(&r);
	snprintf(path, sizeof path, "/nothing/%s", token);
	assert_int_equal(http_request(s->port, "GET", path, NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 404);
	http_response_release(&r);
	char bad_auth[300];
	snprintf(bad_auth, sizeof bad_auth, "Authorization: Bearer %sx\r\n", token);
	assert_int_equal(http_request(s->port, "GET", "/api/interviews", bad_auth, NULL, 0, &r), 0);
	assert_int_equal(r.status, 401);
	http_response_release(&r);
	/* a request the HTTP library refuses, carrying the token */
	int fd = connect_loopback(s->port);
	char broken[400];
	int n = snprintf(broken, sizeof broken, "GET /%s HTTP/9.9 %s\r\n\r\n", token, PASSWORD);
	assert_int_equal(write(fd, broken, (size_t)n), n);
	char sink[1024];
	(void)!read(fd, sink, sizeof sink);
	close(fd);
	/* an invitation with the session; the candidate's link opens the room */
	assert_int_equal(http_request(s->port, "POST", "/api/invitations", l.headers, "{\"candidate_name\":\"Logged\"}",
				      27, &r), 0);
	assert_int_equal(r.status, 201);
	json_t *inv = json_loads(r.body, 0, NULL);
	http_response_release(&r);
	const char *link = json_string_value(json_object_get(inv, "token"));
	snprintf(path, sizeof path, "/i/%s/ws", link);
	struct ws_client *c = ws_connect(s->port, path);
	assert_non_null(c);
	assert_int_equal(ws_send_text(c, "{\"consent\": true, \"voice\": false}"), 0);
	json_t *e = ws_wait_event(c, "say", 20);
	assert_non_null(e);
	json_decref(e);
	assert_int_equal(ws_send_text(c, "{\"text\": 7}"), 0); /* refused: bad_message */
	e = ws_wait_event(c, "error", 10);
	assert_non_null(e);
	json_decref(e);
	ws_close(c);
	room_refuses(s->port, token + 4, "the API token");
	/* the link in the API's place */
	char link_auth[200];
	snprintf(link_auth, sizeof link_auth, "Authorization: Bearer %s\r\n", link);
	assert_int_equal(http_request(s->port, "GET", "/api/interviews", link_auth, NULL, 0, &r), 0);
	assert_int_equal(r.status, 401);
	http_response_release(&r);
	assert_int_equal(http_request(s->port, "POST", "/api/logout", l.headers, NULL, 0, &r), 0);
	assert_int_equal(r.status, 204);
	http_response_release(&r);

	char *log = stop_serving(s);
	fprintf(stderr, "the server's log (%zu bytes):\n%s", strlen(log), log);
	assert_non_null(strstr(log, "listening on"));
	const char *secrets[] = {PASSWORD, wrong, token, token + 4, l.secret, l.csrf, link, "$argon2", NULL};
	for (size_t i = 0; secrets[i]; i++) {
		char head[12]; /* a part of it is as bad */
		snprintf(head, sizeof head, "%.11s", secrets[i]);
		if (strstr(log, secrets[i]) || (strlen(secrets[i]) > 20 && strstr(log, head)))
			fail_msg("the log holds a secret (%.6s...)", secrets[i]);
	}
	free(log);
	json_decref(inv);
	free(token);
	free(db);
	free(logfile);
	ts_rmdir(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_recruiter_credentials_do_not_open_a_room, stop_servers),
		cmocka_unit_test_teardown(test_link_token_reads_nothing, stop_servers),
		cmocka_unit_test_teardown(test_security_headers_on_every_response, stop_servers),
		cmocka_unit_test_teardown(test_login_answers_alike_in_comparable_time, stop_servers),
		cmocka_unit_test_teardown(test_no_secret_in_the_log, stop_servers),
	};
	if (getenv("IV_TEST_FILTER"))
		cmocka_set_test_filter(getenv("IV_TEST_FILTER"));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
