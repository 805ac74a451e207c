/*
 * web_server.c - starting and stopping the service, and the routes that
 * are not the API or the room's socket: /healthz, /metrics, the room's page
 * (/i/<token>), the recruiter console's page (/console, /console/...) and
 * their static files (/static/...), served from one folder that a request
 * cannot leave.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "llm/llm_judge.h"
#include "llm/llm_wording.h"
#include "llm_setup.h"
#include "web_internal.h"
#include "web_room_voice.h"

#ifndef IV_WEB_DIR
#define IV_WEB_DIR "web"
#endif

static int handle_healthz(struct mg_connection *c, void *data)
{
	static const char body[] = "{\"status\":\"ok\"}";
	web_send_text(c, 200, "application/json", body, sizeof body - 1, NULL);
	return 200;
}

static int handle_metrics(struct mg_connection *c, void *data)
{
	struct web_server *ws = data;
	int live, spoken;
	web_rooms_count(ws->rooms, &live, &spoken);
	char *text = web_metrics_text(ws->metrics, live, spoken);
	if (!text) {
		web_send_error(c, 500, "out of memory");
		return 500;
	}
	web_send_text(c, 200, "text/plain; version=0.0.4", text, strlen(text), NULL);
	free(text);
	return 200;
}

static const char *mime_type(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot)
		return "application/octet-stream";
	if (!strcmp(dot, ".html"))
		return "text/html; charset=utf-8";
	if (!strcmp(dot, ".js") || !strcmp(dot, ".mjs"))
		return "text/javascript; charset=utf-8";
	if (!strcmp(dot, ".css"))
		return "text/css; charset=utf-8";
	if (!strcmp(dot, ".svg"))
		return "image/svg+xml";
	if (!strcmp(dot, ".png"))
		return "image/png";
	if (!strcmp(dot, ".ico"))
		return "image/x-icon";
	if (!strcmp(dot, ".wav"))
		return "audio/wav";
	return "application/octet-stream";
}

/* Sends web_dir/rel, refusing anything that resolves outside web_dir. */
static int send_static(struct web_server *ws, struct mg_connection *c, const char *rel)
{
	char path[PATH_MAX], real[PATH_MAX];
	if (strstr(rel, "..") || strchr(rel, '\\') || strlen(rel) > 200 ||
	    snprintf(path, sizeof path, "%s/%s", ws->web_dir, rel) >= (int)sizeof path ||
	    !realpath(path, real) || strncmp(real, ws->web_dir, strlen(ws->web_dir)) ||
	    real[strlen(ws->web_dir)] != '/') {
		web_send_error(c, 404, "not found");
		return 404;
	}
	struct stat sb;
	if (stat(real, &sb) || !S_ISREG(sb.st_mode) || sb.st_size > 16 * 1024 * 1024) {
		web_send_error(c, 404, "not found");
		return 404;
	}
	FILE *f = fopen(real, "rb");
	char *buf = f ? malloc((size_t)sb.st_size + 1) : NULL;
	size_t n = buf ? fread(buf, 1, (size_t)sb.st_size, f) : 0;
	if (f)
		fclose(f);
	if (!buf) {
		web_send_error(c, 500, "cannot read the file");
		return 500;
	}
	web_send_text(c, 200, mime_type(real), buf, n, NULL);
	free(buf);
	return 200;
}

static int handle_static(struct mg_connection *c, void *data)
{
	const char *uri = mg_get_request_info(c)->local_uri;
	return send_static(data, c, uri + strlen("/static/"));
}

/* /i/<token>: the room's page, the same for every link (the page reads its
 * token from the address and the socket checks it). */
static int handle_room_page(struct mg_connection *c, void *data)
{
	const char *uri = mg_get_request_info(c)->local_uri;
	const char *token = uri + 3;
	size_t n = strcspn(token, "/");
	if (n != 43 || (token[n] && strcmp(token + n, "/"))) {
		web_send_error(c, 404, "not found");
		return 404;
	}
	return send_static(data, c, "room/index.html");
}

/* /console and every path under it: the console's one page, which reads
 * its view from the address (its scripts and styles are under /static/). */
static int handle_console_page(struct mg_connection *c, void *data)
{
	const char *uri = mg_get_request_info(c)->local_uri;
	if (strcmp(uri, "/console") && strncmp(uri, "/console/", 9)) {
		web_send_error(c, 404, "not found");
		return 404;
	}
	return send_static(data, c, "console/index.html");
}

static int handle_root(struct mg_connection *c, void *data)
{
	const char *uri = mg_get_request_info(c)->local_uri;
	if (!strcmp(uri, "/favicon.ico"))
		return send_static(data, c, "favicon.ico");
	if (!strcmp(uri, "/"))
		return send_static(data, c, "index.html");
	web_send_error(c, 404, "not found");
	return 404;
}

