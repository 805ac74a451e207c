/*
 * test_evaluate_substance.c - judgement that does not hang on volume or
 * wording: a long answer with no substance against a short one with a lot,
 * a hypothetical phrased as experience, an admitted gap in unusual words,
 * absence as evidence (security asked about and nothing said; "why?"
 * asked and never answered), work from study that is not production work,
 * and the scope of work that keeps a level down.  Every answer here was
 * written for this test; none comes from a candidate file.
 */
#include "evaluate_fixture.h"

/* ---- substance over volume ---- */

static const struct fx_turn padded[] = {
	{"experience.slow_endpoint", A(QUESTION),
	 "So performance is a really big topic and there are so many things you can look at, like "
	 "caching and indexes and queries and the network and the CDN and the load balancer and "
	 "Kubernetes and autoscaling and all of that. Basically performance is about making things "
	 "fast, and there are many layers, the database layer, the application layer, the "
	 "frontend layer, and each of them can be slow for lots of reasons. In general you want to "
	 "look at everything, because everything matters, and monitoring is important, and "
	 "observability is important, and tracing is important, and logging is important too. "
	 "There are many tools for that, Datadog, Grafana, Prometheus, New Relic, all good tools. "
	 "It really depends on the situation, every system is different, so you have to think "
	 "about it holistically and follow best practices for performance."},
	{"experience.database_choice", A(QUESTION),
	 "Databases are a huge area too. There is Postgres, MySQL, MongoDB, Cassandra, DynamoDB, "
	 "Redis, Elasticsearch, and they all have different strengths and weaknesses and use cases. "
	 "Relational databases are good for relational data and NoSQL databases are good for other "
	 "data, and it depends on the requirements, and the team, and the scale, and the budget, "
	 "and many other things, so there is no one right answer, it is always a trade-off in the "
	 "end and you have to pick what fits best for the use case."},
};

static const struct fx_turn dense[] = {
	{"experience.slow_endpoint", A(QUESTION),
	 "Order history, p95 at 2.4 seconds. The trace showed 180 queries a page; one join with "
	 "the line items took it to 3 queries and 140 milliseconds."},
	{"experience.database_choice", A(QUESTION),
	 "We kept Postgres because refunds and stock moves must commit together; the cost is "
	 "running the replicas ourselves."},
};

static void test_long_empty_answer_scores_below_short_full_one(void **state)
{
	(void)state;
	struct scorecard *talk = FX_JUDGE(padded), *work = FX_JUDGE(dense);
	const struct dimension_result *a = &talk->dimensions[DIM_PRODUCTION_EXPERIENCE];
	const struct dimension_result *b = &work->dimensions[DIM_PRODUCTION_EXPERIENCE];
	assert_true(b->touched);
	assert_true(!a->touched || a->score < b->score);
	assert_true(talk->overall < work->overall);
	assert_true(talk->stats.topic_substance < work->stats.topic_substance);
	scorecard_free(talk);
	scorecard_free(work);
}

/* The same answer said once or three times over earns the same depth. */
static const struct fx_turn said_once[] = {
	{"experience.slow_endpoint", A(QUESTION),
	 "The invoice export timed out at 30 seconds; we added an index on customer and date "
	 "because every export filtered on both, and it ran in 900 milliseconds."},
};

static const struct fx_turn said_thrice[] = {
	{"experience.slow_endpoint", A(QUESTION),
	 "The invoice export timed out at 30 seconds; we added an index on customer and date "
	 "because every export filtered on both, and it ran in 900 milliseconds. So yes, the "
	 "invoice export timed out at 30 seconds, and we added an index on customer and date "
	 "because every export filtered on both, and then it ran in 900 milliseconds. Again, "
	 "the export went from 30 seconds to 900 milliseconds after the customer and date index, "
	 "because the filter used both columns."},
};

static void test_repetition_adds_nothing(void **state)
{
	(void)state;
	struct scorecard *one = FX_JUDGE(said_once), *three = FX_JUDGE(said_thrice);
	assert_true(one->dimensions[DIM_PRODUCTION_EXPERIENCE].touched);
	assert_int_equal(three->dimensions[DIM_PRODUCTION_EXPERIENCE].score,
			 one->dimensions[DIM_PRODUCTION_EXPERIENCE].score);
	assert_int_equal(three->dimensions[DIM_DATABASES].score, one->dimensions[DIM_DATABASES].score);
	scorecard_free(one);
	scorecard_free(three);
}

/* ---- practice and theory ---- */

