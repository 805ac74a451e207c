/*
 * test_voice_endpoint.c - turn-taking.  On crafted frame sequences: a pause
 * mid-answer does not end the turn, unfinished words wait longer than a
 * complete answer, "let me think" waits quietly up to 30 s and then gets a
 * gentle prompt, silence gets prompts and then ends; an unsure last word
 * is read as the recognizer's unfinished alternative ("in" for "him"); a
 * speaker seen to pause long inside a turn is waited for longer; voice
 * coming back holds the turn open; over the interviewer,
 * speech quiets it within 200 ms of detected speech, a backchannel then
 * lets it go on and a real interruption (or a short "wait") stops it.  On crafted audio (Flite speech
 * with a pause in it, through the recognizer's voice activity and partial
 * transcript): the pause after "so the first thing I would do is" does not
 * end the turn, the end of the answer does.
 */
#include "test_support.h"

#include <stdlib.h>
#include <string.h>

#include "voice/endpoint.h"
#include "voice/listen.h"
#include "voice/tts_flite.h"
#include "voice/voice.h"

/* Feeds ms of frames; returns the first event and, in *at_ms, when (ms
 * from the start of this call), or ENDPOINT_NONE. */
static enum endpoint_event feed(struct endpointer *ep, int voiced, int ms, int *at_ms)
{
	for (int t = 10; t <= ms; t += 10) {
		enum endpoint_event e = endpoint_feed(ep, voiced);
		if (e != ENDPOINT_NONE && e != ENDPOINT_SPEECH_START) {
			if (at_ms)
				*at_ms = t;
			return e;
		}
	}
	return ENDPOINT_NONE;
}

static void test_classify(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		enum utterance_shape shape;
	} cases[] = {
		{"", SHAPE_EMPTY},
		{"we put redis in front of the database", SHAPE_NEUTRAL},
		{"so the first thing i'd do is", SHAPE_UNFINISHED},
		{"we cached the sessions and", SHAPE_UNFINISHED},
		{"i would look at the um", SHAPE_UNFINISHED},
		{"because the", SHAPE_UNFINISHED},
		{"hmm let me think", SHAPE_THINKING},
		{"okay let me think about that for a second", SHAPE_THINKING},
		{"give me a second", SHAPE_THINKING},
		{"let me think we would shard it by user id", SHAPE_NEUTRAL},
		{"so we used a token bucket so yeah", SHAPE_COMPLETE},
		{"and that's about it", SHAPE_COMPLETE},
		{"does that make sense", SHAPE_COMPLETE},
		{"yes", SHAPE_COMPLETE},
		{"how many users do we expect", SHAPE_QUESTION},
		{"do you need strong consistency here", SHAPE_QUESTION},
		{"so what's the read to write ratio", SHAPE_QUESTION},
		{"what we did was add an index", SHAPE_NEUTRAL},
		{"How do you deploy? ", SHAPE_QUESTION},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum utterance_shape got = endpoint_classify(cases[i].text);
		if (got != cases[i].shape)
			fail_msg("\"%s\" is %s, expected %s", cases[i].text, endpoint_shape_name(got),
				 endpoint_shape_name(cases[i].shape));
	}
}

static void test_backchannels(void **state)
{
	(void)state;
	assert_true(endpoint_is_backchannel("mm hmm"));
	assert_true(endpoint_is_backchannel("yeah right"));
	assert_true(endpoint_is_backchannel("okay i see"));
	assert_true(endpoint_is_backchannel("Mm-hm."));
	assert_false(endpoint_is_backchannel("yeah but what about writes"));
	assert_false(endpoint_is_backchannel("wait"));
	assert_false(endpoint_is_backchannel(""));
}

