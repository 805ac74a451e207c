/*
 * commands.c - the one table of subcommands, and running one.  Each entry
 * is declared in its own cmd_NAME.c (commands.h says what an entry holds);
 * add a file and a line here to add a command.
 */
#include "commands.h"

#include <string.h>

const struct command *const commands[] = {
	&cmd_chat_entry,     &cmd_resume_entry,   &cmd_simulate_entry, &cmd_sessions_entry,
	&cmd_transcript_entry, &cmd_hear_entry,   &cmd_say_entry,      &cmd_voice_entry,
	&cmd_report_entry,   &cmd_rescore_entry,  &cmd_compare_entry,  &cmd_serve_entry,
	&cmd_token_entry,    &cmd_user_entry,     &cmd_calibrate_entry,
};

const int n_commands = (int)(sizeof commands / sizeof commands[0]);

const struct command *command_find(const char *name)
{
	for (int i = 0; i < n_commands; i++)
		if (!strcmp(name, commands[i]->name))
			return commands[i];
	return NULL;
}

int command_main(const struct command *cmd, int argc, char **argv)
{
	struct cli_options o;
	struct iv_error err;
	switch (cli_parse_options(cmd, argc, argv, &o, &err)) {
	case CLI_PARSE_HELP:
		cli_print_help(stdout, cmd);
		return 0;
	case CLI_PARSE_ERROR:
		return cli_usage_error(cmd, "%s", err.message);
	case CLI_PARSE_OK:
		break;
	}
	return cmd->run(&o);
}
