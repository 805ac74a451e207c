/*
 * web_client.h - the tests' HTTP and WebSocket client (civetweb's client
 * side), speaking to a server on loopback.
 */
#ifndef IV_WEB_CLIENT_H
#define IV_WEB_CLIENT_H

#include <jansson.h>
#include <stddef.h>

struct http_response {
	int status;
	char *body;          /* malloc'd, NUL-terminated */
	size_t len;
	char headers[4096];  /* "Name: value\n" lines */
};

/* One request; extra_headers are "Name: value\r\n" lines (may be NULL).
 * Returns 0, or -1 when the connection failed. */
int http_request(int port, const char *method, const char *path, const char *extra_headers,
		 const char *body, size_t body_len, struct http_response *out);
void http_response_release(struct http_response *r);
/* The value of a response header (case-insensitive name), or NULL. */
const char *http_header(const struct http_response *r, const char *name, char *buf, size_t cap);

struct ws_client;

/* Connects to path (e.g. /i/TOKEN/ws).  NULL when the handshake failed. */
struct ws_client *ws_connect(int port, const char *path);
/* Sends a text frame. */
int ws_send_text(struct ws_client *c, const char *text);
/* Sends a candidate's typed answer, {"text": answer}. */
int ws_send_answer(struct ws_client *c, const char *answer);
int ws_send_binary(struct ws_client *c, const void *data, size_t len);
/* The next text frame parsed as JSON (caller decrefs), waiting up to
 * timeout_s; NULL on timeout or close.  Binary frames are counted, not queued. */
json_t *ws_next_event(struct ws_client *c, double timeout_s);
/* The same; *binary_before gets the binary bytes that came before it. */
json_t *ws_next_event_after(struct ws_client *c, double timeout_s, size_t *binary_before);
/* The next event whose "event" is name, skipping others (heard captions). */
json_t *ws_wait_event(struct ws_client *c, const char *name, double timeout_s);
/* Binary bytes received so far. */
size_t ws_binary_bytes(struct ws_client *c);
/* 1 once the server closed the connection. */
int ws_closed(struct ws_client *c);
void ws_close(struct ws_client *c);

#endif

/* --- a server for one test, on loopback, in a fresh folder ------------------ */

#include "web.h"

struct web_fixture {
	char *dir;
	char *db;
	struct web_server *ws;
	int port;
	char token[96];          /* an API token */
	char auth[160];          /* "Authorization: Bearer <token>\r\n" */
	struct web_params params;
};

/* Starts a server (virtual clock, seed 1, port 0) with p's limits when p
 * is given; makes an API token.  Fails the test when it cannot. */
void wf_start(struct web_fixture *f, const struct web_params *p);
/* Stops it (the folder stays, for wf_restart). */
void wf_stop_server(struct web_fixture *f);
/* Starts it again on the same database. */
void wf_restart(struct web_fixture *f);
/* Stops it and removes the folder. */
void wf_stop(struct web_fixture *f);
/* POST /api/invitations for name; returns the answer (caller decrefs).
 * expires_in_s <= 0: the default. */
json_t *wf_invite(struct web_fixture *f, const char *name, double expires_in_s);
/* The WebSocket path of an invitation answer. */
void wf_ws_path(const json_t *invitation, char *out, size_t cap);
/* Opens the room's socket of an invitation (fails the test when it cannot). */
struct ws_client *wf_open_room(struct web_fixture *f, const json_t *invitation);
/* GET path with the token: the parsed JSON body (caller decrefs), status in *status. */
json_t *wf_get_json(struct web_fixture *f, const char *path, int *status);
