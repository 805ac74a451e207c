/*
 * test_playbook.c - the shipped playbook loads and follows the brief's
 * rules; broken playbooks fail with file:line and what is wrong.
 */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "playbook_internal.h"

static struct content content;
static char *shipped;
static size_t shipped_len;

static int setup(void **state)
{
	(void)state;
	ts_load_content(&content);
	char path[1024];
	snprintf(path, sizeof path, "%s/playbooks/backend.yaml", cli_data_dir(NULL));
	shipped = ts_read(path, &shipped_len);
	assert_non_null(shipped);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(shipped);
	content_release(&content);
	return 0;
}

/* Parses text; returns the playbook or NULL with err. */
static struct playbook *parse(const char *text, struct iv_error *err)
{
	struct text_source src = {"broken.yaml", text, strlen(text)};
	return playbook_parse(&src, content.lexicon, err);
}

/* The shipped playbook with the first occurrence of from replaced by to. */
static char *mutate(const char *from, const char *to)
{
	const char *at = strstr(shipped, from);
	if (!at)
		fail_msg("the playbook has no '%s' to mutate", from);
	size_t head = (size_t)(at - shipped);
	char *out = malloc(shipped_len + strlen(to) + 1);
	memcpy(out, shipped, head);
	strcpy(out + head, to);
	strcat(out, at + strlen(from));
	return out;
}

static void expect_broken(const char *text, const char *needle)
{
	struct iv_error err = {{0}};
	struct playbook *pb = parse(text, &err);
	if (pb) {
		playbook_free(pb);
		fail_msg("a broken playbook loaded (expected an error about '%s')", needle);
	}
	if (strncmp(err.message, "broken.yaml:", 12) || !strstr(err.message, needle))
		fail_msg("error '%s' should start with broken.yaml:LINE and mention '%s'", err.message, needle);
	int line = atoi(err.message + 12);
	assert_true(line >= 1);
}

static void test_shipped_playbook_is_complete(void **state)
{
	(void)state;
	const struct playbook *pb = content.playbook;
	assert_non_null(playbook_version(pb));
	static const char *const topics[] = {
		"opening.challenge", "experience.recent_api", "experience.database_choice",
		"experience.slow_endpoint", "experience.authentication", "experience.complex_api",
		"experience.difficult_decision", "experience.mistake", "design.social_api",
		"design.high_traffic", "design.async_uploads", "design.ecommerce_schema",
		"design.rate_limiting", "design.top_products_query", "design.webhooks", "design.n_plus_one",
		"deep.complex_system", "deep.incident", "deep.schema_migration", "deep.microservices",
		"problem.slow_response", "problem.db_connections", "problem.inconsistent_data",
		"fundamentals.sql_nosql", "fundamentals.status_codes", "fundamentals.authn_authz",
		"fundamentals.request_journey", "security.sql_injection", "security.password_storage",
		"security.input_validation", "security.headers", "security.general",
		"followup.cache_invalidation", "followup.rate_limit_algorithm", "followup.queue_choice", NULL};
	for (int i = 0; topics[i]; i++)
		if (!playbook_find_topic(pb, topics[i]))
			fail_msg("the playbook lacks topic %s", topics[i]);
	/* the phase budgets of the brief */
	assert_true(pb->budget_min_s[PHASE_OPENING] == 120 && pb->budget_max_s[PHASE_OPENING] == 180);
	assert_true(pb->budget_min_s[PHASE_DESIGN] == 900 && pb->budget_max_s[PHASE_DESIGN] == 1200);
	assert_true(pb->total_min_s == 1800 && pb->total_max_s == 2400);
	assert_true(pb->min_topics[PHASE_DESIGN] >= 2);
}

