/*
 * test_web_console.c - the recruiter console (/console, web/console/) end
 * to end in headless Chromium, driven over the DevTools protocol as in
 * test_web_browser.c (tests/support/browser.c), against a server on loopback with a recruiter made
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
 *     candidates of one role, deleting with a confirmation, signing out;
 *   - the end to end with a real candidate, in two pages of one
 *     browser (the recruiter's console, the candidate's room with a fake
 *     microphone playing a WAV made by `interviewer say`): the recruiter
 *     signs in and invites; the candidate consents, checks the microphone
 *     and answers the first question aloud, which the recruiter sees live;
 *     the candidate mutes and types the rest (the virtual clock makes it
 *     quick); the recruiter reads the transcript, plays the spoken answer
 *     to its end and reads the scorecard's recommendation.
 * Plus, without a browser: the console's routes and the report's headers.
 * Screenshots go to artifacts/console-*.png and artifacts/e2e-*.png (the
 * helpers are tests/support/browser.c); IV_TEST_FILTER picks tests.
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

#include "browser.h"
#include "test_sim.h"
#include "test_support.h"
#include "voice/voice.h"
#include "voice/wav.h"
#include "web_client.h"

#define RECRUITER "rec@example.com"
#define PASSWORD "a long and correct passphrase"

/* --- the console page ---------------------------------------------------- */

#define CONSOLE_STATE "location.pathname + ' | ' + document.body.dataset.view + ' | ' + " \
	"document.getElementById('main').innerText.slice(0, 600)"

static struct browser *open_console(void)
{
	struct browser_options o = {.width = 1200, .height = 900, .reduced_motion = 1, .shot_prefix = "console"};
	struct browser *b = browser_open(&o);
	b->describe = CONSOLE_STATE;
	return b;
}

/* Fails on an uncaught error or a refusal by the page's policy so far. */
static void no_page_errors(struct browser *b)
{
	char *errors = browser_js_text(b, "window.__console ? window.__console.errors.join('; ') : ''");
	if (errors[0])
		fail_msg("the console page reported: %s", errors);
	free(errors);
}

static void navigate(struct browser *b, int port, const char *url)
{
	no_page_errors(b);
	browser_goto(b, port, url, "!!window.__console && window.__console.view !== 'loading'");
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
	browser_fill(b, "login-email", RECRUITER);
	browser_fill(b, "login-password", password);
	browser_click(b, "login-submit");
}

