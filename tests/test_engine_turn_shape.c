/*
 * test_engine_turn_shape.c - what a turn is made of: one warm word at most
 * (an acknowledgement closes a topic without a wrap-up after it, and a line
 * said after something else loses its "Nice." or "Interesting!"), generic
 * probes with a concept in their slot only for a candidate of few words,
 * and a scoping question answered with the scenario's fact it names most.
 * The replies are written for these tests, not taken from the candidate
 * files.
 */
#include "test_support.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "interview.h"
#include "interview_internal.h"
#include "lexicon.h"
#include "playbook_internal.h"
#include "test_sim.h"

/* Reasoned, substantial replies of an engineer who talks in full
 * paragraphs: acknowledgements and wrap-ups both have something to say. */
static const char *const full_replies[] = {
	"I run the booking service for a ferry company. We chose Postgres because bookings need "
	"real transactions across seats and payments, and the trade-off was more modelling work "
	"up front, which we could afford since the schema barely changes.",
	"We put a Redis cache in front of the timetable reads because the same few routes get "
	"read thousands of times a minute, and the downside is a few seconds of staleness, which "
	"passengers never notice because departures change once a day.",
	"For the payment callbacks we went with a queue, SQS in our case, because the provider retries "
	"aggressively and we did not want their retries to hit the database directly; the cost "
	"is that we had to make every handler idempotent with a key per callback.",
	"When the seat map got slow I looked at the traces first, saw most of the time in one "
	"query, added a composite index on sailing and deck, and the page went from two seconds "
	"to about eighty milliseconds, at the price of slightly slower inserts.",
	"We chose to rate limit the public search by API key with a token bucket in Redis, because bursts "
	"from travel agents are normal and a fixed window punished them at the top of each minute.",
	"I would shard by sailing only when a single primary stops keeping up, because sharding "
	"makes every cross-sailing report harder, and today one primary with two replicas holds up.",
};
#define N_FULL (sizeof full_replies / sizeof full_replies[0])

/* 1 when the text holds one of v's lines as written (no placeholder). */
static int says_line(const char *text, const struct variants *v)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strchr(v->items[i], '{') && strstr(text, v->items[i]))
			return 1;
	return 0;
}

/* 1 when a sentence after the first is an interjection of one or two
 * words ("Nice.", "Got it!") followed by more of the turn. */
static int interjection_inside(const char *text)
{
	const char *p = text;
	int sentence = 0;
	while (*p) {
		const char *end = p;
		while (*end && !((*end == '.' || *end == '!' || *end == '?') && (end[1] == ' ' || !end[1])))
			end++;
		if (!*end)
			return 0;
		int words = 1;
		for (const char *q = p; q < end; q++)
			words += *q == ' ';
		if (sentence > 0 && words <= 2 && *end != '?' && end[1])
			return 1;
		sentence++;
		p = end + 1;
		while (*p == ' ')
			p++;
	}
	return 0;
}

static void test_one_warm_word_per_turn(void **state)
{
	(void)state;
	const struct playbook *pb = ts_content.playbook;
	int acked = 0, twice = 0, inside = 0;
	for (uint64_t seed = 1; seed <= 25; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Noor");
		for (int i = 0; i < 40 && s.turn.phase < PHASE_CLOSING; i++) {
			sim_say(&s, full_replies[(i + seed) % N_FULL], 40);
			if (!sim_acts(&s, ACT_ACKNOWLEDGE))
				continue;
			acked++;
			twice += says_line(s.text, &pb->lines[LINE_WRAP]);
			if (interjection_inside(s.text)) {
				inside++;
				print_message("interjection inside: %s\n", s.text);
			}
		}
		interview_free(s.iv);
	}
	assert_true(acked > 20); /* else the checks below would check nothing */
	assert_int_equal(twice, 0);
	assert_int_equal(inside, 0);
}

/* 1 when the text says a line of v that needs something in `need`. */
static int says_line_needing(const char *text, const struct variants *v, unsigned need)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->needs && (v->needs[i] & need) && strstr(text, v->items[i]))
			return 1;
	return 0;
}

/* A wrap-up that says what the reply was ("I follow your reasoning", "thanks
 * for walking me through that") is said only after a reply that was that:
 * a choice made, a story told.  Descriptions with neither never get one;
 * replies that make choices can (the control). */
