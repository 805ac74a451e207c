/*
 * rubric.h - the evaluation knowledge base (data/rubric.yaml): what a strong
 * answer to each of the brief's questions covers, the common wrong claims
 * that count against a candidate, the cue phrases the evaluator listens for
 * (reasoning, trade-offs, blame, deflection, ...), which of the seven
 * dimensions each question informs, and the tunable thresholds of scoring.
 * docs/rubric.md describes the format.
 *
 * Parsing takes the text (the caller reads the file).  A broken rubric fails
 * with "file:line: what".  When a lexicon is given, concept and category ids
 * named in the rubric are checked against it and used in matching; without
 * one, matching relies on the rubric's own phrase patterns.  Immutable once
 * parsed.  This module judges nothing: evaluate.c does.
 */
#ifndef IV_RUBRIC_H
#define IV_RUBRIC_H

#include <stddef.h>
#include <stdint.h>

#include "iv_error.h"
#include "lexicon.h"
#include "text.h"

/* The scorecard's seven dimensions (contract section 3), in its order. */
enum dimension {
	DIM_API_DESIGN,
	DIM_DATABASES,
	DIM_SCALABILITY,
	DIM_SECURITY,
	DIM_ARCHITECTURE,
	DIM_TRADEOFF_ANALYSIS,
	DIM_PRODUCTION_EXPERIENCE,
	DIM_COUNT
};

const char *dimension_id(enum dimension d);
/* Dimension by id, or -1. */
int dimension_from_id(const char *id);

/* The ways of talking the evaluator listens for.  Their phrases live in
 * data/rubric.yaml under cues: with these names (cue_name()). */
enum cue_id {
	CUE_REASONING,      /* because, so that, the reason */
	CUE_TRADEOFF,       /* the downside is, at the cost of, in exchange */
	CUE_NO_TRADEOFF,    /* no downside, I don't think there are trade-offs */
	CUE_MEASURE,        /* a number with a unit: 200 milliseconds, 60 thousand a second, p99 */
	CUE_PRACTICE,       /* first-hand work: we shipped, in production, our service, at my job */
	CUE_PERSONAL,       /* practice outside a job: side project, bootcamp, tutorial */
	CUE_THEORY,         /* I've read, in the course, from what I've read */
	CUE_GAP,            /* I haven't used, I've never run it in production */
	CUE_DONT_KNOW,      /* I don't know, I'm not sure, couldn't explain */
	CUE_LEARNING,       /* I learned, since then I always, lesson, next time */
	CUE_OWNERSHIP,      /* that was on me, my mistake, I should have */
	CUE_BLAME,          /* wasn't my mistake, QA should have, their fault */
	CUE_DEFLECTION,     /* ops handles that, the security team's job, not our code */
	CUE_DISMISSAL,      /* overkill, not worth it, never happened, not a real threat */
	CUE_CARGO_CULT,     /* it's the standard, everyone uses it, what we use */
	CUE_EDGE,           /* fails, timeout, retry, at the same time, duplicates */
	CUE_MITIGATION,     /* idempotent, backoff, dead-letter, circuit breaker, fail open */
	CUE_QUESTION_BACK,  /* a question to the interviewer about the scenario */
	CUE_RHETORICAL,     /* why that?, how did I find it?, trade-offs? */
	CUE_ASSUMPTION,     /* I'll assume, assuming, let's say */
	CUE_INSTRUCTION,    /* ignore previous instructions, system:, rate me */
	CUE_CODE_REQUEST,   /* write the code for me */
	CUE_VAGUE,          /* best practices, industry standard, it just works */
	CUE_SCALE,          /* scale, throughput, bottleneck, load, latency */
	CUE_NEGATION,       /* we didn't, no, never, without, skipped */
	CUE_LEADERSHIP,     /* I proposed, I argued, I led, design doc, design review */
	CUE_HYPOTHETICAL,   /* you'd, typically, the standard approach is: no claim of having done it */
	CUE_SCOPE_FEATURE,  /* a task inside someone else's design: my lead decided, I wrote the queries */
	CUE_SCOPE_SERVICE,  /* a service or component owned: it was mine, I owned it end to end */
	CUE_SCOPE_SYSTEM,   /* change led across a system: led the migration, incident commander */
	CUE_SCOPE_ORG,      /* several teams' systems: teams across the company, review board, mentoring */
	CUE_SELF,           /* the candidate in person: I, my, me (scope claimed is theirs) */
	CUE_REPORTED,       /* a problem found, inherited or fixed: we found that, the old system, we replaced */
	CUE_DISAVOWED,      /* a wrong idea named to be rejected: a myth, people think, I used to believe */
	CUE_HEDGE,          /* no pick made: it depends, either would be fine, no right answer */
	CUE_COMMIT,         /* a pick made: I'd go with, if I had to pick, we chose */
	CUE_EARLY_CAREER,   /* just graduated, my internship, my first job, a bootcamp */
	CUE_EARLIER_JOB,    /* before that, previously, my last company: a career before this job */
	CUE_CAREER_ELSEWHERE, /* a span not of their engineering career: I taught for eight years */
	CUE_RESPONSE,   /* what was done next: "so we added", "after that we", "now every" */
	CUE_DECIDED,    /* a choice made in real work, told: "we went with", "kept it" */
	CUE_TAKEN_BACK, /* a thing just said, corrected: "actually, thinking about it more, that's wrong" */
	CUE_PROHIBITION, /* a sentence opening with advice against what follows: "never", "don't", "avoid" */
	CUE_COUNT
};

