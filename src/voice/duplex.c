/*
 * duplex.c - turn-taking over audio fed in blocks (see duplex.h).
 */
#include "voice/duplex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "voice/listen.h"

#define MAX_TURN_SAMPLES (10 * 60 * DUPLEX_SAMPLE_RATE) /* ten minutes kept per turn */
#define CAPTION_EVERY_SAMPLES (DUPLEX_SAMPLE_RATE / 4)

enum mode { MODE_IDLE, MODE_WATCHING, MODE_LISTENING };

struct duplex {
	struct listener *listener;
	enum mode mode;
	double fed;                  /* samples fed so far */
	double playing_until;        /* the sample at which the interviewer's words end */
	int16_t *turn;               /* this turn's audio */
	size_t n_turn, cap_turn;
	char last_caption[512];
	double caption_at;           /* the sample of the last caption */
};

struct duplex *duplex_new(struct stt_sphinx *stt, struct iv_error *err)
{
	struct duplex *d = calloc(1, sizeof *d);
	if (!d) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	d->listener = listener_new(stt, NULL, err);
	if (!d->listener) {
		free(d);
		return NULL;
	}
	return d;
}

void duplex_free(struct duplex *d)
{
	if (!d)
		return;
	listener_free(d->listener);
	free(d->turn);
	free(d);
}

static double ms_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1e3 + (now.tv_nsec - start->tv_nsec) / 1e6;
}

int duplex_speaking(struct duplex *d, size_t n_samples, struct iv_error *err)
{
	d->playing_until = d->fed + (double)n_samples;
	d->n_turn = 0;
	if (listener_begin(d->listener, 1, err))
		return -1;
	d->mode = MODE_WATCHING;
	return 0;
}

int duplex_listen(struct duplex *d, struct iv_error *err)
{
	if (d->mode == MODE_WATCHING && d->fed < d->playing_until)
		return 0; /* still playing: the switch happens when it ends */
	d->n_turn = 0;
	d->last_caption[0] = '\0';
	if (listener_begin(d->listener, 0, err))
		return -1;
	d->mode = MODE_LISTENING;
	return 0;
}

void duplex_idle(struct duplex *d)
{
	d->mode = MODE_IDLE;
}

void duplex_result_release(struct duplex_result *r)
{
	free(r->text);
	free(r->audio);
	memset(r, 0, sizeof *r);
}

static void keep(struct duplex *d, const int16_t *pcm, size_t n)
{
	if (d->n_turn + n > MAX_TURN_SAMPLES)
		return;
	if (d->n_turn + n > d->cap_turn) {
		size_t cap = d->cap_turn ? d->cap_turn * 2 : DUPLEX_SAMPLE_RATE * 10;
		while (cap < d->n_turn + n)
			cap *= 2;
		int16_t *grown = realloc(d->turn, cap * sizeof *grown);
		if (!grown)
			return;
		d->turn = grown;
		d->cap_turn = cap;
	}
	memcpy(d->turn + d->n_turn, pcm, n * sizeof *pcm);
	d->n_turn += n;
}

int duplex_feed(struct duplex *d, const int16_t *pcm, size_t n, struct duplex_result *out,
		struct iv_error *err)
{
	memset(out, 0, sizeof *out);
	d->fed += (double)n;
	if (d->mode == MODE_IDLE)
		return 0;
	enum endpoint_event e = listener_feed(d->listener, pcm, n, NULL, err);
	if (d->mode == MODE_WATCHING) {
		if (e == ENDPOINT_BARGE_IN) {
			d->mode = MODE_LISTENING; /* the candidate's turn has begun over the words */
			out->barged = 1;
		} else if (d->fed >= d->playing_until) {
			return duplex_listen(d, err);
		} else {
			return 0;
		}
	}
	keep(d, pcm, n);
	if (e != ENDPOINT_END_OF_TURN) {
		const char *p = listener_partial(d->listener);
		if (p && *p && strcmp(p, d->last_caption) && d->fed - d->caption_at >= CAPTION_EVERY_SAMPLES) {
			snprintf(d->last_caption, sizeof d->last_caption, "%s", p);
			d->caption_at = d->fed;
			out->caption = d->last_caption;
		}
		return 0;
	}
	struct stt_result r;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	if (listener_finish(d->listener, &r, err))
		return -1;
	out->turn_ended = 1;
	out->stt_ms = ms_since(&start);
	out->text = r.text;
	r.text = NULL;
	out->confidence = r.n_words ? r.confidence : 1.0;
	out->seconds = (double)d->n_turn / DUPLEX_SAMPLE_RATE;
	out->audio = d->turn;
	out->n_audio = d->n_turn;
	d->turn = NULL;
	d->n_turn = d->cap_turn = 0;
	stt_result_release(&r);
	d->mode = MODE_IDLE;
	return 0;
}
