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
 */
#include "evaluate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#include "interview_enums.h"
#include "understand.h"

#define CUE(c) ((cue_mask)1 << (c))

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
	double credit;        /* how much its points count: 1 said plainly ... 0 */
	uint8_t excluded;     /* an instruction to the evaluator or a request for code */
	uint8_t question;     /* ends with '?' */
};

struct turn_info {
	size_t first_sent, n_sents;
	const struct rubric_topic *topic;
	uint32_t prompts; /* dimensions the interviewer asked about in this turn */
	int closing;
	int replied;
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
	double *best_credit; /* per point: the best credit any sentence gave it */
	int senior_evidence; /* numbers from real systems and few admitted gaps */
	int oom;
};

static double T(const struct ctx *c, const char *name)
{
	return rubric_tunable(c->rb, name);
}

static int has(const struct sent *s, enum cue_id c)
{
	return (s->cues & CUE(c)) != 0;
}

/* ---- checking the transcript ---- */

static int blank(const char *s)
{
	if (!s)
		return 1;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

int evaluate_check_transcript(const struct transcript *tr, struct iv_error *err)
{
	if (!tr) {
		iv_error_set(err, "no transcript");
		return -1;
	}
	if (tr->n_turns == 0) {
		iv_error_set(err, "the transcript has no turns: nothing to judge");
		return -1;
	}
	int replies = 0;
	for (size_t i = 0; i < tr->n_turns; i++) {
		const struct transcript_turn *t = &tr->turns[i];
		int expect = (int)i + 1;
		if (t->turn != expect) {
			if (t->turn > expect)
				iv_error_set(err,
					     "the transcript is truncated: turn %d is missing "
					     "(found turn %d next)",
					     expect, t->turn);
			else
				iv_error_set(err, "the transcript is malformed: turn %d appears "
						  "after turn %d",
					     t->turn, expect - 1);
			return -1;
		}
		if (blank(t->phase) || phase_from_name(t->phase) < 0) {
			iv_error_set(err, "the transcript is malformed: turn %d has no valid phase",
				     t->turn);
			return -1;
		}
		if (blank(t->topic)) {
			iv_error_set(err, "the transcript is malformed: turn %d has no topic", t->turn);
			return -1;
		}
		if (t->candidate_text && !text_is_valid_utf8(t->candidate_text,
							     strlen(t->candidate_text))) {
			iv_error_set(err, "the transcript is malformed: the reply to turn %d is "
					  "not valid UTF-8",
				     t->turn);
			return -1;
		}
		replies += !blank(t->candidate_text);
	}
	if (!replies) {
		iv_error_set(err, "the transcript has no candidate replies (%zu interviewer turns, "
				  "no answers): nothing to judge",
			     tr->n_turns);
		return -1;
	}
	return 0;
}

/* ---- pass 1: reading ---- */

static uint32_t act_prompts(uint32_t acts)
{
	uint32_t p = 0;
	if (acts & (1u << ACT_PROBE_TRADEOFF))
		p |= 1u << DIM_TRADEOFF_ANALYSIS;
	if (acts & (1u << ACT_PROBE_SCALE))
		p |= 1u << DIM_SCALABILITY;
	if (acts & (1u << ACT_SECURITY_PROBE))
		p |= 1u << DIM_SECURITY;
	return p;
}

/* A clause boundary: a comma between word i and word i + 1. */
static int comma_after(const char *text, const struct text_word *w, size_t i)
{
	for (uint32_t b = w[i].end; b < w[i + 1].start; b++)
		if (text[b] == ',')
			return 1;
	return 0;
}

struct chunk {
	size_t first, n;   /* words */
	uint32_t start, end;
	char terminator;
};

/* Cuts sentence s into chunks of at most max_words words, at commas where it can. */
static size_t chunk_sentence(const char *text, const struct text_words *tw, size_t s,
			     size_t max_words, struct chunk *out, size_t cap)
{
	const struct text_sentence *se = &tw->sentences[s];
	if (se->n_words <= max_words) {
		out[0] = (struct chunk){se->first_word, se->n_words, se->start, se->end,
					se->terminator};
		return 1;
	}
	size_t n = 0, at = se->first_word, stop = se->first_word + se->n_words;
	while (at < stop && n < cap) {
		size_t len = stop - at;
		if (len > max_words) {
			size_t cut = 0;
			for (size_t k = max_words; k >= max_words / 3 && !cut; k--)
				if (comma_after(text, tw->words, at + k - 1))
					cut = k;
			len = cut ? cut : max_words;
		}
		int last = at + len == stop;
		out[n].first = at;
		out[n].n = len;
		out[n].start = tw->words[at].start;
		out[n].end = last ? se->end : tw->words[at + len - 1].end;
		out[n].terminator = last ? se->terminator : 0;
		n++;
		at += len;
	}
	return n;
}

static void add_point_hit(struct ctx *c, uint16_t p)
{
	if (array_grow((void **)&c->point_hits, &c->cap_point_hits, c->n_point_hits + 1,
		 sizeof *c->point_hits)) {
		c->oom = 1;
		return;
	}
	c->point_hits[c->n_point_hits++] = p;
}

static void add_claim_hit(struct ctx *c, uint16_t k)
{
	if (array_grow((void **)&c->claim_hits, &c->cap_claim_hits, c->n_claim_hits + 1,
		 sizeof *c->claim_hits)) {
		c->oom = 1;
		return;
	}
	c->claim_hits[c->n_claim_hits++] = k;
}

/* How much the points of a sentence count, from how it is said. */
static double sentence_credit(const struct sent *s)
{
	double credit = 1.0;
	if (has(s, CUE_DONT_KNOW) || has(s, CUE_GAP))
		credit = 0.25;
	else if (has(s, CUE_THEORY) || has(s, CUE_PERSONAL))
		credit = 0.6;
	if (has(s, CUE_DEFLECTION) || has(s, CUE_DISMISSAL))
		credit = 0;
	/* a list of names with no reason, number or consequence is name-dropping */
	cue_mask substance = CUE(CUE_REASONING) | CUE(CUE_TRADEOFF) | CUE(CUE_MEASURE) |
			     CUE(CUE_EDGE) | CUE(CUE_MITIGATION);
	if (s->n_points + s->n_concepts >= 3 && !(s->cues & substance))
		credit *= 0.5;
	return credit;
}

static int read_turn(struct ctx *c, size_t ti, struct text_words *tw)
{
	const struct transcript_turn *t = &c->tr->turns[ti];
	struct turn_info *info = &c->turns[ti];
	info->first_sent = c->n_sents;
	info->topic = rubric_find_topic(c->rb, t->topic);
	info->prompts = act_prompts(t->acts) | (info->topic ? info->topic->prompts : 0);
	if (strncmp(t->topic, "security.", 9) == 0)
		info->prompts |= 1u << DIM_SECURITY;
	info->closing = strcmp(t->phase, "closing") == 0;
	if (blank(t->candidate_text))
		return 0;
	info->replied = 1;
	const char *text = t->candidate_text;
	if (text_split(text, tw))
		return -1;

	size_t max_words = (size_t)T(c, "quote_max_words");
	if (max_words < 8)
		max_words = 8;
	/* every chunk of the reply, analysed */
	size_t n_chunks = 0, cap_chunks = 0;
	struct chunk *chunks = NULL;
	for (size_t s = 0; s < tw->n_sentences; s++) {
		if (!tw->sentences[s].n_words)
			continue;
		size_t need = tw->sentences[s].n_words / (max_words / 3) + 2;
		if (array_grow((void **)&chunks, &cap_chunks, n_chunks + need, sizeof *chunks)) {
			free(chunks);
			return -1;
		}
		n_chunks += chunk_sentence(text, tw, s, max_words, chunks + n_chunks, need);
	}
	struct utterance_analysis *ua = calloc(n_chunks ? n_chunks : 1, sizeof *ua);
	struct sentence_view *views = calloc(n_chunks ? n_chunks : 1, sizeof *views);
	if (!ua || !views) {
		free(chunks);
		free(ua);
		free(views);
		return -1;
	}
	for (size_t k = 0; k < n_chunks; k++) {
		struct sentence_view *v = &views[k];
		v->words = tw->words + chunks[k].first;
		v->n_words = chunks[k].n;
		v->terminator = chunks[k].terminator;
		if (c->lx) {
			understand_words(c->lx, v->words, v->n_words, &ua[k]);
			v->concepts = ua[k].concepts;
			v->n_concepts = ua[k].n_concepts;
			v->category_mask = ua[k].category_mask;
			v->signals = ua[k].signals;
		}
	}
	for (size_t k = 0; k < n_chunks && !c->oom; k++) {
		if (array_grow((void **)&c->sents, &c->cap_sents, c->n_sents + 1, sizeof *c->sents)) {
			c->oom = 1;
			break;
		}
		struct sent *s = &c->sents[c->n_sents++];
		memset(s, 0, sizeof *s);
		s->turn = ti;
		s->start = chunks[k].start;
		s->end = chunks[k].end;
		s->n_words = (uint16_t)(views[k].n_words > 65535 ? 65535 : views[k].n_words);
		s->n_concepts = (uint16_t)views[k].n_concepts;
		s->question = views[k].terminator == '?';
		s->cues = rubric_match_cues(c->rb, &views[k]);
		s->excluded = has(s, CUE_INSTRUCTION) || has(s, CUE_CODE_REQUEST);
		s->first_point = c->n_point_hits;
		s->first_claim = c->n_claim_hits;
		s->dims = info->topic ? info->topic->informs : 0;
		if (s->excluded)
			continue;
		for (size_t p = 0; p < rubric_point_count(c->rb); p++)
			if (rubric_point_matches(c->rb, p, &views[k])) {
				add_point_hit(c, (uint16_t)p);
				s->point_dims |= 1u << rubric_point_at(c->rb, p)->dimension;
			}
		s->n_points = c->n_point_hits - s->first_point;
		for (size_t q = 0; q < rubric_claim_count(c->rb); q++)
			if (rubric_claim_matches(c->rb, q, &views[k], views, n_chunks)) {
				add_claim_hit(c, (uint16_t)q);
				s->dims |= 1u << rubric_claim_at(c->rb, q)->dimension;
				s->dims |= rubric_claim_at(c->rb, q)->also;
			}
		s->n_claims = c->n_claim_hits - s->first_claim;
		for (int d = 0; d < DIM_COUNT; d++)
			if (rubric_dimension_categories(c->rb, d) & views[k].category_mask)
				s->dims |= 1u << d;
		s->dims |= s->point_dims;
		s->credit = sentence_credit(s);
		for (size_t p = 0; p < s->n_points; p++) {
			uint16_t idx = c->point_hits[s->first_point + p];
			if (s->credit > c->best_credit[idx])
				c->best_credit[idx] = s->credit;
		}
	}
	info->n_sents = c->n_sents - info->first_sent;
	free(chunks);
	free(ua);
	free(views);
	return c->oom ? -1 : 0;
}

/* Senior-level evidence across the interview: claims backed by numbers from
 * real systems in a good share of the answers, and few admitted gaps.  A
 * score of 4 and the senior level need it. */
static int senior_evidence(const struct ctx *c)
{
	int replies = 0, measured = 0, gaps = 0;
	for (size_t ti = 0; ti < c->tr->n_turns; ti++)
		replies += c->turns[ti].replied && !c->turns[ti].closing;
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (s->excluded || c->turns[s->turn].closing)
			continue;
		if (has(s, CUE_MEASURE) && !has(s, CUE_DONT_KNOW) && !has(s, CUE_PERSONAL))
			measured++;
		if (has(s, CUE_GAP) || has(s, CUE_DONT_KNOW))
			gaps++;
	}
	c->sc->stats.replies = replies;
	c->sc->stats.measured = measured;
	c->sc->stats.gaps = gaps;
	if (!replies)
		return 0;
	return (double)measured / replies >= T(c, "senior_measure_rate") &&
	       (double)gaps / replies <= T(c, "senior_gap_rate");
}

