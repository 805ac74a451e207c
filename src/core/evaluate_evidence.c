/*
 * evaluate_evidence.c - the quotes behind every judgement, and the classes
 * of sentence the judgements share.
 *
 * A judgement gathers candidate sentences in a pool (ev_pool_add keeps one
 * entry per sentence, its strongest reason); ev_pool_take keeps the
 * strongest few as evidence, quoted verbatim into the scorecard's arena and
 * listed in turn order.  The sentence classes (substantive, first-hand
 * practice, a trade-off weighed or denied, engagement, what counts against)
 * are defined here once so that dimensions and findings read a sentence the
 * same way.
 */
#include <stdlib.h>
#include <string.h>

#include "evaluate_internal.h"

/* ---- evidence ---- */

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
void ev_pool_add(struct pool *p, size_t sent, double strength, int against, int prompted,
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

const char *ev_quote_of(struct ctx *c, const struct sent *s)
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
struct evidence_list ev_pool_take(struct ctx *c, struct pool *p, size_t max)
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
	double low = T(c, TUN_LOW_CONFIDENCE_BELOW);
	for (size_t i = 0; i < n; i++) {
		const struct sent *s = &c->sents[p->items[i].sent];
		const struct transcript_turn *t = &c->tr->turns[s->turn];
		l.items[i] = (struct evidence){
			.turn = t->turn,
			.quote = ev_quote_of(c, s),
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

void ev_pool_release(struct pool *p)
{
	free(p->items);
	memset(p, 0, sizeof *p);
}

int ev_prompted_for(const struct ctx *c, const struct sent *s, enum dimension d)
{
	return (c->turns[s->turn].prompts >> d) & 1u;
}

/* The first point of dimension d that sentence s covers, or -1. */
int ev_first_point_of(const struct ctx *c, const struct sent *s, int d)
{
	for (size_t i = 0; i < s->n_points; i++) {
		uint16_t p = c->point_hits[s->first_point + i];
		if (d < 0 || (int)rubric_point_at(c->rb, p)->dimension == d)
			return p;
	}
	return -1;
}

size_t ev_points_of(const struct ctx *c, const struct sent *s, int d)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n_points; i++)
		if ((int)rubric_point_at(c->rb, c->point_hits[s->first_point + i])->dimension == d)
			n++;
	return n;
}

/* ---- sentence classes the judgements share ---- */

int ev_substantive(const struct sent *s)
{
	if (s->excluded || has(s, CUE_DONT_KNOW) || has(s, CUE_GAP) || has(s, CUE_CARGO_CULT) ||
	    has(s, CUE_VAGUE) || has(s, CUE_DEFLECTION) || has(s, CUE_DISMISSAL))
		return 0;
	if (!(s->n_points || s->n_concepts))
		return 0;
	return has(s, CUE_REASONING) || has(s, CUE_TRADEOFF) || has(s, CUE_MEASURE) ||
	       (has(s, CUE_EDGE) && has(s, CUE_MITIGATION));
}

int ev_practice(const struct sent *s)
{
	/* what one would do is not work done, however it is phrased */
	return !s->excluded && has(s, CUE_PRACTICE) && !has(s, CUE_PERSONAL) &&
	       !has(s, CUE_THEORY) && !has(s, CUE_HYPOTHETICAL) && !has(s, CUE_GAP) &&
	       !has(s, CUE_DONT_KNOW);
}

/* First-hand work with something concrete in it: a number, a point, a reason. */
int ev_concrete_practice(const struct sent *s)
{
	return ev_practice(s) && !has(s, CUE_BLAME) && !has(s, CUE_DEFLECTION) &&
	       (has(s, CUE_MEASURE) || (s->n_points && has(s, CUE_REASONING)) || s->n_points >= 2);
}

int ev_positive_tradeoff(const struct sent *s)
{
	return !s->excluded && has(s, CUE_TRADEOFF) && !has(s, CUE_NO_TRADEOFF) &&
	       !has(s, CUE_DONT_KNOW) && !has(s, CUE_GAP) && !has(s, CUE_DISMISSAL) &&
	       !has(s, CUE_CARGO_CULT) && !has(s, CUE_VAGUE);
}

int ev_negative_tradeoff(const struct sent *s)
{
	return !s->excluded &&
	       (has(s, CUE_NO_TRADEOFF) ||
		(has(s, CUE_TRADEOFF) && (has(s, CUE_DONT_KNOW) || has(s, CUE_GAP))));
}

/* A sentence that engages with the question: a reason, a number, a failure
 * handled, a trade-off or a rubric point, without waving it away. */
int ev_engages(const struct sent *s)
{
	if (s->excluded || has(s, CUE_CARGO_CULT) || has(s, CUE_DEFLECTION) ||
	    has(s, CUE_DISMISSAL) || has(s, CUE_NO_TRADEOFF) || has(s, CUE_VAGUE) ||
	    has(s, CUE_DONT_KNOW))
		return 0;
	return s->n_points || has(s, CUE_REASONING) || has(s, CUE_MEASURE) || has(s, CUE_EDGE) ||
	       has(s, CUE_MITIGATION) || has(s, CUE_TRADEOFF);
}

int ev_against_cue(const struct sent *s)
{
	return !s->excluded && (has(s, CUE_DEFLECTION) || has(s, CUE_DISMISSAL));
}

int ev_study_led(const struct ctx *c)
{
	int study = 0, concrete = 0;
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (s->excluded || c->turns[s->turn].closing)
			continue;
		study += has(s, CUE_PERSONAL);
		concrete += ev_concrete_practice(s);
	}
	return study >= T(c, TUN_NO_PRODUCTION_MIN_STUDY) &&
	       study > concrete * T(c, TUN_NO_PRODUCTION_STUDY_RATIO);
}
