/*
 * cmd_serve.c - `interviewer serve`: the web service (contract section 6),
 * until SIGINT or SIGTERM.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "options.h"
#include "web.h"

static int run_serve(const struct cli_options *o);

static const struct cli_option serve_options[] = {
	{"--host", "H", NULL},
	{"--port", "N", NULL},
	{"--db", "PATH", NULL},
	{"--virtual-clock", NULL, "every interview's time advances by speech (tests, load benchmarks)"},
	{"--seed", "N", NULL},
	{"--max-interviews", "N", NULL},
	{"--max-voice", "N", NULL},
	{"--data-dir", "DIR", NULL},
	{"--voice", "NAME", NULL},
	{"--stt-url", "URL", NULL},
	{"--llm-url", "URL", NULL},
	{"--llm-model", "NAME", NULL},
	{"--llm-judge", NULL, NULL},
	{"--retention-days", "N", NULL},
	{"--tls-cert", "FILE", NULL},
	{"--tls-key", "FILE", NULL},
	{"--invitations-per-minute", "N", NULL},
	{0},
};

const struct command cmd_serve_entry = {
	.name = "serve",
	.summary = "the web service: candidates talk in a browser, recruiters use the API",
	.args = "",
	.options = serve_options,
	.run = run_serve,
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* A whole number in [lo, hi], or -1. */
static long parse_int(const char *s, long lo, long hi)
{
	char *end;
	if (!s || !*s)
		return -1;
	long v = strtol(s, &end, 10);
	return *end || v < lo || v > hi ? -1 : v;
}

static int run_serve(const struct cli_options *o)
{
	struct iv_error err;
	struct web_params p = {0};
	p.host = o->host ? o->host : "127.0.0.1";
	p.port = o->port ? (int)parse_int(o->port, 0, 65535) : 8080;
	p.max_interviews = o->max_interviews ? (int)parse_int(o->max_interviews, 1, 100000) : 0;
	p.max_voice = o->max_voice ? (int)parse_int(o->max_voice, 0, 10000) : 0;
	if (p.port < 0 || p.max_interviews < 0 || p.max_voice < 0)
		return cli_usage_error(&cmd_serve_entry, "--port takes 0-65535, --max-interviews and "
							 "--max-voice a positive whole number");
	if (o->max_voice && p.max_voice == 0)
		p.max_voice = -1; /* --max-voice 0: no spoken interviews */
	p.retention_days = o->retention_days ? (int)parse_int(o->retention_days, 1, 36500) : 0;
	if (p.retention_days < 0)
		return cli_usage_error(&cmd_serve_entry, "--retention-days takes a number of days from 1 "
							 "to 36500 (also $INTERVIEWER_RETENTION_DAYS)");
	p.invitations_per_minute =
		o->invitations_per_minute ? (int)parse_int(o->invitations_per_minute, 1, 100000) : 0;
	if (p.invitations_per_minute < 0)
		return cli_usage_error(&cmd_serve_entry, "--invitations-per-minute takes a positive whole number");
	if ((o->tls_cert != NULL) != (o->tls_key != NULL))
		return cli_usage_error(&cmd_serve_entry, "HTTPS needs both --tls-cert FILE and --tls-key FILE");
	if (o->tls_cert && web_tls_problem()) {
		fprintf(stderr, "interviewer serve: --tls-cert: %s\n", web_tls_problem());
		return 1;
	}
	p.tls_cert = o->tls_cert;
	p.tls_key = o->tls_key;
	p.db = o->db;
	p.data_dir = cli_data_dir(o);
	p.stt_url = o->stt_url;
	p.llm_url = o->llm_url;
	p.llm_model = o->llm_model;
	p.llm_judge = o->llm_judge;
	p.voice = o->voice;
	p.virtual_clock = o->virtual_clock;
	p.seed = o->seed;
	struct web_server *ws = web_server_start(&p, &err);
	if (!ws) {
		fprintf(stderr, "interviewer serve: %s\n", err.message);
		return 1;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	const char *scheme = p.tls_cert ? "https" : "http";
	fprintf(stderr,
		"interviewer serve: listening on %s://%s:%d\n"
		"  make an API token:   interviewer token add NAME%s%s\n"
		"  invite a candidate:  curl -s -H \"Authorization: Bearer $TOKEN\" -d "
		"'{\"candidate_name\":\"Ada\"}' %s://%s:%d/api/invitations\n"
		"  then open %s://%s:%d<url> in a browser\n",
		scheme, p.host, web_server_port(ws), o->db ? " --db " : "", o->db ? o->db : "", scheme,
		p.host, web_server_port(ws), scheme, p.host, web_server_port(ws));
	if (p.retention_days)
		fprintf(stderr, "  recorded answers are deleted %d days after their interview\n",
			p.retention_days);
	while (!stop_requested)
		pause();
	fprintf(stderr, "interviewer serve: stopping\n");
	web_server_stop(ws);
	return 0;
}
