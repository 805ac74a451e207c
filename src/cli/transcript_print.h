/*
 * transcript_print.h - a transcript for people (text) or programs (JSON).
 */
#ifndef IV_TRANSCRIPT_PRINT_H
#define IV_TRANSCRIPT_PRINT_H

#include <jansson.h>
#include <stdio.h>

#include "transcript.h"

void transcript_print_text(FILE *out, const struct transcript *tr, const char *persona_name);
void transcript_print_json(FILE *out, const struct transcript *tr);
/* The JSON object transcript_print_json prints (caller decrefs). */
json_t *transcript_json(const struct transcript *tr);

#endif
