/*
 * rubric.c - loading data/rubric.yaml and matching its patterns (see
 * rubric.h and docs/rubric.md).
 *
 * The pattern language is deliberately small: words (normalized like the
 * candidate's text), stems ("shard*"), endings ("*ed"), groups of alternatives
 * ("(md5|sha 1|sha1)"), optional groups ("(really)?"), gaps of up to six
 * words ("..."), any number ("#"), and "^" to anchor at the sentence start.
 * Matching is a backtracking walk over a sentence's words, which are few.
 * Everything the rubric holds lives in one arena.  This file must not judge:
 * it answers "does this sentence say that", evaluate.c decides what it means.
 */
#include "rubric.h"

#include "pattern_expand.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "career.h"
#include "yaml_tree.h"

#define GAP_MAX_WORDS 6

static const char *const dimension_ids[DIM_COUNT] = {
	"api_design",   "databases",         "scalability",          "security",
	"architecture", "tradeoff_analysis", "production_experience",
};

static const char *const cue_names[CUE_COUNT] = {
	"reasoning",  "tradeoff",    "no_tradeoff",   "measure",      "practice",
	"personal",   "theory",      "gap",           "dont_know",    "learning",
	"ownership",  "blame",       "deflection",    "dismissal",    "cargo_cult",
	"edge",       "mitigation",  "question_back", "rhetorical",   "assumption",
	"instruction", "code_request", "vague",       "scale",        "negation",
	"leadership", "hypothetical", "scope_feature", "scope_service", "scope_system", "scope_org", "self", "reported",
	"disavowed", "hedge", "commit", "early_career", "earlier_job", "career_elsewhere",
	"response", "decided", "taken_back", "prohibition",
};

/* The tunables of scoring, indexed by their id: name, default and the bounds
 * a rubric's value must lie within (docs/rubric.md explains each).  Shares
 * and the weights of coverage, depth and practice are 0..1; the weights of
 * what counts against, ratios and rates per reply 0..10 (they multiply
 * counts, so above 1 means something); counts 0..1000; score boundaries 0..1
 * (of the dimension value); level and recommendation bars 1..4 (of the
 * overall score).  What divides is bounded away from zero, and a quote is at
 * least 8 words (the evaluator never cuts shorter). */
