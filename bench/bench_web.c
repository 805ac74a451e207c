/*
 * bench_web.c - the web service under load, against the built program
 * (`interviewer serve`, started here on a free port with a fresh database):
 *
 *   1. Concurrent interviews in writing over WebSockets (--virtual-clock):
 *      BENCH_WEB_INTERVIEWS (default 1000) candidates connect at once and
 *      each answers every question until its interview ends.  Prints how
 *      many finished with no dropped turn, the turn latency (answer sent to
 *      the next question received) p50/p95/p99, and the server's memory per
 *      live interview (its resident size at the peak, less the idle size).
 *   2. Spoken answers streamed in real time: answers said by a Flite voice
 *      other than the interviewer's, some with a 2.5 s pause in the middle of
 *      a sentence, streamed as the microphone would; the time from the end
 *      of the candidate's speech to the first audio of the reply, p50/p95,
 *      and whether any answer was cut off at its pause.
 *   3. Concurrent spoken interviews: K candidates at once each stream an
 *      answer in real time; the time from the end of each answer to its
 *      final transcript, for K = 2, 4, 6, 8 with --max-voice 6: how many the
 *      cores hear in time (the default limit is one per core, from this).
 */
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "voice/voice.h"
#include "voice/wav.h"
#include "bench_support.h"
#include "web_client.h"

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

struct server {
	pid_t pid;
	int port;
	char dir[256];
	char token[128];
};

static int run_capture(const char *const argv[], char *out, size_t cap)
{
	int fd[2];
	if (pipe(fd))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fd[1]);
	ssize_t n = read(fd[0], out, cap - 1);
	out[n > 0 ? n : 0] = '\0';
	close(fd[0]);
	int status;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int start_server(struct server *s, const char *binary, int max_interviews, int virtual_clock,
			int max_voice)
{
	snprintf(s->dir, sizeof s->dir, "/tmp/bench_web.XXXXXX");
	if (!mkdtemp(s->dir))
		return -1;
	char db[300], max[32], voice[32];
	snprintf(db, sizeof db, "%s/interviews.db", s->dir);
	snprintf(max, sizeof max, "%d", max_interviews);
	snprintf(voice, sizeof voice, "%d", max_voice);
	const char *tok[] = {binary, "token", "add", "bench", "--db", db, NULL};
	if (run_capture(tok, s->token, sizeof s->token))
		return -1;
	s->token[strcspn(s->token, "\n")] = '\0';
	int fd[2];
	if (pipe(fd))
		return -1;
	s->pid = fork();
	if (s->pid == 0) {
		dup2(fd[1], 2);
		close(fd[0]);
		close(fd[1]);
		const char *args[16] = {binary, "serve", "--port", "0", "--db", db, "--max-interviews", max};
		int n = 8;
		if (virtual_clock)
			args[n++] = "--virtual-clock";
		if (max_voice > 0) {
			args[n++] = "--max-voice";
			args[n++] = voice;
		}
		args[n] = NULL;
		execv(binary, (char *const *)args);
		_exit(127);
	}
	close(fd[1]);
	FILE *err = fdopen(fd[0], "r");
	char line[512];
	s->port = 0;
	while (!s->port && fgets(line, sizeof line, err)) {
		const char *p = strstr(line, "listening on http://127.0.0.1:");
		if (p)
			s->port = atoi(p + strlen("listening on http://127.0.0.1:"));
	}
	if (fork() == 0) { /* keep its log beside the database */
		char logpath[300];
		snprintf(logpath, sizeof logpath, "%s.log", s->dir);
		FILE *log = fopen(logpath, "w");
		while (fgets(line, sizeof line, err))
			if (log)
				fputs(line, log);
		if (log)
			fclose(log);
		_exit(0);
	}
	fclose(err);
	return s->port ? 0 : -1;
}

static void stop_server(struct server *s)
{
	kill(s->pid, SIGTERM);
	waitpid(s->pid, NULL, 0);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf %s", s->dir);
	if (system(cmd)) {
	}
}

static long rss_kib(pid_t pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	long kib = -1;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "VmRSS:", 6))
			kib = atol(line + 6);
	if (f)
		fclose(f);
	return kib;
}