static void test_no_question_asks_for_code(void **state)
{
	(void)state;
	const struct playbook *pb = content.playbook;
	for (size_t i = 0; i < pb->n_topics; i++)
		for (size_t k = 0; k < pb->topics[i].ask.n; k++) {
			const char *q = pb->topics[i].ask.items[k];
			assert_null(strstr(q, "mplement"));
			assert_null(strstr(q, "write code"));
			assert_null(strstr(q, "syntax"));
			assert_true(text_count_words(q) <= 45);
		}
	/* nor does any follow-up, or the reason said before one */
	for (size_t f = 0; f < pb->n_followups; f++) {
		const struct variants *v = &pb->followups[f].lines;
		for (size_t k = 0; k < v->n; k++) {
			const char *said[] = {v->items[k], v->whys ? v->whys[k] : NULL};
			for (int j = 0; j < 2; j++)
				if (said[j] && (strstr(said[j], "write code") || strstr(said[j], "code it") ||
						strstr(said[j], "write a function") || strstr(said[j], "write a query")))
					fail_msg("asks for code: %s", said[j]);
		}
	}
}

static void test_broken_yaml_syntax(void **state)
{
	(void)state;
	expect_broken("version: 1\nrole: [unclosed\n", "");
	expect_broken("- just\n- a list\n", "mapping");
	expect_broken("", "empty");
	const char bad_utf8[] = "version: \"\xff\"\n";
	struct iv_error err;
	assert_null(parse(bad_utf8, &err));
	assert_non_null(strstr(err.message, "UTF-8"));
}

