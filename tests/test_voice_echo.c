/*
 * test_voice_echo.c - echo cancellation, in a simulated room: the far end
 * is the interviewer's speech (Flite, slt), the echo is that speech through
 * an impulse response (a 45 ms direct path 6 dB down and four decaying
 * reflections), and the near end is the candidate (Flite, rms) starting
 * partway through.
 *
 * Asserted: a new canceller mutes the microphone while it learns; it
 * removes most of the echo's energy (echo return
 * loss enhancement, ERLE: the filter alone, with the residual suppressor,
 * and the whole canceller with its gate); fed through the listener watching
 * for barge-in, the echo alone never interrupts the interviewer over a
 * whole turn with the canceller, and does without it (so the test can
 * fail); a real interruption over the echo barges in within a second of its
 * start; backchannels the listener lets pass without echo (the headphone
 * case) it also lets pass over the echo.  Bad frames (NULL, empty, sizes
 * that differ) and bad parameters are errors, not crashes.
 *
 * Each listening starts a fresh recognizer: PocketSphinx adapts to what it
 * heard before, and the outcome must not depend on which tests ran first.
 */
#include "test_support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voice/echo.h"
#include "voice/listen.h"
#include "voice/room.h"
#include "voice/tts_flite.h"
#include "voice/voice.h"

#define RATE 16000
#define FRAME 320

/* The interviewer's turn: about twelve seconds of speech. */
static const char interviewer_turn[] =
	"Thanks, that helps. Let's move on to a design question. Imagine you are building the "
	"order service for a busy online shop, with payments, inventory and email receipts. How "
	"would you keep an order from being charged twice when the client retries, and where "
	"would you put the idempotency key? Take a minute to think it through.";

struct fixture {
	int16_t *far;  /* the interviewer, as sent to the speakers */
	size_t n_far;
	int16_t *echo; /* the interviewer, as the microphone hears it */
};

static struct fixture fx;

static int16_t *synth(const char *voice, const char *text, size_t *n)
{
	struct iv_error err = {{0}};
	struct tts_flite *tts = tts_flite_new(voice, 160, &err);
	if (!tts)
		fail_msg("%s", err.message);
	int16_t *pcm = NULL;
	if (tts_flite_synth(tts, text, &pcm, n, &err) != 0)
		fail_msg("%s", err.message);
	tts_flite_free(tts);
	return pcm;
}

static struct room_params test_room(void)
{
	struct room_params p = room_default_params();
	p.delay_ms = 45;
	p.gain_db = -6;
	p.reflections = 4;
	p.reflection_spacing_ms = 19;
	p.reflection_decay_db = 4;
	return p;
}

/* The far end through the room (malloc'd, n samples). */
static int16_t *room_echo(const int16_t *far, size_t n)
{
	struct iv_error err = {{0}};
	struct room_params p = test_room();
	struct room *r = room_new(&p, &err);
	assert_non_null(r);
	int16_t *echo = calloc(n, sizeof *echo);
	assert_int_equal(room_play(r, far, n, &err), 0);
	room_hear(r, echo, n);
	room_free(r);
	return echo;
}

static int setup(void **state)
{
	(void)state;
	size_t n_speech;
	int16_t *speech = synth("slt", interviewer_turn, &n_speech);
	/* Whole frames, half a second of quiet at each end. */
	fx.n_far = (n_speech + RATE + FRAME - 1) / FRAME * FRAME;
	fx.far = calloc(fx.n_far, sizeof *fx.far);
	memcpy(fx.far + RATE / 2, speech, n_speech * sizeof *speech);
	free(speech);
	fx.echo = room_echo(fx.far, fx.n_far);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(fx.far);
	free(fx.echo);
	return 0;
}

/* mic cleaned with far as the reference (malloc'd, n samples). */
static int16_t *cancel(const struct echo_params *p, const int16_t *mic, const int16_t *far,
		       size_t n)
{
	struct iv_error err = {{0}};
	struct echo_canceller *ec = echo_canceller_new(p, &err);
	if (!ec)
		fail_msg("%s", err.message);
	int16_t *out = malloc(n * sizeof *out);
	for (size_t i = 0; i + FRAME <= n; i += FRAME)
		if (echo_canceller_process(ec, mic + i, FRAME, far + i, FRAME, out + i, &err) != 0)
			fail_msg("%s", err.message);
	echo_canceller_free(ec);
	return out;
}

