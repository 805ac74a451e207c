/*
 * test_store.c - the store, on both of its backends (SQLite files and a
 * real PostgreSQL server started for the run, see support/pg_cluster.h):
 * sessions and turns round-trip, replies need their turn, ids resolve by
 * prefix, the schema is versioned and migrated, a newer schema is refused,
 * the web service's tables and login sessions round-trip (audio as bytes),
 * several threads and several connections share one database, and bad
 * locations give clear errors.  When PostgreSQL is not installed the
 * PostgreSQL group fails (it is not skipped): `make deps` installs it.
 */
#include "test_support.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_cluster.h"
#include "store.h"

/* The backend a group of tests runs on. */
struct backend {
	const char *name;
	struct pg_cluster *pg; /* NULL: SQLite */
	char *dir;             /* SQLite: the current test's folder */
	int n_dbs;
};

static struct backend sqlite_backend = {.name = "sqlite"};
static struct backend pg_backend = {.name = "postgresql"};

/* A fresh, empty database for one test (malloc'd location). */
static char *fresh_location(struct backend *b)
{
	if (!b->pg) {
		if (!b->dir)
			b->dir = ts_tmpdir();
		char name[32];
		snprintf(name, sizeof name, "t%d.db", b->n_dbs++);
		return ts_path(b->dir, name);
	}
	char name[32], why[1024];
	snprintf(name, sizeof name, "t%d", b->n_dbs++);
	char *url = pg_cluster_new_db(b->pg, name, why, sizeof why);
	if (!url)
		fail_msg("%s", why);
	return url;
}

/* SQL run straight on the database, around the store. */
static void raw_sql(struct backend *b, const char *location, const char *sql)
{
	if (!b->pg) {
		sqlite3 *db;
		assert_int_equal(sqlite3_open(location, &db), SQLITE_OK);
		char *msg = NULL;
		if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
			fail_msg("sqlite: %s", msg);
		sqlite3_close(db);
		return;
	}
	PGconn *c = PQconnectdb(location);
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("postgresql: %s", PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
}

static struct store *open_at(const char *location)
{
	struct iv_error err;
	struct store *st = store_open(location, &err);
	if (!st)
		fail_msg("%s", err.message);
	return st;
}

static int count_ended(const struct session_summary *s, void *ctx)
{
	assert_string_equal(s->status, "ended");
	assert_int_equal(s->n_turns, 2);
	assert_int_equal(s->has_scorecard, 1);
	assert_true(s->ended_t == 99.0);
	(*(int *)ctx)++;
	return 0;
}

static void test_round_trip(void **state)
{
	struct backend *b = *state;
	char *loc = fresh_location(b);
	struct store *st = open_at(loc);
	struct iv_error err;
	char id[40];
	assert_int_equal(store_new_session_id(id, sizeof id, &err), 0);
	assert_int_equal(strlen(id), 32);
	struct session_info info = {id, "Ada", "pb-1", "/x/pb.yaml", 0xfedcba9876543210ull, 1,
				    1700000000.5};
	assert_int_equal(store_create_session(st, &info, &err), 0);
	assert_int_equal(store_create_session(st, &info, &err), -1); /* one id, one session */
	assert_int_equal(store_add_turn(st, id, 1, "opening", "opening.intro", 0xfffffff7u, 0.0, "Hello?", &err), 0);
	assert_int_equal(store_set_reply(st, id, 1, "Hi, I'm Ada. \"Quotes\", 'apostrophes'; -- and ünïcode", 3.25, 3.25, 0.9, &err), 0);
	assert_int_equal(store_add_turn(st, id, 2, "opening", "opening.challenge", 4, 4.0, "Hard part?", &err), 0);
	assert_int_equal(store_add_turn(st, id, 2, "opening", "x", 4, 4.0, "again", &err), -1); /* one turn 2 */
	assert_int_equal(store_set_wording(st, id, 2, "Scripted?", "llm", NULL, &err), 0);
	store_close(st);

	st = open_at(loc); /* a new connection sees everything committed */
	char *pb = NULL;
	struct transcript *tr = store_load(st, id, &pb, &err);
	assert_non_null(tr);
	assert_string_equal(pb, "/x/pb.yaml");
	assert_string_equal(tr->candidate_name, "Ada");
	assert_true(tr->seed == 0xfedcba9876543210ull);
	assert_true(tr->created_unix == 1700000000.5);
	assert_int_equal(tr->virtual_clock, 1);
	assert_int_equal(tr->n_turns, 2);
	assert_string_equal(tr->turns[0].candidate_text, "Hi, I'm Ada. \"Quotes\", 'apostrophes'; -- and ünïcode");
	assert_true(tr->turns[0].reply_t == 3.25);
	assert_true(tr->turns[0].reply_confidence == 0.9);
	assert_null(tr->turns[1].candidate_text);
	assert_true(tr->turns[0].acts == 0xfffffff7u);
	assert_string_equal(tr->status, "active");
	transcript_free(tr);
	free(pb);

	char full[40];
	assert_int_equal(store_resolve_id(st, "zz", full, sizeof full, &err), -1);
	assert_int_equal(store_resolve_id(st, "0'--", full, sizeof full, &err), -1);
	char prefix[8];
	snprintf(prefix, sizeof prefix, "%.6s", id);
	assert_int_equal(store_resolve_id(st, prefix, full, sizeof full, &err), 0);
	assert_string_equal(full, id);
	assert_int_equal(store_end_session(st, full, 99.0, &err), 0);
	assert_null(store_get_scorecard(st, full, &err));
	assert_int_equal(store_set_scorecard(st, full, "{\"a\":1}", "r1", &err), 0);
	assert_int_equal(store_set_scorecard(st, full, "{\"a\":2}", "r2", &err), 0); /* replaced */
	char *sc = store_get_scorecard(st, full, &err);
	assert_string_equal(sc, "{\"a\":2}");
	free(sc);
	int n = 0;
	assert_int_equal(store_list(st, count_ended, &n, &err), 0);
	assert_int_equal(n, 1);
	store_close(st);
	free(loc);
}

static void test_reply_needs_its_turn(void **state)
{
	struct backend *b = *state;
	char *loc = fresh_location(b);
	struct store *st = open_at(loc);
	struct iv_error err;
	assert_int_equal(store_set_reply(st, "nope", 1, "x", 1, 1, 1, &err), -1);
	assert_non_null(strstr(err.message, "no turn 1"));
	assert_null(store_load(st, "nope", NULL, &err));
	assert_non_null(strstr(err.message, "no session"));
	assert_null(store_get_scorecard(st, "nope", &err));
	/* a turn needs its session (foreign keys) */
	assert_int_equal(store_add_turn(st, "nope", 1, "opening", "t", 0, 0, "x", &err), -1);
	store_close(st);
	free(loc);
}

static void test_newer_schema_is_refused(void **state)
{
	struct backend *b = *state;
	char *loc = fresh_location(b);
	store_close(open_at(loc));
	char sql[96];
	if (b->pg)
		snprintf(sql, sizeof sql, "UPDATE iv_schema SET version = %d", store_schema_version() + 1);
	else
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_schema_version() + 1);
	raw_sql(b, loc, sql);
	struct iv_error err;
	assert_null(store_open(loc, &err));
	assert_non_null(strstr(err.message, "newer"));
	free(loc);
}