/* ---- evidence ---- */

struct candidate {
	size_t sent;
	double strength;
	int against;
	int prompted;
	const char *note;
};

static int cmp_candidate(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	if (x->against != y->against)
		return y->against - x->against;
	if (x->strength != y->strength)
		return x->strength < y->strength ? 1 : -1;
	return x->sent < y->sent ? -1 : x->sent > y->sent ? 1 : 0;
}

static int cmp_evidence_turn(const void *a, const void *b)
{
	const struct evidence *x = a, *y = b;
	if (x->turn != y->turn)
		return x->turn - y->turn;
	return strcmp(x->quote, y->quote);
}

struct pool {
	struct candidate *items;
	size_t n, cap;
	int oom;
};

static void pool_add(struct pool *p, size_t sent, double strength, int against, int prompted,
		     const char *note)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->items[i].sent == sent) {
			if (strength > p->items[i].strength && against == p->items[i].against) {
				p->items[i].strength = strength;
				p->items[i].note = note;
			}
			return;
		}
	if (array_grow((void **)&p->items, &p->cap, p->n + 1, sizeof *p->items)) {
		p->oom = 1;
		return;
	}
	p->items[p->n++] = (struct candidate){sent, strength, against, prompted, note};
}

static const char *quote_of(struct ctx *c, const struct sent *s)
{
	const char *text = c->tr->turns[s->turn].candidate_text;
	size_t len = s->end - s->start;
	char *q = arena_alloc(&c->sc->arena, len + 1);
	if (!q) {
		c->oom = 1;
		return "";
	}
	memcpy(q, text + s->start, len);
	q[len] = '\0';
	return q;
}