static double energy(const int16_t *x, size_t from, size_t to)
{
	double e = 0;
	for (size_t i = from; i < to; i++)
		e += (double)x[i] * x[i];
	return e;
}

/* Echo return loss enhancement (dB) over [from, to). */
static double erle_db(const int16_t *echo, const int16_t *residual, size_t from, size_t to)
{
	return 10 * log10(energy(echo, from, to) / (energy(residual, from, to) + 1));
}

/* Holds (the interviewer went quiet) in the last barge_in_at, and the
 * sample of the first. */
static int holds;
static long first_hold_at;

/* Feeds audio to a listener watching for barge-in; returns the sample where
 * the candidate was taken to interrupt, or -1.  *heard: the partial words. */
static long barge_in_at(const int16_t *audio, size_t n, char *heard, size_t heard_cap)
{
	holds = 0;
	first_hold_at = -1;
	struct iv_error err = {{0}};
	struct voice_hearing *vh = voice_hearing_new(IV_DATA_DIR, NULL, &err);
	if (!vh)
		fail_msg("%s", err.message);
	struct listener *l = listener_new(voice_hearing_recognizer(vh), NULL, &err);
	assert_non_null(l);
	assert_int_equal(listener_begin(l, 1, &err), 0);
	long at = -1;
	for (size_t i = 0; i < n && at < 0; i += FRAME) {
		size_t where = 0;
		enum endpoint_event e = listener_feed(l, audio + i, FRAME, &where, &err);
		if ((e == ENDPOINT_HOLD || e == ENDPOINT_BARGE_IN) && first_hold_at < 0)
			first_hold_at = (long)(i + where);
		holds += e == ENDPOINT_HOLD;
		if (e == ENDPOINT_BARGE_IN)
			at = (long)(i + where);
	}
	if (heard)
		snprintf(heard, heard_cap, "%s", listener_partial(l));
	struct stt_result r;
	assert_int_equal(listener_finish(l, &r, &err), 0);
	stt_result_release(&r);
	listener_free(l);
	voice_hearing_free(vh);
	return at;
}

/* Samples of Flite's lead-in silence before the last candidate()'s speech. */
static size_t near_onset;

/* The candidate (voice) saying text from start, over the echo or over
 * silence (malloc'd, fx.n_far samples). */
