/*
 * options.h - parsing a command's options against its entry (commands.h),
 * the environment variables behind some of them (contract section 4), a
 * command's usage and help, and loading the interview content (lexicon,
 * signals, playbook) from the data folder.
 *
 * The parser knows every option there is and how to store it; a command's
 * entry chooses which of them it takes.  Whatever the entry does not
 * declare is refused: an option, a missing value, too many or too few
 * arguments, a --format value not in its list.
 */
#ifndef IV_OPTIONS_H
#define IV_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "iv_error.h"
#include "lexicon.h"
#include "playbook.h"

/* Arguments a command can take at most. */
#define CLI_MAX_ARGS 16

/* What the command line said; a field a command does not declare stays
 * empty (NULL or 0), whatever the environment holds. */
struct cli_options {
	const char *name;          /* --name */
	uint64_t seed;             /* --seed, else 1 */
	int seed_set;
	int virtual_clock;         /* --virtual-clock */
	const char *db;            /* --db, else $INTERVIEWER_DB */
	const char *playbook;      /* --playbook FILE */
	const char *data_dir;      /* --data-dir, else $INTERVIEWER_DATA_DIR, else the build's data/ */
	const char *llm_url;       /* --llm-url, else $INTERVIEWER_LLM_URL */
	const char *llm_model;     /* --llm-model, else $INTERVIEWER_LLM_MODEL */
	const char *stt_url;       /* --stt-url, else $INTERVIEWER_STT_URL */
	const char *speak_dir;     /* --speak-dir DIR: write each interviewer turn as WAV */
	const char *voice;         /* --voice NAME (slt, rms, awb, kal16) */
	double wpm;                /* --wpm N: speaking pace, 0 = default */
	const char *format;        /* --format, one of the command's formats; else its default */
	const char *output;        /* -o FILE */
	const char *host;          /* --host H (serve) */
	const char *port;          /* --port N (serve) */
	const char *max_interviews; /* --max-interviews N (serve) */
	const char *max_voice;     /* --max-voice N (serve) */
	const char *retention_days; /* --retention-days N (serve), else $INTERVIEWER_RETENTION_DAYS */
	const char *tls_cert;      /* --tls-cert FILE (serve) */
	const char *tls_key;       /* --tls-key FILE (serve) */
	const char *invitations_per_minute; /* --invitations-per-minute N (serve) */
	int jsonl;                 /* --jsonl */
	int llm_judge;             /* --llm-judge: the LLM proposes scores too (needs --llm-url) */
	int json;                  /* --json */
	char *positional[CLI_MAX_ARGS]; /* the arguments, in order */
	int n_positional;
};

struct command;

/* What cli_parse_options() found. */
enum cli_parse_status {
	CLI_PARSE_ERROR = -1, /* a usage error: err says what */
	CLI_PARSE_OK = 0,
	CLI_PARSE_HELP = 1    /* --help (or -h) came before any error */
};

/* Parses argv[1..argc) (argv[0] is the command's name) against cmd's
 * entry: options it does not declare, missing values, too many or too few
 * arguments and --format values not in its list are errors.  "--" ends the
 * options.  Environment variables fill what the command's flags did not. */
enum cli_parse_status cli_parse_options(const struct command *cmd, int argc, char **argv,
					struct cli_options *o, struct iv_error *err);

/* "usage: interviewer NAME ARGS [OPTION...]", wrapped to the terminal's usual width. */
void cli_print_usage(FILE *f, const struct command *cmd);
/* The usage, the summary, and every option with what it does. */
void cli_print_help(FILE *f, const struct command *cmd);
/* "interviewer NAME: MESSAGE" and the command's usage on stderr.  Returns
 * 2, the exit status of a usage error. */
int cli_usage_error(const struct command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The data folder to use. */
const char *cli_data_dir(const struct cli_options *o);

/* Reads a whole file (NUL-terminated, malloc'd; *len without the NUL). */
char *cli_read_file(const char *path, size_t *len, struct iv_error *err);

/* The loaded content of an interview. */
struct content {
	struct lexicon *lexicon;
	struct playbook *playbook;
	struct rubric *rubric;     /* data/rubric.yaml: the interviewer challenges its wrong claims */
	char *playbook_path;       /* absolute or as given; malloc'd */
	char *data_dir;            /* the folder it came from; malloc'd */
};

/* Loads data/lexicon.yaml, data/signals.yaml and the playbook (playbook_path,
 * or data/playbooks/backend.yaml when NULL). */
int content_load(const char *data_dir, const char *playbook_path, struct content *c,
		 struct iv_error *err);
void content_release(struct content *c);

#endif
