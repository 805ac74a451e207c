/*
 * listen.c - a live turn: recognizer plus endpointer (see listen.h).
 *
 * The partial transcript is refreshed every 200 ms of audio and at every
 * change of voice activity: PocketSphinx's partial hypothesis costs a
 * backtrace, cheap but not free, and the endpointer needs fresh words
 * mostly at the moment the candidate stops.  While the candidate talks
 * over the interviewer it is refreshed every 50 ms: whether that is a
 * backchannel or an interruption is decided on the words, and a partial
 * from 200 ms ago still holds half a word ("got to" for "got it").
 */
#include "voice/listen.h"

#include <stdlib.h>
#include <string.h>

#define FRAME_SAMPLES 160 /* 10 ms at 16 kHz */
#define PARTIAL_EVERY_FRAMES 20
#define PARTIAL_EVERY_FRAMES_BARGING 5

/* PocketSphinx stays "in speech" this long after speech stops at
 * -vad_postspeech 25 (measured: about 260 ms). */
#define SPHINX_VAD_HANGOVER_MS 250

struct listener {
	struct stt_sphinx *stt;
	struct endpointer *ep;
	int16_t frame[FRAME_SAMPLES];
	size_t frame_fill;
	int frames_since_partial;
	int was_in_speech;
	int in_utt;
	int watching; /* the interviewer speaks: listening for barge-in */
};

struct listener *listener_new(struct stt_sphinx *stt, const struct endpoint_params *params,
			      struct iv_error *err)
{
	struct listener *l = calloc(1, sizeof *l);
	struct endpoint_params p = endpoint_default_params();
	if (params)
		p = *params;
	else
		p.vad_hangover_ms = SPHINX_VAD_HANGOVER_MS;
	if (l)
		l->ep = endpoint_new(&p);
	if (!l || !l->ep) {
		free(l);
		iv_error_set(err, "out of memory");
		return NULL;
	}
	l->stt = stt;
	return l;
}

void listener_free(struct listener *l)
{
	if (!l)
		return;
	endpoint_free(l->ep);
	free(l);
}

int listener_begin(struct listener *l, int watch_barge_in, struct iv_error *err)
{
	if (stt_sphinx_begin(l->stt, err) != 0)
		return -1;
	l->in_utt = 1;
	l->frame_fill = 0;
	l->frames_since_partial = 0;
	l->was_in_speech = 0;
	l->watching = watch_barge_in;
	if (watch_barge_in)
		endpoint_interviewer_speaking(l->ep);
	else
		endpoint_listen(l->ep);
	return 0;
}

static enum endpoint_event feed_frame(struct listener *l, struct iv_error *err, int *failed)
{
	if (stt_sphinx_feed(l->stt, l->frame, FRAME_SAMPLES, err) != 0) {
		*failed = 1;
		return ENDPOINT_NONE;
	}
	int in_speech = stt_sphinx_in_speech(l->stt);
	int every = l->watching && in_speech ? PARTIAL_EVERY_FRAMES_BARGING : PARTIAL_EVERY_FRAMES;
	if (++l->frames_since_partial >= every || in_speech != l->was_in_speech) {
		endpoint_set_partial(l->ep, stt_sphinx_partial(l->stt));
		l->frames_since_partial = 0;
	}
	l->was_in_speech = in_speech;
	enum endpoint_event e = endpoint_feed(l->ep, in_speech);
	if (e == ENDPOINT_BARGE_IN)
		l->watching = 0; /* the candidate's turn now */
	return e;
}

enum endpoint_event listener_feed(struct listener *l, const int16_t *samples, size_t n,
				  size_t *at_sample, struct iv_error *err)
{
	enum endpoint_event last = ENDPOINT_NONE;
	int failed = 0;
	for (size_t i = 0; i < n && !failed; i++) {
		l->frame[l->frame_fill++] = samples[i];
		if (l->frame_fill < FRAME_SAMPLES)
			continue;
		l->frame_fill = 0;
		enum endpoint_event e = feed_frame(l, err, &failed);
		/* The last event wins: a HOLD and the BARGE_IN after it in
		 * one block is a barge-in. */
		if (e != ENDPOINT_NONE) {
			last = e;
			if (at_sample)
				*at_sample = i + 1;
		}
	}
	return failed ? ENDPOINT_NONE : last;
}

const char *listener_partial(struct listener *l)
{
	return stt_sphinx_partial(l->stt);
}

struct endpointer *listener_endpointer(struct listener *l)
{
	return l->ep;
}

int listener_finish(struct listener *l, struct stt_result *out, struct iv_error *err)
{
	if (l->frame_fill > 0 && l->in_utt) {
		stt_sphinx_feed(l->stt, l->frame, l->frame_fill, err);
		l->frame_fill = 0;
	}
	l->in_utt = 0;
	return stt_sphinx_end(l->stt, out, err);
}
