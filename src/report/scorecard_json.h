/*
 * scorecard_json.h - the scorecard as JSON (contract section 3, with the
 * added fields: versions, prompted, low_confidence, notes, summaries, wrong
 * claims, integrity notes, coverage of topics, reasons and statistics).
 *
 * Deterministic: the same scorecard always gives the same bytes (keys in a
 * fixed order, reals at fixed precision).  Writes nothing anywhere.
 */
#ifndef IV_SCORECARD_JSON_H
#define IV_SCORECARD_JSON_H

#include <jansson.h>

#include "evaluate.h"
#include "transcript.h"

/* A new reference to the scorecard object; tr (may be NULL) adds the session
 * and candidate.  NULL when memory ran out. */
json_t *scorecard_to_json(const struct scorecard *sc, const struct transcript *tr);

/* malloc'd JSON text (compact, or indented when pretty), or NULL. */
char *scorecard_json_text(const struct scorecard *sc, const struct transcript *tr, int pretty);

#endif
