/*
 * test_web_room.c - the candidate's room over a real WebSocket on loopback
 * (contract section 6): a whole interview in writing, reconnecting, a
 * second connection taking over, a server restarted mid-interview,
 * finished, expired and unknown links, malformed and oversized frames, the
 * capacity limit, turns worded by an LLM, and their first sentence sent
 * early to a page that asks for it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fake_llm.h"
#include "test_sim.h"
#include "test_support.h"
#include "web_client.h"

static const char *event_name(const json_t *o)
{
	const char *e = json_string_value(json_object_get(o, "event"));
	return e ? e : "";
}

static int say_turn(const json_t *o)
{
	return (int)json_integer_value(json_object_get(o, "turn"));
}

/* Answers says until the end event (or max turns); returns the number of
 * says answered.  *end receives the end event when it came. */
static int answer_until_end(struct ws_client *c, json_t *first_say, int max, json_t **end)
{
	char buf[512];
	json_t *say = first_say;
	int n = 0;
	*end = NULL;
	while (say && n < max) {
		json_decref(say);
		assert_int_equal(ws_send_answer(c, plain_reply(n, buf, sizeof buf)), 0);
		n++;
		json_t *next = ws_next_event(c, 20);
		assert_non_null(next);
		if (!strcmp(event_name(next), "end")) {
			*end = next;
			return n;
		}
		assert_string_equal(event_name(next), "say");
		say = next;
	}
	json_decref(say);
	return n;
}

static void test_whole_interview_in_writing(void **state)
{
	struct web_fixture f;
	wf_start(&f, NULL);
	json_t *inv = wf_invite(&f, "Grace", 0);
	struct ws_client *c = wf_open_room(&f, inv);
	assert_int_equal(ws_send_text(c, "{\"consent\": true, \"voice\": false}"), 0);
	json_t *say = ws_wait_event(c, "say", 20);
	assert_non_null(say);
	assert_int_equal(say_turn(say), 1);
	assert_string_equal(json_string_value(json_object_get(say, "phase")), "opening");
	assert_non_null(strstr(json_string_value(json_object_get(say, "text")), "Grace"));
	json_t *end = NULL;
	int n = answer_until_end(c, say, 200, &end);
	assert_non_null(end);
	assert_true(n >= 20);
	/* the candidate never sees the evaluation */
	assert_null(json_object_get(end, "scorecard"));
	assert_int_equal(ws_binary_bytes(c), 0); /* in writing: no audio */
	json_decref(end);
	ws_close(c);

	/* the recruiter sees it completed, with its transcript and scorecard */
	char path[200];
	snprintf(path, sizeof path, "/api/interviews/%s", json_string_value(json_object_get(inv, "id")));
	int status;
	json_t *detail = wf_get_json(&f, path, &status);
	assert_int_equal(status, 200);
	assert_string_equal(json_string_value(json_object_get(detail, "status")), "completed");
	/* n counts the closing turn too (answered before the end event was read) */
	json_t *turns = json_object_get(detail, "transcript");
	assert_int_equal(json_array_size(turns), (size_t)n);
	assert_string_equal(json_string_value(json_object_get(json_array_get(turns, 0), "candidate")),
			    plain_reply(0, (char[512]){0}, 512));
	json_t *card = json_object_get(detail, "scorecard");
	assert_true(json_is_object(card));
	assert_non_null(json_object_get(card, "recommendation"));
	json_decref(detail);

	/* and the finished link answers with an error event */
	c = wf_open_room(&f, inv);
	json_t *e = ws_next_event(c, 10);
	assert_non_null(e);
	assert_string_equal(event_name(e), "error");
	assert_string_equal(json_string_value(json_object_get(e, "code")), "finished");
	json_decref(e);
	ws_close(c);
	json_decref(inv);
	wf_stop(&f);
}

/* Answers k says and returns the pending say's turn number. */
static int answer_some(struct ws_client *c, json_t *say, int k)
{
	char buf[512];
	for (int i = 0; i < k; i++) {
		json_decref(say);
		assert_int_equal(ws_send_answer(c, plain_reply(i, buf, sizeof buf)), 0);
		say = ws_wait_event(c, "say", 20);
		assert_non_null(say);
	}
	int turn = say_turn(say);
	json_decref(say);
	return turn;
}

