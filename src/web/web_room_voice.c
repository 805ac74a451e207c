/*
 * web_room_voice.c - a room's voice (see web_room_voice.h).
 *
 * Turn-taking is src/voice/listen.c's, the same as `interviewer voice`:
 * while the interviewer's words play (as long as the audio sent lasts, in
 * microphone samples), the listener watches for the candidate talking over
 * it; a barge-in starts the candidate's turn at once, and a backchannel
 * does not.  Then it listens until the endpointer says the turn is over.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "voice/listen.h"
#include "voice/voice.h"
#include "voice/wav.h"
#include "web_room_voice.h"

#define POOL_MAX 64
#define MAX_ANSWER_SAMPLES (10 * 60 * ROOM_SAMPLE_RATE) /* ten minutes kept per answer */
#define MAX_CHECK_SAMPLES (20 * ROOM_SAMPLE_RATE)
#define CAPTION_EVERY_SAMPLES (ROOM_SAMPLE_RATE / 4)

struct voice_pool {
	pthread_mutex_t lock;
	char *data_dir, *stt_url, *voice_name;
	struct voice_hearing *free_hearings[POOL_MAX];
	int n_free;
	/* one synthesizer for every room, used under its own lock: Flite's
	 * voices are shared structures, and a sentence takes milliseconds */
	pthread_mutex_t tts_lock;
	struct voice_speaking *speaking;
};

enum mode { MODE_IDLE, MODE_WATCHING, MODE_LISTENING, MODE_CHECKING };

struct room_voice {
	struct voice_pool *pool;
	struct voice_hearing *hearing;
	struct listener *listener;
	enum mode mode;
	double mic_samples;          /* received since the room's voice began */
	double playing_until;        /* mic sample at which the interviewer's words end */
	int16_t *answer;             /* this turn's audio */
	size_t n_answer, cap_answer;
	char last_caption[512];
	double caption_at;           /* mic sample of the last caption */
};

struct voice_pool *voice_pool_new(const char *data_dir, const char *stt_url, const char *voice_name)
{
	struct voice_pool *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	pthread_mutex_init(&p->lock, NULL);
	pthread_mutex_init(&p->tts_lock, NULL);
	p->data_dir = strdup(data_dir);
	p->stt_url = stt_url ? strdup(stt_url) : NULL;
	p->voice_name = voice_name ? strdup(voice_name) : NULL;
	return p;
}

void voice_pool_free(struct voice_pool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->n_free; i++)
		voice_hearing_free(p->free_hearings[i]);
	voice_speaking_free(p->speaking);
	pthread_mutex_destroy(&p->lock);
	pthread_mutex_destroy(&p->tts_lock);
	free(p->data_dir);
	free(p->stt_url);
	free(p->voice_name);
	free(p);
}

struct room_voice *room_voice_new(struct voice_pool *p, struct iv_error *err)
{
	struct room_voice *rv = calloc(1, sizeof *rv);
	if (!rv) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	rv->pool = p;
	pthread_mutex_lock(&p->lock);
	if (p->n_free)
		rv->hearing = p->free_hearings[--p->n_free];
	if (!p->speaking)
		p->speaking = voice_speaking_new(p->data_dir, p->voice_name, 0, err);
	int no_tts = !p->speaking;
	pthread_mutex_unlock(&p->lock);
	if (no_tts) {
		free(rv);
		return NULL;
	}
	if (!rv->hearing && !(rv->hearing = voice_hearing_new(p->data_dir, p->stt_url, err))) {
		free(rv);
		return NULL;
	}
	rv->listener = listener_new(voice_hearing_recognizer(rv->hearing), NULL, err);
	if (!rv->listener) {
		room_voice_free(rv);
		return NULL;
	}
	return rv;
}

void room_voice_free(struct room_voice *rv)
{
	if (!rv)
		return;
	listener_free(rv->listener);
	struct voice_pool *p = rv->pool;
	pthread_mutex_lock(&p->lock);
	if (rv->hearing && p->n_free < POOL_MAX) {
		p->free_hearings[p->n_free++] = rv->hearing;
		rv->hearing = NULL;
	}
	pthread_mutex_unlock(&p->lock);
	voice_hearing_free(rv->hearing);
	free(rv->answer);
	free(rv);
}

/* --- speaking --------------------------------------------------------------- */

struct speak_sink {
	struct mg_connection *conn;
	struct timespec start;
	double first_ms;
	size_t sent;
	struct iv_error *err;
	int failed;
};

static double ms_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1e3 + (now.tv_nsec - start->tv_nsec) / 1e6;
}

static int send_audio(const int16_t *samples, size_t n, int rate_hz, void *user)
{
	struct speak_sink *s = user;
	int16_t *resampled = NULL;
	if (rate_hz != ROOM_SAMPLE_RATE) {
		size_t m = 0;
		if (wav_resample(samples, n, rate_hz, ROOM_SAMPLE_RATE, &resampled, &m, s->err)) {
			s->failed = 1;
			return 1;
		}
		samples = resampled;
		n = m;
	}
	if (s->sent == 0)
		s->first_ms = ms_since(&s->start);
	if (n && mg_websocket_write(s->conn, MG_WEBSOCKET_OPCODE_BINARY, (const char *)samples,
				    n * sizeof *samples) <= 0) {
		free(resampled);
		return 1; /* the candidate has gone; stop synthesizing */
	}
	s->sent += n;
	free(resampled);
	return 0;
}

