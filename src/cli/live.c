/*
 * live.c - an interview being held (see live.h).  The engine is pure; this
 * is where the clock is read and every turn is written down as it happens.
 */
#include "live.h"

#include "llm/llm_wording.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double monotonic_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double wall_unix(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now_t(struct live *lv)
{
	if (!lv->virtual_clock)
		lv->t = monotonic_s() - lv->wall_origin;
	return lv->t;
}

static double speech_seconds(const struct live *lv, const char *text)
{
	return (double)text_count_words(text) * 60.0 / lv->words_per_minute;
}

static int setup(struct live *lv, const struct content *c, struct store *st, const char *name,
		 uint64_t seed, struct iv_error *err)
{
	lv->content = c;
	lv->store = st;
	lv->words_per_minute = playbook_words_per_minute(c->playbook);
	lv->silence_seconds = playbook_silence_seconds(c->playbook);
	lv->tr = transcript_new();
	if (!lv->tr) {
		iv_error_set(err, "out of memory");
		return -1;
	}
	struct interview_params p = interview_default_params();
	p.playbook = c->playbook;
	p.lexicon = c->lexicon;
	p.rubric = c->rubric;
	p.seed = seed;
	p.candidate_name = name;
	lv->iv = interview_new(&p, err);
	if (!lv->iv)
		return -1;
	lv->wall_origin = monotonic_s();
	return 0;
}

int live_start(struct live *lv, const struct content *c, struct store *st,
	       const struct cli_options *o, struct iv_error *err)
{
	char id[40];
	if (store_new_session_id(id, sizeof id, err))
		return -1;
	return live_start_as(lv, c, st, id, o->name, o->seed, o->virtual_clock, err);
}

int live_start_as(struct live *lv, const struct content *c, struct store *st,
		  const char *session_id, const char *name, uint64_t seed, int virtual_clock,
		  struct iv_error *err)
{
	memset(lv, 0, sizeof *lv);
	lv->virtual_clock = virtual_clock;
	if (!name)
		name = "";
	if (setup(lv, c, st, name, seed, err))
		return -1;
	snprintf(lv->session_id, sizeof lv->session_id, "%s", session_id);
	struct session_info info = {
		.session_id = lv->session_id,
		.candidate_name = name,
		.playbook_version = playbook_version(c->playbook),
		.playbook_path = c->playbook_path,
		.seed = seed,
		.virtual_clock = virtual_clock,
		.created_unix = wall_unix(),
	};
	if (transcript_set_string(&lv->tr->session_id, lv->session_id) ||
	    transcript_set_string(&lv->tr->candidate_name, info.candidate_name) ||
	    transcript_set_string(&lv->tr->playbook_version, info.playbook_version) ||
	    transcript_set_string(&lv->tr->status, "active")) {
		iv_error_set(err, "out of memory");
		return -1;
	}
	lv->tr->seed = seed;
	lv->tr->virtual_clock = virtual_clock;
	lv->tr->created_unix = info.created_unix;
	return store_create_session(st, &info, err);
}

