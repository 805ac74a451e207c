/*
 * wav.h - reading and writing the audio files of the voice path.
 *
 * Everything the recognizer hears is 16 kHz mono 16-bit PCM, so reading
 * converts whatever a sound file holds (any rate, any channel count, any
 * sample format libsndfile reads) to that, and rejects malformed files with
 * a message naming the file and the problem.  Writing produces 16-bit PCM
 * WAV.  libsndfile parses the containers and libsamplerate resamples: both
 * are well-tested libraries, so nothing here parses RIFF by hand.
 */
#ifndef IV_VOICE_WAV_H
#define IV_VOICE_WAV_H

#include <stddef.h>
#include <stdint.h>

#include "iv_error.h"

#define WAV_RATE_HZ 16000

/* Mono 16-bit samples; samples is malloc'd and owned by the struct. */
struct wav_audio {
	int16_t *samples;
	size_t n_samples;
	int sample_rate_hz;
};

/* Longest file read (one candidate answer is far shorter). */
#define WAV_MAX_SECONDS 1800

/* Reads a sound file as 16 kHz mono (mixing channels down and resampling
 * when needed).  Returns 0, or -1 with err naming the file and the reason. */
int wav_read_16k_mono(const char *path, struct wav_audio *out, struct iv_error *err);

/* Writes mono 16-bit PCM as a WAV file.  Returns 0 or -1. */
int wav_write(const char *path, const int16_t *samples, size_t n_samples, int sample_rate_hz,
	      struct iv_error *err);

/* Encodes mono 16-bit PCM as WAV bytes in memory (*bytes malloc'd, caller
 * frees).  Returns 0 or -1. */
int wav_encode(const int16_t *samples, size_t n_samples, int sample_rate_hz, unsigned char **bytes,
	       size_t *n_bytes, struct iv_error *err);

/* Resamples mono samples from rate_in_hz to rate_out_hz (*out malloc'd).
 * Returns 0 or -1. */
int wav_resample(const int16_t *in, size_t n_in, int rate_in_hz, int rate_out_hz, int16_t **out,
		 size_t *n_out, struct iv_error *err);

/* Frees the samples (not the struct) and zeroes it. */
void wav_audio_release(struct wav_audio *a);

/* Cuts what is quieter than threshold (absolute sample value) from the
 * start and the end: a synthesizer's or a recorder's lead-in and tail,
 * so that the speech ends where the audio ends. */
void wav_trim_quiet(struct wav_audio *a, int threshold);

#endif
