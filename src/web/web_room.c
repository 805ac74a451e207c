/*
 * web_room.c - the candidate's room: the WebSocket at /i/<token>/ws
 * (contract section 6).  Each invitation has at most one room in memory,
 * which holds the interview (struct live) while a candidate is connected;
 * every turn is stored as it happens, so a reconnect, a reload or a
 * restarted server replays the stored turns and goes on where it stopped.
 *
 * Threads: civetweb runs each connection's handlers on its own worker
 * thread.  The registry has a lock; each room has a lock held while it
 * hears a reply, says a turn and writes to its connection.  A second
 * connection to the same link takes the room over and the first is told
 * and closed.
 *
 * Several servers on one database: a connection takes the interview's
 * lease in the store (owner: this server's id) wherever it arrives.  The
 * room writes through a fenced view of the store, so once another server
 * took the interview over no turn, reply or recording of this one is
 * written; this server notices at the candidate's next answer, a refused
 * write or the housekeeping thread's heartbeat (web_rooms_heartbeat), and
 * tells its candidate ("taken_over") and closes.  A room that lost its
 * lease reloads the interview from the store when a connection comes back.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conversation.h"
#include "jsonl.h"
#include "web_internal.h"
#include "web_room_voice.h"

struct room {
	char id[40];
	pthread_mutex_t lock;         /* guards what follows */
	struct mg_connection *conn;   /* the candidate's current connection, or NULL */
	int refs;                     /* connections that point here (registry lock) */
	int started;                  /* lv holds the interview */
	int finished;
	int dropped;                  /* the interview was deleted */
	int lost;                     /* another server took the interview over */
	struct store *fenced;         /* the store as this server's lease lets it write */
	int voice;
	int say_early;                /* the page takes a first sentence early (say_early events) */
	int spoke_early;              /* this turn's first sentence went out early */
	const struct timespec *eos;   /* when the candidate's speech ended, during next_turn */
	struct web_server *ws;        /* during next_turn */
	struct live lv;
	struct content own;           /* an invitation's own playbook, when it names one */
	int has_own;
	struct room_voice *rv;
	double audio_start;           /* wall time the first audio frame came */
	double audio_samples;         /* samples received since */
	struct room *next;
};

struct web_rooms {
	pthread_mutex_t lock;
	struct room *head;
};

struct ws_conn {
	struct room *room;            /* NULL: refused (the socket only carries the error) */
};

struct web_rooms *web_rooms_new(void)
{
	struct web_rooms *r = calloc(1, sizeof *r);
	if (r)
		pthread_mutex_init(&r->lock, NULL);
	return r;
}

static void room_free(struct room *rm)
{
	if (rm->started)
		live_release(&rm->lv);
	store_close(rm->fenced);
	if (rm->has_own)
		content_release(&rm->own);
	room_voice_free(rm->rv);
	pthread_mutex_destroy(&rm->lock);
	free(rm);
}

void web_rooms_free(struct web_rooms *r)
{
	if (!r)
		return;
	for (struct room *rm = r->head, *next; rm; rm = next) {
		next = rm->next;
		room_free(rm);
	}
	pthread_mutex_destroy(&r->lock);
	free(r);
}

void web_rooms_count(struct web_rooms *r, int *live, int *spoken)
{
	*live = *spoken = 0;
	pthread_mutex_lock(&r->lock);
	for (struct room *rm = r->head; rm; rm = rm->next) {
		(*live)++;
		if (rm->rv)
			(*spoken)++;
	}
	pthread_mutex_unlock(&r->lock);
}

/* --- sending ---------------------------------------------------------------- */

static void send_json_frame(struct mg_connection *conn, json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(o);
	if (s) {
		mg_websocket_write(conn, MG_WEBSOCKET_OPCODE_TEXT, s, strlen(s));
		free(s);
	}
}

static void send_error(struct mg_connection *conn, const char *code, const char *message)
{
	if (code)
		send_json_frame(conn, json_pack("{s:s, s:s, s:s}", "event", "error", "code", code,
						"message", message));
	else
		send_json_frame(conn, json_pack("{s:s, s:s}", "event", "error", "message", message));
}