int live_resume(struct live *lv, const struct content *c, struct store *st, const char *session_id,
		struct iv_error *err)
{
	memset(lv, 0, sizeof *lv);
	struct transcript *stored = store_load(st, session_id, NULL, err);
	if (!stored)
		return -1;
	int rc = -1;
	if (!strcmp(stored->status, "ended")) {
		iv_error_set(err, "session %s has ended; nothing to resume", session_id);
		goto out;
	}
	if (strcmp(stored->playbook_version, playbook_version(c->playbook))) {
		iv_error_set(err, "session %s was held with playbook %s, but %s is loaded", session_id,
			     stored->playbook_version, playbook_version(c->playbook));
		goto out;
	}
	lv->virtual_clock = stored->virtual_clock;
	if (setup(lv, c, st, stored->candidate_name, stored->seed, err))
		goto out;
	snprintf(lv->session_id, sizeof lv->session_id, "%s", session_id);
	/* keep the stored session facts; the turns are added again by the replay */
	struct transcript *fresh = lv->tr;
	lv->tr = stored;
	stored = fresh;
	struct transcript_turn *turns = lv->tr->turns;
	size_t n = lv->tr->n_turns;
	lv->tr->turns = NULL;
	lv->tr->n_turns = lv->tr->cap_turns = 0;
	for (size_t i = 0; i < n; i++) {
		struct interviewer_turn out;
		if (interview_next(lv->iv, turns[i].t, &out, err))
			goto replay_failed;
		const char *expect = turns[i].scripted_text ? turns[i].scripted_text
							    : turns[i].interviewer_text;
		if (out.turn != turns[i].turn || strcmp(out.text, expect)) {
			iv_error_set(err, "replaying session %s: turn %d differs from what was stored "
					  "(was the playbook edited?)", session_id, turns[i].turn);
			goto replay_failed;
		}
		/* the words said stay what was said (an LLM's, when one worded it) */
		snprintf(lv->said, sizeof lv->said, "%s", turns[i].interviewer_text);
		out.text = lv->said;
		struct transcript_turn *tt = transcript_add_turn(lv->tr, out.turn, phase_name(out.phase),
								 out.topic, out.acts, turns[i].t, out.text);
		if (!tt || transcript_set_wording(tt, turns[i].scripted_text, turns[i].wording,
						  turns[i].fallback)) {
			iv_error_set(err, "out of memory");
			goto replay_failed;
		}
		lv->t = turns[i].t + speech_seconds(lv, out.text);
		lv->pending = out;
		lv->has_pending = 1;
		if (!turns[i].candidate_text)
			break;
		if (interview_hear_speech(lv->iv, turns[i].candidate_text, turns[i].reply_confidence,
					  turns[i].reply_t, err) ||
		    transcript_set_reply(lv->tr, turns[i].candidate_text, turns[i].reply_t,
					 turns[i].reply_seconds, turns[i].reply_confidence))
			goto replay_failed;
		lv->t = turns[i].reply_t;
		lv->has_pending = 0;
	}
	lv->wall_origin = monotonic_s() - lv->t;
	rc = 0;
replay_failed:
	for (size_t i = 0; i < n; i++) {
		free(turns[i].phase);
		free(turns[i].topic);
		free(turns[i].interviewer_text);
		free(turns[i].candidate_text);
		free(turns[i].scripted_text);
		free(turns[i].wording);
		free(turns[i].fallback);
	}
	free(turns);
out:
	transcript_free(stored);
	return rc;
}

/* The LLM words the engine's move; out->text becomes what is said. */
static int word_turn(struct live *lv, struct interviewer_turn *out, struct wording_result *res)
{
	size_t n = lv->tr->n_turns;
	const char **said = calloc(n + 1, sizeof *said);
	const char **replies = calloc(n + 1, sizeof *replies);
	if (!said || !replies) {
		free(said);
		free(replies);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		said[i] = lv->tr->turns[i].interviewer_text;
		replies[i] = lv->tr->turns[i].candidate_text;
	}
	char acts[256];
	live_acts_string(out->acts, acts, sizeof acts);
	struct wording_move m = {
		.phase = phase_name(out->phase),
		.topic = out->topic,
		.acts = acts,
		.scripted = out->text,
		.focus = out->focus,
		.focus_kind = out->focus_kind,
		.focus_stance = out->focus_stance,
		.said = said,
		.replies = replies,
		.n_said = n,
		.candidate = n ? lv->tr->turns[n - 1].candidate_text : NULL,
	};
	lv->wording_turn = out;
	llm_wording_voice_streamed(lv->wording, &m, lv->say_early, lv->say_early_user, res);
	lv->wording_turn = NULL;
	free(said);
	free(replies);
	return 0;
}

