/*
 * commands.c - the one table of subcommands.  Add a line here and a
 * cmd_NAME.c file to add a command.
 */
#include "commands.h"

const struct command commands[] = {
	{"chat", "[--jsonl] [--name NAME] [--seed N] [--virtual-clock] [--db PATH] [--playbook FILE]",
	 "conduct an interview by text (a terminal, or JSON lines with --jsonl)", cmd_chat},
	{"resume", "ID [--jsonl] [--db PATH]", "continue a stored interview where it stopped", cmd_resume},
	{"simulate", "CANDIDATE.json [--json] [--seed N] [--db PATH]",
	 "run a simulated candidate file through the interview", cmd_simulate},
	{"sessions", "[--db PATH]", "list stored interviews", cmd_sessions},
	{"transcript", "ID [--json] [--db PATH]", "print a stored interview", cmd_transcript},
};

const int n_commands = (int)(sizeof commands / sizeof commands[0]);
