/*
 * test_cli.c - the program as tests outside drive it: `chat --jsonl` per
 * contract section 1 (bad lines give an error event and the interview goes
 * on), kill -9 mid-interview then `resume` losing no turn, `sessions`,
 * `transcript`, `simulate`, and clear errors for broken input.
 */
#include "test_support.h"

#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *dir, *db;

static int setup(void **state)
{
	(void)state;
	dir = ts_tmpdir();
	db = malloc(strlen(dir) + 16);
	sprintf(db, "%s/cli.db", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ts_rmdir(dir);
	free(dir);
	free(db);
	return 0;
}

/* Splits stdout into JSON objects, failing on any line that is not one. */
static json_t *parse_events(const char *out)
{
	json_t *events = json_array();
	const char *p = out;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		json_error_t je;
		json_t *o = json_loadb(p, len, 0, &je);
		if (!o || !json_is_object(o))
			fail_msg("stdout line is not a JSON object: %.*s", (int)len, p);
		json_array_append_new(events, o);
		p += len + (nl ? 1 : 0);
	}
	return events;
}

static const char *event_kind(json_t *e)
{
	return json_string_value(json_object_get(e, "event"));
}

static void test_jsonl_bad_lines_then_goes_on(void **state)
{
	(void)state;
	const char *in = "{\"text\": \"Hi, I'm Ada, I build APIs in Go on Postgres.\"}\n"
			 "this is not json\n"
			 "{\"text\": \"\xff\xfe\"}\n"
			 "[\"array\"]\n"
			 "{\"text\": 42}\n"
			 "{\"text\": \"The hardest part was a slow report endpoint.\"}\n";
	const char *argv[] = {"interviewer", "chat", "--jsonl", "--virtual-clock", "--seed", "3",
			      "--name", "Ada", "--db", db, NULL};
	char *out, *err;
	int rc = ts_run(argv, in, strlen(in), &out, &err);
	assert_int_equal(rc, 0);
	json_t *ev = parse_events(out);
	/* say (turn 1), say (turn 2), 4 errors while turn 2 waits, say (turn 3); then input ends */
	assert_int_equal(json_array_size(ev), 7);
	assert_string_equal(event_kind(json_array_get(ev, 0)), "say");
	assert_string_equal(event_kind(json_array_get(ev, 1)), "say");
	for (int i = 2; i <= 5; i++) {
		assert_string_equal(event_kind(json_array_get(ev, (size_t)i)), "error");
		assert_non_null(json_string_value(json_object_get(json_array_get(ev, (size_t)i), "message")));
	}
	json_t *say2 = json_array_get(ev, 1), *say3 = json_array_get(ev, 6);
	assert_int_equal(json_integer_value(json_object_get(say2, "turn")), 2);
	assert_string_equal(json_string_value(json_object_get(say2, "topic")), "opening.challenge");
	assert_int_equal(json_integer_value(json_object_get(say3, "turn")), 3);
	/* the virtual clock: turn 2 starts after turn 1 and the reply were spoken */
	assert_true(json_number_value(json_object_get(say2, "t")) > 5.0);
	assert_non_null(strstr(err, "saved"));
	json_decref(ev);
	free(out);
	free(err);
}

static void test_jsonl_huge_line(void **state)
{
	(void)state;
	size_t big = 3 * 1024 * 1024;
	char *in = malloc(big + 128);
	strcpy(in, "{\"text\": \"");
	memset(in + 10, 'a', big);
	strcpy(in + 10 + big, "\"}\n{\"text\": \"ok then\"}\n");
	const char *argv[] = {"interviewer", "chat", "--jsonl", "--virtual-clock", "--db", db, NULL};
	char *out, *err;
	assert_int_equal(ts_run(argv, in, strlen(in), &out, &err), 0);
	json_t *ev = parse_events(out);
	assert_int_equal(json_array_size(ev), 3);
	assert_string_equal(event_kind(json_array_get(ev, 1)), "error");
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(ev, 1), "message")), "longer"));
	assert_string_equal(event_kind(json_array_get(ev, 2)), "say");
	json_decref(ev);
	free(in);
	free(out);
	free(err);
}

/* Starts `chat --jsonl` with pipes; returns the pid. */
static pid_t start_chat(int *to_child, FILE **from_child, const char *const *extra)
{
	int in[2], out[2];
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		int devnull = open("/dev/null", O_WRONLY);
		dup2(devnull, 2);
		close(in[1]);
		close(out[0]);
		const char *args[32] = {ts_binary()};
		int n = 1;
		for (int i = 0; extra[i]; i++)
			args[n++] = extra[i];
		args[n] = NULL;
		execv(args[0], (char *const *)args);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	*to_child = in[1];
	*from_child = fdopen(out[0], "r");
	return pid;
}

