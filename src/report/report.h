/*
 * report.h - the scorecard for people: one self-contained printable HTML
 * page, Markdown for an applicant-tracking system or a ticket, and a side by
 * side comparison of candidates.
 *
 * Writers build text in memory and return it (malloc'd, the caller frees);
 * they read no file and write none.  The HTML page has no script and no
 * external resource: styles and charts (SVG) are inline, so it prints and
 * archives as it is.
 */
#ifndef IV_REPORT_H
#define IV_REPORT_H

#include <stddef.h>

#include "evaluate.h"
#include "iv_error.h"
#include "transcript.h"

char *report_html(const struct scorecard *sc, const struct transcript *tr, struct iv_error *err);
char *report_markdown(const struct scorecard *sc, const struct transcript *tr,
		      struct iv_error *err);

/* The same with the LLM judge's section (--llm-judge, docs/llm.md): which
 * dimensions the LLM moved, where it and the rules disagreed, the red flags
 * it proposed and the quotes refused, from the "llm_judge" object of the
 * scorecard stored when the interview ended (stored_json, the store's
 * text).  Shown only when that object says "used": true; stored_json NULL,
 * unparsable or without it: the report without the section. */
char *report_html_judged(const struct scorecard *sc, const struct transcript *tr,
			 const char *stored_json, struct iv_error *err);
char *report_markdown_judged(const struct scorecard *sc, const struct transcript *tr,
			     const char *stored_json, struct iv_error *err);

/* Candidates side by side; format "text" (aligned columns) or "md". */
char *report_compare(const struct scorecard *const *cards, const struct transcript *const *trs,
		     size_t n, const char *format, struct iv_error *err);

/* Helpers shared by the writers. */
/* Seconds the interview lasted. */
double report_duration_s(const struct transcript *tr);
/* "2026-11-24 14:05 UTC" into out, or "unknown date". */
void report_date(const struct transcript *tr, char *out, size_t cap);
/* "34:05" into out. */
void report_clock(double seconds, char *out, size_t cap);

#endif