/* Takes the strongest max items of the pool as evidence, in turn order. */
static struct evidence_list pool_take(struct ctx *c, struct pool *p, size_t max)
{
	struct evidence_list l = {0};
	if (p->oom)
		c->oom = 1;
	if (!p->n)
		return l;
	qsort(p->items, p->n, sizeof *p->items, cmp_candidate);
	size_t n = p->n < max ? p->n : max;
	l.items = arena_alloc(&c->sc->arena, n * sizeof *l.items);
	if (!l.items) {
		c->oom = 1;
		return l;
	}
	double low = T(c, "low_confidence_below");
	for (size_t i = 0; i < n; i++) {
		const struct sent *s = &c->sents[p->items[i].sent];
		const struct transcript_turn *t = &c->tr->turns[s->turn];
		l.items[i] = (struct evidence){
			.turn = t->turn,
			.quote = quote_of(c, s),
			.prompted = p->items[i].prompted,
			.low_confidence = t->reply_confidence < low,
			.against = p->items[i].against,
			.note = p->items[i].note,
		};
	}
	l.n = n;
	qsort(l.items, l.n, sizeof *l.items, cmp_evidence_turn);
	return l;
}

static void pool_release(struct pool *p)
{
	free(p->items);
	memset(p, 0, sizeof *p);
}

static int prompted_for(const struct ctx *c, const struct sent *s, enum dimension d)
{
	return (c->turns[s->turn].prompts >> d) & 1u;
}

static const char *W(const struct ctx *c, const char *key)
{
	return rubric_wording(c->rb, key);
}

/* The first point of dimension d that sentence s covers, or -1. */
static int first_point_of(const struct ctx *c, const struct sent *s, int d)
{
	for (size_t i = 0; i < s->n_points; i++) {
		uint16_t p = c->point_hits[s->first_point + i];
		if (d < 0 || (int)rubric_point_at(c->rb, p)->dimension == d)
			return p;
	}
	return -1;
}

static size_t points_of(const struct ctx *c, const struct sent *s, int d)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n_points; i++)
		if ((int)rubric_point_at(c->rb, c->point_hits[s->first_point + i])->dimension == d)
			n++;
	return n;
}

/* ---- sentence classes the judgements share ---- */

static int substantive(const struct sent *s)
{
	if (s->excluded || has(s, CUE_DONT_KNOW) || has(s, CUE_GAP) || has(s, CUE_CARGO_CULT) ||
	    has(s, CUE_VAGUE) || has(s, CUE_DEFLECTION) || has(s, CUE_DISMISSAL))
		return 0;
	if (!(s->n_points || s->n_concepts))
		return 0;
	return has(s, CUE_REASONING) || has(s, CUE_TRADEOFF) || has(s, CUE_MEASURE) ||
	       (has(s, CUE_EDGE) && has(s, CUE_MITIGATION));
}

static int practice(const struct sent *s)
{
	return !s->excluded && has(s, CUE_PRACTICE) && !has(s, CUE_PERSONAL) &&
	       !has(s, CUE_THEORY) && !has(s, CUE_GAP) && !has(s, CUE_DONT_KNOW);
}

/* First-hand work with something concrete in it: a number, a point, a reason. */
static int concrete_practice(const struct sent *s)
{
	return practice(s) && !has(s, CUE_BLAME) && !has(s, CUE_DEFLECTION) &&
	       (has(s, CUE_MEASURE) || (s->n_points && has(s, CUE_REASONING)) || s->n_points >= 2);
}

static int positive_tradeoff(const struct sent *s)
{
	return !s->excluded && has(s, CUE_TRADEOFF) && !has(s, CUE_NO_TRADEOFF) &&
	       !has(s, CUE_DONT_KNOW) && !has(s, CUE_GAP) && !has(s, CUE_DISMISSAL) &&
	       !has(s, CUE_CARGO_CULT) && !has(s, CUE_VAGUE);
}

static int negative_tradeoff(const struct sent *s)
{
	return !s->excluded &&
	       (has(s, CUE_NO_TRADEOFF) ||
		(has(s, CUE_TRADEOFF) && (has(s, CUE_DONT_KNOW) || has(s, CUE_GAP))));
}

/* A sentence that engages with the question: a reason, a number, a failure
 * handled, a trade-off or a rubric point, without waving it away. */
static int engages(const struct sent *s)
{
	if (s->excluded || has(s, CUE_CARGO_CULT) || has(s, CUE_DEFLECTION) ||
	    has(s, CUE_DISMISSAL) || has(s, CUE_NO_TRADEOFF) || has(s, CUE_VAGUE) ||
	    has(s, CUE_DONT_KNOW))
		return 0;
	return s->n_points || has(s, CUE_REASONING) || has(s, CUE_MEASURE) || has(s, CUE_EDGE) ||
	       has(s, CUE_MITIGATION) || has(s, CUE_TRADEOFF);
}

static int against_cue(const struct sent *s)
{
	return !s->excluded && (has(s, CUE_DEFLECTION) || has(s, CUE_DISMISSAL));
}

/* ---- pass 2: dimensions ---- */

struct dim_features {
	double coverage;
	int relevant, depth, practice, theory, gaps, topics;
	double against; /* deflection, dismissal, blame: lowers the value */
	double wrong;   /* wrong claims by severity: lowers the value and caps the score */
};

static double clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* The best credit point p got in the turns of topic t, or in any turn before
 * t was first asked (a point raised early counts for the question). */
static double topic_point_credit(const struct ctx *c, const struct rubric_topic *t, uint16_t p)
{
	int asked = -1;
	double best = 0;
	for (size_t ti = 0; ti < c->tr->n_turns; ti++)
		if (c->turns[ti].topic == t && asked < 0)
			asked = (int)ti;
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (c->turns[s->turn].topic != t && (int)s->turn >= asked)
			continue;
		for (size_t j = 0; j < s->n_points; j++)
			if (c->point_hits[s->first_point + j] == p && s->credit > best)
				best = s->credit;
	}
	return best;
}

/* How completely the answers on each asked topic informing d covered the
 * rubric's expected points of dimension d, averaged over those topics; -1
 * when no asked topic expects a point of d. */