/* A database as version 1 left it: sessions and turns, no scorecards. */
static const char sqlite_v1[] =
	"CREATE TABLE sessions (id TEXT PRIMARY KEY, candidate_name TEXT NOT NULL,"
	" playbook_version TEXT NOT NULL, playbook_path TEXT, seed INTEGER NOT NULL,"
	" virtual_clock INTEGER NOT NULL, created_unix REAL NOT NULL,"
	" status TEXT NOT NULL DEFAULT 'active', ended_t REAL);"
	"CREATE TABLE turns (session_id TEXT NOT NULL, turn INTEGER NOT NULL, phase TEXT NOT NULL,"
	" topic TEXT NOT NULL, acts INTEGER NOT NULL, t REAL NOT NULL, interviewer_text TEXT NOT NULL,"
	" candidate_text TEXT, reply_t REAL, reply_seconds REAL, reply_confidence REAL,"
	" PRIMARY KEY (session_id, turn));"
	"INSERT INTO sessions (id, candidate_name, playbook_version, seed, virtual_clock, created_unix)"
	" VALUES ('abcd', 'Old', 'pb', 1, 1, 0);"
	"PRAGMA user_version = 1;";
static const char pg_v1[] =
	"CREATE TABLE sessions (id TEXT PRIMARY KEY, candidate_name TEXT NOT NULL,"
	" playbook_version TEXT NOT NULL, playbook_path TEXT, seed BIGINT NOT NULL,"
	" virtual_clock INTEGER NOT NULL, created_unix DOUBLE PRECISION NOT NULL,"
	" status TEXT NOT NULL DEFAULT 'active', ended_t DOUBLE PRECISION);"
	"CREATE TABLE turns (session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	" turn INTEGER NOT NULL, phase TEXT NOT NULL, topic TEXT NOT NULL, acts BIGINT NOT NULL,"
	" t DOUBLE PRECISION NOT NULL, interviewer_text TEXT NOT NULL, candidate_text TEXT,"
	" reply_t DOUBLE PRECISION, reply_seconds DOUBLE PRECISION,"
	" reply_confidence DOUBLE PRECISION, PRIMARY KEY (session_id, turn));"
	"INSERT INTO sessions (id, candidate_name, playbook_version, seed, virtual_clock, created_unix)"
	" VALUES ('abcd', 'Old', 'pb', 1, 1, 0);"
	"CREATE TABLE iv_schema (version INTEGER NOT NULL);"
	"INSERT INTO iv_schema VALUES (1);";

