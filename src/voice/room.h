/*
 * room.h - a simulated room: what the speakers play reaches the microphone
 * later, quieter and with a few reflections, the way a laptop's microphone
 * hears its own speakers.
 *
 * For scripting the voice loop without a sound card: with file devices and
 * INTERVIEWER_AUDIO_ROOM=1, the file microphone hears the recorded
 * candidate plus the interviewer's own voice through this room, so a script
 * can check what echo does to turn-taking (and what the echo canceller
 * undoes).  The tests use it to build their echo too.
 *
 * Two positions in samples: the speakers' and the microphone's.  Playing
 * never starts behind the microphone (what is played now is heard from now
 * on); hearing adds the echo of everything played up to that point.
 */
#ifndef IV_VOICE_ROOM_H
#define IV_VOICE_ROOM_H

#include <stddef.h>
#include <stdint.h>

#include "iv_error.h"

struct room_params {
	int sample_rate_hz;
	int delay_ms;              /* speaker to microphone, device latency included */
	double gain_db;            /* level of that direct path */
	int reflections;           /* later echoes off the walls */
	int reflection_spacing_ms; /* between one reflection and the next */
	double reflection_decay_db; /* each reflection this much quieter than the one before */
};

/* 16 kHz, 40 ms, -6 dB, four reflections 23 ms apart, 5 dB decay each. */
struct room_params room_default_params(void);

struct room;

struct room *room_new(const struct room_params *params, struct iv_error *err);
void room_free(struct room *r);

/* The speakers play n samples.  Returns 0, -1 when out of memory. */
int room_play(struct room *r, const int16_t *samples, size_t n, struct iv_error *err);
/* The microphone captures n samples: their echo is added to mic (saturating). */
void room_hear(struct room *r, int16_t *mic, size_t n);
/* The microphone skips to the speakers' position: what it would have
 * captured in between is thrown away (a muted microphone's drained buffer). */
void room_skip(struct room *r);

/* The longest echo path (ms): the direct path plus the last reflection. */
int room_length_ms(const struct room_params *p);

#endif
