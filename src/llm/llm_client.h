/*
 * llm_client.h - one streamed chat completion from an OpenAI-compatible
 * server (llama.cpp server, Ollama, vLLM, OpenAI): POST URL/chat/completions
 * with "stream": true, read the server-sent events as they come, and give up
 * at a deadline.  Every fault is a value in the reply, never a stall: the
 * caller falls back to the scripted wording.
 *
 * A client is immutable after llm_client_new and may be shared by threads;
 * each call uses its own connection.
 */
#ifndef IV_LLM_CLIENT_H
#define IV_LLM_CLIENT_H

#include "iv_error.h"

struct llm_client_config {
	const char *base_url;  /* ".../v1": URL/chat/completions is called */
	const char *key;       /* bearer token, or NULL; never logged or echoed */
	long first_token_ms;   /* give up when no words came by then (default 1500) */
	long total_ms;         /* ... or when the whole reply took longer (default 6000) */
};

struct llm_client;

struct llm_client *llm_client_new(const struct llm_client_config *cfg, struct iv_error *err);
void llm_client_free(struct llm_client *c);

enum llm_fault {
	LLM_OK,
	LLM_CONNECT,        /* refused, unreachable, TLS */
	LLM_HTTP,           /* a 4xx or 5xx answer, or an error object in the stream */
	LLM_FIRST_TOKEN,    /* no words within first_token_ms */
	LLM_TOO_SLOW,       /* the reply did not end within total_ms */
	LLM_MALFORMED,      /* a chunk that is not the protocol's JSON */
	LLM_TRUNCATED,      /* the stream ended before its end was said */
	LLM_TOO_BIG,        /* more than the reply limit */
	LLM_EMPTY,          /* a complete reply with no words */
	LLM_FAULT_COUNT
};

const char *llm_fault_name(enum llm_fault f);

/* Whether trying again at once may help (refused, 5xx, 429). */
int llm_fault_retryable(enum llm_fault f, long http_status);

struct llm_reply {
	char *text;              /* the words (malloc'd), or NULL on a fault */
	enum llm_fault fault;
	long http_status;
	double first_token_ms;   /* from the call to the first words, or -1 */
	double first_sentence_ms;/* ... to the first whole sentence, or -1 */
	double total_ms;
	char detail[160];        /* what went wrong, without the key or the prompt */
};

/* Called once, with the first whole sentence (leading spaces trimmed), as
 * soon as it has arrived, before the rest of the reply: a sentence ends at
 * '.', '?' or '!' followed by a space or a line break.  The time the
 * callback takes (a voice synthesizing, or playing, the sentence) does not
 * count against the budgets: the server's words wait in the socket. */
typedef void (*llm_sentence_fn)(void *user, const char *sentence);

/* Sends request_json (a chat completion request; "stream" is the caller's)
 * and reads the reply.  Returns 0 when out->text holds words, else -1 with
 * out->fault set.  Release with llm_reply_release. */
int llm_client_complete(const struct llm_client *c, const char *request_json,
			llm_sentence_fn on_sentence, void *user, struct llm_reply *out);
void llm_reply_release(struct llm_reply *r);

#endif
