/*
 * cmd_transcript.c - `interviewer transcript ID [--json]`: one stored interview.
 */
#include <stdio.h>

#include "commands.h"
#include "options.h"
#include "store.h"
#include "transcript_print.h"

int cmd_transcript(int argc, char **argv)
{
	struct cli_options o;
	struct iv_error err;
	if (cli_parse_options(argc, argv, &o, &err)) {
		fprintf(stderr, "interviewer transcript: %s\n", err.message);
		return 2;
	}
	if (o.n_positional != 1) {
		fprintf(stderr, "usage: interviewer transcript ID [--json] [--db PATH]\n");
		return 2;
	}
	struct store *st = store_open(o.db, &err);
	if (!st) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		return 1;
	}
	char id[40];
	struct transcript *tr = NULL;
	int status = 1;
	if (store_resolve_id(st, o.positional[0], id, sizeof id, &err) ||
	    !(tr = store_load(st, id, NULL, &err))) {
		fprintf(stderr, "interviewer: %s\n", err.message);
	} else {
		if (o.json)
			transcript_print_json(stdout, tr);
		else
			transcript_print_text(stdout, tr, "Interviewer");
		status = 0;
	}
	transcript_free(tr);
	store_close(st);
	return status;
}