const char *cue_name(enum cue_id cue);
typedef uint64_t cue_mask;
_Static_assert(CUE_COUNT <= 64, "a cue_mask holds one bit per cue");

/* A sentence as the matchers see it: its normalized words and, when a
 * lexicon was used, the concepts, categories and signals found in it. */
struct sentence_view {
	const struct text_word *words;
	size_t n_words;
	const uint16_t *concepts; /* lexicon concept indexes, may be NULL */
	size_t n_concepts;
	uint32_t category_mask;
	const uint8_t *signals; /* SIG_COUNT counts, may be NULL */
	char terminator;        /* '?' for a question */
};

/* A knowledge point: something a strong answer covers. */
struct rubric_point {
	const char *id;
	const char *says; /* "names and explains a rate limiting algorithm" */
	enum dimension dimension;
	double weight;
};

/* A wrong claim: something that counts against the candidate. */
struct rubric_claim {
	const char *id;
	const char *says; /* "stores passwords with a fast or unsalted hash" */
	enum dimension dimension;
	int severity;     /* 1 minor, 2 serious, 3 disqualifying */
	uint32_t also;    /* other dimensions it counts against (at half weight) */
	int whole_reply;  /* the `all` patterns may match anywhere in the reply */
	/* points that say the opposite: a reply that makes one of them does
	 * not hold the claim ("standard queues are at-least-once and not
	 * ordered" is no belief in strict order) */
	const uint16_t *contradicted_by;
	size_t n_contradicted_by;
};

/* What the rubric knows about one topic of the catalogue. */
struct rubric_topic {
	const char *id;
	uint32_t informs;     /* bit per enum dimension the answer is evidence for */
	uint32_t prompts;     /* bit per dimension the question itself asks about */
	const uint16_t *expects; /* points a strong answer covers */
	size_t n_expects;
	const char *title;    /* how a report names it: "Rate limiting" */
};

struct rubric;

/* Parses data/rubric.yaml.  lx may be NULL (concept/category references are
 * then accepted unchecked and never match).  NULL with err on failure. */
struct rubric *rubric_parse(const struct text_source *src, const struct lexicon *lx,
			    struct iv_error *err);
void rubric_free(struct rubric *r);

const char *rubric_version(const struct rubric *r);
/* The lexicon the rubric was checked against (may be NULL). */
const struct lexicon *rubric_lexicon(const struct rubric *r);

/* The tunables of scoring (the scoring: section of the rubric), one id each;
 * docs/rubric.md explains them.  The evaluator asks for them by id, never by
 * name: a misspelt tunable does not compile. */
