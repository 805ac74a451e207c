/*
 * postgres_sessions.c - sessions, turns and scorecards in the PostgreSQL
 * store (see store.h; the SQLite twin is sqlite.c).  Each call is one
 * statement, so one implicit transaction: a turn is committed before the
 * call returns, and the primary key (session, turn) keeps two servers from
 * writing the same turn twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postgres_internal.h"

int pg_create_session(struct store *st, const struct session_info *in, const char *fence,
		      struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, in->session_id);
	pg_param_text(&p, in->candidate_name ? in->candidate_name : "");
	pg_param_text(&p, in->playbook_version);
	pg_param_text(&p, in->playbook_path ? in->playbook_path : "");
	pg_param_int(&p, (long long)in->seed);
	pg_param_int(&p, in->virtual_clock);
	pg_param_double(&p, in->created_unix);
	return pg_fenced_command(st, in->session_id, fence,
			  "INSERT INTO sessions (id, candidate_name, playbook_version, playbook_path,"
			  " seed, virtual_clock, created_unix) VALUES ($1,$2,$3,$4,$5,$6,$7)",
			  &p, "creating a session", err) < 0 ? -1 : 0;
}

int pg_add_turn(struct store *st, const char *sid, int turn, const char *phase, const char *topic,
		uint32_t acts, double t, const char *text, const char *fence, struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, sid);
	pg_param_int(&p, turn);
	pg_param_text(&p, phase);
	pg_param_text(&p, topic);
	pg_param_int(&p, acts);
	pg_param_double(&p, t);
	pg_param_text(&p, text);
	return pg_fenced_command(st, sid, fence,
			  "INSERT INTO turns (session_id, turn, phase, topic, acts, t, interviewer_text)"
			  " VALUES ($1,$2,$3,$4,$5,$6,$7)",
			  &p, "storing a turn", err) < 0 ? -1 : 0;
}

int pg_set_reply(struct store *st, const char *sid, int turn, const char *text, double reply_t,
		 double reply_seconds, double confidence, const char *fence, struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, text);
	pg_param_double(&p, reply_t);
	pg_param_double(&p, reply_seconds);
	pg_param_double(&p, confidence);
	pg_param_text(&p, sid);
	pg_param_int(&p, turn);
	int n = pg_fenced_command(st, sid, fence,
			   "UPDATE turns SET candidate_text=$1, reply_t=$2, reply_seconds=$3,"
			   " reply_confidence=$4 WHERE session_id=$5 AND turn=$6",
			   &p, "storing a reply", err);
	if (n < 0)
		return -1;
	if (n != 1) {
		iv_error_set(err, "storing a reply: session %s has no turn %d", sid, turn);
		return -1;
	}
	return 0;
}

int pg_set_wording(struct store *st, const char *sid, int turn, const char *scripted,
		   const char *wording, const char *fallback, const char *fence,
		   struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, scripted);
	pg_param_text(&p, wording);
	pg_param_text(&p, fallback && *fallback ? fallback : NULL);
	pg_param_text(&p, sid);
	pg_param_int(&p, turn);
	return pg_fenced_command(st, sid, fence,
			  "UPDATE turns SET scripted_text=$1, wording=$2, fallback=$3"
			  " WHERE session_id=$4 AND turn=$5",
			  &p, "storing a turn's wording", err) < 0 ? -1 : 0;
}

int pg_end_session(struct store *st, const char *sid, double ended_t, const char *fence,
		   struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_double(&p, ended_t);
	pg_param_text(&p, sid);
	return pg_fenced_command(st, sid, fence,
				 "UPDATE sessions SET status='ended', ended_t=$1 WHERE id=$2", &p,
				 "ending a session", err) < 0 ? -1 : 0;
}

int pg_set_scorecard(struct store *st, const char *sid, const char *json,
		     const char *rubric_version, const char *fence, struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, sid);
	pg_param_text(&p, rubric_version ? rubric_version : "");
	pg_param_text(&p, json);
	return pg_fenced_command(st, sid, fence,
			  "INSERT INTO scorecards (session_id, rubric_version, scorecard_json)"
			  " VALUES ($1,$2,$3) ON CONFLICT (session_id) DO UPDATE SET"
			  " rubric_version = EXCLUDED.rubric_version,"
			  " scorecard_json = EXCLUDED.scorecard_json,"
			  " created_unix = EXCLUDED.created_unix",
			  &p, "storing a scorecard", err) < 0 ? -1 : 0;
}

char *pg_get_scorecard(struct store *st, const char *sid, struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_text(&p, sid);
	PGresult *r = pg_query(st, "SELECT scorecard_json FROM scorecards WHERE session_id=$1", &p,
			       "reading a scorecard", err);
	if (!r)
		return NULL;
	char *out = NULL;
	if (PQntuples(r)) {
		out = strdup(pg_text(r, 0, 0));
		if (!out)
			iv_error_set(err, "out of memory");
	} else {
		iv_error_set(err, "session %s has no scorecard", sid);
	}
	PQclear(r);
	return out;
}

int pg_resolve_id(struct store *st, const char *prefix, char *out, size_t cap,
		  struct iv_error *err)
{
	struct pg_params p = {0};
	pg_param_int(&p, (long long)strlen(prefix));
	pg_param_text(&p, prefix);
	PGresult *r = pg_query(st, "SELECT id FROM sessions WHERE substr(id, 1, $1) = $2 LIMIT 2",
			       &p, "finding a session", err);
	if (!r)
		return -1;
	int n = PQntuples(r);
	if (n >= 1)
		snprintf(out, cap, "%s", pg_text(r, 0, 0));
	PQclear(r);
	if (n == 0) {
		iv_error_set(err, "no session %s", prefix);
		return -1;
	}
	if (n > 1) {
		iv_error_set(err, "'%s' matches more than one session; give more of the id", prefix);
		return -1;
	}
	return 0;
}

static int read_session(struct transcript *tr, const PGresult *r, char **playbook_path_out)
{
	int bad = transcript_set_string(&tr->session_id, pg_text(r, 0, 0)) ||
		  transcript_set_string(&tr->candidate_name, pg_text(r, 0, 1)) ||
		  transcript_set_string(&tr->playbook_version, pg_text(r, 0, 2)) ||
		  transcript_set_string(&tr->status, pg_text(r, 0, 7));
	if (playbook_path_out && !(*playbook_path_out = strdup(pg_text(r, 0, 3))))
		bad = 1;
	tr->seed = (uint64_t)pg_int(r, 0, 4);
	tr->virtual_clock = (int)pg_int(r, 0, 5);
	tr->created_unix = pg_double(r, 0, 6);
	tr->ended_t = pg_double(r, 0, 8);
	return bad ? -1 : 0;
}

static const char *text_or_null(const PGresult *r, int row, int col)
{
	return pg_is_null(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static int read_turns(struct transcript *tr, const PGresult *r)
{
	for (int i = 0; i < PQntuples(r); i++) {
		struct transcript_turn *tt = transcript_add_turn(
			tr, (int)pg_int(r, i, 0), pg_text(r, i, 1), pg_text(r, i, 2),
			(uint32_t)pg_int(r, i, 3), pg_double(r, i, 4), pg_text(r, i, 5));
		if (!tt || transcript_set_wording(tt, text_or_null(r, i, 10), text_or_null(r, i, 11),
						  text_or_null(r, i, 12)))
			return -1;
		if (!pg_is_null(r, i, 6) &&
		    transcript_set_reply(tr, pg_text(r, i, 6), pg_double(r, i, 7), pg_double(r, i, 8),
					 pg_is_null(r, i, 9) ? 1.0 : pg_double(r, i, 9)))
			return -1;
	}
	return 0;
}

struct transcript *pg_load(struct store *st, const char *sid, char **playbook_path_out,
			   struct iv_error *err)
{
	if (playbook_path_out)
		*playbook_path_out = NULL;
	struct transcript *tr = transcript_new();
	if (!tr) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	struct pg_params p = {0};
	pg_param_text(&p, sid);
	PGresult *r = pg_query(st,
			       "SELECT id, candidate_name, playbook_version, playbook_path, seed,"
			       " virtual_clock, created_unix, status, ended_t FROM sessions WHERE id=$1",
			       &p, "loading a session", err);
	if (!r) {
		transcript_free(tr);
		return NULL;
	}
	if (!PQntuples(r)) {
		PQclear(r);
		iv_error_set(err, "no session %s", sid);
		transcript_free(tr);
		return NULL;
	}
	int bad = read_session(tr, r, playbook_path_out);
	PQclear(r);
	r = bad ? NULL
		: pg_query(st,
			   "SELECT turn, phase, topic, acts, t, interviewer_text, candidate_text,"
			   " reply_t, reply_seconds, reply_confidence, scripted_text, wording,"
			   " fallback FROM turns WHERE session_id=$1 ORDER BY turn",
			   &p, "loading turns", err);
	if (bad)
		iv_error_set(err, "out of memory");
	if (!r || read_turns(tr, r)) {
		if (r)
			iv_error_set(err, "loading turns of %s failed: out of memory", sid);
		PQclear(r);
		transcript_free(tr);
		if (playbook_path_out) {
			free(*playbook_path_out);
			*playbook_path_out = NULL;
		}
		return NULL;
	}
	PQclear(r);
	return tr;
}

int pg_list(struct store *st, int (*fn)(const struct session_summary *s, void *ctx), void *ctx,
	    struct iv_error *err)
{
	/* the rows arrive whole, so fn runs with no connection held */
	PGresult *r = pg_query(
		st,
		"SELECT s.id, s.candidate_name, s.status, s.playbook_version, s.created_unix,"
		" coalesce(s.ended_t, 0), (SELECT count(*) FROM turns t WHERE t.session_id = s.id),"
		" EXISTS (SELECT 1 FROM scorecards c WHERE c.session_id = s.id)::int"
		" FROM sessions s ORDER BY s.created_unix DESC, s.id",
		NULL, "listing sessions", err);
	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r); i++) {
		struct session_summary s;
		memset(&s, 0, sizeof s);
		snprintf(s.session_id, sizeof s.session_id, "%s", pg_text(r, i, 0));
		snprintf(s.candidate_name, sizeof s.candidate_name, "%s", pg_text(r, i, 1));
		snprintf(s.status, sizeof s.status, "%s", pg_text(r, i, 2));
		snprintf(s.playbook_version, sizeof s.playbook_version, "%s", pg_text(r, i, 3));
		s.created_unix = pg_double(r, i, 4);
		s.ended_t = pg_double(r, i, 5);
		s.n_turns = (int)pg_int(r, i, 6);
		s.has_scorecard = (int)pg_int(r, i, 7);
		if (fn(&s, ctx))
			break;
	}
	PQclear(r);
	return 0;
}
