/*
 * test_web_api.c - the web service's HTTP side over real HTTP on loopback
 * (contract section 6): health and metrics, who may use the API (tokens,
 * login, CSRF, the login rate limit), invitations and their bad input, the
 * interviews by status, reports, deletion with the recorded audio, the
 * security headers, and static files that cannot be escaped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "test_support.h"
#include "web_client.h"
#include "web_internal.h"

static struct web_fixture fx;

static int setup(void **state)
{
	wf_start(&fx, NULL);
	return 0;
}

static int teardown(void **state)
{
	wf_stop(&fx);
	return 0;
}

static int request(const char *method, const char *path, const char *headers, const char *body,
		   struct http_response *r)
{
	assert_int_equal(http_request(fx.port, method, path, headers, body, body ? strlen(body) : 0, r), 0);
	return r->status;
}

static void test_health_and_metrics(void **state)
{
	struct http_response r;
	assert_int_equal(request("GET", "/healthz", NULL, NULL, &r), 200);
	json_t *o = json_loads(r.body, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(o, "status")), "ok");
	json_decref(o);
	http_response_release(&r);
	assert_int_equal(request("GET", "/metrics", NULL, NULL, &r), 200);
	assert_non_null(strstr(r.body, "# TYPE interviewer_live_interviews gauge"));
	assert_non_null(strstr(r.body, "interviewer_end_of_speech_to_first_audio_seconds_bucket{le=\"+Inf\"}"));
	assert_non_null(strstr(r.body, "interviewer_recognition_seconds_count"));
	http_response_release(&r);
}

static void test_security_headers_everywhere(void **state)
{
	static const char *const paths[] = {"/healthz", "/api/interviews", "/nothing-here",
					    "/i/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct http_response r;
		char v[1024];
		request("GET", paths[i], NULL, NULL, &r);
		assert_non_null(http_header(&r, "Content-Security-Policy", v, sizeof v));
		assert_non_null(strstr(v, "frame-ancestors 'none'"));
		assert_null(strstr(v, "unsafe-inline"));
		assert_string_equal(http_header(&r, "X-Content-Type-Options", v, sizeof v), "nosniff");
		assert_non_null(http_header(&r, "Referrer-Policy", v, sizeof v));
		http_response_release(&r);
	}
}

static void test_api_needs_credentials(void **state)
{
	struct http_response r;
	assert_int_equal(request("GET", "/api/interviews", NULL, NULL, &r), 401);
	assert_non_null(strstr(r.body, "\"error\""));
	http_response_release(&r);
	assert_int_equal(request("GET", "/api/interviews", "Authorization: Bearer ivk_wrong\r\n", NULL, &r), 401);
	http_response_release(&r);
	assert_int_equal(request("POST", "/api/invitations", NULL, "{\"candidate_name\":\"X\"}", &r), 401);
	http_response_release(&r);
	assert_int_equal(request("GET", "/api/interviews", fx.auth, NULL, &r), 200);
	http_response_release(&r);
	/* a candidate's link is no API credential */
	json_t *inv = wf_invite(&fx, "Link Holder", 0);
	char hdr[200];
	snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\n", json_string_value(json_object_get(inv, "token")));
	assert_int_equal(request("GET", "/api/interviews", hdr, NULL, &r), 401);
	http_response_release(&r);
	json_decref(inv);
}

