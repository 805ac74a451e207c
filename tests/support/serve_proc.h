/*
 * serve_proc.h - `interviewer serve` as a process of its own, for the tests
 * that kill a server (SIGKILL) and start another on the same database: a
 * restart on one SQLite file, two servers on one PostgreSQL database.
 */
#ifndef IV_SERVE_PROC_H
#define IV_SERVE_PROC_H

#include <stdio.h>
#include <sys/types.h>

struct ws_client;

struct served {
	pid_t pid;
	int port;
	FILE *err; /* the server's standard error, after the line with its port */
};

/* Starts `interviewer serve --port 0 --db db --virtual-clock --max-voice 0`
 * and reads the port it listens on from its first lines (other lines go to
 * stderr).  Fails the test when it does not start. */
void served_start(struct served *s, const char *db);

/* Sends sig (SIGTERM: must exit 0; SIGKILL: must die of it) and waits. */
void served_stop(struct served *s, int sig);

/* Sends k written answers over the room's socket, each after the previous
 * turn arrived; returns the number of the last turn that arrived. */
int served_answer(struct ws_client *c, int k);

#endif
