/*
 * test_web_voice.c - a spoken interview in the room over a real WebSocket
 * on loopback: the interviewer's voice arrives as 16 kHz PCM after each
 * say; an answer spoken by another Flite voice (made at test time) and
 * streamed as the microphone is heard, captioned and answered; the
 * recording is kept for the hiring team; the microphone check hears a
 * sentence; audio faster than real time is refused; with a transcription
 * server (--stt-url) a spoken turn takes the server's words, and the local
 * words when the server fails; with an LLM (--llm-url) a turn's first
 * sentence is spoken while the rest streams in.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fake_llm.h"
#include "fake_stt.h"
#include "test_support.h"
#include "voice/voice.h"
#include "voice/wav.h"
#include "web_client.h"

static const char answer_text[] =
	"I have worked on backend systems for about six years, mostly payments and messaging.";

static struct wav_audio answer;
static char *tmp;

static int setup(void **state)
{
	struct iv_error err;
	tmp = ts_tmpdir();
	char *path = ts_path(tmp, "answer.wav");
	struct voice_speaking *vs = voice_speaking_new(IV_DATA_DIR, "rms", 160, &err);
	assert_non_null(vs);
	assert_int_equal(voice_speak_to_file(vs, answer_text, path, NULL, NULL, &err), 0);
	voice_speaking_free(vs);
	assert_int_equal(wav_read_16k_mono(path, &answer, &err), 0);
	free(path);
	return 0;
}

static int teardown(void **state)
{
	wav_audio_release(&answer);
	ts_rmdir(tmp);
	free(tmp);
	return 0;
}

/* Waits until the binary bytes stop growing; returns them. */
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

