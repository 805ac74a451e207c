/*
 * stt_sphinx.c - PocketSphinx (0.8 "5prealpha", the 2015 API) as the
 * interviewer's ear (see stt_sphinx.h).
 *
 * Settings chosen from measurements on this project's machines
 * (shared/notes/speech-stack.md, issue 11): the second search pass
 * (-fwdflat yes, a flat-lexicon search over the words the tree search
 * proposed) was first dropped for latency, but on real read speech it takes
 * word error from 29.3% to 25.0% (the tuning half of tests/speech/real) and
 * on the synthetic development answers from 7.2% to 6.8%, with term recall
 * 96.9% to 99.6% and no concept invented, for a real-time factor of 0.16
 * instead of 0.14; wider beams, another language weight or -topn changed
 * nothing or made it worse.  It is on for recordings heard offline (`hear`
 * asks for it, second_pass) and off for the live path: a long stretch of
 * the interviewer's own voice heard back without the echo canceller made
 * the second pass run on and on (tests/test_voice_cli.c).  -bestpath yes
 * is kept because the lattice it builds gives the word posteriors we use as
 * confidences (without it, real speech heard 33.6% wrong).  Wider beams than the defaults
 * (1e-60 / 1e-40 instead of 1e-48 / 7e-29) took 0.6 points of word error
 * rate off the development answers (bench/speech_dev.txt) for twice the
 * CPU, which is still a real-time factor near 0.1.  The blend gives the
 * domain model 0.8 of the weight: 0.35 to 0.9 were within a point of each
 * other on the development answers, 0.8 to 0.9 the best; the general model
 * keeps a fifth for the talk around the technical words.  The blend of general and domain
 * language models is made with ngram_model_set_init at run time because the
 * stock binary model cannot be converted back to text for an offline merge.
 * Words are never added at run time (ps_add_word corrupts the LM in this
 * version): the dictionary built by tools/build_dict.py already has them.
 * The speaker's vocal tract is normalized (VTLN) with the warp that makes
 * their first answers most likely to the acoustic model (warp_search.h),
 * the search starting from the warp their pitch suggests (pitch.h).  On
 * the development answers it chose 1.3 for the female voice (a fixed 1.2,
 * the pitch's choice before, gave 0.6 points more word error and 0.9
 * points less term recall) and 0.9 for the male ones (within noise of 1).
 * adapt_first_recording searches the warp on a first recording itself and
 * decodes it twice; on the real tuning half it made word error worse (25.0%
 * to 27.9%), so it is off.  A speaker's MLLR transform (tools/mllr_adapt.sh)
 * is loaded with -mllr after checking it fits the model.
 * PocketSphinx logs to stderr by default; library code must not print, so
 * its log is switched off unless INTERVIEWER_SPHINX_LOG names a file.
 */
#include "voice/stt_sphinx.h"

#include <pocketsphinx.h>
#include <math.h>
#include <pthread.h>
#include <sphinxbase/err.h>
#include <sphinxbase/ngram_model.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "voice/pitch.h"
#include "voice/warp_search.h"

#ifndef IV_SPEECH_DIR
#define IV_SPEECH_DIR "build/speech"
#endif

#define DEFAULT_MODEL_DIR "/usr/share/pocketsphinx/model/en-us"
#define FRAMES_PER_SECOND 100.0
#define PATH_CAP 1024

/* The files a decoder is made from (checked once, kept for rebuilds). */
struct model_paths {
	char hmm[PATH_CAP], general_lm[PATH_CAP], dict[PATH_CAP], domain_lm[PATH_CAP];
};

/* The warps tried for a speaker (the ones PocketSphinx's inverse-linear
 * warp is commonly used with, and a little beyond for high voices), and
 * the most of their speech kept to try them on: enough for a stable
 * choice, little enough that the search costs a few seconds of one core
 * once a session. */
static const struct warp_grid WARP_GRID = {0.9, 1.4, 0.1};
#define WARP_AUDIO_MAX_SAMPLES (12 * 16000)

/* The search for the speaker's warp, run by a thread of its own while the
 * current decoder goes on hearing: each warp tried loads a decoder (most
 * of a second) and decodes the speech kept so far. */
