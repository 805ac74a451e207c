/*
 * test_cue_substance.c - what an answer shows when it is told the way terse
 * and understated engineers tell it: a failure in one sentence and its fix
 * in the next, a decision told and its reason in the sentence after, a
 * count of the things a system is made of, work told without its "I".  And
 * what must not be read into it: the next step of a plan is no reason, a
 * fix with no failure is no failure handled, habit is no reason.  Every
 * sentence here was written for this test.
 */
#include "test_support.h"

#include <string.h>

#include "cue_substance.h"
#include "rubric.h"
#include "understand.h"

static struct substance substance_of(const char *text)
{
	struct text_words scratch = {0};
	struct substance sub;
	assert_int_equal(cue_substance_of(ts_rubric, ts_content.lexicon, text, &scratch, &sub), 0);
	text_words_release(&scratch);
	return sub;
}

/* The cues of the first sentence of text. */
static cue_mask cues_of(const char *text)
{
	struct text_words tw = {0};
	assert_int_equal(text_split(text, &tw), 0);
	assert_true(tw.n_sentences >= 1);
	struct utterance_analysis ua;
	understand_words(ts_content.lexicon, tw.words, tw.sentences[0].n_words, &ua);
	struct sentence_view v = {tw.words, tw.sentences[0].n_words, ua.concepts, ua.n_concepts,
				  ua.category_mask, ua.signals, tw.sentences[0].terminator};
	cue_mask m = rubric_match_cues(ts_rubric, &v);
	text_words_release(&tw);
	return m;
}

#define HAS(m, c) ((((m) >> (c)) & 1u) != 0)

static void test_a_failure_and_its_fix_in_two_sentences(void **state)
{
	(void)state;
	assert_true(substance_of("Errors were connection timeouts to Postgres. Rolled back, killed "
				 "the idle sessions.")
			    .shows[SUB_FAILURE]);
	/* what was done next, once something broke, is its fix */
	assert_true(substance_of("The nightly export crashed on a malformed row. After that we "
				 "checked every file before loading it.")
			    .shows[SUB_FAILURE]);
	/* a failure told with nothing done about it, or a change with nothing
	 * that broke, is not a failure handled */
	assert_false(substance_of("Errors were connection timeouts to Postgres. It was a long week.")
			     .shows[SUB_FAILURE]);
	assert_false(substance_of("After that we checked every file before loading it.")
			     .shows[SUB_FAILURE]);
	/* nor is a fix named beside an admitted gap */
	assert_false(substance_of("I've never had a timeout myself. I don't know what the "
				  "fallback would be.")
			     .shows[SUB_FAILURE]);
}

static void test_a_decision_told_and_its_reason_after_it(void **state)
{
	(void)state;
	assert_true(substance_of("Went with RabbitMQ. Needed per-consumer routing, and the team "
				 "already knew it.")
			    .shows[SUB_REASON]);
	assert_true(substance_of("We kept the monolith. Four engineers and one deploy pipeline "
				 "between them.")
			    .shows[SUB_REASON]);
	/* the next step of a plan is not the reason for the one before */
	assert_false(substance_of("I'd use a token bucket in Redis keyed per API key. Over the "
				  "limit return 429 with Retry-After.")
			     .shows[SUB_REASON]);
	/* habit and popularity are no reasons, after a decision or not */
	assert_false(substance_of("We went with MongoDB. It's what everyone uses.")
			     .shows[SUB_REASON]);
	/* a decision alone gives no reason */
	assert_false(substance_of("We went with MongoDB.").shows[SUB_REASON]);
}

static void test_counts_of_what_a_system_is_made_of_are_specifics(void **state)
{
	(void)state;
	assert_true(HAS(cues_of("We split it into fourteen services for six teams."), CUE_MEASURE));
	assert_true(HAS(cues_of("Nine shards across two regions."), CUE_MEASURE));
	/* a count of nothing measurable is not a specific */
	assert_false(HAS(cues_of("There are two ways to think about it."), CUE_MEASURE));
}

static void test_work_told_without_its_subject(void **state)
{
	(void)state;
	cue_mask m = cues_of("Owned the notifications service, design, code and pager.");
	assert_true(HAS(m, CUE_SELF));
	assert_true(HAS(m, CUE_SCOPE_SERVICE));
	assert_true(HAS(cues_of("Rolled back the deploy and drained the queue."), CUE_PRACTICE));
	/* a sentence that starts with a noun is not work told */
	assert_false(HAS(cues_of("Indexes help with reads."), CUE_SELF));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_failure_and_its_fix_in_two_sentences),
		cmocka_unit_test(test_a_decision_told_and_its_reason_after_it),
		cmocka_unit_test(test_counts_of_what_a_system_is_made_of_are_specifics),
		cmocka_unit_test(test_work_told_without_its_subject),
	};
	return cmocka_run_group_tests(tests, ts_content_rubric_setup, ts_content_teardown);
}
