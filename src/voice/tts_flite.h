/*
 * tts_flite.h - the interviewer's voice: Flite speech synthesis.
 *
 * Text goes in already made sayable (speech_text.h); it is synthesized one
 * sentence at a time and handed to a callback in chunks as Flite produces
 * them, so playback starts after the first few hundred milliseconds of the
 * first sentence are ready instead of after the whole turn.  The pace is set
 * in words per minute.  Voices: slt (default), rms, awb, kal16.
 *
 * Flite keeps one global instance of each voice, so synthesis is serialized
 * by a process-wide lock: two tts_flite objects may be used from different
 * threads, they just take turns.
 */
#ifndef IV_VOICE_TTS_FLITE_H
#define IV_VOICE_TTS_FLITE_H

#include <stddef.h>
#include <stdint.h>

#include "iv_error.h"

#define TTS_DEFAULT_VOICE "slt"
#define TTS_DEFAULT_WPM 160.0

struct tts_flite;

/* Receives synthesized audio (mono 16-bit at sample_rate_hz).  Return 0 to
 * go on, nonzero to stop speaking (barge-in). */
typedef int (*tts_audio_fn)(const int16_t *samples, size_t n_samples, int sample_rate_hz,
			    void *user);

/* The voice names accepted, NULL-terminated. */
const char *const *tts_flite_voice_names(void);

/* voice_name NULL or "" is the default; wpm <= 0 is TTS_DEFAULT_WPM.  An
 * unknown voice is an error listing the known ones. */
struct tts_flite *tts_flite_new(const char *voice_name, double wpm, struct iv_error *err);
void tts_flite_free(struct tts_flite *tts);

const char *tts_flite_voice(const struct tts_flite *tts);
int tts_flite_sample_rate_hz(const struct tts_flite *tts);

/* Speaks text sentence by sentence through fn.  Returns 0 when all was
 * said, 1 when fn asked to stop, -1 on error. */
int tts_flite_speak(struct tts_flite *tts, const char *text, tts_audio_fn fn, void *user,
		    struct iv_error *err);

/* Synthesizes text into one buffer (*samples malloc'd, caller frees).
 * Returns 0 or -1. */
int tts_flite_synth(struct tts_flite *tts, const char *text, int16_t **samples, size_t *n_samples,
		    struct iv_error *err);

#endif
