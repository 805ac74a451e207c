/*
 * test_report.c - the reports a hiring team reads: the HTML page is one
 * self-contained printable document (no script, no external resource) with
 * the verdict, an SVG chart, quotes that link to existing turn anchors, the
 * timeline, the coverage map and the whole transcript; it renders in
 * headless Chromium without console errors (a screenshot is saved under
 * artifacts/; the test is skipped with a message when Chromium is missing).
 * Markdown and the comparison carry the verdicts.  The commands report,
 * rescore and compare work on stored sessions, rescoring with the same
 * rubric stores identical JSON, and unknown sessions get a clear error.
 */
#include "evaluate_fixture.h"

#include <jansson.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"
#include "store.h"

static const struct fx_turn interview[] = {
	{"opening.intro", A(GREET) | A(QUESTION),
	 "I've built payment APIs for six years, most recently the payouts service at a fintech."},
	{"design.rate_limiting", A(QUESTION),
	 "Before I start, is this per user or per API key? I'll assume per key. A token bucket in "
	 "Redis, updated atomically with a Lua script, answering 429 with Retry-After."},
	{"design.rate_limiting", A(FOLLOW_UP) | A(PROBE_TRADEOFF),
	 "The trade-off is one Redis round trip per request, about 1 millisecond, in exchange for "
	 "limits that hold across 40 instances. If Redis is down we fail open."},
	{"design.webhooks", A(QUESTION),
	 "Deliveries go through a queue with exponential backoff, and every payload is signed with "
	 "an HMAC so customers can verify it's us <script>alert(1)</script> & reject replays."},
	{"security.password_storage", A(QUESTION), "We used MD5 hashes for passwords back then.",
	 0.5},
	{"closing.candidate_questions", A(QUESTION), "What does on-call look like?"},
	{"closing.thanks", A(CLOSE) | A(THANKS), NULL},
};

static void test_html_is_self_contained(void **state)
{
	(void)state;
	struct transcript *tr = fx_transcript(interview, sizeof interview / sizeof interview[0]);
	struct iv_error err;
	struct scorecard *sc = scorer_evaluate(fx_scorer, tr, &err);
	assert_non_null(sc);
	char *html = report_html(sc, tr, &err);
	assert_non_null(html);
	assert_non_null(strstr(html, "<!DOCTYPE html>"));
	assert_non_null(strstr(html, "Test Candidate"));
	assert_non_null(strstr(html, recommendation_id(sc->recommendation)));
	assert_non_null(strstr(html, "<svg"));
	assert_non_null(strstr(html, "id=\"timeline\""));
	assert_non_null(strstr(html, "id=\"coverage\""));
	assert_non_null(strstr(html, "Follow-up paths"));
	assert_non_null(strstr(html, "Security questions"));
	assert_non_null(strstr(html, "@media print"));
	/* nothing runs, nothing is fetched; the candidate's markup is escaped */
	assert_null(strstr(html, "<script"));
	assert_non_null(strstr(html, "&lt;script&gt;"));
	assert_null(strstr(html, "src=\"http"));
	assert_null(strstr(html, "<link"));
	/* every turn has an anchor; every quote link points at one */
	for (size_t i = 0; i < tr->n_turns; i++) {
		char anchor[32];
		snprintf(anchor, sizeof anchor, "id=\"turn-%d\"", tr->turns[i].turn);
		assert_non_null(strstr(html, anchor));
	}
	int links = 0;
	for (const char *p = strstr(html, "href=\"#turn-"); p; p = strstr(p + 1, "href=\"#turn-")) {
		int n = atoi(p + 12);
		assert_true(n >= 1 && (size_t)n <= tr->n_turns);
		links++;
	}
	assert_true(links >= 3);
	char *md = report_markdown(sc, tr, &err);
	assert_non_null(strstr(md, "# Interview scorecard: Test Candidate"));
	assert_non_null(strstr(md, "| security |"));
	assert_non_null(strstr(md, "severity 3"));
	const struct scorecard *cards[2] = {sc, sc};
	const struct transcript *trs[2] = {tr, tr};
	char *cmp = report_compare(cards, trs, 2, "md", &err);
	assert_non_null(strstr(cmp, "| recommendation |"));
	free(cmp);
	free(md);
	free(html);
	scorecard_free(sc);
	transcript_free(tr);
}

