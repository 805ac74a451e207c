/*
 * interview.c - the interview engine's interface (see interview.h): making
 * an interview, hearing the candidate, and the turn loop that asks moves.c
 * for each move.  The names of phases and acts live in interview_enums.c.
 *
 * The engine looks at the last reply (what kind of reply it was, what it
 * named, how deep it went), the clock and the state, and chooses one move:
 * greet, ask a topic, probe it, fire a conditional follow-up, probe
 * security, answer the candidate, encourage, redirect, move to the next
 * phase, close (moves.c, with the clock and topic choice in schedule.c).
 * wording.c turns the move into words.  docs/engine.md tells the whole story.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interview_internal.h"
#include "cue_substance.h"

/* a terse reply this short or shorter can be said back */

struct interview_params interview_default_params(void)
{
	struct interview_params p = {NULL, NULL, 1, "", NULL};
	return p;
}

static void shuffle_topics(struct interview *iv)
{
	const struct playbook *pb = iv->pb;
	int n = (int)pb->n_topics;
	for (int i = 0; i < n; i++)
		iv->order[i] = (int8_t)i;
	for (int i = n - 1; i > 0; i--) {
		int j = (int)(iv_rand(iv) % (uint64_t)(i + 1));
		int8_t t = iv->order[i];
		iv->order[i] = iv->order[j];
		iv->order[j] = t;
	}
	/* a stable sort by the playbook's explicit order keeps the shuffle among equals */
	for (int i = 1; i < n; i++) {
		int8_t t = iv->order[i];
		int j = i - 1;
		while (j >= 0 && pb->topics[iv->order[j]].order > pb->topics[t].order) {
			iv->order[j + 1] = iv->order[j];
			j--;
		}
		iv->order[j + 1] = t;
	}
}

struct interview *interview_new(const struct interview_params *p, struct iv_error *err)
{
	if (!p || !p->playbook || !p->lexicon) {
		iv_error_set(err, "an interview needs a playbook and a lexicon");
		return NULL;
	}
	if (p->playbook->n_topics > IV_MAX_TOPICS) {
		iv_error_set(err, "the playbook has %zu topics; at most %d", p->playbook->n_topics,
			     IV_MAX_TOPICS);
		return NULL;
	}
	if (playbook_cover_count(p->playbook) > IV_MAX_COVERS) {
		iv_error_set(err, "the playbook's follow-ups name %zu knowledge points; at most %d",
			     playbook_cover_count(p->playbook), IV_MAX_COVERS);
		return NULL;
	}
	struct interview *iv = calloc(1, sizeof *iv);
	if (!iv) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < playbook_cover_count(p->playbook); i++)
		iv->cover_point[i] = (int16_t)(p->rubric ? rubric_find_cover(p->rubric,
							playbook_cover_id(p->playbook, i)) : -1);
	iv->pb = p->playbook;
	iv->lx = p->lexicon;
	iv->rubric = p->rubric;
	iv->pending_claim = -1;
	iv->restated_claim = -1;
	iv->last_rejected = -1;
	iv->last_skipped = -1;
	iv->rng = p->seed;
	snprintf(iv->name, sizeof iv->name, "%s", p->candidate_name ? p->candidate_name : "");
	iv->topic = -1;
	iv->parent_topic = -1;
	iv->last_concept = -1;
	iv->last_asked_focus = -1;
	iv->topic_concept = -1;
	iv->last_probe = -1;
	for (int i = 0; i < LEXICON_MAX_CATEGORIES; i++)
		iv->first_concept_in[i] = iv->first_component_in[i] = -1;
	shuffle_topics(iv);
	return iv;
}

void interview_free(struct interview *iv)
{
	if (!iv)
		return;
	text_words_release(&iv->scratch);
	free(iv);
}

int interview_is_over(const struct interview *iv) { return iv->over; }
int interview_awaiting_reply(const struct interview *iv) { return iv->awaiting; }
enum phase interview_phase(const struct interview *iv) { return iv->phase; }
enum branch interview_branch(const struct interview *iv) { return iv->branch; }
int interview_turn_count(const struct interview *iv) { return iv->turn; }

size_t interview_footprint_bytes(const struct interview *iv)
{
	return sizeof *iv + iv->scratch.cap_words * sizeof(struct text_word) +
	       iv->scratch.cap_sentences * sizeof(struct text_sentence);
}

