/*
 * arena.h - a chunked allocator for data that lives and dies together (the
 * strings and tables of a loaded lexicon or playbook).  One arena_free()
 * releases everything; nothing is freed piecemeal.
 */
#ifndef IV_ARENA_H
#define IV_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t total_bytes;
};

/* Returns zeroed memory aligned for any type, or NULL when memory ran out. */
void *arena_alloc(struct arena *a, size_t size);
/* Copies s into the arena. */
char *arena_strdup(struct arena *a, const char *s);
void arena_free(struct arena *a);

#endif
