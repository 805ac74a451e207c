/*
 * live.h - one interview being held: the engine, the store it is written to
 * turn by turn, the in-memory transcript, and the clock (the wall clock, or
 * the virtual clock where time advances by speech).  Every front end (the
 * terminal, JSON lines, the simulator, voice) drives an interview through it.
 */
#ifndef IV_LIVE_H
#define IV_LIVE_H

#include "interview.h"
#include "options.h"
#include "store.h"
#include "transcript.h"

struct llm_wording;
struct llm_judge;

struct live {
	struct interview *iv;
	struct store *store;      /* borrowed */
	struct transcript *tr;    /* owned: what was said so far */
	const struct content *content;
	char session_id[40];
	int virtual_clock;
	double t;                 /* seconds since the start */
	double wall_origin;       /* monotonic seconds at t = 0 (wall clock) */
	double words_per_minute;
	double silence_seconds;
	struct interviewer_turn pending; /* the last turn said; valid until the next call */
	int has_pending;          /* a turn awaits its reply */
	/* with --llm-url: words each turn (borrowed; set after start or resume) */
	struct llm_wording *wording;
	/* with --llm-judge: proposes scores merged into the scorecard (borrowed) */
	struct llm_judge *judge;
	/* with a voice: gets the first sentence of an LLM's words as soon as it
	 * is safe to say, while the rest streams in (llm_wording_voice_streamed);
	 * NULL: every turn is whole before it is said */
	void (*say_early)(void *user, const char *sentence);
	void *say_early_user;
	const struct interviewer_turn *wording_turn; /* the move being worded, during say_early */
	size_t said_early;        /* bytes of the last turn's text say_early had (0: none) */
	char said[2048];          /* the words of the last turn, when an LLM worded them */
	const char *last_wording;  /* "llm", "script" or "llm+script"; NULL without an LLM */
	const char *last_fallback; /* why the script was used, or "" */
	char fallback_buf[200];
};

/* Starts a new interview and stores its session. */
int live_start(struct live *lv, const struct content *c, struct store *st,
	       const struct cli_options *o, struct iv_error *err);

/* The same with a given session id (the web service's interview id). */
int live_start_as(struct live *lv, const struct content *c, struct store *st,
		  const char *session_id, const char *name, uint64_t seed, int virtual_clock,
		  struct iv_error *err);

/* Reopens a stored interview by replaying it through the engine.  After it,
 * lv->has_pending tells whether a turn awaits its reply (say it again). */
int live_resume(struct live *lv, const struct content *c, struct store *st, const char *session_id,
		struct iv_error *err);

/* The interviewer's next turn (stored before it returns). */
int live_next(struct live *lv, struct interviewer_turn *out, struct iv_error *err);

/* The candidate's reply to the pending turn.  seconds < 0: as long as the
 * words take at the speaking rate (silence: the playbook's silence length).
 * confidence is 1 for typed text. */
int live_reply(struct live *lv, const char *text, double seconds, double confidence,
	       struct iv_error *err);

/* What is left to say of a turn live_next returned: all of its text, or
 * what follows the sentence say_early already had. */
const char *live_rest_to_say(const struct live *lv, const struct interviewer_turn *turn);

/* Marks the interview ended in the store. */
int live_finish(struct live *lv, struct iv_error *err);

void live_release(struct live *lv);

/* The acts of a turn as a comma-separated list, for the terminal. */
void live_acts_string(uint32_t acts, char *out, size_t cap);

#endif
