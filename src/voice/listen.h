/*
 * listen.h - one candidate turn heard live: audio goes to the recognizer,
 * the recognizer's voice activity and partial transcript go to the
 * endpointer, and the endpointer says when the turn is over (or that the
 * candidate is talking over the interviewer).
 *
 * Shared by the live `voice` front end and by the tests and benchmarks that
 * replay recorded audio through the same path.  Audio is 16 kHz mono in
 * any block size; it is cut into 10 ms frames here.
 */
#ifndef IV_VOICE_LISTEN_H
#define IV_VOICE_LISTEN_H

#include <stddef.h>
#include <stdint.h>

#include "iv_error.h"
#include "voice/endpoint.h"
#include "voice/stt_sphinx.h"

struct listener;

/* stt is borrowed.  params NULL: endpoint_default_params() with the
 * recognizer's voice-activity hangover accounted for. */
struct listener *listener_new(struct stt_sphinx *stt, const struct endpoint_params *params,
			      struct iv_error *err);
void listener_free(struct listener *l);

/* Starts a turn: the candidate's (watch_barge_in 0) or the interviewer's,
 * watching for the candidate talking over it (1). */
int listener_begin(struct listener *l, int watch_barge_in, struct iv_error *err);

/* Feeds audio; returns the last endpoint event other than ENDPOINT_NONE
 * that happened in it (blocks of up to 20 ms hold one event at most, but
 * for a HOLD and its BARGE_IN), *at_sample the sample of the block where it
 * happened (may be NULL). */
enum endpoint_event listener_feed(struct listener *l, const int16_t *samples, size_t n,
				  size_t *at_sample, struct iv_error *err);

/* The partial transcript (valid until the next call). */
const char *listener_partial(struct listener *l);
struct endpointer *listener_endpointer(struct listener *l);

/* Ends the turn and gives the final transcript. */
int listener_finish(struct listener *l, struct stt_result *out, struct iv_error *err);

#endif
