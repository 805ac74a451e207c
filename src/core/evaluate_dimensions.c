/*
 * evaluate_dimensions.c - the evaluator's second pass: a score for each
 * dimension of the rubric, with its evidence and a one-line summary.
 *
 * A domain dimension is scored from coverage of the rubric's expected points
 * on the topics asked, the share of sentences with substance and first-hand
 * grounding, minus gaps, what counts against and wrong claims (which also
 * cap the score); trade-off analysis and production experience are scored
 * from their own kinds of sentence.  Security awareness is critical: a weak
 * security score caps architecture, API design and trade-offs.  Writes the
 * scorecard's dimension results and nothing else.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "evaluate_internal.h"
#include "textbuf.h"

/* ---- pass 2: dimensions ---- */

struct dim_features {
	/* per answer: a long answer counts once, like a short one */
	int answers;           /* answers with a sentence on the dimension */
	double answer_depth;   /* their substance, summed */
	int answer_practice;   /* those that show first-hand work */
	double coverage;
	int relevant, depth, practice, theory, gaps, topics;
	double against; /* deflection, dismissal, blame: lowers the value */
	double wrong;   /* wrong claims by severity: lowers the value and caps the score */
	int disqualifying; /* claims of severity 3 on it, standing (not taken back) */
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
			sum += clamp01(got / (want * T(c, TUN_TOPIC_COMPLETE_SHARE)));
			n++;
		}
	}
	return n ? sum / n : -1;
}

/* The share of the answers to questions on dimension d that showed knowledge
 * of it (ev read_answer's shown_dims), or -1 when fewer than the rubric's
 * minimum were asked.  Coverage of the rubric's points measures the words it
 * expected; this measures whether each question got an answer of substance
 * on its subject, in whatever words: the two are read together. */
static double shown_share(const struct ctx *c, int d)
{
	int asked = 0, shown = 0;
	for (size_t ti = 0; ti < c->tr->n_turns; ti++) {
		const struct turn_info *info = &c->turns[ti];
		if (!info->replied || info->closing || !((info->prompts >> d) & 1u))
			continue;
		asked++;
		shown += (info->shown_dims >> d) & 1u;
	}
	return asked >= T(c, TUN_SHOWN_MIN_ASKED) ? (double)shown / asked : -1;
}

static void domain_features(struct ctx *c, int d, struct dim_features *f)
{
	memset(f, 0, sizeof *f);
	f->coverage = topic_coverage(c, d, &f->topics);
	double shown = shown_share(c, d);

	if (f->topics && shown >= 0 && shown * T(c, TUN_SHOWN_COVERAGE) > f->coverage)
		f->coverage = shown * T(c, TUN_SHOWN_COVERAGE);
	if (f->coverage < 0) {
		/* no question on it expected anything: what was raised anyway counts */
		double extra = 0;
		for (size_t p = 0; p < rubric_point_count(c->rb); p++)
			if ((int)rubric_point_at(c->rb, p)->dimension == d)
				extra += rubric_point_at(c->rb, p)->weight * c->best_credit[p];
		f->coverage = extra > 0 ? clamp01(extra / T(c, TUN_UNEXPECTED_POINTS_FULL)) : -1;
	}
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (s->excluded || !((s->dims >> d) & 1u))
			continue;
		f->relevant++;
		if (ev_substantive(s))
			f->depth++;
		if (ev_practice(s))
			f->practice++;
		if (has(s, CUE_THEORY) || has(s, CUE_PERSONAL) || has(s, CUE_GAP) ||
		    has(s, CUE_DONT_KNOW))
			f->theory++;
		if ((has(s, CUE_GAP) || has(s, CUE_DONT_KNOW)) && !c->turns[s->turn].closing)
			f->gaps++;
		if (ev_against_cue(s))
			f->against += d == DIM_SECURITY ? 1.0 : 0.5;
	}
	for (size_t ti = 0; ti < c->tr->n_turns; ti++) {
		const struct turn_info *info = &c->turns[ti];
		/* the answer is on the dimension, names something of it (a point
		 * or a term), and tells of practice in a sentence on it */
		int on_it = 0, names = 0, practice = 0;
		for (size_t i = info->first_sent; i < info->first_sent + info->n_sents; i++) {
			const struct sent *s = &c->sents[i];
			if (s->excluded || !((s->dims >> d) & 1u))
				continue;
			on_it = 1;
			names |= s->n_concepts > 0 || ev_points_of(c, s, d) > 0;
			practice |= ev_practice(s);
		}
		if (!on_it || info->closing)
			continue;
		f->answers++;
		if (names)
			f->answer_depth += substance_strength(&info->sub, 0);
		f->answer_practice += practice && names;
	}
	for (size_t k = 0; k < c->n_claim_hits; k++) {
		const struct rubric_claim *cl = rubric_claim_at(c->rb, c->claim_hits[k]);
		if (!ev_claim_counts(c, k))
			continue;
		if ((int)cl->dimension == d) {
			f->wrong += ev_claim_weight(c, k);
			f->disqualifying += cl->severity >= 3 && ev_claim_weight(c, k) >= cl->severity;
		} else if ((cl->also >> d) & 1u)
			f->wrong += ev_claim_weight(c, k) * T(c, TUN_CLAIM_ALSO_SHARE);
	}
}

