/*
 * test_speech_text.c - interviewer text made sayable: the shipped
 * pronunciation table (SQL, JWT, API, OAuth, PgBouncer, JSON ...), the
 * rules no table holds (numbers, p99, 10k, units, URLs, paths, markdown),
 * sentence splitting, and the table's parse errors.
 */
#include "test_support.h"

#include <stdlib.h>
#include <string.h>

#include "speech_text.h"

static struct speech_table *table;

static int load_table(void **state)
{
	(void)state;
	size_t len = 0;
	char *text = ts_read(IV_DATA_DIR "/speech/pronunciations.yaml", &len);
	assert_non_null(text);
	struct text_source src = {"pronunciations.yaml", text, len};
	struct iv_error err = {{0}};
	table = speech_table_parse(&src, &err);
	if (!table)
		fail_msg("%s", err.message);
	free(text);
	return 0;
}

static int free_table(void **state)
{
	(void)state;
	speech_table_free(table);
	return 0;
}

/* Asserts that text is said as expected (exact). */
#define assert_said(text, expected)                                                        \
	do {                                                                               \
		char *got_ = speech_text_sayable(table, (text));                           \
		assert_non_null(got_);                                                     \
		if (strcmp(got_, (expected)) != 0)                                         \
			fail_msg("\"%s\" was said as \"%s\", expected \"%s\"", (text), got_, \
				 (expected));                                              \
		free(got_);                                                                \
	} while (0)

static void test_acronyms_as_engineers_say_them(void **state)
{
	(void)state;
	assert_said("Do you know SQL?", "Do you know sequel?");
	assert_said("We sign a JWT.", "We sign a J W T.");
	assert_said("The API returns JSON.", "The A P I returns jason.");
	assert_said("Login with OAuth", "Login with oh auth");
	assert_said("Put PgBouncer in front of Postgres", "Put P G bouncer in front of post gress");
	assert_said("Kubernetes and gRPC", "koo ber net ease and G R P C");
	assert_said("REST APIs over HTTPS", "REST A P Is over H T T P S");
	assert_said("NoSQL or MySQL", "no sequel or my sequel");
	assert_said("an idempotent endpoint", "an eye dem potent endpoint");
}

static void test_case_and_word_boundaries(void **state)
{
	(void)state;
	/* Case-insensitive, whole words only: "sql" inside a word is left alone. */
	assert_said("sql and Sql", "sequel and sequel");
	assert_said("SQLAlchemy", "SQLAlchemy");
	assert_said("The database is fine.", "The database is fine.");
	/* Longest term wins: "SQL Server" is not "sequel Server". */
	assert_said("on SQL Server", "on sequel server");
}

static void test_numbers_units_and_percentiles(void **state)
{
	(void)state;
	assert_said("10k requests per second", "ten thousand requests per second");
	assert_said("p99 latency", "p ninety-nine latency");
	assert_said("a p95 of 200ms", "a p ninety-five of two hundred milliseconds");
	assert_said("99.9% uptime", "ninety-nine point nine percent uptime");
	assert_said("1,000,000 users", "one million users");
	assert_said("5M rows", "five million rows");
	assert_said("the 3rd and 21st", "the third and twenty-first");
	assert_said("return a 404", "return a four oh four");
	assert_said("2 GB of RAM", "two gigabytes of RAM");
	assert_said("in 50 ms", "in fifty milliseconds");
	assert_said("two of us", "two of us");
	assert_said("Put it in a PUT request", "Put it in a PUT request");
	assert_said("a 10x improvement", "a ten times improvement");
	assert_said("v2", "v two");
	assert_said("S3 and EC2", "S three and E C two");
}

static void test_number_words(void **state)
{
	(void)state;
	char out[128];
	speech_number_words(0, out, sizeof out);
	assert_string_equal(out, "zero");
	speech_number_words(15, out, sizeof out);
	assert_string_equal(out, "fifteen");
	speech_number_words(1001, out, sizeof out);
	assert_string_equal(out, "one thousand one");
	speech_number_words(123456789, out, sizeof out);
	assert_string_equal(out, "one hundred twenty-three million four hundred fifty-six "
				 "thousand seven hundred eighty-nine");
	/* Truncates to the buffer. */
	assert_int_equal(speech_number_words(77, out, 6), 5);
	assert_string_equal(out, "seven");
}

