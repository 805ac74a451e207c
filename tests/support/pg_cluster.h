/*
 * pg_cluster.h - a throwaway PostgreSQL server for a test program: initdb
 * into a fresh folder under /tmp, started with pg_ctl on a Unix socket in
 * that folder only (no TCP), trust authentication for its one superuser,
 * stopped and removed at the end.  The server's programs are found in
 * $IV_PG_BIN, else /usr/lib/postgresql/<version>/bin (15 first); when run
 * as root (initdb refuses root) the cluster's commands run as the user
 * postgres (else nobody) through runuser, with the folder theirs.
 */
#ifndef IV_PG_CLUSTER_H
#define IV_PG_CLUSTER_H

#include <stddef.h>

struct pg_cluster;

/* Starts a cluster with one empty database; NULL with the reason in why
 * (e.g. the PostgreSQL programs are not installed). */
struct pg_cluster *pg_cluster_start(char *why, size_t why_cap);

/* The URL of the cluster's first database (postgresql:///...?host=...). */
const char *pg_cluster_url(const struct pg_cluster *c);

/* Creates another empty database; returns its URL (malloc'd), or NULL with
 * the reason in why. */
char *pg_cluster_new_db(struct pg_cluster *c, const char *name, char *why, size_t why_cap);

/* A URL for a database name that does not exist in the cluster (malloc'd). */
char *pg_cluster_url_of(const struct pg_cluster *c, const char *name);

/* Stops the server (immediately, as a crash would) and starts it again;
 * 0, or -1 with the reason in why. */
int pg_cluster_restart(struct pg_cluster *c, char *why, size_t why_cap);

/* Stops the server and removes its folder. */
void pg_cluster_stop(struct pg_cluster *c);

#endif
