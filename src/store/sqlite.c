/*
 * sqlite.c - the store in SQLite (see store.h).
 *
 * WAL mode with synchronous=FULL: every turn is its own committed
 * transaction, so a crash or kill -9 mid-interview loses nothing that was
 * said.  The schema is versioned through PRAGMA user_version and migrated
 * forward step by step on open; a database from a newer build is refused
 * rather than damaged.  The web service's tables (invitations, tokens,
 * accounts, recorded answers) are in sqlite_web.c, login sessions in
 * sqlite_login.c; this file holds the backend's table (store_backend.h).
 */
#include "store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sqlite_internal.h"
#include "store_backend.h"

/* Each step moves the schema from version i to i+1. */
static const char *const migrations[] = {
	/* 0 -> 1: sessions and turns */
	"CREATE TABLE sessions ("
	"  id TEXT PRIMARY KEY,"
	"  candidate_name TEXT NOT NULL,"
	"  playbook_version TEXT NOT NULL,"
	"  playbook_path TEXT,"
	"  seed INTEGER NOT NULL,"
	"  virtual_clock INTEGER NOT NULL,"
	"  created_unix REAL NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'active',"
	"  ended_t REAL);"
	"CREATE TABLE turns ("
	"  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	"  turn INTEGER NOT NULL,"
	"  phase TEXT NOT NULL,"
	"  topic TEXT NOT NULL,"
	"  acts INTEGER NOT NULL,"
	"  t REAL NOT NULL,"
	"  interviewer_text TEXT NOT NULL,"
	"  candidate_text TEXT,"
	"  reply_t REAL,"
	"  reply_seconds REAL,"
	"  reply_confidence REAL,"
	"  PRIMARY KEY (session_id, turn));",
	/* 1 -> 2: scorecards, kept with the rubric version they were made with */
	"CREATE TABLE scorecards ("
	"  session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,"
	"  rubric_version TEXT NOT NULL,"
	"  scorecard_json TEXT NOT NULL,"
	"  created_unix REAL NOT NULL DEFAULT ((julianday('now') - 2440587.5) * 86400.0));",
	/* 2 -> 3: the web service: invitations (an interview's link; its id becomes
	 * the session's id once the candidate starts), API tokens, recruiter
	 * accounts, and the candidate's recorded answers.  Secrets are stored as
	 * hashes only. */
	"CREATE TABLE invitations ("
	"  id TEXT PRIMARY KEY,"
	"  token_hash TEXT NOT NULL UNIQUE,"
	"  candidate_name TEXT NOT NULL,"
	"  email TEXT,"
	"  playbook TEXT,"
	"  created_unix REAL NOT NULL,"
	"  expires_unix REAL NOT NULL,"
	"  consent_unix REAL,"
	"  voice INTEGER);"
	"CREATE TABLE api_tokens ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  token_hash TEXT NOT NULL UNIQUE,"
	"  created_unix REAL NOT NULL,"
	"  last_used_unix REAL,"
	"  revoked INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE users ("
	"  email TEXT PRIMARY KEY,"
	"  password_hash TEXT NOT NULL,"
	"  created_unix REAL NOT NULL);"
	"CREATE TABLE answer_audio ("
	"  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	"  turn INTEGER NOT NULL,"
	"  sample_rate INTEGER NOT NULL,"
	"  pcm BLOB NOT NULL,"
	"  PRIMARY KEY (session_id, turn));",
	/* 3 -> 4: turns worded by an LLM keep the engine's own wording (what a
	 * resume replays against), where the words came from, and why the
	 * script was used when it was */
	"ALTER TABLE turns ADD COLUMN scripted_text TEXT;"
	"ALTER TABLE turns ADD COLUMN wording TEXT;"
	"ALTER TABLE turns ADD COLUMN fallback TEXT;",
	/* 4 -> 5: recruiters' login sessions, in the store so that every server
	 * of one database knows them; the cookie's secret is kept as a hash */
	"CREATE TABLE login_sessions ("
	"  secret_hash TEXT PRIMARY KEY,"
	"  csrf TEXT NOT NULL,"
	"  email TEXT NOT NULL,"
	"  created_unix REAL NOT NULL,"
	"  expires_unix REAL NOT NULL);"
	"CREATE INDEX login_sessions_expiry ON login_sessions (expires_unix);",
	/* 5 -> 6: the audit log of recruiters' actions; which server holds each
	 * live interview (a lease, for several servers on one database); when a
	 * turn's recording was deleted by the retention period */
	"CREATE TABLE audit_log ("
	"  id INTEGER PRIMARY KEY,"
	"  at_unix REAL NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  interview_id TEXT,"
	"  detail TEXT,"
	"  address TEXT);"
	"CREATE INDEX audit_log_interview ON audit_log (interview_id, id);"
	"CREATE TABLE interview_leases ("
	"  interview_id TEXT PRIMARY KEY,"
	"  owner TEXT NOT NULL,"
	"  taken_unix REAL NOT NULL,"
	"  heartbeat_unix REAL NOT NULL);"
	"CREATE INDEX interview_leases_owner ON interview_leases (owner);"
	"ALTER TABLE turns ADD COLUMN audio_expired_unix REAL;",
};