static void test_migrates_from_version_one(void **state)
{
	struct backend *b = *state;
	char *loc = fresh_location(b);
	raw_sql(b, loc, b->pg ? pg_v1 : sqlite_v1);
	struct store *st = open_at(loc);
	struct iv_error err;
	assert_int_equal(store_set_scorecard(st, "abcd", "{}", "r", &err), 0);
	assert_int_equal(store_add_turn(st, "abcd", 1, "opening", "t", 1, 0, "Hi?", &err), 0);
	assert_int_equal(store_set_wording(st, "abcd", 1, "Hi?", "script", "timeout", &err), 0);
	struct transcript *tr = store_load(st, "abcd", NULL, &err);
	assert_non_null(tr);
	assert_string_equal(tr->candidate_name, "Old");
	assert_int_equal(tr->n_turns, 1);
	transcript_free(tr);
	store_close(st);
	st = open_at(loc); /* opening a migrated database again changes nothing */
	store_close(st);
	free(loc);
}

static int collect_invitation(const struct invitation *inv, void *ctx)
{
	char *ids = ctx;
	strcat(ids, inv->id);
	strcat(ids, " ");
	return 0;
}

static void test_web_tables(void **state)
{
	struct backend *b = *state;
	char *loc = fresh_location(b);
	struct store *st = open_at(loc);
	struct iv_error err;
	struct invitation inv = {.id = "aaaa1111", .candidate_name = "Grace O'Hara",
				 .email = "g@example.com", .created_unix = 1000, .expires_unix = 2000};
	assert_int_equal(store_create_invitation(st, &inv, "hash-a", &err), 0);
	struct invitation inv2 = {.id = "bbbb2222", .candidate_name = "Linus", .playbook = "pb2",
				  .created_unix = 1001, .expires_unix = 1500};
	assert_int_equal(store_create_invitation(st, &inv2, "hash-b", &err), 0);
	assert_int_equal(store_create_invitation(st, &inv2, "hash-c", &err), -1); /* same id */

	struct invitation got;
	assert_int_equal(store_find_invitation(st, "hash-a", 1500, &got, &err), 1);
	assert_string_equal(got.id, "aaaa1111");
	assert_string_equal(got.candidate_name, "Grace O'Hara");
	assert_string_equal(got.email, "g@example.com");
	assert_string_equal(got.playbook, "");
	assert_string_equal(got.status, "invited");
	assert_int_equal(store_find_invitation(st, "nope", 1500, &got, &err), 0);
	assert_int_equal(store_get_invitation(st, "bbbb2222", 1600, &got, &err), 1);
	assert_string_equal(got.status, "expired");
	assert_string_equal(got.playbook, "pb2");

	assert_int_equal(store_set_consent(st, "aaaa1111", 0, 1100, &err), 0);
	struct session_info info = {"aaaa1111", "Grace O'Hara", "pb", "", 1, 1, 1100};
	assert_int_equal(store_create_session(st, &info, &err), 0);
	assert_int_equal(store_add_turn(st, "aaaa1111", 1, "opening", "t", 1, 0, "Hi?", &err), 0);
	assert_int_equal(store_get_invitation(st, "aaaa1111", 1600, &got, &err), 1);
	assert_string_equal(got.status, "in_progress");
	assert_true(got.consent_unix == 1100);
	assert_int_equal(got.voice, 0);
	assert_int_equal(got.n_turns, 1);
	char ids[128] = "";
	assert_int_equal(store_list_invitations(st, 1600, collect_invitation, ids, &err), 0);
	assert_string_equal(ids, "bbbb2222 aaaa1111 "); /* newest first */

	/* audio: every byte value, zeros included, comes back as it went in */
	enum { N = 70000 };
	int16_t *pcm = malloc(N * sizeof *pcm);
	for (int i = 0; i < N; i++)
		pcm[i] = (int16_t)(i * 7919);
	pcm[0] = 0;
	assert_int_equal(store_set_answer_audio(st, "aaaa1111", 1, 16000, pcm, N, &err), 0);
	assert_int_equal(store_set_answer_audio(st, "aaaa1111", 1, 16000, pcm, N, &err), 0); /* replaced */
	int rate = 0;
	int16_t *back = NULL;
	size_t n_back = 0;
	assert_int_equal(store_get_answer_audio(st, "aaaa1111", 1, &rate, &back, &n_back, &err), 1);
	assert_int_equal(rate, 16000);
	assert_int_equal(n_back, N);
	assert_memory_equal(back, pcm, N * sizeof *pcm);
	free(back);
	assert_int_equal(store_get_answer_audio(st, "aaaa1111", 2, &rate, &back, &n_back, &err), 0);
	assert_int_equal(store_set_answer_audio(st, "aaaa1111", 2, 8000, pcm, 0, &err), 0); /* empty */
	assert_int_equal(store_get_answer_audio(st, "aaaa1111", 2, &rate, &back, &n_back, &err), 1);
	assert_int_equal(n_back, 0);
	assert_int_equal(rate, 8000);
	free(back);
	free(pcm);

	assert_int_equal(store_add_api_token(st, "ci", "tok-hash", 1, &err), 0);
	char token_name[140];
	assert_int_equal(store_use_api_token(st, "tok-hash", 2, token_name, sizeof token_name, &err), 1);
	assert_string_equal(token_name, "ci");
	assert_int_equal(store_use_api_token(st, "other", 2, token_name, sizeof token_name, &err), 0);
	assert_int_equal(store_revoke_api_token(st, "ci", &err), 1);
	assert_int_equal(store_revoke_api_token(st, "ci", &err), 0);
	assert_int_equal(store_use_api_token(st, "tok-hash", 3, NULL, 0, &err), 0);

	char hash[128];
	assert_int_equal(store_get_user(st, "r@example.com", hash, sizeof hash, &err), 0);
	assert_int_equal(store_add_user(st, "r@example.com", "$argon2id$one", 1, &err), 0);
	assert_int_equal(store_add_user(st, "r@example.com", "$argon2id$two", 2, &err), 0);
	assert_int_equal(store_get_user(st, "r@example.com", hash, sizeof hash, &err), 1);
	assert_string_equal(hash, "$argon2id$two");

	assert_int_equal(store_delete_interview(st, "aaaa1111", &err), 1);
	assert_int_equal(store_delete_interview(st, "aaaa1111", &err), 0);
	assert_int_equal(store_get_invitation(st, "aaaa1111", 1600, &got, &err), 0);
	assert_null(store_load(st, "aaaa1111", NULL, &err));
	assert_int_equal(store_get_answer_audio(st, "aaaa1111", 1, &rate, &back, &n_back, &err), 0);
	store_close(st);
	free(loc);
}

