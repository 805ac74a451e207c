/*
 * fake_llm.c - the tests' OpenAI-protocol chat server (see fake_llm.h).
 */
#include "fake_llm.h"

#include <civetweb.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_QUEUE 64
#define MAX_RECORDED 512

struct step {
	enum fake_mode mode;
	char *text;
};

struct fake_llm {
	struct mg_context *ctx;
	char url[64];
	pthread_mutex_t lock;
	struct step queue[MAX_QUEUE];
	int q_head, q_len;
	struct step dflt;
	char *bodies[MAX_RECORDED];
	char *auths[MAX_RECORDED];
	int n_requests;
	long token_ms;
	volatile int stopping;
};

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static void pause_ms(struct fake_llm *f, long ms)
{
	for (long done = 0; done < ms && !f->stopping; done += 20) {
		struct timespec ts = {0, 20 * 1000000L};
		nanosleep(&ts, NULL);
	}
}

/* The scripted wording the request carries (scripted wording: "..."). */
static char *scripted_of(const char *body)
{
	json_t *root = json_loads(body, 0, NULL);
	json_t *msgs = json_object_get(root, "messages");
	const char *user = json_string_value(json_object_get(json_array_get(msgs, 1), "content"));
	char *out = NULL;
	const char *p = user ? strstr(user, "scripted wording: \"") : NULL;
	if (p) {
		p += strlen("scripted wording: \"");
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);
		while (end > p && end[-1] != '"')
			end--;
		if (end > p)
			out = strndup(p, (size_t)(end - p - 1));
		/* one question, as a good rewording asks: up to the first '?' */
		char *q = out ? strchr(out, '?') : NULL;
		if (q)
			q[1] = '\0';
	}
	json_decref(root);
	return out ? out : strdup("Could you tell me more?");
}

static void send_event(struct mg_connection *conn, const char *piece)
{
	json_t *o = json_pack("{s:s, s:[{s:{s:s}, s:n}]}", "object", "chat.completion.chunk",
			      "choices", "delta", "content", piece, "finish_reason");
	char *s = json_dumps(o, JSON_COMPACT);
	mg_printf(conn, "data: %s\n\n", s);
	free(s);
	json_decref(o);
}

static void send_done(struct mg_connection *conn)
{
	mg_printf(conn, "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
			"data: [DONE]\n\n");
}

static void stream_head(struct mg_connection *conn)
{
	mg_printf(conn, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
			"Cache-Control: no-cache\r\nConnection: close\r\n\r\n");
}

/* Streams text in pieces of a few words, or a word every token_ms. */
static void stream_words(struct fake_llm *f, struct mg_connection *conn, const char *text)
{
	stream_head(conn);
	const char *p = text;
	int per_piece = f->token_ms > 0 ? 1 : 3;
	while (*p && !f->stopping) {
		const char *q = p;
		for (int spaces = 0; *q && spaces < per_piece; q++)
			spaces += *q == ' ';
		char piece[512];
		snprintf(piece, sizeof piece, "%.*s", (int)(q - p), p);
		if (f->token_ms > 0) {
			struct timespec ts = {f->token_ms / 1000, (f->token_ms % 1000) * 1000000L};
			nanosleep(&ts, NULL);
		}
		send_event(conn, piece);
		p = q;
	}
}

static void stream_text(struct fake_llm *f, struct mg_connection *conn, const char *text)
{
	stream_words(f, conn, text);
	send_done(conn);
}

/* The events of text, written a byte at a time. */
static void stream_bytewise(struct mg_connection *conn, const char *text)
{
	stream_head(conn);
	json_t *o = json_pack("{s:[{s:{s:s}, s:n}]}", "choices", "delta", "content", text,
			      "finish_reason");
	char *js = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	char *all = NULL;
	if (js && asprintf(&all, "data: %s\r\n\r\ndata: [DONE]\r\n\r\n", js) > 0)
		for (const char *p = all; *p; p++)
			mg_write(conn, p, 1);
	free(all);
	free(js);
}

