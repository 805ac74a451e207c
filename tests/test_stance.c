/*
 * test_stance.c - what a candidate said about a concept: chose it, ruled it
 * out, named it as someone else's option, met it as a problem, skips it or
 * does not know it; and the kind of thing each concept is.  The sentences
 * are written for these tests and appear in no candidate file.
 */
#include "test_support.h"

#include <string.h>

#include "understand.h"

static struct content content;
static struct text_words scratch;

static int setup(void **state)
{
	(void)state;
	ts_load_content(&content);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	text_words_release(&scratch);
	content_release(&content);
	return 0;
}

/* The stance toward concept_id in text, or -1 when it was not heard. */
static int stance(const char *text, const char *concept_id)
{
	struct utterance_analysis ua;
	assert_int_equal(understand_utterance(content.lexicon, text, &scratch, &ua), 0);
	for (int i = 0; i < ua.n_concepts; i++)
		if (!strcmp(lexicon_concept_id(content.lexicon, ua.concepts[i]), concept_id))
			return ua.stance[i];
	return -1;
}

static void test_chose(void **state)
{
	(void)state;
	assert_int_equal(stance("For the sessions we went with Redis and it has been fine.", "redis"),
			 STANCE_USES);
	assert_int_equal(stance("I'd put a token bucket at the gateway.", "token_bucket"), STANCE_USES);
	assert_int_equal(stance("Our billing service runs on Postgres.", "postgres"), STANCE_USES);
	/* a first person who only thinks or knows something chose nothing */
	assert_int_equal(stance("I think the gateway does a leaky bucket, not sure.", "leaky_bucket"),
			 STANCE_MENTION);
	assert_int_equal(stance("The ones I know of are a leaky bucket and a sliding log.", "leaky_bucket"),
			 STANCE_MENTION);
	assert_int_equal(stance("I think we use Memcached for the sessions.", "memcached"), STANCE_USES);
	/* a condition is no choice: "if I'm on GCP" */
	assert_int_equal(stance("If I'm on GCP and it's mostly batch work, I'd pick Pub/Sub.", "gcp"),
			 STANCE_MENTION);
}

static void test_rejected(void **state)
{
	(void)state;
	assert_int_equal(stance("We picked SQS rather than Kafka for the invoices.", "kafka"),
			 STANCE_REJECTED);
	assert_int_equal(stance("We picked SQS rather than Kafka for the invoices.", "sqs"), STANCE_USES);
	assert_int_equal(stance("Honestly we don't use Kafka at all here.", "kafka"), STANCE_REJECTED);
	assert_int_equal(stance("Caching felt like it would cause confusion for the support staff.",
				"caching"),
			 STANCE_REJECTED);
	assert_int_equal(stance("A service mesh would be overkill for four services.", "service_mesh"),
			 STANCE_REJECTED);
	assert_int_equal(stance("Last year we moved away from MongoDB for the ledger.", "mongodb"),
			 STANCE_REJECTED);
	/* a verdict that the thing would not solve it: "would only hide", "was painful" */
	assert_int_equal(stance("Putting memcached in front would only hide the slow join.", "memcached"),
			 STANCE_REJECTED);
	assert_int_equal(stance("Operating Cassandra ourselves was painful for a team of three.",
				"cassandra"),
			 STANCE_REJECTED);
	assert_int_equal(stance("Memcached helps a lot with the catalogue reads.", "memcached"),
			 STANCE_MENTION);
	/* a product left behind, whatever was said of it first; the one moved to is used */
	assert_int_equal(stance("I ran Cassandra for years. We migrated from Cassandra to Postgres in "
				"the spring.",
				"cassandra"),
			 STANCE_REJECTED);
	assert_int_equal(stance("We switched from MongoDB to Postgres in the spring.", "postgres"),
			 STANCE_USES);
	/* a comparison inside one sentence: the one it was chosen over */
	assert_int_equal(stance("We picked a sliding window and I'd take it over a token bucket any day.",
				"token_bucket"),
			 STANCE_REJECTED);
	assert_int_equal(stance("The leaky bucket has the problem that a burst waits behind the queue.",
				"leaky_bucket"),
			 STANCE_REJECTED);
	assert_int_equal(stance("Years ago I looked after a Cassandra ring and I don't miss it.",
				"cassandra"),
			 STANCE_REJECTED);
	/* an action spared is no thing ruled out: the workers still deliver */
	assert_true(stance("If an endpoint keeps failing we pause it instead of spending workers on it.",
			   "background_jobs") != STANCE_REJECTED);
	assert_true(stance("We cache it in Redis rather than hitting Postgres on every request.",
			   "postgres") != STANCE_REJECTED);
	assert_int_equal(stance("We cache it in Redis rather than Postgres.", "postgres"), STANCE_REJECTED);
}

/* said in a clause of its own, pointing back: "that was there before I
 * joined", "but I haven't configured it myself" */
