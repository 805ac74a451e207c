/*
 * test_web_restart.c - `interviewer serve` as a hiring team runs it: the
 * built program on loopback, killed with SIGKILL in the middle of an
 * interview and started again on the same database; the candidate
 * reconnects and the interview goes on with no turn lost.  Also the
 * commands around it: `token add` prints one token line, `user add` reads
 * the password from standard input.
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

#include "test_support.h"
#include "serve_proc.h"
#include "web_client.h"



static void test_kill_9_loses_nothing(void **state)
{
	char *dir = ts_tmpdir();
	char *db = ts_path(dir, "interviews.db");
	const char *argv[] = {"interviewer", "token", "add", "ats", "--db", db, NULL};
	char *out = NULL, *err = NULL;
	assert_int_equal(ts_run(argv, NULL, 0, &out, &err), 0);
	char token[128];
	assert_int_equal(sscanf(out, "%127s", token), 1);
	assert_int_equal(strncmp(token, "ivk_", 4), 0);
	assert_int_equal(strchr(out, '\n') - out, (long)strlen(token)); /* one line */
	free(out);
	free(err);

	struct served s;
	served_start(&s, db);
	char auth[200];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", token);
	struct http_response r;
	const char *body = "{\"candidate_name\":\"Margaret\"}";
	assert_int_equal(http_request(s.port, "POST", "/api/invitations", auth, body, strlen(body), &r), 0);
	assert_int_equal(r.status, 201);
	json_t *inv = json_loads(r.body, 0, NULL);
	http_response_release(&r);
	char path[200];
	wf_ws_path(inv, path, sizeof path);

	struct ws_client *c = ws_connect(s.port, path);
	assert_non_null(c);
	ws_send_text(c, "{\"consent\": true, \"voice\": false}");
	json_t *say = ws_wait_event(c, "say", 20);
	assert_non_null(say);
	json_decref(say);
	int pending = served_answer(c, 4);
	assert_int_equal(pending, 5);

	served_stop(&s, SIGKILL);
	for (int i = 0; i < 100 && !ws_closed(c); i++)
		usleep(50000);
	assert_true(ws_closed(c));
	ws_close(c);

	served_start(&s, db);
	c = ws_connect(s.port, path);
	assert_non_null(c);
	say = ws_wait_event(c, "say", 20);
	assert_non_null(say);
	assert_int_equal(json_integer_value(json_object_get(say, "turn")), pending);
	json_decref(say);
	ws_send_text(c, "{\"consent\": true, \"voice\": false}"); /* what a reloaded page sends */
	assert_int_equal(served_answer(c, 2), pending + 2);
	ws_close(c);

	snprintf(path, sizeof path, "/api/interviews/%s", json_string_value(json_object_get(inv, "id")));
	assert_int_equal(http_request(s.port, "GET", path, auth, NULL, 0, &r), 0);
	json_t *detail = json_loads(r.body, 0, NULL);
	http_response_release(&r);
	json_t *turns = json_object_get(detail, "transcript");
	assert_int_equal(json_array_size(turns), (size_t)pending + 2);
	for (size_t i = 0; i + 1 < json_array_size(turns); i++) {
		json_t *t = json_array_get(turns, i);
		assert_int_equal(json_integer_value(json_object_get(t, "turn")), (json_int_t)i + 1);
		assert_non_null(json_string_value(json_object_get(t, "candidate")));
	}
	json_decref(detail);
	json_decref(inv);
	served_stop(&s, SIGTERM);
	ts_rmdir(dir);
	free(db);
	free(dir);
}

static void test_account_commands(void **state)
{
	char *dir = ts_tmpdir();
	char *db = ts_path(dir, "interviews.db");
	char *out = NULL, *err = NULL;
	const char *add[] = {"interviewer", "user", "add", "rec@example.com", "--db", db, NULL};
	assert_int_equal(ts_run(add, "a long passphrase\n", 18, &out, &err), 0);
	assert_null(strstr(out, "passphrase"));
	assert_null(strstr(err, "passphrase"));
	free(out);
	free(err);
	assert_int_equal(ts_run(add, "short\n", 6, &out, &err), 0);
	assert_non_null(strstr(err, "warning"));
	free(out);
	free(err);
	assert_int_equal(ts_run(add, "\n", 1, &out, &err), 2);
	assert_non_null(strstr(err, "1 to 1024"));
	free(out);
	free(err);
	const char *bad[] = {"interviewer", "user", "add", "not-an-email", "--db", db, NULL};
	assert_int_equal(ts_run(bad, "a long passphrase\n", 18, &out, &err), 2);
	free(out);
	free(err);
	const char *revoke[] = {"interviewer", "token", "revoke", "nobody", "--db", db, NULL};
	assert_int_equal(ts_run(revoke, NULL, 0, &out, &err), 1);
	free(out);
	free(err);
	const char *port[] = {"interviewer", "serve", "--port", "99999", "--db", db, NULL};
	assert_int_equal(ts_run(port, NULL, 0, &out, &err), 2);
	free(out);
	free(err);
	ts_rmdir(dir);
	free(db);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kill_9_loses_nothing),
		cmocka_unit_test(test_account_commands),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