static void test_pause_mid_answer_does_not_end_turn(void **state)
{
	(void)state;
	struct endpointer *ep = endpoint_new(NULL);
	endpoint_listen(ep);
	assert_int_equal(endpoint_feed(ep, 1), ENDPOINT_NONE); /* 10 ms: not yet speech */
	assert_int_equal(feed(ep, 1, 2000, NULL), ENDPOINT_NONE);
	assert_true(endpoint_speech_ms(ep) >= 2000);
	endpoint_set_partial(ep, "we put redis in front of the database");
	/* A one-second pause to think: the turn goes on. */
	endpoint_set_partial(ep, "we put redis in front of the");
	assert_int_equal(feed(ep, 0, 1000, NULL), ENDPOINT_NONE);
	assert_int_equal(endpoint_silence_ms(ep), 1000);
	assert_int_equal(feed(ep, 1, 1500, NULL), ENDPOINT_NONE);
	assert_int_equal(endpoint_silence_ms(ep), 0);
	endpoint_set_partial(ep, "we put redis in front of the database and cached the "
				 "profiles so yeah that's it");
	int at = 0;
	assert_int_equal(feed(ep, 0, 5000, &at), ENDPOINT_END_OF_TURN);
	/* a complete answer: a short wait */
	assert_int_equal(at, endpoint_default_params().complete_silence_ms);
	/* Once said, the end is not repeated. */
	assert_int_equal(feed(ep, 0, 2000, NULL), ENDPOINT_NONE);
	endpoint_free(ep);
}

/* Silence (ms) after which a turn ending with text ends. */
static int end_after(const char *text, const struct endpoint_params *p)
{
	struct endpointer *ep = endpoint_new(p);
	endpoint_listen(ep);
	feed(ep, 1, 1500, NULL);
	endpoint_set_partial(ep, text);
	int at = -1;
	enum endpoint_event e = feed(ep, 0, 60000, &at);
	endpoint_free(ep);
	return e == ENDPOINT_END_OF_TURN ? at : -1;
}

static void test_unfinished_waits_longer(void **state)
{
	(void)state;
	int complete = end_after("we used a token bucket per user so yeah", NULL);
	int neutral = end_after("we used a token bucket per user", NULL);
	int question = end_after("how many requests per second do we expect", NULL);
	int unfinished = end_after("so the first thing i'd do is", NULL);
	int trailing_and = end_after("we used a token bucket and", NULL);
	int filler = end_after("we would cache it um", NULL);
	struct endpoint_params p = endpoint_default_params();
	assert_int_equal(complete, p.complete_silence_ms);
	assert_int_equal(question, p.complete_silence_ms);
	assert_int_equal(neutral, p.default_silence_ms);
	assert_int_equal(unfinished, p.unfinished_silence_ms);
	assert_int_equal(trailing_and, p.unfinished_silence_ms);
	assert_int_equal(filler, p.unfinished_silence_ms);
	assert_true(complete < neutral && neutral < unfinished);
	/* a complete answer is answered within about a second, and a pause
	 * of 2.5 s after unfinished words is waited out */
	assert_true(neutral <= 900);
	assert_true(unfinished >= 2500 + 250);
	/* The recognizer's voice activity lags the audio: its hangover is
	 * taken off every wait. */
	p.vad_hangover_ms = 250;
	assert_int_equal(end_after("we used a token bucket per user", &p), p.default_silence_ms - 250);
}

static void test_unsure_last_word_is_read_as_unfinished(void **state)
{
	(void)state;
	char buf[128];
	/* "in" heard as "him": the lattice still gives "in" most of the place */
	const char *words[] = {"in", "him", "and", "am"};
	const double post[] = {0.24, 0.115, 0.05, 0.03};
	const char *r = endpoint_reading("a token bucket per user him", words, post, 4, buf, sizeof buf);
	assert_string_equal(r, "a token bucket per user in");
	assert_int_equal(endpoint_classify(r), SHAPE_UNFINISHED);
	/* a sure last word stays */
	const char *sure[] = {"him", "in"};
	const double sure_post[] = {0.8, 0.1};
	r = endpoint_reading("we told him", sure, sure_post, 2, buf, sizeof buf);
	assert_string_equal(r, "we told him");
	/* no unfinished reading among them, none at all, or an unfinished text */
	const char *nouns[] = {"cash", "cache"};
	const double half[] = {0.5, 0.5};
	assert_string_equal(endpoint_reading("we used a cash", nouns, half, 2, buf, sizeof buf), "we used a cash");
	assert_string_equal(endpoint_reading("we used a cache", NULL, NULL, 0, buf, sizeof buf), "we used a cache");
	assert_string_equal(endpoint_reading("we used a cache and", words, post, 4, buf, sizeof buf),
			    "we used a cache and");
	/* a buffer too small keeps the text as heard */
	char tiny[8];
	assert_string_equal(endpoint_reading("a token bucket per user him", words, post, 4, tiny, sizeof tiny),
			    "a token bucket per user him");
	/* punctuation after the last word goes with it */
	assert_string_equal(endpoint_reading("per user him.", words, post, 4, buf, sizeof buf), "per user in");
}

