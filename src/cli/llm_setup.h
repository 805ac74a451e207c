/*
 * llm_setup.h - the LLM wording a command uses, from --llm-url/--llm-model
 * and the INTERVIEWER_LLM_* variables (contract section 4).
 */
#ifndef IV_LLM_SETUP_H
#define IV_LLM_SETUP_H

#include "options.h"

struct llm_wording;
struct llm_wording_config;

/* The wording for o, or NULL: with no --llm-url (err left empty: nothing is
 * sent anywhere), or on a bad configuration (err says what). */
struct llm_wording *cli_llm_wording(const struct cli_options *o, const struct content *c,
				    struct iv_error *err);

struct llm_judge;

/* The judge for o (--llm-judge), or NULL: not asked for (err empty) or a bad
 * configuration (err says what). */
struct llm_judge *cli_llm_judge(const struct cli_options *o, const struct content *c,
				struct iv_error *err);

/* The judge for a given configuration, with c's data/llm.yaml. */
struct llm_judge *cli_llm_judge_from(const struct llm_wording_config *cfg, const struct content *c,
				     struct iv_error *err);

/* The wording for a given configuration, with c's data/llm.yaml and persona. */
struct llm_wording *cli_llm_wording_from(const struct llm_wording_config *cfg,
					 const struct content *c, struct iv_error *err);

#endif