static const struct rubric_tunable_spec tunable_specs[] = {
	/* quotes and evidence */
	[TUN_LOW_CONFIDENCE_BELOW] = {"low_confidence_below", 0.6, 0, 1},
	[TUN_QUOTE_MAX_WORDS] = {"quote_max_words", 40, 8, 1000},
	[TUN_EVIDENCE_MAX] = {"evidence_max", 6, 1, 1000},
	/* dimension scores */
	[TUN_WEIGHT_COVERAGE] = {"weight_coverage", 0.55, 0, 1},
	[TUN_WEIGHT_DEPTH] = {"weight_depth", 0.25, 0, 1},
	[TUN_WEIGHT_PRACTICE] = {"weight_practice", 0.2, 0, 1},
	[TUN_WEIGHT_AGAINST] = {"weight_against", 0.12, 0, 10},
	[TUN_WEIGHT_GAPS] = {"weight_gaps", 0.1, 0, 10},
	[TUN_CLAIM_ALSO_SHARE] = {"claim_also_share", 0.5, 0, 1},
	[TUN_CLAIM_TAKEN_BACK_SHARE] = {"claim_taken_back_share", 0.5, 0, 1},
	[TUN_TOPIC_COMPLETE_SHARE] = {"topic_complete_share", 0.8, 0.01, 1},
	/* read by nothing today; kept so that a rubric setting it still loads */
	[TUN_EXTRA_POINT_SHARE] = {"extra_point_share", 0.5, 0, 1},
	[TUN_UNEXPECTED_POINTS_FULL] = {"unexpected_points_full", 3, 0.1, 1000},
	[TUN_DEPTH_SHARE_FULL] = {"depth_share_full", 0.5, 0.01, 1},
	[TUN_PRACTICE_SHARE_FULL] = {"practice_share_full", 0.4, 0.01, 1},
	[TUN_SCORE2_MIN] = {"score2_min", 0.25, 0, 1},
	[TUN_SCORE3_MIN] = {"score3_min", 0.5, 0, 1},
	[TUN_SCORE4_MIN] = {"score4_min", 0.75, 0, 1},
	[TUN_PRACTICE_FOR_3] = {"practice_for_3", 2, 0, 1000},
	[TUN_WRONG_CAP_2] = {"wrong_cap_2", 2, 0, 1000},
	[TUN_WRONG_CAP_1] = {"wrong_cap_1", 4, 0, 1000},
	[TUN_NO_TRADEOFF_WEIGHT] = {"no_tradeoff_weight", 0.5, 0, 10},
	[TUN_DISMISSAL_TRADEOFF_WEIGHT] = {"dismissal_tradeoff_weight", 0.25, 0, 10},
	[TUN_DISMISSAL_TRADEOFF_CAP] = {"dismissal_tradeoff_cap", 1.5, 0, 10},
	[TUN_TRADEOFF_TURNS_FULL] = {"tradeoff_turns_full", 5, 1, 1000},
	[TUN_BLAME_WEIGHT] = {"blame_weight", 1, 0, 10},
	[TUN_DEFLECTION_WEIGHT] = {"deflection_weight", 0.5, 0, 10},
	[TUN_CONCRETE_FULL] = {"concrete_full", 10, 1, 1000},
	/* indicators */
	[TUN_TRADEOFFS_MIN_TURNS] = {"tradeoffs_min_turns", 3, 0, 1000},
	[TUN_TRADEOFFS_MIN_SHARE] = {"tradeoffs_min_share", 0.7, 0, 1},
	[TUN_SECURITY_UNPROMPTED_MIN] = {"security_unprompted_min", 2, 0, 1000},
	[TUN_SCALABILITY_MIN_SENTENCES] = {"scalability_min_sentences", 4, 0, 1000},
	[TUN_SCALABILITY_MIN_TURNS] = {"scalability_min_turns", 3, 0, 1000},
	[TUN_SCALABILITY_MIN_MEASURED] = {"scalability_min_measured", 3, 0, 1000},
	[TUN_CLARIFYING_MIN] = {"clarifying_min", 1, 0, 1000},
	[TUN_REAL_PROJECTS_MIN] = {"real_projects_min", 3, 0, 1000},
	[TUN_REAL_PROJECTS_WITHOUT_LESSON] = {"real_projects_without_lesson", 8, 0, 1000},
	[TUN_EDGE_CASES_MIN_SENTENCES] = {"edge_cases_min_sentences", 4, 0, 1000},
	[TUN_EDGE_CASES_MIN_TURNS] = {"edge_cases_min_turns", 3, 0, 1000},
	[TUN_ADMITS_GAPS_MIN] = {"admits_gaps_min", 1, 0, 1000},
	/* red flags */
	[TUN_NO_SECURITY_MIN_WEIGHT] = {"no_security_min_weight", 3, 0, 1000},
	[TUN_NO_SECURITY_GOOD_RATIO] = {"no_security_good_ratio", 0.5, 0, 10},
	[TUN_CANNOT_EXPLAIN_MIN] = {"cannot_explain_min", 3, 0, 1000},
	[TUN_CANNOT_EXPLAIN_RATIO] = {"cannot_explain_ratio", 0.5, 0, 10},
	[TUN_CANNOT_TRADEOFF_MIN_TURNS] = {"cannot_tradeoff_min_turns", 2, 0, 1000},
	[TUN_CANNOT_TRADEOFF_MAX_SHARE] = {"cannot_tradeoff_max_share", 0.4, 0, 1},
	[TUN_DISMISSES_MIN] = {"dismisses_min", 2, 0, 1000},
	[TUN_NO_PRODUCTION_MIN_GAPS] = {"no_production_min_gaps", 3, 0, 1000},
	[TUN_NO_PRODUCTION_CONCRETE_RATIO] = {"no_production_concrete_ratio", 1.5, 0, 10},
	[TUN_THEORETICAL_MIN] = {"theoretical_min", 3, 0, 1000},
	[TUN_THEORETICAL_CONCRETE_RATIO] = {"theoretical_concrete_ratio", 1.0, 0, 10},
	[TUN_DEFENSIVE_MIN] = {"defensive_min", 2, 0, 1000},
	/* absence is evidence: security asked about, nothing specific said */
	[TUN_NO_SECURITY_ABSENT_ASKED] = {"no_security_absent_asked", 3, 1, 1000},
	[TUN_NO_SECURITY_ABSENT_SHOWN] = {"no_security_absent_shown", 1, 0, 1000},
	/* ... and "why?" asked again and again, no reason given */
	[TUN_CANNOT_EXPLAIN_WHY_MIN] = {"cannot_explain_why_min", 4, 1, 1000},
	[TUN_CANNOT_EXPLAIN_EMPTY_SHARE] = {"cannot_explain_empty_share", 0.85, 0, 1},
	[TUN_CANNOT_EXPLAIN_REASONED_MAX] = {"cannot_explain_reasoned_max", 0.3, 0, 1},
	/* level and recommendation */
	[TUN_SENIOR_MEASURE_RATE] = {"senior_measure_rate", 0.6, 0, 10},
	[TUN_SENIOR_GAP_RATE] = {"senior_gap_rate", 0.1, 0, 10},
	[TUN_LEVEL_STAFF_MIN] = {"level_staff_min", 3.7, 1, 4},
	[TUN_LEVEL_SENIOR_MIN] = {"level_senior_min", 3.0, 1, 4},
	[TUN_LEVEL_MID_MIN] = {"level_mid_min", 2.0, 1, 4},
	[TUN_STAFF_LEADERSHIP_MIN] = {"staff_leadership_min", 3, 0, 1000},
	[TUN_HIRE_MIN] = {"hire_min", 2.4, 1, 4},
	[TUN_STRONG_HIRE_MIN] = {"strong_hire_min", 3.3, 1, 4},
	[TUN_STRONG_HIRE_INDICATORS] = {"strong_hire_indicators", 5, 0, 1000},
	[TUN_NO_HIRE_BELOW] = {"no_hire_below", 1.6, 1, 4},
	[TUN_NO_HIRE_SERIOUS_FLAGS] = {"no_hire_serious_flags", 3, 0, 1000},
	/* level from scope: this many answers whose widest scope is a task in
	 * someone else's design, and none wider, keep the level below senior */
	[TUN_SCOPE_FEATURE_ONLY_MIN] = {"scope_feature_only_min", 2, 1, 1000},
	/* senior evidence also from substance on nearly every topic (0..1) */
	/* 0.75 underrated the concise and the nervous strong engineers of the
	 * development candidates; 0.68, chosen on tests/candidates/dev only,
	 * keeps its mid-level rambler (0.61) below */
	[TUN_SENIOR_TOPIC_SUBSTANCE] = {"senior_topic_substance", 0.68, 0, 1},
	[TUN_SENIOR_GAP_TOPICS] = {"senior_gap_topics", 0.2, 0, 1},
	/* level from scope: led a system or work across teams (this many
	 * answers that show leading), with substance on nearly every topic, is
	 * senior evidence however many gaps they admitted: honesty about what
	 * one has not done is no sign of a smaller scope */
	[TUN_SENIOR_SCOPE_LEADERSHIP] = {"senior_scope_leadership", 1, 1, 1000},
	/* coverage from answers that showed knowledge of the dimension in any
	 * words: every question on it answered with substance counts as this
	 * share of the rubric's points (below 1: the points still say more) */
	[TUN_SHOWN_COVERAGE] = {"shown_coverage", 0.8, 0, 1},
	[TUN_SHOWN_MIN_ASKED] = {"shown_min_asked", 2, 1, 1000},
	/* no production experience needs study or side projects named as the
	 * source at least this often (sentences), and more often than this
	 * many times the sentences of first-hand work with specifics: the
	 * development set's new graduate with a year of internships said 3
	 * against 4, the shared bootcamp graduate whose work is side projects
	 * 16 against 10 */
	[TUN_NO_PRODUCTION_MIN_STUDY] = {"no_production_min_study", 2, 0, 1000},
	[TUN_NO_PRODUCTION_STUDY_RATIO] = {"no_production_study_ratio", 1.0, 0, 10},
	/* level from the career the self-introduction describes, in years: below
	 * the first with no job before this one, or an early career (a first
	 * job, a bootcamp, just graduated) below the second, is junior; below
	 * the third with no job before, at most mid; from the fourth, with no
	 * red flag and a hiring score, at least senior */
	[TUN_CAREER_JUNIOR_BELOW] = {"career_junior_below", 2, 0, 100},
	[TUN_CAREER_EARLY_BELOW] = {"career_early_below", 3, 0, 100},
	[TUN_CAREER_MID_BELOW] = {"career_mid_below", 4, 0, 100},
	[TUN_CAREER_SENIOR_FROM] = {"career_senior_from", 8, 0, 100},
	/* ... and from this many years, a senior with production experience
	 * at 4, no red flag and an overall score of at least the next, staff */
	[TUN_CAREER_STAFF_FROM] = {"career_staff_from", 10, 0, 100},
	[TUN_CAREER_STAFF_OVERALL] = {"career_staff_overall", 3.3, 1, 4},
	/* a dimension of a candidate whose level comes out junior is reported
	 * 3 only from this value of q (as score3_min): a borderline 3 is, for
	 * a panel, good basics at that stage of a career */
	[TUN_JUNIOR_SCORE3_MIN] = {"junior_score3_min", 0.62, 0, 1},
};

_Static_assert(sizeof tunable_specs / sizeof tunable_specs[0] == TUN_COUNT,
	       "one tunable spec per enum rubric_tunable_id");

struct pword {
	const char *w;
	uint16_t len;     /* strlen(w): patterns are matched against every sentence */
	uint8_t stem;
	uint8_t suffix;   /* "*ed": any word of three letters or more before the ending */
	uint8_t opt_last; /* "seconds?": the last letter is optional */
	uint8_t number;   /* "#": any number */
};

struct palt {
	struct pword *words;
	uint16_t n;
};

