/*
 * substance.c - the strength of one answer from the kinds it shows (see
 * substance.h).  The weights are few and fixed on purpose: they state what
 * the brief values (first-hand work with specifics and reasons over
 * vocabulary), and a candidate's style cannot move them.
 */
#include "substance.h"

void substance_mark(struct substance *s, enum substance_kind k)
{
	if (k >= 0 && k < SUB_COUNT)
		s->shows[k] = 1;
}

void substance_mark_hollow(struct substance *s, enum hollow_kind h)
{
	if (h >= 0 && h < HOLLOW_COUNT)
		s->hollow[h] = 1;
}

int substance_kinds(const struct substance *s)
{
	int n = 0;
	for (int k = 0; k < SUB_COUNT; k++)
		n += s->shows[k] != 0;
	return n;
}

double substance_strength(const struct substance *s, int firsthand_asked)
{
	/* beyond first-hand work, two kinds make a full answer: a specific and
	 * a reason, or a failure and how it was handled */
	int beyond = substance_kinds(s) - (s->shows[SUB_FIRSTHAND] != 0);
	double v = beyond >= 2 ? 1.0 : beyond == 1 ? 0.6 : 0.0;
	if (s->shows[SUB_FIRSTHAND] && beyond == 0)
		v = 0.25; /* first-hand work named, nothing about it */
	else if (!s->shows[SUB_FIRSTHAND] && firsthand_asked)
		v *= 0.5;
	if (s->hollow[HOLLOW_HYPOTHETICAL] && !s->shows[SUB_FIRSTHAND] && firsthand_asked)
		v *= 0.8;
	if (s->hollow[HOLLOW_THEORY])
		v *= 0.7;
	if (s->hollow[HOLLOW_GAP])
		v *= 0.5;
	if (s->hollow[HOLLOW_VAGUE])
		v *= 0.6;
	if (s->hollow[HOLLOW_WRONG])
		v *= 0.3;
	return v;
}

int substance_is_solid(const struct substance *s)
{
	return s->shows[SUB_FIRSTHAND] && substance_kinds(s) >= 2 && !s->hollow[HOLLOW_GAP] &&
	       !s->hollow[HOLLOW_VAGUE];
}
