/*
 * playbook.h - the interview's content as data (data/playbooks/backend.yaml):
 * the persona, the questions and their phrasing variants, the follow-up
 * rules, the anecdotes, the answers to candidates' questions and the phase
 * budgets.  docs/playbook.md describes the format.
 *
 * Parsing takes the text (the caller reads the file) and validates it
 * against the lexicon: a broken playbook fails with "file:line: what".
 * A playbook is immutable once parsed and shared by every interview.
 */
#ifndef IV_PLAYBOOK_H
#define IV_PLAYBOOK_H

#include <stddef.h>

#include "iv_error.h"
#include "lexicon.h"

struct playbook;

struct playbook *playbook_parse(const struct text_source *src, const struct lexicon *lx,
				struct iv_error *err);
void playbook_free(struct playbook *pb);

const char *playbook_version(const struct playbook *pb);
const char *playbook_role(const struct playbook *pb);
const char *playbook_persona_name(const struct playbook *pb);
/* Words per minute of the virtual clock. */
double playbook_words_per_minute(const struct playbook *pb);
/* Seconds an empty reply lasts on the virtual clock when none is given. */
double playbook_silence_seconds(const struct playbook *pb);
/* The wrong claims (rubric ids) the playbook has challenges for. */
size_t playbook_challenge_count(const struct playbook *pb);
/* The knowledge points (rubric ids) whose statement answers a follow-up
 * question already ("covers:"): the interviewer does not ask it then. */
size_t playbook_cover_count(const struct playbook *pb);
const char *playbook_cover_id(const struct playbook *pb, size_t i);
const char *playbook_challenge_id(const struct playbook *pb, size_t i);
/* What the persona may say about the team and the job: every answer to a
 * candidate's question (candidate_questions:), i from 0 to the count. */
size_t playbook_fact_count(const struct playbook *pb);
const char *playbook_fact(const struct playbook *pb, size_t i);

#endif
