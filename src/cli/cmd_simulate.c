/*
 * cmd_simulate.c - `interviewer simulate CANDIDATE.json [--json]`: runs a
 * simulated candidate through the engine on the virtual clock and prints
 * the transcript.  With --db the interview is stored there too.
 */
#include <stdio.h>

#include "commands.h"
#include "simulate.h"
#include "transcript_print.h"

int cmd_simulate(int argc, char **argv)
{
	struct cli_options o;
	struct iv_error err;
	struct content c;
	if (cli_parse_options(argc, argv, &o, &err)) {
		fprintf(stderr, "interviewer simulate: %s\n", err.message);
		return 2;
	}
	if (o.n_positional != 1) {
		fprintf(stderr, "usage: interviewer simulate CANDIDATE.json [--json] [--seed N] [--db PATH]\n");
		return 2;
	}
	if (content_load(cli_data_dir(&o), o.playbook, &c, &err)) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		return 1;
	}
	struct store *st = NULL;
	if (o.db && !(st = store_open(o.db, &err))) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		content_release(&c);
		return 1;
	}
	struct transcript *tr = simulate_candidate_store(&c, o.positional[0], o.seed, o.name, st, &err);
	int status = 0;
	if (!tr) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		status = 1;
	} else if (o.json) {
		transcript_print_json(stdout, tr);
	} else {
		transcript_print_text(stdout, tr, playbook_persona_name(c.playbook));
	}
	transcript_free(tr);
	store_close(st);
	content_release(&c);
	return status;
}
