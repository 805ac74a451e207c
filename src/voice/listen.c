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
 *
 * The candidate's turn is recognized in segments, one per stretch of
 * speech: when the recognizer's voice activity ends (a pause of about a
 * quarter second), the segment's utterance is finished and its final words
 * kept, and a new utterance starts for what follows.  This is PocketSphinx's
 * own continuous mode, and it matters for turn-taking: a partial hypothesis
 * lacks the word still being decoded when the speech stops, which is
 * often the short word that shows the sentence is unfinished ("a token
 * bucket per user in ..."); the final words have it, so the endpointer
 * judges the pause on what was really said.  The final transcript of the
 * turn is the segments' words joined, ready as soon as the turn ends.
 */
#include "voice/listen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORD_TEXT 48 /* struct stt_alternative's text */
#define FRAME_SAMPLES 160 /* 10 ms at 16 kHz */
#define PARTIAL_EVERY_FRAMES 20
#define PARTIAL_EVERY_FRAMES_BARGING 5

/* PocketSphinx stays "in speech" this long after speech stops at
 * -vad_postspeech 25 (measured: about 260 ms). */
#define SPHINX_VAD_HANGOVER_MS 250

/* The final words of the turn's finished segments. */
struct said {
	char *text;                /* "" or the words so far, space-separated */
	size_t len, cap;
	struct stt_word *words;
	size_t n_words, cap_words;
	double seconds;            /* audio of the finished segments */
	double confidence_sum;
};

struct listener {
	struct stt_sphinx *stt;
	struct said said;
	char *shown;               /* said.text and the partial of the segment under way */
	size_t shown_cap;
	char *reading;             /* said.text as its end is judged (endpoint_reading) */
	size_t reading_cap;
	char *judged;              /* reading and the partial, for the endpointer */
	size_t judged_cap;
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
	free(l->said.text);
	free(l->said.words);
	free(l->shown);
	free(l->reading);
	free(l->judged);
	free(l);
}

static void said_clear(struct said *s)
{
	s->len = 0;
	if (s->text)
		s->text[0] = '\0';
	s->n_words = 0;
	s->seconds = 0;
	s->confidence_sum = 0;
}

/* Appends a finished segment's words; word times move by the audio of the
 * segments before it.  Returns -1 when out of memory. */
static int said_add(struct said *s, const struct stt_result *r)
{
	size_t n = strlen(r->text);
	if (n) {
		if (s->len + n + 2 > s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 256;
			while (cap < s->len + n + 2)
				cap *= 2;
			char *grown = realloc(s->text, cap);
			if (!grown)
				return -1;
			s->text = grown;
			s->cap = cap;
		}
		if (s->len)
			s->text[s->len++] = ' ';
		memcpy(s->text + s->len, r->text, n + 1);
		s->len += n;
	}
	if (s->n_words + r->n_words > s->cap_words) {
		size_t cap = s->cap_words ? s->cap_words * 2 : 32;
		while (cap < s->n_words + r->n_words)
			cap *= 2;
		struct stt_word *grown = realloc(s->words, cap * sizeof *grown);
		if (!grown)
			return -1;
		s->words = grown;
		s->cap_words = cap;
	}
	for (size_t i = 0; i < r->n_words; i++) {
		struct stt_word w = r->words[i];
		w.start_s += s->seconds;
		w.end_s += s->seconds;
		s->words[s->n_words++] = w;
		s->confidence_sum += w.confidence;
	}
	s->seconds += r->audio_seconds;
	return 0;
}

/* Grows *buf to hold n bytes.  Returns -1 when out of memory. */
static int room_for(char **buf, size_t *cap, size_t n)
{
	if (n <= *cap)
		return 0;
	char *grown = realloc(*buf, n * 2);
	if (!grown)
		return -1;
	*buf = grown;
	*cap = n * 2;
	return 0;
}

/* The turn's words as their end is judged, after a segment r ended: when
 * the recognizer was unsure of the last word, a reading that leaves the
 * sentence unfinished may stand in for it (endpoint_reading).  A segment
 * with no words leaves the reading as it was. */
static int keep_reading(struct listener *l, const struct stt_result *r)
{
	const char *text = l->said.text ? l->said.text : "";
	if (room_for(&l->reading, &l->reading_cap, strlen(text) + MAX_WORD_TEXT + 2))
		return -1;
	if (r->n_words == 0 && l->reading[0])
		return 0;
	const char *words[STT_MAX_ALTERNATIVES];
	double post[STT_MAX_ALTERNATIVES];
	for (size_t i = 0; i < r->n_last_alternatives; i++) {
		words[i] = r->last_alternatives[i].text;
		post[i] = r->last_alternatives[i].posterior;
	}
	char *buf = malloc(l->reading_cap);
	if (!buf)
		return -1;
	const char *judged = endpoint_reading(text, words, post, r->n_last_alternatives, buf, l->reading_cap);
	memmove(l->reading, judged, strlen(judged) + 1);
	free(buf);
	return 0;
}

/* The reading and the partial of the segment under way. */
static const char *judged_text(struct listener *l)
{
	const char *partial = l->in_utt ? stt_sphinx_partial(l->stt) : "";
	const char *reading = l->reading ? l->reading : "";
	if (!reading[0])
		return partial;
	if (room_for(&l->judged, &l->judged_cap, strlen(reading) + strlen(partial) + 2))
		return reading;
	snprintf(l->judged, l->judged_cap, "%s%s%s", reading, *partial ? " " : "", partial);
	return l->judged;
}

/* Ends the segment under way and keeps its words.  Returns -1 with err. */
static int end_segment(struct listener *l, struct stt_result *last, struct iv_error *err)
{
	struct stt_result r;
	if (stt_sphinx_end(l->stt, &r, err) != 0)
		return -1;
	l->in_utt = 0;
	int rc = said_add(&l->said, &r);
	if (rc == 0)
		rc = keep_reading(l, &r);
	if (last)
		*last = r;
	else
		stt_result_release(&r);
	if (rc)
		iv_error_set(err, "out of memory");
	return rc;
}

int listener_begin(struct listener *l, int watch_barge_in, struct iv_error *err)
{
	if (stt_sphinx_begin(l->stt, err) != 0)
		return -1;
	l->in_utt = 1;
	said_clear(&l->said);
	if (l->reading)
		l->reading[0] = '\0';
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
	if (!in_speech && l->was_in_speech && !l->watching) {
		/* a pause in the candidate's turn: the segment's final words */
		if (end_segment(l, NULL, err) != 0 || stt_sphinx_begin_segment(l->stt, err) != 0) {
			*failed = 1;
			return ENDPOINT_NONE;
		}
		l->in_utt = 1;
		l->frames_since_partial = PARTIAL_EVERY_FRAMES; /* refresh now */
	}
	int every = l->watching && in_speech ? PARTIAL_EVERY_FRAMES_BARGING : PARTIAL_EVERY_FRAMES;
	if (++l->frames_since_partial >= every || in_speech != l->was_in_speech) {
		endpoint_set_partial(l->ep, judged_text(l));
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
	const char *partial = l->in_utt ? stt_sphinx_partial(l->stt) : "";
	if (l->said.len == 0)
		return partial;
	size_t need = l->said.len + strlen(partial) + 2;
	if (need > l->shown_cap) {
		char *grown = realloc(l->shown, need * 2);
		if (!grown)
			return l->said.text;
		l->shown = grown;
		l->shown_cap = need * 2;
	}
	snprintf(l->shown, l->shown_cap, "%s%s%s", l->said.text, *partial ? " " : "", partial);
	return l->shown;
}

struct endpointer *listener_endpointer(struct listener *l)
{
	return l->ep;
}

int listener_finish(struct listener *l, struct stt_result *out, struct iv_error *err)
{
	memset(out, 0, sizeof *out);
	if (!l->in_utt) {
		iv_error_set(err, "no turn to finish");
		return -1;
	}
	if (l->frame_fill > 0) {
		stt_sphinx_feed(l->stt, l->frame, l->frame_fill, err);
		l->frame_fill = 0;
	}
	struct stt_result last;
	if (end_segment(l, &last, err) != 0)
		return -1;
	struct said *s = &l->said;
	out->text = strdup(s->text ? s->text : "");
	out->words = malloc((s->n_words ? s->n_words : 1) * sizeof *out->words);
	if (!out->text || !out->words) {
		stt_result_release(&last);
		stt_result_release(out);
		iv_error_set(err, "out of memory");
		return -1;
	}
	if (s->n_words)
		memcpy(out->words, s->words, s->n_words * sizeof *out->words);
	out->n_words = s->n_words;
	out->confidence = s->n_words ? s->confidence_sum / (double)s->n_words : 1.0;
	out->audio_seconds = s->seconds;
	out->finalize_ms = last.finalize_ms;
	stt_result_release(&last);
	return 0;
}
