/*
 * reflect.h - saying a terse candidate's point back to them ("So, Kafka
 * for events and SQS for jobs.") before the next question: active
 * listening, and a conversation rather than a cascade of probes.  The
 * first sentence of the reply, when it is a short statement, with the
 * candidate's first person turned to the second ("I put" -> "you put").
 */
#ifndef IV_REFLECT_H
#define IV_REFLECT_H

#include <stddef.h>

#include "lexicon.h"
#include "text.h"

/* Writes "So, <the point>." into out (cap bytes) from sentence 0 of text as
 * split in tw, or an empty string when the reply does not suit: a question,
 * under 3 or over max_words words, or "I'm not sure" and the like (the
 * caller says so with unsure).  With lx, names keep their capital after
 * "So, " and ordinary words lose it.  Returns the length written. */
size_t reflect_reply(const struct lexicon *lx, const char *text, const struct text_words *tw,
		     size_t max_words, int unsure, char *out, size_t cap);

#endif
