/*
 * text.h - splitting what was said into normalized words and sentences.
 *
 * Matching in the lexicon works on normalized words: ASCII letters lowered,
 * apostrophes dropped inside a word ("don't" -> "dont"), every other
 * punctuation character a separator ("trade-off" -> "trade off"), bytes of
 * multi-byte UTF-8 sequences kept as word characters.  Each word remembers
 * where it stood in the original text so that evidence can quote verbatim.
 * Pure functions; the caller owns every buffer.
 */
#ifndef IV_TEXT_H
#define IV_TEXT_H

#include <stddef.h>
#include <stdint.h>

#define TEXT_MAX_WORD_BYTES 48

struct text_word {
	char norm[TEXT_MAX_WORD_BYTES]; /* normalized, NUL-terminated (truncated if longer) */
	uint32_t start;                 /* byte offset of the word in the original text */
	uint32_t end;                   /* one past its last byte */
	uint16_t sentence;              /* index of the sentence the word belongs to */
	uint8_t pause_before;           /* a comma, colon, dash or bracket stands before it */
};

struct text_sentence {
	uint32_t start, end;  /* byte range in the original text, trimmed */
	uint32_t first_word;  /* index of its first word */
	uint32_t n_words;
	char terminator;      /* '.', '?', '!', ';' or 0 at the end of the text */
};

struct text_words {
	struct text_word *words;
	size_t n_words, cap_words;
	struct text_sentence *sentences;
	size_t n_sentences, cap_sentences;
};

/* Splits text into words and sentences, growing the arrays in tw as needed.
 * tw must be zero-initialized before the first call; reuse it across calls
 * to avoid allocation.  Returns 0, or -1 when memory ran out. */
int text_split(const char *text, struct text_words *tw);

/* Frees the arrays of tw (not tw itself). */
void text_words_release(struct text_words *tw);

/* Normalizes a phrase (from a data file) into space-separated normalized
 * words in out.  Returns the number of words, 0 if none. */
size_t text_normalize_phrase(const char *phrase, char *out, size_t out_cap);

/* Number of words in text, counted as a speaker would say them. */
size_t text_count_words(const char *text);

/* 1 if the bytes are valid UTF-8, else 0. */
int text_is_valid_utf8(const char *s, size_t len);

#endif
