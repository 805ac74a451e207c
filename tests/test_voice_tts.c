/*
 * test_voice_tts.c - the interviewer's voice: every voice speaks, the pace
 * in words per minute is kept, audio streams (the first chunk comes before
 * the synthesis is over, sentence by sentence), a callback can stop it
 * (barge-in), and voice_speak_to_file writes a 16 kHz WAV.
 */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "voice/tts_flite.h"
#include "voice/voice.h"
#include "voice/wav.h"

static const char *const question =
	"Imagine you have an endpoint that is getting hit with thousands of requests per second. "
	"How would you handle that? What would you look at first?"; /* 26 words */

static void test_every_voice_speaks_at_the_pace_asked(void **state)
{
	(void)state;
	for (const char *const *v = tts_flite_voice_names(); *v; v++) {
		struct iv_error err = {{0}};
		struct tts_flite *tts = tts_flite_new(*v, 160, &err);
		if (!tts)
			fail_msg("%s: %s", *v, err.message);
		assert_string_equal(tts_flite_voice(tts), *v);
		int16_t *pcm = NULL;
		size_t n = 0;
		assert_int_equal(tts_flite_synth(tts, question, &pcm, &n, &err), 0);
		double seconds = (double)n / tts_flite_sample_rate_hz(tts);
		double wpm = 26 * 60.0 / seconds;
		/* 160 wpm asked: within 20%. */
		if (wpm < 128 || wpm > 192)
			fail_msg("%s spoke at %.0f words per minute, asked 160", *v, wpm);
		free(pcm);
		tts_flite_free(tts);
	}
}

static double synth_seconds(double wpm)
{
	struct iv_error err = {{0}};
	struct tts_flite *tts = tts_flite_new("kal16", wpm, &err);
	assert_non_null(tts);
	int16_t *pcm = NULL;
	size_t n = 0;
	assert_int_equal(tts_flite_synth(tts, question, &pcm, &n, &err), 0);
	free(pcm);
	tts_flite_free(tts);
	return (double)n / 16000;
}

static void test_slower_pace_is_longer(void **state)
{
	(void)state;
	double slow = synth_seconds(120), fast = synth_seconds(200);
	double ratio = slow / fast; /* 200/120 = 1.67 */
	if (ratio < 1.4 || ratio > 1.9)
		fail_msg("120 wpm lasted %.1f s, 200 wpm %.1f s", slow, fast);
}

struct chunks {
	int calls;
	size_t samples;
	size_t stop_after;
	double first_ms;
	struct timespec t0;
};

static int on_chunk(const int16_t *samples, size_t n, int rate_hz, void *user)
{
	struct chunks *c = user;
	assert_int_equal(rate_hz, 16000);
	assert_non_null(samples);
	if (c->calls++ == 0) {
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		c->first_ms = (t.tv_sec - c->t0.tv_sec) * 1e3 + (t.tv_nsec - c->t0.tv_nsec) / 1e6;
	}
	c->samples += n;
	return c->stop_after && c->samples >= c->stop_after;
}

static void test_audio_streams_in_chunks(void **state)
{
	(void)state;
	struct iv_error err = {{0}};
	struct tts_flite *tts = tts_flite_new("slt", 0, &err);
	assert_non_null(tts);
	struct chunks c = {0};
	clock_gettime(CLOCK_MONOTONIC, &c.t0);
	assert_int_equal(tts_flite_speak(tts, question, on_chunk, &c, &err), 0);
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	double total_ms = (t.tv_sec - c.t0.tv_sec) * 1e3 + (t.tv_nsec - c.t0.tv_nsec) / 1e6;
	/* Three sentences, each in several chunks; the first long before the end. */
	assert_true(c.calls >= 6);
	assert_true(c.first_ms < total_ms / 2);
	assert_true(c.samples > 16000 * 5);
	tts_flite_free(tts);
}

static void test_callback_stops_speech(void **state)
{
	(void)state;
	struct iv_error err = {{0}};
	struct tts_flite *tts = tts_flite_new("rms", 0, &err);
	assert_non_null(tts);
	struct chunks c = {.stop_after = 8000};
	clock_gettime(CLOCK_MONOTONIC, &c.t0);
	assert_int_equal(tts_flite_speak(tts, question, on_chunk, &c, &err), 1);
	/* Stopped within a chunk of half a second, not after three sentences. */
	assert_true(c.samples < 8000 + 16000);
	tts_flite_free(tts);
}

static void test_unknown_voice_and_pace(void **state)
{
	(void)state;
	struct iv_error err = {{0}};
	assert_null(tts_flite_new("hal9000", 160, &err));
	assert_non_null(strstr(err.message, "unknown voice \"hal9000\""));
	assert_non_null(strstr(err.message, "slt, rms, awb, kal16"));
	assert_null(tts_flite_new("slt", 1000, &err));
	assert_non_null(strstr(err.message, "outside 60..400"));
}

static void test_speak_to_file(void **state)
{
	(void)state;
	char *dir = ts_tmpdir();
	char path[512];
	snprintf(path, sizeof path, "%s/turn.wav", dir);
	struct iv_error err = {{0}};
	struct voice_speaking *vs = voice_speaking_new(IV_DATA_DIR, "kal16", 170, &err);
	if (!vs)
		fail_msg("%s", err.message);
	char *sayable = voice_sayable(vs, "How does your API handle a JWT?");
	assert_string_equal(sayable, "How does your A P I handle a J W T?");
	free(sayable);
	double tts_ms = -1, first_ms = -1;
	assert_int_equal(voice_speak_to_file(vs, "How does your API handle a JWT?", path, &tts_ms,
					     &first_ms, &err), 0);
	assert_true(tts_ms >= 0 && first_ms >= 0 && first_ms <= tts_ms);
	struct wav_audio a;
	assert_int_equal(wav_read_16k_mono(path, &a, &err), 0);
	assert_true(a.n_samples > 16000 && a.n_samples < 16000 * 6);
	wav_audio_release(&a);
	voice_speaking_free(vs);

	assert_null(voice_speaking_new("/nonexistent", "slt", 160, &err));
	assert_non_null(strstr(err.message, "/nonexistent/speech/pronunciations.yaml"));
	ts_rmdir(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_voice_speaks_at_the_pace_asked),
		cmocka_unit_test(test_slower_pace_is_longer),
		cmocka_unit_test(test_audio_streams_in_chunks),
		cmocka_unit_test(test_callback_stops_speech),
		cmocka_unit_test(test_unknown_voice_and_pace),
		cmocka_unit_test(test_speak_to_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
