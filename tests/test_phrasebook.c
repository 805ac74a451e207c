/*
 * test_phrasebook.c - how the evaluator hears sentences written by people
 * who never saw its cue lists.  tests/phrases/ holds a phrasebook written
 * blind (15 kinds of sentence, 40 of each, many speaking styles), split at
 * random into a development half and a held-out half.  Each kind has a rule
 * over the cues the rubric hears (an admitted gap must be heard as a gap, a
 * hypothetical must not be heard as first-hand work, ...).  The development
 * half must meet the rates below; the held-out half is only measured and
 * printed, so that the figures on it stay honest.
 */
#include "test_support.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rubric.h"
#include "understand.h"




#define C(x) ((cue_mask)1 << (x))

/* The cues of every sentence of text, together; *security_points counts the
 * rubric's security points the text covers. */
static cue_mask cues_of(const char *text, int *security_points)
{
	*security_points = 0;
	struct text_words tw = {0};
	assert_int_equal(text_split(text, &tw), 0);
	cue_mask m = 0;
	for (size_t s = 0; s < tw.n_sentences; s++) {
		const struct text_sentence *se = &tw.sentences[s];
		if (!se->n_words)
			continue;
		struct utterance_analysis ua;
		understand_words(ts_content.lexicon, tw.words + se->first_word, se->n_words, &ua);
		struct sentence_view v = {tw.words + se->first_word, se->n_words, ua.concepts,
					  ua.n_concepts, ua.category_mask, ua.signals, se->terminator};
		m |= rubric_match_cues(ts_rubric, &v);
		for (size_t p = 0; p < rubric_point_count(ts_rubric); p++)
			*security_points += rubric_point_at(ts_rubric, p)->dimension == DIM_SECURITY &&
					    rubric_point_matches(ts_rubric, p, &v);
	}
	text_words_release(&tw);
	return m;
}

static int firsthand(cue_mask m)
{
	return (m & C(CUE_PRACTICE)) && !(m & (C(CUE_THEORY) | C(CUE_PERSONAL) | C(CUE_HYPOTHETICAL)));
}

static int gap(cue_mask m)
{
	return (m & (C(CUE_GAP) | C(CUE_DONT_KNOW))) != 0;
}

/* What each kind of sentence must be heard as. */
static int heard_right(const char *kind, cue_mask m, int security_points)
{
	if (!strcmp(kind, "firsthand_specific"))
		return firsthand(m) && (m & C(CUE_MEASURE));
	if (!strcmp(kind, "firsthand_vague"))
		return !(m & C(CUE_MEASURE)) && !gap(m);
	if (!strcmp(kind, "hypothetical"))
		return !firsthand(m);
	if (!strcmp(kind, "admits_gap"))
		return gap(m);
	if (!strcmp(kind, "not_a_gap"))
		return !gap(m);
	if (!strcmp(kind, "reason_given"))
		return (m & C(CUE_REASONING)) != 0;
	/* a reason is credited only when one is given; habit and popularity are not */
	if (!strcmp(kind, "no_reason"))
		return !(m & C(CUE_REASONING)) || (m & (C(CUE_CARGO_CULT) | C(CUE_VAGUE)));
	if (!strcmp(kind, "tradeoff_weighed"))
		return (m & C(CUE_TRADEOFF)) && !(m & C(CUE_NO_TRADEOFF));
	/* no trade-off is credited where none was weighed */
	if (!strcmp(kind, "no_tradeoff"))
		return !(m & C(CUE_TRADEOFF)) || (m & C(CUE_NO_TRADEOFF));
	if (!strcmp(kind, "scope_feature"))
		return (m & C(CUE_SCOPE_FEATURE)) &&
		       !(m & (C(CUE_SCOPE_SYSTEM) | C(CUE_SCOPE_ORG)));
	if (!strcmp(kind, "scope_service"))
		return (m & (C(CUE_SCOPE_SERVICE) | C(CUE_SCOPE_SYSTEM))) && !(m & C(CUE_SCOPE_ORG)) &&
		       !(m & C(CUE_SCOPE_FEATURE));
	if (!strcmp(kind, "scope_system"))
		return (m & (C(CUE_SCOPE_SYSTEM) | C(CUE_SCOPE_ORG))) && !(m & C(CUE_SCOPE_FEATURE));
	if (!strcmp(kind, "scope_org"))
		return (m & C(CUE_SCOPE_ORG)) != 0;
	/* no security point is credited for a vague mention */
	if (!strcmp(kind, "security_specific"))
		return security_points > 0;
	if (!strcmp(kind, "security_vague"))
		return security_points == 0 || (m & (C(CUE_VAGUE) | C(CUE_DEFLECTION)));
	return -1; /* a kind without a rule: not scored */
}

/* The share heard right of every kind in file; misses printed when verbose. */
static void measure(const char *file, int verbose, double *rates, const char **kinds, size_t *n)
{
	json_error_t je;
	json_t *root = json_load_file(file, 0, &je);
	if (!root)
		fail_msg("%s: %s", file, je.text);
	const char *kind;
	json_t *list;
	*n = 0;
	json_object_foreach(root, kind, list) {
		size_t i, right = 0, total = 0;
		json_t *item;
		json_array_foreach(list, i, item) {
			int points;
			cue_mask m = cues_of(json_string_value(item), &points);
			int r = heard_right(kind, m, points);
			if (r < 0)
				break;
			total++;
			right += r;
			if (!r && verbose)
				printf("  miss %-18s %s\n", kind, json_string_value(item));
		}
		if (!total)
			continue;
		kinds[*n] = strdup(kind);
		rates[(*n)++] = (double)right / total;
	}
	json_decref(root);
}

/* The least share each kind must reach on the development half. */
static double floor_of(const char *kind)
{
	if (!strcmp(kind, "not_a_gap") || !strcmp(kind, "hypothetical") ||
	    !strcmp(kind, "firsthand_vague"))
		return 0.85; /* errors of commission: a false gap or false experience */
	return 0.7;
}

static void test_phrasebook(void **state)
{
	(void)state;
	double dev[32], held[32];
	const char *dk[32], *hk[32];
	size_t nd, nh;
	const char *verbose = getenv("IV_PHRASEBOOK_MISSES");
	measure(IV_DATA_DIR "/../tests/phrases/dev.json", verbose != NULL, dev, dk, &nd);
	measure(IV_DATA_DIR "/../tests/phrases/heldout.json", 0, held, hk, &nh);
	assert_int_equal(nd, nh);
	printf("%-20s %8s %9s\n", "kind", "dev", "held out");
	double sd = 0, sh = 0;
	int failed = 0;
	for (size_t i = 0; i < nd; i++) {
		assert_string_equal(dk[i], hk[i]);
		printf("%-20s %7.0f%% %8.0f%%\n", dk[i], 100 * dev[i], 100 * held[i]);
		sd += dev[i];
		sh += held[i];
		if (dev[i] < floor_of(dk[i])) {
			printf("  below %.0f%% on the development half\n", 100 * floor_of(dk[i]));
			failed = 1;
		}
	}
	printf("%-20s %7.0f%% %8.0f%%\n", "mean", 100 * sd / nd, 100 * sh / nd);
	for (size_t i = 0; i < nd; i++) {
		free((char *)dk[i]);
		free((char *)hk[i]);
	}
	assert_false(failed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phrasebook),
	};
	return cmocka_run_group_tests(tests, ts_content_rubric_setup, ts_content_teardown);
}