static json_t *invite(struct server *s, const char *name)
{
	char auth[200], body[200];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", s->token);
	snprintf(body, sizeof body, "{\"candidate_name\":\"%s\"}", name);
	struct http_response r;
	if (http_request(s->port, "POST", "/api/invitations", auth, body, strlen(body), &r) || r.status != 201) {
		http_response_release(&r);
		return NULL;
	}
	json_t *o = json_loads(r.body, 0, NULL);
	http_response_release(&r);
	return o;
}

/* --- 1. concurrent written interviews ------------------------------------ */

struct candidate {
	struct server *s;
	char path[200];
	double *lat;
	size_t n_lat, cap_lat;
	int finished, turns, failed;
	pthread_barrier_t *start;
};

static const char *const answers[] = {
	"I have been building payment APIs in Go for six years, mostly on Postgres and Kafka.",
	"We kept a token bucket per client in Redis, with the limits in config, and returned 429 with Retry-After.",
	"The trade-off was consistency against latency; we accepted stale reads for a few seconds.",
	"I would put a queue between the API and the workers so a burst does not take the database down.",
	"For security I would validate input at the edge, use short-lived tokens and keep secrets in a vault.",
	"I am not sure; I would measure first and look at the p99 before changing anything.",
};

static void *candidate_run(void *arg)
{
	struct candidate *c = arg;
	pthread_barrier_wait(c->start);
	struct ws_client *ws = NULL;
	for (int attempt = 0; attempt < 5 && !ws; attempt++)
		if (!(ws = ws_connect(c->s->port, c->path)))
			usleep(200000);
	if (!ws) {
		c->failed = 1;
		return NULL;
	}
	ws_send_text(ws, "{\"consent\": true, \"voice\": false}");
	json_t *e = ws_next_event(ws, 120);
	for (int i = 0; e && i < 300; i++) {
		const char *name = json_string_value(json_object_get(e, "event"));
		if (!name || strcmp(name, "say")) {
			c->finished = name && !strcmp(name, "end");
			if (!c->finished)
				c->failed = 1;
			break;
		}
		c->turns++;
		json_decref(e);
		char msg[300];
		snprintf(msg, sizeof msg, "{\"text\": \"%s\"}", answers[i % 6]);
		double t0 = now_s();
		if (ws_send_text(ws, msg)) {
			c->failed = 1;
			e = NULL;
			break;
		}
		e = ws_next_event(ws, 120);
		if (e && !strcmp(json_string_value(json_object_get(e, "event")), "say")) {
			if (c->n_lat == c->cap_lat) {
				c->cap_lat = c->cap_lat ? c->cap_lat * 2 : 128;
				c->lat = realloc(c->lat, c->cap_lat * sizeof *c->lat);
			}
			c->lat[c->n_lat++] = (now_s() - t0) * 1000.0;
		}
		/* the closing turn is followed by end: answering it is refused */
		if (e && json_object_get(e, "acts") &&
		    strstr(json_dumps(json_object_get(e, "acts"), 0), "thanks")) {
			c->turns++;
			json_decref(e);
			e = ws_next_event(ws, 120);
			c->finished = e && !strcmp(json_string_value(json_object_get(e, "event")), "end");
			if (!c->finished)
				c->failed = 1;
			break;
		}
	}
	if (!e)
		c->failed = !c->finished;
	json_decref(e);
	ws_close(ws);
	return NULL;
}

