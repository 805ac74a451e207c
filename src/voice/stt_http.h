/*
 * stt_http.h - better hearing where configured: an OpenAI-compatible
 * transcription server (whisper.cpp server, faster-whisper server, OpenAI)
 * at URL/audio/transcriptions (contract section 4, --stt-url).
 *
 * Each utterance is sent as a WAV file in a multipart form.  The request
 * has a deadline: a slow or failing server is an error the caller answers
 * by using the local recognizer instead.  Environment: INTERVIEWER_STT_MODEL
 * (the "model" field, default whisper-1), INTERVIEWER_STT_KEY (a bearer
 * token, never logged), INTERVIEWER_STT_TIMEOUT_MS.
 */
#ifndef IV_VOICE_STT_HTTP_H
#define IV_VOICE_STT_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "iv_error.h"

struct stt_http;

struct stt_http *stt_http_new(const char *base_url, struct iv_error *err);
void stt_http_free(struct stt_http *h);

/* The deadline of one request; 0 restores the default (which grows with the
 * length of the audio). */
void stt_http_set_timeout_ms(struct stt_http *h, long timeout_ms);

/* Sends 16 kHz mono samples; *text is malloc'd (caller frees).  Returns 0,
 * or -1 with err saying what went wrong (timeout, HTTP status, bad reply). */
int stt_http_transcribe(struct stt_http *h, const int16_t *samples, size_t n_samples,
			char **text, struct iv_error *err);

#endif
