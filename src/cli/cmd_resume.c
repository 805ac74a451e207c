/*
 * cmd_resume.c - `interviewer resume ID`: continues a stored interview.
 * The engine replays every stored turn (same seed, same answers, same
 * times: the same interview), says the waiting question again, and goes on.
 */
#include <stdio.h>
#include <stdlib.h>

#include "llm/llm_judge.h"
#include "llm/llm_wording.h"
#include "llm_setup.h"
#include "commands.h"
#include "conversation.h"
#include "live.h"

int cmd_resume(int argc, char **argv)
{
	struct cli_options o;
	struct iv_error err;
	if (cli_parse_options(argc, argv, &o, &err)) {
		fprintf(stderr, "interviewer resume: %s\n", err.message);
		return 2;
	}
	if (o.n_positional != 1) {
		fprintf(stderr, "usage: interviewer resume ID [--jsonl] [--db PATH]\n");
		return 2;
	}
	struct store *st = store_open(o.db, &err);
	if (!st) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		return 1;
	}
	char id[40];
	char *playbook_path = NULL;
	struct content c = {0};
	struct live lv = {0};
	int status = 1;
	struct transcript *tr = NULL;
	struct llm_wording *wording = NULL;
	struct llm_judge *judge = NULL;
	if (store_resolve_id(st, o.positional[0], id, sizeof id, &err) ||
	    !(tr = store_load(st, id, &playbook_path, &err)))
		goto fail;
	const char *pb = o.playbook ? o.playbook : (playbook_path && *playbook_path ? playbook_path : NULL);
	if (content_load(cli_data_dir(&o), pb, &c, &err) || live_resume(&lv, &c, st, id, &err))
		goto fail;
	wording = cli_llm_wording(&o, &c, &err);
	if (!wording && err.message[0])
		goto fail;
	judge = cli_llm_judge(&o, &c, &err);
	if (!judge && err.message[0])
		goto fail;
	lv.wording = wording;
	lv.judge = judge;
	status = o.jsonl ? conversation_jsonl(&lv, &o, stdin, stdout) : conversation_terminal(&lv, &o);
	goto out;
fail:
	fprintf(stderr, "interviewer: %s\n", err.message);
out:
	transcript_free(tr);
	free(playbook_path);
	live_release(&lv);
	llm_wording_free(wording);
	llm_judge_free(judge);
	content_release(&c);
	store_close(st);
	return status;
}
