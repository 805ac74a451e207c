/*
 * tts_flite.c - Flite synthesis, sentence by sentence, streamed (see
 * tts_flite.h).
 *
 * Flite's voices are process-wide singletons (register_cmu_us_* returns the
 * same object every time) and their features - the pace and the streaming
 * callback - live on that object, so every synthesis sets them under one
 * lock.  Flite streams through cst_audio_streaming_info: its callback sees
 * the growing wave of the current utterance and we forward each new chunk.
 */
#include "voice/tts_flite.h"

#include <flite/flite.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "speech_text.h"

/* Flite ships no header for its voices. */
cst_voice *register_cmu_us_slt(const char *voxdir);
cst_voice *register_cmu_us_rms(const char *voxdir);
cst_voice *register_cmu_us_awb(const char *voxdir);
cst_voice *register_cmu_us_kal16(const char *voxdir);

/* natural_wpm: each voice's own pace at duration_stretch 1, measured on
 * this machine on four interviewer turns (145 words, pauses between
 * sentences included); the stretch for a target pace is natural / target. */
struct voice_entry {
	const char *name;
	cst_voice *(*reg)(const char *voxdir);
	double natural_wpm;
	cst_voice *voice;
	cst_audio_streaming_info *asi;
};

static struct voice_entry voices[] = {
	{"slt", register_cmu_us_slt, 177.0, NULL, NULL},
	{"rms", register_cmu_us_rms, 161.0, NULL, NULL},
	{"awb", register_cmu_us_awb, 177.0, NULL, NULL},
	{"kal16", register_cmu_us_kal16, 205.0, NULL, NULL},
};
#define N_VOICES (sizeof voices / sizeof voices[0])

static const char *const voice_names[] = {"slt", "rms", "awb", "kal16", NULL};

static pthread_mutex_t flite_lock = PTHREAD_MUTEX_INITIALIZER;
static int flite_ready;

struct tts_flite {
	struct voice_entry *entry;
	double wpm;
	double stretch;
};

/* What the streaming callback needs during one synthesis. */
struct stream_ctx {
	tts_audio_fn fn;
	void *user;
	int stopped;
};

const char *const *tts_flite_voice_names(void)
{
	return voice_names;
}

static int stream_chunk(const cst_wave *w, int start, int size, int last,
			cst_audio_streaming_info *asi)
{
	struct stream_ctx *ctx = asi->userdata;
	(void)last;
	if (!ctx || ctx->stopped)
		return CST_AUDIO_STREAM_STOP;
	if (size > 0 && ctx->fn(w->samples + start, (size_t)size, w->sample_rate, ctx->user) != 0) {
		ctx->stopped = 1;
		return CST_AUDIO_STREAM_STOP;
	}
	return CST_AUDIO_STREAM_CONT;
}

/* Registers the voice once per process.  Called with flite_lock held. */
static int voice_load(struct voice_entry *e, struct iv_error *err)
{
	if (e->voice)
		return 0;
	if (!flite_ready) {
		flite_init();
		flite_ready = 1;
	}
	e->voice = e->reg(NULL);
	if (!e->voice) {
		iv_error_set(err, "flite could not load voice %s (Debian package flite1-dev)", e->name);
		return -1;
	}
	e->asi = new_audio_streaming_info();
	e->asi->asc = stream_chunk;
	e->asi->min_buffsize = 1024;
	e->asi->userdata = NULL;
	/* The voice's features own the value from here on. */
	feat_set(e->voice->features, "streaming_info", audio_streaming_info_val(e->asi));
	return 0;
}