#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

_Static_assert(sizeof migrations / sizeof migrations[0] == STORE_SCHEMA_VERSION,
	       "every backend migrates through the same steps");

int sqlite_fail(struct store *st, struct iv_error *err, const char *what)
{
	iv_error_set(err, "%s: %s", what, st && sq_db(st) ? sqlite3_errmsg(sq_db(st)) : "no database");
	return -1;
}

static int exec_sql(struct store *st, const char *sql, struct iv_error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(sq_db(st), sql, NULL, NULL, &msg) != SQLITE_OK) {
		iv_error_set(err, "database: %s", msg ? msg : sqlite3_errmsg(sq_db(st)));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int user_version(struct store *st, int *v, struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st), "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "reading the schema version");
	*v = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
	sqlite3_finalize(q);
	return 0;
}

static int migrate(struct store *st, struct iv_error *err)
{
	int v;
	if (user_version(st, &v, err))
		return -1;
	if (v > SCHEMA_VERSION) {
		iv_error_set(err, "the database has schema version %d; this build knows up to %d "
				  "(a newer interviewer made it)", v, SCHEMA_VERSION);
		return -1;
	}
	for (; v < SCHEMA_VERSION; v++) {
		char bump[64];
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d;", v + 1);
		if (exec_sql(st, "BEGIN IMMEDIATE", err))
			return -1;
		/* another process may have migrated while we waited for the lock */
		int now;
		if (user_version(st, &now, err)) {
			exec_sql(st, "ROLLBACK", NULL);
			return -1;
		}
		if (now > v) {
			exec_sql(st, "ROLLBACK", NULL);
			v = now - 1;
			continue;
		}
		if (exec_sql(st, migrations[v], err) || exec_sql(st, bump, err)) {
			exec_sql(st, "ROLLBACK", NULL);
			return -1;
		}
		if (exec_sql(st, "COMMIT", err))
			return -1;
	}
	return 0;
}

static const struct store_ops sqlite_ops;

static void sq_close(struct store *st)
{
	if (!st)
		return;
	sqlite3_close(sq_db(st));
	free(st);
}

