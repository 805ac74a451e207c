/*
 * evaluate_decide.c - what the scorecard concludes: the coverage of each
 * rubric topic, then the level and the recommendation with their reasons.
 *
 * Runs last, from the dimension scores and findings already judged; the
 * level needs senior-level evidence and production experience as well as
 * the overall score, and any red flag or a weak security score keeps the
 * recommendation below hire.  Writes the scorecard's topics, overall,
 * level, recommendation and reasons, and a junior's borderline 3s.
 */
#include <string.h>

#include "evaluate_internal.h"

/* ---- coverage of topics ---- */

void ev_judge_topics(struct ctx *c)
{
	size_t n = rubric_topic_count(c->rb);
	c->sc->topics = arena_alloc(&c->sc->arena, (n ? n : 1) * sizeof *c->sc->topics);
	if (!c->sc->topics) {
		c->oom = 1;
		return;
	}
	c->sc->n_topics = n;
	for (size_t k = 0; k < n; k++) {
		const struct rubric_topic *rt = rubric_topic_at(c->rb, k);
		struct topic_result *r = &c->sc->topics[k];
		r->topic = rt->id;
		r->title = rt->title;
		r->n_expected = rt->n_expects;
		for (size_t ti = 0; ti < c->tr->n_turns; ti++)
			if (c->turns[ti].topic == rt) {
				if (!r->asked_turn)
					r->asked_turn = c->tr->turns[ti].turn;
				r->n_turns++;
			}
		r->covered = arena_alloc(&c->sc->arena, (rt->n_expects + 1) * sizeof *r->covered);
		r->covered_says = arena_alloc(&c->sc->arena, (rt->n_expects + 1) * sizeof(char *));
		r->missed_says = arena_alloc(&c->sc->arena, (rt->n_expects + 1) * sizeof(char *));
		if (!r->covered || !r->covered_says || !r->missed_says) {
			c->oom = 1;
			return;
		}
		for (size_t e = 0; e < rt->n_expects; e++) {
			uint16_t p = rt->expects[e];
			int hit = 0;
			for (size_t i = 0; i < c->n_sents && !hit; i++) {
				const struct sent *s = &c->sents[i];
				int on_topic = c->turns[s->turn].topic == rt;
				int before = !r->asked_turn || c->tr->turns[s->turn].turn < r->asked_turn;
				if (!on_topic && !before)
					continue;
				for (size_t j = 0; j < s->n_points && !hit; j++)
					if (c->point_hits[s->first_point + j] == p && s->credit >= 0.5) {
						hit = 1;
						if (!on_topic && (!r->raised_unprompted_turn ||
								  c->tr->turns[s->turn].turn <
									  r->raised_unprompted_turn))
							r->raised_unprompted_turn =
								c->tr->turns[s->turn].turn;
					}
			}
			const struct rubric_point *pt = rubric_point_at(c->rb, p);
			if (hit) {
				r->covered[r->n_covered] = pt->id;
				r->covered_says[r->n_covered++] = pt->says;
			} else {
				r->missed_says[r->n_missed++] = pt->says;
			}
		}
	}
}

/* ---- level and recommendation ---- */

static void add_reason(struct ctx *c, const char *key)
{
	const char **n = arena_alloc(&c->sc->arena, (c->sc->n_reasons + 1) * sizeof *n);
	if (!n) {
		c->oom = 1;
		return;
	}
	if (c->sc->n_reasons)
		memcpy(n, c->sc->reasons, c->sc->n_reasons * sizeof *n);
	n[c->sc->n_reasons++] = W(c, key);
	c->sc->reasons = n;
}

/* The career the candidate described bounds the level the evidence gives:
 * a panel does not call someone a year and a half into their first job mid,
 * nor someone fourteen years in, answering well with no red flag, mid.
 * Spans are read only when no earlier job makes them a part of the whole
 * ("a year here, before that six at ...").  Returns how the level moved:
 * -1 down, 1 up, 0 not. */
