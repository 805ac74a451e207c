/*
 * test_voice_pitch.c - the speaker's pitch and the recognizer's adaptation
 * to it: a pure tone's pitch is found; a high (slt) and a low (rms) Flite
 * voice land on the sides of the warp's ramp; silence, noise and bad input
 * give no pitch; the warp follows pitch_vtln_warp's ramp; a recognizer
 * choosing its own warp warps for the high voice after its first answer,
 * keeps hearing while the new decoder loads, and hears the next answer with
 * it; a low voice or a fixed warp leaves it at none.
 */
#include "test_support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voice/pitch.h"
#include "voice/stt_sphinx.h"
#include "voice/tts_flite.h"

static int16_t *synth(const char *voice, const char *text, size_t *n)
{
	struct iv_error err = {{0}};
	struct tts_flite *tts = tts_flite_new(voice, 160, &err);
	assert_non_null(tts);
	int16_t *pcm = NULL;
	assert_int_equal(tts_flite_synth(tts, text, &pcm, n, &err), 0);
	tts_flite_free(tts);
	return pcm;
}

static double median_of(const int16_t *pcm, size_t n, size_t block, int *voiced)
{
	struct pitch_tracker *pt = pitch_tracker_new();
	assert_non_null(pt);
	for (size_t i = 0; i < n; i += block)
		pitch_tracker_feed(pt, pcm + i, n - i < block ? n - i : block);
	double hz = pitch_tracker_median_hz(pt);
	*voiced = pitch_tracker_voiced_frames(pt);
	pitch_tracker_free(pt);
	return hz;
}

static void test_pure_tone(void **state)
{
	(void)state;
	size_t n = 16000;
	int16_t *pcm = malloc(n * sizeof *pcm);
	for (size_t i = 0; i < n; i++)
		pcm[i] = (int16_t)(8000 * sin(2 * M_PI * 200.0 * (double)i / 16000.0));
	int voiced = 0;
	/* Fed in odd-sized blocks: frames are cut across calls. */
	double hz = median_of(pcm, n, 333, &voiced);
	printf("# 200 Hz tone: median %.0f Hz over %d voiced frames\n", hz, voiced);
	assert_true(voiced > 80);
	assert_true(hz >= 195 && hz <= 205);
	free(pcm);
}

static void test_voices_fall_either_side(void **state)
{
	(void)state;
	const char *text = "We store the uploads in object storage and keep the metadata in "
			   "Postgres.";
	size_t n = 0;
	int voiced = 0;
	int16_t *high = synth("slt", text, &n);
	double high_hz = median_of(high, n, 320, &voiced);
	printf("# slt median %.0f Hz over %d voiced frames\n", high_hz, voiced);
	assert_true(voiced > 100);
	assert_true(high_hz >= 160 && high_hz <= 240);
	free(high);
	int16_t *low = synth("rms", text, &n);
	double low_hz = median_of(low, n, 320, &voiced);
	printf("# rms median %.0f Hz over %d voiced frames\n", low_hz, voiced);
	assert_true(voiced > 100);
	assert_true(low_hz >= 70 && low_hz <= 140);
	free(low);
	assert_true(pitch_vtln_warp(high_hz) > 1.1);
	assert_true(pitch_vtln_warp(low_hz) == 1.0);
}

static void test_silence_noise_and_bad_input(void **state)
{
	(void)state;
	size_t n = 32000;
	int16_t *pcm = calloc(n, sizeof *pcm);
	int voiced = -1;
	assert_true(median_of(pcm, n, 320, &voiced) == 0);
	assert_int_equal(voiced, 0);
	unsigned seed = 7;
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		pcm[i] = (int16_t)((int)(seed >> 16 & 0x7fff) - 16384);
	}
	median_of(pcm, n, 320, &voiced);
	assert_true(voiced < 20); /* white noise is not a voice */
	free(pcm);

	struct pitch_tracker *pt = pitch_tracker_new();
	int16_t one[1] = {0};
	pitch_tracker_feed(pt, NULL, 100);
	pitch_tracker_feed(pt, one, 0);
	pitch_tracker_break(pt);
	assert_int_equal(pitch_tracker_voiced_frames(pt), 0);
	pitch_tracker_free(pt);
	pitch_tracker_free(NULL);
	pitch_tracker_feed(NULL, NULL, 10);
	assert_true(pitch_tracker_median_hz(NULL) == 0);
}

