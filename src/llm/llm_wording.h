/*
 * llm_wording.h - the interviewer's words from an LLM, with the engine in
 * charge: the engine's move goes out as a request, the reply is checked
 * against the guard rules (one regeneration when it breaks one), and any
 * fault - a slow first token, a refused connection, an HTTP error, a
 * malformed or truncated stream, an open circuit - gives the engine's own
 * scripted wording for that turn.  Always returns words to say.
 *
 * One llm_wording serves every interview of a process (the web service's
 * threads share it): its circuit breaker is behind a lock.
 */
#ifndef IV_LLM_WORDING_H
#define IV_LLM_WORDING_H

#include "iv_error.h"
#include "llm/llm_client.h"
#include "llm/llm_prompt.h"
#include "playbook.h"

struct llm_wording_config {
	const char *base_url;
	const char *model;         /* NULL: the server's default */
	const char *key;           /* bearer token, or NULL */
	long first_token_ms;       /* default 1500 */
	long total_ms;             /* default 6000 */
	int breaker_failures;      /* failed turns in a row that open the circuit (default 3) */
	long breaker_cooldown_ms;  /* how long it stays open (default 30000) */
	long retry_backoff_ms;     /* before the one retry of a refused call or a 5xx (default 100) */
};

/* The config from the environment: INTERVIEWER_LLM_KEY and the
 * INTERVIEWER_LLM_*_MS tunables; url and model as given. */
struct llm_wording_config llm_wording_config_from_env(const char *url, const char *model);

struct llm_wording;

/* llm_yaml: the text of data/llm.yaml (the prompts and the guard rules). */
struct llm_wording *llm_wording_new(const struct llm_wording_config *cfg,
				    const struct text_source *llm_yaml, const struct playbook *pb,
				    struct iv_error *err);
void llm_wording_free(struct llm_wording *w);

#define WORDING_TEXT_CAP 2048

struct wording_result {
	char text[WORDING_TEXT_CAP]; /* what to say (all of it, said early or not) */
	int from_llm;                /* 1: the LLM's words (or its first sentence); 0: the script's */
	int script_finished;         /* 1: the LLM's first sentence, then the script's remainder */
	char fallback[200];          /* why the script was used ("" when all the LLM's) */
	int calls;                   /* requests sent for this turn */
	double ms;                   /* time spent on the LLM for this turn */
	double first_sentence_ms;    /* from the call to the first sentence, or -1 */
	size_t early_len;            /* bytes of text handed to say_early (0: none) */
	double early_ms;             /* from the call to say_early, or -1 */
};

/* Words the move.  Never fails: on any fault out->text is m->scripted. */
void llm_wording_voice(struct llm_wording *w, const struct wording_move *m,
		       struct wording_result *out);

/* Gets the first sentence of the LLM's words to say while the rest streams
 * in (a voice synthesizes and plays it). */
typedef void (*wording_say_fn)(void *user, const char *sentence);

/* The same, with the first sentence said early.  It is handed to say_early
 * (at most once, on the caller's thread, during the call) only when it
 * would make a whole turn that keeps every guard rule together with the
 * script's remainder (llm_script_remainder); so whatever the rest of the
 * reply does - a fault, a broken rule - the turn can be finished without
 * contradicting what was said: out->text then is that sentence and the
 * script's remainder (script_finished), with no regeneration.  Whatever
 * happens, out->text begins with the early_len bytes said early. */
void llm_wording_voice_streamed(struct llm_wording *w, const struct wording_move *m,
				wording_say_fn say_early, void *user, struct wording_result *out);

/* What the script adds after an LLM's first sentence: the scripted
 * wording from its second sentence on, or from its start when its first
 * sentence asks the move's question, up to the end of its first question;
 * nothing when asked_already (the LLM's sentence asked it).  Into out (cap
 * bytes). */
void llm_script_remainder(const char *scripted, int asked_already, char *out, size_t cap);

/* The circuit: 1 while calls are held back after repeated failures. */
int llm_wording_circuit_open(struct llm_wording *w);

#endif