static void test_reconnect_and_take_over(void **state)
{
	struct web_fixture f;
	wf_start(&f, NULL);
	json_t *inv = wf_invite(&f, "Linus", 0);
	struct ws_client *a = wf_open_room(&f, inv);
	ws_send_text(a, "{\"consent\": true, \"voice\": false}");
	int pending = answer_some(a, ws_wait_event(a, "say", 20), 3);
	assert_int_equal(pending, 4);

	/* a second connection takes over: the first is told, the second
	 * hears the pending question again */
	struct ws_client *b = wf_open_room(&f, inv);
	json_t *e = ws_wait_event(a, "error", 10);
	assert_non_null(e);
	assert_string_equal(json_string_value(json_object_get(e, "code")), "taken_over");
	json_decref(e);
	json_t *again = ws_wait_event(b, "say", 10);
	assert_non_null(again);
	assert_int_equal(say_turn(again), pending);
	/* a repeated consent is harmless */
	ws_send_text(b, "{\"consent\": true, \"voice\": false}");
	int next = answer_some(b, again, 1);
	assert_int_equal(next, pending + 1);
	ws_close(a);

	/* a dropped connection: reconnect and go on */
	ws_close(b);
	struct ws_client *c = wf_open_room(&f, inv);
	again = ws_wait_event(c, "say", 10);
	assert_non_null(again);
	assert_int_equal(say_turn(again), next);
	json_decref(again);
	ws_close(c);

	/* the server restarts: the stored turns are replayed */
	wf_stop_server(&f);
	wf_restart(&f);
	c = wf_open_room(&f, inv);
	again = ws_wait_event(c, "say", 10);
	assert_non_null(again);
	assert_int_equal(say_turn(again), next);
	assert_int_equal(answer_some(c, again, 2), next + 2);
	ws_close(c);

	char path[200];
	snprintf(path, sizeof path, "/api/interviews/%s", json_string_value(json_object_get(inv, "id")));
	int status;
	json_t *detail = wf_get_json(&f, path, &status);
	assert_string_equal(json_string_value(json_object_get(detail, "status")), "in_progress");
	/* nothing lost and nothing doubled: every turn once, in order */
	json_t *turns = json_object_get(detail, "transcript");
	assert_int_equal(json_array_size(turns), (size_t)next + 2);
	for (size_t i = 0; i < json_array_size(turns); i++)
		assert_int_equal(json_integer_value(json_object_get(json_array_get(turns, i), "turn")),
				 (json_int_t)i + 1);
	json_decref(detail);
	json_decref(inv);
	wf_stop(&f);
}

static json_t *first_error(struct web_fixture *f, const char *path)
{
	struct ws_client *c = ws_connect(f->port, path);
	assert_non_null(c);
	json_t *e = ws_next_event(c, 10);
	assert_non_null(e);
	assert_string_equal(event_name(e), "error");
	ws_close(c);
	return e;
}

static void test_links_that_do_not_open(void **state)
{
	struct web_fixture f;
	wf_start(&f, NULL);
	json_t *e = first_error(&f, "/i/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/ws");
	assert_string_equal(json_string_value(json_object_get(e, "code")), "not_found");
	json_decref(e);
	e = first_error(&f, "/i/short/ws");
	assert_string_equal(json_string_value(json_object_get(e, "code")), "not_found");
	json_decref(e);
	json_t *inv = wf_invite(&f, "Expiring", 1);
	sleep(2);
	char path[200];
	wf_ws_path(inv, path, sizeof path);
	e = first_error(&f, path);
	assert_string_equal(json_string_value(json_object_get(e, "code")), "expired");
	json_decref(e);
	int status;
	json_t *list = wf_get_json(&f, "/api/interviews?status=expired", &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(json_object_get(list, "interviews")), 1);
	json_decref(list);
	json_decref(inv);
	wf_stop(&f);
}