static void close_conn(struct mg_connection *conn)
{
	mg_websocket_write(conn, MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE, "\x03\xe8", 2);
}

/* Sends a line the JSON-lines writer made (the same events as section 1). */
static void send_memstream(struct mg_connection *conn, char *buf, size_t len)
{
	while (len && buf[len - 1] == '\n')
		len--;
	if (len)
		mg_websocket_write(conn, MG_WEBSOCKET_OPCODE_TEXT, buf, len);
	free(buf);
}

/* said_early: bytes of the text that went out early in a say_early event */
static void send_say(struct room *rm, const struct interviewer_turn *turn, double t,
		     size_t said_early)
{
	json_t *o = jsonl_say_event(rm->lv.session_id, turn, t, NULL, rm->lv.last_wording,
				    rm->lv.last_fallback);
	if (o && said_early)
		json_object_set_new(o, "said_early", json_integer((json_int_t)said_early));
	if (o)
		send_json_frame(rm->conn, o);
}

static void send_end(struct room *rm)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return;
	jsonl_emit_end(f, rm->lv.session_id, rm->lv.t, NULL); /* never the scorecard */
	fclose(f);
	send_memstream(rm->conn, buf, len);
}

static void lose_room(struct room *rm);

static double ms_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1e3 + (now.tv_nsec - start->tv_nsec) / 1e6;
}

static void observe_first_audio(struct web_server *ws, const struct timespec *eos,
				const struct timespec *start, double first_ms)
{
	web_metrics_observe(ws->metrics, WEB_H_TTS_FIRST_MS, first_ms);
	if (eos)
		web_metrics_observe(ws->metrics, WEB_H_EOS_TO_AUDIO_MS, ms_since(eos) - ms_since(start) + first_ms);
}

/* With --llm-url, for a page that asked for it ({"consent": true,
 * "say_early": true}): the first sentence of the LLM's words, as soon as it
 * is safe to say (docs/llm.md), goes out in a say_early event and (spoken)
 * its audio, while the rest of the reply streams in.  The say event that
 * follows carries the whole turn. */
static void room_say_early(void *user, const char *sentence)
{
	struct room *rm = user;
	const struct interviewer_turn *turn = rm->lv.wording_turn;
	if (!turn || !rm->conn)
		return;
	send_json_frame(rm->conn, json_pack("{s:s, s:i, s:s, s:s, s:s}", "event", "say_early", "turn",
					    turn->turn, "text", sentence, "phase",
					    phase_name(turn->phase), "topic", turn->topic));
	rm->spoke_early = 1;
	if (!rm->rv)
		return;
	double first_ms = 0;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	struct iv_error err;
	if (room_voice_speak(rm->rv, rm->conn, sentence, 0, &first_ms, &err)) {
		fprintf(stderr, "interviewer serve: speaking: %s\n", err.message);
		return;
	}
	observe_first_audio(rm->ws, rm->eos, &start, first_ms);
}

/* Says a turn the engine chose: the event, then (spoken) its audio, or
 * what follows the first sentence said early.
 * eos: when the candidate's speech ended (NULL for typed answers). */
static void say_turn(struct web_server *ws, struct room *rm, const struct interviewer_turn *turn,
		     double t, const struct timespec *eos)
{
	size_t early = rm->spoke_early ? rm->lv.said_early : 0;
	send_say(rm, turn, t, early);
	web_metrics_add(ws->metrics, WEB_C_TURNS, 1);
	if (!rm->rv)
		return;
	const char *text = early ? live_rest_to_say(&rm->lv, turn) : turn->text;
	double first_ms = 0;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	struct iv_error err;
	if (*text && room_voice_speak(rm->rv, rm->conn, text, early != 0, &first_ms, &err)) {
		fprintf(stderr, "interviewer serve: speaking: %s\n", err.message);
		return;
	}
	if (!early)
		observe_first_audio(ws, eos, &start, first_ms);
	if (!turn->is_final && room_voice_listen(rm->rv, &err))
		fprintf(stderr, "interviewer serve: listening: %s\n", err.message);
}

/* The next turn; at the end, the scorecard is made and stored and the
 * candidate is thanked (the end event carries no scorecard). */
