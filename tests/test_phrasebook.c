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
#include "cue_substance.h"




#define C(x) ((cue_mask)1 << (x))

/* The cues of every sentence of text, together; *security_points counts the
 * rubric's security points the text covers. */
static cue_mask cues_of(const char *text, int *security_points, struct substance *sub)
{
	struct text_words scratch = {0};
	assert_int_equal(cue_substance_of(ts_rubric, ts_content.lexicon, text, &scratch, sub), 0);
	text_words_release(&scratch);
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
static int heard_right(const char *kind, cue_mask m, int security_points,
		       const struct substance *sub)
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
	/* reasons and failures handled as the evaluator reads an answer
	 * (cue_substance.h): a reason may follow its choice in the next
	 * sentence, a fix its failure */
	if (!strcmp(kind, "reason_given"))
		return sub->shows[SUB_REASON];
	/* a reason is credited only when one is given; habit and popularity are not */
	if (!strcmp(kind, "no_reason"))
		return !sub->shows[SUB_REASON];
	if (!strcmp(kind, "tradeoff_weighed"))
		return (m & C(CUE_TRADEOFF)) && !(m & C(CUE_NO_TRADEOFF));
	/* a failure mode and what was (or would be) done about it, in one
	 * sentence or two */
	if (!strcmp(kind, "failure_handled"))
		return sub->shows[SUB_FAILURE];
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
			struct substance sub;
			cue_mask m = cues_of(json_string_value(item), &points, &sub);
			int r = heard_right(kind, m, points, &sub);
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

/* The phrasebooks, each measured on its own: the first written blind in
 * 2026-12 (15 kinds), the second by two more blind authors in styles the
 * first lacked (terse and telegraphic, transcribed speech, understated,
 * non-native, storytelling, hedging; a 16th kind, a failure handled),
 * checked by a panel of two (an entry either rejected is left out) and
 * split at random into halves.  The development halves must meet the
 * floors; the held-out halves are only printed. */
static const struct {
	const char *file, *name;
	int dev;
} books[] = {
	{IV_DATA_DIR "/../tests/phrases/dev.json", "dev", 1},
	{IV_DATA_DIR "/../tests/phrases/heldout.json", "held out", 0},
	{IV_DATA_DIR "/../tests/phrases/dev_b.json", "dev b", 1},
	{IV_DATA_DIR "/../tests/phrases/heldout_b.json", "held out b", 0},
};
#define N_BOOKS (sizeof books / sizeof books[0])

static void test_phrasebook(void **state)
{
	(void)state;
	double rates[N_BOOKS][32];
	const char *kinds[N_BOOKS][32];
	size_t n[N_BOOKS];
	const char *verbose = getenv("IV_PHRASEBOOK_MISSES");
	for (size_t b = 0; b < N_BOOKS; b++)
		measure(books[b].file, verbose != NULL && books[b].dev, rates[b], kinds[b], &n[b]);
	/* every kind of every book, in the order first met */
	const char *all[64];
	size_t n_all = 0;
	for (size_t b = 0; b < N_BOOKS; b++)
		for (size_t i = 0; i < n[b]; i++) {
			size_t k = 0;
			while (k < n_all && strcmp(all[k], kinds[b][i]) != 0)
				k++;
			if (k == n_all && n_all < 64)
				all[n_all++] = kinds[b][i];
		}
	printf("%-20s", "kind");
	for (size_t b = 0; b < N_BOOKS; b++)
		printf(" %10s", books[b].name);
	printf("\n");
	double sum[N_BOOKS] = {0};
	int failed = 0;
	for (size_t k = 0; k < n_all; k++) {
		printf("%-20s", all[k]);
		for (size_t b = 0; b < N_BOOKS; b++) {
			size_t i = 0;
			while (i < n[b] && strcmp(kinds[b][i], all[k]) != 0)
				i++;
			if (i == n[b]) {
				printf(" %10s", "-");
				continue;
			}
			printf(" %9.0f%%", 100 * rates[b][i]);
			sum[b] += rates[b][i];
			if (books[b].dev && rates[b][i] < floor_of(all[k])) {
				printf(" (below %.0f%%)", 100 * floor_of(all[k]));
				failed = 1;
			}
		}
		printf("\n");
	}
	printf("%-20s", "mean");
	for (size_t b = 0; b < N_BOOKS; b++)
		printf(" %9.0f%%", n[b] ? 100 * sum[b] / n[b] : 0);
	printf("\n");
	for (size_t b = 0; b < N_BOOKS; b++) {
		assert_true(n[b] >= 15);
		for (size_t i = 0; i < n[b]; i++)
			free((char *)kinds[b][i]);
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