int live_next(struct live *lv, struct interviewer_turn *out, struct iv_error *err)
{
	double t = now_t(lv);
	if (interview_next(lv->iv, t, out, err))
		return -1;
	const char *scripted = out->text;
	struct wording_result *res = NULL;
	lv->last_wording = NULL;
	lv->said_early = 0;
	if (lv->wording) {
		res = malloc(sizeof *res);
		if (!res || word_turn(lv, out, res)) {
			free(res);
			iv_error_set(err, "out of memory");
			return -1;
		}
		snprintf(lv->said, sizeof lv->said, "%s", res->text);
		out->text = lv->said;
		lv->last_wording = res->script_finished ? "llm+script" : res->from_llm ? "llm" : "script";
		lv->said_early = res->early_len;
		snprintf(lv->fallback_buf, sizeof lv->fallback_buf, "%s", res->fallback);
		lv->last_fallback = lv->fallback_buf;
		free(res);
	}
	struct transcript_turn *tt = transcript_add_turn(lv->tr, out->turn, phase_name(out->phase),
							 out->topic, out->acts, t, out->text);
	if (!tt || (lv->last_wording &&
		    transcript_set_wording(tt, scripted, lv->last_wording,
					   lv->last_fallback[0] ? lv->last_fallback : NULL))) {
		iv_error_set(err, "out of memory");
		return -1;
	}
	if (store_add_turn(lv->store, lv->session_id, out->turn, phase_name(out->phase), out->topic,
			   out->acts, t, out->text, err))
		return -1;
	if (lv->last_wording && store_set_wording(lv->store, lv->session_id, out->turn, scripted,
						  lv->last_wording, lv->last_fallback, err))
		return -1;
	if (lv->virtual_clock)
		lv->t += speech_seconds(lv, out->text);
	lv->pending = *out;
	lv->has_pending = !out->is_final;
	return 0;
}

int live_reply(struct live *lv, const char *text, double seconds, double confidence,
	       struct iv_error *err)
{
	if (!lv->has_pending) {
		iv_error_set(err, "no question is waiting for a reply");
		return -1;
	}
	double start = now_t(lv);
	if (seconds < 0)
		seconds = text_count_words(text) ? speech_seconds(lv, text) : lv->silence_seconds;
	double end = lv->virtual_clock ? start + seconds : start;
	if (!lv->virtual_clock)
		seconds = start - lv->tr->turns[lv->tr->n_turns - 1].t;
	if (store_set_reply(lv->store, lv->session_id, lv->pending.turn, text, end, seconds,
			    confidence, err))
		return -1;
	if (transcript_set_reply(lv->tr, text, end, seconds, confidence)) {
		iv_error_set(err, "out of memory");
		return -1;
	}
	lv->t = end;
	if (interview_hear_speech(lv->iv, text, confidence, end, err))
		return -1;
	lv->has_pending = 0;
	return 0;
}

const char *live_rest_to_say(const struct live *lv, const struct interviewer_turn *turn)
{
	const char *rest = turn->text;
	if (lv->said_early && turn->text == lv->said && strlen(rest) >= lv->said_early)
		rest += lv->said_early;
	while (*rest == ' ')
		rest++;
	return rest;
}

int live_finish(struct live *lv, struct iv_error *err)
{
	lv->tr->ended_t = lv->t;
	transcript_set_string(&lv->tr->status, "ended");
	return store_end_session(lv->store, lv->session_id, lv->t, err);
}

void live_release(struct live *lv)
{
	interview_free(lv->iv);
	transcript_free(lv->tr);
	memset(lv, 0, sizeof *lv);
}

void live_acts_string(uint32_t acts, char *out, size_t cap)
{
	size_t o = 0;
	out[0] = '\0';
	for (int a = 0; a < ACT_COUNT; a++) {
		if (!(acts & (1u << a)))
			continue;
		int n = snprintf(out + o, cap - o, "%s%s", o ? "," : "", act_name((enum act)a));
		if (n < 0 || (size_t)n >= cap - o)
			break;
		o += (size_t)n;
	}
}
