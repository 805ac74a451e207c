/*
 * web_client.c - the tests' HTTP and WebSocket client (see web_client.h).
 */
#include "web_client.h"

#include <civetweb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

int http_request(int port, const char *method, const char *path, const char *extra_headers,
		 const char *body, size_t body_len, struct http_response *out)
{
	char ebuf[256];
	memset(out, 0, sizeof *out);
	mg_init_library(0);
	struct mg_connection *c = mg_connect_client("127.0.0.1", port, 0, ebuf, sizeof ebuf);
	if (!c)
		return -1;
	mg_printf(c, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n%s", method, path,
		  port, extra_headers ? extra_headers : "");
	if (body)
		mg_printf(c, "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n", body_len);
	else
		mg_printf(c, "Content-Length: 0\r\n\r\n");
	if (body && body_len)
		mg_write(c, body, body_len);
	if (mg_get_response(c, ebuf, sizeof ebuf, 30000) < 0) {
		mg_close_connection(c);
		return -1;
	}
	const struct mg_response_info *ri = mg_get_response_info(c);
	out->status = ri->status_code;
	size_t o = 0;
	for (int i = 0; i < ri->num_headers && o < sizeof out->headers - 1; i++) {
		int n = snprintf(out->headers + o, sizeof out->headers - o, "%s: %s\n",
				 ri->http_headers[i].name, ri->http_headers[i].value);
		if (n < 0)
			break;
		o += (size_t)n;
		if (o >= sizeof out->headers)
			o = sizeof out->headers - 1;
	}
	size_t cap = 4096;
	out->body = malloc(cap);
	for (;;) {
		if (out->len + 1024 > cap)
			out->body = realloc(out->body, cap *= 2);
		int got = mg_read(c, out->body + out->len, cap - out->len - 1);
		if (got <= 0)
			break;
		out->len += (size_t)got;
	}
	out->body[out->len] = '\0';
	mg_close_connection(c);
	return 0;
}

void http_response_release(struct http_response *r)
{
	free(r->body);
	r->body = NULL;
}

const char *http_header(const struct http_response *r, const char *name, char *buf, size_t cap)
{
	size_t n = strlen(name);
	for (const char *line = r->headers; *line;) {
		const char *end = strchr(line, '\n');
		if (!end)
			break;
		if (!strncasecmp(line, name, n) && line[n] == ':') {
			const char *v = line + n + 1;
			while (*v == ' ')
				v++;
			snprintf(buf, cap, "%.*s", (int)(end - v), v);
			return buf;
		}
		line = end + 1;
	}
	return NULL;
}

struct frame {
	char *data;
	size_t len;
	struct frame *next;
};

struct ws_client {
	struct mg_connection *conn;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct frame *head, *tail;
	size_t binary_bytes;
	int closed;
};

static int on_data(struct mg_connection *conn, int bits, char *data, size_t len, void *user)
{
	struct ws_client *c = user;
	int opcode = bits & 0x0f;
	pthread_mutex_lock(&c->lock);
	if (opcode == MG_WEBSOCKET_OPCODE_BINARY) {
		c->binary_bytes += len;
	} else if (opcode == MG_WEBSOCKET_OPCODE_TEXT) {
		struct frame *f = calloc(1, sizeof *f);
		f->data = malloc(len + 1);
		memcpy(f->data, data, len);
		f->data[len] = '\0';
		f->len = len;
		if (c->tail)
			c->tail->next = f;
		else
			c->head = f;
		c->tail = f;
	} else if (opcode == MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE) {
		c->closed = 1;
	}
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
	return 1;
}

static void on_close(const struct mg_connection *conn, void *user)
{
	struct ws_client *c = user;
	pthread_mutex_lock(&c->lock);
	c->closed = 1;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

struct ws_client *ws_connect(int port, const char *path)
{
	char ebuf[256];
	mg_init_library(0);
	struct ws_client *c = calloc(1, sizeof *c);
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	c->conn = mg_connect_websocket_client("127.0.0.1", port, 0, ebuf, sizeof ebuf, path, NULL,
					      on_data, on_close, c);
	if (!c->conn) {
		pthread_mutex_destroy(&c->lock);
		pthread_cond_destroy(&c->cond);
		free(c);
		return NULL;
	}
	return c;
}

int ws_send_text(struct ws_client *c, const char *text)
{
	return mg_websocket_client_write(c->conn, MG_WEBSOCKET_OPCODE_TEXT, text, strlen(text)) > 0 ? 0 : -1;
}

int ws_send_binary(struct ws_client *c, const void *data, size_t len)
{
	return mg_websocket_client_write(c->conn, MG_WEBSOCKET_OPCODE_BINARY, data, len) > 0 ? 0 : -1;
}

json_t *ws_next_event(struct ws_client *c, double timeout_s)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += (time_t)timeout_s;
	until.tv_nsec += (long)((timeout_s - (double)(time_t)timeout_s) * 1e9);
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&c->lock);
	while (!c->head && !c->closed)
		if (pthread_cond_timedwait(&c->cond, &c->lock, &until))
			break;
	struct frame *f = c->head;
	if (f) {
		c->head = f->next;
		if (!c->head)
			c->tail = NULL;
	}
	pthread_mutex_unlock(&c->lock);
	if (!f)
		return NULL;
	json_t *o = json_loads(f->data, 0, NULL);
	free(f->data);
	free(f);
	return o;
}

