/*
 * stt_sphinx.h - the local ear: streaming PocketSphinx recognition.
 *
 * One recognizer per interview session: loading takes most of a second and
 * the acoustic front end adapts to the speaker across utterances, so it is
 * kept alive.  Audio (16 kHz mono) is fed while the candidate speaks; the
 * partial transcript and the voice-activity state are available at any time
 * (the endpointer uses both), and the final transcript with a confidence
 * per word is ready a few tens of milliseconds after the end.
 *
 * The language model is the stock general English model blended at run time
 * with the domain model built from data/speech (tools/build_lm.py), and the
 * dictionary is the stock one extended with the domain words: both are
 * built into build/speech by `make`.
 */
#ifndef IV_VOICE_STT_SPHINX_H
#define IV_VOICE_STT_SPHINX_H

#include <stddef.h>
#include <stdint.h>

#include "iv_error.h"

#define STT_SPHINX_DEBIAN_PACKAGE "pocketsphinx-en-us"

struct stt_sphinx_params {
	const char *model_dir;      /* holds en-us/ (acoustic model) and en-us.lm.bin */
	const char *speech_dir;     /* built models: domain.dict, domain.lm.bin */
	double domain_weight;       /* share of the domain LM in the blend, 0..1 */
	int vad_postspeech_frames;  /* frames of silence before "not in speech" */
	double vtln_warp;           /* frequency warp for the speaker's vocal tract: 0 searches
				       for it on their speech (see below), 1 is none */
	int warp_after_voiced_frames; /* voiced 10 ms frames heard before the warp is chosen */
	int adapt_first_recording;  /* 1: stt_sphinx_recognize searches the warp on the first
				       recording itself and decodes it again with it */
	const char *mllr_path;      /* a speaker's MLLR transform of the acoustic model's
				       means (tools/mllr_adapt.sh), or NULL */
	int second_pass;            /* 1: the flat-lexicon second search pass (more accurate,
				       for recordings heard offline; not for the live path) */
};

/* model_dir: $INTERVIEWER_SPHINX_MODEL_DIR or /usr/share/pocketsphinx/model/en-us;
 * speech_dir: $INTERVIEWER_SPEECH_DIR or the build's build/speech;
 * vtln_warp: $INTERVIEWER_VTLN_WARP or 0 (searched for on the speaker's speech);
 * adapt_first_recording: $INTERVIEWER_ADAPT_RECORDING or 0; mllr_path:
 * $INTERVIEWER_MLLR or NULL; second_pass: $INTERVIEWER_SECOND_PASS or 0. */
struct stt_sphinx_params stt_sphinx_default_params(void);

struct stt_word {
	char text[48];       /* lowercase, as in the dictionary */
	double confidence;   /* posterior probability, 0..1 */
	double start_s, end_s; /* within the utterance */
};

/* A word the recognizer also considered in place of the last word heard,
 * with its posterior probability (the lattice's, 0..1). */
struct stt_alternative {
	char text[48];
	double posterior;
};
#define STT_MAX_ALTERNATIVES 8

struct stt_result {
	char *text;          /* malloc'd; "" when no words were heard */
	double confidence;   /* mean of the word confidences; 1 when no words */
	struct stt_word *words; /* malloc'd */
	size_t n_words;
	double audio_seconds; /* audio fed in this utterance */
	double finalize_ms;  /* wall time from the end of audio to the final text */
	/* the words competing for the last word's place, the last word among
	 * them, most probable first (for turn-taking: was the last word "in"
	 * or "him"?) */
	struct stt_alternative last_alternatives[STT_MAX_ALTERNATIVES];
	size_t n_last_alternatives;
};

void stt_result_release(struct stt_result *r);

struct stt_sphinx;

/* Loads the models.  A missing model is an error naming the file and the
 * Debian package or the make target that provides it; a speaker transform
 * that is missing or cannot be read is an error naming it. */
struct stt_sphinx *stt_sphinx_new(const struct stt_sphinx_params *params, struct iv_error *err);
void stt_sphinx_free(struct stt_sphinx *stt);

/* Starts an utterance. */
int stt_sphinx_begin(struct stt_sphinx *stt, struct iv_error *err);
/* Starts the next utterance of the same turn (after a pause): the decoder
 * stays the one in use, so a warp found meanwhile waits for the next turn
 * and the turn is heard the same whatever the search's timing. */
int stt_sphinx_begin_segment(struct stt_sphinx *stt, struct iv_error *err);
/* Feeds 16 kHz mono samples of the current utterance. */
int stt_sphinx_feed(struct stt_sphinx *stt, const int16_t *samples, size_t n_samples,
		    struct iv_error *err);
/* 1 while the recognizer's voice-activity detector hears speech. */
int stt_sphinx_in_speech(struct stt_sphinx *stt);
/* The best transcript so far (fillers removed); valid until the next call
 * on stt.  Never NULL. */
const char *stt_sphinx_partial(struct stt_sphinx *stt);
/* Ends the utterance and fills out (release it with stt_result_release). */
int stt_sphinx_end(struct stt_sphinx *stt, struct stt_result *out, struct iv_error *err);

/* Speaker adaptation.  Once warp_after_voiced_frames of voiced speech were
 * heard (about the first answer), a thread of its own searches for the
 * frequency warp under which the acoustic model finds that speech most
 * likely (warp_search.h), starting from the warp the speaker's pitch
 * suggests.  The decoder for the best warp takes over at the start of the
 * next utterance that finds the search done, so no turn waits for it.
 * stt_sphinx_warp() is the warp in use; stt_sphinx_warps_tried() the
 * warps the search decoded (0 before it ends or with a fixed warp);
 * stt_sphinx_settle() waits for the search and puts its decoder in use
 * (between utterances; for tests and batch work). */
double stt_sphinx_warp(const struct stt_sphinx *stt);
int stt_sphinx_warps_tried(const struct stt_sphinx *stt);
void stt_sphinx_settle(struct stt_sphinx *stt);

/* begin + feed + end on a whole recording; waits first for a decoder being
 * loaded (stt_sphinx_settle), so that the same recordings are heard the same
 * on any machine. */
int stt_sphinx_recognize(struct stt_sphinx *stt, const int16_t *samples, size_t n_samples,
			 struct stt_result *out, struct iv_error *err);

#endif
