/*
 * web_metrics.c - counters and histograms for GET /metrics (see
 * web_metrics.h).  The Prometheus text format is a few lines of printf; a
 * client library would bring more than it saves.
 */
#include "web_metrics.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static const double bucket_ms[] = {5, 10, 25, 50, 100, 250, 500, 1000, 1600, 2500, 5000, 10000};
#define N_BUCKETS ((int)(sizeof bucket_ms / sizeof bucket_ms[0]))

struct histogram {
	long counts[N_BUCKETS + 1]; /* the last is +Inf */
	double sum_ms;
	long n;
};

struct web_metrics {
	pthread_mutex_t lock;
	long counters[WEB_C_COUNT];
	struct histogram hist[WEB_H_COUNT];
};

static const struct {
	const char *name, *help;
} counter_info[WEB_C_COUNT] = {
	[WEB_C_INTERVIEWS_STARTED] = {"interviewer_interviews_started_total", "Interviews a candidate started."},
	[WEB_C_INTERVIEWS_COMPLETED] = {"interviewer_interviews_completed_total", "Interviews that reached their end."},
	[WEB_C_TURNS] = {"interviewer_turns_total", "Interviewer turns said."},
	[WEB_C_CAPACITY_REFUSALS] = {"interviewer_capacity_refusals_total", "Interviews refused because the server was at capacity."},
	[WEB_C_HTTP_REQUESTS] = {"interviewer_http_requests_total", "HTTP requests answered by the API."},
};

static const struct {
	const char *name, *help;
} hist_info[WEB_H_COUNT] = {
	[WEB_H_THINK_MS] = {"interviewer_think_seconds", "Time the engine took to choose and word a turn."},
	[WEB_H_STT_MS] = {"interviewer_recognition_seconds", "End of the candidate's speech to the final transcript."},
	[WEB_H_TTS_FIRST_MS] = {"interviewer_synthesis_first_audio_seconds", "Text to the first synthesized audio."},
	[WEB_H_EOS_TO_AUDIO_MS] = {"interviewer_end_of_speech_to_first_audio_seconds", "End of the candidate's speech to the first audio of the reply."},
};

struct web_metrics *web_metrics_new(void)
{
	struct web_metrics *m = calloc(1, sizeof *m);
	if (m)
		pthread_mutex_init(&m->lock, NULL);
	return m;
}

void web_metrics_free(struct web_metrics *m)
{
	if (!m)
		return;
	pthread_mutex_destroy(&m->lock);
	free(m);
}

void web_metrics_add(struct web_metrics *m, enum web_counter c, long n)
{
	pthread_mutex_lock(&m->lock);
	m->counters[c] += n;
	pthread_mutex_unlock(&m->lock);
}

void web_metrics_observe(struct web_metrics *m, enum web_histogram h, double ms)
{
	int b = 0;
	while (b < N_BUCKETS && ms > bucket_ms[b])
		b++;
	pthread_mutex_lock(&m->lock);
	m->hist[h].counts[b]++;
	m->hist[h].sum_ms += ms;
	m->hist[h].n++;
	pthread_mutex_unlock(&m->lock);
}

char *web_metrics_text(struct web_metrics *m, int live_interviews, int spoken_interviews)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	pthread_mutex_lock(&m->lock);
	fprintf(f, "# HELP interviewer_live_interviews Interviews with a candidate connected.\n"
		   "# TYPE interviewer_live_interviews gauge\ninterviewer_live_interviews %d\n",
		live_interviews);
	fprintf(f, "# HELP interviewer_spoken_interviews Spoken interviews with a candidate connected.\n"
		   "# TYPE interviewer_spoken_interviews gauge\ninterviewer_spoken_interviews %d\n",
		spoken_interviews);
	for (int c = 0; c < WEB_C_COUNT; c++)
		fprintf(f, "# HELP %s %s\n# TYPE %s counter\n%s %ld\n", counter_info[c].name,
			counter_info[c].help, counter_info[c].name, counter_info[c].name, m->counters[c]);
	for (int h = 0; h < WEB_H_COUNT; h++) {
		const char *name = hist_info[h].name;
		fprintf(f, "# HELP %s %s\n# TYPE %s histogram\n", name, hist_info[h].help, name);
		long cumulative = 0;
		for (int b = 0; b < N_BUCKETS; b++) {
			cumulative += m->hist[h].counts[b];
			fprintf(f, "%s_bucket{le=\"%g\"} %ld\n", name, bucket_ms[b] / 1000.0, cumulative);
		}
		cumulative += m->hist[h].counts[N_BUCKETS];
		fprintf(f, "%s_bucket{le=\"+Inf\"} %ld\n%s_sum %.6f\n%s_count %ld\n", name, cumulative,
			name, m->hist[h].sum_ms / 1000.0, name, m->hist[h].n);
	}
	pthread_mutex_unlock(&m->lock);
	fclose(f);
	return buf;
}
