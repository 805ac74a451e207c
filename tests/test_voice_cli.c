/*
 * test_voice_cli.c - the voice front ends as a person or a script uses
 * them: `say` writes a WAV, `hear` transcribes it, a malformed file is a
 * clear error, and `voice` holds a spoken interview end to end with a
 * recorded candidate standing in for the microphone and a file for the
 * speakers (INTERVIEWER_AUDIO_IN/OUT=file:...): the candidate's answers are
 * heard, captioned and stored, the interviewer's turns are spoken, and with
 * barge-in on, talking over the interviewer stops it.  In a simulated room
 * (INTERVIEWER_AUDIO_ROOM=1, the file microphone hears the file speakers)
 * the interviewer's own voice is not taken for the candidate's with the
 * echo canceller (the default), and is without it; a backchannel over the
 * interviewer makes it pause and go on, not stop.  Without a sound card,
 * plain `voice` is a clear error naming the missing device.  With
 * --stt-url the turns are heard by the transcription server, and by the
 * local recognizer when the server fails.
 *
 * Answers laid out turn by turn need the microphone muted while the
 * interviewer speaks (INTERVIEWER_BARGE_IN=0): with barge-in on, a file
 * microphone plays on while the interviewer talks, as a real one would.
 */
#include "fake_stt.h"
#include "test_support.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voice/tts_flite.h"
#include "voice/wav.h"

static char *path_in(const char *name)
{
	return ts_path(ts_group_dir, name);
}

static void test_say_then_hear(void **state)
{
	(void)state;
	char *wav = path_in("said.wav");
	const char *say[] = {"interviewer", "say", "How would you cache the product pages in Redis?",
			     "-o", wav, "--voice", "rms", "--wpm", "150", NULL};
	char *out = NULL, *err = NULL;
	int rc = ts_run(say, NULL, 0, &out, &err);
	if (rc != 0)
		fail_msg("say failed: %s", err);
	assert_non_null(strstr(err, "first audio after"));
	free(out), free(err);

	const char *hear[] = {"interviewer", "hear", wav, "--json", NULL};
	rc = ts_run(hear, NULL, 0, &out, &err);
	if (rc != 0)
		fail_msg("hear failed: %s", err);
	json_error_t jerr;
	json_t *j = json_loads(out, 0, &jerr);
	if (!j)
		fail_msg("hear --json printed: %s", out);
	const char *text = json_string_value(json_object_get(j, "text"));
	assert_non_null(text);
	assert_non_null(strstr(text, "redis"));
	assert_non_null(strstr(text, "cache"));
	assert_true(json_number_value(json_object_get(j, "confidence")) > 0.5);
	assert_true(json_number_value(json_object_get(j, "audio_seconds")) > 2);
	assert_string_equal(json_string_value(json_object_get(j, "engine")), "pocketsphinx");
	json_decref(j);
	free(out), free(err), free(wav);
}

static void test_say_prints_sayable_text_without_output(void **state)
{
	(void)state;
	const char *say[] = {"interviewer", "say", "Is your p99 under 200ms with JWT auth?", NULL};
	char *out = NULL, *err = NULL;
	assert_int_equal(ts_run(say, NULL, 0, &out, &err), 0);
	assert_string_equal(out, "Is your p ninety-nine under two hundred milliseconds with J W T "
				 "auth?\n");
	free(out), free(err);
}

static void test_hear_rejects_bad_files(void **state)
{
	(void)state;
	char *bad = ts_write_file(ts_group_dir, "bad.wav", "RIFF....WAVEjunk", 16);
	const char *hear[] = {"interviewer", "hear", bad, NULL};
	char *out = NULL, *err = NULL;
	assert_int_equal(ts_run(hear, NULL, 0, &out, &err), 1);
	assert_non_null(strstr(err, "bad.wav: not a readable WAV file"));
	free(out), free(err), free(bad);
	const char *usage[] = {"interviewer", "hear", NULL};
	assert_int_equal(ts_run(usage, NULL, 0, &out, &err), 2);
	assert_non_null(strstr(err, "usage: interviewer hear FILE.wav"));
	free(out), free(err);
	const char *voice[] = {"interviewer", "say", "hi", "-o", "/tmp/x.wav", "--voice", "hal", NULL};
	assert_int_equal(ts_run(voice, NULL, 0, &out, &err), 1);
	assert_non_null(strstr(err, "unknown voice \"hal\""));
	free(out), free(err);
}

