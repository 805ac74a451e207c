/*
 * test_engine_acks.c - acknowledgements name only what the candidate chose
 * and gave a reason for, as what it mainly is: a product named in passing
 * ("we use Postgres for all of it") earns no praise for a database,
 * nor does an index (indexing first, database second), while the same
 * product chosen with a reason can; a wrong claim made again after its
 * challenge is named once and never met with a warm word; nor is a choice
 * from someone who says they have not done it.  The replies are written for
 * these tests, not taken from the candidate files.
 */
#include "test_support.h"

#include <stdio.h>
#include <string.h>

#include "interview.h"
#include "interview_internal.h"
#include "lexicon.h"
#include "playbook_internal.h"
#include "test_sim.h"

/* 1 when the turn says one of the acknowledgements that name Postgres or
 * the database category. */
static int praises_the_database(const struct sim *s)
{
	const struct playbook *pb = ts_content.playbook;
	const struct lexicon *lx = ts_content.lexicon;
	int pg = lexicon_find_concept(lx, "postgres"), db = lexicon_find_category(lx, "database");
	assert_true(pg >= 0 && db >= 0);
	for (size_t k = 0; k < pb->n_concept_acks; k++)
		if (pb->concept_acks[k].concept == pg && sim_says_one_of(s, &pb->concept_acks[k].lines))
			return 1;
	return sim_says_one_of(s, &pb->category_acks[db]);
}

/* The number of seeds (of 40) where the reply to the first question of
 * the experience phase (at_start: to the greeting) got a database
 * acknowledgement, or (any) any acknowledgement at all. */
static int seeds_acking(const char *reply, int at_start, int any)
{
	int n = 0;
	for (uint64_t seed = 1; seed <= 40; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Ravi");
		if (!at_start)
			sim_reach(&s, PHASE_EXPERIENCE);
		sim_say(&s, reply, 30);
		n += any ? sim_acts(&s, ACT_ACKNOWLEDGE) : praises_the_database(&s);
		interview_free(s.iv);
	}
	return n;
}

static int seeds_praising(const char *reply)
{
	return seeds_acking(reply, 0, 0);
}

static void test_no_praise_for_a_thing_named_in_passing(void **state)
{
	(void)state;
	/* the reason is about the index; Postgres is only what they run */
	assert_int_equal(seeds_praising("I run the booking API for a travel site, and we use Postgres "
					"for all of it. We added a composite index on city and date "
					"because the planner kept scanning the whole table, and the "
					"trade-off is slower writes, which we can afford."),
			 0);
}

static void test_praise_for_a_reasoned_choice(void **state)
{
	(void)state;
	/* the control: the same product, chosen with a reason, can be praised
	 * (else the test above could pass with no acknowledgement at all) */
	assert_true(seeds_praising("I run the booking API for a travel site. We chose Postgres "
				   "because bookings need real transactions and the joins across "
				   "trips and payments mattered more than a flexible schema, and "
				   "the trade-off was more modelling up front.") > 0);
}

/* Praise is for a choice the reply made: a reasoned description of how
 * things work, a list of options weighed with no pick, or a decision that
 * was someone else's earns none ("that's a solid approach" after "the
 * platform team decided that" read, blind, as not listening). */
static void test_no_praise_without_a_choice_of_their_own(void **state)
{
	(void)state;
	const char *chosen = "We went with a queue between the API and the mailer, because the "
			     "provider throttles us at peak, and the trade-off is that emails can "
			     "arrive a minute late, which support agreed was fine.";
	assert_true(seeds_acking(chosen, 0, 1) > 0); /* the control */
	assert_int_equal(seeds_acking("There is a queue between the API and the mailer, because the "
				      "provider throttles at peak, and the trade-off is that emails can "
				      "arrive a minute late, which support agreed was fine.",
				      0, 1),
			 0);
	assert_int_equal(seeds_acking("You could put a queue between the API and the mailer, or call the "
				      "provider directly, or batch the emails every minute; each has a "
				      "trade-off, because the provider throttles at peak.",
				      0, 1),
			 0);
	assert_int_equal(seeds_acking("The platform team decided to put a queue between the API and the "
				      "mailer, I wasn't involved, because the provider throttles at peak, "
				      "and the trade-off is that emails can arrive a minute late.",
				      0, 1),
			 0);
}

