/*
 * endpoint.c - turn-taking decisions (see endpoint.h).
 *
 * Written by hand: the endpointers that exist (WebRTC's VAD, PocketSphinx
 * 5's ps_endpointer) decide speech versus silence; none decides whether a
 * person has finished a thought.  The word lists below are the judgement:
 * words that cannot end an English sentence (articles, prepositions,
 * conjunctions, auxiliaries, fillers) mean "more is coming", phrases that
 * ask for time mean "wait quietly", and a few closing phrases mean "done".
 * Only the first and the last few words of the transcript matter, so a
 * transcript is reduced to those when it arrives.
 */
#include "voice/endpoint.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORD 32
#define TAIL 16 /* last words kept */
#define HEAD 3  /* first words kept */

struct words {
	char head[HEAD][MAX_WORD];
	char tail[TAIL][MAX_WORD]; /* tail[n_tail - 1] is the last word */
	int n_head, n_tail, n_total;
};

/* Splits text into lowercase words (letters, digits, apostrophes). */
static void split_words(const char *text, struct words *w)
{
	memset(w, 0, sizeof *w);
	const char *p = text ? text : "";
	while (*p) {
		while (*p && !isalnum((unsigned char)*p) && *p != '\'')
			p++;
		if (!*p)
			break;
		char word[MAX_WORD];
		size_t n = 0;
		while (*p && (isalnum((unsigned char)*p) || *p == '\'')) {
			if (n + 1 < sizeof word)
				word[n++] = (char)tolower((unsigned char)*p);
			p++;
		}
		word[n] = '\0';
		if (w->n_head < HEAD)
			memcpy(w->head[w->n_head++], word, n + 1);
		if (w->n_tail == TAIL) {
			memmove(w->tail[0], w->tail[1], (TAIL - 1) * MAX_WORD);
			w->n_tail--;
		}
		memcpy(w->tail[w->n_tail++], word, n + 1);
		w->n_total++;
	}
}

static int in_list(const char *word, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(word, *list) == 0)
			return 1;
	return 0;
}

/* Words after which an English sentence is not over. */
static const char *const unfinished_words[] = {
	"um", "uh", "er", "erm", "hmm", "ah", "and", "or", "but", "so", "because", "cause",
	"then", "plus", "also", "the", "a", "an", "of", "to", "in", "on", "at", "for", "with",
	"by", "from", "into", "about", "like", "as", "than", "via", "between", "over",
	"through", "is", "are", "was", "were", "be", "been", "would", "will", "can", "could",
	"should", "might", "must", "have", "has", "had", "do", "does", "did", "i'd", "we'd",
	"i'll", "we'll", "i'm", "we're", "it's", "that's", "there's", "what's", "i", "we",
	"you", "they", "my", "our", "your", "their", "its", "which", "where", "when", "if",
	"whether", "what", "how", "who", "some", "any", "each", "every", "very", "really",
	"just", "basically", "maybe", "probably", "actually", "either", "neither", "not",
	"first", "second", "let", "gonna", "wanna", NULL};

/* Words that may trail a request for time: "let me think about that". */
static const char *const thinking_trail[] = {
	"about", "that", "it", "this", "for", "a", "second", "sec", "moment", "minute",
	"um", "uh", "hmm", "so", "okay", "ok", "well", "the", "question", "one", "bit",
	"little", "just", NULL};

static const char *const thinking_phrases[][5] = {
	{"let", "me", "think", NULL},      {"give", "me", "a", "second", NULL},
	{"give", "me", "a", "sec", NULL},  {"give", "me", "a", "moment", NULL},
	{"give", "me", "a", "minute", NULL}, {"give", "me", "one", "second", NULL},
	{"just", "a", "second", NULL},     {"just", "a", "moment", NULL},
	{"one", "second", NULL},           {"one", "sec", NULL},
	{"hold", "on", NULL},              {"let", "me", "see", NULL},
	{"bear", "with", "me", NULL},      {"need", "to", "think", NULL},
	{"let", "me", "take", "a", NULL},  {"thinking", "about", "it", NULL},
};