static void test_a_wrap_up_says_only_what_the_reply_was(void **state)
{
	(void)state;
	const struct variants *wrap = &ts_content.playbook->lines[LINE_WRAP];
	static const char *const described[] = {
		"The booking service sits behind a load balancer and talks to Postgres and a Redis cache, "
		"and the mobile apps call it over a JSON API with pagination on every list.",
		"There is a queue between the API and the mailer, and the workers send the emails and "
		"record each attempt in a table with the provider's response code and a timestamp.",
		"Search requests go to Elasticsearch and everything else reads from the primary database, "
		"with a nightly job that rebuilds the index from scratch at about three in the morning.",
		"The feed endpoint returns twenty posts at a time with a cursor, and each post carries its "
		"like count and the first three comments so the app needs one request per screen.",
		"Every client has an API key, the gateway counts requests per key in Redis, and over the "
		"limit the caller gets a 429 with a Retry-After header telling it when to come back.",
		"Uploads land in S3 through presigned URLs, a worker picks up each file from SQS, makes the "
		"thumbnails, and writes the status back to a row the app polls every few seconds.",
		"The top ten list comes from a summary table that a job refreshes every five minutes, and "
		"the page reads it straight from the replica with an index on date and product.",
		"Each webhook is signed with an HMAC header, every delivery lands in a table, and failed "
		"ones are tried again after one, five and thirty minutes before they are parked.",
	};

	/* descriptions with their reasons, and no choice of their own (an
	 * acknowledgement would close the topic after a reasoned choice, and
	 * leave no wrap-up to look at) */
	static const char *const chosen[] = {
		"The bookings live in Postgres because seats and payments need real transactions, and the "
		"timetable reads come from a Redis cache since they barely change during the day.",
		"There is a queue between the API and the mailer because the provider throttles at peak, "
		"and the trade-off is that an email can arrive a minute late.",
		"The feed is paged with a cursor because offsets get slow and skip posts on a busy table, "
		"and each post carries its like count so the app needs one request per screen.",
		"The gateway counts requests per key in Redis because every app server has to see the same "
		"counts, and the cost is one extra round trip on each call.",
		"Uploads go straight to S3 through presigned URLs because the app servers should never hold "
		"large files, and the trade-off is a second request from the client.",
		"The top ten list comes from a summary table because the live query scanned a month of "
		"orders, and the cost is that the list can be five minutes behind.",
		"Each webhook carries an HMAC signature because partners must be able to tell our calls "
		"from forgeries, and the downside is one more secret to rotate.",
		"The order history is paged by keyset because deep offsets made the database scan every "
		"earlier row, and the trade-off is that users cannot jump to page fifty.",
	};


	/* the wrap-up lines that may follow each reply, drawn many times */
	int false_claims = 0, control = 0;
	for (uint64_t seed = 1; seed <= 4; seed++)
		for (size_t r = 0; r < 8; r++)
			for (int c = 0; c <= 1; c++) {
				struct sim s;
				sim_start(&s, &ts_content, seed, "Ines");
				sim_reach(&s, PHASE_DESIGN);
				sim_say(&s, c ? chosen[r] : described[r], 35);
				for (int k = 0; k < 40; k++) {
					char buf[256];
					const char *tmpl = NULL;
					if (iv_pick_template(s.iv, wrap, -1, buf, sizeof buf, &tmpl))
						continue;
					if (!c && says_line_needing(buf, wrap, NEED_REASONED | NEED_STORY)) {
						false_claims++;
						print_message("after a description: %s\n", buf);
					}
					control += c && says_line_needing(buf, wrap, NEED_REASONED);
				}
				interview_free(s.iv);
			}
	assert_int_equal(false_claims, 0);
	assert_true(control > 0);
}

/* 1 when the text says a {concept} template of v, filled with anything
 * of a few words: its part before the slot, then its part after. */
static int says_concept_probe(const char *text, const struct variants *v)
{
	for (size_t i = 0; i < v->n; i++) {
		const char *slot = strstr(v->items[i], "{concept}");
		if (!slot)
			continue;
		char head[160];
		size_t n = (size_t)(slot - v->items[i]);
		const char *tail = slot + strlen("{concept}");
		if (n >= sizeof head)
			continue;
		memcpy(head, v->items[i], n);
		head[n] = '\0';
		for (const char *at = strstr(text, head); at; at = strstr(at + 1, head)) {
			const char *after = at + n;
			/* the filling: up to 40 characters, then the tail */
			for (size_t k = 1; k <= 40 && after[k - 1]; k++)
				if (!strncmp(after + k, tail, strlen(tail)))
					return 1;
		}
	}
	return 0;
}

static void test_no_generic_concept_probe_after_full_answers(void **state)
{
	(void)state;
	const struct playbook *pb = ts_content.playbook;
	int turns = 0, generic = 0;
	for (uint64_t seed = 1; seed <= 25; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Noor");
		for (int i = 0; i < 40 && s.turn.phase < PHASE_CLOSING; i++) {
			sim_say(&s, full_replies[(i * 5 + seed) % N_FULL], 40);
			turns++;
			for (int k = 0; k < PROBE_COUNT; k++)
				if (says_concept_probe(s.text, &pb->probes[k])) {
					generic++;
					print_message("generic probe: %s\n", s.text);
				}
		}
		interview_free(s.iv);
	}
	assert_true(turns > 500);
	assert_int_equal(generic, 0);
}

