/*
 * pattern_expand.c - nested groups of the pattern language, expanded into
 * flat alternatives (see pattern_expand.h).  Written by hand: a few lines
 * of recursion over a grammar of our own, no library has it.
 */
#include "pattern_expand.h"

#include <stdlib.h>
#include <string.h>

void alternatives_release(struct alternatives *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->items[i]);
	free(a->items);
	memset(a, 0, sizeof *a);
}

static int push(struct alternatives *a, char *s, const char **why)
{
	if (a->n >= PATTERN_MAX_ALTERNATIVES) {
		free(s);
		*why = "a group expands to too many alternatives";
		return -1;
	}
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 8;
		char **bigger = realloc(a->items, cap * sizeof *bigger);
		if (!bigger) {
			free(s);
			*why = "out of memory";
			return -1;
		}
		a->items = bigger;
		a->cap = cap;
	}
	a->items[a->n++] = s;
	return 0;
}

/* prefix + " " + tail, single-spaced and trimmed (malloc'd), or NULL */
static char *join(const char *prefix, const char *tail, size_t tail_len)
{
	size_t pl = strlen(prefix);
	char *s = malloc(pl + tail_len + 2);
	if (!s)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < pl + 1 + tail_len; i++) {
		char c = i < pl ? prefix[i] : i == pl ? ' ' : tail[i - pl - 1];
		if (c == '\t')
			c = ' ';
		if (c == ' ' && (o == 0 || s[o - 1] == ' '))
			continue;
		s[o++] = c;
	}
	while (o && s[o - 1] == ' ')
		o--;
	s[o] = '\0';
	return s;
}

/* The index of the ')' closing the '(' at text[at], or len. */
static size_t closing(const char *text, size_t len, size_t at)
{
	int depth = 0;
	for (size_t i = at; i < len; i++) {
		depth += text[i] == '(';
		depth -= text[i] == ')';
		if (!depth)
			return i;
	}
	return len;
}

/* Expands one alternative (a sequence of words and groups) into out. */
static int expand_sequence(const char *text, size_t len, struct alternatives *out, const char **why)
{
	struct alternatives done = {0};
	char *empty = calloc(1, 1);
	if (!empty || push(&done, empty, why)) {
		*why = *why ? *why : "out of memory";
		return -1;
	}
	size_t i = 0;
	while (i < len) {
		size_t from = i;
		while (i < len && text[i] != '(')
			i++;
		/* plain words: appended to every alternative so far */
		for (size_t k = 0; k < done.n && i > from; k++) {
			char *s = join(done.items[k], text + from, i - from);
			if (!s) {
				alternatives_release(&done);
				*why = "out of memory";
				return -1;
			}
			free(done.items[k]);
			done.items[k] = s;
		}
		if (i >= len)
			break;
		size_t close = closing(text, len, i);
		if (close >= len) {
			alternatives_release(&done);
			*why = "unbalanced parentheses";
			return -1;
		}
		struct alternatives inner = {0};
		if (pattern_expand_group(text + i + 1, close - i - 1, &inner, why)) {
			alternatives_release(&done);
			return -1;
		}
		int optional = close + 1 < len && text[close + 1] == '?';
		if (optional) {
			char *none = calloc(1, 1);
			if (!none || push(&inner, none, why)) {
				alternatives_release(&inner);
				alternatives_release(&done);
				*why = *why ? *why : "out of memory";
				return -1;
			}
		}
		struct alternatives next = {0};
		for (size_t a = 0; a < done.n; a++)
			for (size_t b = 0; b < inner.n; b++) {
				char *s = join(done.items[a], inner.items[b], strlen(inner.items[b]));
				if (!s || push(&next, s, why)) {
					*why = s ? *why : "out of memory";
					alternatives_release(&next);
					alternatives_release(&inner);
					alternatives_release(&done);
					return -1;
				}
			}
		alternatives_release(&inner);
		alternatives_release(&done);
		done = next;
		i = close + 1 + (size_t)optional;
	}
	for (size_t k = 0; k < done.n; k++) {
		if (push(out, done.items[k], why)) {
			done.items[k] = NULL;
			for (size_t r = k + 1; r < done.n; r++)
				free(done.items[r]);
			free(done.items);
			return -1;
		}
	}
	free(done.items);
	return 0;
}

int pattern_expand_group(const char *text, size_t len, struct alternatives *out, const char **why)
{
	*why = NULL;
	size_t start = 0;
	int depth = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && text[i] == '(')
			depth++;
		if (i < len && text[i] == ')' && --depth < 0) {
			*why = "unbalanced parentheses";
			return -1;
		}
		if (i == len || (text[i] == '|' && depth == 0)) {
			if (expand_sequence(text + start, i - start, out, why))
				return -1;
			start = i + 1;
		}
	}
	if (depth) {
		*why = "unbalanced parentheses";
		return -1;
	}
	return 0;
}