/* The rows of the interviews list, as "name|status" lines. */
static char *rows(struct browser *b)
{
	return browser_js_text(b, "Array.from(document.querySelectorAll('[data-testid=interview-row]'))"
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
	if (!browser_chromium()) {
		fprintf(stderr, "SKIP: chromium is not installed (apt-get install chromium)\n");
		skip();
	}
	struct web_fixture f;
	wf_start(&f, NULL);
	add_recruiter(f.db);
	/* two candidates for one role, interviewed before the recruiter looks */
	char *strong = interview_candidate(&f, "Priya Raman", "senior_pragmatic.json");
	char *weak = interview_candidate(&f, "Kevin Blake", "defensive_blamer.json");

	struct browser *b = open_console();
	char *downloads = ts_tmpdir();
	json_decref(browser_cdp(b, "Page.setDownloadBehavior",
			json_pack("{s:s, s:s}", "behavior", "allow", "downloadPath", downloads)));

	/* signing in: a wrong password is refused with a message */
	navigate(b, f.port, "/console");
	/* the copy button may use the clipboard (headless: when granted) */
	char origin[64];
	snprintf(origin, sizeof origin, "http://127.0.0.1:%d", f.port);
	json_decref(browser_cdp_try(b, "Emulation.setFocusEmulationEnabled", json_pack("{s:b}", "enabled", 1)));
	json_t *granted = browser_cdp_try(b, "Browser.grantPermissions",
				  json_pack("{s:[s,s], s:s}", "permissions", "clipboardReadWrite",
					    "clipboardSanitizedWrite", "origin", origin));
	int clipboard = granted != NULL;
	json_decref(granted);
	fprintf(stderr, "clipboard permission: %s\n", clipboard ? "granted" : "not available");
	browser_wait_for(b, "window.__console.view === 'login'", 10);
	browser_screenshot(b, "login");
	sign_in(b, "not the password");
	browser_wait_for(b, "!document.querySelector('[data-testid=login-error]').hidden", 10);
	char *text = browser_js_text(b, "document.querySelector('[data-testid=login-error]').innerText");
	assert_string_equal(text, "Wrong email or password.");
	free(text);
	assert_int_equal(browser_js_int(b, "window.__console.view === 'login' ? 1 : 0"), 1);
	browser_screenshot(b, "login-error");
	sign_in(b, PASSWORD);
	browser_wait_for(b, "window.__console.view === 'interviews' && "
		     "document.querySelectorAll('[data-testid=interview-row]').length === 2", 10);
	text = browser_js_text(b, "document.querySelector('[data-testid=account-email]').innerText");
	assert_string_equal(text, RECRUITER);
	free(text);
	text = rows(b);
	assert_non_null(strstr(text, "Priya Raman|completed"));
	assert_non_null(strstr(text, "Kevin Blake|completed"));
	free(text);
	text = browser_js_text(b, "document.querySelector('[data-testid=counts]').innerText");
	assert_non_null(strstr(text, "2 completed"));
	free(text);
	/* a state-changing request without the CSRF token is refused; the
	 * console sends it (the invitation below) */
	assert_int_equal(browser_js_int(b, "fetch('/api/invitations', {method: 'POST', headers: {'Content-Type': "
				    "'application/json'}, body: '{\"candidate_name\":\"x\"}'}).then(r => r.status)"),
			 403);

	/* an invitation, made in the console, and its link */
	browser_click(b, "nav-new");
	browser_wait_for(b, "window.__console.view === 'new'", 10);
	browser_fill(b, "invite-name", "Ada Lovelace");
	browser_fill(b, "invite-email", "ada@example.com");
	browser_fill(b, "invite-playbook", "nonexistent");
	browser_click(b, "invite-submit");
	browser_wait_for(b, "!document.querySelector('[data-testid=invite-error]').hidden", 10);
	text = browser_js_text(b, "document.querySelector('[data-testid=invite-error]').innerText");
	assert_non_null(strstr(text, "playbook"));
	free(text);
	browser_fill(b, "invite-playbook", "backend");
	browser_fill(b, "invite-expiry", "259200");
	browser_screenshot(b, "new");
	browser_click(b, "invite-submit");
	browser_wait_for(b, "!document.querySelector('[data-testid=invite-result]').hidden", 10);
	char *link = browser_js_text(b, "document.querySelector('[data-testid=invite-link]').value");
	char prefix[64];
	snprintf(prefix, sizeof prefix, "http://127.0.0.1:%d/i/", f.port);
	assert_int_equal(strncmp(link, prefix, strlen(prefix)), 0);
	assert_int_equal(strlen(link + strlen(prefix)), 43);
	assert_null(strchr(link + strlen(prefix), '/'));
	browser_click(b, "copy-link");
	browser_wait_for(b, "document.querySelector('[data-testid=copy-status]').innerText.length > 0", 10);
	if (clipboard) {
		text = browser_js_text(b, "document.querySelector('[data-testid=copy-status]').innerText");
		assert_string_equal(text, "Copied to the clipboard.");
		free(text);
		text = browser_js_text(b, "navigator.clipboard.readText()");
		assert_string_equal(text, link);
		free(text);
	}
	assert_true(browser_js_int(b, "document.querySelector('[data-testid=invite-card]') ? 1 : 0") == 0 ||
		    browser_js_int(b, "document.getElementById('invite-card').hidden ? 1 : 0") == 1);
	browser_screenshot(b, "invitation");
	char *ada = browser_js_text(b, "document.querySelector('[data-testid=invite-result]').dataset.id");
	assert_int_equal(strlen(ada), 32);

	/* it is listed as invited; the search and the status filter narrow the list */
	browser_click(b, "invite-result-open");
	browser_wait_for(b, "window.__console.view === 'interview' && "
		     "document.querySelector('[data-testid=interview-status]').dataset.status === 'invited'", 10);
	navigate(b, f.port, "/console/");
	browser_wait_for(b, "document.querySelectorAll('[data-testid=interview-row]').length === 3", 10);
	browser_fill(b, "search", "lovel");
	text = rows(b);
	assert_string_equal(text, "Ada Lovelace|invited");
	free(text);
	browser_fill(b, "search", "");
	browser_fill(b, "status-filter", "completed");
	text = rows(b);
	assert_null(strstr(text, "Ada"));
	assert_non_null(strstr(text, "Priya"));
	free(text);
	browser_fill(b, "status-filter", "");
	browser_screenshot(b, "interviews");

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
	navigate(b, f.port, "/console/");
	browser_wait_for(b, "!!document.querySelector('[data-testid=row-watch]')", 10);
	browser_click(b, "row-watch");
	browser_wait_for(b, "window.__console.view === 'watch' && "
		     "document.getElementById('watch-state-text').innerText === 'Live' && "
		     "document.querySelectorAll('[data-testid=watch-candidate]').length === 1", 10);
	text = browser_js_text(b, "document.querySelector('[data-testid=watch-interviewer]').innerText");
	assert_non_null(strstr(text, "Ada"));
	free(text);
	int polls = (int)browser_js_int(b, "window.__console.polls");
	char answer[256];
	snprintf(answer, sizeof answer, "We sharded the orders table by customer id and kept a read replica per region.");
	assert_int_equal(ws_send_answer(room, answer), 0);
	say = ws_wait_event(room, "say", 30);
	assert_non_null(say);
	json_decref(say);
	browser_wait_for(b, "Array.from(document.querySelectorAll('[data-testid=watch-candidate]'))"
		     ".some(e => e.innerText.includes('sharded the orders table'))", 8);
	assert_true(browser_js_int(b, "window.__console.polls") > polls); /* it polled to get there */
	browser_screenshot(b, "watch");

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
	browser_wait_for(b, "!!document.querySelector('[data-testid=watch-done]')", 10);
	text = browser_js_text(b, "document.getElementById('watch-state-text').innerText");
	assert_string_equal(text, "Completed");
	free(text);

	/* the transcript, with the spoken answer played */
	browser_click(b, "watch-done");
	browser_wait_for(b, "window.__console.view === 'interview' && "
		     "document.querySelector('[data-testid=interview-status]').dataset.status === 'completed'", 10);
	long turns = browser_js_int(b, "document.querySelectorAll('[data-testid=turn]').length");
	assert_true(turns >= n + 2);
	text = browser_js_text(b, "document.querySelector('[data-turn=\"2\"] [data-testid=answer]').innerText");
	assert_non_null(strstr(text, "sharded the orders table"));
	free(text);
	text = browser_js_text(b, "document.querySelector('[data-testid=interview-meta]').innerText");
	assert_non_null(strstr(text, "ada@example.com"));
	assert_non_null(strstr(text, "spoken"));
	free(text);
	browser_click(b, "play-answer");
	browser_wait_for(b, "(() => { const a = document.querySelector('[data-testid=answer-audio][data-turn=\"1\"]'); "
		     "return !!a && a.duration > 1 && (a.currentTime > 0 || a.played.length > 0); })()", 15);
	assert_int_equal(browser_js_int(b, "document.querySelectorAll('[data-testid=no-audio]').length"), 0);
	/* a typed answer has no recording: no play button (has_audio is false) */
	assert_int_equal(browser_js_int(b, "document.querySelectorAll('[data-testid=play-answer]').length"), 0);
	assert_int_equal(browser_js_int(b, "document.querySelectorAll('[data-testid=answer-audio]').length"), 1);
	text = browser_js_text(b, "document.querySelector('[data-testid=recommendation]').innerText");
	assert_true(strlen(text) > 0);
	free(text);
	json_decref(browser_js(b, "document.querySelector('[data-turn=\"1\"]').scrollIntoView({block: 'start'})"));
	browser_screenshot(b, "transcript");
	json_decref(browser_js(b, "window.scrollTo(0, 0)"));
	browser_screenshot(b, "interview");

	/* the report in its frame, with its style (the report's policy allows it) */
	browser_click(b, "tab-report");
	browser_wait_for(b, "(() => { const d = document.querySelector('[data-testid=report-frame]').contentDocument; "
		     "return !!d && d.readyState === 'complete' && !!d.body && d.body.innerText.includes('Ada Lovelace'); })()",
		 30);
	text = browser_js_text(b, "getComputedStyle(document.querySelector('[data-testid=report-frame]')"
			   ".contentDocument.querySelector('main')).maxWidth");
	assert_string_equal(text, "960px");
	free(text);
	json_decref(browser_js(b, "window.scrollTo(0, document.querySelector('.tabs').offsetTop - 10)"));
	browser_screenshot(b, "report");

	/* the downloads */
	browser_click(b, "download-json");
	char *json_text = downloaded(downloads, "scorecard-ada-lovelace.json");
	json_t *card = json_loads(json_text, 0, NULL);
	assert_non_null(card);
	assert_non_null(json_string_value(json_object_get(card, "recommendation")));
	assert_true(json_is_object(json_object_get(card, "dimensions")));
	json_decref(card);
	free(json_text);
	browser_click(b, "download-md");
	char *md = downloaded(downloads, "scorecard-ada-lovelace.md");
	assert_non_null(strstr(md, "Ada Lovelace"));
	free(md);

	/* two candidates of one role side by side */
	browser_click(b, "nav-compare");
	browser_wait_for(b, "window.__console.view === 'compare' && "
		     "document.querySelectorAll('[data-testid=compare-check]').length >= 2", 10);
	text = browser_js_text(b, "document.querySelector('[data-testid=compare-playbook]').value");
	assert_string_equal(text, "default"); /* Priya and Kevin: the server's playbook */
	free(text);
	browser_click(b, "compare-submit"); /* none picked: refused */
	browser_wait_for(b, "!document.getElementById('compare-error').hidden", 5);
	json_decref(browser_js(b, "document.querySelectorAll('[data-testid=compare-check]').forEach(c => c.checked = true)"));
	browser_click(b, "compare-submit");
	browser_wait_for(b, "!document.getElementById('compare-result').hidden", 10);
	text = browser_js_text(b, "document.querySelector('[data-testid=compare-table]').innerText");
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
		text = browser_js_text(b, expr);
		char want[64];
		snprintf(want, sizeof want, "rec rec--%s", rec);
		assert_string_equal(text, want);
		free(text);
		json_decref(d);
	}
	text = browser_js_text(b, "document.querySelector('#compare-table tr[data-row=recommendation]').innerText");
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
	long best_strong = browser_js_int(b, best_expr);
	snprintf(best_expr, sizeof best_expr, best_in, "Kevin Blake");
	long best_weak = browser_js_int(b, best_expr);
	fprintf(stderr, "best scores: Priya %ld, Kevin %ld\n", best_strong, best_weak);
	assert_true(best_strong > best_weak);
	browser_screenshot(b, "compare");
	/* a comparison has an address; an interview of another role is left out */
	snprintf(path, sizeof path, "/console/compare?ids=%s,%s,%s", strong, weak, ada);
	navigate(b, f.port, path);
	browser_wait_for(b, "!document.getElementById('compare-result').hidden", 10);
	assert_int_equal(browser_js_int(b, "document.querySelectorAll('#compare-table thead th').length"), 2);

	/* the same pages in the dark and on a phone */
	json_decref(browser_cdp(b, "Emulation.setEmulatedMedia",
			json_pack("{s:[{s:s, s:s}]}", "features", "name", "prefers-color-scheme", "value", "dark")));
	snprintf(path, sizeof path, "/console/interviews/%s", ada);
	navigate(b, f.port, path);
	browser_wait_for(b, "!document.getElementById('scorecard-summary').hidden", 10);
	browser_screenshot(b, "dark");
	json_decref(browser_cdp(b, "Emulation.setEmulatedMedia",
			json_pack("{s:[{s:s, s:s}]}", "features", "name", "prefers-color-scheme", "value", "light")));
	json_decref(browser_cdp(b, "Emulation.setDeviceMetricsOverride",
			json_pack("{s:i, s:i, s:f, s:b}", "width", 390, "height", 844, "deviceScaleFactor", 1.0,
				  "mobile", 1)));
	navigate(b, f.port, "/console/");
	browser_wait_for(b, "document.querySelectorAll('[data-testid=interview-row]').length === 3", 10);
	browser_screenshot(b, "phone");
	json_decref(browser_cdp(b, "Emulation.clearDeviceMetricsOverride", NULL));

	/* deleting, after a confirmation (keeping it first) */
	snprintf(path, sizeof path, "/console/interviews/%s", ada);
	navigate(b, f.port, path);
	browser_wait_for(b, "document.querySelector('[data-testid=interview-status]').dataset.status === 'completed'", 10);
	browser_click(b, "delete");
	browser_wait_for(b, "document.querySelector('[data-testid=delete-dialog]').open", 5);
	browser_click(b, "delete-cancel");
	browser_wait_for(b, "!document.querySelector('[data-testid=delete-dialog]').open", 5);
	snprintf(path, sizeof path, "/api/interviews/%s", ada);
	json_decref(wf_get_json(&f, path, &status));
	assert_int_equal(status, 200);
	browser_click(b, "delete");
	browser_wait_for(b, "document.querySelector('[data-testid=delete-dialog]').open", 5);
	text = browser_js_text(b, "document.getElementById('delete-text').innerText");
	assert_non_null(strstr(text, "Ada Lovelace"));
	free(text);
	browser_screenshot(b, "delete");
	browser_click(b, "delete-confirm");
	browser_wait_for(b, "window.__console.view === 'interviews' && !document.querySelector('[data-testid=toast]').hidden "
		     "&& document.querySelectorAll('[data-testid=interview-row]').length === 2", 10);
	text = rows(b);
	assert_null(strstr(text, "Ada"));
	free(text);
	json_decref(wf_get_json(&f, path, &status));
	assert_int_equal(status, 404);
	snprintf(path, sizeof path, "/api/interviews/%s/audio/1", ada);
	json_decref(wf_get_json(&f, path, &status));
	assert_int_equal(status, 404);

	/* signing out ends the session */
	no_page_errors(b);
	browser_click(b, "logout");
	browser_wait_for(b, "window.__console.view === 'login' && !document.getElementById('login-info').hidden", 10);
	assert_int_equal(browser_js_int(b, "fetch('/api/interviews').then(r => r.status)"), 401);
	browser_screenshot(b, "signed-out");
	navigate(b, f.port, "/console/compare");
	browser_wait_for(b, "window.__console.view === 'login'", 10);
	no_page_errors(b);

	browser_close(b);
	ts_rmdir(downloads);
	free(downloads);
	free(ada);
	free(link);
	free(strong);
	free(weak);
	wf_stop(&f);
}