static void test_invitation_bad_input(void **state)
{
	static const struct {
		const char *body;
		int status;
	} cases[] = {
		{"{not json", 400},
		{"[\"candidate_name\"]", 400},
		{"{}", 400},
		{"{\"candidate_name\": \"\"}", 400},
		{"{\"candidate_name\": 7}", 400},
		{"{\"candidate_name\": \"A\", \"expires_in_s\": -1}", 400},
		{"{\"candidate_name\": \"A\", \"expires_in_s\": \"soon\"}", 400},
		{"{\"candidate_name\": \"A\", \"playbook\": \"../../etc/passwd\"}", 400},
		{"{\"candidate_name\": \"A\", \"playbook\": \"nonexistent\"}", 400},
		{"{\"candidate_name\": \"A\", \"email\": 5}", 400},
		{"{\"candidate_name\": \"caf\xc3\x28\"}", 400},
		{"{\"candidate_name\": \"A\", \"x\": [[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]}", 400},
		{"{\"candidate_name\": \"A\", \"candidate_name\": \"B\"}", 400},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct http_response r;
		int status = request("POST", "/api/invitations", fx.auth, cases[i].body, &r);
		if (status != cases[i].status)
			fail_msg("case %zu: %d %s", i, status, r.body);
		json_t *o = json_loads(r.body, 0, NULL);
		assert_non_null(json_string_value(json_object_get(o, "error")));
		json_decref(o);
		http_response_release(&r);
	}
	/* a body over the limit */
	size_t big = WEB_MAX_BODY_BYTES + 100;
	char *body = malloc(big + 1);
	memset(body, ' ', big);
	body[big] = '\0';
	memcpy(body, "{\"candidate_name\": \"", 20);
	struct http_response r;
	assert_int_equal(request("POST", "/api/invitations", fx.auth, body, &r), 413);
	http_response_release(&r);
	free(body);
	/* wrong methods and routes */
	assert_int_equal(request("GET", "/api/invitations", fx.auth, NULL, &r), 405);
	http_response_release(&r);
	assert_int_equal(request("GET", "/api/interviews/nothex", fx.auth, NULL, &r), 404);
	http_response_release(&r);
	assert_int_equal(request("GET", "/api/interviews/0123456789abcdef0123456789abcdef", fx.auth, NULL, &r), 404);
	http_response_release(&r);
	assert_int_equal(request("GET", "/api/elsewhere", fx.auth, NULL, &r), 404);
	http_response_release(&r);
}

static void test_invitations_and_listing(void **state)
{
	json_t *a = wf_invite(&fx, "Barbara Liskov", 0);
	const char *token = json_string_value(json_object_get(a, "token"));
	const char *url = json_string_value(json_object_get(a, "url"));
	assert_int_equal(strlen(token), 43); /* 256 random bits */
	assert_true(web_token_is_well_formed(token));
	char want[80];
	snprintf(want, sizeof want, "/i/%s", token);
	assert_string_equal(url, want);
	json_t *b = wf_invite(&fx, "Edsger Dijkstra", 0);
	assert_string_not_equal(token, json_string_value(json_object_get(b, "token")));

	int status;
	json_t *list = wf_get_json(&fx, "/api/interviews?q=liskov", &status);
	assert_int_equal(status, 200);
	json_t *items = json_object_get(list, "interviews");
	assert_int_equal(json_array_size(items), 1);
	json_t *it = json_array_get(items, 0);
	assert_string_equal(json_string_value(json_object_get(it, "status")), "invited");
	assert_string_equal(json_string_value(json_object_get(it, "id")), json_string_value(json_object_get(a, "id")));
	assert_int_equal(json_integer_value(json_object_get(it, "turns")), 0);
	assert_true(json_is_number(json_object_get(it, "created")));
	json_decref(list);

	/* the room's page is served for the link, with no inline script allowed */
	struct http_response r;
	assert_int_equal(request("GET", url, NULL, NULL, &r), 200);
	char v[1024];
	assert_non_null(strstr(http_header(&r, "Content-Type", v, sizeof v), "text/html"));
	assert_non_null(strstr(r.body, "/static/room/room.js"));
	http_response_release(&r);

	/* an interview not held has no report */
	char path[200];
	snprintf(path, sizeof path, "/api/interviews/%s/report?format=md", json_string_value(json_object_get(a, "id")));
	assert_int_equal(request("GET", path, fx.auth, NULL, &r), 409);
	http_response_release(&r);
	/* a format it does not make */
	snprintf(path, sizeof path, "/api/interviews/%s/report?format=pdf", json_string_value(json_object_get(a, "id")));
	assert_int_equal(request("GET", path, fx.auth, NULL, &r), 400);
	http_response_release(&r);
	/* a recorded answer that does not exist, and a turn that is no number */
	snprintf(path, sizeof path, "/api/interviews/%s/audio/1", json_string_value(json_object_get(a, "id")));
	assert_int_equal(request("GET", path, fx.auth, NULL, &r), 404);
	http_response_release(&r);
	snprintf(path, sizeof path, "/api/interviews/%s/audio/x", json_string_value(json_object_get(a, "id")));
	assert_int_equal(request("GET", path, fx.auth, NULL, &r), 404);
	http_response_release(&r);
	json_decref(a);
	json_decref(b);
}

