/*
 * schedule.c - the engine's clock and topic choice: when each phase ends
 * (the playbook's budgets, never before a phase's minimum nor after its
 * maximum), which topic comes next, and how many probes a topic gets so that
 * the remaining topics fill the phase.
 */
#include <string.h>

#include "interview_internal.h"

/* where in the playbook's total range an interview aims to end (0: the
 * minimum, 1: the maximum) */
#define NORMAL_AIM 0.6
#define TERSE_AIM 0.1

/* probes on one topic, at the most, however much time is left */
#define MAX_FOLLOWUPS 6
/* ... and for a terse candidate, whose later probes find nothing more to
 * say: the time goes to more topics, not deeper cascades on one */
#define TERSE_MAX_FOLLOWUPS 3


/* ---- time ---------------------------------------------------------------- */

/* The planned end of a phase: the budgets' minimums plus an even share of
 * the room the total leaves, never before the phase's own minimum. */
double iv_phase_end_t(const struct interview *iv)
{
	const struct playbook *pb = iv->pb;
	double sum_min = 0, sum_max = 0;
	for (int p = 0; p < PHASE_COUNT; p++) {
		sum_min += pb->budget_min_s[p];
		sum_max += pb->budget_max_s[p];
	}
	/* a terse candidate's interview aims at the short end of the range: the
	 * same ground in fewer minutes, not a cascade of extra questions */
	double aim = iv_candidate_is_terse(iv) ? TERSE_AIM : NORMAL_AIM;
	double target_total = pb->total_min_s + (pb->total_max_s - pb->total_min_s) * aim;
	double share = sum_max > sum_min ? (target_total - sum_min) / (sum_max - sum_min) : 0;
	if (share < 0)
		share = 0;
	if (share > 1)
		share = 1;
	/* the phases' minimums add up to more than the interview's shortest
	 * length (the brief's 2+5+15+10+2 minutes against 30): an interview
	 * aimed at its short end shortens every phase alike, rather than
	 * filling the minimums with questions */
	double squeeze = sum_min > target_total && sum_min > 0 ? target_total / sum_min : 1;
	double planned = 0;
	for (int p = 0; p <= (int)iv->phase; p++)
		planned += (pb->budget_min_s[p] + (pb->budget_max_s[p] - pb->budget_min_s[p]) * share) *
			   squeeze;
	double earliest = iv->phase_start_t + pb->budget_min_s[iv->phase] * squeeze;
	double latest = iv->phase_start_t + pb->budget_max_s[iv->phase];
	/* the last phase before the closing runs until the interview's minimum
	 * length is in reach, past its own maximum when the earlier phases ended
	 * early (a terse candidate): a terse closing, a question or two, may
	 * take a minute, and no topic is begun in a phase's last TOPIC_SLACK_S */
	double floor_t = pb->total_min_s - pb->budget_min_s[PHASE_CLOSING] / 4 + TOPIC_SLACK_S;
	if (iv->phase == PHASE_DEEP_DIVE && latest < floor_t)
		latest = floor_t;
	double end = planned > earliest ? planned : earliest;
	if (iv->phase == PHASE_DEEP_DIVE && end < floor_t)
		end = floor_t;
	return end < latest ? end : latest;
}

/* The closing must start by this time to end inside the total. */
double iv_closing_deadline_t(const struct interview *iv)
{
	return iv->pb->total_max_s - iv->pb->budget_max_s[PHASE_CLOSING];
}

/* ---- choosing topics ----------------------------------------------------- */