/* A self-introduction is background, not reasoning to praise, however
 * reasoned it sounds ("I can follow your thinking there" after "I'm a
 * backend engineer at ..." read as not listening), and nor is an answer its
 * speaker doubts in every clause. */
static void test_no_praise_for_an_introduction_or_a_guess(void **state)
{
	(void)state;
	const char *reasoned = "I run the booking API for a travel site. We chose Postgres because bookings need "
			       "real transactions and the joins across trips and payments mattered more than a "
			       "flexible schema, and the trade-off was more modelling up front.";
	assert_true(seeds_acking(reasoned, 0, 1) > 0); /* the control, in the experience phase */
	assert_int_equal(seeds_acking(reasoned, 1, 1), 0);
	assert_int_equal(seeds_acking("I think we chose Postgres, probably because bookings need real "
				      "transactions, I guess, and maybe the joins across trips and payments "
				      "mattered more than a flexible schema, and the trade-off was more "
				      "modelling up front.",
				      0, 1),
			 0);
}

static void test_no_praise_for_what_they_have_not_done(void **state)
{
	(void)state;
	/* the reasoned choice above, said by someone who has not done it */
	assert_int_equal(seeds_praising("I haven't built anything like this myself, honestly. I'd "
					"choose Postgres because bookings need real transactions and "
					"the joins across trips and payments mattered more than a "
					"flexible schema, and the trade-off was more modelling up front."),
			 0);
}

/* A risk waved away as too rare to matter ("rare enough that we haven't
 * really worried about it") is no reasoning to praise: read blind, "That's
 * a thoughtful answer." after it was nonsense. */
static void test_no_praise_for_a_risk_waved_away(void **state)
{
	(void)state;
	const char *reasoned = "We chose Postgres because bookings need real transactions and the joins "
			       "across trips and payments mattered more than a flexible schema, and the "
			       "trade-off was more modelling up front.";
	assert_true(seeds_acking(reasoned, 0, 1) > 0); /* the control */
	assert_int_equal(seeds_acking("We chose Postgres because bookings need real transactions and the "
				      "joins across trips and payments mattered more than a flexible schema. "
				      "A booking could be charged twice on a retry, but that's rare enough "
				      "that we haven't really worried about it.",
				      0, 1),
			 0);
}

/* An interview at seed whose last turn challenged a wrong claim (a fast
 * hash for passwords), in the experience phase. */
static void start_challenged(struct sim *s, uint64_t seed)
{
	sim_start(s, &ts_content, seed, "Sol");
	sim_reach(s, PHASE_EXPERIENCE);
	sim_say(s, "We store passwords with SHA-256 and a salt, that is plenty secure.", 10);
	assert_true(sim_acts(s, ACT_FOLLOW_UP)); /* the challenge */
}

/* A wrong claim made again after its challenge: the disagreement is named
 * once, and the answer gets no acknowledgement or warm word. */
static void test_a_claim_made_again_is_not_passed_over(void **state)
{
	(void)state;
	const struct playbook *pb = ts_content.playbook;
	const struct variants *stands = &pb->lines[LINE_CLAIM_STANDS];
	const struct variants *warm = &pb->lines[LINE_WRAP];
	for (uint64_t seed = 1; seed <= 6; seed++) {
		struct sim s;
		start_challenged(&s, seed);
		sim_say(&s, "Honestly SHA-256 with a salt is fine for passwords, it can't be reversed.", 10);
		if (!sim_says_one_of(&s, stands))
			fail_msg("seed %d: the restated claim passed over: %s", (int)seed, s.text);
		assert_false(sim_acts(&s, ACT_ACKNOWLEDGE));
		assert_false(sim_says_one_of(&s, warm));
		/* named once: the third time, no second note */
		sim_say(&s, "Like I said, SHA-256 with a salt is fine for storing passwords.", 10);
		assert_false(sim_says_one_of(&s, stands));
		interview_free(s.iv);
	}
}

/* Made again long after its challenge, "I see that point a bit
 * differently" names no point the candidate can place (read blind: nonsense
 * after several turns on other things): no note then. */
