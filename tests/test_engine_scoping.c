/*
 * test_engine_scoping.c - a candidate's scoping question in a design or
 * debugging scenario ("is this read-heavy?", "how many warehouses?") gets
 * one of the scenario's facts, not "make whatever assumption you like".
 *
 * tests/scoping/ holds questions written blind (by someone who saw only the
 * scenarios' wording, not the facts nor how they are matched), each with
 * the dimension it asks about, in many styles: hesitant, terse, non-native,
 * two-part, after a sentence of thinking aloud.  dev.json is used here;
 * heldout.json is kept aside for measuring (a panel rated the held-out
 * answers: see the notes), never for tuning the facts' match phrases.
 */
#include "test_support.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "interview.h"
#include "interview_internal.h"
#include "playbook_internal.h"
#include "test_sim.h"

/* 1 when the turn says one of the topic's facts with a match list (not the
 * default for questions nothing matched). */
static int says_a_fact(const struct sim *s, const struct topic *t)
{
	for (size_t a = 0; a < t->n_assumptions; a++)
		if (t->assumptions[a].match.n && strstr(s->text, t->assumptions[a].say))
			return 1;
	return 0;
}

static void test_blind_scoping_questions_get_facts(void **state)
{
	(void)state;
	const struct playbook *pb = ts_content.playbook;
	json_error_t je;
	json_t *root = json_load_file(IV_DATA_DIR "/../tests/scoping/dev.json", 0, &je);
	if (!root)
		fail_msg("tests/scoping/dev.json: %s", je.text);
	size_t asked = 0, facts = 0;
	const char *topic_id;
	json_t *questions;
	json_object_foreach(root, topic_id, questions) {
		int ti = -1;
		for (size_t i = 0; i < pb->n_topics; i++)
			if (!strcmp(pb->topics[i].id, topic_id))
				ti = (int)i;
		if (ti < 0)
			fail_msg("tests/scoping/dev.json: no topic %s in the playbook", topic_id);
		const struct topic *t = &pb->topics[ti];
		assert_true(t->n_assumptions > 1); /* every scenario has facts to give */
		size_t k;
		json_t *q;
		json_array_foreach(questions, k, q) {
			const char *text = json_string_value(json_object_get(q, "q"));
			assert_non_null(text);
			struct sim s;
			sim_start(&s, &ts_content, 1 + k, "Noor");
			sim_reach(&s, PHASE_DESIGN);
			/* the scenario at hand, as when its question was just asked */
			s.iv->topic = ti;
			s.iv->phase = t->phase;
			sim_say(&s, text, 8);
			asked++;
			if (says_a_fact(&s, t))
				facts++;
			else
				print_message("no fact: %s: %s -> %s\n", topic_id, text, s.text);
			interview_free(s.iv);
		}
	}
	json_decref(root);
	assert_true(asked >= 80);
	/* the floor: at the time of writing 60 of 88 get a fact in the whole
	 * engine (37 before questions without their opening, "Read or write
	 * endpoint?" or "Do products have variants?", counted as questions,
	 * and before a scenario's fact came first for a question about the
	 * scenario that sounds like one about the team: "did anything change
	 * recently, like a deploy?").  The facts alone, matched
	 * against the held-out half and rated by a panel, answered 48 of 88
	 * and 15 partly, against 13 and 6 before they were written; the rest
	 * of the gap is the engine taking a question for an answer and
	 * probing it, printed above for the next change to read. */
	assert_true(facts * 100 >= asked * 65);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blind_scoping_questions_get_facts),
	};
	return cmocka_run_group_tests(tests, ts_content_setup, ts_content_teardown);
}
