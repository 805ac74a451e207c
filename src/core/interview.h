/*
 * interview.h - the interview engine: the brief's whole interview as a
 * deterministic state machine.
 *
 * The engine is given what the candidate said and the time, and returns what
 * the interviewer says next.  It never reads, waits, plays or stores: the
 * front ends (terminal, JSONL, voice, web) do that around it.  The same
 * playbook, seed, answers and times always give the same interview, which is
 * what makes `resume` a replay and the tests reproducible.
 *
 * Calls alternate: interview_next(), interview_hear(), interview_next(), ...
 * until a turn comes back with is_final set.
 */
#ifndef IV_INTERVIEW_H
#define IV_INTERVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "interview_enums.h" /* phases, acts, branches and their names */
#include "iv_error.h"
#include "lexicon.h"
#include "playbook.h"

struct rubric;

struct interview_params {
	const struct playbook *playbook; /* borrowed; must outlive the interview */
	const struct lexicon *lexicon;   /* borrowed; must outlive the interview */
	uint64_t seed;                   /* every choice derives from it */
	const char *candidate_name;      /* copied; "" when unknown */
	const struct rubric *rubric;     /* borrowed, may be NULL: its wrong claims are challenged */
};

struct interview_params interview_default_params(void);

/* The turn the interviewer takes.  Strings point into the interview and stay
 * valid until the next call on it. */
struct interviewer_turn {
	int turn;           /* 1, 2, 3 ...; the candidate's reply shares the number */
	const char *text;   /* plain sayable sentences, at most about 60 words */
	enum phase phase;
	const char *topic;  /* topic id from the contract's catalogue */
	uint32_t acts;      /* bit (1u << ACT_x) per act */
	int is_final;       /* the last turn: no reply is expected */
	/* what the move is about, for a front end that words it anew (an LLM):
	 * the concept of the candidate's it follows up on and what kind of
	 * thing that is ("a token bucket", "technique"), or NULL; and what the
	 * candidate's last reply said about it (stance_name: "uses",
	 * "rejected", "alternative", "faced", "skips", ...), NULL when that
	 * reply did not name it */
	const char *focus;
	const char *focus_kind;
	const char *focus_stance;
};

struct interview *interview_new(const struct interview_params *params, struct iv_error *err);
void interview_free(struct interview *iv);

/* Chooses and words the next interviewer turn at time now_s (seconds since
 * the interview started).  Fails if a reply is awaited or the interview is over. */
int interview_next(struct interview *iv, double now_s, struct interviewer_turn *out,
		   struct iv_error *err);

/* Takes the candidate's reply to the last turn ("" is silence); now_s is the
 * time the reply ended.  Fails if no reply was awaited. */
int interview_hear(struct interview *iv, const char *text, double now_s, struct iv_error *err);

/* The same for speech: confidence is the recognizer's (0..1; typed text is
 * 1).  Below INTERVIEW_CLEAR_CONFIDENCE the words are not judged: the next
 * turn asks the candidate to say it again, on the same topic. */
#define INTERVIEW_CLEAR_CONFIDENCE 0.5
int interview_hear_speech(struct interview *iv, const char *text, double confidence, double now_s,
			  struct iv_error *err);

int interview_is_over(const struct interview *iv);
int interview_awaiting_reply(const struct interview *iv);
enum phase interview_phase(const struct interview *iv);
enum branch interview_branch(const struct interview *iv);
int interview_turn_count(const struct interview *iv);

/* Bytes one live interview holds (the struct and what it owns). */
size_t interview_footprint_bytes(const struct interview *iv);

#endif
