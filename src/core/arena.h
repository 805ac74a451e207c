/*
 * arena.h - memory helpers of the core: a chunked allocator for data that
 * lives and dies together (the strings and tables of a loaded lexicon or
 * playbook; one arena_free() releases everything), and growing arrays.
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

/* Grows a malloc'd array (*arr of *cap elements of elem bytes) to hold at
 * least need elements, doubling.  Returns 0, or -1 when memory ran out (the
 * array is then unchanged).  For arrays that are freed piecemeal, outside
 * any arena. */
int array_grow(void **arr, size_t *cap, size_t need, size_t elem);

#endif
