/*
 * evaluate_fixture.h - building small transcripts for the evaluator tests
 * and judging them with the shipped rubric and lexicon.  Header-only so that
 * each tests/test_evaluate_*.c program includes its own copy.  The answers
 * in the tests are written for them; none comes from the candidate files.
 */
#ifndef IV_EVALUATE_FIXTURE_H
#define IV_EVALUATE_FIXTURE_H

#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evaluate.h"
#include "interview.h"
#include "scorecard_json.h"
#include "scoring.h"

/* fx_turn tables leave confidence out (1.0) */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define A(x) (1u << ACT_##x)

struct fx_turn {
	const char *topic;
	uint32_t acts;
	const char *reply;
	double confidence; /* 0 means 1.0 */
};

static struct content fx_content;
static struct scorer *fx_scorer;

static inline int fx_setup(void **state)
{
	(void)state;
	ts_load_content(&fx_content);
	struct iv_error err;
	fx_scorer = scorer_new(IV_DATA_DIR, fx_content.lexicon, &err);
	if (!fx_scorer)
		fprintf(stderr, "%s\n", err.message);
	return fx_scorer ? 0 : -1;
}

static inline int fx_teardown(void **state)
{
	(void)state;
	scorer_free(fx_scorer);
	content_release(&fx_content);
	return 0;
}

static inline const char *fx_phase(const char *topic)
{
	if (!strncmp(topic, "opening", 7))
		return "opening";
	if (!strncmp(topic, "experience", 10))
		return "experience";
	if (!strncmp(topic, "closing", 7))
		return "closing";
	if (!strncmp(topic, "deep", 4) || !strncmp(topic, "problem", 7) ||
	    !strncmp(topic, "fundamentals", 12))
		return "deep_dive";
	return "design";
}

static inline struct transcript *fx_transcript(const struct fx_turn *turns, size_t n)
{
	struct transcript *tr = transcript_new();
	transcript_set_string(&tr->session_id, "0123456789abcdef0123456789abcdef");
	transcript_set_string(&tr->candidate_name, "Test Candidate");
	transcript_set_string(&tr->playbook_version, "pb-test");
	transcript_set_string(&tr->status, "ended");
	tr->created_unix = 1790000000;
	double t = 0;
	for (size_t i = 0; i < n; i++) {
		assert_non_null(transcript_add_turn(tr, (int)i + 1, fx_phase(turns[i].topic),
						    turns[i].topic, turns[i].acts, t,
						    "What would you do here?"));
		t += 5;
		if (turns[i].reply) {
			double secs = (double)text_count_words(turns[i].reply) / 2.5;
			t += secs;
			assert_int_equal(transcript_set_reply(tr, turns[i].reply, t, secs,
							      turns[i].confidence > 0
								      ? turns[i].confidence
								      : 1.0),
					 0);
		}
	}
	tr->ended_t = t;
	return tr;
}

static inline struct scorecard *fx_judge(const struct fx_turn *turns, size_t n)
{
	struct transcript *tr = fx_transcript(turns, n);
	struct iv_error err;
	struct scorecard *sc = scorer_evaluate(fx_scorer, tr, &err);
	if (!sc)
		fail_msg("%s", err.message);
	transcript_free(tr);
	return sc;
}

#define FX_JUDGE(arr) fx_judge(arr, sizeof arr / sizeof arr[0])

static inline int fx_any_against(const struct evidence_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].against)
			return 1;
	return 0;
}

#endif
