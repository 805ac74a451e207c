/*
 * test_voice_device.c - a missing audio device is a clear error, never a
 * crash: a device asked for by name that does not exist, and (on machines
 * without a sound card, like CI) no default microphone.  File devices:
 * paced (INTERVIEWER_AUDIO_REALTIME=1) they keep real time; in a simulated
 * room (INTERVIEWER_AUDIO_ROOM=1) the file microphone hears the file
 * speakers 40 ms later, and a drained (muted) microphone skips that echo.
 */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "voice/audio_device.h"
#include "voice/wav.h"

static void test_named_device_missing(void **state)
{
	(void)state;
	struct iv_error err = {{0}};
	struct audio_device *ad = audio_device_open("no-such-microphone-xyz", NULL, 1, 0, &err);
	assert_null(ad);
	assert_non_null(strstr(err.message, "no audio input device named \"no-such-microphone-xyz\""));
	assert_non_null(strstr(err.message, "devices:"));
	ad = audio_device_open(NULL, "no-such-speaker-xyz", 0, 1, &err);
	assert_null(ad);
	assert_non_null(strstr(err.message, "no audio output device named \"no-such-speaker-xyz\""));
}

static void test_default_device_or_clear_error(void **state)
{
	(void)state;
	char devices[1024];
	audio_device_list(devices, sizeof devices);
	assert_true(strlen(devices) > 0);
	struct iv_error err = {{0}};
	struct audio_device *ad = audio_device_open(NULL, NULL, 1, 0, &err);
	if (ad) { /* a machine with a microphone */
		int16_t buf[160];
		assert_int_equal(audio_device_read(ad, buf, 160, &err), 0);
		assert_int_equal(audio_device_write(ad, buf, 160, &err), -1);
		assert_non_null(strstr(err.message, "no speakers open"));
		audio_device_close(ad);
		return;
	}
	assert_true(strstr(err.message, "no audio input device: is a microphone connected?") ||
		    strstr(err.message, "cannot open audio input device"));
}

static void test_environment_names_the_device(void **state)
{
	(void)state;
	setenv("INTERVIEWER_AUDIO_IN", "env-named-mic", 1);
	struct iv_error err = {{0}};
	assert_null(audio_device_open(NULL, NULL, 1, 0, &err));
	unsetenv("INTERVIEWER_AUDIO_IN");
	assert_non_null(strstr(err.message, "\"env-named-mic\""));
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Opens file devices on a fresh second of silence (in) and out.wav. */
static struct audio_device *open_files(const char *dir, struct iv_error *err)
{
	int16_t *silence = calloc(16000, sizeof *silence);
	char *in = ts_path(dir, "in.wav"), *out = ts_path(dir, "out.wav");
	assert_int_equal(wav_write(in, silence, 16000, 16000, err), 0);
	char in_name[600], out_name[600];
	snprintf(in_name, sizeof in_name, "file:%s", in);
	snprintf(out_name, sizeof out_name, "file:%s", out);
	struct audio_device *ad = audio_device_open(in_name, out_name, 1, 1, err);
	free(silence), free(in), free(out);
	return ad;
}

static void test_paced_file_keeps_real_time(void **state)
{
	(void)state;
	char *dir = ts_tmpdir();
	struct iv_error err = {{0}};
	int16_t buf[1600] = {0};
	/* Unpaced: as fast as it is read. */
	struct audio_device *ad = open_files(dir, &err);
	assert_non_null(ad);
	double start = now_s();
	for (int i = 0; i < 5; i++)
		assert_int_equal(audio_device_read(ad, buf, 1600, &err), 0);
	assert_true(now_s() - start < 0.2);
	audio_device_close(ad);
	/* Paced: half a second of audio takes half a second, and so does
	 * playing it (past the short output buffer). */
	setenv("INTERVIEWER_AUDIO_REALTIME", "1", 1);
	ad = open_files(dir, &err);
	unsetenv("INTERVIEWER_AUDIO_REALTIME");
	assert_non_null(ad);
	start = now_s();
	for (int i = 0; i < 5; i++)
		assert_int_equal(audio_device_read(ad, buf, 1600, &err), 0);
	double read_s = now_s() - start;
	start = now_s();
	for (int i = 0; i < 5; i++)
		assert_int_equal(audio_device_write(ad, buf, 1600, &err), 0);
	double write_s = now_s() - start;
	audio_device_close(ad);
	assert_true(read_s > 0.45 && read_s < 1.0);
	assert_true(write_s > 0.4 && write_s < 1.0);
	ts_rmdir(dir);
	free(dir);
}

static void test_simulated_room_echoes_the_speakers(void **state)
{
	(void)state;
	char *dir = ts_tmpdir();
	struct iv_error err = {{0}};
	setenv("INTERVIEWER_AUDIO_ROOM", "1", 1);
	struct audio_device *ad = open_files(dir, &err);
	unsetenv("INTERVIEWER_AUDIO_ROOM");
	assert_non_null(ad);
	int16_t click[320] = {16000}, heard[2400];
	/* A click played now is heard 40 ms (640 samples) later, 6 dB down. */
	assert_int_equal(audio_device_write(ad, click, 320, &err), 0);
	assert_int_equal(audio_device_read(ad, heard, 2400, &err), 0);
	for (int i = 0; i < 640; i++)
		assert_int_equal(heard[i], 0);
	assert_in_range(heard[640], 7900, 8100);
	/* Then four reflections 23 ms apart, and quiet. */
	int reflections = 0;
	for (int i = 641; i < 2400; i++)
		reflections += heard[i] != 0;
	assert_int_equal(reflections, 4);
	assert_true(heard[640 + 368] < 0 && heard[640 + 2 * 368] > 0);
	/* Muted and drained: what was captured meanwhile, echo included, is gone. */
	assert_int_equal(audio_device_write(ad, click, 320, &err), 0);
	int16_t more[320] = {0};
	for (int i = 0; i < 10; i++)
		assert_int_equal(audio_device_write(ad, more, 320, &err), 0);
	audio_device_drain_input(ad);
	assert_int_equal(audio_device_read(ad, heard, 2400, &err), 0);
	for (int i = 0; i < 2400; i++)
		assert_int_equal(heard[i], 0);
	audio_device_close(ad);
	ts_rmdir(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_named_device_missing),
		cmocka_unit_test(test_default_device_or_clear_error),
		cmocka_unit_test(test_environment_names_the_device),
		cmocka_unit_test(test_paced_file_keeps_real_time),
		cmocka_unit_test(test_simulated_room_echoes_the_speakers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
