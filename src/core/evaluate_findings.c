/*
 * evaluate_findings.c - the brief's strong indicators and red flags, and the
 * integrity notes.
 *
 * Each finding counts sentences (or turns) of one kind and compares the
 * counts with the rubric's thresholds; its evidence is kept whether or not
 * it is present, since the near misses explain a judgement.  Sentences that
 * instruct the evaluator or ask for code are judged for nothing else: they
 * become integrity notes.  Writes the scorecard's indicators, red flags and
 * integrity list.
 */
#include <stdint.h>

#include "evaluate_internal.h"

/* ---- indicators and red flags ---- */

static void set_finding(struct ctx *c, struct finding *f, int present, struct pool *p)
{
	/* the evidence is kept when the finding is absent too: the near misses
	 * explain a judgement, though the scorecard lists present findings only */
	f->present = present;
	f->evidence = ev_pool_take(c, p, (size_t)T(c, TUN_EVIDENCE_MAX));
	ev_pool_release(p);
}

static int distinct_turns(const struct ctx *c, const struct pool *p)
{
	int n = 0;
	for (size_t i = 0; i < p->n; i++) {
		int dup = 0;
		for (size_t k = 0; k < i; k++)
			dup |= c->sents[p->items[k].sent].turn == c->sents[p->items[i].sent].turn;
		n += !dup;
	}
	return n;
}

static int turn_has(const struct ctx *c, size_t ti, enum cue_id cue)
{
	const struct turn_info *info = &c->turns[ti];
	for (size_t i = info->first_sent; i < info->first_sent + info->n_sents; i++)
		if (has(&c->sents[i], cue))
			return 1;
	return 0;
}

void ev_judge_tradeoff_findings(struct ctx *c)
{
	int pos, neg;
	ev_tradeoff_turns(c, &pos, &neg);
	double share = pos + neg ? (double)pos / (pos + neg) : 0;
	struct pool yes = {0}, no = {0};
	for (size_t ti = 0; ti < c->tr->n_turns; ti++) {
		const struct turn_info *info = &c->turns[ti];
		if (!info->replied || info->closing || !info->n_sents ||
		    !((c->tr->turns[ti].acts >> ACT_PROBE_TRADEOFF) & 1u))
			continue;
		int answered = 0;
		for (size_t i = info->first_sent; i < info->first_sent + info->n_sents; i++)
			answered |= ev_positive_tradeoff(&c->sents[i]) || ev_engages(&c->sents[i]);
		if (!answered)
			ev_pool_add(&no, info->first_sent, 1, 1, 1, W(c, "note_evasive_tradeoff"));
	}
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (c->turns[s->turn].closing)
			continue;
		int prompted = ev_prompted_for(c, s, DIM_TRADEOFF_ANALYSIS);
		if (ev_positive_tradeoff(s))
			ev_pool_add(&yes, i, 1 + has(s, CUE_REASONING) + has(s, CUE_MEASURE), 0, prompted,
				    W(c, "note_tradeoff"));
		else if (ev_negative_tradeoff(s))
			ev_pool_add(&no, i, 1, 1, prompted, W(c, "note_no_tradeoff"));
	}
	set_finding(c, &c->sc->indicators[IND_EXPLAINS_TRADEOFFS],
		    pos >= T(c, TUN_TRADEOFFS_MIN_TURNS) && share >= T(c, TUN_TRADEOFFS_MIN_SHARE),
		    &yes);
	set_finding(c, &c->sc->red_flags[RF_CANNOT_DISCUSS_TRADEOFFS],
		    neg >= T(c, TUN_CANNOT_TRADEOFF_MIN_TURNS) &&
			    share <= T(c, TUN_CANNOT_TRADEOFF_MAX_SHARE) && no.n > 0,
		    &no);
}

static int security_point_ok(const struct ctx *c, const struct sent *s)
{
	return !s->excluded && ev_points_of(c, s, DIM_SECURITY) && s->credit >= 0.5 &&
	       !ev_against_cue(s);
}

