/*
 * cmd_resume.c - `interviewer resume ID`: continues a stored interview.
 * The engine replays every stored turn (same seed, same answers, same
 * times: the same interview), says the waiting question again, and goes on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "llm/llm_judge.h"
#include "llm/llm_wording.h"
#include "llm_setup.h"
#include "commands.h"
#include "conversation.h"
#include "live.h"

static int run_resume(const struct cli_options *o);

/* --name, --seed and --virtual-clock are taken as by chat (contract section
 * 1: every mode takes them), but the interview goes on as it began: with
 * its stored name, seed and clock; a different value is warned about. */
static const struct cli_option resume_options[] = {
	{"--jsonl", NULL, NULL},
	{"--db", "PATH", NULL},
	{"--playbook", "FILE", "the playbook (default: the one the interview began with)"},
	{"--data-dir", "DIR", NULL},
	{"--llm-url", "URL", NULL},
	{"--llm-model", "NAME", NULL},
	{"--llm-judge", NULL, NULL},
	{"--stt-url", "URL", "transcribes {\"audio\": FILE} lines with an OpenAI-compatible API "
			     "(URL/audio/transcriptions); the local recognizer when it is slow or fails"},
	{"--speak-dir", "DIR", "with --jsonl: also write each interviewer turn as DIR/turn-NNN.wav"},
	{"--voice", "NAME", "the voice of --speak-dir: slt, rms, awb or kal16"},
	{"--wpm", "N", "the pace of --speak-dir in words per minute (60 to 400)"},
	{"--name", "NAME", "as for chat; the interview keeps the name it began with"},
	{"--seed", "N", "as for chat; the interview keeps the seed it began with"},
	{"--virtual-clock", NULL, "as for chat; the interview keeps the clock it began with"},
	{0},
};

const struct command cmd_resume_entry = {
	.name = "resume",
	.summary = "continue a stored interview where it stopped (a unique prefix of the id is enough)",
	.args = "ID",
	.min_args = 1,
	.max_args = 1,
	.options = resume_options,
	.run = run_resume,
};

/* Says so when the command line asks for a name, seed or clock other than
 * the stored interview's, which it keeps. */
static void warn_kept(const struct cli_options *o, const struct transcript *tr)
{
	if (o->name && strcmp(o->name, tr->candidate_name ? tr->candidate_name : ""))
		fprintf(stderr, "interviewer resume: --name ignored: the candidate is \"%s\"\n",
			tr->candidate_name ? tr->candidate_name : "");
	if (o->seed_set && o->seed != tr->seed)
		fprintf(stderr, "interviewer resume: --seed ignored: the interview goes on with seed %llu\n",
			(unsigned long long)tr->seed);
	if (o->virtual_clock && !tr->virtual_clock)
		fprintf(stderr, "interviewer resume: --virtual-clock ignored: the interview began on the "
				"wall clock\n");
}

static int run_resume(const struct cli_options *o)
{
	struct iv_error err;
	struct store *st = store_open(o->db, &err);
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
	if (store_resolve_id(st, o->positional[0], id, sizeof id, &err) ||
	    !(tr = store_load(st, id, &playbook_path, &err)))
		goto fail;
	warn_kept(o, tr);
	const char *pb = o->playbook ? o->playbook : (playbook_path && *playbook_path ? playbook_path : NULL);
	if (content_load(cli_data_dir(o), pb, &c, &err) || live_resume(&lv, &c, st, id, &err))
		goto fail;
	wording = cli_llm_wording(o, &c, &err);
	if (!wording && err.message[0])
		goto fail;
	judge = cli_llm_judge(o, &c, &err);
	if (!judge && err.message[0])
		goto fail;
	lv.wording = wording;
	lv.judge = judge;
	status = o->jsonl ? conversation_jsonl(&lv, o, stdin, stdout) : conversation_terminal(&lv, o);
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