static json_t *read_event(FILE *f)
{
	char line[65536];
	if (!fgets(line, sizeof line, f))
		return NULL;
	json_error_t je;
	json_t *o = json_loads(line, 0, &je);
	assert_non_null(o);
	return o;
}

static void test_kill_then_resume_loses_nothing(void **state)
{
	(void)state;
	int to;
	FILE *from;
	const char *args[] = {"chat", "--jsonl", "--virtual-clock", "--seed", "5", "--name", "Bo",
			      "--db", db, NULL};
	pid_t pid = start_chat(&to, &from, args);
	char session[64] = "";
	char said[8][1024];
	int turns = 0;
	const char *answers[] = {
		"I work on payment APIs in Java with Postgres and Redis for caching.",
		"The hardest part was making retries safe with idempotency keys.",
		"A recent API was refunds; the challenge was partial refunds and audit trails.",
	};
	for (int i = 0; i < 3; i++) {
		json_t *e = read_event(from);
		assert_non_null(e);
		assert_string_equal(event_kind(e), "say");
		snprintf(said[turns++], sizeof said[0], "%s", json_string_value(json_object_get(e, "text")));
		snprintf(session, sizeof session, "%s", json_string_value(json_object_get(e, "session")));
		json_decref(e);
		char line[512];
		int n = snprintf(line, sizeof line, "{\"text\": \"%s\"}\n", answers[i]);
		assert_int_equal(write(to, line, (size_t)n), n);
	}
	json_t *e = read_event(from); /* turn 4 said and stored; its reply never comes */
	assert_non_null(e);
	snprintf(said[turns++], sizeof said[0], "%s", json_string_value(json_object_get(e, "text")));
	json_decref(e);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(to);
	fclose(from);

	/* everything said so far is in the store */
	const char *targv[] = {"interviewer", "transcript", session, "--json", "--db", db, NULL};
	char *out, *err;
	assert_int_equal(ts_run(targv, NULL, 0, &out, &err), 0);
	json_error_t je;
	json_t *tr = json_loads(out, 0, &je);
	assert_non_null(tr);
	json_t *tturns = json_object_get(tr, "turns");
	assert_int_equal(json_array_size(tturns), 4);
	for (int i = 0; i < 4; i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(tturns, (size_t)i), "interviewer")),
				    said[i]);
	assert_string_equal(json_string_value(json_object_get(json_array_get(tturns, 2), "candidate")), answers[2]);
	assert_null(json_object_get(json_array_get(tturns, 3), "candidate"));
	json_decref(tr);
	free(out);
	free(err);

	/* resume says turn 4 again, then continues from the reply */
	char prefix[9];
	memcpy(prefix, session, 8); /* a unique prefix of the id is enough */
	prefix[8] = '\0';
	const char *rargv[] = {"interviewer", "resume", prefix, "--jsonl", "--db", db, NULL};
	const char *in = "{\"text\": \"I would shard by customer and cache hot reads in Redis.\"}\n";
	assert_int_equal(ts_run(rargv, in, strlen(in), &out, &err), 0);
	json_t *ev = parse_events(out);
	assert_int_equal(json_array_size(ev), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(ev, 0), "turn")), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(ev, 0), "text")), said[3]);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(ev, 1), "turn")), 5);
	json_decref(ev);
	free(out);
	free(err);

	assert_int_equal(ts_run(targv, NULL, 0, &out, &err), 0);
	tr = json_loads(out, 0, &je);
	assert_int_equal(json_array_size(json_object_get(tr, "turns")), 5);
	json_decref(tr);
	free(out);
	free(err);

	const char *sargv[] = {"interviewer", "sessions", "--db", db, NULL};
	assert_int_equal(ts_run(sargv, NULL, 0, &out, &err), 0);
	assert_non_null(strstr(out, session));
	assert_non_null(strstr(out, "Bo"));
	free(out);
	free(err);
}

