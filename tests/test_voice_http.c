/*
 * test_voice_http.c - hearing through an OpenAI-compatible transcription
 * server (--stt-url): the request is a multipart form with the WAV and the
 * model, the reply's text is used; a failing, slow or nonsensical server
 * falls back to the local recognizer and says why.  The servers are
 * civetweb handlers on 127.0.0.1 inside this test.
 */
#include "test_support.h"

#include <civetweb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "voice/stt_http.h"
#include "voice/voice.h"

static struct mg_context *server;
static char base[64];
static int requests_ok;
static char last_model[64];
static int last_had_wav;

/* Reads the request body (at most cap bytes).  Buffers are static: the
 * server's threads have small stacks. */
static size_t read_body(struct mg_connection *conn, char *buf, size_t cap)
{
	size_t len = 0;
	int got;
	while (len < cap && (got = mg_read(conn, buf + len, cap - len)) > 0)
		len += (size_t)got;
	return len;
}

static const char *find_bytes(const char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++)
		if (memcmp(hay + i, needle, m) == 0)
			return hay + i;
	return NULL;
}

static int handle_ok(struct mg_connection *conn, void *cbdata)
{
	(void)cbdata;
	static char body[1 << 20];
	size_t len = read_body(conn, body, sizeof body);
	const char *model = find_bytes(body, len, "name=\"model\"\r\n\r\n");
	if (model) {
		model += strlen("name=\"model\"\r\n\r\n");
		size_t n = strcspn(model, "\r");
		snprintf(last_model, sizeof last_model, "%.*s", (int)n, model);
	}
	last_had_wav = find_bytes(body, len, "filename=\"audio.wav\"") &&
		       find_bytes(body, len, "RIFF") && find_bytes(body, len, "WAVE");
	const char *info_method = mg_get_request_info(conn)->request_method;
	if (strcmp(info_method, "POST") != 0) {
		mg_printf(conn, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
		return 405;
	}
	requests_ok++;
	const char *reply = "{\"text\":\" We would shard by tenant id. \"}";
	mg_printf(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
		  strlen(reply), reply);
	return 200;
}

static int handle_fail(struct mg_connection *conn, void *cbdata)
{
	(void)cbdata;
	static char body[65536];
	read_body(conn, body, sizeof body);
	mg_printf(conn, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\noops");
	return 500;
}

static int handle_slow(struct mg_connection *conn, void *cbdata)
{
	(void)cbdata;
	static char body[65536];
	read_body(conn, body, sizeof body);
	usleep(1500 * 1000);
	mg_printf(conn, "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n{\"text\":\"x\"}\n");
	return 200;
}

static int handle_garbage(struct mg_connection *conn, void *cbdata)
{
	(void)cbdata;
	static char body[65536];
	read_body(conn, body, sizeof body);
	mg_printf(conn, "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nnot json!");
	return 200;
}

/* Reads the request and answers with a JSON body. */
static int reply_json(struct mg_connection *conn, const char *reply)
{
	static char body[65536];
	read_body(conn, body, sizeof body);
	mg_printf(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
		  strlen(reply), reply);
	return 200;
}

/* whisper.cpp's server: a space before each segment, a line break after
 * it, and what is not speech in brackets */
static int handle_whisper_cpp(struct mg_connection *conn, void *cbdata)
{
	(void)cbdata;
	return reply_json(conn, "{\"text\":\" We would shard\\n by tenant id.\\n [BLANK_AUDIO]\\n\"}");
}

/* ... and when it heard nothing but silence */
static int handle_blank(struct mg_connection *conn, void *cbdata)
{
	(void)cbdata;
	return reply_json(conn, "{\"text\":\" [BLANK_AUDIO]\\n\"}");
}

static int setup(void **state)
{
	(void)state;
	const char *options[] = {"listening_ports", "127.0.0.1:0", "num_threads", "4", NULL};
	struct mg_callbacks callbacks;
	memset(&callbacks, 0, sizeof callbacks);
	server = mg_start(&callbacks, NULL, options);
	if (!server)
		return -1;
	mg_set_request_handler(server, "/ok/audio/transcriptions", handle_ok, NULL);
	mg_set_request_handler(server, "/fail/audio/transcriptions", handle_fail, NULL);
	mg_set_request_handler(server, "/slow/audio/transcriptions", handle_slow, NULL);
	mg_set_request_handler(server, "/garbage/audio/transcriptions", handle_garbage, NULL);
	mg_set_request_handler(server, "/whisper/audio/transcriptions", handle_whisper_cpp, NULL);
	mg_set_request_handler(server, "/blank/audio/transcriptions", handle_blank, NULL);
	struct mg_server_port ports[2];
	if (mg_get_server_ports(server, 2, ports) < 1)
		return -1;
	snprintf(base, sizeof base, "http://127.0.0.1:%d", ports[0].port);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	mg_stop(server);
	return 0;
}

static char *url(const char *path)
{
	static char buf[128];
	snprintf(buf, sizeof buf, "%s%s", base, path);
	return buf;
}

static void test_server_transcribes(void **state)
{
	(void)state;
	struct iv_error err = {{0}};
	struct stt_http *h = stt_http_new(url("/ok/"), &err); /* trailing slash is fine */
	assert_non_null(h);
	int16_t pcm[1600] = {0};
	char *text = NULL;
	setenv("INTERVIEWER_STT_MODEL", "large-v3", 1);
	assert_int_equal(stt_http_transcribe(h, pcm, 1600, &text, &err), 0);
	unsetenv("INTERVIEWER_STT_MODEL");
	assert_string_equal(text, "We would shard by tenant id.");
	assert_string_equal(last_model, "large-v3");
	assert_true(last_had_wav);
	free(text);
	stt_http_free(h);
	/* whisper.cpp's line breaks and non-speech marks are not words */
	h = stt_http_new(url("/whisper"), &err);
	assert_non_null(h);
	assert_int_equal(stt_http_transcribe(h, pcm, 1600, &text, &err), 0);
	assert_string_equal(text, "We would shard by tenant id.");
	free(text);
	stt_http_free(h);
}

static void test_failures_are_errors(void **state)
{
	(void)state;
	struct iv_error err = {{0}};
	int16_t pcm[160] = {0};
	char *text = NULL;
	struct stt_http *h = stt_http_new(url("/fail"), &err);
	assert_int_equal(stt_http_transcribe(h, pcm, 160, &text, &err), -1);
	assert_non_null(strstr(err.message, "answered HTTP 500"));
	stt_http_free(h);

	h = stt_http_new(url("/garbage"), &err);
	assert_int_equal(stt_http_transcribe(h, pcm, 160, &text, &err), -1);
	assert_non_null(strstr(err.message, "without a \"text\" field"));
	stt_http_free(h);

	h = stt_http_new(url("/slow"), &err);
	stt_http_set_timeout_ms(h, 300);
	assert_int_equal(stt_http_transcribe(h, pcm, 160, &text, &err), -1);
	assert_non_null(strstr(err.message, "did not answer within 300 ms"));
	stt_http_free(h);

	/* nothing but a non-speech mark: no words, so the local recognizer hears it */
	h = stt_http_new(url("/blank"), &err);
	assert_int_equal(stt_http_transcribe(h, pcm, 160, &text, &err), -1);
	assert_non_null(strstr(err.message, "heard no words"));
	stt_http_free(h);

	assert_null(stt_http_new("ftp://example", &err));
	assert_non_null(strstr(err.message, "must start with http://"));
	assert_null(text);
}

static void test_hearing_uses_server_then_falls_back(void **state)
{
	(void)state;
	struct iv_error err = {{0}};
	size_t n = 16000;
	int16_t *pcm = calloc(n, sizeof *pcm);
	struct voice_hearing *vh = voice_hearing_new(IV_DATA_DIR, url("/ok"), &err);
	if (!vh)
		fail_msg("%s", err.message);
	struct heard h;
	int before = requests_ok;
	assert_int_equal(voice_hear_samples(vh, pcm, n, &h, &err), 0);
	assert_int_equal(requests_ok, before + 1);
	assert_string_equal(h.engine, "http");
	assert_string_equal(h.text, "We would shard by tenant id.");
	assert_null(h.fallback_reason);
	heard_release(&h);
	voice_hearing_free(vh);

	/* A failing server: the local recognizer answers (silence: no words). */
	vh = voice_hearing_new(IV_DATA_DIR, url("/fail"), &err);
	assert_int_equal(voice_hear_samples(vh, pcm, n, &h, &err), 0);
	assert_string_equal(h.engine, "pocketsphinx");
	assert_string_equal(h.text, "");
	assert_non_null(h.fallback_reason);
	assert_non_null(strstr(h.fallback_reason, "HTTP 500"));
	heard_release(&h);
	voice_hearing_free(vh);

	/* A slow server: the deadline from the environment, then local. */
	setenv("INTERVIEWER_STT_TIMEOUT_MS", "250", 1);
	vh = voice_hearing_new(IV_DATA_DIR, url("/slow"), &err);
	unsetenv("INTERVIEWER_STT_TIMEOUT_MS");
	assert_int_equal(voice_hear_samples(vh, pcm, n, &h, &err), 0);
	assert_string_equal(h.engine, "pocketsphinx");
	assert_non_null(strstr(h.fallback_reason, "did not answer within 250 ms"));
	assert_true(h.stt_ms < 1400); /* did not wait for the slow reply */
	heard_release(&h);
	voice_hearing_free(vh);
	free(pcm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_server_transcribes),
		cmocka_unit_test(test_failures_are_errors),
		cmocka_unit_test(test_hearing_uses_server_then_falls_back),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
