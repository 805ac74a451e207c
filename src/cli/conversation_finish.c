/*
 * conversation_finish.c - what happens when an interview ends: the session
 * is marked ended, and the scorecard is made from the transcript and stored
 * with the rubric version it was made with.
 */
#include <stdlib.h>

#include "conversation.h"
#include "llm/llm_judge.h"
#include "scoring.h"

char *conversation_finish_scored(struct live *lv, struct scorer *sc, struct iv_error *err)
{
	iv_error_clear(err);
	if (live_finish(lv, err))
		return NULL;
	char *json = scorer_scorecard_json(sc, lv->tr, err);
	if (json && lv->judge) {
		/* the LLM's proposals, merged by the stated rule; on any fault the
		 * rule-based scorecard with the reason */
		char *merged = llm_judge_merge(lv->judge, lv->tr, json);
		if (merged) {
			free(json);
			json = merged;
		}
	}
	if (json && store_set_scorecard(lv->store, lv->session_id, json, scorer_rubric_version(sc), err)) {
		free(json);
		json = NULL;
	}
	return json;
}

char *conversation_finish(struct live *lv, struct iv_error *err)
{
	iv_error_clear(err);
	struct scorer *sc = scorer_new(lv->content->data_dir, lv->content->lexicon, err);
	if (!sc) {
		live_finish(lv, err);
		return NULL;
	}
	char *json = conversation_finish_scored(lv, sc, err);
	scorer_free(sc);
	return json;
}