static void test_a_speaker_who_pauses_long_is_waited_for(void **state)
{
	(void)state;
	struct endpoint_params p = endpoint_default_params();
	struct endpointer *ep = endpoint_new(&p);
	assert_int_equal(endpoint_neutral_silence_ms(ep), p.default_silence_ms);
	endpoint_listen(ep);
	feed(ep, 1, 1500, NULL);
	/* a short breath after neutral words teaches nothing */
	endpoint_set_partial(ep, "we kept the sessions in redis");
	assert_int_equal(feed(ep, 0, p.default_silence_ms / 3, NULL), ENDPOINT_NONE);
	feed(ep, 1, 800, NULL);
	assert_int_equal(endpoint_neutral_silence_ms(ep), p.default_silence_ms);
	/* a pause of 700 ms after neutral words, then more of the same thought */
	endpoint_set_partial(ep, "we kept the sessions in redis with a short expiry");
	assert_int_equal(feed(ep, 0, 700, NULL), ENDPOINT_NONE);
	feed(ep, 1, 800, NULL);
	int learned = endpoint_neutral_silence_ms(ep);
	assert_true(learned >= 700 + 200 && learned <= p.default_silence_max_ms);
	/* the next turn waits that long after neutral words, no less */
	endpoint_listen(ep);
	feed(ep, 1, 1000, NULL);
	endpoint_set_partial(ep, "we sharded by tenant");
	int at = 0;
	assert_int_equal(feed(ep, 0, 5000, &at), ENDPOINT_END_OF_TURN);
	assert_int_equal(at, learned);
	/* a very long pause raises the wait only up to the maximum, and a
	 * pause after unfinished words teaches nothing */
	endpoint_listen(ep);
	feed(ep, 1, 1000, NULL);
	endpoint_set_partial(ep, "the first thing i'd check is the");
	feed(ep, 0, 2500, NULL);
	feed(ep, 1, 500, NULL);
	assert_int_equal(endpoint_neutral_silence_ms(ep), learned);
	endpoint_set_partial(ep, "the first thing i'd check is the slow log");
	assert_int_equal(feed(ep, 0, learned - 20, NULL), ENDPOINT_NONE);
	feed(ep, 1, 500, NULL);
	assert_true(endpoint_neutral_silence_ms(ep) <= p.default_silence_max_ms);
	endpoint_free(ep);
}

static void test_voice_coming_back_holds_the_turn(void **state)
{
	(void)state;
	struct endpoint_params p = endpoint_default_params();
	struct endpointer *ep = endpoint_new(&p);
	endpoint_listen(ep);
	feed(ep, 1, 1000, NULL);
	endpoint_set_partial(ep, "we sharded by tenant");
	assert_int_equal(feed(ep, 0, p.default_silence_ms - 30, NULL), ENDPOINT_NONE);
	/* speech may be starting again: not yet confirmed, but not the end */
	assert_int_equal(feed(ep, 1, p.min_speech_ms - 10, NULL), ENDPOINT_NONE);
	/* it was a click: the silence goes on and ends the turn */
	int at = 0;
	assert_int_equal(feed(ep, 0, 1000, &at), ENDPOINT_END_OF_TURN);
	assert_true(at <= 10);
	endpoint_free(ep);
}

