/*
 * serve_proc.c - `interviewer serve` as a process of its own (see
 * serve_proc.h).
 */
#include "serve_proc.h"

#include <jansson.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_support.h"
#include "web_client.h"

void served_start(struct served *s, const char *db)
{
	static const char marker[] = "listening on http://127.0.0.1:";
	int pipefd[2];
	assert_int_equal(pipe(pipefd), 0);
	s->pid = fork();
	assert_true(s->pid >= 0);
	if (s->pid == 0) {
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		close(pipefd[1]);
		execl(ts_binary(), ts_binary(), "serve", "--port", "0", "--db", db, "--virtual-clock",
		      "--max-voice", "0", (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	s->err = fdopen(pipefd[0], "r");
	char line[512];
	s->port = 0;
	while (!s->port && fgets(line, sizeof line, s->err)) {
		const char *p = strstr(line, marker);
		if (p)
			s->port = atoi(p + strlen(marker));
		else
			fprintf(stderr, "serve: %s", line);
	}
	assert_true(s->port > 0);
}

void served_stop(struct served *s, int sig)
{
	kill(s->pid, sig);
	int status;
	waitpid(s->pid, &status, 0);
	if (sig == SIGTERM)
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	else
		assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	fclose(s->err);
}

int served_answer(struct ws_client *c, int k)
{
	json_t *say = NULL;
	for (int i = 0; i < k; i++) {
		char msg[200];
		snprintf(msg, sizeof msg,
			 "{\"text\": \"Answer number %d: we kept the queue bounded and measured p99 latency.\"}", i);
		assert_int_equal(ws_send_text(c, msg), 0);
		json_decref(say);
		say = ws_wait_event(c, "say", 20);
		assert_non_null(say);
	}
	int turn = (int)json_integer_value(json_object_get(say, "turn"));
	json_decref(say);
	return turn;
}
