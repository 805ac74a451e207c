/*
 * llm_wording.c - one turn worded by the LLM or, on any fault, by the
 * script (see llm_wording.h).  With a voice, the reply's first sentence
 * may be said while the rest streams in; it is let go only when the turn
 * it would make with the script's remainder keeps every guard rule, so the
 * turn can always be finished without taking back what was said.
 */
#include "llm/llm_wording.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"
#include "utterance_guard.h"

struct llm_wording {
	struct llm_client *client;
	struct llm_prompts *prompts;
	struct guard_rules *guard;
	char *model;
	int breaker_failures;
	long cooldown_ms, backoff_ms;
	pthread_mutex_t lock;      /* guards the breaker below */
	int failures;              /* failed turns in a row */
	double open_until_ms;      /* no calls before this (monotonic ms) */
	int probing;               /* a half-open trial call is under way */
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long env_ms(const char *name, long dflt)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return dflt;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	return (errno || *end || n <= 0) ? dflt : n;
}

struct llm_wording_config llm_wording_config_from_env(const char *url, const char *model)
{
	struct llm_wording_config c = {
		.base_url = url,
		.model = model,
		.key = getenv("INTERVIEWER_LLM_KEY"),
		.first_token_ms = env_ms("INTERVIEWER_LLM_BUDGET_MS", 1500),
		.total_ms = env_ms("INTERVIEWER_LLM_TOTAL_MS", 6000),
		.breaker_failures = (int)env_ms("INTERVIEWER_LLM_BREAKER_FAILURES", 3),
		.breaker_cooldown_ms = env_ms("INTERVIEWER_LLM_COOLDOWN_MS", 30000),
		.retry_backoff_ms = env_ms("INTERVIEWER_LLM_BACKOFF_MS", 100),
	};
	return c;
}

struct llm_wording *llm_wording_new(const struct llm_wording_config *cfg,
				    const struct text_source *llm_yaml, const struct playbook *pb,
				    struct iv_error *err)
{
	struct llm_wording *w = calloc(1, sizeof *w);
	struct llm_client_config cc = {cfg->base_url, cfg->key, cfg->first_token_ms, cfg->total_ms};
	if (!w) {
		iv_error_set(err, "out of memory");
		goto fail;
	}
	pthread_mutex_init(&w->lock, NULL);
	if (!(w->client = llm_client_new(&cc, err)) ||
	    !(w->prompts = llm_prompts_new(llm_yaml, pb, err)) ||
	    !(w->guard = guard_rules_parse(llm_yaml, err)))
		goto fail;
	if (cfg->model && *cfg->model && !(w->model = strdup(cfg->model))) {
		iv_error_set(err, "out of memory");
		goto fail;
	}
	w->breaker_failures = cfg->breaker_failures > 0 ? cfg->breaker_failures : 3;
	w->cooldown_ms = cfg->breaker_cooldown_ms > 0 ? cfg->breaker_cooldown_ms : 30000;
	w->backoff_ms = cfg->retry_backoff_ms > 0 ? cfg->retry_backoff_ms : 100;
	return w;
fail:
	llm_wording_free(w);
	return NULL;
}