static double topic_coverage(const struct ctx *c, int d, int *n_topics)
{
	double sum = 0;
	int n = 0;
	*n_topics = 0;
	for (size_t ti = 0; ti < c->tr->n_turns; ti++) {
		const struct rubric_topic *t = c->turns[ti].topic;
		int first = 1;
		for (size_t k = 0; k < ti && first; k++)
			first = c->turns[k].topic != t;
		if (!t || !first || !((t->informs >> d) & 1u))
			continue;
		int replied = 0;
		for (size_t k = ti; k < c->tr->n_turns; k++)
			replied |= c->turns[k].topic == t && c->turns[k].replied;
		if (!replied)
			continue;
		(*n_topics)++;
		double want = 0, got = 0;
		for (size_t e = 0; e < t->n_expects; e++) {
			const struct rubric_point *pt = rubric_point_at(c->rb, t->expects[e]);
			if ((int)pt->dimension != d)
				continue;
			want += pt->weight;
			got += pt->weight * topic_point_credit(c, t, t->expects[e]);
		}
		if (want > 0) {
			sum += clamp01(got / (want * T(c, "topic_complete_share")));
			n++;
		}
	}
	return n ? sum / n : -1;
}

static void domain_features(struct ctx *c, int d, struct dim_features *f)
{
	memset(f, 0, sizeof *f);
	f->coverage = topic_coverage(c, d, &f->topics);
	if (f->coverage < 0) {
		/* no question on it expected anything: what was raised anyway counts */
		double extra = 0;
		for (size_t p = 0; p < rubric_point_count(c->rb); p++)
			if ((int)rubric_point_at(c->rb, p)->dimension == d)
				extra += rubric_point_at(c->rb, p)->weight * c->best_credit[p];
		f->coverage = extra > 0 ? clamp01(extra / T(c, "unexpected_points_full")) : -1;
	}
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (s->excluded || !((s->dims >> d) & 1u))
			continue;
		f->relevant++;
		if (substantive(s))
			f->depth++;
		if (practice(s))
			f->practice++;
		if (has(s, CUE_THEORY) || has(s, CUE_PERSONAL) || has(s, CUE_GAP) ||
		    has(s, CUE_DONT_KNOW))
			f->theory++;
		if ((has(s, CUE_GAP) || has(s, CUE_DONT_KNOW)) && !c->turns[s->turn].closing)
			f->gaps++;
		if (against_cue(s))
			f->against += d == DIM_SECURITY ? 1.0 : 0.5;
	}
	for (size_t k = 0; k < c->n_claim_hits; k++) {
		const struct rubric_claim *cl = rubric_claim_at(c->rb, c->claim_hits[k]);
		if ((int)cl->dimension == d)
			f->wrong += cl->severity;
		else if ((cl->also >> d) & 1u)
			f->wrong += cl->severity * T(c, "claim_also_share");
	}
}

static int score_from(const struct ctx *c, double q)
{
	if (q >= T(c, "score4_min"))
		return 4;
	if (q >= T(c, "score3_min"))
		return 3;
	if (q >= T(c, "score2_min"))
		return 2;
	return 1;
}

static void finish_dimension(struct ctx *c, int d, const struct dim_features *f, double coverage,
			     double depth_share, double practice_share)
{
	struct dimension_result *r = &c->sc->dimensions[d];
	double gap_rate = f->topics ? (double)f->gaps / f->topics : 0;
	double q = T(c, "weight_coverage") * coverage + T(c, "weight_depth") * depth_share +
		   T(c, "weight_practice") * practice_share - T(c, "weight_gaps") * gap_rate -
		   T(c, "weight_against") * (f->against + f->wrong);
	q = clamp01(q);
	int score = score_from(c, q);
	double value = 1.0 + 3.0 * q;
	/* knowledge from study alone is basic, however complete */
	if (f->practice < T(c, "practice_for_3") && f->theory > 0 && score > 2)
		score = 2;
	if (!c->senior_evidence && score > 3)
		score = 3;
	/* wrong claims cap the score: correctness counts */
	if (f->wrong >= T(c, "wrong_cap_1"))
		score = 1;
	else if (f->wrong >= T(c, "wrong_cap_2") && score > 2)
		score = 2;
	if (value > score + 0.49)
		value = score + 0.49;
	if (value < score - 0.5)
		value = score - 0.5;
	r->touched = 1;
	r->score = score;
	r->value = value;
	r->coverage = coverage;
	r->n_practice = f->practice;
	r->n_depth = f->depth;
	r->n_relevant = f->relevant;
	r->n_theory = f->theory;
	r->against = f->against + f->wrong;
}

static void judge_domain(struct ctx *c, int d)
{
	struct dim_features f;
	domain_features(c, d, &f);
	/* touched: a question on it was answered, or a point or wrong claim of it
	 * came up; a word of its vocabulary alone does not make it discussed */
	if (!f.topics && f.coverage < 0 && f.wrong <= 0)
		return;
	double rel = f.relevant ? f.relevant : 1;
	finish_dimension(c, d, &f, f.coverage < 0 ? 0 : f.coverage,
			 clamp01(f.depth / rel / T(c, "depth_share_full")),
			 clamp01(f.practice / rel / T(c, "practice_share_full")));
}

/* Turns in which the candidate weighed a trade-off, and those in which they
 * saw none (or a trade-off probe got no trade-off back). */
static void tradeoff_turns(const struct ctx *c, int *pos, int *neg)
{
	*pos = *neg = 0;
	for (size_t ti = 0; ti < c->tr->n_turns; ti++) {
		const struct turn_info *info = &c->turns[ti];
		if (!info->replied || info->closing)
			continue;
		int p = 0, n = 0, substance = 0;
		for (size_t i = info->first_sent; i < info->first_sent + info->n_sents; i++) {
			p += positive_tradeoff(&c->sents[i]);
			n += negative_tradeoff(&c->sents[i]);
			substance += engages(&c->sents[i]);
		}
		/* a trade-off probe answered with nothing of substance is evasion */
		if ((c->tr->turns[ti].acts >> ACT_PROBE_TRADEOFF) & 1u && !substance)
			n++;
		if (p)
			(*pos)++;
		else if (n)
			(*neg)++;
	}
}

static void judge_tradeoffs(struct ctx *c)
{
	struct dim_features f;
	memset(&f, 0, sizeof f);
	int pos, neg, asked = 0, dismissals = 0;
	tradeoff_turns(c, &pos, &neg);
	for (size_t ti = 0; ti < c->tr->n_turns; ti++)
		asked |= c->turns[ti].replied &&
			 (((c->tr->turns[ti].acts >> ACT_PROBE_TRADEOFF) & 1u) ||
			  (c->turns[ti].topic &&
			   ((c->turns[ti].topic->informs >> DIM_TRADEOFF_ANALYSIS) & 1u)));
	c->sc->stats.tradeoff_turns = pos;
	c->sc->stats.no_tradeoff_turns = neg;
	if (!pos && !neg && !asked)
		return;
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (positive_tradeoff(s)) {
			f.relevant++;
			if (has(s, CUE_REASONING) || has(s, CUE_MEASURE) || s->n_points)
				f.depth++;
			if (practice(s))
				f.practice++;
		} else if (negative_tradeoff(s)) {
			f.relevant++;
			f.against += T(c, "no_tradeoff_weight");
		}
		if (has(s, CUE_TRADEOFF) && (has(s, CUE_THEORY) || has(s, CUE_PERSONAL)))
			f.theory++;
		/* waving away a concern is a trade-off weighed badly */
		if (!s->excluded && has(s, CUE_DISMISSAL))
			dismissals++;
	}
	f.against += fmin(dismissals * T(c, "dismissal_tradeoff_weight"),
			  T(c, "dismissal_tradeoff_cap"));
	double share = pos + neg ? (double)pos / (pos + neg) : 0;
	double coverage = share * clamp01(pos / T(c, "tradeoff_turns_full"));
	double rel = f.relevant ? f.relevant : 1;
	finish_dimension(c, DIM_TRADEOFF_ANALYSIS, &f, coverage,
			 clamp01(f.depth / rel / T(c, "depth_share_full")),
			 clamp01(f.practice / rel / T(c, "practice_share_full")));
}

