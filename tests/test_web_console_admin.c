/*
 * test_web_console_admin.c - the console's administrative views in
 * headless Chromium (tests/support/browser.h), against a server on
 * loopback with a retention period: a recruiter signs in, makes an API
 * token (its secret shown once, and it works), revokes it; an interview's
 * transcript offers a play button only for the answers that have a
 * recording, and says "recording deleted after N days" where the retention
 * period deleted one; the audit log lists what was done, and narrows to one
 * interview.  No uncaught error and no refusal by the page's policy.
 * Screenshots: artifacts/console-admin-*.png.
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
#include "store.h"
#include "test_support.h"
#include "web_client.h"
#include "web_internal.h"

#define RECRUITER "admin@example.com"
#define PASSWORD "a long and correct passphrase"

static void no_page_errors(struct browser *b)
{
	char *errors = browser_js_text(b, "window.__console ? window.__console.errors.join('; ') : ''");
	if (errors[0])
		fail_msg("the console page reported: %s", errors);
	free(errors);
}

static void go(struct browser *b, int port, const char *path, const char *view)
{
	no_page_errors(b);
	char ready[200];
	snprintf(ready, sizeof ready, "!!window.__console && window.__console.view === '%s'", view);
	browser_goto(b, port, path, ready);
}

static void add_recruiter(const char *db)
{
	struct iv_error err;
	struct store *st = store_open(db, &err);
	assert_non_null(st);
	char hash[crypto_pwhash_STRBYTES];
	assert_true(sodium_init() >= 0);
	assert_int_equal(crypto_pwhash_str(hash, PASSWORD, strlen(PASSWORD),
					   crypto_pwhash_OPSLIMIT_INTERACTIVE,
					   crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	assert_int_equal(store_add_user(st, RECRUITER, hash, 1, &err), 0);
	store_close(st);
}

/* An interview made by the API with three answered turns, recordings of
 * turns 1 and 3, started at created_unix. */
static char *recorded_interview(struct web_fixture *f, const char *name, double created_unix)
{
	json_t *inv = wf_invite(f, name, 0);
	char *id = strdup(json_string_value(json_object_get(inv, "id")));
	json_decref(inv);
	struct iv_error err;
	struct store *st = store_open(f->db, &err);
	assert_non_null(st);
	struct session_info si = {.session_id = id, .candidate_name = name,
				  .playbook_version = "x", .seed = 1, .created_unix = created_unix};
	assert_int_equal(store_create_session(st, &si, &err), 0);
	int16_t pcm[1600];
	for (int i = 0; i < 1600; i++)
		pcm[i] = (int16_t)((i % 40) * 300 - 6000);
	for (int t = 1; t <= 3; t++) {
		assert_int_equal(store_add_turn(st, id, t, "opening", "opening.intro", 1, t * 10.0,
						"Tell me about your work.", &err), 0);
		assert_int_equal(store_set_reply(st, id, t, "I build payment systems.", t * 10.0 + 5,
						 4, 0.9, &err), 0);
	}
	assert_int_equal(store_set_answer_audio(st, id, 1, 16000, pcm, 1600, &err), 0);
	assert_int_equal(store_set_answer_audio(st, id, 3, 16000, pcm, 1600, &err), 0);
	store_close(st);
	return id;
}

static int api_status(int port, const char *token)
{
	char auth[200];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", token);
	struct http_response r;
	assert_int_equal(http_request(port, "GET", "/api/interviews", auth, NULL, 0, &r), 0);
	int status = r.status;
	http_response_release(&r);
	return status;
}