static void http_error(struct mg_connection *conn, int status, const char *reason)
{
	char body[160];
	snprintf(body, sizeof body, "{\"error\":{\"message\":\"%s\",\"type\":\"server_error\"}}", reason);
	mg_printf(conn, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
			"Connection: close\r\n\r\n%s", status, reason, strlen(body), body);
}

static int handle(struct mg_connection *conn, void *cbdata)
{
	struct fake_llm *f = cbdata;
	static const size_t cap = 1 << 20;
	char *body = malloc(cap);
	size_t len = 0;
	int got;
	while (body && len < cap - 1 && (got = mg_read(conn, body + len, cap - 1 - len)) > 0)
		len += (size_t)got;
	if (!body)
		return 500;
	body[len] = '\0';
	const char *auth = mg_get_header(conn, "Authorization");
	pthread_mutex_lock(&f->lock);
	if (f->n_requests < MAX_RECORDED) {
		f->bodies[f->n_requests] = strdup(body);
		f->auths[f->n_requests] = strdup(auth ? auth : "");
	}
	f->n_requests++;
	struct step s = f->dflt;
	s.text = dup_or_null(f->dflt.text);
	if (f->q_len) {
		free(s.text);
		s = f->queue[f->q_head];
		f->q_head = (f->q_head + 1) % MAX_QUEUE;
		f->q_len--;
	}
	pthread_mutex_unlock(&f->lock);
	char *echo = scripted_of(body);
	switch (s.mode) {
	case FAKE_ECHO:
		stream_text(f, conn, echo);
		break;
	case FAKE_TEXT:
		stream_text(f, conn, s.text ? s.text : "");
		break;
	case FAKE_PLAIN: {
		json_t *o = json_pack("{s:s, s:[{s:{s:s, s:s}, s:s}]}", "object", "chat.completion",
				      "choices", "message", "role", "assistant", "content",
				      s.text ? s.text : echo, "finish_reason", "stop");
		char *js = json_dumps(o, JSON_COMPACT);
		mg_printf(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
				"Content-Length: %zu\r\nConnection: close\r\n\r\n%s", strlen(js), js);
		free(js);
		json_decref(o);
		break;
	}
	case FAKE_STALL:
		pause_ms(f, 3000);
		stream_text(f, conn, echo);
		break;
	case FAKE_HTTP_500:
		http_error(conn, 500, "Internal Server Error");
		break;
	case FAKE_HTTP_404:
		http_error(conn, 404, "Not Found");
		break;
	case FAKE_HTTP_429:
		http_error(conn, 429, "Too Many Requests");
		break;
	case FAKE_MALFORMED:
		stream_head(conn);
		mg_printf(conn, "data: {\"choices\": [{\"delta\": {\"content\": \"Hel\n\n");
		send_done(conn);
		break;
	case FAKE_TRUNCATED:
		stream_head(conn);
		send_event(conn, "So tell me, ");
		break;
	case FAKE_SLOW:
		stream_head(conn);
		for (int i = 0; i < 50 && !f->stopping; i++) {
			send_event(conn, "and ");
			pause_ms(f, 400);
		}
		break;
	case FAKE_ERROR_EVENT:
		stream_head(conn);
		mg_printf(conn, "data: {\"error\":{\"message\":\"model overloaded\"}}\n\n");
		break;
	case FAKE_EMPTY:
		stream_head(conn);
		send_done(conn);
		break;
	case FAKE_TEXT_TRUNCATED:
		stream_words(f, conn, s.text ? s.text : "");
		break;
	case FAKE_TEXT_STALLED:
		stream_words(f, conn, s.text ? s.text : "");
		pause_ms(f, 20000);
		break;
	case FAKE_RAW:
		stream_head(conn);
		if (s.text)
			mg_write(conn, s.text, strlen(s.text));
		break;
	case FAKE_BYTEWISE:
		stream_bytewise(conn, s.text ? s.text : "");
		break;
	}
	free(echo);
	free(s.text);
	free(body);
	return 1;
}

