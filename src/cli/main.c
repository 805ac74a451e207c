/*
 * main.c - the `interviewer` program: finds the subcommand in the table
 * (commands.c) and runs it.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: interviewer COMMAND [options]\n\ncommands:\n");
	for (int i = 0; i < n_commands; i++)
		fprintf(f, "  %-10s %s\n  %-10s   %s %s\n", commands[i].name, commands[i].summary, "",
			commands[i].name, commands[i].usage);
	fprintf(f, "\nSee README.md and docs/ for the options every command takes.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (int i = 0; i < n_commands; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "interviewer: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
