/*
 * test_textbuf.c - the core's growing string: appends of every kind, growth
 * far past the first allocation, template filling (unknown placeholders kept
 * as written, a lookup that stops the fill), and appends too large to hold,
 * which fail into the flag without touching the text.
 */
#include "test_support.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "textbuf.h"

static void test_appends(void **state)
{
	(void)state;
	struct textbuf tb;
	textbuf_init(&tb);
	assert_string_equal(textbuf_str(&tb), "");
	assert_int_equal(textbuf_last(&tb), '\0');
	textbuf_add(&tb, "abc");
	textbuf_addn(&tb, "defgh", 3);
	textbuf_addc(&tb, 'x');
	textbuf_add(&tb, NULL);
	textbuf_addn(&tb, "ignored", 0);
	textbuf_addf(&tb, "%d-%s", 42, "z");
	assert_string_equal(textbuf_str(&tb), "abcdefx42-z");
	assert_int_equal(tb.len, 11);
	assert_int_equal(textbuf_last(&tb), 'z');
	assert_false(tb.failed);

	textbuf_truncate(&tb, 3);
	assert_string_equal(textbuf_str(&tb), "abc");
	assert_int_equal(textbuf_last(&tb), 'c');
	textbuf_truncate(&tb, 10); /* not longer: nothing */
	assert_string_equal(textbuf_str(&tb), "abc");
	/* bytes, not strings: an embedded NUL counts */
	textbuf_addn(&tb, "d\0e", 3);
	assert_int_equal(tb.len, 6);
	assert_memory_equal(tb.data, "abcd\0e", 7);

	textbuf_reset(&tb);
	assert_int_equal(tb.len, 0);
	assert_string_equal(textbuf_str(&tb), "");
	textbuf_add(&tb, "again");
	char *text = textbuf_detach(&tb);
	assert_string_equal(text, "again");
	free(text);
	/* detaching leaves the buffer empty; an empty buffer detaches as "" */
	assert_null(tb.data);
	assert_int_equal(tb.len, 0);
	text = textbuf_detach(&tb);
	assert_non_null(text);
	assert_string_equal(text, "");
	free(text);
	textbuf_free(&tb);

	/* a zeroed struct is an empty buffer too */
	struct textbuf zero = {0};
	textbuf_addc(&zero, 'q');
	assert_string_equal(textbuf_str(&zero), "q");
	textbuf_free(&zero);
	assert_null(zero.data);
}

static void test_growth(void **state)
{
	(void)state;
	struct textbuf tb;
	textbuf_init(&tb);
	/* byte by byte, far past the first allocation */
	for (size_t i = 0; i < 100000; i++) {
		textbuf_addc(&tb, (char)('a' + i % 26));
		assert_true(tb.cap > tb.len);
	}
	assert_false(tb.failed);
	assert_int_equal(tb.len, 100000);
	assert_int_equal(strlen(tb.data), 100000);
	for (size_t i = 0; i < tb.len; i++)
		if (tb.data[i] != (char)('a' + i % 26))
			fail_msg("byte %zu is '%c'", i, tb.data[i]);
	/* and in pieces larger than the capacity so far */
	size_t piece_bytes = 3 * tb.cap;
	char *piece = malloc(piece_bytes);
	assert_non_null(piece);
	memset(piece, '#', piece_bytes);
	textbuf_addn(&tb, piece, piece_bytes);
	assert_false(tb.failed);
	assert_int_equal(tb.len, 100000 + piece_bytes);
	assert_int_equal(tb.data[99999], 'a' + 99999 % 26);
	assert_int_equal(tb.data[100000], '#');
	assert_int_equal(textbuf_last(&tb), '#');
	assert_int_equal(tb.data[tb.len], '\0');
	free(piece);
	/* reset keeps the memory */
	size_t cap = tb.cap;
	textbuf_reset(&tb);
	textbuf_add(&tb, "small");
	assert_int_equal(tb.cap, cap);
	assert_string_equal(textbuf_str(&tb), "small");
	textbuf_free(&tb);
}

