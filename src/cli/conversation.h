/*
 * conversation.h - the loops that hold an interview with a person or a
 * program: JSON lines (contract section 1) and the terminal.  Both run until
 * the interview ends or the input does; every turn is stored as it happens.
 */
#ifndef IV_CONVERSATION_H
#define IV_CONVERSATION_H

#include <stdio.h>

#include "live.h"
#include "options.h"

/* JSON lines on in/out.  Returns the exit status. */
int conversation_jsonl(struct live *lv, const struct cli_options *o, FILE *in, FILE *out);

/* A person at a terminal (line editing through libedit).  Returns the exit status. */
int conversation_terminal(struct live *lv, const struct cli_options *o);

/* Ends the interview: marks it ended, scores it and stores the scorecard.
 * Returns the scorecard JSON (malloc'd) or NULL when it could not be made
 * (err says why; the interview itself is safely stored either way). */
char *conversation_finish(struct live *lv, struct iv_error *err);

/* The same with a scorer already loaded (a server scores many interviews
 * with one; the caller serializes its use). */
struct scorer;
char *conversation_finish_scored(struct live *lv, struct scorer *sc, struct iv_error *err);

#endif
