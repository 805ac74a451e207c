/*
 * bench_speech.c - how well and how fast the interviewer hears and speaks.
 *
 * On the held-out candidate answers of bench/speech_heldout.txt (no model
 * was built or tuned from them), spoken by the Flite voices slt, rms, awb,
 * kal16 and, as a harder set, by eSpeak NG:
 *   - word error rate, for a whole file (`hear`, `chat --jsonl` audio) and
 *     for the live path (streamed in 20 ms blocks through the endpointer);
 *   - domain-term recall: of the lexicon concepts the engine's understanding
 *     finds in what was said, the share it still finds in what was heard
 *     (a fixed list of domain words when data/lexicon.yaml is absent);
 *   - real-time factors of recognition and synthesis;
 *   - the end of the candidate's speech to the interviewer's first audio
 *     sample, split into endpoint wait, recognition finalization, engine
 *     (interview_hear + interview_next) and first synthesized audio; p50
 *     and p95 over every Flite utterance.
 * Goals (issue 4): recall >= 95%, WER <= 12% on Flite voices, and at most
 * 300 ms p95 of our own processing beyond the endpoint wait.
 *
 * After the held-out synthetic answers, the real recordings of
 * tests/speech/real (both halves, per speaker; --real alone for those).
 *
 * Usage: bench_speech [--quick] [--voices slt,rms,...] [--dev | --set FILE] [--show] [--file-only]
 *                     [--real tune,report]
 *   --set FILE   the answers of FILE (one a line), e.g. the blind sets
 *   --real H     real recordings of the halves H of tests/speech/real/manifest.tsv, each
 *                heard alone; --real-session H: each speaker's in one session
 *   --manifest F another manifest of real recordings
 *   --dev        the development answers (bench/speech_dev.txt), for tuning
 *   --show       print each answer that was not heard exactly, and the words heard
 *   --file-only  whole-file recognition only: no live path, no latency
 */
#include <ctype.h>
#include <espeak-ng/speak_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_support.h"
#include "interview.h"
#include "options.h"
#include "understand.h"
#include "voice/listen.h"
#include "voice/stt_sphinx.h"
#include "voice/tts_flite.h"
#include "voice/voice.h"
#include "voice/wav.h"

#ifndef IV_DATA_DIR
#define IV_DATA_DIR "data"
#endif
#define HELDOUT "bench/speech_heldout.txt"
#define DEV "bench/speech_dev.txt"
/* The development set grew to 76 answers; the held-out set keeps its old cap so
 * its figure stays comparable with earlier measurements. */
#define MAX_SENTENCES 512
#define MAX_HELDOUT 64

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ---------------------------------------------------------------- text */

/* Lowercase words, punctuation out, hyphens split: what a perfect
 * recognizer would write for the sentence. */
static void join_spelled(char *words);

