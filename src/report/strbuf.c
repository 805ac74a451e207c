/*
 * strbuf.c - see strbuf.h.
 */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int reserve(struct strbuf *b, size_t more)
{
	if (b->failed)
		return -1;
	if (b->len + more + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + more + 1)
		cap *= 2;
	char *n = realloc(b->data, cap);
	if (!n) {
		b->failed = 1;
		return -1;
	}
	b->data = n;
	b->cap = cap;
	return 0;
}

void sb_addn(struct strbuf *b, const char *s, size_t n)
{
	if (reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void sb_add(struct strbuf *b, const char *s)
{
	sb_addn(b, s ? s : "", s ? strlen(s) : 0);
}

void sb_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sb_html(struct strbuf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': sb_add(b, "&amp;"); break;
		case '<': sb_add(b, "&lt;"); break;
		case '>': sb_add(b, "&gt;"); break;
		case '"': sb_add(b, "&quot;"); break;
		case '\'': sb_add(b, "&#39;"); break;
		default: sb_addn(b, s, 1);
		}
	}
}

void sb_md(struct strbuf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			sb_add(b, "\\|");
		else if (*s == '\n' || *s == '\r')
			sb_add(b, " ");
		else if (*s == '<')
			sb_add(b, "&lt;");
		else
			sb_addn(b, s, 1);
	}
}

char *sb_finish(struct strbuf *b)
{
	if (b->failed) {
		free(b->data);
		memset(b, 0, sizeof *b);
		return NULL;
	}
	char *out = b->data ? b->data : strdup("");
	memset(b, 0, sizeof *b);
	return out;
}
