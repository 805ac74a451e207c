/*
 * web_api.c - the JSON API of contract section 6 under /api/: invitations,
 * the interviews by status, one interview's transcript and scorecard, its
 * report, a recorded answer, and deletion; tokens and the audit log are
 * routed to web_audit.c.  Every request is authorized first (web_auth.c)
 * and every recruiter's action is written to the audit log; every failure
 * is {"error": "..."} with its status.
 * The HTML report alone may be framed, by this server's pages (the
 * console shows it).
 */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report.h"
#include "scorecard_cli.h"
#include "scorecard_json.h"
#include "transcript_print.h"
#include "voice/wav.h"
#include "web_internal.h"

#define DEFAULT_EXPIRY_S (7 * 24 * 3600.0)
#define MAX_EXPIRY_S (90 * 24 * 3600.0)

static int is_interview_id(const char *s, size_t n)
{
	if (n != 32)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return 0;
	return 1;
}

/* A playbook is named by its file in data/playbooks, without ".yaml". */
static int playbook_exists(const struct web_server *ws, const char *name)
{
	size_t n = strlen(name);
	if (!n || n > 48 || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") != n)
		return 0;
	char path[4096];
	struct stat sb;
	snprintf(path, sizeof path, "%s/playbooks/%s.yaml", ws->data_dir, name);
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static json_t *interview_summary(const struct invitation *inv)
{
	return json_pack("{s:s, s:s, s:s, s:f, s:f, s:i, s:s?, s:s?}", "id", inv->id,
			 "candidate_name", inv->candidate_name, "status", inv->status, "created",
			 inv->created_unix, "expires", inv->expires_unix, "turns", inv->n_turns, "email",
			 inv->email[0] ? inv->email : NULL, "playbook",
			 inv->playbook[0] ? inv->playbook : NULL);
}

static void create_invitation(struct web_server *ws, struct mg_connection *c,
			      const struct web_actor *who)
{
	int wait = web_take_invitation(ws->sessions, who->who, web_now());
	if (wait) {
		char retry[64];
		snprintf(retry, sizeof retry, "Retry-After: %d\r\n", wait);
		static const char body[] = "{\"error\":\"too many invitations at once; try again later\"}";
		web_send_text(c, 429, "application/json", body, sizeof body - 1, retry);
		return;
	}
	json_t *req = web_read_json(c);
	if (!req)
		return;
	struct invitation inv;
	memset(&inv, 0, sizeof inv);
	const char *name = json_string_value(json_object_get(req, "candidate_name"));
	json_t *email = json_object_get(req, "email"), *playbook = json_object_get(req, "playbook");
	json_t *expires = json_object_get(req, "expires_in_s");
	const char *problem = NULL;
	if (!name || !*name)
		problem = "candidate_name is required (a non-empty string)";
	else if (strlen(name) >= sizeof inv.candidate_name)
		problem = "candidate_name is too long";
	else if (email && !json_is_null(email) &&
		 (!json_is_string(email) || json_string_length(email) >= sizeof inv.email))
		problem = "email must be a string of at most 255 bytes";
	else if (playbook && !json_is_null(playbook) &&
		 (!json_is_string(playbook) || !playbook_exists(ws, json_string_value(playbook))))
		problem = "playbook must name a playbook of the server's data/playbooks";
	else if (expires && !json_is_null(expires) &&
		 (!json_is_number(expires) || json_number_value(expires) <= 0 ||
		  json_number_value(expires) > MAX_EXPIRY_S))
		problem = "expires_in_s must be a number of seconds from 1 to 90 days";
	if (problem) {
		json_decref(req);
		web_send_error(c, 400, problem);
		return;
	}
	struct iv_error err;
	char token[64], hash[65];
	if (store_new_session_id(inv.id, sizeof inv.id, &err) ||
	    web_new_secret(token, sizeof token, &err)) {
		json_decref(req);
		web_send_error(c, 500, "no randomness");
		return;
	}
	web_hash_secret(token, hash);
	snprintf(inv.candidate_name, sizeof inv.candidate_name, "%s", name);
	if (json_is_string(email))
		snprintf(inv.email, sizeof inv.email, "%s", json_string_value(email));
	if (json_is_string(playbook))
		snprintf(inv.playbook, sizeof inv.playbook, "%s", json_string_value(playbook));
	inv.created_unix = web_now();
	inv.expires_unix = inv.created_unix +
			   (json_is_number(expires) ? json_number_value(expires) : DEFAULT_EXPIRY_S);
	json_decref(req);
	if (store_create_invitation(ws->store, &inv, hash, &err)) {
		fprintf(stderr, "interviewer serve: %s\n", err.message);
		web_send_error(c, 500, "the store failed");
		return;
	}
	web_audit(ws, who, "create_invitation", inv.id, inv.playbook[0] ? inv.playbook : NULL);
	char url[128], link[512];
	snprintf(url, sizeof url, "/i/%s", token);
	const char *host = mg_get_header(c, "Host");
	const char *scheme = mg_get_request_info(c)->is_ssl ? "https" : "http";
	if (host && strlen(host) < 256 && strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") == strlen(host))
		snprintf(link, sizeof link, "%s://%s%s", scheme, host, url);
	else
		snprintf(link, sizeof link, "%s", url);
	web_send_json(c, 201,
		      json_pack("{s:s, s:s, s:s, s:s, s:f}", "id", inv.id, "token", token, "url", url,
				"link", link, "expires", inv.expires_unix));
	memset(token, 0, sizeof token);
}

static int append_summary(const struct invitation *inv, void *ctx)
{
	json_array_append_new(ctx, interview_summary(inv));
	return 0;
}

static void list_interviews(struct web_server *ws, struct mg_connection *c)
{
	const struct mg_request_info *ri = mg_get_request_info(c);
	char status[32] = "", q[256] = "";
	if (ri->query_string) {
		mg_get_var(ri->query_string, strlen(ri->query_string), "status", status, sizeof status);
		mg_get_var(ri->query_string, strlen(ri->query_string), "q", q, sizeof q);
	}
	json_t *all = json_array();
	struct iv_error err;
	if (store_list_invitations(ws->store, web_now(), append_summary, all, &err)) {
		json_decref(all);
		web_send_error(c, 500, "the store failed");
		return;
	}
	json_t *out = json_array();
	size_t i;
	json_t *it;
	json_array_foreach(all, i, it) {
		const char *st = json_string_value(json_object_get(it, "status"));
		const char *name = json_string_value(json_object_get(it, "candidate_name"));
		if (status[0] && strcmp(st, status))
			continue;
		if (q[0] && !strcasestr(name, q))
			continue;
		json_array_append(out, it);
	}
	json_decref(all);
	web_send_json(c, 200, json_pack("{s:o}", "interviews", out));
}

/* The transcript's turns as the events of section 1, each with the
 * candidate's reply. */
static json_t *transcript_turns(const struct transcript *tr)
{
	json_t *full = transcript_json(tr);
	json_t *turns = json_array();
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(full, "turns"), i, t) {
		json_t *o = json_pack("{s:s, s:O, s:O, s:O, s:O, s:O, s:O}", "event", "say", "turn",
				      json_object_get(t, "turn"), "text",
				      json_object_get(t, "interviewer"), "phase",
				      json_object_get(t, "phase"), "topic", json_object_get(t, "topic"),
				      "acts", json_object_get(t, "acts"), "t", json_object_get(t, "t"));
		json_t *reply = json_object_get(t, "candidate");
		if (o && reply) {
			json_object_set(o, "candidate", reply);
			json_object_set(o, "reply_t", json_object_get(t, "reply_t"));
			json_object_set(o, "reply_seconds", json_object_get(t, "reply_seconds"));
			json_object_set(o, "reply_confidence", json_object_get(t, "reply_confidence"));
		}
		if (o)
			json_array_append_new(turns, o);
	}
	json_decref(full);
	return turns;
}

/* Marks each turn with whether its answer was recorded (has_audio) and,
 * for an answer the retention period deleted, when (audio_deleted). */
static int mark_audio(int turn, int has_audio, double expired_unix, void *ctx)
{
	size_t i;
	json_t *t;
	json_array_foreach((json_t *)ctx, i, t) {
		if (json_integer_value(json_object_get(t, "turn")) != turn)
			continue;
		json_object_set_new(t, "has_audio", json_boolean(has_audio));
		if (!has_audio && expired_unix > 0)
			json_object_set_new(t, "audio_deleted", json_real(expired_unix));
	}
	return 0;
}

static void mark_recordings(struct web_server *ws, const char *id, json_t *turns)
{
	size_t i;
	json_t *t;
	json_array_foreach(turns, i, t)
		json_object_set_new(t, "has_audio", json_false());
	struct iv_error err;
	if (store_list_answer_audio(ws->store, id, mark_audio, turns, &err))
		fprintf(stderr, "interviewer serve: recordings of %s: %s\n", id, err.message);
}

static void get_interview(struct web_server *ws, struct mg_connection *c, const char *id,
			  const struct web_actor *who)
{
	struct invitation inv;
	struct iv_error err;
	int found = store_get_invitation(ws->store, id, web_now(), &inv, &err);
	if (found <= 0) {
		web_send_error(c, found < 0 ? 500 : 404, found < 0 ? "the store failed" : "no such interview");
		return;
	}
	json_t *out = interview_summary(&inv);
	json_t *turns = json_array();
	json_t *scorecard = json_null();
	if (strcmp(inv.status, "invited") && strcmp(inv.status, "expired")) {
		struct transcript *tr = store_load(ws->store, id, NULL, &err);
		if (tr) {
			json_decref(turns);
			turns = transcript_turns(tr);
			transcript_free(tr);
			mark_recordings(ws, id, turns);
		}
		char *card = store_get_scorecard(ws->store, id, &err);
		if (card) {
			json_t *parsed = json_loads(card, 0, NULL);
			if (parsed) {
				json_decref(scorecard);
				scorecard = parsed;
			}
			free(card);
		}
	}
	json_object_set_new(out, "transcript", turns);
	json_object_set_new(out, "scorecard", scorecard);
	json_object_set_new(out, "voice", json_boolean(inv.voice));
	if (ws->params.retention_days > 0)
		json_object_set_new(out, "retention_days", json_integer(ws->params.retention_days));
	web_audit(ws, who, "view_interview", id, NULL);
	web_send_json(c, 200, out);
}

/* The HTML report is a document of its own, shown in the console's frame:
 * its policy allows its one <style> block (by hash) and framing by pages of
 * this server, and nothing else (no script, no request). */
static void send_report_html(struct mg_connection *c, const char *html)
{
	char hash_b64[64] = "";
	const char *open = strstr(html, "<style>"), *close = open ? strstr(open, "</style>") : NULL;
	if (close) {
		unsigned char digest[crypto_hash_sha256_BYTES];
		open += strlen("<style>");
		crypto_hash_sha256(digest, (const unsigned char *)open, (size_t)(close - open));
		sodium_bin2base64(hash_b64, sizeof hash_b64, digest, sizeof digest,
				  sodium_base64_VARIANT_ORIGINAL);
	}
	mg_printf(c,
		  "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %zu\r\n"
		  "Content-Security-Policy: default-src 'none'; style-src 'sha256-%s'; img-src data:; "
		  "frame-ancestors 'self'; base-uri 'none'; form-action 'none'\r\n"
		  "X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n"
		  "X-Frame-Options: SAMEORIGIN\r\nCache-Control: no-store\r\n%sConnection: keep-alive\r\n\r\n",
		  strlen(html), hash_b64, web_hsts(c));
	mg_write(c, html, strlen(html));
}

static void get_report(struct web_server *ws, struct mg_connection *c, const char *id,
		       const struct web_actor *who)
{
	const struct mg_request_info *ri = mg_get_request_info(c);
	char format[16] = "html";
	if (ri->query_string)
		mg_get_var(ri->query_string, strlen(ri->query_string), "format", format, sizeof format);
	if (strcmp(format, "html") && strcmp(format, "md") && strcmp(format, "json")) {
		web_send_error(c, 400, "format must be html, md or json");
		return;
	}
	struct invitation inv;
	struct iv_error err;
	int found = store_get_invitation(ws->store, id, web_now(), &inv, &err);
	if (found <= 0) {
		web_send_error(c, found < 0 ? 500 : 404, found < 0 ? "the store failed" : "no such interview");
		return;
	}
	if (strcmp(inv.status, "completed")) {
		web_send_error(c, 409, "the interview is not completed; it has no report yet");
		return;
	}
	struct scorer *sc = scorer_new(ws->data_dir, ws->content.lexicon, &err);
	struct transcript *tr = NULL;
	struct scorecard *card = sc ? scorecard_cli_judge(ws->store, sc, id, &tr, &err) : NULL;
	char *text = NULL;
	if (card) {
		/* the LLM judge's part is in the scorecard stored at the end */
		struct iv_error no_card;
		char *stored = store_get_scorecard(ws->store, id, &no_card);
		if (!strcmp(format, "html"))
			text = report_html_judged(card, tr, stored, &err);
		else if (!strcmp(format, "md"))
			text = report_markdown_judged(card, tr, stored, &err);
		else
			text = scorecard_json_text(card, tr, 1);
		free(stored);
	}
	if (text)
		web_audit(ws, who, !strcmp(format, "html") ? "view_report" : "download_report", id,
			  format);
	if (!text) {
		fprintf(stderr, "interviewer serve: report of %s: %s\n", id, err.message);
		web_send_error(c, 500, "the report could not be made");
	} else if (!strcmp(format, "html")) {
		send_report_html(c, text);
	} else {
		const char *type = !strcmp(format, "md") ? "text/markdown; charset=utf-8" : "application/json";
		web_send_text(c, 200, type, text, strlen(text), NULL);
	}
	free(text);
	scorecard_free(card);
	transcript_free(tr);
	scorer_free(sc);
}

static void get_audio(struct web_server *ws, struct mg_connection *c, const char *id, int turn,
		      const struct web_actor *who)
{
	int rate = 0;
	int16_t *pcm = NULL;
	size_t n = 0;
	struct iv_error err;
	int found = store_get_answer_audio(ws->store, id, turn, &rate, &pcm, &n, &err);
	if (found <= 0) {
		web_send_error(c, found < 0 ? 500 : 404, found < 0 ? "the store failed" : "no recorded answer for that turn");
		return;
	}
	unsigned char *wav = NULL;
	size_t len = 0;
	if (wav_encode(pcm, n, rate, &wav, &len, &err)) {
		free(pcm);
		web_send_error(c, 500, "the recording could not be encoded");
		return;
	}
	char detail[32];
	snprintf(detail, sizeof detail, "turn %d", turn);
	web_audit(ws, who, "play_audio", id, detail);
	web_send_text(c, 200, "audio/wav", (const char *)wav, len, NULL);
	free(wav);
	free(pcm);
}

static void delete_interview(struct web_server *ws, struct mg_connection *c, const char *id,
			     const struct web_actor *who)
{
	web_rooms_drop(ws, id);
	struct iv_error err;
	int rc = store_delete_interview(ws->store, id, &err);
	if (rc < 0) {
		fprintf(stderr, "interviewer serve: deleting %s: %s\n", id, err.message);
		web_send_error(c, 500, "the store failed");
	} else if (rc == 0) {
		web_send_error(c, 404, "no such interview");
	} else {
		web_audit(ws, who, "delete_interview", id, NULL);
		web_send_no_content(c);
	}
}

int web_handle_api(struct mg_connection *c, void *data)
{
	struct web_server *ws = data;
	const struct mg_request_info *ri = mg_get_request_info(c);
	const char *path = ri->local_uri, *method = ri->request_method;
	web_metrics_add(ws->metrics, WEB_C_HTTP_REQUESTS, 1);
	struct web_actor who;
	if (!web_authorize(ws, c, &who))
		return 401;
	int get = !strcmp(method, "GET"), post = !strcmp(method, "POST"),
	    del = !strcmp(method, "DELETE");
	if (!strncmp(path, "/api/tokens", 11) && (!path[11] || path[11] == '/')) {
		web_tokens_route(ws, c, &who, path + 11);
		return 200;
	}
	if (!strcmp(path, "/api/audit")) {
		if (get)
			web_list_audit(ws, c);
		else
			web_send_error(c, 405, "use GET");
		return 200;
	}
	if (!strcmp(path, "/api/invitations") || !strcmp(path, "/api/interviews")) {
		int invitations = !strcmp(path, "/api/invitations");
		if (invitations ? !post : !get) {
			web_send_error(c, 405, invitations ? "use POST" : "use GET");
			return 405;
		}
		if (invitations)
			create_invitation(ws, c, &who);
		else
			list_interviews(ws, c);
		return 200;
	}
	static const char prefix[] = "/api/interviews/";
	if (strncmp(path, prefix, sizeof prefix - 1)) {
		web_send_error(c, 404, "no such route");
		return 404;
	}
	const char *id = path + sizeof prefix - 1, *rest = strchr(id, '/');
	size_t id_len = rest ? (size_t)(rest - id) : strlen(id);
	if (!is_interview_id(id, id_len)) {
		web_send_error(c, 404, "no such interview");
		return 404;
	}
	char idbuf[40];
	snprintf(idbuf, sizeof idbuf, "%.*s", (int)id_len, id);
	if (!rest || !strcmp(rest, "/")) {
		if (get)
			get_interview(ws, c, idbuf, &who);
		else if (del)
			delete_interview(ws, c, idbuf, &who);
		else
			web_send_error(c, 405, "use GET or DELETE");
		return 200;
	}
	if (!strcmp(rest, "/report") && get) {
		get_report(ws, c, idbuf, &who);
		return 200;
	}
	int turn;
	char tail;
	if (sscanf(rest, "/audio/%d%c", &turn, &tail) == 1 && get && turn > 0) {
		get_audio(ws, c, idbuf, turn, &who);
		return 200;
	}
	web_send_error(c, 404, "no such route");
	return 404;
}