static void judge_production(struct ctx *c)
{
	struct dim_features f;
	memset(&f, 0, sizeof f);
	int concrete = 0, any = 0;
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (s->excluded)
			continue;
		int rel = (s->dims >> DIM_PRODUCTION_EXPERIENCE) & 1u;
		any |= rel;
		if (concrete_practice(s))
			concrete++;
		if (!rel && !practice(s))
			continue;
		f.relevant++;
		if (practice(s))
			f.practice++;
		if (practice(s) && (has(s, CUE_MEASURE) || has(s, CUE_LEARNING) ||
				    has(s, CUE_OWNERSHIP) || (has(s, CUE_EDGE) && has(s, CUE_MITIGATION))))
			f.depth++;
		if (has(s, CUE_THEORY) || has(s, CUE_PERSONAL) || has(s, CUE_GAP))
			f.theory++;
		if (has(s, CUE_BLAME))
			f.against += T(c, "blame_weight");
		else if (has(s, CUE_DEFLECTION))
			f.against += T(c, "deflection_weight");
	}
	if (!any && !f.practice)
		return;
	double coverage = clamp01(concrete / T(c, "concrete_full"));
	double rel = f.relevant ? f.relevant : 1;
	finish_dimension(c, DIM_PRODUCTION_EXPERIENCE, &f, coverage,
			 clamp01(f.depth / rel / T(c, "depth_share_full")),
			 clamp01(f.practice / rel / T(c, "practice_share_full")));
}

/* Security awareness is critical (the brief): a design that ignores it is
 * not strong architecture, API design or trade-off analysis, however good
 * the rest. */
static void security_caps(struct ctx *c)
{
	const struct dimension_result *sec = &c->sc->dimensions[DIM_SECURITY];
	static const enum dimension capped[] = {DIM_ARCHITECTURE, DIM_API_DESIGN,
						DIM_TRADEOFF_ANALYSIS};
	if (!sec->touched || sec->score > 1)
		return;
	for (size_t i = 0; i < sizeof capped / sizeof capped[0]; i++) {
		struct dimension_result *r = &c->sc->dimensions[capped[i]];
		if (r->touched && r->score > 3) {
			r->score = 3;
			if (r->value > 3.49)
				r->value = 3.49;
		}
	}
}

/* ---- evidence and summaries of dimensions ---- */

static void dimension_evidence(struct ctx *c, int d)
{
	struct dimension_result *r = &c->sc->dimensions[d];
	struct pool p = {0};
	for (size_t k = 0; k < c->n_sents; k++) {
		const struct sent *s = &c->sents[k];
		if (s->excluded)
			continue;
		int prompted = prompted_for(c, s, d);
		for (size_t j = 0; j < s->n_claims; j++) {
			const struct rubric_claim *cl =
				rubric_claim_at(c->rb, c->claim_hits[s->first_claim + j]);
			if ((int)cl->dimension == d || ((cl->also >> d) & 1u))
				pool_add(&p, k, 10 + cl->severity, 1, prompted, cl->says);
		}
		if (d == DIM_TRADEOFF_ANALYSIS) {
			if (positive_tradeoff(s))
				pool_add(&p, k, 1 + has(s, CUE_REASONING) + has(s, CUE_MEASURE) +
							(double)s->n_points * 0.2,
					 0, prompted, W(c, "note_tradeoff"));
			else if (negative_tradeoff(s))
				pool_add(&p, k, 5, 1, prompted, W(c, "note_no_tradeoff"));
			continue;
		}
		if (d == DIM_PRODUCTION_EXPERIENCE) {
			if (has(s, CUE_BLAME))
				pool_add(&p, k, 6, 1, prompted, W(c, "note_blame"));
			else if (concrete_practice(s))
				pool_add(&p, k, 1 + has(s, CUE_MEASURE) + has(s, CUE_LEARNING) +
							has(s, CUE_OWNERSHIP) + (double)s->n_points * 0.2,
					 0, prompted, W(c, "note_practice"));
			continue;
		}
		if (!((s->dims >> d) & 1u))
			continue;
		if (against_cue(s) && (d == DIM_SECURITY || s->n_points == 0)) {
			pool_add(&p, k, 4, 1, prompted,
				 W(c, has(s, CUE_DEFLECTION) ? "note_deflection" : "note_dismissal"));
			continue;
		}
		int pt = first_point_of(c, s, d);
		if (pt >= 0 && s->credit > 0)
			pool_add(&p, k,
				 s->credit * (1 + (double)points_of(c, s, d) + substantive(s) +
					      0.5 * !prompted),
				 0, prompted, rubric_point_at(c->rb, pt)->says);
	}
	r->evidence = pool_take(c, &p, (size_t)T(c, "evidence_max"));
	pool_release(&p);
}

/* Appends src to a growing string in buf (cap bytes). */
static void cat(char *buf, size_t cap, const char *src)
{
	size_t used = strlen(buf);
	if (used + 1 < cap)
		snprintf(buf + used, cap - used, "%s", src);
}

/* Fills a wording template: {name} placeholders from keys/values. */
static void fill(char *out, size_t cap, const char *tmpl, const char *const *keys,
		 const char *const *values, size_t n)
{
	out[0] = '\0';
	for (const char *p = tmpl; *p;) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			size_t k = 0;
			while (close && k < n &&
			       !(strlen(keys[k]) == (size_t)(close - p - 1) &&
				 strncmp(p + 1, keys[k], (size_t)(close - p - 1)) == 0))
				k++;
			if (close && k < n) {
				cat(out, cap, values[k]);
				p = close + 1;
				continue;
			}
		}
		char one[2] = {*p, 0};
		cat(out, cap, one);
		p++;
	}
}

