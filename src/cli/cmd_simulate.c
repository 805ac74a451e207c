/*
 * cmd_simulate.c - `interviewer simulate CANDIDATE.json [--json]`: runs a
 * simulated candidate through the engine on the virtual clock and prints
 * the transcript.  With --db the interview is stored there too.
 */
#include <stdio.h>

#include "commands.h"
#include "simulate.h"
#include "transcript_print.h"

static int run_simulate(const struct cli_options *o);

static const struct cli_option simulate_options[] = {
	{"--json", NULL, "print the transcript as JSON"},
	{"--name", "NAME", "the candidate's name (default: the file's \"name\")"},
	{"--seed", "N", NULL},
	{"--virtual-clock", NULL, "as for chat; a simulation always runs on the virtual clock"},
	{"--db", "PATH", "also store the interview there, with its scorecard"},
	{"--playbook", "FILE", NULL},
	{"--data-dir", "DIR", NULL},
	{0},
};

const struct command cmd_simulate_entry = {
	.name = "simulate",
	.summary = "run a simulated candidate file through the interview and print the transcript",
	.args = "CANDIDATE.json",
	.min_args = 1,
	.max_args = 1,
	.options = simulate_options,
	.run = run_simulate,
};

static int run_simulate(const struct cli_options *o)
{
	struct iv_error err;
	struct content c;
	if (content_load(cli_data_dir(o), o->playbook, &c, &err)) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		return 1;
	}
	struct store *st = NULL;
	if (o->db && !(st = store_open(o->db, &err))) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		content_release(&c);
		return 1;
	}
	struct transcript *tr = simulate_candidate_store(&c, o->positional[0], o->seed, o->name, st, &err);
	int status = 0;
	if (!tr) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		status = 1;
	} else if (o->json) {
		transcript_print_json(stdout, tr);
	} else {
		transcript_print_text(stdout, tr, playbook_persona_name(c.playbook));
	}
	transcript_free(tr);
	store_close(st);
	content_release(&c);
	return status;
}
