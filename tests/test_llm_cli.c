/*
 * test_llm_cli.c - `interviewer chat --jsonl --llm-url` as a user runs it,
 * against the tests' local OpenAI-protocol server: the words come from the
 * LLM and each say tells so; the key goes out as a bearer header and is in
 * no output or file; a session worded by the LLM resumes; and a server that
 * fails in every way (errors, stalls, garbage, rule-breaking words) still
 * gives a whole interview that keeps the brief's rules.
 */
#include "test_support.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_llm.h"
#include "store.h"
#include "voice/tts_flite.h"
#include "voice/wav.h"

#define KEY "sk-never-print-me-7f3a9c"

static struct fake_llm *server;
static char *tmp;

static int setup(void **state)
{
	server = fake_llm_start();
	assert_non_null(server);
	tmp = ts_tmpdir();
	setenv("INTERVIEWER_LLM_KEY", KEY, 1);
	setenv("INTERVIEWER_LLM_BUDGET_MS", "500", 1);
	setenv("INTERVIEWER_LLM_TOTAL_MS", "1500", 1);
	setenv("INTERVIEWER_LLM_COOLDOWN_MS", "300", 1);
	setenv("INTERVIEWER_LLM_BACKOFF_MS", "10", 1);
	return 0;
}

static int teardown(void **state)
{
	fake_llm_stop(server);
	ts_rmdir(tmp);
	free(tmp);
	return 0;
}

static const char *const answers[] = {
	"Hi, thanks. I build payment APIs in Go on Postgres, mostly order and refund flows.",
	"The hardest part was making refunds idempotent when the bank timed out and clients retried.",
	"We used an idempotency key table with a unique constraint, and the retry returned the stored result.",
	"I'd put a token bucket in Redis keyed by API key, and return 429 with Retry-After when it's empty.",
	"For uploads I'd hand out a presigned URL, put a job on a queue, and let workers process it.",
	"Passwords go through argon2id with a per-user salt, and we never log them.",
	"I would check the slow query log and run EXPLAIN ANALYZE, then add the missing index.",
	"Honestly I haven't done that myself, but I'd start by measuring where the time goes.",
	"Could you tell me how the team handles on-call?",
};

/* n candidate lines, cycling through the answers. */
static char *candidate_lines(int n)
{
	size_t cap = 256 * (size_t)n, len = 0;
	char *s = malloc(cap);
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len, "{\"text\": \"%s\"}\n",
					answers[i % (sizeof answers / sizeof answers[0])]);
	return s;
}

static int contains_bytes(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(hay + i, needle, n))
			return 1;
	return 0;
}

static void file_lacks(const char *path, const char *needle)
{
	size_t len = 0;
	char *data = ts_read(path, &len);
	if (!data)
		return; /* a WAL that was checkpointed away holds nothing */
	if (contains_bytes(data, len, needle))
		fail_msg("%s holds the key", path);
	free(data);
}

struct run_summary {
	int says, from_llm, fallbacks, max_questions, code_requests, ended, with_scorecard;
	int phases_seen; /* bit per phase */
	char first_fallback[300];
	char session[64];
};

