/*
 * bench_llm.c - what the LLM path costs of its own.  Every candidate of
 * ../shared/candidates is interviewed by the engine; each turn is timed as
 * the engine words it (scripted), then as the LLM path words the same move
 * against an instant local OpenAI-protocol server (tests/support/fake_llm.c:
 * it echoes the move at once, streamed in pieces).  Prints p50 and p95 of
 * the scripted turn, of the LLM path's end of reply to first sentence and
 * whole utterance, and of what the LLM path adds over the scripted one: the
 * request built, the HTTP exchange on loopback, the stream parsed, the
 * guard rules checked.  A real server adds its own generation time on top.
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

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

#define MAX_SAMPLES 20000

int main(void)
{
	struct content c;
	struct iv_error err;
	if (content_load(cli_data_dir(NULL), NULL, &c, &err)) {
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
	struct llm_wording *w = cli_llm_wording_from(&cfg, &c, &err);
	if (!w) {
		fprintf(stderr, "bench_llm: %s\n", err.message);
		return 1;
	}
	glob_t g;
	if (glob(IV_SHARED_DIR "/candidates/*.json", 0, NULL, &g) || !g.gl_pathc) {
		fprintf(stderr, "bench_llm: no candidates under %s\n", IV_SHARED_DIR);
		return 1;
	}
	static double scripted[MAX_SAMPLES], first[MAX_SAMPLES], whole[MAX_SAMPLES], added[MAX_SAMPLES];
	size_t n = 0, from_llm = 0;
	for (size_t f = 0; f < g.gl_pathc; f++) {
		json_t *cand = json_load_file(g.gl_pathv[f], 0, NULL);
		json_t *used = json_object();
		struct interview_params p = interview_default_params();
		p.playbook = c.playbook;
		p.lexicon = c.lexicon;
		p.rubric = c.rubric;
		p.seed = 1;
		struct interview *iv = interview_new(&p, &err);
		const char *said[256], *replies[256];
		char *owned[256];
		size_t n_said = 0;
		double t = 0;
		while (iv && n < MAX_SAMPLES && n_said < 256) {
			struct interviewer_turn turn;
			double t0 = now_ms();
			if (interview_next(iv, t, &turn, &err))
				break;
			double t1 = now_ms();
			char acts[256];
			live_acts_string(turn.acts, acts, sizeof acts);
			struct wording_move m = {
				.phase = phase_name(turn.phase), .topic = turn.topic, .acts = acts,
				.scripted = turn.text, .focus = turn.focus, .focus_kind = turn.focus_kind,
				.said = said, .replies = replies, .n_said = n_said,
				.candidate = n_said ? replies[n_said - 1] : NULL,
			};
			struct wording_result r;
			double t2 = now_ms();
			llm_wording_voice(w, &m, &r);
			double t3 = now_ms();
			scripted[n] = t1 - t0;
			whole[n] = (t1 - t0) + (t3 - t2);
			first[n] = (t1 - t0) + (r.first_sentence_ms >= 0 ? r.first_sentence_ms : t3 - t2);
			added[n] = t3 - t2;
			from_llm += r.from_llm;
			if (!r.from_llm && getenv("BENCH_LLM_VERBOSE"))
				fprintf(stderr, "script: %s :: %s\n", r.fallback, turn.text);
			n++;
			owned[n_said] = strdup(r.text);
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
	globfree(&g);
	printf("LLM wording against an instant local server: %zu turns of %zu candidates, %zu worded "
	       "by the LLM (the rest: guard rules kept the script)\n", n, (size_t)g.gl_pathc, from_llm);
	printf("  scripted turn (engine only)          p50 %7.3f ms  p95 %7.3f ms\n",
	       bench_pct(scripted, n, 0.5), bench_pct(scripted, n, 0.95));
	printf("  LLM path, end of reply to 1st sentence p50 %7.3f ms  p95 %7.3f ms\n",
	       bench_pct(first, n, 0.5), bench_pct(first, n, 0.95));
	printf("  LLM path, end of reply to whole turn  p50 %7.3f ms  p95 %7.3f ms\n",
	       bench_pct(whole, n, 0.5), bench_pct(whole, n, 0.95));
	printf("  added by the LLM path of its own      p50 %7.3f ms  p95 %7.3f ms  (goal: under 5 ms)\n",
	       bench_pct(added, n, 0.5), bench_pct(added, n, 0.95));
	llm_wording_free(w);
	fake_llm_stop(server);
	content_release(&c);
	return 0;
}