struct pslot {
	uint8_t gap;
	uint8_t optional;
	struct palt *alts;
	uint16_t n_alts;
};

/* words a pattern steps over between two of its words ("nobody can even
 * see", "is basically not a risk"): spoken fillers that do not change
 * what a sentence claims; the rubric's pattern_fillers list */
struct fillers {
	const char **words;
	size_t n;
};

struct pattern {
	struct pslot *slots;
	uint16_t n_slots;
	uint8_t anchored;
	const struct fillers *fill; /* NULL: no word is stepped over */
};

struct plist {
	struct pattern *items;
	size_t n;
};

struct rule {
	struct plist any, all, unless;
	struct plist unless_reply; /* wrong claims: anywhere in the reply, it cancels the claim */
	uint16_t *concepts;
	size_t n_concepts;
	uint32_t categories;
};

struct cue {
	struct plist patterns;
	signal_mask signals; /* bit per enum signal_id */
	signal_mask unless_signals;
	struct plist unless;
};

struct point {
	struct rubric_point pub;
	struct rule rule;
};

struct claim {
	struct rubric_claim pub;
	struct rule rule;
};

struct wording {
	const char *key;
	const char *text;
};

struct rubric {
	struct arena arena;
	const struct lexicon *lx;
	const char *version;
	double tunables[TUN_COUNT];
	const char *dim_names[DIM_COUNT];
	uint32_t dim_categories[DIM_COUNT];
	struct cue cues[CUE_COUNT];
	struct point *points;
	size_t n_points;
	struct claim *claims;
	size_t n_claims;
	struct point *answers; /* what answers a follow-up: heard, never scored */
	size_t n_answers;
	struct rubric_topic *topics;
	size_t n_topics;
	struct wording *wordings;
	size_t n_wordings;
	struct fillers fill;
};

const char *dimension_id(enum dimension d)
{
	return (d >= 0 && d < DIM_COUNT) ? dimension_ids[d] : "?";
}

int dimension_from_id(const char *id)
{
	for (int d = 0; d < DIM_COUNT; d++)
		if (id && strcmp(id, dimension_ids[d]) == 0)
			return d;
	return -1;
}

const char *cue_name(enum cue_id cue)
{
	return (cue >= 0 && cue < CUE_COUNT) ? cue_names[cue] : "?";
}

/* ---- the pattern language ---- */

static const char *const number_words[] = {
	"one",     "two",    "three",    "four",    "five",     "six",    "seven",  "eight",
	"nine",    "ten",    "eleven",   "twelve",  "fifteen",  "twenty", "thirty", "forty",
	"fifty",   "sixty",  "seventy",  "eighty",  "ninety",   "hundred", "hundreds", "thousand",
	"thousands", "million", "millions", "billion", "billions", "dozen", "dozens", "half",
	NULL,
};

static int is_number_word(const char *w)
{
	for (const char *p = w; *p; p++)
		if (*p >= '0' && *p <= '9')
			return 1;
	for (size_t i = 0; number_words[i]; i++)
		if (strcmp(w, number_words[i]) == 0)
			return 1;
	return 0;
}

static int pword_matches(const struct pword *pw, const char *word)
{
	if (pw->number)
		return is_number_word(word);
	if (pw->suffix) {
		size_t n = strlen(word), k = pw->len;
		return n >= k + 3 && strcmp(word + n - k, pw->w) == 0;
	}
	/* every other kind starts with the pattern's first letter: most words
	 * of a sentence are turned away here, before any string compare */
	if (word[0] != pw->w[0])
		return 0;
	if (pw->stem)
		return strncmp(word, pw->w, pw->len) == 0;
	if (pw->opt_last) {
		size_t n = pw->len;
		if (strncmp(word, pw->w, n - 1) == 0 && (word[n - 1] == '\0' || !strcmp(word + n - 1, pw->w + n - 1)))
			return 1;
		return 0;
	}
	return strcmp(word, pw->w) == 0;
}

static int is_filler(const struct fillers *f, const char *word)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->words[i], word) == 0)
			return 1;
	return 0;
}

static int match_slots(const struct pattern *p, size_t si, const struct text_word *w, size_t n,
		       size_t pos)
{
	if (si == p->n_slots)
		return 1;
	const struct pslot *s = &p->slots[si];
	if (s->gap) {
		for (size_t k = 0; k <= GAP_MAX_WORDS && pos + k <= n; k++)
			if (match_slots(p, si + 1, w, n, pos + k))
				return 1;
		return 0;
	}
	for (size_t a = 0; a < s->n_alts; a++) {
		const struct palt *alt = &s->alts[a];
		if (pos + alt->n > n)
			continue;
		size_t k = 0;
		while (k < alt->n && pword_matches(&alt->words[k], w[pos + k].norm))
			k++;
		if (k == alt->n && match_slots(p, si + 1, w, n, pos + alt->n))
			return 1;
	}
	if (s->optional && match_slots(p, si + 1, w, n, pos))
		return 1;
	/* a filler between two pattern words is stepped over, never before
	 * the first (where it would only shift the start) */
	if (si > 0 && pos < n && p->fill && is_filler(p->fill, w[pos].norm))
		return match_slots(p, si, w, n, pos + 1);
	return 0;
}

static int pattern_matches(const struct pattern *p, const struct text_word *w, size_t n)
{
	if (!p->n_slots)
		return 0;
	size_t last = p->anchored ? 0 : n;
	for (size_t start = 0; start <= last && start <= n; start++)
		if (match_slots(p, 0, w, n, start))
			return 1;
	return 0;
}

static int plist_any(const struct plist *l, const struct text_word *w, size_t n)
{
	for (size_t i = 0; i < l->n; i++)
		if (pattern_matches(&l->items[i], w, n))
			return 1;
	return 0;
}

/* Splits an alternative ("sha-1", "leaky bucket*", "#") into pattern words. */
static int compile_alt(struct arena *a, const char *text, size_t len, struct palt *out,
		       const char **why)
{
	char buf[256];
	if (len >= sizeof buf) {
		*why = "alternative too long";
		return -1;
	}
	memcpy(buf, text, len);
	buf[len] = '\0';
	struct text_words tw = {0};
	if (text_split(buf, &tw)) {
		*why = "out of memory";
		return -1;
	}
	size_t hashes = 0;
	for (size_t i = 0; i < len; i++)
		hashes += buf[i] == '#';
	size_t n = tw.n_words + hashes;
	out->words = arena_alloc(a, (n ? n : 1) * sizeof *out->words);
	if (!out->words) {
		text_words_release(&tw);
		*why = "out of memory";
		return -1;
	}
	/* walk the source left to right so '#' keeps its place among the words */
	size_t wi = 0, k = 0;
	for (size_t i = 0; i < len;) {
		if (buf[i] == '#') {
			out->words[k].number = 1;
			out->words[k].w = "#";
			k++;
			i++;
			continue;
		}
		if (wi < tw.n_words && tw.words[wi].start == i) {
			out->words[k].w = arena_strdup(a, tw.words[wi].norm);
			out->words[k].stem = buf[tw.words[wi].end] == '*';
			out->words[k].suffix = tw.words[wi].start > 0 && buf[tw.words[wi].start - 1] == '*';
			out->words[k].opt_last = buf[tw.words[wi].end] == '?' &&
						 strlen(tw.words[wi].norm) > 1;
			if (!out->words[k].w) {
				text_words_release(&tw);
				*why = "out of memory";
				return -1;
			}
			out->words[k].len = (uint16_t)strlen(out->words[k].w);
			i = tw.words[wi].end;
			wi++;
			k++;
			continue;
		}
		i++;
	}
	text_words_release(&tw);
	out->n = (uint16_t)k;
	if (!k) {
		*why = "empty alternative";
		return -1;
	}
	return 0;
}