/* "a, b and c" of up to max distinct notes of the evidence with against == want. */
static void note_list(const struct ctx *c, const struct evidence_list *l, int want, size_t max,
		      char *out, size_t cap)
{
	const char *seen[8];
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < l->n && n < max && n < 8; i++) {
		const struct evidence *e = &l->items[i];
		if (e->against != want || !e->note || !*e->note)
			continue;
		int dup = 0;
		for (size_t k = 0; k < n; k++)
			dup |= strcmp(seen[k], e->note) == 0;
		if (!dup)
			seen[n++] = e->note;
	}
	for (size_t k = 0; k < n; k++) {
		if (k)
			cat(out, cap, k + 1 == n ? W(c, "list_and") : ", ");
		cat(out, cap, seen[k]);
	}
}

static void summarize(struct ctx *c, int d)
{
	struct dimension_result *r = &c->sc->dimensions[d];
	char buf[1024], covered[400], against[400], part[512];
	if (!r->touched) {
		r->summary = arena_strdup(&c->sc->arena, W(c, "untouched"));
		return;
	}
	char key[16];
	snprintf(key, sizeof key, "score_%d", r->score);
	note_list(c, &r->evidence, 0, 3, covered, sizeof covered);
	note_list(c, &r->evidence, 1, 2, against, sizeof against);
	buf[0] = '\0';
	const char *k1[] = {"level", "dimension"};
	const char *v1[] = {W(c, key), rubric_dimension_name(c->rb, d)};
	fill(part, sizeof part, W(c, "summary_head"), k1, v1, 2);
	cat(buf, sizeof buf, part);
	const char *k2[] = {"list"};
	const char *v2[] = {covered};
	fill(part, sizeof part, W(c, *covered ? "summary_covered" : "summary_nothing"), k2, v2, 1);
	cat(buf, sizeof buf, part);
	size_t unprompted = 0;
	for (size_t i = 0; i < r->evidence.n; i++)
		unprompted += !r->evidence.items[i].prompted && !r->evidence.items[i].against;
	if (unprompted && d != DIM_PRODUCTION_EXPERIENCE) {
		char n[24];
		snprintf(n, sizeof n, "%zu", unprompted);
		const char *k3[] = {"n"};
		const char *v3[] = {n};
		fill(part, sizeof part, W(c, "summary_unprompted"), k3, v3, 1);
		cat(buf, sizeof buf, part);
	}
	if (*against) {
		const char *v4[] = {against};
		fill(part, sizeof part, W(c, "summary_against"), k2, v4, 1);
		cat(buf, sizeof buf, part);
	}
	cat(buf, sizeof buf, ".");
	r->summary = arena_strdup(&c->sc->arena, buf);
	if (!r->summary)
		c->oom = 1;
}

/* ---- indicators and red flags ---- */

static void set_finding(struct ctx *c, struct finding *f, int present, struct pool *p)
{
	/* the evidence is kept when the finding is absent too: the near misses
	 * explain a judgement, though the scorecard lists present findings only */
	f->present = present;
	f->evidence = pool_take(c, p, (size_t)T(c, "evidence_max"));
	pool_release(p);
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

static void judge_tradeoff_findings(struct ctx *c)
{
	int pos, neg;
	tradeoff_turns(c, &pos, &neg);
	double share = pos + neg ? (double)pos / (pos + neg) : 0;
	struct pool yes = {0}, no = {0};
	for (size_t ti = 0; ti < c->tr->n_turns; ti++) {
		const struct turn_info *info = &c->turns[ti];
		if (!info->replied || info->closing || !info->n_sents ||
		    !((c->tr->turns[ti].acts >> ACT_PROBE_TRADEOFF) & 1u))
			continue;
		int answered = 0;
		for (size_t i = info->first_sent; i < info->first_sent + info->n_sents; i++)
			answered |= positive_tradeoff(&c->sents[i]) || engages(&c->sents[i]);
		if (!answered)
			pool_add(&no, info->first_sent, 1, 1, 1, W(c, "note_evasive_tradeoff"));
	}
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (c->turns[s->turn].closing)
			continue;
		int prompted = prompted_for(c, s, DIM_TRADEOFF_ANALYSIS);
		if (positive_tradeoff(s))
			pool_add(&yes, i, 1 + has(s, CUE_REASONING) + has(s, CUE_MEASURE), 0, prompted,
				 W(c, "note_tradeoff"));
		else if (negative_tradeoff(s))
			pool_add(&no, i, 1, 1, prompted, W(c, "note_no_tradeoff"));
	}
	set_finding(c, &c->sc->indicators[IND_EXPLAINS_TRADEOFFS],
		    pos >= T(c, "tradeoffs_min_turns") && share >= T(c, "tradeoffs_min_share"), &yes);
	set_finding(c, &c->sc->red_flags[RF_CANNOT_DISCUSS_TRADEOFFS],
		    neg >= T(c, "cannot_tradeoff_min_turns") &&
			    share <= T(c, "cannot_tradeoff_max_share") && no.n > 0,
		    &no);
}

static int security_point_ok(const struct ctx *c, const struct sent *s)
{
	return !s->excluded && points_of(c, s, DIM_SECURITY) && s->credit >= 0.5 &&
	       !against_cue(s);
}

static void judge_security_findings(struct ctx *c)
{
	struct pool up = {0}, bad = {0};
	double against = 0;
	int good = 0;
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		const struct turn_info *info = &c->turns[s->turn];
		int prompted = prompted_for(c, s, DIM_SECURITY);
		if (security_point_ok(c, s)) {
			good++;
			if (!prompted && !info->closing)
				pool_add(&up, i, (double)points_of(c, s, DIM_SECURITY), 0, 0,
					 rubric_point_at(c->rb, first_point_of(c, s, DIM_SECURITY))->says);
		}
		for (size_t j = 0; j < s->n_claims; j++) {
			const struct rubric_claim *cl =
				rubric_claim_at(c->rb, c->claim_hits[s->first_claim + j]);
			if (cl->dimension == DIM_SECURITY) {
				against += cl->severity;
				pool_add(&bad, i, 10 + cl->severity, 1, prompted, cl->says);
			}
		}
		if (against_cue(s) && ((s->dims >> DIM_SECURITY) & 1u)) {
			against += 1;
			pool_add(&bad, i, 5, 1, prompted,
				 W(c, has(s, CUE_DEFLECTION) ? "note_deflection" : "note_dismissal"));
		}
	}
	set_finding(c, &c->sc->indicators[IND_SECURITY_UNPROMPTED],
		    (double)up.n >= T(c, "security_unprompted_min"), &up);
	set_finding(c, &c->sc->red_flags[RF_NO_SECURITY_AWARENESS],
		    against >= T(c, "no_security_min_weight") &&
			    against >= good * T(c, "no_security_good_ratio"),
		    &bad);
}

