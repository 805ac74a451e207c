/*
 * web_server.c - starting and stopping the service, and the routes that
 * are not the API or the room's socket: /healthz, /metrics, the room's page
 * (/i/<token>), the recruiter console's page (/console, /console/...) and
 * their static files (/static/...), served from one folder that a request
 * cannot leave.  Also the housekeeping thread: every few seconds it renews
 * the leases of this server's live interviews (a room another server took
 * over is closed), and with --retention-days it deletes the recordings
 * that are older (at start, then hourly).
 *
 * HTTPS (--tls-cert, --tls-key) is civetweb's, which loads OpenSSL when it
 * starts (on Debian 12 through the build's shim: web_tls.c); civetweb wants
 * the key and the certificate in one PEM file, so they are joined in an
 * anonymous memory file (memfd), never on disk.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
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

/* Deletes the recordings older than the retention period. */
static void sweep_retention(struct web_server *ws)
{
	if (ws->params.retention_days <= 0)
		return;
	struct iv_error err;
	double now = web_now();
	int n = store_expire_answer_audio(ws->store, now - ws->params.retention_days * 86400.0, now,
					  &err);
	if (n < 0)
		fprintf(stderr, "interviewer serve: retention: %s\n", err.message);
	else if (n > 0)
		fprintf(stderr, "interviewer serve: retention: deleted %d recorded answer%s older than "
				"%d days\n", n, n == 1 ? "" : "s", ws->params.retention_days);
}

