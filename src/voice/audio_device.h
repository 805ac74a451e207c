/*
 * audio_device.h - the microphone and the speakers (PortAudio), 16 kHz mono
 * 16-bit, blocking reads and writes.
 *
 * The default devices are used unless a name is given (a substring of a
 * device name as PortAudio lists it; environment INTERVIEWER_AUDIO_IN and
 * INTERVIEWER_AUDIO_OUT).  A missing device is an error saying which and
 * listing what exists, never a crash.
 *
 * A name "file:PATH" stands for a recording instead of a device: the input
 * plays the WAV file at PATH as the microphone (as fast as it is read, then
 * reports its end), the output records what is played into a WAV file at
 * PATH.  That is how the live voice loop is tested and scripted without a
 * sound card.  Two environment variables make file devices more like a
 * sound card in a room:
 *   INTERVIEWER_AUDIO_REALTIME=1  they keep real time: a read returns when
 *       its samples would have been captured, a write blocks while a 40 ms
 *       output buffer is full (for trying the keys, or a demonstration);
 *   INTERVIEWER_AUDIO_ROOM=1      the file microphone also hears what the
 *       file speakers play, as a laptop's microphone hears its speakers
 *       (room.h: 40 ms later, 6 dB down, four reflections); both devices
 *       must be files.
 */
#ifndef IV_VOICE_AUDIO_DEVICE_H
#define IV_VOICE_AUDIO_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "iv_error.h"

struct audio_device;

/* Opens the input (want_input) and/or the output (want_output). */
struct audio_device *audio_device_open(const char *input_name, const char *output_name,
				       int want_input, int want_output, struct iv_error *err);
void audio_device_close(struct audio_device *ad);

/* Reads n samples from the microphone (blocks about n / 16 ms).  Returns
 * 0, 1 at the end of a file input (samples are then silence), or -1. */
int audio_device_read(struct audio_device *ad, int16_t *samples, size_t n, struct iv_error *err);
/* Throws away what the microphone captured so far (while the interviewer
 * was speaking, so that its own voice is never heard as the candidate's).
 * A file input does not skip ahead: its recording waits while muted. */
void audio_device_drain_input(struct audio_device *ad);
/* Plays n samples (blocks while the device's buffer is full). */
int audio_device_write(struct audio_device *ad, const int16_t *samples, size_t n,
		       struct iv_error *err);
/* Drops whatever is queued for the speakers at once (barge-in). */
int audio_device_stop_output(struct audio_device *ad, struct iv_error *err);

/* Writes the devices PortAudio sees, one per line, into out. */
void audio_device_list(char *out, size_t cap);

#endif
