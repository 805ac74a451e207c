/*
 * question_parts.c - the first of the questions a follow-up asks (see
 * question_parts.h).  Works on the playbook's written text, which is
 * punctuated: a second question starts after a '?' or after ", and ".
 */
#include "question_parts.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define FIRST_PART_MIN_WORDS 4

static size_t words_in(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (!isspace((unsigned char)s[i]) && (i == 0 || isspace((unsigned char)s[i - 1])))
			n++;
	return n;
}

/* 1 when text opens with the word w (any case), followed by a non-letter. */
static int opens_with(const char *text, const char *w)
{
	size_t n = strlen(w);
	return n && strncasecmp(text, w, n) == 0 && !isalpha((unsigned char)text[n]) && text[n] != '\'';
}

static int keep(const char *q, size_t len, int add_mark, char *out, size_t cap)
{
	while (len && isspace((unsigned char)q[len - 1]))
		len--;
	if (words_in(q, len) < FIRST_PART_MIN_WORDS || len + 2 > cap)
		return 0;
	memcpy(out, q, len);
	if (add_mark)
		out[len++] = '?';
	out[len] = '\0';
	return 1;
}

int question_first_part(const char *q, const char *const *openers, char *out, size_t cap)
{
	if (!q || !out || !cap)
		return 0;
	const char *mark = strchr(q, '?');
	if (!mark)
		return 0;
	const char *rest = mark + 1;
	while (*rest && isspace((unsigned char)*rest))
		rest++;
	if (*rest && strchr(rest, '?'))
		return keep(q, (size_t)(mark + 1 - q), 0, out, cap);
	/* one sentence: "..., and <opener> ...?" */
	for (const char *at = strstr(q, ", and "); at && at < mark; at = strstr(at + 1, ", and ")) {
		const char *second = at + 6;
		for (size_t k = 0; openers && openers[k]; k++)
			if (opens_with(second, openers[k]))
				return keep(q, (size_t)(at - q), 1, out, cap);
	}
	return 0;
}