static void judge_scale_finding(struct ctx *c)
{
	struct pool p = {0};
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (s->excluded || c->turns[s->turn].closing)
			continue;
		if (has(s, CUE_DONT_KNOW) || has(s, CUE_GAP) || has(s, CUE_THEORY) ||
		    has(s, CUE_PERSONAL) || has(s, CUE_DEFLECTION) || has(s, CUE_VAGUE))
			continue;
		int scale_point = points_of(c, s, DIM_SCALABILITY) > 0;
		if (!scale_point && !(has(s, CUE_SCALE) && (s->n_points || s->n_concepts)))
			continue;
		if (!has(s, CUE_MEASURE) && !has(s, CUE_REASONING))
			continue;
		pool_add(&p, i, 1 + scale_point + has(s, CUE_MEASURE), 0,
			 prompted_for(c, s, DIM_SCALABILITY), W(c, "note_scale"));
	}
	int measured = 0;
	for (size_t i = 0; i < p.n; i++)
		measured += has(&c->sents[p.items[i].sent], CUE_MEASURE);
	set_finding(c, &c->sc->indicators[IND_SCALABILITY_PERFORMANCE],
		    (double)p.n >= T(c, "scalability_min_sentences") &&
			    distinct_turns(c, &p) >= T(c, "scalability_min_turns") &&
			    measured >= T(c, "scalability_min_measured"),
		    &p);
}

static void judge_clarifying_finding(struct ctx *c)
{
	struct pool p = {0};
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		const struct turn_info *info = &c->turns[s->turn];
		if (s->excluded || info->closing || has(s, CUE_RHETORICAL))
			continue;
		int asks = s->question && has(s, CUE_QUESTION_BACK);
		if (asks || has(s, CUE_ASSUMPTION))
			pool_add(&p, i, 1 + asks, 0, 0, W(c, asks ? "note_question" : "note_assumption"));
	}
	int questions = 0;
	for (size_t i = 0; i < p.n; i++)
		questions += c->sents[p.items[i].sent].question;
	set_finding(c, &c->sc->indicators[IND_ASKS_CLARIFYING_QUESTIONS],
		    questions >= T(c, "clarifying_min"), &p);
}

static int turn_blames(const struct ctx *c, size_t ti)
{
	return turn_has(c, ti, CUE_BLAME);
}

static void judge_production_findings(struct ctx *c, int defensive)
{
	struct pool real = {0}, none = {0}, theory = {0};
	int lessons = 0, concrete = 0, gaps = 0, theory_n = 0;
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (s->excluded || c->turns[s->turn].closing)
			continue;
		int prompted = prompted_for(c, s, DIM_PRODUCTION_EXPERIENCE);
		if (concrete_practice(s)) {
			concrete++;
			pool_add(&real, i, 1 + has(s, CUE_MEASURE) + has(s, CUE_LEARNING), 0, prompted,
				 W(c, "note_practice"));
		}
		if ((has(s, CUE_LEARNING) || has(s, CUE_OWNERSHIP)) && !has(s, CUE_BLAME) &&
		    !has(s, CUE_DEFLECTION) && !turn_blames(c, s->turn) && !has(s, CUE_THEORY)) {
			lessons++;
			pool_add(&real, i, 3, 0, prompted, W(c, "note_lesson"));
		}
		if ((has(s, CUE_GAP) && has(s, CUE_PRACTICE)) || has(s, CUE_PERSONAL)) {
			gaps++;
			pool_add(&none, i, 1 + has(s, CUE_GAP), 1, prompted, W(c, "note_no_production"));
		}
		if (has(s, CUE_THEORY) && !has(s, CUE_DISMISSAL)) {
			theory_n++;
			pool_add(&theory, i, 1, 1, prompted, W(c, "note_theory"));
		}
	}
	c->sc->stats.concrete = concrete;
	c->sc->stats.lessons = lessons;
	int no_prod = gaps >= T(c, "no_production_min_gaps") &&
		      concrete < gaps * T(c, "no_production_concrete_ratio");
	set_finding(c, &c->sc->red_flags[RF_NO_PRODUCTION_EXPERIENCE], no_prod, &none);
	set_finding(c, &c->sc->indicators[IND_REAL_PROJECTS],
		    !no_prod && !defensive && concrete >= T(c, "real_projects_min") &&
			    (lessons > 0 || concrete >= T(c, "real_projects_without_lesson")),
		    &real);
	set_finding(c, &c->sc->red_flags[RF_OVERLY_THEORETICAL],
		    theory_n >= T(c, "theoretical_min") &&
			    concrete < theory_n * T(c, "theoretical_concrete_ratio"),
		    &theory);
}

static void judge_edge_finding(struct ctx *c)
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
		pool_add(&p, i, 1 + has(s, CUE_REASONING), 0, probed, W(c, "note_edge"));
	}
	set_finding(c, &c->sc->indicators[IND_EDGE_CASES_FAILURE_MODES],
		    (double)p.n >= T(c, "edge_cases_min_sentences") &&
			    distinct_turns(c, &p) >= T(c, "edge_cases_min_turns"),
		    &p);
}

static void judge_gaps_finding(struct ctx *c, int suppressed)
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
		pool_add(&p, i, 1 + has(s, CUE_GAP), 0, probed, W(c, "note_gap"));
	}
	set_finding(c, &c->sc->indicators[IND_ADMITS_GAPS],
		    !suppressed && (double)p.n >= T(c, "admits_gaps_min"), &p);
}

static void judge_conduct_findings(struct ctx *c)
{
	struct pool cargo = {0}, dismiss = {0}, blame = {0};
	int reasoned = 0;
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (s->excluded || c->turns[s->turn].closing)
			continue;
		int probed_why = (c->tr->turns[s->turn].acts >> ACT_PROBE_WHY) & 1u;
		if (has(s, CUE_CARGO_CULT))
			pool_add(&cargo, i, 1 + probed_why, 1, probed_why, W(c, "note_cargo_cult"));
		else if (has(s, CUE_REASONING) && (s->n_points || s->n_concepts) &&
			 !has(s, CUE_VAGUE) && !has(s, CUE_DEFLECTION))
			reasoned++;
		if (has(s, CUE_DISMISSAL))
			pool_add(&dismiss, i, 1, 1, prompted_for(c, s, DIM_SECURITY),
				 W(c, "note_dismissal"));
		if (has(s, CUE_BLAME))
			pool_add(&blame, i, 1, 1, prompted_for(c, s, DIM_PRODUCTION_EXPERIENCE),
				 W(c, "note_blame"));
	}
	set_finding(c, &c->sc->red_flags[RF_CANNOT_EXPLAIN_CHOICES],
		    (double)cargo.n >= T(c, "cannot_explain_min") &&
			    cargo.n >= reasoned * T(c, "cannot_explain_ratio"),
		    &cargo);
	set_finding(c, &c->sc->red_flags[RF_DISMISSES_CONCERNS],
		    (double)dismiss.n >= T(c, "dismisses_min"), &dismiss);
	set_finding(c, &c->sc->red_flags[RF_DEFENSIVE_ABOUT_MISTAKES],
		    (double)blame.n >= T(c, "defensive_min"), &blame);
}

