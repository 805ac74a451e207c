/*
 * cmd_voice.c - `interviewer voice`: a spoken interview at the terminal,
 * with the default microphone and speakers, live captions, and keys: p to
 * pause and resume, r to hear the last question again, q to end.
 *
 * The loop: the engine's turn is spoken sentence by sentence as Flite makes
 * it; then the microphone is heard through the recognizer and the
 * endpointer until the candidate's turn is over; a long silence gets a
 * gentle prompt; words heard badly get one "could you say that again?";
 * the words go back to the engine with their confidence.  While the
 * interviewer speaks, the microphone is muted (its buffer is drained after)
 * so its own voice is never heard as the candidate's; with headphones,
 * INTERVIEWER_BARGE_IN=1 listens instead and stops talking when the
 * candidate interrupts.  INTERVIEWER_AUDIO_IN=file:ANSWERS.wav and
 * INTERVIEWER_AUDIO_OUT=file:OUT.wav run the same loop without a sound card.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "commands.h"
#include "conversation.h"
#include "live.h"
#include "voice/audio_device.h"
#include "voice/listen.h"
#include "voice/voice.h"

#define BLOCK 320 /* 20 ms */

struct session {
	struct live *lv;
	struct voice_hearing *vh;
	struct voice_speaking *vs;
	struct audio_device *ad;
	struct listener *listener;
	int barge_in;       /* listen while speaking (headphones) */
	int barged;         /* the candidate interrupted: the listener holds the turn */
	int quit, repeat, input_over;
	char *last_question;
	struct termios saved_tty;
	int raw_tty;
	struct iv_error err;
};

/* ---------------------------------------------------------------- keys */

