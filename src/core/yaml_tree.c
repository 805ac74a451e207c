/*
 * yaml_tree.c - see yaml_tree.h.  A thin layer over libyaml's document
 * loader: lookups, typed getters and error messages that carry the line.
 */
#include "yaml_tree.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ydoc_load(struct ydoc *d, const struct text_source *src, struct iv_error *err)
{
	yaml_parser_t parser;
	memset(d, 0, sizeof *d);
	d->name = src->name ? src->name : "<yaml>";
	if (!text_is_valid_utf8(src->text, src->len)) {
		iv_error_set(err, "%s: not valid UTF-8", d->name);
		return -1;
	}
	if (!yaml_parser_initialize(&parser)) {
		iv_error_set(err, "%s: out of memory", d->name);
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)src->text, src->len);
	if (!yaml_parser_load(&parser, &d->doc)) {
		iv_error_set(err, "%s:%lu: %s%s%s", d->name,
			     (unsigned long)(parser.problem_mark.line + 1),
			     parser.problem ? parser.problem : "syntax error",
			     parser.context ? " " : "", parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		return -1;
	}
	yaml_parser_delete(&parser);
	d->loaded = 1;
	yaml_node_t *root = yaml_document_get_root_node(&d->doc);
	if (!root) {
		iv_error_set(err, "%s:1: the file is empty", d->name);
		ydoc_release(d);
		return -1;
	}
	if (root->type != YAML_MAPPING_NODE) {
		iv_error_set(err, "%s:%d: expected a mapping at the top level", d->name,
			     ynode_line(root));
		ydoc_release(d);
		return -1;
	}
	return 0;
}

void ydoc_release(struct ydoc *d)
{
	if (d->loaded)
		yaml_document_delete(&d->doc);
	d->loaded = 0;
}

yaml_node_t *ydoc_root(struct ydoc *d)
{
	return yaml_document_get_root_node(&d->doc);
}

int ynode_line(const yaml_node_t *n)
{
	return n ? (int)n->start_mark.line + 1 : 0;
}

const char *yscalar(const yaml_node_t *n)
{
	if (!n || n->type != YAML_SCALAR_NODE)
		return NULL;
	return (const char *)n->data.scalar.value;
}

size_t ymap_len(const yaml_node_t *map)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return 0;
	return (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
}

const char *ymap_key_at(struct ydoc *d, yaml_node_t *map, size_t i, yaml_node_t **value)
{
	yaml_node_pair_t *p = map->data.mapping.pairs.start + i;
	if (value)
		*value = yaml_document_get_node(&d->doc, p->value);
	return yscalar(yaml_document_get_node(&d->doc, p->key));
}

yaml_node_t *ymap_get(struct ydoc *d, yaml_node_t *map, const char *key)
{
	size_t n = ymap_len(map);
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *v;
		const char *k = ymap_key_at(d, map, i, &v);
		if (k && strcmp(k, key) == 0)
			return v;
	}
	return NULL;
}

size_t yseq_len(const yaml_node_t *seq)
{
	if (!seq || seq->type != YAML_SEQUENCE_NODE)
		return 0;
	return (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
}

yaml_node_t *yseq_at(struct ydoc *d, yaml_node_t *seq, size_t i)
{
	return yaml_document_get_node(&d->doc, seq->data.sequence.items.start[i]);
}

int yfail(struct ydoc *d, const yaml_node_t *n, struct iv_error *err, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	iv_error_set(err, "%s:%d: %s", d->name, ynode_line(n), msg);
	return -1;
}

int ycheck_keys(struct ydoc *d, yaml_node_t *map, const char *const *allowed, const char *what,
		struct iv_error *err)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return yfail(d, map, err, "%s must be a mapping", what);
	size_t n = ymap_len(map);
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *v;
		const char *k = ymap_key_at(d, map, i, &v);
		int ok = 0;
		for (size_t j = 0; k && allowed[j]; j++)
			if (strcmp(k, allowed[j]) == 0)
				ok = 1;
		if (!ok)
			return yfail(d, v, err, "unknown key '%s' in %s", k ? k : "?", what);
	}
	return 0;
}

const char *yreq_string(struct ydoc *d, struct arena *a, yaml_node_t *map, const char *key,
			const char *what, struct iv_error *err)
{
	yaml_node_t *v = ymap_get(d, map, key);
	const char *s = yscalar(v);
	if (!v) {
		yfail(d, map, err, "%s has no '%s'", what, key);
		return NULL;
	}
	if (!s || !*s) {
		yfail(d, v, err, "'%s' of %s must be a non-empty string", key, what);
		return NULL;
	}
	char *copy = arena_strdup(a, s);
	if (!copy)
		yfail(d, v, err, "out of memory");
	return copy;
}

long ystring_list(struct ydoc *d, struct arena *a, yaml_node_t *node, size_t min_items,
		  const char *what, const char ***out, struct iv_error *err)
{
	size_t n;
	if (!node) {
		iv_error_set(err, "%s: missing %s", d->name, what);
		return -1;
	}
	if (node->type == YAML_SCALAR_NODE)
		n = 1;
	else if (node->type == YAML_SEQUENCE_NODE)
		n = yseq_len(node);
	else
		return yfail(d, node, err, "%s must be a list of strings", what);
	if (n < min_items)
		return yfail(d, node, err, "%s needs at least %zu item%s, has %zu", what, min_items,
			     min_items == 1 ? "" : "s", n);
	const char **arr = arena_alloc(a, (n + 1) * sizeof *arr);
	if (!arr)
		return yfail(d, node, err, "out of memory");
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *item = node->type == YAML_SCALAR_NODE ? node : yseq_at(d, node, i);
		const char *s = yscalar(item);
		if (!s)
			return yfail(d, item, err, "%s: item %zu is not a string", what, i + 1);
		if (!*s)
			return yfail(d, item, err, "%s: item %zu is empty", what, i + 1);
		arr[i] = arena_strdup(a, s);
		if (!arr[i])
			return yfail(d, item, err, "out of memory");
	}
	arr[n] = NULL;
	*out = arr;
	return (long)n;
}

int ynumber(struct ydoc *d, yaml_node_t *n, const char *what, double *out, struct iv_error *err)
{
	const char *s = yscalar(n);
	if (!s || !*s)
		return yfail(d, n, err, "%s must be a number", what);
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	/* "nan" and "inf" parse, and compare false with every bound */
	if (errno || *end || !isfinite(v))
		return yfail(d, n, err, "%s must be a number, not '%s'", what, s);
	*out = v;
	return 0;
}
