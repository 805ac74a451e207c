/*
 * test_support.c - see test_support.h.
 */
#include "test_support.h"

#include "rubric.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef IV_SHARED_DIR
#define IV_SHARED_DIR "../shared"
#endif

void ts_load_content(struct content *c)
{
	struct iv_error err = {{0}};
	int rc = content_load(cli_data_dir(NULL), NULL, c, &err);
	if (rc)
		fail_msg("loading the content: %s", err.message);
}

char *ts_tmpdir(void)
{
	char tmpl[] = "/tmp/iv-test-XXXXXX";
	char *d = mkdtemp(tmpl);
	assert_non_null(d);
	return strdup(d);
}

void ts_rmdir(const char *dir)
{
	char cmd[512];
	if (!dir || strncmp(dir, "/tmp/iv-test-", 13))
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

char *ts_group_dir;

int ts_group_tmpdir_setup(void **state)
{
	(void)state;
	ts_group_dir = ts_tmpdir();
	return 0;
}

int ts_group_tmpdir_teardown(void **state)
{
	(void)state;
	ts_rmdir(ts_group_dir);
	free(ts_group_dir);
	ts_group_dir = NULL;
	return 0;
}

char *ts_path(const char *dir, const char *name)
{
	char *path = malloc(strlen(dir) + strlen(name) + 2);
	assert_non_null(path);
	sprintf(path, "%s/%s", dir, name);
	return path;
}

char *ts_write_file(const char *dir, const char *name, const char *text, size_t len)
{
	char *path = ts_path(dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	return path;
}

const char *ts_binary(void)
{
	const char *b = getenv("IV_BINARY");
	return b && *b ? b : "build/interviewer";
}

const char *ts_shared_dir(void)
{
	const char *s = getenv("IV_SHARED_DIR");
	return s && *s ? s : IV_SHARED_DIR;
}

char *ts_read(const char *path, size_t *len)
{
	struct iv_error err;
	return cli_read_file(path, len, &err);
}

static void append(char **buf, size_t *len, size_t *cap, const char *data, size_t n)
{
	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*buf = realloc(*buf, *cap);
	}
	memcpy(*buf + *len, data, n);
	*len += n;
	(*buf)[*len] = '\0';
}

int ts_run(const char *const *argv, const char *stdin_text, size_t stdin_len, char **out,
	   char **err_out)
{
	int in_pipe[2], out_pipe[2], err_pipe[2];
	if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(in_pipe[0], 0);
		dup2(out_pipe[1], 1);
		dup2(err_pipe[1], 2);
		close(in_pipe[1]);
		close(out_pipe[0]);
		close(err_pipe[0]);
		const char *args[64];
		int n = 0;
		args[n++] = ts_binary();
		for (int i = 1; argv[i] && n < 63; i++)
			args[n++] = argv[i];
		args[n] = NULL;
		execv(args[0], (char *const *)args);
		_exit(127);
	}
	close(in_pipe[0]);
	close(out_pipe[1]);
	close(err_pipe[1]);
	signal(SIGPIPE, SIG_IGN);
	size_t written = 0, olen = 0, ocap = 0, elen = 0, ecap = 0;
	char *obuf = NULL, *ebuf = NULL;
	append(&obuf, &olen, &ocap, "", 0);
	append(&ebuf, &elen, &ecap, "", 0);
	fcntl(in_pipe[1], F_SETFL, O_NONBLOCK);
	int in_open = 1, out_open = 1, err_open = 1;
	if (!stdin_text || stdin_len == 0) {
		close(in_pipe[1]);
		in_open = 0;
	}
	while (out_open || err_open) {
		struct pollfd p[3] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0},
				      {in_open ? in_pipe[1] : -1, POLLOUT, 0}};
		if (poll(p, 3, 60000) <= 0)
			break;
		char buf[65536];
		if (p[0].revents) {
			ssize_t n = read(out_pipe[0], buf, sizeof buf);
			if (n <= 0)
				out_open = 0, p[0].fd = -1;
			else
				append(&obuf, &olen, &ocap, buf, (size_t)n);
		}
		if (p[1].revents) {
			ssize_t n = read(err_pipe[0], buf, sizeof buf);
			if (n <= 0)
				err_open = 0;
			else
				append(&ebuf, &elen, &ecap, buf, (size_t)n);
		}
		if (in_open && p[2].revents) {
			ssize_t n = write(in_pipe[1], stdin_text + written, stdin_len - written);
			if (n > 0)
				written += (size_t)n;
			if (n < 0 || written == stdin_len) {
				close(in_pipe[1]);
				in_open = 0;
			}
		}
		if (!out_open && !err_open)
			break;
		if (!out_open && p[1].fd < 0)
			break;
	}
	if (in_open)
		close(in_pipe[1]);
	close(out_pipe[0]);
	close(err_pipe[0]);
	int status;
	waitpid(pid, &status, 0);
	if (out)
		*out = obuf;
	else
		free(obuf);
	if (err_out)
		*err_out = ebuf;
	else
		free(ebuf);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct rubric *ts_load_rubric(const struct lexicon *lx)
{
	size_t len;
	char *text = ts_read(IV_DATA_DIR "/rubric.yaml", &len);
	if (!text)
		return NULL;
	struct text_source src = {"rubric.yaml", text, len};
	struct iv_error err;
	struct rubric *rb = rubric_parse(&src, lx, &err);
	free(text);
	if (!rb)
		fprintf(stderr, "%s\n", err.message);
	return rb;
}

struct content ts_content;
struct rubric *ts_rubric;

int ts_content_setup(void **state)
{
	(void)state;
	ts_load_content(&ts_content);
	return 0;
}

int ts_content_rubric_setup(void **state)
{
	ts_content_setup(state);
	ts_rubric = ts_load_rubric(ts_content.lexicon);
	return ts_rubric ? 0 : -1;
}

int ts_content_teardown(void **state)
{
	(void)state;
	rubric_free(ts_rubric);
	ts_rubric = NULL;
	content_release(&ts_content);
	return 0;
}
