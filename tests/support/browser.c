/*
 * browser.c - headless Chromium for the browser tests (see browser.h).
 *
 * Chromium is started with --remote-debugging-port=0 and says the port it
 * took in DevToolsActivePort, in its profile folder; its output goes to a
 * file there too, shown when it does not start.  It runs in a process
 * group of its own: closing it kills the group, and waits (with a
 * deadline) for the helpers to be gone before the profile is removed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "browser.h"
#include "test_support.h"
#include "web_client.h"

#ifndef IV_DATA_DIR
#define IV_DATA_DIR "data"
#endif
#define ARTIFACTS IV_DATA_DIR "/../artifacts"

#define MAX_OPEN 16
#define COMMAND_TIMEOUT_S 60

/* Every page and browser open now, for browser_close_all. */
static struct browser *open_list[MAX_OPEN];

static void remember(struct browser *b)
{
	for (int i = 0; i < MAX_OPEN; i++)
		if (!open_list[i]) {
			open_list[i] = b;
			return;
		}
	fail_msg("more than %d browser pages open", MAX_OPEN);
}

static void forget(struct browser *b)
{
	for (int i = 0; i < MAX_OPEN; i++)
		if (open_list[i] == b)
			open_list[i] = NULL;
}

const char *browser_chromium(void)
{
	static const char *const paths[] = {"/usr/bin/chromium", "/usr/bin/chromium-browser", NULL};
	for (size_t i = 0; paths[i]; i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return NULL;
}

double browser_now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void sleep_ms(int ms)
{
	struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&t, NULL);
}

/* Sends method on ws and waits for its answer: the result (caller decrefs),
 * or NULL on an error answer (in *error when given) or no answer. */
static json_t *call(struct ws_client *ws, int *next_id, const char *method, json_t *params,
		    double timeout_s, json_t **error)
{
	int id = ++*next_id;
	json_t *msg = json_pack("{s:i, s:s, s:o}", "id", id, "method", method, "params",
				params ? params : json_object());
	char *text = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	assert_int_equal(ws_send_text(ws, text), 0);
	free(text);
	double until = browser_now_s() + timeout_s;
	while (browser_now_s() < until) {
		json_t *o = ws_next_event(ws, 5);
		if (!o) {
			if (ws_closed(ws))
				break;
			continue;
		}
		if (json_integer_value(json_object_get(o, "id")) != id) {
			json_decref(o); /* an event, or a late answer */
			continue;
		}
		json_t *err = json_object_get(o, "error");
		json_t *result = err ? NULL : json_incref(json_object_get(o, "result"));
		if (err && error)
			*error = json_incref(err);
		json_decref(o);
		return result;
	}
	return NULL;
}

json_t *browser_cdp(struct browser *b, const char *method, json_t *params)
{
	json_t *error = NULL;
	json_t *r = call(b->page, &b->next_id, method, params, COMMAND_TIMEOUT_S, &error);
	if (error)
		fail_msg("%s: %s", method, json_string_value(json_object_get(error, "message")));
	if (!r)
		fail_msg("%s: no answer from the browser", method);
	return r;
}

json_t *browser_cdp_try(struct browser *b, const char *method, json_t *params)
{
	json_t *error = NULL;
	json_t *r = call(b->page, &b->next_id, method, params, 30, &error);
	json_decref(error);
	return r;
}

json_t *browser_js(struct browser *b, const char *expr)
{
	json_t *r = browser_cdp(b, "Runtime.evaluate",
				json_pack("{s:s, s:b, s:b}", "expression", expr, "returnByValue", 1,
					  "awaitPromise", 1));
	json_t *ex = json_object_get(r, "exceptionDetails");
	if (ex) {
		char *s = json_dumps(ex, JSON_COMPACT);
		fail_msg("script failed: %s: %s", expr, s);
	}
	json_t *v = json_incref(json_object_get(json_object_get(r, "result"), "value"));
	json_decref(r);
	return v;
}

char *browser_js_text(struct browser *b, const char *expr)
{
	json_t *v = browser_js(b, expr);
	char *s = strdup(json_is_string(v) ? json_string_value(v) : "");
	json_decref(v);
	return s;
}

