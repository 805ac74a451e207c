/*
 * cmd_hear.c - `interviewer hear FILE.wav [--stt-url URL] [--json]`: the
 * hearing half of the voice path alone.  Prints what was heard, how sure
 * the recognizer was, and how long it took.
 */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "options.h"
#include "voice/voice.h"

static int run_hear(const struct cli_options *o);

static const struct cli_option hear_options[] = {
	{"--stt-url", "URL", NULL},
	{"--json", NULL, "print the text, confidence and timings as one JSON object"},
	{"--data-dir", "DIR", NULL},
	{0},
};

const struct command cmd_hear_entry = {
	.name = "hear",
	.summary = "transcribe a recording as the interviewer hears it",
	.args = "FILE.wav",
	.min_args = 1,
	.max_args = 1,
	.options = hear_options,
	.run = run_hear,
};

static int run_hear(const struct cli_options *o)
{
	struct iv_error err = {{0}};
	/* A recording heard offline can afford the recognizer's second search
	 * pass (issue 11: 29.3% to 25.0% word error on real read speech);
	 * INTERVIEWER_SECOND_PASS=0 still turns it off. */
	setenv("INTERVIEWER_SECOND_PASS", "1", 0);
	struct voice_hearing *vh = voice_hearing_new(cli_data_dir(o), o->stt_url, &err);
	if (!vh) {
		fprintf(stderr, "interviewer hear: %s\n", err.message);
		return 1;
	}
	struct heard h;
	if (voice_hear_file(vh, o->positional[0], &h, &err) != 0) {
		fprintf(stderr, "interviewer hear: %s\n", err.message);
		voice_hearing_free(vh);
		return 1;
	}
	if (h.fallback_reason)
		fprintf(stderr, "interviewer hear: %s; used the local recognizer\n", h.fallback_reason);
	if (o->json) {
		/* The transcript holds only lowercase words and apostrophes (or a
		 * server's text), escaped here for the few characters JSON needs. */
		printf("{\"text\":\"");
		for (const char *p = h.text; *p; p++) {
			if (*p == '"' || *p == '\\')
				printf("\\%c", *p);
			else if ((unsigned char)*p < 0x20)
				printf("\\u%04x", *p);
			else
				putchar(*p);
		}
		printf("\",\"confidence\":%.3f,\"low_confidence\":%s,\"audio_seconds\":%.2f,"
		       "\"stt_ms\":%.1f,\"engine\":\"%s\"}\n",
		       h.confidence, h.low_confidence ? "true" : "false", h.audio_seconds, h.stt_ms,
		       h.engine);
	} else {
		printf("%s\n", h.text);
		fprintf(stderr, "confidence %.2f%s, %.1f s of audio heard in %.0f ms by %s (real-time "
				"factor %.2f)\n",
			h.confidence, h.low_confidence ? " (low: would ask to repeat)" : "",
			h.audio_seconds, h.stt_ms, h.engine,
			h.audio_seconds > 0 ? h.stt_ms / 1000.0 / h.audio_seconds : 0.0);
	}
	heard_release(&h);
	voice_hearing_free(vh);
	return 0;
}
