/*
 * test_voice_adapt.c - adapting the recognizer to the speaker (issue 11).
 *
 * Asserted: by default one recording is heard at warp 1 and no warp search
 * has run yet (the search serves later utterances); with
 * adapt_first_recording the recording is decoded twice, the second time at
 * the warp searched on it, which for Flite's high slt voice is above 1; a
 * speaker transform (MLLR, INTERVIEWER_MLLR) that is missing, has the wrong
 * shape for the model or is cut short is an error naming the file, and an
 * identity transform hears as the model does alone; a real recording of the
 * tuning half (tests/speech/real) is heard.
 *
 * Each case loads its own recognizers (a warp search loads several), so few
 * utterances are decoded: PocketSphinx is slow under AddressSanitizer.
 */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voice/stt_sphinx.h"
#include "voice/tts_flite.h"
#include "voice/voice.h"
#include "voice/wav.h"

static int16_t *synth_slt(const char *text, size_t *n)
{
	struct iv_error err = {{0}};
	struct tts_flite *tts = tts_flite_new("slt", 160, &err);
	assert_non_null(tts);
	int16_t *pcm = NULL;
	assert_int_equal(tts_flite_synth(tts, text, &pcm, n, &err), 0);
	tts_flite_free(tts);
	return pcm;
}