static const char *const closing_phrases[][6] = {
	{"that's", "it", NULL},          {"that's", "about", "it", NULL},
	{"that's", "all", NULL},         {"so", "yeah", NULL},
	{"that", "covers", "it", NULL},  {"make", "sense", NULL},
	{"that's", "my", "answer", NULL}, {"your", "question", NULL},
	{"how", "we", "did", "it", NULL}, {"what", "i'd", "do", NULL},
	{"what", "i", "would", "do", NULL}, {"in", "a", "nutshell", NULL},
};

static const char *const short_answers[] = {
	"yes", "no", "yeah", "yep", "nope", "sure", "right", "correct", "exactly", "okay",
	"ok", "absolutely", "definitely", "never", "sometimes", "thanks", NULL};

static const char *const auxiliaries[] = {
	"do", "does", "did", "is", "are", "was", "can", "could", "would", "should", "will",
	"have", "has", "may", "am", NULL};
static const char *const wh_words[] = {"what", "how", "why", "when", "where", "which", "who",
				       NULL};
static const char *const wh_next[] = {"many", "much", "kind", "big", "long", "often", "large",
				      "exactly", "about", NULL};
static const char *const question_lead[] = {"so", "um", "uh", "okay", "ok", "and", "sorry",
					    "but", "well", "oh", "hmm", NULL};

static const char *const backchannel_words[] = {
	"mm", "mmm", "hmm", "hm", "mhm", "uh", "huh", "um", "ah", "oh", "right", "yeah", "yes",
	"yep", "yup", "ok", "okay", "sure", "true", "cool", "nice", "great", "exactly", "indeed",
	"alright", "wow", "gotcha", NULL};
static const char *const backchannel_pairs[][2] = {
	{"i", "see"}, {"got", "it"}, {"makes", "sense"}, {"fair", "enough"}, {"of", "course"},
	{"sounds", "good"}, {"uh", "huh"}, {"mm", "hmm"},
};

/* Words that ask for the floor even when short: a candidate who says only
 * "wait" or "sorry" over the interviewer wants it to stop. */
static const char *const floor_words[] = {
	"wait", "sorry", "stop", "hold", "hang", "excuse", "pardon", "actually", "question",
	"sec", "second", NULL};

/* 1 when the phrase (NULL-terminated) ends at tail index end (exclusive). */
static int phrase_at(const struct words *w, int end, const char *const *phrase)
{
	int len = 0;
	while (phrase[len])
		len++;
	if (end - len < 0)
		return 0;
	for (int i = 0; i < len; i++)
		if (strcmp(w->tail[end - len + i], phrase[i]) != 0)
			return 0;
	return 1;
}

static int ends_thinking(const struct words *w)
{
	/* A request for time, followed only by words that may trail one. */
	for (int end = w->n_tail; end > 0; end--) {
		for (size_t k = 0; k < sizeof thinking_phrases / sizeof thinking_phrases[0]; k++)
			if (phrase_at(w, end, thinking_phrases[k]))
				return 1;
		if (!in_list(w->tail[end - 1], thinking_trail))
			return 0;
	}
	return 0;
}

static int ends_closing(const struct words *w)
{
	for (size_t k = 0; k < sizeof closing_phrases / sizeof closing_phrases[0]; k++)
		if (phrase_at(w, w->n_tail, closing_phrases[k]))
			return 1;
	return 0;
}

static int is_question(const struct words *w)
{
	int i = 0;
	while (i < w->n_head - 1 && in_list(w->head[i], question_lead))
		i++;
	if (i + 1 >= w->n_head || w->n_total < 3)
		return 0;
	const char *first = w->head[i], *second = w->head[i + 1];
	if (in_list(first, auxiliaries))
		return 1; /* "do you ...", "is it ...", "can we ..." */
	if (in_list(first, wh_words))
		return in_list(second, auxiliaries) || in_list(second, wh_next);
	size_t n = strlen(first);
	/* "what's the ...", "how's ..." */
	return n > 2 && strcmp(first + n - 2, "'s") == 0 && strncmp(first, "what", 4) == 0;
}

static enum utterance_shape classify_words(const struct words *w)
{
	if (w->n_total == 0)
		return SHAPE_EMPTY;
	if (ends_thinking(w))
		return SHAPE_THINKING;
	if (ends_closing(w))
		return SHAPE_COMPLETE;
	if (in_list(w->tail[w->n_tail - 1], unfinished_words))
		return SHAPE_UNFINISHED;
	if (is_question(w))
		return SHAPE_QUESTION;
	if (w->n_total <= 3) {
		int all_short = 1;
		for (int i = 0; i < w->n_tail; i++)
			all_short &= in_list(w->tail[i], short_answers);
		if (all_short)
			return SHAPE_COMPLETE;
	}
	return SHAPE_NEUTRAL;
}