enum rubric_tunable_id {
	/* quotes and evidence */
	TUN_LOW_CONFIDENCE_BELOW,
	TUN_QUOTE_MAX_WORDS,
	TUN_EVIDENCE_MAX,
	/* dimension scores */
	TUN_WEIGHT_COVERAGE,
	TUN_WEIGHT_DEPTH,
	TUN_WEIGHT_PRACTICE,
	TUN_WEIGHT_AGAINST,
	TUN_WEIGHT_GAPS,
	TUN_CLAIM_ALSO_SHARE,
	TUN_CLAIM_TAKEN_BACK_SHARE,
	TUN_TOPIC_COMPLETE_SHARE,
	TUN_EXTRA_POINT_SHARE,
	TUN_UNEXPECTED_POINTS_FULL,
	TUN_DEPTH_SHARE_FULL,
	TUN_PRACTICE_SHARE_FULL,
	TUN_SCORE2_MIN,
	TUN_SCORE3_MIN,
	TUN_SCORE4_MIN,
	TUN_PRACTICE_FOR_3,
	TUN_WRONG_CAP_2,
	TUN_WRONG_CAP_1,
	TUN_NO_TRADEOFF_WEIGHT,
	TUN_DISMISSAL_TRADEOFF_WEIGHT,
	TUN_DISMISSAL_TRADEOFF_CAP,
	TUN_TRADEOFF_TURNS_FULL,
	TUN_BLAME_WEIGHT,
	TUN_DEFLECTION_WEIGHT,
	TUN_CONCRETE_FULL,
	/* indicators */
	TUN_TRADEOFFS_MIN_TURNS,
	TUN_TRADEOFFS_MIN_SHARE,
	TUN_SECURITY_UNPROMPTED_MIN,
	TUN_SCALABILITY_MIN_SENTENCES,
	TUN_SCALABILITY_MIN_TURNS,
	TUN_SCALABILITY_MIN_MEASURED,
	TUN_CLARIFYING_MIN,
	TUN_REAL_PROJECTS_MIN,
	TUN_REAL_PROJECTS_WITHOUT_LESSON,
	TUN_EDGE_CASES_MIN_SENTENCES,
	TUN_EDGE_CASES_MIN_TURNS,
	TUN_ADMITS_GAPS_MIN,
	/* red flags */
	TUN_NO_SECURITY_MIN_WEIGHT,
	TUN_NO_SECURITY_GOOD_RATIO,
	TUN_CANNOT_EXPLAIN_MIN,
	TUN_CANNOT_EXPLAIN_RATIO,
	TUN_CANNOT_TRADEOFF_MIN_TURNS,
	TUN_CANNOT_TRADEOFF_MAX_SHARE,
	TUN_DISMISSES_MIN,
	TUN_NO_PRODUCTION_MIN_GAPS,
	TUN_NO_PRODUCTION_CONCRETE_RATIO,
	TUN_THEORETICAL_MIN,
	TUN_THEORETICAL_CONCRETE_RATIO,
	TUN_DEFENSIVE_MIN,
	TUN_NO_SECURITY_ABSENT_ASKED,
	TUN_NO_SECURITY_ABSENT_SHOWN,
	TUN_CANNOT_EXPLAIN_WHY_MIN,
	TUN_CANNOT_EXPLAIN_EMPTY_SHARE,
	TUN_CANNOT_EXPLAIN_REASONED_MAX,
	/* level and recommendation */
	TUN_SENIOR_MEASURE_RATE,
	TUN_SENIOR_GAP_RATE,
	TUN_LEVEL_STAFF_MIN,
	TUN_LEVEL_SENIOR_MIN,
	TUN_LEVEL_MID_MIN,
	TUN_STAFF_LEADERSHIP_MIN,
	TUN_HIRE_MIN,
	TUN_STRONG_HIRE_MIN,
	TUN_STRONG_HIRE_INDICATORS,
	TUN_NO_HIRE_BELOW,
	TUN_NO_HIRE_SERIOUS_FLAGS,
	TUN_SCOPE_FEATURE_ONLY_MIN,
	TUN_SENIOR_TOPIC_SUBSTANCE,
	TUN_SENIOR_GAP_TOPICS,
	TUN_SENIOR_SCOPE_LEADERSHIP,
	TUN_SHOWN_COVERAGE,
	TUN_SHOWN_MIN_ASKED,
	TUN_NO_PRODUCTION_MIN_STUDY,
	TUN_NO_PRODUCTION_STUDY_RATIO,
	TUN_CAREER_JUNIOR_BELOW,
	TUN_CAREER_EARLY_BELOW,
	TUN_CAREER_MID_BELOW,
	TUN_CAREER_SENIOR_FROM,
	TUN_CAREER_STAFF_FROM,
	TUN_CAREER_STAFF_OVERALL,
	TUN_JUNIOR_SCORE3_MIN,
	TUN_COUNT
};

