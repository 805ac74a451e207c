/*
 * voice.c - the hearing and speaking objects of voice.h, assembled from the
 * recognizers (stt_sphinx, stt_http), the synthesizer (tts_flite), the WAV
 * reader and the pronunciation table.  This file owns the policy: the
 * server first and the local recognizer as its fallback, and what counts as
 * having heard badly.
 */
#include "voice/voice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "speech_text.h"
#include "voice/stt_http.h"
#include "voice/stt_sphinx.h"
#include "voice/wav.h"

struct voice_hearing {
	struct stt_sphinx *sphinx;
	struct stt_http *http; /* NULL without --stt-url */
};

struct voice_speaking {
	struct tts_flite *tts;
	struct speech_table *table;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct voice_hearing *voice_hearing_new(const char *data_dir, const char *stt_url,
					struct iv_error *err)
{
	(void)data_dir; /* the models are built from it into the speech dir */
	struct voice_hearing *vh = calloc(1, sizeof *vh);
	if (!vh) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	struct stt_sphinx_params p = stt_sphinx_default_params();
	vh->sphinx = stt_sphinx_new(&p, err);
	if (!vh->sphinx) {
		free(vh);
		return NULL;
	}
	if (stt_url && *stt_url) {
		vh->http = stt_http_new(stt_url, err);
		if (!vh->http) {
			voice_hearing_free(vh);
			return NULL;
		}
	}
	return vh;
}

void voice_hearing_free(struct voice_hearing *vh)
{
	if (!vh)
		return;
	stt_sphinx_free(vh->sphinx);
	stt_http_free(vh->http);
	free(vh);
}

struct stt_sphinx *voice_hearing_recognizer(struct voice_hearing *vh)
{
	return vh->sphinx;
}

void heard_release(struct heard *h)
{
	if (!h)
		return;
	free(h->text);
	free(h->fallback_reason);
	memset(h, 0, sizeof *h);
}

int voice_hear_samples(struct voice_hearing *vh, const int16_t *samples, size_t n_samples,
		       struct heard *out, struct iv_error *err)
{
	memset(out, 0, sizeof *out);
	out->audio_seconds = (double)n_samples / WAV_RATE_HZ;
	double t0 = now_ms();
	if (vh->http) {
		struct iv_error http_err = {{0}};
		char *text = NULL;
		if (stt_http_transcribe(vh->http, samples, n_samples, &text, &http_err) == 0) {
			out->text = text;
			/* The server reports no confidence we could compare. */
			out->confidence = 1.0;
			out->engine = "http";
			out->stt_ms = now_ms() - t0;
			return 0;
		}
		out->fallback_reason = strdup(http_err.message);
	}
	struct stt_result r;
	if (stt_sphinx_recognize(vh->sphinx, samples, n_samples, &r, err) != 0) {
		heard_release(out);
		return -1;
	}
	out->text = r.text;
	r.text = NULL;
	out->confidence = r.confidence;
	out->low_confidence = r.n_words > 0 && r.confidence < VOICE_LOW_CONFIDENCE;
	out->engine = "pocketsphinx";
	out->stt_ms = now_ms() - t0;
	stt_result_release(&r);
	return 0;
}

int voice_rehear(struct voice_hearing *vh, const int16_t *samples, size_t n_samples, char **text,
		 char **fallback_reason)
{
	*text = NULL;
	*fallback_reason = NULL;
	if (!vh->http || n_samples == 0)
		return 0;
	struct iv_error http_err = {{0}};
	if (stt_http_transcribe(vh->http, samples, n_samples, text, &http_err) == 0)
		return 1;
	*fallback_reason = strdup(http_err.message[0] ? http_err.message : "the transcription server failed");
	return *fallback_reason ? 0 : -1;
}

int voice_hear_file(struct voice_hearing *vh, const char *wav_path, struct heard *out,
		    struct iv_error *err)
{
	memset(out, 0, sizeof *out);
	struct wav_audio a;
	if (wav_read_16k_mono(wav_path, &a, err) != 0)
		return -1;
	int rc = voice_hear_samples(vh, a.samples, a.n_samples, out, err);
	wav_audio_release(&a);
	return rc;
}

/* Reads data_dir/speech/pronunciations.yaml into a table. */
static struct speech_table *load_table(const char *data_dir, struct iv_error *err)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/speech/pronunciations.yaml", data_dir);
	FILE *f = fopen(path, "rb");
	if (!f) {
		iv_error_set(err, "%s: cannot open the pronunciation table", path);
		return NULL;
	}
	char *text = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 65536;
			char *grown = realloc(text, cap);
			if (!grown) {
				free(text);
				fclose(f);
				iv_error_set(err, "out of memory");
				return NULL;
			}
			text = grown;
		}
		size_t got = fread(text + len, 1, 4096, f);
		len += got;
		if (got < 4096)
			break;
	}
	fclose(f);
	text[len] = '\0';
	struct text_source src = {path, text, len};
	struct speech_table *t = speech_table_parse(&src, err);
	free(text);
	return t;
}

