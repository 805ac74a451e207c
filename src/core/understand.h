/*
 * understand.h - what the candidate said, as the engine and the evaluator
 * need it: the concepts named, the categories they fall in, the ways of
 * talking (signals), and whether the candidate asked something back.
 *
 * Pure: no allocation beyond the caller's struct text_words scratch space.
 */
#ifndef IV_UNDERSTAND_H
#define IV_UNDERSTAND_H

#include <stdbool.h>
#include <stdint.h>

#include "lexicon.h"
#include "substance.h"
#include "stance.h"
#include "text.h"

#define UA_MAX_CONCEPTS 48

enum question_kind {
	QK_NONE,    /* no question to the interviewer */
	QK_CLARIFY, /* about the scenario: scale, read/write mix, latency */
	QK_ROLE,    /* about the team, the role, the company */
	QK_OTHER    /* any other question */
};

struct utterance_analysis {
	uint32_t word_count;
	uint32_t category_mask;             /* categories of the concepts named */
	uint16_t n_concepts;                /* distinct concepts, in order of first mention */
	uint16_t concepts[UA_MAX_CONCEPTS];
	uint8_t stance[UA_MAX_CONCEPTS];    /* enum stance toward each concept (the last decided) */
	uint8_t signals[SIG_COUNT];         /* phrase counts, saturating */
	uint8_t n_numbers;                  /* words with digits ("200ms", "5", "p99") */
	uint8_t n_sentences;
	uint8_t n_questions;                /* sentences that ask the interviewer something */
	enum question_kind question;        /* strongest kind asked */
	bool silent;                        /* nothing but whitespace and fillers */
};

/* Analyses text.  scratch is reused across calls (zero it once, release with
 * text_words_release()).  Returns 0, or -1 when memory ran out. */
int understand_utterance(const struct lexicon *lx, const char *text,
			 struct text_words *scratch, struct utterance_analysis *out);

/* Analyses words[first..first+n) of an already split text (one sentence, say). */
void understand_words(const struct lexicon *lx, const struct text_word *words, size_t n,
		      struct utterance_analysis *out);

/* 1 when sentence s of a split text asks the interviewer something: it
 * opens like a question, ends with '?' (or is the last thing said, in
 * speech), and is not rhetorical ("How did I find it? I looked at ..."). */
int understand_is_question(const struct lexicon *lx, const struct text_words *tw, size_t s);
/* Where in sentence s (a word index within it) the asking starts: 0, or
 * the last clause of an answer that ends by asking ("..., and I'd be
 * interested in how you've seen it go."). */
size_t understand_question_clause(const struct lexicon *lx, const struct text_words *tw, size_t s);

/* 1 when a sentence of a split text asks for code or offers to write it:
 * a code_request phrase in a question ("can I just write it out?") or with
 * a request_marker ("let me write the code for it", "show me the code");
 * not "we usually write the code to handle
 * both shapes" or "you write it somewhere durable". */
int understand_asks_for_code(const struct lexicon *lx, const struct text_words *tw);

/* The same where questions are expected (the closing, "what would you like
 * to ask me?"): any sentence that asks, in any order ("And I suppose,
 * what's the biggest challenge?"), is one, unless the speaker answers it
 * at once; a question about the team or the role always is. */
int understand_is_question_expected(const struct lexicon *lx, const struct text_words *tw, size_t s);

/* A rough 0..10 measure of how deep an answer goes: reasoning, trade-offs,
 * production detail and concepts raise it; vagueness, blame and theory-only
 * talk lower it.  The engine uses it to choose the deep-dive branch. */
double understand_depth(const struct utterance_analysis *ua);

/* What an answer shows by kind (see substance.h), read from its signals:
 * first-hand work, specifics, reasons, trade-offs, failures, lessons, and
 * what is hollow.  The engine chooses the deep-dive branch from it: on
 * substance, not on length or the number of terms named. */
void understand_substance(const struct utterance_analysis *ua, struct substance *out);

#endif