void ev_judge_security_findings(struct ctx *c)
{
	struct pool up = {0}, bad = {0};
	double against = 0;
	int good = 0;
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		const struct turn_info *info = &c->turns[s->turn];
		int prompted = ev_prompted_for(c, s, DIM_SECURITY);
		if (security_point_ok(c, s)) {
			good++;
			if (!prompted && !info->closing)
				ev_pool_add(&up, i, (double)ev_points_of(c, s, DIM_SECURITY), 0, 0,
					    rubric_point_at(c->rb, ev_first_point_of(c, s, DIM_SECURITY))->says);
		}
		for (size_t j = 0; j < s->n_claims; j++) {
			const struct rubric_claim *cl =
				rubric_claim_at(c->rb, c->claim_hits[s->first_claim + j]);
			if (cl->dimension == DIM_SECURITY) {
				if (ev_claim_counts(c, s->first_claim + j))
					against += ev_claim_weight(c, s->first_claim + j);
				ev_pool_add(&bad, i, 10 + cl->severity, 1, prompted, cl->says);
			}
		}
		if (ev_against_cue(s) && ((s->dims >> DIM_SECURITY) & 1u)) {
			against += 1;
			ev_pool_add(&bad, i, 5, 1, prompted,
				    W(c, has(s, CUE_DEFLECTION) ? "note_deflection" : "note_dismissal"));
		}
	}
	/* absence is evidence: asked about security again and again, and
	 * nothing specific in the answers, however long they were */
	int asked = 0, shown = 0;
	for (size_t ti = 0; ti < c->tr->n_turns; ti++) {
		const struct turn_info *info = &c->turns[ti];
		if (!info->replied || info->closing || !info->security_asked)
			continue;
		asked++;
		shown += info->security_shown;
	}
	int absent = asked >= T(c, TUN_NO_SECURITY_ABSENT_ASKED) &&
		     shown <= T(c, TUN_NO_SECURITY_ABSENT_SHOWN);
	if (absent)
		for (size_t ti = 0; ti < c->tr->n_turns; ti++) {
			const struct turn_info *info = &c->turns[ti];
			if (info->replied && !info->closing && info->security_asked &&
			    !info->security_shown && info->n_sents)
				ev_pool_add(&bad, info->first_sent, 2, 1, 1,
					    W(c, "note_security_nothing"));
		}
	set_finding(c, &c->sc->indicators[IND_SECURITY_UNPROMPTED],
		    (double)up.n >= T(c, TUN_SECURITY_UNPROMPTED_MIN), &up);
	set_finding(c, &c->sc->red_flags[RF_NO_SECURITY_AWARENESS],
		    absent || (against >= T(c, TUN_NO_SECURITY_MIN_WEIGHT) &&
			       against >= good * T(c, TUN_NO_SECURITY_GOOD_RATIO)),
		    &bad);
}

void ev_judge_scale_finding(struct ctx *c)
{
	struct pool p = {0};
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (s->excluded || c->turns[s->turn].closing)
			continue;
		if (has(s, CUE_DONT_KNOW) || has(s, CUE_GAP) || has(s, CUE_THEORY) ||
		    has(s, CUE_PERSONAL) || has(s, CUE_DEFLECTION) || has(s, CUE_VAGUE))
			continue;
		int scale_point = ev_points_of(c, s, DIM_SCALABILITY) > 0;
		if (!scale_point && !(has(s, CUE_SCALE) && (s->n_points || s->n_concepts)))
			continue;
		if (!has(s, CUE_MEASURE) && !has(s, CUE_REASONING))
			continue;
		ev_pool_add(&p, i, 1 + scale_point + has(s, CUE_MEASURE), 0,
			    ev_prompted_for(c, s, DIM_SCALABILITY), W(c, "note_scale"));
	}
	int measured = 0;
	for (size_t i = 0; i < p.n; i++)
		measured += has(&c->sents[p.items[i].sent], CUE_MEASURE);
	set_finding(c, &c->sc->indicators[IND_SCALABILITY_PERFORMANCE],
		    (double)p.n >= T(c, TUN_SCALABILITY_MIN_SENTENCES) &&
			    distinct_turns(c, &p) >= T(c, TUN_SCALABILITY_MIN_TURNS) &&
			    measured >= T(c, TUN_SCALABILITY_MIN_MEASURED),
		    &p);
}

void ev_judge_clarifying_finding(struct ctx *c)
{
	struct pool p = {0};
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		const struct turn_info *info = &c->turns[s->turn];
		if (s->excluded || info->closing || has(s, CUE_RHETORICAL))
			continue;
		int asks = s->question && has(s, CUE_QUESTION_BACK);
		if (asks || has(s, CUE_ASSUMPTION))
			ev_pool_add(&p, i, 1 + asks, 0, 0, W(c, asks ? "note_question" : "note_assumption"));
	}
	int questions = 0;
	for (size_t i = 0; i < p.n; i++)
		questions += c->sents[p.items[i].sent].question;
	set_finding(c, &c->sc->indicators[IND_ASKS_CLARIFYING_QUESTIONS],
		    questions >= T(c, TUN_CLARIFYING_MIN), &p);
}

static int turn_blames(const struct ctx *c, size_t ti)
{
	return turn_has(c, ti, CUE_BLAME);
}