/* The final "heard" event of the candidate's turn (captions before it skipped). */
static json_t *final_heard(struct ws_client *c)
{
	for (;;) {
		json_t *e = ws_wait_event(c, "heard", 30);
		assert_non_null(e);
		if (json_is_true(json_object_get(e, "final")))
			return e;
		json_decref(e);
	}
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

static void test_spoken_answer_is_heard(void **state)
{
	struct web_fixture f;
	wf_start(&f, NULL);
	json_t *inv = wf_invite(&f, "Ada", 0);
	struct ws_client *c = wf_open_room(&f, inv);
	ws_send_text(c, "{\"consent\": true, \"voice\": true}");
	json_t *say = ws_wait_event(c, "say", 30);
	assert_non_null(say);
	assert_int_equal(json_integer_value(json_object_get(say, "turn")), 1);
	/* the interviewer's words as audio: about as long as they take to say */
	size_t bytes = settled_audio(c);
	size_t words = 1;
	for (const char *p = json_string_value(json_object_get(say, "text")); *p; p++)
		words += *p == ' ';
	double seconds = (double)bytes / 2 / 16000;
	assert_true(seconds > words * 60.0 / 300 && seconds < words * 60.0 / 80 + 2);
	json_decref(say);

	/* the microphone hears the greeting play, then the answer, then quiet */
	stream(c, NULL, bytes / 2 + 8000);
	stream(c, answer.samples, answer.n_samples);
	stream(c, NULL, 16000 * 4);
	json_t *heard = NULL;
	int partials = 0;
	for (;;) {
		json_t *e = ws_next_event(c, 30);
		assert_non_null(e);
		const char *name = json_string_value(json_object_get(e, "event"));
		assert_string_equal(name, "heard");
		if (json_is_true(json_object_get(e, "final"))) {
			heard = e;
			break;
		}
		partials++;
		json_decref(e);
	}
	const char *text = json_string_value(json_object_get(heard, "text"));
	fprintf(stderr, "heard: %s (%d captions before)\n", text, partials);
	assert_true(partials >= 1);
	assert_true(strstr(text, "backend") || strstr(text, "payments") || strstr(text, "messaging"));
	json_t *next = ws_wait_event(c, "say", 30);
	assert_non_null(next);
	assert_int_equal(json_integer_value(json_object_get(next, "turn")), 2);
	json_decref(next);
	ws_close(c);

	/* the hiring team can play the answer, and reads what was heard */
	const char *id = json_string_value(json_object_get(inv, "id"));
	char path[200];
	snprintf(path, sizeof path, "/api/interviews/%s/audio/1", id);
	struct http_response r;
	assert_int_equal(http_request(f.port, "GET", path, f.auth, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(r.len > 44 + answer.n_samples); /* at least half of it, as 16-bit samples */
	http_response_release(&r);
	snprintf(path, sizeof path, "/api/interviews/%s", id);
	int status;
	json_t *detail = wf_get_json(&f, path, &status);
	json_t *t1 = json_array_get(json_object_get(detail, "transcript"), 0);
	assert_string_equal(json_string_value(json_object_get(t1, "candidate")), text);
	assert_true(json_is_true(json_object_get(detail, "voice")));
	json_decref(detail);
	json_decref(heard);
	json_decref(inv);
	wf_stop(&f);
}

static void test_microphone_check(void **state)
{
	struct web_fixture f;
	wf_start(&f, NULL);
	json_t *inv = wf_invite(&f, "Check", 0);
	struct ws_client *c = wf_open_room(&f, inv);
	ws_send_text(c, "{\"mic_check\": \"stop\"}");
	json_t *e = ws_wait_event(c, "error", 10);
	assert_non_null(e);
	json_decref(e);
	ws_send_text(c, "{\"mic_check\": \"start\"}");
	stream(c, answer.samples, answer.n_samples);
	ws_send_text(c, "{\"mic_check\": \"stop\"}");
	e = ws_wait_event(c, "mic_check", 30);
	assert_non_null(e);
	const char *text = json_string_value(json_object_get(e, "text"));
	assert_true(strstr(text, "backend") || strstr(text, "payments") || strstr(text, "messaging"));
	assert_true(json_real_value(json_object_get(e, "confidence")) > 0);
	json_decref(e);
	/* the check is not an interview: nothing was stored as an answer */
	ws_send_text(c, "{\"consent\": true, \"voice\": true}");
	json_t *say = ws_wait_event(c, "say", 30);
	assert_int_equal(json_integer_value(json_object_get(say, "turn")), 1);
	json_decref(say);
	ws_close(c);
	json_decref(inv);
	wf_stop(&f);
}

static void test_audio_faster_than_real_time(void **state)
{
	struct web_params p = {0};
	p.seed = 1; /* the wall clock: audio must come in real time */
	struct web_fixture f;
	wf_start(&f, &p);
	json_t *inv = wf_invite(&f, "Fast", 0);
	struct ws_client *c = wf_open_room(&f, inv);
	ws_send_text(c, "{\"consent\": true, \"voice\": true}");
	json_t *say = ws_wait_event(c, "say", 30);
	json_decref(say);
	stream(c, NULL, 16000 * 10); /* ten seconds at once */
	json_t *e = ws_wait_event(c, "error", 10);
	assert_non_null(e);
	assert_string_equal(json_string_value(json_object_get(e, "code")), "audio_too_fast");
	json_decref(e);
	ws_close(c);
	json_decref(inv);
	wf_stop(&f);
}

static void test_spoken_capacity(void **state)
{
	struct web_params p = {0};
	p.virtual_clock = 1;
	p.seed = 1;
	p.max_voice = -1; /* no spoken interviews on this server */
	struct web_fixture f;
	wf_start(&f, &p);
	json_t *inv = wf_invite(&f, "Voice", 0);
	struct ws_client *c = wf_open_room(&f, inv);
	ws_send_text(c, "{\"consent\": true, \"voice\": true}");
	json_t *e = ws_wait_event(c, "error", 10);
	assert_non_null(e);
	assert_string_equal(json_string_value(json_object_get(e, "code")), "at_capacity");
	json_decref(e);
	/* in writing it can go on */
	ws_send_text(c, "{\"consent\": true, \"voice\": false}");
	json_t *say = ws_wait_event(c, "say", 10);
	assert_non_null(say);
	json_decref(say);
	assert_int_equal(ws_binary_bytes(c), 0);
	ws_close(c);
	json_decref(inv);
	wf_stop(&f);
}

/* Two candidates consenting at the same moment on a server with one
 * spoken slot: one is heard, the other is told the rooms are busy (the
 * slot is taken before the recognizer loads, not after). */
static void test_spoken_slot_taken_once(void **state)
{
	struct web_params p = {0};
	p.virtual_clock = 1;
	p.seed = 1;
	p.max_voice = 1;
	struct web_fixture f;
	wf_start(&f, &p);
	json_t *a = wf_invite(&f, "First", 0), *b = wf_invite(&f, "Second", 0);
	char pa[200], pb[200];
	wf_ws_path(a, pa, sizeof pa);
	wf_ws_path(b, pb, sizeof pb);
	struct ws_client *ca = ws_connect(f.port, pa), *cb = ws_connect(f.port, pb);
	assert_non_null(ca);
	assert_non_null(cb);
	ws_send_text(ca, "{\"consent\": true, \"voice\": true}");
	ws_send_text(cb, "{\"consent\": true, \"voice\": true}");
	json_t *ea = ws_next_event(ca, 30), *eb = ws_next_event(cb, 30);
	assert_non_null(ea);
	assert_non_null(eb);
	const char *na = json_string_value(json_object_get(ea, "event"));
	const char *nb = json_string_value(json_object_get(eb, "event"));
	int says = !strcmp(na, "say") + !strcmp(nb, "say");
	int busy = (!strcmp(na, "error") && !strcmp(json_string_value(json_object_get(ea, "code")), "at_capacity")) +
		   (!strcmp(nb, "error") && !strcmp(json_string_value(json_object_get(eb, "code")), "at_capacity"));
	assert_int_equal(says, 1);
	assert_int_equal(busy, 1);
	json_decref(ea);
	json_decref(eb);
	/* when the first leaves, its slot is free again */
	ws_close(ca);
	ws_close(cb);
	struct ws_client *cc = ws_connect(f.port, pb);
	ws_send_text(cc, "{\"consent\": true, \"voice\": true}");
	json_t *say = ws_wait_event(cc, "say", 30);
	assert_non_null(say);
	json_decref(say);
	ws_close(cc);
	json_decref(a);
	json_decref(b);
	wf_stop(&f);
}

/* The candidate starts answering while the interviewer's words still play:
 * the page is told to stop the voice, and the answer is heard whole. */
static void test_talking_over_the_interviewer(void **state)
{
	struct web_fixture f;
	wf_start(&f, NULL);
	json_t *inv = wf_invite(&f, "Ada", 0);
	struct ws_client *c = wf_open_room(&f, inv);
	ws_send_text(c, "{\"consent\": true, \"voice\": true}");
	json_t *say = ws_wait_event(c, "say", 30);
	assert_non_null(say);
	json_decref(say);
	size_t bytes = settled_audio(c);
	assert_true(bytes > 16000 * 2 * 3); /* the greeting plays for seconds */
	/* half a second into the greeting, the candidate starts talking */
	stream(c, NULL, 8000);
	stream(c, answer.samples, answer.n_samples);
	stream(c, NULL, 16000 * 4);
	int barged = 0;
	json_t *heard = NULL;
	for (int i = 0; i < 200 && !heard; i++) {
		json_t *e = ws_next_event(c, 30);
		assert_non_null(e);
		const char *name = json_string_value(json_object_get(e, "event"));
		if (!strcmp(name, "barge_in"))
			barged++;
		else if (!strcmp(name, "heard") && json_is_true(json_object_get(e, "final"))) {
			heard = e;
			continue;
		}
		json_decref(e);
	}
	assert_int_equal(barged, 1);
	assert_non_null(heard);
	const char *text = json_string_value(json_object_get(heard, "text"));
	assert_true(strstr(text, "backend") || strstr(text, "payments") || strstr(text, "messaging"));
	json_decref(heard);
	say = ws_wait_event(c, "say", 30);
	assert_non_null(say);
	assert_int_equal(json_integer_value(json_object_get(say, "turn")), 2);
	json_decref(say);
	ws_close(c);
	json_decref(inv);
	wf_stop(&f);
}

/* Speaks the answer into a fresh room and returns its final heard event. */
static json_t *spoken_turn(struct web_fixture *f)
{
	json_t *inv = wf_invite(f, "Grace", 0);
	struct ws_client *c = wf_open_room(f, inv);
	ws_send_text(c, "{\"consent\": true, \"voice\": true}");
	json_t *say = ws_wait_event(c, "say", 30);
	assert_non_null(say);
	json_decref(say);
	size_t bytes = settled_audio(c);
	stream(c, NULL, bytes / 2 + 8000);
	stream(c, answer.samples, answer.n_samples);
	stream(c, NULL, 16000 * 3);
	json_t *heard = final_heard(c);
	ws_close(c);
	json_decref(inv);
	return heard;
}

static void test_transcription_server_hears_spoken_turns(void **state)
{
	struct fake_stt *stt = fake_stt_start("Six years of backend work, payments and messaging mostly.");
	assert_non_null(stt);
	struct web_params p = {.virtual_clock = 1, .seed = 1, .stt_url = fake_stt_url(stt)};
	struct web_fixture f;
	wf_start(&f, &p);
	json_t *heard = spoken_turn(&f);
	assert_string_equal(json_string_value(json_object_get(heard, "text")),
			    "Six years of backend work, payments and messaging mostly.");
	assert_string_equal(json_string_value(json_object_get(heard, "engine")), "http");
	assert_null(json_object_get(heard, "fallback"));
	assert_true(fake_stt_requests(stt) >= 1);
	json_decref(heard);

	/* the server fails: the local recognizer's words stand, and why is said */
	fake_stt_fail_with(stt, 503);
	int before = fake_stt_requests(stt);
	heard = spoken_turn(&f);
	const char *text = json_string_value(json_object_get(heard, "text"));
	assert_true(strstr(text, "backend") || strstr(text, "payments") || strstr(text, "messaging"));
	assert_string_equal(json_string_value(json_object_get(heard, "engine")), "pocketsphinx");
	assert_non_null(strstr(json_string_value(json_object_get(heard, "fallback")), "503"));
	assert_true(fake_stt_requests(stt) > before);
	json_decref(heard);
	wf_stop(&f);
	fake_stt_stop(stt);
}

/* serve --llm-url, a page that asks for the first sentence early: its
 * say_early event and its audio come while the LLM's reply still streams
 * (here it stalls after the sentence, so the script's remainder ends the
 * turn), before the say event with the whole turn, whose audio is the rest;
 * the candidate is listened to once all of it has played. */
static void test_first_sentence_spoken_while_the_rest_streams(void **state)
{
	struct fake_llm *llm = fake_llm_start();
	assert_non_null(llm);
	fake_llm_set_token_ms(llm, 20);
	fake_llm_set_default(llm, FAKE_TEXT_STALLED, "Good to have you here with us today. And so");
	setenv("INTERVIEWER_LLM_TOTAL_MS", "1500", 1);
	struct web_params p = {.virtual_clock = 1, .seed = 1, .llm_url = fake_llm_url(llm)};
	struct web_fixture f;
	wf_start(&f, &p);
	unsetenv("INTERVIEWER_LLM_TOTAL_MS");
	json_t *inv = wf_invite(&f, "Ada", 0);
	struct ws_client *c = wf_open_room(&f, inv);
	ws_send_text(c, "{\"consent\": true, \"voice\": true, \"say_early\": true}");
	size_t before_early = 0, before_say = 0;
	json_t *early = ws_next_event_after(c, 30, &before_early);
	assert_non_null(early);
	assert_string_equal(json_string_value(json_object_get(early, "event")), "say_early");
	assert_string_equal(json_string_value(json_object_get(early, "text")),
			    "Good to have you here with us today.");
	json_t *say = ws_next_event_after(c, 30, &before_say);
	assert_non_null(say);
	assert_string_equal(json_string_value(json_object_get(say, "event")), "say");
	const char *text = json_string_value(json_object_get(say, "text"));
	assert_int_equal(strncmp(text, "Good to have you here with us today. ", 37), 0);
	assert_null(strstr(text, "And so"));
	assert_string_equal(json_string_value(json_object_get(say, "wording")), "llm+script");
	assert_int_equal(json_integer_value(json_object_get(say, "said_early")), 36);
	/* the sentence's audio (eight words) came between the two events */
	assert_int_equal(before_early, 0);
	double early_s = (double)before_say / 2 / 16000;
	fprintf(stderr, "first sentence: %.2f s of audio before the say event\n", early_s);
	assert_true(early_s > 8 * 60.0 / 300 && early_s < 8 * 60.0 / 80 + 1);
	/* then the rest */
	size_t bytes = settled_audio(c);
	assert_true(bytes > before_say + 16000 * 2);
	json_decref(early);
	json_decref(say);
	/* the microphone hears the whole turn play, then the answer */
	stream(c, NULL, bytes / 2 + 8000);
	stream(c, answer.samples, answer.n_samples);
	stream(c, NULL, 16000 * 4);
	json_t *heard = final_heard(c);
	const char *h = json_string_value(json_object_get(heard, "text"));
	assert_true(strstr(h, "backend") || strstr(h, "payments") || strstr(h, "messaging"));
	json_decref(heard);
	json_t *next = ws_wait_event(c, "say", 30);
	assert_non_null(next);
	assert_int_equal(json_integer_value(json_object_get(next, "turn")), 2);
	json_decref(next);
	ws_close(c);
	json_decref(inv);
	wf_stop(&f);
	fake_llm_stop(llm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spoken_answer_is_heard),
		cmocka_unit_test(test_microphone_check),
		cmocka_unit_test(test_audio_faster_than_real_time),
		cmocka_unit_test(test_spoken_capacity),
		cmocka_unit_test(test_spoken_slot_taken_once),
		cmocka_unit_test(test_talking_over_the_interviewer),
		cmocka_unit_test(test_transcription_server_hears_spoken_turns),
		cmocka_unit_test(test_first_sentence_spoken_while_the_rest_streams),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