struct store *sqlite_store_open(const char *path, struct iv_error *err)
{
	struct sqlite_store *sq = calloc(1, sizeof *sq);
	if (!sq) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	sq->base.ops = &sqlite_ops;
	struct store *st = &sq->base;
	if (sqlite3_open_v2(path, &sq->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
		iv_error_set(err, "cannot open the database %s: %s", path,
			     sq->db ? sqlite3_errmsg(sq->db) : "out of memory");
		sq_close(st);
		return NULL;
	}
	sqlite3_busy_timeout(sq->db, 5000);
	/* turning a new file to WAL needs it to itself: a process or thread
	 * opening the same new file at that moment is told "locked" at once,
	 * without the busy timeout, so it tries again for as long */
	int wal = -1;
	for (int tries = 0; tries < 500 && wal; tries++) {
		wal = exec_sql(st, "PRAGMA journal_mode=WAL;", err);
		if (wal && sqlite3_errcode(sq->db) != SQLITE_BUSY && sqlite3_errcode(sq->db) != SQLITE_LOCKED)
			break;
		if (wal)
			usleep(10000);
	}
	if (wal || exec_sql(st, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;", err) ||
	    migrate(st, err)) {
		char msg[sizeof err->message];
		snprintf(msg, sizeof msg, "%s", err ? err->message : "");
		iv_error_set(err, "%s", msg);
		sq_close(st);
		return NULL;
	}
	return st;
}

int sqlite_run(struct store *st, sqlite3_stmt *q, const char *what, struct iv_error *err)
{
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sqlite_fail(st, err, what);
	return 0;
}

int sqlite_fenced(struct store *st, const char *session_id, const char *fence,
		  struct iv_error *err)
{
	if (!fence || sqlite3_changes(sq_db(st)) > 0)
		return 0;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "SELECT 1 FROM interview_leases WHERE interview_id = ? AND owner = ?", -1,
			       &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "checking a lease");
	sqlite3_bind_text(q, 1, session_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, fence, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return sqlite_fail(st, err, "checking a lease");
	iv_error_set(err, "%s", STORE_FENCED_MESSAGE);
	return -1;
}

static int sq_create_session(struct store *st, const struct session_info *in, const char *fence,
			     struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "INSERT INTO sessions (id, candidate_name, playbook_version, playbook_path,"
			       " seed, virtual_clock, created_unix) SELECT ?1,?2,?3,?4,?5,?6,?7"
			       " WHERE " SQ_FENCE("?1", "?8"),
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "creating a session");
	sqlite3_bind_text(q, 1, in->session_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, in->candidate_name ? in->candidate_name : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, in->playbook_version, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 4, in->playbook_path ? in->playbook_path : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 5, (sqlite3_int64)in->seed);
	sqlite3_bind_int(q, 6, in->virtual_clock);
	sqlite3_bind_double(q, 7, in->created_unix);
	sq_bind_fence(q, 8, fence);
	if (sqlite_run(st, q, "creating a session", err))
		return -1;
	return sqlite_fenced(st, in->session_id, fence, err);
}

static int sq_add_turn(struct store *st, const char *sid, int turn, const char *phase, const char *topic,
		   uint32_t acts, double t, const char *text, const char *fence, struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "INSERT INTO turns (session_id, turn, phase, topic, acts, t, interviewer_text)"
			       " SELECT ?1,?2,?3,?4,?5,?6,?7 WHERE " SQ_FENCE("?1", "?8"),
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "storing a turn");
	sqlite3_bind_text(q, 1, sid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 2, turn);
	sqlite3_bind_text(q, 3, phase, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 4, topic, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 5, acts);
	sqlite3_bind_double(q, 6, t);
	sqlite3_bind_text(q, 7, text, -1, SQLITE_TRANSIENT);
	sq_bind_fence(q, 8, fence);
	if (sqlite_run(st, q, "storing a turn", err))
		return -1;
	return sqlite_fenced(st, sid, fence, err);
}

static int sq_set_reply(struct store *st, const char *sid, int turn, const char *text, double reply_t,
		    double reply_seconds, double confidence, const char *fence, struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "UPDATE turns SET candidate_text=?1, reply_t=?2, reply_seconds=?3,"
			       " reply_confidence=?4 WHERE session_id=?5 AND turn=?6 AND "
			       SQ_FENCE("?5", "?7"),
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "storing a reply");
	sqlite3_bind_text(q, 1, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_double(q, 2, reply_t);
	sqlite3_bind_double(q, 3, reply_seconds);
	sqlite3_bind_double(q, 4, confidence);
	sqlite3_bind_text(q, 5, sid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 6, turn);
	sq_bind_fence(q, 7, fence);
	if (sqlite_run(st, q, "storing a reply", err) || sqlite_fenced(st, sid, fence, err))
		return -1;
	if (sqlite3_changes(sq_db(st)) != 1) {
		iv_error_set(err, "storing a reply: session %s has no turn %d", sid, turn);
		return -1;
	}
	return 0;
}

static int sq_set_wording(struct store *st, const char *sid, int turn, const char *scripted,
		      const char *wording, const char *fallback, const char *fence,
		      struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "UPDATE turns SET scripted_text=?1, wording=?2, fallback=?3"
			       " WHERE session_id=?4 AND turn=?5 AND " SQ_FENCE("?4", "?6"),
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "storing a turn's wording");
	sqlite3_bind_text(q, 1, scripted, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, wording, -1, SQLITE_TRANSIENT);
	if (fallback && *fallback)
		sqlite3_bind_text(q, 3, fallback, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, 3);
	sqlite3_bind_text(q, 4, sid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 5, turn);
	sq_bind_fence(q, 6, fence);
	if (sqlite_run(st, q, "storing a turn's wording", err))
		return -1;
	return sqlite_fenced(st, sid, fence, err);
}

static int sq_end_session(struct store *st, const char *sid, double ended_t, const char *fence,
			  struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "UPDATE sessions SET status='ended', ended_t=?1 WHERE id=?2 AND "
			       SQ_FENCE("?2", "?3"),
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "ending a session");
	sqlite3_bind_double(q, 1, ended_t);
	sqlite3_bind_text(q, 2, sid, -1, SQLITE_TRANSIENT);
	sq_bind_fence(q, 3, fence);
	if (sqlite_run(st, q, "ending a session", err))
		return -1;
	return sqlite_fenced(st, sid, fence, err);
}