/* --- a recruiter and a real candidate, two pages of one browser ------------ */

#define ROOM_STATE "document.body.dataset.state + ' | ' + " \
	"(document.querySelector('[data-testid=captions]') || {}).innerText"
/* words of the candidate's spoken sentence that the recognizer hears */
#define HEARD_ANY(s) "['backend', 'payments', 'messaging', 'six years'].some(w => (" s ").includes(w))"

/* The candidate's microphone: a sentence said by `interviewer say` in a
 * voice other than the interviewer's, then three seconds of quiet (the
 * fake microphone loops it, and the quiet ends each answer).  Returns the
 * WAV's path (malloc'd). */
static char *make_microphone(const char *dir)
{
	char *said = ts_path(dir, "said.wav");
	const char *argv[] = {"interviewer", "say", "I have built backend systems for six years, mostly payments and messaging.",
			      "-o", said, "--voice", "rms", "--wpm", "150", NULL};
	char *out = NULL, *err = NULL;
	int rc = ts_run(argv, NULL, 0, &out, &err);
	if (rc != 0)
		fail_msg("interviewer say: %d: %s", rc, err);
	free(out);
	free(err);
	struct iv_error e;
	struct wav_audio a;
	assert_int_equal(wav_read_16k_mono(said, &a, &e), 0);
	assert_true(a.n_samples > 16000 * 2);
	size_t n = a.n_samples + 3 * 16000;
	int16_t *pcm = calloc(n, sizeof *pcm);
	memcpy(pcm, a.samples, a.n_samples * sizeof *pcm);
	char *mic = ts_path(dir, "microphone.wav");
	assert_int_equal(wav_write(mic, pcm, n, 16000, &e), 0);
	free(pcm);
	wav_audio_release(&a);
	free(said);
	return mic;
}

