/*
 * web_metrics.h - the service's counters and latency histograms, rendered
 * in Prometheus's text format for GET /metrics.  Safe to use from every
 * thread.
 */
#ifndef IV_WEB_METRICS_H
#define IV_WEB_METRICS_H

enum web_counter {
	WEB_C_INTERVIEWS_STARTED,
	WEB_C_INTERVIEWS_COMPLETED,
	WEB_C_TURNS,
	WEB_C_CAPACITY_REFUSALS,
	WEB_C_HTTP_REQUESTS,
	WEB_C_COUNT
};

enum web_histogram {
	WEB_H_THINK_MS,            /* the engine choosing and wording a turn */
	WEB_H_STT_MS,              /* end of speech to the final text */
	WEB_H_TTS_FIRST_MS,        /* text to the first audio of it */
	WEB_H_EOS_TO_AUDIO_MS,     /* end of the candidate's speech to the first audio of the reply */
	WEB_H_COUNT
};

struct web_metrics;

struct web_metrics *web_metrics_new(void);
void web_metrics_free(struct web_metrics *m);
void web_metrics_add(struct web_metrics *m, enum web_counter c, long n);
void web_metrics_observe(struct web_metrics *m, enum web_histogram h, double ms);
/* The whole exposition (malloc'd), with the gauges given. */
char *web_metrics_text(struct web_metrics *m, int live_interviews, int spoken_interviews);

#endif
