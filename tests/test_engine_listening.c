/*
 * test_engine_listening.c - how the engine hears what was said, with
 * sentences written for these tests (not from the candidate files):
 *   - a question about the direction of an answer ("is this the direction
 *     you mean?") is reassured, not met with a scenario assumption;
 *   - rudeness needs a target: "as dumb as possible" about a design is not
 *     rude, "this is a dumb question" is;
 *   - a name written with underscores is an identifier, not the concept
 *     its parts name; "broker" alone (insurance brokers) is no message
 *     broker;
 *   - "never MD5" skips no practice (no "where would that gap hurt?");
 *   - a design that names no part offers no system for "where would that
 *     break first?" to point at;
 *   - a concept follow-up that takes use for granted ("how did ... hold
 *     up?") waits for a story of the candidate's own;
 *   - a question the candidate goes on to answer themselves is not answered
 *     back ("What does slow mean here? Usually it's the database ...");
 *   - asked to put a probe another way, the interviewer does not say it
 *     again word for word;
 *   - an offer to walk through it step by step, after a thin answer, is
 *     taken;
 *   - a hint asked for is given; a question thought aloud at the end of an
 *     answer, or an answer said with a rising voice, is not answered;
 *   - "how have you seen it go?" gets the interviewer's own short view.
 */
#include "test_support.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interview.h"
#include "interview_internal.h"
#include "lexicon.h"
#include "playbook_internal.h"
#include "test_sim.h"
#include "text.h"

static int signal_count(const char *text, enum signal_id sig)
{
	struct text_words tw = {0};
	uint8_t counts[SIG_COUNT] = {0};
	assert_int_equal(text_split(text, &tw), 0);
	lexicon_match_signals(ts_content.lexicon, tw.words, tw.n_words, counts);
	text_words_release(&tw);
	return counts[sig];
}

static int names_concept(const char *text, const char *id)
{
	struct text_words tw = {0};
	struct concept_hit hits[16];
	int c = lexicon_find_concept(ts_content.lexicon, id);
	assert_true(c >= 0);
	assert_int_equal(text_split(text, &tw), 0);
	size_t n = lexicon_match_concepts(ts_content.lexicon, tw.words, tw.n_words, hits, 16);
	text_words_release(&tw);
	for (size_t i = 0; i < n && i < 16; i++)
		if ((int)hits[i].concept == c)
			return 1;
	return 0;
}

static void test_direction_questions_are_reassured(void **state)
{
	(void)state;
	int reassured = 0;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Noor");
		sim_reach(&s, PHASE_DESIGN);
		sim_say(&s, "I'd keep orders in one table partitioned by month, with the line items beside "
			    "them and an index on the customer. Is this the direction you mean, or more "
			    "about how it scales?", 30);
		const struct playbook *pb = ts_content.playbook;
		int warm = sim_says_one_of(&s, &pb->lines[LINE_REASSURE]) ||
			   sim_says_one_of(&s, &pb->lines[LINE_REASSURE_STEER]);
		if (!warm || !sim_acts(&s, ACT_ANSWER_CANDIDATE))
			fail_msg("seed %d: the direction question was not reassured: %s", (int)seed, s.text);
		reassured++;
		interview_free(s.iv);
	}
	assert_int_equal(reassured, 8);
	assert_true(signal_count("Would you like me to go into the sharding, or into the caching?",
				 SIG_STEER_REQUEST) > 0);
	assert_true(signal_count("Is that the level you're looking for?", SIG_REASSURANCE) > 0);
}

static void test_rudeness_needs_a_target(void **state)
{
	(void)state;
	assert_int_equal(signal_count("We keep the invalidation as dumb as possible: a TTL and nothing else.",
				      SIG_RUDE), 0);
	assert_int_equal(signal_count("Sounds stupid, but we asked the product team what last month meant.",
				      SIG_RUDE), 0);
	/* "obviously" closing one sentence and "you" opening the next */
	assert_int_equal(signal_count("What I'd think about: auth, obviously. You can only edit your own posts.",
				      SIG_RUDE), 0);
	assert_true(signal_count("Obviously you don't know much about databases.", SIG_RUDE) > 0);
	assert_true(signal_count("Honestly this is a dumb question.", SIG_RUDE) > 0);
	assert_true(signal_count("This whole exercise is a waste of my time.", SIG_RUDE) > 0);
}

/* "Hmm, I'm not sure, to be honest" is a don't-know said slowly, not a
 * request for time: it is not met with "take all the time you need". */
static void test_not_sure_is_not_asking_for_time(void **state)
{
	(void)state;
	assert_true(signal_count("Hmm. I'm not sure, to be honest.", SIG_DONT_KNOW) > 0);
	assert_true(signal_count("Sorry, I'm not sure.", SIG_DONT_KNOW) > 0);
	/* a hedge inside an answer is not a don't-know */
	assert_int_equal(signal_count("I'm not sure a cache is worth it there, the reads are cheap.",
				      SIG_DONT_KNOW), 0);
}

static void test_identifiers_and_ambiguous_words(void **state)
{
	(void)state;
	assert_false(names_concept("We forced custom plans for that path with plan_cache_mode.", "caching"));
	assert_true(names_concept("We cache the rendered plans for a minute.", "caching"));
	assert_false(names_concept("Claims come in from the portal and from broker systems.", "message_queue"));
	assert_true(names_concept("The events go through a message broker to the workers.", "message_queue"));
	assert_false(names_concept("Every checkout updates the same row, and they all queue on the row lock.",
				   "message_queue"));
	assert_true(names_concept("I would put the resize jobs on a queue and let workers pick them up.",
				  "message_queue"));
}

static void test_never_md5_skips_no_practice(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 4; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Ade");
		sim_reach(&s, PHASE_EXPERIENCE);
		sim_say(&s, "Passwords get Argon2 with a per-user salt. Never a fast hash like SHA-256 on its "
			    "own, and never MD5.", 20);
		int skipped = s.iv->last_skipped;
		if (skipped >= 0)
			assert_int_equal(lexicon_concept_kind(ts_content.lexicon, (size_t)skipped), KIND_PRACTICE);
		assert_true(sim_says_one_of(&s, &ts_content.playbook->stance_probes[SPROBE_SKIPS]) == 0);
		interview_free(s.iv);
	}
}

static void test_a_design_without_parts_offers_no_system(void **state)
{
	(void)state;
	struct sim s;
	sim_start(&s, &ts_content, 3, "Ola");
	sim_reach(&s, PHASE_DESIGN);
	const struct topic *t = &ts_content.playbook->topics[s.iv->topic];
	assert_int_equal(t->answers, ANSWERS_DESIGN);
	sim_say(&s, "Yeah, so basically, same approach as before, keep it simple and ship it.", 8);
	assert_int_equal(s.iv->offers & NEED_SYSTEM, 0);
	interview_free(s.iv);
	sim_start(&s, &ts_content, 3, "Ola");
	sim_reach(&s, PHASE_DESIGN);
	sim_say(&s, "I'd put a token bucket per client in Redis in front of the API, and return 429 "
		    "when it runs out.", 12);
	assert_true(s.iv->offers & NEED_SYSTEM);
	interview_free(s.iv);
}