static void test_bad_frames_lose_nothing(void **state)
{
	struct web_fixture f;
	wf_start(&f, NULL);
	json_t *inv = wf_invite(&f, "Mallory", 0);
	struct ws_client *c = wf_open_room(&f, inv);
	/* an answer before consent */
	ws_send_text(c, "{\"text\": \"hello\"}");
	json_t *e = ws_wait_event(c, "error", 10);
	assert_string_equal(json_string_value(json_object_get(e, "code")), "consent_required");
	json_decref(e);
	ws_send_text(c, "{\"consent\": true, \"voice\": false}");
	json_t *say = ws_wait_event(c, "say", 10);
	assert_int_equal(say_turn(say), 1);
	json_decref(say);

	static const char *const bad[] = {
		"{not json", "[1,2,3]", "{\"text\": 42}", "{\"text\": \"x\", \"seconds\": -5}",
		"{\"mic_check\": \"sideways\"}", "{\"what\": 1}",
		"{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ws_send_text(c, bad[i]);
		e = ws_next_event(c, 10);
		assert_non_null(e);
		assert_string_equal(event_name(e), "error");
		assert_non_null(json_object_get(e, "message"));
		json_decref(e);
	}
	/* invalid UTF-8 */
	ws_send_text(c, "{\"text\": \"caf\xc3\x28\"}");
	e = ws_next_event(c, 10);
	assert_string_equal(event_name(e), "error");
	json_decref(e);
	/* a huge frame */
	size_t big = 200 * 1024;
	char *huge = malloc(big + 32);
	memcpy(huge, "{\"text\": \"", 10);
	memset(huge + 10, 'a', big);
	strcpy(huge + 10 + big, "\"}");
	ws_send_text(c, huge);
	free(huge);
	e = ws_next_event(c, 10);
	assert_string_equal(json_string_value(json_object_get(e, "code")), "too_large");
	json_decref(e);
	/* audio in a written interview is ignored; an odd-sized frame is an error */
	int16_t quiet[320] = {0};
	ws_send_binary(c, quiet, sizeof quiet);
	ws_send_binary(c, quiet, 3);
	e = ws_next_event(c, 10);
	assert_string_equal(json_string_value(json_object_get(e, "code")), "bad_audio");
	json_decref(e);

	/* the interview goes on where it was: the next answer gets turn 2 */
	ws_send_text(c, "{\"text\": \"I have been building payment backends for six years.\"}");
	say = ws_wait_event(c, "say", 10);
	assert_non_null(say);
	assert_int_equal(say_turn(say), 2);
	json_decref(say);
	ws_close(c);
	json_decref(inv);
	wf_stop(&f);
}

static void test_capacity(void **state)
{
	struct web_params p = {0};
	p.virtual_clock = 1;
	p.seed = 1;
	p.max_interviews = 1;
	struct web_fixture f;
	wf_start(&f, &p);
	json_t *one = wf_invite(&f, "First", 0), *two = wf_invite(&f, "Second", 0);
	struct ws_client *a = wf_open_room(&f, one);
	ws_send_text(a, "{\"consent\": true, \"voice\": false}");
	json_t *say = ws_wait_event(a, "say", 10);
	assert_non_null(say);
	json_decref(say);
	char path[200];
	wf_ws_path(two, path, sizeof path);
	json_t *e = first_error(&f, path);
	assert_string_equal(json_string_value(json_object_get(e, "code")), "at_capacity");
	json_decref(e);
	/* the interview already in the room is not refused on reconnect */
	struct ws_client *b = wf_open_room(&f, one);
	say = ws_wait_event(b, "say", 10);
	assert_non_null(say);
	json_decref(say);
	ws_close(a);
	ws_close(b);
	/* once it has left, the second may come in */
	for (int i = 0; i < 50; i++) {
		int status;
		json_t *m = wf_get_json(&f, "/healthz", &status);
		json_decref(m);
		usleep(20000);
	}
	struct ws_client *c = wf_open_room(&f, two);
	ws_send_text(c, "{\"consent\": true, \"voice\": false}");
	say = ws_wait_event(c, "say", 10);
	assert_non_null(say);
	json_decref(say);
	ws_close(c);
	struct http_response r;
	assert_int_equal(http_request(f.port, "GET", "/metrics", NULL, NULL, 0, &r), 0);
	assert_non_null(strstr(r.body, "interviewer_capacity_refusals_total 1"));
	http_response_release(&r);
	json_decref(one);
	json_decref(two);
	wf_stop(&f);
}

/* A server with --llm-url pointing at a fake LLM of its own, on the virtual clock. */
static struct fake_llm *start_with_llm(struct web_fixture *f)
{
	struct fake_llm *llm = fake_llm_start();
	assert_non_null(llm);
	struct web_params p = {0};
	p.virtual_clock = 1;
	p.seed = 1;
	p.llm_url = fake_llm_url(llm);
	wf_start(f, &p);
	return llm;
}

/* serve --llm-url: the room's turns come from the LLM and say so; a
 * failing server gives the script's words at once; the key is never sent
 * to the candidate. */