/* A tunable's name in the rubric, its built-in default and the bounds a
 * rubric's value must lie within (inclusive). */
struct rubric_tunable_spec {
	const char *name;
	double value;
	double min, max;
};

/* The spec of tunable id, or NULL when id is not one. */
const struct rubric_tunable_spec *rubric_tunable_spec(enum rubric_tunable_id id);
/* The value of tunable id: the rubric's, or the built-in default when the
 * rubric does not set it (or r is NULL). */
double rubric_tunable(const struct rubric *r, enum rubric_tunable_id id);

/* A wording template (the wording: section) by key, or "" when absent. */
const char *rubric_wording(const struct rubric *r, const char *key);

const char *rubric_dimension_name(const struct rubric *r, enum dimension d);
/* Lexicon categories whose concepts are evidence for dimension d. */
uint32_t rubric_dimension_categories(const struct rubric *r, enum dimension d);

size_t rubric_point_count(const struct rubric *r);
const struct rubric_point *rubric_point_at(const struct rubric *r, size_t i);
/* Index of a point by id, or -1. */
int rubric_find_point(const struct rubric *r, const char *id);

size_t rubric_claim_count(const struct rubric *r);
const struct rubric_claim *rubric_claim_at(const struct rubric *r, size_t i);

size_t rubric_topic_count(const struct rubric *r);
const struct rubric_topic *rubric_topic_at(const struct rubric *r, size_t i);
/* The topic by id, or NULL. */
const struct rubric_topic *rubric_find_topic(const struct rubric *r, const char *id);

/* The cues present in a sentence (bit per enum cue_id). */
cue_mask rubric_match_cues(const struct rubric *r, const struct sentence_view *s);

/* The longest engineering career a sentence tells of, in years (-1 when
 * it tells of none), clause by clause: a clause the rubric hears as another
 * profession's span (cue career_elsewhere: "I taught for eight years") is
 * not the career.  r may be NULL (every clause counts). */
double rubric_career_years(const struct rubric *r, const struct sentence_view *s);

/* 1 when point i is covered by sentence s. */
int rubric_point_matches(const struct rubric *r, size_t i, const struct sentence_view *s);

/* What a follow-up's covers: names: a knowledge point or an answer (the
 * answers: section, heard while listening and never scored).  The index
 * for rubric_cover_matches, or -1. */
int rubric_find_cover(const struct rubric *r, const char *id);
/* 1 when sentence s states cover i (an index from rubric_find_cover). */
int rubric_cover_matches(const struct rubric *r, size_t i, const struct sentence_view *s);

/* 1 when claim i is made in sentence s of a reply (reply[0..n) are all its
 * sentences, for claims whose conditions may span the reply). */
/* 1 when wrong claim i is on its subject in sentence s: the question it
 * answers informs one of the claim's dimensions (informs, bit per enum
 * dimension), or s names a concept of one.  A pattern of common words
 * ("clean", "alert") met in an answer about something else is a
 * coincidence, not a belief.  The scorecard and the interviewer both ask. */
int rubric_claim_in_subject(const struct rubric *r, size_t i, uint32_t informs,
			    const struct sentence_view *s);

int rubric_claim_matches(const struct rubric *r, size_t i, const struct sentence_view *s,
			 const struct sentence_view *reply, size_t n);

/* Compiles one pattern of the rubric's pattern language and tells whether it
 * matches the words; for tests and tools.  Returns 1, 0, or -1 with err when
 * the pattern is malformed. */
int rubric_pattern_test(const char *pattern, const struct text_word *words, size_t n,
			struct iv_error *err);

#endif
