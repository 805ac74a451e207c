/*
 * test_voice_warp_search.c - choosing the speaker's warp by climbing to the
 * best-scoring point of a grid: it finds a peak above, below or at the
 * start, stops at the grid's ends, scores each warp once and only a few,
 * keeps the best found when scoring fails, and refuses a bad grid.
 */
#include "test_support.h"

#include <math.h>
#include <string.h>

#include "voice/warp_search.h"

static const struct warp_grid grid = {0.9, 1.4, 0.1};

/* A likelihood with one peak; records the warps it was asked for. */
struct peak {
	double at;
	int fail_after; /* 0: never */
	int n_calls;
	double called[64];
};

static int score_peak(double warp, double *score, void *user)
{
	struct peak *p = user;
	if (p->fail_after && p->n_calls >= p->fail_after)
		return -1;
	p->called[p->n_calls++] = warp;
	*score = -(warp - p->at) * (warp - p->at);
	return 0;
}

static double search(struct peak *p, double start, int *n_scored, int expect_rc)
{
	struct iv_error err = {{0}};
	double best = -1;
	assert_int_equal(warp_search(&grid, start, score_peak, p, &best, n_scored, &err),
			 expect_rc);
	if (expect_rc != 0)
		assert_true(strlen(err.message) > 0);
	return best;
}

static void assert_each_scored_once(const struct peak *p)
{
	for (int i = 0; i < p->n_calls; i++)
		for (int j = i + 1; j < p->n_calls; j++)
			assert_true(fabs(p->called[i] - p->called[j]) > 1e-6);
}

static void test_climbs_up_to_a_peak_above(void **state)
{
	(void)state;
	struct peak p = {.at = 1.27};
	int n = 0;
	double best = search(&p, 1.0, &n, 0);
	assert_true(fabs(best - 1.3) < 1e-9);
	/* 1.0 and both neighbours, then 1.2, 1.3 and 1.4 (which is worse). */
	assert_int_equal(n, 6);
	assert_int_equal(p.n_calls, n);
	assert_each_scored_once(&p);
}

static void test_climbs_down_and_stops_at_the_grid(void **state)
{
	(void)state;
	struct peak p = {.at = 0.5}; /* below the grid: its lowest point wins */
	int n = 0;
	double best = search(&p, 1.2, &n, 0);
	assert_true(fabs(best - 0.9) < 1e-9);
	for (int i = 0; i < p.n_calls; i++)
		assert_true(p.called[i] > 0.9 - 1e-9 && p.called[i] < 1.4 + 1e-9);
	assert_each_scored_once(&p);

	struct peak q = {.at = 3.0}; /* above: the highest */
	best = search(&q, 1.0, &n, 0);
	assert_true(fabs(best - 1.4) < 1e-9);
	assert_each_scored_once(&q);
}

static void test_a_start_at_the_peak_costs_three(void **state)
{
	(void)state;
	struct peak p = {.at = 1.1};
	int n = 0;
	assert_true(fabs(search(&p, 1.1, &n, 0) - 1.1) < 1e-9);
	assert_int_equal(n, 3);
	/* At an end of the grid there is one neighbour. */
	struct peak q = {.at = 0.9};
	assert_true(fabs(search(&q, 0.9, &n, 0) - 0.9) < 1e-9);
	assert_int_equal(n, 2);
}

static void test_start_off_the_grid_is_clamped(void **state)
{
	(void)state;
	struct peak p = {.at = 1.0};
	int n = 0;
	assert_true(fabs(search(&p, 7.5, &n, 0) - 1.0) < 1e-9);
	assert_true(fabs(p.called[0] - 1.4) < 1e-9);
	struct peak q = {.at = 1.0};
	assert_true(fabs(search(&q, NAN, &n, 0) - 1.0) < 1e-9);
	assert_true(fabs(q.called[0] - 0.9) < 1e-9);
}

static void test_failure_keeps_the_best_found(void **state)
{
	(void)state;
	struct peak p = {.at = 1.4, .fail_after = 3};
	int n = 0;
	/* 1.0, 1.1, 0.9 scored; the climb to 1.2 fails: 1.1 is the best known. */
	double best = search(&p, 1.0, &n, -1);
	assert_true(fabs(best - 1.1) < 1e-9);
	assert_int_equal(n, 3);

	struct peak r = {.at = 1.0, .fail_after = 1, .n_calls = 1}; /* the first call fails */
	best = search(&r, 1.2, &n, -1);
	assert_true(fabs(best - 1.2) < 1e-9); /* nothing scored: the start */
	assert_int_equal(n, 0);
}

static void test_bad_grid_is_refused(void **state)
{
	(void)state;
	const struct warp_grid bad[] = {
		{0.9, 1.4, 0.0}, {0.9, 1.4, -0.1}, {1.4, 0.9, 0.1}, {0.1, 100.0, 0.01}, {NAN, 1.4, 0.1},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct peak p = {.at = 1.0};
		struct iv_error err = {{0}};
		double best = 0;
		assert_int_equal(warp_search(&bad[i], 1.0, score_peak, &p, &best, NULL, &err), -1);
		assert_true(strlen(err.message) > 0);
		assert_int_equal(p.n_calls, 0);
		assert_true(best == 1.0);
	}
	struct iv_error err = {{0}};
	double best = 0;
	assert_int_equal(warp_search(&grid, 1.0, NULL, NULL, &best, NULL, &err), -1);
	assert_non_null(strstr(err.message, "scoring"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_climbs_up_to_a_peak_above),
		cmocka_unit_test(test_climbs_down_and_stops_at_the_grid),
		cmocka_unit_test(test_a_start_at_the_peak_costs_three),
		cmocka_unit_test(test_start_off_the_grid_is_clamped),
		cmocka_unit_test(test_failure_keeps_the_best_found),
		cmocka_unit_test(test_bad_grid_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
