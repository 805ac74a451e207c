/*
 * echo.c - acoustic echo cancellation with libspeexdsp (see echo.h).
 *
 * What it is for: with speakers instead of headphones, the microphone hears
 * the interviewer's own voice, and a listener watching for barge-in would
 * take it for the candidate talking over it.  This file removes that voice
 * from the microphone so the interviewer can keep listening while it talks.
 *
 * Why speexdsp: echo cancellation that holds up in real rooms needs more
 * than a textbook NLMS filter - a frequency-domain filter long enough for
 * the echo tail, a step size that backs off during double talk (when the
 * candidate and the interviewer speak at once) so the filter does not
 * learn the candidate away, and a residual-echo suppressor for what the
 * linear filter misses.  Speex's MDF canceller and preprocessor do all of
 * that, are packaged by Debian (libspeexdsp), and have been used in VoIP
 * clients for many years; writing our own would trade that for bugs.
 *
 * What it owns: one speex echo state and one preprocessor holding it.  The
 * preprocessor's noise suppression is what applies the residual echo
 * suppression (speex only suppresses echo through its denoiser), so it is
 * on whenever residual suppression is; its automatic gain and its own voice
 * detection stay off (the default: asking for it off still prints a warning
 * from speex), since the recognizer and the endpointer do those.  Both run
 * only while echo may arrive, so the candidate's answers reach the
 * recognizer exactly as captured.
 *
 * Written here: the gate and the start-up mute (see echo.h).  Speex leaves
 * the echo 20-30 dB down; over the digital silence of a quiet line that is
 * still "speech" to PocketSphinx, which then recognizes words in it.
 *
 * It must not print or decide anything about turns: it only cleans audio.
 */
#include "voice/echo.h"

#include <limits.h>
#include <math.h>
#include <speex/speex_echo.h>
#include <speex/speex_preprocess.h>
#include <stdlib.h>
#include <string.h>

/* Frame energies of the last tail_ms (a ring). */
struct envelope {
	double *energy;
	size_t n, at;
};

struct echo_canceller {
	struct echo_params p;
	SpeexEchoState *echo;
	SpeexPreprocessState *pre; /* NULL without residual suppression */
	spx_int16_t *cleaned;      /* one frame: speex's output may not alias its input */
	int far_heard_ms;          /* far-end speech so far, up to adapt_ms */
	int since_far_ms;          /* since the last far-end frame with sound in it */
	int hold_ms;               /* the gate stays open this much longer */
	struct envelope mic_env, far_env; /* frame energies of the last tail */
	double room_gain;          /* echo energy / far-end energy, learned */
};

/* Far-end frames quieter than this (RMS, -90 dBFS) are silence: no echo
 * can come of them.  Louder ones may echo, faint as they are (Flite's
 * pauses are not all digital zeros): over a silent line the recognizer
 * hears even that. */
#define FAR_SILENT_RMS 1.0
/* Far-end frames louder than this (-60 dBFS) are speech the filter adapts to. */
#define FAR_SPEECH_RMS 33.0

struct echo_params echo_default_params(void)
{
	return (struct echo_params){
		.sample_rate_hz = 16000,
		.frame_samples = 320,
		/* Device latency (input plus output, PortAudio's low-latency
		 * defaults: a few tens of ms) plus a small room's reverberation. */
		.tail_ms = 256,
		.suppress_residual = 1,
		.residual_suppress_db = -40,
		.residual_suppress_active_db = -15,
		.adapt_ms = 3000,
		.residual_gate_db = 10,
		.near_hold_ms = 100,
	};
}

static int check_params(const struct echo_params *p, struct iv_error *err)
{
	if (p->sample_rate_hz < 8000 || p->sample_rate_hz > 48000) {
		iv_error_set(err, "echo canceller: sample rate %d Hz is not 8000-48000",
			     p->sample_rate_hz);
		return -1;
	}
	/* Speex's FFT wants 2-100 ms frames. */
	int frame_ms = p->frame_samples * 1000 / p->sample_rate_hz;
	if (p->frame_samples <= 0 || frame_ms < 2 || frame_ms > 100) {
		iv_error_set(err, "echo canceller: a frame of %d samples is not 2-100 ms",
			     p->frame_samples);
		return -1;
	}
	if (p->tail_ms < frame_ms || p->tail_ms > 2000) {
		iv_error_set(err, "echo canceller: tail of %d ms is not %d-2000 ms", p->tail_ms,
			     frame_ms);
		return -1;
	}
	if (p->adapt_ms < 0 || p->near_hold_ms < 0 || p->residual_gate_db < 0) {
		iv_error_set(err, "echo canceller: adapt_ms, near_hold_ms and residual_gate_db "
				  "cannot be negative");
		return -1;
	}
	return 0;
}