static void test_login_sessions(void **state)
{
	struct backend *b = *state;
	char *loc = fresh_location(b);
	struct store *st = open_at(loc);
	struct store *other = open_at(loc); /* as a second server would */
	struct iv_error err;
	struct login_session ls = {.secret_hash = "h1", .csrf = "c1", .email = "r@example.com",
				   .created_unix = 100, .expires_unix = 200};
	assert_int_equal(store_add_login_session(st, &ls, &err), 0);
	assert_int_equal(store_add_login_session(st, &ls, &err), -1); /* one secret, one session */
	struct login_session old = {.secret_hash = "h0", .csrf = "c0", .email = "o@example.com",
				    .created_unix = 10, .expires_unix = 50};
	assert_int_equal(store_add_login_session(st, &old, &err), 0);

	struct login_session got;
	assert_int_equal(store_find_login_session(other, "h1", 150, &got, &err), 1);
	assert_string_equal(got.csrf, "c1");
	assert_string_equal(got.email, "r@example.com");
	assert_true(got.expires_unix == 200);
	assert_int_equal(store_find_login_session(other, "h1", 200, &got, &err), 0); /* expired */
	assert_int_equal(store_find_login_session(other, "nope", 150, &got, &err), 0);
	assert_int_equal(store_find_login_session(other, "h0", 150, &got, &err), 0);

	assert_int_equal(store_purge_login_sessions(st, 150, &err), 1); /* h0 */
	assert_int_equal(store_purge_login_sessions(st, 150, &err), 0);
	assert_int_equal(store_delete_login_session(other, "h1", 150, &err), 1);
	assert_int_equal(store_find_login_session(st, "h1", 150, &got, &err), 0);
	assert_int_equal(store_delete_login_session(other, "h1", 150, &err), 0);
	/* ending an expired session forgets it but does not count */
	assert_int_equal(store_add_login_session(st, &ls, &err), 0);
	assert_int_equal(store_delete_login_session(st, "h1", 300, &err), 0);
	assert_int_equal(store_purge_login_sessions(st, 1e12, &err), 0);
	store_close(other);
	store_close(st);
	free(loc);
}

/* --- several threads, several connections ---------------------------------- */

enum { WRITERS = 4, TURNS_EACH = 25 };

struct writer {
	const char *location;
	struct store *shared; /* NULL: open its own store (a migration race) */
	char id[40];
	int failed;
	char why[512];
};

static void *write_turns(void *arg)
{
	struct writer *w = arg;
	struct iv_error err;
	struct store *st = w->shared ? w->shared : store_open(w->location, &err);
	if (!st) {
		w->failed = 1;
		snprintf(w->why, sizeof w->why, "%s", err.message);
		return NULL;
	}
	struct session_info info = {w->id, "T", "pb", "", 1, 1, 1};
	int bad = store_create_session(st, &info, &err);
	for (int k = 1; !bad && k <= TURNS_EACH; k++)
		bad = store_add_turn(st, w->id, k, "opening", "t", 1, k, "Q?", &err) ||
		      store_set_reply(st, w->id, k, "A.", k + 0.5, 0.5, 1, &err);
	if (bad) {
		w->failed = 1;
		snprintf(w->why, sizeof w->why, "%s", err.message);
	}
	if (!w->shared)
		store_close(st);
	return NULL;
}

