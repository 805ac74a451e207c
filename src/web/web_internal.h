/*
 * web_internal.h - what the web service's files share: the server, the
 * HTTP helpers (web_http.c), authentication (web_auth.c), the metrics
 * (web_metrics.c) and the rooms (web_room.c).
 */
#ifndef IV_WEB_INTERNAL_H
#define IV_WEB_INTERNAL_H

#include <civetweb.h>
#include <jansson.h>
#include <pthread.h>
#include <stddef.h>

#include "options.h"
#include "store.h"
#include "web.h"
#include "web_metrics.h"

#define WEB_MAX_BODY_BYTES (64 * 1024)     /* an API request's body */
#define WEB_MAX_JSON_DEPTH 16
#define WEB_MAX_TEXT_FRAME (64 * 1024)     /* a candidate's text frame */
#define WEB_MAX_AUDIO_FRAME (64 * 1024)    /* 2 s of 16 kHz audio */
#define WEB_MAX_FIELD 512                  /* a name, an email */
#define WEB_MAX_ANSWER_CHARS 20000         /* a typed answer */
#define WEB_MAX_SCORERS 8

struct web_rooms;
struct web_sessions;
struct voice_pool;

struct web_server {
	struct mg_context *ctx;
	struct web_params params;
	char *web_dir;
	char *data_dir;
	struct store *store;
	struct content content;            /* the default playbook's */
	struct web_rooms *rooms;
	struct web_sessions *sessions;     /* recruiters logged in */
	struct web_metrics *metrics;
	struct voice_pool *voices;
	struct llm_wording *wording;       /* with --llm-url: shared by every room */
	struct llm_judge *judge;           /* with --llm-judge: shared by every room */
	/* the default playbook's interviews are scored by a few scorers loaded
	 * once, one per core, each used by one interview at a time */
	struct scorer *scorers[WEB_MAX_SCORERS];
	pthread_mutex_t scorer_locks[WEB_MAX_SCORERS];
	int n_scorers;
	_Atomic unsigned next_scorer;
	_Atomic int voice_slots;           /* spoken interviews holding a recognizer */
	int port;
	int tls;                           /* serving HTTPS */
	/* this process among the servers of one database: the owner of the
	 * leases of the interviews it holds (store_take_lease) */
	char server_id[40];
	/* the housekeeping thread: leases' heartbeat, the retention sweep */
	pthread_t housekeeper;
	int has_housekeeper;
	pthread_mutex_t housekeeping_lock;
	pthread_cond_t housekeeping_wake;
	int stopping;
	struct web_audit_seen *audit_seen; /* recent reads already logged */
};

/* Who made an API request: for the audit log and the per-account limits. */
struct web_actor {
	char who[300];                     /* an account's email, or "token:NAME" */
	char address[64];                  /* the client's address */
};

/* --- web_http.c ------------------------------------------------------------ */

/* Security headers every response carries (CSP without inline script,
 * nosniff, referrer policy, no framing), as one header block. */
extern const char web_security_headers[];

void web_send_json(struct mg_connection *c, int status, json_t *body); /* steals body */
void web_send_error(struct mg_connection *c, int status, const char *message);
void web_send_text(struct mg_connection *c, int status, const char *content_type,
		   const char *body, size_t len, const char *extra_headers);
void web_send_no_content(struct mg_connection *c);

/* The Strict-Transport-Security header line for a connection over TLS, else "". */
const char *web_hsts(struct mg_connection *c);

/* Reads and parses a JSON object body (size, depth and UTF-8 checked).
 * NULL after an error answer has been sent. */
json_t *web_read_json(struct mg_connection *c);

/* Parses a JSON object from a buffer with the same limits: NULL with a
 * message in why. */
json_t *web_parse_json(const char *data, size_t len, char *why, size_t why_cap);

/* The wall clock, as Unix seconds. */
double web_now(void);

/* --- web_auth.c ------------------------------------------------------------ */

/* A fresh secret: 32 random bytes, base64url without padding (43 chars). */
int web_new_secret(char *out, size_t cap, struct iv_error *err);
/* The hex BLAKE2b hash of a secret, as stored (65 bytes). */
void web_hash_secret(const char *secret, char out[65]);
/* A short keyed-less hash of text into out (for in-memory keys). */
void web_hash_bytes(const char *text, unsigned char *out, size_t len);
/* Overwrites a secret in memory. */
void web_wipe(void *p, size_t len);
/* A token as it appears in a link is 43 base64url characters. */
int web_token_is_well_formed(const char *token);

/* Is the request allowed to use the API?  1 yes; 0 after a 401/403 answer
 * was sent.  State-changing requests with a session cookie need its CSRF
 * token in X-CSRF-Token. */
int web_authorize(struct web_server *ws, struct mg_connection *c, struct web_actor *who);

int web_handle_login(struct mg_connection *c, void *ws);
int web_handle_logout(struct mg_connection *c, void *ws);

struct web_sessions *web_sessions_new(int login_per_minute, int invitations_per_minute);
void web_sessions_free(struct web_sessions *s);
/* Takes one invitation from who's bucket: 0, or the seconds to wait. */
int web_take_invitation(struct web_sessions *s, const char *who, double now);

/* --- web_audit.c ------------------------------------------------------------ */

/* Records an action in the audit log (failures go to stderr: an action
 * is never refused for its log).  Reads (view_*, download_report,
 * play_audio) by one actor of one thing are logged once in a few
 * minutes, not at every poll of the console.  interview_id and detail may
 * be NULL.  Never pass a secret. */
void web_audit(struct web_server *ws, const struct web_actor *who, const char *action,
	       const char *interview_id, const char *detail);
struct web_audit_seen *web_audit_seen_new(void);
void web_audit_seen_free(struct web_audit_seen *s);
/* GET /api/audit */
void web_list_audit(struct web_server *ws, struct mg_connection *c);
/* The tokens' routes: GET and POST /api/tokens, DELETE /api/tokens/NAME. */
void web_tokens_route(struct web_server *ws, struct mg_connection *c, const struct web_actor *who,
		      const char *rest);

/* --- web_api.c ------------------------------------------------------------- */

int web_handle_api(struct mg_connection *c, void *ws);

/* --- web_room.c ------------------------------------------------------------ */

struct web_rooms *web_rooms_new(void);
void web_rooms_free(struct web_rooms *r);
/* Interviews with a candidate connected, and of them those spoken. */
void web_rooms_count(struct web_rooms *r, int *live, int *spoken);
/* Forgets a deleted interview's room (closing its connection). */
void web_rooms_drop(struct web_server *ws, const char *id);
void web_room_register(struct web_server *ws);
/* Renews the leases of this server's interviews; a room whose lease
 * another server took is told and closed. */
void web_rooms_heartbeat(struct web_server *ws);

/* --- web_scoring.c --------------------------------------------------------- */

void web_scorers_init(struct web_server *ws);
int web_scorers_load(struct web_server *ws, struct iv_error *err);
void web_scorers_free(struct web_server *ws);
/* A loaded scorer, locked for the caller (web_release_scorer after); the
 * try form returns -1 when every scorer is busy. */
int web_try_take_scorer(struct web_server *ws);
int web_take_scorer(struct web_server *ws);
void web_release_scorer(struct web_server *ws, int k);

#endif