json_t *ws_wait_event(struct ws_client *c, const char *name, double timeout_s)
{
	for (;;) {
		json_t *o = ws_next_event(c, timeout_s);
		if (!o)
			return NULL;
		const char *ev = json_string_value(json_object_get(o, "event"));
		if (ev && !strcmp(ev, name))
			return o;
		if (ev && !strcmp(ev, "error") && strcmp(name, "error")) {
			fprintf(stderr, "ws: unexpected error event: %s\n",
				json_string_value(json_object_get(o, "message")));
			json_decref(o);
			return NULL;
		}
		json_decref(o);
	}
}

size_t ws_binary_bytes(struct ws_client *c)
{
	pthread_mutex_lock(&c->lock);
	size_t n = c->binary_bytes;
	pthread_mutex_unlock(&c->lock);
	return n;
}

int ws_closed(struct ws_client *c)
{
	pthread_mutex_lock(&c->lock);
	int closed = c->closed;
	pthread_mutex_unlock(&c->lock);
	return closed;
}

void ws_close(struct ws_client *c)
{
	if (!c)
		return;
	mg_close_connection(c->conn);
	for (struct frame *f = c->head, *next; f; f = next) {
		next = f->next;
		free(f->data);
		free(f);
	}
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->cond);
	free(c);
}

/* --- the fixture ------------------------------------------------------------ */

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "store.h"
#include "test_support.h"
#include "web_internal.h"

#ifndef IV_DATA_DIR
#define IV_DATA_DIR "data"
#endif

static void start_server(struct web_fixture *f)
{
	struct iv_error err;
	f->ws = web_server_start(&f->params, &err);
	if (!f->ws)
		fail_msg("the server did not start: %s", err.message);
	f->port = web_server_port(f->ws);
	assert_true(f->port > 0);
}

void wf_start(struct web_fixture *f, const struct web_params *p)
{
	memset(f, 0, sizeof *f);
	f->dir = ts_tmpdir();
	f->db = ts_path(f->dir, "interviews.db");
	if (p)
		f->params = *p;
	f->params.host = "127.0.0.1";
	f->params.port = 0;
	f->params.db = f->db;
	f->params.data_dir = IV_DATA_DIR;
	if (!p) {
		f->params.virtual_clock = 1;
		f->params.seed = 1;
	}
	if (!f->params.threads)
		f->params.threads = 64;
	struct iv_error err;
	struct store *st = store_open(f->db, &err);
	assert_non_null(st);
	char secret[64], hash[65];
	assert_int_equal(web_new_secret(secret, sizeof secret, &err), 0);
	snprintf(f->token, sizeof f->token, "ivk_%s", secret);
	web_hash_secret(f->token, hash);
	assert_int_equal(store_add_api_token(st, "tests", hash, web_now(), &err), 0);
	store_close(st);
	snprintf(f->auth, sizeof f->auth, "Authorization: Bearer %s\r\n", f->token);
	start_server(f);
}

void wf_stop_server(struct web_fixture *f)
{
	web_server_stop(f->ws);
	f->ws = NULL;
}

void wf_restart(struct web_fixture *f)
{
	start_server(f);
}

void wf_stop(struct web_fixture *f)
{
	if (f->ws)
		web_server_stop(f->ws);
	ts_rmdir(f->dir);
	free(f->dir);
	free(f->db);
	memset(f, 0, sizeof *f);
}

json_t *wf_invite(struct web_fixture *f, const char *name, double expires_in_s)
{
	json_t *req = json_pack("{s:s}", "candidate_name", name);
	if (expires_in_s > 0)
		json_object_set_new(req, "expires_in_s", json_real(expires_in_s));
	char *body = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	struct http_response r;
	assert_int_equal(http_request(f->port, "POST", "/api/invitations", f->auth, body, strlen(body), &r), 0);
	free(body);
	if (r.status != 201)
		fail_msg("invitation: %d %s", r.status, r.body);
	json_t *o = json_loads(r.body, 0, NULL);
	http_response_release(&r);
	assert_non_null(o);
	return o;
}

void wf_ws_path(const json_t *invitation, char *out, size_t cap)
{
	snprintf(out, cap, "%s/ws", json_string_value(json_object_get(invitation, "url")));
}

json_t *wf_get_json(struct web_fixture *f, const char *path, int *status)
{
	struct http_response r;
	assert_int_equal(http_request(f->port, "GET", path, f->auth, NULL, 0, &r), 0);
	*status = r.status;
	json_t *o = json_loads(r.body, 0, NULL);
	http_response_release(&r);
	return o;
}