static void test_followups_that_take_use_for_granted_wait_for_a_story(void **state)
{
	(void)state;
	const struct playbook *pb = ts_content.playbook;
	int past = 0;
	/* a concept's follow-ups, then each topic's own */
	for (size_t k = 0; k < pb->n_followups + pb->n_topics; k++) {
		const struct variants *v = k < pb->n_followups ? &pb->followups[k].lines
							       : &pb->topics[k - pb->n_followups].followups;
		for (size_t i = 0; i < v->n; i++) {
			char norm[1024];
			text_normalize_phrase(v->items[i], norm, sizeof norm);
			if (strncmp(norm, "how did ", 8) && !strstr(norm, " did the "))
				continue;
			past++;
			if (!(v->needs[i] & NEED_STORY))
				fail_msg("\"%s\" asks about their own use but is asked without a story", v->items[i]);
		}
	}
	assert_true(past > 20);
	/* a hypothetical design offers no story */
	struct sim s;
	sim_start(&s, &ts_content, 2, "Ola");
	sim_reach(&s, PHASE_DESIGN);
	sim_say(&s, "If I was building it myself I'd probably do a token bucket, two numbers per key in "
		    "Redis, updated atomically with a small script.", 20);
	assert_int_equal(s.iv->offers & NEED_STORY, 0);
	interview_free(s.iv);
	/* a topic of their own work, answered from reading: none of its
	 * questions about their own use comes next */
	for (uint64_t seed = 1; seed <= 6; seed++) {
		sim_start(&s, &ts_content, seed, "Ola");
		sim_reach(&s, PHASE_EXPERIENCE);
		const struct topic *t = playbook_find_topic(pb, s.topic);
		assert_non_null(t);
		sim_say(&s, "For that part, token lifetimes, refresh, where a browser keeps its tokens, I know the "
			    "concepts, but I'd be relying on reading and on people who've done it.", 25);
		for (size_t i = 0; i < t->followups.n; i++)
			if ((t->followups.needs[i] & NEED_STORY) && strstr(s.text, t->followups.items[i]))
				fail_msg("seed %d: a question about their own use after a gap: %s", (int)seed, s.text);
		interview_free(s.iv);
	}
}

/* A long answer that ends on its question waits for the answer and the
 * floor back; the topic does not change under it. */
static void test_a_long_answer_ending_on_a_question_gets_the_floor_back(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 6; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Ines");
		sim_reach(&s, PHASE_DESIGN);
		char topic[64];
		snprintf(topic, sizeof topic, "%s", s.topic);
		sim_say(&s, "Before I go further I'd want to know a few things. Do the items come in sizes and "
			    "colours, because then the stock belongs to the variant and not the item. Do we hold "
			    "stock while someone is in checkout, with an expiry on the hold. And I'd index the "
			    "orders by customer and by date. Would you structure it differently?", 60);
		if (!sim_acts(&s, ACT_ANSWER_CANDIDATE) || sim_acts(&s, ACT_TRANSITION) || strcmp(s.topic, topic))
			fail_msg("seed %d (%s): %s [%s]", (int)seed, topic, s.text, s.topic);
		interview_free(s.iv);
	}
}

/* A conditional follow-up whose question carries its own praise ("Good
 * thinking on caching. What would you cache...?") gets no second one. */
static void test_one_acknowledgement_in_a_turn(void **state)
{
	(void)state;
	int seen = 0;
	for (uint64_t seed = 1; seed <= 40; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Ken");
		sim_reach(&s, PHASE_DESIGN);
		sim_say(&s, "If the data is the same for many users, I would put a cache there. Redis, or a "
			    "cache in the memory of the service for a few seconds, and a CDN if it is public. "
			    "Then the service stays stateless so we can add instances behind the load balancer.", 30);
		int t = s.iv->topic;
		if (t >= 0 && !strcmp(ts_content.playbook->topics[t].id, "followup.cache_invalidation")) {
			const struct variants *ask = &ts_content.playbook->topics[t].ask;
			for (size_t i = 0; i < ask->n; i++) {
				const char *q = strchr(ask->items[i], '?'), *dot = strstr(ask->items[i], ". ");
				const char *bang = strstr(ask->items[i], "! ");
				int praising = (dot && dot < q) || (bang && bang < q);
				char head[64];
				size_t upto = strcspn(ask->items[i], "{");
				snprintf(head, sizeof head, "%.*s", (int)(upto < 20 ? upto : 20), ask->items[i]);
				if (praising && strlen(head) >= 8 && strstr(s.text, head)) {
					seen++;
					if (sim_acts(&s, ACT_ACKNOWLEDGE) && strncmp(s.text, head, strlen(head)))
						fail_msg("seed %d: two acknowledgements: %s", (int)seed, s.text);
				}
			}
		}
		interview_free(s.iv);
	}
	fprintf(stderr, "praising follow-ups seen: %d\n", seen);
	assert_true(seen > 0);
}

static void test_a_question_they_answer_themselves_is_not_answered(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Noor");
		sim_reach(&s, PHASE_DESIGN);
		sim_say(&s, "What does slow mean here, the database or the network? Usually it is the "
			    "database, so I would read the slow query log first and then look for missing "
			    "indexes and lock waits on the hot tables.", 30);
		if (sim_acts(&s, ACT_ANSWER_CANDIDATE))
			fail_msg("seed %d: a question they answered was answered back: %s", (int)seed, s.text);
		interview_free(s.iv);
	}
	/* a question left open is still answered */
	int answered = 0;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Noor");
		sim_reach(&s, PHASE_DESIGN);
		sim_say(&s, "Can I assume this is mostly reads, or should I plan for heavy writes too?", 10);
		answered += sim_acts(&s, ACT_ANSWER_CANDIDATE);
		interview_free(s.iv);
		/* ... and one about the scenario, not put to "you", with a few words after */
		sim_start(&s, &ts_content, seed, "Noor");
		sim_reach(&s, PHASE_DESIGN);
		sim_say(&s, "Is this mostly reads or mostly writes? I'd want to know before choosing.", 10);
		answered += sim_acts(&s, ACT_ANSWER_CANDIDATE);
		interview_free(s.iv);
	}
	assert_int_equal(answered, 16);
}

static void test_a_probe_is_not_said_again_word_for_word_when_asked_another_way(void **state)
{
	(void)state;
	int probes = 0;
	assert_true(signal_count("Sorry, could you put that another way?", SIG_REPHRASE) > 0);
	assert_true(signal_count("Could you say a bit more about what you mean?", SIG_REPHRASE) > 0);
	assert_int_equal(signal_count("Sorry, I didn't catch that, could you repeat it?", SIG_REPHRASE), 0);
	for (uint64_t seed = 1; seed <= 8; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Noor");
		sim_reach(&s, PHASE_DESIGN);
		char buf[512];
		int is_probe = 0;
		for (int i = 0; i < 12 && !is_probe; i++) {
			sim_say(&s, plain_reply(40 + i, buf, sizeof buf), 30);
			is_probe = sim_acts(&s, ACT_PROBE_WHY) || sim_acts(&s, ACT_PROBE_TRADEOFF) ||
				   sim_acts(&s, ACT_PROBE_EDGE_CASE) || sim_acts(&s, ACT_PROBE_SCALE);
		}
		if (!is_probe) {
			interview_free(s.iv);
			continue;
		}
		probes++;
		char before[2048];
		const char *q = strrchr(s.text, '.');
		snprintf(before, sizeof before, "%s", q && strchr(q, '?') ? q + 1 : s.text);
		sim_say(&s, "Sorry, could you put that another way? I want to be sure what you're asking.", 5);
		/* a question with a reason of its own not said yet comes again
		 * after that reason, which is the other way of putting it */
		if (strstr(s.text, before) &&
		    !sim_says_one_of(&s, &ts_content.playbook->lines[LINE_REPHRASE_CONTEXT]))
			fail_msg("seed %d: the probe was said again as it was: %s", (int)seed, s.text);
		assert_true(strchr(s.text, '?') != NULL); /* a question follows */
		interview_free(s.iv);
	}
	assert_true(probes >= 4);
}

/* "Is that the level you're after, or shall I walk you through it step
 * by step?" after an answer with nothing in it: the offer is taken and the
 * floor is theirs, no new question; after a full answer it is not needed. */
/* Asked to repeat the question after a "let me think" (answered with "take
 * your time", which asks nothing), the interviewer says the question it
 * asked, not the topic's first question answered long before. */