enum utterance_shape endpoint_classify(const char *text)
{
	struct words w;
	split_words(text, &w);
	return classify_words(&w);
}

const char *endpoint_reading(const char *text, const char *const *words, const double *posteriors,
			     size_t n, char *buf, size_t cap)
{
	if (!text || n == 0 || endpoint_classify(text) == SHAPE_UNFINISHED)
		return text;
	/* text without its last word */
	size_t end = strlen(text);
	while (end > 0 && !isalnum((unsigned char)text[end - 1]) && text[end - 1] != '\'')
		end--;
	size_t start = end;
	while (start > 0 && (isalnum((unsigned char)text[start - 1]) || text[start - 1] == '\''))
		start--;
	double total = 0, unfinished = 0, best = 0;
	const char *best_word = NULL;
	for (size_t i = 0; i < n; i++) {
		total += posteriors[i];
		char one[MAX_WORD + 1];
		snprintf(one, sizeof one, "%s", words[i]);
		struct words w;
		split_words(one, &w);
		if (w.n_tail == 1 && in_list(w.tail[0], unfinished_words)) {
			unfinished += posteriors[i];
			if (posteriors[i] > best) {
				best = posteriors[i];
				best_word = words[i];
			}
		}
	}
	if (!best_word || total <= 0 || unfinished < ENDPOINT_UNFINISHED_SHARE * total ||
	    start + strlen(best_word) + 1 > cap)
		return text;
	snprintf(buf, cap, "%.*s%s", (int)start, text, best_word);
	return buf;
}

const char *endpoint_shape_name(enum utterance_shape shape)
{
	static const char *const names[] = {"empty", "complete", "question", "neutral",
					    "unfinished", "thinking"};
	return shape <= SHAPE_THINKING ? names[shape] : "?";
}

/* Words of text that are not backchannels (capped at TAIL words seen). */
static int real_words(const struct words *w)
{
	int real = 0;
	for (int i = 0; i < w->n_tail; i++) {
		if (i + 1 < w->n_tail) {
			int pair = 0;
			for (size_t k = 0; k < sizeof backchannel_pairs / sizeof backchannel_pairs[0];
			     k++)
				if (strcmp(w->tail[i], backchannel_pairs[k][0]) == 0 &&
				    strcmp(w->tail[i + 1], backchannel_pairs[k][1]) == 0)
					pair = 1;
			if (pair) {
				i++;
				continue;
			}
		}
		if (!in_list(w->tail[i], backchannel_words))
			real++;
	}
	return real + (w->n_total - w->n_tail);
}

/* 1 when one of the last `last` words asks for the floor. */
static int asks_for_floor(const struct words *w, int last)
{
	for (int i = w->n_tail - last < 0 ? 0 : w->n_tail - last; i < w->n_tail; i++)
		if (in_list(w->tail[i], floor_words))
			return 1;
	return 0;
}

int endpoint_is_backchannel(const char *text)
{
	struct words w;
	split_words(text, &w);
	return w.n_total > 0 && real_words(&w) == 0;
}

/* ---------------------------------------------------------------- the state machine */

enum mode {
	MODE_IDLE,
	MODE_LISTENING,
	MODE_WATCHING, /* the interviewer speaks */
	MODE_HOLDING   /* it went quiet for the candidate's speech: interruption or not? */
};

struct endpointer {
	struct endpoint_params p;
	enum mode mode;
	enum utterance_shape shape;
	int n_words, n_real_words;
	int base_words, base_real; /* words of backchannels let pass earlier in the turn */
	int floor_asked;           /* the words since base_words ask for the floor */
	int voiced_run_ms;  /* consecutive voiced frames */
	int silence_ms;     /* since the last confirmed speech */
	int speech_ms;      /* confirmed speech in this turn */
	int heard_speech;
	int prompts;
	int neutral_ms;           /* this speaker's silence after neutral words */
	int paused_neutral;       /* the silence now follows neutral words */
};

