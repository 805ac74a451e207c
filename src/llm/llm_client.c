/*
 * llm_client.c - a streamed chat completion (see llm_client.h).  libcurl's
 * multi interface does the HTTP so the deadlines are ours to the
 * millisecond (an easy handle's progress callback comes about once a
 * second, too coarse for a 1.5 s budget); jansson reads each event's JSON.
 * The server-sent events framing ("data: ...\n\n") is a few lines of
 * parsing, which no Debian library offers on its own.
 */
#include "llm/llm_client.h"

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_REPLY_BYTES (256 * 1024) /* the raw stream: far more than one turn */
#define MAX_TEXT_BYTES 8192          /* the words */

struct llm_client {
	char *url;
	char *auth_header; /* "Authorization: Bearer ..." or NULL */
	long first_token_ms, total_ms;
};

static const char *const fault_names[LLM_FAULT_COUNT] = {
	"ok", "connect", "http_error", "first_token_timeout", "too_slow", "malformed",
	"truncated", "too_big", "empty",
};

const char *llm_fault_name(enum llm_fault f)
{
	return f >= 0 && f < LLM_FAULT_COUNT ? fault_names[f] : "unknown";
}

int llm_fault_retryable(enum llm_fault f, long http_status)
{
	return f == LLM_CONNECT || (f == LLM_HTTP && (http_status >= 500 || http_status == 429));
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init_once(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct llm_client *llm_client_new(const struct llm_client_config *cfg, struct iv_error *err)
{
	const char *base = cfg->base_url;
	if (!base || !*base) {
		iv_error_set(err, "no LLM server URL");
		return NULL;
	}
	if (strncmp(base, "http://", 7) && strncmp(base, "https://", 8)) {
		iv_error_set(err, "LLM server URL must start with http:// or https:// (got \"%s\")", base);
		return NULL;
	}
	pthread_once(&curl_once, curl_init_once);
	struct llm_client *c = calloc(1, sizeof *c);
	if (!c)
		goto oom;
	size_t len = strlen(base);
	while (len > 0 && base[len - 1] == '/')
		len--;
	static const char path[] = "/chat/completions";
	if (!(c->url = malloc(len + sizeof path)))
		goto oom;
	memcpy(c->url, base, len);
	memcpy(c->url + len, path, sizeof path);
	if (cfg->key && *cfg->key) {
		if (strpbrk(cfg->key, "\r\n")) {
			llm_client_free(c);
			iv_error_set(err, "INTERVIEWER_LLM_KEY holds a line break");
			return NULL;
		}
		size_t n = strlen(cfg->key) + 32;
		if (!(c->auth_header = malloc(n)))
			goto oom;
		snprintf(c->auth_header, n, "Authorization: Bearer %s", cfg->key);
	}
	c->first_token_ms = cfg->first_token_ms > 0 ? cfg->first_token_ms : 1500;
	c->total_ms = cfg->total_ms > 0 ? cfg->total_ms : 6000;
	if (c->total_ms < c->first_token_ms)
		c->total_ms = c->first_token_ms;
	return c;
oom:
	llm_client_free(c);
	iv_error_set(err, "out of memory");
	return NULL;
}

void llm_client_free(struct llm_client *c)
{
	if (!c)
		return;
	free(c->url);
	if (c->auth_header) {
		/* the key does not outlive the client in freed memory */
		memset(c->auth_header, 0, strlen(c->auth_header));
		free(c->auth_header);
	}
	free(c);
}

void llm_reply_release(struct llm_reply *r)
{
	free(r->text);
	r->text = NULL;
}

/* ------------------------------------------------------------ the stream */

struct stream {
	char raw[MAX_REPLY_BYTES];  /* bytes not yet parsed (events), or the whole body */
	size_t raw_len;
	size_t raw_total;
	char text[MAX_TEXT_BYTES];
	size_t text_len;
	int is_sse;                 /* decided on the first bytes */
	int done;                   /* [DONE] or a finish_reason seen */
	enum llm_fault fault;
	char detail[160];
	double start_ms;
	double paused_ms;           /* spent in on_sentence: not the server's time */
	double first_token_ms, first_sentence_ms;
	int sentence_sent;
	size_t sentence_scan;       /* text before this holds no sentence end */
	llm_sentence_fn on_sentence;
	void *user;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void set_fault(struct stream *s, enum llm_fault f, const char *detail)
{
	if (s->fault != LLM_OK)
		return;
	s->fault = f;
	snprintf(s->detail, sizeof s->detail, "%s", detail);
}

/* The first whole sentence, once, to the caller. */
static void maybe_sentence(struct stream *s)
{
	if (s->sentence_sent)
		return;
	size_t from = 0;
	while (from < s->text_len && (s->text[from] == ' ' || s->text[from] == '\n' ||
				      s->text[from] == '\t'))
		from++;
	size_t i = s->sentence_scan > from ? s->sentence_scan : from;
	for (; i + 1 < s->text_len; i++) {
		char c = s->text[i];
		if ((c != '.' && c != '?' && c != '!') ||
		    (s->text[i + 1] != ' ' && s->text[i + 1] != '\n'))
			continue;
		s->sentence_sent = 1;
		double t = now_ms();
		s->first_sentence_ms = t - s->start_ms - s->paused_ms;
		if (!s->on_sentence)
			return;
		char sentence[MAX_TEXT_BYTES];
		memcpy(sentence, s->text + from, i + 1 - from);
		sentence[i + 1 - from] = '\0';
		s->on_sentence(s->user, sentence);
		s->paused_ms += now_ms() - t;
		return;
	}
	s->sentence_scan = i; /* the last character waits for the next one */
}

static void add_text(struct stream *s, const char *t)
{
	size_t n = strlen(t);
	if (!n)
		return;
	if (s->text_len + n >= sizeof s->text) {
		set_fault(s, LLM_TOO_BIG, "the reply is longer than a turn can be");
		return;
	}
	if (s->first_token_ms < 0)
		s->first_token_ms = now_ms() - s->start_ms - s->paused_ms;
	memcpy(s->text + s->text_len, t, n);
	s->text_len += n;
	s->text[s->text_len] = '\0';
	maybe_sentence(s);
}

/* An error object in a body or an event: {"error": {"message": ...}} or
 * {"error": "..."}. */
static int take_error(struct stream *s, json_t *root)
{
	json_t *e = json_object_get(root, "error");
	if (!e)
		return 0;
	const char *msg = json_is_string(e) ? json_string_value(e)
					     : json_string_value(json_object_get(e, "message"));
	char d[160];
	snprintf(d, sizeof d, "the server answered an error: %.100s", msg ? msg : "(no message)");
	set_fault(s, LLM_HTTP, d);
	return 1;
}

/* finish_reason ends the reply; "length" ends it at the server's token
 * limit, cut wherever it was (llama-server: "...you've been d"): no words
 * to say. */
static void take_finish(struct stream *s, json_t *fin)
{
	if (!json_is_string(fin))
		return;
	if (!strcmp(json_string_value(fin), "length"))
		set_fault(s, LLM_TRUNCATED, "the reply was cut at the server's token limit");
	s->done = 1;
}

/* A line "error: {...}" (llama-server sends the error of a request that
 * failed once its stream had begun so, before [DONE]). */
static void take_error_line(struct stream *s, const char *data)
{
	json_error_t jerr;
	json_t *root = json_loads(data, 0, &jerr);
	if (root && json_is_object(root) && json_object_get(root, "message")) {
		json_t *wrapped = json_pack("{s:O}", "error", root);
		take_error(s, wrapped);
		json_decref(wrapped);
	} else {
		char d[160];
		snprintf(d, sizeof d, "the server answered an error: %.100s", data);
		set_fault(s, LLM_HTTP, d);
	}
	json_decref(root);
}

/* One event's data: a chunk of the completion, or [DONE]. */
static void take_event(struct stream *s, const char *data)
{
	if (!strcmp(data, "[DONE]")) {
		s->done = 1;
		return;
	}
	json_error_t jerr;
	json_t *root = json_loads(data, JSON_REJECT_DUPLICATES, &jerr);
	if (!root || !json_is_object(root)) {
		json_decref(root);
		set_fault(s, LLM_MALFORMED, "a stream event is not JSON");
		return;
	}
	if (take_error(s, root)) {
		json_decref(root);
		return;
	}
	json_t *choices = json_object_get(root, "choices");
	json_t *choice = json_array_get(choices, 0);
	if (!json_is_array(choices)) {
		json_decref(root);
		set_fault(s, LLM_MALFORMED, "a stream event has no choices");
		return;
	}
	if (choice) {
		json_t *delta = json_object_get(choice, "delta");
		json_t *content = json_object_get(delta, "content");
		if (json_is_string(content))
			add_text(s, json_string_value(content));
		else if (content && !json_is_null(content))
			set_fault(s, LLM_MALFORMED, "a stream event's content is not a string");
		take_finish(s, json_object_get(choice, "finish_reason"));
	}
	json_decref(root);
}

/* Parses whole lines of the event stream held in raw; keeps a partial line. */
static void parse_events(struct stream *s)
{
	size_t start = 0;
	for (size_t i = 0; i < s->raw_len; i++) {
		if (s->raw[i] != '\n')
			continue;
		size_t end = i;
		if (end > start && s->raw[end - 1] == '\r')
			end--;
		s->raw[end] = '\0';
		const char *line = s->raw + start;
		if (!strncmp(line, "data:", 5)) {
			line += 5;
			while (*line == ' ')
				line++;
			take_event(s, line);
		} else if (!strncmp(line, "error:", 6)) {
			line += 6;
			while (*line == ' ')
				line++;
			take_error_line(s, line);
		}
		/* "event:", "id:", ": comment" and blank lines carry nothing we need */
		start = i + 1;
	}
	memmove(s->raw, s->raw + start, s->raw_len - start);
	s->raw_len -= start;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *user)
{
	struct stream *s = user;
	size_t n = size * nmemb;
	if (s->raw_total == 0) {
		/* an event stream starts with a field; a plain JSON body with { */
		size_t i = 0;
		while (i < n && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r'))
			i++;
		s->is_sse = i < n && data[i] != '{';
	}
	s->raw_total += n;
	if (s->raw_len + n >= sizeof s->raw) {
		set_fault(s, LLM_TOO_BIG, "the reply is larger than the limit");
		return 0;
	}
	memcpy(s->raw + s->raw_len, data, n);
	s->raw_len += n;
	s->raw[s->raw_len] = '\0';
	if (s->is_sse)
		parse_events(s);
	return s->fault == LLM_OK ? n : 0;
}

/* A reply that was not streamed: {"choices":[{"message":{"content":...}}]} */
static void take_body(struct stream *s)
{
	json_error_t jerr;
	json_t *root = json_loadb(s->raw, s->raw_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root || !json_is_object(root)) {
		json_decref(root);
		set_fault(s, LLM_MALFORMED, "the reply is not JSON");
		return;
	}
	if (!take_error(s, root)) {
		json_t *msg = json_object_get(json_array_get(json_object_get(root, "choices"), 0),
					      "message");
		json_t *content = json_object_get(msg, "content");
		if (json_is_string(content)) {
			add_text(s, json_string_value(content));
			s->done = 1;
			take_finish(s, json_object_get(json_array_get(json_object_get(root, "choices"), 0),
						       "finish_reason"));
		} else {
			set_fault(s, LLM_MALFORMED, "the reply has no choices[0].message.content");
		}
	}
	json_decref(root);
}

int llm_client_complete(const struct llm_client *c, const char *request_json,
			llm_sentence_fn on_sentence, void *user, struct llm_reply *out)
{
	memset(out, 0, sizeof *out);
	out->first_token_ms = out->first_sentence_ms = -1;
	struct stream *s = calloc(1, sizeof *s);
	if (!s) {
		out->fault = LLM_TOO_BIG;
		snprintf(out->detail, sizeof out->detail, "out of memory");
		return -1;
	}
	s->start_ms = now_ms();
	s->first_token_ms = s->first_sentence_ms = -1;
	s->on_sentence = on_sentence;
	s->user = user;
	CURL *h = curl_easy_init();
	CURLM *m = curl_multi_init();
	struct curl_slist *headers = NULL;
	headers = curl_slist_append(headers, "Content-Type: application/json");
	headers = curl_slist_append(headers, "Accept: text/event-stream");
	if (c->auth_header)
		headers = curl_slist_append(headers, c->auth_header);
	if (!h || !m || !headers) {
		set_fault(s, LLM_CONNECT, "out of memory");
		goto done;
	}
	curl_easy_setopt(h, CURLOPT_URL, c->url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, request_json);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->first_token_ms);
	/* curl's own limit is a backstop behind ours (which leaves out the
	 * time the caller spent on the first sentence); a caller may take a
	 * sentence's playing time, so it is generous */
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->total_ms + 60000);
	curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_multi_add_handle(m, h);
	int running = 1;
	while (running && s->fault == LLM_OK) {
		if (curl_multi_perform(m, &running) != CURLM_OK) {
			set_fault(s, LLM_CONNECT, "the HTTP library failed");
			break;
		}
		double elapsed = now_ms() - s->start_ms - s->paused_ms;
		if (s->first_token_ms < 0 && !s->done && elapsed > (double)c->first_token_ms) {
			char d[160];
			snprintf(d, sizeof d, "no words within %ld ms", c->first_token_ms);
			set_fault(s, LLM_FIRST_TOKEN, d);
			break;
		}
		if (elapsed > (double)c->total_ms) {
			char d[160];
			snprintf(d, sizeof d, "the reply took longer than %ld ms", c->total_ms);
			set_fault(s, LLM_TOO_SLOW, d);
			break;
		}
		if (s->done && s->is_sse)
			break; /* everything needed is here; the server may keep the socket */
		if (running)
			curl_multi_poll(m, NULL, 0, 20, NULL);
	}
	CURLMsg *msg;
	int left;
	while ((msg = curl_multi_info_read(m, &left))) {
		if (msg->msg != CURLMSG_DONE || msg->data.result == CURLE_OK ||
		    msg->data.result == CURLE_WRITE_ERROR)
			continue;
		enum llm_fault f = msg->data.result == CURLE_OPERATION_TIMEDOUT ? LLM_TOO_SLOW
			: msg->data.result == CURLE_PARTIAL_FILE || msg->data.result == CURLE_RECV_ERROR
			? LLM_TRUNCATED : LLM_CONNECT;
		char d[160];
		snprintf(d, sizeof d, "%s", curl_easy_strerror(msg->data.result));
		set_fault(s, f, d);
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->http_status);
	if (s->fault == LLM_OK && out->http_status >= 400) {
		char d[160];
		snprintf(d, sizeof d, "the server answered HTTP %ld", out->http_status);
		s->fault = LLM_HTTP;
		snprintf(s->detail, sizeof s->detail, "%s", d);
		if (!s->is_sse && s->raw_len) {
			/* keep the status; the body's message says more */
			json_t *root = json_loadb(s->raw, s->raw_len, 0, NULL);
			json_t *e = json_object_get(root, "error");
			const char *em = json_is_string(e) ? json_string_value(e)
				: json_string_value(json_object_get(e, "message"));
			if (em)
				snprintf(s->detail, sizeof s->detail, "HTTP %ld: %.100s", out->http_status, em);
			json_decref(root);
		}
	}
	if (s->fault == LLM_OK && !s->is_sse && s->raw_len)
		take_body(s);
	if (s->fault == LLM_OK && s->is_sse && !s->done)
		set_fault(s, LLM_TRUNCATED, "the stream ended before the reply did");
	if (s->fault == LLM_OK && !s->raw_total && !s->text_len)
		set_fault(s, LLM_EMPTY, "the server sent nothing");
done:
	if (m && h)
		curl_multi_remove_handle(m, h);
	curl_easy_cleanup(h);
	curl_multi_cleanup(m);
	curl_slist_free_all(headers);
	out->fault = s->fault;
	out->total_ms = now_ms() - s->start_ms;
	out->first_token_ms = s->first_token_ms;
	out->first_sentence_ms = s->first_sentence_ms;
	snprintf(out->detail, sizeof out->detail, "%s", s->detail);
	if (s->fault == LLM_OK) {
		/* trim; a reply of only spaces is empty */
		char *t = s->text;
		while (*t == ' ' || *t == '\n' || *t == '\t')
			t++;
		size_t n = strlen(t);
		while (n && (t[n - 1] == ' ' || t[n - 1] == '\n' || t[n - 1] == '\t'))
			n--;
		if (!n) {
			out->fault = LLM_EMPTY;
			snprintf(out->detail, sizeof out->detail, "the reply has no words");
		} else if ((out->text = malloc(n + 1))) {
			memcpy(out->text, t, n);
			out->text[n] = '\0';
		} else {
			out->fault = LLM_TOO_BIG;
			snprintf(out->detail, sizeof out->detail, "out of memory");
		}
	}
	if (out->fault == LLM_OK && out->first_sentence_ms < 0)
		out->first_sentence_ms = out->total_ms; /* one sentence: it is the whole reply */
	free(s);
	return out->fault == LLM_OK ? 0 : -1;
}