static int career_bounds(struct ctx *c, int any_flag, int prod_score)
{
	struct scorecard *sc = c->sc;
	double years = c->career_years;
	sc->stats.career_years = years;
	sc->stats.early_career = c->early_career;
	int whole = years >= 0 && !c->earlier_job;
	enum level was = sc->level;
	if ((whole && years < T(c, TUN_CAREER_JUNIOR_BELOW)) ||
	    (c->early_career && (years < 0 || years < T(c, TUN_CAREER_EARLY_BELOW))))
		sc->level = LEVEL_JUNIOR;
	else if (whole && years < T(c, TUN_CAREER_MID_BELOW) && sc->level > LEVEL_MID)
		sc->level = LEVEL_MID;
	else if (years >= T(c, TUN_CAREER_SENIOR_FROM) && sc->level == LEVEL_MID && !any_flag &&
		 sc->overall >= T(c, TUN_HIRE_MIN))
		sc->level = LEVEL_SENIOR;
	else if (years >= T(c, TUN_CAREER_STAFF_FROM) && sc->level == LEVEL_SENIOR && !any_flag &&
		 prod_score >= 4 && sc->overall >= T(c, TUN_CAREER_STAFF_OVERALL))
		sc->level = LEVEL_STAFF;
	return (sc->level > was) - (sc->level < was);
}