/* A stored scorecard as --llm-judge leaves it (docs/llm.md). */
static const char judged_json[] =
	"{\"recommendation\": \"hire\", \"llm_judge\": {\"used\": true, \"rule\": \"A dimension moves "
	"one point toward the LLM's score when they differ by two or more.\", \"dimensions\": "
	"{\"security\": {\"llm\": 1, \"quotes\": [{\"turn\": 5, \"quote\": \"We used MD5 hashes for "
	"passwords\"}], \"rule\": 3, \"final\": 2}, \"databases\": {\"llm\": 3, \"quotes\": [], "
	"\"rule\": 2, \"final\": 2}}, \"changed\": [\"security\"], \"disagreements\": [\"security: "
	"rule-based 3, LLM 1\", \"databases: rule-based 2, LLM 3 (no verified quote)\", \"red flag "
	"no_security_awareness: proposed by the LLM, not by the rules\"], \"flags_proposed\": "
	"[{\"id\": \"no_security_awareness\", \"in_scorecard\": false, \"quotes\": [{\"turn\": 5, "
	"\"quote\": \"MD5 hashes <b>for</b> passwords\"}]}], \"quotes_refused\": 2}}";

static void test_the_llm_judge_section(void **state)
{
	(void)state;
	struct transcript *tr = fx_transcript(interview, sizeof interview / sizeof interview[0]);
	struct iv_error err;
	struct scorecard *sc = scorer_evaluate(fx_scorer, tr, &err);
	assert_non_null(sc);
	char *html = report_html_judged(sc, tr, judged_json, &err);
	char *md = report_markdown_judged(sc, tr, judged_json, &err);
	assert_non_null(html);
	assert_non_null(md);
	/* what moved, where they disagreed, flags proposed, quotes refused */
	assert_non_null(strstr(html, "id=\"llm-judge\""));
	assert_non_null(strstr(html, "<tr><td>security</td><td>3</td><td>1</td><td>2</td>"));
	assert_non_null(strstr(html, "<li>security</li>"));
	assert_non_null(strstr(html, "databases: rule-based 2, LLM 3 (no verified quote)"));
	assert_non_null(strstr(html, "no_security_awareness <span class=\"tag\">not found by the rules"));
	assert_non_null(strstr(html, "Quotes refused (not the candidate's words in the turn cited): 2"));
	assert_non_null(strstr(html, "<a href=\"#turn-5\">turn 5</a>"));
	/* the LLM's quotes are escaped like every other text */
	assert_non_null(strstr(html, "MD5 hashes &lt;b&gt;for&lt;/b&gt; passwords"));
	assert_null(strstr(html, "<b>for</b>"));
	assert_non_null(strstr(md, "## LLM judge"));
	assert_non_null(strstr(md, "| security | 3 | 1 | 2 | — \"We used MD5 hashes for passwords\" "
				   "(turn 5) |"));
	assert_non_null(strstr(md, "**Moved by the LLM:** security"));
	assert_non_null(strstr(md, "- red flag no_security_awareness: proposed by the LLM, not by "
				   "the rules"));
	assert_non_null(strstr(md, "- **no_security_awareness** (not found by the rules)"));
	assert_non_null(strstr(md, "**Quotes refused** (not the candidate's words in the turn cited): 2"));
	free(html);
	free(md);
	/* nothing when the judge was not used, failed, or is absent */
	static const char *const without[] = {
		NULL, "", "not json", "{\"recommendation\": \"hire\"}",
		"{\"llm_judge\": {\"used\": false, \"reason\": \"http_error: HTTP 500\"}}",
		"{\"llm_judge\": \"used\"}",
	};
	char *plain_html = report_html(sc, tr, &err);
	char *plain_md = report_markdown(sc, tr, &err);
	for (size_t i = 0; i < sizeof without / sizeof without[0]; i++) {
		html = report_html_judged(sc, tr, without[i], &err);
		md = report_markdown_judged(sc, tr, without[i], &err);
		assert_null(strstr(html, "llm-judge"));
		assert_null(strstr(md, "LLM judge"));
		assert_string_equal(html, plain_html);
		assert_string_equal(md, plain_md);
		free(html);
		free(md);
	}
	free(plain_html);
	free(plain_md);
	scorecard_free(sc);
	transcript_free(tr);
}

