/*
 * test_store.c - the SQLite store: sessions and turns round-trip, replies
 * need their turn, ids resolve by prefix, the schema is versioned and a
 * newer schema is refused.
 */
#include "test_support.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

static struct store *open_in(const char *dir, char **path_out)
{
	char *path = malloc(strlen(dir) + 16);
	sprintf(path, "%s/t.db", dir);
	struct iv_error err;
	struct store *st = store_open(path, &err);
	if (!st)
		fail_msg("%s", err.message);
	if (path_out)
		*path_out = path;
	else
		free(path);
	return st;
}

static void test_round_trip(void **state)
{
	(void)state;
	char *dir = ts_tmpdir(), *path;
	struct store *st = open_in(dir, &path);
	struct iv_error err;
	char id[40];
	assert_int_equal(store_new_session_id(id, sizeof id, &err), 0);
	assert_int_equal(strlen(id), 32);
	struct session_info info = {id, "Ada", "pb-1", "/x/pb.yaml", 42, 1, 1700000000.5};
	assert_int_equal(store_create_session(st, &info, &err), 0);
	assert_int_equal(store_add_turn(st, id, 1, "opening", "opening.intro", 7, 0.0, "Hello?", &err), 0);
	assert_int_equal(store_set_reply(st, id, 1, "Hi, I'm Ada.", 3.25, 3.25, 0.9, &err), 0);
	assert_int_equal(store_add_turn(st, id, 2, "opening", "opening.challenge", 4, 4.0, "Hard part?", &err), 0);
	store_close(st);

	st = open_in(dir, NULL); /* a new connection sees everything committed */
	char *pb = NULL;
	struct transcript *tr = store_load(st, id, &pb, &err);
	assert_non_null(tr);
	assert_string_equal(pb, "/x/pb.yaml");
	assert_string_equal(tr->candidate_name, "Ada");
	assert_int_equal(tr->seed, 42);
	assert_int_equal(tr->n_turns, 2);
	assert_string_equal(tr->turns[0].candidate_text, "Hi, I'm Ada.");
	assert_true(tr->turns[0].reply_t == 3.25);
	assert_true(tr->turns[0].reply_confidence == 0.9);
	assert_null(tr->turns[1].candidate_text);
	assert_int_equal(tr->turns[0].acts, 7);
	assert_string_equal(tr->status, "active");
	transcript_free(tr);
	free(pb);

	char full[40];
	assert_int_equal(store_resolve_id(st, "zz", full, sizeof full, &err), -1);
	id[6] = '\0';
	assert_int_equal(store_resolve_id(st, id, full, sizeof full, &err), 0);
	assert_int_equal(strncmp(full, id, 6), 0);
	assert_int_equal(store_end_session(st, full, 99.0, &err), 0);
	assert_int_equal(store_set_scorecard(st, full, "{\"a\":1}", "r1", &err), 0);
	char *sc = store_get_scorecard(st, full, &err);
	assert_string_equal(sc, "{\"a\":1}");
	free(sc);
	store_close(st);
	free(path);
	ts_rmdir(dir);
	free(dir);
}

static void test_reply_needs_its_turn(void **state)
{
	(void)state;
	char *dir = ts_tmpdir();
	struct store *st = open_in(dir, NULL);
	struct iv_error err;
	assert_int_equal(store_set_reply(st, "nope", 1, "x", 1, 1, 1, &err), -1);
	assert_non_null(strstr(err.message, "no turn 1"));
	assert_null(store_load(st, "nope", NULL, &err));
	assert_non_null(strstr(err.message, "no session"));
	assert_null(store_get_scorecard(st, "nope", &err));
	store_close(st);
	ts_rmdir(dir);
	free(dir);
}

static void test_newer_schema_is_refused(void **state)
{
	(void)state;
	char *dir = ts_tmpdir(), *path;
	struct store *st = open_in(dir, &path);
	store_close(st);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_schema_version() + 1);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	struct iv_error err;
	assert_null(store_open(path, &err));
	assert_non_null(strstr(err.message, "newer"));
	free(path);
	ts_rmdir(dir);
	free(dir);
}

static void test_migrates_from_version_one(void **state)
{
	(void)state;
	char *dir = ts_tmpdir();
	char path[256];
	snprintf(path, sizeof path, "%s/old.db", dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	/* a database as version 1 left it: no scorecards table */
	assert_int_equal(sqlite3_exec(db,
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
		"PRAGMA user_version = 1;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	struct iv_error err;
	struct store *st = store_open(path, &err);
	assert_non_null(st);
	assert_int_equal(store_set_scorecard(st, "abcd", "{}", "r", &err), 0);
	struct transcript *tr = store_load(st, "abcd", NULL, &err);
	assert_non_null(tr);
	assert_string_equal(tr->candidate_name, "Old");
	transcript_free(tr);
	store_close(st);
	ts_rmdir(dir);
	free(dir);
}

static void test_unopenable_path(void **state)
{
	(void)state;
	struct iv_error err;
	assert_null(store_open("/nonexistent-dir/x/y.db", &err));
	assert_non_null(strstr(err.message, "cannot open"));
	assert_null(store_open("postgresql://localhost/x", &err));
	assert_non_null(strstr(err.message, "PostgreSQL"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_reply_needs_its_turn),
		cmocka_unit_test(test_newer_schema_is_refused),
		cmocka_unit_test(test_migrates_from_version_one),
		cmocka_unit_test(test_unopenable_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