static void keys_on(struct session *s)
{
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

/* The key pressed, or 0. */
static int key_pressed(struct session *s, int wait_ms)
{
	if (!s->raw_tty)
		return 0;
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	if (poll(&p, 1, wait_ms) <= 0)
		return 0;
	char c;
	return read(STDIN_FILENO, &c, 1) == 1 ? c : 0;
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

/* Plays what Flite makes; between blocks, keys and (with barge-in) the
 * microphone.  Returns nonzero to stop the synthesis. */
static int play(const int16_t *samples, size_t n, int rate_hz, void *user)
{
	struct session *s = user;
	(void)rate_hz;
	for (size_t i = 0; i < n; i += BLOCK) {
		size_t len = n - i < BLOCK ? n - i : BLOCK;
		if (audio_device_write(s->ad, samples + i, len, &s->err) != 0)
			return 1;
		switch (key_pressed(s, 0)) {
		case 'q':
			s->quit = 1;
			return 1;
		case 'r':
			s->repeat = 1;
			return 1;
		case 'p':
			audio_device_stop_output(s->ad, NULL);
			if (pause_until_resumed(s))
				s->quit = 1;
			else
				s->repeat = 1; /* say the turn again from the start */
			return 1;
		default:
			break;
		}
		if (!s->barge_in)
			continue;
		int16_t mic[BLOCK];
		if (audio_device_read(s->ad, mic, len, &s->err) < 0)
			return 1;
		if (listener_feed(s->listener, mic, len, NULL, &s->err) == ENDPOINT_BARGE_IN) {
			audio_device_stop_output(s->ad, NULL);
			s->barged = 1;
			caption("(interrupted)", "go ahead");
			return 1;
		}
	}
	return 0;
}

/* Says text; returns -1 on error.  s->quit, s->repeat, s->barged tell why
 * it stopped early.  watch: listen for barge-in (when it is on) - a turn
 * that asks something, not a prompt said in the middle of the candidate's
 * turn, whose words the listener is still holding. */
static int speak(struct session *s, const char *text, int show, int watch)
{
	s->repeat = s->barged = 0;
	int watching = s->barge_in && watch;
	if (show)
		caption("Interviewer", text);
	if (watching && listener_begin(s->listener, 1, &s->err) != 0)
		return -1;
	int saved = s->barge_in;
	s->barge_in = watching;
	int rc = voice_speak_stream(s->vs, text, play, s, &s->err);
	s->barge_in = saved;
	if (!s->barged)
		audio_device_drain_input(s->ad);
	return rc < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- listening */

struct reply {
	struct stt_result r;
	double seconds;
};

/* Hears one candidate turn.  Returns 0 with out filled, 1 when the
 * interview should end (q, or the input ran out with nothing said), -1. */
static int hear_turn(struct session *s, struct reply *out)
{
	memset(out, 0, sizeof *out);
	if (!s->barged && listener_begin(s->listener, 0, &s->err) != 0)
		return -1;
	s->barged = 0;
	int16_t buf[BLOCK];
	size_t samples = 0;
	for (int block = 0;; block++) {
		int rc = audio_device_read(s->ad, buf, BLOCK, &s->err);
		if (rc < 0)
			return -1;
		samples += BLOCK;
		enum endpoint_event e = listener_feed(s->listener, buf, BLOCK, NULL, &s->err);
		if (rc == 1 && e != ENDPOINT_END_OF_TURN) {
			s->input_over = 1;
			if (endpoint_speech_ms(listener_endpointer(s->listener)) == 0) {
				listener_finish(s->listener, &out->r, &s->err);
				stt_result_release(&out->r);
				return 1;
			}
			e = ENDPOINT_END_OF_TURN;
		}
		if (e == ENDPOINT_END_OF_TURN)
			break;
		if (e == ENDPOINT_PROMPT) {
			printf("\r\033[K");
			if (speak(s, endpoint_prompts(listener_endpointer(s->listener)) == 1
					     ? "Take your time."
					     : "No rush. Whenever you're ready.",
				  1, 0) != 0)
				return -1;
			if (s->quit)
				return 1;
			continue;
		}
		if (block % 10 == 0) {
			printf("\r\033[K  you: %.100s", listener_partial(s->listener));
			fflush(stdout);
		}
		int k = key_pressed(s, 0);
		if (k == 'q')
			return 1;
		if (k == 'p' || k == 'r') {
			struct stt_result discard;
			listener_finish(s->listener, &discard, &s->err);
			stt_result_release(&discard);
			if (k == 'p' && pause_until_resumed(s))
				return 1;
			if (k == 'r' && s->last_question && speak(s, s->last_question, 1, 1) != 0)
				return -1;
			if (s->quit)
				return 1;
			if (!s->barged && listener_begin(s->listener, 0, &s->err) != 0)
				return -1;
			s->barged = 0;
			samples = 0;
		}
	}
	if (listener_finish(s->listener, &out->r, &s->err) != 0)
		return -1;
	out->seconds = (double)samples / 16000.0;
	printf("\r\033[K");
	return 0;
}

/* ---------------------------------------------------------------- the interview */

static int interview_loop(struct session *s)
{
	struct interviewer_turn turn;
	while (!interview_is_over(s->lv->iv)) {
		if (live_next(s->lv, &turn, &s->err) != 0)
			return -1;
		free(s->last_question);
		s->last_question = strdup(turn.text);
		do {
			if (speak(s, turn.text, !s->repeat, 1) != 0)
				return -1;
		} while (s->repeat && !s->quit);
		if (s->quit || turn.is_final)
			return 0;
		struct reply rep;
		int asked_again = 0;
		for (;;) {
			int rc = hear_turn(s, &rep);
			if (rc != 0)
				return rc < 0 ? -1 : 0;
			int low = rep.r.n_words > 0 && rep.r.confidence < VOICE_LOW_CONFIDENCE;
			if (!low || asked_again || s->input_over)
				break;
			caption("You (unclear)", rep.r.text);
			stt_result_release(&rep.r);
			asked_again = 1;
			if (speak(s, "Sorry, I didn't quite catch that. Could you say it again?", 1, 1) !=
			    0)
				return -1;
			if (s->quit)
				return 0;
		}
		caption("You", rep.r.text[0] ? rep.r.text : "(silence)");
		int rc = live_reply(s->lv, rep.r.text, rep.seconds,
				    rep.r.n_words ? rep.r.confidence : 1.0, &s->err);
		stt_result_release(&rep.r);
		if (rc != 0)
			return -1;
		if (s->input_over)
			return 0;
	}
	return 0;
}

static int open_voice(struct session *s, const struct cli_options *o)
{
	s->vh = voice_hearing_new(cli_data_dir(o), NULL, &s->err);
	if (!s->vh)
		return -1;
	s->vs = voice_speaking_new(cli_data_dir(o), o->voice, o->wpm, &s->err);
	if (!s->vs)
		return -1;
	s->ad = audio_device_open(NULL, NULL, 1, 1, &s->err);
	if (!s->ad)
		return -1;
	s->listener = listener_new(voice_hearing_recognizer(s->vh), NULL, &s->err);
	if (!s->listener)
		return -1;
	const char *barge = getenv("INTERVIEWER_BARGE_IN");
	s->barge_in = barge && *barge && strcmp(barge, "0") != 0;
	return 0;
}

static void close_voice(struct session *s)
{
	listener_free(s->listener);
	audio_device_close(s->ad);
	voice_speaking_free(s->vs);
	voice_hearing_free(s->vh);
	free(s->last_question);
}

int cmd_voice(int argc, char **argv)
{
	struct cli_options o;
	struct iv_error err = {{0}};
	if (cli_parse_options(argc, argv, &o, &err)) {
		fprintf(stderr, "interviewer voice: %s\n", err.message);
		return 2;
	}
	if (o.n_positional) {
		fprintf(stderr, "interviewer voice: unexpected argument '%s'\n", o.positional[0]);
		return 2;
	}
	struct session s;
	memset(&s, 0, sizeof s);
	if (open_voice(&s, &o) != 0) {
		fprintf(stderr, "interviewer voice: %s\n", s.err.message);
		close_voice(&s);
		return 1;
	}
	struct content c;
	if (content_load(cli_data_dir(&o), o.playbook, &c, &err)) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		close_voice(&s);
		return 1;
	}
	struct store *st = store_open(o.db, &err);
	struct live lv;
	int status = 1;
	if (!st) {
		fprintf(stderr, "interviewer: %s\n", err.message);
	} else if (live_start(&lv, &c, st, &o, &err)) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		store_close(st);
		st = NULL;
	} else {
		s.lv = &lv;
		printf("A spoken interview. Answer after the interviewer has finished; pauses to "
		       "think are fine.\nKeys: p pause, r repeat the question, q end.%s\n\n",
		       s.barge_in ? " (Barge-in on: use headphones.)" : "");
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
		status = rc != 0;
		live_release(&lv);
	}
	if (st)
		store_close(st);
	content_release(&c);
	close_voice(&s);
	return status;
}
