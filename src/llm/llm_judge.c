/*
 * llm_judge.c - the LLM's proposals merged into the rule-based scorecard by
 * the stated rule (see llm_judge.h).  The scorecard is merged as JSON
 * (jansson), so the core's scorecard stays the rule-based evaluator's own.
 */
#include "llm/llm_judge.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "yaml_tree.h"

/* the judge's reply: seven scores with quotes and any red flags */
#define JUDGE_MAX_TOKENS 2048

#define MIN_QUOTE_CHARS 12 /* shorter "quotes" ("yes", "Redis") prove nothing */

static const char *const dims[] = {"api_design", "databases", "scalability", "security",
				   "architecture", "tradeoff_analysis", "production_experience",
				   NULL};
static const char *const flags[] = {"no_security_awareness", "cannot_explain_choices",
				    "dismisses_concerns", "no_production_experience",
				    "overly_theoretical", "cannot_discuss_tradeoffs",
				    "defensive_about_mistakes", NULL};

static const char merge_rule[] =
	"a dimension scored with a verified quote two or more points from the rule-based score "
	"moves one point toward the LLM's; flags are proposed, not added; recommendation and "
	"level stay rule-based";

struct llm_judge {
	struct llm_client *client;
	struct arena arena;
	const char *system, *request;
	char *model;
};

struct llm_judge *llm_judge_new(const struct llm_wording_config *cfg,
				const struct text_source *llm_yaml, struct iv_error *err)
{
	struct llm_judge *j = calloc(1, sizeof *j);
	if (!j) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	long budget = 60000;
	const char *env = getenv("INTERVIEWER_LLM_JUDGE_MS");
	if (env && atol(env) > 0)
		budget = atol(env);
	struct llm_client_config cc = {cfg->base_url, cfg->key, budget, budget};
	struct ydoc d;
	if (!(j->client = llm_client_new(&cc, err)) || ydoc_load(&d, llm_yaml, err)) {
		llm_judge_free(j);
		return NULL;
	}
	yaml_node_t *root = ydoc_root(&d);
	j->system = yreq_string(&d, &j->arena, root, "judge", "llm.yaml", err);
	j->request = j->system ? yreq_string(&d, &j->arena, root, "judge_request", "llm.yaml", err)
			       : NULL;
	ydoc_release(&d);
	if (!j->request || (cfg->model && *cfg->model && !(j->model = strdup(cfg->model)))) {
		if (j->request)
			iv_error_set(err, "out of memory");
		llm_judge_free(j);
		return NULL;
	}
	return j;
}

void llm_judge_free(struct llm_judge *j)
{
	if (!j)
		return;
	llm_client_free(j->client);
	arena_free(&j->arena);
	free(j->model);
	free(j);
}

/* The transcript, the candidate's words as data. */
static char *transcript_text(const struct transcript *tr)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	for (size_t i = 0; i < tr->n_turns; i++) {
		const struct transcript_turn *t = &tr->turns[i];
		fprintf(f, "Interviewer (turn %d): %s\n", t->turn, t->interviewer_text);
		if (!t->candidate_text)
			continue;
		fprintf(f, "Candidate (turn %d): <candidate turn=\"%d\">", t->turn, t->turn);
		for (const char *p = t->candidate_text; *p; p++)
			fputc(*p == '<' || *p == '>' || *p == '\n' ? ' ' : *p, f);
		fputs("</candidate>\n", f);
	}
	fclose(f);
	return buf;
}

static char *request_body(const struct llm_judge *j, const struct transcript *tr)
{
	char *text = transcript_text(tr);
	if (!text)
		return NULL;
	const char *at = strstr(j->request, "{transcript}");
	char *user = NULL;
	if (at && asprintf(&user, "%.*s%s%s", (int)(at - j->request), j->request, text,
			   at + strlen("{transcript}")) < 0)
		user = NULL;
	else if (!at && asprintf(&user, "%s\n%s", j->request, text) < 0)
		user = NULL;
	free(text);
	if (!user)
		return NULL;
	/* a bound of its own: without one, llama-server stops at the model's
	 * context, and a long transcript left room for "{" alone */
	json_t *root = json_pack("{s:[{s:s, s:s}, {s:s, s:s}], s:b, s:f, s:i}", "messages", "role",
				 "system", "content", j->system, "role", "user", "content", user,
				 "stream", 0, "temperature", 0.0, "max_tokens", JUDGE_MAX_TOKENS);
	free(user);
	if (!root)
		return NULL;
	if (j->model)
		json_object_set_new(root, "model", json_string(j->model));
	char *out = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	return out;
}

