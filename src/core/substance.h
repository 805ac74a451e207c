/*
 * substance.h - what one answer shows, by kind and not by length.
 *
 * An answer has substance when it shows first-hand work and what made that
 * work real: a specific (a number, a size, a named incident), a reason tied
 * to the situation, a cost weighed against a benefit, a failure met and
 * handled, an outcome or a lesson.  Each kind counts once per answer,
 * however many sentences repeat it, so a long answer earns no more than a
 * short one that shows the same things; hypotheticals, reading and hollow
 * phrases take away from it.  The engine (which branch the deep dive takes)
 * and the evaluator (dimension depth, senior evidence) fill the same record
 * from their own readings, so both judge an answer the same way.
 *
 * Pure: no allocation, no I/O.
 */
#ifndef IV_SUBSTANCE_H
#define IV_SUBSTANCE_H

#include <stdint.h>

enum substance_kind {
	SUB_FIRSTHAND, /* the candidate or their team did or saw it, in real work */
	SUB_SPECIFIC,  /* a number with a unit, a size, a version, a named incident */
	SUB_REASON,    /* why, tied to the situation */
	SUB_WEIGHED,   /* a cost against a benefit, an alternative considered */
	SUB_FAILURE,   /* a failure mode met or handled */
	SUB_OUTCOME,   /* what came of it: a result, a lesson, a change made since */
	SUB_COUNT
};

/* What takes substance away: said from reading or as a hypothetical, a gap
 * admitted, a hollow phrase ("best practices"). */
enum hollow_kind {
	HOLLOW_HYPOTHETICAL, /* "you would", "typically", "the standard approach is" */
	HOLLOW_THEORY,       /* "I read", "in the course", a side project */
	HOLLOW_GAP,          /* "I haven't done that", "I don't know" */
	HOLLOW_VAGUE,        /* "best practices", "it just works", habit or popularity */
	HOLLOW_WRONG,        /* a claim that is wrong ("JWT payloads are encrypted") */
	HOLLOW_COUNT
};

struct substance {
	uint8_t shows[SUB_COUNT];   /* 1 when the answer shows the kind */
	uint8_t hollow[HOLLOW_COUNT];
	/* what the answer's sentences named so far: a failure mode, a fix.  A
	 * terse answer tells them apart ("Errors were connection timeouts.
	 * Rolled back, killed the idle sessions."): both make a failure
	 * handled, in one sentence or two */
	uint8_t named_failure, named_fix;
	/* the sentence before told a choice made ("Went with RabbitMQ."): a
	 * sentence after it that names something of the situation ("Needed
	 * per-consumer routing, and the team knew it.") is its reason, said
	 * without a "because", as terse speakers say it */
	uint8_t named_choice;
	/* a sentence of the answer so far named a concept or a point: a
	 * reason later in it is about something named */
	uint8_t named_something;
};

/* Marks kind k (or hollow kind h) as shown; repeats change nothing. */
void substance_mark(struct substance *s, enum substance_kind k);
void substance_mark_hollow(struct substance *s, enum hollow_kind h);

/* The number of kinds the answer shows, 0 .. SUB_COUNT. */
int substance_kinds(const struct substance *s);

/* How much the answer shows, 0 .. 1: the kinds beyond first-hand work,
 * less what is hollow.  When the question asked about the candidate's own
 * work (firsthand_asked), the kinds count fully only for first-hand work:
 * what one would do, however well reasoned, is worth half.  A design
 * scenario asks what one would do, so there a plan is the answer.  The
 * same answer gives the same value whatever its length. */
double substance_strength(const struct substance *s, int firsthand_asked);

/* 1 when the answer counts as substantive: first-hand work with at least
 * one more kind, and no admitted gap. */
int substance_is_solid(const struct substance *s);

#endif
