/*
 * web.h - `interviewer serve`: the web service a hiring team deploys
 * (contract section 6).  One process serves the JSON API, the candidate's
 * room (/i/<token>, a page and its WebSocket) and many interviews at once,
 * with civetweb for HTTP and WebSocket.
 */
#ifndef IV_WEB_H
#define IV_WEB_H

#include <stdint.h>

#include "iv_error.h"

struct web_params {
	const char *host;          /* NULL: 127.0.0.1 */
	int port;                  /* 0: any free port (see web_server_port) */
	const char *db;            /* the store (NULL: the default file) */
	const char *data_dir;      /* the interview's content */
	const char *web_dir;       /* the static files (NULL: the build's web/) */
	const char *stt_url;       /* a transcription server, or NULL */
	const char *llm_url;       /* an OpenAI-compatible chat server words the turns, or NULL */
	const char *llm_model;
	int llm_judge;             /* the LLM proposes scores too (docs/llm.md) */
	const char *voice;         /* the interviewer's Flite voice, or NULL */
	int virtual_clock;         /* time advances by speech (tests, load benchmarks) */
	uint64_t seed;
	int max_interviews;        /* live interviews at once (0: 1000) */
	int max_voice;             /* spoken interviews at once (0: from the CPU count, -1: none) */
	int threads;               /* civetweb worker threads (0: from max_interviews) */
	int login_per_minute;      /* login attempts per address and minute (0: 10) */
	int invitations_per_minute; /* invitations one account or token makes a minute (0: 1200) */
	int retention_days;        /* recorded answers are deleted after this many days (0: kept) */
	int retention_sweep_s;     /* how often the server looks for them (0: hourly) */
	int lease_heartbeat_ms;    /* how often a server renews its interviews' leases (0: 5000) */
	const char *tls_cert;      /* HTTPS with this PEM certificate (chain) ... */
	const char *tls_key;       /* ... and this PEM private key; both or neither */
};

/* NULL when this machine's civetweb can serve HTTPS (--tls-cert,
 * --tls-key), else why not, as a sentence for the operator. */
const char *web_tls_problem(void);

struct web_server;

/* Opens the store, loads the content and starts listening.  NULL with err. */
struct web_server *web_server_start(const struct web_params *p, struct iv_error *err);
/* The port it listens on. */
int web_server_port(const struct web_server *ws);
/* Stops listening, ends every connection and frees it all. */
void web_server_stop(struct web_server *ws);

/* The default number of spoken interviews heard at once on this machine. */
int web_default_max_voice(void);

#endif
