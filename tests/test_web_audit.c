/*
 * test_web_audit.c - what a hiring team's administrator relies on, over
 * real HTTP on loopback: API tokens listed with their last use, made and
 * revoked by the API (and `interviewer token list`); the audit log of
 * recruiters' actions (who, what, which interview, when, from where; no
 * secret in it); the per-account limit on invitations; which turns have a
 * recording (has_audio); the retention period deleting recordings (from
 * the database file too) while transcripts and scorecards stay; the limits
 * on every POST; and HTTPS with --tls-cert/--tls-key (HSTS, Secure
 * cookies).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "test_sim.h"
#include "test_support.h"
#include "web_client.h"
#include "web_internal.h"

static int request(const struct web_fixture *f, const char *method, const char *path,
		   const char *headers, const char *body, struct http_response *r)
{
	assert_int_equal(http_request(f->port, method, path, headers, body, body ? strlen(body) : 0, r), 0);
	return r->status;
}

/* The status of a request, its body parsed into *json when json is not NULL. */
static int call(const struct web_fixture *f, const char *method, const char *path,
		const char *headers, const char *body, json_t **json)
{
	struct http_response r;
	int status = request(f, method, path, headers, body, &r);
	if (json)
		*json = json_loads(r.body, 0, NULL);
	http_response_release(&r);
	return status;
}

static void add_user(const struct web_fixture *f, const char *email, const char *password)
{
	struct iv_error err;
	struct store *st = store_open(f->db, &err);
	assert_non_null(st);
	char hash[crypto_pwhash_STRBYTES];
	assert_true(sodium_init() >= 0);
	assert_int_equal(crypto_pwhash_str(hash, password, strlen(password),
					   crypto_pwhash_OPSLIMIT_INTERACTIVE,
					   crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	assert_int_equal(store_add_user(st, email, hash, 1, &err), 0);
	store_close(st);
}

/* Logs in; fills "Cookie: ...\r\nX-CSRF-Token: ...\r\n". */
static void login(const struct web_fixture *f, const char *email, const char *password,
		  char *headers, size_t cap)
{
	char body[300];
	snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"%s\"}", email, password);
	struct http_response r;
	assert_int_equal(request(f, "POST", "/api/login", NULL, body, &r), 200);
	char v[512];
	assert_non_null(http_header(&r, "Set-Cookie", v, sizeof v));
	json_t *o = json_loads(r.body, 0, NULL);
	snprintf(headers, cap, "Cookie: %.*s\r\nX-CSRF-Token: %s\r\n", (int)strcspn(v, ";"), v,
		 json_string_value(json_object_get(o, "csrf")));
	json_decref(o);
	http_response_release(&r);
}

static char *big_body(size_t n)
{
	char *body = malloc(n + 1);
	memset(body, ' ', n);
	body[n] = '\0';
	memcpy(body, "{\"name\": \"", 10);
	return body;
}

static char *deep_body(const char *field, int depth)
{
	char *body = malloc((size_t)depth * 2 + 100);
	int n = sprintf(body, "{\"%s\": \"x\", \"d\": ", field);
	for (int i = 0; i < depth; i++)
		body[n++] = '[';
	for (int i = 0; i < depth; i++)
		body[n++] = ']';
	strcpy(body + n, "}");
	return body;
}

/* --- API tokens ---------------------------------------------------------- */

static json_t *find_named(json_t *list, const char *key, const char *name)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(list, key), i, it)
		if (!strcmp(json_string_value(json_object_get(it, "name")), name))
			return it;
	return NULL;
}

