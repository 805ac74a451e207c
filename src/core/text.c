/*
 * text.c - words and sentences of an utterance (see text.h).
 *
 * Hand-written because the job is small and specific: libc has no tokenizer
 * that keeps byte offsets and our normalization (apostrophes, UTF-8 bytes
 * kept, digits kept) must match the data files' phrases exactly.
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

static int is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c >= 0x80;
}

static int is_apostrophe_at(const unsigned char *s, size_t i, size_t *width)
{
	if (s[i] == '\'') {
		*width = 1;
		return 1;
	}
	/* U+2019 RIGHT SINGLE QUOTATION MARK, as typed by phones and word processors */
	if (s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x99) {
		*width = 3;
		return 1;
	}
	return 0;
}

static int is_sentence_end(unsigned char c)
{
	return c == '.' || c == '?' || c == '!' || c == ';';
}

static int open_sentence(struct text_words *tw, uint32_t start)
{
	if (array_grow((void **)&tw->sentences, &tw->cap_sentences, tw->n_sentences + 1,
		 sizeof *tw->sentences))
		return -1;
	struct text_sentence *s = &tw->sentences[tw->n_sentences++];
	s->start = start;
	s->end = start;
	s->first_word = (uint32_t)tw->n_words;
	s->n_words = 0;
	s->terminator = 0;
	return 0;
}

int text_split(const char *text, struct text_words *tw)
{
	const unsigned char *s = (const unsigned char *)text;
	tw->n_words = 0;
	tw->n_sentences = 0;
	int in_sentence = 0;
	size_t i = 0;
	int pause = 0; /* a clause mark since the last word */
	while (s[i]) {
		if (is_word_byte(s[i])) {
			if (!in_sentence) {
				if (open_sentence(tw, (uint32_t)i))
					return -1;
				in_sentence = 1;
			}
			if (array_grow((void **)&tw->words, &tw->cap_words, tw->n_words + 1, sizeof *tw->words))
				return -1;
			struct text_word *w = &tw->words[tw->n_words];
			size_t n = 0, width = 0;
			w->start = (uint32_t)i;
			for (;;) {
				if (is_word_byte(s[i])) {
					if (n + 1 < TEXT_MAX_WORD_BYTES) {
						unsigned char c = s[i];
						w->norm[n++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
					}
					i++;
				} else if (s[i] && is_apostrophe_at(s, i, &width) &&
					   is_word_byte(s[i + width])) {
					i += width; /* don't -> dont */
				} else if (s[i] == '_' && n > 0 && is_word_byte(s[i + 1])) {
					/* plan_cache_mode is one name: a setting or an
					 * identifier, not a mention of "cache" */
					i++;
					if (n + 1 < TEXT_MAX_WORD_BYTES)
						w->norm[n++] = '_';
				} else if (s[i] == '.' && n > 0 && w->norm[n - 1] >= '0' &&
					   w->norm[n - 1] <= '9' && s[i + 1] >= '0' && s[i + 1] <= '9') {
					i++; /* 2.5 stays one word: "25" would be wrong, keep digits joined */
					if (n + 1 < TEXT_MAX_WORD_BYTES)
						w->norm[n++] = '.';
				} else {
					break;
				}
			}
			w->norm[n] = '\0';
			w->end = (uint32_t)i;
			w->pause_before = (uint8_t)pause;
			pause = 0;
			w->sentence = (uint16_t)(tw->n_sentences - 1);
			tw->n_words++;
			struct text_sentence *cur = &tw->sentences[tw->n_sentences - 1];
			cur->n_words++;
			cur->end = (uint32_t)i;
			continue;
		}
		if (in_sentence && is_sentence_end(s[i])) {
			struct text_sentence *cur = &tw->sentences[tw->n_sentences - 1];
			cur->terminator = (char)s[i];
			cur->end = (uint32_t)i + 1;
			/* "?!" or "..." stay with the same sentence */
			while (s[i + 1] && is_sentence_end(s[i + 1])) {
				i++;
				if (s[i] == '?')
					cur->terminator = '?';
				cur->end = (uint32_t)i + 1;
			}
			in_sentence = 0;
		} else if (in_sentence && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') {
			tw->sentences[tw->n_sentences - 1].end = (uint32_t)i + 1;
			if (s[i] == ',' || s[i] == ':' || s[i] == '(' || s[i] == ')' ||
			    (s[i] == '-' && i > 0 && s[i - 1] == ' '))
				pause = 1;
		}
		i++;
	}
	return 0;
}

void text_words_release(struct text_words *tw)
{
	free(tw->words);
	free(tw->sentences);
	memset(tw, 0, sizeof *tw);
}

size_t text_normalize_phrase(const char *phrase, char *out, size_t out_cap)
{
	struct text_words tw = {0};
	size_t n = 0, used = 0;
	if (out_cap)
		out[0] = '\0';
	if (text_split(phrase, &tw) == 0) {
		for (size_t i = 0; i < tw.n_words; i++) {
			size_t len = strlen(tw.words[i].norm);
			/* keep a trailing '*' of the phrase's word as the stem marker */
			int star = phrase[tw.words[i].end] == '*';
			if (used + len + 3 > out_cap)
				break;
			if (n)
				out[used++] = ' ';
			memcpy(out + used, tw.words[i].norm, len);
			used += len;
			if (star)
				out[used++] = '*';
			out[used] = '\0';
			n++;
		}
	}
	text_words_release(&tw);
	return n;
}

size_t text_count_words(const char *text)
{
	size_t n = 0;
	int in = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		int w = is_word_byte(*p);
		if (w && !in)
			n++;
		if (*p == '\'' && in)
			continue;
		in = w;
	}
	return n;
}

int text_is_valid_utf8(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t extra;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			extra = 1;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			extra = 2;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			extra = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		for (size_t k = 1; k <= extra; k++) {
			if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
		    (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += extra + 1;
	}
	return 1;
}