uint32_t iv_security_mask(const struct interview *iv)
{
	static const char *const ids[] = {"security", "auth", NULL};
	return lexicon_category_mask(iv->lx, ids);
}

const struct topic *iv_cur_topic(const struct interview *iv)
{
	return iv->topic >= 0 ? &iv->pb->topics[iv->topic] : NULL;
}

/* Keeps the concepts of the reply the candidate used or met (not ones they
 * ruled out or only named), once each, with the topic at hand. */
static void remember_concepts(struct interview *iv)
{
	const struct utterance_analysis *ua = &iv->last;
	if (iv->topic < 0 || iv->phase == PHASE_OPENING || iv->phase == PHASE_CLOSING)
		return;
	for (int i = 0; i < ua->n_concepts && iv->n_remembered < IV_MAX_REMEMBERED; i++) {
		int c = ua->concepts[i], known = 0;
		if (!stance_is_own((enum stance)ua->stance[i]) ||
		    !lexicon_concept_referable(iv->lx, (size_t)c) ||
		    lexicon_concept_kind(iv->lx, (size_t)c) == KIND_GENERIC)
			continue;
		for (int k = 0; k < iv->n_remembered && !known; k++)
			known = iv->remembered[k] == c;
		if (known)
			continue;
		iv->remembered[iv->n_remembered] = (int16_t)c;
		iv->remembered_topic[iv->n_remembered++] = (int16_t)iv->topic;
	}
}

static int in_list(const int16_t *list, int n, int c)
{
	for (int k = 0; k < n; k++)
		if (list[k] == c)
			return k;
	return -1;
}

int iv_inherited(const struct interview *iv, int concept)
{
	return in_list(iv->inherited, iv->n_inherited, concept) >= 0;
}

int iv_disowned(const struct interview *iv, int concept)
{
	return in_list(iv->disowned, iv->n_disowned, concept) >= 0;
}

/* What the candidate named on this topic, and what they said they never
 * did, ruled out or skip: the interviewer does not ask again about the
 * one, nor about the other as if they used it. */
static void note_named(struct interview *iv)
{
	const struct utterance_analysis *ua = &iv->last;
	for (int i = 0; i < ua->n_concepts; i++) {
		int c = ua->concepts[i];
		enum stance st = (enum stance)ua->stance[i];
		if (in_list(iv->topic_named, iv->n_topic_named, c) < 0 && iv->n_topic_named < IV_MAX_TOPIC_NAMED)
			iv->topic_named[iv->n_topic_named++] = (int16_t)c;
		if (st != STANCE_UNKNOWN && st != STANCE_REJECTED && st != STANCE_SKIPS &&
		    st != STANCE_ALTERNATIVE)
			iv->topic_used_categories |= lexicon_concept_categories(iv->lx, (size_t)c);
		int at = in_list(iv->disowned, iv->n_disowned, c);
		if ((st == STANCE_UNKNOWN || st == STANCE_REJECTED || st == STANCE_SKIPS) && at < 0 &&
		    iv->n_disowned < IV_MAX_DISOWNED)
			iv->disowned[iv->n_disowned++] = (int16_t)c;
		else if (st == STANCE_USES && at >= 0)
			iv->disowned[at] = iv->disowned[--iv->n_disowned];
		if (st == STANCE_INHERITED && in_list(iv->inherited, iv->n_inherited, c) < 0 &&
		    iv->n_inherited < IV_MAX_DISOWNED)
			iv->inherited[iv->n_inherited++] = (int16_t)c;
	}
}

int interview_hear(struct interview *iv, const char *text, double now_s, struct iv_error *err)
{
	return interview_hear_speech(iv, text, 1.0, now_s, err);
}