static const struct fx_turn plans_as_stories[] = {
	{"experience.recent_api", A(QUESTION),
	 "For our ticketing API we'd put a queue in front and our consumers would scale on depth "
	 "to about 5,000 requests per second. Typically we'd shard our bookings table by event."},
	{"experience.mistake", A(QUESTION),
	 "If I had to run a migration on our big table I'd do it in batches of 5,000 rows, and "
	 "we would normally test the rollback first on our staging copy."},
	{"deep.incident", A(QUESTION),
	 "In our team you'd page the on-call, look at our dashboards and roll back within 10 "
	 "minutes; ideally we'd write a blameless postmortem the same week."},
	{"experience.slow_endpoint", A(QUESTION),
	 "On our checkout we'd add an index and a cache, which would bring p99 from 800 "
	 "milliseconds to about 100."},
};

static void test_hypotheticals_are_not_production_work(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(plans_as_stories);
	const struct dimension_result *p = &sc->dimensions[DIM_PRODUCTION_EXPERIENCE];
	assert_true(!p->touched || p->score <= 2);
	assert_false(sc->indicators[IND_REAL_PROJECTS].present);
	scorecard_free(sc);
}

static const struct fx_turn study_work[] = {
	{"experience.recent_api", A(QUESTION),
	 "In my bootcamp project I built a small booking API. I noticed the page was slow and "
	 "logged the queries, and found 50 queries per page, so we fixed it with one join."},
	{"experience.slow_endpoint", A(QUESTION),
	 "On my side project the search took 3 seconds and I added an index and it went to 200 "
	 "milliseconds."},
};

static void test_study_work_is_not_production(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(study_work);
	const struct dimension_result *p = &sc->dimensions[DIM_PRODUCTION_EXPERIENCE];
	assert_true(!p->touched || p->score <= 2);
	scorecard_free(sc);
}

/* ---- gaps in unusual words ---- */

static const struct fx_turn odd_gaps[] = {
	{"deep.microservices", A(QUESTION),
	 "Service meshes are a black box for me, honestly. My knowledge stops about at the load "
	 "balancer."},
};

static void test_gap_in_unusual_words(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(odd_gaps);
	assert_true(sc->indicators[IND_ADMITS_GAPS].present);
	scorecard_free(sc);
}

/* ---- absence is evidence ---- */

static const struct fx_turn security_nothing[] = {
	{"security.general", A(QUESTION) | A(SECURITY_PROBE),
	 "Security matters a lot to us, it is something the whole team cares about every day."},
	{"security.input_validation", A(QUESTION),
	 "We take that seriously. There are a lot of ways things can go wrong, so we are careful "
	 "and we think about it when we build features, it is part of the culture."},
	{"security.password_storage", A(QUESTION),
	 "The framework takes care of that part for us, it is all handled, we never worry about it "
	 "because it is a solved problem and people much smarter than me built it."},
	{"security.headers", A(QUESTION),
	 "Those are set up, there is a config somewhere for all of that, it has been fine."},
};

static void test_nothing_specific_on_security_is_a_flag(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(security_nothing);
	const struct finding *f = &sc->red_flags[RF_NO_SECURITY_AWARENESS];
	assert_true(f->present);
	/* each absence names the question where it was missing */
	assert_true(f->evidence.n >= 2);
	for (size_t i = 0; i < f->evidence.n; i++)
		assert_true(f->evidence.items[i].prompted);
	scorecard_free(sc);
}

static const struct fx_turn security_answered[] = {
	{"security.general", A(QUESTION) | A(SECURITY_PROBE),
	 "Every query is parameterized and the payment webhooks are signed with an HMAC."},
	{"security.input_validation", A(QUESTION),
	 "We validate every body against a schema on the server and reject unknown fields."},
	{"security.password_storage", A(QUESTION),
	 "Argon2id with a per-user salt, and we rehash old bcrypt hashes at login."},
	{"security.headers", A(QUESTION), "HSTS, a strict CSP and frame-ancestors none."},
};

static void test_specific_security_answers_are_not_a_flag(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(security_answered);
	assert_false(sc->red_flags[RF_NO_SECURITY_AWARENESS].present);
	scorecard_free(sc);
}

static const struct fx_turn why_unanswered[] = {
	{"experience.database_choice", A(QUESTION), "We use Mongo."},
	{"experience.database_choice", A(PROBE_WHY) | A(FOLLOW_UP), "It was there when I came."},
	{"experience.authentication", A(QUESTION), "JWT in a header."},
	{"experience.authentication", A(PROBE_WHY) | A(FOLLOW_UP), "That is how it is done."},
	{"design.rate_limiting", A(QUESTION), "A limit per user."},
	{"design.rate_limiting", A(PROBE_WHY) | A(FOLLOW_UP), "Seemed fine to me."},
	{"design.async_uploads", A(QUESTION), "Put it on a queue."},
	{"design.async_uploads", A(PROBE_WHY) | A(FOLLOW_UP), "Everyone does that."},
	{"design.webhooks", A(QUESTION), "Send a POST."},
	{"design.webhooks", A(PROBE_WHY) | A(FOLLOW_UP), "No particular reason, it works."},
};

