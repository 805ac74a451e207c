/*
 * llm_setup.c - the LLM wording from the command line (see llm_setup.h).
 */
#include "llm_setup.h"

#include "llm/llm_wording.h"

struct llm_wording *cli_llm_wording(const struct cli_options *o, const struct content *c,
				    struct iv_error *err)
{
	iv_error_clear(err);
	if (!o->llm_url)
		return NULL;
	struct llm_wording_config cfg = llm_wording_config_from_env(o->llm_url, o->llm_model);
	return llm_wording_new(&cfg, c->data_dir, c->playbook, err);
}
