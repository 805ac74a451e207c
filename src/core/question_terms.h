/*
 * question_terms.h - the words that make a follow-up question its own, and
 * whether a sentence of the candidate's already says them.
 *
 * "Why does N plus one so often go unnoticed in development?" is answered
 * by "it went unnoticed in development because the dev database had twelve
 * rows", whatever the rubric's patterns for that answer foresaw.  A
 * question's key terms are its words that few other follow-ups of the
 * playbook use (rare words name what the question is about; "what",
 * "would" and "system" name nothing), weighted by how rare they are.  A
 * sentence that holds half of that weight, two terms at least, has said
 * what the question would ask for.
 *
 * Words are compared by a crude stem (a suffix and a final 'e' dropped,
 * seven letters kept: "caching", "cached" and "cache" are one; "developer"
 * and "development" too).  Pure functions; the caller owns every buffer.
 */
#ifndef IV_QUESTION_TERMS_H
#define IV_QUESTION_TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

#define QTERMS_PER_LINE 8      /* key terms kept per question */
#define QTERMS_PER_SENTENCE 64 /* distinct stems kept per heard sentence (spoken ones run long) */

/* The stem of a normalized word, hashed; 0 for a word too short to name
 * anything ("it", "of", "db"). */
uint32_t qterms_stem(const char *norm);

/* The distinct stems of words[0..n), at most cap, in out.  Returns how many. */
size_t qterms_of_words(const struct text_word *words, size_t n, uint32_t *out, size_t cap);

/* A question's key terms: stems with their weights (0-255, rarer heavier). */
struct qterms {
	uint32_t stem[QTERMS_PER_LINE];
	uint8_t weight[QTERMS_PER_LINE];
	uint8_t n;
};

/* 1 when the sentence's stems (from qterms_of_words) say the question's key
 * terms: two of them at least, holding half of their weight. */
int qterms_stated(const struct qterms *q, const uint32_t *sentence, size_t n);

/* How much of the question's key-term weight the stems say, 0-255 (255:
 * all of it), counting a term once however often it was said. */
unsigned qterms_share(const struct qterms *q, const uint32_t *stems, size_t n);

/* How an answer to a follow-up sounds (the playbook's heard_as: "size
 * limit", "magic bytes", "sandbox"): short phrases, each its words' stems.
 * The question's own words say what it asks; these say what an answer to
 * it says, in the words candidates use ("the signed link only accepts
 * twenty-five megabytes" answers "how would you protect the pipeline from
 * an enormous file?" without one word of it). */
#define QPHRASES_MAX 24
#define QPHRASE_WORDS 3

struct qphrases {
	uint32_t stem[QPHRASES_MAX][QPHRASE_WORDS];
	uint8_t len[QPHRASES_MAX];
	uint8_t n;
};

/* Adds a phrase (its words' stems, at most QPHRASE_WORDS; words too short
 * to stem are left out).  Returns 0, or -1 when it has no stem or the list
 * is full. */
int qphrases_add(struct qphrases *p, const struct text_word *words, size_t n);

/* A bit per phrase whose stems the sentence's stems all hold. */
uint32_t qphrases_heard(const struct qphrases *p, const uint32_t *sentence, size_t n);

/* How many different things the heard phrases (a bit each) say: a phrase
 * within another heard one ("content type" in "x content type") or the
 * same stems again ("reserve", "reservation") is not another. */
int qphrases_distinct(const struct qphrases *p, uint32_t heard);

#endif
