/*
 * sqlite_internal.h - what the SQLite store's files share: the connection
 * and the helpers that turn SQLite's failures into iv_error messages.
 *
 * The connection is opened in serialized mode (SQLITE_OPEN_FULLMUTEX), so
 * one store may be shared by the web server's threads; every statement is
 * its own transaction.
 */
#ifndef IV_SQLITE_INTERNAL_H
#define IV_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "store.h"

struct store {
	sqlite3 *db;
};

/* Sets err to "what: <SQLite's message>" and returns -1. */
int sqlite_fail(struct store *st, struct iv_error *err, const char *what);
/* Steps q to its end and finalizes it; -1 with err when it failed. */
int sqlite_run(struct store *st, sqlite3_stmt *q, const char *what, struct iv_error *err);
/* A text column, "" for NULL. */
const char *sqlite_col_text(sqlite3_stmt *q, int i);

#endif