static char *reference_words(const char *said)
{
	char *out = malloc(strlen(said) + 1);
	size_t o = 0;
	for (const char *p = said; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (isalnum(c) || (c == '\'' && o && isalpha((unsigned char)out[o - 1]))) {
			out[o++] = (char)tolower(c);
		} else if (o && out[o - 1] != ' ') {
			out[o++] = ' ';
		}
	}
	while (o && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	join_spelled(out);
	return out;
}

/* The dictionary's words said as letters ("jwt = j w t", "s3 = s three"):
 * answers written as said ("we used j w t") are scored against the one word
 * the recognizer writes, as tools/speech_corpus.py counts them. */
#define MAX_SPELLED 256
static struct spelled {
	char word[48];
	char said[96]; /* " j w t " */
} spelled[MAX_SPELLED];
static int n_spelled;

static void load_spelled(const char *dictionary_txt)
{
	FILE *f = fopen(dictionary_txt, "r");
	char line[512];
	while (f && fgets(line, sizeof line, f) && n_spelled < MAX_SPELLED) {
		line[strcspn(line, "#\n")] = '\0';
		char *eq = strstr(line, " = ");
		if (!eq)
			continue;
		*eq = '\0';
		char word[48], said[96] = " ";
		if (sscanf(line, "%47s", word) != 1)
			continue;
		int tokens = 0, letters = 0;
		char *save = NULL;
		for (char *t = strtok_r(eq + 3, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
			if (strlen(said) + strlen(t) + 2 >= sizeof said)
				break;
			strcat(said, t), strcat(said, " ");
			tokens++, letters += strlen(t) == 1;
		}
		if (tokens < 2 || !letters)
			continue;
		struct spelled *sp = &spelled[n_spelled++];
		snprintf(sp->word, sizeof sp->word, "%s", word);
		snprintf(sp->said, sizeof sp->said, "%s", said);
	}
	if (f)
		fclose(f);
}

/* words with every spelled form replaced by its word (in place; never longer). */
static void join_spelled(char *words)
{
	size_t len = strlen(words);
	char *padded = malloc(len + 3);
	sprintf(padded, " %s ", words);
	for (int k = 0; k < n_spelled; k++) {
		char *at;
		while ((at = strstr(padded, spelled[k].said)) != NULL) {
			size_t said_len = strlen(spelled[k].said), word_len = strlen(spelled[k].word);
			if (word_len + 2 > said_len)
				break;
			at[0] = ' ';
			memcpy(at + 1, spelled[k].word, word_len);
			at[1 + word_len] = ' ';
			memmove(at + 2 + word_len, at + said_len, strlen(at + said_len) + 1);
		}
	}
	size_t n = strlen(padded);
	while (n && padded[n - 1] == ' ')
		padded[--n] = '\0';
	memmove(words, padded + 1, strlen(padded + 1) + 1);
	free(padded);
}

static int split(char *s, char **words, int max)
{
	int n = 0;
	char *save = NULL;
	for (char *w = strtok_r(s, " ", &save); w && n < max; w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	return n;
}

/* "p99" as said, "p ninety nine": the dictionary writes percentiles as one
 * word and the held-out answers spell them, and both are the same speech.
 * Appends the words of 0 < n < 1000 to out. */
static void append_number(char *out, int n)
{
	static const char *const ones[] = {"", "one", "two", "three", "four", "five", "six",
					   "seven", "eight", "nine", "ten", "eleven", "twelve",
					   "thirteen", "fourteen", "fifteen", "sixteen",
					   "seventeen", "eighteen", "nineteen"};
	static const char *const tens[] = {"", "", "twenty", "thirty", "forty",
					   "fifty", "sixty", "seventy", "eighty", "ninety"};
	if (n >= 100) {
		strcat(out, " "), strcat(out, ones[n / 100]), strcat(out, " hundred");
		n %= 100;
	}
	if (n >= 20) {
		strcat(out, " "), strcat(out, tens[n / 10]);
		n %= 10;
	}
	if (n > 0)
		strcat(out, " "), strcat(out, ones[n]);
}

static char *spell_percentiles(const char *words)
{
	char *out = calloc(strlen(words) * 8 + 1, 1), *copy = strdup(words), *save = NULL;
	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		size_t len = strlen(w);
		int n = len >= 2 && len <= 4 && w[0] == 'p' && strspn(w + 1, "0123456789") == len - 1
				? atoi(w + 1)
				: 0;
		if (*out)
			strcat(out, " ");
		if (n > 0) {
			strcat(out, "p");
			append_number(out, n);
		} else {
			strcat(out, w);
		}
	}
	free(copy);
	return out;
}

/* Edit distance in words; *n_ref gets the reference length. */
static int word_errors(const char *ref, const char *hyp, int *n_ref)
{
	char *a = spell_percentiles(ref), *b = spell_percentiles(hyp);
	char *rw[128], *hw[128];
	int n = split(a, rw, 128), m = split(b, hw, 128);
	int *prev = malloc((size_t)(m + 1) * sizeof *prev), *cur = malloc((size_t)(m + 1) * sizeof *cur);
	for (int j = 0; j <= m; j++)
		prev[j] = j;
	for (int i = 1; i <= n; i++) {
		cur[0] = i;
		for (int j = 1; j <= m; j++) {
			int sub = prev[j - 1] + (strcmp(rw[i - 1], hw[j - 1]) != 0);
			int del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		int *t = prev;
		prev = cur;
		cur = t;
	}
	int d = prev[m];
	free(prev), free(cur), free(a), free(b);
	*n_ref = n;
	return d;
}

static int show_errors; /* --show: each answer not heard exactly, and what was */
static int skip_live;   /* --file-only: no live path, no latency */

/* Domain words used for recall when the lexicon is not there yet. */
static const char *const fallback_terms[] = {
	"api", "django", "postgres", "index", "redis", "webhooks", "retries", "backoff",
	"presigned", "s3", "worker", "relational", "database", "pgbouncer", "authentication",
	"authorization", "bcrypt", "sql", "injection", "parameterized", "service",
	"microservices", "cache", "invalidation", "kafka", "consumer", "offsets", "queue",
	"rate", "limiter", "kubernetes", "autoscaling", "cpu", "timeout", "postmortem", "alert",
	"schema", "backfilled", "consistency", "latency", "jwt", "tokens", "cached", "idempotency",
	"eager", "loading", "graphql", "rest", "cassandra", "p", NULL};

struct recall {
	int said, kept;
	int invented; /* concepts in what was heard that were never said */
};

static void count_terms(const struct lexicon *lx, struct text_words *scratch, const char *ref,
			const char *hyp, struct recall *r)
{
	if (lx) {
		struct utterance_analysis a, b;
		understand_utterance(lx, ref, scratch, &a);
		understand_utterance(lx, hyp, scratch, &b);
		for (int i = 0; i < a.n_concepts; i++) {
			r->said++;
			int kept = 0;
			for (int j = 0; j < b.n_concepts && !kept; j++)
				kept = a.concepts[i] == b.concepts[j];
			r->kept += kept;
			if (show_errors && !kept)
				printf("    lost concept: %s\n", lexicon_concept_id(lx, a.concepts[i]));
		}
		for (int j = 0; j < b.n_concepts; j++) {
			int said = 0;
			for (int i = 0; i < a.n_concepts && !said; i++)
				said = a.concepts[i] == b.concepts[j];
			r->invented += !said;
			if (show_errors && !said)
				printf("    invented concept: %s\n", lexicon_concept_id(lx, b.concepts[j]));
		}
		return;
	}
	char *a = strdup(ref), *b = strdup(hyp);
	char *rw[128], *hw[128];
	int n = split(a, rw, 128), m = split(b, hw, 128);
	for (int i = 0; i < n; i++) {
		int domain = 0;
		for (int k = 0; fallback_terms[k]; k++)
			domain |= strcmp(rw[i], fallback_terms[k]) == 0;
		if (!domain)
			continue;
		r->said++;
		for (int j = 0; j < m; j++)
			if (strcmp(rw[i], hw[j]) == 0) {
				r->kept++;
				break;
			}
	}
	free(a), free(b);
}

/* ---------------------------------------------------------------- speech */

struct pcm {
	int16_t *s;
	size_t n, cap;
};

static void pcm_add(struct pcm *p, const int16_t *s, size_t n)
{
	if (p->n + n > p->cap) {
		p->cap = (p->n + n) * 2;
		p->s = realloc(p->s, p->cap * sizeof *p->s);
	}
	if (s)
		memcpy(p->s + p->n, s, n * sizeof *s);
	else
		memset(p->s + p->n, 0, n * sizeof *s);
	p->n += n;
}


static int espeak_rate;
static struct pcm espeak_out;

static int espeak_cb(short *wav, int n, espeak_EVENT *events)
{
	(void)events;
	if (wav && n > 0)
		pcm_add(&espeak_out, wav, (size_t)n);
	return 0;
}

/* eSpeak NG: initialised once per process (see speech-stack.md). */
static int espeak_synth(const char *text, int16_t **out, size_t *n)
{
	if (!espeak_rate) {
		espeak_rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, 0);
		if (espeak_rate <= 0)
			return -1;
		espeak_SetSynthCallback(espeak_cb);
		if (espeak_SetVoiceByName("en-us") != EE_OK)
			return -1;
		espeak_SetParameter(espeakRATE, 160, 0);
	}
	espeak_out.n = 0;
	if (espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_AUTO, NULL,
			 NULL) != EE_OK)
		return -1;
	struct iv_error err;
	return wav_resample(espeak_out.s, espeak_out.n, espeak_rate, 16000, out, n, &err);
}

/* ---------------------------------------------------------------- stats */

static double percentile(double *v, int n, double p)
{
	if (n == 0)
		return 0;
	qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
	int i = (int)(p * (n - 1) + 0.5);
	return v[i];
}

#define MAX_SAMPLES 512
struct latency {
	double wait[MAX_SAMPLES], finalize[MAX_SAMPLES], engine[MAX_SAMPLES], first_audio[MAX_SAMPLES],
		own[MAX_SAMPLES];
	int n;
};

struct first_chunk {
	double t0, ms;
};

static int on_first_chunk(const int16_t *s, size_t n, int rate, void *user)
{
	(void)s, (void)n, (void)rate;
	struct first_chunk *f = user;
	f->ms = now_ms() - f->t0;
	return 1; /* only the first chunk is timed */
}

/* ---------------------------------------------------------------- barge-in */

/* Said while the interviewer talks: backchannels must let it go on,
 * interruptions must stop it.  Each is heard alone (headphones: no echo)
 * after a second of silence, through a recognizer warmed by the answers.
 * Flite spells hums ("Hmm", "Mm-hm") letter by letter, so none is here. */
static const char *const backchannels[] = {"Oh, okay.", "Uh-huh.", "Right.", "Yeah.", "Okay.",
					   "Sure.", "I see.", "Got it.", NULL};
static const char *const interruptions[] = {"Wait, can I ask something about that?",
					    "Sorry, could you repeat the question?",
					    "Actually, I think I misunderstood the question.",
					    "Hold on, do you mean reads or writes?", NULL};

struct barge_result {
	int backchannels, backchannel_barged, backchannel_held;
	int interruptions, interruption_barged;
	double quiet_ms[16]; /* interruption began -> the interviewer went quiet */
	double barge_ms[16]; /* interruption began -> judged an interruption */
	int n_quiet, n_barge;
	double paused_ms[32]; /* a backchannel's hold: quiet -> going on */
	int n_paused;
};

struct trial {
	double quiet_ms;  /* speech began -> first HOLD (or BARGE_IN), -1: never */
	double barge_ms;  /* speech began -> BARGE_IN, -1: let pass */
	double paused_ms; /* time held before going on (summed), 0: never held */
};

/* Plays text over a watching listener: when the interviewer went quiet,
 * when it stopped for good, how long it was quiet before going on. */
static struct trial barge_trial(struct listener *l, struct tts_flite *tts,
				struct voice_speaking *vs, const char *text)
{
	struct trial t = {-1, -1, 0};
	struct iv_error err = {{0}};
	char *sayable = voice_sayable(vs, text);
	int16_t *speech = NULL;
	size_t n_speech = 0;
	int rc = tts_flite_synth(tts, sayable, &speech, &n_speech, &err);
	free(sayable);
	if (rc != 0)
		return t;
	size_t first_loud = 0;
	while (first_loud < n_speech && speech[first_loud] < 500 && speech[first_loud] > -500)
		first_loud++;
	struct pcm audio = {0};
	pcm_add(&audio, NULL, 16000);
	pcm_add(&audio, speech, n_speech);
	pcm_add(&audio, NULL, 16000 * 3 / 2);
	listener_begin(l, 1, &err);
	double held_at = 0;
	int held = 0; /* quiet now, since held_at */
	for (size_t k = 0; k < audio.n && t.barge_ms < 0; k += 320) {
		size_t len = audio.n - k < 320 ? audio.n - k : 320, at = 0;
		enum endpoint_event e = listener_feed(l, audio.s + k, len, &at, &err);
		double at_ms = ((double)(k + at) - 16000.0 - (double)first_loud) / 16.0;
		if ((e == ENDPOINT_HOLD || e == ENDPOINT_BARGE_IN) && t.quiet_ms < 0)
			t.quiet_ms = at_ms;
		if (e == ENDPOINT_HOLD) {
			held_at = at_ms;
			held = 1;
		}
		if (e == ENDPOINT_RESUME && held) {
			t.paused_ms += at_ms - held_at;
			held = 0;
		}
		if (e == ENDPOINT_BARGE_IN) {
			t.barge_ms = at_ms;
			if (show_errors)
				printf("    barge-in at %.0f ms (quiet at %.0f) on \"%s\"\n", at_ms,
				       t.quiet_ms, listener_partial(l));
		}
	}
	struct stt_result sr;
	listener_finish(l, &sr, &err);
	stt_result_release(&sr);
	free(audio.s);
	free(speech);
	return t;
}

static void run_barge_in(struct voice_speaking *vs, struct listener *l, const char *voice,
			 struct barge_result *r)
{
	struct iv_error err = {{0}};
	struct tts_flite *tts = tts_flite_new(voice, 160, &err);
	if (!tts)
		return;
	for (int i = 0; backchannels[i]; i++) {
		struct trial t = barge_trial(l, tts, vs, backchannels[i]);
		r->backchannels++;
		r->backchannel_barged += t.barge_ms >= 0;
		r->backchannel_held += t.quiet_ms >= 0;
		if (t.barge_ms < 0 && t.paused_ms > 0 && r->n_paused < 32)
			r->paused_ms[r->n_paused++] = t.paused_ms;
		if (show_errors && t.barge_ms >= 0)
			printf("  %s: backchannel \"%s\" interrupted\n", voice, backchannels[i]);
	}
	for (int i = 0; interruptions[i]; i++) {
		struct trial t = barge_trial(l, tts, vs, interruptions[i]);
		r->interruptions++;
		if (t.quiet_ms >= 0 && r->n_quiet < 16)
			r->quiet_ms[r->n_quiet++] = t.quiet_ms;
		if (t.barge_ms < 0) {
			if (show_errors)
				printf("  %s: interruption \"%s\" missed\n", voice, interruptions[i]);
			continue;
		}
		r->interruption_barged++;
		if (r->n_barge < 16)
			r->barge_ms[r->n_barge++] = t.barge_ms;
	}
	tts_flite_free(tts);
}

/* ---------------------------------------------------------------- one voice */


struct voice_result {
	const char *voice;
	int errors_file, errors_live, ref_words;
	struct recall recall;
	double audio_s, decode_cpu_ms, synth_cpu_ms, synth_audio_s;
	int low_confidence;
	double warp; /* the speaker warp the recognizer chose */
	struct barge_result barge;
};

struct bench {
	char *said[MAX_SENTENCES];
	char *ref[MAX_SENTENCES];
	int n;
	struct content content;
	int have_content;
	struct text_words scratch;
	struct voice_speaking *speaking; /* makes candidate text sayable, times first audio */
	struct latency lat;
};

static struct interview *new_interview(struct bench *b)
{
	if (!b->have_content)
		return NULL;
	struct interview_params p = interview_default_params();
	p.playbook = b->content.playbook;
	p.lexicon = b->content.lexicon;
	p.seed = 7;
	p.candidate_name = "Alex";
	struct iv_error err;
	struct interview *iv = interview_new(&p, &err);
	struct interviewer_turn t;
	if (iv && interview_next(iv, 0, &t, &err) != 0) {
		interview_free(iv);
		return NULL;
	}
	return iv;
}

static int run_voice(struct bench *b, const char *voice, struct voice_result *r)
{
	struct iv_error err = {{0}};
	memset(r, 0, sizeof *r);
	r->voice = voice;
	int is_espeak = strcmp(voice, "espeak") == 0;
	struct voice_hearing *vh = voice_hearing_new(IV_DATA_DIR, NULL, &err);
	if (!vh) {
		fprintf(stderr, "bench_speech: %s\n", err.message);
		return -1;
	}
	struct listener *l = listener_new(voice_hearing_recognizer(vh), NULL, &err);
	struct tts_flite *tts = is_espeak ? NULL : tts_flite_new(voice, 160, &err);
	struct interview *iv = new_interview(b);
	double t_interview = 0;
	for (int i = 0; i < b->n; i++) {
		char *sayable = voice_sayable(b->speaking, b->said[i]);
		int16_t *speech = NULL;
		size_t n_speech = 0;
		double c0 = cpu_ms();
		int rc = is_espeak ? espeak_synth(sayable, &speech, &n_speech)
				   : tts_flite_synth(tts, sayable, &speech, &n_speech, &err);
		r->synth_cpu_ms += cpu_ms() - c0;
		free(sayable);
		if (rc != 0) {
			fprintf(stderr, "bench_speech: synthesis failed for %s\n", voice);
			return -1;
		}
		r->synth_audio_s += n_speech / 16000.0;

		/* Whole file. */
		struct heard h;
		voice_hear_samples(vh, speech, n_speech, &h, &err);
		int n_ref = 0;
		int errs = word_errors(b->ref[i], h.text, &n_ref);
		r->errors_file += errs;
		if (show_errors && errs)
			printf("  %s %2d/%2d\n    said:  %s\n    heard: %s\n", voice, errs, n_ref,
			       b->ref[i], h.text);
		r->ref_words += n_ref;
		count_terms(b->have_content ? b->content.lexicon : NULL, &b->scratch, b->ref[i], h.text,
			    &r->recall);
		r->low_confidence += h.low_confidence;
		heard_release(&h);
		if (skip_live) {
			free(speech);
			continue;
		}

		/* Live: half a second of silence, the answer, then silence until
		 * the endpointer ends the turn. */
		struct pcm audio = {0};
		pcm_add(&audio, NULL, 8000);
		pcm_add(&audio, speech, n_speech);
		size_t last_loud = 0;
		for (size_t k = 0; k < n_speech; k++)
			if (speech[k] > 500 || speech[k] < -500)
				last_loud = k;
		size_t speech_end = 8000 + last_loud;
		pcm_add(&audio, NULL, 16000 * 6);
		listener_begin(l, 0, &err);
		size_t ended = 0;
		c0 = cpu_ms();
		for (size_t k = 0; k < audio.n && !ended; k += 320) {
			size_t len = audio.n - k < 320 ? audio.n - k : 320, at = 0;
			if (listener_feed(l, audio.s + k, len, &at, &err) == ENDPOINT_END_OF_TURN)
				ended = k + at;
		}
		struct stt_result sr;
		double f0 = now_ms();
		listener_finish(l, &sr, &err);
		double finalize_ms = now_ms() - f0;
		r->decode_cpu_ms += cpu_ms() - c0;
		r->audio_s += (ended ? ended : audio.n) / 16000.0;
		r->errors_live += word_errors(b->ref[i], sr.text, &n_ref);

		/* The engine takes the words and chooses the next turn. */
		double engine_ms = 0;
		const char *next_text = "That's a solid approach. What would you cache, and how would "
					"you invalidate it?";
		struct interviewer_turn turn;
		if (iv && !interview_is_over(iv)) {
			double e0 = now_ms();
			t_interview += 60;
			if (interview_hear(iv, sr.text, t_interview, &err) == 0 &&
			    interview_next(iv, t_interview, &turn, &err) == 0)
				next_text = turn.text;
			engine_ms = now_ms() - e0;
			if (interview_is_over(iv)) {
				interview_free(iv);
				iv = new_interview(b);
				t_interview = 0;
			}
		}
		struct first_chunk fc = {.t0 = now_ms(), .ms = 0};
		voice_speak_stream(b->speaking, next_text, on_first_chunk, &fc, &err);

		if (!is_espeak && ended && b->lat.n < MAX_SAMPLES) {
			int k = b->lat.n++;
			b->lat.wait[k] = (double)(ended > speech_end ? ended - speech_end : 0) / 16.0;
			b->lat.finalize[k] = finalize_ms;
			b->lat.engine[k] = engine_ms;
			b->lat.first_audio[k] = fc.ms;
			b->lat.own[k] = finalize_ms + engine_ms + fc.ms;
		}
		stt_result_release(&sr);
		free(audio.s);
		free(speech);
	}
	if (!is_espeak && !skip_live)
		run_barge_in(b->speaking, l, voice, &r->barge);
	interview_free(iv);
	tts_flite_free(tts);
	listener_free(l);
	stt_sphinx_settle(voice_hearing_recognizer(vh));
	r->warp = stt_sphinx_warp(voice_hearing_recognizer(vh));
	voice_hearing_free(vh);
	return 0;
}

/* ---------------------------------------------------------------- real speech */

/* Real recordings with known transcripts (tests/speech/real/manifest.tsv),
 * each heard as `interviewer hear` hears a file: a fresh recognizer, so
 * every file is the speaker's first answer.  Word error per speaker, then
 * per half: settings are chosen on the "tune" half only, the "report" half
 * is only measured.  A file whose package is missing is skipped and said. */
#define REAL_MANIFEST "tests/speech/real/manifest.tsv"
#define MAX_SPEAKERS 32

struct speaker_score {
	char name[32];
	char half[8];
	int errors, words, files;
	double audio_s, cpu_ms, warp_sum;
};

static struct speaker_score *speaker_of(struct speaker_score *sp, int *n, const char *half,
					const char *name)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(sp[i].name, name) == 0)
			return &sp[i];
	if (*n == MAX_SPEAKERS)
		return NULL;
	struct speaker_score *s = &sp[(*n)++];
	memset(s, 0, sizeof *s);
	snprintf(s->name, sizeof s->name, "%s", name);
	snprintf(s->half, sizeof s->half, "%s", half);
	return s;
}

