/*
 * test_web_console.c - the recruiter console (/console, web/console/) end
 * to end in headless Chromium, driven over the DevTools protocol as in
 * test_web_browser.c, against a server on loopback with a recruiter made
 * by `interviewer user add`:
 *   - a wrong password shows an error; the right one opens the interviews
 *     by status, which the search box and the status filter narrow;
 *   - an invitation made in the console shows the candidate's full link
 *     and copies it;
 *   - the candidate (the room's WebSocket, driven here) speaks a first
 *     answer and types the rest while the recruiter watches the captions
 *     arrive; then the transcript with the spoken answer played, the
 *     scorecard, the report in its frame (its style allowed, framed by the
 *     console only), the JSON and Markdown downloads, comparing two
 *     candidates of one role, deleting with a confirmation, signing out.
 * Plus, without a browser: the console's routes and the report's headers.
 * Screenshots go to artifacts/console-*.png.
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

#include "test_sim.h"
#include "test_support.h"
#include "voice/voice.h"
#include "voice/wav.h"
#include "web_client.h"

#define ARTIFACTS IV_DATA_DIR "/../artifacts"
#define RECRUITER "rec@example.com"
#define PASSWORD "a long and correct passphrase"

/* --- the browser (as in test_web_browser.c) ------------------------------- */

struct browser {
	pid_t pid;
	char *profile;
	int port;
	struct ws_client *page;
	int next_id;
};

/* The browser open now, closed by the test's teardown when a failure
 * jumped past browser_close. */
static struct browser *open_browser;

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

/* Sends a DevTools command and waits for its answer (events in between are
 * dropped).  Returns the "result" object (caller decrefs). */
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

/* The same, for a command the browser may not know: NULL on an error. */
static json_t *cdp_try(struct browser *b, const char *method, json_t *params)
{
	int id = ++b->next_id;
	json_t *msg = json_pack("{s:i, s:s, s:o}", "id", id, "method", method, "params",
				params ? params : json_object());
	char *text = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	assert_int_equal(ws_send_text(b->page, text), 0);
	free(text);
	double until = now_s() + 30;
	while (now_s() < until) {
		json_t *o = ws_next_event(b->page, 5);
		if (!o)
			continue;
		if (json_integer_value(json_object_get(o, "id")) == id) {
			json_t *result = json_object_get(o, "error") ? NULL : json_incref(json_object_get(o, "result"));
			json_decref(o);
			return result;
		}
		json_decref(o);
	}
	return NULL;
}

/* Evaluates a JavaScript expression in the page (promises awaited). */
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

/* The string value of expr (malloc'd; "" when not a string). */
static char *js_text(struct browser *b, const char *expr)
{
	json_t *v = js(b, expr);
	char *s = strdup(json_is_string(v) ? json_string_value(v) : "");
	json_decref(v);
	return s;
}

static long js_int(struct browser *b, const char *expr)
{
	json_t *v = js(b, expr);
	long n = json_is_number(v) ? (long)json_number_value(v) : -1;
	json_decref(v);
	return n;
}

static void wait_for(struct browser *b, const char *expr, double seconds)
{
	double until = now_s() + seconds;
	while (now_s() < until) {
		json_t *v = js(b, expr);
		int ok = json_is_true(v);
		json_decref(v);
		if (ok)
			return;
		usleep(150000);
	}
	char *page = js_text(b, "location.pathname + ' | ' + document.body.dataset.view + ' | ' + "
				"document.getElementById('main').innerText.slice(0, 600)");
	fail_msg("timed out waiting for %s (page: %s)", expr, page);
}

/* Waits for the element [data-testid=testid] to be there and enabled, and
 * clicks it. */
static void click(struct browser *b, const char *testid)
{
	char expr[300];
	snprintf(expr, sizeof expr,
		 "(() => { const e = document.querySelector('[data-testid=\"%s\"]'); "
		 "if (!e || e.disabled || !e.offsetParent) return false; e.click(); return true; })()",
		 testid);
	wait_for(b, expr, 20);
}

/* Types value into the field [data-testid=testid] (input events fire). */
static void fill(struct browser *b, const char *testid, const char *value)
{
	json_t *v = json_string(value);
	char *quoted = json_dumps(v, JSON_ENCODE_ANY);
	json_decref(v);
	char expr[1200];
	snprintf(expr, sizeof expr,
		 "(() => { const e = document.querySelector('[data-testid=\"%s\"]'); if (!e) return false; "
		 "e.value = %s; e.dispatchEvent(new Event('input', {bubbles: true})); "
		 "e.dispatchEvent(new Event('change', {bubbles: true})); return true; })()",
		 testid, quoted);
	free(quoted);
	wait_for(b, expr, 10);
}