void ev_judge_production_findings(struct ctx *c, int defensive)
{
	struct pool real = {0}, none = {0}, theory = {0};
	int lessons = 0, concrete = 0, gaps = 0, theory_n = 0;
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (s->excluded || c->turns[s->turn].closing)
			continue;
		int prompted = ev_prompted_for(c, s, DIM_PRODUCTION_EXPERIENCE);
		if (ev_concrete_practice(s)) {
			concrete++;
			ev_pool_add(&real, i, 1 + has(s, CUE_MEASURE) + has(s, CUE_LEARNING), 0, prompted,
				    W(c, "note_practice"));
		}
		if ((has(s, CUE_LEARNING) || has(s, CUE_OWNERSHIP)) && !has(s, CUE_BLAME) &&
		    !has(s, CUE_DEFLECTION) && !turn_blames(c, s->turn) && !has(s, CUE_THEORY)) {
			lessons++;
			ev_pool_add(&real, i, 3, 0, prompted, W(c, "note_lesson"));
		}
		if ((has(s, CUE_GAP) && has(s, CUE_PRACTICE)) || has(s, CUE_PERSONAL)) {
			gaps++;
			ev_pool_add(&none, i, 1 + has(s, CUE_GAP), 1, prompted, W(c, "note_no_production"));
		}
		if (has(s, CUE_THEORY) && !has(s, CUE_DISMISSAL)) {
			theory_n++;
			ev_pool_add(&theory, i, 1, 1, prompted, W(c, "note_theory"));
		}
	}
	c->sc->stats.concrete = concrete;
	c->sc->stats.lessons = lessons;
	/* no production experience: what they know comes from study or side
	 * projects (named as the source more often than work with specifics is
	 * told), and the gaps outweigh the work told; admitting what one has not
	 * run in production, with a job behind one, is an admitted gap, not this
	 * flag */
	int no_prod = ev_study_led(c) && gaps >= T(c, TUN_NO_PRODUCTION_MIN_GAPS) &&
		      concrete < gaps * T(c, TUN_NO_PRODUCTION_CONCRETE_RATIO);
	set_finding(c, &c->sc->red_flags[RF_NO_PRODUCTION_EXPERIENCE], no_prod, &none);
	set_finding(c, &c->sc->indicators[IND_REAL_PROJECTS],
		    !no_prod && !defensive && concrete >= T(c, TUN_REAL_PROJECTS_MIN) &&
			    (lessons > 0 || concrete >= T(c, TUN_REAL_PROJECTS_WITHOUT_LESSON)),
		    &real);
	set_finding(c, &c->sc->red_flags[RF_OVERLY_THEORETICAL],
		    theory_n >= T(c, TUN_THEORETICAL_MIN) &&
			    concrete < theory_n * T(c, TUN_THEORETICAL_CONCRETE_RATIO),
		    &theory);
}

void ev_judge_edge_finding(struct ctx *c)
{
	struct pool p = {0};
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (s->excluded || c->turns[s->turn].closing)
			continue;
		if (!has(s, CUE_EDGE) || !has(s, CUE_MITIGATION) || has(s, CUE_DONT_KNOW) ||
		    has(s, CUE_DEFLECTION) || has(s, CUE_BLAME) || has(s, CUE_DISMISSAL))
			continue;
		int probed = (c->tr->turns[s->turn].acts >> ACT_PROBE_EDGE_CASE) & 1u;
		ev_pool_add(&p, i, 1 + has(s, CUE_REASONING), 0, probed, W(c, "note_edge"));
	}
	set_finding(c, &c->sc->indicators[IND_EDGE_CASES_FAILURE_MODES],
		    (double)p.n >= T(c, TUN_EDGE_CASES_MIN_SENTENCES) &&
			    distinct_turns(c, &p) >= T(c, TUN_EDGE_CASES_MIN_TURNS),
		    &p);
}

void ev_judge_gaps_finding(struct ctx *c, int suppressed)
{
	struct pool p = {0};
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (s->excluded || c->turns[s->turn].closing)
			continue;
		if (!has(s, CUE_GAP) && !has(s, CUE_DONT_KNOW))
			continue;
		if (has(s, CUE_DEFLECTION) || has(s, CUE_DISMISSAL) || has(s, CUE_BLAME) ||
		    has(s, CUE_CARGO_CULT) || has(s, CUE_VAGUE) || turn_has(c, s->turn, CUE_DEFLECTION))
			continue;
		int probed = (c->tr->turns[s->turn].acts &
			      ((1u << ACT_PROBE_WHY) | (1u << ACT_PROBE_TRADEOFF) |
			       (1u << ACT_PROBE_EDGE_CASE) | (1u << ACT_PROBE_SCALE) |
			       (1u << ACT_FOLLOW_UP))) != 0;
		ev_pool_add(&p, i, 1 + has(s, CUE_GAP), 0, probed, W(c, "note_gap"));
	}
	set_finding(c, &c->sc->indicators[IND_ADMITS_GAPS],
		    !suppressed && (double)p.n >= T(c, TUN_ADMITS_GAPS_MIN), &p);
}