static void next_turn(struct web_server *ws, struct room *rm, const struct timespec *eos)
{
	struct interviewer_turn turn;
	struct iv_error err;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	rm->spoke_early = 0;
	rm->lv.say_early = rm->say_early ? room_say_early : NULL;
	rm->lv.say_early_user = rm;
	rm->ws = ws;
	rm->eos = eos;
	int failed = live_next(&rm->lv, &turn, &err);
	rm->eos = NULL;
	if (failed) {
		fprintf(stderr, "interviewer serve: %s: %s\n", rm->id, err.message);
		if (store_error_is_fenced(&err))
			lose_room(rm);
		else
			send_error(rm->conn, "internal", "the interviewer could not go on; please reconnect");
		return;
	}
	web_metrics_observe(ws->metrics, WEB_H_THINK_MS, ms_since(&start));
	say_turn(ws, rm, &turn, rm->lv.tr->turns[rm->lv.tr->n_turns - 1].t, eos);
	if (!turn.is_final)
		return;
	/* the scorecard is stored before the candidate is thanked, so that a
	 * completed interview has it; when every scorer is busy (many
	 * interviews ending together) the candidate is thanked first and the
	 * scoring waits its turn: nobody waits for a scorecard they never see */
	rm->finished = 1;
	char *card;
	if (rm->has_own) {
		card = conversation_finish(&rm->lv, &err);
		send_end(rm);
	} else {
		int k = web_try_take_scorer(ws);
		if (k < 0) {
			send_end(rm);
			k = web_take_scorer(ws);
			card = conversation_finish_scored(&rm->lv, ws->scorers[k], &err);
		} else {
			card = conversation_finish_scored(&rm->lv, ws->scorers[k], &err);
			send_end(rm);
		}
		web_release_scorer(ws, k);
	}
	if (!card && err.message[0])
		fprintf(stderr, "interviewer serve: %s: %s\n", rm->id, err.message);
	free(card);
	web_metrics_add(ws->metrics, WEB_C_INTERVIEWS_COMPLETED, 1);
}

static void resay_pending(struct room *rm)
{
	const struct transcript_turn *last = &rm->lv.tr->turns[rm->lv.tr->n_turns - 1];
	send_say(rm, &rm->lv.pending, last->t, 0);
}

/* --- the registry ----------------------------------------------------------- */

static struct room *find_room(struct web_rooms *r, const char *id)
{
	for (struct room *rm = r->head; rm; rm = rm->next)
		if (!strcmp(rm->id, id))
			return rm;
	return NULL;
}

/* Takes (or makes) the room of an invitation for conn.  NULL at capacity
 * (*at_capacity set) or out of memory. */
static struct room *attach_room(struct web_server *ws, const char *id, int *at_capacity)
{
	struct web_rooms *r = ws->rooms;
	int max = ws->params.max_interviews > 0 ? ws->params.max_interviews : 1000;
	*at_capacity = 0;
	pthread_mutex_lock(&r->lock);
	struct room *rm = find_room(r, id);
	if (!rm) {
		int n = 0;
		for (struct room *x = r->head; x; x = x->next)
			n++;
		if (n >= max) {
			*at_capacity = 1;
			pthread_mutex_unlock(&r->lock);
			return NULL;
		}
		rm = calloc(1, sizeof *rm);
		if (!rm) {
			pthread_mutex_unlock(&r->lock);
			return NULL;
		}
		snprintf(rm->id, sizeof rm->id, "%s", id);
		pthread_mutex_init(&rm->lock, NULL);
		rm->next = r->head;
		r->head = rm;
	}
	rm->refs++;
	pthread_mutex_unlock(&r->lock);
	return rm;
}

static void stop_voice(struct web_server *ws, struct room *rm);

static void detach_room(struct web_server *ws, struct room *rm)
{
	struct web_rooms *r = ws->rooms;
	pthread_mutex_lock(&r->lock);
	if (--rm->refs > 0) {
		pthread_mutex_unlock(&r->lock);
		return;
	}
	for (struct room **p = &r->head; *p; p = &(*p)->next)
		if (*p == rm) {
			*p = rm->next;
			break;
		}
	pthread_mutex_unlock(&r->lock);
	stop_voice(ws, rm);
	struct iv_error err;
	if (store_release_lease(ws->store, rm->id, ws->server_id, &err))
		fprintf(stderr, "interviewer serve: %s: %s\n", rm->id, err.message);
	room_free(rm);
}

