/*
 * yaml_tree.h - reading a YAML document (libyaml's document API) with the
 * line of every node at hand, so that loaders can say "file:line: what".
 * Shared by the lexicon, playbook and rubric loaders.  Parses text given by
 * the caller; reads no file.
 */
#ifndef IV_YAML_TREE_H
#define IV_YAML_TREE_H

#include <stddef.h>
#include <yaml.h>

#include "arena.h"
#include "iv_error.h"
#include "lexicon.h"

struct ydoc {
	yaml_document_t doc;
	const char *name; /* file name for messages */
	int loaded;
};

/* Parses src into d.  The root must be a mapping.  Returns 0 or -1 with err
 * "name:line: ..." set. */
int ydoc_load(struct ydoc *d, const struct text_source *src, struct iv_error *err);
void ydoc_release(struct ydoc *d);

yaml_node_t *ydoc_root(struct ydoc *d);
int ynode_line(const yaml_node_t *n);

/* The value under key in a mapping, or NULL. */
yaml_node_t *ymap_get(struct ydoc *d, yaml_node_t *map, const char *key);
size_t ymap_len(const yaml_node_t *map);
/* The i-th key (as a string, NULL if not a scalar) and its value node. */
const char *ymap_key_at(struct ydoc *d, yaml_node_t *map, size_t i, yaml_node_t **value);

size_t yseq_len(const yaml_node_t *seq);
yaml_node_t *yseq_at(struct ydoc *d, yaml_node_t *seq, size_t i);

/* The scalar's text, or NULL when n is not a scalar. */
const char *yscalar(const yaml_node_t *n);

/* Sets err to "name:line: <message>" for node n and returns -1. */
int yfail(struct ydoc *d, const yaml_node_t *n, struct iv_error *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Checks that map is a mapping whose keys are all in allowed (NULL-terminated). */
int ycheck_keys(struct ydoc *d, yaml_node_t *map, const char *const *allowed, const char *what,
		struct iv_error *err);

/* A required string field; copies into the arena. */
const char *yreq_string(struct ydoc *d, struct arena *a, yaml_node_t *map, const char *key,
			const char *what, struct iv_error *err);

/* A list of strings (a sequence of scalars, or a single scalar) copied into
 * the arena; *out is a NULL-terminated array.  min_items enforces a minimum.
 * Returns the count, or -1 with err set. */
long ystring_list(struct ydoc *d, struct arena *a, yaml_node_t *node, size_t min_items,
		  const char *what, const char ***out, struct iv_error *err);

/* A number (integer or real) scalar; -1 with err when not a number. */
int ynumber(struct ydoc *d, yaml_node_t *n, const char *what, double *out, struct iv_error *err);

#endif
