/*
 * cmd_voice.c - `interviewer voice`: a spoken interview at the terminal,
 * with the default microphone and speakers, live captions, and keys: p to
 * pause and resume, r to hear the last question again, q to end.
 *
 * The loop: the engine's turn is spoken sentence by sentence as Flite makes
 * it; then the microphone is heard until the candidate's turn is over; a
 * long silence gets a gentle prompt; words heard badly get one "could you
 * say that again?"; the words go back to the engine with their confidence.
 * Turn-taking is src/voice/duplex.c's, the same object the candidate room
 * runs: this file is the terminal around it (the sound card, the echo
 * canceller, the keys, playing and going on after a backchannel).
 *
 * Barge-in: while the interviewer speaks it keeps listening.  When the
 * candidate starts to talk over it, it goes quiet at once (ENDPOINT_HOLD,
 * about 300 ms in) and waits for the endpointer's judgement: an
 * interruption stops it and the candidate's turn has begun; a backchannel
 * ("mm-hm", "right") lets it go on, from the last gap between its words
 * before where it stopped (a person picks up a word or two back, not
 * mid-syllable).  Its own voice must never be heard as the candidate's, so what
 * the microphone captures while it speaks goes through the echo canceller
 * (voice/echo.h) with the frames just sent to the speakers as the
 * reference.  INTERVIEWER_BARGE_IN chooses: unset or "echo", that; "0",
 * no barge-in: the microphone is muted while it speaks (its buffer drained
 * after); "headphones" (or "1"), barge-in without the canceller, for
 * headphones, where the microphone cannot hear the speakers.
 *
 * INTERVIEWER_AUDIO_IN=file:ANSWERS.wav and INTERVIEWER_AUDIO_OUT=file:OUT.wav
 * run the same loop without a sound card (audio_device.h).
 */
#include <ctype.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "llm/llm_judge.h"
#include "llm/llm_wording.h"
#include "llm_setup.h"
#include "commands.h"
#include "conversation.h"
#include "live.h"
#include "voice/audio_device.h"
#include "voice/echo.h"
#include "voice/duplex.h"
#include "voice/replay.h"
#include "voice/voice.h"

static int run_voice(const struct cli_options *o);

static const struct cli_option voice_options[] = {
	{"--name", "NAME", NULL},
	{"--seed", "N", NULL},
	{"--virtual-clock", NULL, NULL},
	{"--db", "PATH", NULL},
	{"--playbook", "FILE", NULL},
	{"--data-dir", "DIR", NULL},
	{"--voice", "NAME", NULL},
	{"--wpm", "N", NULL},
	{"--stt-url", "URL", NULL},
	{"--llm-url", "URL", NULL},
	{"--llm-model", "NAME", NULL},
	{"--llm-judge", NULL, NULL},
	{0},
};

const struct command cmd_voice_entry = {
	.name = "voice",
	.summary = "a spoken interview with the microphone and speakers (keys: p pause, r repeat, "
		   "q end)",
	.args = "",
	.options = voice_options,
	.run = run_voice,
};

#define BLOCK 320 /* 20 ms: the echo canceller's frame */

enum barge_mode {
	BARGE_OFF,        /* microphone muted while the interviewer speaks */
	BARGE_HEADPHONES, /* listening while speaking, no canceller */
	BARGE_ECHO        /* listening while speaking, through the canceller */
};

struct session {
	struct live *lv;
	struct voice_hearing *vh;
	struct voice_speaking *vs;
	struct audio_device *ad;
	struct duplex *duplex;
	struct echo_canceller *ec; /* BARGE_ECHO only */
	enum barge_mode barge_mode;
	int watching;       /* this turn can be interrupted: the listener watches */
	int mic_read;       /* the microphone was read while speaking (no drain after) */
	int16_t played[BLOCK]; /* synthesized audio not yet a whole frame */
	size_t n_played;
	/* Going quiet for the candidate (ENDPOINT_HOLD) and going on after: */
	int holding;                   /* quiet until RESUME or BARGE_IN */
	struct replay *replay;         /* its last words, to go on from */
	int holds, resumes, barge_ins; /* this session, reported at the end */
	/* Why speaking stopped early: */
	int barged;         /* the candidate interrupted: the listener holds the turn */
	int say_again;      /* paused: the same words again from the start */
	int ask_again;      /* r: the question again */
	int quit, input_over;
	int spoke_early;    /* this turn's first sentence was said while the LLM went on */
	int early_failed;   /* ... and speaking it failed (s->err says why) */
	char *last_question;
	struct termios saved_tty;
	int raw_tty;
	struct iv_error err;
};

