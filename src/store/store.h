/*
 * store.h - where interviews are kept: sessions and every turn, written as
 * they happen so that a crash loses nothing.
 *
 * One interface, two backends behind it (store.c dispatches): SQLite (the
 * default, a file in WAL mode; sqlite*.c) and PostgreSQL (a
 * postgresql:// URL; postgres*.c), which several processes may share.
 * Every call that writes commits before it returns.  A store may be used
 * by several threads at once.
 */
#ifndef IV_STORE_H
#define IV_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "iv_error.h"
#include "transcript.h"

struct store;

/* The facts of a new session. */
struct session_info {
	const char *session_id;       /* unique; see store_new_session_id() */
	const char *candidate_name;
	const char *playbook_version;
	const char *playbook_path;    /* the file it was loaded from, for resume */
	uint64_t seed;
	int virtual_clock;
	double created_unix;
};

/* Opens (creating and migrating as needed) the store at path: a SQLite file
 * (or ":memory:"), or a PostgreSQL database given as a postgresql:// or
 * postgres:// URL (libpq's form, e.g. postgresql://user@host:5432/db or
 * postgresql:///db?host=/run/dir).  NULL path means store_default_path().
 * Returns NULL with err set on failure. */
struct store *store_open(const char *path, struct iv_error *err);
void store_close(struct store *st);

/* The default database file: $INTERVIEWER_DB, else
 * $XDG_DATA_HOME/interviewer/interviews.db, else
 * ~/.local/share/interviewer/interviews.db.  Creates the folder.  Returns a
 * malloc'd string the caller frees, or NULL with err set. */
char *store_default_path(struct iv_error *err);

/* Writes a fresh random session id (32 hex chars) into out (>= 33 bytes). */
int store_new_session_id(char *out, size_t cap, struct iv_error *err);

/* The schema version this build writes. */
int store_schema_version(void);

int store_create_session(struct store *st, const struct session_info *info, struct iv_error *err);

int store_add_turn(struct store *st, const char *session_id, int turn, const char *phase,
		   const char *topic, uint32_t acts, double t, const char *interviewer_text,
		   struct iv_error *err);

int store_set_reply(struct store *st, const char *session_id, int turn, const char *text,
		    double reply_t, double reply_seconds, double confidence, struct iv_error *err);

/* A turn worded by an LLM: the engine's own wording of it, where the said
 * words came from ("llm" or "script") and why the script was used ("" or
 * NULL when it was not). */
int store_set_wording(struct store *st, const char *session_id, int turn, const char *scripted,
		      const char *wording, const char *fallback, struct iv_error *err);

/* Marks the session ended at ended_t (seconds since start). */
int store_end_session(struct store *st, const char *session_id, double ended_t,
		      struct iv_error *err);

/* Stores the scorecard JSON (replacing any earlier one) with the versions it was made with. */
int store_set_scorecard(struct store *st, const char *session_id, const char *scorecard_json,
			const char *rubric_version, struct iv_error *err);

/* The stored scorecard JSON (malloc'd, caller frees) or NULL with err set when none. */
char *store_get_scorecard(struct store *st, const char *session_id, struct iv_error *err);

/* Resolves a full id or a unique prefix into the full id (out >= 33 bytes). */
int store_resolve_id(struct store *st, const char *id_or_prefix, char *out, size_t cap,
		     struct iv_error *err);

/* Loads a whole session as a transcript (caller frees with transcript_free()).
 * playbook_path_out, when not NULL, receives a malloc'd copy of the stored path. */
struct transcript *store_load(struct store *st, const char *session_id,
			      char **playbook_path_out, struct iv_error *err);

/* One line of the session list. */
struct session_summary {
	char session_id[40];
	char candidate_name[128];
	char status[16];
	char playbook_version[64];
	double created_unix;
	double ended_t;
	int n_turns;
	int has_scorecard;
};

/* Calls fn for every session, newest first.  Stops early when fn returns non-zero. */
int store_list(struct store *st, int (*fn)(const struct session_summary *s, void *ctx), void *ctx,
	       struct iv_error *err);

/* --- the web service (sqlite_web.c, postgres_web.c) ----------------------- */

/* An invitation: a candidate's link to one interview.  Its id is the
 * interview's id, and the session's id once the candidate has started. */