static int bench_written(const char *binary, int n)
{
	struct server s;
	if (start_server(&s, binary, n + 10, 1, 0)) {
		fprintf(stderr, "bench_web: the server did not start\n");
		return 1;
	}
	struct candidate *cs = calloc((size_t)n, sizeof *cs);
	pthread_t *th = calloc((size_t)n, sizeof *th);
	pthread_barrier_t start;
	pthread_barrier_init(&start, NULL, (unsigned)n + 1);
	for (int i = 0; i < n; i++) {
		char name[32];
		snprintf(name, sizeof name, "Candidate %d", i);
		json_t *inv = invite(&s, name);
		if (!inv) {
			fprintf(stderr, "bench_web: invitation failed\n");
			return 1;
		}
		cs[i].s = &s;
		cs[i].start = &start;
		wf_ws_path(inv, cs[i].path, sizeof cs[i].path);
		json_decref(inv);
	}
	long idle = rss_kib(s.pid);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	for (int i = 0; i < n; i++)
		pthread_create(&th[i], &attr, candidate_run, &cs[i]);
	double t0 = now_s();
	pthread_barrier_wait(&start);
	long peak = idle;
	int running = 1;
	while (running) {
		usleep(250000);
		long r = rss_kib(s.pid);
		if (r > peak)
			peak = r;
		running = 0;
		for (int i = 0; i < n && !running; i++)
			running = !cs[i].finished && !cs[i].failed;
		if (now_s() - t0 > 1800)
			break;
	}
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	double wall = now_s() - t0;
	size_t total = 0;
	int finished = 0, failed = 0, turns = 0;
	for (int i = 0; i < n; i++)
		total += cs[i].n_lat;
	double *all = malloc((total + 1) * sizeof *all);
	size_t k = 0;
	for (int i = 0; i < n; i++) {
		memcpy(all + k, cs[i].lat, cs[i].n_lat * sizeof *all);
		k += cs[i].n_lat;
		finished += cs[i].finished;
		failed += cs[i].failed;
		turns += cs[i].turns;
		free(cs[i].lat);
	}
	printf("written interviews at once: %d started, %d finished, %d failed, %d turns in %.1f s "
	       "(%.0f turns/s)\n", n, finished, failed, turns, wall, turns / wall);
	printf("turn latency (answer sent to next question): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms\n",
	       bench_pct(all, k, 0.5), bench_pct(all, k, 0.95), bench_pct(all, k, 0.99));
	printf("server memory: idle %.1f MiB, peak %.1f MiB, %.1f KiB per live interview\n",
	       idle / 1024.0, peak / 1024.0, (double)(peak - idle) / n);
	free(all);
	free(cs);
	free(th);
	stop_server(&s);
	return finished == n ? 0 : 1;
}

/* --- 2. spoken answers in real time -------------------------------------- */

static void stream_rt(struct ws_client *ws, const int16_t *pcm, size_t n, double *clock)
{
	static const int16_t quiet[320];
	for (size_t o = 0; o < n; o += 320) {
		size_t k = n - o < 320 ? n - o : 320;
		ws_send_binary(ws, pcm ? pcm + o : quiet, k * 2);
		*clock += (double)k / 16000.0;
		double wait = *clock - now_s();
		if (wait > 0)
			usleep((useconds_t)(wait * 1e6));
	}
}