static void test_a_claim_made_again_much_later_gets_no_note(void **state)
{
	(void)state;
	const struct variants *stands = &ts_content.playbook->lines[LINE_CLAIM_STANDS];
	for (uint64_t seed = 1; seed <= 6; seed++) {
		struct sim s;
		start_challenged(&s, seed);
		sim_say(&s, "I'm not sure, I'd have to look into it.", 10);
		sim_say(&s, "We run Postgres behind the API, with a read replica for reports, and "
			    "the slow part was one unindexed query on orders by customer.", 20);
		sim_say(&s, "I added a composite index on customer and created date and the p95 "
			    "dropped from two seconds to ninety milliseconds.", 20);
		sim_say(&s, "Anyway, SHA-256 with a salt is fine for storing passwords.", 10);
		if (sim_says_one_of(&s, stands))
			fail_msg("seed %d: a note four turns on: %s", (int)seed, s.text);
		interview_free(s.iv);
	}
}

/* 1 when the turn after reply (at phase, on a fresh interview) says one of
 * the challenge lines. */
static int challenged(uint64_t seed, int phase, const char *reply, const struct variants *lines)
{
	struct sim s;
	sim_start(&s, &ts_content, seed, "Ines");
	sim_reach(&s, phase);
	sim_say(&s, reply, 12);
	int said = sim_says_one_of(&s, lines);
	interview_free(s.iv);
	return said;
}

/* A reply that makes a claim in words that also hold the right view
 * ("it's encrypted ... well, only signed really, anyone can read the
 * payload"), or beside a point that says the opposite, or that warns
 * against the wrong practice ("never rename a column in one step"), is not
 * challenged; the claim alone is. */
static void test_no_challenge_for_the_right_view(void **state)
{
	(void)state;
	const struct variants *jwt = playbook_challenge(ts_content.playbook, "jwt_encrypted");
	const struct variants *post = playbook_challenge(ts_content.playbook, "put_post_idempotency");
	assert_non_null(jwt);
	const struct variants *order = playbook_challenge(ts_content.playbook, "queue_global_ordering");
	const struct variants *alter = playbook_challenge(ts_content.playbook, "big_table_alter_safe");
	assert_non_null(post);
	assert_non_null(order);
	assert_non_null(alter);
	for (uint64_t seed = 1; seed <= 4; seed++) {
		if (!challenged(seed, PHASE_EXPERIENCE,
				"Our JWTs are encrypted with the server secret, so nobody can tamper with them.", jwt))
			fail_msg("seed %d: the claim was not challenged", (int)seed);
		if (challenged(seed, PHASE_EXPERIENCE,
			       "The token is encrypted with our secret key, so it's fine to put the user's email in "
			       "it. Well, it's only signed really, anyone can read the payload.",
			       jwt))
			fail_msg("seed %d: the right view about tokens was challenged", (int)seed);
		if (challenged(seed, PHASE_DESIGN,
			       "A POST is idempotent anyway, so the client can retry. We also send an idempotency "
			       "key and a unique constraint stops a double order.",
			       post))
			fail_msg("seed %d: the right view about retries was challenged", (int)seed);
		/* the scorecard's reading: a claim beside a point that says the
		 * opposite is no belief, and a practice warned against is no claim */
		if (!challenged(seed, PHASE_DESIGN,
				"We publish every change to Kafka and the broker keeps everything in strict order "
				"for us, even with several consumers pulling from the topic.",
				order))
			fail_msg("seed %d: the claim about order was not challenged", (int)seed);
		if (challenged(seed, PHASE_DESIGN,
			       "We publish every change to Kafka and the broker keeps everything in strict order "
			       "for us, even with several consumers pulling from the topic. Delivery is at least "
			       "once, so a consumer can see the same event twice and drops duplicates by the event id.",
			       order))
			fail_msg("seed %d: a claim the reply contradicts was challenged", (int)seed);
		if (challenged(seed, PHASE_DESIGN,
			       "Never rename a column in one step on a table that size, it locks it for minutes.",
			       alter))
			fail_msg("seed %d: a practice warned against was challenged", (int)seed);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_praise_for_a_thing_named_in_passing),
		cmocka_unit_test(test_praise_for_a_reasoned_choice),
		cmocka_unit_test(test_no_praise_without_a_choice_of_their_own),
		cmocka_unit_test(test_no_praise_for_what_they_have_not_done),
		cmocka_unit_test(test_no_praise_for_a_risk_waved_away),
		cmocka_unit_test(test_no_praise_for_an_introduction_or_a_guess),
		cmocka_unit_test(test_a_claim_made_again_is_not_passed_over),
		cmocka_unit_test(test_a_claim_made_again_much_later_gets_no_note),
		cmocka_unit_test(test_no_challenge_for_the_right_view),
	};
	return cmocka_run_group_tests(tests, ts_content_setup, ts_content_teardown);
}