static void test_tokens_api(void **state)
{
	struct web_fixture f;
	wf_start(&f, NULL);
	json_t *list = NULL;
	assert_int_equal(call(&f, "GET", "/api/tokens", f.auth, NULL, &list), 200);
	json_t *mine = find_named(list, "tokens", "tests");
	assert_non_null(mine);
	assert_true(json_is_number(json_object_get(mine, "created")));
	assert_true(json_is_number(json_object_get(mine, "last_used"))); /* this very request */
	json_decref(list);

	/* made by the API: the secret is in the answer, once */
	json_t *made = NULL;
	assert_int_equal(call(&f, "POST", "/api/tokens", f.auth, "{\"name\": \"ci bot\"}", &made), 201);
	const char *secret = json_string_value(json_object_get(made, "token"));
	assert_non_null(secret);
	assert_int_equal(strncmp(secret, "ivk_", 4), 0);
	char bearer[200];
	snprintf(bearer, sizeof bearer, "Authorization: Bearer %s\r\n", secret);
	struct http_response r;
	assert_int_equal(request(&f, "GET", "/api/tokens", bearer, NULL, &r), 200);
	assert_null(strstr(r.body, secret)); /* never listed */
	assert_null(strstr(r.body, secret + 4));
	list = json_loads(r.body, 0, NULL);
	http_response_release(&r);
	json_t *bot = find_named(list, "tokens", "ci bot");
	assert_non_null(bot);
	assert_true(json_is_number(json_object_get(bot, "last_used")));
	assert_int_equal(json_object_size(bot), 3); /* name, created, last_used: nothing else */
	json_decref(list);

	/* `token list` says the same, without secrets */
	const char *argv[] = {"interviewer", "token", "list", "--db", f.db, NULL};
	char *out = NULL, *err = NULL;
	assert_int_equal(ts_run(argv, NULL, 0, &out, &err), 0);
	assert_non_null(strstr(out, "ci bot"));
	assert_non_null(strstr(out, "LAST USED"));
	assert_null(strstr(out, secret + 4));
	free(out);
	free(err);
	const char *json_argv[] = {"interviewer", "token", "list", "--json", "--db", f.db, NULL};
	assert_int_equal(ts_run(json_argv, NULL, 0, &out, &err), 0);
	json_t *cli = json_loads(out, 0, NULL);
	assert_non_null(find_named(cli, "tokens", "ci bot"));
	assert_non_null(find_named(cli, "tokens", "tests"));
	json_decref(cli);
	free(out);
	free(err);
	const char *extra[] = {"interviewer", "token", "list", "more", "--db", f.db, NULL};
	assert_int_equal(ts_run(extra, NULL, 0, &out, &err), 2);
	free(out);
	free(err);

	/* revoked (by its name, URL-encoded): refused from then on */
	assert_int_equal(call(&f, "DELETE", "/api/tokens/ci%20bot", f.auth, NULL, NULL), 204);
	assert_int_equal(call(&f, "GET", "/api/interviews", bearer, NULL, NULL), 401);
	assert_int_equal(call(&f, "DELETE", "/api/tokens/ci%20bot", f.auth, NULL, NULL), 404);
	assert_int_equal(call(&f, "DELETE", "/api/tokens/no-such-token", f.auth, NULL, NULL), 404);
	assert_int_equal(call(&f, "DELETE", "/api/tokens/%00", f.auth, NULL, NULL), 404);
	assert_int_equal(call(&f, "DELETE", "/api/tokens/a/b", f.auth, NULL, NULL), 404);
	assert_int_equal(call(&f, "GET", "/api/tokens", f.auth, NULL, &list), 200);
	assert_null(find_named(list, "tokens", "ci bot"));
	json_decref(list);
	json_decref(made);

	/* wrong methods, bad bodies, no credentials */
	assert_int_equal(call(&f, "PUT", "/api/tokens", f.auth, "{}", NULL), 405);
	assert_int_equal(call(&f, "GET", "/api/tokens/tests", f.auth, NULL, NULL), 405);
	assert_int_equal(call(&f, "GET", "/api/tokens", NULL, NULL, NULL), 401);
	assert_int_equal(call(&f, "DELETE", "/api/tokens/tests", NULL, NULL, NULL), 401);
	static const char *const bad[] = {
		"{}", "{\"name\": \"\"}", "{\"name\": 5}", "{\"name\": \"a\\nb\"}", "not json", "[]",
		"{\"name\": \"x\", \"name\": \"y\"}",
		"{\"name\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *o = NULL;
		int status = call(&f, "POST", "/api/tokens", f.auth, bad[i], &o);
		if (status != 400)
			fail_msg("case %zu: %d", i, status);
		assert_non_null(json_string_value(json_object_get(o, "error")));
		json_decref(o);
	}
	char *deep = deep_body("name", 40);
	assert_int_equal(call(&f, "POST", "/api/tokens", f.auth, deep, NULL), 400);
	free(deep);
	char *huge = big_body(WEB_MAX_BODY_BYTES + 10);
	assert_int_equal(call(&f, "POST", "/api/tokens", f.auth, huge, NULL), 413);
	free(huge);
	wf_stop(&f);
}

