/*
 * test_web_pg.c - several `interviewer serve` processes on one PostgreSQL
 * database (a real server, started for the run: support/pg_cluster.h) are
 * one service: a recruiter logged in on one server is logged in on the
 * other (and logged out everywhere), an invitation made on one is listed
 * on the other, an interview whose server is killed with SIGKILL mid-way
 * goes on at the other server with no turn lost, and a live interview's
 * link opened on the other server takes the interview over from the first
 * (its lease in the store): the first tells its candidate and can no
 * longer write a turn or a reply.  When PostgreSQL
 * is not installed this test fails (`make deps` installs it).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pg_cluster.h"
#include "test_support.h"
#include "serve_proc.h"
#include "web_client.h"

static struct pg_cluster *cluster;


/* Logs in on port; fills the Cookie and X-CSRF-Token header lines. */
static void login(int port, char cookie[256], char csrf[128])
{
	struct http_response r;
	const char *body = "{\"email\":\"rec@example.com\",\"password\":\"a long passphrase\"}";
	assert_int_equal(http_request(port, "POST", "/api/login", NULL, body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	char v[512];
	assert_non_null(http_header(&r, "Set-Cookie", v, sizeof v));
	assert_int_equal(strncmp(v, "iv_session=", 11), 0);
	snprintf(cookie, 256, "Cookie: %.*s\r\n", (int)strcspn(v, ";"), v);
	json_t *o = json_loads(r.body, 0, NULL);
	snprintf(csrf, 128, "X-CSRF-Token: %s\r\n", json_string_value(json_object_get(o, "csrf")));
	json_decref(o);
	http_response_release(&r);
}

static int status_of(int port, const char *method, const char *path, const char *headers,
		     const char *body, json_t **json_out)
{
	struct http_response r;
	assert_int_equal(http_request(port, method, path, headers, body, body ? strlen(body) : 0, &r), 0);
	int status = r.status;
	if (json_out)
		*json_out = json_loads(r.body, 0, NULL);
	http_response_release(&r);
	return status;
}

static int lists_interview(int port, const char *cookie, const char *id)
{
	json_t *list = NULL;
	assert_int_equal(status_of(port, "GET", "/api/interviews", cookie, NULL, &list), 200);
	json_t *items = json_object_get(list, "interviews"), *it;
	size_t i;
	int found = 0;
	json_array_foreach(items, i, it)
		found |= !strcmp(json_string_value(json_object_get(it, "id")), id);
	json_decref(list);
	return found;
}


static void test_two_servers_one_database(void **state)
{
	const char *url = pg_cluster_url(cluster);
	const char *add[] = {"interviewer", "user", "add", "rec@example.com", "--db", url, NULL};
	char *out = NULL, *err = NULL;
	assert_int_equal(ts_run(add, "a long passphrase\n", 18, &out, &err), 0);
	free(out);
	free(err);

	struct served a, b;
	served_start(&a, url);
	served_start(&b, url);

	/* a session started on A is a session on B, CSRF token included */
	char cookie[256], csrf[128], both[400];
	login(a.port, cookie, csrf);
	snprintf(both, sizeof both, "%s%s", cookie, csrf);
	assert_int_equal(status_of(b.port, "GET", "/api/interviews", cookie, NULL, NULL), 200);
	assert_int_equal(status_of(b.port, "POST", "/api/invitations", cookie,
				   "{\"candidate_name\":\"No CSRF\"}", NULL), 403);
	json_t *inv = NULL;
	assert_int_equal(status_of(a.port, "POST", "/api/invitations", both,
				   "{\"candidate_name\":\"Margaret\"}", &inv), 201);
	const char *id = json_string_value(json_object_get(inv, "id"));
	assert_non_null(id);
	assert_true(lists_interview(b.port, cookie, id)); /* made on A, listed on B */

	/* logging out on B ends the session on A too */
	char cookie2[256], csrf2[128];
	login(b.port, cookie2, csrf2);
	assert_int_equal(status_of(a.port, "GET", "/api/interviews", cookie2, NULL, NULL), 200);
	assert_int_equal(status_of(b.port, "POST", "/api/logout", cookie2, NULL, NULL), 204);
	assert_int_equal(status_of(a.port, "GET", "/api/interviews", cookie2, NULL, NULL), 401);
	assert_int_equal(status_of(a.port, "GET", "/api/interviews", cookie, NULL, NULL), 200);

	/* an interview in writing on A; A dies mid-way; B carries on */
	char path[200];
	wf_ws_path(inv, path, sizeof path);
	struct ws_client *c = ws_connect(a.port, path);
	assert_non_null(c);
	ws_send_text(c, "{\"consent\": true, \"voice\": false}");
	json_t *say = ws_wait_event(c, "say", 20);
	assert_non_null(say);
	json_decref(say);
	int pending = served_answer(c, 4);
	assert_int_equal(pending, 5);
	served_stop(&a, SIGKILL);
	for (int i = 0; i < 100 && !ws_closed(c); i++)
		usleep(50000);
	assert_true(ws_closed(c));
	ws_close(c);

	c = ws_connect(b.port, path);
	assert_non_null(c);
	say = ws_wait_event(c, "say", 20);
	assert_non_null(say);
	assert_int_equal(json_integer_value(json_object_get(say, "turn")), pending);
	json_decref(say);
	ws_send_text(c, "{\"consent\": true, \"voice\": false}"); /* what a reloaded page sends */
	assert_int_equal(served_answer(c, 2), pending + 2);
	ws_close(c);

	char detail_path[200];
	snprintf(detail_path, sizeof detail_path, "/api/interviews/%s", id);
	json_t *detail = NULL;
	assert_int_equal(status_of(b.port, "GET", detail_path, cookie, NULL, &detail), 200);
	json_t *turns = json_object_get(detail, "transcript");
	assert_int_equal(json_array_size(turns), (size_t)pending + 2);
	for (size_t i = 0; i + 1 < json_array_size(turns); i++) {
		json_t *t = json_array_get(turns, i);
		assert_int_equal(json_integer_value(json_object_get(t, "turn")), (json_int_t)i + 1);
		assert_non_null(json_string_value(json_object_get(t, "candidate")));
	}
	assert_string_equal(json_string_value(json_object_get(detail, "status")), "in_progress");
	json_decref(detail);

	/* the command line sees the same interview */
	const char *list[] = {"interviewer", "sessions", "--db", url, NULL};
	assert_int_equal(ts_run(list, NULL, 0, &out, &err), 0);
	assert_non_null(strstr(out, id));
	assert_non_null(strstr(out, "Margaret"));
	free(out);
	free(err);

	json_decref(inv);
	served_stop(&b, SIGTERM);
}

/* The next error event's code (skipping others), or "" when none came. */
static void wait_error(struct ws_client *c, double timeout_s, char *code, size_t cap)
{
	json_t *e = ws_wait_event(c, "error", timeout_s);
	snprintf(code, cap, "%s", e ? json_string_value(json_object_get(e, "code")) : "");
	json_decref(e);
}

static int say_after(struct ws_client *c, const char *reply)
{
	char msg[300];
	snprintf(msg, sizeof msg, "{\"text\": \"%s\"}", reply);
	assert_int_equal(ws_send_text(c, msg), 0);
	json_t *say = ws_wait_event(c, "say", 20);
	assert_non_null(say);
	int turn = (int)json_integer_value(json_object_get(say, "turn"));
	json_decref(say);
	return turn;
}

static int first_say(struct ws_client *c)
{
	json_t *say = ws_wait_event(c, "say", 20);
	assert_non_null(say);
	int turn = (int)json_integer_value(json_object_get(say, "turn"));
	json_decref(say);
	return turn;
}

static void test_takeover_across_servers(void **state)
{
	const char *url = pg_cluster_url(cluster);
	const char *add[] = {"interviewer", "token", "add", "takeover", "--db", url, NULL};
	char *out = NULL, *err = NULL;
	assert_int_equal(ts_run(add, NULL, 0, &out, &err), 0);
	char auth[200];
	snprintf(auth, sizeof auth, "Authorization: Bearer %.*s\r\n", (int)strcspn(out, "\n"), out);
	free(out);
	free(err);
	struct served a, b;
	served_start(&a, url);
	served_start(&b, url);
	json_t *inv = NULL;
	assert_int_equal(status_of(a.port, "POST", "/api/invitations", auth,
				   "{\"candidate_name\":\"Barbara\"}", &inv), 201);
	char path[200];
	wf_ws_path(inv, path, sizeof path);

	struct ws_client *a1 = ws_connect(a.port, path);
	assert_non_null(a1);
	ws_send_text(a1, "{\"consent\": true, \"voice\": false}");
	assert_int_equal(first_say(a1), 1);
	assert_int_equal(say_after(a1, "First answer, given on A, about bounded queues."), 2);
	assert_int_equal(say_after(a1, "Second answer, given on A, about p99 latency."), 3);

	/* the link opened on B: B takes the interview over where it stood */
	struct ws_client *b1 = ws_connect(b.port, path);
	assert_non_null(b1);
	assert_int_equal(first_say(b1), 3);
	/* A's candidate answers late: refused, told, closed; nothing written */
	ws_send_text(a1, "{\"text\": \"LATE FROM A: this must never be stored.\"}");
	char code[64];
	wait_error(a1, 15, code, sizeof code);
	assert_string_equal(code, "taken_over");
	for (int i = 0; i < 100 && !ws_closed(a1); i++)
		usleep(50000);
	assert_true(ws_closed(a1));
	ws_close(a1);
	assert_int_equal(say_after(b1, "Third answer, given on B, about backpressure."), 4);

	/* back to A (the page reloaded there): A forgets what it held, goes on
	 * from the store, and B, idle, notices at its heartbeat */
	struct ws_client *a2 = ws_connect(a.port, path);
	assert_non_null(a2);
	assert_int_equal(first_say(a2), 4);
	wait_error(b1, 15, code, sizeof code);
	assert_string_equal(code, "taken_over");
	for (int i = 0; i < 100 && !ws_closed(b1); i++)
		usleep(50000);
	assert_true(ws_closed(b1));
	ws_close(b1);
	assert_int_equal(say_after(a2, "Fourth answer, given on A again, about retries."), 5);
	ws_close(a2);

	char detail_path[200];
	snprintf(detail_path, sizeof detail_path, "/api/interviews/%s",
		 json_string_value(json_object_get(inv, "id")));
	struct http_response r;
	assert_int_equal(http_request(b.port, "GET", detail_path, auth, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "LATE FROM A"));
	json_t *detail = json_loads(r.body, 0, NULL);
	http_response_release(&r);
	json_t *turns = json_object_get(detail, "transcript");
	assert_int_equal(json_array_size(turns), 5);
	static const char *const said_on[] = {"given on A,", "given on A,", "given on B,",
					      "given on A again"};
	for (size_t i = 0; i < 4; i++) {
		json_t *t = json_array_get(turns, i);
		assert_int_equal(json_integer_value(json_object_get(t, "turn")), (json_int_t)i + 1);
		const char *reply = json_string_value(json_object_get(t, "candidate"));
		assert_non_null(reply);
		assert_non_null(strstr(reply, said_on[i]));
	}
	assert_null(json_object_get(json_array_get(turns, 4), "candidate"));
	json_decref(detail);
	json_decref(inv);
	served_stop(&a, SIGTERM);
	served_stop(&b, SIGTERM);
}

static void test_bad_database_url(void **state)
{
	char *missing = pg_cluster_url_of(cluster, "no_such_db");
	const char *argv[] = {"interviewer", "serve", "--port", "0", "--db", missing, NULL};
	char *out = NULL, *err = NULL;
	int rc = ts_run(argv, NULL, 0, &out, &err);
	assert_true(rc != 0 && rc != -1);
	assert_non_null(strstr(err, "does not exist"));
	free(out);
	free(err);
	free(missing);
	const char *token[] = {"interviewer", "token", "add", "x", "--db", "postgresql://[::1/db", NULL};
	rc = ts_run(token, NULL, 0, &out, &err);
	assert_true(rc != 0 && rc != -1);
	assert_non_null(strstr(err, "not a PostgreSQL URL"));
	free(out);
	free(err);
}

static int setup(void **state)
{
	char why[1024];
	cluster = pg_cluster_start(why, sizeof why);
	if (!cluster) {
		fprintf(stderr, "cannot test serving from PostgreSQL: %s\n", why);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	pg_cluster_stop(cluster);
	cluster = NULL;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_servers_one_database),
		cmocka_unit_test(test_takeover_across_servers),
		cmocka_unit_test(test_bad_database_url),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