int interview_hear_speech(struct interview *iv, const char *text, double confidence, double now_s,
			  struct iv_error *err)
{
	if (!iv->awaiting) {
		iv_error_set(err, "no reply is awaited: the interviewer has not asked anything%s",
			     iv->over ? " (the interview is over)" : "");
		return -1;
	}
	if (understand_utterance(iv->lx, text ? text : "", &iv->scratch, &iv->last)) {
		iv_error_set(err, "out of memory");
		return -1;
	}
	snprintf(iv->reply_text, sizeof iv->reply_text, "%s", text ? text : "");
	iv->awaiting = 0;
	iv->now_t = now_s;
	iv->not_heard = confidence < INTERVIEW_CLEAR_CONFIDENCE && !iv->last.silent;
	if (iv->not_heard)
		return 0; /* garbled words are not evidence of anything: ask again */
	iv->topic_replies++;
	const struct utterance_analysis *ua = &iv->last;
	const struct topic *t = iv_cur_topic(iv);
	iv->topic_categories |= ua->category_mask;
	iv->categories_seen |= ua->category_mask;
	if (iv_listen(iv)) {
		iv_error_set(err, "out of memory");
		return -1;
	}
	/* judged against the question it answers, before the next is asked */
	iv->reply_missed = iv_reply_misses_question(iv);
	for (int i = 0; i < ua->n_concepts; i++) {
		uint32_t cats = lexicon_concept_categories(iv->lx, ua->concepts[i]);
		if (!lexicon_concept_referable(iv->lx, ua->concepts[i]) ||
		    !stance_is_own((enum stance)ua->stance[i]) || ua->stance[i] == STANCE_INHERITED ||
		    lexicon_concept_kind(iv->lx, ua->concepts[i]) == KIND_GENERIC)
			cats = 0; /* never the {concept} of a later question ("how did you decide on ...") */
		int component = lexicon_concept_kind(iv->lx, ua->concepts[i]) == KIND_COMPONENT;
		for (int c = 0; c < LEXICON_MAX_CATEGORIES; c++) {
			if ((cats & (1u << c)) && iv->first_concept_in[c] < 0)
				iv->first_concept_in[c] = (int16_t)ua->concepts[i];
			if ((cats & (1u << c)) && component && iv->first_component_in[c] < 0)
				iv->first_component_in[c] = (int16_t)ua->concepts[i];
		}
	}
	remember_concepts(iv);
	note_named(iv);
	int asked_security = t && (t->security || iv->last_probe == PROBE_SECURITY);
	if ((ua->category_mask & iv_security_mask(iv)) && !asked_security)
		iv->security_unprompted = 1;
	if (iv->phase == PHASE_DESIGN)
		iv->design_categories |= ua->category_mask;
	iv->fresh_followups = 0;
	if (iv->phase != PHASE_CLOSING) {
		for (size_t i = 0; i < iv->pb->n_topics; i++) {
			const struct topic *fu = &iv->pb->topics[i];
			if (fu->is_followup && !iv->asked[i] && iv_triggers_followup(iv, fu))
				iv->fresh_followups |= 1ull << i;
		}
		iv->pending_followups |= iv->fresh_followups;
	}
	/* the reply told of the candidate's own work: a production signal, or
	 * first-hand work as the evaluator reads it ("Owned the scheduler.",
	 * "a reset increments an epoch on the connector's state") */
	int practice = ua->signals[SIG_PRODUCTION] > 0;
	if (iv->phase != PHASE_CLOSING && !ua->silent) {
		/* read as the evaluator reads it, when the rubric is at hand */
		struct substance sub;
		if (!iv->rubric || cue_substance_of(iv->rubric, iv->lx, text, &iv->scratch, &sub))
			understand_substance(ua, &sub);
		/* the branch weighs real experience even in design answers: the
		 * brief values it over theory, and plans alone do not tell a
		 * confident bluffer from a practitioner */
		double strength = substance_strength(&sub, 1);
		/* what the reply showed, read as the evaluator reads it, answers
		 * the stock probes of its kind on the topic: a reason ("rather
		 * than", "we'd seen what the alternative did"), a cost weighed
		 * ("accept the cost", "the catch is"), a failure handled */
		if (sub.shows[SUB_REASON])
			iv->topic_explained |= EXPLAINED_WHY;
		if (sub.shows[SUB_WEIGHED])
			iv->topic_explained |= EXPLAINED_TRADEOFF | EXPLAINED_WHY;
		if (sub.shows[SUB_FAILURE])
			iv->topic_explained |= EXPLAINED_EDGE;
		if (iv->topic >= 0 && iv->topic < IV_MAX_TOPICS &&
		    strength > iv->topic_substance[iv->topic])
			iv->topic_substance[iv->topic] = (float)strength;
		if (sub.shows[SUB_FIRSTHAND])
			practice = 1;
	}
	if (!ua->silent) {
		iv->reply_words_sum += ua->word_count;
		iv->replies++;
		iv->replies_gap += ua->signals[SIG_ADMIT_GAP] || ua->signals[SIG_DONT_KNOW];
		iv->replies_practice += practice;
		/* how they describe themselves, before the design: a new grad's
		 * internship, a bootcamp, a first job */
		if (iv->phase <= PHASE_EXPERIENCE && ua->signals[SIG_EARLY_CAREER])
			iv->early_career = 1;
	}
	if (iv->topic_concept < 0)
		iv->topic_concept = iv->last_concept;
	return 0;
}