/* --- the audit log --------------------------------------------------------- */

/* Holds an interview in writing to its end. */
static void finish_interview(struct web_fixture *f, const json_t *inv)
{
	struct ws_client *c = wf_open_room(f, inv);
	ws_send_text(c, "{\"consent\": true, \"voice\": false}");
	json_t *ev = ws_wait_event(c, "say", 20);
	assert_non_null(ev);
	json_decref(ev);
	char buf[512];
	for (int i = 0; i < 200; i++) {
		ws_send_answer(c, plain_reply(i, buf, sizeof buf));
		int ended = 0;
		for (;;) {
			ev = ws_next_event(c, 20);
			assert_non_null(ev);
			const char *name = json_string_value(json_object_get(ev, "event"));
			ended = !strcmp(name, "end");
			int said = !strcmp(name, "say");
			json_decref(ev);
			if (ended || said)
				break;
		}
		if (ended)
			break;
	}
	ws_close(c);
}

static int count_actions(json_t *entries, const char *action)
{
	int n = 0;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(entries, "entries"), i, e)
		n += !strcmp(json_string_value(json_object_get(e, "action")), action);
	return n;
}

static json_t *first_action(json_t *entries, const char *action)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(entries, "entries"), i, e)
		if (!strcmp(json_string_value(json_object_get(e, "action")), action))
			return e;
	return NULL;
}

