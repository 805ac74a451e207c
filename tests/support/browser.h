/*
 * browser.h - headless Chromium for the browser tests, driven over the
 * DevTools protocol (a WebSocket, spoken with web_client.h's client).
 *
 * A browser runs in its own process group, so that closing it ends its
 * helper processes (renderers, GPU, audio) too; a test that fails half way
 * leaves it to browser_close_all, which a test passes as its teardown.  A
 * page of it is a struct browser as well (browser_new_page), in a window of
 * its own, so that two pages (a recruiter's and a candidate's) both render.
 * The microphone may be a fake one that plays a WAV file in a loop.
 * Every wait has a deadline; a timeout fails the test with what the page
 * shows.  Screenshots go to artifacts/<prefix>-<name>.png.
 */
#ifndef IV_BROWSER_H
#define IV_BROWSER_H

#include <jansson.h>
#include <sys/types.h>

struct ws_client;

struct browser_options {
	const char *fake_mic_wav;  /* the microphone plays this WAV in a loop; NULL: none */
	int width, height;         /* the window (0: 1200 x 900) */
	int reduced_motion;        /* prefers-reduced-motion: steadier screenshots */
	const char *shot_prefix;   /* screenshots are artifacts/<shot_prefix>-<name>.png */
};

struct browser {
	pid_t pid;                 /* the browser's process (and group); 0 on a second page */
	char *profile;             /* its profile folder (removed on close) */
	int port;                  /* its DevTools port */
	struct ws_client *page;    /* the page's DevTools connection */
	int next_id;
	char target_id[64];
	char shot_prefix[32];
	/* A JavaScript expression whose string value says where the page is,
	 * printed when a wait times out (NULL: the address and the first of
	 * the body's text). */
	const char *describe;
};

/* The Chromium program, or NULL when it is not installed. */
const char *browser_chromium(void);

/* Seconds on a monotonic clock. */
double browser_now_s(void);

/* Starts a browser on about:blank (options may be NULL); fails the test
 * when it cannot.  Close it with browser_close (or browser_close_all). */
struct browser *browser_open(const struct browser_options *o);

/* A second page of b's browser, in a window of its own (same profile,
 * same fake microphone); close it before b, or leave both to
 * browser_close_all. */
struct browser *browser_new_page(struct browser *b, const char *shot_prefix);

/* Closes a page; for the first page, kills the browser's whole process
 * group and removes its profile.  Frees b. */
void browser_close(struct browser *b);

/* Closes every page and browser still open: a test's teardown (cmocka),
 * for a test that failed before it closed them. */
int browser_close_all(void **state);

/* Sends a DevTools command and waits for its answer (events in between are
 * dropped); params is stolen.  Returns the "result" object (caller
 * decrefs); an error answer fails the test. */
json_t *browser_cdp(struct browser *b, const char *method, json_t *params);

/* The same for a command the browser may not know: NULL on an error. */
json_t *browser_cdp_try(struct browser *b, const char *method, json_t *params);

/* Evaluates a JavaScript expression in the page (promises awaited) and
 * returns its value (caller decrefs; NULL for undefined).  A script that
 * throws fails the test. */
json_t *browser_js(struct browser *b, const char *expr);

/* The string value of expr (malloc'd; "" when not a string). */
char *browser_js_text(struct browser *b, const char *expr);

/* The number value of expr, or -1 when it is not a number. */
long browser_js_int(struct browser *b, const char *expr);

/* Waits (polling) until expr is true in the page; fails the test with the
 * page's description after seconds. */
void browser_wait_for(struct browser *b, const char *expr, double seconds);

/* Waits for the element [data-testid=testid] to be there, shown and
 * enabled, and clicks it. */
void browser_click(struct browser *b, const char *testid);

/* Sets the field [data-testid=testid] to value (input and change events
 * fire, as when typed). */
void browser_fill(struct browser *b, const char *testid, const char *value);

/* Loads http://127.0.0.1:port<path> and waits until the document is
 * complete and ready_expr (may be NULL) is true. */
void browser_goto(struct browser *b, int port, const char *path, const char *ready_expr);

/* Saves the page as artifacts/<prefix>-<name>.png (checked to be a PNG
 * of some size). */
void browser_screenshot(struct browser *b, const char *name);

#endif
