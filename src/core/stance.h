/*
 * stance.h - what a candidate said about a concept they named: that they
 * chose or use it, ruled it out, only mentioned it as someone else's
 * alternative, met it as a problem, skip it, or do not know it.
 *
 * The interviewer asks "why X?" only about an X the candidate chose, "what
 * made you rule it out?" about one they rejected, and never praises what
 * they skip.  The cue phrases are data (data/signals.yaml, stance:); this
 * file only reads them in the clause around the concept.  Pure.
 */
#ifndef IV_STANCE_H
#define IV_STANCE_H

#include <stddef.h>

#include "lexicon.h"
#include "text.h"

enum stance {
	STANCE_MENTION,     /* named, nothing more said about it */
	STANCE_USES,        /* chose it, uses it, would use it */
	STANCE_REJECTED,    /* ruled it out, moved away from it, does not use it */
	STANCE_ALTERNATIVE, /* only as an option someone might suggest or they weighed */
	STANCE_FACED,       /* a problem they met ("we had a deadlock") */
	STANCE_SKIPS,       /* a practice they do not do ("almost no validation") */
	STANCE_UNKNOWN,     /* they do not know it or never used it */
	STANCE_INHERITED,   /* they use it, but someone before them chose it */
	STANCE_COUNT
};

const char *stance_name(enum stance s);

/* The stance toward the concept hit in words[0..n_words) (a whole reply or a
 * sentence, split by text_split), read from the cue phrases of its clause. */
enum stance stance_of_hit(const struct lexicon *lx, const struct text_word *words, size_t n_words,
			  const struct concept_hit *hit);

/* 1 when the stance lets the interviewer name the concept back as the
 * candidate's own ("You mentioned Redis..."): they use it, inherited it or
 * met it. */
int stance_is_own(enum stance s);

#endif
