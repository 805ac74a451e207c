/*
 * pg_cluster.c - a throwaway PostgreSQL server for tests (see
 * pg_cluster.h).  Everything runs through fork and exec, with the
 * commands' output in <folder>/log, which a failure quotes.
 */
#include "pg_cluster.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG_PORT "5432" /* only names the socket file: there is no TCP */
#define PG_USER "iv"
#define FIRST_DB "iv_test"

struct pg_cluster {
	char dir[64];
	char bin[256];
	char run_as[32]; /* "" when the cluster runs as this process's user */
	char url[256];
	int started;
};

static int find_bin(char *out, size_t cap)
{
	const char *env = getenv("IV_PG_BIN");
	char probe[512];
	if (env && *env) {
		snprintf(probe, sizeof probe, "%s/initdb", env);
		if (access(probe, X_OK))
			return -1;
		snprintf(out, cap, "%s", env);
		return 0;
	}
	if (!access("/usr/lib/postgresql/15/bin/initdb", X_OK)) {
		snprintf(out, cap, "/usr/lib/postgresql/15/bin");
		return 0;
	}
	glob_t g;
	int found = -1;
	if (glob("/usr/lib/postgresql/*/bin/initdb", 0, NULL, &g) == 0 && g.gl_pathc > 0) {
		snprintf(out, cap, "%.*s", (int)(strlen(g.gl_pathv[g.gl_pathc - 1]) - 7),
			 g.gl_pathv[g.gl_pathc - 1]);
		found = 0;
	}
	globfree(&g);
	return found;
}

/* The last lines of the commands' log, for a failure's message. */
static void log_tail(const struct pg_cluster *c, char *out, size_t cap)
{
	char path[128];
	snprintf(path, sizeof path, "%s/log", c->dir);
	FILE *f = fopen(path, "r");
	out[0] = '\0';
	if (!f)
		return;
	char buf[4096];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	const char *start = n > 600 ? buf + n - 600 : buf;
	size_t len = strlen(start);
	if (len >= cap)
		len = cap - 1;
	memcpy(out, start, len);
	out[len] = '\0';
}

/* Runs argv (argv[0] a program of the cluster's bin folder), as the
 * cluster's user; returns its exit status, -1 when it did not exit. */