/* The room lost its interview to another server: its candidate is told
 * and closed.  Called with the room locked. */
static void lose_room(struct room *rm)
{
	rm->lost = 1;
	if (rm->conn) {
		send_error(rm->conn, "taken_over",
			   "this interview continued in another window (or on another server)");
		close_conn(rm->conn);
	}
}

/* 0 while this server holds the room's interview; 1 when another took it
 * (the room is lost and its candidate told), -1 when the store failed. */
static int lease_lost(struct web_server *ws, struct room *rm)
{
	struct iv_error err;
	int held = store_renew_lease(ws->store, rm->id, ws->server_id, web_now(), &err);
	if (held < 0) {
		fprintf(stderr, "interviewer serve: %s: %s\n", rm->id, err.message);
		return -1;
	}
	if (!held)
		lose_room(rm);
	return !held;
}

/* Forgets an interview another server went on with: the next connection
 * replays it from the store.  Called with the room locked. */
static void forget_interview(struct room *rm)
{
	if (rm->started)
		live_release(&rm->lv);
	memset(&rm->lv, 0, sizeof rm->lv);
	rm->started = 0;
	rm->finished = 0;
}

void web_rooms_drop(struct web_server *ws, const char *id)
{
	struct web_rooms *r = ws->rooms;
	pthread_mutex_lock(&r->lock);
	struct room *rm = find_room(r, id);
	if (rm)
		rm->refs++;
	pthread_mutex_unlock(&r->lock);
	if (!rm)
		return;
	pthread_mutex_lock(&rm->lock);
	rm->dropped = 1;
	if (rm->conn) {
		send_error(rm->conn, "finished", "this interview is no longer available");
		close_conn(rm->conn);
	}
	pthread_mutex_unlock(&rm->lock);
	detach_room(ws, rm);
}

/* --- the interview ---------------------------------------------------------- */

/* Loads what the invitation's interview needs: its playbook, and the stored
 * turns when it had started.  Called with the room locked. */
static int open_interview(struct web_server *ws, struct room *rm, const struct invitation *inv,
			  struct iv_error *err)
{
	const struct content *c = &ws->content;
	if (inv->playbook[0] && !rm->has_own) {
		char path[4096];
		snprintf(path, sizeof path, "%s/playbooks/%s.yaml", ws->data_dir, inv->playbook);
		if (content_load(ws->data_dir, path, &rm->own, err))
			return -1;
		rm->has_own = 1;
	}
	if (rm->has_own)
		c = &rm->own;
	if (!rm->fenced && !(rm->fenced = store_fenced(ws->store, ws->server_id))) {
		iv_error_set(err, "out of memory");
		return -1;
	}
	if (!strcmp(inv->status, "in_progress") && !rm->started) {
		if (live_resume(&rm->lv, c, rm->fenced, inv->id, err))
			return -1;
		if (!rm->has_own) /* the LLM knows the default playbook's persona */
			rm->lv.wording = ws->wording;
		rm->lv.judge = ws->judge;
		rm->started = 1;
		rm->voice = inv->voice;
	}
	return 0;
}

static int start_voice(struct web_server *ws, struct room *rm, struct iv_error *err)
{
	if (rm->rv)
		return 0;
	int max = ws->params.max_voice < 0   ? 0
		  : ws->params.max_voice > 0 ? ws->params.max_voice
					     : web_default_max_voice();
	/* the slot is taken before the recognizer loads (most of a second):
	 * candidates consenting at the same moment cannot all squeeze in */
	if (atomic_fetch_add(&ws->voice_slots, 1) >= max) {
		atomic_fetch_sub(&ws->voice_slots, 1);
		iv_error_set(err, "at_capacity");
		return -1;
	}
	rm->rv = room_voice_new(ws->voices, err);
	if (!rm->rv) {
		atomic_fetch_sub(&ws->voice_slots, 1);
		return -1;
	}
	return 0;
}

