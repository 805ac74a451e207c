/*
 * room.c - a simulated room (see room.h).
 *
 * The impulse response is sparse - a direct path and a few discrete
 * reflections - so the echo is a handful of multiply-adds per sample, not a
 * convolution with a dense tail.  That is enough to exercise turn-taking
 * and an echo canceller: a delayed, attenuated, smeared copy of the
 * interviewer's voice.  It is linear and noiseless, so real rooms and small
 * speakers (distortion, noise, a dense reverberant tail) are harder.
 *
 * What was played is kept from the oldest sample the microphone can still
 * hear (its position minus the room's length) to the speakers' position;
 * it grows while the speakers run ahead of a muted microphone and is
 * trimmed as the microphone catches up.
 */
#include "voice/room.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TAPS 16

struct room {
	int n_taps;
	size_t tap_delay[MAX_TAPS]; /* samples */
	double tap_gain[MAX_TAPS];
	size_t length;              /* the longest delay, in samples */
	int16_t *played;            /* played[0] is the sample at position base */
	size_t base, n_played, cap; /* the speakers' position is base + n_played */
	size_t mic;                 /* the microphone's position */
};

struct room_params room_default_params(void)
{
	return (struct room_params){
		.sample_rate_hz = 16000,
		.delay_ms = 40,
		.gain_db = -6.0,
		.reflections = 4,
		.reflection_spacing_ms = 23,
		.reflection_decay_db = 5.0,
	};
}

int room_length_ms(const struct room_params *p)
{
	return p->delay_ms + p->reflections * p->reflection_spacing_ms;
}

struct room *room_new(const struct room_params *params, struct iv_error *err)
{
	struct room_params p = params ? *params : room_default_params();
	if (p.sample_rate_hz <= 0 || p.delay_ms < 0 || p.reflections < 0 ||
	    p.reflections >= MAX_TAPS || p.reflection_spacing_ms <= 0 ||
	    room_length_ms(&p) > 2000) {
		iv_error_set(err, "simulated room: a delay of 0-2000 ms and up to %d reflections",
			     MAX_TAPS - 1);
		return NULL;
	}
	struct room *r = calloc(1, sizeof *r);
	if (!r) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	r->n_taps = 1 + p.reflections;
	for (int i = 0; i < r->n_taps; i++) {
		int ms = p.delay_ms + i * p.reflection_spacing_ms;
		r->tap_delay[i] = (size_t)ms * (size_t)p.sample_rate_hz / 1000;
		r->tap_gain[i] = pow(10.0, (p.gain_db - i * p.reflection_decay_db) / 20.0);
		/* Reflections alternate in sign, as walls invert some of them. */
		if (i % 2)
			r->tap_gain[i] = -r->tap_gain[i];
	}
	r->length = r->tap_delay[r->n_taps - 1];
	return r;
}

void room_free(struct room *r)
{
	if (!r)
		return;
	free(r->played);
	free(r);
}

static int reserve(struct room *r, size_t n, struct iv_error *err)
{
	if (r->n_played + n <= r->cap)
		return 0;
	size_t cap = (r->n_played + n) * 2;
	int16_t *grown = realloc(r->played, cap * sizeof *grown);
	if (!grown) {
		iv_error_set(err, "out of memory in the simulated room");
		return -1;
	}
	r->played = grown;
	r->cap = cap;
	return 0;
}

int room_play(struct room *r, const int16_t *samples, size_t n, struct iv_error *err)
{
	/* Silence while nothing was played: up to the microphone's position. */
	size_t end = r->base + r->n_played;
	size_t gap = r->mic > end ? r->mic - end : 0;
	if (reserve(r, gap + n, err) != 0)
		return -1;
	memset(r->played + r->n_played, 0, gap * sizeof *r->played);
	memcpy(r->played + r->n_played + gap, samples, n * sizeof *samples);
	r->n_played += gap + n;
	return 0;
}

static double played_at(const struct room *r, size_t pos)
{
	if (pos < r->base || pos >= r->base + r->n_played)
		return 0.0;
	return r->played[pos - r->base];
}

/* Drops what the microphone can no longer hear. */
static void trim(struct room *r)
{
	size_t oldest = r->mic > r->length ? r->mic - r->length : 0;
	if (oldest <= r->base)
		return;
	size_t drop = oldest - r->base;
	if (drop >= r->n_played) {
		r->n_played = 0;
		r->base = oldest;
		return;
	}
	memmove(r->played, r->played + drop, (r->n_played - drop) * sizeof *r->played);
	r->n_played -= drop;
	r->base += drop;
}

void room_hear(struct room *r, int16_t *mic, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		size_t pos = r->mic + j;
		double v = mic[j];
		for (int t = 0; t < r->n_taps; t++)
			if (pos >= r->tap_delay[t])
				v += r->tap_gain[t] * played_at(r, pos - r->tap_delay[t]);
		mic[j] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : lrint(v));
	}
	r->mic += n;
	trim(r);
}

void room_skip(struct room *r)
{
	size_t end = r->base + r->n_played;
	if (end > r->mic)
		r->mic = end;
	trim(r);
}