static int have_chromium(const char **path)
{
	static const char *const candidates[] = {"/usr/bin/chromium", "/usr/bin/chromium-browser",
						 NULL};
	for (size_t i = 0; candidates[i]; i++)
		if (access(candidates[i], X_OK) == 0) {
			*path = candidates[i];
			return 1;
		}
	return 0;
}

static void test_html_renders_in_chromium(void **state)
{
	(void)state;
	const char *chromium = NULL;
	if (!have_chromium(&chromium)) {
		fprintf(stderr, "SKIP: chromium is not installed (apt-get install chromium); "
				"the HTML report was not rendered\n");
		skip();
	}
	struct transcript *tr = fx_transcript(interview, sizeof interview / sizeof interview[0]);
	struct iv_error err;
	struct scorecard *sc = scorer_evaluate(fx_scorer, tr, &err);
	char *html = report_html(sc, tr, &err);
	const char *artifacts = IV_DATA_DIR "/../artifacts";
	mkdir(artifacts, 0755);
	char *page = ts_write_file(artifacts, "report.html", html, strlen(html));
	char *profile = ts_tmpdir();
	char cmd[4096];
	snprintf(cmd, sizeof cmd,
		 "timeout 120 %s --headless --no-sandbox --disable-gpu --disable-quic "
		 "--no-first-run --disable-background-networking --disable-component-update "
		 "--disable-sync --user-data-dir=%s --enable-logging=stderr --v=0 "
		 "--window-size=1100,2600 --screenshot=%s/report.png file://%s "
		 ">%s/chromium.log 2>&1",
		 chromium, profile, artifacts, page, artifacts);
	unlink(IV_DATA_DIR "/../artifacts/report.png");
	int rc = system(cmd);
	size_t log_len = 0, png_len = 0;
	char *log = ts_read(IV_DATA_DIR "/../artifacts/chromium.log", &log_len);
	char *png = ts_read(IV_DATA_DIR "/../artifacts/report.png", &png_len);
	if (rc != 0 || !png)
		fail_msg("chromium failed (status %d): %s", rc, log ? log : "(no log)");
	assert_true(png_len > 20000);
	assert_memory_equal(png, "\x89PNG", 4);
	assert_null(strstr(log, "Uncaught"));
	assert_null(strstr(log, "ERROR:CONSOLE"));
	assert_null(strstr(log, ":CONSOLE("));
	free(log);
	free(png);
	ts_rmdir(profile);
	free(profile);
	free(page);
	free(html);
	scorecard_free(sc);
	transcript_free(tr);
}

/* The session id of the only stored session, from `sessions`. */
static void first_session(const char *db, char *id, size_t cap)
{
	const char *argv[] = {"interviewer", "sessions", "--db", db, NULL};
	char *out, *err_out;
	assert_int_equal(ts_run(argv, "", 0, &out, &err_out), 0);
	const char *line = strchr(out, '\n');
	assert_non_null(line);
	snprintf(id, cap, "%.32s", line + 1);
	free(out);
	free(err_out);
}

