/*
 * test_sim.h - drives the engine turn by turn for the engine tests: start an
 * interview, reply, read the turn; plain replies that reach a phase.
 */
#ifndef IV_TEST_SIM_H
#define IV_TEST_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "interview.h"
#include "options.h"

struct sim {
	struct interview *iv;
	double t;
	struct interviewer_turn turn;
	char text[2048];
	char topic[64];
};

/* A new interview on c's playbook and lexicon, and its greeting. */
void sim_start(struct sim *s, const struct content *c, uint64_t seed, const char *name);

/* Replies (lasting seconds) and takes the next turn. */
void sim_say(struct sim *s, const char *reply, double seconds);

/* 1 when the current turn performs act a (enum act). */
int sim_acts(const struct sim *s, int a);

/* The i-th of a set of plain replies that differ from each other, so that
 * none reads as the same answer again. */
const char *plain_reply(int i, char *buf, size_t cap);

struct variants;
/* 1 when the current turn says one of v's lines (a playbook line list, as
 * written: lines with placeholders are found only when filled the same). */
int sim_says_one_of(const struct sim *s, const struct variants *v);

/* Replies plainly until the interview reaches phase (enum phase). */
void sim_reach(struct sim *s, int phase);

#endif