static void test_voice_without_microphone_is_clear_error(void **state)
{
	(void)state;
	setenv("INTERVIEWER_AUDIO_IN", "no-such-microphone", 1);
	const char *voice[] = {"interviewer", "voice", NULL};
	char *out = NULL, *err = NULL;
	int rc = ts_run(voice, NULL, 0, &out, &err);
	unsetenv("INTERVIEWER_AUDIO_IN");
	assert_int_equal(rc, 1);
	assert_non_null(strstr(err, "no audio input device named \"no-such-microphone\""));
	free(out), free(err);
}

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

static void test_spoken_interview_from_recordings(void **state)
{
	(void)state;
	static const char *const answers[] = {
		"I have been building backend services in Python and Postgres for five years.",
		"The hardest part was moving our monolith to a queue based design with Kafka.",
	};
	struct iv_error e = {{0}};
	struct tts_flite *tts = tts_flite_new("rms", 160, &e);
	assert_non_null(tts);
	int16_t *audio = NULL;
	size_t n = 0;
	for (size_t i = 0; i < 2; i++) {
		int16_t *pcm;
		size_t len;
		assert_int_equal(tts_flite_synth(tts, answers[i], &pcm, &len, &e), 0);
		audio = append(audio, &n, NULL, 8000);
		audio = append(audio, &n, pcm, len);
		audio = append(audio, &n, NULL, 16000 * 3);
		free(pcm);
	}
	tts_flite_free(tts);
	char *in = path_in("candidate.wav"), *out_wav = path_in("interviewer.wav"),
	     *db = path_in("voice.db");
	assert_int_equal(wav_write(in, audio, n, 16000, &e), 0);
	free(audio);

	char in_env[600], out_env[600];
	snprintf(in_env, sizeof in_env, "file:%s", in);
	snprintf(out_env, sizeof out_env, "file:%s", out_wav);
	setenv("INTERVIEWER_AUDIO_IN", in_env, 1);
	setenv("INTERVIEWER_AUDIO_OUT", out_env, 1);
	setenv("INTERVIEWER_BARGE_IN", "0", 1);
	const char *voice[] = {"interviewer", "voice", "--db", db, "--name", "Dana", "--seed", "3",
			       "--voice", "kal16", NULL};
	char *out = NULL, *err = NULL;
	int rc = ts_run(voice, NULL, 0, &out, &err);
	unsetenv("INTERVIEWER_AUDIO_IN");
	unsetenv("INTERVIEWER_AUDIO_OUT");
	unsetenv("INTERVIEWER_BARGE_IN");
	if (rc != 0)
		fail_msg("voice exited %d: %s", rc, err);
	/* Captions: the interviewer's turns and what was heard. */
	assert_non_null(strstr(out, "Interviewer: "));
	assert_non_null(strstr(out, "Dana"));
	const char *first = strstr(out, "You: ");
	assert_non_null(first);
	assert_non_null(strstr(first, "python"));
	assert_non_null(strstr(first + 5, "You: "));
	assert_non_null(strstr(out, "kafka"));
	assert_non_null(strstr(out, "stored as session"));

	/* The interviewer spoke: its turns were played into the output file. */
	struct wav_audio played;
	assert_int_equal(wav_read_16k_mono(out_wav, &played, &e), 0);
	assert_true(played.n_samples > 16000 * 5);
	wav_audio_release(&played);

	/* The heard answers are stored as the candidate's replies. */
	const char *id = strstr(out, "stored as session ") + strlen("stored as session ");
	char session[64];
	size_t len = strcspn(id, ".\n");
	snprintf(session, sizeof session, "%.*s", (int)len, id);
	const char *show[] = {"interviewer", "transcript", session, "--json", "--db", db, NULL};
	char *tout = NULL, *terr = NULL;
	assert_int_equal(ts_run(show, NULL, 0, &tout, &terr), 0);
	assert_non_null(strstr(tout, "postgres"));
	free(tout), free(terr);
	free(out), free(err), free(in), free(out_wav), free(db);
}