/* ---------------------------------------------------------------- keys */

/* Ctrl-C ends the interview as q does (stored, scorecard made, terminal
 * restored); a second one kills the program. */
static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void keys_on(struct session *s)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGINT, &sa, NULL);
	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &s->saved_tty) != 0)
		return;
	struct termios raw = s->saved_tty;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0)
		s->raw_tty = 1;
}

static void keys_off(struct session *s)
{
	if (s->raw_tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &s->saved_tty);
	s->raw_tty = 0;
}

/* The key pressed (lowercase; q after Ctrl-C), or 0. */
static int key_pressed(struct session *s, int wait_ms)
{
	if (interrupted)
		return 'q';
	if (!s->raw_tty)
		return 0;
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	if (poll(&p, 1, wait_ms) <= 0)
		return interrupted ? 'q' : 0;
	unsigned char c;
	return read(STDIN_FILENO, &c, 1) == 1 ? tolower(c) : 0;
}

/* Waits for p again; q ends.  Returns 1 when the interview should end. */
static int pause_until_resumed(struct session *s)
{
	printf("\r\033[K[paused: press p to go on, q to end]\n");
	fflush(stdout);
	for (;;) {
		int k = key_pressed(s, 200);
		if (k == 'q')
			return 1;
		if (k == 'p')
			break;
	}
	printf("[going on]\n");
	fflush(stdout);
	if (s->ad)
		audio_device_drain_input(s->ad);
	return 0;
}

/* ---------------------------------------------------------------- speaking */

static void caption(const char *who, const char *text)
{
	printf("\r\033[K%s: %s\n", who, text);
	fflush(stdout);
}

/* What a key pressed while speaking does; returns nonzero to stop. */
static int key_while_speaking(struct session *s)
{
	switch (key_pressed(s, 0)) {
	case 'q':
		s->quit = 1;
		return 1;
	case 'r':
		audio_device_stop_output(s->ad, NULL);
		s->ask_again = 1;
		return 1;
	case 'p':
		audio_device_stop_output(s->ad, NULL);
		if (pause_until_resumed(s))
			s->quit = 1;
		else
			s->say_again = 1; /* from the start of the turn */
		return 1;
	default:
		return 0;
	}
}

/* The microphone frame captured while far was played: through the
 * canceller (when there is one) and, when the turn can be interrupted, to
 * the listener.  Returns nonzero to stop speaking.
 *
 * Latency: far is the frame written just before this read.  Its echo
 * reaches the microphone after the output latency, the input latency and
 * the way through the room; we assume these (PortAudio's low-latency
 * defaults: 10-60 ms on ALSA and PulseAudio) plus the room's reverberation
 * fit in the canceller's 256 ms tail, so the echo always lags its reference
 * by less than the tail.  A device with more latency (Bluetooth: 150-300
 * ms) would need the reference delayed by the difference. */
static int hear_while_speaking(struct session *s, const int16_t *far)
{
	int16_t mic[BLOCK];
	if (audio_device_read(s->ad, mic, BLOCK, &s->err) < 0)
		return 1;
	s->mic_read = 1;
	if (s->ec && echo_canceller_process(s->ec, mic, BLOCK, far, BLOCK, mic, &s->err) != 0)
		return 1;
	if (!s->watching)
		return 0;
	struct duplex_result r;
	if (duplex_feed(s->duplex, mic, BLOCK, &r, &s->err) != 0)
		return 1;
	int barged = r.barged, hold = r.hold, resume = r.resume;
	duplex_result_release(&r);
	if (barged) {
		audio_device_stop_output(s->ad, NULL);
		s->barged = 1;
		s->holding = 0;
		s->barge_ins++;
		caption("(interrupted)", "go ahead");
		return 1;
	}
	if (hold) {
		audio_device_stop_output(s->ad, NULL);
		s->holding = 1;
		s->holds++;
	} else if (resume) {
		s->holding = 0;
		s->resumes++;
		replay_go_back(s->replay);
	}
	return 0;
}

