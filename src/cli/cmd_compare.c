/*
 * cmd_compare.c - `interviewer compare ID ID... [--format text|md|json]`:
 * candidates for the same role side by side.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "report.h"
#include "scorecard_cli.h"
#include "scorecard_json.h"

#define COMPARE_MAX CLI_MAX_ARGS

static int run_compare(const struct cli_options *o);

static const struct cli_option compare_options[] = {
	{"--format", "FORMAT", "a table in aligned columns, a Markdown table, or the scorecards as "
			       "a JSON array"},
	{"--json", NULL, "the same as --format json"},
	{"-o", "FILE", NULL},
	{"--db", "PATH", NULL},
	{"--data-dir", "DIR", NULL},
	{0},
};

static const char *const compare_formats[] = {"text", "md", "json", NULL};

const struct command cmd_compare_entry = {
	.name = "compare",
	.summary = "candidates for the same role side by side",
	.args = "ID ID...",
	.min_args = 2,
	.max_args = COMPARE_MAX,
	.options = compare_options,
	.formats = compare_formats,
	.run = run_compare,
};

static int run_compare(const struct cli_options *o)
{
	struct iv_error err;
	const char *format = o->format;
	struct content c;
	struct scorer *sc;
	if (scorecard_cli_setup(o, &c, &sc, &err)) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		return 1;
	}
	struct store *st = store_open(o->db, &err);
	struct scorecard *cards[COMPARE_MAX] = {0};
	struct transcript *trs[COMPARE_MAX] = {0};
	int n = 0, status = st ? 0 : 1;
	for (int i = 0; st && i < o->n_positional && !status; i++) {
		cards[i] = scorecard_cli_judge(st, sc, o->positional[i], &trs[i], &err);
		if (!cards[i])
			status = 1;
		else
			n++;
	}
	if (!status) {
		char *text = NULL;
		if (strcmp(format, "json") == 0) {
			json_t *arr = json_array();
			for (int i = 0; i < n; i++)
				json_array_append_new(arr, scorecard_to_json(cards[i], trs[i]));
			text = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
						       JSON_REAL_PRECISION(6));
			json_decref(arr);
		} else {
			text = report_compare((const struct scorecard *const *)cards,
					      (const struct transcript *const *)trs, (size_t)n,
					      format, &err);
		}
		if (!text || scorecard_cli_write(o->output, text, &err))
			status = 1;
		else if (!strcmp(format, "json") && (!o->output || !strcmp(o->output, "-")))
			putchar('\n'); /* as report does: JSON text ends its line on a terminal */
		free(text);
	}
	if (status)
		fprintf(stderr, "interviewer: %s\n", err.message);
	for (int i = 0; i < COMPARE_MAX; i++) {
		scorecard_free(cards[i]);
		transcript_free(trs[i]);
	}
	store_close(st);
	scorer_free(sc);
	content_release(&c);
	return status;
}