static int log_message(const struct mg_connection *c, const char *message)
{
	fprintf(stderr, "interviewer serve: %s\n", message);
	return 1;
}

struct web_server *web_server_start(const struct web_params *p, struct iv_error *err)
{
	struct web_server *ws = calloc(1, sizeof *ws);
	if (!ws) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	ws->params = *p;
	web_scorers_init(ws);
	char real[PATH_MAX];
	const char *web_dir = p->web_dir ? p->web_dir : IV_WEB_DIR;
	if (!realpath(web_dir, real)) {
		iv_error_set(err, "the web folder %s is missing", web_dir);
		free(ws);
		return NULL;
	}
	ws->web_dir = strdup(real);
	ws->data_dir = strdup(p->data_dir);
	ws->rooms = web_rooms_new();
	ws->metrics = web_metrics_new();
	ws->sessions = web_sessions_new(p->login_per_minute);
	ws->voices = voice_pool_new(p->data_dir, p->stt_url, p->voice);
	if (!ws->web_dir || !ws->data_dir || !ws->rooms || !ws->metrics || !ws->sessions || !ws->voices) {
		iv_error_set(err, "out of memory");
		web_server_stop(ws);
		return NULL;
	}
	if (content_load(p->data_dir, NULL, &ws->content, err)) {
		web_server_stop(ws);
		return NULL;
	}
	if (web_scorers_load(ws, err)) {
		web_server_stop(ws);
		return NULL;
	}
	if (p->llm_url) {
		struct llm_wording_config cfg = llm_wording_config_from_env(p->llm_url, p->llm_model);
		if (!(ws->wording = cli_llm_wording_from(&cfg, &ws->content, err)) ||
		    (p->llm_judge && !(ws->judge = cli_llm_judge_from(&cfg, &ws->content, err)))) {
			web_server_stop(ws);
			return NULL;
		}
	}
	if (!(ws->store = store_open(p->db, err))) {
		web_server_stop(ws);
		return NULL;
	}
	int max = p->max_interviews > 0 ? p->max_interviews : 1000;
	char ports[300], threads[16];
	snprintf(ports, sizeof ports, "%s:%d", p->host ? p->host : "127.0.0.1", p->port);
	snprintf(threads, sizeof threads, "%d", p->threads > 0 ? p->threads : max + 16);
	const char *options[] = {
		"listening_ports", ports,
		"num_threads", threads,
		"request_timeout_ms", "30000",
		"websocket_timeout_ms", "3600000",
		"enable_websocket_ping_pong", "yes",
		"enable_keep_alive", "yes",
		"tcp_nodelay", "1", /* small frames (a turn, a caption) go out at once */
		"additional_header", "X-Content-Type-Options: nosniff",
		NULL,
	};
	struct mg_callbacks cb;
	memset(&cb, 0, sizeof cb);
	cb.log_message = log_message;
	mg_init_library(0);
	ws->ctx = mg_start(&cb, ws, options);
	if (!ws->ctx) {
		iv_error_set(err, "cannot listen on %s (in use, or not an address of this machine?)", ports);
		web_server_stop(ws);
		return NULL;
	}
	struct mg_server_port sp[4];
	int n = mg_get_server_ports(ws->ctx, 4, sp);
	ws->port = n > 0 ? sp[0].port : p->port;
	mg_set_request_handler(ws->ctx, "/healthz$", handle_healthz, ws);
	mg_set_request_handler(ws->ctx, "/metrics$", handle_metrics, ws);
	mg_set_request_handler(ws->ctx, "/api/login$", web_handle_login, ws);
	mg_set_request_handler(ws->ctx, "/api/logout$", web_handle_logout, ws);
	mg_set_request_handler(ws->ctx, "/api/", web_handle_api, ws);
	mg_set_request_handler(ws->ctx, "/static/", handle_static, ws);
	mg_set_request_handler(ws->ctx, "/i/", handle_room_page, ws);
	mg_set_request_handler(ws->ctx, "/console", handle_console_page, ws);
	mg_set_request_handler(ws->ctx, "/", handle_root, ws); /* the rest: 404 with our headers */
	web_room_register(ws);
	return ws;
}

int web_server_port(const struct web_server *ws)
{
	return ws->port;
}

void web_server_stop(struct web_server *ws)
{
	if (!ws)
		return;
	if (ws->ctx)
		mg_stop(ws->ctx);
	web_rooms_free(ws->rooms);
	store_close(ws->store);
	web_scorers_free(ws);
	llm_wording_free(ws->wording);
	llm_judge_free(ws->judge);
	if (ws->content.lexicon || ws->content.playbook)
		content_release(&ws->content);
	voice_pool_free(ws->voices);
	web_sessions_free(ws->sessions);
	web_metrics_free(ws->metrics);
	free(ws->web_dir);
	free(ws->data_dir);
	free(ws);
}
