/*
 * replay.c - the interviewer's last words, to go on after a hold (see
 * replay.h).  A ring of frames; `next` counts frames of the turn, so a
 * second hold while words are played again goes back from where that
 * replay had got to.
 */
#include "voice/replay.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct replay {
	struct replay_params p;
	int16_t *ring;  /* max_frames frames; frame k of the turn at k % max_frames */
	size_t n;       /* frames of the turn played (not counting replays) */
	size_t next;    /* the next frame to play: < n while replaying */
};

struct replay_params replay_default_params(void)
{
	return (struct replay_params){
		.frame_samples = 320,
		.max_frames = 32,
		.min_back = 3,
		.max_back = 25,
		.no_gap_back = 15,
		.gap_rms = 300.0,
	};
}

struct replay *replay_new(const struct replay_params *params)
{
	struct replay_params p = params ? *params : replay_default_params();
	if (p.frame_samples == 0 || p.max_frames == 0 || p.min_back > p.max_back ||
	    p.max_back > p.max_frames || p.no_gap_back > p.max_frames)
		return NULL;
	struct replay *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->p = p;
	r->ring = calloc(p.frame_samples * p.max_frames, sizeof *r->ring);
	if (!r->ring) {
		free(r);
		return NULL;
	}
	return r;
}

void replay_free(struct replay *r)
{
	if (!r)
		return;
	free(r->ring);
	free(r);
}

void replay_clear(struct replay *r)
{
	r->n = r->next = 0;
}

static int16_t *frame_at(struct replay *r, size_t k)
{
	return r->ring + (k % r->p.max_frames) * r->p.frame_samples;
}

void replay_played(struct replay *r, const int16_t *frame)
{
	memcpy(frame_at(r, r->n), frame, r->p.frame_samples * sizeof *frame);
	r->n++;
	r->next = r->n;
}

static double rms(const int16_t *f, size_t n)
{
	double e = 0;
	for (size_t i = 0; i < n; i++)
		e += (double)f[i] * f[i];
	return sqrt(e / (double)n);
}

size_t replay_go_back(struct replay *r)
{
	size_t oldest = r->n > r->p.max_frames ? r->n - r->p.max_frames : 0;
	size_t room = r->next - oldest; /* frames it can go back */
	size_t back = r->p.no_gap_back;
	for (size_t k = r->p.min_back; k <= r->p.max_back && k <= room; k++) {
		if (rms(frame_at(r, r->next - k), r->p.frame_samples) < r->p.gap_rms) {
			back = k;
			break;
		}
	}
	if (back > room)
		back = room;
	r->next -= back;
	return back;
}

const int16_t *replay_next(struct replay *r)
{
	if (r->next >= r->n)
		return NULL;
	return frame_at(r, r->next++);
}