static void test_audit_log(void **state)
{
	struct web_fixture f;
	wf_start(&f, NULL);
	add_user(&f, "rec@example.com", "a long passphrase");
	assert_int_equal(call(&f, "POST", "/api/login", NULL,
			      "{\"email\":\"rec@example.com\",\"password\":\"not it\"}", NULL), 401);
	char session[600];
	login(&f, "rec@example.com", "a long passphrase", session, sizeof session);

	json_t *inv = NULL;
	assert_int_equal(call(&f, "POST", "/api/invitations", session, "{\"candidate_name\":\"Ada\"}", &inv), 201);
	const char *id = json_string_value(json_object_get(inv, "id"));
	const char *link_secret = json_string_value(json_object_get(inv, "token"));
	finish_interview(&f, inv);
	char path[200];
	snprintf(path, sizeof path, "/api/interviews/%s", id);
	assert_int_equal(call(&f, "GET", path, session, NULL, NULL), 200);
	assert_int_equal(call(&f, "GET", path, session, NULL, NULL), 200); /* a poll: logged once */
	json_t *d = NULL;
	assert_int_equal(call(&f, "GET", path, session, NULL, &d), 200);
	if (strcmp(json_string_value(json_object_get(d, "status")), "completed"))
		fail_msg("not completed: %s", json_dumps(d, 0));
	json_decref(d);
	snprintf(path, sizeof path, "/api/interviews/%s/report?format=md", id);
	assert_int_equal(call(&f, "GET", path, f.auth, NULL, NULL), 200);
	snprintf(path, sizeof path, "/api/interviews/%s/report?format=html", id);
	assert_int_equal(call(&f, "GET", path, session, NULL, NULL), 200);
	struct iv_error err;
	struct store *st = store_open(f.db, &err);
	int16_t pcm[800] = {0};
	for (int i = 0; i < 800; i++)
		pcm[i] = (int16_t)(i * 13);
	assert_int_equal(store_set_answer_audio(st, id, 1, 16000, pcm, 800, &err), 0);
	store_close(st);
	snprintf(path, sizeof path, "/api/interviews/%s/audio/1", id);
	assert_int_equal(call(&f, "GET", path, session, NULL, NULL), 200);
	json_t *made = NULL;
	assert_int_equal(call(&f, "POST", "/api/tokens", session, "{\"name\":\"ats\"}", &made), 201);
	assert_int_equal(call(&f, "DELETE", "/api/tokens/ats", session, NULL, NULL), 204);
	json_t *other = wf_invite(&f, "Other", 0);
	snprintf(path, sizeof path, "/api/interviews/%s", id);
	assert_int_equal(call(&f, "DELETE", path, session, NULL, NULL), 204);

	/* everything, newest first, by whom and from where */
	struct http_response r;
	assert_int_equal(request(&f, "GET", "/api/audit", session, NULL, &r), 200);
	/* no secret in it: not the password, the link, a token or the session */
	assert_null(strstr(r.body, "a long passphrase"));
	assert_null(strstr(r.body, "not it"));
	assert_null(strstr(r.body, link_secret));
	assert_null(strstr(r.body, json_string_value(json_object_get(made, "token")) + 4));
	assert_null(strstr(r.body, f.token + 4));
	assert_null(strstr(r.body, strstr(session, "iv_session=") + 11 + 5));
	json_t *log = json_loads(r.body, 0, NULL);
	http_response_release(&r);
	assert_int_equal(count_actions(log, "login_failed"), 1);
	assert_int_equal(count_actions(log, "login"), 1);
	assert_int_equal(count_actions(log, "create_invitation"), 2);
	assert_int_equal(count_actions(log, "view_interview"), 1);
	assert_int_equal(count_actions(log, "view_report"), 1);
	assert_int_equal(count_actions(log, "download_report"), 1);
	assert_int_equal(count_actions(log, "play_audio"), 1);
	assert_int_equal(count_actions(log, "create_token"), 1);
	assert_int_equal(count_actions(log, "revoke_token"), 1);
	assert_int_equal(count_actions(log, "delete_interview"), 1);
	json_t *e = first_action(log, "delete_interview");
	assert_string_equal(json_string_value(json_object_get(e, "actor")), "rec@example.com");
	assert_string_equal(json_string_value(json_object_get(e, "interview")), id);
	assert_string_equal(json_string_value(json_object_get(e, "address")), "127.0.0.1");
	assert_true(json_number_value(json_object_get(e, "at")) > 1.7e9);
	e = first_action(log, "download_report");
	assert_string_equal(json_string_value(json_object_get(e, "actor")), "token:tests");
	assert_string_equal(json_string_value(json_object_get(e, "detail")), "md");
	e = first_action(log, "play_audio");
	assert_string_equal(json_string_value(json_object_get(e, "detail")), "turn 1");
	e = first_action(log, "login_failed");
	assert_string_equal(json_string_value(json_object_get(e, "actor")), "rec@example.com");
	e = first_action(log, "revoke_token");
	assert_string_equal(json_string_value(json_object_get(e, "detail")), "ats");
	json_t *newest = json_array_get(json_object_get(log, "entries"), 0);
	assert_string_equal(json_string_value(json_object_get(newest, "action")), "delete_interview");
	json_decref(log);

	/* one interview's entries; the newest few */
	char query[200];
	snprintf(query, sizeof query, "/api/audit?interview=%s", id);
	assert_int_equal(call(&f, "GET", query, f.auth, NULL, &log), 200);
	size_t i;
	json_array_foreach(json_object_get(log, "entries"), i, e)
		assert_string_equal(json_string_value(json_object_get(e, "interview")), id);
	assert_int_equal(count_actions(log, "create_invitation"), 1);
	json_decref(log);
	assert_int_equal(call(&f, "GET", "/api/audit?limit=2", f.auth, NULL, &log), 200);
	assert_int_equal(json_array_size(json_object_get(log, "entries")), 2);
	json_decref(log);
	/* bad queries, wrong method, no credentials */
	static const char *const bad[] = {"/api/audit?limit=0", "/api/audit?limit=x",
					  "/api/audit?limit=100000", "/api/audit?interview=zz",
					  "/api/audit?interview=../../etc"};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
		assert_int_equal(call(&f, "GET", bad[k], f.auth, NULL, NULL), 400);
	assert_int_equal(call(&f, "POST", "/api/audit", f.auth, "{}", NULL), 405);
	assert_int_equal(call(&f, "GET", "/api/audit", NULL, NULL, NULL), 401);
	json_decref(made);
	json_decref(inv);
	json_decref(other);
	wf_stop(&f);
}

/* --- limits ----------------------------------------------------------------- */

