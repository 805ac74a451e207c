/*
 * cmd_report.c - `interviewer report ID --format html|md|json [-o FILE]`:
 * the scorecard of a stored interview, judged with the current rubric, as a
 * printable HTML page, Markdown or JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "report.h"
#include "scorecard_cli.h"
#include "scorecard_json.h"

static int run_report(const struct cli_options *o);

static const struct cli_option report_options[] = {
	{"--format", "FORMAT", "a printable HTML page, Markdown for a ticket, or JSON (contract "
			       "section 3)"},
	{"--json", NULL, "the same as --format json"},
	{"-o", "FILE", NULL},
	{"--db", "PATH", NULL},
	{"--data-dir", "DIR", NULL},
	{0},
};

static const char *const report_formats[] = {"html", "md", "json", NULL};

const struct command cmd_report_entry = {
	.name = "report",
	.summary = "the scorecard of a stored interview as a printable page, Markdown or JSON",
	.args = "ID",
	.min_args = 1,
	.max_args = 1,
	.options = report_options,
	.formats = report_formats,
	.run = run_report,
};

static int run_report(const struct cli_options *o)
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
	struct transcript *tr = NULL;
	struct scorecard *card = st ? scorecard_cli_judge(st, sc, o->positional[0], &tr, &err) : NULL;
	int status = 1;
	if (card) {
		char *text = NULL;
		/* the LLM judge's part is in the scorecard stored at the end */
		struct iv_error ignored;
		char *stored = store_get_scorecard(st, tr->session_id, &ignored);
		if (strcmp(format, "html") == 0)
			text = report_html_judged(card, tr, stored, &err);
		else if (strcmp(format, "md") == 0)
			text = report_markdown_judged(card, tr, stored, &err);
		else if (!(text = scorecard_json_text(card, tr, 1)))
			iv_error_set(&err, "out of memory");
		free(stored);
		if (text && scorecard_cli_write(o->output, text, &err) == 0)
			status = 0;
		if (text && !strcmp(format, "json") && (!o->output || !strcmp(o->output, "-")))
			putchar('\n');
		free(text);
	}
	if (status)
		fprintf(stderr, "interviewer: %s\n", err.message);
	scorecard_free(card);
	transcript_free(tr);
	store_close(st);
	scorer_free(sc);
	content_release(&c);
	return status;
}