struct voice_speaking *voice_speaking_new(const char *data_dir, const char *voice_name,
					  double wpm, struct iv_error *err)
{
	struct voice_speaking *vs = calloc(1, sizeof *vs);
	if (!vs) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	vs->table = load_table(data_dir, err);
	if (!vs->table) {
		free(vs);
		return NULL;
	}
	vs->tts = tts_flite_new(voice_name, wpm, err);
	if (!vs->tts) {
		voice_speaking_free(vs);
		return NULL;
	}
	return vs;
}

void voice_speaking_free(struct voice_speaking *vs)
{
	if (!vs)
		return;
	tts_flite_free(vs->tts);
	speech_table_free(vs->table);
	free(vs);
}

char *voice_sayable(struct voice_speaking *vs, const char *text)
{
	return speech_text_sayable(vs->table, text);
}

int voice_speak_stream(struct voice_speaking *vs, const char *text, tts_audio_fn fn, void *user,
		       struct iv_error *err)
{
	char *sayable = speech_text_sayable(vs->table, text);
	if (!sayable) {
		iv_error_set(err, "out of memory");
		return -1;
	}
	int rc = tts_flite_speak(vs->tts, sayable, fn, user, err);
	free(sayable);
	return rc;
}

struct file_sink {
	int16_t *samples;
	size_t n, cap;
	double t0, first_ms;
	int failed;
};

static int sink_audio(const int16_t *samples, size_t n, int rate_hz, void *user)
{
	struct file_sink *s = user;
	(void)rate_hz;
	if (s->first_ms < 0)
		s->first_ms = now_ms() - s->t0;
	if (s->n + n > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32000;
		while (cap < s->n + n)
			cap *= 2;
		int16_t *grown = realloc(s->samples, cap * sizeof *grown);
		if (!grown) {
			s->failed = 1;
			return 1;
		}
		s->samples = grown;
		s->cap = cap;
	}
	memcpy(s->samples + s->n, samples, n * sizeof *samples);
	s->n += n;
	return 0;
}

int voice_speak_to_file(struct voice_speaking *vs, const char *text, const char *wav_path,
			double *tts_ms, double *first_audio_ms, struct iv_error *err)
{
	struct file_sink s = {.t0 = now_ms(), .first_ms = -1};
	int rc = voice_speak_stream(vs, text, sink_audio, &s, err);
	if (rc != 0 || s.failed) {
		if (rc == 1 || s.failed)
			iv_error_set(err, "out of memory synthesizing speech");
		free(s.samples);
		return -1;
	}
	double total = now_ms() - s.t0;
	rc = wav_write(wav_path, s.samples, s.n, tts_flite_sample_rate_hz(vs->tts), err);
	free(s.samples);
	if (tts_ms)
		*tts_ms = total;
	if (first_audio_ms)
		*first_audio_ms = s.first_ms < 0 ? total : s.first_ms;
	return rc;
}
