/*
 * test_voice_stt.c - hearing: answers synthesized now by Flite are
 * recognized within a word error rate bound and with their domain terms;
 * silence and noise give no words; garbled speech is flagged as heard
 * badly; streaming gives partial text and voice activity; a WAV at another
 * rate is heard through voice_hear_file; missing models are clear errors
 * naming the Debian package or the make target.
 *
 * PocketSphinx is slow under AddressSanitizer, so one recognizer serves the
 * whole file and few utterances are decoded.
 */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voice/stt_sphinx.h"
#include "voice/tts_flite.h"
#include "voice/voice.h"
#include "voice/wav.h"

static struct voice_hearing *hearing;
static struct voice_speaking *speakers[3];
static const char *const voice_names[3] = {"rms", "slt", "kal16"};

static int setup(void **state)
{
	(void)state;
	struct iv_error err = {{0}};
	hearing = voice_hearing_new(IV_DATA_DIR, NULL, &err);
	if (!hearing) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	for (int i = 0; i < 3; i++) {
		speakers[i] = voice_speaking_new(IV_DATA_DIR, voice_names[i], 160, &err);
		if (!speakers[i])
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	voice_hearing_free(hearing);
	for (int i = 0; i < 3; i++)
		voice_speaking_free(speakers[i]);
	return 0;
}

/* Synthesizes text (through the pronunciation table) with voice i. */
static int16_t *synth(int voice, const char *text, size_t *n)
{
	struct iv_error err = {{0}};
	char *sayable = voice_sayable(speakers[voice], text);
	struct tts_flite *tts = tts_flite_new(voice_names[voice], 160, &err);
	int16_t *pcm = NULL;
	assert_int_equal(tts_flite_synth(tts, sayable, &pcm, n, &err), 0);
	tts_flite_free(tts);
	free(sayable);
	return pcm;
}

/* Word error rate of hyp against ref (both space-separated words). */
static double word_error_rate(const char *ref, const char *hyp)
{
	char *words[2][64];
	int n[2] = {0, 0};
	char *copies[2] = {strdup(ref), strdup(hyp)};
	for (int k = 0; k < 2; k++) {
		char *save = NULL;
		for (char *w = strtok_r(copies[k], " ", &save); w && n[k] < 64;
		     w = strtok_r(NULL, " ", &save))
			words[k][n[k]++] = w;
	}
	int d[65][65];
	for (int i = 0; i <= n[0]; i++)
		d[i][0] = i;
	for (int j = 0; j <= n[1]; j++)
		d[0][j] = j;
	for (int i = 1; i <= n[0]; i++)
		for (int j = 1; j <= n[1]; j++) {
			int sub = d[i - 1][j - 1] + (strcmp(words[0][i - 1], words[1][j - 1]) != 0);
			int del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
			d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
	double wer = n[0] ? (double)d[n[0]][n[1]] / n[0] : 0;
	free(copies[0]);
	free(copies[1]);
	return wer;
}

static int has_word(const char *text, const char *word)
{
	size_t len = strlen(word);
	for (const char *p = strstr(text, word); p; p = strstr(p + 1, word))
		if ((p == text || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0'))
			return 1;
	return 0;
}

struct answer {
	int voice;
	const char *said;
	const char *words; /* what a perfect recognizer writes */
	const char *terms[3];
};

static const struct answer answers[] = {
	{0, "We put Redis in front of Postgres and cached the user profiles for ten minutes.",
	 "we put redis in front of postgres and cached the user profiles for ten minutes",
	 {"redis", "postgres", "cached"}},
	{1, "The worker has to be idempotent, because the queue can deliver the same message twice.",
	 "the worker has to be idempotent because the queue can deliver the same message twice",
	 {"idempotent", "queue", "message"}},
	{2, "I would deploy it on Kubernetes and check the JWT on every request.",
	 "i would deploy it on kubernetes and check the jwt on every request",
	 {"kubernetes", "jwt", "request"}},
};

static void test_answers_are_recognized(void **state)
{
	(void)state;
	double total = 0;
	int terms_found = 0;
	for (size_t i = 0; i < 3; i++) {
		const struct answer *a = &answers[i];
		size_t n = 0;
		int16_t *pcm = synth(a->voice, a->said, &n);
		struct heard h;
		struct iv_error err = {{0}};
		assert_int_equal(voice_hear_samples(hearing, pcm, n, &h, &err), 0);
		double wer = word_error_rate(a->words, h.text);
		printf("# %s: \"%s\" WER %.2f confidence %.2f\n", voice_names[a->voice], h.text, wer,
		       h.confidence);
		if (wer > 0.35)
			fail_msg("%s heard \"%s\" for \"%s\" (WER %.2f)", voice_names[a->voice],
				 h.text, a->words, wer);
		assert_string_equal(h.engine, "pocketsphinx");
		assert_true(h.audio_seconds > 2 && h.stt_ms > 0);
		assert_false(h.low_confidence);
		for (int k = 0; k < 3; k++)
			terms_found += has_word(h.text, a->terms[k]);
		total += wer;
		heard_release(&h);
		free(pcm);
	}
	assert_true(total / 3 <= 0.2);
	assert_true(terms_found >= 8); /* of 9 */
}

/* A recording cut close to the words (no silence before or after) is heard
 * as well as one with silence around it, and the word times are within the
 * recording. */
static void test_recording_cut_close_to_the_words(void **state)
{
	(void)state;
	size_t n = 0;
	int16_t *pcm = synth(0, "We cached the sessions in Redis for an hour.", &n);
	size_t first = 0, last = n;
	while (first < n && abs(pcm[first]) < 500)
		first++;
	while (last > first && abs(pcm[last - 1]) < 500)
		last--;
	size_t len = last - first;
	struct stt_result r;
	struct iv_error err = {{0}};
	assert_int_equal(stt_sphinx_recognize(voice_hearing_recognizer(hearing), pcm + first, len,
					      &r, &err),
			 0);
	printf("# cut close: \"%s\"\n", r.text);
	double wer = word_error_rate("we cached the sessions in redis for an hour", r.text);
	if (wer > 0.35)
		fail_msg("heard \"%s\" (WER %.2f)", r.text, wer);
	assert_true(r.n_words >= 5);
	double seconds = (double)len / 16000.0;
	assert_true(r.words[0].start_s < 0.3);
	for (size_t i = 0; i < r.n_words; i++) {
		assert_true(r.words[i].start_s >= 0);
		assert_true(r.words[i].end_s <= seconds + 1e-9);
		assert_true(r.words[i].end_s >= r.words[i].start_s);
	}
	assert_true(r.words[r.n_words - 1].end_s > seconds - 0.6);
	/* the readings of the last word: the one heard among them, posteriors
	 * in 0..1, most probable first */
	assert_true(r.n_last_alternatives >= 1 && r.n_last_alternatives <= STT_MAX_ALTERNATIVES);
	int last_among = 0;
	for (size_t i = 0; i < r.n_last_alternatives; i++) {
		assert_true(r.last_alternatives[i].posterior > 0 && r.last_alternatives[i].posterior <= 1);
		if (i)
			assert_true(r.last_alternatives[i].posterior <= r.last_alternatives[i - 1].posterior);
		last_among |= !strcmp(r.last_alternatives[i].text, r.words[r.n_words - 1].text);
	}
	assert_true(last_among);
	stt_result_release(&r);
	free(pcm);
}

static void test_silence_and_noise_give_no_words(void **state)
{
	(void)state;
	size_t n = 16000 * 2;
	int16_t *pcm = calloc(n, sizeof *pcm);
	struct heard h;
	struct iv_error err = {{0}};
	assert_int_equal(voice_hear_samples(hearing, pcm, n, &h, &err), 0);
	assert_string_equal(h.text, "");
	assert_false(h.low_confidence);
	heard_release(&h);
	/* Steady hiss at about -20 dBFS (a fan, a bad line). */
	unsigned x = 12345;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		pcm[i] = (int16_t)((int)((x >> 16) & 0x7fff) - 16384) / 5;
	}
	assert_int_equal(voice_hear_samples(hearing, pcm, n, &h, &err), 0);
	assert_string_equal(h.text, "");
	heard_release(&h);
	free(pcm);
}

static void test_garbled_speech_is_low_confidence(void **state)
{
	(void)state;
	size_t n = 0;
	int16_t *pcm = synth(0, "I would put the uploads on a queue and process them with workers.", &n);
	/* Time-reversed speech: speech-like sounds, no words. */
	for (size_t i = 0; i < n / 2; i++) {
		int16_t t = pcm[i];
		pcm[i] = pcm[n - 1 - i];
		pcm[n - 1 - i] = t;
	}
	struct heard h;
	struct iv_error err = {{0}};
	assert_int_equal(voice_hear_samples(hearing, pcm, n, &h, &err), 0);
	printf("# reversed: \"%s\" confidence %.2f\n", h.text, h.confidence);
	assert_true(h.confidence < VOICE_LOW_CONFIDENCE);
	assert_true(h.text[0] == '\0' || h.low_confidence);
	heard_release(&h);
	free(pcm);
}

static void test_streaming_partial_and_voice_activity(void **state)
{
	(void)state;
	size_t n = 0;
	int16_t *speech = synth(0, "So the first thing I would check is the slow query log.", &n);
	size_t lead = 8000, tail = 16000;
	size_t total = lead + n + tail;
	int16_t *pcm = calloc(total, sizeof *pcm);
	memcpy(pcm + lead, speech, n * sizeof *pcm);
	struct stt_sphinx *stt = voice_hearing_recognizer(hearing);
	struct iv_error err = {{0}};
	assert_int_equal(stt_sphinx_begin(stt, &err), 0);
	int saw_speech = 0, partial_words = 0;
	for (size_t i = 0; i < total; i += 1600) {
		size_t len = total - i < 1600 ? total - i : 1600;
		assert_int_equal(stt_sphinx_feed(stt, pcm + i, len, &err), 0);
		if (i == 0)
			assert_false(stt_sphinx_in_speech(stt)); /* silence first */
		saw_speech |= stt_sphinx_in_speech(stt);
		if (i >= lead + n / 2 && i < lead + n / 2 + 1600)
			partial_words = (int)text_count_words(stt_sphinx_partial(stt));
	}
	/* A second of silence after the speech: voice activity has ended. */
	assert_false(stt_sphinx_in_speech(stt));
	assert_true(saw_speech);
	assert_true(partial_words >= 3);
	struct stt_result r;
	assert_int_equal(stt_sphinx_end(stt, &r, &err), 0);
	assert_true(has_word(r.text, "slow") && has_word(r.text, "query"));
	assert_true(r.n_words >= 8);
	for (size_t i = 1; i < r.n_words; i++)
		assert_true(r.words[i].start_s >= r.words[i - 1].start_s);
	assert_true(r.words[0].start_s >= 0.4); /* after the half second of silence */
	assert_true(r.finalize_ms < 1000);
	stt_result_release(&r);
	/* Feeding outside an utterance is an error, not a crash. */
	assert_int_equal(stt_sphinx_feed(stt, pcm, 160, &err), -1);
	free(pcm);
	free(speech);
}

static void test_hear_file_at_another_rate(void **state)
{
	(void)state;
	size_t n = 0;
	int16_t *pcm = synth(1, "Tell me about the database.", &n);
	int16_t *low = NULL;
	size_t n_low = 0;
	struct iv_error err = {{0}};
	assert_int_equal(wav_resample(pcm, n, 16000, 22050, &low, &n_low, &err), 0);
	char *dir = ts_tmpdir();
	char path[512];
	snprintf(path, sizeof path, "%s/answer.wav", dir);
	assert_int_equal(wav_write(path, low, n_low, 22050, &err), 0);
	struct heard h;
	assert_int_equal(voice_hear_file(hearing, path, &h, &err), 0);
	assert_true(has_word(h.text, "database"));
	assert_true(h.audio_seconds > 1.0);
	heard_release(&h);
	assert_int_equal(voice_hear_file(hearing, "/nonexistent.wav", &h, &err), -1);
	assert_non_null(strstr(err.message, "/nonexistent.wav"));
	ts_rmdir(dir);
	free(dir);
	free(low);
	free(pcm);
}

static void test_missing_models_are_clear_errors(void **state)
{
	(void)state;
	struct stt_sphinx_params p = stt_sphinx_default_params();
	p.model_dir = "/nonexistent/pocketsphinx/model";
	struct iv_error err = {{0}};
	assert_null(stt_sphinx_new(&p, &err));
	assert_non_null(strstr(err.message, "/nonexistent/pocketsphinx/model"));
	assert_non_null(strstr(err.message, "pocketsphinx-en-us"));

	p = stt_sphinx_default_params();
	p.speech_dir = "/nonexistent/speech";
	assert_null(stt_sphinx_new(&p, &err));
	assert_non_null(strstr(err.message, "/nonexistent/speech"));
	assert_non_null(strstr(err.message, "make"));

	/* Through the front-end API, with the environment variable. */
	setenv("INTERVIEWER_SPHINX_MODEL_DIR", "/nonexistent/model", 1);
	assert_null(voice_hearing_new(IV_DATA_DIR, NULL, &err));
	unsetenv("INTERVIEWER_SPHINX_MODEL_DIR");
	assert_non_null(strstr(err.message, "install the Debian package pocketsphinx-en-us"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answers_are_recognized),
		cmocka_unit_test(test_recording_cut_close_to_the_words),
		cmocka_unit_test(test_silence_and_noise_give_no_words),
		cmocka_unit_test(test_garbled_speech_is_low_confidence),
		cmocka_unit_test(test_streaming_partial_and_voice_activity),
		cmocka_unit_test(test_hear_file_at_another_rate),
		cmocka_unit_test(test_missing_models_are_clear_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
