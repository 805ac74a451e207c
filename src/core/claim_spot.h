/*
 * claim_spot.h - finding the rubric's wrong claims in one reply, so that
 * the interviewer can challenge a claim at once ("Are JWT payloads
 * encrypted, or just signed?").  The evaluator weighs the same claims in
 * the scorecard; this only says which were made.  Pure.
 */
#ifndef IV_CLAIM_SPOT_H
#define IV_CLAIM_SPOT_H

#include <stddef.h>

#include "lexicon.h"
#include "rubric.h"
#include "text.h"

/* Writes into found[] the indexes (rubric_claim_at) of the wrong claims the
 * reply makes, at most max; returns how many, or -1 when memory ran out.
 * tw is the reply as text_split() left it; topic is the rubric's view of
 * the question it answers, or NULL.  As in the scorecard, a claim counts
 * only on its subject (a question on its dimension, or a sentence naming a
 * concept of it) and not in a reply that also makes a point saying the
 * opposite (its contradicted_by). */
int claim_spot(const struct rubric *rb, const struct lexicon *lx, const struct text_words *tw,
	       const struct rubric_topic *topic, size_t *found, size_t max);

#endif
