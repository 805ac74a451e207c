/*
 * test_voice_duplex.c - turn-taking over audio fed in blocks, with no
 * device, socket or clock (src/voice/duplex.c, what the room runs): an
 * answer after the interviewer's words is heard whole; an answer started
 * while the words still play is a barge-in and is heard whole too; quiet
 * alone ends no turn; an idle duplex hears nothing; words whose end the
 * caller tells (the terminal plays them itself) are listened over until
 * then; a turn can be ended when the input runs out; a 2.5 s pause after
 * words that cannot end a sentence does not end the turn; words queued
 * after words still playing (a first sentence said early, then the rest)
 * are listened over until they end.  The answers are
 * spoken at test time by a Flite voice other than the interviewer's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "voice/duplex.h"
#include "voice/voice.h"
#include "voice/wav.h"

static struct voice_hearing *hearing;
static struct wav_audio answer, half1, half2;
static char *tmp;

static int setup(void **state)
{
	struct iv_error err;
	hearing = voice_hearing_new(IV_DATA_DIR, NULL, &err);
	assert_non_null(hearing);
	tmp = ts_tmpdir();
	char *path = ts_path(tmp, "answer.wav");
	struct voice_speaking *vs = voice_speaking_new(IV_DATA_DIR, "awb", 160, &err);
	assert_non_null(vs);
	assert_int_equal(voice_speak_to_file(vs, "We kept the queue bounded and watched the oldest message age closely.",
					     path, NULL, NULL, &err), 0);
	assert_int_equal(wav_read_16k_mono(path, &answer, &err), 0);
	assert_int_equal(voice_speak_to_file(vs, "For the rate limiter I would keep a token bucket per user in",
					     path, NULL, NULL, &err), 0);
	assert_int_equal(wav_read_16k_mono(path, &half1, &err), 0);
	assert_int_equal(voice_speak_to_file(vs, "Redis, and return a clear error with a retry after header.",
					     path, NULL, NULL, &err), 0);
	assert_int_equal(wav_read_16k_mono(path, &half2, &err), 0);
	wav_trim_quiet(&half1, 300);
	wav_trim_quiet(&half2, 300);
	voice_speaking_free(vs);
	free(path);
	return 0;
}

static int teardown(void **state)
{
	voice_hearing_free(hearing);
	wav_audio_release(&answer);
	wav_audio_release(&half1);
	wav_audio_release(&half2);
	ts_rmdir(tmp);
	free(tmp);
	return 0;
}

/* Feeds n samples (NULL: quiet) in 20 ms blocks; returns the blocks where a
 * barge-in was said and fills *turn when the turn ended. */
static int feed(struct duplex *d, const int16_t *pcm, size_t n, struct duplex_result *turn)
{
	static const int16_t quiet[320];
	int barged = 0;
	struct iv_error err;
	for (size_t o = 0; o < n; o += 320) {
		size_t k = n - o < 320 ? n - o : 320;
		struct duplex_result r;
		assert_int_equal(duplex_feed(d, pcm ? pcm + o : quiet, k, &r, &err), 0);
		barged += r.barged;
		if (r.turn_ended && turn && !turn->turn_ended)
			*turn = r;
		else
			duplex_result_release(&r);
	}
	return barged;
}

/* Most of the answer's words were heard (a word or two misheard is the
 * recognizer's business, not turn-taking's). */
static int heard_the_answer(const char *text)
{
	static const char *const words[] = {"kept", "queue", "bounded", "watched", "oldest", "message", "age", "closely"};
	int n = 0;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		n += strstr(text, words[i]) != NULL;
	return n >= 5;
}

static void test_answer_after_the_words(void **state)
{
	struct iv_error err;
	struct duplex *d = duplex_new(hearing, &err);
	assert_non_null(d);
	assert_int_equal(duplex_speaking(d, 3 * 16000, &err), 0);
	struct duplex_result turn = {0};
	assert_int_equal(feed(d, NULL, 3 * 16000 + 4000, &turn), 0); /* the words play out */
	assert_int_equal(turn.turn_ended, 0);
	assert_int_equal(feed(d, answer.samples, answer.n_samples, &turn), 0);
	feed(d, NULL, 4 * 16000, &turn);
	assert_true(turn.turn_ended);
	if (!heard_the_answer(turn.text))
		fail_msg("heard: %s", turn.text);
	assert_true(turn.confidence > 0 && turn.confidence <= 1);
	/* the turn's audio is kept: the answer and the quiet that ended it */
	assert_true(turn.n_audio >= answer.n_samples / 2);
	assert_true(turn.seconds > (double)answer.n_samples / 16000 / 2);
	duplex_result_release(&turn);
	duplex_free(d);
}

static void test_answer_over_the_words(void **state)
{
	struct iv_error err;
	struct duplex *d = duplex_new(hearing, &err);
	assert_int_equal(duplex_speaking(d, 10 * 16000, &err), 0);
	struct duplex_result turn = {0};
	feed(d, NULL, 8000, &turn);
	int barged = feed(d, answer.samples, answer.n_samples, &turn);
	feed(d, NULL, 4 * 16000, &turn);
	assert_int_equal(barged, 1);
	assert_true(turn.turn_ended);
	if (!heard_the_answer(turn.text))
		fail_msg("heard: %s", turn.text);
	duplex_result_release(&turn);
	duplex_free(d);
}