static void *housekeeping(void *arg)
{
	struct web_server *ws = arg;
	int beat_ms = ws->params.lease_heartbeat_ms > 0 ? ws->params.lease_heartbeat_ms : 5000;
	double sweep_s = ws->params.retention_sweep_s > 0 ? ws->params.retention_sweep_s : 3600;
	double next_sweep = web_now() + sweep_s;
	pthread_mutex_lock(&ws->housekeeping_lock);
	while (!ws->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += beat_ms / 1000;
		until.tv_nsec += (long)(beat_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		int rc = 0;
		while (!ws->stopping && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&ws->housekeeping_wake, &ws->housekeeping_lock, &until);
		if (ws->stopping)
			break;
		pthread_mutex_unlock(&ws->housekeeping_lock);
		web_rooms_heartbeat(ws);
		if (web_now() >= next_sweep) {
			sweep_retention(ws);
			next_sweep = web_now() + sweep_s;
		}
		pthread_mutex_lock(&ws->housekeeping_lock);
	}
	pthread_mutex_unlock(&ws->housekeeping_lock);
	return NULL;
}

/* The key and the certificate chain joined in one anonymous memory file,
 * as civetweb wants them; its path (/proc/self/fd/N) in path.  Returns the
 * descriptor, or -1 with err. */
static int tls_pem(const char *cert, const char *key, char *path, size_t cap, struct iv_error *err)
{
	size_t cert_len = 0, key_len = 0;
	char *cert_text = cli_read_file(cert, &cert_len, err);
	if (!cert_text)
		return -1;
	char *key_text = cli_read_file(key, &key_len, err);
	if (!key_text) {
		free(cert_text);
		return -1;
	}
	int fd = -1;
	if (!strstr(cert_text, "-----BEGIN CERTIFICATE-----"))
		iv_error_set(err, "%s is no PEM certificate", cert);
	else if (!strstr(key_text, "PRIVATE KEY-----"))
		iv_error_set(err, "%s is no PEM private key", key);
	else if ((fd = memfd_create("interviewer-tls", MFD_CLOEXEC)) < 0)
		iv_error_set(err, "cannot hold the TLS key in memory: %s", strerror(errno));
	if (fd >= 0 && (write(fd, key_text, key_len) != (ssize_t)key_len || write(fd, "\n", 1) != 1 ||
			write(fd, cert_text, cert_len) != (ssize_t)cert_len)) {
		iv_error_set(err, "cannot hold the TLS key in memory: %s", strerror(errno));
		close(fd);
		fd = -1;
	}
	web_wipe(key_text, key_len);
	free(key_text);
	free(cert_text);
	if (fd >= 0)
		snprintf(path, cap, "/proc/self/fd/%d", fd);
	return fd;
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
	pthread_mutex_init(&ws->housekeeping_lock, NULL);
	pthread_cond_init(&ws->housekeeping_wake, NULL);
	if ((p->tls_cert != NULL) != (p->tls_key != NULL)) {
		iv_error_set(err, "HTTPS needs both --tls-cert FILE and --tls-key FILE");
		web_server_stop(ws);
		return NULL;
	}
	if (p->tls_cert && web_tls_problem()) {
		iv_error_set(err, "%s", web_tls_problem());
		web_server_stop(ws);
		return NULL;
	}
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
	ws->sessions = web_sessions_new(p->login_per_minute, p->invitations_per_minute);
	ws->voices = voice_pool_new(p->data_dir, p->stt_url, p->voice);
	ws->audit_seen = web_audit_seen_new();
	if (!ws->web_dir || !ws->data_dir || !ws->rooms || !ws->metrics || !ws->sessions || !ws->voices ||
	    !ws->audit_seen) {
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
	if (!(ws->store = store_open(p->db, err)) ||
	    store_new_session_id(ws->server_id, sizeof ws->server_id, err)) {
		web_server_stop(ws);
		return NULL;
	}
	sweep_retention(ws);
	int max = p->max_interviews > 0 ? p->max_interviews : 1000;
	char ports[300], threads[16], pem_path[64] = "";
	int pem_fd = -1;
	if (p->tls_cert && (pem_fd = tls_pem(p->tls_cert, p->tls_key, pem_path, sizeof pem_path, err)) < 0) {
		web_server_stop(ws);
		return NULL;
	}
	ws->tls = pem_fd >= 0;
	snprintf(ports, sizeof ports, "%s:%d%s", p->host ? p->host : "127.0.0.1", p->port,
		 ws->tls ? "s" : "");
	snprintf(threads, sizeof threads, "%d", p->threads > 0 ? p->threads : max + 16);
	char library_headers[1024];
	snprintf(library_headers, sizeof library_headers, "%.*s",
		 (int)(strlen(web_security_headers) - 2), web_security_headers); /* no last CRLF */
	const char *options[] = {
		"listening_ports", ports,
		"num_threads", threads,
		"request_timeout_ms", "30000",
		"websocket_timeout_ms", "3600000",
		"enable_websocket_ping_pong", "yes",
		"enable_keep_alive", "yes",
		"tcp_nodelay", "1", /* small frames (a turn, a caption) go out at once */
		/* civetweb's own answers (a request too broken to reach us, the
		 * WebSocket upgrade) carry the service's headers too */
		"additional_header", library_headers,
		/* over TLS: 1.2 and later, and HSTS on civetweb's own answers too
		 * (without TLS the list ends here) */
		ws->tls ? "ssl_certificate" : NULL, pem_path,
		"ssl_protocol_version", "4",
		"strict_transport_security_max_age", "31536000",
		NULL,
	};
	struct mg_callbacks cb;
	memset(&cb, 0, sizeof cb);
	cb.log_message = log_message;
	mg_init_library(0);
	ws->ctx = mg_start(&cb, ws, options);
	if (pem_fd >= 0)
		close(pem_fd); /* loaded: the key leaves this process's files */
	if (!ws->ctx) {
		if (ws->tls)
			iv_error_set(err, "cannot serve HTTPS on %s (in use, or a certificate and key "
					  "that do not match or OpenSSL cannot read?)", ports);
		else
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
	if (pthread_create(&ws->housekeeper, NULL, housekeeping, ws) == 0)
		ws->has_housekeeper = 1;
	else
		fprintf(stderr, "interviewer serve: no housekeeping thread: leases are renewed at each "
				"turn only, recordings are deleted at start only\n");
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
	if (ws->has_housekeeper) {
		pthread_mutex_lock(&ws->housekeeping_lock);
		ws->stopping = 1;
		pthread_cond_signal(&ws->housekeeping_wake);
		pthread_mutex_unlock(&ws->housekeeping_lock);
		pthread_join(ws->housekeeper, NULL);
	}
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
	web_audit_seen_free(ws->audit_seen);
	pthread_mutex_destroy(&ws->housekeeping_lock);
	pthread_cond_destroy(&ws->housekeeping_wake);
	web_metrics_free(ws->metrics);
	free(ws->web_dir);
	free(ws->data_dir);
	free(ws);
}