static const char *real_manifest = REAL_MANIFEST;
static int real_session; /* --real-session: one recognizer per speaker, not per file */

static int run_real(const char *halves)
{
	setenv("INTERVIEWER_SECOND_PASS", "1", 0); /* as `hear` hears a file */
	FILE *f = fopen(real_manifest, "r");
	if (!f) {
		fprintf(stderr, "bench_speech: cannot open %s (run from the repository root)\n",
			real_manifest);
		return -1;
	}
	struct speaker_score sp[MAX_SPEAKERS];
	int n_sp = 0, skipped = 0;
	struct voice_hearing *vh = NULL;
	char session_of[32] = "";
	char line[2048];
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		char *save = NULL;
		char *half = strtok_r(line, "\t", &save), *who = strtok_r(NULL, "\t", &save);
		char *path = strtok_r(NULL, "\t", &save), *said = strtok_r(NULL, "\t", &save);
		if (!half || !who || !path || !said || !strstr(halves, half))
			continue;
		FILE *probe = fopen(path, "rb");
		if (!probe) {
			skipped++;
			continue;
		}
		fclose(probe);
		struct iv_error err = {{0}};
		if (vh && (!real_session || strcmp(session_of, who) != 0)) {
			voice_hearing_free(vh);
			vh = NULL;
		}
		if (!vh)
			vh = voice_hearing_new(IV_DATA_DIR, NULL, &err);
		if (!vh) {
			fprintf(stderr, "bench_speech: %s\n", err.message);
			fclose(f);
			return -1;
		}
		snprintf(session_of, sizeof session_of, "%s", who);
		struct heard h;
		double c0 = cpu_ms();
		if (voice_hear_file(vh, path, &h, &err) != 0) {
			fprintf(stderr, "bench_speech: %s\n", err.message);
			continue;
		}
		double used = cpu_ms() - c0;
		char *ref = reference_words(said);
		int n_ref = 0, errs = word_errors(ref, h.text, &n_ref);
		struct speaker_score *s = speaker_of(sp, &n_sp, half, who);
		if (s) {
			s->errors += errs, s->words += n_ref, s->files++;
			s->audio_s += h.audio_seconds, s->cpu_ms += used;
			s->warp_sum += stt_sphinx_warp(voice_hearing_recognizer(vh));
		}
		if (show_errors && errs)
			printf("  %s %2d/%2d\n    said:  %s\n    heard: %s\n", who, errs, n_ref, ref,
			       h.text);
		free(ref);
		heard_release(&h);
	}
	voice_hearing_free(vh);
	fclose(f);
	printf("real speech (%s), %s:\n", real_manifest,
	       real_session ? "each speaker's files in one session, in order (the warp found on "
			      "earlier answers serves later ones)"
			    : "each file heard alone as `hear` does");
	printf("%-7s %-12s %5s %7s %8s %9s %6s\n", "half", "speaker", "files", "audio s", "WER",
	       "RTF hear", "warp");
	const char *order[2] = {"tune", "report"};
	for (int h = 0; h < 2; h++) {
		int errors = 0, words = 0;
		double audio = 0, cpu = 0;
		for (int i = 0; i < n_sp; i++) {
			struct speaker_score *s = &sp[i];
			if (strcmp(s->half, order[h]) != 0)
				continue;
			printf("%-7s %-12s %5d %7.1f %7.1f%% %9.3f %6.2f\n", s->half, s->name, s->files,
			       s->audio_s, 100.0 * s->errors / (s->words ? s->words : 1),
			       s->cpu_ms / 1000.0 / (s->audio_s > 0 ? s->audio_s : 1),
			       s->warp_sum / (s->files ? s->files : 1));
			errors += s->errors, words += s->words, audio += s->audio_s, cpu += s->cpu_ms;
		}
		if (words)
			printf("%-7s %-12s %5s %7.1f %7.1f%% %9.3f\n", order[h], "all", "", audio,
			       100.0 * errors / words, cpu / 1000.0 / (audio > 0 ? audio : 1));
	}
	double audio_all = 0, cpu_all = 0;
	for (int i = 0; i < n_sp; i++)
		audio_all += sp[i].audio_s, cpu_all += sp[i].cpu_ms;
	if (cpu_all > 0)
		printf("real-time factor %.3f (recognition CPU over speech, decoder loads included): one "
		       "core hears %.1f candidates speaking at once\n",
		       cpu_all / 1000.0 / audio_all, audio_all / (cpu_all / 1000.0));
	if (skipped)
		printf("(%d files missing: install pocketsphinx-testdata and alsa-utils)\n", skipped);
	return 0;
}

