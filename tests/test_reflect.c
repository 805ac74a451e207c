/*
 * test_reflect.c - a terse point said back in the second person: pronouns
 * turned, names and numbers kept as said, commas kept, and nothing said
 * back for a question, an unsure answer, a long sentence or a sentence
 * whose verb would change with the pronoun.
 */
#include "test_support.h"

#include <string.h>

#include "reflect.h"




static const char *said_back(const char *text, int unsure)
{
	static char out[256];
	struct text_words tw = {0};
	assert_int_equal(text_split(text, &tw), 0);
	reflect_reply(ts_content.lexicon, text, &tw, 14, unsure, out, sizeof out);
	text_words_release(&tw);
	return out;
}

static void test_pronouns_turn_and_words_stay(void **state)
{
	(void)state;
	assert_string_equal(said_back("I put a default retry policy into our service template.", 0),
			    "So, you put a default retry policy into your service template.");
	assert_string_equal(said_back("Kafka for events, SQS for jobs.", 0),
			    "So, Kafka for events, SQS for jobs.");
	assert_string_equal(said_back("The p99 was 800 ms before the index. Then it dropped.", 0),
			    "So, the p99 was 800 ms before the index.");
	/* an ordinary word that opened the sentence loses its capital; a name keeps it */
	assert_string_equal(said_back("Direct upload to object storage with a presigned URL.", 0),
			    "So, direct upload to object storage with a presigned URL.");
	assert_string_equal(said_back("Postgres for orders, with one read replica.", 0),
			    "So, Postgres for orders, with one read replica.");
	assert_string_equal(said_back("PgBouncer in transaction mode in front.", 0),
			    "So, PgBouncer in transaction mode in front.");
	/* a contraction turns only with its apostrophe: "user ID" is no "I'd" */
	assert_string_equal(said_back("Logs keyed by user ID and request time.", 0),
			    "So, logs keyed by user ID and request time.");
	assert_string_equal(said_back("I'd shard by tenant.", 0), "So, you'd shard by tenant.");
}

static void test_nothing_said_back_when_it_would_not_fit(void **state)
{
	(void)state;
	assert_string_equal(said_back("Would a queue work here?", 0), "");
	assert_string_equal(said_back("Token bucket per key.", 1), "");
	assert_string_equal(said_back("Ok.", 0), "");
	assert_string_equal(said_back("We're running it on three nodes in two regions.", 0), "");
	/* a sentence that leans on the one before ("or ...", "because ...") */
	assert_string_equal(said_back("Or batch the writes once an hour into the warehouse.", 0), "");
	assert_string_equal(said_back("Because the vendor only supports polling.", 0), "");
	/* an attitude said back sounds like mockery; the same point without it is fine */
	assert_string_equal(said_back("I honestly put the ledger in Postgres.", 0), "");
	assert_string_equal(said_back("Obviously Postgres for the ledger.", 0), "");
	assert_string_equal(said_back("I put the ledger in Postgres.", 0), "So, you put the ledger in Postgres.");
	assert_string_equal(
		said_back("We moved the ledger to Postgres with a composite index on account and "
			  "time because the balance endpoint was slow for the biggest customers.",
			  0),
		"");
	char small[8];
	struct text_words tw = {0};
	assert_int_equal(text_split("Kafka for events, SQS for jobs.", &tw), 0);
	assert_int_equal(reflect_reply(ts_content.lexicon, "Kafka for events, SQS for jobs.", &tw, 14, 0, small, sizeof small), 0);
	assert_string_equal(small, "");
	text_words_release(&tw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pronouns_turn_and_words_stay),
		cmocka_unit_test(test_nothing_said_back_when_it_would_not_fit),
	};
	return cmocka_run_group_tests(tests, ts_content_setup, ts_content_teardown);
}
