/*
 * cmd_say.c - `interviewer say "TEXT" -o FILE.wav [--voice slt] [--wpm 160]`:
 * the speaking half of the voice path alone.  Without -o, prints the text
 * as it will be said (after the pronunciation table).
 */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "options.h"
#include "voice/voice.h"

static int run_say(const struct cli_options *o);

static const struct cli_option say_options[] = {
	{"-o", "FILE.wav", "write the speech to FILE.wav (without it: print the text as it will be "
			   "said)"},
	{"--voice", "NAME", NULL},
	{"--wpm", "N", NULL},
	{"--data-dir", "DIR", NULL},
	{0},
};

const struct command cmd_say_entry = {
	.name = "say",
	.summary = "speak text as the interviewer (without -o: print it as it will be said)",
	.args = "\"TEXT\"",
	.min_args = 1,
	.max_args = 1,
	.options = say_options,
	.run = run_say,
};

static int run_say(const struct cli_options *o)
{
	struct iv_error err = {{0}};
	struct voice_speaking *vs = voice_speaking_new(cli_data_dir(o), o->voice, o->wpm, &err);
	if (!vs) {
		fprintf(stderr, "interviewer say: %s\n", err.message);
		return 1;
	}
	int rc = 0;
	if (!o->output) {
		char *sayable = voice_sayable(vs, o->positional[0]);
		printf("%s\n", sayable ? sayable : "");
		free(sayable);
	} else {
		double tts_ms = 0, first_ms = 0;
		if (voice_speak_to_file(vs, o->positional[0], o->output, &tts_ms, &first_ms, &err) != 0) {
			fprintf(stderr, "interviewer say: %s\n", err.message);
			rc = 1;
		} else {
			fprintf(stderr, "wrote %s: synthesized in %.0f ms, first audio after %.0f ms\n",
				o->output, tts_ms, first_ms);
		}
	}
	voice_speaking_free(vs);
	return rc;
}
