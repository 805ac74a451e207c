/*
 * jsonl.h - the machine-readable conversation of contract section 1: one
 * JSON object per line each way.  Reading is bounded (a huge line is an
 * error, not a crash or an allocation of gigabytes) and every malformed line
 * is reported, never fatal.
 */
#ifndef IV_JSONL_H
#define IV_JSONL_H

#include <stdio.h>

#include <jansson.h>

#include "interview.h"
#include "iv_error.h"

#define JSONL_MAX_LINE_BYTES (1024 * 1024)

/* A candidate line. */
struct jsonl_reply {
	char *text;       /* malloc'd; "" for silence; NULL when audio is given */
	char *audio;      /* malloc'd path of a WAV file, or NULL */
	double seconds;   /* how long the reply lasted, or -1 when not given */
};

enum jsonl_read {
	JSONL_LINE,      /* *line holds a line (without the newline) */
	JSONL_TOO_LONG,  /* the line was longer than JSONL_MAX_LINE_BYTES and was skipped */
	JSONL_EOF
};

/* Reads one line into *buf (grown as needed, caller frees). */
enum jsonl_read jsonl_read_line(FILE *in, char **buf, size_t *cap, size_t *len);

/* Parses a candidate line.  Returns 0, or -1 with err saying what is wrong. */
int jsonl_parse_reply(const char *line, size_t len, struct jsonl_reply *out, struct iv_error *err);
void jsonl_reply_release(struct jsonl_reply *r);

/* Extra fields of a say event in voice mode. */
struct jsonl_voice_extras {
	const char *heard;   /* what was heard from the audio, or NULL */
	double stt_ms, think_ms, tts_ms;
	const char *audio_out; /* the WAV written for this turn, or NULL */
};

void jsonl_emit_say(FILE *out, const char *session_id, const struct interviewer_turn *turn,
		    double t, const struct jsonl_voice_extras *voice);
/* The same with where the words came from, when an LLM is configured:
 * "wording": "llm" or "script", and "fallback": why the script was used
 * (omitted when NULL or ""). */
void jsonl_emit_say_worded(FILE *out, const char *session_id, const struct interviewer_turn *turn,
			   double t, const struct jsonl_voice_extras *voice, const char *wording,
			   const char *fallback);
/* The say event itself, for a front end that adds to it (owned by the
 * caller). */
json_t *jsonl_say_event(const char *session_id, const struct interviewer_turn *turn, double t,
			const struct jsonl_voice_extras *voice, const char *wording,
			const char *fallback);
void jsonl_emit_error(FILE *out, const char *message);
/* scorecard_json may be NULL (then no scorecard field) */
void jsonl_emit_end(FILE *out, const char *session_id, double t, const char *scorecard_json);

#endif
