/*
 * bench_llm.c - what the LLM path costs of its own, and what the candidate
 * hears.  Every candidate of ../shared/candidates is interviewed by the
 * engine; each turn is timed as the engine words it (scripted), then as the
 * LLM path words the same move against a local OpenAI-protocol server
 * (tests/support/fake_llm.c: it echoes the move, streamed in pieces).
 *
 * Part one, an instant server: p50 and p95 of the scripted turn, of the
 * LLM path's end of reply to first sentence and whole utterance, and of
 * what the LLM path adds over the scripted one (the request built, the HTTP
 * exchange on loopback, the stream parsed, the guard rules checked).
 *
 * Part two, the end of the candidate's turn to the first audio sample
 * synthesized (Flite, as the voice front ends use it): scripted; the LLM's
 * words whole before synthesis starts; and the LLM's first sentence
 * synthesized while the rest streams in (llm_wording_voice_streamed) - with
 * the instant server and with one that sends a word every 30 ms (about a
 * 7B model on a modest GPU; BENCH_LLM_TOKEN_MS to change it).  The slow
 * server's part interviews BENCH_LLM_SLOW_CANDIDATES candidates (default
 * 1): each of its turns takes the model's time.
 */
#include <glob.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_support.h"
#include "fake_llm.h"
#include "interview.h"
#include "live.h"
#include "llm/llm_wording.h"
#include "llm_setup.h"
#include "options.h"
#include "voice/voice.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

#define MAX_SAMPLES 20000

struct samples {
	double v[MAX_SAMPLES];
	size_t n;
};

static void add(struct samples *s, double x)
{
	if (s->n < MAX_SAMPLES)
		s->v[s->n++] = x;
}

struct run {
	struct samples scripted, first, whole, added;                /* part one */
	struct samples audio_script, audio_whole, audio_early;       /* part two */
	struct samples said_whole, said_early; /* the same, of the turns said early */
	size_t turns, from_llm, early;
};

static struct voice_speaking *vs;
static struct content bench_content;

static int stop_at_first(const int16_t *samples, size_t n, int rate_hz, void *user)
{
	(void)samples, (void)rate_hz;
	if (!n)
		return 0;
	*(double *)user = now_ms();
	return 1;
}

/* Milliseconds from now to the first audio sample of text. */
static double first_audio_ms(const char *text)
{
	double t0 = now_ms(), at = -1;
	struct iv_error err;
	voice_speak_stream(vs, text, stop_at_first, &at, &err);
	return at >= 0 ? at - t0 : now_ms() - t0;
}

struct early_audio {
	double call_start, audio_at;
};

/* As a voice does: the sentence is synthesized at once (the benchmark
 * stops at its first sample; a voice would go on playing it). */
static void speak_early(void *user, const char *sentence)
{
	struct early_audio *e = user;
	first_audio_ms(sentence);
	e->audio_at = now_ms();
}

static void interview_candidate(struct llm_wording *w, const char *path, struct run *r)
{
	struct iv_error err;
	json_t *cand = json_load_file(path, 0, NULL);
	json_t *used = json_object();
	struct interview_params p = interview_default_params();
	p.playbook = bench_content.playbook;
	p.lexicon = bench_content.lexicon;
	p.rubric = bench_content.rubric;
	p.seed = 1;
	struct interview *iv = interview_new(&p, &err);
	const char *said[256], *replies[256];
	char *owned[256];
	size_t n_said = 0;
	double t = 0;
	while (iv && r->turns < MAX_SAMPLES && n_said < 256) {
		struct interviewer_turn turn;
		double t0 = now_ms();
		if (interview_next(iv, t, &turn, &err))
			break;
		double engine_ms = now_ms() - t0;
		char acts[256];
		live_acts_string(turn.acts, acts, sizeof acts);
		struct wording_move m = {
			.phase = phase_name(turn.phase), .topic = turn.topic, .acts = acts,
			.scripted = turn.text, .focus = turn.focus, .focus_kind = turn.focus_kind,
			.focus_stance = turn.focus_stance,
			.said = said, .replies = replies, .n_said = n_said,
			.candidate = n_said ? replies[n_said - 1] : NULL,
		};
		/* the whole reply, then synthesis */
		struct wording_result res;
		double t2 = now_ms();
		llm_wording_voice(w, &m, &res);
		double t3 = now_ms();
		add(&r->scripted, engine_ms);
		add(&r->whole, engine_ms + (t3 - t2));
		add(&r->first, engine_ms + (res.first_sentence_ms >= 0 ? res.first_sentence_ms : t3 - t2));
		add(&r->added, t3 - t2);
		add(&r->audio_script, engine_ms + first_audio_ms(turn.text));
		add(&r->audio_whole, engine_ms + (t3 - t2) + first_audio_ms(res.text));
		r->from_llm += res.from_llm;
		if (!res.from_llm && getenv("BENCH_LLM_VERBOSE"))
			fprintf(stderr, "script: %s :: %s\n", res.fallback, turn.text);
		/* the first sentence synthesized while the rest streams in */
		struct early_audio e = {now_ms(), -1};
		struct wording_result early;
		llm_wording_voice_streamed(w, &m, speak_early, &e, &early);
		if (e.audio_at >= 0) {
			add(&r->audio_early, engine_ms + (e.audio_at - e.call_start));
			add(&r->said_early, engine_ms + (e.audio_at - e.call_start));
			add(&r->said_whole, r->audio_whole.v[r->audio_whole.n - 1]);
			r->early++;
		} else {
			add(&r->audio_early, engine_ms + (now_ms() - e.call_start) + first_audio_ms(early.text));
		}
		r->turns++;
		owned[n_said] = strdup(res.text);
		said[n_said] = owned[n_said];
		if (turn.is_final)
			break;
		const char *reply = bench_reply_for(cand, used, &turn);
		replies[n_said++] = reply;
		t += 20 + 0.4 * (double)strlen(reply) / 5.0;
		if (interview_hear(iv, reply, t, &err))
			break;
	}
	for (size_t i = 0; i < n_said; i++)
		free(owned[i]);
	interview_free(iv);
	json_decref(used);
	json_decref(cand);
}

