/*
 * warp_search.h - choosing the speaker's frequency warp by maximum
 * likelihood: a hill climb over a grid of warps.
 *
 * Vocal tract length normalization warps the frequency axis so that the
 * speaker sounds like the voices the acoustic model was trained on.  The
 * warp that fits a speaker is the one under which the model finds their
 * speech most likely (Lee and Rose's method, as HTK and Kaldi do it): the
 * caller decodes a stretch of the speaker's speech at a warp and reports
 * the acoustic log-likelihood per frame; this module decides which warps
 * to try.  The likelihood over warps has one peak in practice, so the
 * search starts at a guess (the speaker's pitch gives a good one), looks at
 * both neighbours, and climbs while the score improves: three to five
 * decodes instead of the whole grid.
 *
 * Pure logic: the scoring (decoding) is the caller's callback.
 */
#ifndef IV_VOICE_WARP_SEARCH_H
#define IV_VOICE_WARP_SEARCH_H

#include "iv_error.h"

struct warp_grid {
	double lowest, highest, step; /* e.g. 0.9, 1.4, 0.1 */
};

/* Scores one warp: the higher, the better the model fits the speech.
 * Returns 0, or -1 to stop the search (failure or cancellation). */
typedef int (*warp_score_fn)(double warp, double *score, void *user);

/* The best-scoring warp of the grid, climbing from the grid point nearest
 * start.  Each warp is scored at most once.  *best_warp is the best found
 * before a callback stopped the search (-1 returned, with the message in
 * err) or start when nothing was scored.  n_scored (may be NULL) counts
 * the callbacks made. */
int warp_search(const struct warp_grid *grid, double start, warp_score_fn score, void *user,
		double *best_warp, int *n_scored, struct iv_error *err);

#endif
