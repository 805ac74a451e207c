/*
 * web_client.c - the tests' HTTP and WebSocket client (see web_client.h).
 */
#include "web_client.h"

#include <civetweb.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

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
	size_t binary_before;   /* binary bytes received before this frame */
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
		f->binary_before = c->binary_bytes;
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

/* Sends one masked frame in a single write, as browsers do.  civetweb's
 * mg_websocket_client_write writes the header and the payload separately,
 * and with Nagle's algorithm on the client's socket the second write waits
 * for the server's delayed ACK: 40 ms added to every measured turn. */
static int send_frame(struct ws_client *c, int opcode, const void *data, size_t len)
{
	unsigned char *buf = malloc(len + 14);
	if (!buf)
		return -1;
	size_t h = 0;
	buf[h++] = (unsigned char)(0x80 | opcode);
	if (len < 126) {
		buf[h++] = (unsigned char)(0x80 | len);
	} else if (len < 65536) {
		buf[h++] = 0x80 | 126;
		buf[h++] = (unsigned char)(len >> 8);
		buf[h++] = (unsigned char)len;
	} else {
		buf[h++] = 0x80 | 127;
		for (int i = 7; i >= 0; i--)
			buf[h++] = (unsigned char)((uint64_t)len >> (8 * i));
	}
	unsigned char mask[4] = {(unsigned char)rand(), (unsigned char)rand(), (unsigned char)rand(),
				 (unsigned char)rand()};
	memcpy(buf + h, mask, 4);
	h += 4;
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++)
		buf[h + i] = p[i] ^ mask[i % 4];
	mg_lock_connection(c->conn);
	int n = mg_write(c->conn, buf, h + len);
	mg_unlock_connection(c->conn);
	free(buf);
	return n == (int)(h + len) ? 0 : -1;
}

int ws_send_text(struct ws_client *c, const char *text)
{
	return send_frame(c, MG_WEBSOCKET_OPCODE_TEXT, text, strlen(text));
}

int ws_send_answer(struct ws_client *c, const char *answer)
{
	json_t *o = json_pack("{s:s}", "text", answer);
	char *text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	int rc = text ? ws_send_text(c, text) : -1;
	free(text);
	return rc;
}

int ws_send_binary(struct ws_client *c, const void *data, size_t len)
{
	return send_frame(c, MG_WEBSOCKET_OPCODE_BINARY, data, len);
}

json_t *ws_next_event(struct ws_client *c, double timeout_s)
{
	return ws_next_event_after(c, timeout_s, NULL);
}

json_t *ws_next_event_after(struct ws_client *c, double timeout_s, size_t *binary_before)
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
	if (binary_before)
		*binary_before = f->binary_before;
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
	/* a close frame first: the server answers it and the client's reader
	 * ends at once, instead of at its next poll timeout (2 s) */
	if (!ws_closed(c)) {
		send_frame(c, MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE, "\x03\xe8", 2);
		for (int i = 0; i < 100 && !ws_closed(c); i++)
			usleep(10000);
	}
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


void wf_ws_path(const json_t *invitation, char *out, size_t cap)
{
	snprintf(out, cap, "%s/ws", json_string_value(json_object_get(invitation, "url")));
}
