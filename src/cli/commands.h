/*
 * commands.h - the table of subcommands (one file each, cmd_*.c), in the
 * manner of tmux: main() looks the name up and hands over argc/argv (argv[0]
 * is the subcommand's name).  A command returns the process exit status.
 */
#ifndef IV_COMMANDS_H
#define IV_COMMANDS_H

struct command {
	const char *name;
	const char *usage;    /* one line: arguments */
	const char *summary;  /* one line: what it does */
	int (*run)(int argc, char **argv);
};

extern const struct command commands[];
extern const int n_commands;

int cmd_chat(int argc, char **argv);
int cmd_resume(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_sessions(int argc, char **argv);
int cmd_transcript(int argc, char **argv);
int cmd_hear(int argc, char **argv);
int cmd_say(int argc, char **argv);
int cmd_voice(int argc, char **argv);

/* the web service (src/cli/cmd_serve.c, cmd_token.c, cmd_user.c) */
int cmd_serve(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_user(int argc, char **argv);

/* the scorecard (src/cli/cmd_report.c, cmd_rescore.c, cmd_compare.c, cmd_calibrate.c) */
int cmd_report(int argc, char **argv);
int cmd_rescore(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);

#endif