struct invitation {
	char id[40];
	char candidate_name[128];
	char email[256];
	char playbook[64];          /* "" for the default */
	double created_unix;
	double expires_unix;
	double consent_unix;        /* 0 until the candidate consented */
	int voice;                  /* the candidate's choice at consent: 1 spoken, 0 written */
	char status[16];            /* invited, in_progress, completed or expired */
	int n_turns;
};

/* Stores a new invitation; token_hash is the hash of the link's secret. */
int store_create_invitation(struct store *st, const struct invitation *inv, const char *token_hash,
			    struct iv_error *err);

/* Finds an invitation by the hash of its link's secret, or by its id, as
 * seen at now_unix (which decides "expired").  Returns 1 when found, 0 when
 * not, -1 with err. */
int store_find_invitation(struct store *st, const char *token_hash, double now_unix,
			  struct invitation *out, struct iv_error *err);
int store_get_invitation(struct store *st, const char *id, double now_unix, struct invitation *out,
			 struct iv_error *err);

/* Records the candidate's consent and choice of voice or writing. */
int store_set_consent(struct store *st, const char *id, int voice, double at_unix,
		      struct iv_error *err);

/* Calls fn for every invitation, newest first (stops when fn returns non-zero). */
int store_list_invitations(struct store *st, double now_unix,
			   int (*fn)(const struct invitation *inv, void *ctx), void *ctx,
			   struct iv_error *err);

/* Deletes an interview: its invitation, session, turns, scorecard and
 * recorded audio (overwritten on disk: the store runs with secure_delete).
 * Returns 1 when something was deleted, 0 when there was nothing, -1 with err. */
int store_delete_interview(struct store *st, const char *id, struct iv_error *err);

/* A candidate's recorded answer to a turn (16-bit mono PCM). */
int store_set_answer_audio(struct store *st, const char *session_id, int turn, int sample_rate,
			   const int16_t *pcm, size_t n_samples, struct iv_error *err);
/* Returns 1 with *pcm (malloc'd) filled, 0 when there is none, -1 with err. */
int store_get_answer_audio(struct store *st, const char *session_id, int turn, int *sample_rate,
			   int16_t **pcm, size_t *n_samples, struct iv_error *err);

/* API tokens for automation, kept as hashes. */
int store_add_api_token(struct store *st, const char *name, const char *token_hash,
			double created_unix, struct iv_error *err);
/* Returns 1 when token_hash is a live token (and marks its last use), 0 when not, -1 with err.
 * name_out (may be NULL) receives the token's name. */
int store_use_api_token(struct store *st, const char *token_hash, double now_unix,
			char *name_out, size_t name_cap, struct iv_error *err);
/* Revokes the tokens of that name; returns how many, -1 with err. */
int store_revoke_api_token(struct store *st, const char *name, struct iv_error *err);

/* One API token as listed: never its secret, nor its hash. */
struct api_token_info {
	char name[132];
	double created_unix;
	double last_used_unix;      /* 0: never used */
};
/* Calls fn for every live (unrevoked) token, oldest first (stops when fn
 * returns non-zero). */
int store_list_api_tokens(struct store *st, int (*fn)(const struct api_token_info *t, void *ctx),
			  void *ctx, struct iv_error *err);

/* Recruiter accounts; password_hash is an argon2id string. */
int store_add_user(struct store *st, const char *email, const char *password_hash,
		   double created_unix, struct iv_error *err);
/* Returns 1 with the hash in out, 0 when there is no such account, -1 with err. */
int store_get_user(struct store *st, const char *email, char *password_hash, size_t cap,
		   struct iv_error *err);

/* --- recruiters' login sessions (sqlite_login.c, postgres_login.c) ---------
 * Kept in the store so that a session cookie one server issued works on
 * every server of the same database. */

struct login_session {
	char secret_hash[65];       /* the hash of the cookie's secret, never the secret */
	char csrf[48];
	char email[256];
	double created_unix;
	double expires_unix;
};

int store_add_login_session(struct store *st, const struct login_session *ls,
			    struct iv_error *err);
/* Returns 1 with out filled when secret_hash is a session live at now_unix,
 * 0 when it is unknown or expired, -1 with err. */
