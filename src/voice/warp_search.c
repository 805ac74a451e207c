/*
 * warp_search.c - hill climb over a grid of warps (see warp_search.h).
 *
 * Scores are kept per grid point so a point is never decoded twice; the
 * grid is small (a few dozen points at most), so a fixed array does.
 */
#include "voice/warp_search.h"

#include <math.h>

#define MAX_POINTS 64

struct search {
	const struct warp_grid *grid;
	warp_score_fn score;
	void *user;
	int n_points;
	int scored[MAX_POINTS];
	double value[MAX_POINTS];
	int n_scored;
	int best; /* grid index, -1 before any score */
};

static double warp_at(const struct search *s, int i)
{
	return s->grid->lowest + i * s->grid->step;
}

/* Scores point i once; -1 when the callback stopped the search. */
static int score_point(struct search *s, int i, struct iv_error *err)
{
	if (s->scored[i])
		return 0;
	double v = 0;
	if (s->score(warp_at(s, i), &v, s->user) != 0) {
		iv_error_set(err, "scoring warp %.2f failed", warp_at(s, i));
		return -1;
	}
	s->scored[i] = 1;
	s->value[i] = v;
	s->n_scored++;
	if (s->best < 0 || v > s->value[s->best])
		s->best = i;
	return 0;
}

static int check_grid(const struct warp_grid *g, struct iv_error *err)
{
	if (!g || !(g->step > 0) || !(g->highest >= g->lowest) || !isfinite(g->lowest) ||
	    !isfinite(g->highest)) {
		iv_error_set(err, "the warp grid needs a positive step and lowest <= highest");
		return -1;
	}
	if ((g->highest - g->lowest) / g->step + 1.5 > MAX_POINTS) {
		iv_error_set(err, "the warp grid has more than %d points", MAX_POINTS);
		return -1;
	}
	return 0;
}

int warp_search(const struct warp_grid *grid, double start, warp_score_fn score, void *user,
		double *best_warp, int *n_scored, struct iv_error *err)
{
	*best_warp = start;
	if (n_scored)
		*n_scored = 0;
	if (check_grid(grid, err) != 0 || !score) {
		if (!score)
			iv_error_set(err, "no scoring function for the warp search");
		return -1;
	}
	struct search s = {.grid = grid, .score = score, .user = user, .best = -1};
	s.n_points = (int)floor((grid->highest - grid->lowest) / grid->step + 1e-9) + 1;
	int at = isfinite(start) ? (int)lround((start - grid->lowest) / grid->step) : 0;
	at = at < 0 ? 0 : at >= s.n_points ? s.n_points - 1 : at;

	int rc = score_point(&s, at, err);
	/* Both neighbours decide the direction; then climb while it improves. */
	if (rc == 0 && at + 1 < s.n_points)
		rc = score_point(&s, at + 1, err);
	if (rc == 0 && at > 0)
		rc = score_point(&s, at - 1, err);
	int dir = s.best > at ? 1 : s.best < at ? -1 : 0;
	while (rc == 0 && dir != 0) {
		int next = s.best + dir;
		if (next < 0 || next >= s.n_points)
			break;
		int before = s.best;
		rc = score_point(&s, next, err);
		if (s.best == before)
			break;
	}
	if (s.best >= 0)
		*best_warp = warp_at(&s, s.best);
	if (n_scored)
		*n_scored = s.n_scored;
	return rc;
}
