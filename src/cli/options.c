/*
 * options.c - the shared flags, their environment variables, and loading
 * the interview's content from the data folder (see options.h).
 */
#include "options.h"

#include "rubric.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef IV_DATA_DIR
#define IV_DATA_DIR "data"
#endif

static const char *env_or(const char *value, const char *var)
{
	if (value)
		return value;
	const char *e = getenv(var);
	return e && *e ? e : NULL;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!s || !*s || *s == '-')
		return -1;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int cli_parse_options(int argc, char **argv, struct cli_options *o, struct iv_error *err)
{
	memset(o, 0, sizeof *o);
	o->seed = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **target = NULL;
		if (a[0] != '-' || !a[1]) {
			if (o->n_positional >= (int)(sizeof o->positional / sizeof o->positional[0])) {
				iv_error_set(err, "too many arguments");
				return -1;
			}
			o->positional[o->n_positional++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--jsonl")) {
			o->jsonl = 1;
			continue;
		}
		if (!strcmp(a, "--json")) {
			o->json = 1;
			continue;
		}
		if (!strcmp(a, "--virtual-clock")) {
			o->virtual_clock = 1;
			continue;
		}
		if (!strcmp(a, "--llm-judge")) {
			o->llm_judge = 1;
			continue;
		}
		if (!strcmp(a, "--name")) target = &o->name;
		else if (!strcmp(a, "--db")) target = &o->db;
		else if (!strcmp(a, "--playbook")) target = &o->playbook;
		else if (!strcmp(a, "--data-dir")) target = &o->data_dir;
		else if (!strcmp(a, "--llm-url")) target = &o->llm_url;
		else if (!strcmp(a, "--llm-model")) target = &o->llm_model;
		else if (!strcmp(a, "--stt-url")) target = &o->stt_url;
		else if (!strcmp(a, "--speak-dir")) target = &o->speak_dir;
		else if (!strcmp(a, "--voice")) target = &o->voice;
		else if (!strcmp(a, "--format")) target = &o->format;
		else if (!strcmp(a, "-o") || !strcmp(a, "--output")) target = &o->output;
		else if (!strcmp(a, "--host")) target = &o->host;
		else if (!strcmp(a, "--port")) target = &o->port;
		else if (!strcmp(a, "--max-interviews")) target = &o->max_interviews;
		else if (!strcmp(a, "--max-voice")) target = &o->max_voice;
		else if (strcmp(a, "--seed") && strcmp(a, "--wpm")) {
			iv_error_set(err, "unknown option '%s'", a);
			return -1;
		}
		if (i + 1 >= argc) {
			iv_error_set(err, "option '%s' needs a value", a);
			return -1;
		}
		const char *v = argv[++i];
		if (target) {
			*target = v;
		} else if (!strcmp(a, "--seed")) {
			if (parse_u64(v, &o->seed)) {
				iv_error_set(err, "--seed needs a whole number, not '%s'", v);
				return -1;
			}
			o->seed_set = 1;
		} else {
			char *end;
			o->wpm = strtod(v, &end);
			if (*end || o->wpm < 60 || o->wpm > 400) {
				iv_error_set(err, "--wpm needs a number from 60 to 400, not '%s'", v);
				return -1;
			}
		}
	}
	o->db = env_or(o->db, "INTERVIEWER_DB");
	o->llm_url = env_or(o->llm_url, "INTERVIEWER_LLM_URL");
	o->llm_model = env_or(o->llm_model, "INTERVIEWER_LLM_MODEL");
	o->stt_url = env_or(o->stt_url, "INTERVIEWER_STT_URL");
	o->data_dir = env_or(o->data_dir, "INTERVIEWER_DATA_DIR");
	if (o->llm_judge && !o->llm_url) {
		iv_error_set(err, "--llm-judge needs an LLM: --llm-url or INTERVIEWER_LLM_URL");
		return -1;
	}
	if (o->format && strcmp(o->format, "html") && strcmp(o->format, "md") &&
	    strcmp(o->format, "json")) {
		iv_error_set(err, "--format must be html, md or json, not '%s'", o->format);
		return -1;
	}
	return 0;
}

const char *cli_data_dir(const struct cli_options *o)
{
	if (o && o->data_dir)
		return o->data_dir;
	const char *env = getenv("INTERVIEWER_DATA_DIR");
	return env && *env ? env : IV_DATA_DIR;
}

