/*
 * test_text.c - splitting utterances into words and sentences, phrase
 * normalization, word counts and UTF-8 validation.
 */
#include "test_support.h"

#include <string.h>

#include "text.h"

static void test_words_are_normalized(void **state)
{
	(void)state;
	struct text_words tw = {0};
	const char *s = "I'd use a Token-Bucket, don't you think? p99 was 200ms.";
	assert_int_equal(text_split(s, &tw), 0);
	const char *want[] = {"id", "use", "a", "token", "bucket", "dont", "you", "think", "p99", "was", "200ms"};
	assert_int_equal(tw.n_words, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < tw.n_words; i++)
		assert_string_equal(tw.words[i].norm, want[i]);
	/* offsets point at the original words */
	assert_memory_equal(s + tw.words[3].start, "Token", 5);
	assert_int_equal(tw.words[0].end - tw.words[0].start, 3); /* I'd */
	text_words_release(&tw);
}

static void test_sentences_and_terminators(void **state)
{
	(void)state;
	struct text_words tw = {0};
	assert_int_equal(text_split("Yes, a few. What does on-call look like?! And the team", &tw), 0);
	assert_int_equal(tw.n_sentences, 3);
	assert_int_equal(tw.sentences[0].terminator, '.');
	assert_int_equal(tw.sentences[1].terminator, '?');
	assert_int_equal(tw.sentences[2].terminator, 0);
	assert_int_equal(tw.sentences[1].n_words, 6); /* what does on call look like */
	text_words_release(&tw);
}

static void test_decimal_numbers_stay_whole(void **state)
{
	(void)state;
	struct text_words tw = {0};
	assert_int_equal(text_split("It took 2.5 seconds. Then 3.", &tw), 0);
	assert_string_equal(tw.words[2].norm, "2.5");
	assert_int_equal(tw.n_sentences, 2);
	text_words_release(&tw);
}

static void test_empty_and_punctuation_only(void **state)
{
	(void)state;
	struct text_words tw = {0};
	assert_int_equal(text_split("", &tw), 0);
	assert_int_equal(tw.n_words, 0);
	assert_int_equal(text_split(" ... ?! ", &tw), 0);
	assert_int_equal(tw.n_words, 0);
	assert_int_equal(tw.n_sentences, 0);
	text_words_release(&tw);
}

static void test_long_word_is_truncated_not_overflowed(void **state)
{
	(void)state;
	char big[300];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	struct text_words tw = {0};
	assert_int_equal(text_split(big, &tw), 0);
	assert_int_equal(tw.n_words, 1);
	assert_int_equal(strlen(tw.words[0].norm), TEXT_MAX_WORD_BYTES - 1);
	assert_int_equal(tw.words[0].end, sizeof big - 1);
	text_words_release(&tw);
}

static void test_normalize_phrase_keeps_stems(void **state)
{
	(void)state;
	char out[128];
	assert_int_equal(text_normalize_phrase("Shard*", out, sizeof out), 1);
	assert_string_equal(out, "shard*");
	assert_int_equal(text_normalize_phrase("trade-off", out, sizeof out), 2);
	assert_string_equal(out, "trade off");
	assert_int_equal(text_normalize_phrase("N+1 query", out, sizeof out), 3);
	assert_string_equal(out, "n 1 query");
	assert_int_equal(text_normalize_phrase("!!", out, sizeof out), 0);
}

static void test_count_words(void **state)
{
	(void)state;
	assert_int_equal(text_count_words("Hey Jordan, good to meet you!"), 6);
	assert_int_equal(text_count_words("don't"), 1);
	assert_int_equal(text_count_words(""), 0);
}

static void test_utf8_validation(void **state)
{
	(void)state;
	const char *ok = "caf\xc3\xa9 \xe2\x80\x99 \xf0\x9f\x98\x80";
	assert_true(text_is_valid_utf8(ok, strlen(ok)));
	assert_false(text_is_valid_utf8("\xff", 1));
	assert_false(text_is_valid_utf8("\xc3", 1));           /* truncated */
	assert_false(text_is_valid_utf8("\xc0\xaf", 2));       /* overlong */
	assert_false(text_is_valid_utf8("\xed\xa0\x80", 3));   /* surrogate */
	assert_false(text_is_valid_utf8("\xf4\x90\x80\x80", 4)); /* beyond U+10FFFF */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_are_normalized),
		cmocka_unit_test(test_sentences_and_terminators),
		cmocka_unit_test(test_decimal_numbers_stay_whole),
		cmocka_unit_test(test_empty_and_punctuation_only),
		cmocka_unit_test(test_long_word_is_truncated_not_overflowed),
		cmocka_unit_test(test_normalize_phrase_keeps_stems),
		cmocka_unit_test(test_count_words),
		cmocka_unit_test(test_utf8_validation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