long browser_js_int(struct browser *b, const char *expr)
{
	json_t *v = browser_js(b, expr);
	long n = json_is_number(v) ? (long)json_number_value(v) : -1;
	json_decref(v);
	return n;
}

void browser_wait_for(struct browser *b, const char *expr, double seconds)
{
	double until = browser_now_s() + seconds;
	int pause_ms = 20; /* doubling to 160: quick for what is nearly there */
	while (browser_now_s() < until) {
		json_t *v = browser_js(b, expr);
		int ok = json_is_true(v);
		json_decref(v);
		if (ok)
			return;
		sleep_ms(pause_ms);
		if (pause_ms < 160)
			pause_ms *= 2;
	}
	char *page = browser_js_text(
		b, b->describe ? b->describe
			       : "location.pathname + ' | ' + (document.body ? document.body.innerText.slice(0, 600) : '')");
	fail_msg("timed out after %.0f s waiting for %s (page: %s)", seconds, expr, page);
}

void browser_click(struct browser *b, const char *testid)
{
	char expr[400];
	/* shown: laid out (offsetParent), or fixed in place (client rects) */
	snprintf(expr, sizeof expr,
		 "(() => { const e = document.querySelector('[data-testid=\"%s\"]'); "
		 "if (!e || e.disabled || !(e.offsetParent || e.getClientRects().length)) return false; "
		 "e.click(); return true; })()",
		 testid);
	browser_wait_for(b, expr, 20);
}

void browser_fill(struct browser *b, const char *testid, const char *value)
{
	json_t *v = json_string(value);
	char *quoted = json_dumps(v, JSON_ENCODE_ANY);
	json_decref(v);
	size_t cap = strlen(quoted) + 400;
	char *expr = malloc(cap);
	snprintf(expr, cap,
		 "(() => { const e = document.querySelector('[data-testid=\"%s\"]'); if (!e) return false; "
		 "e.value = %s; e.dispatchEvent(new Event('input', {bubbles: true})); "
		 "e.dispatchEvent(new Event('change', {bubbles: true})); return true; })()",
		 testid, quoted);
	free(quoted);
	browser_wait_for(b, expr, 10);
	free(expr);
}

void browser_goto(struct browser *b, int port, const char *path, const char *ready_expr)
{
	char full[600];
	snprintf(full, sizeof full, "http://127.0.0.1:%d%s", port, path);
	json_decref(browser_cdp(b, "Page.navigate", json_pack("{s:s}", "url", full)));
	char *expr = malloc(strlen(ready_expr ? ready_expr : "true") + 64);
	sprintf(expr, "document.readyState === 'complete' && (%s)", ready_expr ? ready_expr : "true");
	browser_wait_for(b, expr, 20);
	free(expr);
}

void browser_screenshot(struct browser *b, const char *name)
{
	/* let the layout settle: two frames (or a second, where frames stop) */
	json_decref(browser_js(b, "Promise.race([new Promise(r => requestAnimationFrame(() => "
				  "requestAnimationFrame(() => r(true)))), new Promise(r => setTimeout(r, 1000))])"));
	sleep_ms(200); /* transitions the page did not skip */
	json_t *r = browser_cdp(b, "Page.captureScreenshot", json_pack("{s:s}", "format", "png"));
	const char *data = json_string_value(json_object_get(r, "data"));
	assert_non_null(data);
	size_t cap = strlen(data), len = 0;
	unsigned char *png = malloc(cap);
	assert_int_equal(sodium_base642bin(png, cap, data, strlen(data), NULL, &len, NULL,
					   sodium_base64_VARIANT_ORIGINAL), 0);
	assert_memory_equal(png, "\x89PNG", 4);
	assert_true(len > 5000);
	mkdir(ARTIFACTS, 0755);
	char path[512];
	snprintf(path, sizeof path, "%s/%s-%s.png", ARTIFACTS, b->shot_prefix, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(png, 1, len, f), len);
	fclose(f);
	free(png);
	json_decref(r);
}

/* The last lines of the browser's own output, for a failure message. */
static char *output_tail(const struct browser *b)
{
	char *path = ts_path(b->profile, "chromium.log");
	size_t len = 0;
	char *text = ts_read(path, &len);
	free(path);
	if (!text)
		return strdup("(no output)");
	if (len > 1500)
		memmove(text, text + len - 1500, 1501);
	return text;
}