/* Gives a room's voice and its slot back. */
static void stop_voice(struct web_server *ws, struct room *rm)
{
	if (!rm->rv)
		return;
	room_voice_free(rm->rv);
	rm->rv = NULL;
	atomic_fetch_sub(&ws->voice_slots, 1);
}

static void handle_consent(struct web_server *ws, struct room *rm, json_t *msg)
{
	json_t *voice = json_object_get(msg, "voice");
	if (!json_is_true(json_object_get(msg, "consent"))) {
		send_error(rm->conn, "consent_required",
			   "the interview starts once you agree to it being recorded and evaluated");
		return;
	}
	rm->say_early = json_is_true(json_object_get(msg, "say_early"));
	if (rm->started) /* a reconnect's consent: the pending turn was said again on connect */
		return;
	struct iv_error err;
	struct invitation inv;
	int found = store_get_invitation(ws->store, rm->id, web_now(), &inv, &err);
	if (found <= 0 || strcmp(inv.status, "invited")) {
		send_error(rm->conn, found <= 0 ? "not_found" : "finished", "this interview is no longer available");
		return;
	}
	int spoken = voice == NULL || json_is_true(voice);
	if (spoken && start_voice(ws, rm, &err)) {
		if (!strcmp(err.message, "at_capacity"))
			send_error(rm->conn, "at_capacity",
				   "every spoken interview room is busy; try again in a few minutes, or "
				   "do the interview in writing");
		else
			send_error(rm->conn, "voice_unavailable", err.message);
		return;
	}
	if (!spoken)
		stop_voice(ws, rm);
	const struct content *c = rm->has_own ? &rm->own : &ws->content;
	if (store_set_consent(ws->store, rm->id, spoken, web_now(), &err) ||
	    live_start_as(&rm->lv, c, rm->fenced, rm->id, inv.candidate_name, ws->params.seed,
			  ws->params.virtual_clock, &err)) {
		fprintf(stderr, "interviewer serve: %s: %s\n", rm->id, err.message);
		live_release(&rm->lv);
		if (store_error_is_fenced(&err)) {
			lose_room(rm);
			return;
		}
		send_error(rm->conn, "internal", "the interview could not start; please try again");
		return;
	}
	if (!rm->has_own) /* the LLM knows the default playbook's persona */
		rm->lv.wording = ws->wording;
	rm->lv.judge = ws->judge;
	rm->started = 1;
	rm->voice = spoken;
	web_metrics_add(ws->metrics, WEB_C_INTERVIEWS_STARTED, 1);
	next_turn(ws, rm, NULL);
}

/* A candidate's answer, typed or heard. */
static void handle_reply(struct web_server *ws, struct room *rm, const char *text, double seconds,
			 double confidence, const struct timespec *eos)
{
	struct iv_error err;
	if (!rm->started) {
		send_error(rm->conn, "consent_required", "send {\"consent\": true} first");
		return;
	}
	if (rm->finished || !rm->lv.has_pending) {
		send_error(rm->conn, "finished", "the interview is over");
		return;
	}
	if (lease_lost(ws, rm) > 0)
		return;
	if (live_reply(&rm->lv, text, seconds, confidence, &err)) {
		fprintf(stderr, "interviewer serve: %s: %s\n", rm->id, err.message);
		if (store_error_is_fenced(&err))
			lose_room(rm);
		else
			send_error(rm->conn, "internal", "your answer could not be stored; please send it again");
		return;
	}
	next_turn(ws, rm, eos);
}