static void test_let_me_think_waits_quietly(void **state)
{
	(void)state;
	struct endpointer *ep = endpoint_new(NULL);
	endpoint_listen(ep);
	feed(ep, 1, 800, NULL);
	endpoint_set_partial(ep, "hmm let me think about that");
	int at = 0;
	/* 25 s of silence: nothing happens. */
	assert_int_equal(feed(ep, 0, 25000, NULL), ENDPOINT_NONE);
	/* At 30 s a gentle prompt, and the turn goes on. */
	assert_int_equal(feed(ep, 0, 10000, &at), ENDPOINT_PROMPT);
	assert_int_equal(at, 5000);
	assert_int_equal(endpoint_prompts(ep), 1);
	/* The candidate answers; the turn then ends normally. */
	feed(ep, 1, 3000, NULL);
	endpoint_set_partial(ep, "hmm let me think about that okay i would use a queue");
	assert_int_equal(feed(ep, 0, 5000, &at), ENDPOINT_END_OF_TURN);
	/* the long wait was asked for: it teaches nothing about pauses */
	assert_int_equal(at, endpoint_default_params().default_silence_ms);
	endpoint_free(ep);
}

static void test_silence_gets_prompts_then_ends(void **state)
{
	(void)state;
	struct endpointer *ep = endpoint_new(NULL);
	endpoint_listen(ep);
	int at = 0;
	assert_int_equal(feed(ep, 0, 60000, &at), ENDPOINT_PROMPT);
	assert_int_equal(at, 10000);
	assert_int_equal(feed(ep, 0, 60000, &at), ENDPOINT_PROMPT);
	assert_int_equal(at, 10000);
	assert_int_equal(feed(ep, 0, 60000, &at), ENDPOINT_END_OF_TURN);
	assert_int_equal(at, 10000);
	endpoint_free(ep);
}

static void test_noise_click_is_not_speech(void **state)
{
	(void)state;
	struct endpointer *ep = endpoint_new(NULL);
	endpoint_listen(ep);
	feed(ep, 0, 500, NULL);
	feed(ep, 1, 50, NULL); /* a click */
	assert_int_equal(endpoint_speech_ms(ep), 0);
	assert_int_equal(endpoint_silence_ms(ep), 550);
	/* Real speech is announced once. */
	int starts = 0;
	for (int i = 0; i < 50; i++)
		starts += endpoint_feed(ep, 1) == ENDPOINT_SPEECH_START;
	assert_int_equal(starts, 1);
	endpoint_free(ep);
}

/* Backchannels: the interviewer goes quiet for them (HOLD) and goes on
 * (RESUME) when they are over; none stops it (BARGE_IN). */
static void test_backchannel_does_not_barge_in(void **state)
{
	(void)state;
	struct endpointer *ep = endpoint_new(NULL);
	int at = 0;
	endpoint_interviewer_speaking(ep);
	/* "mm-hm" for 400 ms: quiet after 200 ms of it, on again 50 ms after. */
	assert_int_equal(feed(ep, 1, 150, NULL), ENDPOINT_NONE);
	endpoint_set_partial(ep, "mm hmm");
	assert_int_equal(feed(ep, 1, 250, &at), ENDPOINT_HOLD);
	assert_int_equal(at, 50);
	feed(ep, 1, 200, NULL);
	assert_int_equal(feed(ep, 0, 1000, &at), ENDPOINT_RESUME);
	assert_int_equal(at, 50);
	assert_int_equal(feed(ep, 0, 1000, NULL), ENDPOINT_NONE);
	/* "yeah right" for 600 ms: no real word, however long it took. */
	endpoint_set_partial(ep, "mm hmm yeah right");
	assert_int_equal(feed(ep, 1, 600, NULL), ENDPOINT_HOLD);
	assert_int_equal(feed(ep, 1, 390, NULL), ENDPOINT_NONE);
	assert_int_equal(feed(ep, 0, 500, NULL), ENDPOINT_RESUME);
	/* A click, 150 ms, no words: not even quiet. */
	assert_int_equal(feed(ep, 1, 150, NULL), ENDPOINT_NONE);
	assert_int_equal(feed(ep, 0, 500, NULL), ENDPOINT_NONE);
	/* A cough, 300 ms, no words: quiet, then on. */
	assert_int_equal(feed(ep, 1, 300, &at), ENDPOINT_HOLD);
	assert_int_equal(at, 200);
	assert_int_equal(feed(ep, 0, 500, NULL), ENDPOINT_RESUME);
	endpoint_free(ep);
}