static void test_the_question_again_is_the_question_asked(void **state)
{
	(void)state;
	int checked = 0;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Ines");
		sim_reach(&s, PHASE_DESIGN);
		char buf[512];
		int is_probe = 0;
		for (int i = 0; i < 12 && !is_probe; i++) {
			sim_say(&s, plain_reply(60 + i, buf, sizeof buf), 30);
			is_probe = sim_acts(&s, ACT_PROBE_WHY) || sim_acts(&s, ACT_PROBE_TRADEOFF) ||
				   sim_acts(&s, ACT_PROBE_EDGE_CASE) || sim_acts(&s, ACT_PROBE_SCALE);
		}
		if (!is_probe) {
			interview_free(s.iv);
			continue;
		}
		char asked[2048];
		const char *q = strrchr(s.text, '.');
		snprintf(asked, sizeof asked, "%s", q && strchr(q, '?') ? q + 1 : s.text);
		while (*asked == ' ')
			memmove(asked, asked + 1, strlen(asked));
		sim_say(&s, "Hmm, let me think.", 3);
		if (!sim_acts(&s, ACT_ENCOURAGE) || strchr(s.text, '?')) {
			interview_free(s.iv);
			continue;
		}
		checked++;
		sim_say(&s, "Sorry, could you repeat the question?", 3);
		if (!strstr(s.text, asked))
			fail_msg("seed %d: asked \"%s\", said again: %s", (int)seed, asked, s.text);
		interview_free(s.iv);
	}
	assert_true(checked >= 3);
}

static void test_an_offer_to_walk_through_is_taken(void **state)
{
	(void)state;
	const struct variants *take = &ts_content.playbook->lines[LINE_TAKE_OFFER];
	for (uint64_t seed = 1; seed <= 6; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Oona");
		sim_reach(&s, PHASE_DESIGN);
		char topic[64];
		snprintf(topic, sizeof topic, "%s", s.topic);
		sim_say(&s, "Hmm, I know the rough idea but I have not built one. Is that enough, or do you "
			    "want me to walk you through how I would approach it step by step?", 12);
		if (!sim_says_one_of(&s, take))
			fail_msg("seed %llu: the offer was not taken: %s", (unsigned long long)seed, s.text);
		assert_string_equal(s.topic, topic);
		assert_false(sim_acts(&s, ACT_QUESTION));
		interview_free(s.iv);

		sim_start(&s, &ts_content, seed, "Oona");
		sim_reach(&s, PHASE_DESIGN);
		sim_say(&s, "I'd put the uploads in S3 with a presigned URL, enqueue a job in SQS keyed by "
			    "the upload id so retries are idempotent, and have workers write the result to "
			    "Postgres; a dead letter queue catches the poison files after five attempts. Do "
			    "you want me to walk through the failure cases step by step?", 40);
		if (sim_says_one_of(&s, take))
			fail_msg("seed %llu: 'please walk me through it' after a full answer: %s",
				 (unsigned long long)seed, s.text);
		interview_free(s.iv);
	}
}

/* "Could you give me a hint?" after the topic's question gets its hint;
 * "do I need replay, or just each job once?" ending a long answer, and
 * "maybe you just disable it after a few failures?", are the candidate's
 * own thinking: no "make whatever assumption you like" back. */
static void test_hints_asked_for_and_questions_thought_aloud(void **state)
{
	(void)state;
	const struct variants *clarify = &ts_content.playbook->lines[LINE_CLARIFY_DEFAULT];
	int hinted = 0;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Pavel");
		sim_reach(&s, PHASE_DESIGN);
		const struct topic *t = &ts_content.playbook->topics[s.iv->topic];
		sim_say(&s, "Hmm. Could you give me a hint?", 4);
		if (t->hints.n && !sim_says_one_of(&s, &t->hints))
			fail_msg("seed %llu: no hint when asked for one: %s", (unsigned long long)seed, s.text);
		hinted += t->hints.n > 0;
		interview_free(s.iv);

		sim_start(&s, &ts_content, seed, "Pavel");
		sim_reach(&s, PHASE_DESIGN);
		sim_say(&s, "A queue in front of the workers, with retries and a dead letter queue, and the "
			    "job id as the key so a retry is harmless. The real question is what we need: do "
			    "we need replay for several consumers, or just each job done once?", 35);
		int assumed = sim_says_one_of(&s, clarify);
		const struct topic *t2 = &ts_content.playbook->topics[s.iv->topic];
		for (size_t a = 0; a < t2->n_assumptions; a++)
			assumed |= strstr(s.text, t2->assumptions[a].say) != NULL;
		if (assumed || sim_acts(&s, ACT_ANSWER_CANDIDATE))
			fail_msg("seed %llu: thinking aloud answered: %s", (unsigned long long)seed, s.text);
		sim_say(&s, "If a partner is down all day their retries pile up, I guess. Maybe you just "
			    "disable the webhook after too many failures and email them?", 25);
		if (sim_acts(&s, ACT_ANSWER_CANDIDATE))
			fail_msg("seed %llu: a tentative answer answered: %s", (unsigned long long)seed, s.text);
		interview_free(s.iv);
	}
	assert_true(hinted > 0);
}

/* "How have you seen that go?" in the middle of a design is put to the
 * interviewer: a short view of its own and the question handed back, never
 * "make whatever assumption you like" nor "back to the question". */
static void test_the_interviewers_view_asked_for_is_given(void **state)
{
	(void)state;
	const struct variants *view = &ts_content.playbook->lines[LINE_OWN_VIEW];
	const struct variants *clarify = &ts_content.playbook->lines[LINE_CLARIFY_DEFAULT];
	const struct variants *back = &ts_content.playbook->lines[LINE_THEN_QUESTION];
	for (uint64_t seed = 1; seed <= 6; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Mira");
		sim_reach(&s, PHASE_DESIGN);
		sim_say(&s, "I keep going back and forth between one big service and splitting it early. "
			    "How have you seen that go on your team?", 20);
		if (!sim_says_one_of(&s, view) || sim_says_one_of(&s, clarify) || sim_says_one_of(&s, back))
			fail_msg("seed %llu: not the interviewer's view: %s", (unsigned long long)seed, s.text);
		assert_true(sim_acts(&s, ACT_ANSWER_CANDIDATE));
		interview_free(s.iv);
	}
}

/* "What should I dig into?" after a dodge: the interviewer may point them
 * somewhere, but a turn that moves to another topic or the closing never
 * promises to ("let me narrow it down. Say we're building ..."): it says
 * that we go elsewhere. */
static void test_a_steer_request_is_not_promised_in_a_move_on(void **state)
{
	(void)state;
	const struct playbook *pb = ts_content.playbook;
	int elsewhere = 0;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Noor");
		sim_reach(&s, PHASE_DESIGN);
		for (int k = 0; k < 12 && s.iv && !s.turn.is_final; k++) {
			char buf[256];
			snprintf(buf, sizeof buf, "Honestly it would be fine, %s. What should I dig into?",
				 k % 2 ? "we ship it and see" : "I wouldn't overthink it");
			sim_say(&s, buf, 8);
			int promise = sim_says_one_of(&s, &pb->lines[LINE_REASSURE_STEER]);
			int away = sim_says_one_of(&s, &pb->lines[LINE_STEER_ELSEWHERE]);
			if (promise && sim_acts(&s, ACT_TRANSITION))
				fail_msg("seed %d: a promise to steer, then another subject: %s", (int)seed,
					 s.text);
			if (away && !sim_acts(&s, ACT_TRANSITION))
				fail_msg("seed %d: 'elsewhere' without moving on: %s", (int)seed, s.text);
			elsewhere += away;
		}
		interview_free(s.iv);
	}
	assert_true(elsewhere > 0);
}

/* A cost weighed in words the listening signals do not list ("it costs us
 * an extra read, but nobody sees a stale price") is heard as the evaluator
 * hears it: the topic's stock "what are the trade-offs?" and "why?" are
 * answered; a plain statement answers neither. */
