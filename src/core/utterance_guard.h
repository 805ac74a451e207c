/*
 * utterance_guard.h - the rules a turn worded outside the engine (by an
 * LLM) must keep before it is said: at most one question, and exactly as
 * many as the engine's own wording asks; short; plain sayable text; no
 * request for code; no word about the evaluation; not a repeat of an earlier
 * turn; on the engine's move; no claim about the team beyond the persona's
 * facts.  The rules' word lists live in data/llm.yaml (guard:).
 *
 * Pure logic: text in, verdict out.
 */
#ifndef IV_UTTERANCE_GUARD_H
#define IV_UTTERANCE_GUARD_H

#include <stddef.h>

#include "iv_error.h"
#include "lexicon.h" /* struct text_source */

struct guard_rules;

/* Parses the guard: section of a document like data/llm.yaml (other keys
 * are ignored).  NULL with err "file:line: what" on error. */
struct guard_rules *guard_rules_parse(const struct text_source *src, struct iv_error *err);
void guard_rules_free(struct guard_rules *g);

struct guard_context {
	const char *scripted;       /* the engine's wording of the move */
	const char *focus;          /* the concept the move follows up on, or NULL */
	const char *const *earlier; /* what the interviewer said before, oldest first */
	size_t n_earlier;
	const char *const *facts;   /* what the persona may say about the team */
	size_t n_facts;
	const char *candidate;      /* the candidate's last reply, or NULL */
};

enum guard_verdict {
	GUARD_OK,
	GUARD_EMPTY,          /* nothing to say */
	GUARD_BAD_TEXT,       /* invalid UTF-8 or control characters */
	GUARD_TOO_LONG,       /* more words than max_words */
	GUARD_QUESTIONS,      /* more than one question */
	GUARD_NO_QUESTION,    /* the move asks something; the utterance does not */
	GUARD_EXTRA_QUESTION, /* the move asks nothing (a thanks, a close); the utterance does */
	GUARD_MARKUP,         /* lists, markdown, tags, several lines */
	GUARD_CODE,           /* asks for code, pseudocode, queries or syntax */
	GUARD_VERDICT,        /* speaks of scores, levels or the hiring decision */
	GUARD_REPEAT,         /* says an earlier turn again */
	GUARD_OFF_MOVE,       /* shares nothing with the move it was to word */
	GUARD_TEAM_CLAIM,     /* says something about the team the facts do not */
	GUARD_COUNT
};

const char *guard_verdict_name(enum guard_verdict v);

/* Checks text against the rules.  why (may be NULL) gets a sentence saying
 * what broke, for the one regeneration and the transcript. */
enum guard_verdict guard_check(const struct guard_rules *g, const struct guard_context *ctx,
			       const char *text, char *why, size_t why_cap);

/* The words allowed in a turn (max_words). */
size_t guard_max_words(const struct guard_rules *g);

#endif