/* The JSON object in a reply that may wrap it in prose or a code fence. */
static json_t *reply_object(const char *text)
{
	const char *open = strchr(text, '{'), *close = strrchr(text, '}');
	if (!open || !close || close < open)
		return NULL;
	json_t *o = json_loadb(open, (size_t)(close - open + 1), 0, NULL);
	if (o && !json_is_object(o)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The candidate's words in turn n, or NULL. */
static const char *candidate_words(const struct transcript *tr, json_int_t n)
{
	for (size_t i = 0; i < tr->n_turns; i++)
		if (tr->turns[i].turn == n)
			return tr->turns[i].candidate_text;
	return NULL;
}

/* The quotes that are the candidate's verbatim words in the cited turn;
 * *refused counts the others. */
static json_t *verified_quotes(const struct transcript *tr, json_t *quotes, int *refused)
{
	json_t *ok = json_array();
	size_t i;
	json_t *q;
	json_array_foreach(quotes, i, q) {
		const char *quote = json_string_value(json_object_get(q, "quote"));
		json_t *turn = json_object_get(q, "turn");
		const char *words = json_is_integer(turn) ? candidate_words(tr, json_integer_value(turn))
							   : NULL;
		if (quote && words && strlen(quote) >= MIN_QUOTE_CHARS && strstr(words, quote))
			json_array_append_new(ok, json_pack("{s:I, s:s}", "turn",
							    json_integer_value(turn), "quote", quote));
		else
			(*refused)++;
	}
	return ok;
}

static char *unchanged(const char *scorecard_json, const char *why)
{
	json_t *card = json_loads(scorecard_json, 0, NULL);
	if (!card)
		return strdup(scorecard_json);
	json_object_set_new(card, "llm_judge",
			    json_pack("{s:b, s:s}", "used", 0, "reason", why));
	char *out = json_dumps(card, JSON_INDENT(2));
	json_decref(card);
	return out ? out : strdup(scorecard_json);
}

static int in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; s && list[i]; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

static char *merge_proposal(json_t *proposal, const struct transcript *tr,
			    const char *scorecard_json);

char *llm_judge_merge(struct llm_judge *j, const struct transcript *tr, const char *scorecard_json)
{
	char *body = request_body(j, tr);
	if (!body)
		return unchanged(scorecard_json, "out of memory building the request");
	struct llm_reply reply;
	int rc = llm_client_complete(j->client, body, NULL, NULL, &reply);
	free(body);
	if (rc) {
		char why[240];
		snprintf(why, sizeof why, "%s: %.150s", llm_fault_name(reply.fault), reply.detail);
		llm_reply_release(&reply);
		return unchanged(scorecard_json, why);
	}
	json_t *proposal = reply_object(reply.text);
	llm_reply_release(&reply);
	return merge_proposal(proposal, tr, scorecard_json);
}

char *llm_judge_reapply(const struct transcript *tr, const char *stored_json,
			const char *scorecard_json)
{
	json_t *stored = stored_json ? json_loads(stored_json, 0, NULL) : NULL;
	json_t *section = json_object_get(stored, "llm_judge");
	char *out = NULL;
	if (!json_is_object(section)) {
		out = strdup(scorecard_json);
	} else if (!json_is_true(json_object_get(section, "used"))) {
		const char *why = json_string_value(json_object_get(section, "reason"));
		out = unchanged(scorecard_json, why ? why : "not used");
	} else {
		/* the proposal as the LLM made it: its scores, its quotes (checked
		 * against the transcript again), its flags */
		json_t *proposal = json_pack("{s:o, s:o}", "dimensions", json_object(), "red_flags",
					     json_array());
		const char *dim;
		json_t *entry;
		json_object_foreach(json_object_get(section, "dimensions"), dim, entry)
			json_object_set_new(json_object_get(proposal, "dimensions"), dim,
					    json_pack("{s:O?, s:O?}", "score",
						      json_object_get(entry, "llm"), "quotes",
						      json_object_get(entry, "quotes")));
		size_t i;
		json_t *f;
		json_array_foreach(json_object_get(section, "flags_proposed"), i, f)
			json_array_append_new(json_object_get(proposal, "red_flags"),
					      json_pack("{s:O?, s:O?}", "id", json_object_get(f, "id"),
							"quotes", json_object_get(f, "quotes")));
		out = merge_proposal(proposal, tr, scorecard_json);
	}
	json_decref(stored);
	return out;
}

static char *merge_proposal(json_t *proposal, const struct transcript *tr,
			    const char *scorecard_json)
{
	json_t *card = json_loads(scorecard_json, 0, NULL);
	json_t *pdims = json_object_get(proposal, "dimensions");
	if (!proposal || !json_is_object(pdims) || !card) {
		json_decref(proposal);
		json_decref(card);
		return unchanged(scorecard_json, "the reply is not the JSON asked for");
	}
	int refused = 0;
	json_t *section = json_object(), *per_dim = json_object(), *changed = json_array(),
	       *disagree = json_array(), *proposed = json_array();
	json_t *cdims = json_object_get(card, "dimensions");
	for (size_t d = 0; dims[d]; d++) {
		json_t *p = json_object_get(pdims, dims[d]);
		json_t *score = json_object_get(p, "score");
		json_t *mine = json_object_get(cdims, dims[d]);
		if (!json_is_integer(score) || json_integer_value(score) < 1 ||
		    json_integer_value(score) > 4)
			continue;
		json_t *quotes = verified_quotes(tr, json_object_get(p, "quotes"), &refused);
		json_int_t llm = json_integer_value(score);
		json_t *rule = json_object_get(mine, "score");
		json_t *entry = json_pack("{s:I, s:O}", "llm", llm, "quotes", quotes);
		if (json_is_integer(rule)) {
			json_int_t r = json_integer_value(rule), final = r;
			if (json_array_size(quotes) && (llm - r >= 2 || r - llm >= 2)) {
				final = r + (llm > r ? 1 : -1);
				json_object_set_new(mine, "score", json_integer(final));
				json_array_append_new(changed, json_string(dims[d]));
			}
			if (llm != r) {
				char line[160];
				snprintf(line, sizeof line, "%s: rule-based %d, LLM %d%s", dims[d], (int)r,
					 (int)llm, json_array_size(quotes) ? "" : " (no verified quote)");
				json_array_append_new(disagree, json_string(line));
			}
			json_object_set_new(entry, "rule", json_integer(r));
			json_object_set_new(entry, "final", json_integer(final));
		}
		json_decref(quotes);
		json_object_set_new(per_dim, dims[d], entry);
	}
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(proposal, "red_flags"), i, f) {
		const char *id = json_string_value(json_object_get(f, "id"));
		if (!in_list(id, flags))
			continue;
		json_t *quotes = verified_quotes(tr, json_object_get(f, "quotes"), &refused);
		if (!json_array_size(quotes)) {
			json_decref(quotes);
			continue;
		}
		int in_card = 0;
		size_t k;
		json_t *rf;
		json_array_foreach(json_object_get(card, "red_flags"), k, rf)
			in_card |= id && !strcmp(json_string_value(json_object_get(rf, "id")), id);
		json_array_append_new(proposed, json_pack("{s:s, s:b, s:o}", "id", id, "in_scorecard",
							  in_card, "quotes", quotes));
		if (!in_card) {
			char line[160];
			snprintf(line, sizeof line, "red flag %s: proposed by the LLM, not by the rules", id);
			json_array_append_new(disagree, json_string(line));
		}
	}
	json_object_set_new(section, "used", json_true());
	json_object_set_new(section, "rule", json_string(merge_rule));
	json_object_set_new(section, "dimensions", per_dim);
	json_object_set_new(section, "changed", changed);
	json_object_set_new(section, "disagreements", disagree);
	json_object_set_new(section, "flags_proposed", proposed);
	json_object_set_new(section, "quotes_refused", json_integer(refused));
	json_object_set_new(card, "llm_judge", section);
	char *out = json_dumps(card, JSON_INDENT(2));
	json_decref(card);
	json_decref(proposal);
	return out ? out : strdup(scorecard_json);
}
