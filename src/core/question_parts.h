/*
 * question_parts.h - the first of the questions a follow-up asks.  Asked
 * "what do you mean?" about "How long are your presigned URLs valid, and
 * what happens if one gets shared?", the interviewer narrows it to the
 * first question instead of saying both again word for word.  Pure.
 */
#ifndef IV_QUESTION_PARTS_H
#define IV_QUESTION_PARTS_H

#include <stddef.h>

/* Writes into out the first question of q and returns 1 when q asks two:
 * two sentences ending in '?' ("How would the rate limiting work? What
 * algorithm would you use?"), or one joined by ", and" and a second
 * question's opening word from openers ("..., and what happens if ...?",
 * openers NULL-terminated: "what", "how").  Returns 0, out untouched, when
 * q asks one question, or the first would be under four words or not fit
 * in cap. */
int question_first_part(const char *q, const char *const *openers, char *out, size_t cap);

#endif