static void pct_line(const char *label, struct samples *s)
{
	printf("  %-44s p50 %8.3f ms  p95 %8.3f ms\n", label, bench_pct(s->v, s->n, 0.5),
	       bench_pct(s->v, s->n, 0.95));
}

int main(void)
{
	struct iv_error err;
	if (content_load(cli_data_dir(NULL), NULL, &bench_content, &err)) {
		fprintf(stderr, "bench_llm: %s\n", err.message);
		return 1;
	}
	if (!(vs = voice_speaking_new(cli_data_dir(NULL), NULL, 0, &err))) {
		fprintf(stderr, "bench_llm: %s\n", err.message);
		return 1;
	}
	struct fake_llm *server = fake_llm_start();
	if (!server) {
		fprintf(stderr, "bench_llm: the local server did not start\n");
		return 1;
	}
	struct llm_wording_config cfg = llm_wording_config_from_env(fake_llm_url(server), "bench");
	cfg.key = "bench-key";
	struct llm_wording *w = cli_llm_wording_from(&cfg, &bench_content, &err);
	if (!w) {
		fprintf(stderr, "bench_llm: %s\n", err.message);
		return 1;
	}
	glob_t g;
	if (glob(IV_SHARED_DIR "/candidates/*.json", 0, NULL, &g) || !g.gl_pathc) {
		fprintf(stderr, "bench_llm: no candidates under %s\n", IV_SHARED_DIR);
		return 1;
	}
	static struct run instant, slow;
	for (size_t f = 0; f < g.gl_pathc; f++)
		interview_candidate(w, g.gl_pathv[f], &instant);
	long token_ms = getenv("BENCH_LLM_TOKEN_MS") ? atol(getenv("BENCH_LLM_TOKEN_MS")) : 30;
	const char *slow_env = getenv("BENCH_LLM_SLOW_CANDIDATES");
	size_t n_slow = slow_env ? (size_t)atol(slow_env) : 1;
	fake_llm_set_token_ms(server, token_ms > 0 ? token_ms : 30);
	for (size_t f = 0; f < g.gl_pathc && f < n_slow; f++)
		interview_candidate(w, g.gl_pathv[f], &slow);
	printf("LLM wording against an instant local server: %zu turns of %zu candidates, %zu worded "
	       "by the LLM (the rest: guard rules kept the script)\n", instant.turns,
	       (size_t)g.gl_pathc, instant.from_llm);
	pct_line("scripted turn (engine only)", &instant.scripted);
	pct_line("LLM path, end of reply to 1st sentence", &instant.first);
	pct_line("LLM path, end of reply to whole turn", &instant.whole);
	pct_line("added by the LLM path of its own (goal < 5 ms)", &instant.added);
	printf("End of the candidate's turn to the first audio sample (Flite):\n");
	printf(" instant server (%zu turns, %zu first sentences said early)\n", instant.turns,
	       instant.early);
	pct_line("scripted", &instant.audio_script);
	pct_line("LLM, whole reply then synthesis", &instant.audio_whole);
	pct_line("LLM, first sentence while the rest streams", &instant.audio_early);
	pct_line("  turns said early: whole reply first", &instant.said_whole);
	pct_line("  turns said early: first sentence", &instant.said_early);
	printf(" server streaming a word every %ld ms (%zu turns, %zu said early, "
	       "%zu of %zu candidates)\n", token_ms, slow.turns, slow.early, n_slow < g.gl_pathc ? n_slow : (size_t)g.gl_pathc,
	       (size_t)g.gl_pathc);
	pct_line("scripted", &slow.audio_script);
	pct_line("LLM, whole reply then synthesis", &slow.audio_whole);
	pct_line("LLM, first sentence while the rest streams", &slow.audio_early);
	pct_line("  turns said early: whole reply first", &slow.said_whole);
	pct_line("  turns said early: first sentence", &slow.said_early);
	globfree(&g);
	llm_wording_free(w);
	fake_llm_stop(server);
	voice_speaking_free(vs);
	content_release(&bench_content);
	return 0;
}
