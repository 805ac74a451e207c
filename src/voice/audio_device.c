/*
 * audio_device.c - PortAudio capture and playback (see audio_device.h).
 *
 * PortAudio's host APIs (ALSA, JACK) write diagnostics straight to stderr
 * while probing, dozens of lines on a machine without a sound card.  Library
 * code must not print, so stderr is pointed at /dev/null while PortAudio
 * initializes and terminates (INTERVIEWER_AUDIO_DEBUG=1 keeps it).
 * Initialization is reference-counted by PortAudio itself.
 *
 * File devices are not sound cards, but can behave like one on request:
 * paced, they keep real time (a read returns when its samples would have
 * been captured, a write blocks while a short output buffer is full); in a
 * simulated room (room.h), the file microphone also hears the file
 * speakers.  Both clocks are in samples since the device was opened.
 */
#include "voice/audio_device.h"

#include "voice/room.h"
#include "voice/wav.h"

#include <errno.h>
#include <fcntl.h>
#include <portaudio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RATE_HZ 16000
#define FRAMES_PER_BUFFER 320 /* 20 ms */
/* A paced file output holds this much before a write blocks (a sound
 * card's buffer at PortAudio's low-latency settings). */
#define PACED_OUTPUT_BUFFER (2 * FRAMES_PER_BUFFER)

struct audio_device {
	PaStream *in, *out;
	int pa_started;
	struct wav_audio file_in;  /* "file:" input */
	size_t file_in_pos;
	int has_file_in;
	char *file_out_path;       /* "file:" output */
	int16_t *file_out;
	size_t file_out_n, file_out_cap;
	struct room *room;         /* INTERVIEWER_AUDIO_ROOM: the file mic hears the speakers */
	int paced;                 /* INTERVIEWER_AUDIO_REALTIME: file devices keep real time */
	struct timespec origin;    /* when a paced device was opened */
	double in_clock, out_clock; /* paced: samples captured and played so far */
};

static int env_on(const char *name)
{
	const char *v = getenv(name);
	return v && *v && strcmp(v, "0") != 0;
}

/* ---------------------------------------------------------------- paced files */

/* Samples since the device was opened, by the monotonic clock. */
static double samples_now(const struct audio_device *ad)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return ((double)(t.tv_sec - ad->origin.tv_sec) +
		(double)(t.tv_nsec - ad->origin.tv_nsec) / 1e9) *
	       RATE_HZ;
}

/* Sleeps until the device's clock reaches sample. */
static void wait_until_sample(const struct audio_device *ad, double sample)
{
	double seconds = sample / RATE_HZ;
	struct timespec until = ad->origin;
	until.tv_sec += (time_t)seconds;
	until.tv_nsec += (long)((seconds - (double)(time_t)seconds) * 1e9);
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
		;
}

/* A read returns when its last sample has been "captured". */
static void pace_read(struct audio_device *ad, size_t n)
{
	ad->in_clock += (double)n;
	wait_until_sample(ad, ad->in_clock);
}

/* A write returns once the output buffer has room; an idle output restarts
 * from now. */
static void pace_write(struct audio_device *ad, size_t n)
{
	double now = samples_now(ad);
	if (ad->out_clock < now)
		ad->out_clock = now;
	ad->out_clock += (double)n;
	wait_until_sample(ad, ad->out_clock - PACED_OUTPUT_BUFFER);
}

/* The simulated room and the pace, when asked for. */
static int open_file_options(struct audio_device *ad, int in_file, int out_file,
			     struct iv_error *err)
{
	if (env_on("INTERVIEWER_AUDIO_ROOM")) {
		if (!in_file || !out_file) {
			iv_error_set(err, "INTERVIEWER_AUDIO_ROOM simulates a room between file "
					  "devices: set INTERVIEWER_AUDIO_IN and "
					  "INTERVIEWER_AUDIO_OUT to file:PATH");
			return -1;
		}
		if (!(ad->room = room_new(NULL, err)))
			return -1;
	}
	ad->paced = (in_file || out_file) && env_on("INTERVIEWER_AUDIO_REALTIME");
	clock_gettime(CLOCK_MONOTONIC, &ad->origin);
	return 0;
}

static const char *file_name(const char *name)
{
	return name && strncmp(name, "file:", 5) == 0 ? name + 5 : NULL;
}

static int quiet_begin(void)
{
	const char *debug = getenv("INTERVIEWER_AUDIO_DEBUG");
	if (debug && *debug && strcmp(debug, "0") != 0)
		return -1;
	fflush(stderr);
	int saved = dup(2);
	int null = open("/dev/null", O_WRONLY);
	if (saved < 0 || null < 0) {
		if (saved >= 0)
			close(saved);
		if (null >= 0)
			close(null);
		return -1;
	}
	dup2(null, 2);
	close(null);
	return saved;
}

