/*
 * strbuf.h - a growing string for the report writers.  An allocation failure
 * is remembered and reported once at the end (strbuf_finish), so writers can
 * append without checking every call.
 */
#ifndef IV_STRBUF_H
#define IV_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *data;
	size_t len, cap;
	int failed;
};

void sb_add(struct strbuf *b, const char *s);
void sb_addn(struct strbuf *b, const char *s, size_t n);
void sb_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s with &, <, >, " and ' escaped for HTML text and attributes. */
void sb_html(struct strbuf *b, const char *s);
/* Appends s for a Markdown table cell or paragraph (pipes and newlines escaped). */
void sb_md(struct strbuf *b, const char *s);
/* The malloc'd string (the caller frees), or NULL when memory ran out; b is emptied. */
char *sb_finish(struct strbuf *b);

#endif
