/*
 * pattern_expand.h - a group of the rubric's pattern language may hold
 * groups of its own ("(is|are) (not|never) (fine|(good|safe) enough)"):
 * this expands a group's text into the flat alternatives the matcher
 * compiles ("fine", "good enough", "safe enough").  Pure.
 */
#ifndef IV_PATTERN_EXPAND_H
#define IV_PATTERN_EXPAND_H

#include <stddef.h>

/* at most this many alternatives from one group */
#define PATTERN_MAX_ALTERNATIVES 4096

struct alternatives {
	char **items; /* malloc'd strings, single-spaced and trimmed; "" when a nested optional group empties it */
	size_t n, cap;
};

/* Expands text[0..len) (the inside of a group, without its outer parentheses)
 * into out.  Returns 0, or -1 with *why set ("unbalanced parentheses", "a
 * group expands to too many alternatives", "out of memory"). */
int pattern_expand_group(const char *text, size_t len, struct alternatives *out, const char **why);

void alternatives_release(struct alternatives *a);

#endif