/* With headphones (INTERVIEWER_BARGE_IN=headphones) the candidate can talk
 * over the interviewer: it stops mid-sentence and listens. */
static void test_barge_in_stops_the_interviewer(void **state)
{
	(void)state;
	struct iv_error e = {{0}};
	struct tts_flite *tts = tts_flite_new("rms", 160, &e);
	int16_t *pcm;
	size_t len;
	assert_int_equal(tts_flite_synth(tts, "Sorry to jump in, I already know the answer to this one.",
					 &pcm, &len, &e), 0);
	tts_flite_free(tts);
	size_t n = 0;
	int16_t *audio = append(NULL, &n, pcm, len);
	audio = append(audio, &n, NULL, 16000 * 3);
	free(pcm);
	char *in = path_in("barge.wav"), *out_wav = path_in("barge_out.wav"), *db = path_in("b.db");
	assert_int_equal(wav_write(in, audio, n, 16000, &e), 0);
	free(audio);
	char in_env[600], out_env[600];
	snprintf(in_env, sizeof in_env, "file:%s", in);
	snprintf(out_env, sizeof out_env, "file:%s", out_wav);
	setenv("INTERVIEWER_AUDIO_IN", in_env, 1);
	setenv("INTERVIEWER_AUDIO_OUT", out_env, 1);
	setenv("INTERVIEWER_BARGE_IN", "headphones", 1);
	const char *voice[] = {"interviewer", "voice", "--db", db, "--voice", "kal16", NULL};
	char *out = NULL, *err = NULL;
	int rc = ts_run(voice, NULL, 0, &out, &err);
	unsetenv("INTERVIEWER_AUDIO_IN");
	unsetenv("INTERVIEWER_AUDIO_OUT");
	unsetenv("INTERVIEWER_BARGE_IN");
	if (rc != 0)
		fail_msg("voice exited %d: %s", rc, err);
	const char *cut = strstr(out, "(interrupted)");
	assert_non_null(cut);
	/* Interrupted during the greeting, before the candidate's words. */
	const char *heard = strstr(out, "You: ");
	assert_non_null(heard);
	assert_true(cut < heard);
	assert_non_null(strstr(heard, "jump"));
	/* The greeting (about ten seconds) was cut short: the whole output, the
	 * cut greeting and the next question, is shorter than it. */
	struct wav_audio played;
	assert_int_equal(wav_read_16k_mono(out_wav, &played, &e), 0);
	assert_true(played.n_samples < 16000 * 8);
	wav_audio_release(&played);
	free(out), free(err), free(in), free(out_wav), free(db);
}

/* Runs `voice` with the recording (samples) as the microphone, barge-in
 * as INTERVIEWER_BARGE_IN says, in a simulated room or not; *captions gets
 * its stdout (malloc'd). */
