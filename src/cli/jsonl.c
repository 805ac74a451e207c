/*
 * jsonl.c - reading and writing the JSON lines of contract section 1 with
 * jansson.  jansson rejects invalid UTF-8 and malformed JSON with a position,
 * which becomes the error event's message.
 */
#include "jsonl.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum jsonl_read jsonl_read_line(FILE *in, char **buf, size_t *cap, size_t *len)
{
	size_t n = 0;
	int c, too_long = 0;
	while ((c = getc(in)) != EOF) {
		if (c == '\n')
			break;
		if (too_long)
			continue;
		if (n + 1 >= JSONL_MAX_LINE_BYTES) {
			too_long = 1;
			continue;
		}
		if (n + 2 > *cap) {
			size_t ncap = *cap ? *cap * 2 : 4096;
			char *grown = realloc(*buf, ncap);
			if (!grown) {
				too_long = 1;
				continue;
			}
			*buf = grown;
			*cap = ncap;
		}
		(*buf)[n++] = (char)c;
	}
	if (c == EOF && n == 0 && !too_long)
		return JSONL_EOF;
	if (too_long)
		return JSONL_TOO_LONG;
	if (n && (*buf)[n - 1] == '\r')
		n--;
	if (!*buf) {
		*buf = malloc(1);
		*cap = *buf ? 1 : 0;
		if (!*buf)
			return JSONL_TOO_LONG;
	}
	(*buf)[n] = '\0';
	*len = n;
	return JSONL_LINE;
}

void jsonl_reply_release(struct jsonl_reply *r)
{
	free(r->text);
	free(r->audio);
	memset(r, 0, sizeof *r);
}

int jsonl_parse_reply(const char *line, size_t len, struct jsonl_reply *out, struct iv_error *err)
{
	memset(out, 0, sizeof *out);
	out->seconds = -1;
	json_error_t je;
	json_t *root = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		iv_error_set(err, "malformed JSON at column %d: %s", je.column, je.text);
		return -1;
	}
	int rc = -1;
	if (!json_is_object(root)) {
		iv_error_set(err, "each line must be a JSON object like {\"text\": \"...\"}");
		goto out;
	}
	const char *key;
	json_t *v;
	json_object_foreach(root, key, v) {
		if (strcmp(key, "text") && strcmp(key, "audio") && strcmp(key, "seconds")) {
			iv_error_set(err, "unknown field \"%s\" (expected text, audio, seconds)", key);
			goto out;
		}
	}
	json_t *text = json_object_get(root, "text"), *audio = json_object_get(root, "audio"),
	       *seconds = json_object_get(root, "seconds");
	if (!text && !audio) {
		iv_error_set(err, "a line needs \"text\" (\"\" for silence) or \"audio\"");
		goto out;
	}
	if (text && audio) {
		iv_error_set(err, "give \"text\" or \"audio\", not both");
		goto out;
	}
	if (text && !json_is_string(text)) {
		iv_error_set(err, "\"text\" must be a string");
		goto out;
	}
	if (audio && (!json_is_string(audio) || !json_string_length(audio))) {
		iv_error_set(err, "\"audio\" must be the path of a WAV file");
		goto out;
	}
	if (text && memchr(json_string_value(text), '\0', json_string_length(text))) {
		iv_error_set(err, "\"text\" must not contain NUL characters");
		goto out;
	}
	if (seconds) {
		if (!json_is_number(seconds) || json_number_value(seconds) < 0 ||
		    json_number_value(seconds) > 3600 || !isfinite(json_number_value(seconds))) {
			iv_error_set(err, "\"seconds\" must be a number from 0 to 3600");
			goto out;
		}
		out->seconds = json_number_value(seconds);
	}
	if (text && !(out->text = strdup(json_string_value(text))))
		goto oom;
	if (audio && !(out->audio = strdup(json_string_value(audio))))
		goto oom;
	rc = 0;
	goto out;
oom:
	iv_error_set(err, "out of memory");
	jsonl_reply_release(out);
out:
	json_decref(root);
	return rc;
}

static void emit(FILE *out, json_t *obj)
{
	char *s = json_dumps(obj, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(10));
	if (s) {
		fputs(s, out);
		fputc('\n', out);
		fflush(out);
		free(s);
	}
	json_decref(obj);
}

static double round_t(double t)
{
	return floor(t * 10.0 + 0.5) / 10.0;
}

void jsonl_emit_say(FILE *out, const char *session_id, const struct interviewer_turn *turn,
		    double t, const struct jsonl_voice_extras *voice)
{
	jsonl_emit_say_worded(out, session_id, turn, t, voice, NULL, NULL);
}

json_t *jsonl_say_event(const char *session_id, const struct interviewer_turn *turn, double t,
			const struct jsonl_voice_extras *voice, const char *wording,
			const char *fallback)
{
	json_t *acts = json_array();
	for (int a = 0; a < ACT_COUNT; a++)
		if (turn->acts & (1u << a))
			json_array_append_new(acts, json_string(act_name((enum act)a)));
	json_t *o = json_pack("{s:s, s:i, s:s, s:s, s:s, s:o, s:f, s:s}", "event", "say", "turn",
			      turn->turn, "text", turn->text, "phase", phase_name(turn->phase), "topic",
			      turn->topic, "acts", acts, "t", round_t(t), "session", session_id);
	if (voice) {
		if (voice->heard)
			json_object_set_new(o, "heard", json_string(voice->heard));
		if (voice->heard)
			json_object_set_new(o, "latency_ms",
					    json_pack("{s:f, s:f, s:f}", "stt", voice->stt_ms, "think",
						      voice->think_ms, "tts", voice->tts_ms));
		if (voice->audio_out)
			json_object_set_new(o, "audio", json_string(voice->audio_out));
	}
	if (wording)
		json_object_set_new(o, "wording", json_string(wording));
	if (fallback && *fallback)
		json_object_set_new(o, "fallback", json_string(fallback));
	return o;
}

void jsonl_emit_say_worded(FILE *out, const char *session_id, const struct interviewer_turn *turn,
			   double t, const struct jsonl_voice_extras *voice, const char *wording,
			   const char *fallback)
{
	emit(out, jsonl_say_event(session_id, turn, t, voice, wording, fallback));
}

void jsonl_emit_error(FILE *out, const char *message)
{
	emit(out, json_pack("{s:s, s:s}", "event", "error", "message", message));
}

void jsonl_emit_end(FILE *out, const char *session_id, double t, const char *scorecard_json)
{
	json_t *o = json_pack("{s:s, s:s, s:f}", "event", "end", "session", session_id, "t", round_t(t));
	if (scorecard_json) {
		json_error_t je;
		json_t *sc = json_loads(scorecard_json, 0, &je);
		if (sc)
			json_object_set_new(o, "scorecard", sc);
	}
	emit(out, o);
}