int iv_topic_fits_phase(const struct interview *iv, const struct topic *t, enum phase ph)
{
	if (t->is_followup || t->phase != (int)ph)
		return 0;
	if (ph == PHASE_DEEP_DIVE) {
		int want = iv->branch == BRANCH_STRONG ? TOPIC_BRANCH_STRONG : TOPIC_BRANCH_FUNDAMENTALS;
		if (t->branch != want)
			return 0;
	}
	if (!strcmp(t->id, "opening.challenge"))
		return 0; /* asked right after the greeting, never chosen */
	/* a topic that asked the same already came: this one is covered */
	if (t->covered_by >= 0 && iv->asked[t->covered_by])
		return 0;
	for (size_t i = 0; i < iv->pb->n_topics; i++)
		if (iv->pb->topics[i].covered_by >= 0 && iv->asked[i] &&
		    &iv->pb->topics[iv->pb->topics[i].covered_by] == t)
			return 0;
	if (t->requires_category >= 0 && iv->first_component_in[t->requires_category] < 0)
		return 0;
	/* "how did you decide on Postgres?" after they said why */
	if (t->requires_category >= 0 &&
	    iv_explained(iv, iv->first_component_in[t->requires_category], EXPLAINED_WHY))
		return 0;
	/* nor a question the candidate answered before it came up */
	if (iv_cover_heard(iv, t->answered_by))
		return 0;
	return 1;
}

/* The next unasked topic of the phase, or -1.  Security topics join the deep
 * dive's pool: the brief says to always probe security. */
int iv_next_topic(const struct interview *iv, enum phase ph)
{
	for (size_t k = 0; k < iv->pb->n_topics; k++) {
		int i = iv->order[k];
		if (!iv->asked[i] && iv_topic_fits_phase(iv, &iv->pb->topics[i], ph))
			return i;
	}
	return -1;
}

int iv_next_security_topic(const struct interview *iv)
{
	for (size_t k = 0; k < iv->pb->n_topics; k++) {
		int i = iv->order[k];
		const struct topic *t = &iv->pb->topics[i];
		if (t->security && !iv->asked[i] && strcmp(t->id, "security.general") &&
		    !iv_cover_heard(iv, t->answered_by))
			return i;
	}
	return -1;
}

/* A terse candidate can empty the deep dive before the interview's minimum
 * length: then the experience topics not yet asked, then the design ones -
 * never the other branch's questions. */
int iv_borrow_topic(const struct interview *iv)
{
	static const enum phase from[] = {PHASE_EXPERIENCE, PHASE_DESIGN};
	for (size_t p = 0; p < sizeof from / sizeof from[0]; p++) {
		int t = iv_next_topic(iv, from[p]);
		if (t >= 0)
			return t;
	}
	return -1;
}

int iv_topic_index(const struct interview *iv, const char *id)
{
	const struct topic *t = playbook_find_topic(iv->pb, id);
	return t ? (int)(t - iv->pb->topics) : -1;
}

enum phase iv_next_phase(enum phase p)
{
	return p + 1 < PHASE_COUNT ? p + 1 : PHASE_CLOSING;
}

/* Topics the phase still has for the asking. */
static int topics_left(const struct interview *iv)
{
	int n = 0;
	for (size_t i = 0; i < iv->pb->n_topics; i++)
		n += !iv->asked[i] && iv_topic_fits_phase(iv, &iv->pb->topics[i], iv->phase);
	if (iv->phase == PHASE_DEEP_DIVE)
		for (size_t i = 0; i < iv->pb->n_topics; i++)
			n += !iv->asked[i] && iv->pb->topics[i].security &&
			     strcmp(iv->pb->topics[i].id, "security.general");
	return n;
}

/* How many probes the topic gets: the playbook's number, more when the
 * phase has time the remaining topics will not fill (a terse candidate gets
 * depth, not an early goodbye). */
int iv_followup_cap(const struct interview *iv, const struct topic *t, double end)
{
	if (!t)
		return 0;
	int most = iv_candidate_is_terse(iv) ? TERSE_MAX_FOLLOWUPS : MAX_FOLLOWUPS;
	int cap = t->max_followups < most ? t->max_followups : most;
	double per_exchange = iv->turn > 0 ? iv->now_t / iv->turn : 30;
	if (per_exchange < 5)
		per_exchange = 5;
	double fit = (end - iv->now_t) / per_exchange;
	int left = topics_left(iv);
	/* deepen every remaining topic evenly until they would fill the phase */
	while (cap < most && left * (1.0 + cap) + (cap - iv->topic_followups) < fit)
		cap++;
	return cap;
}