void llm_wording_free(struct llm_wording *w)
{
	if (!w)
		return;
	llm_client_free(w->client);
	llm_prompts_free(w->prompts);
	guard_rules_free(w->guard);
	free(w->model);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

/* ----------------------------------------------------------- the breaker */

/* Whether a call may go out now; a closed circuit always, an open one not
 * until its cooldown is over, and then one trial call at a time. */
static int breaker_allows(struct llm_wording *w)
{
	pthread_mutex_lock(&w->lock);
	int ok = 1;
	if (w->failures >= w->breaker_failures) {
		if (now_ms() < w->open_until_ms || w->probing)
			ok = 0;
		else
			w->probing = 1;
	}
	pthread_mutex_unlock(&w->lock);
	return ok;
}

static void breaker_record(struct llm_wording *w, int success)
{
	pthread_mutex_lock(&w->lock);
	w->probing = 0;
	if (success) {
		w->failures = 0;
	} else if (++w->failures >= w->breaker_failures) {
		w->open_until_ms = now_ms() + (double)w->cooldown_ms;
	}
	pthread_mutex_unlock(&w->lock);
}

int llm_wording_circuit_open(struct llm_wording *w)
{
	pthread_mutex_lock(&w->lock);
	int open = w->failures >= w->breaker_failures && now_ms() < w->open_until_ms;
	pthread_mutex_unlock(&w->lock);
	return open;
}

/* ------------------------------------------------------------- one turn */

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void use_script(const struct wording_move *m, struct wording_result *out, const char *why)
{
	snprintf(out->text, sizeof out->text, "%s", m->scripted);
	out->from_llm = 0;
	snprintf(out->fallback, sizeof out->fallback, "%s", why);
}

/* The first sentence of a reply, while the rest streams in: said early
 * when it and the script's remainder make a turn that keeps every rule. */
struct early {
	const struct guard_rules *guard;
	const struct guard_context *ctx;
	const char *scripted;
	wording_say_fn say;
	void *user;
	double start_ms;
	int said;                       /* the sentence went to say */
	char sentence[WORDING_TEXT_CAP];
	char remainder[WORDING_TEXT_CAP];
	double said_ms;
};

static int ends_sentence(const char *p)
{
	return (*p == '.' || *p == '?' || *p == '!') && (p[1] == ' ' || p[1] == '\n');
}

void llm_script_remainder(const char *scripted, int asked_already, char *out, size_t cap)
{
	out[0] = '\0';
	if (asked_already || !scripted)
		return;
	const char *p = scripted;
	while (*p && !ends_sentence(p))
		p++;
	int first_asks = *p == '?';
	const char *rest = *p ? p + 1 : p;
	if (first_asks || (!*p && strchr(scripted, '?')))
		rest = scripted; /* the move's question is its first (or only) sentence */
	while (*rest == ' ' || *rest == '\n')
		rest++;
	/* one question, as the LLM's words must ask: a two-part question of
	 * the brief ends at its first part */
	const char *q = strchr(rest, '?');
	size_t n = q ? (size_t)(q + 1 - rest) : strlen(rest);
	snprintf(out, cap, "%.*s", (int)n, rest);
}

/* The sentence and what would follow it if the rest of the reply failed. */
static void join(const char *sentence, const char *remainder, char *out, size_t cap)
{
	size_t a = strlen(sentence), b = strlen(remainder), o = 0;
	if (!cap)
		return;
	size_t take = a < cap - 1 ? a : cap - 1;
	memcpy(out, sentence, take);
	o = take;
	if (b && o + 1 < cap) {
		out[o++] = ' ';
		take = b < cap - 1 - o ? b : cap - 1 - o;
		memcpy(out + o, remainder, take);
		o += take;
	}
	out[o] = '\0';
}

static void on_first_sentence(void *user, const char *sentence)
{
	struct early *e = user;
	if (e->said || !e->say)
		return;
	/* "1." of a list, "Mr." of a name: not a sentence to start a turn with */
	if (text_count_words(sentence) < 2)
		return;
	llm_script_remainder(e->scripted, strchr(sentence, '?') != NULL, e->remainder,
			     sizeof e->remainder);
	char whole[WORDING_TEXT_CAP * 2];
	join(sentence, e->remainder, whole, sizeof whole);
	if (strlen(whole) >= WORDING_TEXT_CAP ||
	    guard_check(e->guard, e->ctx, whole, NULL, 0) != GUARD_OK)
		return; /* the whole reply is judged as usual */
	snprintf(e->sentence, sizeof e->sentence, "%s", sentence);
	e->said = 1;
	e->said_ms = now_ms() - e->start_ms;
	e->say(e->user, e->sentence);
}

/* One request, with one retry of a fault that may pass (refused, 5xx). */
static int call(struct llm_wording *w, const char *body, struct early *e, struct llm_reply *reply,
		struct wording_result *out)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		out->calls++;
		int rc = llm_client_complete(w->client, body, e ? on_first_sentence : NULL, e, reply);
		if (out->first_sentence_ms < 0 && reply->first_sentence_ms >= 0)
			out->first_sentence_ms = out->ms + reply->first_sentence_ms;
		out->ms += reply->total_ms;
		if (!rc)
			return 0;
		/* a sentence already said is never taken back by a retry */
		if (attempt || (e && e->said) || !llm_fault_retryable(reply->fault, reply->http_status))
			return -1;
		sleep_ms(w->backoff_ms);
		out->ms += (double)w->backoff_ms;
	}
	return -1;
}

