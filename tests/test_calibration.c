/*
 * test_calibration.c - the calibration run as a test: every candidate of
 * the shared development set goes through the engine with the contract's
 * driver (three seeds) and its scorecard is compared with the panel's
 * labels.  Recommendation, level, every dimension range and the red flags
 * must agree fully; indicators must be precise, and recall at least 90%:
 * an indicator can only be found when the engine asks the question on which
 * the candidate shows it (see the table printed on failure).
 */
#include "test_support.h"

#include <stdio.h>
#include <string.h>

#include "calibration.h"
#include "scoring.h"

static void test_agreement_with_panel(void **state)
{
	(void)state;
	struct content c;
	ts_load_content(&c);
	struct iv_error err;
	struct scorer *sc = scorer_new(IV_DATA_DIR, c.lexicon, &err);
	if (!sc)
		fail_msg("%s", err.message);
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/candidates", ts_shared_dir());
	uint64_t seeds[] = {1, 2, 3};
	struct calibration cal;
	if (calibration_run(&c, sc, dir, seeds, 3, &cal, &err))
		fail_msg("%s", err.message);
	calibration_print(stdout, &cal);
	assert_true(cal.n_rows >= 6 * 3);
	int itp = 0, ifp = 0, ifn = 0;
	for (size_t i = 0; i < cal.n_rows; i++) {
		const struct calibration_row *r = &cal.rows[i];
		if (!r->recommendation_ok || !r->level_ok || r->dims_ok != r->dims_total ||
		    r->rf_fp || r->rf_fn)
			fail_msg("%s seed %llu disagrees: %s %s %s", r->candidate,
				 (unsigned long long)r->seed, r->recommendation, r->level, r->misses);
		itp += r->ind_tp;
		ifp += r->ind_fp;
		ifn += r->ind_fn;
	}
	assert_int_equal(ifp, 0);
	assert_true(itp * 10 >= (itp + ifn) * 9);
	calibration_release(&cal);
	scorer_free(sc);
	content_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agreement_with_panel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
