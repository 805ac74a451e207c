/*
 * llm_prompt.h - what is sent to the LLM: the system prompt built from the
 * playbook's persona and the brief's way of talking (data/llm.yaml), and a
 * request per turn carrying the engine's move and the last few turns, the
 * candidate's words delimited as data.
 */
#ifndef IV_LLM_PROMPT_H
#define IV_LLM_PROMPT_H

#include <stddef.h>

#include "iv_error.h"
#include "lexicon.h"
#include "playbook.h"

struct llm_prompts;

/* Parses the prompt texts of data/llm.yaml and fills the persona's name,
 * role and facts from the playbook. */
struct llm_prompts *llm_prompts_new(const struct text_source *src, const struct playbook *pb,
				    struct iv_error *err);
void llm_prompts_free(struct llm_prompts *p);

/* One move of the engine, and the conversation before it. */
struct wording_move {
	const char *phase;
	const char *topic;
	const char *acts;        /* "acknowledge,question" */
	const char *scripted;    /* the engine's own wording */
	const char *focus;       /* concept followed up on, or NULL */
	const char *focus_kind;  /* its kind ("technique"), or NULL */
	const char *focus_stance;/* what the candidate said of it (stance_name), or NULL */
	const char *const *said; /* the interviewer's earlier turns, oldest first */
	const char *const *replies; /* the candidate's reply to each (NULL: none) */
	size_t n_said;
	const char *candidate;   /* the reply this move answers, or NULL */
};

/* The request body (JSON, malloc'd).  retry_why: NULL, or why the last
 * reply (bad_reply) could not be used, for the one regeneration. */
char *llm_prompt_request(const struct llm_prompts *p, const char *model, const struct wording_move *m,
			 const char *bad_reply, const char *retry_why);

/* The persona's facts, for the guard's team-claim check. */
const char *const *llm_prompts_facts(const struct llm_prompts *p, size_t *n);

#endif