__attribute__((noinline)) static void run_voice_with(const int16_t *audio, size_t n,
						   const char *name, const char *barge, int room,
						   const char *stt_url, char **captions)
{
	struct iv_error e = {{0}};
	char file[64], out_file[64], db_file[64];
	snprintf(file, sizeof file, "%s.wav", name);
	snprintf(out_file, sizeof out_file, "%s_out.wav", name);
	snprintf(db_file, sizeof db_file, "%s.db", name);
	char *in = path_in(file), *out_wav = path_in(out_file), *db = path_in(db_file);
	assert_int_equal(wav_write(in, audio, n, 16000, &e), 0);
	char in_env[600], out_env[600];
	snprintf(in_env, sizeof in_env, "file:%s", in);
	snprintf(out_env, sizeof out_env, "file:%s", out_wav);
	setenv("INTERVIEWER_AUDIO_IN", in_env, 1);
	setenv("INTERVIEWER_AUDIO_OUT", out_env, 1);
	setenv("INTERVIEWER_BARGE_IN", barge, 1);
	if (room)
		setenv("INTERVIEWER_AUDIO_ROOM", "1", 1);
	const char *voice[] = {"interviewer", "voice", "--db", db, "--voice", "kal16", "--seed", "3",
			       stt_url ? "--stt-url" : NULL, stt_url, NULL};
	char *out = NULL, *err = NULL;
	int rc = ts_run(voice, NULL, 0, &out, &err);
	unsetenv("INTERVIEWER_AUDIO_IN");
	unsetenv("INTERVIEWER_AUDIO_OUT");
	unsetenv("INTERVIEWER_BARGE_IN");
	unsetenv("INTERVIEWER_AUDIO_ROOM");
	if (rc != 0)
		fail_msg("voice exited %d: %s", rc, err);
	free(err), free(in), free(out_wav), free(db);
	*captions = out;
}

/* `voice --stt-url`: one recorded answer; returns the captions. */
static char *voice_with_server(const char *url, const char *name)
{
	struct iv_error e = {{0}};
	struct tts_flite *tts = tts_flite_new("rms", 160, &e);
	int16_t *pcm, *audio = NULL;
	size_t len, n = 0;
	assert_int_equal(tts_flite_synth(tts, "I have been building backend services in Python for five years.",
					 &pcm, &len, &e), 0);
	tts_flite_free(tts);
	audio = append(audio, &n, NULL, 8000);
	audio = append(audio, &n, pcm, len);
	audio = append(audio, &n, NULL, 16000 * 3);
	free(pcm);
	char *captions = NULL;
	run_voice_with(audio, n, name, "0", 0, url, &captions);
	free(audio);
	return captions;
}

static void test_transcription_server_hears_the_turns(void **state)
{
	(void)state;
	struct fake_stt *stt = fake_stt_start("Heard by the transcription server.");
	assert_non_null(stt);
	char *out = voice_with_server(fake_stt_url(stt), "stt_ok");
	assert_non_null(strstr(out, "You: Heard by the transcription server."));
	assert_true(fake_stt_requests(stt) >= 1);
	free(out);
	/* the server fails: the local recognizer's words are the answer */
	fake_stt_fail_with(stt, 500);
	out = voice_with_server(fake_stt_url(stt), "stt_fail");
	assert_null(strstr(out, "Heard by the transcription server."));
	assert_non_null(strstr(out, "python"));
	free(out);
	fake_stt_stop(stt);
}

/* Twelve seconds of silence after the question: a gentle prompt, not a new
 * question, and the answer that follows is heard as the reply. */
static void test_long_silence_gets_a_gentle_prompt(void **state)
{
	(void)state;
	struct iv_error e = {{0}};
	struct tts_flite *tts = tts_flite_new("rms", 160, &e);
	int16_t *pcm;
	size_t len;
	assert_int_equal(tts_flite_synth(tts, "Mostly payment APIs in Go.", &pcm, &len, &e), 0);
	tts_flite_free(tts);
	size_t n = 0;
	int16_t *audio = append(NULL, &n, NULL, 16000 * 12);
	audio = append(audio, &n, pcm, len);
	audio = append(audio, &n, NULL, 16000 * 3);
	free(pcm);
	char *captions = NULL;
	run_voice_with(audio, n, "silence", "0", 0, NULL, &captions);
	free(audio);
	const char *prompt = strstr(captions, "Interviewer: Take your time.");
	const char *heard = strstr(captions, "You: ");
	if (!heard || !strstr(heard, "payment"))
		print_message("captions:\n%s\n", captions);
	assert_non_null(prompt);
	assert_non_null(heard);
	assert_true(prompt < heard);
	assert_non_null(strstr(heard, "payment"));
	/* One prompt only, and the interview went on to its next question. */
	assert_null(strstr(prompt + strlen("Interviewer: Take your time."), "Take your time."));
	assert_non_null(strstr(heard, "Interviewer: "));
	free(captions);
}