static void test_writing_habits_urls_and_paths(void **state)
{
	(void)state;
	assert_said("caches, e.g. Redis", "caches, for example reddiss");
	assert_said("the primary, i.e. the writer", "the primary, that is the writer");
	assert_said("see https://api.example.com/v1/docs.",
		    "see A P I dot example dot com slash v one slash docs.");
	assert_said("GET /users/{id}/posts", "GET slash users slash I D slash posts");
	assert_said("read/write traffic", "read or write traffic");
	assert_said("100 requests/hour", "one hundred requests per hour");
	assert_said("user_id", "user I D");
	assert_said("Node.js & Go", "node J S and Go");
	assert_said("SQL vs. NoSQL", "sequel versus no sequel");
}

static void test_markdown_is_not_read_out(void **state)
{
	(void)state;
	assert_said("**Caching** and `Redis`", "Caching and reddiss");
	assert_said("Two options:\n- a queue\n- a cron job", "Two options: a queue. a cron job");
	assert_said("A \xe2\x80\x94 B", "A, B");
}

static void test_without_table_only_rules_apply(void **state)
{
	(void)state;
	char *s = speech_text_sayable(NULL, "SQL at 10k rps");
	assert_non_null(s);
	/* No table: no unit either, the number is still words. */
	assert_string_equal(s, "SQL at ten k rps");
	free(s);
	assert_null(speech_table_lookup(NULL, "SQL"));
	assert_string_equal(speech_table_lookup(table, "jwt"), "J W T");
	assert_true(speech_table_term_count(table) > 100);
}

static void test_sentences(void **state)
{
	(void)state;
	const char *t = "Good. It took 3.5 seconds! Why? Done";
	size_t n = speech_text_sentence_len(t);
	assert_int_equal(n, strlen("Good. "));
	t += n;
	n = speech_text_sentence_len(t);
	assert_int_equal(n, strlen("It took 3.5 seconds! "));
	t += n;
	n = speech_text_sentence_len(t);
	assert_int_equal(n, strlen("Why? "));
	t += n;
	assert_int_equal(speech_text_sentence_len(t), strlen("Done"));
	assert_int_equal(speech_text_sentence_len(""), 0);
}

static void assert_parse_error(const char *yaml, const char *expected)
{
	struct text_source src = {"p.yaml", yaml, strlen(yaml)};
	struct iv_error err = {{0}};
	struct speech_table *t = speech_table_parse(&src, &err);
	assert_null(t);
	if (!strstr(err.message, expected))
		fail_msg("error \"%s\" does not contain \"%s\"", err.message, expected);
}

static void test_parse_errors(void **state)
{
	(void)state;
	assert_parse_error("terms:\n  SQL: sequel\n  sql: S Q L\n",
			   "p.yaml:3: \"sql\" is already defined on line 2");
	assert_parse_error("words:\n  SQL: sequel\n", "p.yaml:1: unknown section \"words\"");
	assert_parse_error("terms: [a, b]\n", "p.yaml:1: a section must be a mapping");
	assert_parse_error("terms:\n  SQL: [x]\n", "p.yaml:2: each entry must be");
	assert_parse_error("terms:\n  SQL: \"\"\n", "p.yaml:2: empty term");
	assert_parse_error("terms: {\n", "p.yaml:");
	assert_parse_error("- a\n", "expected sections");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_acronyms_as_engineers_say_them),
		cmocka_unit_test(test_case_and_word_boundaries),
		cmocka_unit_test(test_numbers_units_and_percentiles),
		cmocka_unit_test(test_number_words),
		cmocka_unit_test(test_writing_habits_urls_and_paths),
		cmocka_unit_test(test_markdown_is_not_read_out),
		cmocka_unit_test(test_without_table_only_rules_apply),
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_parse_errors),
	};
	return cmocka_run_group_tests(tests, load_table, free_table);
}