static void test_invitation_rate_limit_per_account(void **state)
{
	struct web_fixture f;
	struct web_params p = {.invitations_per_minute = 3, .virtual_clock = 1, .seed = 1};
	wf_start(&f, &p);
	json_t *made = NULL;
	assert_int_equal(call(&f, "POST", "/api/tokens", f.auth, "{\"name\":\"second\"}", &made), 201);
	char second[200];
	snprintf(second, sizeof second, "Authorization: Bearer %s\r\n",
		 json_string_value(json_object_get(made, "token")));
	json_decref(made);
	for (int i = 0; i < 3; i++)
		assert_int_equal(call(&f, "POST", "/api/invitations", f.auth, "{\"candidate_name\":\"A\"}", NULL), 201);
	struct http_response r;
	assert_int_equal(request(&f, "POST", "/api/invitations", f.auth, "{\"candidate_name\":\"A\"}", &r), 429);
	char v[64];
	assert_non_null(http_header(&r, "Retry-After", v, sizeof v));
	assert_true(atoi(v) >= 1 && atoi(v) <= 60);
	assert_non_null(strstr(r.body, "\"error\""));
	http_response_release(&r);
	/* another account has its own bucket */
	assert_int_equal(call(&f, "POST", "/api/invitations", second, "{\"candidate_name\":\"B\"}", NULL), 201);
	/* refused before its body is even read */
	char *huge = big_body(WEB_MAX_BODY_BYTES + 10);
	assert_int_equal(call(&f, "POST", "/api/invitations", f.auth, huge, NULL), 429);
	free(huge);
	wf_stop(&f);
}

static void test_every_post_has_limits(void **state)
{
	struct web_fixture f;
	wf_start(&f, NULL);
	static const char *const paths[] = {"/api/login", "/api/invitations", "/api/tokens"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		char *huge = big_body(WEB_MAX_BODY_BYTES + 10);
		int status = call(&f, "POST", paths[i], f.auth, huge, NULL);
		free(huge);
		if (status != 413)
			fail_msg("%s answered %d to a huge body", paths[i], status);
		char *deep = deep_body("candidate_name", WEB_MAX_JSON_DEPTH + 4);
		status = call(&f, "POST", paths[i], f.auth, deep, NULL);
		free(deep);
		if (status != 400)
			fail_msg("%s answered %d to deep JSON", paths[i], status);
		status = call(&f, "POST", paths[i], f.auth, "{\"a\":", NULL);
		if (status != 400)
			fail_msg("%s answered %d to broken JSON", paths[i], status);
	}
	/* fields too long */
	char body[2000];
	snprintf(body, sizeof body, "{\"email\":\"%0600d@example.com\",\"password\":\"x\"}", 0);
	assert_int_equal(call(&f, "POST", "/api/login", NULL, body, NULL), 400);
	snprintf(body, sizeof body, "{\"candidate_name\":\"%0300d\"}", 0);
	assert_int_equal(call(&f, "POST", "/api/invitations", f.auth, body, NULL), 400);
	snprintf(body, sizeof body, "{\"name\":\"%0200d\"}", 0);
	assert_int_equal(call(&f, "POST", "/api/tokens", f.auth, body, NULL), 400);
	wf_stop(&f);
}

/* --- recordings: has_audio, retention ---------------------------------------- */

/* An interview the API made, with a session created at created_unix, three
 * answered turns, a recording for turns 1 and 3 and a scorecard. */
static void record(struct web_fixture *f, const char *id, const char *name, double created_unix,
		   const int16_t *pcm, size_t n)
{
	struct iv_error err;
	struct store *st = store_open(f->db, &err);
	assert_non_null(st);
	struct session_info si = {.session_id = id, .candidate_name = name,
				  .playbook_version = "x", .seed = 1, .created_unix = created_unix};
	assert_int_equal(store_create_session(st, &si, &err), 0);
	for (int t = 1; t <= 3; t++) {
		assert_int_equal(store_add_turn(st, id, t, "opening", "opening.greeting", 1, t, "Hi?", &err), 0);
		assert_int_equal(store_set_reply(st, id, t, "Hello.", t + 0.5, 0.5, 0.9, &err), 0);
	}
	assert_int_equal(store_set_answer_audio(st, id, 1, 16000, pcm, n, &err), 0);
	assert_int_equal(store_set_answer_audio(st, id, 3, 16000, pcm, n, &err), 0);
	assert_int_equal(store_set_scorecard(st, id, "{\"overall\": 3}", "r", &err), 0);
	store_close(st);
}

