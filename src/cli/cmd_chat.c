/*
 * cmd_chat.c - `interviewer chat`: a new interview by text, at a terminal
 * or (--jsonl) as JSON lines for programs (contract section 1; its
 * options and section 4's are all here).
 */
#include <stdio.h>

#include "llm/llm_judge.h"
#include "llm/llm_wording.h"
#include "llm_setup.h"
#include "commands.h"
#include "conversation.h"
#include "live.h"

static int run_chat(const struct cli_options *o);

static const struct cli_option chat_options[] = {
	{"--jsonl", NULL, NULL},
	{"--name", "NAME", NULL},
	{"--seed", "N", NULL},
	{"--virtual-clock", NULL, NULL},
	{"--db", "PATH", NULL},
	{"--playbook", "FILE", NULL},
	{"--data-dir", "DIR", NULL},
	{"--llm-url", "URL", NULL},
	{"--llm-model", "NAME", NULL},
	{"--llm-judge", NULL, NULL},
	{"--stt-url", "URL", "transcribes {\"audio\": FILE} lines with an OpenAI-compatible API "
			     "(URL/audio/transcriptions); the local recognizer when it is slow or fails"},
	{"--speak-dir", "DIR", "with --jsonl: also write each interviewer turn as DIR/turn-NNN.wav"},
	{"--voice", "NAME", "the voice of --speak-dir: slt, rms, awb or kal16"},
	{"--wpm", "N", "the pace of --speak-dir in words per minute (60 to 400)"},
	{0},
};

const struct command cmd_chat_entry = {
	.name = "chat",
	.summary = "conduct an interview by text (a terminal, or JSON lines with --jsonl)",
	.args = "",
	.options = chat_options,
	.run = run_chat,
};

static int run_chat(const struct cli_options *o)
{
	struct iv_error err;
	struct content c;
	if (content_load(cli_data_dir(o), o->playbook, &c, &err)) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		return 1;
	}
	struct store *st = store_open(o->db, &err);
	if (!st) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		content_release(&c);
		return 1;
	}
	struct live lv;
	int status;
	struct llm_wording *wording = cli_llm_wording(o, &c, &err);
	struct llm_judge *judge = NULL;
	if ((!wording && err.message[0]) ||
	    (!(judge = cli_llm_judge(o, &c, &err)) && err.message[0])) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		llm_wording_free(wording);
		store_close(st);
		content_release(&c);
		return 1;
	}
	if (live_start(&lv, &c, st, o, &err)) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		status = 1;
	} else {
		lv.wording = wording;
		lv.judge = judge;
		status = o->jsonl ? conversation_jsonl(&lv, o, stdin, stdout)
				 : conversation_terminal(&lv, o);
	}
	live_release(&lv);
	llm_wording_free(wording);
	llm_judge_free(judge);
	store_close(st);
	content_release(&c);
	return status;
}