/* The first sentence was said; the rest of the reply failed (why): the
 * turn ends with the script's remainder. */
static void finish_with_script(const struct early *e, struct wording_result *out, const char *why)
{
	join(e->sentence, e->remainder, out->text, sizeof out->text);
	out->from_llm = 1;
	out->script_finished = 1;
	snprintf(out->fallback, sizeof out->fallback, "after the first sentence, %.170s", why);
}

void llm_wording_voice(struct llm_wording *w, const struct wording_move *m,
		       struct wording_result *out)
{
	llm_wording_voice_streamed(w, m, NULL, NULL, out);
}

void llm_wording_voice_streamed(struct llm_wording *w, const struct wording_move *m,
				wording_say_fn say_early, void *user, struct wording_result *out)
{
	memset(out, 0, sizeof *out);
	out->first_sentence_ms = out->early_ms = -1;
	if (!breaker_allows(w)) {
		use_script(m, out, "circuit open: the LLM server failed repeatedly");
		return;
	}
	size_t n_facts;
	const char *const *facts = llm_prompts_facts(w->prompts, &n_facts);
	struct guard_context ctx = {
		.scripted = m->scripted,
		.focus = m->focus,
		.earlier = m->said,
		.n_earlier = m->n_said,
		.facts = facts,
		.n_facts = n_facts,
		.candidate = m->candidate,
	};
	struct early *e = NULL;
	if (say_early && (e = calloc(1, sizeof *e))) {
		e->guard = w->guard;
		e->ctx = &ctx;
		e->scripted = m->scripted;
		e->say = say_early;
		e->user = user;
		e->start_ms = now_ms();
	}
	char why[200] = "";
	char *bad = NULL;
	int server_ok = 0;
	for (int round = 0; round < 2; round++) {
		char *body = llm_prompt_request(w->prompts, w->model, m, bad, round ? why : NULL);
		if (!body) {
			use_script(m, out, "out of memory building the request");
			break;
		}
		struct llm_reply reply;
		int rc = call(w, body, e, &reply, out);
		free(body);
		if (rc) {
			char msg[200];
			snprintf(msg, sizeof msg, "%s: %.150s", llm_fault_name(reply.fault), reply.detail);
			if (e && e->said)
				finish_with_script(e, out, msg);
			else
				use_script(m, out, msg);
			llm_reply_release(&reply);
			break;
		}
		server_ok = 1;
		char broke[160];
		enum guard_verdict v = guard_check(w->guard, &ctx, reply.text, broke, sizeof broke);
		size_t said_len = e && e->said ? strlen(e->sentence) : 0;
		if (said_len && strncmp(reply.text, e->sentence, said_len)) {
			v = GUARD_COUNT; /* cannot happen: the sentence said is where the reply began */
			snprintf(broke, sizeof broke, "the reply does not begin with the sentence said");
		}
		if (v == GUARD_OK && strlen(reply.text) < sizeof out->text) {
			snprintf(out->text, sizeof out->text, "%s", reply.text);
			out->from_llm = 1;
			out->fallback[0] = '\0';
			llm_reply_release(&reply);
			break;
		}
		snprintf(why, sizeof why, "%s", broke[0] ? broke : "it is too long");
		char msg[200];
		if (said_len) {
			/* no regeneration: a second voice would start the turn again */
			snprintf(msg, sizeof msg, "guard %s: %.150s", guard_verdict_name(v), why);
			finish_with_script(e, out, msg);
			llm_reply_release(&reply);
			break;
		}
		free(bad);
		bad = reply.text; /* shown back to the LLM with what it broke */
		reply.text = NULL;
		snprintf(msg, sizeof msg, "guard %s%s: %.150s", guard_verdict_name(v),
			 round ? " twice" : "", why);
		use_script(m, out, msg);
	}
	if (e && e->said) {
		out->early_len = strlen(e->sentence);
		out->early_ms = e->said_ms;
	}
	free(e);
	free(bad);
	/* a server that answers, even badly, is healthy; the breaker counts faults */
	breaker_record(w, server_ok);
}
