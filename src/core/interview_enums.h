/*
 * interview_enums.h - the interview's vocabulary: its phases, the acts a turn
 * performs and the deep-dive branches, with their names.
 *
 * It depends on nothing, so the playbook loader, the evaluator and the
 * transcript can speak of phases and acts without depending on the engine
 * (interview.h), which itself depends on the playbook.
 *
 * Acts are stored by number: a turn's acts are a bit mask, (1u << ACT_x) per
 * act, in transcripts and in the database (turns.acts).  Their numbers are
 * therefore append only: never renumber or remove an act; add a new one last,
 * just before ACT_COUNT.  Their names are the "acts" of the JSON lines.
 */
#ifndef IV_INTERVIEW_ENUMS_H
#define IV_INTERVIEW_ENUMS_H

/* Phases are stored by name ("opening" ... "closing"; turns.phase is text), so
 * their numbers are not stored.  Their order is still the interview's order:
 * the clock moves to the next number and a playbook lists its phases in it. */
enum phase {
	PHASE_OPENING,
	PHASE_EXPERIENCE,
	PHASE_DESIGN,
	PHASE_DEEP_DIVE,
	PHASE_CLOSING,
	PHASE_COUNT
};

/* What a turn does (contract section 1); a turn carries a bit mask of these.
 * Stored as bits: append only (see the top of this file). */
enum act {
	ACT_GREET = 0,
	ACT_SELF_INTRO = 1,
	ACT_QUESTION = 2,
	ACT_FOLLOW_UP = 3,
	ACT_PROBE_WHY = 4,
	ACT_PROBE_TRADEOFF = 5,
	ACT_PROBE_EDGE_CASE = 6,
	ACT_PROBE_SCALE = 7,
	ACT_SECURITY_PROBE = 8,
	ACT_ACKNOWLEDGE = 9,
	ACT_ANECDOTE = 10,
	ACT_ANSWER_CANDIDATE = 11,
	ACT_CLARIFY = 12,
	ACT_ENCOURAGE = 13,
	ACT_TRANSITION = 14,
	ACT_CLOSE = 15,
	ACT_THANKS = 16,
	ACT_COUNT /* new acts go just above this line */
};

_Static_assert(ACT_COUNT <= 32, "a turn's acts are the bits of a uint32_t");

/* The deep dive's branch.  Not stored: it is worked out again on replay. */
enum branch {
	BRANCH_UNDECIDED,
	BRANCH_STRONG,
	BRANCH_FUNDAMENTALS
};

/* Names are static strings; a phase or act out of range is named "?". */
const char *phase_name(enum phase phase);
/* Phase by name, or -1. */
int phase_from_name(const char *name);
const char *act_name(enum act act);
/* Act by name, or -1. */
int act_from_name(const char *name);
/* "strong", "fundamentals", or "undecided" for anything else. */
const char *branch_name(enum branch branch);

#endif
