/*
 * fake_stt.c - a transcription server for tests (see fake_stt.h).
 */
#include "fake_stt.h"

#include <civetweb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fake_stt {
	struct mg_context *ctx;
	char url[80];
	char *text;
	volatile int fail_status;
	volatile int requests;
};

static int handle(struct mg_connection *conn, void *cbdata)
{
	struct fake_stt *f = cbdata;
	static char body[65536]; /* civetweb's worker stacks are small; the body is thrown away */
	while (mg_read(conn, body, sizeof body) > 0)
		;
	__atomic_add_fetch(&f->requests, 1, __ATOMIC_SEQ_CST);
	int status = f->fail_status;
	if (status) {
		mg_printf(conn, "HTTP/1.1 %d Failing\r\nContent-Length: 4\r\n\r\noops", status);
		return status;
	}
	char reply[512];
	snprintf(reply, sizeof reply, "{\"text\": \"%s\"}", f->text);
	mg_printf(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
		  strlen(reply), reply);
	return 200;
}

struct fake_stt *fake_stt_start(const char *text)
{
	struct fake_stt *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->text = strdup(text);
	const char *options[] = {"listening_ports", "127.0.0.1:0", "num_threads", "2", NULL};
	struct mg_callbacks callbacks;
	memset(&callbacks, 0, sizeof callbacks);
	f->ctx = mg_start(&callbacks, NULL, options);
	struct mg_server_port ports[2];
	if (!f->text || !f->ctx || mg_get_server_ports(f->ctx, 2, ports) < 1) {
		fake_stt_stop(f);
		return NULL;
	}
	mg_set_request_handler(f->ctx, "/v1/audio/transcriptions", handle, f);
	snprintf(f->url, sizeof f->url, "http://127.0.0.1:%d/v1", ports[0].port);
	return f;
}

void fake_stt_stop(struct fake_stt *f)
{
	if (!f)
		return;
	if (f->ctx)
		mg_stop(f->ctx);
	free(f->text);
	free(f);
}

const char *fake_stt_url(const struct fake_stt *f)
{
	return f->url;
}

void fake_stt_fail_with(struct fake_stt *f, int status)
{
	f->fail_status = status;
}

int fake_stt_requests(const struct fake_stt *f)
{
	return __atomic_load_n(&f->requests, __ATOMIC_SEQ_CST);
}
