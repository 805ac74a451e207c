/*
 * web_scoring.c - the scorers the server's interviews are judged with when
 * they end: loaded once, one per core, each used by one interview at a
 * time (a scorer loaded per interview cost 2 MiB each when many ended
 * together).
 */
#include <stdatomic.h>
#include <unistd.h>

#include "scoring.h"
#include "web_internal.h"

void web_scorers_init(struct web_server *ws)
{
	for (int k = 0; k < WEB_MAX_SCORERS; k++)
		pthread_mutex_init(&ws->scorer_locks[k], NULL);
}

int web_scorers_load(struct web_server *ws, struct iv_error *err)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int want = cores < 1 ? 1 : cores > WEB_MAX_SCORERS ? WEB_MAX_SCORERS : (int)cores;
	for (; ws->n_scorers < want; ws->n_scorers++)
		if (!(ws->scorers[ws->n_scorers] = scorer_new(ws->data_dir, ws->content.lexicon, err)))
			return -1;
	return 0;
}

void web_scorers_free(struct web_server *ws)
{
	for (int k = 0; k < WEB_MAX_SCORERS; k++) {
		scorer_free(ws->scorers[k]);
		ws->scorers[k] = NULL;
		pthread_mutex_destroy(&ws->scorer_locks[k]);
	}
}

int web_try_take_scorer(struct web_server *ws)
{
	for (int k = 0; k < ws->n_scorers; k++)
		if (pthread_mutex_trylock(&ws->scorer_locks[k]) == 0)
			return k;
	return -1;
}

int web_take_scorer(struct web_server *ws)
{
	for (int k = 0; k < ws->n_scorers; k++)
		if (pthread_mutex_trylock(&ws->scorer_locks[k]) == 0)
			return k;
	/* all busy: queue behind one, round robin */
	int k = (int)(atomic_fetch_add(&ws->next_scorer, 1u) % (unsigned)ws->n_scorers);
	pthread_mutex_lock(&ws->scorer_locks[k]);
	return k;
}

void web_release_scorer(struct web_server *ws, int k)
{
	pthread_mutex_unlock(&ws->scorer_locks[k]);
}