/* Compiles pattern text into p.  Returns 0, or -1 with *why set. */
static int compile_pattern(struct arena *a, const char *src, struct pattern *p, const char **why)
{
	size_t cap = 16, n = 0;
	struct pslot *slots = arena_alloc(a, cap * sizeof *slots);
	if (!slots) {
		*why = "out of memory";
		return -1;
	}
	const char *s = src;
	memset(p, 0, sizeof *p);
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '^') {
		p->anchored = 1;
		s++;
	}
	while (*s) {
		if (*s == ' ' || *s == '\t') {
			s++;
			continue;
		}
		if (n == cap) {
			struct pslot *bigger = arena_alloc(a, cap * 2 * sizeof *bigger);
			if (!bigger) {
				*why = "out of memory";
				return -1;
			}
			memcpy(bigger, slots, n * sizeof *slots);
			slots = bigger;
			cap *= 2;
		}
		struct pslot *slot = &slots[n];
		memset(slot, 0, sizeof *slot);
		if (strncmp(s, "...", 3) == 0) {
			slot->gap = 1;
			s += 3;
			n++;
			continue;
		}
		if (*s == ')' || *s == '|') {
			*why = "unbalanced ')' or '|' outside a group";
			return -1;
		}
		if (*s == '(') {
			/* a group may nest groups: expanded into flat alternatives */
			const char *close = s;
			for (int depth = 0; *close; close++) {
				depth += *close == '(';
				depth -= *close == ')';
				if (!depth)
					break;
			}
			if (!*close) {
				*why = "'(' without ')'";
				return -1;
			}
			struct alternatives alts = {0};
			if (pattern_expand_group(s + 1, (size_t)(close - s - 1), &alts, why)) {
				alternatives_release(&alts);
				return -1;
			}
			slot->alts = arena_alloc(a, (alts.n ? alts.n : 1) * sizeof *slot->alts);
			if (!slot->alts) {
				alternatives_release(&alts);
				*why = "out of memory";
				return -1;
			}
			size_t n_alts = 0;
			for (size_t k = 0; k < alts.n; k++) {
				if (!alts.items[k][0]) {
					slot->optional = 1; /* a nested optional group left nothing */
					continue;
				}
				if (compile_alt(a, alts.items[k], strlen(alts.items[k]), &slot->alts[n_alts], why)) {
					alternatives_release(&alts);
					return -1;
				}
				n_alts++;
			}
			alternatives_release(&alts);
			if (!n_alts) {
				*why = "empty alternative";
				return -1;
			}
			if (n_alts > UINT16_MAX) {
				*why = "a group expands to too many alternatives";
				return -1;
			}
			slot->n_alts = (uint16_t)n_alts;
			s = close + 1;
		} else {
			const char *end = s;
			while (*end && *end != ' ' && *end != '\t' && *end != '(' && *end != ')' &&
			       *end != '|')
				end++;
			size_t len = (size_t)(end - s);
			slot->alts = arena_alloc(a, sizeof *slot->alts);
			if (!slot->alts) {
				*why = "out of memory";
				return -1;
			}
			if (compile_alt(a, s, len, &slot->alts[0], why))
				return -1;
			slot->n_alts = 1;
			s = end;
			n++;
			continue;
		}
		if (*s == '?') {
			slot->optional = 1;
			s++;
		}
		n++;
	}
	if (!n || (n == 1 && slots[0].gap)) {
		*why = "empty pattern";
		return -1;
	}
	p->slots = slots;
	p->n_slots = (uint16_t)n;
	return 0;
}

int rubric_pattern_test(const char *pattern, const struct text_word *words, size_t n,
			struct iv_error *err)
{
	struct arena a = {0};
	struct pattern p;
	const char *why = NULL;
	if (compile_pattern(&a, pattern, &p, &why)) {
		iv_error_set(err, "pattern '%s': %s", pattern, why);
		arena_free(&a);
		return -1;
	}
	int r = pattern_matches(&p, words, n);
	arena_free(&a);
	return r;
}

/* ---- loading ---- */

struct loader {
	struct rubric *r;
	struct ydoc d;
	struct iv_error *err;
};

static int load_plist(struct loader *L, yaml_node_t *node, const char *what, struct plist *out)
{
	memset(out, 0, sizeof *out);
	if (!node)
		return 0;
	const char **items;
	long n = ystring_list(&L->d, &L->r->arena, node, 1, what, &items, L->err);
	if (n < 0)
		return -1;
	out->items = arena_alloc(&L->r->arena, (size_t)n * sizeof *out->items);
	if (!out->items)
		return yfail(&L->d, node, L->err, "out of memory");
	for (long i = 0; i < n; i++) {
		const char *why = NULL;
		yaml_node_t *at = node->type == YAML_SEQUENCE_NODE ? yseq_at(&L->d, node, (size_t)i) : node;
		if (compile_pattern(&L->r->arena, items[i], &out->items[i], &why))
			return yfail(&L->d, at, L->err, "%s: pattern '%s': %s", what, items[i], why);
		out->items[i].fill = &L->r->fill;
	}
	out->n = (size_t)n;
	return 0;
}

/* pattern_fillers: single normalized words, optional (none: no word is
 * stepped over) */
static int load_fillers(struct loader *L, yaml_node_t *node)
{
	if (!node)
		return 0;
	const char **items;
	long n = ystring_list(&L->d, &L->r->arena, node, 1, "pattern_fillers", &items, L->err);
	if (n < 0)
		return -1;
	for (long i = 0; i < n; i++) {
		const char *c = items[i];
		if (!*c)
			return yfail(&L->d, node, L->err, "pattern_fillers: an empty word");
		for (; *c; c++)
			if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
				return yfail(&L->d, node, L->err,
					     "pattern_fillers: '%s' is not one lower-case word without punctuation",
					     items[i]);
	}
	L->r->fill.words = items;
	L->r->fill.n = (size_t)n;
	return 0;
}

static int load_dimension_list(struct loader *L, yaml_node_t *node, const char *what,
			       uint32_t *mask)
{
	*mask = 0;
	if (!node)
		return 0;
	const char **items;
	long n = ystring_list(&L->d, &L->r->arena, node, 0, what, &items, L->err);
	if (n < 0)
		return -1;
	for (long i = 0; i < n; i++) {
		int dim = dimension_from_id(items[i]);
		if (dim < 0)
			return yfail(&L->d, node, L->err, "%s: unknown dimension '%s'", what, items[i]);
		*mask |= 1u << dim;
	}
	return 0;
}

