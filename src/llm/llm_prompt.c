/*
 * llm_prompt.c - the LLM's system prompt and per-turn requests (see
 * llm_prompt.h).  The texts come from data/llm.yaml; jansson writes the
 * JSON, so every string is escaped.
 */
#include "llm/llm_prompt.h"
#include "stance.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "yaml_tree.h"

#define HISTORY_TURNS 4 /* the turns before the move that the request carries */

struct llm_prompts {
	struct arena arena;
	char *system;          /* filled: persona, role, facts */
	const char *request;   /* templates with {placeholders} */
	const char *retry;
	const char *focus;
	const char *stances[STANCE_COUNT]; /* how the focus line says each stance, or NULL */
	const char **facts;    /* NULL-terminated, borrowed from the playbook */
	size_t n_facts;
};

/* A growing string. */
struct sbuf {
	char *s;
	size_t len, cap;
	int oom;
};

static void sb_addn(struct sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_add(struct sbuf *b, const char *s) { sb_addn(b, s, strlen(s)); }

/* The candidate's words as data: the tag's brackets cannot be closed from
 * inside, so "</candidate> now ignore ..." stays inside. */
static void sb_add_data(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '<' || *s == '>')
			sb_add(b, " ");
		else if (*s == '\n' || *s == '\r')
			sb_add(b, " ");
		else
			sb_addn(b, s, 1);
	}
}

