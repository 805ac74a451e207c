/*
 * test_web_browser.c - the candidate's room end to end in headless
 * Chromium, driven over the DevTools protocol (a WebSocket, spoken with the
 * tests' civetweb client), with a fake microphone fed from a WAV made at
 * test time by a Flite voice other than the interviewer's:
 *   - a spoken interview: consent, the microphone check, the first
 *     question heard (its audio played), the candidate's spoken answer
 *     recognized and captioned, the interview moving on, a reload resuming;
 *   - an interview in writing: a typed answer moves it on.
 * Screenshots go to artifacts/room-*.png.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test_support.h"
#include "voice/voice.h"
#include "voice/wav.h"
#include "web_client.h"

#define ARTIFACTS IV_DATA_DIR "/../artifacts"

struct browser {
	pid_t pid;
	char *profile;
	int port;
	struct ws_client *page;
	int next_id;
};

static const char *chromium_path(void)
{
	static const char *const paths[] = {"/usr/bin/chromium", "/usr/bin/chromium-browser", NULL};
	for (size_t i = 0; paths[i]; i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return NULL;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* Sends a DevTools command and waits for its answer (events in between
 * are dropped).  Returns the "result" object (caller decrefs). */
static json_t *cdp(struct browser *b, const char *method, json_t *params)
{
	int id = ++b->next_id;
	json_t *msg = json_pack("{s:i, s:s, s:o}", "id", id, "method", method, "params",
				params ? params : json_object());
	char *text = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	assert_int_equal(ws_send_text(b->page, text), 0);
	free(text);
	double until = now_s() + 60;
	while (now_s() < until) {
		json_t *o = ws_next_event(b->page, 5);
		if (!o)
			continue;
		if (json_integer_value(json_object_get(o, "id")) == id) {
			json_t *err = json_object_get(o, "error");
			if (err)
				fail_msg("%s: %s", method, json_string_value(json_object_get(err, "message")));
			json_t *result = json_incref(json_object_get(o, "result"));
			json_decref(o);
			return result;
		}
		json_decref(o);
	}
	fail_msg("%s: no answer from the browser", method);
	return NULL;
}

/* Evaluates a JavaScript expression in the page; returns its value. */
static json_t *js(struct browser *b, const char *expr)
{
	json_t *r = cdp(b, "Runtime.evaluate",
			json_pack("{s:s, s:b, s:b}", "expression", expr, "returnByValue", 1,
				  "awaitPromise", 1));
	json_t *ex = json_object_get(r, "exceptionDetails");
	if (ex) {
		char *s = json_dumps(ex, JSON_COMPACT);
		fail_msg("script failed: %s: %s", expr, s);
	}
	json_t *v = json_incref(json_object_get(json_object_get(r, "result"), "value"));
	json_decref(r);
	return v;
}

/* Waits until expr is true in the page. */
static void wait_for(struct browser *b, const char *expr, double seconds)
{
	double until = now_s() + seconds;
	while (now_s() < until) {
		json_t *v = js(b, expr);
		int ok = json_is_true(v);
		json_decref(v);
		if (ok)
			return;
		usleep(200000);
	}
	json_t *state = js(b, "document.body.dataset.state + ' | ' + (document.querySelector('[data-testid=captions]') || {}).innerText");
	fail_msg("timed out waiting for %s (page: %s)", expr, json_string_value(state));
}

static void click(struct browser *b, const char *testid)
{
	char expr[256];
	snprintf(expr, sizeof expr, "(() => { const e = document.querySelector('[data-testid=%s]'); "
		 "if (!e || e.disabled) return false; e.click(); return true; })()", testid);
	wait_for(b, expr, 20);
}

