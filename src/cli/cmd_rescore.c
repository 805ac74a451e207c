/*
 * cmd_rescore.c - `interviewer rescore ID`: judges a stored interview with
 * the current rubric and stores the scorecard with the rubric's version.
 * The same rubric version always stores the identical scorecard.  A part
 * the LLM judge contributed to the stored one is merged again by its rule.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "llm/llm_judge.h"
#include "scorecard_cli.h"
#include "scorecard_json.h"

static int run_rescore(const struct cli_options *o);

static const struct cli_option rescore_options[] = {
	{"--db", "PATH", NULL},
	{"--data-dir", "DIR", "where the rubric is (default: this build's data/)"},
	{0},
};

const struct command cmd_rescore_entry = {
	.name = "rescore",
	.summary = "judge a stored interview with the current rubric and store it",
	.args = "ID",
	.min_args = 1,
	.max_args = 1,
	.options = rescore_options,
	.run = run_rescore,
};

/* The version and verdict of the stored scorecard, for the message. */
static void describe_stored(struct store *st, const char *id, char *out, size_t cap)
{
	struct iv_error err;
	char *old = store_get_scorecard(st, id, &err);
	json_t *j = old ? json_loads(old, 0, NULL) : NULL;
	if (j)
		snprintf(out, cap, "was %s (%s)",
			 json_string_value(json_object_get(j, "recommendation"))
				 ? json_string_value(json_object_get(j, "recommendation"))
				 : "?",
			 json_string_value(json_object_get(j, "rubric_version"))
				 ? json_string_value(json_object_get(j, "rubric_version"))
				 : "no version");
	else
		snprintf(out, cap, "no scorecard before");
	json_decref(j);
	free(old);
}

static int run_rescore(const struct cli_options *o)
{
	struct iv_error err;
	struct content c;
	struct scorer *sc;
	if (scorecard_cli_setup(o, &c, &sc, &err)) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		return 1;
	}
	struct store *st = store_open(o->db, &err);
	struct transcript *tr = NULL;
	struct scorecard *card = st ? scorecard_cli_judge(st, sc, o->positional[0], &tr, &err) : NULL;
	int status = 1;
	if (card) {
		char before[160];
		describe_stored(st, tr->session_id, before, sizeof before);
		/* the LLM judge's part of the stored scorecard, merged again by
		 * its rule into the new one (the LLM is not asked again) */
		char *stored = store_get_scorecard(st, tr->session_id, &err);
		char *rule_based = scorecard_json_text(card, tr, 0);
		char *json = rule_based && stored ? llm_judge_reapply(tr, stored, rule_based) : NULL;
		if (json) {
			free(rule_based);
		} else {
			json = rule_based;
		}
		free(stored);
		if (!json)
			iv_error_set(&err, "out of memory");
		else if (store_set_scorecard(st, tr->session_id, json, scorer_rubric_version(sc),
					     &err) == 0) {
			printf("%s  %s  %s  (rubric %s; %s)\n", tr->session_id,
			       recommendation_id(card->recommendation), level_id(card->level),
			       scorer_rubric_version(sc), before);
			status = 0;
		}
		free(json);
	}
	if (status)
		fprintf(stderr, "interviewer: %s\n", err.message);
	scorecard_free(card);
	transcript_free(tr);
	store_close(st);
	scorer_free(sc);
	content_release(&c);
	return status;
}
