/*
 * bench_engine.c - how fast the engine decides a turn and how much one live
 * interview holds.  Runs every candidate of ../shared/candidates through the
 * engine directly (no store, no I/O in the timed part) many times and prints
 * the time per turn (interview_hear + interview_next), p50 and p99, the
 * bytes per live interview, and the text interviews one core could hold.
 */
#include <glob.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_support.h"
#include "interview.h"
#include "options.h"

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(void)
{
	struct content c;
	struct iv_error err;
	if (content_load(cli_data_dir(NULL), NULL, &c, &err)) {
		fprintf(stderr, "bench_engine: %s\n", err.message);
		return 1;
	}
	glob_t g;
	if (glob(IV_SHARED_DIR "/candidates/*.json", 0, NULL, &g) || !g.gl_pathc) {
		fprintf(stderr, "bench_engine: no candidates under %s\n", IV_SHARED_DIR);
		return 1;
	}
	enum { ROUNDS = 40 };
	size_t cap = 200000, n = 0, max_bytes = 0;
	double *samples = malloc(cap * sizeof *samples);
	double total_ns = 0;
	for (int round = 0; round < ROUNDS; round++) {
		for (size_t k = 0; k < g.gl_pathc; k++) {
			json_error_t je;
			json_t *cand = json_load_file(g.gl_pathv[k], 0, &je), *used = json_object();
			struct interview_params p = interview_default_params();
			p.playbook = c.playbook;
			p.lexicon = c.lexicon;
			p.rubric = c.rubric; /* as the product runs it: wrong claims and stated points are heard */
			p.seed = (uint64_t)round * 31 + k;
			p.candidate_name = "Sam";
			struct interview *iv = interview_new(&p, &err);
			struct interviewer_turn t;
			double clock_s = 0;
			double t0 = now_ns();
			interview_next(iv, clock_s, &t, &err);
			total_ns += now_ns() - t0;
			while (!t.is_final) {
				const char *r = bench_reply_for(cand, used, &t);
				clock_s += (text_count_words(t.text) + text_count_words(r)) * 0.4 + 1;
				double a = now_ns();
				interview_hear(iv, r, clock_s, &err);
				interview_next(iv, clock_s, &t, &err);
				double b = now_ns();
				if (n < cap)
					samples[n++] = b - a;
				total_ns += b - a;
			}
			size_t bytes = interview_footprint_bytes(iv);
			if (bytes > max_bytes)
				max_bytes = bytes;
			interview_free(iv);
			json_decref(cand);
			json_decref(used);
		}
	}
	qsort(samples, n, sizeof *samples, bench_cmp_double);
	double p50 = samples[n / 2] / 1000, p99 = samples[(size_t)(n * 0.99)] / 1000;
	printf("engine: %zu turns timed over %d interviews\n", n, ROUNDS * (int)g.gl_pathc);
	printf("engine: time per turn (hear + next): p50 %.1f us, p99 %.1f us, mean %.1f us\n", p50, p99,
	       total_ns / n / 1000);
	printf("engine: memory per live interview: %zu bytes (%.1f KiB)\n", max_bytes, max_bytes / 1024.0);
	/* a text interview takes a turn about every 30 s; one core spends p99 on each */
	printf("engine: one core could decide turns for ~%.0f concurrent text interviews (one turn per 30 s each, at p99)\n",
	       30e6 / p99);
	free(samples);
	globfree(&g);
	content_release(&c);
	return 0;
}
