/*
 * web_room_voice.h - the voice of one room: the candidate's microphone,
 * streamed in as 16 kHz PCM, heard turn by turn with the same turn-taking
 * as `interviewer voice` (src/voice/listen.c), and the interviewer's words
 * synthesized and streamed out as 16 kHz PCM frames.
 *
 * Recognizers take most of a second to load, so the server keeps the ones
 * rooms are done with in a pool (struct voice_pool).
 */
#ifndef IV_WEB_ROOM_VOICE_H
#define IV_WEB_ROOM_VOICE_H

#include <stddef.h>
#include <stdint.h>

#include <civetweb.h>

#include "iv_error.h"
#include "voice/duplex.h"

#define ROOM_SAMPLE_RATE 16000

struct voice_pool;
struct room_voice;

struct voice_pool *voice_pool_new(const char *data_dir, const char *stt_url, const char *voice_name);
void voice_pool_free(struct voice_pool *p);

/* A room's voice (a recognizer from the pool, loaded when none is free). */
struct room_voice *room_voice_new(struct voice_pool *p, struct iv_error *err);
/* Gives the recognizer back to the pool. */
void room_voice_free(struct room_voice *rv);

/* Speaks text to the candidate as binary frames.  *first_audio_ms: from
 * the call to the first frame sent.  The microphone is not listened to
 * while the words play (the page's echo cancellation is not trusted to
 * take all of them out).  queued: the words follow others of the same turn
 * still playing (the rest of a turn whose first sentence was said early). */
int room_voice_speak(struct room_voice *rv, struct mg_connection *conn, const char *text,
		     int queued, double *first_audio_ms, struct iv_error *err);

/* Starts listening for the candidate's turn. */
int room_voice_listen(struct room_voice *rv, struct iv_error *err);

/* Feeds microphone audio.  Returns 1 when the candidate's turn ended (out
 * filled: release it with duplex_result_release), 0 while it goes on, -1
 * with err.  *partial is set to the new partial transcript when it changed
 * enough to caption, else NULL; *barged to 1 when the candidate began
 * talking over the interviewer (the page should stop its voice). */
int room_voice_feed(struct room_voice *rv, const int16_t *pcm, size_t n, const char **partial,
		    int *barged, struct duplex_result *out, struct iv_error *err);

/* The microphone check: gathers audio until room_voice_check_end, which
 * hears it (and lets the recognizer adapt to the voice). */
void room_voice_check_begin(struct room_voice *rv);
int room_voice_check_feed(struct room_voice *rv, const int16_t *pcm, size_t n);
int room_voice_check_end(struct room_voice *rv, char **text, double *confidence,
			 struct iv_error *err);
int room_voice_checking(const struct room_voice *rv);

#endif
