/*
 * conversation_terminal.c - an interview with a person at a terminal.  The
 * interviewer's turns are shown with the phase and the elapsed time; the
 * candidate types with line editing and history (libedit).  Ctrl-C or
 * Ctrl-D leaves: every turn is already stored, and `interviewer resume ID`
 * continues.  Commands: /repeat shows the last question again, /quit leaves.
 */
#include <editline/readline.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conversation.h"

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void print_wrapped(const char *text, int indent)
{
	int col = indent;
	const char *p = text;
	while (*p) {
		const char *sp = strchr(p, ' ');
		int len = sp ? (int)(sp - p) : (int)strlen(p);
		if (col + len > 76 && col > indent) {
			printf("\n%*s", indent, "");
			col = indent;
		}
		printf("%.*s", len, p);
		col += len;
		p += len;
		if (*p == ' ') {
			putchar(' ');
			col++;
			p++;
		}
	}
	putchar('\n');
}

static void show_turn(const struct live *lv, const struct interviewer_turn *turn, double t)
{
	int tty = isatty(STDOUT_FILENO);
	int minutes = (int)(t / 60), seconds = (int)t % 60;
	printf("\n%s[%s  %02d:%02d]%s %s:\n  ", tty ? "\033[2m" : "", phase_name(turn->phase),
	       minutes, seconds, tty ? "\033[0m" : "", playbook_persona_name(lv->content->playbook));
	if (tty)
		fputs("\033[1m", stdout);
	print_wrapped(turn->text, 2);
	if (tty)
		fputs("\033[0m", stdout);
	fflush(stdout);
}

static void saved_note(const struct live *lv)
{
	printf("\nSaved. Continue later with: interviewer resume %s\n", lv->session_id);
}

int conversation_terminal(struct live *lv, const struct cli_options *o)
{
	struct iv_error err;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, NULL);
	printf("interviewer: %s interview (session %s). Type your answers; /repeat, /quit.\n",
	       playbook_role(lv->content->playbook), lv->session_id);
	if (lv->has_pending) {
		show_turn(lv, &lv->pending, lv->tr->turns[lv->tr->n_turns - 1].t);
	} else {
		struct interviewer_turn turn;
		if (live_next(lv, &turn, &err)) {
			fprintf(stderr, "interviewer: %s\n", err.message);
			return 1;
		}
		show_turn(lv, &turn, lv->tr->turns[lv->tr->n_turns - 1].t);
	}
	while (lv->has_pending) {
		char *line = readline("> ");
		if (!line || interrupted) {
			free(line);
			saved_note(lv);
			return 0;
		}
		if (!strcmp(line, "/quit")) {
			free(line);
			saved_note(lv);
			return 0;
		}
		if (!strcmp(line, "/repeat")) {
			free(line);
			show_turn(lv, &lv->pending, lv->tr->turns[lv->tr->n_turns - 1].t);
			continue;
		}
		if (*line)
			add_history(line);
		if (!text_is_valid_utf8(line, strlen(line))) {
			free(line);
			printf("  (that line was not valid UTF-8; please type it again)\n");
			continue;
		}
		int rc = live_reply(lv, line, -1, 1.0, &err);
		free(line);
		struct interviewer_turn turn;
		if (rc || live_next(lv, &turn, &err)) {
			fprintf(stderr, "interviewer: %s\n", err.message);
			return 1;
		}
		show_turn(lv, &turn, lv->tr->turns[lv->tr->n_turns - 1].t);
	}
	char *scorecard = conversation_finish(lv, &err);
	if (!scorecard && err.message[0])
		fprintf(stderr, "interviewer: %s\n", err.message);
	free(scorecard);
	printf("\nThe interview is over and stored as session %s.\n"
	       "  interviewer transcript %s\n",
	       lv->session_id, lv->session_id);
	return 0;
}