struct rebuild {
	pthread_t thread;
	int running;
	_Atomic int done;   /* set by the thread as it ends */
	_Atomic int cancel; /* set when the recognizer is freed */
	int n_scored;       /* warps tried */
	double best_score;
	struct stt_sphinx_params params;
	const struct model_paths *paths;
	double start_warp;  /* where the search starts (from the pitch) */
	int16_t *audio;     /* owned: the speech the warps are tried on */
	size_t n_audio;
	double warp;        /* the warp chosen */
	ps_decoder_t *ps;   /* its decoder, or NULL */
	cmd_ln_t *config;
};

struct stt_sphinx {
	ps_decoder_t *ps;
	cmd_ln_t *config;
	int in_utt;
	size_t samples_fed;
	char *partial;
	struct stt_sphinx_params params;
	struct model_paths paths;
	double warp;                 /* in use now */
	struct pitch_tracker *pitch; /* until the warp is chosen */
	int16_t *heard;              /* speech kept until the warp is chosen */
	size_t n_heard;
	struct rebuild rebuild;
};

struct stt_sphinx_params stt_sphinx_default_params(void)
{
	struct stt_sphinx_params p = {
		.model_dir = DEFAULT_MODEL_DIR,
		.speech_dir = IV_SPEECH_DIR,
		.domain_weight = 0.8,
		.vad_postspeech_frames = 25,
		.vtln_warp = 0,
		.warp_after_voiced_frames = 150,
	};
	const char *env = getenv("INTERVIEWER_SPHINX_MODEL_DIR");
	if (env && *env)
		p.model_dir = env;
	env = getenv("INTERVIEWER_SPEECH_DIR");
	if (env && *env)
		p.speech_dir = env;
	env = getenv("INTERVIEWER_VTLN_WARP");
	if (env && *env)
		p.vtln_warp = atof(env);
	env = getenv("INTERVIEWER_SECOND_PASS");
	if (env && *env)
		p.second_pass = atoi(env) != 0;
	env = getenv("INTERVIEWER_MLLR");
	if (env && *env)
		p.mllr_path = env;
	env = getenv("INTERVIEWER_ADAPT_RECORDING");
	if (env && *env)
		p.adapt_first_recording = atoi(env) != 0;
	/* For tuning experiments only: the share of the domain LM in the blend. */
	env = getenv("INTERVIEWER_DOMAIN_WEIGHT");
	if (env && *env)
		p.domain_weight = atof(env);
	return p;
}