static void test_terse_replies_still_get_drawn_out(void **state)
{
	(void)state;
	/* the control: a candidate of few words is still asked about what
	 * they named, turn after turn ("On the queue, what happens to a
	 * message when the worker crashes?", "how do you deal with lag on the
	 * read replicas?"), so the rule above is about the answers, not an
	 * interviewer that stopped asking */
	static const char *const terse[] = {"Postgres, mostly.", "A queue. SQS.",
					    "Cache in Redis, short TTL.", "Index on two columns.",
					    "Token bucket.", "Read replicas."};
	static const char *const named[] = {"Postgres", "queue", "Redis", "cach", "index", "token bucket",
					    "replica", "SQS"};
	int turns = 0, asked = 0, naming = 0;
	for (uint64_t seed = 1; seed <= 10; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Noor");
		for (int i = 0; i < 60 && s.turn.phase < PHASE_CLOSING; i++) {
			const char *reply = terse[(i + seed) % 6];
			sim_say(&s, reply, 6);
			if (s.turn.phase == PHASE_CLOSING)
				break;
			turns++;
			asked += strchr(s.text, '?') != NULL;
			int names = 0;
			for (size_t k = 0; k < sizeof named / sizeof named[0]; k++)
				names |= strcasestr(reply, named[k]) && strcasestr(s.text, named[k]);
			naming += names;
		}
		interview_free(s.iv);
	}
	assert_true(turns > 300);
	assert_true(asked * 100 >= turns * 95);
	assert_true(naming >= 10);
}

/* 1 when the phrase has at least n words and no "..." among its first n. */
static int plain_phrase(const struct match_phrase *mp, size_t n)
{
	if (mp->n_words < n)
		return 0;
	for (size_t k = 0; k < n; k++)
		if (!strcmp(mp->words[k], "..."))
			return 0;
	return 1;
}

/* The scenario's fact a question names most is the one said: a question
 * that names one fact in a single word and another in a phrase of several
 * gets the second. */
static void test_scoping_question_gets_the_fact_it_names_most(void **state)
{
	(void)state;
	const struct playbook *pb = ts_content.playbook;
	int tried = 0;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Noor");
		sim_reach(&s, PHASE_DESIGN);
		const struct topic *t = NULL;
		for (size_t i = 0; i < pb->n_topics; i++)
			if (!strcmp(pb->topics[i].id, s.topic))
				t = &pb->topics[i];
		assert_non_null(t);
		/* a fact with a phrase of three words or more, and another with a
		 * single word that the phrase does not contain */
		const struct assumption *big = NULL, *small = NULL;
		const struct match_phrase *bp = NULL, *sp = NULL;
		for (size_t a = 0; a < t->n_assumptions && !big; a++)
			for (size_t p = 0; p < t->assumptions[a].match.n && !big; p++)
				if (plain_phrase(&t->assumptions[a].match.phrases[p], 3)) {
					big = &t->assumptions[a];
					bp = &t->assumptions[a].match.phrases[p];
				}
		for (size_t a = 0; big && a < t->n_assumptions && !small; a++)
			for (size_t p = 0; &t->assumptions[a] != big && p < t->assumptions[a].match.n; p++)
				if (plain_phrase(&t->assumptions[a].match.phrases[p], 1) &&
				    t->assumptions[a].match.phrases[p].n_words == 1) {
					small = &t->assumptions[a];
					sp = &t->assumptions[a].match.phrases[p];
					break;
				}
		if (!big || !small) {
			interview_free(s.iv);
			continue;
		}
		char q[512];
		snprintf(q, sizeof q, "Can I ask about the %s first, and %s %s %s?",
			 sp->words[0], bp->words[0], bp->words[1], bp->words[2]);
		sim_say(&s, q, 8);
		tried++;
		if (!strstr(s.text, big->say))
			print_message("asked: %s\nheard: %s\n", q, s.text);
		assert_non_null(strstr(s.text, big->say));
		interview_free(s.iv);
	}
	assert_true(tried > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_warm_word_per_turn),
		cmocka_unit_test(test_a_wrap_up_says_only_what_the_reply_was),
		cmocka_unit_test(test_no_generic_concept_probe_after_full_answers),
		cmocka_unit_test(test_terse_replies_still_get_drawn_out),
		cmocka_unit_test(test_scoping_question_gets_the_fact_it_names_most),
	};
	return cmocka_run_group_tests(tests, ts_content_setup, ts_content_teardown);
}
