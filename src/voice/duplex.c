/*
 * duplex.c - a spoken conversation's turn-taking over audio fed in blocks
 * (see duplex.h).
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
	struct voice_hearing *hearing;
	struct listener *listener;
	enum mode mode;
	double fed;                  /* samples fed so far */
	double playing_until;        /* the sample at which the interviewer's words end */
	int16_t *turn;               /* this turn's audio */
	size_t n_turn, cap_turn;
	char last_caption[512];
	double caption_at;           /* the sample of the last caption */
};

struct duplex *duplex_new(struct voice_hearing *vh, struct iv_error *err)
{
	struct duplex *d = calloc(1, sizeof *d);
	if (!d) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	d->hearing = vh;
	d->listener = listener_new(voice_hearing_recognizer(vh), NULL, err);
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
	d->playing_until = n_samples == DUPLEX_UNTIL_LISTEN ? 1e300 : d->fed + (double)n_samples;
	d->n_turn = 0;
	if (listener_begin(d->listener, 1, err))
		return -1;
	d->mode = MODE_WATCHING;
	return 0;
}

int duplex_speaking_more(struct duplex *d, size_t after, size_t n_samples, struct iv_error *err)
{
	if (d->mode != MODE_WATCHING || n_samples == DUPLEX_UNTIL_LISTEN)
		return duplex_speaking(d, n_samples, err);
	double start = d->fed + (double)after;
	if (d->playing_until > start)
		start = d->playing_until;
	d->playing_until = start + (double)n_samples;
	return 0;
}

static int start_listening(struct duplex *d, struct iv_error *err)
{
	d->n_turn = 0;
	d->last_caption[0] = '\0';
	if (listener_begin(d->listener, 0, err))
		return -1;
	d->mode = MODE_LISTENING;
	return 0;
}

int duplex_listen(struct duplex *d, struct iv_error *err)
{
	if (d->mode == MODE_WATCHING && d->fed < d->playing_until)
		return 0; /* still playing: the switch happens when it ends */
	return start_listening(d, err);
}

int duplex_words_over(struct duplex *d, struct iv_error *err)
{
	d->playing_until = d->fed;
	if (d->mode == MODE_LISTENING)
		return 0; /* the candidate's turn began over the words */
	return start_listening(d, err);
}

void duplex_idle(struct duplex *d)
{
	d->mode = MODE_IDLE;
	d->n_turn = 0;
}

int duplex_speech_ms(const struct duplex *d)
{
	return d->mode == MODE_LISTENING ? endpoint_speech_ms(listener_endpointer(d->listener)) : 0;
}

int duplex_prompts(const struct duplex *d)
{
	return endpoint_prompts(listener_endpointer(d->listener));
}

const char *duplex_partial(struct duplex *d)
{
	return d->mode == MODE_LISTENING ? listener_partial(d->listener) : "";
}

int duplex_listening(const struct duplex *d)
{
	return d->mode == MODE_LISTENING;
}

void duplex_result_release(struct duplex_result *r)
{
	free(r->text);
	free(r->audio);
	free(r->fallback_reason);
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

/* The words of the turn just ended: the local recognizer's, or the
 * transcription server's when one is configured and answers. */
static int final_words(struct duplex *d, struct duplex_result *out, struct iv_error *err)
{
	struct stt_result r;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	if (listener_finish(d->listener, &r, err))
		return -1;
	out->turn_ended = 1;
	out->engine = "pocketsphinx";
	out->text = r.text;
	r.text = NULL;
	out->n_words = r.n_words;
	out->confidence = r.n_words ? r.confidence : 1.0;
	stt_result_release(&r);
	out->seconds = (double)d->n_turn / DUPLEX_SAMPLE_RATE;
	out->audio = d->turn;
	out->n_audio = d->n_turn;
	d->turn = NULL;
	d->n_turn = d->cap_turn = 0;
	d->mode = MODE_IDLE;
	if (out->text[0]) {
		char *text = NULL;
		int rc = voice_rehear(d->hearing, out->audio, out->n_audio, &text, &out->fallback_reason);
		if (rc < 0) {
			iv_error_set(err, "out of memory");
			duplex_result_release(out);
			return -1;
		}
		if (rc == 1) {
			free(out->text);
			out->text = text;
			out->confidence = 1.0; /* the server reports none we could compare */
			out->engine = "http";
		}
	}
	out->stt_ms = ms_since(&start);
	return 0;
}

int duplex_end_turn(struct duplex *d, struct duplex_result *out, struct iv_error *err)
{
	memset(out, 0, sizeof *out);
	if (d->mode != MODE_LISTENING) {
		iv_error_set(err, "no turn is being heard");
		return -1;
	}
	return final_words(d, out, err);
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
			return start_listening(d, err);
		} else {
			out->hold = e == ENDPOINT_HOLD;
			out->resume = e == ENDPOINT_RESUME;
			return 0;
		}
	}
	keep(d, pcm, n);
	if (e != ENDPOINT_END_OF_TURN) {
		out->prompt = e == ENDPOINT_PROMPT;
		const char *p = listener_partial(d->listener);
		if (p && *p && strcmp(p, d->last_caption) && d->fed - d->caption_at >= CAPTION_EVERY_SAMPLES) {
			snprintf(d->last_caption, sizeof d->last_caption, "%s", p);
			d->caption_at = d->fed;
			out->caption = d->last_caption;
		}
		return 0;
	}
	return final_words(d, out, err);
}
