/*
 * evaluate_read.c - the evaluator's first pass: what each reply says.
 *
 * Checks that a transcript can be judged at all, then reads every reply
 * sentence by sentence, cutting long unpunctuated speech into clauses at
 * commas, and records for each the rubric's knowledge points it covers (with
 * the credit how it is said earns them), the wrong claims it makes and the
 * cues of how it is said.  Owns the sentence records (ctx.sents) and the
 * point and claim hits they index; judges nothing beyond the credit of a
 * sentence and the senior-level evidence of the whole interview.
 */
#include <stdlib.h>
#include <string.h>

#include "career.h"
#include "evaluate_internal.h"

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

/* Whether a sentence of the reply makes point p, in so many words: a
 * sentence with a negation in it ("we didn't add PgBouncer because we just
 * raised max_connections") names the practice without making the point. */
static int reply_makes_point(const struct ctx *c, const struct turn_info *info, uint16_t p)
{
	for (size_t i = info->first_sent; i < info->first_sent + info->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (has(s, CUE_NEGATION))
			continue;
		for (size_t j = 0; j < s->n_points; j++)
			if (c->point_hits[s->first_point + j] == p)
				return 1;
	}
	return 0;
}

/* A claim in a reply that also makes a point saying the opposite (the
 * claim's contradicted_by) is a pattern that misread the reply, not a
 * belief: read blind, "standard queues are at-least-once and not ordered,
 * so your workers have to be idempotent" was scored as believing in strict
 * order.  The reply's claims are the last ones read: they are compacted in
 * place. */
static void drop_contradicted_claims(struct ctx *c, const struct turn_info *info)
{
	size_t to = info->n_sents ? c->sents[info->first_sent].first_claim : c->n_claim_hits;
	for (size_t i = info->first_sent; i < info->first_sent + info->n_sents; i++) {
		struct sent *s = &c->sents[i];
		size_t from = s->first_claim, n = s->n_claims;
		s->first_claim = to;
		for (size_t j = 0; j < n; j++) {
			uint16_t q = c->claim_hits[from + j];
			const struct rubric_claim *cl = rubric_claim_at(c->rb, q);
			int contradicted = 0;
			for (size_t k = 0; k < cl->n_contradicted_by && !contradicted; k++)
				contradicted = reply_makes_point(c, info, cl->contradicted_by[k]);
			if (!contradicted)
				c->claim_hits[to++] = q;
		}
		s->n_claims = to - s->first_claim;
	}
	c->n_claim_hits = to;
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

/* The self-introduction: the replies to the interview's first topic while
 * it is still the opening. */
static int is_intro(const struct ctx *c, const struct transcript_turn *t)
{
	return strcmp(t->phase, "opening") == 0 && strcmp(t->topic, c->tr->turns[0].topic) == 0;
}

/* What a sentence of the self-introduction says about the career. */
static void read_career(struct ctx *c, const struct sent *s, const struct sentence_view *v)
{
	c->early_career |= has(s, CUE_EARLY_CAREER);
	c->earlier_job |= has(s, CUE_EARLIER_JOB);
	/* clause by clause: another profession's years are not the career */
	double years = rubric_career_years(c->rb, v);
	if (years > c->career_years)
		c->career_years = years;
}

int ev_read_turn(struct ctx *c, size_t ti, struct text_words *tw)
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
	int intro = is_intro(c, t);
	if (text_split(text, tw))
		return -1;

	size_t max_words = (size_t)T(c, TUN_QUOTE_MAX_WORDS);
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
		for (size_t q = 0; c->lx && q < views[k].n_concepts; q++) {
			uint32_t cats = lexicon_concept_categories(c->lx, views[k].concepts[q]);
			for (int d = 0; d < DIM_COUNT; d++)
				if ((cats & rubric_dimension_categories(c->rb, d)) &&
				    s->dim_concepts[d] < 255)
					s->dim_concepts[d]++;
		}
		s->question = views[k].terminator == '?';
		s->cues = rubric_match_cues(c->rb, &views[k]);
		s->excluded = has(s, CUE_INSTRUCTION) || has(s, CUE_CODE_REQUEST);
		if (intro)
			read_career(c, s, &views[k]);
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
			if (rubric_claim_in_subject(c->rb, q, info->topic ? info->topic->informs : 0,
						    &views[k]) &&
			    rubric_claim_matches(c->rb, q, &views[k], views, n_chunks)) {
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
	drop_contradicted_claims(c, info);
	free(chunks);
	free(ua);
	free(views);
	return c->oom ? -1 : 0;
}

/* Senior-level evidence across the interview: claims backed by numbers from
 * real systems in a good share of the answers, and few admitted gaps.  A
 * score of 4 and the senior level need it. */
int ev_senior_evidence(const struct ctx *c)
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
	/* numbers from real systems in a good share of the answers, or
	 * substance on nearly every topic (what the best answer on each topic
	 * showed: it does not move with the number of follow-ups a seed asks) */
	/* after a long career, saying plainly what one has not done is
	 * honesty about a wide field, not a sign of a small one: the gaps do
	 * not take the evidence away (a junior's career is short) */
	int long_career = c->career_years >= T(c, TUN_CAREER_SENIOR_FROM);
	if (!long_career && (double)gaps / replies > T(c, TUN_SENIOR_GAP_RATE))
		return 0;
	/* substance without the numbers: on nearly every topic, with gaps
	 * admitted on few of them (counted by topic, which does not move with
	 * the follow-ups a seed asks, as a count of sentences does) */
	return (double)measured / replies >= T(c, TUN_SENIOR_MEASURE_RATE) ||
	       (c->topic_substance >= T(c, TUN_SENIOR_TOPIC_SUBSTANCE) &&
		(long_career || c->gap_topic_share <= T(c, TUN_SENIOR_GAP_TOPICS)));
}