void ev_decide(struct ctx *c)
{
	struct scorecard *sc = c->sc;
	double sum = 0, experience = 0;
	int touched = 0, leadership = 0;
	for (int d = 0; d < DIM_COUNT; d++)
		if (sc->dimensions[d].touched) {
			sum += sc->dimensions[d].value;
			experience += sc->dimensions[d].experience;
			touched++;
		}
	experience = touched ? experience / touched : 1.0;
	for (size_t i = 0; i < c->n_sents; i++)
		leadership += !c->sents[i].excluded && has(&c->sents[i], CUE_LEADERSHIP);
	sc->overall = touched ? sum / touched : 1.0;
	sc->stats.leadership = leadership;
	sc->stats.senior_evidence = c->senior_evidence;
	const struct dimension_result *prod = &sc->dimensions[DIM_PRODUCTION_EXPERIENCE];
	int prod_score = prod->touched ? prod->score : 1;

	/* scope: answers whose widest claim is a task inside someone else's
	 * design, and none that claims a service, a system or several teams */
	int feature_only = c->scope_turns[SCOPE_FEATURE] >= T(c, TUN_SCOPE_FEATURE_ONLY_MIN) &&
			   !c->scope_turns[SCOPE_SERVICE] && !c->scope_turns[SCOPE_SYSTEM] &&
			   !c->scope_turns[SCOPE_ORG];
	sc->stats.scope_feature = c->scope_turns[SCOPE_FEATURE];
	sc->stats.scope_service = c->scope_turns[SCOPE_SERVICE];
	sc->stats.scope_system = c->scope_turns[SCOPE_SYSTEM];
	sc->stats.scope_org = c->scope_turns[SCOPE_ORG];
	sc->stats.topic_substance = c->topic_substance;
	sc->stats.gap_topics = c->gap_topic_share;
	int senior = c->senior_evidence || c->senior_scope;
	/* the level rests on what their experience shows; wrong claims count in
	 * the recommendation (a confident bluffer with years behind them is a
	 * mid-level no-hire, not a junior) */
	if (sc->red_flags[RF_NO_PRODUCTION_EXPERIENCE].present || experience < T(c, TUN_LEVEL_MID_MIN))
		sc->level = LEVEL_JUNIOR;
	else if (sc->overall >= T(c, TUN_LEVEL_STAFF_MIN) && prod_score >= 4 &&
		 senior && leadership >= T(c, TUN_STAFF_LEADERSHIP_MIN))
		sc->level = LEVEL_STAFF;
	else if (sc->overall >= T(c, TUN_LEVEL_SENIOR_MIN) && prod_score >= 3 && senior)
		sc->level = LEVEL_SENIOR;
	else
		sc->level = LEVEL_MID;
	if (feature_only && sc->level > LEVEL_MID)
		sc->level = LEVEL_MID;
	int any_flag = 0;
	for (int f = 0; f < RF_COUNT; f++)
		any_flag |= sc->red_flags[f].present;
	int career_moved = career_bounds(c, any_flag, prod_score);

	int serious = 0, indicators = 0;
	static const enum red_flag serious_flags[] = {
		RF_NO_SECURITY_AWARENESS, RF_CANNOT_EXPLAIN_CHOICES, RF_DISMISSES_CONCERNS,
		RF_CANNOT_DISCUSS_TRADEOFFS, RF_DEFENSIVE_ABOUT_MISTAKES};
	for (size_t i = 0; i < sizeof serious_flags / sizeof serious_flags[0]; i++)
		serious += sc->red_flags[serious_flags[i]].present;
	for (int i = 0; i < IND_COUNT; i++)
		indicators += sc->indicators[i].present;
	int instructed = 0;
	for (size_t i = 0; i < c->n_sents; i++)
		instructed |= c->sents[i].excluded && has(&c->sents[i], CUE_INSTRUCTION);
	const struct dimension_result *sec = &sc->dimensions[DIM_SECURITY];

	if (sc->overall < T(c, TUN_NO_HIRE_BELOW)) {
		sc->recommendation = REC_NO_HIRE;
		add_reason(c, "reason_weak_overall");
	} else if (serious >= T(c, TUN_NO_HIRE_SERIOUS_FLAGS)) {
		sc->recommendation = REC_NO_HIRE;
		add_reason(c, "reason_many_flags");
	} else if (any_flag || instructed ||
		   (sec->touched && sec->score <= 1) || sc->overall < T(c, TUN_HIRE_MIN)) {
		sc->recommendation = REC_LEAN_NO_HIRE;
		if (any_flag)
			add_reason(c, "reason_flag");
		if (instructed)
			add_reason(c, "reason_instruction");
		if (sec->touched && sec->score <= 1)
			add_reason(c, "reason_security");
		if (sc->overall < T(c, TUN_HIRE_MIN))
			add_reason(c, "reason_below_bar");
	} else if (sc->overall >= T(c, TUN_STRONG_HIRE_MIN) && sc->level >= LEVEL_SENIOR &&
		   indicators >= T(c, TUN_STRONG_HIRE_INDICATORS)) {
		sc->recommendation = REC_STRONG_HIRE;
		add_reason(c, "reason_strong");
	} else {
		sc->recommendation = REC_HIRE;
		add_reason(c, "reason_hire");
	}
	/* the report says why the level is not what the answers alone gave */
	if (career_moved)
		add_reason(c, career_moved < 0 ? "reason_career_short" : "reason_career_long");
	ev_junior_scores(c);
}

/* A panel reads a junior's answers for the stage of their career: what
 * only just reaches "solid" is good basics there.  Once the level is
 * junior, a dimension's 3 needs q of junior_score3_min, not score3_min
 * (the overall, the level and the recommendation were decided on the
 * evidence as it was, and stay). */
void ev_junior_scores(struct ctx *c)
{
	if (c->sc->level != LEVEL_JUNIOR)
		return;
	double min_value = 1.0 + 3.0 * T(c, TUN_JUNIOR_SCORE3_MIN);
	for (int d = 0; d < DIM_COUNT; d++) {
		struct dimension_result *r = &c->sc->dimensions[d];
		if (!r->touched || r->score != 3 || r->value >= min_value)
			continue;
		r->score = 2;
		if (r->value > 2.49)
			r->value = 2.49;
		ev_summarize(c, d);
	}
}
