/*
 * cmd_chat.c - `interviewer chat`: a new interview by text, at a terminal
 * or (--jsonl) as JSON lines for programs.
 */
#include <stdio.h>

#include "llm/llm_judge.h"
#include "llm/llm_wording.h"
#include "llm_setup.h"
#include "commands.h"
#include "conversation.h"
#include "live.h"

int cmd_chat(int argc, char **argv)
{
	struct cli_options o;
	struct iv_error err;
	struct content c;
	if (cli_parse_options(argc, argv, &o, &err)) {
		fprintf(stderr, "interviewer chat: %s\n", err.message);
		return 2;
	}
	if (o.n_positional) {
		fprintf(stderr, "interviewer chat: unexpected argument '%s'\n", o.positional[0]);
		return 2;
	}
	if (content_load(cli_data_dir(&o), o.playbook, &c, &err)) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		return 1;
	}
	struct store *st = store_open(o.db, &err);
	if (!st) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		content_release(&c);
		return 1;
	}
	struct live lv;
	int status;
	struct llm_wording *wording = cli_llm_wording(&o, &c, &err);
	struct llm_judge *judge = NULL;
	if ((!wording && err.message[0]) ||
	    (!(judge = cli_llm_judge(&o, &c, &err)) && err.message[0])) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		llm_wording_free(wording);
		store_close(st);
		content_release(&c);
		return 1;
	}
	if (live_start(&lv, &c, st, &o, &err)) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		status = 1;
	} else {
		lv.wording = wording;
		lv.judge = judge;
		status = o.jsonl ? conversation_jsonl(&lv, &o, stdin, stdout)
				 : conversation_terminal(&lv, &o);
	}
	live_release(&lv);
	llm_wording_free(wording);
	llm_judge_free(judge);
	store_close(st);
	content_release(&c);
	return status;
}
