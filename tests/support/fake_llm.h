/*
 * fake_llm.h - an OpenAI-protocol chat server on 127.0.0.1 for tests and
 * benchmarks (civetweb): it streams (at once, or a word at a time at a
 * model's pace), stalls, fails, sends malformed or truncated streams, raw
 * bytes (invalid UTF-8, huge lines, lines cut anywhere) and utterances that
 * break the guard rules, as told, and records every request it got (body
 * and Authorization header).
 */
#ifndef IV_FAKE_LLM_H
#define IV_FAKE_LLM_H

enum fake_mode {
	FAKE_ECHO,       /* streams the move's scripted wording back, in pieces, up to
			  * its first question (the script may ask two in a row) */
	FAKE_TEXT,       /* streams the given text */
	FAKE_PLAIN,      /* the given text as one JSON body, not streamed */
	FAKE_STALL,      /* nothing for 3 s, then the echo */
	FAKE_HTTP_500,
	FAKE_HTTP_404,
	FAKE_HTTP_429,
	FAKE_MALFORMED,  /* a data: line that is not JSON */
	FAKE_TRUNCATED,  /* one piece, then the connection closes without [DONE] */
	FAKE_SLOW,       /* a word every 400 ms, without end (until 20 s) */
	FAKE_ERROR_EVENT,/* a stream whose event is {"error": ...} */
	FAKE_EMPTY,      /* [DONE] with no words */
	FAKE_TEXT_TRUNCATED, /* the given text streamed, then closed without an end */
	FAKE_TEXT_STALLED,   /* the given text streamed, then nothing more (until 20 s) */
	FAKE_RAW,        /* a 200 event stream whose body is the given bytes as they are */
	FAKE_BYTEWISE,   /* the given text streamed, a byte per write (lines cut anywhere) */
};

struct fake_llm;

struct fake_llm *fake_llm_start(void);
void fake_llm_stop(struct fake_llm *f);

/* "http://127.0.0.1:PORT/v1" */
const char *fake_llm_url(const struct fake_llm *f);

/* The next request gets this (a queue); text is for FAKE_TEXT/FAKE_PLAIN. */
void fake_llm_push(struct fake_llm *f, enum fake_mode mode, const char *text);
/* What requests get when the queue is empty (FAKE_ECHO at start). */
void fake_llm_set_default(struct fake_llm *f, enum fake_mode mode, const char *text);
/* Streamed text goes a word per event, ms apart (0, the default: a few
 * words per event at once), as a model generating at that pace. */
void fake_llm_set_token_ms(struct fake_llm *f, long ms);
/* Forgets the queue, the recorded requests and the pace. */
void fake_llm_reset(struct fake_llm *f);

int fake_llm_requests(struct fake_llm *f);
/* The i-th request's body and Authorization header (malloc'd copies; "" if none). */
char *fake_llm_body(struct fake_llm *f, int i);
char *fake_llm_auth(struct fake_llm *f, int i);

#endif