static void test_a_trade_off_in_other_words_answers_the_stock_probes(void **state)
{
	(void)state;
	static const char weighed[] =
		"Versioned keys. It costs us an extra read on every request, but nobody ever sees a "
		"stale price after an edit.";
	static const char plain[] = "Versioned keys in Redis, with the product id in the key.";
	assert_int_equal(signal_count(weighed, SIG_TRADEOFF), 0);
	assert_int_equal(signal_count(weighed, SIG_REASONING), 0);
	for (uint64_t seed = 1; seed <= 4; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Remy");
		sim_reach(&s, PHASE_DESIGN);
		sim_say(&s, plain, 10);
		assert_false(s.iv->topic_explained & EXPLAINED_TRADEOFF);
		sim_say(&s, weighed, 12);
		/* the reply answered the topic the turn before; a new topic starts afresh */
		if (!sim_acts(&s, ACT_TRANSITION)) {
			assert_true(s.iv->topic_explained & EXPLAINED_TRADEOFF);
			assert_true(s.iv->topic_explained & EXPLAINED_WHY);
			assert_false(sim_says_one_of(&s, &ts_content.playbook->probes[PROBE_TRADEOFF]));
		}
		interview_free(s.iv);
	}
}

/* A short reply that says nothing of what a follow-up asked ("I've done a
 * lot of that, it's pretty standard") earns no warmth: no acknowledgement,
 * no "got it, that makes sense" as the topic ends.  A reply that says how
 * such an answer sounds (its heard_as) is not taken for a miss. */
static void test_a_reply_that_misses_the_question_is_not_praised(void **state)
{
	(void)state;
	const struct playbook *pb = ts_content.playbook;
	int judged = 0, judged_long = 0, heard = 0;
	for (uint64_t seed = 1; seed <= 10; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Remy");
		sim_reach(&s, PHASE_DESIGN);
		for (int i = 0; i < 20 && s.turn.phase == PHASE_DESIGN; i++) {
			const struct variants *v = s.iv->asked_v;
			size_t at = s.iv->asked_i;
			if (v && v->heard_as && v->heard_as[at] && v->heard_as[at][0] && i % 2) {
				/* said the way its answer sounds: no miss */
				char reply[256];
				snprintf(reply, sizeof reply, "We handle that with %s, it worked well.",
					 v->heard_as[at][0]);
				sim_say(&s, reply, 8);
				if (s.iv->reply_missed)
					fail_msg("seed %d: '%s' heard as a miss", (int)seed, reply);
				heard++;
				continue;
			}
			if (v) {
				static const char *const stacks[] = {"Postgres and Redis", "MySQL and Memcached",
								     "Kafka and Postgres", "DynamoDB and SQS"};
				char miss[512];
				/* long or short: read blind, "that's a thoughtful answer"
				 * after a long reply that skipped the question was nonsense */
				snprintf(miss, sizeof miss,
					 "We run all of it on %s behind the load balancer, because it has been "
					 "stable for %d years and nobody on the team complains.%s",
					 stacks[i % 4], 3 + i,
					 i % 4 >= 2 ? " The team is small, we ship twice a week, and most of "
						      "the week goes to the product roadmap and to reviewing "
						      "each other's work, which keeps everyone close to it."
						    : "");
				sim_say(&s, miss, 8);
				if (s.iv->reply_missed) {
					judged++;
					judged_long += s.iv->last.word_count >= 40;
					if (sim_acts(&s, ACT_ACKNOWLEDGE) ||
					    sim_says_one_of(&s, &pb->lines[LINE_WRAP]))
						fail_msg("seed %d: a reply that missed the question was praised: %s",
							 (int)seed, s.text);
				}
				continue;
			}
			char part[256];
			sim_say(&s, plain_reply(200 + i + (int)seed * 5, part, sizeof part), 20);
		}
		interview_free(s.iv);
	}
	fprintf(stderr, "missed replies judged: %d (%d long); heard_as replies not missed: %d\n", judged,
		judged_long, heard);
	assert_true(judged > 0 && judged_long > 0 && heard > 0);
}

/* The follow-up line of topic that holds part, or fails. */
static size_t followup_holding(const struct topic *t, const char *part)
{
	for (size_t i = 0; i < t->followups.n; i++)
		if (strstr(t->followups.items[i], part))
			return i;
	fail_msg("%s: no follow-up holds '%s'", t->id, part);
	return 0;
}

/* A reply that answers another question and shares one word with this one
 * missed it: "letting through a user's hundred-and-first request" answered
 * with timeouts, retries and a dead-letter queue ("letter" and "letting"
 * share a stem) earns
 * no "got it, that makes sense" (read blind, development transcripts); the
 * answer in the question's own terms is no miss. */
static void test_a_reply_sharing_one_word_missed_the_question(void **state)
{
	(void)state;
	const struct topic *t = playbook_find_topic(ts_content.playbook, "design.rate_limiting");
	assert_non_null(t);
	size_t line = followup_holding(t, "hundred-and-first");
	static const struct {
		const char *reply;
		int missed;
	} cases[] = {
		{"I'd assume that part fails sometimes. Timeouts, idempotent retries with a budget, a "
		 "dead-letter queue, and an alert on queue depth rather than on each failure. And a way to "
		 "replay once it's fixed.",
		 1},
		{"The counts can't live on each server. All the API servers increment one counter per user "
		 "in Redis, atomically, so only one of them ever sees the hundred-and-first and stops it.",
		 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct sim s;
		struct iv_error err;
		sim_start(&s, &ts_content, 5, "Remy");
		sim_reach(&s, PHASE_DESIGN);
		s.iv->topic = (int)(t - ts_content.playbook->topics);
		s.iv->asked_v = &t->followups;
		s.iv->asked_i = line;
		s.t += 20;
		assert_int_equal(interview_hear(s.iv, cases[i].reply, s.t, &err), 0);
		if (s.iv->reply_missed != cases[i].missed)
			fail_msg("'%s' %s", cases[i].reply,
				 cases[i].missed ? "was not heard as a miss" : "was heard as a miss");
		interview_free(s.iv);
	}
}

/* "Which part of that are you least sure about?" meets a hedge ("I think
 * it'd probably be fine"); after they named what they do not know ("I
 * haven't had to add one myself") it asks what was just said. */
static void test_least_sure_waits_for_a_hedge_not_a_named_gap(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 3; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Remy");
		sim_reach(&s, PHASE_DESIGN);
		sim_say(&s, "I think it would probably be fine with an index on the order date.", 8);
		assert_true(s.iv->offers & NEED_UNSURE);
		sim_say(&s, "I think it would probably need an index, but I haven't had to add one for "
			    "performance myself.", 8);
		assert_false(s.iv->offers & NEED_UNSURE);
		interview_free(s.iv);
	}
}

/* A hint asked for at the end of a longer reply ("... a queue, batching,
 * sharding. Could you give me a hint on what direction you're thinking?")
 * is a hint request like a short one: the topic's hint, never a question
 * about our own view ("I've seen both work well. What would tip it for
 * you?") or the scenario's default assumption. */
static void test_a_hint_asked_for_after_a_long_reply_is_no_opinion_asked(void **state)
{
	(void)state;
	const struct playbook *pb = ts_content.playbook;
	int hinted = 0;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Remy");
		sim_reach(&s, PHASE_DESIGN);
		sim_say(&s, "So I guess I would put a queue in front of it and batch the writes, and maybe "
			    "later shard the database by customer if one box is not enough, and keep the "
			    "hot reads in a cache in front of everything. Could you give me a hint on what "
			    "direction you're thinking?",
			20);
		if (sim_says_one_of(&s, &pb->lines[LINE_OWN_VIEW]))
			fail_msg("seed %d: a hint request taken for a question about our view: %s", (int)seed,
				 s.text);
		const struct topic *t = iv_cur_topic(s.iv);
		hinted += t && sim_says_one_of(&s, &t->hints) && sim_acts(&s, ACT_ANSWER_CANDIDATE);
		interview_free(s.iv);
	}
	assert_true(hinted > 0);
}