static void test_across_clauses(void **state)
{
	(void)state;
	assert_int_equal(stance("The search runs on Elasticsearch, which was already in place when I joined.",
				"elasticsearch"),
			 STANCE_INHERITED);
	assert_int_equal(stance("Our queue is RabbitMQ. Honestly that predates me by a few years.",
				"rabbitmq"),
			 STANCE_INHERITED);
	assert_int_equal(stance("I know Envoy can do retries for us, but I haven't configured it myself.",
				"reverse_proxy"),
			 STANCE_UNKNOWN);
	/* nothing pointing back: still theirs */
	assert_int_equal(stance("We run Envoy in front of every service and I wrote its config.",
				"reverse_proxy"),
			 STANCE_USES);
	/* replaced, not yet done, only suggested by someone else */
	assert_int_equal(stance("Before that we had a leaky bucket, and the bursts hurt us.", "leaky_bucket"),
			 STANCE_REJECTED);
	assert_int_equal(stance("We haven't got to HMAC signatures on the payloads yet.", "hmac"), STANCE_SKIPS);
	assert_int_equal(stance("A colleague suggested HMAC, and someone suggested mutual TLS too.", "mtls"),
			 STANCE_ALTERNATIVE);
	/* where they would reach for it, then that they never ran it: not theirs */
	assert_int_equal(stance("I'd pick RabbitMQ when routing gets complicated. That said, I have "
				"never run RabbitMQ in production myself.",
				"rabbitmq"),
			 STANCE_UNKNOWN);
	/* kept because it was there: no choice to ask "why?" about or to praise */
	assert_int_equal(stance("We use Sidekiq on Redis because we're a Rails shop and it's what we had.",
				"sidekiq"),
			 STANCE_INHERITED);
	assert_true(stance_is_own(STANCE_INHERITED));
	/* named, then its flaw opening the next sentence: criticised, not chosen */
	assert_int_equal(stance("The easiest version is one counter per caller per minute, which I "
				"believe is a fixed window. The problem with that is a caller can "
				"send twice the limit around the minute boundary.",
				"fixed_window"),
			 STANCE_REJECTED);
	assert_int_equal(stance("Fixed window has problem at boundary of minute, caller gets double.",
				"fixed_window"),
			 STANCE_REJECTED);
	/* a part of a design and what it takes to get right: still theirs */
	assert_int_equal(stance("A fixed window counter in Redis. The tricky bit is making the "
				"increment and the expiry atomic.",
				"fixed_window"),
			 STANCE_MENTION);
}

static void test_alternative(void **state)
{
	(void)state;
	assert_int_equal(stance("Someone might suggest DynamoDB here, but we stayed on Postgres.",
				"dynamodb"),
			 STANCE_ALTERNATIVE);
	assert_int_equal(stance("Someone might suggest DynamoDB here, but we stayed on Postgres.",
				"postgres"),
			 STANCE_USES);
	assert_int_equal(stance("We considered RabbitMQ, however the team knew SQS.", "rabbitmq"),
			 STANCE_ALTERNATIVE);
	/* what they would do in hindsight is not what they chose */
	assert_int_equal(stance("With hindsight I'd have kept Postgres for the audit log too.", "postgres"),
			 STANCE_ALTERNATIVE);
}

static void test_problem_faced_or_not(void **state)
{
	(void)state;
	assert_int_equal(stance("We had a nasty deadlock between two workers.", "deadlock"),
			 STANCE_FACED);
	assert_int_equal(stance("We never had a deadlock in that code.", "deadlock"), STANCE_MENTION);
}

static void test_skipped_practice(void **state)
{
	(void)state;
	assert_int_equal(stance("To be honest we do almost no input validation at the edge.",
				"input_validation"),
			 STANCE_SKIPS);
	/* a negation of where, not of whether: they do code reviews */
	assert_true(stance("We found it not in code review, we found it from metrics.", "code_review") !=
		    STANCE_SKIPS);
	assert_int_equal(stance("Honestly we don't do code review on that repo.", "code_review"),
			 STANCE_SKIPS);
}

static void test_unknown(void **state)
{
	(void)state;
	assert_int_equal(stance("I've never used Cassandra, so I can't say.", "cassandra"),
			 STANCE_UNKNOWN);
	/* a practice named, then "never done it" in the next sentence */
	assert_int_equal(stance("What I'd like to get better at is threat modeling. Honestly I've never "
				"done it in a structured way.",
				"threat_modeling"),
			 STANCE_UNKNOWN);
	assert_int_equal(stance("We do threat modeling in every design review.", "threat_modeling"),
			 STANCE_USES);
}

static void test_kinds(void **state)
{
	(void)state;
	const struct lexicon *lx = content.lexicon;
	assert_int_equal(lexicon_concept_kind(lx, (size_t)lexicon_find_concept(lx, "redis")),
			 KIND_COMPONENT);
	assert_int_equal(lexicon_concept_kind(lx, (size_t)lexicon_find_concept(lx, "clock_skew")),
			 KIND_PROBLEM);
	assert_int_equal(lexicon_concept_kind(lx, (size_t)lexicon_find_concept(lx, "n_plus_one")),
			 KIND_PROBLEM);
	assert_int_equal(lexicon_concept_kind(lx, (size_t)lexicon_find_concept(lx, "token_bucket")),
			 KIND_TECHNIQUE);
	assert_int_equal(lexicon_concept_kind(lx, (size_t)lexicon_find_concept(lx, "retries")),
			 KIND_TECHNIQUE);
	assert_int_equal(lexicon_concept_kind(lx, (size_t)lexicon_find_concept(lx, "on_call")),
			 KIND_PRACTICE);
	assert_int_equal(concept_kind_from_name("component"), KIND_COMPONENT);
	assert_int_equal(concept_kind_from_name("gadget"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chose),
		cmocka_unit_test(test_rejected),
		cmocka_unit_test(test_alternative),
		cmocka_unit_test(test_across_clauses),
		cmocka_unit_test(test_problem_faced_or_not),
		cmocka_unit_test(test_skipped_practice),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_kinds),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
