/*
 * replay.h - the interviewer's last words, kept so that it can go on after
 * going quiet for the candidate (barge-in's ENDPOINT_HOLD, then RESUME).
 *
 * Every frame played is remembered (the last max_frames of them).  When it
 * goes on, it does not start mid-syllable where the speakers stopped: it
 * goes back to the last gap between its words - a frame quieter than
 * gap_rms - at least min_back frames back (what was still queued for the
 * speakers when they stopped was never heard) and at most max_back; with no
 * gap there, no_gap_back frames.  The frames from there are played again
 * before any new one.
 *
 * Pure logic: frames in, frames out; no audio device, no clock.
 */
#ifndef IV_VOICE_REPLAY_H
#define IV_VOICE_REPLAY_H

#include <stddef.h>
#include <stdint.h>

struct replay_params {
	size_t frame_samples; /* samples in one frame */
	size_t max_frames;    /* frames remembered */
	size_t min_back, max_back, no_gap_back; /* frames */
	double gap_rms;       /* a frame this quiet is a gap between words */
};

/* 20 ms frames at 16 kHz: 640 ms remembered, back 60 to 500 ms, 300 ms
 * without a gap. */
struct replay_params replay_default_params(void);

struct replay;

/* NULL when out of memory or the parameters make no sense (zero frame or
 * history, min_back > max_back, backs longer than the history). */
struct replay *replay_new(const struct replay_params *params);
void replay_free(struct replay *r);

/* A new turn: nothing to go back to. */
void replay_clear(struct replay *r);
/* The next frame (frame_samples samples) of the turn, played now. */
void replay_played(struct replay *r, const int16_t *frame);
/* Going on after a hold: back to the last gap before where it stopped.
 * Returns the frames it went back. */
size_t replay_go_back(struct replay *r);
/* The next frame to play again, or NULL when caught up (valid until the
 * next call). */
const int16_t *replay_next(struct replay *r);

#endif