/* The turns of a candidate file simulated at seed, as `simulate --json`
 * prints them (the caller frees the result with json_decref). */
static json_t *simulated(const char *path, int seed)
{
	char seed_s[16];
	snprintf(seed_s, sizeof seed_s, "%d", seed);
	const char *argv[] = {"interviewer", "simulate", path, "--seed", seed_s, "--json", NULL};
	char *out, *err;
	assert_int_equal(ts_run(argv, "", 0, &out, &err), 0);
	json_t *j = json_loads(out, 0, NULL);
	assert_non_null(j);
	free(out);
	free(err);
	return j;
}

/* A stock probe (the playbook's probes:, of no topic's or concept's own)
 * follows only a reply of few words from a terse candidate, once a topic:
 * read blind on held-out candidates, "what would you check first if that
 * started misbehaving?" after a full answer was awkward in 8 turns of 10,
 * and the topic's next question or the next topic read better (seed 281:
 * 64.1% -> 69.4% natural).  Full answers get none. */
static int says_template(const char *said, const char *item)
{
	/* every piece of the line outside its {slot}s, in order */
	const char *at = said;
	while (*item) {
		const char *slot = strchr(item, '{');
		size_t n = slot ? (size_t)(slot - item) : strlen(item);
		char piece[256];
		if (n >= sizeof piece)
			n = sizeof piece - 1;
		memcpy(piece, item, n);
		piece[n] = 0;
		const char *hit = n ? strstr(at, piece) : at;
		if (!hit)
			return 0;
		at = hit + n;
		if (!slot)
			break;
		const char *close = strchr(slot, '}');
		if (!close)
			return 0;
		item = close + 1;
	}
	return 1;
}

static int says_stock_probe(const struct playbook *pb, const char *said)
{
	for (int k = 0; k < PROBE_SECURITY; k++)
		for (size_t v = 0; v < pb->probes[k].n; v++)
			if (says_template(said, pb->probes[k].items[v]))
				return 1;
	return 0;
}

static void test_no_stock_probe_after_a_full_answer(void **state)
{
	(void)state;
	const struct playbook *pb = ts_content.playbook;
	/* the detector finds what it looks for */
	assert_true(says_stock_probe(pb, pb->probes[PROBE_TRADEOFF].items[0]));
	assert_false(says_stock_probe(pb, "Tell me about a time you had to optimize a slow endpoint."));
	static const char *const files[] = {"security_blind.json", "senior_pragmatic.json",
					    "solid_mid.json", "junior_fundamentals.json"};
	int full_replies = 0;
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++)
		for (int seed = 1; seed <= 3; seed++) {
			char path[512];
			snprintf(path, sizeof path, "%s/candidates/%s", ts_shared_dir(), files[f]);
			json_t *j = simulated(path, seed);
			const char *before = NULL;
			size_t i;
			json_t *t;
			json_array_foreach(json_object_get(j, "turns"), i, t) {
				const char *said = json_string_value(json_object_get(t, "interviewer"));
				int words = 0;
				for (const char *p = before ? before : ""; *p; p++)
					words += (p == before || p[-1] == ' ') && *p != ' ';
				if (said && words >= 25) {
					full_replies++;
					if (says_stock_probe(pb, said))
						fail_msg("%s seed %d: a stock probe after a full answer: %s",
							 files[f], seed, said);
				}
				before = json_string_value(json_object_get(t, "candidate"));
			}
			json_decref(j);
		}
	assert_true(full_replies > 100);
}

/* "I haven't done that myself" said again on a new question is a gap, not
 * a point made before: never "we covered that one already".  The same
 * design said again still is. */
static void test_a_gap_said_again_is_not_covered_already(void **state)
{
	(void)state;
	const struct playbook *pb = ts_content.playbook;
	static const char gap[] = "I haven't done that myself, so I won't bluff. I'd probably look at "
				  "how a well-known library does it and start from there.";
	static const char same[] = "I'd put a queue in front of it with workers that retry with "
				   "backoff, and make every handler idempotent with a unique key.";
	int repeats = 0;
	for (uint64_t seed = 1; seed <= 4; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Ines");
		sim_reach(&s, PHASE_DESIGN);
		for (int k = 0; k < 6 && !s.turn.is_final; k++) {
			sim_say(&s, gap, 10);
			if (s.iv->repeated &&
			    sim_says_one_of(&s, &pb->lines[LINE_REPEATED_ANSWER]))
				fail_msg("seed %d: a gap said again was 'covered already': %s", (int)seed,
					 s.text);
		}
		for (int k = 0; k < 4 && !s.turn.is_final; k++) {
			sim_say(&s, same, 10);
			repeats += sim_says_one_of(&s, &pb->lines[LINE_REPEATED_ANSWER]);
		}
		interview_free(s.iv);
	}
	assert_true(repeats > 0);
}

/* 1 when said starts with one of v's items. */
static int starts_with_one_of(const char *said, const struct variants *v)
{
	for (size_t k = 0; k < v->n; k++)
		if (!strncmp(said, v->items[k], strlen(v->items[k])))
			return 1;
	return 0;
}

/* An answer that did not fit a closing turn opens the next one with "and to
 * your earlier question": never an "I don't know that one", which carried
 * over reads as the answer to a part nobody asked (two of eight
 * development interviews read at seed 37 had it). */
static void test_no_i_dont_know_carried_to_the_next_turn(void **state)
{
	(void)state;
	const struct playbook *pb = ts_content.playbook;
	const struct variants *lead = &pb->lines[LINE_EARLIER_QUESTION];
	static const char *const files[] = {"cand_defensive_a.json", "cand_itdepends_a.json",
					    "cand_asker_b.json", "cand_freelance_a.json"};
	int carried = 0;
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++)
		for (int seed = 36; seed <= 38; seed++) {
			char path[512];
			snprintf(path, sizeof path, "%s/../tests/candidates/dev/%s", IV_DATA_DIR, files[f]);
			json_t *j = simulated(path, seed);
			size_t i;
			json_t *t;
			json_array_foreach(json_object_get(j, "turns"), i, t) {
				const char *said = json_string_value(json_object_get(t, "interviewer"));
				for (size_t k = 0; said && k < lead->n; k++) {
					const char *at = strstr(said, lead->items[k]);
					if (!at)
						continue;
					carried++;
					at += strlen(lead->items[k]);
					while (*at == ' ')
						at++;
					int unknown = starts_with_one_of(at, &pb->lines[LINE_ANSWER_UNKNOWN]);
					for (size_t a = 0; a < pb->n_answers && !unknown; a++)
						unknown = !pb->answers[a].match.n &&
							  starts_with_one_of(at, &pb->answers[a].say);
					if (unknown)
						fail_msg("%s seed %d: 'I don't know' carried over: %s", files[f],
							 seed, said);
				}
			}
			json_decref(j);
		}
	fprintf(stderr, "answers carried to the next turn: %d\n", carried);
}

/* An introduction of a sentence or two: the challenge question comes second
 * as the brief has it, and the opening's follow-up asks what they work on
 * and their part in it, once; after a full introduction it does not. */