static int run(const struct pg_cluster *c, const char *const *argv)
{
	char prog[512], logpath[128];
	snprintf(prog, sizeof prog, "%s/%s", c->bin, argv[0]);
	snprintf(logpath, sizeof logpath, "%s/log", c->dir);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0666);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, 0);
		const char *args[32];
		int n = 0;
		if (c->run_as[0]) {
			args[n++] = "runuser";
			args[n++] = "-u";
			args[n++] = c->run_as;
			args[n++] = "--";
		}
		args[n++] = prog;
		for (int i = 1; argv[i] && n < 31; i++)
			args[n++] = argv[i];
		args[n] = NULL;
		if (chdir(c->dir)) /* a folder the cluster's user may enter */
			_exit(126);
		execvp(args[0], (char *const *)args);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void remove_dir(const char *dir)
{
	if (strncmp(dir, "/tmp/iv-pg-", 11))
		return;
	pid_t pid = fork();
	if (pid == 0) {
		execlp("rm", "rm", "-rf", dir, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

/* As root, the cluster belongs to postgres (or nobody): initdb refuses root. */
static int choose_user(struct pg_cluster *c)
{
	if (geteuid() != 0)
		return 0;
	struct passwd *pw = getpwnam("postgres");
	if (!pw)
		pw = getpwnam("nobody");
	if (!pw)
		return -1;
	snprintf(c->run_as, sizeof c->run_as, "%s", pw->pw_name);
	return chown(c->dir, pw->pw_uid, pw->pw_gid);
}

/* Only a Unix socket in the folder; no fsync (the data is thrown away). */
static void server_options(const struct pg_cluster *c, char *out, size_t cap)
{
	snprintf(out, cap, "-c listen_addresses='' -k %s -p %s -c fsync=off", c->dir, PG_PORT);
}

static void fail(struct pg_cluster *c, char *why, size_t cap, const char *what)
{
	char tail[700];
	log_tail(c, tail, sizeof tail);
	snprintf(why, cap, "%s; its log ends: %s", what, tail);
}

struct pg_cluster *pg_cluster_start(char *why, size_t why_cap)
{
	struct pg_cluster *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(why, why_cap, "out of memory");
		return NULL;
	}
	if (find_bin(c->bin, sizeof c->bin)) {
		snprintf(why, why_cap,
			 "the PostgreSQL server programs (initdb, pg_ctl) are not installed in "
			 "/usr/lib/postgresql/<version>/bin (or $IV_PG_BIN): run `make deps` "
			 "(Debian packages postgresql and libpq-dev)");
		free(c);
		return NULL;
	}
	snprintf(c->dir, sizeof c->dir, "/tmp/iv-pg-XXXXXX");
	if (!mkdtemp(c->dir)) {
		snprintf(why, why_cap, "mkdtemp: %s", strerror(errno));
		free(c);
		return NULL;
	}
	if (choose_user(c)) {
		snprintf(why, why_cap, "running as root, and cannot hand %s to user postgres or nobody",
			 c->dir);
		pg_cluster_stop(c);
		return NULL;
	}
	char data[128], opts[256];
	snprintf(data, sizeof data, "%s/data", c->dir);
	server_options(c, opts, sizeof opts);
	const char *initdb[] = {"initdb", "-D", data, "-U", PG_USER, "-A", "trust", "-E", "UTF8",
				"--locale=C", "-N", NULL};
	if (run(c, initdb)) {
		fail(c, why, why_cap, "initdb failed");
		pg_cluster_stop(c);
		return NULL;
	}
	char logfile[128];
	snprintf(logfile, sizeof logfile, "%s/server.log", c->dir);
	const char *start[] = {"pg_ctl", "-D", data, "-l", logfile, "-o", opts, "-w", "-t", "60",
			       "start", NULL};
	if (run(c, start)) {
		fail(c, why, why_cap, "pg_ctl start failed");
		pg_cluster_stop(c);
		return NULL;
	}
	c->started = 1;
	char *url = pg_cluster_new_db(c, FIRST_DB, why, why_cap);
	if (!url) {
		pg_cluster_stop(c);
		return NULL;
	}
	snprintf(c->url, sizeof c->url, "%s", url);
	free(url);
	return c;
}

const char *pg_cluster_url(const struct pg_cluster *c) { return c->url; }

char *pg_cluster_url_of(const struct pg_cluster *c, const char *name)
{
	char *url = malloc(256);
	if (url)
		snprintf(url, 256, "postgresql:///%s?host=%s&port=%s&user=%s", name, c->dir, PG_PORT,
			 PG_USER);
	return url;
}

char *pg_cluster_new_db(struct pg_cluster *c, const char *name, char *why, size_t why_cap)
{
	const char *argv[] = {"createdb", "-h", c->dir, "-p", PG_PORT, "-U", PG_USER, name, NULL};
	if (run(c, argv)) {
		char what[128];
		snprintf(what, sizeof what, "createdb %s failed", name);
		fail(c, why, why_cap, what);
		return NULL;
	}
	return pg_cluster_url_of(c, name);
}

int pg_cluster_restart(struct pg_cluster *c, char *why, size_t why_cap)
{
	char data[128], opts[256];
	snprintf(data, sizeof data, "%s/data", c->dir);
	server_options(c, opts, sizeof opts);
	const char *argv[] = {"pg_ctl", "-D", data, "-m", "immediate", "-o", opts, "-w", "-t", "60",
			      "restart", NULL};
	if (run(c, argv)) {
		fail(c, why, why_cap, "pg_ctl restart failed");
		return -1;
	}
	return 0;
}

void pg_cluster_stop(struct pg_cluster *c)
{
	if (!c)
		return;
	if (c->started) {
		char data[128];
		snprintf(data, sizeof data, "%s/data", c->dir);
		const char *stop[] = {"pg_ctl", "-D", data, "-m", "immediate", "-w", "stop", NULL};
		run(c, stop);
	}
	remove_dir(c->dir);
	free(c);
}
