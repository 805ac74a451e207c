/*
 * conversation_jsonl.c - the JSON lines loop: say, wait for exactly one
 * valid candidate line, hear it, say the next turn ... end.  A malformed
 * line gets an error event and the same turn keeps waiting.
 *
 * Voice: an {"audio": "FILE.wav"} line is transcribed (the recognizer is
 * loaded on the first one) and the next say carries what was heard and the
 * latencies; with --speak-dir every interviewer turn is also written as a
 * WAV file there.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conversation.h"
#include "jsonl.h"
#include "voice/voice.h"

struct voice_io {
	struct voice_hearing *hearing; /* loaded on the first audio line */
	struct voice_speaking *speaking; /* with --speak-dir */
	const struct cli_options *o;
};

static double ms_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1e3 + (now.tv_nsec - start->tv_nsec) / 1e6;
}

static int say_next(struct live *lv, FILE *out, struct voice_io *vio, struct jsonl_voice_extras *voice)
{
	struct interviewer_turn turn;
	struct iv_error err;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	if (live_next(lv, &turn, &err)) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		return -1;
	}
	double think_ms = ms_since(&start);
	char wav[4096];
	struct jsonl_voice_extras extras = {0};
	if (voice)
		extras = *voice;
	extras.think_ms = think_ms;
	if (vio->speaking) {
		snprintf(wav, sizeof wav, "%s/turn-%03d.wav", vio->o->speak_dir, turn.turn);
		if (voice_speak_to_file(vio->speaking, turn.text, wav, &extras.tts_ms, NULL, &err))
			fprintf(stderr, "interviewer: %s\n", err.message);
		else
			extras.audio_out = wav;
	}
	int with_voice = voice || vio->speaking;
	jsonl_emit_say_worded(out, lv->session_id, &turn, lv->tr->turns[lv->tr->n_turns - 1].t,
			      with_voice ? &extras : NULL, lv->last_wording, lv->last_fallback);
	return 0;
}

static void resay_pending(struct live *lv, FILE *out)
{
	const struct transcript_turn *last = &lv->tr->turns[lv->tr->n_turns - 1];
	jsonl_emit_say_worded(out, lv->session_id, &lv->pending, last->t, NULL, last->wording,
			      last->fallback);
}

/* Hears an audio line; returns 0 with *heard filled, or -1 after an error event. */
static int hear_audio(struct voice_io *vio, const char *path, struct heard *heard, FILE *out)
{
	struct iv_error err;
	if (!vio->hearing &&
	    !(vio->hearing = voice_hearing_new(cli_data_dir(vio->o), vio->o->stt_url, &err))) {
		jsonl_emit_error(out, err.message);
		return -1;
	}
	if (voice_hear_file(vio->hearing, path, heard, &err)) {
		jsonl_emit_error(out, err.message);
		return -1;
	}
	return 0;
}

static int finish(struct live *lv, const struct cli_options *o, FILE *out)
{
	struct iv_error err;
	char *scorecard = conversation_finish(lv, &err);
	if (!scorecard && err.message[0])
		fprintf(stderr, "interviewer: %s\n", err.message);
	jsonl_emit_end(out, lv->session_id, lv->t, scorecard);
	free(scorecard);
	return 0;
}

int conversation_jsonl(struct live *lv, const struct cli_options *o, FILE *in, FILE *out)
{
	char *line = NULL;
	size_t cap = 0, len = 0;
	int status = 0;
	struct iv_error err;
	struct voice_io vio = {NULL, NULL, o};
	if (o->speak_dir &&
	    !(vio.speaking = voice_speaking_new(cli_data_dir(o), o->voice, o->wpm, &err))) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		return 1;
	}
	if (lv->has_pending)
		resay_pending(lv, out);
	else if (say_next(lv, out, &vio, NULL))
		status = 1;
	while (!status && lv->has_pending) {
		enum jsonl_read r = jsonl_read_line(in, &line, &cap, &len);
		if (r == JSONL_EOF) {
			fprintf(stderr, "interviewer: input ended; session %s is saved (interviewer resume %s)\n",
				lv->session_id, lv->session_id);
			break;
		}
		if (r == JSONL_TOO_LONG) {
			char msg[128];
			snprintf(msg, sizeof msg, "line longer than %d bytes; ignored", JSONL_MAX_LINE_BYTES);
			jsonl_emit_error(out, msg);
			continue;
		}
		struct jsonl_reply reply;
		if (jsonl_parse_reply(line, len, &reply, &err)) {
			jsonl_emit_error(out, err.message);
			continue;
		}
		struct heard heard = {0};
		struct jsonl_voice_extras voice = {0};
		const char *text = reply.text;
		double confidence = 1.0, seconds = reply.seconds;
		if (reply.audio) {
			if (hear_audio(&vio, reply.audio, &heard, out)) {
				jsonl_reply_release(&reply);
				continue;
			}
			text = heard.text;
			confidence = heard.confidence;
			if (seconds < 0)
				seconds = heard.audio_seconds;
			voice.heard = heard.text;
			voice.stt_ms = heard.stt_ms;
		}
		int rc = live_reply(lv, text, seconds, confidence, &err);
		if (rc)
			fprintf(stderr, "interviewer: %s\n", err.message);
		else if (say_next(lv, out, &vio, reply.audio ? &voice : NULL))
			rc = -1;
		heard_release(&heard);
		jsonl_reply_release(&reply);
		if (rc)
			status = 1;
	}
	free(line);
	if (!status && !lv->has_pending && interview_is_over(lv->iv))
		finish(lv, o, out);
	voice_hearing_free(vio.hearing);
	voice_speaking_free(vio.speaking);
	return status;
}