static void judge_integrity(struct ctx *c)
{
	struct pool p = {0};
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (s->excluded)
			pool_add(&p, i, has(s, CUE_INSTRUCTION) ? 2 : 1, 1, 0,
				 W(c, has(s, CUE_INSTRUCTION) ? "note_instruction" : "note_code_request"));
	}
	c->sc->integrity = pool_take(c, &p, 16);
	pool_release(&p);
}

/* ---- coverage of topics ---- */

static void judge_topics(struct ctx *c)
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

static void decide(struct ctx *c)
{
	struct scorecard *sc = c->sc;
	double sum = 0;
	int touched = 0, leadership = 0;
	for (int d = 0; d < DIM_COUNT; d++)
		if (sc->dimensions[d].touched) {
			sum += sc->dimensions[d].value;
			touched++;
		}
	for (size_t i = 0; i < c->n_sents; i++)
		leadership += !c->sents[i].excluded && has(&c->sents[i], CUE_LEADERSHIP);
	sc->overall = touched ? sum / touched : 1.0;
	sc->stats.leadership = leadership;
	sc->stats.senior_evidence = c->senior_evidence;
	const struct dimension_result *prod = &sc->dimensions[DIM_PRODUCTION_EXPERIENCE];
	int prod_score = prod->touched ? prod->score : 1;

	if (sc->red_flags[RF_NO_PRODUCTION_EXPERIENCE].present || sc->overall < T(c, "level_mid_min"))
		sc->level = LEVEL_JUNIOR;
	else if (sc->overall >= T(c, "level_staff_min") && prod_score >= 4 && c->senior_evidence &&
		 leadership >= T(c, "staff_leadership_min"))
		sc->level = LEVEL_STAFF;
	else if (sc->overall >= T(c, "level_senior_min") && prod_score >= 3 && c->senior_evidence)
		sc->level = LEVEL_SENIOR;
	else
		sc->level = LEVEL_MID;

	int serious = 0, indicators = 0;
	static const enum red_flag serious_flags[] = {
		RF_NO_SECURITY_AWARENESS, RF_CANNOT_EXPLAIN_CHOICES, RF_DISMISSES_CONCERNS,
		RF_CANNOT_DISCUSS_TRADEOFFS, RF_DEFENSIVE_ABOUT_MISTAKES};
	for (size_t i = 0; i < sizeof serious_flags / sizeof serious_flags[0]; i++)
		serious += sc->red_flags[serious_flags[i]].present;
	int any_flag = 0;
	for (int f = 0; f < RF_COUNT; f++)
		any_flag |= sc->red_flags[f].present;
	for (int i = 0; i < IND_COUNT; i++)
		indicators += sc->indicators[i].present;
	int instructed = 0;
	for (size_t i = 0; i < c->n_sents; i++)
		instructed |= c->sents[i].excluded && has(&c->sents[i], CUE_INSTRUCTION);
	const struct dimension_result *sec = &sc->dimensions[DIM_SECURITY];

	if (sc->overall < T(c, "no_hire_below")) {
		sc->recommendation = REC_NO_HIRE;
		add_reason(c, "reason_weak_overall");
	} else if (serious >= T(c, "no_hire_serious_flags")) {
		sc->recommendation = REC_NO_HIRE;
		add_reason(c, "reason_many_flags");
	} else if (any_flag || sc->level == LEVEL_JUNIOR || instructed ||
		   (sec->touched && sec->score <= 1) || sc->overall < T(c, "hire_min")) {
		sc->recommendation = REC_LEAN_NO_HIRE;
		if (any_flag)
			add_reason(c, "reason_flag");
		if (sc->level == LEVEL_JUNIOR)
			add_reason(c, "reason_junior");
		if (instructed)
			add_reason(c, "reason_instruction");
		if (sec->touched && sec->score <= 1)
			add_reason(c, "reason_security");
		if (sc->overall < T(c, "hire_min"))
			add_reason(c, "reason_below_bar");
	} else if (sc->overall >= T(c, "strong_hire_min") && sc->level >= LEVEL_SENIOR &&
		   indicators >= T(c, "strong_hire_indicators")) {
		sc->recommendation = REC_STRONG_HIRE;
		add_reason(c, "reason_strong");
	} else {
		sc->recommendation = REC_HIRE;
		add_reason(c, "reason_hire");
	}
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
	c.sc = calloc(1, sizeof *c.sc);
	c.turns = calloc(tr->n_turns, sizeof *c.turns);
	c.best_credit = calloc(rubric_point_count(rb) + 1, sizeof *c.best_credit);
	struct text_words tw = {0};
	if (!c.sc || !c.turns || !c.best_credit)
		c.oom = 1;
	for (size_t i = 0; i < tr->n_turns && !c.oom; i++)
		if (read_turn(&c, i, &tw))
			c.oom = 1;
	text_words_release(&tw);
	if (!c.oom) {
		struct scorecard *sc = c.sc;
		sc->rubric_version = arena_strdup(&sc->arena, rubric_version(rb));
		sc->playbook_version =
			arena_strdup(&sc->arena, tr->playbook_version ? tr->playbook_version : "");
		for (size_t i = 0; i < tr->n_turns; i++)
			sc->n_replies += c.turns[i].replied;
		c.senior_evidence = senior_evidence(&c);
		for (int d = 0; d < DIM_COUNT; d++)
			if (d != DIM_TRADEOFF_ANALYSIS && d != DIM_PRODUCTION_EXPERIENCE)
				judge_domain(&c, d);
		judge_tradeoffs(&c);
		judge_production(&c);
		security_caps(&c);
		for (int d = 0; d < DIM_COUNT; d++) {
			if (sc->dimensions[d].touched)
				dimension_evidence(&c, d);
			summarize(&c, d);
		}
		judge_tradeoff_findings(&c);
		judge_security_findings(&c);
		judge_scale_finding(&c);
		judge_clarifying_finding(&c);
		judge_conduct_findings(&c);
		int defensive = sc->red_flags[RF_DEFENSIVE_ABOUT_MISTAKES].present;
		judge_production_findings(&c, defensive);
		judge_edge_finding(&c);
		judge_gaps_finding(&c, defensive || sc->red_flags[RF_CANNOT_EXPLAIN_CHOICES].present);
		judge_integrity(&c);
		judge_topics(&c);
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
				r->evidence = (struct evidence){
					.turn = tr->turns[s->turn].turn,
					.quote = quote_of(&c, s),
					.prompted = prompted_for(&c, s, cl->dimension),
					.low_confidence =
						tr->turns[s->turn].reply_confidence <
						T(&c, "low_confidence_below"),
					.against = 1,
					.note = cl->says,
				};
			}
		}
		decide(&c);
	}
	free(c.turns);
	free(c.sents);
	free(c.point_hits);
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
