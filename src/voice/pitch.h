/*
 * pitch.h - the speaker's typical voice pitch, from the audio the
 * recognizer hears.
 *
 * The stock acoustic model hears low voices better than high ones (it
 * was trained mostly on men).  Vocal tract length normalization corrects
 * for that by warping the frequency axis; the warp a speaker needs follows
 * the length of their vocal tract, which their pitch indicates.  This
 * tracker finds the median fundamental frequency of the voiced frames fed
 * to it (sphinxbase's YIN estimator, 10 ms frames), and
 * pitch_vtln_warp() turns it into a first guess of the warp, where the
 * recognizer's likelihood search starts (warp_search.h).
 *
 * Memory is fixed: a histogram of 1 Hz bins, nothing kept per frame.
 */
#ifndef IV_VOICE_PITCH_H
#define IV_VOICE_PITCH_H

#include <stddef.h>
#include <stdint.h>

struct pitch_tracker;

/* 16 kHz mono.  Returns NULL when out of memory. */
struct pitch_tracker *pitch_tracker_new(void);
void pitch_tracker_free(struct pitch_tracker *pt);

/* Feeds samples (any length; frames are cut across calls). */
void pitch_tracker_feed(struct pitch_tracker *pt, const int16_t *samples, size_t n);
/* Forgets a partial frame (the next samples start a new recording). */
void pitch_tracker_break(struct pitch_tracker *pt);

/* Voiced 10 ms frames heard so far. */
int pitch_tracker_voiced_frames(const struct pitch_tracker *pt);
/* Median pitch of the voiced frames in Hz, 0 when none. */
double pitch_tracker_median_hz(const struct pitch_tracker *pt);

/* The inverse-linear VTLN warp guessed for a speaker of this median pitch: 1 (none)
 * for typical men's voices up to 145 Hz, rising to 1.2 for voices from
 * 170 Hz (most women's).  Chosen on the development answers
 * (bench/speech_dev.txt): the female voice lost 1.5 to 2 points of word
 * error rate with a warp of 1.1 to 1.2; the male voices were within noise
 * of 1 at 0.94 to 1.08. */
double pitch_vtln_warp(double median_hz);

#endif
