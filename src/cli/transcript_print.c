/*
 * transcript_print.c - printing a transcript as text or JSON.
 */
#include "transcript_print.h"

#include <jansson.h>
#include <stdlib.h>

#include "interview.h"
#include "live.h"

static void clock_str(double t, char *out, size_t cap)
{
	snprintf(out, cap, "%02d:%02d", (int)(t / 60), (int)t % 60);
}

void transcript_print_text(FILE *out, const struct transcript *tr, const char *persona_name)
{
	const char *name = tr->candidate_name && *tr->candidate_name ? tr->candidate_name : "Candidate";
	fprintf(out, "Session %s  candidate: %s  playbook: %s  status: %s\n", tr->session_id, name,
		tr->playbook_version, tr->status ? tr->status : "?");
	for (size_t i = 0; i < tr->n_turns; i++) {
		const struct transcript_turn *t = &tr->turns[i];
		char clock[16], acts[256];
		clock_str(t->t, clock, sizeof clock);
		live_acts_string(t->acts, acts, sizeof acts);
		fprintf(out, "\n[%s %s] %s  (%s; %s)\n  %s\n", clock, t->phase, persona_name, t->topic,
			acts, t->interviewer_text);
		if (t->candidate_text) {
			clock_str(t->reply_t, clock, sizeof clock);
			fprintf(out, "[%s] %s\n  %s\n", clock, name,
				*t->candidate_text ? t->candidate_text : "(silence)");
		}
	}
	char clock[16];
	clock_str(tr->ended_t, clock, sizeof clock);
	if (tr->ended_t > 0)
		fprintf(out, "\nEnded at %s after %zu turns.\n", clock, tr->n_turns);
}

json_t *transcript_json(const struct transcript *tr)
{
	json_t *turns = json_array();
	for (size_t i = 0; i < tr->n_turns; i++) {
		const struct transcript_turn *t = &tr->turns[i];
		json_t *acts = json_array();
		for (int a = 0; a < ACT_COUNT; a++)
			if (t->acts & (1u << a))
				json_array_append_new(acts, json_string(act_name((enum act)a)));
		json_t *o = json_pack("{s:i, s:s, s:s, s:o, s:f, s:s}", "turn", t->turn, "phase",
				      t->phase, "topic", t->topic, "acts", acts, "t", t->t,
				      "interviewer", t->interviewer_text);
		if (t->candidate_text) {
			json_object_set_new(o, "candidate", json_string(t->candidate_text));
			json_object_set_new(o, "reply_t", json_real(t->reply_t));
			json_object_set_new(o, "reply_seconds", json_real(t->reply_seconds));
			json_object_set_new(o, "reply_confidence", json_real(t->reply_confidence));
		}
		json_array_append_new(turns, o);
	}
	json_t *root = json_pack("{s:s, s:s, s:s, s:I, s:b, s:f, s:s, s:f, s:o}", "session",
				 tr->session_id, "candidate", tr->candidate_name ? tr->candidate_name : "",
				 "playbook_version", tr->playbook_version, "seed", (json_int_t)tr->seed,
				 "virtual_clock", tr->virtual_clock, "created_unix", tr->created_unix,
				 "status", tr->status ? tr->status : "", "duration_s", tr->ended_t,
				 "turns", turns);
	return root;
}

void transcript_print_json(FILE *out, const struct transcript *tr)
{
	json_t *root = transcript_json(tr);
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	if (s) {
		fputs(s, out);
		fputc('\n', out);
		free(s);
	}
	json_decref(root);
}