static void summarize(const char *out, struct run_summary *s)
{
	static const char *const phases[] = {"opening", "experience", "design", "deep_dive", "closing"};
	memset(s, 0, sizeof *s);
	for (const char *line = out; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		json_t *o = json_loadb(line, len, 0, NULL);
		assert_non_null(o); /* stdout is JSON lines only */
		const char *ev = json_string_value(json_object_get(o, "event"));
		if (ev && !strcmp(ev, "say")) {
			s->says++;
			const char *text = json_string_value(json_object_get(o, "text"));
			const char *wording = json_string_value(json_object_get(o, "wording"));
			assert_non_null(wording);
			s->from_llm += !strcmp(wording, "llm");
			s->fallbacks += json_object_get(o, "fallback") != NULL;
			if (json_object_get(o, "fallback") && !s->first_fallback[0])
				snprintf(s->first_fallback, sizeof s->first_fallback, "turn %d: %s / %s",
					 (int)json_integer_value(json_object_get(o, "turn")),
					 json_string_value(json_object_get(o, "fallback")), text);
			int q = 0;
			for (const char *p = text; *p; p++)
				q += *p == '?';
			/* the LLM's words ask at most one question (the script
			 * may ask the brief's two-part questions as the brief does) */
			if (!strcmp(wording, "llm") && q > s->max_questions)
				s->max_questions = q;
			s->code_requests += strstr(text, "write the code") != NULL;
			const char *ph = json_string_value(json_object_get(o, "phase"));
			for (int i = 0; i < 5; i++)
				if (ph && !strcmp(ph, phases[i]))
					s->phases_seen |= 1 << i;
			const char *sid = json_string_value(json_object_get(o, "session"));
			if (sid)
				snprintf(s->session, sizeof s->session, "%s", sid);
		} else if (ev && !strcmp(ev, "end")) {
			s->ended = 1;
			s->with_scorecard = json_is_object(json_object_get(o, "scorecard"));
		}
		json_decref(o);
		line = nl ? nl + 1 : NULL;
	}
}

static void the_llm_words_the_interview_and_the_key_stays_secret(void **state)
{
	fake_llm_reset(server);
	char *db = ts_path(tmp, "llm.db");
	const char *argv[] = {"interviewer", "chat", "--jsonl", "--virtual-clock", "--seed", "3",
			      "--name", "Alex", "--db", db, "--llm-url", fake_llm_url(server),
			      "--llm-model", "local-model", NULL};
	char *in = candidate_lines(400);
	char *out = NULL, *err = NULL;
	int rc = ts_run(argv, in, strlen(in), &out, &err);
	assert_int_equal(rc, 0);
	struct run_summary s;
	summarize(out, &s);
	assert_true(s.ended && s.with_scorecard);
	assert_true(s.says >= 20);
	if (s.from_llm != s.says) /* a healthy server words every turn */
		fail_msg("%d of %d turns from the LLM; %s", s.from_llm, s.says, s.first_fallback);
	assert_int_equal(s.fallbacks, 0);
	assert_int_equal(fake_llm_requests(server), s.says);
	char *auth = fake_llm_auth(server, 0);
	assert_string_equal(auth, "Bearer " KEY);
	free(auth);
	char *body = fake_llm_body(server, 3);
	assert_non_null(strstr(body, "\"model\":\"local-model\""));
	assert_non_null(strstr(body, "<candidate>"));
	free(body);
	/* the key is in no output and no file */
	assert_null(strstr(out, KEY));
	assert_null(strstr(err, KEY));
	file_lacks(db, KEY);
	char wal[4200];
	snprintf(wal, sizeof wal, "%s-wal", db);
	file_lacks(wal, KEY);
	free(out);
	free(err);
	free(in);
	free(db);
}

static void a_session_worded_by_the_llm_resumes(void **state)
{
	fake_llm_reset(server);
	/* the LLM's words differ from the script's: a resume must replay the
	 * engine against its own wording, not the words said */
	fake_llm_set_default(server, FAKE_ECHO, NULL);
	char *db = ts_path(tmp, "resume.db");
	const char *argv[] = {"interviewer", "chat", "--jsonl", "--virtual-clock", "--seed", "5",
			      "--db", db, "--llm-url", fake_llm_url(server), NULL};
	char *in = candidate_lines(4);
	char *out = NULL, *err = NULL;
	assert_int_equal(ts_run(argv, in, strlen(in), &out, &err), 0);
	struct run_summary s;
	summarize(out, &s);
	assert_int_equal(s.says, 5);
	assert_false(s.ended);
	free(out);
	free(err);
	/* now a server that breaks a rule every time: the words of the resumed
	 * turns come from the store, the new ones from the script */
	fake_llm_set_default(server, FAKE_TEXT, "Please write the code for that. And then what? Why?");
	const char *argv2[] = {"interviewer", "resume", s.session, "--jsonl", "--db", db,
			       "--llm-url", fake_llm_url(server), NULL};
	const char *more = "{\"text\": \"We kept the refunds in a separate table keyed by the order.\"}\n";
	assert_int_equal(ts_run(argv2, more, strlen(more), &out, &err), 0);
	if (!strstr(out, "\"event\":\"say\""))
		fail_msg("resume said nothing: %s", err);
	assert_null(strstr(out, "write the code"));
	assert_non_null(strstr(out, "\"wording\":\"script\""));
	assert_non_null(strstr(out, "guard"));
	free(out);
	free(err);
	free(in);
	free(db);
}

