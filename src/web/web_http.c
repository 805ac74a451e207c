/*
 * web_http.c - answering HTTP requests: JSON bodies in and out, errors as
 * {"error": "..."}, the security headers on every response, and the limits
 * on what a request may send.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web_internal.h"

const char web_security_headers[] =
	"Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; "
	"img-src 'self' data:; media-src 'self' blob:; connect-src 'self'; worker-src 'self' blob:; "
	"frame-ancestors 'none'; base-uri 'none'; form-action 'self'\r\n"
	"X-Content-Type-Options: nosniff\r\n"
	"Referrer-Policy: no-referrer\r\n"
	"X-Frame-Options: DENY\r\n"
	"Cache-Control: no-store\r\n";

static const char *status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "Error";
	}
}

double web_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

const char *web_hsts(struct mg_connection *c)
{
	const struct mg_request_info *ri = mg_get_request_info(c);
	return ri && ri->is_ssl ? "Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n"
				: "";
}

void web_send_text(struct mg_connection *c, int status, const char *content_type,
		   const char *body, size_t len, const char *extra_headers)
{
	mg_printf(c,
		  "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s%s%s"
		  "Connection: keep-alive\r\n\r\n",
		  status, status_text(status), content_type, len, web_security_headers, web_hsts(c),
		  extra_headers ? extra_headers : "");
	if (len)
		mg_write(c, body, len);
}

void web_send_no_content(struct mg_connection *c)
{
	mg_printf(c, "HTTP/1.1 204 No Content\r\n%s%sContent-Length: 0\r\n\r\n", web_security_headers,
		  web_hsts(c));
}

void web_send_json(struct mg_connection *c, int status, json_t *body)
{
	char *text = body ? json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
	json_decref(body);
	if (!text) {
		static const char oom[] = "{\"error\":\"out of memory\"}";
		web_send_text(c, 500, "application/json", oom, sizeof oom - 1, NULL);
		return;
	}
	web_send_text(c, status, "application/json", text, strlen(text), NULL);
	free(text);
}

void web_send_error(struct mg_connection *c, int status, const char *message)
{
	web_send_json(c, status, json_pack("{s:s}", "error", message));
}

/* The nesting depth of a JSON text, counted outside strings.  jansson's own
 * limit (2048) is far more than any request needs, and deep nesting is
 * refused before a tree is built for it. */
static int json_depth(const char *s, size_t n)
{
	int depth = 0, max = 0, in_string = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (in_string) {
			if (ch == '\\')
				i++;
			else if (ch == '"')
				in_string = 0;
		} else if (ch == '"') {
			in_string = 1;
		} else if (ch == '{' || ch == '[') {
			if (++depth > max)
				max = depth;
		} else if (ch == '}' || ch == ']') {
			depth--;
		}
	}
	return max;
}

json_t *web_parse_json(const char *data, size_t len, char *why, size_t why_cap)
{
	if (json_depth(data, len) > WEB_MAX_JSON_DEPTH) {
		snprintf(why, why_cap, "JSON nested deeper than %d levels", WEB_MAX_JSON_DEPTH);
		return NULL;
	}
	json_error_t jerr;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		snprintf(why, why_cap, "malformed JSON: %s", jerr.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		snprintf(why, why_cap, "expected a JSON object");
		return NULL;
	}
	return root;
}

json_t *web_read_json(struct mg_connection *c)
{
	const struct mg_request_info *ri = mg_get_request_info(c);
	if (ri->content_length > WEB_MAX_BODY_BYTES) {
		web_send_error(c, 413, "request body too large");
		return NULL;
	}
	char *buf = malloc(WEB_MAX_BODY_BYTES + 1);
	if (!buf) {
		web_send_error(c, 500, "out of memory");
		return NULL;
	}
	size_t n = 0;
	for (;;) {
		int got = mg_read(c, buf + n, WEB_MAX_BODY_BYTES + 1 - n);
		if (got <= 0)
			break;
		n += (size_t)got;
		if (n > WEB_MAX_BODY_BYTES) {
			free(buf);
			web_send_error(c, 413, "request body too large");
			return NULL;
		}
	}
	char why[200];
	json_t *root = web_parse_json(buf, n, why, sizeof why);
	free(buf);
	if (!root)
		web_send_error(c, 400, why);
	return root;
}
