/*
 * duplex.h - a spoken conversation's turn-taking, for audio that arrives
 * in blocks (a WebSocket, a sound card, a file), with no device and no
 * clock: time is counted in the samples fed.  The room (src/web) and the
 * terminal's `interviewer voice` (src/cli/cmd_voice.c) both run one; tests
 * drive it from WAV files.
 *
 * The interviewer's words play, for a known number of samples (the room:
 * as long as the audio sent lasts) or until the caller says they are over
 * (the terminal, which plays them itself); meanwhile the candidate may
 * talk over them (src/voice/listen.c decides: speech that goes on is a
 * barge-in and starts the candidate's turn at once; the interviewer goes
 * quiet first, and a backchannel lets it go on).  Then the candidate's turn
 * is listened to until the endpointer ends it; long silences ask for a
 * gentle prompt; the audio of the turn is kept, the partial transcript is
 * offered as captions, and the final words are the local recognizer's or,
 * when a transcription server is configured, the server's (the local ones
 * stand if it fails).
 */
#ifndef IV_VOICE_DUPLEX_H
#define IV_VOICE_DUPLEX_H

#include <stddef.h>
#include <stdint.h>

#include "iv_error.h"
#include "voice/voice.h"

#define DUPLEX_SAMPLE_RATE 16000

struct duplex;
struct duplex_result;

/* vh is borrowed; it must outlive the duplex. */
struct duplex *duplex_new(struct voice_hearing *vh, struct iv_error *err);
void duplex_free(struct duplex *d);

/* The interviewer's words now play for n samples (DUPLEX_UNTIL_LISTEN:
 * until duplex_words_over): the candidate may talk over them; listening
 * for their turn starts when they are over. */
#define DUPLEX_UNTIL_LISTEN ((size_t)-1)
int duplex_speaking(struct duplex *d, size_t n_samples, struct iv_error *err);

/* More words of the same turn queued after those still playing (a first
 * sentence said early, then the rest): they play for n samples from the
 * end of those, or from `after` samples past the last one fed when that is
 * later (the microphone's samples of the time the rest took to come may
 * not have been fed yet).  When the candidate talked over the first words,
 * the same as duplex_speaking. */
int duplex_speaking_more(struct duplex *d, size_t after, size_t n_samples, struct iv_error *err);

/* The words have stopped playing (all said, or stopped by the caller):
 * listening for the candidate's turn starts now, unless they have already
 * begun it by talking over the words. */
int duplex_words_over(struct duplex *d, struct iv_error *err);

/* Listens for the candidate's turn from now (a typed answer came, or
 * nothing plays).  While words still play, the switch waits for their end. */
int duplex_listen(struct duplex *d, struct iv_error *err);

/* Stops listening (the interview is over, or waits for something else);
 * what was heard of a turn under way is dropped. */
void duplex_idle(struct duplex *d);

/* Ends the candidate's turn now with what was heard of it (the input ran
 * out).  Returns 0 with out filled (turn_ended set), or -1 with err. */
int duplex_end_turn(struct duplex *d, struct duplex_result *out, struct iv_error *err);

/* Speech heard in the turn so far (ms), and the prompts given in it. */
int duplex_speech_ms(const struct duplex *d);
int duplex_prompts(const struct duplex *d);
/* The words heard of the turn so far (valid until the next call). */
const char *duplex_partial(struct duplex *d);
/* 1 while the candidate's turn is being listened to. */
int duplex_listening(const struct duplex *d);

/* What feeding a block of audio brought. */
struct duplex_result {
	int barged;             /* the candidate began talking over the words */
	int hold;               /* they may be: go quiet, keep the place */
	int resume;             /* that was a backchannel: go on where it stopped */
	int prompt;             /* a long silence in their turn: say something gentle
				   (duplex_prompts tells which), the turn goes on */
	const char *caption;    /* a new partial transcript worth showing, or NULL */
	int turn_ended;         /* the candidate's turn is over; the rest is filled */
	char *text;             /* malloc'd */
	size_t n_words;         /* heard by the local recognizer */
	double confidence;      /* of the words; 1 when none */
	double seconds;         /* of audio in the turn */
	double stt_ms;          /* end of speech to the final text */
	int16_t *audio;         /* malloc'd: the turn as heard */
	size_t n_audio;
	const char *engine;     /* who heard text: "pocketsphinx" or "http" (static) */
	char *fallback_reason;  /* malloc'd: why the transcription server's words
				   are not the text, or NULL */
};
void duplex_result_release(struct duplex_result *r);

/* Feeds 16 kHz mono audio.  Returns 0, or -1 with err. */
int duplex_feed(struct duplex *d, const int16_t *pcm, size_t n, struct duplex_result *out,
		struct iv_error *err);

#endif