static void run_writers(const char *loc, struct store *shared)
{
	pthread_t threads[WRITERS];
	struct writer w[WRITERS];
	struct iv_error err;
	for (int i = 0; i < WRITERS; i++) {
		memset(&w[i], 0, sizeof w[i]);
		w[i].location = loc;
		w[i].shared = shared;
		assert_int_equal(store_new_session_id(w[i].id, sizeof w[i].id, &err), 0);
		assert_int_equal(pthread_create(&threads[i], NULL, write_turns, &w[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++)
		pthread_join(threads[i], NULL);
	struct store *st = open_at(loc);
	for (int i = 0; i < WRITERS; i++) {
		if (w[i].failed)
			fail_msg("writer %d: %s", i, w[i].why);
		struct transcript *tr = store_load(st, w[i].id, NULL, &err);
		assert_non_null(tr);
		assert_int_equal(tr->n_turns, TURNS_EACH);
		for (int k = 0; k < TURNS_EACH; k++)
			assert_string_equal(tr->turns[k].candidate_text, "A.");
		transcript_free(tr);
	}
	store_close(st);
}

static void test_concurrent_writers(void **state)
{
	struct backend *b = *state;
	/* processes starting together on a fresh database: each migrates or
	 * finds it migrated */
	char *loc = fresh_location(b);
	run_writers(loc, NULL);
	free(loc);
	/* one store shared by threads, as the web server shares it */
	loc = fresh_location(b);
	struct store *st = open_at(loc);
	run_writers(loc, st);
	store_close(st);
	free(loc);
}

/* --- tokens listed, the audit log, retention, leases ----------------------- */

static void note_lease(const char *id, void *ctx)
{
	strcat(ctx, id);
	strcat(ctx, " ");
}

static int collect_token(const struct api_token_info *t, void *ctx)
{
	char line[200];
	snprintf(line, sizeof line, "%s@%.0f/%.0f ", t->name, t->created_unix, t->last_used_unix);
	strcat(ctx, line);
	return 0;
}

static void test_tokens_listed(void **state)
{
	struct backend *b = *state;
	char *loc = fresh_location(b);
	struct store *st = open_at(loc);
	struct iv_error err;
	char listed[1024] = "";
	assert_int_equal(store_list_api_tokens(st, collect_token, listed, &err), 0);
	assert_string_equal(listed, "");
	assert_int_equal(store_add_api_token(st, "ats", "h1", 10, &err), 0);
	assert_int_equal(store_add_api_token(st, "ci bot", "h2", 20, &err), 0);
	assert_int_equal(store_add_api_token(st, "old", "h3", 30, &err), 0);
	assert_int_equal(store_use_api_token(st, "h2", 25, NULL, 0, &err), 1);
	assert_int_equal(store_revoke_api_token(st, "old", &err), 1);
	assert_int_equal(store_list_api_tokens(st, collect_token, listed, &err), 0);
	/* oldest first, the revoked one gone, never a hash */
	assert_string_equal(listed, "ats@10/0 ci bot@20/25 ");
	store_close(st);
	free(loc);
}

static int collect_audit(const struct audit_entry *e, void *ctx)
{
	char line[600];
	snprintf(line, sizeof line, "%s|%s|%s|%s|%s;", e->actor, e->action, e->interview_id,
		 e->detail, e->address);
	strcat(ctx, line);
	return 0;
}

static void test_audit_log(void **state)
{
	struct backend *b = *state;
	char *loc = fresh_location(b);
	struct store *st = open_at(loc);
	struct iv_error err;
	struct audit_entry e = {.at_unix = 100, .actor = "rec@example.com", .action = "login",
				.address = "10.0.0.1"};
	assert_int_equal(store_add_audit(st, &e, &err), 0);
	struct audit_entry v = {.at_unix = 101, .actor = "token:ats", .action = "view_report",
				.interview_id = "abcd", .detail = "md", .address = "10.0.0.2"};
	assert_int_equal(store_add_audit(st, &v, &err), 0);
	struct audit_entry d = {.at_unix = 102, .actor = "rec@example.com",
				.action = "delete_interview", .interview_id = "ef01",
				.address = "10.0.0.1"};
	assert_int_equal(store_add_audit(st, &d, &err), 0);
	char got[4096] = "";
	assert_int_equal(store_list_audit(st, NULL, 10, collect_audit, got, &err), 0);
	assert_string_equal(got, "rec@example.com|delete_interview|ef01||10.0.0.1;"
				 "token:ats|view_report|abcd|md|10.0.0.2;"
				 "rec@example.com|login|||10.0.0.1;"); /* newest first */
	got[0] = '\0';
	assert_int_equal(store_list_audit(st, NULL, 1, collect_audit, got, &err), 0);
	assert_string_equal(got, "rec@example.com|delete_interview|ef01||10.0.0.1;");
	got[0] = '\0';
	assert_int_equal(store_list_audit(st, "abcd", 10, collect_audit, got, &err), 0);
	assert_string_equal(got, "token:ats|view_report|abcd|md|10.0.0.2;");
	got[0] = '\0';
	assert_int_equal(store_list_audit(st, "", 10, collect_audit, got, &err), 0);
	assert_non_null(strstr(got, "login"));
	/* quotes and SQL in a value are only data */
	struct audit_entry q = {.at_unix = 103, .actor = "x'); DROP TABLE audit_log; --",
				.action = "login_failed"};
	assert_int_equal(store_add_audit(st, &q, &err), 0);
	got[0] = '\0';
	assert_int_equal(store_list_audit(st, NULL, 1, collect_audit, got, &err), 0);
	assert_string_equal(got, "x'); DROP TABLE audit_log; --|login_failed|||;");
	store_close(st);
	free(loc);
}

static int collect_audio(int turn, int has_audio, double expired_unix, void *ctx)
{
	char line[64];
	snprintf(line, sizeof line, "%d:%d:%.0f ", turn, has_audio, expired_unix);
	strcat(ctx, line);
	return 0;
}

static void add_session_with_audio(struct store *st, const char *id, double created,
				   const int16_t *pcm, size_t n)
{
	struct iv_error err;
	struct session_info info = {id, "C", "pb", "", 1, 1, created};
	assert_int_equal(store_create_session(st, &info, &err), 0);
	for (int turn = 1; turn <= 3; turn++) {
		assert_int_equal(store_add_turn(st, id, turn, "p", "t", 1, turn, "Q?", &err), 0);
		assert_int_equal(store_set_reply(st, id, turn, "A.", turn + 0.5, 0.5, 1, &err), 0);
	}
	assert_int_equal(store_set_answer_audio(st, id, 1, 16000, pcm, n, &err), 0);
	assert_int_equal(store_set_answer_audio(st, id, 3, 16000, pcm, n, &err), 0);
	assert_int_equal(store_set_scorecard(st, id, "{\"overall\":3}", "r1", &err), 0);
}

static void test_retention(void **state)
{
	struct backend *b = *state;
	char *loc = fresh_location(b);
	struct store *st = open_at(loc);
	struct iv_error err;
	int16_t pcm[4000];
	for (int i = 0; i < 4000; i++)
		pcm[i] = (int16_t)(i * 31 + 7);
	add_session_with_audio(st, "01d", 1000, pcm, 4000);
	add_session_with_audio(st, "ne3", 9000, pcm, 4000);
	char got[256] = "";
	assert_int_equal(store_list_answer_audio(st, "01d", collect_audio, got, &err), 0);
	assert_string_equal(got, "1:1:0 3:1:0 ");
	/* interviews before 5000 lose their recordings, nothing else */
	assert_int_equal(store_expire_answer_audio(st, 5000, 9500, &err), 2);
	assert_int_equal(store_expire_answer_audio(st, 5000, 9600, &err), 0);
	got[0] = '\0';
	assert_int_equal(store_list_answer_audio(st, "01d", collect_audio, got, &err), 0);
	assert_string_equal(got, "1:0:9500 3:0:9500 ");
	got[0] = '\0';
	assert_int_equal(store_list_answer_audio(st, "ne3", collect_audio, got, &err), 0);
	assert_string_equal(got, "1:1:0 3:1:0 ");
	int rate;
	int16_t *back = NULL;
	size_t n;
	assert_int_equal(store_get_answer_audio(st, "01d", 1, &rate, &back, &n, &err), 0);
	assert_int_equal(store_get_answer_audio(st, "ne3", 1, &rate, &back, &n, &err), 1);
	free(back);
	struct transcript *tr = store_load(st, "01d", NULL, &err);
	assert_non_null(tr);
	assert_int_equal(tr->n_turns, 3);
	assert_string_equal(tr->turns[0].candidate_text, "A.");
	transcript_free(tr);
	char *card = store_get_scorecard(st, "01d", &err);
	assert_non_null(card);
	free(card);
	store_close(st);
	if (!b->pg) { /* the bytes are gone from the file too (secure_delete, checkpoint) */
		size_t len = 0;
		char *file = ts_read(loc, &len);
		int copies = 0;
		for (size_t i = 0; file && i + 64 <= len; i++)
			copies += !memcmp(file + i, (const char *)pcm + 2000, 64);
		assert_int_equal(copies, 2); /* the newer interview's two recordings only */
		free(file);
	}
	free(loc);
}

static void test_leases_fence_writes(void **state)
{
	struct backend *b = *state;
	char *loc = fresh_location(b);
	struct store *st = open_at(loc);
	struct iv_error err;
	assert_int_equal(store_take_lease(st, "iv1", "server-a", 10, &err), 0); /* free */
	assert_int_equal(store_take_lease(st, "iv1", "server-a", 11, &err), 1); /* already A's */
	struct store *a = store_fenced(st, "server-a"), *bb = store_fenced(st, "server-b");
	assert_non_null(a);
	assert_non_null(bb);
	struct session_info info = {"iv1", "C", "pb", "", 1, 1, 10};
	assert_int_equal(store_create_session(bb, &info, &err), -1); /* B holds no lease */
	assert_true(store_error_is_fenced(&err));
	assert_int_equal(store_create_session(a, &info, &err), 0);
	assert_int_equal(store_add_turn(a, "iv1", 1, "p", "t", 1, 0, "Q1?", &err), 0);
	assert_int_equal(store_set_reply(a, "iv1", 1, "from A", 1, 1, 1, &err), 0);
	assert_int_equal(store_add_turn(a, "iv1", 2, "p", "t", 1, 2, "Q2?", &err), 0);
	assert_int_equal(store_renew_lease(st, "iv1", "server-a", 12, &err), 1);

	/* B takes the interview over: A's writes are refused from now on */
	assert_int_equal(store_take_lease(st, "iv1", "server-b", 13, &err), 0);
	assert_int_equal(store_renew_lease(st, "iv1", "server-a", 14, &err), 0);
	assert_int_equal(store_set_reply(a, "iv1", 2, "late from A", 3, 1, 1, &err), -1);
	assert_true(store_error_is_fenced(&err));
	assert_int_equal(store_add_turn(a, "iv1", 3, "p", "t", 1, 4, "Q3 by A?", &err), -1);
	assert_int_equal(store_set_wording(a, "iv1", 2, "x", "llm", NULL, &err), -1);
	int16_t pcm[8] = {1, 2, 3};
	assert_int_equal(store_set_answer_audio(a, "iv1", 2, 16000, pcm, 8, &err), -1);
	assert_true(store_error_is_fenced(&err));
	assert_int_equal(store_end_session(a, "iv1", 9, &err), -1);
	assert_int_equal(store_set_scorecard(a, "iv1", "{}", "r", &err), -1);
	/* B's go through */
	assert_int_equal(store_set_reply(bb, "iv1", 2, "from B", 3, 1, 1, &err), 0);
	assert_int_equal(store_set_answer_audio(bb, "iv1", 2, 16000, pcm, 8, &err), 0);
	assert_int_equal(store_add_turn(bb, "iv1", 3, "p", "t", 1, 4, "Q3 by B?", &err), 0);
	/* unfenced writes (the command line) are not held back */
	assert_int_equal(store_set_wording(st, "iv1", 3, "x", "script", NULL, &err), 0);
	struct transcript *tr = store_load(a, "iv1", NULL, &err); /* reads pass */
	assert_non_null(tr);
	assert_int_equal(tr->n_turns, 3);
	assert_string_equal(tr->turns[1].candidate_text, "from B");
	assert_string_equal(tr->turns[2].interviewer_text, "Q3 by B?");
	transcript_free(tr);

	/* the heartbeat: every lease an owner holds, in one call */
	assert_int_equal(store_take_lease(st, "iv2", "server-b", 15, &err), 0);
	assert_int_equal(store_take_lease(st, "iv3", "server-a", 15, &err), 0);
	char held[256] = "";
	assert_int_equal(store_renew_leases(st, "server-b", 16, note_lease, held, &err), 0);
	assert_true(!strcmp(held, "iv1 iv2 ") || !strcmp(held, "iv2 iv1 "));
	/* giving up: only the holder's release counts */
	assert_int_equal(store_release_lease(st, "iv1", "server-a", &err), 0);
	assert_int_equal(store_renew_lease(st, "iv1", "server-b", 17, &err), 1);
	assert_int_equal(store_release_lease(st, "iv1", "server-b", &err), 0);
	assert_int_equal(store_renew_lease(st, "iv1", "server-b", 18, &err), 0);
	assert_int_equal(store_add_turn(bb, "iv1", 4, "p", "t", 1, 5, "Q4?", &err), -1);
	store_close(a);
	store_close(bb);
	store_close(st);
	free(loc);
}

/* --- bad locations ---------------------------------------------------------- */

static void test_sqlite_unopenable_path(void **state)
{
	(void)state;
	struct iv_error err;
	assert_null(store_open("/nonexistent-dir/x/y.db", &err));
	assert_non_null(strstr(err.message, "cannot open"));
}

static void test_pg_bad_urls(void **state)
{
	struct backend *b = *state;
	struct iv_error err;
	/* malformed */
	assert_null(store_open("postgresql://[::1/db", &err));
	assert_non_null(strstr(err.message, "not a PostgreSQL URL"));
	assert_null(store_open("postgresql://u:secret@h/db?nonsense=1", &err));
	assert_non_null(strstr(err.message, "not a PostgreSQL URL"));
	assert_null(strstr(err.message, "secret"));
	assert_null(store_open("postgres://h:notaport/db", &err));
	assert_non_null(strstr(err.message, "port"));
	/* nothing listening (port 1 on loopback refuses at once) */
	assert_null(store_open("postgresql://127.0.0.1:1/db?connect_timeout=5", &err));
	assert_non_null(strstr(err.message, "cannot open the PostgreSQL database"));
	assert_non_null(strstr(err.message, "refused"));
	/* a database the server does not have */
	char *url = pg_cluster_url_of(b->pg, "no_such_db");
	assert_null(store_open(url, &err));
	assert_non_null(strstr(err.message, "does not exist"));
	free(url);
}

static void test_pg_server_restart(void **state)
{
	struct backend *b = *state;
	char *loc = fresh_location(b);
	struct store *st = open_at(loc);
	struct iv_error err;
	struct session_info info = {"cafe01", "R", "pb", "", 1, 1, 1};
	assert_int_equal(store_create_session(st, &info, &err), 0);
	char why[1024];
	if (pg_cluster_restart(b->pg, why, sizeof why))
		fail_msg("%s", why);
	/* the pooled connection died with the server; the store reconnects */
	if (store_add_turn(st, "cafe01", 1, "opening", "t", 1, 0, "Still there?", &err))
		fail_msg("%s", err.message);
	struct transcript *tr = store_load(st, "cafe01", NULL, &err);
	assert_non_null(tr);
	assert_int_equal(tr->n_turns, 1);
	transcript_free(tr);
	store_close(st);
	free(loc);
}

/* An application account that may use the tables but not create any
 * (PostgreSQL 15 no longer lets every account create in public) opens a
 * database its owner migrated. */
static void test_pg_account_without_create(void **state)
{
	struct backend *b = *state;
	char *loc = fresh_location(b);
	store_close(open_at(loc));
	raw_sql(b, loc,
		"CREATE ROLE app LOGIN;"
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO app;"
		"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO app;");
	char app[512];
	snprintf(app, sizeof app, "%.*suser=app", (int)(strstr(loc, "user=") - loc), loc);
	struct store *st = open_at(app);
	struct iv_error err;
	assert_int_equal(store_add_api_token(st, "ci", "h", 1, &err), 0);
	assert_int_equal(store_use_api_token(st, "h", 2, NULL, 0, &err), 1);
	store_close(st);
	free(loc);
}

/* --- groups ----------------------------------------------------------------- */

static int sqlite_setup(void **state)
{
	*state = &sqlite_backend;
	return 0;
}

static int sqlite_teardown(void **state)
{
	ts_rmdir(sqlite_backend.dir);
	free(sqlite_backend.dir);
	sqlite_backend.dir = NULL;
	return 0;
}

static int pg_setup(void **state)
{
	char why[1024];
	pg_backend.pg = pg_cluster_start(why, sizeof why);
	if (!pg_backend.pg) {
		fprintf(stderr, "cannot test the PostgreSQL store: %s\n", why);
		return -1;
	}
	*state = &pg_backend;
	return 0;
}

static int pg_teardown(void **state)
{
	pg_cluster_stop(pg_backend.pg);
	pg_backend.pg = NULL;
	return 0;
}

#define BOTH_BACKENDS                                   \
	cmocka_unit_test(test_round_trip),              \
	cmocka_unit_test(test_reply_needs_its_turn),    \
	cmocka_unit_test(test_newer_schema_is_refused), \
	cmocka_unit_test(test_migrates_from_version_one), \
	cmocka_unit_test(test_web_tables),              \
	cmocka_unit_test(test_login_sessions),          \
	cmocka_unit_test(test_concurrent_writers),      \
	cmocka_unit_test(test_tokens_listed),           \
	cmocka_unit_test(test_audit_log),               \
	cmocka_unit_test(test_retention),               \
	cmocka_unit_test(test_leases_fence_writes)

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
		BOTH_BACKENDS,
		cmocka_unit_test(test_sqlite_unopenable_path),
	};
	const struct CMUnitTest pg_tests[] = {
		BOTH_BACKENDS,
		cmocka_unit_test(test_pg_bad_urls),
		cmocka_unit_test(test_pg_server_restart),
		cmocka_unit_test(test_pg_account_without_create),
	};
	int failed = cmocka_run_group_tests_name("sqlite", sqlite_tests, sqlite_setup, sqlite_teardown);
	failed += cmocka_run_group_tests_name("postgresql", pg_tests, pg_setup, pg_teardown);
	return failed;
}