static int bench_spoken(const char *binary)
{
	/* the pause falls inside the sentence, after words that cannot end it */
	static const char *const first[] = {
		"I have been building backend systems for about six years, mostly for the",
		"For the rate limiter I would keep a token bucket per user in",
		"We moved the reporting queries to a read replica, and we accepted that the",
		"The main risk there is that a retry arrives while the",
	};
	static const char *const second[] = {
		"payments and messaging side of a marketplace.",
		"Redis, and return a clear error with a retry after header.",
		"numbers could be a few seconds behind.",
		"first request is still running, so we stored an idempotency key.",
	};
	struct iv_error err;
	struct voice_speaking *vs = voice_speaking_new(IV_DATA_DIR, "rms", 160, &err);
	if (!vs) {
		fprintf(stderr, "bench_web: %s\n", err.message);
		return 1;
	}
	struct server s;
	if (start_server(&s, binary, 10, 0, 0)) {
		fprintf(stderr, "bench_web: the server did not start\n");
		return 1;
	}
	json_t *inv = invite(&s, "Spoken");
	char path[200];
	wf_ws_path(inv, path, sizeof path);
	json_decref(inv);
	struct ws_client *ws = ws_connect(s.port, path);
	ws_send_text(ws, "{\"consent\": true, \"voice\": true}");
	double lat[16];
	int n_lat = 0, cut = 0, rounds = 8;
	double clock = now_s();
	size_t reply_from = 0; /* where the audio of the reply being played began */
	json_t *say = ws_wait_event(ws, "say", 30);
	for (int i = 0; i < rounds && say; i++) {
		json_decref(say);
		/* the interviewer's words play; the microphone hears quiet meanwhile,
		 * as long as this reply's audio lasts (from its first byte) */
		size_t before = 0, now = ws_binary_bytes(ws);
		while (now != before) {
			before = now;
			stream_rt(ws, NULL, 3200, &clock);
			now = ws_binary_bytes(ws);
		}
		size_t reply = now - reply_from;
		stream_rt(ws, NULL, reply / 2, &clock);
		int pause = i % 2 == 1;
		char text[400];
		char path1[300], path2[300];
		snprintf(path1, sizeof path1, "%s/a.wav", s.dir);
		snprintf(path2, sizeof path2, "%s/b.wav", s.dir);
		struct wav_audio a = {0}, b = {0};
		if (pause) {
			voice_speak_to_file(vs, first[i % 4], path1, NULL, NULL, &err);
			voice_speak_to_file(vs, second[i % 4], path2, NULL, NULL, &err);
			wav_read_16k_mono(path1, &a, &err);
			wav_read_16k_mono(path2, &b, &err);
			wav_trim_quiet(&a, 300);
			wav_trim_quiet(&b, 300);
			stream_rt(ws, a.samples, a.n_samples, &clock);
			stream_rt(ws, NULL, 40000, &clock); /* 2.5 s in the middle of the sentence */
			stream_rt(ws, b.samples, b.n_samples, &clock);
		} else {
			snprintf(text, sizeof text, "%s %s", first[i % 4], second[i % 4]);
			voice_speak_to_file(vs, text, path1, NULL, NULL, &err);
			wav_read_16k_mono(path1, &a, &err);
			wav_trim_quiet(&a, 300); /* the speech ends where its audio ends */
			stream_rt(ws, a.samples, a.n_samples, &clock);
		}
		double eos = now_s();
		size_t audio_before = ws_binary_bytes(ws);
		json_t *heard = NULL;
		say = NULL;
		double first_audio = 0;
		/* keep the microphone open (quiet) until the reply's audio starts */
		for (int k = 0; k < 500 && !first_audio; k++) {
			stream_rt(ws, NULL, 320, &clock);
			json_t *e;
			while ((e = ws_next_event(ws, 0.001))) {
				const char *name = json_string_value(json_object_get(e, "event"));
				if (!strcmp(name, "heard") && json_is_true(json_object_get(e, "final"))) {
					json_decref(heard);
					heard = e;
				} else if (!strcmp(name, "say") && !say) {
					say = e;
				} else {
					json_decref(e);
				}
			}
			if (say && ws_binary_bytes(ws) > audio_before)
				first_audio = now_s();
		}
		reply_from = audio_before;
		if (first_audio && n_lat < 16)
			lat[n_lat++] = (first_audio - eos) * 1000.0;
		const char *h = heard ? json_string_value(json_object_get(heard, "text")) : "";
		/* cut off: what was heard holds the second half but not the first */
		if (pause && !(strstr(h, "years") || strstr(h, "token") || strstr(h, "replica") ||
			       strstr(h, "risk")))
			cut++;
		printf("  answer %d%s: heard \"%s\"; first audio %.0f ms after the speech ended\n", i + 1,
		       pause ? " (2.5 s pause)" : "", h, first_audio ? (first_audio - eos) * 1000.0 : -1.0);
		json_decref(heard);
		wav_audio_release(&a);
		wav_audio_release(&b);
	}
	json_decref(say);
	ws_close(ws);
	printf("spoken: end of speech to first audio of the reply over %d answers: p50 %.0f ms, p95 %.0f ms; "
	       "answers cut off at a 2.5 s pause: %d of %d\n",
	       n_lat, bench_pct(lat, (size_t)n_lat, 0.5), bench_pct(lat, (size_t)n_lat, 0.95), cut, rounds / 2);
	stop_server(&s);
	voice_speaking_free(vs);
	return 0;
}

/* --- 3. concurrent spoken interviews -------------------------------------- */

struct speaker {
	struct server *s;
	char path[200];
	const struct wav_audio *answer;
	pthread_barrier_t *start;
	int refused, heard;
	double heard_ms;
};