static void test_real_interruption_barges_in(void **state)
{
	(void)state;
	struct endpointer *ep = endpoint_new(NULL);
	int at = 0;
	/* One real word and speech longer than a backchannel lasts: quiet at
	 * 200 ms, stopped at 800. */
	endpoint_interviewer_speaking(ep);
	endpoint_set_partial(ep, "actually");
	assert_int_equal(feed(ep, 1, 1000, &at), ENDPOINT_HOLD);
	assert_int_equal(at, 200);
	assert_int_equal(feed(ep, 1, 1000, &at), ENDPOINT_BARGE_IN);
	assert_int_equal(at, 600);
	/* The interruption starts the candidate's turn: listening now. */
	endpoint_set_partial(ep, "actually we already use kafka");
	assert_int_equal(feed(ep, 0, 5000, &at), ENDPOINT_END_OF_TURN);

	/* Three real words, however short: stopped at once. */
	endpoint_interviewer_speaking(ep);
	feed(ep, 1, 150, NULL);
	endpoint_set_partial(ep, "sorry wait what");
	assert_int_equal(feed(ep, 1, 10, &at), ENDPOINT_BARGE_IN);

	/* Two real words: quiet at once, and a backchannel the recognizer
	 * heard as them ("got to" for "got it") is over before it could be an
	 * interruption: on again. */
	endpoint_interviewer_speaking(ep);
	endpoint_set_partial(ep, "got to");
	assert_int_equal(feed(ep, 1, 750, &at), ENDPOINT_HOLD);
	assert_int_equal(at, 10);
	assert_int_equal(feed(ep, 0, 500, NULL), ENDPOINT_RESUME);
	/* The words let pass do not count again: two more are a hold, not
	 * the three words of an interruption. */
	endpoint_set_partial(ep, "got to but the");
	assert_int_equal(feed(ep, 1, 300, &at), ENDPOINT_HOLD);
	assert_int_equal(at, 10);
	assert_int_equal(feed(ep, 0, 500, NULL), ENDPOINT_RESUME);

	/* A short "wait" asks for the floor: stopped when it is over. */
	endpoint_interviewer_speaking(ep);
	endpoint_set_partial(ep, "wait");
	assert_int_equal(feed(ep, 1, 400, &at), ENDPOINT_HOLD);
	assert_int_equal(feed(ep, 0, 1000, &at), ENDPOINT_BARGE_IN);
	assert_int_equal(at, 50);

	/* Sustained speech the recognizer has no words for yet. */
	endpoint_interviewer_speaking(ep);
	assert_int_equal(feed(ep, 1, 2000, &at), ENDPOINT_HOLD);
	assert_int_equal(feed(ep, 1, 2000, &at), ENDPOINT_BARGE_IN);
	assert_int_equal(at, 600);

	/* Backchannels that go on and on become an interruption. */
	endpoint_interviewer_speaking(ep);
	endpoint_set_partial(ep, "yeah yeah yeah");
	assert_int_equal(feed(ep, 1, 3000, &at), ENDPOINT_HOLD);
	assert_int_equal(feed(ep, 1, 3000, &at), ENDPOINT_BARGE_IN);
	assert_int_equal(at, 1300);

	/* Listening for the candidate's turn, nothing holds or resumes. */
	endpoint_listen(ep);
	endpoint_set_partial(ep, "yeah");
	assert_int_equal(feed(ep, 1, 400, NULL), ENDPOINT_NONE);
	assert_int_equal(feed(ep, 0, 5000, NULL), ENDPOINT_END_OF_TURN);
	endpoint_free(ep);
}

