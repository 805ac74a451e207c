/*
 * test_claims.c - how the rubric hears wrong claims said by people who never
 * saw its patterns.  tests/claims/ holds a catalogue written blind (60
 * misconceptions backend candidates voice, 10 sentences that make each one
 * and 4 correct near misses), split at random into a development half and a
 * held-out half.  On the development half the right claim must be heard in
 * nine sentences of ten and a near miss flagged at most once in twenty; the
 * held-out half, and a second held-out set by another blind author
 * (heldout_b.json: the same claims said again, 6 sentences and 3 near
 * misses each), are only measured and printed.  A claim heard is a claim the
 * interviewer challenges at once and the scorecard counts.
 */
#include "test_support.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "claim_spot.h"
#include "rubric.h"




/* 1 when text makes the claim id (or one of also, a JSON array), -1 when it
 * makes none, 0 when it makes another. */
static int heard(const char *text, const char *id, const json_t *also)
{
	struct text_words tw = {0};
	assert_int_equal(text_split(text, &tw), 0);
	size_t found[16];
	int n = claim_spot(ts_rubric, ts_content.lexicon, &tw, found, 16);
	text_words_release(&tw);
	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		const char *got = rubric_claim_at(ts_rubric, found[i])->id;
		if (!strcmp(got, id))
			return 1;
		size_t k;
		json_t *a;
		json_array_foreach(also, k, a)
			if (!strcmp(got, json_string_value(a)))
				return 1;
	}
	return n ? 0 : -1;
}

struct rates {
	size_t says, right, near, flagged;
};

static void measure(const char *file, struct rates *r, int verbose)
{
	json_error_t je;
	json_t *root = json_load_file(file, 0, &je);
	if (!root)
		fail_msg("%s: %s", file, je.text);
	memset(r, 0, sizeof *r);
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(root, "entries"), i, e) {
		const char *id = json_string_value(json_object_get(e, "rubric_id"));
		assert_non_null(id);
		/* every claim of the catalogue is one the rubric knows */
		size_t q = 0;
		while (q < rubric_claim_count(ts_rubric) && strcmp(rubric_claim_at(ts_rubric, q)->id, id))
			q++;
		if (q == rubric_claim_count(ts_rubric))
			fail_msg("%s: '%s' is no wrong claim of the rubric", file, id);
		const json_t *also = json_object_get(e, "also_accept");
		size_t k;
		json_t *s;
		json_array_foreach(json_object_get(e, "says"), k, s) {
			r->says++;
			int h = heard(json_string_value(s), id, also);
			r->right += h == 1;
			if (h != 1 && verbose)
				printf("  miss  %-32s %s\n", id, json_string_value(s));
		}
		json_array_foreach(json_object_get(e, "near_miss"), k, s) {
			r->near++;
			int h = heard(json_string_value(s), id, also);
			r->flagged += h != -1;
			if (h != -1 && verbose)
				printf("  false %-32s %s\n", id, json_string_value(s));
		}
	}
	json_decref(root);
}

static void test_claims_heard_blind(void **state)
{
	(void)state;
	struct rates dev, held, held_b;
	const char *verbose = getenv("IV_CLAIMS_MISSES");
	measure(IV_DATA_DIR "/../tests/claims/dev.json", &dev, verbose != NULL);
	measure(IV_DATA_DIR "/../tests/claims/heldout.json", &held, 0);
	measure(IV_DATA_DIR "/../tests/claims/heldout_b.json", &held_b, 0);
	printf("%-10s %18s %22s\n", "half", "claims heard", "near misses flagged");
	printf("%-10s %7zu/%zu (%3.0f%%) %12zu/%zu (%2.0f%%)\n", "dev", dev.right, dev.says,
	       100.0 * dev.right / dev.says, dev.flagged, dev.near, 100.0 * dev.flagged / dev.near);
	printf("%-10s %7zu/%zu (%3.0f%%) %12zu/%zu (%2.0f%%)\n", "held out", held.right, held.says,
	       100.0 * held.right / held.says, held.flagged, held.near,
	       100.0 * held.flagged / held.near);
	printf("%-10s %7zu/%zu (%3.0f%%) %12zu/%zu (%2.0f%%)\n", "held out B", held_b.right,
	       held_b.says, 100.0 * held_b.right / held_b.says, held_b.flagged, held_b.near,
	       100.0 * held_b.flagged / held_b.near);
	assert_true(dev.says >= 300 && held.says >= 300 && held_b.says >= 300);
	assert_true(dev.right * 10 >= dev.says * 9);
	assert_true(dev.flagged * 20 <= dev.near);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_claims_heard_blind),
	};
	return cmocka_run_group_tests(tests, ts_content_rubric_setup, ts_content_teardown);
}