void stt_result_release(struct stt_result *r)
{
	if (!r)
		return;
	free(r->text);
	free(r->words);
	memset(r, 0, sizeof *r);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static void quiet_logs(void)
{
	const char *log = getenv("INTERVIEWER_SPHINX_LOG");
	if (log && *log)
		err_set_logfile(log);
	else
		err_set_logfp(NULL);
}

/* A speaker's MLLR transform adapts the acoustic model's means (-mllr).
 * It must fit the model: one class, the model's three streams of 13
 * (read_mllr_dims checks the header before PocketSphinx, which trusts it,
 * reads the matrices). */
static int read_mllr_dims(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	int n_class = 0, n_stream = 0, len = 0;
	int ok = fscanf(f, "%d %d %d", &n_class, &n_stream, &len) == 3;
	fclose(f);
	return ok && n_class == 1 && n_stream == 3 && len == 13 ? 0 : -1;
}

/* Checks the transform before PocketSphinx loads it (-mllr): a file it
 * cannot read would only fail ps_init, with the reason in its log. */
static int check_mllr(const char *path, struct iv_error *err)
{
	if (!path)
		return 0;
	ps_mllr_t *mllr = read_mllr_dims(path) == 0 ? ps_mllr_read(path) : NULL;
	if (!mllr) {
		iv_error_set(err, "cannot read the speaker transform %s (not an MLLR transform for "
				  "the en-us model: one class, three streams of 13)", path);
		return -1;
	}
	ps_mllr_free(mllr);
	return 0;
}

/* Checks every file before PocketSphinx sees it: ps_init reports a missing
 * model only in its log and returns NULL. */
static int check_models(const struct stt_sphinx_params *p, struct model_paths *m,
			struct iv_error *err)
{
	char mdef[PATH_CAP + 8];
	snprintf(m->hmm, sizeof m->hmm, "%s/en-us", p->model_dir);
	snprintf(mdef, sizeof mdef, "%s/mdef", m->hmm);
	snprintf(m->general_lm, sizeof m->general_lm, "%s/en-us.lm.bin", p->model_dir);
	snprintf(m->dict, sizeof m->dict, "%s/domain.dict", p->speech_dir);
	snprintf(m->domain_lm, sizeof m->domain_lm, "%s/domain.lm.bin", p->speech_dir);
	if (!file_exists(mdef)) {
		iv_error_set(err,
			     "speech recognition model not found in %s (install the Debian package "
			     "%s, or set INTERVIEWER_SPHINX_MODEL_DIR)",
			     p->model_dir, STT_SPHINX_DEBIAN_PACKAGE);
		return -1;
	}
	if (!file_exists(m->general_lm)) {
		iv_error_set(err, "language model %s not found (install the Debian package %s)",
			     m->general_lm, STT_SPHINX_DEBIAN_PACKAGE);
		return -1;
	}
	if (p->mllr_path && !file_exists(p->mllr_path)) {
		iv_error_set(err, "speaker transform %s not found (INTERVIEWER_MLLR)", p->mllr_path);
		return -1;
	}
	if (check_mllr(p->mllr_path, err) != 0)
		return -1;
	if (!file_exists(m->dict) || !file_exists(m->domain_lm)) {
		iv_error_set(err,
			     "domain speech models not found in %s (build them with `make`, or set "
			     "INTERVIEWER_SPEECH_DIR)",
			     p->speech_dir);
		return -1;
	}
	return 0;
}

/* Loads both language models and makes their interpolated blend the
 * decoder's search. */
static int load_blend(ps_decoder_t *ps, cmd_ln_t *config, const char *general_lm,
		      const char *domain_lm, double domain_weight, struct iv_error *err)
{
	logmath_t *lmath = ps_get_logmath(ps);
	ngram_model_t *models[2];
	models[0] = ngram_model_read(config, general_lm, NGRAM_AUTO, lmath);
	if (!models[0]) {
		iv_error_set(err, "cannot read language model %s", general_lm);
		return -1;
	}
	models[1] = ngram_model_read(config, domain_lm, NGRAM_AUTO, lmath);
	if (!models[1]) {
		ngram_model_free(models[0]);
		iv_error_set(err, "cannot read domain language model %s (rebuild it with `make`)",
			     domain_lm);
		return -1;
	}
	char *names[2] = {"general", "domain"};
	if (domain_weight < 0.01)
		domain_weight = 0.01;
	if (domain_weight > 0.99)
		domain_weight = 0.99;
	float32 weights[2] = {(float32)(1.0 - domain_weight), (float32)domain_weight};
	/* The set takes its own references to the two models. */
	ngram_model_t *set = ngram_model_set_init(config, models, names, weights, 2);
	ngram_model_free(models[0]);
	ngram_model_free(models[1]);
	if (!set) {
		iv_error_set(err, "cannot blend the language models");
		return -1;
	}
	int rc = ps_set_lm(ps, "blend", set);
	/* The search holds its own reference. */
	ngram_model_free(set);
	if (rc != 0 || ps_set_search(ps, "blend") != 0) {
		iv_error_set(err, "cannot use the blended language model");
		return -1;
	}
	return 0;
}

/* The decoder's settings, then any from INTERVIEWER_SPHINX_ARGS ("-lw 9
 * -beam 1e-60"), which win: a way to experiment without rebuilding. */
static cmd_ln_t *make_config(const struct stt_sphinx_params *p, const struct model_paths *m,
			     double warp, struct iv_error *err)
{
	char postspeech[16], warp_params[16];
	snprintf(postspeech, sizeof postspeech, "%d",
		 p->vad_postspeech_frames > 0 ? p->vad_postspeech_frames : 50);
	snprintf(warp_params, sizeof warp_params, "%.3f", warp > 0 ? warp : 1.0);
	char *defaults[] = {"-hmm", (char *)m->hmm, "-dict", (char *)m->dict,
			    "-fwdflat", p->second_pass ? "yes" : "no",
			    "-bestpath", "yes", "-vad_postspeech", postspeech,
			    "-beam", "1e-60", "-wbeam", "1e-40", "-pbeam", "1e-60",
			    "-warp_type", "inverse_linear", "-warp_params", warp_params};
	const char *env = getenv("INTERVIEWER_SPHINX_ARGS");
	char *extra = env ? strdup(env) : NULL;
	char *argv[64];
	int argc = 0;
	if (p->mllr_path) {
		argv[argc++] = "-mllr";
		argv[argc++] = (char *)p->mllr_path;
	}
	char *save = NULL;
	for (char *a = extra ? strtok_r(extra, " ", &save) : NULL; a && argc < 48;
	     a = strtok_r(NULL, " ", &save))
		argv[argc++] = a;
	/* A default the environment already set is left out (a name given
	 * twice is an error to sphinxbase). */
	for (int d = 0; d < (int)(sizeof defaults / sizeof defaults[0]); d += 2) {
		int overridden = 0;
		for (int i = 0; i + 1 < argc; i += 2)
			overridden |= strcmp(argv[i], defaults[d]) == 0;
		if (!overridden) {
			argv[argc++] = defaults[d];
			argv[argc++] = defaults[d + 1];
		}
	}
	cmd_ln_t *config = argc % 2 == 0 ? cmd_ln_parse_r(NULL, ps_args(), argc, argv, TRUE) : NULL;
	free(extra);
	if (!config)
		iv_error_set(err, "cannot configure the speech recognizer (check "
				  "INTERVIEWER_SPHINX_ARGS: \"%s\")", env ? env : "");
	return config;
}

/* A decoder with the blended language model for the given warp. */
static int load_decoder(const struct stt_sphinx_params *p, const struct model_paths *m,
			double warp, ps_decoder_t **ps_out, cmd_ln_t **config_out,
			struct iv_error *err)
{
	cmd_ln_t *config = make_config(p, m, warp, err);
	if (!config)
		return -1;
	ps_decoder_t *ps = ps_init(config);
	if (!ps) {
		iv_error_set(err, "cannot load the speech recognizer from %s (is the Debian package "
				  "%s complete?)", m->hmm, STT_SPHINX_DEBIAN_PACKAGE);
		cmd_ln_free_r(config);
		return -1;
	}
	if (load_blend(ps, config, m->general_lm, m->domain_lm, p->domain_weight, err) != 0) {
		ps_free(ps);
		cmd_ln_free_r(config);
		return -1;
	}
	*ps_out = ps;
	*config_out = config;
	return 0;
}

struct stt_sphinx *stt_sphinx_new(const struct stt_sphinx_params *params, struct iv_error *err)
{
	struct stt_sphinx_params p = params ? *params : stt_sphinx_default_params();
	if (p.vtln_warp != 0 && (p.vtln_warp < 0.7 || p.vtln_warp > 1.4)) {
		iv_error_set(err, "speaker warp %g is outside 0.7..1.4 (INTERVIEWER_VTLN_WARP: 1 "
				  "for none, unset to choose it from the speaker's pitch)",
			     p.vtln_warp);
		return NULL;
	}
	struct stt_sphinx *s = calloc(1, sizeof *s);
	if (!s) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	quiet_logs();
	if (check_models(&p, &s->paths, err) != 0) {
		free(s);
		return NULL;
	}
	s->params = p;
	s->warp = p.vtln_warp > 0 ? p.vtln_warp : 1.0;
	if (load_decoder(&p, &s->paths, s->warp, &s->ps, &s->config, err) != 0) {
		free(s);
		return NULL;
	}
	if (p.vtln_warp <= 0 && !(s->pitch = pitch_tracker_new())) {
		stt_sphinx_free(s);
		iv_error_set(err, "out of memory");
		return NULL;
	}
	return s;
}

/* The natural-log acoustic likelihood per frame of the best path through
 * audio decoded as one utterance by ps. */
static int acoustic_score(ps_decoder_t *ps, const int16_t *audio, size_t n, double *score)
{
	if (ps_start_utt(ps) < 0)
		return -1;
	if (ps_process_raw(ps, audio, n, FALSE, TRUE) < 0) {
		ps_end_utt(ps);
		return -1;
	}
	if (ps_end_utt(ps) < 0)
		return -1;
	logmath_t *lmath = ps_get_logmath(ps);
	double total = 0;
	long frames = 0;
	for (ps_seg_t *seg = ps_seg_iter(ps); seg; seg = ps_seg_next(seg)) {
		int32 ascr, lscr, lback;
		int sf, ef;
		ps_seg_prob(seg, &ascr, &lscr, &lback);
		ps_seg_frames(seg, &sf, &ef);
		total += logmath_log_to_ln(lmath, ascr);
		frames += ef - sf + 1;
	}
	if (frames <= 0)
		return -1;
	*score = total / (double)frames;
	return 0;
}

/* warp_search's callback: decodes the kept speech with a decoder for the
 * warp; the best decoder so far is kept, the others freed. */
static int score_warp(double warp, double *score, void *user)
{
	struct rebuild *r = user;
	if (r->cancel)
		return -1;
	struct iv_error err = {{0}};
	ps_decoder_t *ps = NULL;
	cmd_ln_t *config = NULL;
	if (load_decoder(&r->params, r->paths, warp, &ps, &config, &err) != 0)
		return -1;
	if (acoustic_score(ps, r->audio, r->n_audio, score) != 0)
		*score = -HUGE_VAL; /* tried, but never preferred to a warp that scored */
	if (!r->ps || *score > r->best_score) {
		if (r->ps) {
			ps_free(r->ps);
			cmd_ln_free_r(r->config);
		}
		r->ps = ps;
		r->config = config;
		r->warp = warp;
		r->best_score = *score;
	} else {
		ps_free(ps);
		cmd_ln_free_r(config);
	}
	return 0;
}

static void *rebuild_main(void *arg)
{
	struct rebuild *r = arg;
	struct iv_error err = {{0}};
	double best;
	/* On failure or cancellation the best decoder so far is kept; with
	 * none, r->ps stays NULL and the old decoder goes on. */
	warp_search(&WARP_GRID, r->start_warp, score_warp, r, &best, &r->n_scored, &err);
	free(r->audio);
	r->audio = NULL;
	r->done = 1;
	return NULL;
}

/* Waits for a rebuild under way; on success the new decoder replaces the
 * old one (between utterances only). */
static void finish_rebuild(struct stt_sphinx *s)
{
	if (!s->rebuild.running)
		return;
	pthread_join(s->rebuild.thread, NULL);
	s->rebuild.running = 0;
	if (!s->rebuild.ps)
		return; /* the old decoder goes on: hearing matters more than the warp */
	if (s->rebuild.warp > s->warp - 0.02 && s->rebuild.warp < s->warp + 0.02) {
		/* The warp in use was best: the decoder in use keeps what it
		 * learnt of the speaker's channel. */
		ps_free(s->rebuild.ps);
		cmd_ln_free_r(s->rebuild.config);
		s->rebuild.ps = NULL;
		s->rebuild.config = NULL;
		return;
	}
	ps_free(s->ps);
	cmd_ln_free_r(s->config);
	s->ps = s->rebuild.ps;
	s->config = s->rebuild.config;
	s->warp = s->rebuild.warp;
	s->rebuild.ps = NULL;
	s->rebuild.config = NULL;
}

/* Keeps the speaker's speech for the warp search, up to its cap. */
static void keep_heard(struct stt_sphinx *s, const int16_t *samples, size_t n)
{
	if (!s->pitch || n == 0 || s->n_heard >= WARP_AUDIO_MAX_SAMPLES)
		return;
	if (!s->heard && !(s->heard = malloc(WARP_AUDIO_MAX_SAMPLES * sizeof *s->heard)))
		return;
	size_t room = WARP_AUDIO_MAX_SAMPLES - s->n_heard;
	if (n > room)
		n = room;
	memcpy(s->heard + s->n_heard, samples, n * sizeof *samples);
	s->n_heard += n;
}

/* Once enough voiced speech was heard (min_voiced frames), starts the
 * search for the speaker's warp on it, from the warp their pitch suggests. */
static void start_warp_search(struct stt_sphinx *s, int min_voiced)
{
	if (!s->pitch || pitch_tracker_voiced_frames(s->pitch) < min_voiced)
		return;
	double start = pitch_vtln_warp(pitch_tracker_median_hz(s->pitch));
	pitch_tracker_free(s->pitch);
	s->pitch = NULL;
	struct rebuild *r = &s->rebuild;
	r->params = s->params;
	r->paths = &s->paths;
	r->start_warp = start;
	r->audio = s->heard;
	r->n_audio = s->n_heard;
	s->heard = NULL;
	s->n_heard = 0;
	r->ps = NULL;
	r->config = NULL;
	r->done = 0;
	r->cancel = 0;
	r->n_scored = 0;
	r->running = pthread_create(&r->thread, NULL, rebuild_main, r) == 0;
	if (!r->running) {
		free(r->audio);
		r->audio = NULL;
	}
}

double stt_sphinx_warp(const struct stt_sphinx *s)
{
	return s->warp;
}

int stt_sphinx_warps_tried(const struct stt_sphinx *s)
{
	return s->rebuild.running ? 0 : s->rebuild.n_scored;
}

void stt_sphinx_settle(struct stt_sphinx *s)
{
	if (!s->in_utt)
		finish_rebuild(s);
}

void stt_sphinx_free(struct stt_sphinx *s)
{
	if (!s)
		return;
	if (s->in_utt)
		ps_end_utt(s->ps);
	s->in_utt = 0;
	s->rebuild.cancel = 1;
	finish_rebuild(s);
	pitch_tracker_free(s->pitch);
	free(s->heard);
	ps_free(s->ps);
	cmd_ln_free_r(s->config);
	free(s->partial);
	free(s);
}

static int begin(struct stt_sphinx *s, int take_new_decoder, struct iv_error *err)
{
	if (s->in_utt) {
		ps_end_utt(s->ps);
		s->in_utt = 0;
	}
	if (take_new_decoder && s->rebuild.running && s->rebuild.done)
		finish_rebuild(s);
	pitch_tracker_break(s->pitch);
	if (ps_start_utt(s->ps) < 0) {
		iv_error_set(err, "the speech recognizer could not start an utterance");
		return -1;
	}
	s->in_utt = 1;
	s->samples_fed = 0;
	return 0;
}

int stt_sphinx_begin(struct stt_sphinx *s, struct iv_error *err)
{
	return begin(s, 1, err);
}

int stt_sphinx_begin_segment(struct stt_sphinx *s, struct iv_error *err)
{
	return begin(s, 0, err);
}

int stt_sphinx_feed(struct stt_sphinx *s, const int16_t *samples, size_t n, struct iv_error *err)
{
	if (!s->in_utt) {
		iv_error_set(err, "audio fed outside an utterance");
		return -1;
	}
	if (n == 0)
		return 0;
	if (ps_process_raw(s->ps, samples, n, FALSE, FALSE) < 0) {
		iv_error_set(err, "the speech recognizer failed on the audio");
		return -1;
	}
	pitch_tracker_feed(s->pitch, samples, n);
	keep_heard(s, samples, n);
	s->samples_fed += n;
	return 0;
}

int stt_sphinx_in_speech(struct stt_sphinx *s)
{
	return s->in_utt && ps_get_in_speech(s->ps) ? 1 : 0;
}

/* A dictionary word as said: "<sil>", "[NOISE]" and the like are not words;
 * "read(2)" is the second pronunciation of "read". */
static int clean_word(const char *w, char *out, size_t cap)
{
	if (!w || w[0] == '<' || w[0] == '[' || w[0] == '+')
		return 0;
	size_t n = strcspn(w, "(");
	if (n == 0)
		return 0;
	if (n >= cap)
		n = cap - 1;
	memcpy(out, w, n);
	out[n] = '\0';
	return 1;
}

/* Rebuilds a hypothesis string without fillers into *buf. */
static char *clean_hyp(const char *hyp)
{
	size_t len = hyp ? strlen(hyp) : 0;
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	out[0] = '\0';
	size_t o = 0;
	const char *p = hyp;
	while (p && *p) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (n == 0)
			break;
		char word[64];
		char raw[64];
		size_t m = n < sizeof raw ? n : sizeof raw - 1;
		memcpy(raw, p, m);
		raw[m] = '\0';
		if (clean_word(raw, word, sizeof word)) {
			size_t wl = strlen(word);
			if (o)
				out[o++] = ' ';
			memcpy(out + o, word, wl);
			o += wl;
			out[o] = '\0';
		}
		p += n;
	}
	return out;
}

