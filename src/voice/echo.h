/*
 * echo.h - acoustic echo cancellation: the interviewer's own voice taken
 * out of what the microphone hears, so that it can listen while it speaks
 * (barge-in) on speakers, not only on headphones.
 *
 * It is fed in lock step: every microphone frame with the frame that was
 * sent to the speakers at the same time (zeros when nothing was).  The echo
 * may lag its far-end frame by up to the filter tail (device latency plus
 * the room's reverberation); echo arriving later than that is not removed.
 * Three stages, each for what the one before misses:
 *   - an adaptive filter learns how the room carries the speakers to the
 *     microphone and subtracts its estimate of the echo;
 *   - a residual suppressor attenuates what the filter left;
 *   - a gate mutes frames still far below the echo (the remains of the
 *     interviewer's voice: faint, but a recognizer in a quiet room hears
 *     them as speech) and passes frames near its level (the candidate).
 * A new canceller has learned nothing, so for its first adapt_ms of far-end
 * speech it mutes the microphone while echo may arrive (measured in a
 * simulated room: 5 dB of echo removed in the first second, 15-30 dB after
 * two).  Either way its own voice is never passed on.  When no far end was
 * played within the tail, the microphone passes untouched.
 *
 * The price: while the interviewer speaks, a candidate more than
 * residual_gate_db quieter than its echo is not heard, and the first words
 * of the first turn cannot interrupt.
 *
 * Audio is 16 kHz mono 16-bit in fixed frames (20 ms by default).  One
 * canceller per microphone; it keeps what it learned across turns, since
 * the room does not change between questions.
 */
#ifndef IV_VOICE_ECHO_H
#define IV_VOICE_ECHO_H

#include <stddef.h>
#include <stdint.h>

#include "iv_error.h"

struct echo_params {
	int sample_rate_hz;     /* 16000 */
	int frame_samples;      /* samples per frame (320: 20 ms) */
	int tail_ms;            /* longest echo path cancelled: latency + reverberation (256) */
	int suppress_residual;  /* also suppress the echo the filter leaves (1) */
	int residual_suppress_db;        /* residual echo attenuation, far end alone (-40) */
	int residual_suppress_active_db; /* ... while the candidate talks too (-15) */
	int adapt_ms;           /* far-end speech heard before the output is trusted (3000) */
	int residual_gate_db;   /* cleaned frames this far below the echo are muted (10; 0: none) */
	int near_hold_ms;       /* the gate stays open this long after the candidate (100) */
};

struct echo_params echo_default_params(void);

struct echo_canceller;

/* params NULL: echo_default_params().  Returns NULL with err set on bad
 * parameters or when out of memory. */
struct echo_canceller *echo_canceller_new(const struct echo_params *params,
					  struct iv_error *err);
void echo_canceller_free(struct echo_canceller *ec);

/* The frame size every call must use (samples). */
size_t echo_canceller_frame_samples(const struct echo_canceller *ec);

/* Cleans one microphone frame: mic (n_mic samples) was captured while far
 * (n_far samples) was played - zeros when nothing was.  Both must be one
 * frame long.  Writes n_mic samples to out (which may be mic).  Returns 0,
 * or -1 with err set on a missing or wrongly sized frame. */
int echo_canceller_process(struct echo_canceller *ec, const int16_t *mic, size_t n_mic,
			   const int16_t *far, size_t n_far, int16_t *out, struct iv_error *err);

/* 1 once it has heard adapt_ms of far-end speech: from then on its output
 * while the far end plays is the gated, cleaned microphone; before, silence. */
int echo_canceller_adapted(const struct echo_canceller *ec);

/* Forgets what was learned (another room or device). */
void echo_canceller_reset(struct echo_canceller *ec);

#endif
