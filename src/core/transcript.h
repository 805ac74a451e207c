/*
 * transcript.h - a stored interview as plain data: the session's facts and
 * every turn, the interviewer's words and the candidate's reply.
 *
 * The store fills it, the evaluator and the reports read it.  Owns all its
 * strings.
 */
#ifndef IV_TRANSCRIPT_H
#define IV_TRANSCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "interview_enums.h" /* the meaning of phase and acts */

struct transcript_turn {
	int turn;                /* shared by the interviewer's say and the reply */
	char *phase;             /* phase_name(): "opening" ... "closing" */
	char *topic;             /* topic id */
	uint32_t acts;           /* bit (1u << ACT_x) per act */
	double t;                /* seconds since start when the interviewer spoke */
	char *interviewer_text;
	char *candidate_text;    /* NULL when no reply (yet) */
	double reply_t;          /* seconds since start when the reply ended */
	double reply_seconds;    /* how long the reply lasted */
	double reply_confidence; /* 1.0 for typed text; recognizer confidence for speech */
	/* when an LLM worded the turn: the engine's own wording (what a replay
	 * gives), "llm" or "script", and why the script was used; else NULL */
	char *scripted_text;
	char *wording;
	char *fallback;
};

struct transcript {
	char *session_id;
	char *candidate_name;
	char *playbook_version;
	uint64_t seed;
	int virtual_clock;
	double created_unix;     /* wall-clock start, seconds since the epoch */
	char *status;            /* "active", "ended" */
	double ended_t;          /* seconds since start at the end, or 0 */
	struct transcript_turn *turns;
	size_t n_turns, cap_turns;
};

struct transcript *transcript_new(void);
void transcript_free(struct transcript *tr);

/* Appends a turn (copies the strings).  Returns the new turn or NULL. */
struct transcript_turn *transcript_add_turn(struct transcript *tr, int turn, const char *phase,
					    const char *topic, uint32_t acts, double t,
					    const char *interviewer_text);

/* Sets the reply of the last turn (copies text).  Returns 0 or -1. */
int transcript_set_reply(struct transcript *tr, const char *text, double reply_t,
			 double reply_seconds, double confidence);

/* Sets a turn's wording facts (copies; NULLs stay NULL).  Returns 0 or -1. */
int transcript_set_wording(struct transcript_turn *t, const char *scripted, const char *wording,
			   const char *fallback);

/* Sets one of the session strings (copies).  Returns 0 or -1. */
int transcript_set_string(char **field, const char *value);

#endif
