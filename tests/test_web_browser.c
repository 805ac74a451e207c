/*
 * test_web_browser.c - the candidate's room end to end in headless
 * Chromium, driven over the DevTools protocol (tests/support/browser.c),
 * with a fake microphone fed from a WAV made at test time by a Flite voice
 * other than the interviewer's:
 *   - a spoken interview: consent, the microphone check, the first
 *     question heard (its audio played), the candidate's spoken answer
 *     recognized and captioned, the interview moving on, a reload resuming;
 *   - an interview in writing: a typed answer moves it on;
 *   - with an LLM that stalls after its first sentence: the sentence is
 *     shown and heard at once, and the same caption gets the whole turn.
 * Screenshots go to artifacts/room-*.png.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browser.h"
#include "fake_llm.h"
#include "test_support.h"
#include "voice/voice.h"
#include "voice/wav.h"
#include "web_client.h"

#define ROOM_STATE "document.body.dataset.state + ' | ' + " \
	"(document.querySelector('[data-testid=captions]') || {}).innerText"

static struct browser *open_room(const char *wav)
{
	struct browser_options o = {.fake_mic_wav = wav, .width = 1100, .height = 900, .shot_prefix = "room"};
	struct browser *b = browser_open(&o);
	b->describe = ROOM_STATE;
	return b;
}

static void navigate(struct browser *b, int port, const char *url)
{
	browser_goto(b, port, url, "!!document.body.dataset.state");
}

/* Evaluates expr in the page and expects the string want. */
static void expect_js(struct browser *b, const char *tag, const char *expr, const char *want)
{
	json_t *v = browser_js(b, expr);
	fprintf(stderr, "%s: %s\n", tag, json_string_value(v));
	assert_string_equal(json_string_value(v), want);
	json_decref(v);
}

/* Walks a spoken room from the link to the interview screen: consent, the
 * microphone check hearing the fake microphone's sentence, on. shots: save
 * screenshots of the consent and the check. */
static void enter_spoken_room(struct browser *b, int port, const json_t *inv, int shots)
{
	navigate(b, port, json_string_value(json_object_get(inv, "url")));
	browser_wait_for(b, "document.body.dataset.state === 'consent'", 10);
	if (shots)
		browser_screenshot(b, "consent");
	browser_click(b, "consent-check");
	browser_click(b, "start-voice");
	browser_wait_for(b, "document.body.dataset.state === 'miccheck'", 20);
	browser_click(b, "mic-check");
	browser_wait_for(b, "!document.getElementById('mic-result').hidden && "
		     "document.getElementById('mic-heard').innerText.length > 0", 40);
	json_t *heard = browser_js(b, "document.getElementById('mic-heard').innerText");
	fprintf(stderr, "microphone check heard: %s\n", json_string_value(heard));
	json_decref(heard);
	if (shots)
		browser_screenshot(b, "miccheck");
	browser_click(b, "mic-continue");
	browser_wait_for(b, "document.body.dataset.state === 'interview'", 20);
}

static char *tmp, *mic_wav;

