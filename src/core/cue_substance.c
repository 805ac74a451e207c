/*
 * cue_substance.c - the rubric's cues of a sentence mapped onto the kinds of
 * substance (see cue_substance.h).  First-hand means work the candidate did
 * or saw, not what one would do or has read; a reason counts when it is
 * about something named, not habit or popularity.
 */
#include "cue_substance.h"

#include <string.h>

#include "understand.h"

#define HAS(m, c) (((m) >> (c)) & 1u)

/* a sentence this long after a choice says something about it */
#define CHOICE_REASON_MIN_WORDS 6

void cue_substance_add(struct substance *s, cue_mask m, size_t n_concepts, size_t n_points,
		       size_t n_words)
{
	s->named_something |= n_concepts + n_points > 0;
	int named = s->named_something;
	int hollow_source = HAS(m, CUE_THEORY) || HAS(m, CUE_PERSONAL) || HAS(m, CUE_HYPOTHETICAL);
	int unsure = HAS(m, CUE_GAP) || HAS(m, CUE_DONT_KNOW);
	if (HAS(m, CUE_PRACTICE) && !hollow_source && !unsure)
		substance_mark(s, SUB_FIRSTHAND);
	if (HAS(m, CUE_MEASURE))
		substance_mark(s, SUB_SPECIFIC);
	int hollow_reason = HAS(m, CUE_CARGO_CULT) || HAS(m, CUE_VAGUE);
	if (HAS(m, CUE_REASONING) && named && !hollow_reason)
		substance_mark(s, SUB_REASON);
	/* a choice, then what about the situation made it: a reason */
	if (s->named_choice && !HAS(m, CUE_DECIDED) &&
	    (n_concepts + n_points > 0 || HAS(m, CUE_MEASURE) || HAS(m, CUE_REASONING) ||
	     n_words >= CHOICE_REASON_MIN_WORDS) &&
	    !hollow_reason && !unsure)
		substance_mark(s, SUB_REASON);
	s->named_choice = HAS(m, CUE_DECIDED) && !unsure && !HAS(m, CUE_HYPOTHETICAL);
	if (HAS(m, CUE_TRADEOFF) && !HAS(m, CUE_NO_TRADEOFF))
		substance_mark(s, SUB_WEIGHED);
	s->named_failure |= HAS(m, CUE_EDGE) && !unsure;
	/* what was done next, once a failure is named, is its fix */
	s->named_fix |= (HAS(m, CUE_MITIGATION) || (HAS(m, CUE_RESPONSE) && s->named_failure)) &&
			!unsure;
	if (s->named_failure && s->named_fix)
		substance_mark(s, SUB_FAILURE);
	if (HAS(m, CUE_LEARNING) || HAS(m, CUE_OWNERSHIP))
		substance_mark(s, SUB_OUTCOME);
	if (HAS(m, CUE_HYPOTHETICAL) && !HAS(m, CUE_PRACTICE))
		substance_mark_hollow(s, HOLLOW_HYPOTHETICAL);
	if (HAS(m, CUE_THEORY) || HAS(m, CUE_PERSONAL))
		substance_mark_hollow(s, HOLLOW_THEORY);
	if (unsure)
		substance_mark_hollow(s, HOLLOW_GAP);
	if (HAS(m, CUE_VAGUE) || HAS(m, CUE_CARGO_CULT) || HAS(m, CUE_DEFLECTION) ||
	    HAS(m, CUE_DISMISSAL))
		substance_mark_hollow(s, HOLLOW_VAGUE);
}

int cue_substance_of(const struct rubric *rb, const struct lexicon *lx, const char *text,
		     struct text_words *scratch, struct substance *out)
{
	memset(out, 0, sizeof *out);
	if (!text || text_split(text, scratch))
		return text ? -1 : 0;
	for (size_t s = 0; s < scratch->n_sentences; s++) {
		const struct text_sentence *se = &scratch->sentences[s];
		if (!se->n_words)
			continue;
		struct utterance_analysis ua;
		understand_words(lx, scratch->words + se->first_word, se->n_words, &ua);
		struct sentence_view v = {scratch->words + se->first_word, se->n_words, ua.concepts,
					  ua.n_concepts, ua.category_mask, ua.signals, se->terminator};
		cue_substance_add(out, rubric_match_cues(rb, &v), ua.n_concepts, 0, se->n_words);
	}
	return 0;
}
