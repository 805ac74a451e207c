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

int cmd_say(int argc, char **argv)
{
	struct cli_options o;
	struct iv_error err = {{0}};
	if (cli_parse_options(argc, argv, &o, &err)) {
		fprintf(stderr, "interviewer say: %s\n", err.message);
		return 2;
	}
	if (o.n_positional != 1) {
		fprintf(stderr, "usage: interviewer say \"TEXT\" -o FILE.wav [--voice slt|rms|awb|kal16] "
				"[--wpm 160]\n");
		return 2;
	}
	struct voice_speaking *vs = voice_speaking_new(cli_data_dir(&o), o.voice, o.wpm, &err);
	if (!vs) {
		fprintf(stderr, "interviewer say: %s\n", err.message);
		return 1;
	}
	int rc = 0;
	if (!o.output) {
		char *sayable = voice_sayable(vs, o.positional[0]);
		printf("%s\n", sayable ? sayable : "");
		free(sayable);
	} else {
		double tts_ms = 0, first_ms = 0;
		if (voice_speak_to_file(vs, o.positional[0], o.output, &tts_ms, &first_ms, &err) != 0) {
			fprintf(stderr, "interviewer say: %s\n", err.message);
			rc = 1;
		} else {
			fprintf(stderr, "wrote %s: synthesized in %.0f ms, first audio after %.0f ms\n",
				o.output, tts_ms, first_ms);
		}
	}
	voice_speaking_free(vs);
	return rc;
}
