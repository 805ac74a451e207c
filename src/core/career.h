/*
 * career.h - how long a career a sentence describes.
 *
 * "about fourteen years", "a year and a half into my first job", "for the
 * last eighteen months", "two and a half years ago I switched": the longest
 * span of time a sentence names, in years.  The evaluator reads it from the
 * candidate's self-introduction, where a panel takes its first measure of
 * level.  Pure: no I/O, no state.
 */
#ifndef IV_CAREER_H
#define IV_CAREER_H

#include <stddef.h>

#include "text.h"

/* The longest span of time the n words name, in years (months count as
 * twelfths, decades as ten), or -1 when they name none.  Ages ("twenty years
 * old") and rates ("a million requests a year") are not spans. */
double career_years(const struct text_word *w, size_t n);

/* The length of the clause that starts at w[0]: up to a comma or a joining
 * word ("and", "but", "then"), keeping "two and a half years" whole, so that
 * "I was a nurse for eleven years, and for the last year I've been a
 * developer" reads as two spans of two careers. */
size_t career_clause(const struct text_word *w, size_t n);

#endif