/* The candidate says text after lead_s seconds of silence (malloc'd). */
static int16_t *answer_after(double lead_s, const char *text, size_t *n)
{
	struct iv_error e = {{0}};
	struct tts_flite *tts = tts_flite_new("rms", 160, &e);
	int16_t *pcm;
	size_t len;
	assert_int_equal(tts_flite_synth(tts, text, &pcm, &len, &e), 0);
	tts_flite_free(tts);
	*n = 0;
	int16_t *audio = append(NULL, n, NULL, (size_t)(16000 * lead_s));
	audio = append(audio, n, pcm, len);
	audio = append(audio, n, NULL, 16000 * 3);
	free(pcm);
	return audio;
}

static const char answer_text[] =
	"I have been building backend services in Python and Postgres for five years.";

/* In a room, with the echo canceller (the default): the interviewer's
 * greeting (about 15 s) comes back through the microphone, and is not
 * taken for the candidate; the answer after it is heard. */
static void test_own_voice_is_not_heard_in_a_room(void **state)
{
	(void)state;
	size_t n;
	int16_t *audio = answer_after(22, answer_text, &n);
	char *captions = NULL;
	run_voice_with(audio, n, "room_echo", "echo", 1, NULL, &captions);
	free(audio);
	assert_non_null(strstr(captions, "echo-cancelled"));
	assert_null(strstr(captions, "(interrupted)"));
	const char *heard = strstr(captions, "You: ");
	assert_non_null(heard);
	assert_non_null(strstr(heard, "python"));
	/* Nothing of the greeting was taken for the answer. */
	assert_null(strstr(heard, "rivera"));
	free(captions);
}

/* The same room without the canceller (headphones mode on speakers): the
 * interviewer hears itself and stops, before the candidate said a word. */
static void test_without_the_canceller_it_hears_itself(void **state)
{
	(void)state;
	size_t n;
	int16_t *audio = answer_after(22, answer_text, &n);
	char *captions = NULL;
	run_voice_with(audio, n, "room_raw", "headphones", 1, NULL, &captions);
	free(audio);
	const char *cut = strstr(captions, "(interrupted)");
	assert_non_null(cut);
	const char *python = strstr(captions, "python");
	assert_true(!python || cut < python);
	free(captions);
}

/* In the room with the canceller, the candidate talking over the greeting
 * still stops it, and their words are heard. */
static void test_candidate_interrupts_in_a_room(void **state)
{
	(void)state;
	size_t n;
	int16_t *audio =
		answer_after(7, "Sorry to jump in, I already know the answer to this one.", &n);
	char *captions = NULL;
	run_voice_with(audio, n, "room_barge", "echo", 1, NULL, &captions);
	free(audio);
	const char *cut = strstr(captions, "(interrupted)");
	const char *heard = strstr(captions, "You: ");
	assert_non_null(cut);
	assert_non_null(heard);
	assert_true(cut < heard);
	assert_non_null(strstr(heard, "jump"));
	free(captions);
}

/* Samples in the WAV the file speakers wrote for run name. */
static size_t played_samples(const char *name)
{
	struct iv_error e = {{0}};
	char file[64];
	snprintf(file, sizeof file, "%s_out.wav", name);
	char *path = path_in(file);
	struct wav_audio played;
	assert_int_equal(wav_read_16k_mono(path, &played, &e), 0);
	size_t n = played.n_samples;
	wav_audio_release(&played);
	free(path);
	return n;
}

/* In the room with the canceller, a "yeah" over the greeting: the
 * interviewer goes quiet for it and goes on (not interrupted), says the
 * rest of the greeting, and the answer after it is heard as the reply. */