struct endpoint_params endpoint_default_params(void)
{
	return (struct endpoint_params){
		.frame_ms = 10,
		.vad_hangover_ms = 0,
		.min_speech_ms = 100,
		.complete_silence_ms = 600,
		.default_silence_ms = 850,
		.default_silence_max_ms = 2000,
		.unfinished_silence_ms = 2800,
		.thinking_max_ms = 30000,
		.prompt_after_ms = 10000,
		.max_prompts = 2,
		.barge_speech_ms = 800,
		.barge_words = 3,
		.barge_unrecognized_ms = 800,
		.barge_backchannel_ms = 1500,
		.hold_speech_ms = 200,
		.hold_words = 2,
		.resume_silence_ms = 50,
	};
}

struct endpointer *endpoint_new(const struct endpoint_params *params)
{
	struct endpointer *ep = calloc(1, sizeof *ep);
	if (!ep)
		return NULL;
	ep->p = params ? *params : endpoint_default_params();
	if (ep->p.frame_ms <= 0)
		ep->p.frame_ms = 10;
	if (ep->p.default_silence_max_ms < ep->p.default_silence_ms)
		ep->p.default_silence_max_ms = ep->p.default_silence_ms;
	ep->neutral_ms = ep->p.default_silence_ms;
	return ep;
}

void endpoint_free(struct endpointer *ep)
{
	free(ep);
}

static void clear_turn(struct endpointer *ep, enum mode mode)
{
	ep->mode = mode;
	ep->shape = SHAPE_EMPTY;
	ep->n_words = ep->n_real_words = 0;
	ep->base_words = ep->base_real = ep->floor_asked = 0;
	ep->voiced_run_ms = ep->silence_ms = ep->speech_ms = 0;
	ep->heard_speech = 0;
	ep->prompts = 0;
}

void endpoint_listen(struct endpointer *ep)
{
	clear_turn(ep, MODE_LISTENING);
}

void endpoint_interviewer_speaking(struct endpointer *ep)
{
	clear_turn(ep, MODE_WATCHING);
}

void endpoint_set_partial(struct endpointer *ep, const char *text)
{
	struct words w;
	split_words(text, &w);
	enum utterance_shape shape = classify_words(&w);
	/* New words after a prompt or a request for time start the count again. */
	if (w.n_total > ep->n_words && ep->shape == SHAPE_THINKING && shape != SHAPE_THINKING)
		ep->prompts = 0;
	ep->shape = shape;
	ep->n_words = w.n_total;
	ep->n_real_words = real_words(&w);
	int since = w.n_total - ep->base_words;
	ep->floor_asked = since > 0 && asks_for_floor(&w, since);
}

int endpoint_required_silence_ms(const struct endpointer *ep)
{
	int ms;
	switch (ep->shape) {
	case SHAPE_EMPTY:
		return ep->p.prompt_after_ms;
	case SHAPE_THINKING:
		return ep->p.thinking_max_ms;
	case SHAPE_COMPLETE:
	case SHAPE_QUESTION:
		ms = ep->p.complete_silence_ms;
		break;
	case SHAPE_UNFINISHED:
		ms = ep->p.unfinished_silence_ms;
		break;
	default:
		ms = ep->neutral_ms;
		break;
	}
	ms -= ep->p.vad_hangover_ms;
	return ms < ep->p.frame_ms ? ep->p.frame_ms : ms;
}

enum utterance_shape endpoint_shape(const struct endpointer *ep)
{
	return ep->shape;
}

int endpoint_silence_ms(const struct endpointer *ep)
{
	return ep->silence_ms;
}

int endpoint_speech_ms(const struct endpointer *ep)
{
	return ep->speech_ms;
}

int endpoint_prompts(const struct endpointer *ep)
{
	return ep->prompts;
}

int endpoint_neutral_silence_ms(const struct endpointer *ep)
{
	return ep->neutral_ms;
}

/* Speech came back after a pause inside the turn.  When the words before
 * it were neutral and the pause was over half the wait that would have
 * ended the turn, this speaker pauses that long mid-thought: wait for
 * them a little longer than that from now on (up to the maximum). */
#define LEARN_MARGIN_MS 300
static void learn_pause(struct endpointer *ep, int pause_ms)
{
	pause_ms += ep->p.vad_hangover_ms; /* the real pause began before the detector said so */
	if (pause_ms * 2 < ep->neutral_ms)
		return;
	int want = pause_ms + LEARN_MARGIN_MS;
	if (want > ep->p.default_silence_max_ms)
		want = ep->p.default_silence_max_ms;
	if (want > ep->neutral_ms)
		ep->neutral_ms = want;
}

