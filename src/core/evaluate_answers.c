/*
 * evaluate_answers.c - each reply judged as a whole, after its sentences
 * are read.  Evidence counts by what an answer shows, not by how many
 * sentences say it: each kind of substance once per answer (first-hand
 * work, a specific, a reason, a trade-off, a failure handled, an outcome),
 * the widest scope of work it claims, and whether a question about
 * security or a "why" got anything at all - absence is evidence too.
 */
#include <string.h>

#include "cue_substance.h"
#include "evaluate_internal.h"

/* Topics that ask about the candidate's own work, where what one would do
 * is not an answer: the opening, experience and the deep dive's stories. */
static int asks_firsthand(const char *topic)
{
	return !strncmp(topic, "opening.", 8) || !strncmp(topic, "experience.", 11) ||
	       !strncmp(topic, "deep.", 5);
}

static enum scope_level sentence_scope(const struct sent *s)
{
	if (s->excluded || has(s, CUE_HYPOTHETICAL) || has(s, CUE_THEORY) || has(s, CUE_PERSONAL))
		return SCOPE_NONE;
	/* leading a system or work across teams counts when the candidate says
	 * they did it, not when a team did or other teams are blamed */
	/* "I haven't architected a system": a wider scope named to deny it */
	if (has(s, CUE_GAP) || has(s, CUE_DONT_KNOW))
		return has(s, CUE_SCOPE_FEATURE) ? SCOPE_FEATURE : SCOPE_NONE;
	int own = has(s, CUE_SELF) && !has(s, CUE_BLAME) && !has(s, CUE_DEFLECTION);
	if (has(s, CUE_SCOPE_ORG) && own)
		return SCOPE_ORG;
	if ((has(s, CUE_SCOPE_SYSTEM) || has(s, CUE_SCOPE_ORG)) && own)
		return SCOPE_SYSTEM;
	if (has(s, CUE_SCOPE_SERVICE))
		return SCOPE_SERVICE;
	if (has(s, CUE_SCOPE_FEATURE))
		return SCOPE_FEATURE;
	return SCOPE_NONE;
}

/* The dimensions a sentence shows knowledge of, however it is worded: a
 * point of the rubric said plainly, or a concept of the dimension named with
 * something behind it (a reason, a trade-off, a number, a failure handled,
 * first-hand work), or two of its concepts named together.  What the rubric's
 * points do not phrase is still heard through the lexicon's concepts; a
 * deflection, a dismissal or an admitted gap shows nothing. */
static uint32_t sentence_shows(const struct ctx *c, const struct sent *s)
{
	if (s->excluded || ev_against_cue(s) || s->credit < 0.5 || has(s, CUE_DONT_KNOW) ||
	    has(s, CUE_GAP) || has(s, CUE_VAGUE) || has(s, CUE_CARGO_CULT) || s->n_claims)
		return 0;
	int behind = has(s, CUE_REASONING) || has(s, CUE_TRADEOFF) || has(s, CUE_MEASURE) ||
		     has(s, CUE_EDGE) || has(s, CUE_MITIGATION) || ev_practice(s);
	uint32_t shows = 0;
	for (int d = 0; d < DIM_COUNT; d++)
		if (ev_points_of(c, s, d) || s->dim_concepts[d] >= 2 ||
		    (s->dim_concepts[d] && behind))
			shows |= 1u << d;
	return shows;
}