/* Absence is evidence: "why?" asked again and again and no reason, trade-off
 * or first-hand specific in the answers, and reasons rare on every topic
 * (a terse expert answers some whys in a phrase but reasons elsewhere).
 * Adds the unanswered whys to the pool; 1 when the flag holds on them. */
static int why_unanswered(struct ctx *c, struct pool *p)
{
	int asked = 0, empty = 0, topics = 0, reasoned = 0;
	const struct rubric_topic *seen[256];
	uint8_t reason[256] = {0};
	for (size_t ti = 0; ti < c->tr->n_turns; ti++) {
		const struct turn_info *info = &c->turns[ti];
		if (!info->replied || info->closing)
			continue;
		int k = 0;
		while (k < topics && seen[k] != info->topic)
			k++;
		if (k == topics && topics < 256)
			seen[topics++] = info->topic;
		if (k < 256)
			reason[k] |= info->sub.shows[SUB_REASON] || info->sub.shows[SUB_WEIGHED];
		if (info->why_asked) {
			asked++;
			empty += !info->why_answered;
		}
	}
	for (int k = 0; k < topics; k++)
		reasoned += reason[k];
	int flag = asked >= T(c, TUN_CANNOT_EXPLAIN_WHY_MIN) &&
		   empty >= asked * T(c, TUN_CANNOT_EXPLAIN_EMPTY_SHARE) &&
		   reasoned <= topics * T(c, TUN_CANNOT_EXPLAIN_REASONED_MAX);
	if (flag)
		for (size_t ti = 0; ti < c->tr->n_turns; ti++) {
			const struct turn_info *info = &c->turns[ti];
			if (info->replied && !info->closing && info->why_asked && !info->why_answered &&
			    info->n_sents)
				ev_pool_add(p, info->first_sent, 1, 1, 1, W(c, "note_no_reason"));
		}
	return flag;
}

void ev_judge_conduct_findings(struct ctx *c)
{
	struct pool cargo = {0}, dismiss = {0}, blame = {0};
	int reasoned = 0;
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (s->excluded || c->turns[s->turn].closing)
			continue;
		int probed_why = (c->tr->turns[s->turn].acts >> ACT_PROBE_WHY) & 1u;
		if (has(s, CUE_CARGO_CULT))
			ev_pool_add(&cargo, i, 1 + probed_why, 1, probed_why,
				    W(c, "note_cargo_cult"));
		else if (has(s, CUE_REASONING) && (s->n_points || s->n_concepts) &&
			 !has(s, CUE_VAGUE) && !has(s, CUE_DEFLECTION))
			reasoned++;
		if (has(s, CUE_DISMISSAL))
			ev_pool_add(&dismiss, i, 1, 1, ev_prompted_for(c, s, DIM_SECURITY),
				    W(c, "note_dismissal"));
		if (has(s, CUE_BLAME))
			ev_pool_add(&blame, i, 1, 1,
				    ev_prompted_for(c, s, DIM_PRODUCTION_EXPERIENCE),
				    W(c, "note_blame"));
	}
	int unexplained = why_unanswered(c, &cargo);
	set_finding(c, &c->sc->red_flags[RF_CANNOT_EXPLAIN_CHOICES],
		    unexplained || ((double)cargo.n >= T(c, TUN_CANNOT_EXPLAIN_MIN) &&
				    cargo.n >= reasoned * T(c, TUN_CANNOT_EXPLAIN_RATIO)),
		    &cargo);
	set_finding(c, &c->sc->red_flags[RF_DISMISSES_CONCERNS],
		    (double)dismiss.n >= T(c, TUN_DISMISSES_MIN), &dismiss);
	set_finding(c, &c->sc->red_flags[RF_DEFENSIVE_ABOUT_MISTAKES],
		    (double)blame.n >= T(c, TUN_DEFENSIVE_MIN), &blame);
}

void ev_judge_integrity(struct ctx *c)
{
	struct pool p = {0};
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (s->excluded)
			ev_pool_add(&p, i, has(s, CUE_INSTRUCTION) ? 2 : 1, 1, 0,
				    W(c, has(s, CUE_INSTRUCTION) ? "note_instruction" : "note_code_request"));
	}
	c->sc->integrity = ev_pool_take(c, &p, 16);
	ev_pool_release(&p);
}