struct tts_flite *tts_flite_new(const char *voice_name, double wpm, struct iv_error *err)
{
	if (!voice_name || !*voice_name)
		voice_name = TTS_DEFAULT_VOICE;
	if (wpm <= 0)
		wpm = TTS_DEFAULT_WPM;
	if (wpm < 60 || wpm > 400) {
		iv_error_set(err, "speaking pace %.0f words per minute is outside 60..400", wpm);
		return NULL;
	}
	struct voice_entry *e = NULL;
	for (size_t i = 0; i < N_VOICES; i++)
		if (strcmp(voices[i].name, voice_name) == 0)
			e = &voices[i];
	if (!e) {
		iv_error_set(err, "unknown voice \"%s\" (known: slt, rms, awb, kal16)", voice_name);
		return NULL;
	}
	pthread_mutex_lock(&flite_lock);
	int rc = voice_load(e, err);
	pthread_mutex_unlock(&flite_lock);
	if (rc != 0)
		return NULL;
	struct tts_flite *tts = calloc(1, sizeof *tts);
	if (!tts) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	tts->entry = e;
	tts->wpm = wpm;
	tts->stretch = e->natural_wpm / wpm;
	return tts;
}

void tts_flite_free(struct tts_flite *tts)
{
	free(tts);
}

const char *tts_flite_voice(const struct tts_flite *tts)
{
	return tts->entry->name;
}

int tts_flite_sample_rate_hz(const struct tts_flite *tts)
{
	(void)tts;
	return 16000; /* all four voices are 16 kHz */
}

/* Synthesizes one sentence with the lock held.  Returns 0, 1 (stopped). */
static int speak_sentence(struct tts_flite *tts, const char *sentence, struct stream_ctx *ctx)
{
	cst_voice *v = tts->entry->voice;
	feat_set_float(v->features, "duration_stretch", (float)tts->stretch);
	tts->entry->asi->userdata = ctx;
	cst_utterance *u = flite_synth_text(sentence, v);
	tts->entry->asi->userdata = NULL;
	if (u)
		delete_utterance(u);
	return ctx->stopped ? 1 : 0;
}

int tts_flite_speak(struct tts_flite *tts, const char *text, tts_audio_fn fn, void *user,
		    struct iv_error *err)
{
	struct stream_ctx ctx = {.fn = fn, .user = user};
	size_t len = strlen(text);
	char *sentence = malloc(len + 1);
	if (!sentence) {
		iv_error_set(err, "out of memory");
		return -1;
	}
	int rc = 0;
	const char *p = text;
	pthread_mutex_lock(&flite_lock);
	while (*p && rc == 0) {
		size_t n = speech_text_sentence_len(p);
		if (n == 0)
			break;
		memcpy(sentence, p, n);
		sentence[n] = '\0';
		p += n;
		/* A sentence of only spaces or punctuation has nothing to say. */
		int has_word = 0;
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)sentence[i] > ' ' && !strchr(".,;:!?-\"'", sentence[i]))
				has_word = 1;
		if (has_word)
			rc = speak_sentence(tts, sentence, &ctx);
	}
	pthread_mutex_unlock(&flite_lock);
	free(sentence);
	return rc;
}

struct collect {
	int16_t *samples;
	size_t n, cap;
	int failed;
};

static int collect_audio(const int16_t *samples, size_t n, int rate_hz, void *user)
{
	struct collect *c = user;
	(void)rate_hz;
	if (c->n + n > c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16000;
		while (cap < c->n + n)
			cap *= 2;
		int16_t *grown = realloc(c->samples, cap * sizeof *grown);
		if (!grown) {
			c->failed = 1;
			return 1;
		}
		c->samples = grown;
		c->cap = cap;
	}
	memcpy(c->samples + c->n, samples, n * sizeof *samples);
	c->n += n;
	return 0;
}

int tts_flite_synth(struct tts_flite *tts, const char *text, int16_t **samples, size_t *n_samples,
		    struct iv_error *err)
{
	struct collect c = {0};
	int rc = tts_flite_speak(tts, text, collect_audio, &c, err);
	if (rc == 1 || c.failed) {
		free(c.samples);
		iv_error_set(err, "out of memory synthesizing speech");
		return -1;
	}
	if (rc != 0) {
		free(c.samples);
		return -1;
	}
	*samples = c.samples;
	*n_samples = c.n;
	return 0;
}
