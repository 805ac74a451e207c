/*
 * bench_support.h - what the benchmarks share: percentiles of timings, and
 * the contract's candidate driver (the next unused answer for the turn's
 * topic, else the file's default probe replies).
 */
#ifndef IV_BENCH_SUPPORT_H
#define IV_BENCH_SUPPORT_H

#include <jansson.h>
#include <stddef.h>

#include "interview.h"

/* qsort comparison of doubles, ascending. */
int bench_cmp_double(const void *a, const void *b);

/* The p-th percentile (0..1) of v[0..n) (sorts v); 0 when n is 0. */
double bench_pct(double *v, size_t n, double p);

/* The candidate's reply to turn t: answers[topic] in order, then
 * probes.default round robin.  used (a JSON object) keeps the counts. */
const char *bench_reply_for(json_t *cand, json_t *used, const struct interviewer_turn *t);

#endif