static int load_sentences(struct bench *b, const char *set, int max)
{
	FILE *f = fopen(set, "r");
	if (!f) {
		fprintf(stderr, "bench_speech: cannot open %s (run from the repository root)\n",
			set);
		return -1;
	}
	char line[1024];
	while (fgets(line, sizeof line, f) && b->n < max) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		b->said[b->n] = strdup(line);
		b->ref[b->n] = reference_words(line);
		b->n++;
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	const char *voices_arg = "slt,rms,awb,kal16,espeak";
	const char *set = HELDOUT;
	const char *real_halves = NULL;
	int quick = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0)
			quick = 1;
		else if (strcmp(argv[i], "--dev") == 0)
			set = DEV;
		else if (strcmp(argv[i], "--show") == 0)
			show_errors = 1;
		else if (strcmp(argv[i], "--file-only") == 0)
			skip_live = 1;
		else if (strcmp(argv[i], "--voices") == 0 && i + 1 < argc)
			voices_arg = argv[++i];
		else if (strcmp(argv[i], "--real") == 0 && i + 1 < argc)
			real_halves = argv[++i];
		else if (strcmp(argv[i], "--real-session") == 0 && i + 1 < argc)
			real_halves = argv[++i], real_session = 1;
		else if (strcmp(argv[i], "--manifest") == 0 && i + 1 < argc)
			real_manifest = argv[++i];
		else if (strcmp(argv[i], "--set") == 0 && i + 1 < argc)
			set = argv[++i];
	}
	if (real_halves)
		return run_real(real_halves) == 0 ? 0 : 1;
	struct bench b;
	memset(&b, 0, sizeof b);
	load_spelled(IV_DATA_DIR "/speech/dictionary.txt");
	if (load_sentences(&b, set, strcmp(set, HELDOUT) == 0 ? MAX_HELDOUT : MAX_SENTENCES) != 0)
		return 1;
	if (quick && b.n > 8)
		b.n = 8;
	struct iv_error err = {{0}};
	b.have_content = content_load(IV_DATA_DIR, NULL, &b.content, &err) == 0;
	if (!b.have_content)
		printf("note: no interview content (%s): recall on a fixed term list, no engine "
		       "timing\n", err.message);
	b.speaking = voice_speaking_new(IV_DATA_DIR, "slt", 160, &err);
	if (!b.speaking) {
		fprintf(stderr, "bench_speech: %s\n", err.message);
		return 1;
	}
	printf("speech benchmark: %d %s answers (%s)\n", b.n,
	       strcmp(set, HELDOUT) == 0 ? "held-out" : strcmp(set, DEV) == 0 ? "development" : "other", set);
	printf("%-7s %9s %9s %8s %9s %6s %10s %10s %5s\n", "voice", "WER file", "WER live", "recall",
	       "invented", "low", "RTF hear", "RTF say", "warp");
	int failed_goal = 0, n_flite = 0;
	double flite_wer = 0, flite_recall = 0, flite_rtf = 0;
	struct barge_total {
		int backchannels, backchannel_barged, backchannel_held;
		int interruptions, interruption_barged;
		double quiet[64], barge[64], paused[128];
		int n_quiet, n_barge, n_paused;
	} barge_total = {0};
	char *voices = strdup(voices_arg);
	char *save = NULL;
	for (char *v = strtok_r(voices, ",", &save); v; v = strtok_r(NULL, ",", &save)) {
		struct voice_result r;
		if (run_voice(&b, v, &r) != 0)
			return 1;
		double wer_file = 100.0 * r.errors_file / r.ref_words;
		double wer_live = 100.0 * r.errors_live / r.ref_words;
		double recall = r.recall.said ? 100.0 * r.recall.kept / r.recall.said : 100.0;
		double rtf_hear = r.audio_s > 0 ? r.decode_cpu_ms / 1000.0 / r.audio_s : 0.0;
		printf("%-7s %8.1f%% %8.1f%% %7.1f%% %9d %6d %10.3f %10.4f %5.2f\n", v, wer_file,
		       wer_live, recall, r.recall.invented, r.low_confidence, rtf_hear,
		       r.synth_cpu_ms / 1000.0 / r.synth_audio_s, r.warp);
		struct barge_result *g = &r.barge;
		struct barge_total *bt = &barge_total;
		bt->backchannels += g->backchannels;
		bt->backchannel_barged += g->backchannel_barged;
		bt->backchannel_held += g->backchannel_held;
		bt->interruptions += g->interruptions;
		bt->interruption_barged += g->interruption_barged;
		for (int k = 0; k < g->n_quiet && bt->n_quiet < 64; k++)
			bt->quiet[bt->n_quiet++] = g->quiet_ms[k];
		for (int k = 0; k < g->n_barge && bt->n_barge < 64; k++)
			bt->barge[bt->n_barge++] = g->barge_ms[k];
		for (int k = 0; k < g->n_paused && bt->n_paused < 128; k++)
			bt->paused[bt->n_paused++] = g->paused_ms[k];
		if (strcmp(v, "espeak") != 0) {
			n_flite++;
			flite_wer += wer_file, flite_recall += recall, flite_rtf += rtf_hear;
		}
		if (strcmp(v, "espeak") != 0 && (wer_file > 12.0 || recall < 95.0))
			failed_goal = 1;
		fflush(stdout);
	}
	free(voices);
	if (n_flite) {
		printf("%-7s %8.1f%% %9s %7.1f%%\n", "Flite", flite_wer / n_flite, "", flite_recall / n_flite);
		if (flite_rtf > 0)
			printf("one core hears %.1f voice interviews in real time (1 / live RTF)\n",
			       n_flite / flite_rtf);
	}
	if (barge_total.backchannels) {
		struct barge_total *bt = &barge_total;
		printf("\nbarge-in, Flite voices, no echo:\n"
		       "  interruptions: the interviewer went quiet for %d/%d, p50 %.0f ms p95 %.0f "
		       "ms after they began; stopped for %d/%d, p50 %.0f ms p95 %.0f ms\n",
		       bt->n_quiet, bt->interruptions, percentile(bt->quiet, bt->n_quiet, 0.5),
		       percentile(bt->quiet, bt->n_quiet, 0.95), bt->interruption_barged,
		       bt->interruptions, percentile(bt->barge, bt->n_barge, 0.5),
		       percentile(bt->barge, bt->n_barge, 0.95));
		printf("  backchannels: interrupted %d/%d; went quiet and went on for %d, quiet "
		       "p50 %.0f ms p95 %.0f ms; never went quiet for %d\n",
		       bt->backchannel_barged, bt->backchannels, bt->n_paused,
		       percentile(bt->paused, bt->n_paused, 0.5),
		       percentile(bt->paused, bt->n_paused, 0.95),
		       bt->backchannels - bt->backchannel_held);
	}
	struct latency *L = &b.lat;
	printf("\nend of speech to first audio, %d Flite utterances (ms):\n", L->n);
	printf("  %-28s %8s %8s\n", "", "p50", "p95");
	double p50[5], p95[5];
	double *cols[5] = {L->wait, L->finalize, L->engine, L->first_audio, L->own};
	const char *names[5] = {"endpoint wait", "recognition finalization", "engine",
				"first synthesized audio", "own processing (no wait)"};
	for (int c = 0; c < 5; c++) {
		p50[c] = percentile(cols[c], L->n, 0.5);
		p95[c] = percentile(cols[c], L->n, 0.95);
		printf("  %-28s %8.1f %8.1f\n", names[c], p50[c], p95[c]);
	}
	printf("\ngoals: WER <= 12%% and recall >= 95%% on Flite voices: %s; own processing p95 "
	       "<= 300 ms: %s\n",
	       failed_goal ? "NOT MET" : "met", p95[4] <= 300 ? "met" : "NOT MET");
	/* The real voices beside the synthetic ones (the held-out run only). */
	if (strcmp(set, HELDOUT) == 0 && !quick) {
		printf("\n");
		run_real("tune,report");
	}
	for (int i = 0; i < b.n; i++)
		free(b.said[i]), free(b.ref[i]);
	text_words_release(&b.scratch);
	voice_speaking_free(b.speaking);
	if (b.have_content)
		content_release(&b.content);
	free(espeak_out.s);
	return 0;
}