static void quiet_end(int saved)
{
	if (saved < 0)
		return;
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
}

static int pa_start(struct iv_error *err)
{
	int saved = quiet_begin();
	PaError e = Pa_Initialize();
	quiet_end(saved);
	if (e != paNoError) {
		iv_error_set(err, "cannot start the audio system: %s (Debian package libportaudio2)",
			     Pa_GetErrorText(e));
		return -1;
	}
	return 0;
}

static void pa_stop(void)
{
	int saved = quiet_begin();
	Pa_Terminate();
	quiet_end(saved);
}

static void list_devices(char *out, size_t cap)
{
	size_t len = 0;
	out[0] = '\0';
	int n = Pa_GetDeviceCount();
	for (int i = 0; i < n && len + 1 < cap; i++) {
		const PaDeviceInfo *d = Pa_GetDeviceInfo(i);
		if (!d)
			continue;
		int w = snprintf(out + len, cap - len, "%s%s (%d in, %d out)", len ? "; " : "",
				 d->name, d->maxInputChannels, d->maxOutputChannels);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	if (len >= cap)
		out[cap - 1] = '\0';
	if (n <= 0)
		snprintf(out, cap, "none");
}

void audio_device_list(char *out, size_t cap)
{
	if (!cap)
		return;
	if (pa_start(NULL) != 0) {
		snprintf(out, cap, "none (the audio system did not start)");
		return;
	}
	list_devices(out, cap);
	pa_stop();
}

/* The device to use: by name (a substring), else the default. */
static PaDeviceIndex find_device(const char *name, int input, struct iv_error *err)
{
	const char *kind = input ? "input" : "output";
	char devices[768];
	if (name && *name) {
		int n = Pa_GetDeviceCount();
		for (int i = 0; i < n; i++) {
			const PaDeviceInfo *d = Pa_GetDeviceInfo(i);
			int channels = d ? (input ? d->maxInputChannels : d->maxOutputChannels) : 0;
			if (d && channels > 0 && strstr(d->name, name))
				return i;
		}
		list_devices(devices, sizeof devices);
		iv_error_set(err, "no audio %s device named \"%s\" (devices: %s)", kind, name,
			     devices);
		return paNoDevice;
	}
	PaDeviceIndex i = input ? Pa_GetDefaultInputDevice() : Pa_GetDefaultOutputDevice();
	if (i == paNoDevice) {
		list_devices(devices, sizeof devices);
		iv_error_set(err,
			     "no audio %s device: is a %s connected? (devices: %s; choose one with "
			     "INTERVIEWER_AUDIO_%s)",
			     kind, input ? "microphone" : "speaker or headset", devices,
			     input ? "IN" : "OUT");
	}
	return i;
}

static PaStream *open_stream(const char *name, int input, struct iv_error *err)
{
	PaDeviceIndex dev = find_device(name, input, err);
	if (dev == paNoDevice)
		return NULL;
	const PaDeviceInfo *info = Pa_GetDeviceInfo(dev);
	PaStreamParameters p = {
		.device = dev,
		.channelCount = 1,
		.sampleFormat = paInt16,
		.suggestedLatency = input ? info->defaultLowInputLatency
					  : info->defaultLowOutputLatency,
	};
	PaStream *s = NULL;
	PaError e = Pa_OpenStream(&s, input ? &p : NULL, input ? NULL : &p, RATE_HZ,
				  FRAMES_PER_BUFFER, paClipOff, NULL, NULL);
	if (e == paNoError)
		e = Pa_StartStream(s);
	if (e != paNoError) {
		iv_error_set(err, "cannot open audio %s device \"%s\" at 16 kHz mono: %s",
			     input ? "input" : "output", info->name, Pa_GetErrorText(e));
		if (s)
			Pa_CloseStream(s);
		return NULL;
	}
	return s;
}

struct audio_device *audio_device_open(const char *input_name, const char *output_name,
				       int want_input, int want_output, struct iv_error *err)
{
	if (!input_name)
		input_name = getenv("INTERVIEWER_AUDIO_IN");
	if (!output_name)
		output_name = getenv("INTERVIEWER_AUDIO_OUT");
	struct audio_device *ad = calloc(1, sizeof *ad);
	if (!ad) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	const char *in_file = want_input ? file_name(input_name) : NULL;
	const char *out_file = want_output ? file_name(output_name) : NULL;
	if (in_file) {
		if (wav_read_16k_mono(in_file, &ad->file_in, err) != 0) {
			free(ad);
			return NULL;
		}
		ad->has_file_in = 1;
	}
	if (out_file && !(ad->file_out_path = strdup(out_file))) {
		audio_device_close(ad);
		iv_error_set(err, "out of memory");
		return NULL;
	}
	if (open_file_options(ad, in_file != NULL, out_file != NULL, err) != 0) {
		audio_device_close(ad);
		return NULL;
	}
	if ((want_input && !in_file) || (want_output && !out_file)) {
		if (pa_start(err) != 0) {
			audio_device_close(ad);
			return NULL;
		}
		ad->pa_started = 1;
	}
	if ((want_input && !in_file && !(ad->in = open_stream(input_name, 1, err))) ||
	    (want_output && !out_file && !(ad->out = open_stream(output_name, 0, err)))) {
		audio_device_close(ad);
		return NULL;
	}
	return ad;
}

void audio_device_close(struct audio_device *ad)
{
	if (!ad)
		return;
	if (ad->in) {
		Pa_StopStream(ad->in);
		Pa_CloseStream(ad->in);
	}
	if (ad->out) {
		Pa_StopStream(ad->out);
		Pa_CloseStream(ad->out);
	}
	if (ad->pa_started)
		pa_stop();
	if (ad->file_out_path)
		wav_write(ad->file_out_path, ad->file_out, ad->file_out_n, RATE_HZ, NULL);
	free(ad->file_out_path);
	free(ad->file_out);
	wav_audio_release(&ad->file_in);
	room_free(ad->room);
	free(ad);
}

void audio_device_drain_input(struct audio_device *ad)
{
	/* A file input does not move on while muted: the candidate's
	 * recording waits for the question.  What a paced one would have
	 * captured meanwhile, and the room's echo, are thrown away. */
	if (ad->room)
		room_skip(ad->room);
	if (ad->paced)
		ad->in_clock = samples_now(ad);
	if (!ad->in)
		return;
	int16_t buf[320];
	signed long avail;
	while ((avail = Pa_GetStreamReadAvailable(ad->in)) > 0)
		Pa_ReadStream(ad->in, buf, (unsigned long)(avail < 320 ? avail : 320));
}

int audio_device_read(struct audio_device *ad, int16_t *samples, size_t n, struct iv_error *err)
{
	if (ad->has_file_in) {
		size_t left = ad->file_in.n_samples - ad->file_in_pos;
		size_t take = left < n ? left : n;
		memcpy(samples, ad->file_in.samples + ad->file_in_pos, take * sizeof *samples);
		memset(samples + take, 0, (n - take) * sizeof *samples);
		ad->file_in_pos += take;
		if (ad->room)
			room_hear(ad->room, samples, n);
		if (ad->paced)
			pace_read(ad, n);
		return take < n ? 1 : 0;
	}
	if (!ad->in) {
		iv_error_set(err, "no microphone open");
		return -1;
	}
	PaError e = Pa_ReadStream(ad->in, samples, (unsigned long)n);
	/* An overflow lost some audio but the stream goes on. */
	if (e != paNoError && e != paInputOverflowed) {
		iv_error_set(err, "reading the microphone failed: %s", Pa_GetErrorText(e));
		return -1;
	}
	return 0;
}

int audio_device_write(struct audio_device *ad, const int16_t *samples, size_t n,
		       struct iv_error *err)
{
	if (ad->file_out_path) {
		if (ad->file_out_n + n > ad->file_out_cap) {
			size_t cap = (ad->file_out_n + n) * 2;
			int16_t *grown = realloc(ad->file_out, cap * sizeof *grown);
			if (!grown) {
				iv_error_set(err, "out of memory recording the output");
				return -1;
			}
			ad->file_out = grown;
			ad->file_out_cap = cap;
		}
		memcpy(ad->file_out + ad->file_out_n, samples, n * sizeof *samples);
		ad->file_out_n += n;
		if (ad->room && room_play(ad->room, samples, n, err) != 0)
			return -1;
		if (ad->paced)
			pace_write(ad, n);
		return 0;
	}
	if (!ad->out) {
		iv_error_set(err, "no speakers open");
		return -1;
	}
	if (Pa_IsStreamStopped(ad->out) == 1)
		Pa_StartStream(ad->out);
	PaError e = Pa_WriteStream(ad->out, samples, (unsigned long)n);
	if (e != paNoError && e != paOutputUnderflowed) {
		iv_error_set(err, "playing audio failed: %s", Pa_GetErrorText(e));
		return -1;
	}
	return 0;
}

int audio_device_stop_output(struct audio_device *ad, struct iv_error *err)
{
	if (ad->paced)
		ad->out_clock = samples_now(ad); /* what was queued is dropped */
	if (!ad->out)
		return 0;
	PaError e = Pa_AbortStream(ad->out);
	if (e != paNoError && e != paStreamIsStopped) {
		iv_error_set(err, "stopping playback failed: %s", Pa_GetErrorText(e));
		return -1;
	}
	return 0;
}