static void handle_text_frame(struct web_server *ws, struct room *rm, const char *data, size_t len)
{
	char why[200];
	if (len > WEB_MAX_TEXT_FRAME) {
		send_error(rm->conn, "too_large", "message too large; ignored");
		return;
	}
	json_t *msg = web_parse_json(data, len, why, sizeof why);
	if (!msg) {
		send_error(rm->conn, "bad_message", why);
		return;
	}
	json_t *text = json_object_get(msg, "text"), *seconds = json_object_get(msg, "seconds");
	json_t *check = json_object_get(msg, "mic_check");
	if (json_object_get(msg, "consent")) {
		handle_consent(ws, rm, msg);
	} else if (check) {
		struct iv_error err;
		const char *what = json_string_value(check);
		if (!what || (strcmp(what, "start") && strcmp(what, "stop"))) {
			send_error(rm->conn, "bad_message", "mic_check is \"start\" or \"stop\"");
		} else if (!strcmp(what, "start")) {
			if (start_voice(ws, rm, &err))
				send_error(rm->conn, !strcmp(err.message, "at_capacity") ? "at_capacity" : "voice_unavailable",
					   !strcmp(err.message, "at_capacity") ? "every spoken interview room is busy" : err.message);
			else
				room_voice_check_begin(rm->rv);
		} else if (rm->rv && room_voice_checking(rm->rv)) {
			char *heard = NULL;
			double conf = 0;
			if (room_voice_check_end(rm->rv, &heard, &conf, &err))
				send_error(rm->conn, "mic_check", err.message);
			else
				send_json_frame(rm->conn, json_pack("{s:s, s:s, s:f}", "event", "mic_check",
								    "text", heard, "confidence", conf));
			free(heard);
		} else {
			send_error(rm->conn, "bad_message", "no microphone check was started");
		}
	} else if (text && !json_is_string(text)) {
		send_error(rm->conn, "bad_message", "text must be a string");
	} else if (text && json_string_length(text) > WEB_MAX_ANSWER_CHARS) {
		send_error(rm->conn, "too_large", "answer too long; please shorten it");
	} else if (seconds && (!json_is_number(seconds) || json_number_value(seconds) < 0 ||
			       json_number_value(seconds) > 3600)) {
		send_error(rm->conn, "bad_message", "seconds must be a number from 0 to 3600");
	} else if (text) {
		if (rm->rv && rm->started)
			room_voice_listen(rm->rv, NULL);
		handle_reply(ws, rm, json_string_value(text),
			     seconds ? json_number_value(seconds) : -1, 1.0, NULL);
	} else {
		send_error(rm->conn, "bad_message", "expected {\"consent\": true} or {\"text\": \"...\"}");
	}
	json_decref(msg);
}

static void handle_audio_frame(struct web_server *ws, struct room *rm, const char *data, size_t len)
{
	if (len > WEB_MAX_AUDIO_FRAME || len % 2) {
		send_error(rm->conn, "bad_audio", "audio frames are 16-bit samples, at most 64 KiB each");
		return;
	}
	if (!rm->rv)
		return; /* a written interview: audio is not recorded */
	/* audio faster than real time is refused: it would take a recognizer
	 * from the other candidates (two seconds of slack for network bursts) */
	double now = web_now();
	if (rm->audio_start == 0)
		rm->audio_start = now;
	rm->audio_samples += (double)(len / 2);
	double allowed = (now - rm->audio_start + 2.0) * ROOM_SAMPLE_RATE * 1.25;
	if (!ws->params.virtual_clock && rm->audio_samples > allowed) {
		rm->audio_samples -= (double)(len / 2);
		send_error(rm->conn, "audio_too_fast", "audio arrives faster than real time; dropped");
		return;
	}
	size_t n = len / 2;
	int16_t *pcm = malloc(n * sizeof *pcm);
	if (!pcm)
		return;
	memcpy(pcm, data, len); /* little-endian on every machine we build for */
	struct iv_error err;
	if (room_voice_checking(rm->rv)) {
		room_voice_check_feed(rm->rv, pcm, n);
		free(pcm);
		return;
	}
	if (!rm->started || rm->finished || !rm->lv.has_pending) {
		free(pcm);
		return;
	}
	const char *partial = NULL;
	struct duplex_result t;
	int barged = 0;
	int rc = room_voice_feed(rm->rv, pcm, n, &partial, &barged, &t, &err);
	free(pcm);
	if (rc < 0) {
		fprintf(stderr, "interviewer serve: hearing: %s\n", err.message);
		return;
	}
	if (barged)
		send_json_frame(rm->conn, json_pack("{s:s}", "event", "barge_in"));
	if (partial)
		send_json_frame(rm->conn, json_pack("{s:s, s:s, s:b}", "event", "heard", "text", partial,
						    "final", 0));
	if (rc == 0)
		return;
	struct timespec eos;
	clock_gettime(CLOCK_MONOTONIC, &eos);
	web_metrics_observe(ws->metrics, WEB_H_STT_MS, t.stt_ms);
	json_t *heard = json_pack("{s:s, s:s, s:b, s:s}", "event", "heard", "text", t.text, "final", 1,
				  "engine", t.engine ? t.engine : "pocketsphinx");
	if (t.fallback_reason)
		json_object_set_new(heard, "fallback", json_string(t.fallback_reason));
	send_json_frame(rm->conn, heard);
	int turn = rm->lv.pending.turn;
	if (t.n_audio && store_set_answer_audio(rm->fenced, rm->id, turn, ROOM_SAMPLE_RATE, t.audio,
						t.n_audio, &err)) {
		fprintf(stderr, "interviewer serve: %s: %s\n", rm->id, err.message);
		if (store_error_is_fenced(&err)) {
			lose_room(rm);
			duplex_result_release(&t);
			return;
		}
	}
	handle_reply(ws, rm, t.text, t.seconds, t.text[0] ? t.confidence : 1.0, &eos);
	duplex_result_release(&t);
}