static void test_warp_ramp(void **state)
{
	(void)state;
	assert_true(pitch_vtln_warp(0) == 1.0);
	assert_true(pitch_vtln_warp(120) == 1.0);
	assert_true(pitch_vtln_warp(145) == 1.0);
	assert_true(fabs(pitch_vtln_warp(157.5) - 1.1) < 1e-9);
	assert_true(fabs(pitch_vtln_warp(170) - 1.2) < 1e-9);
	assert_true(fabs(pitch_vtln_warp(260) - 1.2) < 1e-9);
	double last = 0;
	for (int hz = 50; hz < 400; hz += 5) {
		assert_true(pitch_vtln_warp(hz) >= last);
		last = pitch_vtln_warp(hz);
	}
}

static void hear(struct stt_sphinx *s, const char *voice, const char *text, char **heard)
{
	size_t n = 0;
	int16_t *pcm = synth(voice, text, &n);
	struct stt_result r;
	struct iv_error err = {{0}};
	assert_int_equal(stt_sphinx_recognize(s, pcm, n, &r, &err), 0);
	if (heard)
		*heard = strdup(r.text);
	stt_result_release(&r);
	free(pcm);
}

/* A recognizer with the given warp (0: chosen from the speaker's pitch). */
static struct stt_sphinx *recognizer(double warp)
{
	struct iv_error err = {{0}};
	struct stt_sphinx_params p = stt_sphinx_default_params();
	p.vtln_warp = warp;
	struct stt_sphinx *s = stt_sphinx_new(&p, &err);
	assert_non_null(s);
	return s;
}

/* Long enough (over 1.5 s voiced) for the warp to be chosen after it. */
static const char first_answer[] =
	"Most of my recent work has been on the payments service, in Go and Postgres.";

static void test_recognizer_adapts_to_a_high_voice(void **state)
{
	(void)state;
	struct stt_sphinx *s = recognizer(0);
	assert_true(stt_sphinx_warp(s) == 1.0);
	hear(s, "slt", first_answer, NULL);
	/* The first answer chose the warp; the decoder for it loads on its own
	 * thread while this one goes on hearing. */
	char *text = NULL;
	hear(s, "slt", "We had a queue in front of the workers.", &text);
	assert_true(strlen(text) > 0);
	free(text);
	stt_sphinx_settle(s);
	assert_true(stt_sphinx_warp(s) > 1.1);
	/* A climb from the pitch's guess, not the whole grid of six. */
	assert_true(stt_sphinx_warps_tried(s) >= 3 && stt_sphinx_warps_tried(s) <= 5);
	hear(s, "slt", "I would put the sessions in Redis with an expiry.", &text);
	printf("# warped %.2f: \"%s\"\n", stt_sphinx_warp(s), text);
	assert_non_null(strstr(text, "redis"));
	assert_non_null(strstr(text, "sessions"));
	free(text);
	stt_sphinx_free(s);
}

static void test_low_voice_is_not_warped_up_and_fixed_warp_stays(void **state)
{
	(void)state;
	struct stt_sphinx *s = recognizer(0);
	hear(s, "rms", first_answer, NULL);
	stt_sphinx_settle(s);
	/* The search may find a low voice fits a little better compressed
	 * (0.9), never stretched like a high one. */
	assert_true(stt_sphinx_warp(s) <= 1.0);
	assert_true(stt_sphinx_warp(s) >= 0.9);
	assert_true(stt_sphinx_warps_tried(s) >= 2);
	stt_sphinx_free(s);

	s = recognizer(1.0); /* fixed: no search */
	hear(s, "slt", first_answer, NULL);
	stt_sphinx_settle(s);
	assert_true(stt_sphinx_warp(s) == 1.0);
	assert_int_equal(stt_sphinx_warps_tried(s), 0);
	stt_sphinx_free(s);
}

static void test_bad_warp_is_a_clear_error(void **state)
{
	(void)state;
	const double bad[] = {5.0, 0.2, -1.0};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct iv_error err = {{0}};
		struct stt_sphinx_params p = stt_sphinx_default_params();
		p.vtln_warp = bad[i];
		assert_null(stt_sphinx_new(&p, &err));
		assert_non_null(strstr(err.message, "INTERVIEWER_VTLN_WARP"));
	}
}

static void test_freed_while_loading(void **state)
{
	(void)state;
	struct stt_sphinx *s = recognizer(0);
	hear(s, "slt", first_answer, NULL);
	/* The warp search is running now: freeing stops it after the decoder
	 * it is loading and frees them all. */
	stt_sphinx_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pure_tone),
		cmocka_unit_test(test_voices_fall_either_side),
		cmocka_unit_test(test_silence_noise_and_bad_input),
		cmocka_unit_test(test_warp_ramp),
		cmocka_unit_test(test_recognizer_adapts_to_a_high_voice),
		cmocka_unit_test(test_low_voice_is_not_warped_up_and_fixed_warp_stays),
		cmocka_unit_test(test_bad_warp_is_a_clear_error),
		cmocka_unit_test(test_freed_while_loading),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
