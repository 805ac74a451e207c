/*
 * test_voice_replay.c - going on after a hold: the interviewer goes back to
 * the last gap between its words before where it stopped (not
 * mid-syllable, not further than half a second), plays those frames again
 * and then the new ones; without a gap, a fixed step back; never before the
 * start of the turn or past what it remembers.  Bad parameters are refused.
 */
#include "test_support.h"

#include <stdlib.h>
#include <string.h>

#include "voice/replay.h"

#define FS 320

/* A frame: loud (a word) or quiet (a gap), tagged with its number. */
static void make_frame(int16_t *f, int number, int loud)
{
	for (int i = 0; i < FS; i++)
		f[i] = (int16_t)(loud ? (i % 2 ? 3000 : -3000) : 0);
	f[0] = (int16_t)number; /* which frame it is, read back below */
	f[1] = (int16_t)number;
}

static int number_of(const int16_t *f)
{
	return f[0];
}

/* Plays frames 0..n-1, quiet where quiet[k] is nonzero. */
static void play(struct replay *r, int from, int n, const int *quiet)
{
	int16_t f[FS];
	for (int k = from; k < n; k++) {
		make_frame(f, k, !(quiet && quiet[k]));
		replay_played(r, f);
	}
}

static void test_goes_back_to_the_last_gap(void **state)
{
	(void)state;
	struct replay *r = replay_new(NULL);
	assert_non_null(r);
	int quiet[40] = {0};
	quiet[10] = quiet[11] = 1; /* a gap between words */
	quiet[28] = 1;             /* one too close to where it stopped */
	play(r, 0, 30, quiet);
	assert_null(replay_next(r)); /* nothing to play again yet */
	/* Stopped after frame 29: frame 28 is within the 3 frames still queued
	 * for the speakers, so back to the gap at 11 (the last one). */
	assert_int_equal(replay_go_back(r), 19);
	const int16_t *f = replay_next(r);
	assert_non_null(f);
	assert_int_equal(number_of(f), 11);
	for (int k = 12; k < 30; k++)
		assert_int_equal(number_of(replay_next(r)), k);
	assert_null(replay_next(r));
	replay_free(r);
}

static void test_without_a_gap_goes_back_300_ms(void **state)
{
	(void)state;
	struct replay *r = replay_new(NULL);
	play(r, 0, 60, NULL);
	assert_int_equal(replay_go_back(r), 15);
	assert_int_equal(number_of(replay_next(r)), 45);
	replay_free(r);
}

static void test_never_before_the_turn_or_the_memory(void **state)
{
	(void)state;
	struct replay *r = replay_new(NULL);
	/* Five frames into the turn, no gap: back to its start only. */
	play(r, 0, 5, NULL);
	assert_int_equal(replay_go_back(r), 5);
	assert_int_equal(number_of(replay_next(r)), 0);
	/* A gap older than the 25 frames it looks back is not used. */
	replay_clear(r);
	assert_null(replay_next(r));
	int quiet[80] = {0};
	quiet[20] = 1;
	play(r, 0, 50, quiet);
	assert_int_equal(replay_go_back(r), 15);
	replay_free(r);
}

static void test_a_second_hold_goes_back_from_the_replay(void **state)
{
	(void)state;
	struct replay *r = replay_new(NULL);
	int quiet[60] = {0};
	quiet[20] = quiet[30] = 1;
	play(r, 0, 40, quiet);
	assert_int_equal(number_of((replay_go_back(r), replay_next(r))), 30);
	for (int k = 31; k < 35; k++)
		assert_int_equal(number_of(replay_next(r)), k);
	/* Held again having played up to 34 again: back from there, to the
	 * gap at 30 (5 frames back), not from the end of the turn. */
	assert_int_equal(replay_go_back(r), 5);
	assert_int_equal(number_of(replay_next(r)), 30);
	/* New frames come after the replay is done. */
	while (replay_next(r))
		;
	play(r, 40, 41, NULL);
	assert_null(replay_next(r));
	replay_free(r);
}

static void test_rejects_bad_params(void **state)
{
	(void)state;
	struct replay_params p = replay_default_params();
	p.frame_samples = 0;
	assert_null(replay_new(&p));
	p = replay_default_params();
	p.min_back = p.max_back + 1;
	assert_null(replay_new(&p));
	p = replay_default_params();
	p.max_back = p.max_frames + 1;
	assert_null(replay_new(&p));
	p = replay_default_params();
	p.max_frames = 0;
	assert_null(replay_new(&p));
	replay_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_goes_back_to_the_last_gap),
		cmocka_unit_test(test_without_a_gap_goes_back_300_ms),
		cmocka_unit_test(test_never_before_the_turn_or_the_memory),
		cmocka_unit_test(test_a_second_hold_goes_back_from_the_replay),
		cmocka_unit_test(test_rejects_bad_params),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