/* --- civetweb's handlers ---------------------------------------------------- */

static int ws_connect(const struct mg_connection *conn, void *data)
{
	(void)conn;
	(void)data;
	return 0; /* every link is answered on the socket, refusals included */
}

static void ws_ready(struct mg_connection *conn, void *data)
{
	struct web_server *ws = data;
	struct ws_conn *wc = calloc(1, sizeof *wc);
	if (!wc) {
		close_conn(conn);
		return;
	}
	mg_set_user_connection_data(conn, wc);
	/* /i/<token>/ws */
	const char *uri = mg_get_request_info(conn)->local_uri;
	char token[64] = "";
	const char *t = uri + 3, *slash = strchr(t, '/');
	if (slash && (size_t)(slash - t) < sizeof token)
		snprintf(token, sizeof token, "%.*s", (int)(slash - t), t);
	struct invitation inv;
	struct iv_error err;
	int found = 0;
	if (web_token_is_well_formed(token)) {
		char hash[65];
		web_hash_secret(token, hash);
		found = store_find_invitation(ws->store, hash, web_now(), &inv, &err);
	}
	if (found <= 0) {
		send_error(conn, "not_found", "this interview link is not valid");
		close_conn(conn);
		return;
	}
	if (!strcmp(inv.status, "completed") || !strcmp(inv.status, "expired")) {
		send_error(conn, inv.status[0] == 'c' ? "finished" : "expired",
			   inv.status[0] == 'c' ? "this interview has finished; thank you"
						: "this interview link has expired; please contact the recruiter");
		close_conn(conn);
		return;
	}
	int at_capacity = 0;
	struct room *rm = attach_room(ws, inv.id, &at_capacity);
	if (!rm) {
		if (at_capacity)
			web_metrics_add(ws->metrics, WEB_C_CAPACITY_REFUSALS, 1);
		send_error(conn, at_capacity ? "at_capacity" : "internal",
			   at_capacity ? "every interview room is busy; please try again in a few minutes"
				       : "out of memory");
		close_conn(conn);
		return;
	}
	wc->room = rm;
	pthread_mutex_lock(&rm->lock);
	if (rm->conn && rm->conn != conn) {
		send_error(rm->conn, "taken_over", "this interview continued in another window");
		close_conn(rm->conn);
	}
	rm->conn = conn;
	rm->audio_start = 0;
	rm->audio_samples = 0;
	int had = store_take_lease(ws->store, inv.id, ws->server_id, web_now(), &err);
	if (had == 0 && rm->started) /* another server went on with it meanwhile */
		forget_interview(rm);
	rm->lost = 0;
	if (had < 0 || open_interview(ws, rm, &inv, &err)) {
		fprintf(stderr, "interviewer serve: %s: %s\n", inv.id, err.message);
		send_error(conn, "internal", "the interview could not be reopened");
		close_conn(conn);
	} else if (rm->started && !rm->finished) {
		if (rm->voice && !rm->rv && start_voice(ws, rm, &err))
			fprintf(stderr, "interviewer serve: %s: voice: %s; going on in writing\n", inv.id, err.message);
		if (rm->lv.has_pending) {
			resay_pending(rm);
			if (rm->rv)
				room_voice_listen(rm->rv, NULL);
		}
	}
	pthread_mutex_unlock(&rm->lock);
}