static void test_a_thin_introduction_is_asked_about_once(void **state)
{
	(void)state;
	const struct variants *more = &ts_content.playbook->lines[LINE_INTRO_MORE];
	for (uint64_t seed = 1; seed <= 6; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Ines");
		sim_say(&s, "Sure. About twelve years of backend. Mostly payments these days.", 6);
		assert_string_equal(s.topic, "opening.challenge");
		assert_false(sim_says_one_of(&s, more));
		sim_say(&s, "Probably reconciliation. It never quite matches.", 4);
		if (!sim_says_one_of(&s, more))
			fail_msg("seed %llu: a thin introduction was not asked about: %s",
				 (unsigned long long)seed, s.text);
		/* it asks about the introduction: the turn says so */
		assert_string_equal(s.topic, "opening.intro");
		assert_true(sim_acts(&s, ACT_FOLLOW_UP) && sim_acts(&s, ACT_QUESTION));
		sim_say(&s, "The ledger service, mostly. I lead the three people on it.", 6);
		assert_false(sim_says_one_of(&s, more));
		assert_string_equal(s.topic, "opening.challenge");
		interview_free(s.iv);

		sim_start(&s, &ts_content, seed, "Ines");
		sim_say(&s, "I've been at a payments company for six years. I own the ledger service, "
			    "which records every money movement for about two million merchants, and I "
			    "lead the three engineers who run it. Before that I built order APIs at a "
			    "retailer.", 25);
		assert_string_equal(s.topic, "opening.challenge");
		sim_say(&s, "Probably reconciliation. It never quite matches.", 4);
		assert_false(sim_says_one_of(&s, more));
		interview_free(s.iv);
	}
}

/* A stock probe ("which part of that took the most thought?") only when
 * nothing the reply chose on the topic has a question of its own left:
 * Postgres, named once in passing in a reply on a topic about databases,
 * is the thing to ask about next (iv_side_concept); not when they moved
 * off it, nor when it is the focus already asked about. */
static void test_a_thing_named_on_the_topic_comes_before_a_stock_probe(void **state)
{
	(void)state;
	const struct playbook *pb = ts_content.playbook;
	int pg = lexicon_find_concept(ts_content.lexicon, "postgres");
	assert_true(pg >= 0);
	assert_non_null(playbook_concept_followups(pb, pg));
	uint32_t pg_cats = lexicon_concept_categories(ts_content.lexicon, (size_t)pg);
	int chosen = 0, rejected = 0;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Remy");
		sim_reach(&s, PHASE_DESIGN);
		for (int i = 0; i < 30 && s.turn.phase == PHASE_DESIGN; i++) {
			char part[256], reply[512];
			const char *said = plain_reply(100 + i + (int)seed * 7, part, sizeof part);
			int moved_off = i % 2;
			snprintf(reply, sizeof reply, "%s %s", said,
				 moved_off ? "We moved off Postgres last year, it was not worth running ourselves."
					   : "And we keep that part in Postgres, which has been fine so far.");
			sim_say(&s, reply, 30);
			const struct topic *t = iv_cur_topic(s.iv);
			if (!t || !(t->categories & pg_cats))
				continue;
			int side = iv_side_concept(s.iv, -1);
			if (moved_off) {
				assert_int_not_equal(side, pg);
				rejected++;
			} else if (side != pg && side >= 0) {
				/* another thing of the reply, on the topic, ranked higher */
				assert_true(lexicon_concept_categories(ts_content.lexicon, (size_t)side) &
					    t->categories);
			} else if (side == pg) {
				assert_int_not_equal(iv_side_concept(s.iv, pg), pg);
				chosen++;
			}
		}
		interview_free(s.iv);
	}
	fprintf(stderr, "Postgres as the next thing: %d; moved off it: %d\n", chosen, rejected);
	assert_true(chosen > 0 && rejected > 0);
}

/* The number of turns, over 40 seeds, that ask why (a probe_why act) on
 * the topic of a story, after its first reply (ending with extra) and the next. */
/* Plain replies that reach the experience phase's first topic. */
static const char *const to_experience[] = {
	"I'm a backend engineer, five years, mostly Go and Postgres.",
	"The hardest was keeping a ledger consistent across retries.",
	"We used idempotency keys stored with the transaction.",
	"That's about it.",
	"Nothing more really.",
	"Ok.",
};

/* A new interview at seed, brought to the experience phase's first topic. */
static void start_at_experience(struct sim *s, uint64_t seed)
{
	sim_start(s, &ts_content, seed, "Ola");
	for (size_t k = 0; k < sizeof to_experience / sizeof to_experience[0]; k++)
		sim_say(s, to_experience[k], 10);
}

static int seeds_asking_why(const char *extra)
{
	int n = 0;
	for (uint64_t seed = 1; seed <= 40; seed++) {
		struct sim s;
		start_at_experience(&s, seed);
		char topic[64];
		snprintf(topic, sizeof topic, "%s", s.topic);
		char first[512];
		/* a story still open (no cause, no fix yet): "how did you decide
		 * where to look first?" fits it */
		snprintf(first, sizeof first, "On the retail project the offers page was slow, a couple of "
			 "seconds for the shoppers, and at first nobody knew why.%s", extra);
		sim_say(&s, first, 20);
		n += !strcmp(s.topic, topic) && sim_acts(&s, ACT_PROBE_WHY);
		sim_say(&s, "We shipped it in about two weeks, with a small team of three.", 10);
		n += !strcmp(s.topic, topic) && sim_acts(&s, ACT_PROBE_WHY);
		interview_free(s.iv);
	}
	return n;
}

/* Reaches the design topic id at seed; 0 when the seed's interview does not
 * come to it (the caller tries another seed). */
static int reach_design_topic(struct sim *s, uint64_t seed, const char *id)
{
	sim_start(s, &ts_content, seed, "Remy");
	sim_reach(s, PHASE_DESIGN);
	for (int k = 0; k < 12 && s->turn.phase == PHASE_DESIGN && strcmp(s->topic, id); k++)
		sim_say(s, "I would keep it simple and see how it behaves under real traffic.", 12);
	if (strcmp(s->topic, id)) {
		interview_free(s->iv);
		return 0;
	}
	return 1;
}

static int one_of(int c, const int *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (c == ids[i])
			return 1;
	return 0;
}

/* Options listed side by side ("token bucket if you want bursts, a sliding
 * window counter for a clean quota, fixed window is simplest") are no
 * choice of the candidate's: none is followed up as theirs (read blind on
 * development candidates: "how do you keep the token bucket update atomic
 * when many instances share it?" after such a list, three times).  The
 * same list with "I'd go with a token bucket" makes it theirs. */
static void test_a_listed_option_is_no_choice(void **state)
{
	(void)state;
	const struct lexicon *lx = ts_content.lexicon;
	const int ids[] = {lexicon_find_concept(lx, "token_bucket"), lexicon_find_concept(lx, "sliding_window_counter"),
			   lexicon_find_concept(lx, "fixed_window")};
	for (size_t i = 0; i < 3; i++)
		assert_true(ids[i] >= 0);
	int listed = 0, chosen = 0;
	for (uint64_t seed = 1; seed <= 30; seed++) {
		struct sim s;
		if (!reach_design_topic(&s, seed, "design.rate_limiting"))
			continue;
		if (seed % 2) {
			sim_say(&s, "Token bucket if you want to allow bursts. A sliding window counter for a clean "
				    "per-period quota. Fixed window is simplest but lets through double the limit at "
				    "the boundary.", 30);
			if (one_of(s.iv->last_concept, ids, 3) || one_of(iv_side_concept(s.iv, -1), ids, 3))
				fail_msg("seed %llu: a listed option followed up as a choice: %s",
					 (unsigned long long)seed, s.text);
			listed++;
		} else {
			sim_say(&s, "I'd go with a token bucket, because it allows short bursts. A sliding window "
				    "counter gives a cleaner quota. Fixed window is simplest but lets through double "
				    "the limit at the boundary.", 30);
			chosen += s.iv->last_concept == ids[0] || iv_side_concept(s.iv, -1) == ids[0];
		}
		interview_free(s.iv);
	}
	fprintf(stderr, "listed: %d seeds; the chosen one followed up: %d\n", listed, chosen);
	assert_true(listed >= 3);
	assert_true(chosen >= 1);
}

