/*
 * duplex.h - turn-taking for a spoken conversation whose microphone audio
 * arrives in blocks (a WebSocket, a file), with no device and no clock:
 * time is counted in the samples fed.
 *
 * The interviewer's words play for a known number of samples; meanwhile
 * the candidate may talk over them (src/voice/listen.c decides: a barge-in
 * starts the candidate's turn at once, a backchannel does not).  Then the
 * candidate's turn is listened to until the endpointer ends it; the audio
 * of the turn is kept, and the partial transcript is offered as captions.
 *
 * The room (src/web) drives one per spoken interview; tests drive it from
 * WAV files.
 */
#ifndef IV_VOICE_DUPLEX_H
#define IV_VOICE_DUPLEX_H

#include <stddef.h>
#include <stdint.h>

#include "iv_error.h"
#include "voice/stt_sphinx.h"

#define DUPLEX_SAMPLE_RATE 16000

struct duplex;

/* stt is borrowed; it must outlive the duplex. */
struct duplex *duplex_new(struct stt_sphinx *stt, struct iv_error *err);
void duplex_free(struct duplex *d);

/* The interviewer's words now play for n samples: the candidate may talk
 * over them; listening for their turn starts when they are over. */
int duplex_speaking(struct duplex *d, size_t n_samples, struct iv_error *err);

/* Listens for the candidate's turn from now (a typed answer came, or
 * nothing plays).  While words still play, the switch waits for their end. */
int duplex_listen(struct duplex *d, struct iv_error *err);

/* Stops listening (the interview is over, or waits for something else). */
void duplex_idle(struct duplex *d);

/* What feeding a block of audio brought. */
struct duplex_result {
	int barged;             /* the candidate began talking over the words */
	const char *caption;    /* a new partial transcript worth showing, or NULL */
	int turn_ended;         /* the candidate's turn is over; the rest is filled */
	char *text;             /* malloc'd */
	double confidence;      /* of the words; 1 when none */
	double seconds;         /* of audio in the turn */
	double stt_ms;          /* end of speech to the final text */
	int16_t *audio;         /* malloc'd: the turn as heard */
	size_t n_audio;
};
void duplex_result_release(struct duplex_result *r);

/* Feeds 16 kHz mono audio.  Returns 0, or -1 with err. */
int duplex_feed(struct duplex *d, const int16_t *pcm, size_t n, struct duplex_result *out,
		struct iv_error *err);

#endif