/* Waits for the DevTools port the browser took (its DevToolsActivePort). */
static int wait_for_port(struct browser *b)
{
	char *path = ts_path(b->profile, "DevToolsActivePort");
	int port = 0;
	for (double until = browser_now_s() + 30; !port && browser_now_s() < until;) {
		size_t len = 0;
		char *text = ts_read(path, &len);
		if (text && strchr(text, '\n'))
			port = atoi(text);
		free(text);
		if (!port) {
			if (waitpid(b->pid, NULL, WNOHANG) == b->pid) {
				b->pid = 0; /* it ended */
				break;
			}
			sleep_ms(50);
		}
	}
	free(path);
	return port;
}

/* Connects b to the page target target_id (NULL: the first page). */
static void connect_page(struct browser *b, const char *target_id)
{
	struct http_response r;
	json_t *list = NULL;
	const char *url = NULL;
	for (double until = browser_now_s() + 10; !url && browser_now_s() < until;) {
		assert_int_equal(http_request(b->port, "GET", "/json/list", NULL, NULL, 0, &r), 0);
		json_decref(list);
		list = json_loads(r.body, 0, NULL);
		http_response_release(&r);
		size_t i;
		json_t *t;
		json_array_foreach(list, i, t) {
			const char *type = json_string_value(json_object_get(t, "type"));
			const char *id = json_string_value(json_object_get(t, "id"));
			if (type && !strcmp(type, "page") && (!target_id || (id && !strcmp(id, target_id)))) {
				url = json_string_value(json_object_get(t, "webSocketDebuggerUrl"));
				snprintf(b->target_id, sizeof b->target_id, "%s", id ? id : "");
				break;
			}
		}
		if (!url)
			sleep_ms(100);
	}
	if (!url)
		fail_msg("the browser shows no page %s", target_id ? target_id : "");
	const char *path = strstr(url + 5, "/devtools/");
	assert_non_null(path);
	b->page = ws_connect(b->port, path);
	assert_non_null(b->page);
	json_decref(list);
	json_decref(browser_cdp(b, "Page.enable", NULL));
	json_decref(browser_cdp(b, "Runtime.enable", NULL));
}

struct browser *browser_open(const struct browser_options *o)
{
	static const struct browser_options defaults = {0};
	if (!o)
		o = &defaults;
	const char *chromium = browser_chromium();
	assert_non_null(chromium);
	struct browser *b = calloc(1, sizeof *b);
	assert_non_null(b);
	snprintf(b->shot_prefix, sizeof b->shot_prefix, "%s", o->shot_prefix ? o->shot_prefix : "browser");
	b->profile = ts_tmpdir();
	char data_dir[600], fake[600], window[64];
	snprintf(data_dir, sizeof data_dir, "--user-data-dir=%s", b->profile);
	snprintf(window, sizeof window, "--window-size=%d,%d", o->width ? o->width : 1200,
		 o->height ? o->height : 900);
	const char *argv[32];
	int n = 0;
	argv[n++] = chromium;
	argv[n++] = "--headless=new";
	argv[n++] = "--no-sandbox";
	argv[n++] = "--disable-gpu";
	argv[n++] = "--no-first-run";
	argv[n++] = "--disable-background-networking";
	argv[n++] = "--disable-component-update";
	argv[n++] = "--disable-sync";
	argv[n++] = "--remote-debugging-port=0";
	argv[n++] = data_dir;
	argv[n++] = "--autoplay-policy=no-user-gesture-required";
	argv[n++] = window;
	if (o->fake_mic_wav) {
		snprintf(fake, sizeof fake, "--use-file-for-fake-audio-capture=%s", o->fake_mic_wav);
		argv[n++] = "--use-fake-ui-for-media-stream";
		argv[n++] = "--use-fake-device-for-media-stream";
		argv[n++] = fake;
	}
	if (o->reduced_motion)
		argv[n++] = "--force-prefers-reduced-motion";
	argv[n++] = "about:blank";
	argv[n] = NULL;
	char *log = ts_path(b->profile, "chromium.log");
	b->pid = fork();
	assert_true(b->pid >= 0);
	if (b->pid == 0) {
		setpgid(0, 0); /* its own group: closing it ends its helpers too */
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		execv(chromium, (char *const *)argv);
		_exit(127);
	}
	setpgid(b->pid, b->pid); /* also here: no race with a kill of the group */
	free(log);
	remember(b);
	b->port = wait_for_port(b);
	if (!b->port) {
		char *out = output_tail(b);
		fail_msg("chromium did not start: %s", out);
	}
	connect_page(b, NULL);
	return b;
}

