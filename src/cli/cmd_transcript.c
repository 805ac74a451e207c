/*
 * cmd_transcript.c - `interviewer transcript ID [--json]`: one stored interview.
 */
#include <stdio.h>

#include "commands.h"
#include "options.h"
#include "store.h"
#include "transcript_print.h"

static int run_transcript(const struct cli_options *o);

static const struct cli_option transcript_options[] = {
	{"--json", NULL, "print it as JSON"},
	{"--db", "PATH", NULL},
	{0},
};

const struct command cmd_transcript_entry = {
	.name = "transcript",
	.summary = "print a stored interview (a unique prefix of the id is enough)",
	.args = "ID",
	.min_args = 1,
	.max_args = 1,
	.options = transcript_options,
	.run = run_transcript,
};

static int run_transcript(const struct cli_options *o)
{
	struct iv_error err;
	struct store *st = store_open(o->db, &err);
	if (!st) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		return 1;
	}
	char id[40];
	struct transcript *tr = NULL;
	int status = 1;
	if (store_resolve_id(st, o->positional[0], id, sizeof id, &err) ||
	    !(tr = store_load(st, id, NULL, &err))) {
		fprintf(stderr, "interviewer: %s\n", err.message);
	} else {
		if (o->json)
			transcript_print_json(stdout, tr);
		else
			transcript_print_text(stdout, tr, "Interviewer");
		status = 0;
	}
	transcript_free(tr);
	store_close(st);
	return status;
}
