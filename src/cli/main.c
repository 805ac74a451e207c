/*
 * main.c - the `interviewer` program: finds the subcommand in the table
 * (commands.c) and runs it.  `interviewer help` lists the table;
 * `interviewer help CMD` (or `interviewer CMD --help`) shows one entry.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: interviewer COMMAND [ARGUMENTS] [OPTIONS]\n"
		   "       interviewer help COMMAND   (its options)\n\ncommands:\n");
	for (int i = 0; i < n_commands; i++) {
		const struct command *c = commands[i];
		fprintf(f, "  %-10s %s\n  %-10s   interviewer %s%s%s%s\n", c->name, c->summary, "",
			c->name, *c->args ? " " : "", c->args, c->options->name ? " [OPTIONS]" : "");
	}
	fprintf(f, "\nSee README.md and docs/ for more.\n");
}

static int unknown_command(const char *name)
{
	fprintf(stderr, "interviewer: unknown command '%s'\n\n", name);
	usage(stderr);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *first = argv[1];
	if (!strcmp(first, "--help") || !strcmp(first, "-h") || !strcmp(first, "help")) {
		if (argc < 3) {
			usage(stdout);
			return 0;
		}
		const struct command *cmd = command_find(argv[2]);
		if (!cmd)
			return unknown_command(argv[2]);
		cli_print_help(stdout, cmd);
		return 0;
	}
	const struct command *cmd = command_find(first);
	if (!cmd)
		return unknown_command(first);
	return command_main(cmd, argc - 1, argv + 1);
}
