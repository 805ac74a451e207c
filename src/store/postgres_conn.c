/*
 * postgres_conn.c - the PostgreSQL store's connections and statements
 * (see postgres_internal.h): the pool, parameters, running a statement and
 * reading its columns.  libpq's messages are folded onto one line for
 * iv_error; a connection string is never echoed, as it may hold a
 * password.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postgres_internal.h"

/* libpq prints server notices and warnings on stderr by default; the
 * store reports through iv_error only. */
static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* msg folded onto one line, without libpq's trailing newline. */
static void set_message(struct iv_error *err, const char *what, const char *msg)
{
	char line[sizeof err->message];
	size_t n = 0;
	for (const char *p = msg ? msg : ""; *p && n + 1 < sizeof line; p++) {
		char ch = (*p == '\n' || *p == '\t') ? ' ' : *p;
		if (ch == ' ' && (n == 0 || line[n - 1] == ' '))
			continue;
		line[n++] = ch;
	}
	while (n && line[n - 1] == ' ')
		n--;
	line[n] = '\0';
	iv_error_set(err, "%s: %s", what, n ? line : "unknown PostgreSQL error");
}

PGconn *pg_connect(const char *url, struct iv_error *err)
{
	/* keywords before dbname are defaults the URL may override */
	static const char *const keys[] = {"connect_timeout", "application_name", "dbname", NULL};
	const char *values[] = {"10", "interviewer", url, NULL};
	PGconn *c = PQconnectdbParams(keys, values, 1);
	if (!c) {
		iv_error_set(err, "cannot connect to PostgreSQL: out of memory");
		return NULL;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		set_message(err, "cannot open the PostgreSQL database", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, ignore_notice, NULL);
	return c;
}

PGconn *pg_take(struct store *st, const char *what, struct iv_error *err)
{
	struct pg_store *pg = (struct pg_store *)st;
	pthread_mutex_lock(&pg->lock);
	while (pg->n_idle == 0 && pg->n_open == PG_POOL_MAX)
		pthread_cond_wait(&pg->returned, &pg->lock);
	PGconn *c = NULL;
	if (pg->n_idle)
		c = pg->idle[--pg->n_idle];
	else
		pg->n_open++;
	pthread_mutex_unlock(&pg->lock);
	if (c && PQstatus(c) != CONNECTION_OK) /* lost (the server restarted): try again */
		PQreset(c);
	if (c && PQstatus(c) == CONNECTION_OK)
		return c;
	if (c) {
		PQfinish(c);
		c = NULL;
	}
	struct iv_error why;
	c = pg_connect(pg->url, &why);
	if (c)
		return c;
	iv_error_set(err, "%s: %s", what, why.message);
	pthread_mutex_lock(&pg->lock);
	pg->n_open--;
	pthread_cond_signal(&pg->returned);
	pthread_mutex_unlock(&pg->lock);
	return NULL;
}

void pg_give(struct store *st, PGconn *c)
{
	struct pg_store *pg = (struct pg_store *)st;
	if (PQtransactionStatus(c) != PQTRANS_IDLE)
		PQclear(PQexec(c, "ROLLBACK"));
	pthread_mutex_lock(&pg->lock);
	pg->idle[pg->n_idle++] = c;
	pthread_cond_signal(&pg->returned);
	pthread_mutex_unlock(&pg->lock);
}

static const char **next_slot(struct pg_params *p)
{
	assert(p->n < PG_MAX_PARAMS); /* more would be a bug in this store */
	p->lengths[p->n] = 0;
	p->formats[p->n] = 0;
	return &p->values[p->n++];
}

void pg_param_text(struct pg_params *p, const char *s) { *next_slot(p) = s; }

void pg_param_int(struct pg_params *p, long long v)
{
	const char **slot = next_slot(p);
	snprintf(p->text[p->n - 1], sizeof p->text[0], "%lld", v);
	*slot = p->text[p->n - 1];
}

void pg_param_double(struct pg_params *p, double v)
{
	const char **slot = next_slot(p);
	snprintf(p->text[p->n - 1], sizeof p->text[0], "%.17g", v);
	*slot = p->text[p->n - 1];
}

void pg_param_bytes(struct pg_params *p, const void *data, int len)
{
	const char **slot = next_slot(p);
	*slot = len ? data : "";
	p->lengths[p->n - 1] = len;
	p->formats[p->n - 1] = 1;
}

/* Runs a statement; on failure sets err and, in *lost, whether the
 * connection failed (no SQLSTATE from the server, or a connection or
 * shutdown class) rather than the statement. */
static PGresult *exec_once(PGconn *c, const char *sql, const struct pg_params *p,
			   int binary_result, const char *what, int *lost, struct iv_error *err)
{
	PGresult *r = PQexecParams(c, sql, p ? p->n : 0, NULL, p ? p->values : NULL,
				   p ? p->lengths : NULL, p ? p->formats : NULL, binary_result);
	ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	*lost = 0;
	if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
		return r;
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	*lost = PQstatus(c) == CONNECTION_BAD || !state || !strncmp(state, "08", 2) ||
		!strncmp(state, "57P", 3);
	const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	set_message(err, what, primary ? primary : PQerrorMessage(c));
	PQclear(r);
	return NULL;
}

PGresult *pg_exec(PGconn *c, const char *sql, const struct pg_params *p, int binary_result,
		  const char *what, struct iv_error *err)
{
	int lost;
	return exec_once(c, sql, p, binary_result, what, &lost, err);
}

PGresult *pg_query(struct store *st, const char *sql, const struct pg_params *p,
		   const char *what, struct iv_error *err)
{
	PGconn *c = pg_take(st, what, err);
	if (!c)
		return NULL;
	int lost;
	PGresult *r = exec_once(c, sql, p, 0, what, &lost, err);
	if (!r && lost) {
		/* the server restarted since this connection was last used: one
		 * statement is safe to send again (a write that did commit fails
		 * on its key rather than happening twice) */
		PQreset(c);
		if (PQstatus(c) == CONNECTION_OK)
			r = exec_once(c, sql, p, 0, what, &lost, err);
	}
	pg_give(st, c);
	return r;
}

int pg_command(struct store *st, const char *sql, const struct pg_params *p, const char *what,
	       struct iv_error *err)
{
	PGresult *r = pg_query(st, sql, p, what, err);
	if (!r)
		return -1;
	int changed = atoi(PQcmdTuples(r));
	PQclear(r);
	return changed;
}

int pg_fenced_command(struct store *st, const char *session_id, const char *fence,
		      const char *sql, const struct pg_params *p, const char *what,
		      struct iv_error *err)
{
	if (!fence)
		return pg_command(st, sql, p, what, err);
	PGconn *c = pg_take(st, what, err);
	if (!c)
		return -1;
	struct pg_params lease = {0};
	pg_param_text(&lease, session_id);
	pg_param_text(&lease, fence);
	int changed = -1;
	PGresult *r = pg_exec(c, "BEGIN", NULL, 0, what, err);
	if (r) {
		PQclear(r);
		r = pg_exec(c,
			    "SELECT 1 FROM interview_leases WHERE interview_id = $1 AND owner = $2"
			    " FOR SHARE",
			    &lease, 0, what, err);
	}
	if (r && !PQntuples(r)) {
		iv_error_set(err, "%s: %s", what, STORE_FENCED_MESSAGE);
		PQclear(r);
		r = NULL;
	}
	if (r) {
		PQclear(r);
		r = pg_exec(c, sql, p, 0, what, err);
	}
	if (r) {
		changed = atoi(PQcmdTuples(r));
		PQclear(r);
		r = pg_exec(c, "COMMIT", NULL, 0, what, err);
		if (!r)
			changed = -1;
		PQclear(r);
	}
	pg_give(st, c); /* rolls back what did not commit */
	return changed;
}

const char *pg_text(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? "" : PQgetvalue(r, row, col);
}

double pg_double(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0.0 : strtod(PQgetvalue(r, row, col), NULL);
}

long long pg_int(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

int pg_is_null(const PGresult *r, int row, int col) { return PQgetisnull(r, row, col); }