/* The rest of a turn whose first sentence went out early plays after it,
 * or after the time the rest took to come when that is later: talking
 * before its end is talking over the words; after it, an answer. */
static void test_words_queued_after_words(void **state)
{
	struct iv_error err;
	for (int gap = 0; gap <= 1; gap++) {
		struct duplex *d = duplex_new(hearing, &err);
		assert_non_null(d);
		assert_int_equal(duplex_speaking(d, 2 * 16000, &err), 0);
		/* the rest came 3 s after the first words (gap) or at once */
		assert_int_equal(duplex_speaking_more(d, gap ? 3 * 16000 : 0, 2 * 16000, &err), 0);
		struct duplex_result turn = {0};
		feed(d, NULL, gap ? 4 * 16000 : 4 * 16000 + 8000, &turn);
		int barged = feed(d, answer.samples, answer.n_samples, &turn);
		feed(d, NULL, 4 * 16000, &turn);
		/* 4 s in, the rest still plays only when it started at 3 s */
		assert_int_equal(barged, gap);
		assert_true(turn.turn_ended);
		if (!heard_the_answer(turn.text))
			fail_msg("heard: %s", turn.text);
		duplex_result_release(&turn);
		duplex_free(d);
	}
}

static void test_quiet_ends_no_turn_and_idle_hears_nothing(void **state)
{
	struct iv_error err;
	struct duplex *d = duplex_new(hearing, &err);
	struct duplex_result turn = {0};
	assert_int_equal(duplex_listen(d, &err), 0);
	feed(d, NULL, 3 * 16000, &turn);
	assert_int_equal(turn.turn_ended, 0);
	duplex_idle(d);
	assert_int_equal(feed(d, answer.samples, answer.n_samples, &turn), 0);
	feed(d, NULL, 4 * 16000, &turn);
	assert_int_equal(turn.turn_ended, 0);
	duplex_free(d);
}

static void test_words_the_caller_ends(void **state)
{
	struct iv_error err;
	struct duplex *d = duplex_new(hearing, &err);
	struct duplex_result turn = {0};
	assert_int_equal(duplex_speaking(d, DUPLEX_UNTIL_LISTEN, &err), 0);
	feed(d, NULL, 5 * 16000, &turn); /* however long: the words still play */
	assert_false(duplex_listening(d));
	assert_string_equal(duplex_partial(d), "");
	assert_int_equal(duplex_words_over(d, &err), 0);
	assert_true(duplex_listening(d));
	feed(d, answer.samples, answer.n_samples, &turn);
	assert_true(duplex_speech_ms(d) > 1000);
	feed(d, NULL, 4 * 16000, &turn);
	assert_true(turn.turn_ended);
	if (!heard_the_answer(turn.text))
		fail_msg("heard: %s", turn.text);
	assert_string_equal(turn.engine, "pocketsphinx");
	assert_null(turn.fallback_reason);
	duplex_result_release(&turn);
	duplex_free(d);
}

static void test_the_input_runs_out(void **state)
{
	struct iv_error err;
	struct duplex *d = duplex_new(hearing, &err);
	struct duplex_result turn = {0};
	/* nothing to end before a turn is heard */
	assert_int_equal(duplex_end_turn(d, &turn, &err), -1);
	assert_non_null(strstr(err.message, "no turn"));
	assert_int_equal(duplex_listen(d, &err), 0);
	feed(d, answer.samples, answer.n_samples, &turn);
	assert_false(turn.turn_ended); /* no silence after it yet */
	assert_int_equal(duplex_end_turn(d, &turn, &err), 0);
	assert_true(turn.turn_ended);
	if (!heard_the_answer(turn.text))
		fail_msg("heard: %s", turn.text);
	assert_false(duplex_listening(d));
	duplex_result_release(&turn);
	duplex_free(d);
}

static void test_a_pause_inside_a_sentence(void **state)
{
	struct iv_error err;
	struct duplex *d = duplex_new(hearing, &err);
	struct duplex_result turn = {0};
	assert_int_equal(duplex_listen(d, &err), 0);
	feed(d, half1.samples, half1.n_samples, &turn);
	feed(d, NULL, 16000 * 5 / 2, &turn); /* 2.5 s after "... per user in" */
	assert_false(turn.turn_ended);
	feed(d, half2.samples, half2.n_samples, &turn);
	feed(d, NULL, 4 * 16000, &turn);
	assert_true(turn.turn_ended);
	/* one turn, both halves in it */
	if (!strstr(turn.text, "bucket") || !strstr(turn.text, "header"))
		fail_msg("heard: %s", turn.text);
	duplex_result_release(&turn);
	duplex_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answer_after_the_words),
		cmocka_unit_test(test_answer_over_the_words),
		cmocka_unit_test(test_quiet_ends_no_turn_and_idle_hears_nothing),
		cmocka_unit_test(test_words_the_caller_ends),
		cmocka_unit_test(test_the_input_runs_out),
		cmocka_unit_test(test_a_pause_inside_a_sentence),
		cmocka_unit_test(test_words_queued_after_words),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