/* ---------------------------------------------------------------- on audio */

static int16_t *append(int16_t *buf, size_t *n, const int16_t *add, size_t n_add)
{
	buf = realloc(buf, (*n + n_add) * sizeof *buf);
	if (add)
		memcpy(buf + *n, add, n_add * sizeof *buf);
	else
		memset(buf + *n, 0, n_add * sizeof *buf);
	*n += n_add;
	return buf;
}

static void test_pause_in_real_audio(void **state)
{
	(void)state;
	struct iv_error err = {{0}};
	struct voice_hearing *vh = voice_hearing_new(IV_DATA_DIR, NULL, &err);
	if (!vh)
		fail_msg("%s", err.message);
	struct tts_flite *tts = tts_flite_new("kal16", 160, &err);
	int16_t *part1, *part2;
	size_t n1, n2;
	assert_int_equal(tts_flite_synth(tts, "So the first thing I would do is", &part1, &n1, &err), 0);
	assert_int_equal(tts_flite_synth(tts, "check the slow query log.", &part2, &n2, &err), 0);
	tts_flite_free(tts);
	/* 0.3 s silence, part 1, a 1.8 s pause, part 2, 4 s of silence. */
	int16_t *audio = NULL;
	size_t n = 0;
	audio = append(audio, &n, NULL, 4800);
	audio = append(audio, &n, part1, n1);
	size_t pause_start = n;
	audio = append(audio, &n, NULL, 16000 * 18 / 10);
	audio = append(audio, &n, part2, n2);
	size_t speech_end = n;
	audio = append(audio, &n, NULL, 16000 * 4);

	struct listener *l = listener_new(voice_hearing_recognizer(vh), NULL, &err);
	assert_non_null(l);
	assert_int_equal(listener_begin(l, 0, &err), 0);
	size_t ended_at = 0;
	for (size_t i = 0; i < n && !ended_at; i += 1600) {
		size_t len = n - i < 1600 ? n - i : 1600, at = 0;
		enum endpoint_event e = listener_feed(l, audio + i, len, &at, &err);
		if (e == ENDPOINT_END_OF_TURN)
			ended_at = i + at;
		if (e == ENDPOINT_PROMPT || e == ENDPOINT_BARGE_IN)
			fail_msg("unexpected event %d", e);
		if (i >= pause_start + 16000 && i < pause_start + 17600)
			assert_int_equal(endpoint_shape(listener_endpointer(l)), SHAPE_UNFINISHED);
	}
	assert_true(ended_at > speech_end); /* not during the pause */
	double wait_s = (double)(ended_at - speech_end) / 16000;
	/* Flite's own trailing silence is part of the audio; the wait is about
	 * a second for a neutral ending. */
	assert_true(wait_s > 0.5 && wait_s < 2.5);
	struct stt_result r;
	assert_int_equal(listener_finish(l, &r, &err), 0);
	assert_non_null(strstr(r.text, "query"));
	stt_result_release(&r);
	listener_free(l);
	voice_hearing_free(vh);
	free(audio);
	free(part1);
	free(part2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_backchannels),
		cmocka_unit_test(test_pause_mid_answer_does_not_end_turn),
		cmocka_unit_test(test_unfinished_waits_longer),
		cmocka_unit_test(test_unsure_last_word_is_read_as_unfinished),
		cmocka_unit_test(test_a_speaker_who_pauses_long_is_waited_for),
		cmocka_unit_test(test_voice_coming_back_holds_the_turn),
		cmocka_unit_test(test_let_me_think_waits_quietly),
		cmocka_unit_test(test_silence_gets_prompts_then_ends),
		cmocka_unit_test(test_noise_click_is_not_speech),
		cmocka_unit_test(test_backchannel_does_not_barge_in),
		cmocka_unit_test(test_real_interruption_barges_in),
		cmocka_unit_test(test_pause_in_real_audio),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