static void test_delete_takes_the_audio(void **state)
{
	json_t *inv = wf_invite(&fx, "Deleted Person", 0);
	const char *id = json_string_value(json_object_get(inv, "id"));
	/* a session with a turn and a recorded answer, as the room stores them */
	struct iv_error err;
	struct store *st = store_open(fx.db, &err);
	assert_non_null(st);
	struct session_info si = {.session_id = id, .candidate_name = "Deleted Person",
				  .playbook_version = "x", .seed = 1, .created_unix = 1};
	assert_int_equal(store_create_session(st, &si, &err), 0);
	assert_int_equal(store_add_turn(st, id, 1, "opening", "opening.greeting", 1, 0, "Hi", &err), 0);
	int16_t pcm[1600];
	for (int i = 0; i < 1600; i++)
		pcm[i] = (int16_t)(i * 7);
	assert_int_equal(store_set_answer_audio(st, id, 1, 16000, pcm, 1600, &err), 0);

	char path[200];
	struct http_response r;
	snprintf(path, sizeof path, "/api/interviews/%s/audio/1", id);
	assert_int_equal(request("GET", path, fx.auth, NULL, &r), 200);
	assert_int_equal(r.len, 44 + sizeof pcm); /* a WAV of the answer */
	assert_memory_equal(r.body, "RIFF", 4);
	http_response_release(&r);

	snprintf(path, sizeof path, "/api/interviews/%s", id);
	assert_int_equal(request("DELETE", path, fx.auth, NULL, &r), 204);
	http_response_release(&r);
	assert_int_equal(request("GET", path, fx.auth, NULL, &r), 404);
	http_response_release(&r);
	assert_int_equal(request("DELETE", path, fx.auth, NULL, &r), 404);
	http_response_release(&r);
	int rate;
	int16_t *back = NULL;
	size_t n;
	assert_int_equal(store_get_answer_audio(st, id, 1, &rate, &back, &n, &err), 0);
	assert_null(store_load(st, id, NULL, &err));
	store_close(st);
	/* and the bytes are gone from the files, not only unlinked */
	static const char *const files[] = {"interviews.db", "interviews.db-wal"};
	for (size_t f = 0; f < 2; f++) {
		size_t len = 0;
		char *fpath = ts_path(fx.dir, files[f]);
		char *file = ts_read(fpath, &len);
		for (size_t i = 0; file && i + 64 <= len; i++)
			if (!memcmp(file + i, (const char *)pcm + 800, 64))
				fail_msg("the deleted answer's audio is still in %s", files[f]);
		free(file);
		free(fpath);
	}
	json_decref(inv);
}