static void test_tokens_recordings_and_audit_log(void **state)
{
	struct web_fixture f;
	struct web_params p = {.retention_days = 30, .retention_sweep_s = 1, .virtual_clock = 1,
			       .seed = 1};
	wf_start(&f, &p);
	add_recruiter(f.db);
	double now = web_now();
	char *fresh = recorded_interview(&f, "Fresh Candidate", now - 3600);
	char *old = recorded_interview(&f, "Old Candidate", now - 40 * 86400.0);

	struct browser_options o = {.width = 1200, .height = 900, .reduced_motion = 1,
				    .shot_prefix = "console-admin"};
	struct browser *b = browser_open(&o);
	go(b, f.port, "/console/tokens", "login");
	browser_fill(b, "login-email", RECRUITER);
	browser_fill(b, "login-password", PASSWORD);
	browser_click(b, "login-submit");
	browser_wait_for(b, "window.__console.view === 'tokens'", 20);

	/* the tokens: the fixture's, listed with its last use */
	browser_wait_for(b, "!!document.querySelector('[data-testid=token-row][data-name=tests]')", 10);
	char *used = browser_js_text(b, "document.querySelector('[data-testid=token-row][data-name=tests] "
					"[data-testid=token-last-used]').textContent");
	assert_string_not_equal(used, "Never"); /* wf_invite used it */
	free(used);
	/* a new one: its secret shown once, and it works */
	browser_fill(b, "token-name", "console-made");
	browser_click(b, "token-submit");
	browser_wait_for(b, "!document.querySelector('[data-testid=token-made]').hidden", 10);
	char *secret = browser_js_text(b, "document.querySelector('[data-testid=token-secret]').value");
	assert_int_equal(strncmp(secret, "ivk_", 4), 0);
	assert_int_equal(api_status(f.port, secret), 200);
	browser_wait_for(b, "!!document.querySelector('[data-testid=token-row][data-name=\"console-made\"]')", 10);
	browser_screenshot(b, "token-made");
	browser_click(b, "token-done");
	assert_int_equal(browser_js_int(b, "document.querySelector('[data-testid=token-secret]').value.length"), 0);
	char *page = browser_js_text(b, "document.body.innerText");
	assert_null(strstr(page, secret + 4)); /* gone from the page */
	free(page);
	/* revoked, after a confirmation */
	json_decref(browser_js(b, "document.querySelector('[data-testid=token-revoke][data-name=\"console-made\"]').click()"));
	browser_wait_for(b, "document.querySelector('[data-testid=revoke-dialog]').open", 10);
	browser_click(b, "revoke-confirm");
	browser_wait_for(b, "!document.querySelector('[data-testid=token-row][data-name=\"console-made\"]')", 10);
	assert_int_equal(api_status(f.port, secret), 401);
	browser_screenshot(b, "tokens");
	free(secret);

	/* recordings: play buttons where there is one */
	char path[200];
	snprintf(path, sizeof path, "/console/interviews/%s", fresh);
	go(b, f.port, path, "interview");
	browser_wait_for(b, "document.querySelectorAll('[data-testid=turn]').length === 3", 10);
	assert_int_equal(browser_js_int(b, "document.querySelectorAll('[data-testid=play-answer]').length"), 2);
	assert_int_equal(browser_js_int(b, "document.querySelectorAll('[data-testid=audio-deleted]').length"), 0);
	assert_int_equal(browser_js_int(b, "document.querySelectorAll('[data-turn=\"2\"] [data-testid=play-answer]').length"), 0);
	/* ... and where the retention period deleted it, that is said */
	snprintf(path, sizeof path, "/console/interviews/%s", old);
	int swept = 0;
	for (int i = 0; i < 30 && !swept; i++) {
		go(b, f.port, path, "interview");
		browser_wait_for(b, "document.querySelectorAll('[data-testid=turn]').length === 3", 10);
		swept = browser_js_int(b, "document.querySelectorAll('[data-testid=audio-deleted]').length") == 2;
		if (!swept)
			usleep(300000);
	}
	assert_true(swept);
	assert_int_equal(browser_js_int(b, "document.querySelectorAll('[data-testid=play-answer]').length"), 0);
	char *note = browser_js_text(b, "document.querySelector('[data-testid=audio-deleted]').textContent");
	assert_non_null(strstr(note, "ecording deleted after 30 days"));
	free(note);
	browser_screenshot(b, "retention");

	/* the audit log: what was done, by whom */
	go(b, f.port, "/console/audit", "audit");
	browser_wait_for(b, "document.querySelectorAll('[data-testid=audit-row]').length > 0", 10);
	static const char *const actions[] = {"login", "create_token", "revoke_token",
					      "view_interview", "create_invitation"};
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++) {
		char expr[200];
		snprintf(expr, sizeof expr, "document.querySelectorAll('[data-testid=audit-row][data-action=%s]').length",
			 actions[i]);
		if (browser_js_int(b, expr) < 1)
			fail_msg("the audit log shows no %s", actions[i]);
	}
	char *table = browser_js_text(b, "document.querySelector('[data-testid=audit-table]').innerText");
	assert_non_null(strstr(table, RECRUITER));
	assert_non_null(strstr(table, "Revoked an API token: console-made"));
	assert_null(strstr(table, PASSWORD));
	free(table);
	browser_screenshot(b, "audit");
	/* narrowed to one interview */
	browser_fill(b, "audit-interview", old);
	browser_click(b, "audit-submit");
	char expr[300];
	snprintf(expr, sizeof expr,
		 "[...document.querySelectorAll('[data-testid=audit-row] a')].length > 0 && "
		 "[...document.querySelectorAll('[data-testid=audit-row] a')].every((a) => a.title === '%s')",
		 old);
	browser_wait_for(b, expr, 10);
	no_page_errors(b);
	browser_close(b);
	free(fresh);
	free(old);
	wf_stop(&f);
}

int main(void)
{
	if (!browser_chromium()) {
		fprintf(stderr, "test_web_console_admin: Chromium is not installed (make deps)\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_tokens_recordings_and_audit_log, browser_close_all),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
