/*
 * scoring.h - the scorecard as the front ends use it: a scorer holds the
 * rubric (data/rubric.yaml) and the lexicon, and turns a stored or finished
 * interview into the scorecard of contract section 3, as a struct for the
 * report writers or as the JSON text for the `end` event and the store.
 *
 * This is the adapter around the pure evaluator (src/core/evaluate.h): it
 * reads the rubric file; it never prints, prompts or exits.
 */
#ifndef IV_SCORING_H
#define IV_SCORING_H

#include "evaluate.h"
#include "iv_error.h"
#include "lexicon.h"
#include "transcript.h"

struct scorer;

/* Loads data_dir/rubric.yaml, checked against lx (borrowed: it must outlive
 * the scorer; may be NULL).  NULL with err ("file:line: what") on failure. */
struct scorer *scorer_new(const char *data_dir, const struct lexicon *lx, struct iv_error *err);
void scorer_free(struct scorer *sc);

const char *scorer_rubric_version(const struct scorer *sc);
const struct rubric *scorer_rubric(const struct scorer *sc);

/* The scorecard of a transcript (caller frees with scorecard_free()), or NULL
 * with err when the transcript cannot be judged. */
struct scorecard *scorer_evaluate(struct scorer *sc, const struct transcript *tr,
				  struct iv_error *err);

/* malloc'd compact JSON text of the scorecard object (contract section 3), or NULL with err. */
char *scorer_scorecard_json(struct scorer *sc, const struct transcript *tr, struct iv_error *err);

#endif