/* A thing named in passing in a sentence about something else ("we're on
 * AWS", "then traces") is no subject of a question of its own (read blind:
 * "how do you keep the AWS bill from surprising you?" after "for that I'd
 * pick SQS if we're on AWS"); said about, in a sentence of its own or with
 * a reason, it may be. */
static void test_a_word_in_passing_is_no_subject(void **state)
{
	(void)state;
	int aws = lexicon_find_concept(ts_content.lexicon, "aws");
	assert_true(aws >= 0);
	int passing = 0, said = 0;
	for (uint64_t seed = 1; seed <= 12; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Remy");
		sim_reach(&s, PHASE_DESIGN);
		int about = seed % 2 == 0;
		sim_say(&s, about ? "We would run the workers on AWS. AWS gives us the autoscaling groups and the "
				    "managed message queue, because we do not want to run that ourselves."
				  : "For the jobs I'd pick a queue with retries and a dead letter queue, Postgres for "
				    "the state, and the workers on AWS, and I'd keep the uploads idempotent.",
			30);
		if (!about) {
			if (s.iv->last_concept == aws || iv_side_concept(s.iv, -1) == aws)
				fail_msg("seed %llu: a word in passing followed up: %s", (unsigned long long)seed,
					 s.text);
			passing++;
		} else {
			said += s.iv->last_concept == aws || iv_side_concept(s.iv, -1) == aws;
		}
		interview_free(s.iv);
	}
	fprintf(stderr, "in passing: %d; said about and followed up: %d\n", passing, said);
	assert_true(passing >= 6);
	assert_true(said >= 1);
}

/* "How did you decide?" is not asked of work someone else did ("I wasn't
 * the one who did the profiling", "another team made the changes"). */
static void test_no_why_about_someone_elses_work(void **state)
{
	(void)state;
	int w = seeds_asking_why("");
	int t = seeds_asking_why(" I wasn't the one who did the profiling on that one, to be fair, another "
				 "team made the changes.");
	/* said of what they receive or found in place (read blind: "where does
	 * the credential live on the client, and why there?" after "I didn't
	 * set up Keycloak myself, our platform team did") */
	int p = seeds_asking_why(" I didn't set that part up myself, our platform team did.");
	int r = seeds_asking_why(" It was all already set up when I joined, so it's something I receive, not "
				 "something I build.");
	assert_true(w > 0); /* the control */
	assert_int_equal(t, 0);
	assert_int_equal(p, 0);
	assert_int_equal(r, 0);
}

/* A security hole the candidate met, told in passing in a story about
 * something else, is what the next question is about: the brief probes
 * security always, and passing over "we found it open to injection" read
 * as not listening. */
static void test_a_security_hole_they_met_is_asked_about(void **state)
{
	(void)state;
	const char *story = "Our order search was slow, a couple of seconds, because of an N plus one in the ORM. "
			    "While tracing it we found the search box was concatenating user text into the SQL, so "
			    "we had a SQL injection hole too, and we moved everything to parameterized queries.";
	int asked = 0;
	for (uint64_t seed = 1; seed <= 10; seed++) {
		struct sim s;
		start_at_experience(&s, seed);
		sim_say(&s, story, 30);
		asked += strstr(s.text, "injection") != NULL;
		interview_free(s.iv);
	}
	assert_true(asked >= 8);
}

/* The number of scale probes (probe_scale acts) in the 25 turns after
 * reply, over 6 seeds, on plain replies from the design phase on. */
static int scale_probes_after(const char *reply)
{
	int n = 0;
	char buf[256];
	for (uint64_t seed = 1; seed <= 6; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Ana");
		sim_reach(&s, PHASE_DESIGN);
		sim_say(&s, reply, 20);
		for (int k = 0; k < 25 && s.turn.phase != PHASE_CLOSING; k++) {
			n += sim_acts(&s, ACT_PROBE_SCALE);
			sim_say(&s, plain_reply(k, buf, sizeof buf), 20);
		}
		interview_free(s.iv);
	}
	return n;
}

/* A junior who says the scale asked about is beyond them is not asked
 * "and at ten times the load?" again: read blind, every such question
 * after it was wrong. */
static void test_no_scale_questions_after_scale_is_beyond_them(void **state)
{
	(void)state;
	assert_true(scale_probes_after("I'd put the data in Postgres and add an index on the user id.") > 0);
	assert_int_equal(scale_probes_after("I'd put the data in Postgres and add an index on the user id. "
					    "Honestly, thousands of requests a second is beyond my experience, "
					    "I've never worked at that scale."),
			 0);
}

/* Of the topic follow-ups that say what they are about (the workers of
 * an upload pipeline, the store that holds a limiter's counters), one said
 * in the current turn, or -1; *about gets its categories. */
static int about_line_said(const struct sim *s, uint32_t *about)
{
	const struct playbook *pb = ts_content.playbook;
	for (size_t t = 0; t < pb->n_topics; t++) {
		const struct variants *v = &pb->topics[t].followups;
		for (size_t i = 0; v->about && i < v->n; i++)
			if (v->about[i] && strstr(s->text, v->items[i])) {
				*about = v->about[i];
				return (int)t;
			}
	}
	return -1;
}

/* Design answers that propose nothing of what a follow-up takes for
 * granted ("I haven't built one; today the upload just goes through the
 * web server") never hear "how do the workers catch up?" or "if the store
 * holding the counters goes down ..."; answers that propose workers on a
 * queue and counts in Redis do, on some seeds. */
static int about_lines_in_design(const char *const *replies, size_t n, int check)
{
	int said = 0;
	for (uint64_t seed = 1; seed <= 16; seed++) {
		struct sim s;
		sim_start(&s, &ts_content, seed, "Noor");
		sim_reach(&s, PHASE_DESIGN);
		for (int turn = 0; turn < 40 && interview_phase(s.iv) == PHASE_DESIGN; turn++) {
			sim_say(&s, replies[turn % n], 30);
			uint32_t about = 0;
			if (about_line_said(&s, &about) < 0)
				continue;
			said++;
			if (check && !(about & s.iv->topic_used_categories))
				fail_msg("seed %llu: a follow-up took for granted what was never proposed: %s",
					 (unsigned long long)seed, s.text);
		}
		interview_free(s.iv);
	}
	return said;
}

/* An interview in the design phase on topic, after reply. */
static void said_on(struct sim *s, const char *topic, const char *reply)
{
	const struct topic *t = playbook_find_topic(ts_content.playbook, topic);
	assert_non_null(t);
	sim_start(s, &ts_content, 1, "Noor");
	sim_reach(s, PHASE_DESIGN);
	s->iv->topic = (int)(t - ts_content.playbook->topics);
	sim_say(s, reply, 40);
}

/* A question names what was said in the candidate's words: "a daily
 * rollup table" is read as a materialized view, but "how do you refresh
 * the materialized view?" presumes one they never named (read blind: "the
 * materialized view" to a candidate who had said "I'd precompute it"). */
static void test_a_thing_is_named_as_they_named_it(void **state)
{
	(void)state;
	int mv = lexicon_find_concept(ts_content.lexicon, "materialized_view");
	assert_true(mv >= 0);
	static const char *const q = "How do you refresh the materialized view, and how stale can it get?";
	struct sim s;
	said_on(&s, "design.top_products_query",
		"I'd keep a daily rollup table, units sold per product per day, filled by a job after "
		"midnight, so the top ten is a sum over thirty rows.");
	int read_as_mv = 0;
	for (int i = 0; i < s.iv->last.n_concepts; i++)
		read_as_mv |= s.iv->last.concepts[i] == mv;
	assert_true(read_as_mv); /* heard as one ... */
	assert_false(iv_names_it_as_they_did(s.iv, q, mv)); /* ... but not named so */
	assert_true(iv_names_it_as_they_did(s.iv, "How often does the job run?", mv));
	interview_free(s.iv);
	said_on(&s, "design.top_products_query",
		"I'd keep a materialized view of units sold per product per day, refreshed by a job "
		"after midnight, so the top ten is a sum over thirty rows.");
	assert_true(iv_names_it_as_they_did(s.iv, q, mv));
	interview_free(s.iv);
}

