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
	char text[WORDING_TEXT_CAP]; /* what to say */
	int from_llm;                /* 1: the LLM's words; 0: the script's */
	char fallback[200];          /* why the script was used ("" when from_llm) */
	int calls;                   /* requests sent for this turn */
	double ms;                   /* time spent on the LLM for this turn */
	double first_sentence_ms;    /* from the call to the first sentence, or -1 */
};

/* Words the move.  Never fails: on any fault out->text is m->scripted. */
void llm_wording_voice(struct llm_wording *w, const struct wording_move *m,
		       struct wording_result *out);

/* The circuit: 1 while calls are held back after repeated failures. */
int llm_wording_circuit_open(struct llm_wording *w);

#endif
