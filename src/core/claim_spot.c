/*
 * claim_spot.c - the rubric's wrong claims in one reply (see claim_spot.h).
 * Every sentence becomes a sentence_view with its concepts and signals, as
 * the evaluator builds them, and every claim is tried on every sentence.
 */
#include "claim_spot.h"

#include <stdlib.h>

#include "understand.h"

static int negated(const struct rubric *rb, const struct sentence_view *v)
{
	return (rubric_match_cues(rb, v) >> CUE_NEGATION) & 1u;
}

int claim_spot(const struct rubric *rb, const struct lexicon *lx, const struct text_words *tw,
	       const struct rubric_topic *topic, size_t *found, size_t max)
{
	size_t n = tw->n_sentences;
	if (!rb || !n)
		return 0;
	struct sentence_view *views = calloc(n, sizeof *views);
	struct utterance_analysis *ua = calloc(n, sizeof *ua);
	if (!views || !ua) {
		free(views);
		free(ua);
		return -1;
	}
	for (size_t s = 0; s < n; s++) {
		const struct text_sentence *se = &tw->sentences[s];
		struct sentence_view *v = &views[s];
		v->words = tw->words + se->first_word;
		v->n_words = se->n_words;
		v->terminator = se->terminator;
		understand_words(lx, v->words, v->n_words, &ua[s]);
		v->concepts = ua[s].concepts;
		v->n_concepts = ua[s].n_concepts;
		v->category_mask = ua[s].category_mask;
		v->signals = ua[s].signals;
	}
	size_t count = 0;
	for (size_t q = 0; q < rubric_claim_count(rb) && count < max; q++) {
		const struct rubric_claim *cl = rubric_claim_at(rb, q);
		int made = 0;
		for (size_t s = 0; s < n && !made; s++)
			made = views[s].n_words &&
			       rubric_claim_in_subject(rb, q, topic ? topic->informs : 0, &views[s]) &&
			       rubric_claim_matches(rb, q, &views[s], views, n);
		for (size_t k = 0; made && k < cl->n_contradicted_by; k++)
			for (size_t s = 0; made && s < n; s++)
				if (views[s].n_words && !negated(rb, &views[s]) &&
				    rubric_point_matches(rb, cl->contradicted_by[k], &views[s]))
					made = 0;
		if (made)
			found[count++] = q;
	}
	free(views);
	free(ua);
	return (int)count;
}