static int make_preprocessor(struct echo_canceller *ec)
{
	ec->pre = speex_preprocess_state_init(ec->p.frame_samples, ec->p.sample_rate_hz);
	if (!ec->pre)
		return -1;
	int on = 1, off = 0;
	int suppress = ec->p.residual_suppress_db;
	int suppress_active = ec->p.residual_suppress_active_db;
	speex_preprocess_ctl(ec->pre, SPEEX_PREPROCESS_SET_ECHO_STATE, ec->echo);
	speex_preprocess_ctl(ec->pre, SPEEX_PREPROCESS_SET_DENOISE, &on);
	speex_preprocess_ctl(ec->pre, SPEEX_PREPROCESS_SET_AGC, &off);
	speex_preprocess_ctl(ec->pre, SPEEX_PREPROCESS_SET_DEREVERB, &off);
	speex_preprocess_ctl(ec->pre, SPEEX_PREPROCESS_SET_ECHO_SUPPRESS, &suppress);
	speex_preprocess_ctl(ec->pre, SPEEX_PREPROCESS_SET_ECHO_SUPPRESS_ACTIVE, &suppress_active);
	return 0;
}

struct echo_canceller *echo_canceller_new(const struct echo_params *params, struct iv_error *err)
{
	struct echo_params p = params ? *params : echo_default_params();
	if (check_params(&p, err) != 0)
		return NULL;
	struct echo_canceller *ec = calloc(1, sizeof *ec);
	if (!ec) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	ec->p = p;
	ec->since_far_ms = INT_MAX / 2;
	int tail_samples = (int)((long)p.tail_ms * p.sample_rate_hz / 1000);
	ec->echo = speex_echo_state_init(p.frame_samples, tail_samples);
	ec->cleaned = malloc((size_t)p.frame_samples * sizeof *ec->cleaned);
	ec->mic_env.n = ec->far_env.n = (size_t)(tail_samples / p.frame_samples + 1);
	ec->mic_env.energy = calloc(ec->mic_env.n, sizeof(double));
	ec->far_env.energy = calloc(ec->far_env.n, sizeof(double));
	ec->room_gain = 1.0; /* until learned: as loud as the far end */
	if (ec->echo) /* speex assumes 8 kHz until told otherwise */
		speex_echo_ctl(ec->echo, SPEEX_ECHO_SET_SAMPLING_RATE, &p.sample_rate_hz);
	int have_all = ec->echo && ec->cleaned && ec->mic_env.energy && ec->far_env.energy;
	if (!have_all || (p.suppress_residual && make_preprocessor(ec) != 0)) {
		echo_canceller_free(ec);
		iv_error_set(err, "echo canceller: speexdsp could not start (out of memory?)");
		return NULL;
	}
	return ec;
}

void echo_canceller_free(struct echo_canceller *ec)
{
	if (!ec)
		return;
	if (ec->pre)
		speex_preprocess_state_destroy(ec->pre);
	if (ec->echo)
		speex_echo_state_destroy(ec->echo);
	free(ec->cleaned);
	free(ec->mic_env.energy);
	free(ec->far_env.energy);
	free(ec);
}

size_t echo_canceller_frame_samples(const struct echo_canceller *ec)
{
	return (size_t)ec->p.frame_samples;
}

static int ms_per_frame(const struct echo_canceller *ec)
{
	return ec->p.frame_samples * 1000 / ec->p.sample_rate_hz;
}

static double frame_energy(const int16_t *x, size_t n)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += (double)x[i] * x[i];
	return sum;
}

/* Counts far-end speech (for adaptation) and the time since it was heard. */
static void note_far_end(struct echo_canceller *ec, double far_energy)
{
	int ms = ms_per_frame(ec);
	double rms = sqrt(far_energy / ec->p.frame_samples);
	if (rms < FAR_SILENT_RMS) {
		if (ec->since_far_ms < INT_MAX / 2)
			ec->since_far_ms += ms;
		return;
	}
	ec->since_far_ms = 0;
	if (rms >= FAR_SPEECH_RMS && ec->far_heard_ms < ec->p.adapt_ms)
		ec->far_heard_ms += ms;
}

/* Adds a frame's energy; returns the loudest of the last tail. */
static double envelope_push(struct envelope *e, double energy)
{
	e->energy[e->at] = energy;
	e->at = (e->at + 1) % e->n;
	double loudest = 0;
	for (size_t i = 0; i < e->n; i++)
		if (e->energy[i] > loudest)
			loudest = e->energy[i];
	return loudest;
}