int room_voice_speak(struct room_voice *rv, struct mg_connection *conn, const char *text,
		     double *first_audio_ms, struct iv_error *err)
{
	struct speak_sink s = {.conn = conn, .err = err};
	clock_gettime(CLOCK_MONOTONIC, &s.start);
	pthread_mutex_lock(&rv->pool->tts_lock);
	int rc = voice_speak_stream(rv->pool->speaking, text, send_audio, &s, err);
	pthread_mutex_unlock(&rv->pool->tts_lock);
	if (rc < 0 || s.failed)
		return -1;
	*first_audio_ms = s.first_ms;
	/* the page plays it from about now: the microphone hears the
	 * candidate over the interviewer until it is over */
	rv->playing_until = rv->mic_samples + (double)s.sent;
	if (listener_begin(rv->listener, 1, err))
		return -1;
	rv->mode = MODE_WATCHING;
	rv->n_answer = 0;
	return 0;
}

/* --- hearing ---------------------------------------------------------------- */

int room_voice_listen(struct room_voice *rv, struct iv_error *err)
{
	struct iv_error ignored;
	if (!err)
		err = &ignored;
	if (rv->mode == MODE_WATCHING && rv->mic_samples < rv->playing_until)
		return 0; /* still playing: the switch happens when it ends */
	rv->n_answer = 0;
	rv->last_caption[0] = '\0';
	if (listener_begin(rv->listener, 0, err))
		return -1;
	rv->mode = MODE_LISTENING;
	return 0;
}

void room_voice_turn_release(struct room_voice_turn *t)
{
	free(t->text);
	free(t->audio);
	memset(t, 0, sizeof *t);
}

static void keep_audio(struct room_voice *rv, const int16_t *pcm, size_t n)
{
	if (rv->n_answer + n > MAX_ANSWER_SAMPLES)
		return;
	if (rv->n_answer + n > rv->cap_answer) {
		size_t cap = rv->cap_answer ? rv->cap_answer * 2 : ROOM_SAMPLE_RATE * 10;
		while (cap < rv->n_answer + n)
			cap *= 2;
		int16_t *grown = realloc(rv->answer, cap * sizeof *grown);
		if (!grown)
			return;
		rv->answer = grown;
		rv->cap_answer = cap;
	}
	memcpy(rv->answer + rv->n_answer, pcm, n * sizeof *pcm);
	rv->n_answer += n;
}

int room_voice_feed(struct room_voice *rv, const int16_t *pcm, size_t n, const char **partial,
		    int *barged, struct room_voice_turn *out, struct iv_error *err)
{
	*partial = NULL;
	*barged = 0;
	memset(out, 0, sizeof *out);
	rv->mic_samples += (double)n;
	if (rv->mode == MODE_IDLE || rv->mode == MODE_CHECKING)
		return 0;
	enum endpoint_event e = listener_feed(rv->listener, pcm, n, NULL, err);
	if (rv->mode == MODE_WATCHING) {
		if (e == ENDPOINT_BARGE_IN) {
			rv->mode = MODE_LISTENING; /* the candidate's turn has begun over the words */
			*barged = 1;
		} else if (rv->mic_samples >= rv->playing_until) {
			rv->mode = MODE_IDLE;
			return room_voice_listen(rv, err) ? -1 : 0;
		} else {
			return 0;
		}
	}
	keep_audio(rv, pcm, n);
	if (e != ENDPOINT_END_OF_TURN) {
		const char *p = listener_partial(rv->listener);
		if (p && *p && strcmp(p, rv->last_caption) &&
		    rv->mic_samples - rv->caption_at >= CAPTION_EVERY_SAMPLES) {
			snprintf(rv->last_caption, sizeof rv->last_caption, "%s", p);
			rv->caption_at = rv->mic_samples;
			*partial = rv->last_caption;
		}
		return 0;
	}
	struct stt_result r;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	if (listener_finish(rv->listener, &r, err))
		return -1;
	out->stt_ms = ms_since(&start);
	out->text = r.text;
	r.text = NULL;
	out->confidence = r.n_words ? r.confidence : 1.0;
	out->seconds = (double)rv->n_answer / ROOM_SAMPLE_RATE;
	out->audio = rv->answer;
	out->n_audio = rv->n_answer;
	rv->answer = NULL;
	rv->n_answer = rv->cap_answer = 0;
	stt_result_release(&r);
	rv->mode = MODE_IDLE;
	return 1;
}

/* --- the microphone check --------------------------------------------------- */

void room_voice_check_begin(struct room_voice *rv)
{
	rv->mode = MODE_CHECKING;
	rv->n_answer = 0;
}

int room_voice_checking(const struct room_voice *rv)
{
	return rv->mode == MODE_CHECKING;
}

int room_voice_check_feed(struct room_voice *rv, const int16_t *pcm, size_t n)
{
	if (rv->n_answer + n <= MAX_CHECK_SAMPLES)
		keep_audio(rv, pcm, n);
	return 0;
}

int room_voice_check_end(struct room_voice *rv, char **text, double *confidence,
			 struct iv_error *err)
{
	struct heard h;
	rv->mode = MODE_IDLE;
	int rc = voice_hear_samples(rv->hearing, rv->answer, rv->n_answer, &h, err);
	rv->n_answer = 0;
	if (rc)
		return -1;
	*text = h.text;
	*confidence = h.confidence;
	h.text = NULL;
	heard_release(&h);
	return 0;
}