static void test_why_never_answered_is_a_flag(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(why_unanswered);
	const struct finding *f = &sc->red_flags[RF_CANNOT_EXPLAIN_CHOICES];
	assert_true(f->present);
	assert_true(f->evidence.n > 0);
	scorecard_free(sc);
}

static const struct fx_turn why_answered_tersely[] = {
	{"experience.database_choice", A(QUESTION), "Postgres."},
	{"experience.database_choice", A(PROBE_WHY) | A(FOLLOW_UP),
	 "Refunds and stock must commit together, so one transaction."},
	{"experience.authentication", A(QUESTION), "Short-lived JWTs, 5 minutes."},
	{"experience.authentication", A(PROBE_WHY) | A(FOLLOW_UP),
	 "Services verify locally because the auth service went down once and took everything."},
	{"design.rate_limiting", A(QUESTION), "Token bucket per key."},
	{"design.rate_limiting", A(PROBE_WHY) | A(FOLLOW_UP),
	 "Bursts are fine but the hourly total holds, which is what partners asked for."},
	{"design.async_uploads", A(QUESTION), "A queue with 8 workers."},
	{"design.async_uploads", A(PROBE_WHY) | A(FOLLOW_UP),
	 "Transcoding takes minutes, so the upload returns at once and a worker picks it up."},
};

static void test_terse_reasons_are_reasons(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(why_answered_tersely);
	assert_false(sc->red_flags[RF_CANNOT_EXPLAIN_CHOICES].present);
	scorecard_free(sc);
}

/* ---- scope ---- */

static const struct fx_turn task_scope[] = {
	{"experience.recent_api", A(QUESTION),
	 "I built the export button and the endpoint behind it; my lead designed the schema and I "
	 "wrote the queries for it, following the pattern the seniors had set up."},
	{"experience.complex_api", A(QUESTION),
	 "My part was the filter logic for the search page. The rest of the service existed already, "
	 "so I added two query parameters and their tests."},
	{"experience.difficult_decision", A(QUESTION),
	 "Honestly the decisions were not mine, the tech lead decided, and I implemented the "
	 "endpoint to spec."},
};

static void test_task_scope_is_counted(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(task_scope);
	assert_true(sc->stats.scope_feature >= 2);
	assert_int_equal(sc->stats.scope_org, 0);
	assert_true(sc->level <= LEVEL_MID);
	scorecard_free(sc);
}

/* Leading in plain titles ("I was the technical lead for ...", "one of two
 * lead engineers on ...", "I sit on the architecture board") is leading,
 * and led work at the size of a system, with substance on the topics, is
 * senior evidence though they admit what they have not done. */
static const struct fx_turn led_with_gaps[] = {
	{"opening.intro", A(QUESTION),
	 "I'm the technical lead for the claims platform at an insurer, six developers, and I sit "
	 "on the architecture board for integration."},
	{"deep.complex_system", A(QUESTION),
	 "I was one of two lead engineers on the redesign of the payment hub, from 2019 to 2021. We "
	 "moved 40 thousand payments a day from nightly batches to a state machine in Postgres, "
	 "because the batch window kept overrunning and failed payments were found a day late."},
	{"deep.complex_system", A(PROBE_TRADEOFF) | A(FOLLOW_UP),
	 "The cost was operational: a state machine needs monitoring of stuck states, so we added an "
	 "alert when a payment sat in one state for more than 15 minutes."},
	{"deep.incident", A(QUESTION),
	 "I led the incident review when a certificate expired on the clearing connection and 3 "
	 "thousand payments queued for two hours. We now renew at 30 days and alert at 20."},
	{"design.high_traffic", A(QUESTION),
	 "Honestly I haven't run anything at consumer scale, our peak was 200 requests a second, "
	 "so I'd be careful about claiming more than that."},
	{"experience.database_choice", A(QUESTION),
	 "Postgres, because payments need transactions across the ledger and the order, and the "
	 "DBA team already ran it well."},
};

static void test_leading_in_plain_titles(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(led_with_gaps);
	assert_true(sc->stats.leadership >= 3);
	assert_true(sc->stats.scope_system + sc->stats.scope_org >= 1);
	scorecard_free(sc);
}

/* A founding role said of oneself ("I was the first engineer", "I ended up
 * as CTO", "an engineer I had hired") is leading at the size of the
 * product; the same work told without the role is not. */