static int sq_set_scorecard(struct store *st, const char *sid, const char *json,
			const char *rubric_version, const char *fence, struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st),
			       "INSERT OR REPLACE INTO scorecards (session_id, rubric_version, scorecard_json)"
			       " SELECT ?1,?2,?3 WHERE " SQ_FENCE("?1", "?4"),
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "storing a scorecard");
	sqlite3_bind_text(q, 1, sid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, rubric_version ? rubric_version : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, json, -1, SQLITE_TRANSIENT);
	sq_bind_fence(q, 4, fence);
	if (sqlite_run(st, q, "storing a scorecard", err))
		return -1;
	return sqlite_fenced(st, sid, fence, err);
}

static char *sq_get_scorecard(struct store *st, const char *sid, struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st), "SELECT scorecard_json FROM scorecards WHERE session_id=?", -1,
			       &q, NULL) != SQLITE_OK) {
		sqlite_fail(st, err, "reading a scorecard");
		return NULL;
	}
	sqlite3_bind_text(q, 1, sid, -1, SQLITE_TRANSIENT);
	char *out = NULL;
	if (sqlite3_step(q) == SQLITE_ROW)
		out = strdup((const char *)sqlite3_column_text(q, 0));
	else
		iv_error_set(err, "session %s has no scorecard", sid);
	sqlite3_finalize(q);
	return out;
}

static int sq_resolve_id(struct store *st, const char *prefix, char *out, size_t cap,
		     struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(sq_db(st), "SELECT id FROM sessions WHERE substr(id, 1, ?) = ? LIMIT 2",
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "finding a session");
	sqlite3_bind_int(q, 1, (int)strlen(prefix));
	sqlite3_bind_text(q, 2, prefix, -1, SQLITE_TRANSIENT);
	int n = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (n++ == 0)
			snprintf(out, cap, "%s", (const char *)sqlite3_column_text(q, 0));
	}
	sqlite3_finalize(q);
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

const char *sqlite_col_text(sqlite3_stmt *q, int i)
{
	const unsigned char *s = sqlite3_column_text(q, i);
	return s ? (const char *)s : "";
}

static struct transcript *sq_load(struct store *st, const char *sid, char **playbook_path_out,
			      struct iv_error *err)
{
	sqlite3_stmt *q;
	struct transcript *tr = transcript_new();
	if (!tr) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	if (sqlite3_prepare_v2(sq_db(st),
			       "SELECT id, candidate_name, playbook_version, playbook_path, seed,"
			       " virtual_clock, created_unix, status, ended_t FROM sessions WHERE id=?",
			       -1, &q, NULL) != SQLITE_OK) {
		sqlite_fail(st, err, "loading a session");
		transcript_free(tr);
		return NULL;
	}
	sqlite3_bind_text(q, 1, sid, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) != SQLITE_ROW) {
		sqlite3_finalize(q);
		iv_error_set(err, "no session %s", sid);
		transcript_free(tr);
		return NULL;
	}
	int bad = transcript_set_string(&tr->session_id, sqlite_col_text(q, 0)) ||
		  transcript_set_string(&tr->candidate_name, sqlite_col_text(q, 1)) ||
		  transcript_set_string(&tr->playbook_version, sqlite_col_text(q, 2)) ||
		  transcript_set_string(&tr->status, sqlite_col_text(q, 7));
	if (playbook_path_out)
		*playbook_path_out = strdup(sqlite_col_text(q, 3));
	tr->seed = (uint64_t)sqlite3_column_int64(q, 4);
	tr->virtual_clock = sqlite3_column_int(q, 5);
	tr->created_unix = sqlite3_column_double(q, 6);
	tr->ended_t = sqlite3_column_double(q, 8);
	sqlite3_finalize(q);
	if (bad || sqlite3_prepare_v2(sq_db(st),
				      "SELECT turn, phase, topic, acts, t, interviewer_text, candidate_text,"
				      " reply_t, reply_seconds, reply_confidence, scripted_text, wording,"
				      " fallback FROM turns"
				      " WHERE session_id=? ORDER BY turn",
				      -1, &q, NULL) != SQLITE_OK) {
		sqlite_fail(st, err, "loading turns");
		transcript_free(tr);
		return NULL;
	}
	sqlite3_bind_text(q, 1, sid, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct transcript_turn *tt = transcript_add_turn(
			tr, sqlite3_column_int(q, 0), sqlite_col_text(q, 1), sqlite_col_text(q, 2),
			(uint32_t)sqlite3_column_int64(q, 3), sqlite3_column_double(q, 4), sqlite_col_text(q, 5));
		if (!tt || transcript_set_wording(tt, sqlite3_column_type(q, 10) == SQLITE_NULL
						       ? NULL : sqlite_col_text(q, 10),
						       sqlite3_column_type(q, 11) == SQLITE_NULL
						       ? NULL : sqlite_col_text(q, 11),
						       sqlite3_column_type(q, 12) == SQLITE_NULL
						       ? NULL : sqlite_col_text(q, 12))) {
			rc = SQLITE_NOMEM;
			break;
		}
		if (sqlite3_column_type(q, 6) != SQLITE_NULL &&
		    transcript_set_reply(tr, sqlite_col_text(q, 6), sqlite3_column_double(q, 7),
					 sqlite3_column_double(q, 8),
					 sqlite3_column_type(q, 9) == SQLITE_NULL ? 1.0
										  : sqlite3_column_double(q, 9))) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		iv_error_set(err, "loading turns of %s failed", sid);
		transcript_free(tr);
		return NULL;
	}
	return tr;
}