/* One frame's energies, and the loudest of the last tail. */
struct levels {
	double heard, far, kept;          /* microphone, far end, cleaned */
	double heard_loudest, far_loudest;
};

/* How loud the echo may be now: the loudest microphone frame of the last
 * tail, or the loudest far-end frame times the room's gain, whichever is
 * more.  The far end leads its echo, so the second already knows about a
 * word whose echo is only starting to arrive - the moment the filter
 * misses most. */
static double echo_level(const struct echo_canceller *ec, const struct levels *l)
{
	double from_far = ec->room_gain * l->far_loudest;
	return from_far > l->heard_loudest ? from_far : l->heard_loudest;
}

/* Learns the room's gain (echo energy over far-end energy) from frames that
 * are mostly echo: all of them while adapting (the candidate is rarely
 * talking in the interviewer's first seconds), then those the filter
 * cleaned by more than 10 dB.  A slow average, so a burst does not move it. */
static void learn_room_gain(struct echo_canceller *ec, const struct levels *l)
{
	double speech = ec->p.frame_samples * FAR_SPEECH_RMS * FAR_SPEECH_RMS;
	if (l->far < speech || l->far_loudest <= 0)
		return;
	if (echo_canceller_adapted(ec) && l->kept * 10 > l->heard)
		return;
	ec->room_gain = 0.95 * ec->room_gain + 0.05 * l->heard / l->far_loudest;
}

/* The gate: while echo may be arriving, a cleaned frame far below the echo
 * is what the filter left of it, and is muted; one close to it holds the
 * candidate's voice, and opens the gate for near_hold_ms so that the
 * quieter parts of their words pass too. */
static int gate_open(struct echo_canceller *ec, const struct levels *l)
{
	if (!echo_canceller_adapted(ec))
		return 0;
	if (ec->p.residual_gate_db == 0)
		return 1;
	if (l->kept * pow(10.0, ec->p.residual_gate_db / 10.0) >= echo_level(ec, l)) {
		ec->hold_ms = ec->p.near_hold_ms;
		return 1;
	}
	if (ec->hold_ms > 0) {
		ec->hold_ms -= ms_per_frame(ec);
		return 1;
	}
	return 0;
}

int echo_canceller_process(struct echo_canceller *ec, const int16_t *mic, size_t n_mic,
			   const int16_t *far, size_t n_far, int16_t *out, struct iv_error *err)
{
	size_t frame = (size_t)ec->p.frame_samples;
	if (!mic || !far || !out) {
		iv_error_set(err, "echo canceller: missing %s frame",
			     !mic ? "microphone" : !far ? "far-end" : "output");
		return -1;
	}
	if (n_mic != frame || n_far != frame) {
		iv_error_set(err,
			     "echo canceller: frames must be %zu samples (microphone %zu, far end "
			     "%zu)",
			     frame, n_mic, n_far);
		return -1;
	}
	/* Always through the filter and the envelopes, so that their picture
	 * of what was played stays whole; the output is used only while echo
	 * may arrive. */
	speex_echo_cancellation(ec->echo, mic, far, ec->cleaned);
	struct levels l = {.heard = frame_energy(mic, frame), .far = frame_energy(far, frame)};
	l.heard_loudest = envelope_push(&ec->mic_env, l.heard);
	l.far_loudest = envelope_push(&ec->far_env, l.far);
	note_far_end(ec, l.far);
	if (ec->since_far_ms > ec->p.tail_ms) {
		memmove(out, mic, frame * sizeof *out);
		ec->hold_ms = 0;
		return 0;
	}
	if (ec->pre)
		speex_preprocess_run(ec->pre, ec->cleaned);
	l.kept = frame_energy(ec->cleaned, frame);
	learn_room_gain(ec, &l);
	if (gate_open(ec, &l))
		memcpy(out, ec->cleaned, frame * sizeof *out);
	else
		memset(out, 0, frame * sizeof *out);
	return 0;
}

int echo_canceller_adapted(const struct echo_canceller *ec)
{
	return ec->far_heard_ms >= ec->p.adapt_ms;
}

void echo_canceller_reset(struct echo_canceller *ec)
{
	speex_echo_state_reset(ec->echo);
	ec->far_heard_ms = 0;
	ec->since_far_ms = INT_MAX / 2;
	ec->hold_ms = 0;
	memset(ec->mic_env.energy, 0, ec->mic_env.n * sizeof(double));
	memset(ec->far_env.energy, 0, ec->far_env.n * sizeof(double));
	ec->room_gain = 1.0;
}
