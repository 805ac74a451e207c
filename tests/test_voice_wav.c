/*
 * test_voice_wav.c - sound files in and out: a round trip at 16 kHz, other
 * rates and channel counts converted to 16 kHz mono, WAV encoded in memory,
 * and malformed or missing files rejected with a message naming the file.
 */
#include "test_support.h"

#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voice/wav.h"

static char *path_in(const char *name)
{
	return ts_path(ts_group_dir, name);
}

/* Zero crossings per second of a signal: twice its frequency for a sine. */
static double crossings_per_second(const int16_t *s, size_t n, int rate)
{
	size_t c = 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i - 1] < 0) != (s[i] < 0))
			c++;
	return (double)c * rate / (double)n;
}

static void test_round_trip_16k(void **state)
{
	(void)state;
	int16_t pcm[1600];
	for (int i = 0; i < 1600; i++)
		pcm[i] = (int16_t)(8000 * sin(2 * M_PI * 440 * i / 16000.0));
	char *p = path_in("a.wav");
	struct iv_error err = {{0}};
	assert_int_equal(wav_write(p, pcm, 1600, 16000, &err), 0);
	struct wav_audio a;
	assert_int_equal(wav_read_16k_mono(p, &a, &err), 0);
	assert_int_equal(a.sample_rate_hz, 16000);
	assert_int_equal(a.n_samples, 1600);
	assert_memory_equal(a.samples, pcm, sizeof pcm);
	wav_audio_release(&a);
	assert_null(a.samples);
	free(p);
}