struct fake_llm *fake_llm_start(void)
{
	struct fake_llm *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	pthread_mutex_init(&f->lock, NULL);
	f->dflt.mode = FAKE_ECHO;
	const char *options[] = {"listening_ports", "127.0.0.1:0", "num_threads", "16",
				 "request_timeout_ms", "30000", NULL};
	struct mg_callbacks cb;
	memset(&cb, 0, sizeof cb);
	f->ctx = mg_start(&cb, f, options);
	if (!f->ctx) {
		free(f);
		return NULL;
	}
	mg_set_request_handler(f->ctx, "/v1/chat/completions$", handle, f);
	struct mg_server_port ports[2];
	int n = mg_get_server_ports(f->ctx, 2, ports);
	snprintf(f->url, sizeof f->url, "http://127.0.0.1:%d/v1", n > 0 ? ports[0].port : 0);
	return f;
}

void fake_llm_reset(struct fake_llm *f)
{
	pthread_mutex_lock(&f->lock);
	while (f->q_len) {
		free(f->queue[f->q_head].text);
		f->q_head = (f->q_head + 1) % MAX_QUEUE;
		f->q_len--;
	}
	for (int i = 0; i < f->n_requests && i < MAX_RECORDED; i++) {
		free(f->bodies[i]);
		free(f->auths[i]);
		f->bodies[i] = f->auths[i] = NULL;
	}
	f->n_requests = 0;
	free(f->dflt.text);
	f->dflt.text = NULL;
	f->dflt.mode = FAKE_ECHO;
	f->token_ms = 0;
	pthread_mutex_unlock(&f->lock);
}

void fake_llm_set_token_ms(struct fake_llm *f, long ms)
{
	pthread_mutex_lock(&f->lock);
	f->token_ms = ms;
	pthread_mutex_unlock(&f->lock);
}

void fake_llm_stop(struct fake_llm *f)
{
	if (!f)
		return;
	f->stopping = 1;
	mg_stop(f->ctx);
	fake_llm_reset(f);
	pthread_mutex_destroy(&f->lock);
	free(f);
}

const char *fake_llm_url(const struct fake_llm *f) { return f->url; }

void fake_llm_push(struct fake_llm *f, enum fake_mode mode, const char *text)
{
	pthread_mutex_lock(&f->lock);
	if (f->q_len < MAX_QUEUE) {
		int at = (f->q_head + f->q_len) % MAX_QUEUE;
		f->queue[at].mode = mode;
		f->queue[at].text = dup_or_null(text);
		f->q_len++;
	}
	pthread_mutex_unlock(&f->lock);
}

void fake_llm_set_default(struct fake_llm *f, enum fake_mode mode, const char *text)
{
	pthread_mutex_lock(&f->lock);
	free(f->dflt.text);
	f->dflt.mode = mode;
	f->dflt.text = dup_or_null(text);
	pthread_mutex_unlock(&f->lock);
}

int fake_llm_requests(struct fake_llm *f)
{
	pthread_mutex_lock(&f->lock);
	int n = f->n_requests;
	pthread_mutex_unlock(&f->lock);
	return n;
}

static char *recorded(struct fake_llm *f, char **list, int i)
{
	pthread_mutex_lock(&f->lock);
	char *s = (i >= 0 && i < f->n_requests && i < MAX_RECORDED && list[i]) ? strdup(list[i])
										: strdup("");
	pthread_mutex_unlock(&f->lock);
	return s;
}

char *fake_llm_body(struct fake_llm *f, int i) { return recorded(f, f->bodies, i); }
char *fake_llm_auth(struct fake_llm *f, int i) { return recorded(f, f->auths, i); }