/* One frame to the speakers, then keys and the microphone.  With the
 * canceller the microphone is read while every turn is spoken, so that its
 * picture of what was played stays whole; without it, only while the
 * listener watches. */
static int output_frame(struct session *s, const int16_t *frame)
{
	if (audio_device_write(s->ad, frame, BLOCK, &s->err) != 0)
		return 1;
	if (key_while_speaking(s))
		return 1;
	if (s->ec || s->watching)
		return hear_while_speaking(s, frame);
	return 0;
}

/* Plays what a hold left: silence while holding (the microphone still
 * heard), then the frames from where it goes on.  Returns nonzero to stop. */
static int catch_up(struct session *s)
{
	static const int16_t quiet[BLOCK];
	for (;;) {
		const int16_t *again = NULL;
		if (s->holding) {
			if (output_frame(s, quiet))
				return 1;
		} else if ((again = replay_next(s->replay))) {
			if (output_frame(s, again))
				return 1;
		} else {
			return 0;
		}
	}
}

/* The next frame of the turn. */
static int play_frame(struct session *s, const int16_t *frame)
{
	if (catch_up(s))
		return 1;
	replay_played(s->replay, frame);
	return output_frame(s, frame);
}

/* Plays what Flite makes, in whole frames (the rest waits for the next
 * call, or for flush_played).  Returns nonzero to stop the synthesis. */
static int play(const int16_t *samples, size_t n, int rate_hz, void *user)
{
	struct session *s = user;
	(void)rate_hz;
	while (n > 0) {
		size_t take = BLOCK - s->n_played < n ? BLOCK - s->n_played : n;
		memcpy(s->played + s->n_played, samples, take * sizeof *samples);
		s->n_played += take;
		samples += take;
		n -= take;
		if (s->n_played < BLOCK)
			break;
		s->n_played = 0;
		if (play_frame(s, s->played))
			return 1;
	}
	return 0;
}

/* The last part frame of a turn, padded with silence. */
static void flush_played(struct session *s)
{
	if (s->n_played == 0)
		return;
	memset(s->played + s->n_played, 0, (BLOCK - s->n_played) * sizeof *s->played);
	s->n_played = 0;
	play_frame(s, s->played);
}

/* The end of the text: a hold still open is decided before the turn ends
 * (a backchannel to the last words gets them said again; an interruption
 * starts the candidate's turn). */
static void finish_playing(struct session *s)
{
	flush_played(s);
	catch_up(s);
}

/* Says text once; returns -1 on error.  s->quit, s->barged, s->say_again,
 * s->ask_again tell why it stopped early.  watch: the candidate may
 * interrupt (when barge-in is on) - a turn that asks something, not a
 * prompt said in the middle of the candidate's turn, whose words the
 * listener is still holding. */
static int speak(struct session *s, const char *text, int show, int watch)
{
	s->barged = s->say_again = s->ask_again = 0;
	iv_error_clear(&s->err);
	s->watching = s->barge_mode != BARGE_OFF && watch;
	s->mic_read = 0;
	s->n_played = 0;
	s->holding = 0;
	replay_clear(s->replay);
	if (show)
		caption("Interviewer", text);
	if (s->watching && duplex_speaking(s->duplex, DUPLEX_UNTIL_LISTEN, &s->err) != 0)
		return -1;
	int rc = voice_speak_stream(s->vs, text, play, s, &s->err);
	if (rc == 0)
		finish_playing(s);
	s->watching = 0;
	/* A muted microphone piled up the interviewer's voice: throw it away. */
	if (!s->barged && !s->mic_read)
		audio_device_drain_input(s->ad);
	return rc < 0 || s->err.message[0] ? -1 : 0;
}

