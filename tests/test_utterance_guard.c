/*
 * test_utterance_guard.c - the rules an LLM's utterance must keep before it
 * is said (src/core/utterance_guard.c, data/llm.yaml guard:): each rule
 * refuses what breaks it and lets a natural rewording of the move through;
 * a broken rules file fails with its line.
 */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utterance_guard.h"

static struct guard_rules *rules;

static const char *const facts[] = {
	"Mostly Go, with some older Python services. Postgres is the main store, Redis for caching, "
	"Kafka for events, and it all runs on Kubernetes in the cloud.",
	"The backend team is eight engineers.",
	"Sam Rivera",
};

static const char *const earlier[] = {
	"Hey, good to meet you! Tell me about the backend work you've been doing lately.",
	"How would you design a rate limiter for a public API that many clients share?",
};

static struct guard_context ctx(const char *scripted, const char *focus)
{
	struct guard_context c = {
		.scripted = scripted,
		.focus = focus,
		.earlier = earlier,
		.n_earlier = 2,
		.facts = facts,
		.n_facts = 3,
		.candidate = "We used a token bucket in Redis keyed by the API key, refilled every second.",
	};
	return c;
}

static int setup(void **state)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/llm.yaml", IV_DATA_DIR);
	size_t len;
	char *text = ts_read(path, &len);
	assert_non_null(text);
	struct text_source src = {path, text, len};
	struct iv_error err;
	rules = guard_rules_parse(&src, &err);
	free(text);
	if (!rules)
		fail_msg("%s", err.message);
	return 0;
}

static int teardown(void **state)
{
	guard_rules_free(rules);
	return 0;
}

static const char *scripted_q = "Nice. How did the token bucket behave when one client sent a burst?";

static enum guard_verdict check(const char *text)
{
	struct guard_context c = ctx(scripted_q, "a token bucket");
	char why[200];
	enum guard_verdict v = guard_check(rules, &c, text, why, sizeof why);
	if (v != GUARD_OK)
		assert_true(why[0] != '\0'); /* every refusal says why */
	return v;
}

static void natural_rewordings_pass(void **state)
{
	assert_int_equal(check("Keying it by the API key makes sense. What happened to the token bucket "
			       "when a single client burst?"), GUARD_OK);
	/* a claim about the team that the facts back */
	assert_int_equal(check("We lean on Redis for that kind of thing too. How did your token bucket "
			       "cope with a sudden burst from one client?"), GUARD_OK);
	/* a move without a question, worded without one */
	struct guard_context c = ctx("Thanks so much for your time today, it was great talking with you.", NULL);
	assert_int_equal(guard_check(rules, &c, "Thank you for the conversation, I enjoyed it. Take care!",
				     NULL, 0), GUARD_OK);
}

static void each_rule_refuses_what_breaks_it(void **state)
{
	assert_int_equal(check(""), GUARD_EMPTY);
	assert_int_equal(check("How did the token bucket behave? And what about the refill rate?"),
			 GUARD_QUESTIONS);
	assert_int_equal(check("The token bucket in Redis sounds like a solid choice."), GUARD_NO_QUESTION);
	assert_int_equal(check("**Nice.** How did the token bucket handle a burst?"), GUARD_MARKUP);
	assert_int_equal(check("Got it.\n- How did the token bucket handle a burst?"), GUARD_MARKUP);
	assert_int_equal(check("Could you write the code for the token bucket refill?"), GUARD_CODE);
	assert_int_equal(check("Can you sketch the pseudocode of that token bucket?"), GUARD_CODE);
	assert_int_equal(check("You're doing great so far. How did the token bucket handle a burst?"),
			 GUARD_VERDICT);
	assert_int_equal(check("That answer would help your score. How did the token bucket handle a burst?"),
			 GUARD_VERDICT);
	assert_int_equal(check("We use MongoDB for our limiter state. How did the token bucket handle a burst?"),
			 GUARD_TEAM_CLAIM);
	assert_int_equal(check("Our team has 40 engineers on this. How did the token bucket handle a burst?"),
			 GUARD_TEAM_CLAIM);
	assert_int_equal(check("What is your favourite text editor these days?"), GUARD_OFF_MOVE);
	char long_text[1024] = "";
	for (int i = 0; i < 70; i++)
		strcat(long_text, "token ");
	strcat(long_text, "bucket?");
	assert_int_equal(check(long_text), GUARD_TOO_LONG);
	assert_int_equal(check("Bad \x01 bytes. How did the token bucket handle a burst?"), GUARD_BAD_TEXT);
	assert_int_equal(check("Caf\xC3 bucket. How did the token bucket handle a burst?"), GUARD_BAD_TEXT);
}