/* A long typed answer (a long answer takes the interview's time sooner):
 * six different plain sentences, in an order that changes with i. */
static void long_answer(int i, char *out, size_t cap)
{
	char one[256];
	out[0] = '\0';
	for (int j = 0; j < 6; j++) {
		plain_reply((5 * i + 7 * j) % 12, one, sizeof one); /* 7j mod 12: six apart */
		char *end = strchr(one, '.');
		if (end)
			end[1] = '\0';
		size_t len = strlen(out);
		snprintf(out + len, cap - len, "%s%s", len ? " " : "", one);
	}
}

static void test_recruiter_and_candidate_in_one_browser(void **state)
{
	if (!browser_chromium()) {
		fprintf(stderr, "SKIP: chromium is not installed (apt-get install chromium)\n");
		skip();
	}
	double started = browser_now_s();
	struct web_fixture f;
	wf_start(&f, NULL); /* --virtual-clock: the typed answers take no waiting */
	add_recruiter(f.db);
	char *mic = make_microphone(f.dir);
	struct browser_options o = {.fake_mic_wav = mic, .width = 1200, .height = 900, .reduced_motion = 1,
				    .shot_prefix = "e2e"};
	struct browser *rec = browser_open(&o);
	rec->describe = CONSOLE_STATE;
	struct browser *cand = browser_new_page(rec, "e2e");
	cand->describe = ROOM_STATE;

	/* the recruiter signs in and invites the candidate */
	navigate(rec, f.port, "/console");
	browser_wait_for(rec, "window.__console.view === 'login'", 10);
	sign_in(rec, PASSWORD);
	browser_wait_for(rec, "window.__console.view === 'interviews'", 10);
	browser_click(rec, "nav-new");
	browser_wait_for(rec, "window.__console.view === 'new'", 10);
	browser_fill(rec, "invite-name", "Ada Lovelace");
	browser_fill(rec, "invite-email", "ada@example.com");
	browser_click(rec, "invite-submit");
	browser_wait_for(rec, "!document.querySelector('[data-testid=invite-result]').hidden", 10);
	char *link = browser_js_text(rec, "document.querySelector('[data-testid=invite-link]').value");
	char *id = browser_js_text(rec, "document.querySelector('[data-testid=invite-result]').dataset.id");
	assert_int_equal(strlen(id), 32);
	assert_non_null(strstr(link, "/i/"));
	browser_screenshot(rec, "1-invitation");

	/* the recruiter opens the live view before the candidate arrives */
	char path[200];
	snprintf(path, sizeof path, "/console/interviews/%s/watch", id);
	navigate(rec, f.port, path);
	browser_wait_for(rec, "window.__console.view === 'watch' && "
			      "document.getElementById('watch-state-text').innerText === 'Not started'", 10);

	/* the candidate opens the link, agrees, checks the microphone */
	browser_goto(cand, f.port, strstr(link, "/i/"), "!!document.body.dataset.state");
	browser_wait_for(cand, "document.body.dataset.state === 'consent'", 10);
	browser_click(cand, "consent-check");
	browser_click(cand, "start-voice");
	browser_wait_for(cand, "document.body.dataset.state === 'miccheck'", 20);
	browser_click(cand, "mic-check");
	browser_wait_for(cand, "!document.getElementById('mic-result').hidden && "
			       "document.getElementById('mic-heard').innerText.length > 0", 30);
	browser_click(cand, "mic-continue");
	browser_wait_for(cand, "document.body.dataset.state === 'interview'", 20);
	/* the first question, heard; then the candidate's spoken answer moves it on */
	browser_wait_for(cand, "window.__room && window.__room.lastSay && window.__room.lastSay.turn === 1", 30);
	browser_wait_for(cand, "window.__room.audioChunksPlayed > 0", 30);
	/* the level meter moves with the microphone */
	browser_wait_for(cand, "(() => { const m = /scaleX\\(([0-9.]+)\\)/.exec(document.getElementById('room-level-bar')"
			       ".style.transform); return !!m && Number(m[1]) > 0.2; })()", 20);
	browser_screenshot(cand, "2-room-question");
	browser_wait_for(cand, "window.__room.lastSay.turn >= 2", 60);
	browser_wait_for(cand, HEARD_ANY("Array.from(document.querySelectorAll('[data-testid=caption-candidate]'))"
					 ".map(e => e.innerText).join(' ')"), 10);

	/* the recruiter sees it live: the candidate's heard words */
	browser_wait_for(rec, "document.getElementById('watch-state-text').innerText === 'Live' && " HEARD_ANY(
				      "Array.from(document.querySelectorAll('[data-testid=watch-candidate]'))"
				      ".map(e => e.innerText).join(' ')"), 10);
	char *live = browser_js_text(rec, "document.getElementById('watch-captions').innerText");
	fprintf(stderr, "watched live:\n%s\n", live);
	free(live);
	browser_screenshot(rec, "3-watch-live");

	/* the candidate mutes the microphone and types the rest */
	browser_click(cand, "mute");
	browser_wait_for(cand, "document.querySelector('[data-testid=mute]').getAttribute('aria-pressed') === 'true'", 5);
	char answer[800];
	int typed = 0;
	while (browser_js_int(cand, "document.body.dataset.state === 'finished' ? 1 : 0") == 0) {
		assert_true(typed < 150);
		long turn = browser_js_int(cand, "window.__room.lastSay.turn");
		long_answer(typed++, answer, sizeof answer);
		browser_fill(cand, "answer", answer);
		browser_click(cand, "send");
		char moved[200];
		snprintf(moved, sizeof moved,
			 "document.body.dataset.state === 'finished' || window.__room.lastSay.turn > %ld", turn);
		browser_wait_for(cand, moved, 20);
	}
	fprintf(stderr, "typed answers: %d\n", typed);
	browser_screenshot(cand, "4-room-finished");

	/* the live view ends; the transcript has the spoken answer, which plays */
	browser_wait_for(rec, "document.getElementById('watch-state-text').innerText === 'Completed' && "
			      "!!document.querySelector('[data-testid=watch-done]')", 10);
	browser_click(rec, "watch-done");
	browser_wait_for(rec, "window.__console.view === 'interview' && "
			      "document.querySelector('[data-testid=interview-status]').dataset.status === 'completed'", 10);
	assert_true(browser_js_int(rec, "document.querySelectorAll('[data-testid=turn]').length") >= typed + 1);
	/* the first answer that holds the spoken words, and its turn */
	long spoken_turn = browser_js_int(
		rec, "(() => { const t = Array.from(document.querySelectorAll('[data-testid=turn]')).find(li => { "
		     "const a = li.querySelector('[data-testid=answer]'); return a && " HEARD_ANY("a.innerText") "; }); "
		     "return t ? Number(t.dataset.turn) : -1; })()");
	assert_true(spoken_turn >= 1);
	char expr[900];
	snprintf(expr, sizeof expr, "document.querySelector('[data-testid=turn][data-turn=\"%ld\"]').scrollIntoView({block: 'center'})",
		 spoken_turn);
	json_decref(browser_js(rec, expr));
	snprintf(expr, sizeof expr,
		 "(() => { const b = document.querySelector('[data-testid=play-answer][data-turn=\"%ld\"]'); "
		 "if (!b) return false; b.click(); return true; })()",
		 spoken_turn);
	browser_wait_for(rec, expr, 10);
	snprintf(expr, sizeof expr,
		 "(() => { const a = document.querySelector('[data-testid=answer-audio][data-turn=\"%ld\"]'); "
		 "return !!a && a.duration > 1 && a.currentTime > 0; })()",
		 spoken_turn);
	browser_wait_for(rec, expr, 15);
	browser_screenshot(rec, "5-transcript-playing");
	snprintf(expr, sizeof expr, "document.querySelector('[data-testid=answer-audio][data-turn=\"%ld\"]').duration",
		 spoken_turn);
	json_t *duration = browser_js(rec, expr);
	fprintf(stderr, "the answer of turn %ld lasts %.1f s\n", spoken_turn, json_number_value(duration));
	assert_true(json_number_value(duration) > 1 && json_number_value(duration) < 60);
	snprintf(expr, sizeof expr, "document.querySelector('[data-testid=answer-audio][data-turn=\"%ld\"]').ended",
		 spoken_turn);
	browser_wait_for(rec, expr, json_number_value(duration) + 10); /* played to the end */
	json_decref(duration);
	assert_int_equal(browser_js_int(rec, "document.querySelectorAll('[data-testid=no-audio]').length"), 0);

	/* the scorecard's recommendation, as the API has it */
	int status;
	snprintf(path, sizeof path, "/api/interviews/%s", id);
	json_t *detail = wf_get_json(&f, path, &status);
	assert_int_equal(status, 200);
	const char *rec_value = json_string_value(json_object_get(json_object_get(detail, "scorecard"), "recommendation"));
	assert_non_null(rec_value);
	char want[80];
	snprintf(want, sizeof want, "rec rec--%s", rec_value);
	char *cls = browser_js_text(rec, "document.querySelector('[data-testid=recommendation]').className");
	assert_string_equal(cls, want);
	free(cls);
	char *shown = browser_js_text(rec, "document.querySelector('[data-testid=recommendation]').innerText");
	fprintf(stderr, "recommendation: %s (%s)\n", shown, rec_value);
	assert_true(strlen(shown) > 0);
	free(shown);
	json_decref(detail);
	json_decref(browser_js(rec, "window.scrollTo(0, 0)"));
	browser_screenshot(rec, "6-scorecard");
	no_page_errors(rec);

	browser_close(cand);
	browser_close(rec);
	fprintf(stderr, "end to end in %.1f s\n", browser_now_s() - started);
	free(link);
	free(id);
	free(mic);
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
		cmocka_unit_test_teardown(test_console_end_to_end, browser_close_all),
		cmocka_unit_test_teardown(test_recruiter_and_candidate_in_one_browser, browser_close_all),
	};
	if (getenv("IV_TEST_FILTER")) /* one test of the three, e.g. "*in_one_browser" */
		cmocka_set_test_filter(getenv("IV_TEST_FILTER"));
	return cmocka_run_group_tests(tests, setup, teardown);
}
