/*
 * test_voice_device.c - a missing audio device is a clear error, never a
 * crash: a device asked for by name that does not exist, and (on machines
 * without a sound card, like CI) no default microphone.
 */
#include "test_support.h"

#include <stdlib.h>
#include <string.h>

#include "voice/audio_device.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_named_device_missing),
		cmocka_unit_test(test_default_device_or_clear_error),
		cmocka_unit_test(test_environment_names_the_device),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