static int16_t *candidate(const char *voice, const char *text, size_t start, int over_echo)
{
	size_t n_near;
	int16_t *near = synth(voice, text, &n_near);
	near_onset = 0;
	while (near_onset < n_near && abs(near[near_onset]) < 500)
		near_onset++;
	int16_t *mic = calloc(fx.n_far, sizeof *mic);
	if (over_echo)
		memcpy(mic, fx.echo, fx.n_far * sizeof *mic);
	for (size_t i = 0; i < n_near && start + i < fx.n_far; i++) {
		int v = mic[start + i] + near[i];
		mic[start + i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
	}
	free(near);
	return mic;
}

static void test_echo_alone_does_not_barge_in(void **state)
{
	(void)state;
	char heard[256];
	/* Without the canceller the interviewer hears itself and stops. */
	long raw = barge_in_at(fx.echo, fx.n_far, heard, sizeof heard);
	print_message("without the canceller: barge-in at %.2f s (\"%s\")\n", raw / (double)RATE,
		      heard);
	assert_true(raw >= 0);
	int16_t *cleaned = cancel(NULL, fx.echo, fx.far, fx.n_far);
	long with = barge_in_at(cleaned, fx.n_far, heard, sizeof heard);
	print_message("with the canceller: %s, %d holds (\"%s\")\n",
		      with < 0 ? "no barge-in" : "BARGE-IN", holds, heard);
	assert_int_equal(with, -1);
	/* Nor does it make the interviewer falter. */
	assert_int_equal(holds, 0);
	free(cleaned);
}

static void test_interruption_over_echo_barges_in(void **state)
{
	(void)state;
	static const size_t starts_s[] = {4, 8};
	for (size_t i = 0; i < sizeof starts_s / sizeof starts_s[0]; i++) {
		size_t start = starts_s[i] * RATE;
		int16_t *mic = candidate("rms", "Wait, can I ask something about that?", start, 1);
		int16_t *cleaned = cancel(NULL, mic, fx.far, fx.n_far);
		char heard[256];
		long at = barge_in_at(cleaned, fx.n_far, heard, sizeof heard);
		print_message("interruption at %zu s: quiet %.2f s later, barge-in %.2f s later "
			      "(\"%s\")\n",
			      starts_s[i], (first_hold_at - (long)start) / (double)RATE,
			      (at - (long)start) / (double)RATE, heard);
		assert_true(at > (long)start);
		assert_true(at <= (long)(start + RATE));
		/* Quiet first, within half a second of the first loud sample
		 * (about 300 ms). */
		long onset = (long)(start + near_onset);
		print_message("  quiet %.2f s after the speech began\n",
			      (first_hold_at - onset) / (double)RATE);
		assert_true(first_hold_at > onset);
		assert_true(first_hold_at <= onset + RATE / 2);
		free(mic);
		free(cleaned);
	}
}

/* A backchannel the listener lets pass without echo (the headphone case)
 * must pass over the echo too.  Few do even without echo: PocketSphinx's
 * partial words for a short Flite "right", "okay", "uh-huh" or "I see" are
 * often real words ("raw", "but the", "ice"), and one real word with 300 ms
 * of speech interrupts (measured on 54 backchannels of three voices: 5 let
 * pass without echo).  That is the recognizer's and the endpointer's part;
 * the canceller's is not to make it worse, checked here on one that passes
 * (kal16 "Yeah."; its own check below fails if the recognizer changes). */
static void test_backchannels_over_echo_do_not_barge_in(void **state)
{
	(void)state;
	static const struct {
		const char *voice, *text;
	} backchannels[] = {{"kal16", "Yeah."}};
	static const size_t starts_s[] = {4, 8};
	for (size_t i = 0; i < sizeof backchannels / sizeof backchannels[0]; i++) {
		for (size_t k = 0; k < sizeof starts_s / sizeof starts_s[0]; k++) {
			const char *voice = backchannels[i].voice, *text = backchannels[i].text;
			size_t start = starts_s[k] * RATE;
			char heard[256];
			int16_t *alone = candidate(voice, text, start, 0);
			if (barge_in_at(alone, fx.n_far, heard, sizeof heard) >= 0)
				fail_msg("%s \"%s\" interrupts without echo (heard \"%s\")", voice,
					 text, heard);
			int16_t *mic = candidate(voice, text, start, 1);
			int16_t *cleaned = cancel(NULL, mic, fx.far, fx.n_far);
			long at = barge_in_at(cleaned, fx.n_far, heard, sizeof heard);
			print_message("%s \"%s\" at %zu s over the echo: %s (\"%s\")\n", voice,
				      text, starts_s[k], at < 0 ? "no barge-in" : "BARGE-IN",
				      heard);
			assert_int_equal(at, -1);
			free(alone);
			free(mic);
			free(cleaned);
		}
	}
}

static void test_rejects_bad_frames(void **state)
{
	(void)state;
	struct iv_error err = {{0}};
	struct echo_canceller *ec = echo_canceller_new(NULL, &err);
	assert_non_null(ec);
	assert_int_equal(echo_canceller_frame_samples(ec), FRAME);
	int16_t mic[FRAME] = {0}, far[FRAME] = {0}, out[FRAME];
	assert_int_equal(echo_canceller_process(ec, NULL, FRAME, far, FRAME, out, &err), -1);
	assert_non_null(strstr(err.message, "missing microphone frame"));
	assert_int_equal(echo_canceller_process(ec, mic, FRAME, NULL, FRAME, out, &err), -1);
	assert_non_null(strstr(err.message, "missing far-end frame"));
	assert_int_equal(echo_canceller_process(ec, mic, FRAME, far, FRAME, NULL, &err), -1);
	assert_int_equal(echo_canceller_process(ec, mic, 0, far, 0, out, &err), -1);
	assert_non_null(strstr(err.message, "frames must be 320 samples"));
	assert_int_equal(echo_canceller_process(ec, mic, FRAME, far, FRAME - 1, out, &err), -1);
	assert_non_null(strstr(err.message, "far end 319"));
	assert_int_equal(echo_canceller_process(ec, mic, 160, far, 160, out, &err), -1);
	/* After the errors it still works, in place too. */
	assert_int_equal(echo_canceller_process(ec, mic, FRAME, far, FRAME, mic, &err), 0);
	echo_canceller_free(ec);
	echo_canceller_free(NULL);

	struct echo_params p = echo_default_params();
	p.frame_samples = 0;
	assert_null(echo_canceller_new(&p, &err));
	assert_non_null(strstr(err.message, "frame of 0 samples"));
	p = echo_default_params();
	p.tail_ms = 5000;
	assert_null(echo_canceller_new(&p, &err));
	assert_non_null(strstr(err.message, "tail of 5000 ms"));
	p = echo_default_params();
	p.sample_rate_hz = 0;
	assert_null(echo_canceller_new(&p, &err));
}

static void test_cancels_most_of_the_echo(void **state)
{
	(void)state;
	/* The echo is loud: the room takes off only a few dB. */
	assert_true(energy(fx.echo, 0, fx.n_far) > 0.2 * energy(fx.far, 0, fx.n_far));
	struct echo_params filter = echo_default_params();
	filter.suppress_residual = 0;
	filter.residual_gate_db = 0;
	filter.adapt_ms = 0;
	struct echo_params suppressed = filter;
	suppressed.suppress_residual = 1;
	int16_t *out_filter = cancel(&filter, fx.echo, fx.far, fx.n_far);
	int16_t *out_suppressed = cancel(&suppressed, fx.echo, fx.far, fx.n_far);
	int16_t *out = cancel(NULL, fx.echo, fx.far, fx.n_far);
	/* After two seconds to converge, to the end of the turn; the whole
	 * canceller over the whole turn. */
	size_t from = 2 * RATE, to = fx.n_far;
	double erle_filter = erle_db(fx.echo, out_filter, from, to);
	double erle_suppressed = erle_db(fx.echo, out_suppressed, from, to);
	double erle_first = erle_db(fx.echo, out_filter, RATE / 2, RATE * 3 / 2);
	double erle_all = erle_db(fx.echo, out, 0, to);
	print_message("ERLE: filter %.1f dB in the first second, %.1f dB after two; with the "
		      "suppressor %.1f dB; the whole canceller over the whole turn %.1f dB\n",
		      erle_first, erle_filter, erle_suppressed, erle_all);
	assert_true(erle_filter > 18);
	assert_true(erle_suppressed > 27);
	assert_true(erle_all > 40);
	free(out_filter);
	free(out_suppressed);
	free(out);
}

/* A new canceller has learned nothing: it mutes the microphone while the
 * far end plays until it has heard three seconds of it. */
static void test_mutes_until_adapted(void **state)
{
	(void)state;
	struct iv_error err = {{0}};
	struct echo_canceller *ec = echo_canceller_new(NULL, &err);
	int16_t out[FRAME];
	size_t adapted_at = 0;
	for (size_t i = 0; i + FRAME <= fx.n_far && !adapted_at; i += FRAME) {
		int rc = echo_canceller_process(ec, fx.echo + i, FRAME, fx.far + i, FRAME, out,
						&err);
		assert_int_equal(rc, 0);
		if (echo_canceller_adapted(ec))
			adapted_at = i + FRAME;
		else
			for (size_t k = 0; k < FRAME; k++)
				assert_int_equal(out[k], 0);
	}
	/* Speech starts at 0.5 s and has pauses: more than 3.5 s of audio. */
	assert_true(adapted_at > RATE * 7 / 2);
	assert_true(adapted_at < fx.n_far);
	echo_canceller_reset(ec);
	assert_false(echo_canceller_adapted(ec));
	echo_canceller_free(ec);
}

/* Nothing played: the microphone passes untouched (the candidate's answers
 * reach the recognizer as captured). */
static void test_passes_the_microphone_when_nothing_plays(void **state)
{
	(void)state;
	struct iv_error err = {{0}};
	struct echo_canceller *ec = echo_canceller_new(NULL, &err);
	size_t n;
	int16_t *speech = synth("rms", "I would put the key in a unique index.", &n);
	int16_t silence[FRAME] = {0}, out[FRAME];
	for (size_t i = 0; i + FRAME <= n; i += FRAME) {
		int rc = echo_canceller_process(ec, speech + i, FRAME, silence, FRAME, out, &err);
		assert_int_equal(rc, 0);
		assert_memory_equal(out, speech + i, sizeof out);
	}
	free(speech);
	echo_canceller_free(ec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rejects_bad_frames),
		cmocka_unit_test(test_cancels_most_of_the_echo),
		cmocka_unit_test(test_mutes_until_adapted),
		cmocka_unit_test(test_passes_the_microphone_when_nothing_plays),
		cmocka_unit_test(test_echo_alone_does_not_barge_in),
		cmocka_unit_test(test_interruption_over_echo_barges_in),
		cmocka_unit_test(test_backchannels_over_echo_do_not_barge_in),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