const char *stt_sphinx_partial(struct stt_sphinx *s)
{
	free(s->partial);
	s->partial = NULL;
	if (s->in_utt) {
		int32 score;
		s->partial = clean_hyp(ps_get_hyp(s->ps, &score));
	}
	return s->partial ? s->partial : "";
}

static int collect_words(struct stt_sphinx *s, struct stt_result *out)
{
	logmath_t *lmath = ps_get_logmath(s->ps);
	size_t cap = 16;
	out->words = malloc(cap * sizeof *out->words);
	if (!out->words)
		return -1;
	double sum = 0;
	for (ps_seg_t *seg = ps_seg_iter(s->ps); seg; seg = ps_seg_next(seg)) {
		char word[48];
		if (!clean_word(ps_seg_word(seg), word, sizeof word))
			continue;
		if (out->n_words == cap) {
			cap *= 2;
			struct stt_word *grown = realloc(out->words, cap * sizeof *grown);
			if (!grown) {
				ps_seg_free(seg);
				return -1;
			}
			out->words = grown;
		}
		struct stt_word *w = &out->words[out->n_words++];
		memcpy(w->text, word, sizeof w->text);
		int32 ascr, lscr, lback;
		double post = logmath_exp(lmath, ps_seg_prob(seg, &ascr, &lscr, &lback));
		w->confidence = post < 0 ? 0 : post > 1 ? 1 : post;
		int sf, ef;
		ps_seg_frames(seg, &sf, &ef);
		w->start_s = sf / FRAMES_PER_SECOND;
		w->end_s = (ef + 1) / FRAMES_PER_SECOND;
		sum += w->confidence;
	}
	out->confidence = out->n_words ? sum / (double)out->n_words : 1.0;
	return 0;
}