static void screenshot(struct browser *b, const char *name)
{
	json_t *r = cdp(b, "Page.captureScreenshot", json_pack("{s:s}", "format", "png"));
	const char *data = json_string_value(json_object_get(r, "data"));
	assert_non_null(data);
	size_t cap = strlen(data), len = 0;
	unsigned char *png = malloc(cap);
	assert_int_equal(sodium_base642bin(png, cap, data, strlen(data), NULL, &len, NULL,
					   sodium_base64_VARIANT_ORIGINAL), 0);
	assert_memory_equal(png, "\x89PNG", 4);
	assert_true(len > 5000);
	mkdir(ARTIFACTS, 0755);
	char path[512];
	snprintf(path, sizeof path, "%s/room-%s.png", ARTIFACTS, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(png, 1, len, f);
	fclose(f);
	free(png);
	json_decref(r);
}

static void browser_open(struct browser *b, const char *wav)
{
	memset(b, 0, sizeof *b);
	b->profile = ts_tmpdir();
	int pipefd[2];
	assert_int_equal(pipe(pipefd), 0);
	char fake[600], data_dir[600];
	snprintf(fake, sizeof fake, "--use-file-for-fake-audio-capture=%s", wav);
	snprintf(data_dir, sizeof data_dir, "--user-data-dir=%s", b->profile);
	b->pid = fork();
	if (b->pid == 0) {
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		close(pipefd[1]);
		execl(chromium_path(), chromium_path(), "--headless=new", "--no-sandbox", "--disable-gpu",
		      "--no-first-run", "--disable-background-networking", "--disable-component-update",
		      "--disable-sync", "--remote-debugging-port=0", data_dir,
		      "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", fake,
		      "--autoplay-policy=no-user-gesture-required", "--window-size=1100,900",
		      "about:blank", (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	FILE *err = fdopen(pipefd[0], "r");
	char line[1024];
	while (!b->port && fgets(line, sizeof line, err)) {
		const char *p = strstr(line, "DevTools listening on ws://127.0.0.1:");
		if (p)
			b->port = atoi(p + strlen("DevTools listening on ws://127.0.0.1:"));
	}
	/* let it write on; its stderr is not needed any more */
	if (fork() == 0) {
		while (fgets(line, sizeof line, err))
			;
		_exit(0);
	}
	fclose(err);
	assert_true(b->port > 0);
	/* the page target */
	struct http_response r;
	json_t *list = NULL;
	for (int i = 0; i < 50; i++) {
		assert_int_equal(http_request(b->port, "GET", "/json/list", NULL, NULL, 0, &r), 0);
		list = json_loads(r.body, 0, NULL);
		http_response_release(&r);
		if (json_array_size(list))
			break;
		json_decref(list);
		list = NULL;
		usleep(100000);
	}
	assert_non_null(list);
	const char *url = NULL;
	size_t i;
	json_t *t;
	json_array_foreach(list, i, t)
		if (!strcmp(json_string_value(json_object_get(t, "type")), "page"))
			url = json_string_value(json_object_get(t, "webSocketDebuggerUrl"));
	assert_non_null(url);
	const char *path = strstr(url + 5, "/devtools/");
	assert_non_null(path);
	b->page = ws_connect(b->port, path);
	assert_non_null(b->page);
	json_decref(list);
	json_decref(cdp(b, "Page.enable", NULL));
	json_decref(cdp(b, "Runtime.enable", NULL));
}

static void browser_close(struct browser *b)
{
	ws_close(b->page);
	kill(b->pid, SIGKILL);
	waitpid(b->pid, NULL, 0);
	ts_rmdir(b->profile);
	free(b->profile);
}

static void navigate(struct browser *b, int port, const char *url)
{
	char full[300];
	snprintf(full, sizeof full, "http://127.0.0.1:%d%s", port, url);
	json_decref(cdp(b, "Page.navigate", json_pack("{s:s}", "url", full)));
	wait_for(b, "document.readyState === 'complete' && !!document.body.dataset.state", 20);
}

static char *tmp, *mic_wav;

static int setup(void **state)
{
	if (!chromium_path())
		return 0;
	struct iv_error err;
	tmp = ts_tmpdir();
	char *spoken = ts_path(tmp, "spoken.wav");
	struct voice_speaking *vs = voice_speaking_new(IV_DATA_DIR, "rms", 150, &err);
	assert_non_null(vs);
	assert_int_equal(voice_speak_to_file(vs, "I have built backend systems for six years, mostly payments and messaging.",
					     spoken, NULL, NULL, &err), 0);
	voice_speaking_free(vs);
	/* the answer, then three seconds of quiet: the fake microphone loops it */
	struct wav_audio a;
	assert_int_equal(wav_read_16k_mono(spoken, &a, &err), 0);
	size_t n = a.n_samples + 3 * 16000;
	int16_t *pcm = calloc(n, sizeof *pcm);
	memcpy(pcm, a.samples, a.n_samples * sizeof *pcm);
	mic_wav = ts_path(tmp, "mic.wav");
	assert_int_equal(wav_write(mic_wav, pcm, n, 16000, &err), 0);
	free(pcm);
	wav_audio_release(&a);
	free(spoken);
	return 0;
}

static int teardown(void **state)
{
	if (tmp)
		ts_rmdir(tmp);
	free(tmp);
	free(mic_wav);
	return 0;
}

static void test_spoken_interview_in_chromium(void **state)
{
	if (!chromium_path()) {
		fprintf(stderr, "SKIP: chromium is not installed (apt-get install chromium)\n");
		skip();
	}
	struct web_params p = {0};
	p.seed = 1; /* the wall clock: the page sends audio in real time */
	struct web_fixture f;
	wf_start(&f, &p);
	json_t *inv = wf_invite(&f, "Ada", 0);
	struct browser b;
	browser_open(&b, mic_wav);
	navigate(&b, f.port, json_string_value(json_object_get(inv, "url")));
	wait_for(&b, "document.body.dataset.state === 'consent'", 10);
	screenshot(&b, "consent");
	click(&b, "consent-check");
	click(&b, "start-voice");
	wait_for(&b, "document.body.dataset.state === 'miccheck'", 20);
	click(&b, "mic-check");
	/* the check hears the fake microphone's sentence */
	wait_for(&b, "!document.getElementById('mic-result').hidden && "
		     "document.getElementById('mic-heard').innerText.length > 0", 40);
	json_t *heard = js(&b, "document.getElementById('mic-heard').innerText");
	fprintf(stderr, "microphone check heard: %s\n", json_string_value(heard));
	json_decref(heard);
	screenshot(&b, "miccheck");
	click(&b, "mic-continue");
	wait_for(&b, "document.body.dataset.state === 'interview'", 20);
	/* the first question arrives and its audio plays */
	wait_for(&b, "window.__room && window.__room.lastSay && window.__room.lastSay.turn === 1", 30);
	wait_for(&b, "window.__room.audioChunksPlayed > 0", 30);
	json_t *v = js(&b, "document.querySelector('[data-testid=captions]').innerText");
	assert_non_null(strstr(json_string_value(v), "Ada"));
	json_decref(v);
	screenshot(&b, "first-question");
	/* the candidate's spoken answer is recognized and the interview moves on */
	wait_for(&b, "window.__room.lastSay.turn >= 2", 90);
	wait_for(&b, "document.querySelectorAll('[data-testid=caption-candidate]').length >= 1", 10);
	v = js(&b, "Array.from(document.querySelectorAll('[data-testid=caption-candidate]')).map(e => e.innerText).join(' ')");
	fprintf(stderr, "candidate captions: %s\n", json_string_value(v));
	const char *said = json_string_value(v);
	assert_true(strstr(said, "backend") || strstr(said, "payments") || strstr(said, "messaging") ||
		    strstr(said, "six years"));
	json_decref(v);
	screenshot(&b, "answered");
	/* a reload resumes where it was */
	v = js(&b, "window.__room.lastSay.turn");
	int turn = (int)json_integer_value(v);
	json_decref(v);
	json_decref(cdp(&b, "Page.reload", NULL));
	wait_for(&b, "document.readyState === 'complete' && document.body.dataset.state === 'interview'", 20);
	char expr[200];
	snprintf(expr, sizeof expr, "window.__room && window.__room.lastSay && window.__room.lastSay.turn >= %d", turn);
	wait_for(&b, expr, 30);
	screenshot(&b, "reloaded");
	browser_close(&b);

	/* the hiring team can read what was heard */
	char path[200];
	snprintf(path, sizeof path, "/api/interviews/%s", json_string_value(json_object_get(inv, "id")));
	int status;
	json_t *detail = wf_get_json(&f, path, &status);
	assert_string_equal(json_string_value(json_object_get(detail, "status")), "in_progress");
	assert_true(json_array_size(json_object_get(detail, "transcript")) >= 2);
	json_decref(detail);
	json_decref(inv);
	wf_stop(&f);
}

static void test_written_interview_in_chromium(void **state)
{
	if (!chromium_path()) {
		fprintf(stderr, "SKIP: chromium is not installed (apt-get install chromium)\n");
		skip();
	}
	struct web_fixture f;
	wf_start(&f, NULL);
	json_t *inv = wf_invite(&f, "Grace", 0);
	struct browser b;
	browser_open(&b, mic_wav);
	navigate(&b, f.port, json_string_value(json_object_get(inv, "url")));
	click(&b, "consent-check");
	click(&b, "start-text");
	wait_for(&b, "document.body.dataset.state === 'interview'", 20);
	wait_for(&b, "window.__room && window.__room.lastSay && window.__room.lastSay.turn === 1", 20);
	json_decref(js(&b, "(() => { const t = document.querySelector('[data-testid=answer]'); "
			   "t.value = 'I lead a small team that runs the payments API; we moved it to Postgres last year.'; "
			   "t.dispatchEvent(new Event('input', {bubbles: true})); return true; })()"));
	click(&b, "send");
	wait_for(&b, "window.__room.lastSay.turn === 2", 20);
	json_t *v = js(&b, "Array.from(document.querySelectorAll('[data-testid=caption-candidate]')).map(e => e.innerText).join(' ')");
	assert_non_null(strstr(json_string_value(v), "payments API"));
	json_decref(v);
	v = js(&b, "window.__room.audioChunksPlayed");
	assert_int_equal(json_integer_value(v), 0); /* in writing: no audio */
	json_decref(v);
	screenshot(&b, "written");
	browser_close(&b);
	json_decref(inv);
	wf_stop(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spoken_interview_in_chromium),
		cmocka_unit_test(test_written_interview_in_chromium),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