static void test_backchannel_lets_the_interviewer_go_on(void **state)
{
	(void)state;
	size_t n_plain;
	int16_t *plain = answer_after(22, answer_text, &n_plain);
	char *captions_plain = NULL;
	run_voice_with(plain, n_plain, "room_plain", "echo", 1, NULL, &captions_plain);
	struct iv_error e = {{0}};
	/* The candidate's own voice (answer_after speaks with rms). */
	struct tts_flite *tts = tts_flite_new("rms", 160, &e);
	int16_t *yeah;
	size_t n_yeah;
	assert_int_equal(tts_flite_synth(tts, "Yeah.", &yeah, &n_yeah, &e), 0);
	tts_flite_free(tts);
	/* The same microphone, with "yeah" four seconds into the greeting. */
	for (size_t i = 0; i < n_yeah; i++)
		plain[4 * 16000 + i] = (int16_t)(plain[4 * 16000 + i] + yeah[i]);
	free(yeah);
	char *captions = NULL;
	run_voice_with(plain, n_plain, "room_yeah", "echo", 1, NULL, &captions);
	free(plain);
	assert_null(strstr(captions, "(interrupted)"));
	assert_non_null(strstr(captions, "it went quiet 1 times, went on after 1 (backchannels), "
					 "stopped for 0 interruptions"));
	assert_non_null(strstr(captions_plain, "it went quiet 0 times"));
	const char *heard = strstr(captions, "You: ");
	assert_non_null(heard);
	assert_non_null(strstr(heard, "python"));
	/* The whole greeting was said: the speakers played what they played
	 * without the "yeah", and the quiet and the words said again on top. */
	size_t with = played_samples("room_yeah"), without = played_samples("room_plain");
	print_message("played %.2f s with the backchannel, %.2f s without\n", with / 16000.0,
		      without / 16000.0);
	assert_true(with > without + 16000 / 5);
	assert_true(with < without + 16000 * 2);
	free(captions);
	free(captions_plain);
}

/* Unknown INTERVIEWER_BARGE_IN values are an error that lists the known ones. */
static void test_bad_barge_in_value_is_an_error(void **state)
{
	(void)state;
	setenv("INTERVIEWER_BARGE_IN", "loud", 1);
	const char *voice[] = {"interviewer", "voice", NULL};
	char *out = NULL, *err = NULL;
	int rc = ts_run(voice, NULL, 0, &out, &err);
	unsetenv("INTERVIEWER_BARGE_IN");
	assert_int_equal(rc, 1);
	assert_non_null(strstr(err, "INTERVIEWER_BARGE_IN is \"loud\""));
	free(out), free(err);
	/* A simulated room needs file devices. */
	setenv("INTERVIEWER_AUDIO_ROOM", "1", 1);
	rc = ts_run(voice, NULL, 0, &out, &err);
	unsetenv("INTERVIEWER_AUDIO_ROOM");
	assert_int_equal(rc, 1);
	assert_non_null(strstr(err, "INTERVIEWER_AUDIO_ROOM simulates a room"));
	free(out), free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_say_then_hear),
		cmocka_unit_test(test_say_prints_sayable_text_without_output),
		cmocka_unit_test(test_hear_rejects_bad_files),
		cmocka_unit_test(test_voice_without_microphone_is_clear_error),
		cmocka_unit_test(test_spoken_interview_from_recordings),
		cmocka_unit_test(test_barge_in_stops_the_interviewer),
		cmocka_unit_test(test_long_silence_gets_a_gentle_prompt),
		cmocka_unit_test(test_own_voice_is_not_heard_in_a_room),
		cmocka_unit_test(test_without_the_canceller_it_hears_itself),
		cmocka_unit_test(test_candidate_interrupts_in_a_room),
		cmocka_unit_test(test_backchannel_lets_the_interviewer_go_on),
		cmocka_unit_test(test_bad_barge_in_value_is_an_error),
		/* last: Flite's voices are process-wide, and the recordings the
		 * tests above make came out differently after this one's */
		cmocka_unit_test(test_transcription_server_hears_the_turns),
	};
	return cmocka_run_group_tests(tests, ts_group_tmpdir_setup, ts_group_tmpdir_teardown);
}