static void a_server_failing_in_every_way_keeps_every_rule(void **state)
{
	fake_llm_reset(server);
	/* every fault in turn, then words that break the rules for good */
	static const enum fake_mode modes[] = {FAKE_HTTP_500, FAKE_STALL, FAKE_MALFORMED,
					       FAKE_TRUNCATED, FAKE_SLOW, FAKE_HTTP_404,
					       FAKE_ERROR_EVENT, FAKE_EMPTY, FAKE_HTTP_429};
	for (int i = 0; i < 54; i++)
		fake_llm_push(server, i % 2 ? FAKE_ECHO : modes[(i / 2) % 9], NULL);
	fake_llm_set_default(server, FAKE_TEXT,
			     "Great job, you are senior. Please write the code for it. What else? Anything?");
	char *db = ts_path(tmp, "failing.db");
	const char *argv[] = {"interviewer", "chat", "--jsonl", "--virtual-clock", "--seed", "7",
			      "--db", db, "--llm-url", fake_llm_url(server), NULL};
	char *in = candidate_lines(400);
	char *out = NULL, *err = NULL;
	assert_int_equal(ts_run(argv, in, strlen(in), &out, &err), 0);
	struct run_summary s;
	summarize(out, &s);
	assert_true(s.ended && s.with_scorecard);
	assert_int_equal(s.phases_seen, 0x1f); /* every phase of the brief */
	assert_true(s.max_questions <= 1);
	assert_int_equal(s.code_requests, 0);
	assert_null(strstr(out, "you are senior"));
	assert_true(s.fallbacks > 0);
	assert_true(s.from_llm > 0); /* the echo turns between faults were used */
	assert_null(strstr(out, KEY));
	assert_null(strstr(err, KEY));
	free(out);
	free(err);
	free(in);
	free(db);
}

/* `voice --llm-url`: the first sentence of the LLM's words is said (and
 * captioned) while the rest streams in; when the rest never comes, the
 * script's remainder ends the turn, and the store says so. */