static int score_from(const struct ctx *c, double q)
{
	if (q >= T(c, TUN_SCORE4_MIN))
		return 4;
	if (q >= T(c, TUN_SCORE3_MIN))
		return 3;
	if (q >= T(c, TUN_SCORE2_MIN))
		return 2;
	return 1;
}

static void finish_dimension(struct ctx *c, int d, const struct dim_features *f, double coverage,
			     double depth_share, double practice_share)
{
	struct dimension_result *r = &c->sc->dimensions[d];
	double gap_rate = f->topics ? (double)f->gaps / f->topics : 0;
	double before = T(c, TUN_WEIGHT_COVERAGE) * coverage + T(c, TUN_WEIGHT_DEPTH) * depth_share +
			T(c, TUN_WEIGHT_PRACTICE) * practice_share - T(c, TUN_WEIGHT_GAPS) * gap_rate -
			T(c, TUN_WEIGHT_AGAINST) * f->against;
	double q = clamp01(before - T(c, TUN_WEIGHT_AGAINST) * f->wrong);
	before = clamp01(before);
	int score = score_from(c, q);
	/* "weak" is no evidence, or poor: what they got right still counts
	 * when they also got things wrong, so misconceptions take a dimension
	 * whose other evidence is basic or better down to basic, and to weak
	 * only when one is disqualifying on its own (severity 3, standing) or
	 * they reach wrong_cap_1 (below) */
	if (score == 1 && f->wrong > 0 && !f->disqualifying && score_from(c, before) >= 2)
		score = 2, q = T(c, TUN_SCORE2_MIN);
	double value = 1.0 + 3.0 * q;
	/* knowledge from study alone is basic, however complete */
	if (f->practice < T(c, TUN_PRACTICE_FOR_3) && f->theory > 0 && score > 2)
		score = 2;
	if (!c->senior_evidence && score > 3)
		score = 3;
	/* wrong claims cap the score: correctness counts */
	if (f->wrong >= T(c, TUN_WRONG_CAP_1))
		score = 1;
	else if (f->wrong >= T(c, TUN_WRONG_CAP_2) && score > 2)
		score = 2;
	if (value > score + 0.49)
		value = score + 0.49;
	if (value < score - 0.5)
		value = score - 0.5;
	r->touched = 1;
	r->score = score;
	r->value = value;
	/* the level is how far their experience goes; what they got wrong
	 * counts in the score and the recommendation, not in the level */
	r->experience = value + 3.0 * (before - q);
	r->coverage = coverage;
	r->n_practice = f->practice;
	r->n_depth = f->depth;
	r->n_relevant = f->relevant;
	r->n_theory = f->theory;
	r->against = f->against + f->wrong;
}

void ev_judge_domain(struct ctx *c, int d)
{
	struct dim_features f;
	domain_features(c, d, &f);
	/* touched: a question on it was answered, or a point or wrong claim of it
	 * came up; a word of its vocabulary alone does not make it discussed */
	if (!f.topics && f.coverage < 0 && f.wrong <= 0)
		return;
	/* depth and practice by answer, not by sentence: the length of the
	 * answers does not move them */
	double answers = f.answers ? f.answers : 1;
	finish_dimension(c, d, &f, f.coverage < 0 ? 0 : f.coverage,
			 clamp01(f.answer_depth / answers / T(c, TUN_DEPTH_SHARE_FULL)),
			 clamp01(f.answer_practice / answers / T(c, TUN_PRACTICE_SHARE_FULL)));
}