static void test_broken_contents(void **state)
{
	(void)state;
	char *t;
	t = mutate("version:", "versio:");
	expect_broken(t, "unknown key 'versio'");
	free(t);
	t = mutate("{name}", "{nmae}");
	expect_broken(t, "unknown placeholder '{nmae}'");
	free(t);
	t = mutate("id: design.webhooks", "id: design.webhookz\n    bogus: 1");
	expect_broken(t, "unknown key 'bogus'");
	free(t);
	t = mutate("id: experience.mistake", "id: experiences.mistake");
	expect_broken(t, "not a topic id");
	free(t);
	t = mutate("id: design.webhooks", "id: design.social_api");
	expect_broken(t, "defined twice");
	free(t);
	t = mutate("requires_category: database", "requires_category: databasez");
	expect_broken(t, "unknown category 'databasez'");
	free(t);
	t = mutate("when_categories: [caching]", "when_categories: [cashing]");
	expect_broken(t, "unknown lexicon category 'cashing'");
	free(t);
	t = mutate("when_kinds: [component]", "when_kinds: [gadget]");
	expect_broken(t, "when_kinds: unknown kind of concept 'gadget'");
	free(t);
	t = mutate("covered_by: design.rate_limiting", "covered_by: design.rate_limitting");
	expect_broken(t, "covered_by 'design.rate_limitting' is not a topic");
	free(t);
	t = mutate("Let's take {option} first.", "Let's take that one first.");
	expect_broken(t, "pick_option: every line names the option it picks");
	free(t);
	t = mutate("Let's change tack a little.", "Let's change tack to {option}.");
	expect_broken(t, "unknown placeholder '{option}'");
	free(t);
	t = mutate("covered_by: experience.slow_endpoint", "covered_by: problem.slow_response");
	expect_broken(t, "problem.slow_response: covered_by names the topic itself");
	free(t);
	t = mutate("  design.rate_limiting:\n", "  design.rate_limitting:\n");
	expect_broken(t, "hints: unknown topic 'design.rate_limitting'");
	free(t);
	/* a match gap stands only between words */
	t = mutate("first ... months", "... months");
	expect_broken(t, "'...' only between words");
	free(t);
	t = mutate("first ... months", "first ...");
	expect_broken(t, "'...' only between words");
	free(t);
	/* the words that never make a question its own are a list of words */
	t = mutate("function_words: [a, an,", "function_words: [[a], an,");
	expect_broken(t, "function_words");
	free(t);
	t = mutate("words_per_minute: 150", "words_per_minute: fast");
	expect_broken(t, "must be a number");
	free(t);
	t = mutate("budget_seconds: [900, 1200]", "budget_seconds: [1200, 900]");
	expect_broken(t, "min <= max");
	free(t);
	t = mutate("max_followups: 2", "max_followups: 9");
	expect_broken(t, "max_followups");
	free(t);
	t = mutate("  token_bucket:", "  token_buckets:");
	expect_broken(t, "unknown concept 'token_buckets'");
	free(t);
	/* listening: kinds of concept, stance probes, concept follow-ups */
	t = mutate("{say: \"You mentioned {concept}. Why that over the alternatives?\", kinds: [component, technique, language, protocol], needs: [choice]}",
		   "\"You mentioned {concept}. Why that over the alternatives?\"");
	expect_broken(t, "must say which kinds of concept it fits");
	free(t);
	t = mutate("kinds: [component, technique, language, protocol]}", "kinds: [gizmo]}");
	expect_broken(t, "unknown kind of concept 'gizmo'");
	free(t);
	/* what a line needs of the reply, what a topic's answers are, its own follow-ups */
	t = mutate("{say: \"Why that choice?\", needs: [choice]}", "{say: \"Why that choice?\", needs: [choise]}");
	expect_broken(t, "unknown need 'choise'");
	free(t);
	t = mutate("    answers: explanation\n", "    answers: lecture\n");
	expect_broken(t, "'answers' must be story, design or explanation");
	free(t);
	/* the parts of a story a topic asks to hear */
	t = mutate("    asks_for: [fix]\n", "    asks_for: [moral]\n");
	expect_broken(t, "unknown part 'moral' in 'asks_for'");
	free(t);
	t = mutate("    asks_for: [fix]\n", "    asks_for: fix\n");
	expect_broken(t, "'asks_for' must be a list");
	free(t);
	t = mutate("topic_followups:\n  opening.challenge:", "topic_followups:\n  opening.challenger:");
	expect_broken(t, "topic_followups: unknown topic 'opening.challenger'");
	free(t);
	t = mutate("topic_followups:\n", "topic_followups:\n  design.webhooks: []\n");
	expect_broken(t, "topic_followups for 'design.webhooks' must be a non-empty list");
	free(t);
	/* a follow-up's reason is said before it, and is no question */
	t = mutate("topic_followups:\n", "topic_followups:\n  design.webhooks:\n    - {probe: follow_up, "
		   "say: \"How do you retry?\", why: \"Why would anyone retry?\"}\n");
	expect_broken(t, "is no question itself");
	free(t);
	t = mutate("topic_followups:\n", "topic_followups:\n  design.webhooks:\n    - {probe: follow_up, "
		   "say: \"How do you retry?\", why: \"Retries {nonsense} matter.\"}\n");
	expect_broken(t, "unknown placeholder '{nonsense}'");
	free(t);
	/* what a generic line is about is a lexicon category */
	t = mutate("about: [database, transactions, storage, queues, streaming, consistency]",
		   "about: [database, plumbing]");
	expect_broken(t, "unknown category 'plumbing'");
	free(t);
	/* ... and so is what a topic's own follow-up takes for granted */
	t = mutate("about: [queues], say: \"A viral moment", "about: [workers], say: \"A viral moment");
	expect_broken(t, "unknown category 'workers'");
	free(t);
	/* what a follow-up covers is a knowledge point's id */
	t = mutate("say: \"How long do your access tokens live",
		   "covers: \"Token Life!\", say: \"How long do your access tokens live");
	expect_broken(t, "covers 'Token Life!' is not a knowledge point or answer id");
	free(t);
	/* numbers out of an int's range, or not numbers at all, are refused
	 * (a fuzzer found 4.4e113 topics cast to an int) */
	t = mutate("min_topics: 2}", "min_topics: 4.4e113}");
	expect_broken(t, "min_topics must be between 0 and");
	free(t);
	t = mutate("min_topics: 2}", "min_topics: .nan}");
	expect_broken(t, "min_topics must be a number");
	free(t);
	t = mutate("  - id: design.n_plus_one\n", "  - id: design.n_plus_one\n    order: 1e300\n");
	expect_broken(t, "order must be between");
	free(t);
	/* a conditional follow-up's further questions are checked as its asks are */
	t = mutate("    ask_further:\n", "    ask_further:\n      - {say: \"Which {concept}?\", kinds: [gizmo]}\n");
	expect_broken(t, "ask_further: unknown kind of concept 'gizmo'");
	free(t);
	/* what a concept's follow-up needs is choice, system or story */
	t = mutate("needs: [story], say: \"What did that extra index cost you",
		   "needs: [memories], say: \"What did that extra index cost you");
	expect_broken(t, "unknown need 'memories'");
	free(t);
	t = mutate("stance_probes:", "stance_probez:");
	expect_broken(t, "unknown key 'stance_probez'");
	free(t);
	t = mutate("{probe: probe_why,", "{probe: probe_whim,");
	expect_broken(t, "unknown probe 'probe_whim'");
	free(t);
	t = mutate("concept_followups:\n", "concept_followups:\n  redis_clusterz:\n    - {probe: follow_up, say: \"Tell me more.\"}\n");
	expect_broken(t, "unknown concept 'redis_clusterz'");
	free(t);
	t = mutate("concept_followups:\n", "concept_followups:\n  redis: []\n");
	expect_broken(t, "must be a non-empty list");
	free(t);
	/* a line too long to say in one turn */
	char longline[2048] = "    - \"";
	for (int i = 0; i < 70; i++)
		strcat(longline, "word ");
	strcat(longline, "\"\n");
	char *anchor = strstr(shipped, "  wrap:\n");
	assert_non_null(anchor);
	char with[4096];
	snprintf(with, sizeof with, "  wrap:\n%s", longline);
	t = mutate("  wrap:\n", with);
	expect_broken(t, "at most 60");
	free(t);
}