char *cli_read_file(const char *path, size_t *len, struct iv_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		iv_error_set(err, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (n + 1 < cap)
			break;
		if (cap > (64u << 20)) {
			iv_error_set(err, "%s is larger than 64 MiB", path);
			free(buf);
			fclose(f);
			return NULL;
		}
		char *grown = realloc(buf, cap * 2);
		if (!grown) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = grown;
		cap *= 2;
	}
	int failed = ferror(f);
	fclose(f);
	if (!buf || failed) {
		iv_error_set(err, "cannot read %s", path);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static int load_source(const char *dir, const char *file, struct text_source *src, char **owned,
		       struct iv_error *err)
{
	static char names[3][4096];
	static int next;
	char *name = names[next++ % 3];
	if (dir)
		snprintf(name, 4096, "%s/%s", dir, file);
	else
		snprintf(name, 4096, "%s", file);
	*owned = cli_read_file(name, &src->len, err);
	src->text = *owned;
	src->name = name;
	return *owned ? 0 : -1;
}

/* Every challenge in the playbook answers a wrong claim the rubric knows. */
static int check_challenges(const struct content *c, const char *playbook_name,
			    struct iv_error *err)
{
	for (size_t i = 0; i < playbook_challenge_count(c->playbook); i++) {
		const char *id = playbook_challenge_id(c->playbook, i);
		size_t k = 0;
		while (k < rubric_claim_count(c->rubric) && strcmp(rubric_claim_at(c->rubric, k)->id, id))
			k++;
		if (k == rubric_claim_count(c->rubric)) {
			iv_error_set(err, "%s: challenges: '%s' is not a wrong claim of the rubric",
				     playbook_name, id);
			return -1;
		}
	}
	return 0;
}

/* Every knowledge point a follow-up covers is one the rubric knows. */
static int check_covers(const struct content *c, const char *playbook_name, struct iv_error *err)
{
	for (size_t i = 0; i < playbook_cover_count(c->playbook); i++) {
		const char *id = playbook_cover_id(c->playbook, i);
		if (rubric_find_cover(c->rubric, id) < 0) {
			iv_error_set(err, "%s: covers: '%s' is neither a knowledge point nor an answer of the rubric",
				     playbook_name, id);
			return -1;
		}
	}
	return 0;
}

int content_load(const char *data_dir, const char *playbook_path, struct content *c,
		 struct iv_error *err)
{
	memset(c, 0, sizeof *c);
	struct text_source lex, sig, pb;
	char *lex_text = NULL, *sig_text = NULL, *pb_text = NULL, *rb_text = NULL;
	struct text_source rb;
	int rc = -1;
	if (load_source(data_dir, "lexicon.yaml", &lex, &lex_text, err) ||
	    load_source(data_dir, "signals.yaml", &sig, &sig_text, err))
		goto out;
	if (playbook_path ? load_source(NULL, playbook_path, &pb, &pb_text, err)
			  : load_source(data_dir, "playbooks/backend.yaml", &pb, &pb_text, err))
		goto out;
	c->lexicon = lexicon_parse(&lex, &sig, err);
	if (!c->lexicon)
		goto out;
	c->playbook = playbook_parse(&pb, c->lexicon, err);
	if (!c->playbook)
		goto out;
	if (load_source(data_dir, "rubric.yaml", &rb, &rb_text, err) ||
	    !(c->rubric = rubric_parse(&rb, c->lexicon, err)) ||
	    check_challenges(c, pb.name, err) || check_covers(c, pb.name, err))
		goto out;
	c->playbook_path = realpath(pb.name, NULL);
	if (!c->playbook_path)
		c->playbook_path = strdup(pb.name);
	c->data_dir = strdup(data_dir);
	if (!c->playbook_path || !c->data_dir) {
		iv_error_set(err, "out of memory");
		goto out;
	}
	rc = 0;
out:
	free(lex_text);
	free(sig_text);
	free(pb_text);
	free(rb_text);
	if (rc)
		content_release(c);
	return rc;
}

void content_release(struct content *c)
{
	rubric_free(c->rubric);
	playbook_free(c->playbook);
	lexicon_free(c->lexicon);
	free(c->playbook_path);
	free(c->data_dir);
	memset(c, 0, sizeof *c);
}