/* Says text until it has been said: from the start again after a pause,
 * and the question again on r (the words again, without a new caption).
 * Returns -1 on error; s->quit and s->barged tell why it stopped, and
 * s->ask_again that r was pressed during a prompt (watch 0): the caller
 * drops the candidate's turn first. */
static int say(struct session *s, const char *text, int watch)
{
	int show = 1;
	for (;;) {
		if (speak(s, text, show, watch) != 0)
			return -1;
		if (s->quit || s->barged || (s->ask_again && !watch))
			return 0;
		if (s->ask_again && s->last_question) {
			show = strcmp(text, s->last_question) != 0;
			text = s->last_question;
			continue;
		}
		if (!s->say_again)
			return 0;
		show = 0;
	}
}

/* ---------------------------------------------------------------- listening */


/* p or r while the candidate's turn was being heard (or r during a
 * prompt): what was heard of it is dropped, and the turn starts again after
 * the pause, or after the question said again.  Returns 0, 1 when the
 * interview should end, -1. */
static int start_over(struct session *s, int key)
{
	duplex_idle(s->duplex);
	if (key == 'p' && pause_until_resumed(s))
		return 1;
	if (key == 'r' && s->last_question && say(s, s->last_question, 1) != 0)
		return -1;
	if (s->quit)
		return 1;
	if (!s->barged && duplex_words_over(s->duplex, &s->err) != 0)
		return -1;
	s->barged = 0;
	return 0;
}

/* A long silence: something gentle, and the turn goes on.  Returns -1 on
 * error; s->quit, s->ask_again say what the candidate pressed meanwhile. */
static int say_prompt(struct session *s)
{
	printf("\r\033[K");
	int n = duplex_prompts(s->duplex);
	return say(s, n == 1 ? "Take your time." : "No rush. Whenever you're ready.", 0);
}

/* The next 20 ms of the microphone, cleaned of the interviewer's echo.
 * Returns 0, 1 at the end of a file input, -1. */
static int read_microphone(struct session *s, int16_t *buf)
{
	static const int16_t nothing_played[BLOCK];
	int rc = audio_device_read(s->ad, buf, BLOCK, &s->err);
	if (rc < 0)
		return -1;
	/* The echo of the interviewer's last words is still arriving as the
	 * candidate's turn starts: the canceller takes it out (and passes the
	 * microphone untouched once it is over). */
	if (s->ec &&
	    echo_canceller_process(s->ec, buf, BLOCK, nothing_played, BLOCK, buf, &s->err) != 0)
		return -1;
	return rc;
}

/* Hears one candidate turn.  Returns 0 with out filled, 1 when the
 * interview should end (q, or the input ran out with nothing said), -1. */
static int hear_turn(struct session *s, struct duplex_result *out)
{
	memset(out, 0, sizeof *out);
	if (!s->barged && duplex_words_over(s->duplex, &s->err) != 0)
		return -1;
	s->barged = 0;
	int16_t buf[BLOCK];
	for (int block = 0;; block++) {
		int rc = read_microphone(s, buf);
		if (rc < 0)
			return -1;
		if (duplex_feed(s->duplex, buf, BLOCK, out, &s->err) != 0)
			return -1;
		if (rc == 1 && !out->turn_ended) {
			s->input_over = 1;
			if (duplex_speech_ms(s->duplex) == 0) {
				duplex_result_release(out);
				duplex_idle(s->duplex);
				return 1;
			}
			duplex_result_release(out);
			if (duplex_end_turn(s->duplex, out, &s->err) != 0)
				return -1;
		}
		if (out->turn_ended)
			break;
		int k, prompt = out->prompt;
		if (block % 10 == 0) { /* the listening line, with the words so far */
			printf("\r\033[K  you: %.100s", duplex_partial(s->duplex));
			fflush(stdout);
		}
		duplex_result_release(out);
		if (prompt) {
			if (say_prompt(s) != 0)
				return -1;
			if (s->quit)
				return 1;
			if (!s->ask_again)
				continue;
			k = 'r';
		} else {
			k = key_pressed(s, 0);
		}
		if (k == 'q')
			return 1;
		if (k == 'p' || k == 'r') {
			int rc_again = start_over(s, k);
			if (rc_again != 0)
				return rc_again;
			continue;
		}
	}
	printf("\r\033[K");
	return 0;
}