static int load_categories(struct loader *L, yaml_node_t *node, const char *what, uint32_t *mask)
{
	*mask = 0;
	if (!node)
		return 0;
	const char **items;
	long n = ystring_list(&L->d, &L->r->arena, node, 0, what, &items, L->err);
	if (n < 0)
		return -1;
	for (long i = 0; i < n && L->r->lx; i++) {
		int c = lexicon_find_category(L->r->lx, items[i]);
		if (c < 0)
			return yfail(&L->d, node, L->err, "%s: unknown lexicon category '%s'", what,
				     items[i]);
		*mask |= 1u << c;
	}
	return 0;
}

static int load_rule(struct loader *L, yaml_node_t *map, const char *what, struct rule *rule)
{
	memset(rule, 0, sizeof *rule);
	if (load_plist(L, ymap_get(&L->d, map, "any"), what, &rule->any) ||
	    load_plist(L, ymap_get(&L->d, map, "all"), what, &rule->all) ||
	    load_plist(L, ymap_get(&L->d, map, "unless"), what, &rule->unless) ||
	    load_categories(L, ymap_get(&L->d, map, "categories"), what, &rule->categories))
		return -1;
	yaml_node_t *cn = ymap_get(&L->d, map, "concepts");
	if (cn) {
		const char **items;
		long n = ystring_list(&L->d, &L->r->arena, cn, 1, what, &items, L->err);
		if (n < 0)
			return -1;
		rule->concepts = arena_alloc(&L->r->arena, (size_t)n * sizeof *rule->concepts);
		if (!rule->concepts)
			return yfail(&L->d, cn, L->err, "out of memory");
		for (long i = 0; i < n && L->r->lx; i++) {
			int c = lexicon_find_concept(L->r->lx, items[i]);
			if (c < 0)
				return yfail(&L->d, cn, L->err, "%s: unknown lexicon concept '%s'",
					     what, items[i]);
			rule->concepts[rule->n_concepts++] = (uint16_t)c;
		}
	}
	if (!rule->any.n && !cn && !ymap_get(&L->d, map, "categories"))
		return yfail(&L->d, map, L->err, "%s needs 'any', 'concepts' or 'categories'", what);
	return 0;
}

static int load_dimension(struct loader *L, yaml_node_t *map, const char *what, const char *key,
			  enum dimension *out)
{
	const char *s = yscalar(ymap_get(&L->d, map, key));
	int d = dimension_from_id(s);
	if (d < 0)
		return yfail(&L->d, map, L->err, "%s: '%s' must be one of the seven dimensions", what,
			     key);
	*out = (enum dimension)d;
	return 0;
}

static int load_number(struct loader *L, yaml_node_t *map, const char *key, double dflt,
		       double lo, double hi, const char *what, double *out)
{
	yaml_node_t *v = ymap_get(&L->d, map, key);
	*out = dflt;
	if (!v)
		return 0;
	if (ynumber(&L->d, v, key, out, L->err))
		return -1;
	if (*out < lo || *out > hi)
		return yfail(&L->d, v, L->err, "%s: '%s' must be between %g and %g", what, key, lo, hi);
	return 0;
}

/* The tunable called name, or TUN_COUNT. */
static enum rubric_tunable_id tunable_by_name(const char *name)
{
	int id = 0;
	while (id < TUN_COUNT && (!name || strcmp(name, tunable_specs[id].name) != 0))
		id++;
	return (enum rubric_tunable_id)id;
}

static int load_scoring(struct loader *L, yaml_node_t *map)
{
	for (int id = 0; id < TUN_COUNT; id++)
		L->r->tunables[id] = tunable_specs[id].value;
	if (!map)
		return 0;
	if (map->type != YAML_MAPPING_NODE)
		return yfail(&L->d, map, L->err, "scoring must be a mapping of names to numbers");
	for (size_t k = 0; k < ymap_len(map); k++) {
		yaml_node_t *v;
		const char *key = ymap_key_at(&L->d, map, k, &v);
		enum rubric_tunable_id id = tunable_by_name(key);
		if (id == TUN_COUNT)
			return yfail(&L->d, v, L->err, "unknown scoring setting '%s'", key ? key : "?");
		const struct rubric_tunable_spec *t = &tunable_specs[id];
		double value;
		if (ynumber(&L->d, v, key, &value, L->err))
			return -1;
		/* written so that NaN is refused too */
		if (!(value >= t->min && value <= t->max))
			return yfail(&L->d, v, L->err,
				     "scoring setting '%s' is %g, outside its bounds %g..%g", key,
				     value, t->min, t->max);
		L->r->tunables[id] = value;
	}
	return 0;
}

static int load_wording(struct loader *L, yaml_node_t *map)
{
	if (!map)
		return yfail(&L->d, ydoc_root(&L->d), L->err, "the rubric has no 'wording'");
	if (map->type != YAML_MAPPING_NODE)
		return yfail(&L->d, map, L->err, "wording must be a mapping of keys to text");
	size_t n = ymap_len(map);
	L->r->wordings = arena_alloc(&L->r->arena, (n ? n : 1) * sizeof *L->r->wordings);
	if (!L->r->wordings)
		return yfail(&L->d, map, L->err, "out of memory");
	for (size_t k = 0; k < n; k++) {
		yaml_node_t *v;
		const char *key = ymap_key_at(&L->d, map, k, &v);
		const char *text = yscalar(v);
		if (!key || !text)
			return yfail(&L->d, v, L->err, "wording: every entry must be key: text");
		L->r->wordings[k].key = arena_strdup(&L->r->arena, key);
		L->r->wordings[k].text = arena_strdup(&L->r->arena, text);
	}
	L->r->n_wordings = n;
	return 0;
}

static int load_dimensions(struct loader *L, yaml_node_t *map)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return yfail(&L->d, map ? map : ydoc_root(&L->d), L->err,
			     "the rubric needs 'dimensions', a mapping of the seven dimensions");
	for (size_t k = 0; k < ymap_len(map); k++) {
		yaml_node_t *v;
		const char *key = ymap_key_at(&L->d, map, k, &v);
		int d = dimension_from_id(key);
		if (d < 0)
			return yfail(&L->d, v, L->err, "unknown dimension '%s'", key ? key : "?");
		static const char *const keys[] = {"name", "categories", NULL};
		if (ycheck_keys(&L->d, v, keys, "a dimension", L->err))
			return -1;
		L->r->dim_names[d] = yreq_string(&L->d, &L->r->arena, v, "name", key, L->err);
		if (!L->r->dim_names[d] ||
		    load_categories(L, ymap_get(&L->d, v, "categories"), key, &L->r->dim_categories[d]))
			return -1;
	}
	for (int d = 0; d < DIM_COUNT; d++)
		if (!L->r->dim_names[d])
			return yfail(&L->d, map, L->err, "dimensions: '%s' is missing", dimension_ids[d]);
	return 0;
}