static void the_moves_own_words_are_never_the_llms_fault(void **state)
{
	struct guard_context c = ctx("Forget the syntax for a second. How did the token bucket behave "
				     "under a burst?", "a token bucket");
	assert_int_equal(guard_check(rules, &c, "Setting the syntax aside, how did your token bucket "
				     "behave under a burst?", NULL, 0), GUARD_OK);
	struct guard_context plain = ctx(scripted_q, "a token bucket");
	assert_int_equal(guard_check(rules, &plain, "Setting the syntax aside, how did your token "
				     "bucket behave under a burst?", NULL, 0), GUARD_CODE);
}

static void the_move_sets_the_length_and_the_subject(void **state)
{
	/* a closing that answers three questions at once may take the words it needs */
	char scripted[1024] = "", reworded[1024] = "";
	for (int i = 0; i < 9; i++) {
		strcat(scripted, "The backend team is eight engineers and we run Postgres. ");
		strcat(reworded, "There are eight backend engineers and Postgres is our store. ");
	}
	struct guard_context c = ctx(scripted, NULL);
	assert_int_equal(guard_check(rules, &c, reworded, NULL, 0), GUARD_OK);
	strcat(reworded, "Also Postgres and more Postgres and engineers again and again for good measure.");
	assert_int_equal(guard_check(rules, &c, reworded, NULL, 0), GUARD_TOO_LONG);
	/* the focus was acknowledged, the question is about something else: on
	 * the move is what the question asks */
	struct guard_context ack = ctx("Good call on RabbitMQ. How would you notice messages piling "
				       "up before users do?", "RabbitMQ");
	assert_int_equal(guard_check(rules, &ack, "Makes sense. How would you spot a backlog of "
				     "messages piling up early?", NULL, 0), GUARD_OK);
}

static void a_repeat_of_an_earlier_turn_is_refused(void **state)
{
	struct guard_context c = ctx("So, what would you watch in production for that rate limiter?", NULL);
	assert_int_equal(guard_check(rules, &c,
				     "How would you design a rate limiter for a public API that many "
				     "clients share?", NULL, 0),
			 GUARD_REPEAT);
	/* ... unless the move itself says it again (the candidate asked for it) */
	struct guard_context again = ctx("Sure: how would you design a rate limiter for a public API that "
					 "many clients share?", NULL);
	assert_int_equal(guard_check(rules, &again,
				     "Of course. How would you design a rate limiter for a public API "
				     "that many clients share?", NULL, 0),
			 GUARD_OK);
}

static void names_are_stable(void **state)
{
	assert_string_equal(guard_verdict_name(GUARD_OK), "ok");
	assert_string_equal(guard_verdict_name(GUARD_CODE), "code_request");
	assert_string_equal(guard_verdict_name(GUARD_TEAM_CLAIM), "team_claim");
	assert_string_equal(guard_verdict_name((enum guard_verdict)99), "unknown");
	assert_int_equal(guard_max_words(rules), 60);
}

static void broken_rules_fail_with_a_line(void **state)
{
	static const char *const broken[] = {
		"system: x\n",                                    /* no guard: */
		"guard:\n  max_words: lots\n",                    /* not a number */
		"guard:\n  max_words: 60\n  code_requests: [a]\n", /* lists missing */
		"guard:\n  max_words: 2\n  code_requests: [a]\n  verdict: [b]\n  team_cues: [c]\n  common: [d]\n",
		"guard:\n  max_words: 60\n  colour: blue\n",      /* unknown key */
		"guard: [\n",                                     /* not YAML */
	};
	for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
		struct text_source src = {"llm.yaml", broken[i], strlen(broken[i])};
		struct iv_error err = {{0}};
		struct guard_rules *g = guard_rules_parse(&src, &err);
		assert_null(g);
		assert_non_null(strstr(err.message, "llm.yaml:"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(natural_rewordings_pass),
		cmocka_unit_test(each_rule_refuses_what_breaks_it),
		cmocka_unit_test(the_moves_own_words_are_never_the_llms_fault),
		cmocka_unit_test(the_move_sets_the_length_and_the_subject),
		cmocka_unit_test(a_repeat_of_an_earlier_turn_is_refused),
		cmocka_unit_test(names_are_stable),
		cmocka_unit_test(broken_rules_fail_with_a_line),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