/* Turns in which the candidate weighed a trade-off, and those in which they
 * saw none (or a trade-off probe got no trade-off back). */
void ev_tradeoff_turns(const struct ctx *c, int *pos, int *neg)
{
	*pos = *neg = 0;
	for (size_t ti = 0; ti < c->tr->n_turns; ti++) {
		const struct turn_info *info = &c->turns[ti];
		if (!info->replied || info->closing)
			continue;
		int p = 0, n = 0, substance = 0;
		for (size_t i = info->first_sent; i < info->first_sent + info->n_sents; i++) {
			p += ev_positive_tradeoff(&c->sents[i]);
			n += ev_negative_tradeoff(&c->sents[i]);
			substance += ev_engages(&c->sents[i]);
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

void ev_judge_tradeoffs(struct ctx *c)
{
	struct dim_features f;
	memset(&f, 0, sizeof f);
	int pos, neg, asked = 0, dismissals = 0;
	ev_tradeoff_turns(c, &pos, &neg);
	for (size_t ti = 0; ti < c->tr->n_turns; ti++)
		asked |= c->turns[ti].replied &&
			 (((c->tr->turns[ti].acts >> ACT_PROBE_TRADEOFF) & 1u) ||
			  (c->turns[ti].topic &&
			   ((c->turns[ti].topic->informs >> DIM_TRADEOFF_ANALYSIS) & 1u)));
	c->sc->stats.tradeoff_turns = pos;
	c->sc->stats.no_tradeoff_turns = neg;
	if (!pos && !neg && !asked)
		return;
	/* depth and practice by answer, like the domain dimensions: an answer
	 * that weighed a trade-off counts once, deep when it also gave a reason,
	 * a specific or a point, first-hand when it told of their own work; the
	 * reason and the cost are often in different sentences of one answer */
	int weighed = 0, left_open = 0;
	for (size_t ti = 0; ti < c->tr->n_turns; ti++) {
		const struct turn_info *info = &c->turns[ti];
		int p = 0, points = 0, hedged = 0, picked = 0;
		for (size_t i = info->first_sent; i < info->first_sent + info->n_sents; i++) {
			const struct sent *s = &c->sents[i];
			p |= ev_positive_tradeoff(s);
			points |= s->n_points > 0;
			hedged |= !s->excluded && has(s, CUE_HEDGE);
			picked |= !s->excluded && has(s, CUE_COMMIT);
		}
		if (!p || info->closing)
			continue;
		weighed++;
		/* the brief's trade-off questions end in a decision ("how would
		 * you decide between A and B?"): options weighed and left open
		 * ("it depends", "either would be fine") show the options, not the
		 * judgement: half an answer, and no depth */
		if (hedged && !picked) {
			left_open++;
			continue;
		}
		f.depth += info->sub.shows[SUB_REASON] || info->sub.shows[SUB_SPECIFIC] || points;
		f.practice += info->sub.shows[SUB_FIRSTHAND] != 0;
	}
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (ev_negative_tradeoff(s) && !ev_positive_tradeoff(s))
			f.against += T(c, TUN_NO_TRADEOFF_WEIGHT);
		if (has(s, CUE_TRADEOFF) && (has(s, CUE_THEORY) || has(s, CUE_PERSONAL)))
			f.theory++;
		/* waving away a concern is a trade-off weighed badly */
		if (!s->excluded && has(s, CUE_DISMISSAL))
			dismissals++;
	}
	f.relevant = weighed;
	f.against += fmin(dismissals * T(c, TUN_DISMISSAL_TRADEOFF_WEIGHT),
			  T(c, TUN_DISMISSAL_TRADEOFF_CAP));
	double share = pos + neg ? (pos - 0.5 * left_open) / (pos + neg) : 0;
	double coverage = clamp01(share) * clamp01(pos / T(c, TUN_TRADEOFF_TURNS_FULL));
	double rel = f.relevant ? f.relevant : 1;

	finish_dimension(c, DIM_TRADEOFF_ANALYSIS, &f, coverage,
			 clamp01(f.depth / rel / T(c, TUN_DEPTH_SHARE_FULL)),
			 clamp01(f.practice / rel / T(c, TUN_PRACTICE_SHARE_FULL)));
}

/* Production experience by answer: an answer counts once however many
 * sentences it has, and work told inside an answer about study or a side
 * project is not production work, whatever verbs it uses. */
void ev_judge_production(struct ctx *c)
{
	struct dim_features f;
	memset(&f, 0, sizeof f);
	int concrete = 0, any = 0;
	for (size_t ti = 0; ti < c->tr->n_turns; ti++) {
		const struct turn_info *info = &c->turns[ti];
		int rel = 0, practice = 0, solid = 0, personal = 0, theory = 0;
		double against = 0;
		for (size_t i = info->first_sent; i < info->first_sent + info->n_sents; i++) {
			const struct sent *s = &c->sents[i];
			if (s->excluded)
				continue;
			rel |= (s->dims >> DIM_PRODUCTION_EXPERIENCE) & 1u;
			practice |= ev_practice(s);
			solid |= ev_concrete_practice(s);
			personal |= has(s, CUE_PERSONAL) || has(s, CUE_THEORY);
			theory |= has(s, CUE_THEORY) || has(s, CUE_PERSONAL) || has(s, CUE_GAP);
			if (has(s, CUE_BLAME))
				against += T(c, TUN_BLAME_WEIGHT);
			else if (has(s, CUE_DEFLECTION))
				against += T(c, TUN_DEFLECTION_WEIGHT);
		}
		if (personal)
			practice = solid = 0;
		any |= rel;
		concrete += solid && !info->closing;
		if (!rel && !practice)
			continue;
		f.relevant++;
		f.practice += practice;
		f.depth += practice && (info->sub.shows[SUB_SPECIFIC] || info->sub.shows[SUB_OUTCOME] ||
					info->sub.shows[SUB_FAILURE]);
		f.theory += theory;
		f.against += against;
	}
	if (!any && !f.practice)
		return;
	double coverage = clamp01(concrete / T(c, TUN_CONCRETE_FULL));
	double rel = f.relevant ? f.relevant : 1;
	finish_dimension(c, DIM_PRODUCTION_EXPERIENCE, &f, coverage,
			 clamp01(f.depth / rel / T(c, TUN_DEPTH_SHARE_FULL)),
			 clamp01(f.practice / rel / T(c, TUN_PRACTICE_SHARE_FULL)));
	/* what they know comes mostly from study or side projects: the work
	 * told is real, and basic */
	struct dimension_result *r = &c->sc->dimensions[DIM_PRODUCTION_EXPERIENCE];
	if (ev_study_led(c) && r->score > 2) {
		r->score = 2;
		if (r->value > 2.49)
			r->value = 2.49;
		if (r->experience > 2.49)
			r->experience = 2.49;
	}
}

/* Security awareness is critical (the brief): a design that ignores it is
 * not strong architecture, API design or trade-off analysis, however good
 * the rest. */
void ev_security_caps(struct ctx *c)
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

void ev_dimension_evidence(struct ctx *c, int d)
{
	struct dimension_result *r = &c->sc->dimensions[d];
	struct pool p = {0};
	for (size_t k = 0; k < c->n_sents; k++) {
		const struct sent *s = &c->sents[k];
		if (s->excluded)
			continue;
		int prompted = ev_prompted_for(c, s, d);
		for (size_t j = 0; j < s->n_claims; j++) {
			const struct rubric_claim *cl =
				rubric_claim_at(c->rb, c->claim_hits[s->first_claim + j]);
			if ((int)cl->dimension == d || ((cl->also >> d) & 1u))
				ev_pool_add(&p, k, 10 + cl->severity, 1, prompted, cl->says);
		}
		if (d == DIM_TRADEOFF_ANALYSIS) {
			if (ev_positive_tradeoff(s))
				ev_pool_add(&p, k, 1 + has(s, CUE_REASONING) + has(s, CUE_MEASURE) +
							   (double)s->n_points * 0.2,
					    0, prompted, W(c, "note_tradeoff"));
			else if (ev_negative_tradeoff(s))
				ev_pool_add(&p, k, 5, 1, prompted, W(c, "note_no_tradeoff"));
			continue;
		}
		if (d == DIM_PRODUCTION_EXPERIENCE) {
			if (has(s, CUE_BLAME))
				ev_pool_add(&p, k, 6, 1, prompted, W(c, "note_blame"));
			else if (ev_concrete_practice(s))
				ev_pool_add(&p, k, 1 + has(s, CUE_MEASURE) + has(s, CUE_LEARNING) +
							   has(s, CUE_OWNERSHIP) + (double)s->n_points * 0.2,
					    0, prompted, W(c, "note_practice"));
			continue;
		}
		if (!((s->dims >> d) & 1u))
			continue;
		if (ev_against_cue(s) && (d == DIM_SECURITY || s->n_points == 0)) {
			ev_pool_add(&p, k, 4, 1, prompted,
				    W(c, has(s, CUE_DEFLECTION) ? "note_deflection" : "note_dismissal"));
			continue;
		}
		int pt = ev_first_point_of(c, s, d);
		if (pt >= 0 && s->credit > 0)
			ev_pool_add(&p, k,
				    s->credit * (1 + (double)ev_points_of(c, s, d) +
						 ev_substantive(s) + 0.5 * !prompted),
				    0, prompted, rubric_point_at(c->rb, pt)->says);
	}
	r->evidence = ev_pool_take(c, &p, (size_t)T(c, TUN_EVIDENCE_MAX));
	ev_pool_release(&p);
}

/* The values of a wording template's placeholders: keys[i] is {keys[i]}. */
struct placeholders {
	const char *const *keys;
	const char *const *values;
	size_t n;
};

static int placeholder_value(void *ctx, struct textbuf *tb, const char *key, size_t key_len)
{
	const struct placeholders *ph = ctx;
	for (size_t k = 0; k < ph->n; k++)
		if (strlen(ph->keys[k]) == key_len && strncmp(key, ph->keys[k], key_len) == 0) {
			textbuf_add(tb, ph->values[k]);
			return 1;
		}
	return 0;
}

/* Appends a wording template with its {name} placeholders from keys/values. */
static void fill(struct textbuf *out, const char *tmpl, const char *const *keys,
		 const char *const *values, size_t n)
{
	struct placeholders ph = {keys, values, n};
	textbuf_fill(out, tmpl, placeholder_value, &ph);
}

/* "a, b and c" of up to max distinct notes of the evidence with against == want. */
static void note_list(const struct ctx *c, const struct evidence_list *l, int want, size_t max,
		      struct textbuf *out)
{
	const char *seen[8];
	size_t n = 0;
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
			textbuf_add(out, k + 1 == n ? W(c, "list_and") : ", ");
		textbuf_add(out, seen[k]);
	}
}

void ev_summarize(struct ctx *c, int d)
{
	struct dimension_result *r = &c->sc->dimensions[d];
	if (!r->touched) {
		r->summary = arena_strdup(&c->sc->arena, W(c, "untouched"));
		return;
	}
	struct textbuf buf, covered, against;
	textbuf_init(&buf);
	textbuf_init(&covered);
	textbuf_init(&against);
	char key[16];
	snprintf(key, sizeof key, "score_%d", r->score);
	note_list(c, &r->evidence, 0, 3, &covered);
	note_list(c, &r->evidence, 1, 2, &against);
	const char *k1[] = {"level", "dimension"};
	const char *v1[] = {W(c, key), rubric_dimension_name(c->rb, d)};
	fill(&buf, W(c, "summary_head"), k1, v1, 2);
	const char *k2[] = {"list"};
	const char *v2[] = {textbuf_str(&covered)};
	fill(&buf, W(c, covered.len ? "summary_covered" : "summary_nothing"), k2, v2, 1);
	size_t unprompted = 0;
	for (size_t i = 0; i < r->evidence.n; i++)
		unprompted += !r->evidence.items[i].prompted && !r->evidence.items[i].against;
	if (unprompted && d != DIM_PRODUCTION_EXPERIENCE) {
		char n[24];
		snprintf(n, sizeof n, "%zu", unprompted);
		const char *k3[] = {"n"};
		const char *v3[] = {n};
		fill(&buf, W(c, "summary_unprompted"), k3, v3, 1);
	}
	if (against.len) {
		const char *v4[] = {textbuf_str(&against)};
		fill(&buf, W(c, "summary_against"), k2, v4, 1);
	}
	textbuf_add(&buf, ".");
	r->summary = arena_strdup(&c->sc->arena, textbuf_str(&buf));
	if (!r->summary || buf.failed || covered.failed || against.failed)
		c->oom = 1;
	textbuf_free(&buf);
	textbuf_free(&covered);
	textbuf_free(&against);
}
