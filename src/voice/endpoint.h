/*
 * endpoint.h - turn-taking: when the candidate has finished, and when the
 * candidate is interrupting the interviewer.
 *
 * Fed one frame of voice activity at a time (10 ms, voiced or not) and the
 * recognizer's partial transcript whenever it changes, the endpointer
 * decides the end of the candidate's turn the way an interviewer would:
 *   - the silence that ends a turn depends on how the words so far end:
 *     short after a complete answer or a question, long after unfinished
 *     words ("so the first thing I'd do is", a trailing "and", "um");
 *   - "let me think", "give me a second" make it wait quietly, up to
 *     thinking_max_ms;
 *   - a long silence gives a gentle prompt (ENDPOINT_PROMPT), not the end
 *     of the turn; after max_prompts prompts the turn ends.
 * While the interviewer speaks it watches for barge-in, in two steps, as a
 * person does who hears someone start to talk over them:
 *   - it goes quiet (ENDPOINT_HOLD) as soon as the candidate has spoken for
 *     hold_speech_ms or said hold_words real words: about 300 ms after
 *     their speech began, counting the detector's onset;
 *   - then it decides.  Speech that goes on (barge_speech_ms with a real
 *     word in it, or barge_words real words) is an interruption
 *     (ENDPOINT_BARGE_IN): the interviewer stops and the candidate's turn
 *     has begun.  Speech that ends before that was a backchannel ("mm-hm",
 *     "right", "yeah"), a cough or a word misheard from one: after
 *     resume_silence_ms the interviewer goes on where it stopped
 *     (ENDPOINT_RESUME) - unless its words asked for the floor ("wait",
 *     "sorry", "hold on"), which is an interruption however short.
 * Deciding takes longer than going quiet because the partial transcript of
 * a word still being said is often another word ("got to" while "got it"
 * is said, "raw" for "right"): one or two words alone do not decide, but a
 * backchannel is over within about half a second and an interruption goes
 * on.  Measured with bench_speech on 32 backchannels and 16 interruptions
 * of four Flite voices: deciding at 300 ms and two words (with the words
 * refreshed every 200 ms) let 26 of the backchannels interrupt; at 600 ms
 * and three words, with the words refreshed every 50 ms while the
 * candidate talks over the interviewer (listen.c), 6 of 32, and every
 * interruption is still caught.  Going quiet first yields the floor within
 * about 300 ms (p50 284 ms, p95 294 ms after an interruption began) and
 * lets the judgement wait longer: at 800 ms, 3 of 32 backchannels stop the
 * interviewer, the others pause it for p50 0.48 s, and every interruption
 * is caught.
 *
 * Pure logic (no clock, no audio): time is counted in frames, so the same
 * sequence always gives the same decisions.  Thresholds include the
 * detector's own hangover (vad_hangover_ms) when the voice-activity input
 * lags the audio, as PocketSphinx's does.
 */
#ifndef IV_VOICE_ENDPOINT_H
#define IV_VOICE_ENDPOINT_H

#include <stddef.h>

struct endpoint_params {
	int frame_ms;                  /* duration of one fed frame */
	int vad_hangover_ms;           /* voiced input stays on this long after speech */
	int min_speech_ms;             /* shorter voiced runs are noise */
	int complete_silence_ms;       /* after a complete answer or a question */
	int default_silence_ms;        /* after words that are neither ... */
	int default_silence_max_ms;    /* ... raised up to this for a speaker seen to pause
					  that long inside a turn */
	int unfinished_silence_ms;     /* after "and", "so", "um", "the first thing is" */
	int thinking_max_ms;           /* after "let me think": wait this long quietly */
	int prompt_after_ms;           /* silence before a gentle prompt when nothing was said */
	int max_prompts;               /* prompts before the turn ends anyway */
	int barge_speech_ms;           /* candidate speech over the interviewer ... */
	int barge_words;               /* ... or this many real words, interrupt it */
	int barge_unrecognized_ms;     /* speech with no words recognized yet that interrupts */
	int barge_backchannel_ms;      /* backchannel-only speech this long interrupts too */
	int hold_speech_ms;            /* candidate speech over the interviewer that quiets it ... */
	int hold_words;                /* ... or this many real words */
	int resume_silence_ms;         /* silence after held speech that was no interruption */
};