static void test_stereo_8k_becomes_16k_mono(void **state)
{
	(void)state;
	/* 1 s of a 500 Hz tone in the left channel, silence in the right. */
	int16_t frames[8000 * 2];
	for (int i = 0; i < 8000; i++) {
		frames[2 * i] = (int16_t)(10000 * sin(2 * M_PI * 500 * i / 8000.0));
		frames[2 * i + 1] = 0;
	}
	char *p = path_in("stereo.wav");
	SF_INFO info = {.samplerate = 8000, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
	SNDFILE *sf = sf_open(p, SFM_WRITE, &info);
	assert_non_null(sf);
	assert_int_equal(sf_writef_short(sf, frames, 8000), 8000);
	sf_close(sf);

	struct wav_audio a;
	struct iv_error err = {{0}};
	assert_int_equal(wav_read_16k_mono(p, &a, &err), 0);
	assert_int_equal(a.sample_rate_hz, 16000);
	assert_true(a.n_samples >= 15900 && a.n_samples <= 16100);
	/* Still a 500 Hz tone, at half the amplitude (mixed with silence). */
	double zc = crossings_per_second(a.samples + 800, a.n_samples - 1600, 16000);
	assert_true(zc > 950 && zc < 1050);
	int16_t peak = 0;
	for (size_t i = 800; i < a.n_samples - 800; i++)
		if (a.samples[i] > peak)
			peak = a.samples[i];
	assert_true(peak > 4500 && peak < 5500);
	wav_audio_release(&a);
	free(p);
}

static void test_encode_in_memory(void **state)
{
	(void)state;
	int16_t pcm[320] = {0};
	pcm[10] = 1234;
	unsigned char *bytes = NULL;
	size_t n = 0;
	struct iv_error err = {{0}};
	assert_int_equal(wav_encode(pcm, 320, 16000, &bytes, &n, &err), 0);
	assert_int_equal(n, 44 + 640);
	assert_memory_equal(bytes, "RIFF", 4);
	assert_memory_equal(bytes + 8, "WAVE", 4);
	char *p = ts_write_file(ts_group_dir, "mem.wav", (const char *)bytes, n);
	struct wav_audio a;
	assert_int_equal(wav_read_16k_mono(p, &a, &err), 0);
	assert_int_equal(a.n_samples, 320);
	assert_int_equal(a.samples[10], 1234);
	wav_audio_release(&a);
	free(bytes);
	free(p);
}

static void assert_rejected(const char *name, const char *bytes, size_t len, const char *expected)
{
	char *p = ts_write_file(ts_group_dir, name, bytes, len);
	struct wav_audio a;
	struct iv_error err = {{0}};
	assert_int_equal(wav_read_16k_mono(p, &a, &err), -1);
	assert_null(a.samples);
	if (!strstr(err.message, name) || !strstr(err.message, expected))
		fail_msg("error for %s: \"%s\" (expected the file name and \"%s\")", name,
			 err.message, expected);
	free(p);
}

static void test_malformed_files_are_rejected(void **state)
{
	(void)state;
	assert_rejected("text.wav", "this is not audio at all, just text\n", 36, "not a readable WAV");
	assert_rejected("empty.wav", "", 0, "not a readable WAV");
	assert_rejected("truncated.wav", "RIFF\x24\x00\x00\x00WAVEfmt ", 16, "not a readable WAV");
	/* A header claiming 0 channels. */
	static const char zero_channels[] =
		"RIFF\x28\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x00\x00\x80\x3e\x00\x00"
		"\x00\x7d\x00\x00\x02\x00\x10\x00" "data\x04\x00\x00\x00\x01\x00\x02\x00";
	assert_rejected("zero_channels.wav", zero_channels, sizeof zero_channels - 1,
			"not a readable WAV");
}

static void test_missing_file(void **state)
{
	(void)state;
	struct wav_audio a;
	struct iv_error err = {{0}};
	assert_int_equal(wav_read_16k_mono("/nonexistent/answer.wav", &a, &err), -1);
	assert_string_equal(err.message, "/nonexistent/answer.wav: no such file");
	assert_int_equal(wav_write("/nonexistent/dir/out.wav", NULL, 0, 16000, &err), -1);
	assert_non_null(strstr(err.message, "/nonexistent/dir/out.wav: cannot create"));
}

static void test_resample(void **state)
{
	(void)state;
	int16_t in[4800];
	for (int i = 0; i < 4800; i++)
		in[i] = (int16_t)(8000 * sin(2 * M_PI * 1000 * i / 48000.0));
	int16_t *out = NULL;
	size_t n = 0;
	struct iv_error err = {{0}};
	assert_int_equal(wav_resample(in, 4800, 48000, 16000, &out, &n, &err), 0);
	assert_true(n >= 1590 && n <= 1610);
	double zc = crossings_per_second(out + 100, n - 200, 16000);
	assert_true(zc > 1900 && zc < 2100);
	free(out);
	assert_int_equal(wav_resample(in, 10, 0, 16000, &out, &n, &err), -1);
}

static void test_trim_quiet(void **state)
{
	(void)state;
	int16_t *pcm = calloc(100, sizeof *pcm);
	assert_non_null(pcm);
	pcm[20] = 1000;
	pcm[30] = -2000;
	pcm[40] = 100; /* quieter than the threshold, after the last loud one */
	struct wav_audio a = {.samples = pcm, .n_samples = 100};
	wav_trim_quiet(&a, 300);
	assert_int_equal(a.n_samples, 11); /* samples 20..30 */
	assert_int_equal(a.samples[0], 1000);
	assert_int_equal(a.samples[10], -2000);
	/* nothing loud: nothing left; nothing quiet: all kept */
	struct wav_audio quiet = {.samples = calloc(10, sizeof(int16_t)), .n_samples = 10};
	wav_trim_quiet(&quiet, 300);
	assert_int_equal(quiet.n_samples, 0);
	wav_trim_quiet(&quiet, 300); /* and again on nothing */
	assert_int_equal(quiet.n_samples, 0);
	wav_trim_quiet(&a, 300);
	assert_int_equal(a.n_samples, 11);
	wav_audio_release(&a);
	wav_audio_release(&quiet);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_16k),
		cmocka_unit_test(test_stereo_8k_becomes_16k_mono),
		cmocka_unit_test(test_encode_in_memory),
		cmocka_unit_test(test_malformed_files_are_rejected),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_resample),
		cmocka_unit_test(test_trim_quiet),
	};
	return cmocka_run_group_tests(tests, ts_group_tmpdir_setup, ts_group_tmpdir_teardown);
}
