/*
 * options.h - the flags every subcommand shares (contract section 1 and 4),
 * the environment variables behind them, and loading the interview content
 * (lexicon, signals, playbook) from the data folder.
 */
#ifndef IV_OPTIONS_H
#define IV_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "iv_error.h"
#include "lexicon.h"
#include "playbook.h"

struct cli_options {
	const char *name;          /* --name */
	uint64_t seed;             /* --seed */
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
	const char *format;        /* --format html|md|json */
	const char *output;        /* -o FILE */
	const char *host;          /* --host H (serve) */
	const char *port;          /* --port N (serve) */
	const char *max_interviews; /* --max-interviews N (serve) */
	const char *max_voice;     /* --max-voice N (serve) */
	int jsonl;                 /* --jsonl */
	int llm_judge;             /* --llm-judge: the LLM proposes scores too (needs --llm-url) */
	int json;                  /* --json */
	char *positional[16];      /* the other arguments, in order */
	int n_positional;
};

/* Parses argv[1..argc) (argv[0] is the subcommand).  Unknown flags and
 * missing values are errors.  Environment variables fill what flags did not. */
int cli_parse_options(int argc, char **argv, struct cli_options *o, struct iv_error *err);

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