struct endpoint_params endpoint_default_params(void);

/* How the words so far end. */
enum utterance_shape {
	SHAPE_EMPTY,      /* no words */
	SHAPE_COMPLETE,   /* a finished answer: "... so that's how we did it" */
	SHAPE_QUESTION,   /* a question to the interviewer */
	SHAPE_NEUTRAL,    /* words that may or may not be finished */
	SHAPE_UNFINISHED, /* a trailing "and", "so", "um", "the first thing I'd do is" */
	SHAPE_THINKING    /* ends with "let me think", "give me a second" */
};

/* Classifies a transcript (lowercase words, as the recognizer writes). */
enum utterance_shape endpoint_classify(const char *text);
const char *endpoint_shape_name(enum utterance_shape shape);

/* The reading of text to judge its end by when the recognizer was unsure
 * of the last word: words[] are its readings of the last word (the one in
 * text among them) with their posteriors.  When the readings that leave
 * the sentence unfinished ("in" for "him", "and" for "end") hold at least
 * ENDPOINT_UNFINISHED_SHARE of the posterior, returns text with the most
 * probable of them in the last word's place (in buf, cap bytes); otherwise
 * returns text. */
#define ENDPOINT_UNFINISHED_SHARE 0.35
const char *endpoint_reading(const char *text, const char *const *words, const double *posteriors,
			     size_t n, char *buf, size_t cap);

/* 1 when every word of text is a backchannel ("mm hmm", "right", "yeah",
 * "okay", "i see", "got it"); 0 when a real word is in it or it is empty. */
int endpoint_is_backchannel(const char *text);

enum endpoint_event {
	ENDPOINT_NONE,
	ENDPOINT_SPEECH_START, /* the candidate started speaking (listening mode) */
	ENDPOINT_END_OF_TURN,  /* the candidate has finished */
	ENDPOINT_PROMPT,       /* a long silence: say something gentle, keep listening */
	ENDPOINT_BARGE_IN,     /* the candidate talks over the interviewer: stop, listen */
	ENDPOINT_HOLD,         /* the candidate may be talking over it: go quiet, keep place */
	ENDPOINT_RESUME        /* that was no interruption: go on where it stopped */
};

struct endpointer;

struct endpointer *endpoint_new(const struct endpoint_params *params);
void endpoint_free(struct endpointer *ep);

/* Starts listening for the candidate's turn (clears words and timers). */
void endpoint_listen(struct endpointer *ep);
/* The interviewer starts speaking: watch for barge-in until endpoint_listen. */
void endpoint_interviewer_speaking(struct endpointer *ep);

/* The recognizer's latest partial transcript of the current turn. */
void endpoint_set_partial(struct endpointer *ep, const char *text);

/* One frame; returns what happened at its end (ENDPOINT_NONE mostly).
 * END_OF_TURN and BARGE_IN are returned once; while the interviewer speaks,
 * HOLD is followed by RESUME or BARGE_IN, and HOLD may come again after a
 * RESUME.  BARGE_IN may also come without a HOLD before it (three words
 * at once). */
enum endpoint_event endpoint_feed(struct endpointer *ep, int voiced);

/* The silence that would end the turn now (ms), its reason, the silence
 * so far (ms), and the speech heard in this turn (ms). */
int endpoint_required_silence_ms(const struct endpointer *ep);
enum utterance_shape endpoint_shape(const struct endpointer *ep);
int endpoint_silence_ms(const struct endpointer *ep);
int endpoint_speech_ms(const struct endpointer *ep);
int endpoint_prompts(const struct endpointer *ep);
/* The silence after neutral words that ends a turn for this speaker: the
 * default, raised after pauses that long inside their turns (kept across
 * turns). */
int endpoint_neutral_silence_ms(const struct endpointer *ep);

#endif