static const struct fx_turn founding_role[] = {
	{"opening.intro", A(QUESTION),
	 "I was the first engineer at a small logistics startup and I became the CTO there when we "
	 "were eleven people. I hired the first four backend developers myself."},
	{"experience.recent_api", A(QUESTION),
	 "The dispatch API: drivers poll for jobs every 10 seconds, and we moved that to server push "
	 "because polling was 70 percent of our database load."},
};
static const struct fx_turn same_work_no_role[] = {
	{"opening.intro", A(QUESTION),
	 "I work at a small logistics startup, on the backend, mostly the dispatch service."},
	{"experience.recent_api", A(QUESTION),
	 "The dispatch API: drivers poll for jobs every 10 seconds, and we moved that to server push "
	 "because polling was 70 percent of our database load."},
};

static void test_founding_roles_are_leading(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(founding_role);
	int led = sc->stats.leadership, wide = sc->stats.scope_system + sc->stats.scope_org;
	scorecard_free(sc);
	assert_true(led >= 2);
	assert_true(wide >= 1);
	sc = FX_JUDGE(same_work_no_role);
	assert_int_equal(sc->stats.leadership, 0);
	assert_int_equal(sc->stats.scope_system + sc->stats.scope_org, 0);
	scorecard_free(sc);
}

/* What a topic's answers show together counts for the topic: a terse
 * expert gives the choice in one reply, the reason in the next and the
 * number in a third; no one of them alone shows as much. */
static const struct fx_turn terse_topic[] = {
	{"design.rate_limiting", A(QUESTION), "Token bucket per API key, in Redis."},
	{"design.rate_limiting", A(PROBE_WHY) | A(FOLLOW_UP),
	 "Because partners burst at the top of the hour and a fixed window punished them."},
	{"design.rate_limiting", A(PROBE_SCALE) | A(FOLLOW_UP),
	 "We ran it at four thousand requests a second; one Lua script per check kept it atomic."},
};

static void test_a_topic_shows_what_its_answers_show_together(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(terse_topic);
	double together = sc->stats.topic_substance;
	scorecard_free(sc);
	double alone = 0;
	for (size_t i = 0; i < sizeof terse_topic / sizeof *terse_topic; i++) {
		struct fx_turn one = terse_topic[i];
		one.acts = A(QUESTION);
		sc = fx_judge(&one, 1);
		if (sc->stats.topic_substance > alone)
			alone = sc->stats.topic_substance;
		scorecard_free(sc);
	}
	if (!(together > alone))
		fail_msg("together %.2f, best alone %.2f", together, alone);
}

/* Asked about their own work, specifics given without an "I" or a "we"
 * tell of that work as plainly as with one; the same specifics as a
 * hypothetical do not. */
static const struct fx_turn subjectless[] = {
	{"experience.slow_endpoint", A(QUESTION),
	 "The invoice search. Four seconds at p99. An N+1 on the line items, two hundred queries a "
	 "page. One join and a composite index: 120 milliseconds."},
};
static const struct fx_turn with_subject[] = {
	{"experience.slow_endpoint", A(QUESTION),
	 "We had the invoice search. It took four seconds at p99. We found an N+1 on the line "
	 "items, two hundred queries a page. We added one join and a composite index: 120 "
	 "milliseconds."},
};
static const struct fx_turn as_hypothetical[] = {
	{"experience.slow_endpoint", A(QUESTION),
	 "Typically you would look for an N+1, maybe two hundred queries a page, and you would add "
	 "a join and an index to get to around 120 milliseconds."},
};

static void test_specifics_without_a_subject_are_first_hand(void **state)
{
	(void)state;
	struct scorecard *terse = FX_JUDGE(subjectless);
	struct scorecard *full = FX_JUDGE(with_subject);
	struct scorecard *hypo = FX_JUDGE(as_hypothetical);
	assert_true(full->stats.topic_substance > 0.5);
	assert_float_equal(terse->stats.topic_substance, full->stats.topic_substance, 1e-9);
	assert_true(hypo->stats.topic_substance < terse->stats.topic_substance);
	scorecard_free(terse);
	scorecard_free(full);
	scorecard_free(hypo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_empty_answer_scores_below_short_full_one),
		cmocka_unit_test(test_repetition_adds_nothing),
		cmocka_unit_test(test_hypotheticals_are_not_production_work),
		cmocka_unit_test(test_study_work_is_not_production),
		cmocka_unit_test(test_gap_in_unusual_words),
		cmocka_unit_test(test_nothing_specific_on_security_is_a_flag),
		cmocka_unit_test(test_specific_security_answers_are_not_a_flag),
		cmocka_unit_test(test_why_never_answered_is_a_flag),
		cmocka_unit_test(test_terse_reasons_are_reasons),
		cmocka_unit_test(test_task_scope_is_counted),
		cmocka_unit_test(test_founding_roles_are_leading),
		cmocka_unit_test(test_leading_in_plain_titles),
		cmocka_unit_test(test_a_topic_shows_what_its_answers_show_together),
		cmocka_unit_test(test_specifics_without_a_subject_are_first_hand),
	};
	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