static int ws_data(struct mg_connection *conn, int bits, char *data, size_t len, void *cbdata)
{
	struct web_server *ws = cbdata;
	struct ws_conn *wc = mg_get_user_connection_data(conn);
	int opcode = bits & 0x0f;
	if (opcode == MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE)
		return 0;
	if (!wc || !wc->room || (opcode != MG_WEBSOCKET_OPCODE_TEXT && opcode != MG_WEBSOCKET_OPCODE_BINARY))
		return 1;
	struct room *rm = wc->room;
	pthread_mutex_lock(&rm->lock);
	if (rm->conn == conn && !rm->dropped && !rm->lost) {
		if (!(bits & 0x80))
			send_error(conn, "bad_message", "fragmented messages are not accepted");
		else if (opcode == MG_WEBSOCKET_OPCODE_TEXT)
			handle_text_frame(ws, rm, data, len);
		else
			handle_audio_frame(ws, rm, data, len);
	}
	pthread_mutex_unlock(&rm->lock);
	return 1;
}

static void ws_close(const struct mg_connection *conn, void *data)
{
	struct web_server *ws = data;
	struct ws_conn *wc = mg_get_user_connection_data(conn);
	if (!wc)
		return;
	struct room *rm = wc->room;
	if (rm) {
		pthread_mutex_lock(&rm->lock);
		if (rm->conn == conn)
			rm->conn = NULL;
		pthread_mutex_unlock(&rm->lock);
		detach_room(ws, rm);
	}
	free(wc);
}

/* --- the heartbeat -------------------------------------------------------- */

struct held_ids {
	char (*ids)[40];
	size_t n, cap;
};

static void note_held(const char *id, void *ctx)
{
	struct held_ids *h = ctx;
	if (h->n == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 64;
		char(*grown)[40] = realloc(h->ids, cap * sizeof *grown);
		if (!grown)
			return;
		h->ids = grown;
		h->cap = cap;
	}
	snprintf(h->ids[h->n++], 40, "%s", id);
}

static int is_held(const struct held_ids *h, const char *id)
{
	for (size_t i = 0; i < h->n; i++)
		if (!strcmp(h->ids[i], id))
			return 1;
	return 0;
}

void web_rooms_heartbeat(struct web_server *ws)
{
	struct held_ids held = {0};
	struct iv_error err;
	/* one statement renews every lease this server holds */
	if (store_renew_leases(ws->store, ws->server_id, web_now(), note_held, &held, &err)) {
		fprintf(stderr, "interviewer serve: leases: %s\n", err.message);
		free(held.ids);
		return;
	}
	/* the rooms whose lease was not among them, each looked at once more
	 * (a room may have taken its lease since) */
	struct web_rooms *r = ws->rooms;
	struct room **suspects = NULL;
	size_t n = 0;
	pthread_mutex_lock(&r->lock);
	for (struct room *rm = r->head; rm; rm = rm->next)
		if (!is_held(&held, rm->id))
			n++;
	suspects = n ? calloc(n, sizeof *suspects) : NULL;
	n = 0;
	for (struct room *rm = r->head; rm && suspects; rm = rm->next)
		if (!is_held(&held, rm->id)) {
			rm->refs++;
			suspects[n++] = rm;
		}
	pthread_mutex_unlock(&r->lock);
	free(held.ids);
	for (size_t i = 0; i < n; i++) {
		struct room *rm = suspects[i];
		pthread_mutex_lock(&rm->lock);
		if (rm->conn && !rm->lost && !rm->dropped)
			lease_lost(ws, rm);
		pthread_mutex_unlock(&rm->lock);
		detach_room(ws, rm);
	}
	free(suspects);
}

void web_room_register(struct web_server *ws)
{
	mg_set_websocket_handler(ws->ctx, "/i/*/ws$", ws_connect, ws_ready, ws_data, ws_close, ws);
}
