/*
 * interview_enums.c - the names of phases, acts and branches (see
 * interview_enums.h).  The tables are indexed by the enums' values, which
 * for acts are stored: a name may never move to another number.
 */
#include "interview_enums.h"

#include <string.h>

static const char *const phase_names[PHASE_COUNT] = {
	[PHASE_OPENING] = "opening",
	[PHASE_EXPERIENCE] = "experience",
	[PHASE_DESIGN] = "design",
	[PHASE_DEEP_DIVE] = "deep_dive",
	[PHASE_CLOSING] = "closing",
};

static const char *const act_names[ACT_COUNT] = {
	[ACT_GREET] = "greet",
	[ACT_SELF_INTRO] = "self_intro",
	[ACT_QUESTION] = "question",
	[ACT_FOLLOW_UP] = "follow_up",
	[ACT_PROBE_WHY] = "probe_why",
	[ACT_PROBE_TRADEOFF] = "probe_tradeoff",
	[ACT_PROBE_EDGE_CASE] = "probe_edge_case",
	[ACT_PROBE_SCALE] = "probe_scale",
	[ACT_SECURITY_PROBE] = "security_probe",
	[ACT_ACKNOWLEDGE] = "acknowledge",
	[ACT_ANECDOTE] = "anecdote",
	[ACT_ANSWER_CANDIDATE] = "answer_candidate",
	[ACT_CLARIFY] = "clarify",
	[ACT_ENCOURAGE] = "encourage",
	[ACT_TRANSITION] = "transition",
	[ACT_CLOSE] = "close",
	[ACT_THANKS] = "thanks",
};

const char *phase_name(enum phase p) { return (unsigned)p < PHASE_COUNT ? phase_names[p] : "?"; }
const char *act_name(enum act a) { return (unsigned)a < ACT_COUNT ? act_names[a] : "?"; }

int phase_from_name(const char *name)
{
	for (int i = 0; i < PHASE_COUNT; i++)
		if (!strcmp(name, phase_names[i]))
			return i;
	return -1;
}

int act_from_name(const char *name)
{
	for (int i = 0; i < ACT_COUNT; i++)
		if (!strcmp(name, act_names[i]))
			return i;
	return -1;
}

const char *branch_name(enum branch b)
{
	return b == BRANCH_STRONG ? "strong" : b == BRANCH_FUNDAMENTALS ? "fundamentals" : "undecided";
}
