/*
 * speech_text.h - making the interviewer's text sayable by a synthesizer.
 *
 * Text written for a screen is not text a voice can read: "SQL", "JWT",
 * "p99", "10k req/s", "e.g.", URLs and markdown come out of Flite spelled,
 * mangled or silent.  This module rewrites them the way an engineer says
 * them, from a pronunciation table that is data (data/speech/
 * pronunciations.yaml, documented at its top): whole terms ("SQL" ->
 * "sequel", "OAuth" -> "oh auth"), units after numbers ("ms" ->
 * "milliseconds", "k" -> "thousand"), and a few rules no table can hold
 * (numbers in words, "p99", URLs and paths, words glued by "/", "_", ".").
 * It also cuts text into sentences so speech can start after the first.
 *
 * Pure: no I/O (the caller reads the file), no globals.
 */
#ifndef IV_SPEECH_TEXT_H
#define IV_SPEECH_TEXT_H

#include <stddef.h>

#include "iv_error.h"
#include "lexicon.h" /* struct text_source */

struct speech_table;

/* Parses the pronunciation table.  On error returns NULL with err saying
 * "file:line: what is wrong".  Free with speech_table_free(). */
struct speech_table *speech_table_parse(const struct text_source *src, struct iv_error *err);
void speech_table_free(struct speech_table *t);

/* Number of term entries (not units). */
size_t speech_table_term_count(const struct speech_table *t);

/* How the table says a term (case-insensitive), or NULL. */
const char *speech_table_lookup(const struct speech_table *t, const char *term);

/* Rewrites text for a voice.  t may be NULL (only the built-in rules
 * apply).  Returns a malloc'd string the caller frees, or NULL when memory
 * ran out. */
char *speech_text_sayable(const struct speech_table *t, const char *text);

/* Writes n (0 <= n < 10^15) in words ("ninety-nine", "ten thousand") into
 * out.  Returns the length written (truncated to out_cap - 1). */
size_t speech_number_words(unsigned long long n, char *out, size_t out_cap);

/* Bytes of the first sentence of text: through its '.', '?' or '!' (not a
 * decimal point) and the spaces after it, or the whole text.  0 at the end. */
size_t speech_text_sentence_len(const char *text);

#endif
