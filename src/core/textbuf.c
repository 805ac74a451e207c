/*
 * textbuf.c - the growing string (see textbuf.h).
 *
 * The capacity doubles from TEXTBUF_FIRST_BYTES, so appending byte by byte
 * costs amortized constant time.  Every append goes through reserve(), the
 * one place that allocates and the one place that sets `failed`; once set,
 * the buffer is frozen until it is reset or freed, so a caller can append a
 * whole text without checking and look once at the end.
 */
#include "textbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXTBUF_FIRST_BYTES 256

void textbuf_init(struct textbuf *tb)
{
	memset(tb, 0, sizeof *tb);
}

void textbuf_free(struct textbuf *tb)
{
	free(tb->data);
	memset(tb, 0, sizeof *tb);
}

void textbuf_reset(struct textbuf *tb)
{
	tb->len = 0;
	tb->failed = 0;
	if (tb->data)
		tb->data[0] = '\0';
}

char *textbuf_detach(struct textbuf *tb)
{
	char *text = tb->data;
	if (tb->failed) {
		free(text);
		text = NULL;
	} else if (!text) {
		text = calloc(1, 1);
	}
	memset(tb, 0, sizeof *tb);
	return text;
}

/* Room for more bytes and the NUL; 0, or -1 with tb->failed set. */
static int reserve(struct textbuf *tb, size_t more)
{
	if (tb->failed)
		return -1;
	if (more >= TEXTBUF_MAX_BYTES - tb->len) {
		tb->failed = 1;
		return -1;
	}
	size_t need = tb->len + more + 1;
	if (need <= tb->cap)
		return 0;
	size_t cap = tb->cap ? tb->cap : TEXTBUF_FIRST_BYTES;
	while (cap < need)
		cap *= 2; /* need < TEXTBUF_MAX_BYTES: no overflow */
	char *grown = realloc(tb->data, cap);
	if (!grown) {
		tb->failed = 1;
		return -1;
	}
	tb->data = grown;
	tb->cap = cap;
	return 0;
}

void textbuf_addn(struct textbuf *tb, const char *s, size_t n)
{
	if (reserve(tb, n))
		return;
	if (n)
		memcpy(tb->data + tb->len, s, n);
	tb->len += n;
	tb->data[tb->len] = '\0';
}

void textbuf_add(struct textbuf *tb, const char *s)
{
	if (s)
		textbuf_addn(tb, s, strlen(s));
}

void textbuf_addc(struct textbuf *tb, char c)
{
	textbuf_addn(tb, &c, 1);
}

void textbuf_addf(struct textbuf *tb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		tb->failed = 1;
		return;
	}
	if (reserve(tb, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(tb->data + tb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	tb->len += (size_t)n;
}

const char *textbuf_str(const struct textbuf *tb)
{
	return tb->data ? tb->data : "";
}

char textbuf_last(const struct textbuf *tb)
{
	return tb->len ? tb->data[tb->len - 1] : '\0';
}

void textbuf_truncate(struct textbuf *tb, size_t len)
{
	if (len >= tb->len)
		return;
	tb->len = len;
	tb->data[len] = '\0';
}

int textbuf_fill(struct textbuf *tb, const char *tmpl, textbuf_lookup_fn *lookup, void *ctx)
{
	const char *p = tmpl;
	while (*p) {
		const char *open = strchr(p, '{');
		if (!open) {
			textbuf_add(tb, p);
			break;
		}
		textbuf_addn(tb, p, (size_t)(open - p));
		const char *close = strchr(open, '}');
		int found = close ? lookup(ctx, tb, open + 1, (size_t)(close - open - 1)) : 0;
		if (found < 0)
			return -1;
		if (found) {
			p = close + 1;
			continue;
		}
		textbuf_addc(tb, '{');
		p = open + 1;
	}
	return 0;
}
