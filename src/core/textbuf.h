/*
 * textbuf.h - the one growing string of the core, used by the adapters too
 * (after curl's dynbuf): the evaluator's summaries, the interviewer's lines
 * filled from the playbook's templates, text made sayable, the reports.
 *
 * Appending never fails loudly: when memory runs out (or the text would pass
 * TEXTBUF_MAX_BYTES) the buffer remembers it in `failed`, ignores every later
 * append, and the caller checks once at the end.  The text is always
 * NUL-terminated once anything was appended.  The buffer owns its memory:
 * textbuf_free() releases it, textbuf_detach() hands it to the caller.  No
 * globals; a buffer is for one thread at a time.
 */
#ifndef IV_TEXTBUF_H
#define IV_TEXTBUF_H

#include <stddef.h>

/* Text longer than this is refused as if memory had run out: nothing the
 * core writes comes near, and the growth arithmetic can never overflow. */
#define TEXTBUF_MAX_BYTES ((size_t)1 << 30)

struct textbuf {
	char *data; /* NULL until the first append; NUL-terminated after it */
	size_t len; /* bytes of text, without the NUL */
	size_t cap; /* bytes allocated */
	int failed; /* memory ran out (or the text grew too long): the text is incomplete */
};

/* An empty buffer (as is a zeroed struct). */
void textbuf_init(struct textbuf *tb);
/* Releases the memory; the buffer is empty and usable again. */
void textbuf_free(struct textbuf *tb);
/* Empties the buffer, keeping its memory, and forgets a failure. */
void textbuf_reset(struct textbuf *tb);
/* The text (malloc'd, the caller frees), or NULL when the buffer failed; the
 * buffer is left empty.  An empty buffer gives "". */
char *textbuf_detach(struct textbuf *tb);

/* Appends n bytes of s (which need not be NUL-terminated). */
void textbuf_addn(struct textbuf *tb, const char *s, size_t n);
/* Appends the string s (NULL appends nothing). */
void textbuf_add(struct textbuf *tb, const char *s);
void textbuf_addc(struct textbuf *tb, char c);
void textbuf_addf(struct textbuf *tb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The text so far: "" when nothing was appended. */
const char *textbuf_str(const struct textbuf *tb);
/* The last byte of the text, or '\0' when it is empty. */
char textbuf_last(const struct textbuf *tb);
/* Cuts the text to its first len bytes (nothing when it is not longer). */
void textbuf_truncate(struct textbuf *tb, size_t len);

/* How textbuf_fill asks for the value of a placeholder {key} (key_len bytes,
 * not NUL-terminated): the callback appends the value to tb and returns 1;
 * returns 0, appending nothing, when it does not know the key; or returns -1
 * to stop the fill. */
typedef int textbuf_lookup_fn(void *ctx, struct textbuf *tb, const char *key, size_t key_len);

/* Appends template tmpl with its placeholders filled by lookup.  A
 * placeholder runs from '{' to the first '}' after it.  One lookup does not
 * know is kept as written: the '{' is copied and reading goes on after it
 * (so in "{a {b}" the {b} is still filled); so is a '{' never closed.
 * Returns 0, or -1 when lookup stopped it (what came before stays appended).
 * A memory failure shows in tb->failed, not here. */
int textbuf_fill(struct textbuf *tb, const char *tmpl, textbuf_lookup_fn *lookup, void *ctx);

#endif