static char *recorded_interview(struct web_fixture *f, const char *name, double created_unix,
				const int16_t *pcm, size_t n)
{
	json_t *inv = wf_invite(f, name, 0);
	char *id = strdup(json_string_value(json_object_get(inv, "id")));
	json_decref(inv);
	record(f, id, name, created_unix, pcm, n);
	return id;
}

/* The transcript's turns of an interview, checked for has_audio. */
static json_t *turns_of(struct web_fixture *f, const char *id, json_t **detail)
{
	char path[200];
	snprintf(path, sizeof path, "/api/interviews/%s", id);
	assert_int_equal(call(f, "GET", path, f->auth, NULL, detail), 200);
	return json_object_get(*detail, "transcript");
}

static int audio_status(struct web_fixture *f, const char *id, int turn)
{
	char path[200];
	snprintf(path, sizeof path, "/api/interviews/%s/audio/%d", id, turn);
	return call(f, "GET", path, f->auth, NULL, NULL);
}

static int bytes_in_files(struct web_fixture *f, const int16_t *pcm)
{
	static const char *const files[] = {"interviews.db", "interviews.db-wal"};
	int copies = 0;
	for (size_t k = 0; k < 2; k++) {
		size_t len = 0;
		char *path = ts_path(f->dir, files[k]);
		char *file = ts_read(path, &len);
		for (size_t i = 0; file && i + 64 <= len; i++)
			copies += !memcmp(file + i, (const char *)pcm + 1000, 64);
		free(file);
		free(path);
	}
	return copies;
}

static void test_has_audio_and_retention(void **state)
{
	struct web_fixture f;
	struct web_params p = {.retention_days = 2, .retention_sweep_s = 1, .virtual_clock = 1, .seed = 1};
	wf_start(&f, &p);
	int16_t fresh_pcm[2000], old_pcm[2000];
	for (int i = 0; i < 2000; i++) {
		fresh_pcm[i] = (int16_t)(i * 17 + 3);
		old_pcm[i] = (int16_t)(i * 29 + 11);
	}
	double now = web_now();
	char *fresh = recorded_interview(&f, "Fresh", now - 3600, fresh_pcm, 2000);
	char *old = recorded_interview(&f, "Old", now - 3 * 86400.0, old_pcm, 2000);

	/* a play button only where there is a recording */
	json_t *detail = NULL;
	json_t *turns = turns_of(&f, fresh, &detail);
	assert_int_equal(json_array_size(turns), 3);
	assert_true(json_is_true(json_object_get(json_array_get(turns, 0), "has_audio")));
	assert_true(json_is_false(json_object_get(json_array_get(turns, 1), "has_audio")));
	assert_true(json_is_true(json_object_get(json_array_get(turns, 2), "has_audio")));
	assert_null(json_object_get(json_array_get(turns, 0), "audio_deleted"));
	assert_int_equal(json_integer_value(json_object_get(detail, "retention_days")), 2);
	json_decref(detail);

	/* the sweep (every second here) deletes the old interview's recordings */
	int swept = 0;
	for (int i = 0; i < 100 && !swept; i++) {
		usleep(100000);
		swept = audio_status(&f, old, 1) == 404;
	}
	assert_true(swept);
	assert_int_equal(audio_status(&f, old, 3), 404);
	assert_int_equal(audio_status(&f, fresh, 1), 200);
	turns = turns_of(&f, old, &detail);
	assert_int_equal(json_array_size(turns), 3); /* the transcript stays */
	for (size_t t = 0; t < 3; t++) {
		json_t *turn = json_array_get(turns, t);
		assert_true(json_is_false(json_object_get(turn, "has_audio")));
		assert_string_equal(json_string_value(json_object_get(turn, "candidate")), "Hello.");
		if (t != 1)
			assert_true(json_number_value(json_object_get(turn, "audio_deleted")) > now - 60);
		else
			assert_null(json_object_get(turn, "audio_deleted"));
	}
	assert_true(json_is_object(json_object_get(detail, "scorecard"))); /* and the scorecard */
	json_decref(detail);
	/* gone from the files, not only from queries */
	assert_int_equal(bytes_in_files(&f, old_pcm), 0);
	assert_true(bytes_in_files(&f, fresh_pcm) >= 1);

	/* and at start: a server started with a retention period deletes what
	 * is older at once */
	json_t *inv = wf_invite(&f, "Older", 0);
	char *older = strdup(json_string_value(json_object_get(inv, "id")));
	json_decref(inv);
	wf_stop_server(&f);
	record(&f, older, "Older", now - 10 * 86400.0, old_pcm, 2000);
	f.params.retention_sweep_s = 3600;
	wf_restart(&f);
	assert_int_equal(audio_status(&f, older, 1), 404);
	assert_int_equal(audio_status(&f, fresh, 3), 200);
	assert_int_equal(bytes_in_files(&f, old_pcm), 0);
	free(fresh);
	free(old);
	free(older);
	wf_stop(&f);
}