static int load_cues(struct loader *L, yaml_node_t *map)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return yfail(&L->d, map ? map : ydoc_root(&L->d), L->err,
			     "the rubric needs 'cues', a mapping of cue names");
	cue_mask seen = 0;
	for (size_t k = 0; k < ymap_len(map); k++) {
		yaml_node_t *v;
		const char *key = ymap_key_at(&L->d, map, k, &v);
		int c = 0;
		while (c < CUE_COUNT && (!key || strcmp(key, cue_names[c]) != 0))
			c++;
		if (c == CUE_COUNT)
			return yfail(&L->d, v, L->err, "unknown cue '%s'", key ? key : "?");
		static const char *const keys[] = {"patterns", "signals", "unless", "unless_signals",
						   NULL};
		if (ycheck_keys(&L->d, v, keys, "a cue", L->err))
			return -1;
		struct cue *cue = &L->r->cues[c];
		if (load_plist(L, ymap_get(&L->d, v, "patterns"), key, &cue->patterns) ||
		    load_plist(L, ymap_get(&L->d, v, "unless"), key, &cue->unless))
			return -1;
		const char *sig_keys[2] = {"signals", "unless_signals"};
		signal_mask *sig_masks[2] = {&cue->signals, &cue->unless_signals};
		for (int s = 0; s < 2; s++) {
			yaml_node_t *sn = ymap_get(&L->d, v, sig_keys[s]);
			if (!sn)
				continue;
			const char **items;
			long n = ystring_list(&L->d, &L->r->arena, sn, 1, sig_keys[s], &items, L->err);
			if (n < 0)
				return -1;
			for (long i = 0; i < n; i++) {
				int sig = 0;
				while (sig < SIG_COUNT && strcmp(items[i], signal_name(sig)) != 0)
					sig++;
				if (sig == SIG_COUNT)
					return yfail(&L->d, sn, L->err, "cue %s: unknown signal '%s'",
						     key, items[i]);
				*sig_masks[s] |= (signal_mask)1 << sig;
			}
		}
		if (!cue->patterns.n && !cue->signals)
			return yfail(&L->d, v, L->err, "cue %s needs patterns or signals", key);
		seen |= (cue_mask)1 << c;
	}
	for (int c = 0; c < CUE_COUNT; c++)
		if (!(seen & ((cue_mask)1 << c)))
			return yfail(&L->d, map, L->err, "cues: '%s' is missing", cue_names[c]);
	return 0;
}

static int valid_id(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '.'))
			return 0;
	return 1;
}

/* What a point and an answer share: an id of their own (a point's unique
 * among points, an answer's among points and answers), what it says, and
 * the rule that hears it. */
static int load_said_rule(struct loader *L, yaml_node_t *m, const char *const *keys,
			  const char *what, struct point *p)
{
	char a_what[32];
	snprintf(a_what, sizeof a_what, "a%s %s", what[0] == 'a' ? "n" : "", what);
	if (ycheck_keys(&L->d, m, keys, a_what, L->err))
		return -1;
	p->pub.id = yreq_string(&L->d, &L->r->arena, m, "id", a_what, L->err);
	if (!p->pub.id)
		return -1;
	if (!valid_id(p->pub.id))
		return yfail(&L->d, m, L->err, "%s id '%s' must be [a-z0-9_]", what, p->pub.id);
	int is_point = what[0] == 'p';
	if ((is_point ? rubric_find_point(L->r, p->pub.id) : rubric_find_cover(L->r, p->pub.id)) >= 0)
		return yfail(&L->d, m, L->err, is_point ? "point '%s' is defined twice"
							: "answer '%s' is defined twice, or is a point's id",
			     p->pub.id);
	p->pub.says = yreq_string(&L->d, &L->r->arena, m, "says", p->pub.id, L->err);
	return !p->pub.says || load_rule(L, m, p->pub.id, &p->rule) ? -1 : 0;
}

static int load_points(struct loader *L, yaml_node_t *seq)
{
	size_t n = yseq_len(seq);
	if (!n)
		return yfail(&L->d, seq ? seq : ydoc_root(&L->d), L->err,
			     "the rubric needs 'points', a list of knowledge points");
	L->r->points = arena_alloc(&L->r->arena, n * sizeof *L->r->points);
	if (!L->r->points)
		return yfail(&L->d, seq, L->err, "out of memory");
	static const char *const keys[] = {"id",     "says",     "dimension", "weight",
					   "any",    "all",      "unless",    "concepts",
					   "categories", NULL};
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *m = yseq_at(&L->d, seq, i);
		struct point *p = &L->r->points[i];
		if (load_said_rule(L, m, keys, "point", p) ||
		    load_dimension(L, m, p->pub.id, "dimension", &p->pub.dimension) ||
		    load_number(L, m, "weight", 1, 0.1, 5, p->pub.id, &p->pub.weight))
			return -1;
		L->r->n_points = i + 1;
	}
	return 0;
}

/* answers: what a candidate's sentence says when it answers a follow-up
 * question already (the playbook's covers: names one).  Listening only:
 * no dimension, no score. */
static int load_answers(struct loader *L, yaml_node_t *seq)
{
	size_t n = yseq_len(seq);
	if (!n)
		return 0;
	L->r->answers = arena_alloc(&L->r->arena, n * sizeof *L->r->answers);
	if (!L->r->answers)
		return yfail(&L->d, seq, L->err, "out of memory");
	static const char *const keys[] = {"id", "says", "any", "all", "unless", "concepts",
					   "categories", NULL};
	for (size_t i = 0; i < n; i++) {
		struct point *p = &L->r->answers[i];
		memset(p, 0, sizeof *p);
		if (load_said_rule(L, yseq_at(&L->d, seq, i), keys, "answer", p))
			return -1;
		L->r->n_answers = i + 1;
	}
	return 0;
}

/* A list of point ids (key of what) into *out, *n; none is an empty list. */
static int load_point_list(struct loader *L, yaml_node_t *node, const char *what,
			   const uint16_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!node)
		return 0;
	const char **items;
	long k = ystring_list(&L->d, &L->r->arena, node, 0, "a list of point ids", &items, L->err);
	if (k < 0)
		return -1;
	uint16_t *idx = arena_alloc(&L->r->arena, (size_t)(k ? k : 1) * sizeof *idx);
	if (!idx)
		return yfail(&L->d, node, L->err, "out of memory");
	for (long j = 0; j < k; j++) {
		int p = rubric_find_point(L->r, items[j]);
		if (p < 0)
			return yfail(&L->d, node, L->err, "%s names unknown point '%s'", what,
				     items[j]);
		idx[j] = (uint16_t)p;
	}
	*out = idx;
	*n = (size_t)k;
	return 0;
}