static void test_full_interview_ends_with_end_event(void **state)
{
	(void)state;
	char path[1024];
	snprintf(path, sizeof path, "%s/candidates/solid_mid.json", ts_shared_dir());
	const char *argv[] = {"interviewer", "simulate", path, "--json", "--seed", "4", "--db", db, NULL};
	char *out, *err;
	assert_int_equal(ts_run(argv, NULL, 0, &out, &err), 0);
	json_error_t je;
	json_t *tr = json_loads(out, 0, &je);
	assert_non_null(tr);
	assert_string_equal(json_string_value(json_object_get(tr, "status")), "ended");
	double d = json_number_value(json_object_get(tr, "duration_s"));
	assert_true(d >= 1800 && d <= 2400);
	json_decref(tr);
	free(out);
	free(err);
	/* an ended session cannot be resumed */
	const char *sargv[] = {"interviewer", "sessions", "--db", db, NULL};
	assert_int_equal(ts_run(sargv, NULL, 0, &out, &err), 0);
	assert_non_null(strstr(out, "ended"));
	free(out);
	free(err);
}

static void test_jsonl_audio_and_speak_dir(void **state)
{
	(void)state;
	char wav[512], speak[512];
	snprintf(wav, sizeof wav, "%s/answer.wav", dir);
	snprintf(speak, sizeof speak, "%s/speak", dir);
	char *out, *err;
	const char *sargv[] = {"interviewer", "say",
			       "I build payment APIs in Go on Postgres, with Redis as a cache.", "-o",
			       wav, "--voice", "rms", NULL};
	assert_int_equal(ts_run(sargv, NULL, 0, &out, &err), 0);
	free(out);
	free(err);
	char in[1024];
	snprintf(in, sizeof in, "{\"audio\": \"%s\"}\n{\"audio\": \"%s/nope.wav\"}\n", wav, dir);
	const char *argv[] = {"interviewer", "chat", "--jsonl", "--virtual-clock", "--speak-dir", speak,
			      "--db", db, NULL};
	assert_int_equal(mkdir(speak, 0700), 0);
	assert_int_equal(ts_run(argv, in, strlen(in), &out, &err), 0);
	json_t *ev = parse_events(out);
	assert_int_equal(json_array_size(ev), 3);
	json_t *say2 = json_array_get(ev, 1);
	const char *heard = json_string_value(json_object_get(say2, "heard"));
	assert_non_null(heard);
	assert_non_null(strstr(heard, "postgres"));
	json_t *lat = json_object_get(say2, "latency_ms");
	assert_true(json_is_number(json_object_get(lat, "stt")));
	assert_true(json_is_number(json_object_get(lat, "think")));
	assert_true(json_is_number(json_object_get(lat, "tts")));
	const char *audio = json_string_value(json_object_get(say2, "audio"));
	assert_non_null(audio);
	assert_int_equal(access(audio, R_OK), 0);
	assert_string_equal(event_kind(json_array_get(ev, 2)), "error");
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(ev, 2), "message")), "nope.wav"));
	json_decref(ev);
	free(out);
	free(err);
}

static void test_errors_are_clear(void **state)
{
	(void)state;
	char *out, *err;
	const char *a1[] = {"interviewer", "chat", "--seed", "abc", NULL};
	assert_int_equal(ts_run(a1, NULL, 0, &out, &err), 2);
	assert_non_null(strstr(err, "--seed"));
	free(out);
	free(err);
	const char *a2[] = {"interviewer", "frobnicate", NULL};
	assert_int_equal(ts_run(a2, NULL, 0, &out, &err), 2);
	assert_non_null(strstr(err, "unknown command"));
	free(out);
	free(err);
	char *bad = ts_write_file(dir, "bad.yaml", "version: x\nrole: [unclosed\n", 27);
	const char *a3[] = {"interviewer", "chat", "--jsonl", "--playbook", bad, "--db", db, NULL};
	assert_int_equal(ts_run(a3, NULL, 0, &out, &err), 1);
	assert_non_null(strstr(err, "bad.yaml:"));
	assert_string_equal(out, ""); /* nothing but JSON on stdout, and no JSON for a failed start */
	free(out);
	free(err);
	free(bad);
	const char *a4[] = {"interviewer", "resume", "ffff", "--db", db, NULL};
	assert_int_equal(ts_run(a4, NULL, 0, &out, &err), 1);
	assert_non_null(strstr(err, "no session"));
	free(out);
	free(err);
	const char *a5[] = {"interviewer", "simulate", "/nonexistent.json", NULL};
	assert_int_equal(ts_run(a5, NULL, 0, &out, &err), 1);
	assert_non_null(strstr(err, "nonexistent.json"));
	free(out);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonl_bad_lines_then_goes_on),
		cmocka_unit_test(test_jsonl_huge_line),
		cmocka_unit_test(test_kill_then_resume_loses_nothing),
		cmocka_unit_test(test_full_interview_ends_with_end_event),
		cmocka_unit_test(test_jsonl_audio_and_speak_dir),
		cmocka_unit_test(test_errors_are_clear),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