/* {name} and {n}; {stop} stops the fill; the rest are unknown. */
static int lookup(void *ctx, struct textbuf *tb, const char *key, size_t key_len)
{
	int *calls = ctx;
	(*calls)++;
	if (key_len == 4 && !strncmp(key, "name", 4)) {
		textbuf_add(tb, "Ada");
		return 1;
	}
	if (key_len == 1 && key[0] == 'n') {
		textbuf_addf(tb, "%d", 3);
		return 1;
	}
	if (key_len == 4 && !strncmp(key, "stop", 4))
		return -1;
	return 0;
}

static void expect_fill(const char *tmpl, const char *want)
{
	struct textbuf tb;
	textbuf_init(&tb);
	int calls = 0;
	assert_int_equal(textbuf_fill(&tb, tmpl, lookup, &calls), 0);
	if (strcmp(textbuf_str(&tb), want))
		fail_msg("'%s' filled as '%s', expected '%s'", tmpl, textbuf_str(&tb), want);
	textbuf_free(&tb);
}

static void test_fill(void **state)
{
	(void)state;
	expect_fill("Hi {name}, {n} questions.", "Hi Ada, 3 questions.");
	expect_fill("{name}{name}", "AdaAda");
	expect_fill("", "");
	expect_fill("no placeholders", "no placeholders");
	/* unknown keys are kept as written, and so is a '{' never closed */
	expect_fill("{unknown} stays", "{unknown} stays");
	expect_fill("{} and {Name}", "{} and {Name}");
	expect_fill("an open {name", "an open {name");
	expect_fill("closed}", "closed}");
	/* a placeholder ends at the first '}': after an unknown one, reading goes
	 * on after its '{', so a known one inside is still filled */
	expect_fill("{a {name}}", "{a Ada}");
	expect_fill("{{n}}", "{3}");
	/* values are not read again for placeholders */
	struct textbuf tb;
	textbuf_init(&tb);
	int calls = 0;
	textbuf_add(&tb, "> ");
	assert_int_equal(textbuf_fill(&tb, "{name} {{name}", lookup, &calls), 0);
	assert_string_equal(textbuf_str(&tb), "> Ada {Ada");
	assert_int_equal(calls, 3);
	/* the lookup stops the fill: what came before stays */
	textbuf_reset(&tb);
	assert_int_equal(textbuf_fill(&tb, "Hi {name}, {stop} {n}", lookup, &calls), -1);
	assert_string_equal(textbuf_str(&tb), "Hi Ada, ");
	textbuf_free(&tb);
}

static void test_huge_append(void **state)
{
	(void)state;
	struct textbuf tb;
	textbuf_init(&tb);
	textbuf_add(&tb, "kept");
	/* sizes whose arithmetic would overflow, or past the limit: refused
	 * before anything is read or allocated */
	static const char one[] = "x";
	textbuf_addn(&tb, one, SIZE_MAX);
	assert_true(tb.failed);
	assert_int_equal(tb.len, 4);
	assert_string_equal(tb.data, "kept");
	/* once failed, appends are ignored and detach says so */
	textbuf_add(&tb, "more");
	textbuf_addf(&tb, "%s", "more");
	assert_int_equal(tb.len, 4);
	assert_null(textbuf_detach(&tb));
	assert_null(tb.data);
	assert_false(tb.failed);

	textbuf_addc(&tb, 'a');
	textbuf_addn(&tb, one, TEXTBUF_MAX_BYTES);
	assert_true(tb.failed);
	assert_string_equal(tb.data, "a");
	/* reset forgets the failure */
	textbuf_reset(&tb);
	assert_false(tb.failed);
	textbuf_add(&tb, "fine");
	assert_string_equal(textbuf_str(&tb), "fine");
	assert_false(tb.failed);

	/* large but allowed: 16 MiB in one append */
	size_t big_bytes = (size_t)16 << 20;
	char *big = malloc(big_bytes);
	assert_non_null(big);
	memset(big, 'b', big_bytes);
	textbuf_addn(&tb, big, big_bytes);
	free(big);
	assert_false(tb.failed);
	assert_int_equal(tb.len, 4 + big_bytes);
	assert_int_equal(tb.data[3], 'e');
	assert_int_equal(tb.data[4 + big_bytes - 1], 'b');
	assert_int_equal(tb.data[tb.len], '\0');
	textbuf_free(&tb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_huge_append),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