/* What a reply says it has not done is not asked about next: "I know the
 * options, but I haven't lived with one" about public API versions hears
 * no "how do you retire an API version?" (read blind); the same reply with
 * a plan of its own may. */
static void test_no_followup_on_a_gap_just_admitted(void **state)
{
	(void)state;
	int versioning = lexicon_find_concept(ts_content.lexicon, "api_versioning");
	assert_true(versioning >= 0);
	struct sim s;
	said_on(&s, "design.social_api",
		"For a public mobile API with old app versions in the wild, I know the options, a version "
		"in the path or a header, but I haven't lived with one.");
	assert_true(iv_gap_about(s.iv, NULL, versioning));
	interview_free(s.iv);
	said_on(&s, "design.social_api",
		"For a public mobile API with old app versions in the wild, I'd put a version in the path "
		"and keep the old versions alive for a year.");
	assert_false(iv_gap_about(s.iv, NULL, versioning));
	interview_free(s.iv);
	/* the gap of one sentence leaves the others open */
	said_on(&s, "design.social_api",
		"I'd put a version in the path and keep old versions alive for a year. Caching the feed I "
		"haven't done, honestly.");
	assert_false(iv_gap_about(s.iv, NULL, versioning));
	interview_free(s.iv);
}

static void test_followups_wait_for_what_they_take_for_granted(void **state)
{
	(void)state;
	static const char *const bare[] = {
		"I haven't built anything like that myself. Today it all happens inside the request and "
		"the user waits, which isn't great for big files.",
		"Honestly I'd want to think about what the users actually need first, and keep it simple.",
		"I've never had to do that, so I'd be guessing, but I'd start by asking the team what "
		"they have already.",
	};
	static const char *const proposed[] = {
		"The upload goes straight to storage, then we put a job on a queue and workers resize it "
		"in the background.",
		"I'd keep the counters in Redis with a TTL per window, and the workers read the limits "
		"from a cached config.",
		"The API writes the job to the queue and returns right away; a pool of workers picks it up.",
	};
	assert_int_equal(about_lines_in_design(bare, 3, 1), 0);
	assert_true(about_lines_in_design(proposed, 3, 1) > 0);
}

/* The conditional follow-up's lines that praise the choice ("Rate limiting
 * is a good call.", "Putting a queue in there makes sense.") only after the
 * reply chose that very thing: not after rate limiting listed among a
 * library's features, nor a queue someone else picked. */
static int praises_the_choice(const char *text)
{
	static const char *const praise[] = {"Rate limiting is a good call", "Good call on limiting",
					     "Putting a queue in there makes sense", "Good thinking",
					     "Caching makes sense there"};
	for (size_t i = 0; i < sizeof praise / sizeof praise[0]; i++)
		if (strstr(text, praise[i]))
			return 1;
	return 0;
}

static void test_praise_for_a_choice_waits_for_the_choice(void **state)
{
	(void)state;
	static const char *const named[] = {
		"BullMQ. We already have Redis, it's a Node library, it does retries, delays, priorities, "
		"rate limiting per queue. No new infrastructure, and the team knows it.",
		"The jobs go through the queue the platform team picked years ago, and honestly it was "
		"chosen before I joined, so I can't take credit for it.",
	};
	static const char *const chose[] = {
		"The API would write the upload to storage and return at once. I'd add a message queue "
		"between the API and the workers.",
		"The service would serve the product pages. I'd add a cache in front of the database.",
	};
	int followups_named = 0, praised_named = 0, followups_chose = 0, praised_chose = 0;
	for (uint64_t seed = 1; seed <= 12; seed++)
		for (int k = 0; k < 2; k++)
			for (int which = 0; which < 2; which++) {
				struct sim s;
				sim_start(&s, &ts_content, seed, "Noor");
				sim_reach(&s, PHASE_DESIGN);
				sim_say(&s, which ? chose[k] : named[k], 30);
				if (!strncmp(s.topic, "followup.", 9)) {
					*(which ? &followups_chose : &followups_named) += 1;
					*(which ? &praised_chose : &praised_named) += praises_the_choice(s.text);
					if (!which && praises_the_choice(s.text))
						fail_msg("seed %llu: praise for what they did not choose: %s",
							 (unsigned long long)seed, s.text);
				}
				interview_free(s.iv);
			}
	fprintf(stderr, "follow-ups after a thing named: %d (praised %d); after a choice: %d (praised %d)\n",
		followups_named, praised_named, followups_chose, praised_chose);
	assert_true(followups_named > 0);
	assert_true(praised_chose > 0); /* the lines are still said where they fit */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_direction_questions_are_reassured),
		cmocka_unit_test(test_not_sure_is_not_asking_for_time),
		cmocka_unit_test(test_rudeness_needs_a_target),
		cmocka_unit_test(test_identifiers_and_ambiguous_words),
		cmocka_unit_test(test_never_md5_skips_no_practice),
		cmocka_unit_test(test_a_design_without_parts_offers_no_system),
		cmocka_unit_test(test_followups_that_take_use_for_granted_wait_for_a_story),
		cmocka_unit_test(test_a_long_answer_ending_on_a_question_gets_the_floor_back),
		cmocka_unit_test(test_one_acknowledgement_in_a_turn),
		cmocka_unit_test(test_a_question_they_answer_themselves_is_not_answered),
		cmocka_unit_test(test_a_probe_is_not_said_again_word_for_word_when_asked_another_way),
		cmocka_unit_test(test_the_question_again_is_the_question_asked),
		cmocka_unit_test(test_an_offer_to_walk_through_is_taken),
		cmocka_unit_test(test_hints_asked_for_and_questions_thought_aloud),
		cmocka_unit_test(test_the_interviewers_view_asked_for_is_given),
		cmocka_unit_test(test_a_thin_introduction_is_asked_about_once),
		cmocka_unit_test(test_a_steer_request_is_not_promised_in_a_move_on),
		cmocka_unit_test(test_a_trade_off_in_other_words_answers_the_stock_probes),
		cmocka_unit_test(test_a_reply_that_misses_the_question_is_not_praised),
		cmocka_unit_test(test_a_reply_sharing_one_word_missed_the_question),
		cmocka_unit_test(test_least_sure_waits_for_a_hedge_not_a_named_gap),
		cmocka_unit_test(test_a_hint_asked_for_after_a_long_reply_is_no_opinion_asked),
		cmocka_unit_test(test_no_stock_probe_after_a_full_answer),
		cmocka_unit_test(test_no_i_dont_know_carried_to_the_next_turn),
		cmocka_unit_test(test_a_gap_said_again_is_not_covered_already),
		cmocka_unit_test(test_a_thing_named_on_the_topic_comes_before_a_stock_probe),
		cmocka_unit_test(test_a_listed_option_is_no_choice),
		cmocka_unit_test(test_a_word_in_passing_is_no_subject),
		cmocka_unit_test(test_a_thing_is_named_as_they_named_it),
		cmocka_unit_test(test_no_followup_on_a_gap_just_admitted),
		cmocka_unit_test(test_no_why_about_someone_elses_work),
		cmocka_unit_test(test_a_security_hole_they_met_is_asked_about),
		cmocka_unit_test(test_no_scale_questions_after_scale_is_beyond_them),
		cmocka_unit_test(test_followups_wait_for_what_they_take_for_granted),
		cmocka_unit_test(test_praise_for_a_choice_waits_for_the_choice),
	};
	return cmocka_run_group_tests(tests, ts_content_setup, ts_content_teardown);
}
