/*
 * llm_judge.h - LLM-assisted evaluation (--llm-judge): the LLM reads the
 * transcript (the candidate's words delimited as data) and proposes
 * dimension scores and red flags, each with quotes.  Only quotes that are
 * the candidate's verbatim words in the cited turn count.  The rule-based
 * scorecard stays in charge, by this rule:
 *
 *   - a dimension the LLM scored with at least one verified quote, two or
 *     more points from the rule-based score, moves ONE point toward the
 *     LLM's score; a difference of one is recorded, not applied;
 *   - red flags the LLM proposes with a verified quote are reported beside
 *     the scorecard's, never added to them;
 *   - the recommendation and the level stay the rule-based ones.
 *
 * The merged scorecard carries "llm_judge": what the LLM proposed, what it
 * changed, where the two disagreed, the quotes refused.  Any failure leaves
 * the rule-based scorecard as it was, with "llm_judge": {"used": false,
 * "reason": ...}.
 */
#ifndef IV_LLM_JUDGE_H
#define IV_LLM_JUDGE_H

#include "iv_error.h"
#include "lexicon.h"
#include "llm/llm_wording.h"
#include "transcript.h"

struct llm_judge;

/* cfg's URL, model and key; the budget is INTERVIEWER_LLM_JUDGE_MS (default
 * 60000: a whole transcript is read, and nobody waits on it mid-sentence). */
struct llm_judge *llm_judge_new(const struct llm_wording_config *cfg,
				const struct text_source *llm_yaml, struct iv_error *err);
void llm_judge_free(struct llm_judge *j);

/* The scorecard (JSON text) merged with the LLM's proposals, malloc'd;
 * NULL only when memory ran out. */
char *llm_judge_merge(struct llm_judge *j, const struct transcript *tr, const char *scorecard_json);

/* A scorecard judged anew (`rescore`) with the LLM's proposal stored in the
 * earlier scorecard (stored_json's "llm_judge") merged again by the same
 * rule, its quotes checked against the transcript again: the LLM is not
 * asked twice, and its part is not lost.  A stored "used": false section
 * is kept as it was; none, none added.  Malloc'd; NULL only when memory
 * ran out. */
char *llm_judge_reapply(const struct transcript *tr, const char *stored_json,
			const char *scorecard_json);

#endif