/* Fills {name} placeholders: values[i] replaces names[i]. */
static char *fill(const char *tmpl, const char *const *names, const char *const *values, size_t n)
{
	struct sbuf b = {0};
	sb_add(&b, "");
	for (const char *p = tmpl; *p;) {
		if (*p == '{') {
			size_t i;
			for (i = 0; i < n; i++) {
				size_t len = strlen(names[i]);
				if (!strncmp(p + 1, names[i], len) && p[1 + len] == '}') {
					sb_add(&b, values[i] ? values[i] : "");
					p += len + 2;
					break;
				}
			}
			if (i < n)
				continue;
		}
		sb_addn(&b, p, 1);
		p++;
	}
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* stances: {stance name: how the focus line says it} (optional; every key
 * one of stance.h's names) */
static int load_stances(struct ydoc *d, yaml_node_t *root, struct llm_prompts *p, struct iv_error *err)
{
	yaml_node_t *map = ymap_get(d, root, "stances");
	if (!map)
		return 0;
	if (map->type != YAML_MAPPING_NODE)
		return yfail(d, map, err, "llm.yaml: stances must be a mapping of stance to words");
	for (size_t i = 0; i < ymap_len(map); i++) {
		yaml_node_t *v;
		const char *key = ymap_key_at(d, map, i, &v);
		const char *words = v ? yscalar(v) : NULL;
		int s = 0;
		while (key && s < STANCE_COUNT && strcmp(stance_name((enum stance)s), key))
			s++;
		if (!key || s == STANCE_COUNT)
			return yfail(d, v ? v : map, err, "llm.yaml: stances: unknown stance '%s'",
				     key ? key : "?");
		if (!words || !*words)
			return yfail(d, v ? v : map, err, "llm.yaml: stances: %s needs words", key);
		if (!(p->stances[s] = arena_strdup(&p->arena, words))) {
			iv_error_set(err, "out of memory");
			return -1;
		}
	}
	return 0;
}

struct llm_prompts *llm_prompts_new(const struct text_source *src, const struct playbook *pb,
				    struct iv_error *err)
{
	struct ydoc d;
	if (ydoc_load(&d, src, err))
		return NULL;
	struct llm_prompts *p = calloc(1, sizeof *p);
	int rc = -1;
	if (!p) {
		iv_error_set(err, "out of memory");
		goto out;
	}
	static const char *const keys[] = {"system", "request", "retry", "focus", "stances", "guard",
					   "judge", "judge_request", NULL};
	yaml_node_t *root = ydoc_root(&d);
	if (ycheck_keys(&d, root, keys, "llm.yaml", err))
		goto out;
	const char *system = yreq_string(&d, &p->arena, root, "system", "llm.yaml", err);
	if (!system || !(p->request = yreq_string(&d, &p->arena, root, "request", "llm.yaml", err)) ||
	    !(p->retry = yreq_string(&d, &p->arena, root, "retry", "llm.yaml", err)) ||
	    !(p->focus = yreq_string(&d, &p->arena, root, "focus", "llm.yaml", err)) ||
	    load_stances(&d, root, p, err))
		goto out;
	p->n_facts = playbook_fact_count(pb);
	p->facts = arena_alloc(&p->arena, (p->n_facts + 2) * sizeof *p->facts);
	struct sbuf facts = {0};
	sb_add(&facts, "");
	for (size_t i = 0; p->facts && i < p->n_facts; i++) {
		p->facts[i] = playbook_fact(pb, i);
		sb_add(&facts, i ? " " : "");
		sb_add(&facts, p->facts[i]);
	}
	if (p->facts) {
		/* the persona's own name and role are facts too */
		p->facts[p->n_facts++] = playbook_persona_name(pb);
		p->facts[p->n_facts] = NULL;
	}
	static const char *const names[] = {"persona", "role", "facts"};
	const char *values[] = {playbook_persona_name(pb), playbook_role(pb), facts.s};
	p->system = facts.oom ? NULL : fill(system, names, values, 3);
	free(facts.s);
	if (!p->facts || !p->system) {
		iv_error_set(err, "out of memory");
		goto out;
	}
	rc = 0;
out:
	ydoc_release(&d);
	if (rc) {
		llm_prompts_free(p);
		return NULL;
	}
	return p;
}

void llm_prompts_free(struct llm_prompts *p)
{
	if (!p)
		return;
	free(p->system);
	arena_free(&p->arena);
	free(p);
}

const char *const *llm_prompts_facts(const struct llm_prompts *p, size_t *n)
{
	*n = p->n_facts;
	return p->facts;
}

static char *history(const struct wording_move *m)
{
	struct sbuf b = {0};
	sb_add(&b, "");
	size_t from = m->n_said > HISTORY_TURNS ? m->n_said - HISTORY_TURNS : 0;
	for (size_t i = from; i < m->n_said; i++) {
		sb_add(&b, "Interviewer: ");
		sb_add(&b, m->said[i]);
		sb_add(&b, "\n");
		if (m->replies && m->replies[i]) {
			sb_add(&b, "Candidate: <candidate>");
			sb_add_data(&b, m->replies[i]);
			sb_add(&b, "</candidate>\n");
		}
	}
	if (m->n_said == 0)
		sb_add(&b, "(the interview starts with this turn)\n");
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

char *llm_prompt_request(const struct llm_prompts *p, const char *model, const struct wording_move *m,
			 const char *bad_reply, const char *retry_why)
{
	char *hist = history(m);
	char *focus = NULL;
	if (m->focus) {
		const char *said = p->stances[STANCE_MENTION] ? p->stances[STANCE_MENTION] : "mentioned it";
		for (int s = 0; m->focus_stance && s < STANCE_COUNT; s++)
			if (p->stances[s] && !strcmp(stance_name((enum stance)s), m->focus_stance))
				said = p->stances[s];
		static const char *const fn[] = {"concept", "kind", "stance"};
		const char *fv[] = {m->focus, m->focus_kind ? m->focus_kind : "thing", said};
		focus = fill(p->focus, fn, fv, 3);
	}
	static const char *const names[] = {"phase", "topic", "acts", "focus", "scripted", "history"};
	const char *values[] = {m->phase, m->topic, m->acts, focus ? focus : "", m->scripted, hist};
	char *user = hist ? fill(p->request, names, values, 6) : NULL;
	char *retry = NULL;
	if (retry_why) {
		static const char *const rn[] = {"why"};
		const char *rv[] = {retry_why};
		retry = fill(p->retry, rn, rv, 1);
	}
	json_t *root = json_object();
	json_t *messages = json_array();
	char *out = NULL;
	if (!user || !root || !messages || (retry_why && !retry))
		goto done;
	if (model && *model)
		json_object_set_new(root, "model", json_string(model));
	json_t *sys = json_pack("{s:s, s:s}", "role", "system", "content", p->system);
	json_t *usr = json_pack("{s:s, s:s}", "role", "user", "content", user);
	json_array_append_new(messages, sys);
	json_array_append_new(messages, usr);
	if (retry) {
		json_array_append_new(messages, json_pack("{s:s, s:s}", "role", "assistant", "content",
							  bad_reply ? bad_reply : ""));
		json_array_append_new(messages, json_pack("{s:s, s:s}", "role", "user", "content", retry));
	}
	json_object_set(root, "messages", messages);
	json_object_set_new(root, "stream", json_true());
	json_object_set_new(root, "temperature", json_real(0.6));
	json_object_set_new(root, "max_tokens", json_integer(160));
	out = json_dumps(root, JSON_COMPACT);
done:
	json_decref(messages);
	json_decref(root);
	free(hist);
	free(focus);
	free(user);
	free(retry);
	return out;
}
