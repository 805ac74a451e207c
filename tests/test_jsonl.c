/*
 * test_jsonl.c - the candidate side of the JSON lines protocol: valid lines,
 * and every kind of bad line giving a clear error.
 */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

static int parse(const char *line, struct jsonl_reply *r, struct iv_error *err)
{
	return jsonl_parse_reply(line, strlen(line), r, err);
}

static void test_text_line(void **state)
{
	(void)state;
	struct jsonl_reply r;
	struct iv_error err;
	assert_int_equal(parse("{\"text\":\"I'd use Redis \\u00e9\"}", &r, &err), 0);
	assert_string_equal(r.text, "I'd use Redis \xc3\xa9");
	assert_null(r.audio);
	assert_true(r.seconds < 0);
	jsonl_reply_release(&r);
}

static void test_silence_with_seconds(void **state)
{
	(void)state;
	struct jsonl_reply r;
	struct iv_error err;
	assert_int_equal(parse("{\"text\":\"\", \"seconds\": 20}", &r, &err), 0);
	assert_string_equal(r.text, "");
	assert_true(r.seconds == 20.0);
	jsonl_reply_release(&r);
}

static void test_audio_line(void **state)
{
	(void)state;
	struct jsonl_reply r;
	struct iv_error err;
	assert_int_equal(parse("{\"audio\":\"/tmp/a.wav\"}", &r, &err), 0);
	assert_string_equal(r.audio, "/tmp/a.wav");
	assert_null(r.text);
	jsonl_reply_release(&r);
}

static void expect_error(const char *line, size_t len, const char *needle)
{
	struct jsonl_reply r;
	struct iv_error err = {{0}};
	assert_int_equal(jsonl_parse_reply(line, len, &r, &err), -1);
	if (!strstr(err.message, needle))
		fail_msg("error for %s was '%s', expected it to mention '%s'", line, err.message, needle);
}

static void test_bad_lines(void **state)
{
	(void)state;
	expect_error("{\"text\": ", 9, "malformed JSON");
	expect_error("not json", 8, "malformed JSON");
	expect_error("[1,2]", 5, "JSON object");
	expect_error("{}", 2, "needs \"text\"");
	expect_error("{\"text\": 5}", 11, "must be a string");
	expect_error("{\"text\": \"a\", \"audio\": \"b.wav\"}", 31, "not both");
	expect_error("{\"text\": \"a\", \"seconds\": -1}", 28, "seconds");
	expect_error("{\"text\": \"a\", \"seconds\": \"ten\"}", 31, "seconds");
	expect_error("{\"text\": \"a\", \"mood\": \"happy\"}", 30, "unknown field");
	expect_error("{\"text\": \"a\", \"text\": \"b\"}", 26, "malformed JSON");
	expect_error("{\"audio\": \"\"}", 13, "WAV");
	expect_error("{\"text\": \"a\\u0000b\"}", 20, "NUL");
	const char bad_utf8[] = "{\"text\": \"\xff\xfe\"}";
	expect_error(bad_utf8, sizeof bad_utf8 - 1, "malformed JSON");
}

static void test_read_line_limits(void **state)
{
	(void)state;
	size_t big = JSONL_MAX_LINE_BYTES + 100;
	char *data = malloc(big + 64);
	memset(data, 'x', big);
	strcpy(data + big, "\n{\"text\":\"ok\"}\r\nlast");
	FILE *f = fmemopen(data, strlen(data), "r");
	char *buf = NULL;
	size_t cap = 0, len = 0;
	assert_int_equal(jsonl_read_line(f, &buf, &cap, &len), JSONL_TOO_LONG);
	assert_int_equal(jsonl_read_line(f, &buf, &cap, &len), JSONL_LINE);
	assert_string_equal(buf, "{\"text\":\"ok\"}");
	assert_int_equal(jsonl_read_line(f, &buf, &cap, &len), JSONL_LINE);
	assert_string_equal(buf, "last");
	assert_int_equal(jsonl_read_line(f, &buf, &cap, &len), JSONL_EOF);
	assert_true(cap <= JSONL_MAX_LINE_BYTES * 2);
	fclose(f);
	free(buf);
	free(data);
}

static void test_say_event_shape(void **state)
{
	(void)state;
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	struct interviewer_turn t = {3, "Why that \"choice\"?", PHASE_DESIGN, "design.rate_limiting",
				     (1u << ACT_FOLLOW_UP) | (1u << ACT_PROBE_WHY), 0, NULL, NULL, NULL};
	jsonl_emit_say(f, "abc", &t, 412.5, NULL);
	jsonl_emit_error(f, "bad line");
	jsonl_emit_end(f, "abc", 2150.0, "{\"recommendation\":\"hire\"}");
	fclose(f);
	assert_non_null(strstr(out, "\"event\":\"say\""));
	assert_non_null(strstr(out, "\"turn\":3"));
	assert_non_null(strstr(out, "\"text\":\"Why that \\\"choice\\\"?\""));
	assert_non_null(strstr(out, "\"phase\":\"design\""));
	assert_non_null(strstr(out, "\"acts\":[\"follow_up\",\"probe_why\"]"));
	assert_non_null(strstr(out, "\"t\":412.5"));
	assert_non_null(strstr(out, "{\"event\":\"error\",\"message\":\"bad line\"}\n"));
	assert_non_null(strstr(out, "\"scorecard\":{\"recommendation\":\"hire\"}"));
	/* one object per line */
	int lines = 0;
	for (char *p = out; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 3);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_line),
		cmocka_unit_test(test_silence_with_seconds),
		cmocka_unit_test(test_audio_line),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_read_line_limits),
		cmocka_unit_test(test_say_event_shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