int store_find_login_session(struct store *st, const char *secret_hash, double now_unix,
			     struct login_session *out, struct iv_error *err);
/* Ends a session: 1 when a session live at now_unix was ended, 0 when
 * there was none, -1 with err. */
int store_delete_login_session(struct store *st, const char *secret_hash, double now_unix,
			       struct iv_error *err);
/* Forgets the sessions expired at now_unix; returns how many, -1 with err. */
int store_purge_login_sessions(struct store *st, double now_unix, struct iv_error *err);

/* --- what a session's recordings are (sqlite_web.c, postgres_web.c) ------ */

/* Calls fn for every turn of session_id that has a recorded answer
 * (has_audio 1) or had one until the retention period deleted it
 * (has_audio 0, expired_unix when), in turn order. */
int store_list_answer_audio(struct store *st, const char *session_id,
			    int (*fn)(int turn, int has_audio, double expired_unix, void *ctx),
			    void *ctx, struct iv_error *err);

/* Retention: deletes the recorded answers of every interview created
 * before before_unix (the transcript and scorecard stay), marking their
 * turns as expired at now_unix.  SQLite overwrites the freed pages
 * (secure_delete) and empties its write-ahead log.  Returns how many
 * recordings were deleted, -1 with err. */
int store_expire_answer_audio(struct store *st, double before_unix, double now_unix,
			      struct iv_error *err);

/* --- the audit log of recruiters' actions (sqlite_audit.c, postgres_audit.c)
 * Who did what to which interview, when and from where.  Never a secret: the
 * callers put names, emails, formats and turn numbers in it, no password,
 * token or audio. */

struct audit_entry {
	long long id;               /* set by the store, increasing */
	double at_unix;
	char actor[300];            /* an account's email, or "token:NAME" */
	char action[32];            /* login, login_failed, create_invitation, ... */
	char interview_id[40];      /* "" when the action concerns none */
	char detail[160];           /* a report's format, a turn, a token's name */
	char address[64];           /* the client's address */
};

int store_add_audit(struct store *st, const struct audit_entry *e, struct iv_error *err);
/* Calls fn for the newest limit entries (of interview_id only when it is
 * not NULL or ""), newest first. */
int store_list_audit(struct store *st, const char *interview_id, int limit,
		     int (*fn)(const struct audit_entry *e, void *ctx), void *ctx,
		     struct iv_error *err);

/* --- which server holds a live interview (sqlite_audit.c, postgres_audit.c)
 * Several servers on one database: the server a candidate's connection
 * reaches takes the interview's lease (owner: that server's id), taking it
 * from whoever held it.  The writes of an interview made through
 * store_fenced() succeed only while its owner holds the lease, so a server
 * that lost an interview cannot write a turn or a reply over the new
 * owner's; it notices on its next turn or heartbeat. */

/* Takes interview_id's lease for owner.  Returns 1 when owner held it
 * already, 0 when it was free or another's (whose in-memory state of the
 * interview is now stale), -1 with err. */
int store_take_lease(struct store *st, const char *interview_id, const char *owner,
		     double now_unix, struct iv_error *err);
/* 1 when owner still holds the lease (its heartbeat renewed), 0 when it
 * was taken, -1 with err. */
int store_renew_lease(struct store *st, const char *interview_id, const char *owner,
		      double now_unix, struct iv_error *err);
/* Renews every lease owner holds and calls fn for each of their interviews
 * (what owner's rooms still hold; the rest were taken).  -1 with err. */
int store_renew_leases(struct store *st, const char *owner, double now_unix,
		       void (*fn)(const char *interview_id, void *ctx), void *ctx,
		       struct iv_error *err);
/* Gives owner's lease of interview_id up (nothing when another holds it). */
int store_release_lease(struct store *st, const char *interview_id, const char *owner,
			struct iv_error *err);

/* A view of st whose writes of sessions, turns, replies, scorecards and
 * recordings succeed only while owner holds the lease of the session they
 * write (a write refused so fails with an error naming the lease); reads
 * go to st as they are.  Free it with store_close() (st stays open); it
 * must not outlive st.  NULL when out of memory. */
struct store *store_fenced(struct store *st, const char *owner);
/* 1 when err is a fenced write's refusal. */
int store_error_is_fenced(const struct iv_error *err);

#endif
