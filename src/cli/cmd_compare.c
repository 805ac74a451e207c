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

#define COMPARE_MAX 16

int cmd_compare(int argc, char **argv)
{
	struct cli_options o;
	struct iv_error err;
	if (cli_parse_options(argc, argv, &o, &err)) {
		fprintf(stderr, "interviewer compare: %s\n", err.message);
		return 2;
	}
	const char *format = o.format ? o.format : (o.json ? "json" : "text");
	if (o.n_positional < 2 || o.n_positional > COMPARE_MAX ||
	    (strcmp(format, "text") && strcmp(format, "md") && strcmp(format, "json"))) {
		fprintf(stderr, "usage: interviewer compare ID ID... [--format text|md|json] "
				"[-o FILE] [--db PATH]\n");
		return 2;
	}
	struct content c;
	struct scorer *sc;
	if (scorecard_cli_setup(&o, &c, &sc, &err)) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		return 1;
	}
	struct store *st = store_open(o.db, &err);
	struct scorecard *cards[COMPARE_MAX] = {0};
	struct transcript *trs[COMPARE_MAX] = {0};
	int n = 0, status = st ? 0 : 1;
	for (int i = 0; st && i < o.n_positional && !status; i++) {
		cards[i] = scorecard_cli_judge(st, sc, o.positional[i], &trs[i], &err);
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
		if (!text || scorecard_cli_write(o.output, text, &err))
			status = 1;
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
