/*
 * pitch.c - the speaker's median pitch (see pitch.h).
 *
 * YIN comes from sphinxbase, which the recognizer already links: a
 * well-tested estimator, so none is written here.  Frames of 25.6 ms every
 * 10 ms (what sphinx_pitch uses); a frame counts as voiced when YIN's
 * aperiodicity is under 0.2 and its pitch lies in the range of human
 * speech.  The median comes from a histogram, so memory does not grow with
 * the audio.
 */
#include "voice/pitch.h"

#include <sphinxbase/yin.h>
#include <stdlib.h>
#include <string.h>

#define RATE_HZ 16000
#define FRAME 410
#define SHIFT 160
#define MIN_HZ 60
#define MAX_HZ 400
#define MAX_APERIODICITY_Q15 (32768 / 5)
/* sphinxbase's YIN takes the first lag whose difference falls under this
 * threshold, not the bottom of that dip, so a high threshold reads periods
 * short: 0.1 (sphinx_pitch's) read tones 6-7% high, 0.02 reads them 2%
 * high. */
#define YIN_THRESHOLD 0.02f

struct pitch_tracker {
	yin_t *yin;
	int16_t pending[FRAME];
	size_t n_pending;
	int voiced;
	int histogram[MAX_HZ + 1];
};

struct pitch_tracker *pitch_tracker_new(void)
{
	struct pitch_tracker *pt = calloc(1, sizeof *pt);
	if (!pt)
		return NULL;
	pt->yin = yin_init(FRAME, YIN_THRESHOLD, 0.2f, 2);
	if (!pt->yin) {
		free(pt);
		return NULL;
	}
	yin_start(pt->yin);
	return pt;
}

void pitch_tracker_free(struct pitch_tracker *pt)
{
	if (!pt)
		return;
	yin_end(pt->yin);
	yin_free(pt->yin);
	free(pt);
}

static void read_estimate(struct pitch_tracker *pt)
{
	uint16 period = 0, aperiodicity = 0;
	if (!yin_read(pt->yin, &period, &aperiodicity) || period == 0 ||
	    aperiodicity >= MAX_APERIODICITY_Q15)
		return;
	int hz = RATE_HZ / period;
	if (hz < MIN_HZ || hz > MAX_HZ)
		return;
	pt->histogram[hz]++;
	pt->voiced++;
}

void pitch_tracker_feed(struct pitch_tracker *pt, const int16_t *samples, size_t n)
{
	if (!pt || !samples)
		return;
	while (n > 0) {
		size_t take = FRAME - pt->n_pending < n ? FRAME - pt->n_pending : n;
		memcpy(pt->pending + pt->n_pending, samples, take * sizeof *samples);
		pt->n_pending += take;
		samples += take;
		n -= take;
		if (pt->n_pending < FRAME)
			break;
		yin_write(pt->yin, pt->pending);
		read_estimate(pt);
		memmove(pt->pending, pt->pending + SHIFT, (FRAME - SHIFT) * sizeof *pt->pending);
		pt->n_pending = FRAME - SHIFT;
	}
}

void pitch_tracker_break(struct pitch_tracker *pt)
{
	if (!pt)
		return;
	pt->n_pending = 0;
	yin_end(pt->yin);
	yin_start(pt->yin);
}

int pitch_tracker_voiced_frames(const struct pitch_tracker *pt)
{
	return pt ? pt->voiced : 0;
}

double pitch_tracker_median_hz(const struct pitch_tracker *pt)
{
	if (!pt || pt->voiced == 0)
		return 0;
	int seen = 0;
	for (int hz = MIN_HZ; hz <= MAX_HZ; hz++) {
		seen += pt->histogram[hz];
		if (2 * seen >= pt->voiced)
			return hz;
	}
	return MAX_HZ;
}

double pitch_vtln_warp(double median_hz)
{
	const double low_hz = 145, high_hz = 170, high_warp = 1.2;
	if (median_hz <= low_hz)
		return 1.0;
	if (median_hz >= high_hz)
		return high_warp;
	return 1.0 + (high_warp - 1.0) * (median_hz - low_hz) / (high_hz - low_hz);
}