static void test_login_csrf_and_rate_limit(void **state)
{
	struct iv_error err;
	struct store *st = store_open(fx.db, &err);
	char hash[crypto_pwhash_STRBYTES];
	assert_int_equal(sodium_init() >= 0, 1);
	assert_int_equal(crypto_pwhash_str(hash, "correct horse", 13, crypto_pwhash_OPSLIMIT_INTERACTIVE,
					   crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	assert_int_equal(store_add_user(st, "rec@example.com", hash, 1, &err), 0);
	store_close(st);

	struct http_response r;
	assert_int_equal(request("POST", "/api/login", NULL, "{\"email\":\"rec@example.com\",\"password\":\"wrong\"}", &r), 401);
	char wrong_pw[256];
	snprintf(wrong_pw, sizeof wrong_pw, "%s", r.body);
	http_response_release(&r);
	assert_int_equal(request("POST", "/api/login", NULL, "{\"email\":\"nobody@example.com\",\"password\":\"wrong\"}", &r), 401);
	assert_string_equal(r.body, wrong_pw); /* the same answer for an unknown account */
	http_response_release(&r);
	assert_int_equal(request("POST", "/api/login", NULL, "{\"email\":1}", &r), 400);
	http_response_release(&r);

	assert_int_equal(request("POST", "/api/login", NULL, "{\"email\":\"rec@example.com\",\"password\":\"correct horse\"}", &r), 200);
	char cookie[256], v[512];
	assert_non_null(http_header(&r, "Set-Cookie", v, sizeof v));
	assert_non_null(strstr(v, "HttpOnly"));
	assert_non_null(strstr(v, "SameSite=Strict"));
	assert_null(strstr(r.body, "correct horse"));
	snprintf(cookie, sizeof cookie, "Cookie: %.*s\r\n", (int)strcspn(v, ";"), v);
	json_t *o = json_loads(r.body, 0, NULL);
	char csrf[128];
	snprintf(csrf, sizeof csrf, "X-CSRF-Token: %s\r\n", json_string_value(json_object_get(o, "csrf")));
	json_decref(o);
	http_response_release(&r);

	assert_int_equal(request("GET", "/api/interviews", cookie, NULL, &r), 200);
	http_response_release(&r);
	/* a state-changing request needs the CSRF token */
	assert_int_equal(request("POST", "/api/invitations", cookie, "{\"candidate_name\":\"C\"}", &r), 403);
	http_response_release(&r);
	char both[512];
	snprintf(both, sizeof both, "%s%s", cookie, csrf);
	assert_int_equal(request("POST", "/api/invitations", both, "{\"candidate_name\":\"C\"}", &r), 201);
	http_response_release(&r);
	assert_int_equal(request("POST", "/api/logout", cookie, NULL, &r), 204);
	http_response_release(&r);
	assert_int_equal(request("GET", "/api/interviews", cookie, NULL, &r), 401);
	http_response_release(&r);
	/* logging out without a session is refused like any API request */
	assert_int_equal(request("POST", "/api/logout", cookie, NULL, &r), 401);
	http_response_release(&r);
	assert_int_equal(request("POST", "/api/logout", NULL, NULL, &r), 401);
	http_response_release(&r);

	/* guessing runs into the rate limit */
	int limited = 0;
	for (int i = 0; i < 15 && !limited; i++) {
		int s = request("POST", "/api/login", NULL, "{\"email\":\"rec@example.com\",\"password\":\"guess\"}", &r);
		if (s == 429) {
			limited = 1;
			assert_non_null(http_header(&r, "Retry-After", v, sizeof v));
			assert_true(atoi(v) >= 1);
		} else {
			assert_int_equal(s, 401);
		}
		http_response_release(&r);
	}
	assert_true(limited);
}

static void test_static_files_cannot_escape(void **state)
{
	static const char *const paths[] = {
		"/static/../Makefile", "/static/room/../../Makefile", "/static/%2e%2e/Makefile",
		"/static/room/..%2f..%2fMakefile", "/static/nothing.js", "/static/",
	};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct http_response r;
		int s = request("GET", paths[i], NULL, NULL, &r);
		if (s == 200)
			fail_msg("%s was served", paths[i]);
		assert_null(strstr(r.body, "DEBIAN_PACKAGES"));
		http_response_release(&r);
	}
	struct http_response r;
	assert_int_equal(request("GET", "/static/room/room.js", NULL, NULL, &r), 200);
	char v[256];
	assert_non_null(strstr(http_header(&r, "Content-Type", v, sizeof v), "javascript"));
	http_response_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_health_and_metrics),
		cmocka_unit_test(test_security_headers_everywhere),
		cmocka_unit_test(test_api_needs_credentials),
		cmocka_unit_test(test_invitation_bad_input),
		cmocka_unit_test(test_invitations_and_listing),
		cmocka_unit_test(test_delete_takes_the_audio),
		cmocka_unit_test(test_login_csrf_and_rate_limit),
		cmocka_unit_test(test_static_files_cannot_escape),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