/* The candidate's speech is an interruption: it starts their turn, with
 * its words and speech kept; listen on. */
static enum endpoint_event barge_in(struct endpointer *ep)
{
	ep->mode = MODE_LISTENING;
	ep->heard_speech = 1;
	ep->silence_ms = 0;
	return ENDPOINT_BARGE_IN;
}

/* While the interviewer speaks (MODE_WATCHING) or has gone quiet for the
 * candidate's speech (MODE_HOLDING). */
static enum endpoint_event watch(struct endpointer *ep)
{
	int run = ep->voiced_run_ms;
	/* Only the words since the last backchannel let pass count. */
	int words = ep->n_words - ep->base_words;
	int real = ep->n_real_words - ep->base_real;
	if (words < 0)
		words = 0;
	if (real < 0)
		real = 0;
	if (real >= ep->p.barge_words || (run >= ep->p.barge_speech_ms && real >= 1) ||
	    (run >= ep->p.barge_unrecognized_ms && words == 0) || run >= ep->p.barge_backchannel_ms)
		return barge_in(ep);
	if (ep->mode == MODE_WATCHING) {
		if (run < ep->p.hold_speech_ms && real < ep->p.hold_words)
			return ENDPOINT_NONE;
		ep->mode = MODE_HOLDING;
		ep->silence_ms = 0;
		return ENDPOINT_HOLD;
	}
	if (run > 0 || ep->silence_ms < ep->p.resume_silence_ms)
		return ENDPOINT_NONE;
	/* The speech is over and was too short to be an interruption: a
	 * backchannel, a cough - unless its words asked for the floor. */
	if (ep->floor_asked && real >= 1)
		return barge_in(ep);
	ep->mode = MODE_WATCHING;
	ep->base_words = ep->n_words;
	ep->base_real = ep->n_real_words;
	ep->floor_asked = 0;
	return ENDPOINT_RESUME;
}

enum endpoint_event endpoint_feed(struct endpointer *ep, int voiced)
{
	int f = ep->p.frame_ms;
	enum endpoint_event event = ENDPOINT_NONE;
	if (voiced) {
		ep->voiced_run_ms += f;
		if (ep->voiced_run_ms >= ep->p.min_speech_ms) {
			/* Confirmed: the frames of the run so far were speech too. */
			int first = ep->voiced_run_ms - f < ep->p.min_speech_ms;
			ep->speech_ms += first ? ep->voiced_run_ms : f;
			if (first && ep->mode == MODE_LISTENING && ep->heard_speech && ep->paused_neutral)
				learn_pause(ep, ep->silence_ms - (ep->voiced_run_ms - f));
			ep->silence_ms = 0;
			if (!ep->heard_speech && ep->mode == MODE_LISTENING) {
				ep->heard_speech = 1;
				event = ENDPOINT_SPEECH_START;
			}
		} else {
			ep->silence_ms += f;
		}
	} else {
		if (ep->voiced_run_ms > 0 || ep->silence_ms == 0)
			ep->paused_neutral = ep->shape == SHAPE_NEUTRAL;
		ep->voiced_run_ms = 0;
		ep->silence_ms += f;
	}
	if (ep->mode == MODE_WATCHING || ep->mode == MODE_HOLDING)
		return watch(ep);
	if (ep->mode != MODE_LISTENING || event != ENDPOINT_NONE)
		return event;
	/* voice that may be speech starting again holds the turn open */
	if (ep->silence_ms < endpoint_required_silence_ms(ep) || ep->voiced_run_ms > 0)
		return ENDPOINT_NONE;
	if (ep->shape == SHAPE_EMPTY || ep->shape == SHAPE_THINKING) {
		/* Nothing said yet, or asked for time: a gentle prompt, and keep
		 * listening, until the prompts run out. */
		if (ep->prompts >= ep->p.max_prompts) {
			ep->mode = MODE_IDLE;
			return ENDPOINT_END_OF_TURN;
		}
		ep->prompts++;
		ep->silence_ms = 0;
		return ENDPOINT_PROMPT;
	}
	ep->mode = MODE_IDLE;
	return ENDPOINT_END_OF_TURN;
}