/* Words of the lattice that start where the last word heard starts and
 * can end where it ends (within LAST_WORD_SLACK frames): the recognizer's
 * other readings of it, their posteriors summed over pronunciations.  A
 * short word that starts there but cannot last to the end ("a" at the
 * start of "brownout") is another way the word began, not another last
 * word.  The lattice and its posteriors are the ones -bestpath already
 * computed. */
#define LAST_WORD_SLACK 8
static void collect_last_alternatives(struct stt_sphinx *s, struct stt_result *out)
{
	out->n_last_alternatives = 0;
	if (out->n_words == 0)
		return;
	ps_lattice_t *dag = ps_get_lattice(s->ps);
	if (!dag)
		return;
	/* the last word's start in the lattice's frames (the word times of
	 * the hypothesis count the frames the voice-activity detector left
	 * out, the lattice does not): its most probable node */
	logmath_t *lmath = ps_lattice_get_logmath(dag);
	const char *last_word = out->words[out->n_words - 1].text;
	int last_sf = -1, last_lef = -1;
	double last_post = -1;
	for (ps_latnode_iter_t *it = ps_latnode_iter(dag); it; it = ps_latnode_iter_next(it)) {
		ps_latnode_t *node = ps_latnode_iter_node(it);
		char word[48];
		if (!clean_word(ps_latnode_word(dag, node), word, sizeof word) || strcmp(word, last_word))
			continue;
		int16 fef, lef;
		int sf = ps_latnode_times(node, &fef, &lef);
		double post = logmath_exp(lmath, ps_latnode_prob(dag, node, NULL));
		if (post > last_post || (post == last_post && sf > last_sf)) {
			last_post = post;
			last_sf = sf;
			last_lef = lef;
		}
	}
	if (last_sf < 0)
		return;
	struct stt_alternative *alts = out->last_alternatives;
	size_t n = 0;
	for (ps_latnode_iter_t *it = ps_latnode_iter(dag); it; it = ps_latnode_iter_next(it)) {
		ps_latnode_t *node = ps_latnode_iter_node(it);
		int16 fef, lef;
		int sf = ps_latnode_times(node, &fef, &lef);
		if (sf < last_sf - LAST_WORD_SLACK || sf > last_sf + LAST_WORD_SLACK ||
		    lef < last_lef - LAST_WORD_SLACK)
			continue;
		char word[48];
		if (!clean_word(ps_latnode_word(dag, node), word, sizeof word))
			continue;
		double post = logmath_exp(lmath, ps_latnode_prob(dag, node, NULL));
		if (!(post > 0))
			continue;
		size_t k = 0;
		while (k < n && strcmp(alts[k].text, word) != 0)
			k++;
		if (k == n) {
			if (n == STT_MAX_ALTERNATIVES) {
				/* full: replace the least probable if this beats it */
				size_t least = 0;
				for (size_t j = 1; j < n; j++)
					if (alts[j].posterior < alts[least].posterior)
						least = j;
				if (alts[least].posterior >= post)
					continue;
				k = least;
			} else {
				n++;
			}
			memcpy(alts[k].text, word, sizeof alts[k].text);
			alts[k].posterior = 0;
		}
		alts[k].posterior += post;
	}
	for (size_t i = 1; i < n; i++) /* most probable first */
		for (size_t j = i; j > 0 && alts[j].posterior > alts[j - 1].posterior; j--) {
			struct stt_alternative t = alts[j];
			alts[j] = alts[j - 1];
			alts[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++)
		if (alts[i].posterior > 1)
			alts[i].posterior = 1;
	out->n_last_alternatives = n;
}

int stt_sphinx_end(struct stt_sphinx *s, struct stt_result *out, struct iv_error *err)
{
	memset(out, 0, sizeof *out);
	if (!s->in_utt) {
		iv_error_set(err, "no utterance to end");
		return -1;
	}
	double t0 = now_ms();
	s->in_utt = 0;
	if (ps_end_utt(s->ps) < 0) {
		iv_error_set(err, "the speech recognizer failed to finish the utterance");
		return -1;
	}
	int32 score;
	out->text = clean_hyp(ps_get_hyp(s->ps, &score));
	if (!out->text || collect_words(s, out) != 0) {
		stt_result_release(out);
		iv_error_set(err, "out of memory");
		return -1;
	}
	out->audio_seconds = (double)s->samples_fed / 16000.0;
	collect_last_alternatives(s, out);
	out->finalize_ms = now_ms() - t0;
	start_warp_search(s, s->params.warp_after_voiced_frames);
	return 0;
}

/* Silence put around a recording before it is heard (half a second before,
 * a second and a half after, as the live path hears an answer).  A
 * recording cut close to the words (eSpeak's clips, a client that trims
 * silence) is otherwise normalised on speech alone: on eSpeak's voice the
 * held-out answers went from 78% word error to 60% (bench_speech
 * --file-only), the Flite voices were unchanged. */
#define PAD_BEFORE 8000
#define PAD_AFTER 24000
/* The least voiced speech (10 ms frames) a recording needs for its own warp
 * search: below it the likelihoods compare too little speech to choose. */
#define ADAPT_MIN_VOICED_FRAMES 40

/* Decodes padded audio (n_padded samples, the recording's n in the
 * middle) as one utterance into out, word times within the recording. */
static int decode_block(struct stt_sphinx *s, const int16_t *padded, size_t n_padded, size_t n,
			struct stt_result *out, struct iv_error *err)
{
	if (stt_sphinx_begin(s, err) != 0)
		return -1;
	/* The whole recording is known, so it is decoded as one block: cepstral
	 * mean normalisation then uses the recording's own mean instead of a
	 * running estimate, which is worth several points of word error rate
	 * on a session's first utterance. */
	if (n > 0 && ps_process_raw(s->ps, padded, n_padded, FALSE, TRUE) < 0) {
		struct stt_result discard;
		stt_sphinx_end(s, &discard, NULL);
		stt_result_release(&discard);
		iv_error_set(err, "the speech recognizer failed on the audio");
		return -1;
	}
	s->samples_fed = n;
	if (stt_sphinx_end(s, out, err) != 0)
		return -1;
	double pad_s = n > 0 ? PAD_BEFORE / 16000.0 : 0, len_s = (double)n / 16000.0;
	for (size_t i = 0; i < out->n_words; i++) {
		struct stt_word *w = &out->words[i];
		w->start_s = w->start_s - pad_s < 0 ? 0 : w->start_s - pad_s;
		w->end_s = w->end_s - pad_s > len_s ? len_s : w->end_s - pad_s;
		if (w->end_s < w->start_s)
			w->end_s = w->start_s;
	}
	return 0;
}

int stt_sphinx_recognize(struct stt_sphinx *s, const int16_t *samples, size_t n,
			 struct stt_result *out, struct iv_error *err)
{
	memset(out, 0, sizeof *out);
	int16_t *padded = NULL;
	size_t n_padded = 0;
	if (n > 0) {
		n_padded = PAD_BEFORE + n + PAD_AFTER;
		padded = calloc(n_padded, sizeof *padded);
		if (!padded) {
			iv_error_set(err, "out of memory for %zu samples of audio", n);
			return -1;
		}
		memcpy(padded + PAD_BEFORE, samples, n * sizeof *samples);
	}
	/* A recording is heard the same whatever the machine's speed: a decoder
	 * being loaded for a new warp is waited for (once a session, under a
	 * second), where the live path takes it over only when ready. */
	stt_sphinx_settle(s);
	keep_heard(s, padded, n_padded);
	pitch_tracker_feed(s->pitch, samples, n);
	int rc = decode_block(s, padded, n_padded, n, out, err);
	/* The speaker's first recording adapts the recognizer to them at once
	 * (the warp search on this very speech, given a little voiced speech)
	 * and is heard again with what was learnt: `hear` on one file decodes
	 * twice, and a single answer is not left at warp 1. */
	if (rc == 0 && s->params.adapt_first_recording) {
		double warp_before = s->warp;
		start_warp_search(s, ADAPT_MIN_VOICED_FRAMES);
		stt_sphinx_settle(s);
		if (s->warp != warp_before) {
			struct stt_result again;
			if (decode_block(s, padded, n_padded, n, &again, err) != 0) {
				stt_result_release(out);
				free(padded);
				return -1;
			}
			stt_result_release(out);
			*out = again;
		}
	}
	free(padded);
	return rc;
}