/* A follow-up covering a point the rubric does not know fails the content
 * load, naming the playbook and the id. */
static void test_cover_must_be_a_rubric_point(void **state)
{
	(void)state;
	char *t = mutate("say: \"How long do your access tokens live",
			 "covers: wh_carrier_pigeons, say: \"How long do your access tokens live");
	char *dir = ts_tmpdir(), path[512];
	snprintf(path, sizeof path, "%s/playbook.yaml", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(t, f);
	fclose(f);
	struct content c;
	struct iv_error err = {{0}};
	assert_int_not_equal(content_load(cli_data_dir(NULL), path, &c, &err), 0);
	if (!strstr(err.message, "playbook.yaml") || !strstr(err.message, "'wh_carrier_pigeons' is neither a knowledge point nor an answer"))
		fail_msg("unexpected error: %s", err.message);
	content_release(&c);
	/* the shipped follow-ups' points all load */
	assert_true(playbook_cover_count(content.playbook) > 0);
	remove(path);
	rmdir(dir);
	free(dir);
	free(t);
}

/* One broken edit of the shipped playbook and the error it must give. */
struct breakage {
	const char *from, *to, *error;
};

static void expect_each_broken(const struct breakage *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *t = mutate(b[i].from, b[i].to);
		expect_broken(t, b[i].error);
		free(t);
	}
}

#define OPEN_FLOOR_STRONG "strong: [deep.complex_system, deep.incident]"

/* What an open floor is about is data: ids must name topics of the
 * playbook (not follow-ups: a story is about a topic), as a short list per
 * branch. */
