/*
 * scorecard_cli.h - what the scorecard subcommands (report, rescore,
 * compare, calibrate) share: loading the content and the scorer, and
 * judging a stored session.
 */
#ifndef IV_SCORECARD_CLI_H
#define IV_SCORECARD_CLI_H

#include "options.h"
#include "scoring.h"
#include "store.h"

/* Loads the lexicon (and playbook) and the rubric from the data folder. */
int scorecard_cli_setup(const struct cli_options *o, struct content *c, struct scorer **sc,
			struct iv_error *err);

/* Loads session id_or_prefix from st and judges it.  *tr_out receives the
 * transcript (caller frees).  NULL with err when the id is unknown or the
 * transcript cannot be judged (malformed or truncated). */
struct scorecard *scorecard_cli_judge(struct store *st, struct scorer *sc,
				      const char *id_or_prefix, struct transcript **tr_out,
				      struct iv_error *err);

/* Writes text to path, or to stdout when path is NULL or "-". */
int scorecard_cli_write(const char *path, const char *text, struct iv_error *err);

#endif