static void test_retention_days_flag(void **state)
{
	char *out = NULL, *err = NULL;
	const char *zero[] = {"interviewer", "serve", "--retention-days", "0", NULL};
	assert_int_equal(ts_run(zero, NULL, 0, &out, &err), 2);
	assert_non_null(strstr(err, "--retention-days"));
	free(out);
	free(err);
	const char *word[] = {"interviewer", "serve", "--retention-days", "week", NULL};
	assert_int_equal(ts_run(word, NULL, 0, &out, &err), 2);
	free(out);
	free(err);
	/* the variable stands in for the flag */
	setenv("INTERVIEWER_RETENTION_DAYS", "-3", 1);
	const char *env[] = {"interviewer", "serve", "--port", "0", NULL};
	assert_int_equal(ts_run(env, NULL, 0, &out, &err), 2);
	assert_non_null(strstr(err, "INTERVIEWER_RETENTION_DAYS"));
	unsetenv("INTERVIEWER_RETENTION_DAYS");
	free(out);
	free(err);
	/* the command still refuses what it does not take */
	const char *other[] = {"interviewer", "token", "list", "--retention-days", "3", NULL};
	assert_int_equal(ts_run(other, NULL, 0, &out, &err), 2);
	free(out);
	free(err);
}

/* --- HTTPS ---------------------------------------------------------------------- */

static void make_certificate(const char *dir, char **cert, char **key)
{
	*cert = ts_path(dir, "cert.pem");
	*key = ts_path(dir, "key.pem");
	char cmd[2048];
	snprintf(cmd, sizeof cmd,
		 "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
		 "-keyout '%s' -out '%s' >/dev/null 2>&1",
		 *key, *cert);
	if (system(cmd) != 0)
		fail_msg("openssl could not make a test certificate");
}

/* curl -ki over HTTPS (the certificate is self-signed, so -k) with TLS 1.2 or
 * later, an extra header line when header is not NULL; returns curl's exit
 * status, the answer with its headers in *out. */
static int curl_https(int port, const char *method, const char *path, const char *header,
		      const char *body, char **out)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd,
		 "curl -sSki --tlsv1.2 --max-time 20 -X %s %s%s%s%s%s%s 'https://127.0.0.1:%d%s'",
		 method, header ? "-H '" : "", header ? header : "", header ? "' " : "",
		 body ? "-H 'Content-Type: application/json' --data-binary '" : "", body ? body : "",
		 body ? "'" : "", port, path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t cap = 65536, n = 0;
	*out = calloc(1, cap);
	size_t got;
	while ((got = fread(*out + n, 1, cap - n - 1, p)) > 0)
		n += got;
	return pclose(p);
}

