/*
 * iv_error.h - the one error type of interviewer.
 *
 * Every function that can fail returns a status (0 on success, -1 on failure,
 * or NULL for constructors) and fills a caller-provided struct iv_error with a
 * human-readable message.  Library code never prints and never exits: the
 * front end decides what to do with the message.
 */
#ifndef IV_ERROR_H
#define IV_ERROR_H

#include <stddef.h>

struct iv_error {
	char message[512];
};

/* Formats a message into err (printf style).  err may be NULL: nothing happens. */
void iv_error_set(struct iv_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Clears err to an empty message. */
void iv_error_clear(struct iv_error *err);

#endif