struct browser *browser_new_page(struct browser *b, const char *shot_prefix)
{
	struct browser *p = calloc(1, sizeof *p);
	assert_non_null(p);
	p->port = b->port;
	snprintf(p->shot_prefix, sizeof p->shot_prefix, "%s", shot_prefix ? shot_prefix : b->shot_prefix);
	/* a window of its own (a tab behind another would not render) */
	struct http_response r;
	assert_int_equal(http_request(b->port, "GET", "/json/version", NULL, NULL, 0, &r), 0);
	json_t *version = json_loads(r.body, 0, NULL);
	http_response_release(&r);
	const char *url = json_string_value(json_object_get(version, "webSocketDebuggerUrl"));
	assert_non_null(url);
	struct ws_client *top = ws_connect(b->port, strstr(url + 5, "/devtools/"));
	json_decref(version);
	assert_non_null(top);
	int id = 0;
	json_t *error = NULL;
	json_t *made = call(top, &id, "Target.createTarget",
			    json_pack("{s:s, s:b}", "url", "about:blank", "newWindow", 1), 30, &error);
	ws_close(top);
	if (!made)
		fail_msg("Target.createTarget: %s",
			 error ? json_string_value(json_object_get(error, "message")) : "no answer");
	char target[64];
	snprintf(target, sizeof target, "%s", json_string_value(json_object_get(made, "targetId")));
	json_decref(made);
	remember(p);
	connect_page(p, target);
	return p;
}

/* 1 while a process of the group pgid is alive and not a zombie (kill()
 * counts zombies: reparented helpers that nobody has reaped yet). */
static int group_alive(pid_t pgid)
{
	if (kill(-pgid, 0) && errno == ESRCH)
		return 0;
	DIR *proc = opendir("/proc");
	if (!proc)
		return 0;
	int alive = 0;
	struct dirent *d;
	while (!alive && (d = readdir(proc))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		char path[300], line[512];
		snprintf(path, sizeof path, "/proc/%s/stat", d->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		size_t n = fread(line, 1, sizeof line - 1, f);
		fclose(f);
		line[n] = '\0';
		const char *after = strrchr(line, ')'); /* the name may hold spaces */
		char state;
		int ppid, pgrp;
		if (after && sscanf(after + 1, " %c %d %d", &state, &ppid, &pgrp) == 3 && pgrp == pgid &&
		    state != 'Z' && state != 'X')
			alive = 1;
	}
	closedir(proc);
	return alive;
}

void browser_close(struct browser *b)
{
	if (!b)
		return;
	if (b->pid) /* its other pages go with it */
		for (int i = 0; i < MAX_OPEN; i++)
			if (open_list[i] && open_list[i] != b && !open_list[i]->pid &&
			    open_list[i]->port == b->port)
				browser_close(open_list[i]);
	forget(b);
	if (b->page)
		ws_close(b->page);
	if (!b->pid && b->target_id[0]) { /* a second page: its window closes */
		char path[128];
		struct http_response r;
		snprintf(path, sizeof path, "/json/close/%s", b->target_id);
		if (http_request(b->port, "GET", path, NULL, NULL, 0, &r) == 0)
			http_response_release(&r);
	}
	if (b->pid) {
		kill(-b->pid, SIGKILL);
		kill(b->pid, SIGKILL);
		waitpid(b->pid, NULL, 0);
		for (double until = browser_now_s() + 5; group_alive(b->pid) && browser_now_s() < until;)
			sleep_ms(50);
	}
	if (b->profile) {
		ts_rmdir(b->profile);
		free(b->profile);
	}
	free(b);
}

int browser_close_all(void **state)
{
	(void)state;
	for (int pass = 0; pass < 2; pass++) /* pages first, then their browsers */
		for (int i = 0; i < MAX_OPEN; i++)
			if (open_list[i] && (pass == 1 || !open_list[i]->pid))
				browser_close(open_list[i]);
	return 0;
}