static void test_https(void **state)
{
	char *dir = ts_tmpdir(), *cert, *key;
	make_certificate(dir, &cert, &key);
	struct iv_error err;
	struct web_params half = {.host = "127.0.0.1", .db = ":memory:", .data_dir = IV_DATA_DIR,
				  .tls_cert = cert};
	assert_null(web_server_start(&half, &err)); /* one flag without the other */
	assert_non_null(strstr(err.message, "--tls-key"));
	char *stdout_text = NULL, *stderr_text = NULL;
	const char *argv[] = {"interviewer", "serve", "--port", "0", "--tls-cert", cert, NULL};
	assert_int_equal(ts_run(argv, NULL, 0, &stdout_text, &stderr_text), 2);
	assert_non_null(strstr(stderr_text, "--tls-key"));
	free(stdout_text);
	free(stderr_text);

	const char *problem = web_tls_problem();
	/* a civetweb with TLS serves it: the build makes the OpenSSL 3 shim that
	 * Debian 12's civetweb 1.15 needs (src/web/web_tls.c), so on such a
	 * machine this test exercises HTTPS, never just the refusal */
	if (mg_check_feature(2))
		assert_null(problem);
	struct web_params both = half;
	both.tls_key = key;
	if (problem) {
		/* this machine's civetweb cannot: the flags are refused, clearly */
		fprintf(stderr, "(HTTPS is not available here: %s)\n", problem);
		assert_null(web_server_start(&both, &err));
		assert_non_null(strstr(err.message, "HTTPS is not available"));
		const char *full[] = {"interviewer", "serve", "--port", "0", "--tls-cert", cert,
				      "--tls-key", key, NULL};
		assert_int_equal(ts_run(full, NULL, 0, &stdout_text, &stderr_text), 1);
		assert_non_null(strstr(stderr_text, "HTTPS is not available"));
		assert_null(strstr(stderr_text, "listening"));
		free(stdout_text);
		free(stderr_text);
	} else {
		/* HTTPS works (on Debian 12 through the build's OpenSSL 3 shim,
		 * src/web/web_tls.c) */
		struct web_params wrong = both;
		wrong.tls_cert = key;
		assert_null(web_server_start(&wrong, &err));
		assert_non_null(strstr(err.message, "no PEM certificate"));
		struct web_fixture f;
		struct web_params p = {.tls_cert = cert, .tls_key = key, .virtual_clock = 1, .seed = 1};
		wf_start(&f, &p);
		add_user(&f, "rec@example.com", "a long passphrase");
		char *out = NULL;
		assert_int_equal(curl_https(f.port, "GET", "/healthz", NULL, NULL, &out), 0);
		assert_non_null(strstr(out, "200 OK"));
		assert_non_null(strcasestr(out, "Strict-Transport-Security: max-age=31536000; includeSubDomains"));
		assert_non_null(strstr(out, "frame-ancestors 'none'"));
		free(out);
		/* plain HTTP to the HTTPS port is not served */
		char plain[200];
		snprintf(plain, sizeof plain,
			 "curl -s --max-time 10 -o /dev/null 'http://127.0.0.1:%d/healthz'", f.port);
		assert_int_not_equal(system(plain), 0);
		/* login: the session cookie is Secure (and HttpOnly) */
		assert_int_equal(curl_https(f.port, "POST", "/api/login", NULL,
					    "{\"email\":\"rec@example.com\",\"password\":\"a long passphrase\"}",
					    &out), 0);
		assert_non_null(strstr(out, "200 OK"));
		assert_non_null(strcasestr(out, "Strict-Transport-Security: max-age="));
		char *cookie = strstr(out, "iv_session=");
		assert_non_null(cookie);
		char line[400];
		snprintf(line, sizeof line, "%.*s", (int)strcspn(cookie, "\r\n"), cookie);
		assert_non_null(strstr(line, "Secure"));
		assert_non_null(strstr(line, "HttpOnly"));
		free(out);
		/* an invitation made over HTTPS links to https:// */
		char bearer[200];
		snprintf(bearer, sizeof bearer, "Authorization: Bearer %s", f.token);
		assert_int_equal(curl_https(f.port, "POST", "/api/invitations", bearer,
					    "{\"candidate_name\":\"Ada\"}", &out), 0);
		assert_non_null(strstr(out, "201 Created"));
		char *json = strstr(out, "\r\n\r\n");
		assert_non_null(json);
		json_t *inv = json_loads(json + 4, 0, NULL);
		assert_non_null(inv);
		const char *link = json_string_value(json_object_get(inv, "link"));
		assert_non_null(link);
		char want[64];
		snprintf(want, sizeof want, "https://127.0.0.1:%d/i/", f.port);
		assert_int_equal(strncmp(link, want, strlen(want)), 0);
		json_decref(inv);
		free(out);
		wf_stop(&f);
	}
	free(cert);
	free(key);
	ts_rmdir(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens_api),
		cmocka_unit_test(test_audit_log),
		cmocka_unit_test(test_invitation_rate_limit_per_account),
		cmocka_unit_test(test_every_post_has_limits),
		cmocka_unit_test(test_has_audio_and_retention),
		cmocka_unit_test(test_retention_days_flag),
		cmocka_unit_test(test_https),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
