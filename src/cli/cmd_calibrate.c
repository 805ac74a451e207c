/*
 * cmd_calibrate.c - `interviewer calibrate [DIR] [--seed N]`: runs every
 * candidate file of DIR (default: the shared candidates folder) through the
 * engine and prints the agreement of the scorecards with the files' labels.
 * Exits 0 on full agreement, 1 otherwise.
 */
#include <stdio.h>
#include <string.h>

#include "calibration.h"
#include "commands.h"
#include "scorecard_cli.h"

#ifndef IV_SHARED_DIR
#define IV_SHARED_DIR "../shared"
#endif

static int run_calibrate(const struct cli_options *o);

static const struct cli_option calibrate_options[] = {
	{"--seed", "N", "only this seed (default: seeds 1 to 5, each candidate run with every one)"},
	{"--playbook", "FILE", NULL},
	{"--data-dir", "DIR", NULL},
	{0},
};

const struct command cmd_calibrate_entry = {
	.name = "calibrate",
	.summary = "agreement of the scorecard with the labelled candidate files (default: "
		   "../shared/candidates)",
	.args = "[DIR]",
	.min_args = 0,
	.max_args = 1,
	.options = calibrate_options,
	.run = run_calibrate,
};

static int run_calibrate(const struct cli_options *o)
{
	struct iv_error err;
	const char *dir = o->n_positional ? o->positional[0] : IV_SHARED_DIR "/candidates";
	/* five seeds: the verdict must not hang on one choice of questions */
	uint64_t seeds[5] = {1, 2, 3, 4, 5};
	size_t n_seeds = 5;
	if (o->seed_set) {
		seeds[0] = o->seed;
		n_seeds = 1;
	}
	struct content c;
	struct scorer *sc;
	if (scorecard_cli_setup(o, &c, &sc, &err)) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		return 1;
	}
	struct calibration cal;
	int status = 1;
	if (calibration_run(&c, sc, dir, seeds, n_seeds, &cal, &err)) {
		fprintf(stderr, "interviewer: %s\n", err.message);
	} else {
		printf("rubric %s\n\n", scorer_rubric_version(sc));
		calibration_print(stdout, &cal);
		status = calibration_full_agreement(&cal) ? 0 : 1;
		calibration_release(&cal);
	}
	scorer_free(sc);
	content_release(&c);
	return status;
}