static void screenshot(struct browser *b, const char *name)
{
	usleep(300000); /* let the layout settle */
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
	snprintf(path, sizeof path, "%s/console-%s.png", ARTIFACTS, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(png, 1, len, f);
	fclose(f);
	free(png);
	json_decref(r);
}

static void browser_open(struct browser *b)
{
	memset(b, 0, sizeof *b);
	b->profile = ts_tmpdir();
	int pipefd[2];
	assert_int_equal(pipe(pipefd), 0);
	char data_dir[600];
	snprintf(data_dir, sizeof data_dir, "--user-data-dir=%s", b->profile);
	b->pid = fork();
	if (b->pid == 0) {
		setpgid(0, 0); /* its own group: closing it ends its helpers too */
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		close(pipefd[1]);
		execl(chromium_path(), chromium_path(), "--headless=new", "--no-sandbox", "--disable-gpu",
		      "--no-first-run", "--disable-background-networking", "--disable-component-update",
		      "--disable-sync", "--remote-debugging-port=0", data_dir,
		      "--autoplay-policy=no-user-gesture-required", "--window-size=1200,900",
		      "--force-prefers-reduced-motion", "about:blank", (char *)NULL);
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
	if (fork() == 0) { /* let it write on */
		while (fgets(line, sizeof line, err))
			;
		_exit(0);
	}
	fclose(err);
	assert_true(b->port > 0);
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
	open_browser = b;
}

static void browser_close(struct browser *b)
{
	ws_close(b->page);
	kill(-b->pid, SIGKILL);
	kill(b->pid, SIGKILL);
	waitpid(b->pid, NULL, 0);
	usleep(300000); /* its helper processes end with it */
	ts_rmdir(b->profile);
	free(b->profile);
	open_browser = NULL;
}

static int close_open_browser(void **state)
{
	if (open_browser)
		browser_close(open_browser);
	return 0;
}

/* Fails on an uncaught error or a refusal by the page's policy so far. */
static void no_page_errors(struct browser *b)
{
	char *errors = js_text(b, "window.__console ? window.__console.errors.join('; ') : ''");
	if (errors[0])
		fail_msg("the console page reported: %s", errors);
	free(errors);
}

static void navigate(struct browser *b, int port, const char *url)
{
	no_page_errors(b);
	char full[300];
	snprintf(full, sizeof full, "http://127.0.0.1:%d%s", port, url);
	json_decref(cdp(b, "Page.navigate", json_pack("{s:s}", "url", full)));
	wait_for(b, "document.readyState === 'complete' && !!window.__console && "
		    "window.__console.view !== 'loading'", 20);
}

/* --- the candidates ------------------------------------------------------- */

static struct wav_audio spoken_answer;
static char *tmp;

static int setup(void **state)
{
	struct iv_error err;
	tmp = ts_tmpdir();
	char *path = ts_path(tmp, "answer.wav");
	struct voice_speaking *vs = voice_speaking_new(IV_DATA_DIR, "rms", 160, &err);
	assert_non_null(vs);
	assert_int_equal(voice_speak_to_file(vs, "I have built backend systems for six years, mostly payments and messaging.",
					     path, NULL, NULL, &err), 0);
	voice_speaking_free(vs);
	assert_int_equal(wav_read_16k_mono(path, &spoken_answer, &err), 0);
	free(path);
	return 0;
}

static int teardown(void **state)
{
	wav_audio_release(&spoken_answer);
	ts_rmdir(tmp);
	free(tmp);
	return 0;
}

static const char *event_name(const json_t *o)
{
	const char *e = json_string_value(json_object_get(o, "event"));
	return e ? e : "";
}

/* The answer a simulated candidate (contract section 5) gives to a say:
 * the next unused answer for its topic, else the probe reply for its act,
 * else the default probe reply. */
static const char *candidate_reply(json_t *cand, json_t *used, const json_t *say)
{
	const char *topic = json_string_value(json_object_get(say, "topic"));
	json_t *answers = topic ? json_object_get(json_object_get(cand, "answers"), topic) : NULL;
	const char *key = topic ? topic : "";
	int k = (int)json_integer_value(json_object_get(used, key));
	if (answers && (size_t)k < json_array_size(answers)) {
		json_object_set_new(used, key, json_integer(k + 1));
		return json_string_value(json_array_get(answers, (size_t)k));
	}
	json_t *probes = json_object_get(cand, "probes");
	size_t i;
	json_t *act;
	json_array_foreach(json_object_get(say, "acts"), i, act) {
		json_t *list = json_object_get(probes, json_string_value(act));
		if (json_array_size(list)) {
			char pk[80];
			snprintf(pk, sizeof pk, "probe:%s", json_string_value(act));
			int n = (int)json_integer_value(json_object_get(used, pk));
			json_object_set_new(used, pk, json_integer(n + 1));
			return json_string_value(json_array_get(list, (size_t)n % json_array_size(list)));
		}
	}
	json_t *def = json_object_get(probes, "default");
	int n = (int)json_integer_value(json_object_get(used, "probe:default"));
	json_object_set_new(used, "probe:default", json_integer(n + 1));
	return json_array_size(def) ? json_string_value(json_array_get(def, (size_t)n % json_array_size(def)))
				    : "I am not sure.";
}

/* A whole written interview by the candidate of ../shared/candidates/file,
 * invited under name; returns the interview's id (malloc'd). */
static char *interview_candidate(struct web_fixture *f, const char *name, const char *file)
{
	char path[600];
	snprintf(path, sizeof path, "%s/candidates/%s", ts_shared_dir(), file);
	json_t *cand = json_load_file(path, 0, NULL);
	assert_non_null(cand);
	json_t *used = json_object();
	json_t *inv = wf_invite(f, name, 0);
	struct ws_client *c = wf_open_room(f, inv);
	assert_int_equal(ws_send_text(c, "{\"consent\": true, \"voice\": false}"), 0);
	json_t *say = ws_wait_event(c, "say", 20);
	int turns = 0;
	while (say && !strcmp(event_name(say), "say") && turns < 200) {
		assert_int_equal(ws_send_answer(c, candidate_reply(cand, used, say)), 0);
		json_decref(say);
		turns++;
		say = ws_next_event(c, 20);
		while (say && strcmp(event_name(say), "say") && strcmp(event_name(say), "end")) {
			json_decref(say);
			say = ws_next_event(c, 20);
		}
	}
	assert_non_null(say);
	assert_string_equal(event_name(say), "end");
	json_decref(say);
	ws_close(c);
	char *id = strdup(json_string_value(json_object_get(inv, "id")));
	json_decref(inv);
	json_decref(used);
	json_decref(cand);
	return id;
}

/* Streams n samples (NULL: silence) as the microphone, in 20 ms frames. */
static void stream(struct ws_client *c, const int16_t *pcm, size_t n)
{
	static const int16_t quiet[320];
	for (size_t o = 0; o < n; o += 320) {
		size_t k = n - o < 320 ? n - o : 320;
		assert_int_equal(ws_send_binary(c, pcm ? pcm + o : quiet, k * 2), 0);
	}
}

static size_t settled_audio(struct ws_client *c)
{
	size_t last = (size_t)-1, now = ws_binary_bytes(c);
	for (int i = 0; i < 100 && now != last; i++) {
		last = now;
		usleep(200000);
		now = ws_binary_bytes(c);
	}
	return now;
}

static void add_recruiter(const char *db)
{
	const char *argv[] = {"interviewer", "user", "add", RECRUITER, "--db", db, NULL};
	char *out = NULL, *err = NULL;
	int rc = ts_run(argv, PASSWORD "\n", strlen(PASSWORD) + 1, &out, &err);
	if (rc != 0)
		fail_msg("interviewer user add: %d: %s", rc, err);
	free(out);
	free(err);
}

/* --- the console, end to end ---------------------------------------------- */

static void sign_in(struct browser *b, const char *password)
{
	fill(b, "login-email", RECRUITER);
	fill(b, "login-password", password);
	click(b, "login-submit");
}

/* The rows of the interviews list, as "name|status" lines. */
static char *rows(struct browser *b)
{
	return js_text(b, "Array.from(document.querySelectorAll('[data-testid=interview-row]'))"
			  ".map(r => r.querySelector('[data-testid=row-open]').innerText + '|' + r.dataset.status)"
			  ".join('\\n')");
}

/* Waits for a file of the download folder; returns its text (malloc'd). */
static char *downloaded(const char *dir, const char *name)
{
	char *path = ts_path(dir, name);
	char *text = NULL;
	for (int i = 0; i < 100 && !text; i++) {
		size_t len;
		text = ts_read(path, &len);
		if (!text || !len) {
			free(text);
			text = NULL;
			usleep(100000);
		}
	}
	if (!text)
		fail_msg("no download %s", path);
	free(path);
	return text;
}

static void test_console_end_to_end(void **state)
{
	if (!chromium_path()) {
		fprintf(stderr, "SKIP: chromium is not installed (apt-get install chromium)\n");
		skip();
	}
	struct web_fixture f;
	wf_start(&f, NULL);
	add_recruiter(f.db);
	/* two candidates for one role, interviewed before the recruiter looks */
	char *strong = interview_candidate(&f, "Priya Raman", "senior_pragmatic.json");
	char *weak = interview_candidate(&f, "Kevin Blake", "defensive_blamer.json");

	struct browser b;
	browser_open(&b);
	char *downloads = ts_tmpdir();
	json_decref(cdp(&b, "Page.setDownloadBehavior",
			json_pack("{s:s, s:s}", "behavior", "allow", "downloadPath", downloads)));

	/* signing in: a wrong password is refused with a message */
	navigate(&b, f.port, "/console");
	/* the copy button may use the clipboard (headless: when granted) */
	char origin[64];
	snprintf(origin, sizeof origin, "http://127.0.0.1:%d", f.port);
	json_decref(cdp_try(&b, "Emulation.setFocusEmulationEnabled", json_pack("{s:b}", "enabled", 1)));
	json_t *granted = cdp_try(&b, "Browser.grantPermissions",
				  json_pack("{s:[s,s], s:s}", "permissions", "clipboardReadWrite",
					    "clipboardSanitizedWrite", "origin", origin));
	int clipboard = granted != NULL;
	json_decref(granted);
	fprintf(stderr, "clipboard permission: %s\n", clipboard ? "granted" : "not available");
	wait_for(&b, "window.__console.view === 'login'", 10);
	screenshot(&b, "login");
	sign_in(&b, "not the password");
	wait_for(&b, "!document.querySelector('[data-testid=login-error]').hidden", 10);
	char *text = js_text(&b, "document.querySelector('[data-testid=login-error]').innerText");
	assert_string_equal(text, "Wrong email or password.");
	free(text);
	assert_int_equal(js_int(&b, "window.__console.view === 'login' ? 1 : 0"), 1);
	screenshot(&b, "login-error");
	sign_in(&b, PASSWORD);
	wait_for(&b, "window.__console.view === 'interviews' && "
		     "document.querySelectorAll('[data-testid=interview-row]').length === 2", 10);
	text = js_text(&b, "document.querySelector('[data-testid=account-email]').innerText");
	assert_string_equal(text, RECRUITER);
	free(text);
	text = rows(&b);
	assert_non_null(strstr(text, "Priya Raman|completed"));
	assert_non_null(strstr(text, "Kevin Blake|completed"));
	free(text);
	text = js_text(&b, "document.querySelector('[data-testid=counts]').innerText");
	assert_non_null(strstr(text, "2 completed"));
	free(text);
	/* a state-changing request without the CSRF token is refused; the
	 * console sends it (the invitation below) */
	assert_int_equal(js_int(&b, "fetch('/api/invitations', {method: 'POST', headers: {'Content-Type': "
				    "'application/json'}, body: '{\"candidate_name\":\"x\"}'}).then(r => r.status)"),
			 403);

	/* an invitation, made in the console, and its link */
	click(&b, "nav-new");
	wait_for(&b, "window.__console.view === 'new'", 10);
	fill(&b, "invite-name", "Ada Lovelace");
	fill(&b, "invite-email", "ada@example.com");
	fill(&b, "invite-playbook", "nonexistent");
	click(&b, "invite-submit");
	wait_for(&b, "!document.querySelector('[data-testid=invite-error]').hidden", 10);
	text = js_text(&b, "document.querySelector('[data-testid=invite-error]').innerText");
	assert_non_null(strstr(text, "playbook"));
	free(text);
	fill(&b, "invite-playbook", "backend");
	fill(&b, "invite-expiry", "259200");
	screenshot(&b, "new");
	click(&b, "invite-submit");
	wait_for(&b, "!document.querySelector('[data-testid=invite-result]').hidden", 10);
	char *link = js_text(&b, "document.querySelector('[data-testid=invite-link]').value");
	char prefix[64];
	snprintf(prefix, sizeof prefix, "http://127.0.0.1:%d/i/", f.port);
	assert_int_equal(strncmp(link, prefix, strlen(prefix)), 0);
	assert_int_equal(strlen(link + strlen(prefix)), 43);
	assert_null(strchr(link + strlen(prefix), '/'));
	click(&b, "copy-link");
	wait_for(&b, "document.querySelector('[data-testid=copy-status]').innerText.length > 0", 10);
	if (clipboard) {
		text = js_text(&b, "document.querySelector('[data-testid=copy-status]').innerText");
		assert_string_equal(text, "Copied to the clipboard.");
		free(text);
		text = js_text(&b, "navigator.clipboard.readText()");
		assert_string_equal(text, link);
		free(text);
	}
	assert_true(js_int(&b, "document.querySelector('[data-testid=invite-card]') ? 1 : 0") == 0 ||
		    js_int(&b, "document.getElementById('invite-card').hidden ? 1 : 0") == 1);
	screenshot(&b, "invitation");
	char *ada = js_text(&b, "document.querySelector('[data-testid=invite-result]').dataset.id");
	assert_int_equal(strlen(ada), 32);

	/* it is listed as invited; the search and the status filter narrow the list */
	click(&b, "invite-result-open");
	wait_for(&b, "window.__console.view === 'interview' && "
		     "document.querySelector('[data-testid=interview-status]').dataset.status === 'invited'", 10);
	navigate(&b, f.port, "/console/");
	wait_for(&b, "document.querySelectorAll('[data-testid=interview-row]').length === 3", 10);
	fill(&b, "search", "lovel");
	text = rows(&b);
	assert_string_equal(text, "Ada Lovelace|invited");
	free(text);
	fill(&b, "search", "");
	fill(&b, "status-filter", "completed");
	text = rows(&b);
	assert_null(strstr(text, "Ada"));
	assert_non_null(strstr(text, "Priya"));
	free(text);
	fill(&b, "status-filter", "");
	screenshot(&b, "interviews");

	/* the candidate opens the link and speaks a first answer */
	char ws_path[128];
	snprintf(ws_path, sizeof ws_path, "%s/ws", strstr(link, "/i/"));
	struct ws_client *room = ws_connect(f.port, ws_path);
	assert_non_null(room);
	assert_int_equal(ws_send_text(room, "{\"consent\": true, \"voice\": true}"), 0);
	json_t *say = ws_wait_event(room, "say", 30);
	assert_non_null(say);
	json_decref(say);
	size_t greeting = settled_audio(room);
	stream(room, NULL, greeting / 2 + 8000);
	stream(room, spoken_answer.samples, spoken_answer.n_samples);
	stream(room, NULL, 16000 * 4);
	json_t *heard = ws_wait_event(room, "say", 60); /* the second question */
	assert_non_null(heard);
	assert_int_equal(json_integer_value(json_object_get(heard, "turn")), 2);
	json_decref(heard);

	/* the recruiter watches: the list offers it, the captions come in */
	navigate(&b, f.port, "/console/");
	wait_for(&b, "!!document.querySelector('[data-testid=row-watch]')", 10);
	click(&b, "row-watch");
	wait_for(&b, "window.__console.view === 'watch' && "
		     "document.getElementById('watch-state-text').innerText === 'Live' && "
		     "document.querySelectorAll('[data-testid=watch-candidate]').length === 1", 10);
	text = js_text(&b, "document.querySelector('[data-testid=watch-interviewer]').innerText");
	assert_non_null(strstr(text, "Ada"));
	free(text);
	int polls = (int)js_int(&b, "window.__console.polls");
	char answer[256];
	snprintf(answer, sizeof answer, "We sharded the orders table by customer id and kept a read replica per region.");
	assert_int_equal(ws_send_answer(room, answer), 0);
	say = ws_wait_event(room, "say", 30);
	assert_non_null(say);
	json_decref(say);
	wait_for(&b, "Array.from(document.querySelectorAll('[data-testid=watch-candidate]'))"
		     ".some(e => e.innerText.includes('sharded the orders table'))", 8);
	assert_true(js_int(&b, "window.__console.polls") > polls); /* it polled to get there */
	screenshot(&b, "watch");

	/* the candidate types the rest; the watcher sees the end */
	char buf[512];
	int n = 0;
	for (;;) {
		assert_int_equal(ws_send_answer(room, plain_reply(n++, buf, sizeof buf)), 0);
		json_t *e = ws_next_event(room, 30);
		while (e && strcmp(event_name(e), "say") && strcmp(event_name(e), "end")) {
			json_decref(e);
			e = ws_next_event(room, 30);
		}
		assert_non_null(e);
		int end = !strcmp(event_name(e), "end");
		json_decref(e);
		if (end)
			break;
		assert_true(n < 200);
	}
	ws_close(room);
	wait_for(&b, "!!document.querySelector('[data-testid=watch-done]')", 10);
	text = js_text(&b, "document.getElementById('watch-state-text').innerText");
	assert_string_equal(text, "Completed");
	free(text);

	/* the transcript, with the spoken answer played */
	click(&b, "watch-done");
	wait_for(&b, "window.__console.view === 'interview' && "
		     "document.querySelector('[data-testid=interview-status]').dataset.status === 'completed'", 10);
	long turns = js_int(&b, "document.querySelectorAll('[data-testid=turn]').length");
	assert_true(turns >= n + 2);
	text = js_text(&b, "document.querySelector('[data-turn=\"2\"] [data-testid=answer]').innerText");
	assert_non_null(strstr(text, "sharded the orders table"));
	free(text);
	text = js_text(&b, "document.querySelector('[data-testid=interview-meta]').innerText");
	assert_non_null(strstr(text, "ada@example.com"));
	assert_non_null(strstr(text, "spoken"));
	free(text);
	click(&b, "play-answer");
	wait_for(&b, "(() => { const a = document.querySelector('[data-testid=answer-audio][data-turn=\"1\"]'); "
		     "return !!a && a.duration > 1 && (a.currentTime > 0 || a.played.length > 0); })()", 15);
	assert_int_equal(js_int(&b, "document.querySelectorAll('[data-testid=no-audio]').length"), 0);
	/* a typed answer has no recording, and says so */
	wait_for(&b, "(() => { const p = document.querySelectorAll('[data-testid=play-answer]'); "
		     "if (!p.length) return false; p[0].click(); return true; })()", 5);
	wait_for(&b, "document.querySelectorAll('[data-testid=no-audio]').length === 1", 10);
	text = js_text(&b, "document.querySelector('[data-testid=recommendation]').innerText");
	assert_true(strlen(text) > 0);
	free(text);
	json_decref(js(&b, "document.querySelector('[data-turn=\"1\"]').scrollIntoView({block: 'start'})"));
	screenshot(&b, "transcript");
	json_decref(js(&b, "window.scrollTo(0, 0)"));
	screenshot(&b, "interview");

	/* the report in its frame, with its style (the report's policy allows it) */
	click(&b, "tab-report");
	wait_for(&b, "(() => { const d = document.querySelector('[data-testid=report-frame]').contentDocument; "
		     "return !!d && d.readyState === 'complete' && !!d.body && d.body.innerText.includes('Ada Lovelace'); })()",
		 30);
	text = js_text(&b, "getComputedStyle(document.querySelector('[data-testid=report-frame]')"
			   ".contentDocument.querySelector('main')).maxWidth");
	assert_string_equal(text, "960px");
	free(text);
	json_decref(js(&b, "window.scrollTo(0, document.querySelector('.tabs').offsetTop - 10)"));
	screenshot(&b, "report");

	/* the downloads */
	click(&b, "download-json");
	char *json_text = downloaded(downloads, "scorecard-ada-lovelace.json");
	json_t *card = json_loads(json_text, 0, NULL);
	assert_non_null(card);
	assert_non_null(json_string_value(json_object_get(card, "recommendation")));
	assert_true(json_is_object(json_object_get(card, "dimensions")));
	json_decref(card);
	free(json_text);
	click(&b, "download-md");
	char *md = downloaded(downloads, "scorecard-ada-lovelace.md");
	assert_non_null(strstr(md, "Ada Lovelace"));
	free(md);

	/* two candidates of one role side by side */
	click(&b, "nav-compare");
	wait_for(&b, "window.__console.view === 'compare' && "
		     "document.querySelectorAll('[data-testid=compare-check]').length >= 2", 10);
	text = js_text(&b, "document.querySelector('[data-testid=compare-playbook]').value");
	assert_string_equal(text, "default"); /* Priya and Kevin: the server's playbook */
	free(text);
	click(&b, "compare-submit"); /* none picked: refused */
	wait_for(&b, "!document.getElementById('compare-error').hidden", 5);
	json_decref(js(&b, "document.querySelectorAll('[data-testid=compare-check]').forEach(c => c.checked = true)"));
	click(&b, "compare-submit");
	wait_for(&b, "!document.getElementById('compare-result').hidden", 10);
	text = js_text(&b, "document.querySelector('[data-testid=compare-table]').innerText");
	assert_non_null(strstr(text, "Priya Raman"));
	assert_non_null(strstr(text, "Kevin Blake"));
	assert_non_null(strstr(text, "API design"));
	assert_non_null(strstr(text, "Production experience"));
	free(text);
	/* the columns show each one's own scorecard, as the API has it */
	int status;
	char path[200];
	for (int k = 0; k < 2; k++) {
		snprintf(path, sizeof path, "/api/interviews/%s", k ? weak : strong);
		json_t *d = wf_get_json(&f, path, &status);
		const char *rec = json_string_value(json_object_get(json_object_get(d, "scorecard"), "recommendation"));
		char expr[400];
		snprintf(expr, sizeof expr,
			 "(() => { const ths = Array.from(document.querySelectorAll('#compare-table thead th')); "
			 "const col = ths.findIndex(t => t.innerText === '%s') + 1; "
			 "return document.querySelector('#compare-table tr[data-row=recommendation]').children[col]"
			 ".querySelector('.rec').className; })()",
			 k ? "Kevin Blake" : "Priya Raman");
		text = js_text(&b, expr);
		char want[64];
		snprintf(want, sizeof want, "rec rec--%s", rec);
		assert_string_equal(text, want);
		free(text);
		json_decref(d);
	}
	text = js_text(&b, "document.querySelector('#compare-table tr[data-row=recommendation]').innerText");
	fprintf(stderr, "compared: %s\n", text);
	free(text);
	/* the best score of a row is marked where the scores differ: the strong
	 * candidate has more of them */
	const char *best_in = "(() => { const ths = Array.from(document.querySelectorAll('#compare-table thead th')); "
			      "const col = ths.findIndex(t => t.innerText === '%s') + 1; "
			      "return Array.from(document.querySelectorAll('#compare-table tbody tr'))"
			      ".filter(r => r.children[col] && r.children[col].classList.contains('best')).length; })()";
	char best_expr[600];
	snprintf(best_expr, sizeof best_expr, best_in, "Priya Raman");
	long best_strong = js_int(&b, best_expr);
	snprintf(best_expr, sizeof best_expr, best_in, "Kevin Blake");
	long best_weak = js_int(&b, best_expr);
	fprintf(stderr, "best scores: Priya %ld, Kevin %ld\n", best_strong, best_weak);
	assert_true(best_strong > best_weak);
	screenshot(&b, "compare");
	/* a comparison has an address; an interview of another role is left out */
	snprintf(path, sizeof path, "/console/compare?ids=%s,%s,%s", strong, weak, ada);
	navigate(&b, f.port, path);
	wait_for(&b, "!document.getElementById('compare-result').hidden", 10);
	assert_int_equal(js_int(&b, "document.querySelectorAll('#compare-table thead th').length"), 2);

	/* the same pages in the dark and on a phone */
	json_decref(cdp(&b, "Emulation.setEmulatedMedia",
			json_pack("{s:[{s:s, s:s}]}", "features", "name", "prefers-color-scheme", "value", "dark")));
	snprintf(path, sizeof path, "/console/interviews/%s", ada);
	navigate(&b, f.port, path);
	wait_for(&b, "!document.getElementById('scorecard-summary').hidden", 10);
	screenshot(&b, "dark");
	json_decref(cdp(&b, "Emulation.setEmulatedMedia",
			json_pack("{s:[{s:s, s:s}]}", "features", "name", "prefers-color-scheme", "value", "light")));
	json_decref(cdp(&b, "Emulation.setDeviceMetricsOverride",
			json_pack("{s:i, s:i, s:f, s:b}", "width", 390, "height", 844, "deviceScaleFactor", 1.0,
				  "mobile", 1)));
	navigate(&b, f.port, "/console/");
	wait_for(&b, "document.querySelectorAll('[data-testid=interview-row]').length === 3", 10);
	screenshot(&b, "phone");
	json_decref(cdp(&b, "Emulation.clearDeviceMetricsOverride", NULL));

	/* deleting, after a confirmation (keeping it first) */
	snprintf(path, sizeof path, "/console/interviews/%s", ada);
	navigate(&b, f.port, path);
	wait_for(&b, "document.querySelector('[data-testid=interview-status]').dataset.status === 'completed'", 10);
	click(&b, "delete");
	wait_for(&b, "document.querySelector('[data-testid=delete-dialog]').open", 5);
	click(&b, "delete-cancel");
	wait_for(&b, "!document.querySelector('[data-testid=delete-dialog]').open", 5);
	snprintf(path, sizeof path, "/api/interviews/%s", ada);
	json_decref(wf_get_json(&f, path, &status));
	assert_int_equal(status, 200);
	click(&b, "delete");
	wait_for(&b, "document.querySelector('[data-testid=delete-dialog]').open", 5);
	text = js_text(&b, "document.getElementById('delete-text').innerText");
	assert_non_null(strstr(text, "Ada Lovelace"));
	free(text);
	screenshot(&b, "delete");
	click(&b, "delete-confirm");
	wait_for(&b, "window.__console.view === 'interviews' && !document.querySelector('[data-testid=toast]').hidden "
		     "&& document.querySelectorAll('[data-testid=interview-row]').length === 2", 10);
	text = rows(&b);
	assert_null(strstr(text, "Ada"));
	free(text);
	json_decref(wf_get_json(&f, path, &status));
	assert_int_equal(status, 404);
	snprintf(path, sizeof path, "/api/interviews/%s/audio/1", ada);
	json_decref(wf_get_json(&f, path, &status));
	assert_int_equal(status, 404);

	/* signing out ends the session */
	no_page_errors(&b);
	click(&b, "logout");
	wait_for(&b, "window.__console.view === 'login' && !document.getElementById('login-info').hidden", 10);
	assert_int_equal(js_int(&b, "fetch('/api/interviews').then(r => r.status)"), 401);
	screenshot(&b, "signed-out");
	navigate(&b, f.port, "/console/compare");
	wait_for(&b, "window.__console.view === 'login'", 10);
	no_page_errors(&b);

	browser_close(&b);
	ts_rmdir(downloads);
	free(downloads);
	free(ada);
	free(link);
	free(strong);
	free(weak);
	wf_stop(&f);
}

/* --- without a browser: the console's routes and the report's headers ------- */

static void test_console_routes_and_report_headers(void **state)
{
	struct web_fixture f;
	wf_start(&f, NULL);
	static const char *const pages[] = {"/console", "/console/", "/console/new",
					    "/console/interviews/0123456789abcdef0123456789abcdef", NULL};
	struct http_response r;
	char v[1024];
	for (size_t i = 0; pages[i]; i++) {
		assert_int_equal(http_request(f.port, "GET", pages[i], NULL, NULL, 0, &r), 0);
		assert_int_equal(r.status, 200);
		assert_non_null(strstr(r.body, "/static/console/console.js"));
		assert_null(strstr(r.body, "<script>")); /* no inline script */
		assert_non_null(http_header(&r, "Content-Security-Policy", v, sizeof v));
		assert_non_null(strstr(v, "script-src 'self'"));
		assert_non_null(strstr(v, "frame-ancestors 'none'"));
		http_response_release(&r);
	}
	static const char *const missing[] = {"/consoles", "/static/console/nothing.js", NULL};
	for (size_t i = 0; missing[i]; i++) {
		assert_int_equal(http_request(f.port, "GET", missing[i], NULL, NULL, 0, &r), 0);
		assert_int_equal(r.status, 404);
		http_response_release(&r);
	}
	assert_int_equal(http_request(f.port, "GET", "/static/console/console.js", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(http_header(&r, "Content-Type", v, sizeof v));
	assert_non_null(strstr(v, "text/javascript"));
	http_response_release(&r);

	/* the HTML report may be framed by this server's pages, runs no script,
	 * and its one style block is allowed by its hash */
	json_t *inv = wf_invite(&f, "Framed", 0);
	struct ws_client *c = wf_open_room(&f, inv);
	ws_send_text(c, "{\"consent\": true, \"voice\": false}");
	json_t *e = ws_wait_event(c, "say", 20);
	char buf[512];
	for (int n = 0; e && strcmp(event_name(e), "end") && n < 200; n++) {
		json_decref(e);
		ws_send_answer(c, plain_reply(n, buf, sizeof buf));
		e = ws_next_event(c, 20);
	}
	assert_non_null(e);
	json_decref(e);
	ws_close(c);
	char path[200];
	snprintf(path, sizeof path, "/api/interviews/%s/report?format=html",
		 json_string_value(json_object_get(inv, "id")));
	assert_int_equal(http_request(f.port, "GET", path, f.auth, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(http_header(&r, "Content-Security-Policy", v, sizeof v));
	assert_non_null(strstr(v, "frame-ancestors 'self'"));
	assert_non_null(strstr(v, "default-src 'none'"));
	assert_null(strstr(v, "script-src"));
	assert_null(strstr(v, "unsafe-inline"));
	const char *open = strstr(r.body, "<style>") + 7, *close = strstr(open, "</style>");
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)open, (size_t)(close - open));
	char b64[64], want[100];
	sodium_bin2base64(b64, sizeof b64, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
	snprintf(want, sizeof want, "style-src 'sha256-%s'", b64);
	assert_non_null(strstr(v, want));
	assert_non_null(http_header(&r, "X-Frame-Options", v, sizeof v));
	assert_string_equal(v, "SAMEORIGIN");
	http_response_release(&r);
	/* the other reports keep the usual headers */
	snprintf(path, sizeof path, "/api/interviews/%s/report?format=md",
		 json_string_value(json_object_get(inv, "id")));
	assert_int_equal(http_request(f.port, "GET", path, f.auth, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(http_header(&r, "X-Frame-Options", v, sizeof v));
	assert_string_equal(v, "DENY");
	http_response_release(&r);
	json_decref(inv);
	wf_stop(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_console_routes_and_report_headers),
		cmocka_unit_test_teardown(test_console_end_to_end, close_open_browser),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