static int has_word(const char *text, const char *word)
{
	size_t len = strlen(word);
	for (const char *p = strstr(text, word); p; p = strstr(p + 1, word))
		if ((p == text || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0'))
			return 1;
	return 0;
}

static const char *const ANSWER =
	"We put a cache in front of the database, and the worker retries with backoff "
	"when the queue is slow.";

static void test_first_recording_adapts_only_when_asked(void **state)
{
	(void)state;
	size_t n = 0;
	int16_t *pcm = synth_slt(ANSWER, &n);
	struct iv_error err = {{0}};
	struct stt_sphinx_params p = stt_sphinx_default_params();
	p.vtln_warp = 0;
	p.adapt_first_recording = 0;
	struct stt_sphinx *plain = stt_sphinx_new(&p, &err);
	assert_non_null(plain);
	struct stt_result r;
	assert_int_equal(stt_sphinx_recognize(plain, pcm, n, &r, &err), 0);
	assert_true(stt_sphinx_warp(plain) == 1.0);
	assert_int_equal(stt_sphinx_warps_tried(plain), 0);
	assert_true(has_word(r.text, "database"));
	stt_result_release(&r);
	stt_sphinx_free(plain);

	p.adapt_first_recording = 1;
	struct stt_sphinx *adapting = stt_sphinx_new(&p, &err);
	assert_non_null(adapting);
	assert_int_equal(stt_sphinx_recognize(adapting, pcm, n, &r, &err), 0);
	assert_true(stt_sphinx_warps_tried(adapting) >= 2);
	assert_true(stt_sphinx_warp(adapting) > 1.05); /* a high voice */
	assert_true(has_word(r.text, "database"));
	assert_true(r.n_words > 0 && r.words[0].start_s >= 0 &&
		    r.words[r.n_words - 1].end_s <= (double)n / 16000.0 + 1e-9);
	stt_result_release(&r);

	/* A fixed warp is never searched. */
	stt_sphinx_free(adapting);
	p.vtln_warp = 1.0;
	struct stt_sphinx *fixed = stt_sphinx_new(&p, &err);
	assert_non_null(fixed);
	assert_int_equal(stt_sphinx_recognize(fixed, pcm, n, &r, &err), 0);
	assert_int_equal(stt_sphinx_warps_tried(fixed), 0);
	assert_true(stt_sphinx_warp(fixed) == 1.0);
	stt_result_release(&r);
	stt_sphinx_free(fixed);
	free(pcm);
}

/* An MLLR transform file for the en-us model: one class, three streams of
 * 13, each an A matrix, a bias and a variance scale. */
static char *transform_text(double diagonal)
{
	size_t cap = 16384, o = 0;
	char *t = malloc(cap);
	o += (size_t)snprintf(t + o, cap - o, "1\n3\n");
	for (int s = 0; s < 3; s++) {
		o += (size_t)snprintf(t + o, cap - o, "13\n");
		for (int i = 0; i < 13; i++) {
			for (int j = 0; j < 13; j++)
				o += (size_t)snprintf(t + o, cap - o, "%.1f ", i == j ? diagonal : 0.0);
			o += (size_t)snprintf(t + o, cap - o, "\n");
		}
		for (int k = 0; k < 2; k++) {
			for (int j = 0; j < 13; j++)
				o += (size_t)snprintf(t + o, cap - o, "%.1f ", k ? 1.0 : 0.0);
			o += (size_t)snprintf(t + o, cap - o, "\n");
		}
	}
	return t;
}

static void test_speaker_transform(void **state)
{
	(void)state;
	char *dir = ts_tmpdir();
	struct iv_error err = {{0}};
	struct stt_sphinx_params p = stt_sphinx_default_params();
	p.vtln_warp = 1.0;

	p.mllr_path = "/nonexistent/speaker.mllr";
	assert_null(stt_sphinx_new(&p, &err));
	assert_non_null(strstr(err.message, "/nonexistent/speaker.mllr"));

	static const char *const corrupt[] = {
		"not a transform\n",
		"1\n1\n39\n",                 /* another model's shape */
		"1\n3\n13\n1.0 0.0 0.0\n",    /* cut short */
	};
	for (size_t i = 0; i < sizeof corrupt / sizeof corrupt[0]; i++) {
		char *path = ts_write_file(dir, "bad.mllr", corrupt[i], strlen(corrupt[i]));
		p.mllr_path = path;
		memset(&err, 0, sizeof err);
		assert_null(stt_sphinx_new(&p, &err));
		assert_non_null(strstr(err.message, "cannot read the speaker transform"));
		assert_non_null(strstr(err.message, path));
		free(path);
	}

	size_t n = 0;
	int16_t *pcm = synth_slt(ANSWER, &n);
	struct stt_result plain_r, adapted_r;
	p.mllr_path = NULL;
	struct stt_sphinx *plain = stt_sphinx_new(&p, &err);
	assert_non_null(plain);
	assert_int_equal(stt_sphinx_recognize(plain, pcm, n, &plain_r, &err), 0);
	stt_sphinx_free(plain);

	char *identity = transform_text(1.0);
	char *path = ts_write_file(dir, "identity.mllr", identity, strlen(identity));
	p.mllr_path = path;
	struct stt_sphinx *adapted = stt_sphinx_new(&p, &err);
	assert_non_null(adapted);
	assert_int_equal(stt_sphinx_recognize(adapted, pcm, n, &adapted_r, &err), 0);
	assert_string_equal(adapted_r.text, plain_r.text);
	stt_sphinx_free(adapted);
	stt_result_release(&adapted_r);

	/* A transform that scales every mean by ten is taken and changes what
	 * is heard: the transform really reaches the acoustic model. */
	char *wild = transform_text(10.0);
	char *wild_path = ts_write_file(dir, "wild.mllr", wild, strlen(wild));
	p.mllr_path = wild_path;
	adapted = stt_sphinx_new(&p, &err);
	assert_non_null(adapted);
	assert_int_equal(stt_sphinx_recognize(adapted, pcm, n, &adapted_r, &err), 0);
	assert_string_not_equal(adapted_r.text, plain_r.text);
	stt_sphinx_free(adapted);
	stt_result_release(&adapted_r);

	/* Through the environment, as `hear` takes it. */
	setenv("INTERVIEWER_MLLR", "/nonexistent/env.mllr", 1);
	assert_null(voice_hearing_new(IV_DATA_DIR, NULL, &err));
	unsetenv("INTERVIEWER_MLLR");
	assert_non_null(strstr(err.message, "/nonexistent/env.mllr"));

	stt_result_release(&plain_r);
	free(identity);
	free(path);
	free(wild);
	free(wild_path);
	free(pcm);
	ts_rmdir(dir);
	free(dir);
}

/* A real voice (a reading of a Harvard sentence, tuning half). */
static void test_real_recording_is_heard(void **state)
{
	(void)state;
	struct iv_error err = {{0}};
	struct voice_hearing *vh = voice_hearing_new(IV_DATA_DIR, NULL, &err);
	assert_non_null(vh);
	struct heard h;
	char *path = ts_path(IV_DATA_DIR "/../tests/speech/real", "spk1_snt5.wav");
	assert_int_equal(voice_hear_file(vh, path, &h, &err), 0);
	assert_true(has_word(h.text, "sunday"));
	assert_true(has_word(h.text, "week"));
	heard_release(&h);
	free(path);
	voice_hearing_free(vh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_recording_adapts_only_when_asked),
		cmocka_unit_test(test_speaker_transform),
		cmocka_unit_test(test_real_recording_is_heard),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
