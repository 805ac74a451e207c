/*
 * evaluate_internal.h - the state of one evaluation, shared by the
 * evaluator's files: evaluate.c (the whole), evaluate_read.c (checking the
 * transcript, pass 1), evaluate_evidence.c (quotes and sentence classes),
 * evaluate_dimensions.c (pass 2: dimension scores), evaluate_findings.c
 * (indicators, red flags, integrity) and evaluate_decide.c (topics, level,
 * recommendation).  One struct ctx lives on evaluate_transcript's stack for
 * the length of one evaluation; what outlives it is in the scorecard's arena.
 * Not a public interface: nothing outside src/core/evaluate*.c includes it.
 */
#ifndef IV_EVALUATE_INTERNAL_H
#define IV_EVALUATE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "evaluate.h"
#include "interview_enums.h"
#include "substance.h"
#include "understand.h"

#define CUE(c) ((cue_mask)1 << (c))

/* ---- what one sentence says ---- */

struct sent {
	size_t turn;          /* index into the transcript's turns */
	uint32_t start, end;  /* the quote's byte range in the reply */
	cue_mask cues;
	uint32_t dims;        /* dimensions the sentence is evidence for */
	uint32_t point_dims;  /* dimensions of the points it covers */
	size_t first_point, n_points; /* into ctx.point_hits */
	size_t first_claim, n_claims; /* into ctx.claim_hits */
	uint16_t n_words;
	uint16_t n_concepts;
	uint8_t dim_concepts[DIM_COUNT]; /* concepts named of each dimension's categories */
	double credit;        /* how much its points count: 1 said plainly ... 0 */
	uint8_t excluded;     /* an instruction to the evaluator or a request for code */
	uint8_t question;     /* ends with '?' */
};

/* The scope a sentence shows (the level rests on it), lowest first. */
enum scope_level { SCOPE_NONE, SCOPE_FEATURE, SCOPE_SERVICE, SCOPE_SYSTEM, SCOPE_ORG, SCOPE_COUNT };

struct turn_info {
	size_t first_sent, n_sents;
	const struct rubric_topic *topic;
	uint32_t prompts; /* dimensions the interviewer asked about in this turn */
	int closing;
	int replied;
	/* the answer as a whole (evaluate_answers.c) */
	struct substance sub;   /* what it shows, each kind once */
	double strength;        /* substance_strength: 0 .. 1, whatever its length */
	uint8_t firsthand_asked; /* the question asked about the candidate's own work */
	uint8_t scope;          /* the widest scope of work it claims (enum scope_level) */
	uint8_t security_asked; /* the question was about security */
	uint8_t security_shown; /* it named a security point or measure of substance */
	uint32_t shown_dims;    /* dimensions it showed knowledge of (ev_shows) */
	uint8_t why_asked;      /* the interviewer asked why */
	uint8_t why_answered;   /* ... and the answer gave a reason, a trade-off or a specific */
};

struct ctx {
	const struct transcript *tr;
	const struct lexicon *lx;
	const struct rubric *rb;
	struct scorecard *sc;
	struct turn_info *turns;
	struct sent *sents;
	size_t n_sents, cap_sents;
	uint16_t *point_hits;
	size_t n_point_hits, cap_point_hits;
	uint16_t *claim_hits;
	size_t n_claim_hits, cap_claim_hits;
	uint8_t *claim_taken_back; /* per claim hit: corrected by the candidate soon after */
	double *best_credit; /* per point: the best credit any sentence gave it */
	int senior_evidence; /* substance on most topics and few admitted gaps */
	double topic_substance; /* the best answer's strength per topic, averaged */
	double gap_topic_share; /* the share of topics on which a gap was admitted */
	int senior_scope;       /* led something at the size of a system or across teams,
				   with substance on nearly every topic */
	int scope_turns[SCOPE_COUNT]; /* answers claiming each scope as their widest */
	/* the self-introduction: how long a career it names (-1: none), and
	 * whether it says the career is young or had a job before this one */
	double career_years;
	int early_career, earlier_job;
	int oom;
};

/* A tunable of the rubric (thresholds, weights). */
static inline double T(const struct ctx *c, enum rubric_tunable_id id)
{
	return rubric_tunable(c->rb, id);
}

/* A line of the rubric's wording (notes, summaries, reasons). */
static inline const char *W(const struct ctx *c, const char *key)
{
	return rubric_wording(c->rb, key);
}

