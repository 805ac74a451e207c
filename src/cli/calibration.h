/*
 * calibration.h - agreement of the scorecard with a panel's labels: every
 * candidate file of a folder (contract section 5) is run through the engine
 * with the contract's driver, judged, and compared with its "expected"
 * block: recommendation, level, dimensions within range, and indicator and
 * red-flag precision and recall.  Used by `interviewer calibrate`, `make
 * calibrate` and tests/test_calibration.c.
 */
#ifndef IV_CALIBRATION_H
#define IV_CALIBRATION_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "options.h"
#include "scoring.h"

struct calibration_row {
	char candidate[64];
	uint64_t seed;
	char recommendation[16], level[8];
	int recommendation_ok, level_ok;
	int dims_ok, dims_total;
	int ind_tp, ind_fp, ind_fn;  /* indicators: listed present / reported */
	int rf_tp, rf_fp, rf_fn;     /* red flags: fp counts flags the panel listed absent */
	int findings_right, findings_total; /* indicators and labelled flags judged right */
	char misses[512];            /* what disagreed, for the table */
};

struct calibration {
	struct calibration_row *rows;
	size_t n_rows;
};

/* Runs every *.json file of dir (in name order) with each seed. */
int calibration_run(const struct content *c, struct scorer *sc, const char *dir,
		    const uint64_t *seeds, size_t n_seeds, struct calibration *out,
		    struct iv_error *err);
void calibration_release(struct calibration *cal);

/* 1 when every row agrees fully. */
int calibration_full_agreement(const struct calibration *cal);

/* Candidates whose recommendation and level are the same at every seed run,
 * out of the candidates run (*n_candidates). */
int calibration_stable(const struct calibration *cal, size_t *n_candidates);

/* Prints the table and the totals, seed stability included. */
void calibration_print(FILE *out, const struct calibration *cal);

#endif