static int setup(void **state)
{
	if (!browser_chromium())
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
	if (!browser_chromium()) {
		fprintf(stderr, "SKIP: chromium is not installed (apt-get install chromium)\n");
		skip();
	}
	struct web_params p = {0};
	p.seed = 1; /* the wall clock: the page sends audio in real time */
	struct web_fixture f;
	wf_start(&f, &p);
	json_t *inv = wf_invite(&f, "Ada", 0);
	struct browser *b = open_room(mic_wav);
	enter_spoken_room(b, f.port, inv, 1);
	/* the first question arrives and its audio plays */
	browser_wait_for(b, "window.__room && window.__room.lastSay && window.__room.lastSay.turn === 1", 30);
	browser_wait_for(b, "window.__room.audioChunksPlayed > 0", 30);
	json_t *v = browser_js(b, "document.querySelector('[data-testid=captions]').innerText");
	assert_non_null(strstr(json_string_value(v), "Ada"));
	json_decref(v);
	browser_screenshot(b, "first-question");
	/* the candidate's spoken answer is recognized and the interview moves on */
	browser_wait_for(b, "window.__room.lastSay.turn >= 2", 90);
	browser_wait_for(b, "document.querySelectorAll('[data-testid=caption-candidate]').length >= 1", 10);
	v = browser_js(b, "Array.from(document.querySelectorAll('[data-testid=caption-candidate]')).map(e => e.innerText).join(' ')");
	fprintf(stderr, "candidate captions: %s\n", json_string_value(v));
	const char *said = json_string_value(v);
	assert_true(strstr(said, "backend") || strstr(said, "payments") || strstr(said, "messaging") ||
		    strstr(said, "six years"));
	json_decref(v);
	browser_screenshot(b, "answered");
	/* a reload resumes where it was */
	v = browser_js(b, "window.__room.lastSay.turn");
	int turn = (int)json_integer_value(v);
	json_decref(v);
	json_decref(browser_cdp(b, "Page.reload", NULL));
	browser_wait_for(b, "document.readyState === 'complete' && document.body.dataset.state === 'interview'", 20);
	char expr[200];
	snprintf(expr, sizeof expr, "window.__room && window.__room.lastSay && window.__room.lastSay.turn >= %d", turn);
	browser_wait_for(b, expr, 30);
	browser_screenshot(b, "reloaded");
	browser_close(b);

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
	if (!browser_chromium()) {
		fprintf(stderr, "SKIP: chromium is not installed (apt-get install chromium)\n");
		skip();
	}
	struct web_fixture f;
	wf_start(&f, NULL);
	json_t *inv = wf_invite(&f, "Grace", 0);
	struct browser *b = open_room(mic_wav);
	navigate(b, f.port, json_string_value(json_object_get(inv, "url")));
	browser_click(b, "consent-check");
	browser_click(b, "start-text");
	browser_wait_for(b, "document.body.dataset.state === 'interview'", 20);
	browser_wait_for(b, "window.__room && window.__room.lastSay && window.__room.lastSay.turn === 1", 20);
	json_decref(browser_js(b, "(() => { const t = document.querySelector('[data-testid=answer]'); "
			   "t.value = 'I lead a small team that runs the payments API; we moved it to Postgres last year.'; "
			   "t.dispatchEvent(new Event('input', {bubbles: true})); return true; })()"));
	browser_click(b, "send");
	browser_wait_for(b, "window.__room.lastSay.turn === 2", 20);
	json_t *v = browser_js(b, "Array.from(document.querySelectorAll('[data-testid=caption-candidate]')).map(e => e.innerText).join(' ')");
	assert_non_null(strstr(json_string_value(v), "payments API"));
	json_decref(v);
	v = browser_js(b, "window.__room.audioChunksPlayed");
	assert_int_equal(json_integer_value(v), 0); /* in writing: no audio */
	json_decref(v);
	browser_screenshot(b, "written");
	browser_close(b);
	json_decref(inv);
	wf_stop(&f);
}

static void test_first_sentence_early_in_chromium(void **state)
{
	if (!browser_chromium()) {
		fprintf(stderr, "SKIP: chromium is not installed (apt-get install chromium)\n");
		skip();
	}
	struct fake_llm *llm = fake_llm_start();
	assert_non_null(llm);
	fake_llm_set_token_ms(llm, 20);
	fake_llm_set_default(llm, FAKE_TEXT_STALLED, "Good to have you here with us today. And so");
	setenv("INTERVIEWER_LLM_TOTAL_MS", "5000", 1);
	struct web_params p = {0};
	p.seed = 1;
	p.llm_url = fake_llm_url(llm);
	struct web_fixture f;
	wf_start(&f, &p);
	unsetenv("INTERVIEWER_LLM_TOTAL_MS");
	json_t *inv = wf_invite(&f, "Ada", 0);
	struct browser *b = open_room(mic_wav);
	enter_spoken_room(b, f.port, inv, 0);
	/* the first sentence is on the screen and playing while the LLM stalls */
	browser_wait_for(b, "window.__room.sayEarly === 1 && window.__room.audioChunksPlayed > 0", 30);
	expect_js(b, "early",
		  "(() => { const c = document.querySelectorAll('[data-testid=caption-interviewer]'); "
		  "return c.length + ' ' + c[c.length - 1].classList.contains('caption--streaming') + ' ' + "
		  "c[c.length - 1].querySelector('.caption__text').textContent + ' ' + "
		  "(window.__room.lastSay === null); })()",
		  "1 true Good to have you here with us today. true");
	browser_screenshot(b, "first-sentence-early");
	/* the rest comes (the script's remainder, the LLM having stalled) into the same caption */
	browser_wait_for(b, "window.__room.lastSay && window.__room.lastSay.turn === 1", 30);
	expect_js(b, "whole",
		  "(() => { const c = document.querySelectorAll('[data-testid=caption-interviewer]'); "
		  "const t = c[0].querySelector('.caption__text').textContent; "
		  "return c.length + ' ' + c[0].classList.contains('caption--streaming') + ' ' + "
		  "(t === window.__room.lastSay.text) + ' ' + "
		  "t.startsWith('Good to have you here with us today. ') + ' ' + (t.length > 40); })()",
		  "1 false true true true");
	browser_screenshot(b, "whole-turn");
	browser_close(b);
	json_decref(inv);
	wf_stop(&f);
	fake_llm_stop(llm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_spoken_interview_in_chromium, browser_close_all),
		cmocka_unit_test_teardown(test_written_interview_in_chromium, browser_close_all),
		cmocka_unit_test_teardown(test_first_sentence_early_in_chromium, browser_close_all),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
