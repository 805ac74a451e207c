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

int cmd_calibrate(int argc, char **argv)
{
	struct cli_options o;
	struct iv_error err;
	if (cli_parse_options(argc, argv, &o, &err)) {
		fprintf(stderr, "interviewer calibrate: %s\n", err.message);
		return 2;
	}
	if (o.n_positional > 1) {
		fprintf(stderr, "usage: interviewer calibrate [DIR] [--seed N]\n");
		return 2;
	}
	const char *dir = o.n_positional ? o.positional[0] : IV_SHARED_DIR "/candidates";
	/* five seeds: the verdict must not hang on one choice of questions */
	uint64_t seeds[5] = {1, 2, 3, 4, 5};
	size_t n_seeds = 5;
	if (o.seed_set) {
		seeds[0] = o.seed;
		n_seeds = 1;
	}
	struct content c;
	struct scorer *sc;
	if (scorecard_cli_setup(&o, &c, &sc, &err)) {
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