/* ---------------------------------------------------------------- the interview */

/* With --llm-url: the first sentence of the LLM's words, said while the
 * rest of the reply streams in (docs/llm.md); the candidate may talk over
 * it as over any turn. */
static void say_early(void *user, const char *sentence)
{
	struct session *s = user;
	if (s->quit || s->early_failed)
		return;
	s->spoke_early = 1;
	if (speak(s, sentence, 1, 1) != 0)
		s->early_failed = 1;
}

/* Says what is left of the turn live_next returned. */
static int say_turn(struct session *s, const struct interviewer_turn *turn)
{
	if (!s->spoke_early)
		return say(s, turn->text, 1);
	if (s->early_failed)
		return -1;
	if (s->say_again || s->ask_again) /* p or r during the first sentence: all again */
		return say(s, turn->text, 1);
	const char *rest = live_rest_to_say(s->lv, turn);
	if (s->quit || s->barged || !*rest)
		return 0;
	return say(s, rest, 1);
}

static int interview_loop(struct session *s)
{
	struct interviewer_turn turn;
	s->lv->say_early = say_early;
	s->lv->say_early_user = s;
	while (!interview_is_over(s->lv->iv)) {
		s->spoke_early = s->early_failed = 0;
		if (live_next(s->lv, &turn, &s->err) != 0)
			return -1;
		free(s->last_question);
		s->last_question = strdup(turn.text);
		if (say_turn(s, &turn) != 0)
			return -1;
		if (s->quit || turn.is_final)
			return 0;
		struct duplex_result rep;
		int asked_again = 0;
		for (;;) {
			int rc = hear_turn(s, &rep);
			if (rc != 0)
				return rc < 0 ? -1 : 0;
			int low = rep.n_words > 0 && rep.confidence < VOICE_LOW_CONFIDENCE;
			if (!low || asked_again || s->input_over)
				break;
			caption("You (unclear)", rep.text);
			duplex_result_release(&rep);
			asked_again = 1;
			if (say(s, "Sorry, I didn't quite catch that. Could you say it again?",
				1) != 0)
				return -1;
			if (s->quit)
				return 0;
		}
		if (rep.fallback_reason)
			fprintf(stderr, "interviewer voice: heard locally: %s\n", rep.fallback_reason);
		caption("You", rep.text[0] ? rep.text : "(silence)");
		int rc = live_reply(s->lv, rep.text, rep.seconds, rep.confidence, &s->err);
		duplex_result_release(&rep);
		if (rc != 0)
			return -1;
		if (s->input_over)
			return 0;
	}
	return 0;
}

/* INTERVIEWER_BARGE_IN: unset, "" or "echo"; "0" or "off"; "headphones" or "1". */
static int barge_mode_from_env(enum barge_mode *mode, struct iv_error *err)
{
	const char *v = getenv("INTERVIEWER_BARGE_IN");
	if (!v || !*v || strcmp(v, "echo") == 0)
		*mode = BARGE_ECHO;
	else if (strcmp(v, "0") == 0 || strcmp(v, "off") == 0)
		*mode = BARGE_OFF;
	else if (strcmp(v, "1") == 0 || strcmp(v, "headphones") == 0)
		*mode = BARGE_HEADPHONES;
	else {
		iv_error_set(err,
			     "INTERVIEWER_BARGE_IN is \"%s\": use echo (the default: interrupting "
			     "on speakers), headphones, or 0 (no interrupting)",
			     v);
		return -1;
	}
	return 0;
}