/* Senior scope: they led something (a team, a product as its first
 * engineer or CTO, a redesign, an incident) at the size of a system or
 * across teams, with substance on nearly every topic; admitted gaps do not
 * take it away: honesty about what one has not done is no sign of a
 * smaller scope. */
int ev_senior_scope(const struct ctx *c)
{
	int leadership = 0;
	for (size_t i = 0; i < c->n_sents; i++)
		leadership += !c->sents[i].excluded && has(&c->sents[i], CUE_LEADERSHIP);
	return leadership >= T(c, TUN_SENIOR_SCOPE_LEADERSHIP) &&
	       c->scope_turns[SCOPE_SYSTEM] + c->scope_turns[SCOPE_ORG] > 0 &&
	       c->topic_substance >= T(c, TUN_SENIOR_TOPIC_SUBSTANCE);
}

/* A wrong claim the candidate corrects in the rest of that reply or in
 * their next one ("like SHA-256 with a salt" ... "Actually, thinking about
 * it more, SHA-256 is the wrong choice, it's designed to be fast"): a
 * correction cue in a sentence on the claim's dimension.  Read blind, a
 * panel scored a graduate who did so as basic on security, not poor; the
 * claim still counts, at a share (claim_taken_back_share), and the
 * scorecard says it was taken back. */
int ev_mark_taken_back(struct ctx *c)
{
	c->claim_taken_back = calloc(c->n_claim_hits + 1, 1);
	if (!c->claim_taken_back)
		return -1;
	for (size_t i = 0; i < c->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		for (size_t j = 0; j < s->n_claims; j++) {
			const struct rubric_claim *cl =
				rubric_claim_at(c->rb, c->claim_hits[s->first_claim + j]);
			uint32_t dims = (1u << cl->dimension) | cl->also;
			/* the next reply: the next turn the candidate answered */
			size_t next = s->turn + 1;
			while (next < c->tr->n_turns && !c->turns[next].replied)
				next++;
			for (size_t k = i + 1; k < c->n_sents; k++) {
				const struct sent *t = &c->sents[k];
				if (t->turn != s->turn && t->turn != next)
					break;
				if (has(t, CUE_TAKEN_BACK) && (t->dims & dims)) {
					c->claim_taken_back[s->first_claim + j] = 1;
					break;
				}
			}
		}
	}
	return 0;
}

double ev_claim_weight(const struct ctx *c, size_t k)
{
	const struct rubric_claim *cl = rubric_claim_at(c->rb, c->claim_hits[k]);
	double w = cl->severity;
	if (c->claim_taken_back && c->claim_taken_back[k])
		w *= T(c, TUN_CLAIM_TAKEN_BACK_SHARE);
	return w;
}

/* Read blind, a bootcamp graduate who said "localStorage" and "seven days"
 * twice each was scored poor on security by four sayings of two minor
 * claims; a panel counted two misconceptions and called it basic. */
int ev_claim_counts(const struct ctx *c, size_t k)
{
	double w = ev_claim_weight(c, k);
	for (size_t j = 0; j < c->n_claim_hits; j++) {
		if (j == k || c->claim_hits[j] != c->claim_hits[k])
			continue;
		double o = ev_claim_weight(c, j);
		if (o > w || (o == w && j < k))
			return 0;
	}
	return 1;
}
