/*
 * web_room_voice.c - a room's voice (see web_room_voice.h).
 *
 * Turn-taking is src/voice/duplex.c's (on src/voice/listen.c, the same
 * recognizer and endpointer as `interviewer voice`): while the
 * interviewer's words play (as long as the audio sent lasts, in microphone
 * samples), a candidate talking over them starts their turn at once, and
 * a backchannel does not.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "voice/duplex.h"
#include "voice/voice.h"
#include "voice/wav.h"
#include "web.h"
#include "web_room_voice.h"

#define POOL_MAX 64
#define MAX_CHECK_SAMPLES (20 * ROOM_SAMPLE_RATE)

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

struct room_voice {
	struct voice_pool *pool;
	struct voice_hearing *hearing;
	struct duplex *duplex;       /* the turn-taking */
	int checking;                /* a microphone check gathers audio */
	int16_t *check;              /* its audio */
	size_t n_check, cap_check;
	struct timespec spoke;       /* when the last words began to be sent */
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
	rv->duplex = duplex_new(rv->hearing, err);
	if (!rv->duplex) {
		room_voice_free(rv);
		return NULL;
	}
	return rv;
}

void room_voice_free(struct room_voice *rv)
{
	if (!rv)
		return;
	duplex_free(rv->duplex);
	struct voice_pool *p = rv->pool;
	pthread_mutex_lock(&p->lock);
	if (rv->hearing && p->n_free < POOL_MAX) {
		p->free_hearings[p->n_free++] = rv->hearing;
		rv->hearing = NULL;
	}
	pthread_mutex_unlock(&p->lock);
	voice_hearing_free(rv->hearing);
	free(rv->check);
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
		     int queued, double *first_audio_ms, struct iv_error *err)
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
	 * candidate over the interviewer until it is over.  Queued words: the
	 * microphone's samples of the time from the turn's first words to
	 * these still wait in the socket (this thread spoke meanwhile) */
	double gap_ms = (s.start.tv_sec - rv->spoke.tv_sec) * 1e3 +
			(s.start.tv_nsec - rv->spoke.tv_nsec) / 1e6 + s.first_ms;
	size_t after = queued && gap_ms > 0 ? (size_t)(gap_ms * ROOM_SAMPLE_RATE / 1000.0) : 0;
	rv->spoke = s.start;
	return queued ? duplex_speaking_more(rv->duplex, after, s.sent, err)
		      : duplex_speaking(rv->duplex, s.sent, err);
}

/* --- hearing ---------------------------------------------------------------- */

int room_voice_listen(struct room_voice *rv, struct iv_error *err)
{
	struct iv_error ignored;
	return duplex_listen(rv->duplex, err ? err : &ignored);
}

int room_voice_feed(struct room_voice *rv, const int16_t *pcm, size_t n, const char **partial,
		    int *barged, struct duplex_result *out, struct iv_error *err)
{
	if (rv->checking) {
		memset(out, 0, sizeof *out);
		*partial = NULL;
		*barged = 0;
		return 0;
	}
	if (duplex_feed(rv->duplex, pcm, n, out, err))
		return -1;
	*partial = out->caption;
	*barged = out->barged;
	return out->turn_ended;
}

/* --- the microphone check --------------------------------------------------- */

void room_voice_check_begin(struct room_voice *rv)
{
	rv->checking = 1;
	rv->n_check = 0;
	duplex_idle(rv->duplex);
}

int room_voice_checking(const struct room_voice *rv)
{
	return rv->checking;
}

int room_voice_check_feed(struct room_voice *rv, const int16_t *pcm, size_t n)
{
	if (rv->n_check + n > MAX_CHECK_SAMPLES)
		return 0;
	if (rv->n_check + n > rv->cap_check) {
		size_t cap = rv->cap_check ? rv->cap_check * 2 : ROOM_SAMPLE_RATE * 4;
		while (cap < rv->n_check + n)
			cap *= 2;
		int16_t *grown = realloc(rv->check, cap * sizeof *grown);
		if (!grown)
			return -1;
		rv->check = grown;
		rv->cap_check = cap;
	}
	memcpy(rv->check + rv->n_check, pcm, n * sizeof *pcm);
	rv->n_check += n;
	return 0;
}

int room_voice_check_end(struct room_voice *rv, char **text, double *confidence,
			 struct iv_error *err)
{
	struct heard h;
	rv->checking = 0;
	int rc = voice_hear_samples(rv->hearing, rv->check, rv->n_check, &h, err);
	rv->n_check = 0;
	if (rc)
		return -1;
	*text = h.text;
	*confidence = h.confidence;
	h.text = NULL;
	heard_release(&h);
	return 0;
}

int web_default_max_voice(void)
{
	/* measured with bench_web on a 2-core machine, every candidate
	 * answering at the same moment (the worst case): from the end of an
	 * answer to its final transcript, p50 0.80 s with two spoken
	 * interviews at once, 0.82 s (max 0.94 s) with four, 1.18 s (max
	 * 1.24 s) with six; the final words are ready at each pause, so what
	 * is left is the endpointer's wait.  Two per core keep the turn as
	 * prompt as one alone; more would slow everyone's */
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	return 2 * (int)(cores > 0 ? cores : 1);
}
