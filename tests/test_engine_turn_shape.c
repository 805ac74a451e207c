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
	"For the payment callbacks we use a queue, SQS in our case, because the provider retries "
	"aggressively and we did not want their retries to hit the database directly; the cost "
	"is that we had to make every handler idempotent with a key per callback.",
	"When the seat map got slow I looked at the traces first, saw most of the time in one "
	"query, added a composite index on sailing and deck, and the page went from two seconds "
	"to about eighty milliseconds, at the price of slightly slower inserts.",
	"We rate limit the public search by API key with a token bucket in Redis, because bursts "
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
	/* the control: a candidate of few words may still hear "tell me more
	 * about ..." (a generic follow-up), so the rule above is about the
	 * answers, not a probe list that can no longer be reached */
	static const char *const terse[] = {"Postgres, mostly.", "A queue. SQS.",
					    "Cache in Redis, short TTL.", "Index on two columns.",
					    "Token bucket.", "Read replicas."};
	const struct playbook *pb = ts_content.playbook;
	int generic = 0;
	for (uint64_t seed = 1; seed <= 25 && !generic; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Noor");
		for (int i = 0; i < 60 && s.turn.phase < PHASE_CLOSING; i++) {
			sim_say(&s, terse[(i + seed) % 6], 6);
			generic += sim_says_one_of(&s, &pb->probes[PROBE_FOLLOW_UP]) ||
				   says_concept_probe(s.text, &pb->probes[PROBE_FOLLOW_UP]);
		}
		interview_free(s.iv);
	}
	assert_true(generic > 0);
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
		cmocka_unit_test(test_no_generic_concept_probe_after_full_answers),
		cmocka_unit_test(test_terse_replies_still_get_drawn_out),
		cmocka_unit_test(test_scoping_question_gets_the_fact_it_names_most),
	};
	return cmocka_run_group_tests(tests, ts_content_setup, ts_content_teardown);
}