static void *speaker_run(void *arg)
{
	struct speaker *sp = arg;
	pthread_barrier_wait(sp->start);
	struct ws_client *ws = ws_connect(sp->s->port, sp->path);
	if (!ws)
		return NULL;
	ws_send_text(ws, "{\"consent\": true, \"voice\": true}");
	json_t *e = ws_next_event(ws, 60);
	const char *name = e ? json_string_value(json_object_get(e, "event")) : "";
	if (!e || strcmp(name, "say")) {
		sp->refused = e && !strcmp(name, "error") &&
			      !strcmp(json_string_value(json_object_get(e, "code")), "at_capacity");
		json_decref(e);
		ws_close(ws);
		return NULL;
	}
	json_decref(e);
	double clock = now_s();
	size_t before = 0, now = ws_binary_bytes(ws);
	while (now != before) {
		before = now;
		stream_rt(ws, NULL, 3200, &clock);
		now = ws_binary_bytes(ws);
	}
	stream_rt(ws, NULL, now / 2, &clock);
	stream_rt(ws, sp->answer->samples, sp->answer->n_samples, &clock);
	double eos = now_s();
	for (int k = 0; k < 400 && !sp->heard; k++) {
		stream_rt(ws, NULL, 320, &clock);
		while ((e = ws_next_event(ws, 0.001))) {
			const char *n2 = json_string_value(json_object_get(e, "event"));
			if (n2 && !strcmp(n2, "heard") && json_is_true(json_object_get(e, "final"))) {
				sp->heard = 1;
				sp->heard_ms = (now_s() - eos) * 1000.0;
			}
			json_decref(e);
		}
	}
	ws_close(ws);
	return NULL;
}

static int bench_spoken_capacity(const char *binary)
{
	struct iv_error err;
	struct voice_speaking *vs = voice_speaking_new(IV_DATA_DIR, "awb", 160, &err);
	if (!vs)
		return 1;
	char path[] = "/tmp/bench_web_answer.wav";
	voice_speak_to_file(vs, "We kept a token bucket per client in Redis and returned a clear error when it ran out.",
			    path, NULL, NULL, &err);
	voice_speaking_free(vs);
	struct wav_audio answer;
	if (wav_read_16k_mono(path, &answer, &err))
		return 1;
	unlink(path);
	static const int ks[] = {2, 4, 6, 8};
	for (size_t r = 0; r < sizeof ks / sizeof ks[0]; r++) {
		int k = ks[r];
		struct server s;
		if (start_server(&s, binary, 100, 0, 6))
			return 1;
		struct speaker sp[8];
		pthread_t th[8];
		pthread_barrier_t start;
		pthread_barrier_init(&start, NULL, (unsigned)k + 1);
		memset(sp, 0, sizeof sp);
		for (int i = 0; i < k; i++) {
			json_t *inv = invite(&s, "Speaker");
			sp[i].s = &s;
			sp[i].answer = &answer;
			sp[i].start = &start;
			wf_ws_path(inv, sp[i].path, sizeof sp[i].path);
			json_decref(inv);
			pthread_create(&th[i], NULL, speaker_run, &sp[i]);
		}
		pthread_barrier_wait(&start);
		double lat[8];
		int n = 0, refused = 0;
		for (int i = 0; i < k; i++) {
			pthread_join(th[i], NULL);
			refused += sp[i].refused;
			if (sp[i].heard)
				lat[n++] = sp[i].heard_ms;
		}
		printf("spoken interviews at once: %d: %d heard, %d refused (at_capacity); end of answer to "
		       "final transcript p50 %.0f ms, max %.0f ms\n",
		       k, n, refused, bench_pct(lat, (size_t)n, 0.5), bench_pct(lat, (size_t)n, 1.0));
		pthread_barrier_destroy(&start);
		stop_server(&s);
	}
	wav_audio_release(&answer);
	return 0;
}

int main(int argc, char **argv)
{
	const char *binary = getenv("IV_BINARY") ? getenv("IV_BINARY") : "build/interviewer";
	const char *n_env = getenv("BENCH_WEB_INTERVIEWS");
	int n = n_env ? atoi(n_env) : 1000;
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	int rc = 0;
	if (!getenv("BENCH_WEB_SKIP_WRITTEN"))
		rc |= bench_written(binary, n > 0 ? n : 1000);
	if (!getenv("BENCH_WEB_SKIP_SPOKEN")) {
		if (!getenv("BENCH_WEB_SKIP_LATENCY"))
			rc |= bench_spoken(binary);
		if (!getenv("BENCH_WEB_SKIP_CAPACITY"))
			rc |= bench_spoken_capacity(binary);
	}
	return rc;
}