static void test_commands_on_stored_sessions(void **state)
{
	(void)state;
	char *dir = ts_tmpdir();
	char db[512], cand[512], html_path[600];
	snprintf(db, sizeof db, "%s/s.db", dir);
	snprintf(cand, sizeof cand, "%s/candidates/solid_mid.json", ts_shared_dir());
	snprintf(html_path, sizeof html_path, "%s/r.html", dir);
	char *out, *err_out;
	const char *sim[] = {"interviewer", "simulate", cand, "--seed", "7", "--db", db, NULL};
	assert_int_equal(ts_run(sim, "", 0, &out, &err_out), 0);
	free(out);
	free(err_out);
	char id[40];
	first_session(db, id, sizeof id);

	const char *rep[] = {"interviewer", "report", id, "--format", "html", "-o", html_path,
			     "--db", db, NULL};
	if (ts_run(rep, "", 0, &out, &err_out) != 0)
		fail_msg("report failed: %s", err_out);
	free(out);
	free(err_out);
	size_t len;
	char *html = ts_read(html_path, &len);
	assert_non_null(html);
	assert_non_null(strstr(html, "Marcus"));
	assert_null(strstr(html, "llm-judge")); /* held without --llm-judge */
	free(html);

	const char *json[] = {"interviewer", "report", id, "--format", "json", "--db", db, NULL};
	assert_int_equal(ts_run(json, "", 0, &out, &err_out), 0);
	json_t *j = json_loads(out, 0, NULL);
	assert_non_null(j);
	assert_non_null(json_object_get(j, "dimensions"));
	json_decref(j);
	free(out);
	free(err_out);

	/* rescoring twice with the same rubric stores the identical scorecard */
	const char *res[] = {"interviewer", "rescore", id, "--db", db, NULL};
	assert_int_equal(ts_run(res, "", 0, &out, &err_out), 0);
	assert_non_null(strstr(out, "rubric-"));
	free(out);
	free(err_out);
	struct iv_error err;
	struct store *st = store_open(db, &err);
	char *first = store_get_scorecard(st, id, &err);
	store_close(st);
	assert_int_equal(ts_run(res, "", 0, &out, &err_out), 0);
	free(out);
	free(err_out);
	st = store_open(db, &err);
	char *second = store_get_scorecard(st, id, &err);
	store_close(st);
	assert_non_null(first);
	assert_non_null(second);
	assert_string_equal(first, second);

	/* a scorecard the LLM judge took part in keeps that part when rescored */
	json_t *card = json_loads(first, 0, NULL);
	assert_non_null(card);
	json_object_set_new(card, "llm_judge",
			    json_pack("{s:b, s:{s:{s:i, s:[{s:i, s:s}]}}, s:[]}", "used", 1,
				      "dimensions", "security", "llm", 1, "quotes", "turn", 3, "quote",
				      "words nobody said in this interview", "flags_proposed"));
	char *with_judge = json_dumps(card, 0);
	json_decref(card);
	st = store_open(db, &err);
	assert_int_equal(store_set_scorecard(st, id, with_judge, "rubric-test", &err), 0);
	store_close(st);
	free(with_judge);
	assert_int_equal(ts_run(res, "", 0, &out, &err_out), 0);
	free(out);
	free(err_out);
	st = store_open(db, &err);
	char *third = store_get_scorecard(st, id, &err);
	store_close(st);
	json_t *t3 = json_loads(third, 0, NULL);
	json_t *section = json_object_get(t3, "llm_judge");
	assert_true(json_is_true(json_object_get(section, "used")));
	assert_int_equal(json_integer_value(json_object_get(section, "quotes_refused")), 1);
	assert_int_equal(json_array_size(json_object_get(section, "changed")), 0);
	json_decref(t3);
	free(third);
	free(first);
	free(second);

	const char *cmp[] = {"interviewer", "compare", id, id, "--db", db, NULL};
	assert_int_equal(ts_run(cmp, "", 0, &out, &err_out), 0);
	assert_non_null(strstr(out, "recommendation"));
	assert_non_null(strstr(out, "production_experience"));
	free(out);
	free(err_out);

	const char *bad[] = {"interviewer", "report", "ffffffff", "--format", "md", "--db", db, NULL};
	assert_int_not_equal(ts_run(bad, "", 0, &out, &err_out), 0);
	assert_true(strlen(err_out) > 0);
	free(out);
	free(err_out);
	ts_rmdir(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_is_self_contained),
		cmocka_unit_test(test_the_llm_judge_section),
		cmocka_unit_test(test_html_renders_in_chromium),
		cmocka_unit_test(test_commands_on_stored_sessions),
	};
	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
