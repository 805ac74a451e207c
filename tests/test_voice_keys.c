/*
 * test_voice_keys.c - the keys of `interviewer voice` pressed on a real
 * terminal: the program runs inside tmux (its own server, on a private
 * socket) with file devices that keep real time (INTERVIEWER_AUDIO_REALTIME),
 * and the test presses keys with send-keys and reads the screen with
 * capture-pane.
 *
 * Asserted: p pauses and p goes on; r while the candidate's turn is heard
 * says the question again; q ends the interview, which is stored; Ctrl-C
 * ends it the same way and leaves the terminal as it was (echo on).
 * Skipped when tmux is not installed (the Makefile's Debian packages
 * include it).
 */
#include "test_support.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "voice/wav.h"

static char socket_name[64];

static int tmux_missing(void)
{
	return system("tmux -V >/dev/null 2>&1") != 0;
}

/* Runs a tmux command on the test's own server; returns its exit status. */
static int tmux(const char *args)
{
	char *cmd;
	if (asprintf(&cmd, "tmux -L %s %s >/dev/null 2>&1", socket_name, args) < 0)
		return -1;
	int rc = system(cmd);
	free(cmd);
	return rc;
}

/* The screen of the session (malloc'd). */
static char *screen(void)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "tmux -L %s capture-pane -p -J -S -200 -t keys 2>/dev/null",
		 socket_name);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t cap = 1 << 16, len = 0;
	char *text = malloc(cap);
	size_t got;
	while ((got = fread(text + len, 1, cap - 1 - len, p)) > 0)
		len += got;
	text[len] = '\0';
	pclose(p);
	return text;
}

static size_t count(const char *text, const char *what)
{
	size_t n = 0;
	for (const char *at = strstr(text, what); at; at = strstr(at + 1, what))
		n++;
	return n;
}

/* Waits up to timeout_s for what to be on the screen at least times times;
 * fails the test with the screen otherwise. */
static void wait_for(const char *what, size_t times, double timeout_s)
{
	for (int waited_ms = 0;; waited_ms += 100) {
		char *text = screen();
		int found = count(text, what) >= times;
		if (found || waited_ms >= timeout_s * 1000) {
			if (!found)
				print_message("the screen:\n%s\n", text);
			free(text);
			if (!found)
				fail_msg("waited %.0f s for \"%s\" (x%zu)", timeout_s, what,
					 times);
			return;
		}
		free(text);
		struct timespec t = {0, 100000000L};
		nanosleep(&t, NULL);
	}
}

/* Starts `voice` in a fresh tmux session "keys", with a minute of silence as
 * the candidate; after it exits the shell prints its status and whether the
 * terminal echoes. */
static void start_voice(const char *dir)
{
	int16_t *silence = calloc(16000 * 60, sizeof *silence);
	char *in = ts_path(dir, "silence.wav"), *out = ts_path(dir, "out.wav");
	char *db = ts_path(dir, "keys.db");
	struct iv_error err = {{0}};
	assert_int_equal(wav_write(in, silence, 16000 * 60, 16000, &err), 0);
	char binary[PATH_MAX];
	assert_non_null(realpath(ts_binary(), binary));
	char *args;
	int len = asprintf(&args,
		 "new-session -d -s keys -x 120 -y 50 'env INTERVIEWER_AUDIO_REALTIME=1 "
		 "INTERVIEWER_AUDIO_IN=file:%s INTERVIEWER_AUDIO_OUT=file:%s %s voice --db %s "
		 "--voice kal16 --wpm 260 --seed 3; echo \"[exit $?]\"; stty -a | grep -o "
		 "\"[-]*echo \" | head -1 | sed \"s/^/[tty /; s/ *$/]/\"; sleep 120'",
		 in, out, binary, db);
	assert_true(len > 0);
	tmux("kill-session -t keys"); /* one a failed test left */
	assert_int_equal(tmux(args), 0);
	free(args), free(silence), free(in), free(out), free(db);
}

/* Waits for the program to end and the shell after it to report the
 * terminal (the "[tty ...]" line comes after "[exit N]", so waiting for the
 * exit alone can read the screen between the two); asserts the exit status
 * was 0 and echo is on. Returns the screen (malloc'd). */
static char *ended_screen(void)
{
	wait_for("[tty ", 1, 30);
	char *text = screen();
	int exited = strstr(text, "[exit 0]") != NULL;
	int echo = strstr(text, "[tty echo]") != NULL;
	if (!exited || !echo) {
		print_message("the screen:\n%s\n", text);
		free(text);
		fail_msg("expected [exit 0] and [tty echo] on the screen");
	}
	return text;
}

/* The session id in "stored as session ID." on the screen. */
static void stored_session(const char *text, char *id, size_t cap)
{
	const char *at = strstr(text, "stored as session ");
	assert_non_null(at);
	at += strlen("stored as session ");
	snprintf(id, cap, "%.*s", (int)strcspn(at, ".\n"), at);
}

static int setup(void **state)
{
	(void)state;
	snprintf(socket_name, sizeof socket_name, "iv-test-keys-%d", (int)getpid());
	return ts_group_tmpdir_setup(state);
}

static int teardown(void **state)
{
	tmux("kill-server");
	return ts_group_tmpdir_teardown(state);
}

static void test_pause_repeat_and_quit(void **state)
{
	(void)state;
	if (tmux_missing())
		skip();
	start_voice(ts_group_dir);
	wait_for("Interviewer: ", 1, 20);
	/* p while the interviewer speaks: paused; p again: it goes on. */
	assert_int_equal(tmux("send-keys -t keys p"), 0);
	wait_for("[paused: press p to go on, q to end]", 1, 15);
	assert_int_equal(tmux("send-keys -t keys p"), 0);
	wait_for("[going on]", 1, 15);
	/* Once the greeting is over and the candidate's turn is heard, r says
	 * the question again, captioned again. */
	wait_for("  you:", 1, 40);
	assert_int_equal(tmux("send-keys -t keys r"), 0);
	wait_for("Sam Rivera", 2, 15);
	/* q ends the interview; it is stored. */
	assert_int_equal(tmux("send-keys -t keys q"), 0);
	char *text = ended_screen();
	char id[64];
	stored_session(text, id, sizeof id);
	free(text);
	char *db = ts_path(ts_group_dir, "keys.db");
	const char *show[] = {"interviewer", "transcript", id, "--db", db, NULL};
	char *out = NULL, *err = NULL;
	assert_int_equal(ts_run(show, NULL, 0, &out, &err), 0);
	assert_non_null(strstr(out, "Sam Rivera"));
	free(out), free(err), free(db);
	tmux("kill-session -t keys");
}

static void test_ctrl_c_ends_and_restores_the_terminal(void **state)
{
	(void)state;
	if (tmux_missing())
		skip();
	char *dir = ts_path(ts_group_dir, "ctrl-c");
	char mkdir_cmd[600];
	snprintf(mkdir_cmd, sizeof mkdir_cmd, "mkdir -p '%s'", dir);
	assert_int_equal(system(mkdir_cmd), 0);
	start_voice(dir);
	wait_for("Interviewer: ", 1, 20);
	assert_int_equal(tmux("send-keys -t keys C-c"), 0);
	char *text = ended_screen();
	int stored = strstr(text, "stored as session") != NULL;
	free(text);
	assert_true(stored);
	free(dir);
	tmux("kill-session -t keys");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pause_repeat_and_quit),
		cmocka_unit_test(test_ctrl_c_ends_and_restores_the_terminal),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
