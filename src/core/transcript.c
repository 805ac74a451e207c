/*
 * transcript.c - the stored interview as plain data (see transcript.h).
 */
#include "transcript.h"

#include <stdlib.h>
#include <string.h>

struct transcript *transcript_new(void)
{
	return calloc(1, sizeof(struct transcript));
}

void transcript_free(struct transcript *tr)
{
	if (!tr)
		return;
	for (size_t i = 0; i < tr->n_turns; i++) {
		struct transcript_turn *t = &tr->turns[i];
		free(t->phase);
		free(t->topic);
		free(t->interviewer_text);
		free(t->candidate_text);
		free(t->scripted_text);
		free(t->wording);
		free(t->fallback);
	}
	free(tr->turns);
	free(tr->session_id);
	free(tr->candidate_name);
	free(tr->playbook_version);
	free(tr->status);
	free(tr);
}

static int set_optional(char **field, const char *value)
{
	char *copy = NULL;
	if (value && !(copy = strdup(value)))
		return -1;
	free(*field);
	*field = copy;
	return 0;
}

int transcript_set_wording(struct transcript_turn *t, const char *scripted, const char *wording,
			   const char *fallback)
{
	return set_optional(&t->scripted_text, scripted) || set_optional(&t->wording, wording) ||
			       set_optional(&t->fallback, fallback)
		       ? -1
		       : 0;
}

int transcript_set_string(char **field, const char *value)
{
	char *copy = strdup(value ? value : "");
	if (!copy)
		return -1;
	free(*field);
	*field = copy;
	return 0;
}

struct transcript_turn *transcript_add_turn(struct transcript *tr, int turn, const char *phase,
					    const char *topic, uint32_t acts, double t,
					    const char *interviewer_text)
{
	if (tr->n_turns == tr->cap_turns) {
		size_t ncap = tr->cap_turns ? tr->cap_turns * 2 : 32;
		struct transcript_turn *n = realloc(tr->turns, ncap * sizeof *n);
		if (!n)
			return NULL;
		tr->turns = n;
		tr->cap_turns = ncap;
	}
	struct transcript_turn *tt = &tr->turns[tr->n_turns];
	memset(tt, 0, sizeof *tt);
	tt->turn = turn;
	tt->acts = acts;
	tt->t = t;
	tt->reply_confidence = 1.0;
	if (transcript_set_string(&tt->phase, phase) || transcript_set_string(&tt->topic, topic) ||
	    transcript_set_string(&tt->interviewer_text, interviewer_text)) {
		free(tt->phase);
		free(tt->topic);
		free(tt->interviewer_text);
		return NULL;
	}
	tr->n_turns++;
	return tt;
}

int transcript_set_reply(struct transcript *tr, const char *text, double reply_t,
			 double reply_seconds, double confidence)
{
	if (tr->n_turns == 0)
		return -1;
	struct transcript_turn *tt = &tr->turns[tr->n_turns - 1];
	if (transcript_set_string(&tt->candidate_text, text))
		return -1;
	tt->reply_t = reply_t;
	tt->reply_seconds = reply_seconds;
	tt->reply_confidence = confidence;
	return 0;
}
