/*
 * llm_setup.c - the LLM wording from the command line (see llm_setup.h).
 */
#include "llm_setup.h"

#include <stdio.h>
#include <stdlib.h>

#include "llm/llm_judge.h"
#include "llm/llm_wording.h"

struct llm_wording *cli_llm_wording(const struct cli_options *o, const struct content *c,
				    struct iv_error *err)
{
	iv_error_clear(err);
	if (!o->llm_url)
		return NULL;
	struct llm_wording_config cfg = llm_wording_config_from_env(o->llm_url, o->llm_model);
	return cli_llm_wording_from(&cfg, c, err);
}

/* data/llm.yaml's text (malloc'd) into src. */
static char *read_llm_yaml(const struct content *c, struct text_source *src, char *path, size_t cap,
			   struct iv_error *err)
{
	snprintf(path, cap, "%s/llm.yaml", c->data_dir);
	size_t len = 0;
	char *text = cli_read_file(path, &len, err);
	src->name = path;
	src->text = text;
	src->len = len;
	return text;
}

struct llm_judge *cli_llm_judge(const struct cli_options *o, const struct content *c,
				struct iv_error *err)
{
	iv_error_clear(err);
	if (!o->llm_judge || !o->llm_url)
		return NULL;
	struct llm_wording_config cfg = llm_wording_config_from_env(o->llm_url, o->llm_model);
	return cli_llm_judge_from(&cfg, c, err);
}

struct llm_judge *cli_llm_judge_from(const struct llm_wording_config *cfg, const struct content *c,
				     struct iv_error *err)
{
	char path[4096];
	struct text_source src;
	char *text = read_llm_yaml(c, &src, path, sizeof path, err);
	if (!text)
		return NULL;
	struct llm_judge *j = llm_judge_new(cfg, &src, err);
	free(text);
	return j;
}

struct llm_wording *cli_llm_wording_from(const struct llm_wording_config *cfg,
					 const struct content *c, struct iv_error *err)
{
	char path[4096];
	struct text_source src;
	char *text = read_llm_yaml(c, &src, path, sizeof path, err);
	if (!text)
		return NULL;
	struct llm_wording *w = llm_wording_new(cfg, &src, c->playbook, err);
	free(text);
	return w;
}