static int open_voice(struct session *s, const struct cli_options *o)
{
	if (barge_mode_from_env(&s->barge_mode, &s->err) != 0)
		return -1;
	s->vh = voice_hearing_new(cli_data_dir(o), o->stt_url, &s->err);
	if (!s->vh)
		return -1;
	s->vs = voice_speaking_new(cli_data_dir(o), o->voice, o->wpm, &s->err);
	if (!s->vs)
		return -1;
	s->ad = audio_device_open(NULL, NULL, 1, 1, &s->err);
	if (!s->ad)
		return -1;
	s->duplex = duplex_new(s->vh, &s->err);
	if (!s->duplex)
		return -1;
	if (s->barge_mode == BARGE_ECHO && !(s->ec = echo_canceller_new(NULL, &s->err)))
		return -1;
	s->replay = replay_new(NULL);
	if (!s->replay) {
		iv_error_set(&s->err, "out of memory");
		return -1;
	}
	return 0;
}

static void close_voice(struct session *s)
{
	echo_canceller_free(s->ec);
	replay_free(s->replay);
	duplex_free(s->duplex);
	audio_device_close(s->ad);
	voice_speaking_free(s->vs);
	voice_hearing_free(s->vh);
	free(s->last_question);
}

static const char *barge_in_note(enum barge_mode mode)
{
	switch (mode) {
	case BARGE_ECHO:
		return "You can interrupt the interviewer by talking over it (its own voice is "
		       "echo-cancelled).";
	case BARGE_HEADPHONES:
		return "You can interrupt the interviewer by talking over it: use headphones "
		       "(no echo cancellation).";
	default:
		return "Answer after the interviewer has finished.";
	}
}

static int run_voice(const struct cli_options *o)
{
	struct iv_error err = {{0}};
	struct session s;
	memset(&s, 0, sizeof s);
	if (open_voice(&s, o) != 0) {
		fprintf(stderr, "interviewer voice: %s\n", s.err.message);
		close_voice(&s);
		return 1;
	}
	struct content c;
	if (content_load(cli_data_dir(o), o->playbook, &c, &err)) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		close_voice(&s);
		return 1;
	}
	struct store *st = store_open(o->db, &err);
	struct live lv;
	struct llm_wording *wording = NULL;
	struct llm_judge *judge = NULL;
	int status = 1;
	if (!st) {
		fprintf(stderr, "interviewer: %s\n", err.message);
	} else if (live_start(&lv, &c, st, o, &err)) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		store_close(st);
		st = NULL;
	} else if ((!(wording = cli_llm_wording(o, &c, &err)) && err.message[0]) ||
		   (!(judge = cli_llm_judge(o, &c, &err)) && err.message[0])) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		live_release(&lv);
		store_close(st);
		st = NULL;
	} else {
		lv.wording = wording;
		lv.judge = judge;
		s.lv = &lv;
		printf("A spoken interview; pauses to think are fine.\n%s\n"
		       "Keys: p pause, r repeat the question, q end.\n\n",
		       barge_in_note(s.barge_mode));
		keys_on(&s);
		int rc = interview_loop(&s);
		keys_off(&s);
		if (rc != 0)
			fprintf(stderr, "interviewer voice: %s\n", s.err.message);
		char *scorecard = conversation_finish(&lv, &err);
		if (!scorecard && err.message[0])
			fprintf(stderr, "interviewer: %s\n", err.message);
		free(scorecard);
		printf("\nThe interview is over and stored as session %s.\n"
		       "  interviewer transcript %s\n",
		       lv.session_id, lv.session_id);
		if (s.barge_mode != BARGE_OFF)
			printf("  talking over the interviewer: it went quiet %d times, went on "
			       "after %d (backchannels), stopped for %d interruptions\n",
			       s.holds, s.resumes, s.barge_ins);
		status = rc != 0;
		live_release(&lv);
	}
	llm_wording_free(wording);
	llm_judge_free(judge);
	if (st)
		store_close(st);
	content_release(&c);
	close_voice(&s);
	return status;
}