static void voice_says_the_first_sentence_while_the_rest_streams(void **state)
{
	fake_llm_reset(server);
	fake_llm_set_token_ms(server, 20);
	fake_llm_set_default(server, FAKE_TEXT_STALLED, "Good to have you here with us today. And so");
	struct iv_error e = {{0}};
	struct tts_flite *tts = tts_flite_new("rms", 160, &e);
	assert_non_null(tts);
	int16_t *pcm;
	size_t len;
	assert_int_equal(tts_flite_synth(tts, "I have been building backend services in Python for "
					 "five years.", &pcm, &len, &e), 0);
	tts_flite_free(tts);
	size_t n = 8000 + len + 16000 * 3;
	int16_t *audio = calloc(n, sizeof *audio);
	memcpy(audio + 8000, pcm, len * sizeof *pcm);
	free(pcm);
	char *in = ts_path(tmp, "early_in.wav"), *out_wav = ts_path(tmp, "early_out.wav"),
	     *db = ts_path(tmp, "early.db");
	assert_int_equal(wav_write(in, audio, n, 16000, &e), 0);
	free(audio);
	char in_env[600], out_env[600];
	snprintf(in_env, sizeof in_env, "file:%s", in);
	snprintf(out_env, sizeof out_env, "file:%s", out_wav);
	setenv("INTERVIEWER_AUDIO_IN", in_env, 1);
	setenv("INTERVIEWER_AUDIO_OUT", out_env, 1);
	setenv("INTERVIEWER_BARGE_IN", "0", 1);
	const char *argv[] = {"interviewer", "voice", "--db", db, "--voice", "kal16", "--seed", "3",
			      "--llm-url", fake_llm_url(server), NULL};
	char *out = NULL, *err = NULL;
	int rc = ts_run(argv, NULL, 0, &out, &err);
	unsetenv("INTERVIEWER_AUDIO_IN");
	unsetenv("INTERVIEWER_AUDIO_OUT");
	unsetenv("INTERVIEWER_BARGE_IN");
	if (rc != 0)
		fail_msg("voice exited %d: %s", rc, err);
	/* the sentence said early has its own caption, then the script's rest */
	const char *early = strstr(out, "Interviewer: Good to have you here with us today.\n");
	if (!early)
		fail_msg("no early caption in: %s", out);
	assert_non_null(strstr(early, "\r\033[KInterviewer: "));
	assert_null(strstr(out, "And so"));
	assert_null(strstr(out, KEY));
	const char *id = strstr(out, "stored as session ");
	assert_non_null(id);
	id += strlen("stored as session ");
	char session[64];
	snprintf(session, sizeof session, "%.*s", (int)strcspn(id, ".\n"), id);
	struct store *st = store_open(db, &e);
	assert_non_null(st);
	struct transcript *tr = store_load(st, session, NULL, &e);
	assert_non_null(tr);
	assert_true(tr->n_turns >= 1);
	const struct transcript_turn *t = &tr->turns[0];
	assert_string_equal(t->wording, "llm+script");
	assert_non_null(strstr(t->fallback, "after the first sentence, too_slow"));
	assert_true(!strncmp(t->interviewer_text, "Good to have you here with us today. ", 37));
	/* the turn as said is the sentence and the script's remainder */
	assert_non_null(strstr(t->scripted_text, t->interviewer_text + 37));
	transcript_free(tr);
	store_close(st);
	struct wav_audio played;
	assert_int_equal(wav_read_16k_mono(out_wav, &played, &e), 0);
	assert_true(played.n_samples > 16000 * 2);
	wav_audio_release(&played);
	free(out);
	free(err);
	free(in);
	free(out_wav);
	free(db);
}

static void without_an_llm_nothing_is_sent_and_says_carry_no_wording(void **state)
{
	fake_llm_reset(server);
	char *db = ts_path(tmp, "offline.db");
	const char *argv[] = {"interviewer", "chat", "--jsonl", "--virtual-clock", "--db", db, NULL};
	char *in = candidate_lines(3);
	char *out = NULL, *err = NULL;
	unsetenv("INTERVIEWER_LLM_URL");
	assert_int_equal(ts_run(argv, in, strlen(in), &out, &err), 0);
	assert_non_null(strstr(out, "\"event\":\"say\""));
	assert_null(strstr(out, "\"wording\""));
	assert_int_equal(fake_llm_requests(server), 0);
	free(out);
	free(err);
	free(in);
	free(db);
}

static void a_bad_llm_url_is_a_clear_error(void **state)
{
	const char *argv[] = {"interviewer", "chat", "--jsonl", "--llm-url", "ftp://x", NULL};
	char *out = NULL, *err = NULL;
	assert_int_equal(ts_run(argv, "", 0, &out, &err), 1);
	assert_non_null(strstr(err, "http://"));
	assert_null(strstr(out, "\"say\""));
	free(out);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_llm_words_the_interview_and_the_key_stays_secret),
		cmocka_unit_test(a_session_worded_by_the_llm_resumes),
		cmocka_unit_test(a_server_failing_in_every_way_keeps_every_rule),
		cmocka_unit_test(voice_says_the_first_sentence_while_the_rest_streams),
		cmocka_unit_test(without_an_llm_nothing_is_sent_and_says_carry_no_wording),
		cmocka_unit_test(a_bad_llm_url_is_a_clear_error),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