static void test_room_worded_by_an_llm(void **state)
{
	setenv("INTERVIEWER_LLM_KEY", "sk-room-key-5150", 1);
	setenv("INTERVIEWER_LLM_BACKOFF_MS", "10", 1);
	struct web_fixture f;
	struct fake_llm *llm = start_with_llm(&f);
	json_t *inv = wf_invite(&f, "Ada", 0);
	struct ws_client *c = wf_open_room(&f, inv);
	assert_int_equal(ws_send_text(c, "{\"consent\": true, \"voice\": false}"), 0);
	json_t *say = ws_wait_event(c, "say", 20);
	assert_non_null(say);
	assert_string_equal(json_string_value(json_object_get(say, "wording")), "llm");
	assert_null(json_object_get(say, "fallback"));
	char *auth = fake_llm_auth(llm, 0);
	assert_string_equal(auth, "Bearer sk-room-key-5150");
	free(auth);
	json_decref(say);
	/* the server fails: the next turn is the script's, and says why */
	fake_llm_set_default(llm, FAKE_HTTP_500, NULL);
	assert_int_equal(ws_send_answer(c, "I build payment APIs in Go and Postgres."), 0);
	say = ws_wait_event(c, "say", 20);
	assert_non_null(say);
	assert_string_equal(json_string_value(json_object_get(say, "wording")), "script");
	const char *why = json_string_value(json_object_get(say, "fallback"));
	assert_non_null(why);
	assert_non_null(strstr(why, "http_error"));
	char *dump = json_dumps(say, 0);
	assert_null(strstr(dump, "sk-room-key"));
	free(dump);
	json_decref(say);
	ws_close(c);
	json_decref(inv);
	wf_stop(&f);
	fake_llm_stop(llm);
	unsetenv("INTERVIEWER_LLM_KEY");
}

/* A page that asks for it ({"consent": true, "say_early": true}) gets the
 * first sentence of the LLM's words in a say_early event while the rest
 * streams in; the say event that follows has the whole turn, beginning
 * with that sentence, and says how much of it went out early.  A page that
 * does not ask gets the contract's events only. */
static void test_room_first_sentence_early(void **state)
{
	struct web_fixture f;
	struct fake_llm *llm = start_with_llm(&f);
	char buf[512];
	/* asked for; not asked; asked with what is not true (bad input: not asked) */
	static const char *const consents[] = {
		"{\"consent\": true, \"voice\": false, \"say_early\": true}",
		"{\"consent\": true, \"voice\": false}",
		"{\"consent\": true, \"voice\": false, \"say_early\": \"yes\"}",
	};
	for (int k = 0; k < 3; k++) {
		int asks = k == 0;
		json_t *inv = wf_invite(&f, asks ? "Ada" : "Grace", 0);
		struct ws_client *c = wf_open_room(&f, inv);
		assert_int_equal(ws_send_text(c, consents[k]), 0);
		int early = 0, says = 0;
		char sentence[2048] = "";
		int sentence_turn = -1;
		while (says < 8) {
			json_t *e = ws_next_event(c, 20);
			assert_non_null(e);
			const char *name = event_name(e);
			if (!strcmp(name, "say_early")) {
				assert_true(asks);
				assert_int_equal(sentence_turn, -1); /* one a turn, before its say */
				sentence_turn = say_turn(e);
				snprintf(sentence, sizeof sentence, "%s",
					 json_string_value(json_object_get(e, "text")));
				assert_true(strlen(sentence) > 0);
				assert_non_null(json_object_get(e, "phase"));
				early++;
				json_decref(e);
				continue;
			}
			assert_string_equal(name, "say");
			const char *text = json_string_value(json_object_get(e, "text"));
			json_t *said = json_object_get(e, "said_early");
			if (sentence_turn >= 0) {
				assert_int_equal(say_turn(e), sentence_turn);
				assert_int_equal(strncmp(text, sentence, strlen(sentence)), 0);
				assert_int_equal(json_integer_value(said), (json_int_t)strlen(sentence));
				const char *w = json_string_value(json_object_get(e, "wording"));
				assert_true(!strcmp(w, "llm") || !strcmp(w, "llm+script"));
			} else {
				assert_null(said);
			}
			sentence_turn = -1;
			says++;
			int last = json_is_true(json_object_get(e, "final"));
			json_decref(e);
			if (last)
				break;
			assert_int_equal(ws_send_answer(c, plain_reply(says, buf, sizeof buf)), 0);
		}
		fprintf(stderr, "%s: %d of %d turns had a first sentence early\n",
			k == 0 ? "asked" : k == 1 ? "not asked" : "asked with \"yes\"", early, says);
		if (asks)
			assert_true(early >= 2);
		else
			assert_int_equal(early, 0);
		ws_close(c);
		json_decref(inv);
	}
	wf_stop(&f);
	fake_llm_stop(llm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_interview_in_writing),
		cmocka_unit_test(test_reconnect_and_take_over),
		cmocka_unit_test(test_links_that_do_not_open),
		cmocka_unit_test(test_bad_frames_lose_nothing),
		cmocka_unit_test(test_capacity),
		cmocka_unit_test(test_room_worded_by_an_llm),
		cmocka_unit_test(test_room_first_sentence_early),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