static void read_answer(struct ctx *c, size_t ti)
{
	struct turn_info *info = &c->turns[ti];
	const struct transcript_turn *t = &c->tr->turns[ti];
	memset(&info->sub, 0, sizeof info->sub);
	info->shown_dims = 0;
	info->firsthand_asked = asks_firsthand(t->topic);
	info->security_asked = (info->prompts >> DIM_SECURITY) & 1u;
	info->why_asked = (t->acts >> ACT_PROBE_WHY) & 1u;
	int security = 0, wrong = 0;
	for (size_t i = info->first_sent; i < info->first_sent + info->n_sents; i++) {
		const struct sent *s = &c->sents[i];
		if (s->excluded)
			continue;
		cue_substance_add(&info->sub, s->cues, s->n_concepts, s->n_points, s->n_words);
		wrong += s->n_claims > 0;
		enum scope_level sc = sentence_scope(s);
		if (sc > info->scope)
			info->scope = (uint8_t)sc;
		if (ev_points_of(c, s, DIM_SECURITY) && s->credit >= 0.5 && !ev_against_cue(s))
			security = 1;
		info->shown_dims |= sentence_shows(c, s);
	}
	/* asked about their own work, an answer that gives its specifics
	 * plainly ("Load search. p99 was 1.8 seconds, one query, wrong column
	 * order.") tells of that work without an "I" or a "we": the question
	 * made it first-hand, unless it hedges, speaks from reading or as a
	 * hypothetical, or admits a gap */
	struct substance *own = &info->sub;
	if (info->firsthand_asked && own->shows[SUB_SPECIFIC] && !own->hollow[HOLLOW_HYPOTHETICAL] &&
	    !own->hollow[HOLLOW_THEORY] && !own->hollow[HOLLOW_GAP] && !own->hollow[HOLLOW_VAGUE])
		substance_mark(own, SUB_FIRSTHAND);
	/* a wrong claim makes the answer hollow, however specific it sounds */
	if (wrong)
		substance_mark_hollow(&info->sub, HOLLOW_WRONG);
	info->strength = info->replied ? substance_strength(&info->sub, info->firsthand_asked) : 0;
	info->security_shown = (uint8_t)(security || ((info->shown_dims >> DIM_SECURITY) & 1u));
	const struct substance *sub = &info->sub;
	info->why_answered = sub->shows[SUB_REASON] || sub->shows[SUB_WEIGHED] ||
			     (sub->shows[SUB_SPECIFIC] && sub->shows[SUB_FIRSTHAND]);
}

void ev_read_answers(struct ctx *c)
{
	double best[256] = {0};
	uint8_t gap[256] = {0};
	/* what a topic's answers show together: a terse expert shows the
	 * reason in one reply and the number in the next */
	struct substance together[256];
	uint8_t all_hollow[256][HOLLOW_COUNT];
	int firsthand_asked[256] = {0};
	memset(together, 0, sizeof together);
	memset(all_hollow, 1, sizeof all_hollow);
	const struct rubric_topic *seen[256];
	size_t n_seen = 0;
	memset(c->scope_turns, 0, sizeof c->scope_turns);
	for (size_t ti = 0; ti < c->tr->n_turns; ti++) {
		struct turn_info *info = &c->turns[ti];
		read_answer(c, ti);
		if (!info->replied || info->closing)
			continue;
		c->scope_turns[info->scope]++;
		/* the best answer on each topic, and what its answers show
		 * together (each kind once): the length of the answers does not
		 * move it, and more probes add only kinds not shown yet */
		size_t k = 0;
		while (k < n_seen && seen[k] != info->topic)
			k++;
		if (k == n_seen && n_seen < 256)
			seen[n_seen++] = info->topic;
		if (k < 256 && info->strength > best[k])
			best[k] = info->strength;
		if (k < 256) {
			for (int q = 0; q < SUB_COUNT; q++)
				together[k].shows[q] |= info->sub.shows[q];
			for (int h = 0; h < HOLLOW_COUNT; h++)
				all_hollow[k][h] &= info->sub.hollow[h] != 0;
			firsthand_asked[k] |= info->firsthand_asked;
		}
		if (k < 256 && info->sub.hollow[HOLLOW_GAP])
			gap[k] = 1;
	}
	double sum = 0;
	int gaps = 0;
	for (size_t k = 0; k < n_seen; k++) {
		/* hollow only what every answer on it was (a wrong claim stays) */
		for (int h = 0; h < HOLLOW_COUNT; h++)
			together[k].hollow[h] = all_hollow[k][h];
		double joint = substance_strength(&together[k], firsthand_asked[k]);
		sum += joint > best[k] ? joint : best[k];
		gaps += gap[k];
	}
	c->topic_substance = n_seen ? sum / n_seen : 0;
	/* topics on which they admitted a gap: like the best answer, it does not
	 * move with how many follow-ups a topic got */
	c->gap_topic_share = n_seen ? (double)gaps / n_seen : 0;
}
