/*
 * evaluate.c - the scorecard from a transcript (see evaluate.h).
 *
 * Two passes.  The first reads every reply sentence by sentence (long,
 * unpunctuated speech is cut into clauses) and records what each sentence
 * says: the rubric's knowledge points it covers, the wrong claims it makes,
 * and the cues of how it is said (reasons, trade-offs, numbers, first-hand
 * work, blame, deflection, dismissal, admitted gaps ...).  The second pass
 * judges: dimension scores from coverage of the rubric's expected points,
 * the share of sentences with substance and first-hand grounding, minus what
 * counts against; then the brief's indicators and red flags, each from
 * counts of sentences with thresholds from the rubric; then level and
 * recommendation.  Every judgement keeps the sentences behind it as quotes.
 *
 * Context, not keywords: a point named inside "I don't really know how it
 * works" earns a quarter of its credit, one named in a list of buzzwords
 * without any reason half; "we didn't bother with auth" is a wrong claim in
 * the rubric, not security coverage; deflection and dismissal count against.
 * Sentences that try to instruct the evaluator are set aside as integrity
 * notes and judged for nothing else.  No I/O, no clock, no globals.
 *
 * This file holds the ids of the scorecard's enums and the whole
 * (evaluate_transcript, scorecard_free); the passes live in their own files
 * around evaluate_internal.h: evaluate_read.c (checking, pass 1),
 * evaluate_evidence.c (quotes, sentence classes), evaluate_dimensions.c
 * (pass 2: scores and summaries), evaluate_findings.c (indicators, red
 * flags, integrity), evaluate_decide.c (topics, level, recommendation).
 */
#include <stdlib.h>

#include "evaluate_internal.h"

static const char *const rec_ids[REC_COUNT] = {"strong_hire", "hire", "lean_no_hire", "no_hire"};
static const char *const level_ids[LEVEL_COUNT] = {"junior", "mid", "senior", "staff"};
static const char *const indicator_ids[IND_COUNT] = {
	"explains_tradeoffs", "security_unprompted",        "scalability_performance",
	"asks_clarifying_questions", "real_projects",       "edge_cases_failure_modes",
	"admits_gaps",
};
static const char *const red_flag_ids[RF_COUNT] = {
	"no_security_awareness",    "cannot_explain_choices", "dismisses_concerns",
	"no_production_experience", "overly_theoretical",     "cannot_discuss_tradeoffs",
	"defensive_about_mistakes",
};

const char *recommendation_id(enum recommendation r)
{
	return (r >= 0 && r < REC_COUNT) ? rec_ids[r] : "?";
}

const char *level_id(enum level l)
{
	return (l >= 0 && l < LEVEL_COUNT) ? level_ids[l] : "?";
}

const char *indicator_id(enum indicator i)
{
	return (i >= 0 && i < IND_COUNT) ? indicator_ids[i] : "?";
}

const char *red_flag_id(enum red_flag f)
{
	return (f >= 0 && f < RF_COUNT) ? red_flag_ids[f] : "?";
}

/* ---- the whole ---- */

struct scorecard *evaluate_transcript(const struct transcript *tr, const struct lexicon *lx,
				      const struct rubric *rb, struct iv_error *err)
{
	if (evaluate_check_transcript(tr, err))
		return NULL;
	struct ctx c = {0};
	c.tr = tr;
	c.lx = lx;
	c.rb = rb;
	c.career_years = -1;
	c.sc = calloc(1, sizeof *c.sc);
	c.turns = calloc(tr->n_turns, sizeof *c.turns);
	c.best_credit = calloc(rubric_point_count(rb) + 1, sizeof *c.best_credit);
	struct text_words tw = {0};
	if (!c.sc || !c.turns || !c.best_credit)
		c.oom = 1;
	for (size_t i = 0; i < tr->n_turns && !c.oom; i++)
		if (ev_read_turn(&c, i, &tw))
			c.oom = 1;
	text_words_release(&tw);
	if (!c.oom && ev_mark_taken_back(&c))
		c.oom = 1;
	if (!c.oom) {
		struct scorecard *sc = c.sc;
		sc->rubric_version = arena_strdup(&sc->arena, rubric_version(rb));
		sc->playbook_version =
			arena_strdup(&sc->arena, tr->playbook_version ? tr->playbook_version : "");
		for (size_t i = 0; i < tr->n_turns; i++)
			sc->n_replies += c.turns[i].replied;
		ev_read_answers(&c);
		c.senior_evidence = ev_senior_evidence(&c);
		c.senior_scope = ev_senior_scope(&c);
		for (int d = 0; d < DIM_COUNT; d++)
			if (d != DIM_TRADEOFF_ANALYSIS && d != DIM_PRODUCTION_EXPERIENCE)
				ev_judge_domain(&c, d);
		ev_judge_tradeoffs(&c);
		ev_judge_production(&c);
		ev_security_caps(&c);
		for (int d = 0; d < DIM_COUNT; d++) {
			if (sc->dimensions[d].touched)
				ev_dimension_evidence(&c, d);
			ev_summarize(&c, d);
		}
		ev_judge_tradeoff_findings(&c);
		ev_judge_security_findings(&c);
		ev_judge_scale_finding(&c);
		ev_judge_clarifying_finding(&c);
		ev_judge_conduct_findings(&c);
		int defensive = sc->red_flags[RF_DEFENSIVE_ABOUT_MISTAKES].present;
		ev_judge_production_findings(&c, defensive);
		ev_judge_edge_finding(&c);
		ev_judge_gaps_finding(&c, defensive || sc->red_flags[RF_CANNOT_EXPLAIN_CHOICES].present);
		ev_judge_integrity(&c);
		ev_judge_topics(&c);
		/* the wrong claims, in turn order */
		sc->claims = arena_alloc(&sc->arena, (c.n_claim_hits + 1) * sizeof *sc->claims);
		if (!sc->claims)
			c.oom = 1;
		for (size_t i = 0; i < c.n_sents && !c.oom; i++) {
			const struct sent *s = &c.sents[i];
			for (size_t j = 0; j < s->n_claims; j++) {
				const struct rubric_claim *cl =
					rubric_claim_at(rb, c.claim_hits[s->first_claim + j]);
				struct claim_result *r = &sc->claims[sc->n_claims++];
				r->id = cl->id;
				r->says = cl->says;
				r->dimension = cl->dimension;
				r->severity = cl->severity;
				r->taken_back = c.claim_taken_back[s->first_claim + j];
				r->evidence = (struct evidence){
					.turn = tr->turns[s->turn].turn,
					.quote = ev_quote_of(&c, s),
					.prompted = ev_prompted_for(&c, s, cl->dimension),
					.low_confidence =
						tr->turns[s->turn].reply_confidence <
						T(&c, TUN_LOW_CONFIDENCE_BELOW),
					.against = 1,
					.note = cl->says,
				};
			}
		}
		ev_decide(&c);
	}
	free(c.turns);
	free(c.sents);
	free(c.point_hits);
	free(c.claim_taken_back);
	free(c.claim_hits);
	free(c.best_credit);
	if (c.oom) {
		iv_error_set(err, "out of memory while judging the transcript");
		scorecard_free(c.sc);
		return NULL;
	}
	return c.sc;
}

void scorecard_free(struct scorecard *sc)
{
	if (!sc)
		return;
	arena_free(&sc->arena);
	free(sc);
}