static void test_open_floor_topics(void **state)
{
	(void)state;
	static const struct breakage broken[] = {
		{OPEN_FLOOR_STRONG, "strong: [deep.complex_sytem]",
		 "open_floor_topics: 'deep.complex_sytem' is not a topic"},
		{OPEN_FLOOR_STRONG, "strong: deep.incident", "must be a list of at most"},
		{OPEN_FLOOR_STRONG, "strong: [deep.incident, deep.incident, deep.incident, deep.incident, deep.incident]",
		 "must be a list of at most"},
		{"  fundamentals: [experience.complex_api", "  basic: [experience.complex_api", "unknown key 'basic'"},
		{OPEN_FLOOR_STRONG, "strong: [followup.cache_invalidation]",
		 "open_floor_topics: 'followup.cache_invalidation' is not a topic"},
	};
	expect_each_broken(broken, sizeof broken / sizeof broken[0]);
	struct iv_error err = {{0}};
	struct playbook *pb = parse(shipped, &err);
	assert_non_null(pb);
	assert_int_equal(pb->n_open_floor_topics[1], 2);
	assert_string_equal(pb->topics[pb->open_floor_topics[1][0]].id, "deep.complex_system");
	assert_string_equal(pb->topics[pb->open_floor_topics[0][1]].id, "experience.mistake");
	playbook_free(pb);
}

/* heard_as (how an answer to a follow-up, or the right view a challenge
 * looks for, sounds) is a short list of phrases, none a question; a
 * challenge is [lines] or {lines, heard_as}. */
static void test_heard_as(void **state)
{
	(void)state;
	char many[2048] = "heard_as: [";
	for (int i = 0; i < QPHRASES_MAX + 1; i++)
		snprintf(many + strlen(many), sizeof many - strlen(many), "\"phrase %d\", ", i);
	strcat(many, "\"size limit\"");
	const struct breakage broken[] = {
		{"heard_as: [\"size limit\"", "heard_as: [\"what size limit?\"", "is empty or a question"},
		{"heard_as: [\"size limit\"", "heard_as: [[\"size limit\"]", "heard_as: item 1 is not a string"},
		{"heard_as: [\"size limit\"", many, "more than"},
		{"  jwt_encrypted:\n    heard_as:", "  jwt_encrypted:\n    bogus: 1\n    heard_as:", "unknown key 'bogus'"},
		{"  jwt_encrypted:\n    heard_as: [",
		 "  jwt_encrypted:\n    heard_as: [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", \"i\", \"j\", "
		 "\"k\", \"l\", \"m\", ",
		 "challenge 'jwt_encrypted': heard_as has more than"},
		{"  jwt_encrypted:\n    heard_as: [\"just signed\"", "  jwt_encrypted:\n    heard_az: [\"just signed\"",
		 "unknown key 'heard_az'"},
		{"  jwt_encrypted:\n    heard_as: [\"just signed\"", "  jwt_encrypted:\n    heard_as: [\"just signed?\"",
		 "challenge 'jwt_encrypted': heard_as phrase 'just signed?' is empty or a question"},
	};
	expect_each_broken(broken, sizeof broken / sizeof broken[0]);
	/* the shipped follow-ups sound like something */
	struct iv_error err = {{0}};
	struct playbook *pb = parse(shipped, &err);
	assert_non_null(pb);
	const struct topic *up = playbook_find_topic(pb, "design.async_uploads");
	assert_non_null(up);
	assert_non_null(up->followups.heard_terms);
	for (size_t i = 0; i < up->followups.n; i++)
		assert_true(up->followups.heard_terms[i].n >= 5);
	playbook_free(pb);
}

static void test_missing_required_parts(void **state)
{
	(void)state;
	char *t = mutate("anecdotes:", "anecdotez:");
	expect_broken(t, "anecdotez");
	free(t);
	t = mutate("  thanks:", "  thank_you:");
	expect_broken(t, "unknown line 'thank_you'");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_playbook_is_complete),
		cmocka_unit_test(test_no_question_asks_for_code),
		cmocka_unit_test(test_broken_yaml_syntax),
		cmocka_unit_test(test_broken_contents),
		cmocka_unit_test(test_missing_required_parts),
		cmocka_unit_test(test_open_floor_topics),
		cmocka_unit_test(test_heard_as),
		cmocka_unit_test(test_cover_must_be_a_rubric_point),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
