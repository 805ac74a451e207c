/*
 * commands.h - the subcommands, in the manner of tmux's command entries.
 *
 * Each cmd_NAME.c declares one `struct command`: its name, what it does,
 * its arguments, the options it takes and the values its --format takes.
 * commands.c holds the table of them; main() looks the name up and
 * command_main() parses the command line against the entry (options.c
 * refuses whatever the entry does not declare, with that command's usage)
 * before the command runs.  So a command never sees an option it did not
 * declare, and its usage and help cannot drift from what it accepts.
 */
#ifndef IV_COMMANDS_H
#define IV_COMMANDS_H

#include "options.h"

/* One option a command takes.  The parser (options.c) knows how to store
 * every option; a command only chooses among them. */
struct cli_option {
	const char *name;  /* "--db"; "-o" also answers to "--output" */
	const char *value; /* what its value is called ("PATH"), or NULL: it takes none */
	const char *help;  /* one line for `interviewer help CMD`, or NULL: the usual one */
};

struct command {
	const char *name;
	const char *summary;              /* one line: what it does */
	const char *args;                 /* its arguments as its usage shows them ("ID ID..."), or "" */
	int min_args, max_args;           /* how many arguments (max at most CLI_MAX_ARGS) */
	const struct cli_option *options; /* what it takes, ending with {0} */
	const char *const *formats;       /* what --format takes, the default first, NULL-ended;
					     NULL when it takes no --format */
	/* Runs the command with its parsed options; returns the exit status. */
	int (*run)(const struct cli_options *o);
};

/* The table (commands.c), in the order `interviewer help` lists it. */
extern const struct command *const commands[];
extern const int n_commands;

/* The command called name, or NULL. */
const struct command *command_find(const char *name);

/* Parses argv (argv[0] is the command's name) against cmd and runs it:
 * --help prints its help (exit 0); a usage error prints the error and its
 * usage on stderr (exit 2). */
int command_main(const struct command *cmd, int argc, char **argv);

extern const struct command cmd_chat_entry;
extern const struct command cmd_resume_entry;
extern const struct command cmd_simulate_entry;
extern const struct command cmd_sessions_entry;
extern const struct command cmd_transcript_entry;
extern const struct command cmd_report_entry;
extern const struct command cmd_rescore_entry;
extern const struct command cmd_compare_entry;
extern const struct command cmd_calibrate_entry;
extern const struct command cmd_voice_entry;
extern const struct command cmd_serve_entry;
extern const struct command cmd_token_entry;
extern const struct command cmd_user_entry;
extern const struct command cmd_hear_entry;
extern const struct command cmd_say_entry;

#endif