static int sq_list(struct store *st, int (*fn)(const struct session_summary *s, void *ctx), void *ctx,
	       struct iv_error *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(
		    sq_db(st),
		    "SELECT s.id, s.candidate_name, s.status, s.playbook_version, s.created_unix,"
		    " coalesce(s.ended_t, 0), (SELECT count(*) FROM turns t WHERE t.session_id = s.id),"
		    " EXISTS (SELECT 1 FROM scorecards c WHERE c.session_id = s.id)"
		    " FROM sessions s ORDER BY s.created_unix DESC, s.id",
		    -1, &q, NULL) != SQLITE_OK)
		return sqlite_fail(st, err, "listing sessions");
	while (sqlite3_step(q) == SQLITE_ROW) {
		struct session_summary s;
		memset(&s, 0, sizeof s);
		snprintf(s.session_id, sizeof s.session_id, "%s", sqlite_col_text(q, 0));
		snprintf(s.candidate_name, sizeof s.candidate_name, "%s", sqlite_col_text(q, 1));
		snprintf(s.status, sizeof s.status, "%s", sqlite_col_text(q, 2));
		snprintf(s.playbook_version, sizeof s.playbook_version, "%s", sqlite_col_text(q, 3));
		s.created_unix = sqlite3_column_double(q, 4);
		s.ended_t = sqlite3_column_double(q, 5);
		s.n_turns = sqlite3_column_int(q, 6);
		s.has_scorecard = sqlite3_column_int(q, 7);
		if (fn(&s, ctx))
			break;
	}
	sqlite3_finalize(q);
	return 0;
}

static const struct store_ops sqlite_ops = {
	.name = "sqlite",
	.close = sq_close,
	.create_session = sq_create_session,
	.add_turn = sq_add_turn,
	.set_reply = sq_set_reply,
	.set_wording = sq_set_wording,
	.end_session = sq_end_session,
	.set_scorecard = sq_set_scorecard,
	.get_scorecard = sq_get_scorecard,
	.resolve_id = sq_resolve_id,
	.load = sq_load,
	.list = sq_list,
	.create_invitation = sqlite_create_invitation,
	.find_invitation = sqlite_find_invitation,
	.get_invitation = sqlite_get_invitation,
	.set_consent = sqlite_set_consent,
	.list_invitations = sqlite_list_invitations,
	.delete_interview = sqlite_delete_interview,
	.set_answer_audio = sqlite_set_answer_audio,
	.get_answer_audio = sqlite_get_answer_audio,
	.add_api_token = sqlite_add_api_token,
	.use_api_token = sqlite_use_api_token,
	.revoke_api_token = sqlite_revoke_api_token,
	.add_user = sqlite_add_user,
	.get_user = sqlite_get_user,
	.list_api_tokens = sqlite_list_api_tokens,
	.add_login_session = sqlite_add_login_session,
	.find_login_session = sqlite_find_login_session,
	.delete_login_session = sqlite_delete_login_session,
	.purge_login_sessions = sqlite_purge_login_sessions,
	.list_answer_audio = sqlite_list_answer_audio,
	.expire_answer_audio = sqlite_expire_answer_audio,
	.add_audit = sqlite_add_audit,
	.list_audit = sqlite_list_audit,
	.take_lease = sqlite_take_lease,
	.renew_lease = sqlite_renew_lease,
	.renew_leases = sqlite_renew_leases,
	.release_lease = sqlite_release_lease,
};
