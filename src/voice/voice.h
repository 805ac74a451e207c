/*
 * voice.h - the voice path as two objects a front end can hold: a hearing
 * (speech in, text out) and a speaking (text in, speech out).
 *
 * `chat --jsonl` uses them for {"audio": "FILE.wav"} lines and --speak-dir;
 * `hear`, `say` and `voice` use them too.  Hearing is local PocketSphinx,
 * or an OpenAI-compatible transcription server when stt_url is given, with
 * the local recognizer as the fallback when the server is slow or fails.
 * Speaking is Flite, with the text first made sayable by the pronunciation
 * table in data/speech/pronunciations.yaml.
 */
#ifndef IV_VOICE_VOICE_H
#define IV_VOICE_VOICE_H

#include <stddef.h>
#include <stdint.h>

#include "iv_error.h"
#include "voice/tts_flite.h"

/* Below this mean word confidence the recognizer is taken to have heard
 * badly and the interviewer asks the candidate to repeat. */
#define VOICE_LOW_CONFIDENCE 0.5

struct voice_hearing;

/* Loads the recognizer once (most of a second).  data_dir is the data
 * folder; stt_url (may be NULL) the base URL of a transcription server. */
struct voice_hearing *voice_hearing_new(const char *data_dir, const char *stt_url,
					struct iv_error *err);
void voice_hearing_free(struct voice_hearing *vh);

struct heard {
	char *text;          /* malloc'd; "" when nothing was said */
	double confidence;   /* 0..1 */
	double audio_seconds;
	double stt_ms;       /* wall time spent recognizing */
	int low_confidence;  /* words were heard, but badly: ask to repeat */
	const char *engine;  /* "pocketsphinx" or "http" (static string) */
	char *fallback_reason; /* malloc'd; why the server was not used, or NULL */
};

/* Transcribes a WAV file (any rate and channel count).  Returns 0, or -1
 * with err naming the file and the problem. */
int voice_hear_file(struct voice_hearing *vh, const char *wav_path, struct heard *out,
		    struct iv_error *err);
/* The same for 16 kHz mono samples already in memory. */
int voice_hear_samples(struct voice_hearing *vh, const int16_t *samples, size_t n_samples,
		       struct heard *out, struct iv_error *err);
void heard_release(struct heard *h);

/* A turn heard live by the local recognizer (duplex.c, listen.c), heard
 * again by the transcription server when one is configured: returns 1 with
 * *text (malloc'd) the server's words; 0 when there is no server, or it
 * failed, with *fallback_reason (malloc'd, or NULL without a server) - the
 * local words then stand.  -1 when out of memory. */
int voice_rehear(struct voice_hearing *vh, const int16_t *samples, size_t n_samples, char **text,
		 char **fallback_reason);

/* The local recognizer, for streaming use (the live `voice` front end). */
struct stt_sphinx *voice_hearing_recognizer(struct voice_hearing *vh);

struct voice_speaking;

/* voice_name: slt, rms, awb or kal16 (NULL: slt); wpm <= 0: 160. */
struct voice_speaking *voice_speaking_new(const char *data_dir, const char *voice_name,
					  double wpm, struct iv_error *err);
void voice_speaking_free(struct voice_speaking *vs);

/* Makes text sayable (malloc'd; caller frees), or NULL when out of memory. */
char *voice_sayable(struct voice_speaking *vs, const char *text);

/* Speaks text into a WAV file.  *tts_ms: the whole synthesis, and
 * *first_audio_ms: until the first audio was ready (either may be NULL). */
int voice_speak_to_file(struct voice_speaking *vs, const char *text, const char *wav_path,
			double *tts_ms, double *first_audio_ms, struct iv_error *err);

/* Speaks text through fn as it is synthesized (see tts_flite_speak):
 * returns 0 when all was said, 1 when fn stopped it, -1 on error. */
int voice_speak_stream(struct voice_speaking *vs, const char *text, tts_audio_fn fn, void *user,
		       struct iv_error *err);

#endif
