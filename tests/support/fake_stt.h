/*
 * fake_stt.h - an OpenAI-protocol transcription server on 127.0.0.1 for
 * tests (civetweb): POST .../audio/transcriptions answers with the text it
 * was given, or fails with an HTTP status when told to, and counts the
 * requests it got.
 */
#ifndef IV_FAKE_STT_H
#define IV_FAKE_STT_H

struct fake_stt;

/* text: what every transcription says.  NULL when it cannot start. */
struct fake_stt *fake_stt_start(const char *text);
void fake_stt_stop(struct fake_stt *f);

/* "http://127.0.0.1:PORT/v1" */
const char *fake_stt_url(const struct fake_stt *f);

/* 0: answer; an HTTP status (500, 503): fail with it. */
void fake_stt_fail_with(struct fake_stt *f, int status);
int fake_stt_requests(const struct fake_stt *f);

#endif
