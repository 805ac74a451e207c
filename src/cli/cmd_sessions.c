/*
 * cmd_sessions.c - `interviewer sessions`: the stored interviews, newest first.
 */
#include <stdio.h>
#include <time.h>

#include "commands.h"
#include "options.h"
#include "store.h"

static int run_sessions(const struct cli_options *o);

static const struct cli_option sessions_options[] = {
	{"--db", "PATH", NULL},
	{0},
};

const struct command cmd_sessions_entry = {
	.name = "sessions",
	.summary = "list stored interviews, newest first",
	.args = "",
	.options = sessions_options,
	.run = run_sessions,
};

static int print_row(const struct session_summary *s, void *ctx)
{
	int *n = ctx;
	char when[32];
	time_t t = (time_t)s->created_unix;
	struct tm tm;
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime_r(&t, &tm));
	if ((*n)++ == 0)
		printf("%-32s  %-16s  %-20s  %-6s  %5s  %-8s  %s\n", "SESSION", "STARTED", "CANDIDATE",
		       "STATUS", "TURNS", "LENGTH", "SCORECARD");
	printf("%-32s  %-16s  %-20.20s  %-6s  %5d  %02d:%02d     %s\n", s->session_id, when,
	       *s->candidate_name ? s->candidate_name : "-", s->status, s->n_turns,
	       (int)(s->ended_t / 60), (int)s->ended_t % 60, s->has_scorecard ? "yes" : "no");
	return 0;
}

static int run_sessions(const struct cli_options *o)
{
	struct iv_error err;
	struct store *st = store_open(o->db, &err);
	if (!st) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		return 1;
	}
	int n = 0;
	int rc = store_list(st, print_row, &n, &err);
	if (rc)
		fprintf(stderr, "interviewer: %s\n", err.message);
	else if (!n)
		printf("No stored interviews yet. Start one with: interviewer chat\n");
	store_close(st);
	return rc ? 1 : 0;
}