/* Whether sentence s carries cue c. */
static inline int has(const struct sent *s, enum cue_id c)
{
	return (s->cues & CUE(c)) != 0;
}

/* ---- evidence: sentences a judgement rests on ---- */

struct candidate {
	size_t sent;
	double strength;
	int against;
	int prompted;
	const char *note;
};

struct pool {
	struct candidate *items;
	size_t n, cap;
	int oom;
};

/* evaluate_read.c */
/* Reads the reply of turn ti into sentences (tw is scratch the caller
 * releases).  Returns 0, or -1 when memory ran out. */
int ev_read_turn(struct ctx *c, size_t ti, struct text_words *tw);
/* After every turn is read: which wrong claims the candidate took back (see
 * evaluate_read.c).  Returns -1 when out of memory. */
int ev_mark_taken_back(struct ctx *c);
/* What the k-th claim hit counts against its dimension: its severity, a
 * share of it when taken back. */
double ev_claim_weight(const struct ctx *c, size_t k);
/* 1 when the k-th claim hit is the one of its claim that counts: the same
 * misconception said again is one misconception (the heaviest saying of
 * it, the first of equals). */
int ev_claim_counts(const struct ctx *c, size_t k);
/* 1 when the interview shows senior-level evidence; fills the stats. */
int ev_senior_evidence(const struct ctx *c);
int ev_senior_scope(const struct ctx *c);

/* evaluate_answers.c */
/* Reads each reply as a whole after its sentences: substance, scope, and
 * whether a question on security or a why was answered at all. */
void ev_read_answers(struct ctx *c);

/* evaluate_evidence.c */
/* Adds sentence sent to the pool, or raises its strength if already there. */
void ev_pool_add(struct pool *p, size_t sent, double strength, int against, int prompted,
		 const char *note);
/* Takes the strongest max items of the pool as evidence, in turn order. */
struct evidence_list ev_pool_take(struct ctx *c, struct pool *p, size_t max);
void ev_pool_release(struct pool *p);
/* The sentence's text, copied into the scorecard's arena. */
const char *ev_quote_of(struct ctx *c, const struct sent *s);
/* 1 when the interviewer had asked about dimension d in the sentence's turn. */
int ev_prompted_for(const struct ctx *c, const struct sent *s, enum dimension d);
/* The first point of dimension d (any when d < 0) that s covers, or -1. */
int ev_first_point_of(const struct ctx *c, const struct sent *s, int d);
/* How many points of dimension d s covers. */
size_t ev_points_of(const struct ctx *c, const struct sent *s, int d);
/* sentence classes the judgements share */
int ev_substantive(const struct sent *s);
int ev_practice(const struct sent *s);
int ev_concrete_practice(const struct sent *s);
int ev_positive_tradeoff(const struct sent *s);
int ev_negative_tradeoff(const struct sent *s);
int ev_engages(const struct sent *s);
int ev_against_cue(const struct sent *s);
/* 1 when what the candidate knows comes from study or side projects more
 * than from work told with specifics (no_production_min_study and
 * no_production_study_ratio of the rubric) */
int ev_study_led(const struct ctx *c);

/* evaluate_dimensions.c */
/* Turns with a trade-off weighed (pos) and with none seen or evaded (neg). */
void ev_tradeoff_turns(const struct ctx *c, int *pos, int *neg);
void ev_judge_domain(struct ctx *c, int d);
void ev_judge_tradeoffs(struct ctx *c);
void ev_judge_production(struct ctx *c);
/* Weak security caps architecture, API design and trade-offs at 3. */
void ev_security_caps(struct ctx *c);
void ev_dimension_evidence(struct ctx *c, int d);
void ev_summarize(struct ctx *c, int d);

/* evaluate_findings.c */
void ev_judge_tradeoff_findings(struct ctx *c);
void ev_judge_security_findings(struct ctx *c);
void ev_judge_scale_finding(struct ctx *c);
void ev_judge_clarifying_finding(struct ctx *c);
/* defensive: the candidate blames others, which rules out real_projects */
void ev_judge_production_findings(struct ctx *c, int defensive);
void ev_judge_edge_finding(struct ctx *c);
/* suppressed: admitted gaps do not count as an indicator */
void ev_judge_gaps_finding(struct ctx *c, int suppressed);
void ev_judge_conduct_findings(struct ctx *c);
void ev_judge_integrity(struct ctx *c);

/* evaluate_decide.c */
void ev_judge_topics(struct ctx *c);
void ev_junior_scores(struct ctx *c);
void ev_decide(struct ctx *c);

#endif
