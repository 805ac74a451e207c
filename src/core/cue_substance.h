/*
 * cue_substance.h - what an answer shows (substance.h), read with the
 * rubric's cues: the same reading the evaluator gives every sentence.  The
 * engine uses it to choose the deep-dive branch, the evaluator to judge the
 * depth of each answer, so both weigh an answer alike.
 */
#ifndef IV_CUE_SUBSTANCE_H
#define IV_CUE_SUBSTANCE_H

#include <stddef.h>

#include "rubric.h"
#include "substance.h"
#include "text.h"

/* Adds what one sentence with these cues shows to the answer's record;
 * n_concepts and n_points are what it names of the lexicon and the rubric. */
void cue_substance_add(struct substance *s, cue_mask cues, size_t n_concepts, size_t n_points,
		       size_t n_words);

/* The record of a whole answer: every sentence read as the evaluator reads
 * it.  scratch is reused across calls (release with text_words_release()).
 * Returns 0, or -1 when memory ran out. */
int cue_substance_of(const struct rubric *rb, const struct lexicon *lx, const char *text,
		     struct text_words *scratch, struct substance *out);

#endif