static int load_claims(struct loader *L, yaml_node_t *seq)
{
	size_t n = yseq_len(seq);
	if (!n)
		return yfail(&L->d, seq ? seq : ydoc_root(&L->d), L->err,
			     "the rubric needs 'wrong_claims', a list");
	L->r->claims = arena_alloc(&L->r->arena, n * sizeof *L->r->claims);
	if (!L->r->claims)
		return yfail(&L->d, seq, L->err, "out of memory");
	static const char *const keys[] = {"id",  "says", "dimension", "severity", "within",
					   "any", "all",  "unless",    "concepts", "categories",
					   "also", "unless_reply", "contradicted_by", NULL};
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *m = yseq_at(&L->d, seq, i);
		struct claim *c = &L->r->claims[i];
		if (ycheck_keys(&L->d, m, keys, "a wrong claim", L->err))
			return -1;
		c->pub.id = yreq_string(&L->d, &L->r->arena, m, "id", "a wrong claim", L->err);
		if (!c->pub.id)
			return -1;
		if (!valid_id(c->pub.id))
			return yfail(&L->d, m, L->err, "claim id '%s' must be [a-z0-9_]", c->pub.id);
		for (size_t k = 0; k < i; k++)
			if (strcmp(L->r->claims[k].pub.id, c->pub.id) == 0)
				return yfail(&L->d, m, L->err, "wrong claim '%s' is defined twice",
					     c->pub.id);
		double sev;
		c->pub.says = yreq_string(&L->d, &L->r->arena, m, "says", c->pub.id, L->err);
		if (!c->pub.says || load_dimension(L, m, c->pub.id, "dimension", &c->pub.dimension) ||
		    load_number(L, m, "severity", 2, 1, 3, c->pub.id, &sev) ||
		    load_dimension_list(L, ymap_get(&L->d, m, "also"), c->pub.id, &c->pub.also) ||
		    load_rule(L, m, c->pub.id, &c->rule) ||
		    load_plist(L, ymap_get(&L->d, m, "unless_reply"), c->pub.id,
			       &c->rule.unless_reply))
			return -1;
		c->pub.severity = (int)sev;
		if (load_point_list(L, ymap_get(&L->d, m, "contradicted_by"), c->pub.id,
				    &c->pub.contradicted_by, &c->pub.n_contradicted_by))
			return -1;
		const char *within = yscalar(ymap_get(&L->d, m, "within"));
		if (within && strcmp(within, "reply") == 0)
			c->pub.whole_reply = 1;
		else if (within && strcmp(within, "sentence") != 0)
			return yfail(&L->d, m, L->err, "%s: 'within' must be sentence or reply",
				     c->pub.id);
		L->r->n_claims = i + 1;
	}
	return 0;
}

static int load_topics(struct loader *L, yaml_node_t *seq)
{
	size_t n = yseq_len(seq);
	if (!n)
		return yfail(&L->d, seq ? seq : ydoc_root(&L->d), L->err,
			     "the rubric needs 'topics', a list");
	L->r->topics = arena_alloc(&L->r->arena, n * sizeof *L->r->topics);
	if (!L->r->topics)
		return yfail(&L->d, seq, L->err, "out of memory");
	static const char *const keys[] = {"id", "title", "informs", "prompts", "expects", NULL};
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *m = yseq_at(&L->d, seq, i);
		struct rubric_topic *t = &L->r->topics[i];
		if (ycheck_keys(&L->d, m, keys, "a topic", L->err))
			return -1;
		t->id = yreq_string(&L->d, &L->r->arena, m, "id", "a topic", L->err);
		if (!t->id)
			return -1;
		if (rubric_find_topic(L->r, t->id))
			return yfail(&L->d, m, L->err, "topic '%s' is listed twice", t->id);
		t->title = yreq_string(&L->d, &L->r->arena, m, "title", t->id, L->err);
		if (!t->title ||
		    load_dimension_list(L, ymap_get(&L->d, m, "informs"), t->id, &t->informs) ||
		    load_dimension_list(L, ymap_get(&L->d, m, "prompts"), t->id, &t->prompts))
			return -1;
		if (load_point_list(L, ymap_get(&L->d, m, "expects"), t->id, &t->expects,
				    &t->n_expects))
			return -1;
		L->r->n_topics = i + 1;
	}
	return 0;
}

struct rubric *rubric_parse(const struct text_source *src, const struct lexicon *lx,
			    struct iv_error *err)
{
	struct loader L = {0};
	L.err = err;
	L.r = calloc(1, sizeof *L.r);
	if (!L.r) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	L.r->lx = lx;
	if (ydoc_load(&L.d, src, err)) {
		free(L.r);
		return NULL;
	}
	yaml_node_t *root = ydoc_root(&L.d);
	static const char *const keys[] = {"version", "pattern_fillers", "scoring", "wording",
					   "dimensions", "cues", "points", "answers",
					   "wrong_claims", "topics", NULL};
	int bad = ycheck_keys(&L.d, root, keys, "the rubric", err);
	if (!bad) {
		L.r->version = yreq_string(&L.d, &L.r->arena, root, "version", "the rubric", err);
		bad = !L.r->version;
	}
	bad = bad || load_fillers(&L, ymap_get(&L.d, root, "pattern_fillers")) ||
	      load_scoring(&L, ymap_get(&L.d, root, "scoring")) ||
	      load_wording(&L, ymap_get(&L.d, root, "wording")) ||
	      load_dimensions(&L, ymap_get(&L.d, root, "dimensions")) ||
	      load_cues(&L, ymap_get(&L.d, root, "cues")) ||
	      load_points(&L, ymap_get(&L.d, root, "points")) ||
	      load_answers(&L, ymap_get(&L.d, root, "answers")) ||
	      load_claims(&L, ymap_get(&L.d, root, "wrong_claims")) ||
	      load_topics(&L, ymap_get(&L.d, root, "topics"));
	ydoc_release(&L.d);
	if (bad) {
		rubric_free(L.r);
		return NULL;
	}
	return L.r;
}

void rubric_free(struct rubric *r)
{
	if (!r)
		return;
	arena_free(&r->arena);
	free(r);
}

const char *rubric_version(const struct rubric *r)
{
	return r->version;
}

const struct lexicon *rubric_lexicon(const struct rubric *r)
{
	return r->lx;
}

const struct rubric_tunable_spec *rubric_tunable_spec(enum rubric_tunable_id id)
{
	return (unsigned)id < TUN_COUNT ? &tunable_specs[id] : NULL;
}

double rubric_tunable(const struct rubric *r, enum rubric_tunable_id id)
{
	assert((unsigned)id < TUN_COUNT);
	return r ? r->tunables[id] : tunable_specs[id].value;
}

const char *rubric_wording(const struct rubric *r, const char *key)
{
	for (size_t i = 0; i < r->n_wordings; i++)
		if (strcmp(r->wordings[i].key, key) == 0)
			return r->wordings[i].text;
	return "";
}

const char *rubric_dimension_name(const struct rubric *r, enum dimension d)
{
	return r->dim_names[d];
}

uint32_t rubric_dimension_categories(const struct rubric *r, enum dimension d)
{
	return r->dim_categories[d];
}

size_t rubric_point_count(const struct rubric *r)
{
	return r->n_points;
}

const struct rubric_point *rubric_point_at(const struct rubric *r, size_t i)
{
	return &r->points[i].pub;
}

int rubric_find_point(const struct rubric *r, const char *id)
{
	for (size_t i = 0; i < r->n_points; i++)
		if (strcmp(r->points[i].pub.id, id) == 0)
			return (int)i;
	return -1;
}

size_t rubric_claim_count(const struct rubric *r)
{
	return r->n_claims;
}

const struct rubric_claim *rubric_claim_at(const struct rubric *r, size_t i)
{
	return &r->claims[i].pub;
}

size_t rubric_topic_count(const struct rubric *r)
{
	return r->n_topics;
}