static const char *closing_topic(const struct interview *iv)
{
	return iv->over ? "closing.thanks" : "closing.candidate_questions";
}

int interview_next(struct interview *iv, double now_s, struct interviewer_turn *out,
		   struct iv_error *err)
{
	if (iv->over) {
		iv_error_set(err, "the interview is over");
		return -1;
	}
	if (iv->awaiting) {
		iv_error_set(err, "a reply to turn %d is awaited first", iv->turn);
		return -1;
	}
	iv->now_t = now_s;
	struct turn_draft d;
	draft_init(&d);
	int rc;
	/* an answer that did not fit the last turn opens this one, with its
	 * lead, unless the candidate has asked something new in the closing:
	 * that is answered first (iv_move_closing) */
	if (iv->turn > 0 && !(iv->phase == PHASE_CLOSING && iv_closing_questions(iv) > 0))
		iv_say_deferred(iv, &d, 0);
	if (iv->turn == 0) {
		rc = iv_move_greet(iv, &d);
	} else if (iv->phase == PHASE_CLOSING) {
		rc = iv_move_closing(iv, &d);
	} else {
		rc = iv_move_special(iv, &d);
		if (rc < 0)
			rc = iv_move_next(iv, &d);
	}
	if ((rc < 0 || d.n == 0) && iv->phase != PHASE_CLOSING && iv->turn > 0) {
		/* the move could not be worded: a plain next topic instead */
		draft_init(&d);
		rc = iv_start_next_topic(iv, &d, 0);
	}
	if (rc < 0 || d.n == 0) {
		/* every variant is spent: end kindly rather than repeat ourselves */
		draft_init(&d);
		if (iv->phase != PHASE_CLOSING && iv_enter_phase(iv, PHASE_CLOSING, &d) == 0) {
			rc = 0;
		} else {
			draft_init(&d);
			iv->phase = PHASE_CLOSING;
			if (iv_say_thanks(iv, &d)) {
				iv_error_set(err, "the playbook ran out of things to say");
				return -1;
			}
		}
	}
	iv_settle_steer(iv, &d);
	draft_finish(iv, &d);
	/* turns that answer the candidate or say the question again are the
	 * candidate's time, not more probing: they do not count to the cap */
	if (!(d.acts & ((1u << ACT_ANSWER_CANDIDATE) | (1u << ACT_CLARIFY))))
		iv->topic_turns++;
	iv->turn++;
	iv->awaiting = !iv->over;
	out->turn = iv->turn;
	out->text = iv->text;
	out->phase = iv->phase;
	out->acts = d.acts;
	out->is_final = iv->over;
	out->focus = d.focus >= 0 ? lexicon_concept_name(iv->lx, (size_t)d.focus) : NULL;
	out->focus_kind = d.focus >= 0
		? concept_kind_name(lexicon_concept_kind(iv->lx, (size_t)d.focus)) : NULL;
	out->focus_stance = NULL;
	for (int i = 0; d.focus >= 0 && i < iv->last.n_concepts; i++)
		if (iv->last.concepts[i] == d.focus)
			out->focus_stance = stance_name((enum stance)iv->last.stance[i]);
	if (iv->turn == 1 || d.about_intro)
		out->topic = "opening.intro";
	else if (iv->phase == PHASE_CLOSING)
		out->topic = closing_topic(iv);
	else
		out->topic = iv_cur_topic(iv) ? iv_cur_topic(iv)->id : "opening.intro";
	return 0;
}