const struct rubric_topic *rubric_topic_at(const struct rubric *r, size_t i)
{
	return &r->topics[i];
}

const struct rubric_topic *rubric_find_topic(const struct rubric *r, const char *id)
{
	for (size_t i = 0; id && i < r->n_topics; i++)
		if (strcmp(r->topics[i].id, id) == 0)
			return &r->topics[i];
	return NULL;
}

/* ---- matching ---- */

static signal_mask signal_bits(const struct sentence_view *s)
{
	signal_mask bits = 0;
	if (!s->signals)
		return 0;
	for (int i = 0; i < SIG_COUNT; i++)
		if (s->signals[i])
			bits |= (signal_mask)1 << i;
	return bits;
}

static int cue_matches(const struct cue *cue, signal_mask sig, const struct sentence_view *s)
{
	int hit = (cue->signals & sig) || plist_any(&cue->patterns, s->words, s->n_words);
	return hit && !((cue->unless_signals & sig) || plist_any(&cue->unless, s->words, s->n_words));
}

cue_mask rubric_match_cues(const struct rubric *r, const struct sentence_view *s)
{
	cue_mask m = 0;
	signal_mask sig = signal_bits(s);
	for (int c = 0; c < CUE_COUNT; c++)
		if (cue_matches(&r->cues[c], sig, s))
			m |= (cue_mask)1 << c;
	return m;
}

static int rule_head_matches(const struct rule *rule, const struct sentence_view *s)
{
	if (plist_any(&rule->any, s->words, s->n_words))
		return 1;
	if (rule->categories & s->category_mask)
		return 1;
	for (size_t i = 0; i < rule->n_concepts; i++)
		for (size_t k = 0; k < s->n_concepts; k++)
			if (s->concepts && s->concepts[k] == rule->concepts[i])
				return 1;
	return 0;
}

static int rule_matches(const struct rule *rule, const struct sentence_view *s,
			const struct sentence_view *reply, size_t n_reply)
{
	if (!rule_head_matches(rule, s))
		return 0;
	if (plist_any(&rule->unless, s->words, s->n_words))
		return 0;
	for (size_t i = 0; i < rule->all.n; i++) {
		const struct pattern *p = &rule->all.items[i];
		int found = pattern_matches(p, s->words, s->n_words);
		for (size_t k = 0; !found && k < n_reply; k++)
			found = pattern_matches(p, reply[k].words, reply[k].n_words);
		if (!found)
			return 0;
	}
	return 1;
}

int rubric_point_matches(const struct rubric *r, size_t i, const struct sentence_view *s)
{
	return rule_matches(&r->points[i].rule, s, NULL, 0);
}

int rubric_find_cover(const struct rubric *r, const char *id)
{
	int p = rubric_find_point(r, id);
	if (p >= 0)
		return p;
	for (size_t i = 0; id && i < r->n_answers; i++)
		if (strcmp(r->answers[i].pub.id, id) == 0)
			return (int)(r->n_points + i);
	return -1;
}

int rubric_cover_matches(const struct rubric *r, size_t i, const struct sentence_view *s)
{
	if (i < r->n_points)
		return rule_matches(&r->points[i].rule, s, NULL, 0);
	i -= r->n_points;
	return i < r->n_answers && rule_matches(&r->answers[i].rule, s, NULL, 0);
}

/* How many opening words of s advise against what follows them ("never",
 * "you don't want to"), or 0: the prohibition cue's patterns tried on the
 * first words alone, its unless on the whole sentence. */
#define PROHIBITION_MAX_WORDS 6
static size_t prohibition_words(const struct rubric *r, const struct sentence_view *s)
{
	const struct cue *cue = &r->cues[CUE_PROHIBITION];
	for (size_t k = 1; k <= PROHIBITION_MAX_WORDS && k < s->n_words; k++)
		if (plist_any(&cue->patterns, s->words, k))
			return plist_any(&cue->unless, s->words, s->n_words) ? 0 : k;
	return 0;
}

int rubric_claim_in_subject(const struct rubric *r, size_t i, uint32_t informs,
			    const struct sentence_view *s)
{
	const struct rubric_claim *cl = &r->claims[i].pub;
	uint32_t dims = (1u << cl->dimension) | cl->also;
	if (informs & dims)
		return 1;
	for (int d = 0; d < DIM_COUNT; d++)
		if (((dims >> d) & 1u) && (rubric_dimension_categories(r, d) & s->category_mask))
			return 1;
	return 0;
}

int rubric_claim_matches(const struct rubric *r, size_t i, const struct sentence_view *s,
			 const struct sentence_view *reply, size_t n)
{
	const struct claim *c = &r->claims[i];
	/* a wrong practice after "never" or "don't" is warned against: when
	 * the claim's words match what follows the prohibition, and need its
	 * first clause, the sentence says the opposite of the claim ("never
	 * rename a column in one step").  A claim that needs the negation
	 * itself ("don't use CONCURRENTLY") does not match without it, and
	 * one told in a later clause ("don't use expand and contract, the
	 * tool handles renames") matches without the first */
	size_t skip = prohibition_words(r, s);
	if (skip) {
		struct sentence_view rest = *s, later = *s;
		rest.words += skip;
		rest.n_words -= skip;
		size_t first = skip;
		while (first < s->n_words && !s->words[first].pause_before)
			first++;
		later.words += first;
		later.n_words -= first;
		const struct sentence_view *other = c->pub.whole_reply ? reply : NULL;
		size_t n_other = c->pub.whole_reply ? n : 0;
		if (rule_matches(&c->rule, &rest, other, n_other) &&
		    !(later.n_words && rule_matches(&c->rule, &later, other, n_other)))
			return 0;
	}
	/* a wrong practice the candidate found, inherited or fixed ("we found the
	 * old panel stored unsalted MD5") is a story, not their claim; a wrong
	 * idea named to be rejected ("people think JWTs are encrypted, but")
	 * is not theirs either */
	if (!rule_matches(&c->rule, s, c->pub.whole_reply ? reply : NULL, c->pub.whole_reply ? n : 0))
		return 0;
	/* the right practice named anywhere in the same answer: the words that
	 * matched are about something else, or a story of fixing it */
	for (size_t k = 0; k < n; k++)
		if (plist_any(&c->rule.unless_reply, reply[k].words, reply[k].n_words))
			return 0;
	return !cue_matches(&r->cues[CUE_REPORTED], signal_bits(s), s) &&
	       !cue_matches(&r->cues[CUE_DISAVOWED], signal_bits(s), s);
}

double rubric_career_years(const struct rubric *r, const struct sentence_view *s)
{
	double most = -1;
	for (size_t at = 0; at < s->n_words;) {
		struct sentence_view clause = {.words = s->words + at, .terminator = s->terminator};
		clause.n_words = career_clause(clause.words, s->n_words - at);
		if (!clause.n_words)
			break;
		at += clause.n_words;
		if (r && (rubric_match_cues(r, &clause) & ((cue_mask)1 << CUE_CAREER_ELSEWHERE)))
			continue;
		double years = career_years(clause.words, clause.n_words);
		if (years > most)
			most = years;
	}
	return most;
}
