/*
 * test_evaluate_breadth.c - judgement that hears what a candidate knows in
 * their own words and where their experience comes from: security
 * knowledge said without the rubric's phrasing, a trade-off whose reason
 * and cost sit in different sentences, and a graduate whose internships are
 * work, not study, against one whose knowledge comes from courses and side
 * projects.  Every answer here was written for this
 * test; none comes from a candidate file.
 */
#include "evaluate_fixture.h"

/* ---- knowledge heard in any words ---- */

/* Security answered with substance in words of its own: concepts named with
 * a reason or a failure handled, not the rubric's stock phrases. */
static const struct fx_turn security_own_words[] = {
	{"security.general", A(QUESTION) | A(SECURITY_PROBE),
	 "The support console was the scary part, because one agent account could read every "
	 "tenant, so we put it behind SSO with hardware keys and logged each record it opened."},
	{"security.input_validation", A(QUESTION),
	 "Anything a partner uploads is untrusted, so the importer runs in its own container "
	 "without network access, because a crafted spreadsheet once tried to call out."},
	{"security.password_storage", A(QUESTION),
	 "We stopped storing passwords at all: customers sign in through their own identity "
	 "provider with OIDC, because a password database is a liability we did not need."},
	{"security.headers", A(QUESTION),
	 "Cookies are HttpOnly and SameSite strict since the session cookie is the keys to the "
	 "account, and the CSP blocked an injected script in a review once."},
};

/* The same questions answered with nothing behind the words. */
static const struct fx_turn security_slogans[] = {
	{"security.general", A(QUESTION) | A(SECURITY_PROBE),
	 "Security is very important to us and we always keep it in mind."},
	{"security.input_validation", A(QUESTION), "We are careful with what comes in."},
	{"security.password_storage", A(QUESTION), "That is handled, it is fine."},
	{"security.headers", A(QUESTION), "The usual ones, whatever is recommended."},
};

static void test_security_in_own_words(void **state)
{
	(void)state;
	struct scorecard *own = FX_JUDGE(security_own_words), *empty = FX_JUDGE(security_slogans);
	const struct dimension_result *a = &own->dimensions[DIM_SECURITY];
	const struct dimension_result *b = &empty->dimensions[DIM_SECURITY];
	assert_true(a->touched);
	if (a->score < 3)
		fail_msg("security in own words scored %d (coverage %.2f)", a->score, a->coverage);
	assert_false(own->red_flags[RF_NO_SECURITY_AWARENESS].present);
	assert_true(!b->touched || b->score <= 2);
	assert_true(empty->red_flags[RF_NO_SECURITY_AWARENESS].present);
	scorecard_free(own);
	scorecard_free(empty);
}

/* A trade-off told across sentences: the choice, then the reason, then the
 * cost.  Weighed by answer, it counts as deep as one said in a sentence. */
static const struct fx_turn tradeoff_spread[] = {
	{"experience.difficult_decision", A(QUESTION),
	 "We kept the monolith for billing. The invoices and the ledger change together in every "
	 "release, and splitting them would have meant a distributed transaction on every "
	 "payment. The price is a slower build, about 14 minutes, which we live with."},
	{"design.async_uploads", A(QUESTION),
	 "I put the conversion on a queue. Users got their answer in 200 milliseconds instead of "
	 "waiting for the file. The downside was a status page and retries we had to build."},
	{"deep.microservices", A(QUESTION),
	 "We split out search only. It scaled differently from everything else and had its own "
	 "release rhythm. What we gave up is a join, so the index lags the database by seconds."},
};

static void test_tradeoff_across_sentences(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(tradeoff_spread);
	const struct dimension_result *t = &sc->dimensions[DIM_TRADEOFF_ANALYSIS];
	assert_true(t->touched);
	if (t->score < 3)
		fail_msg("trade-offs across sentences scored %d", t->score);
	assert_false(sc->red_flags[RF_CANNOT_DISCUSS_TRADEOFFS].present);
	scorecard_free(sc);
}

/* ---- where experience comes from ---- */

/* A graduate whose experience is internships at a company, honest about what
 * they have not run in production: admitted gaps, not "no production". */
static const struct fx_turn graduate[] = {
	{"opening.intro", A(QUESTION),
	 "I did two internships at a payments startup while I studied, on the team that sends "
	 "payout reports."},
	{"experience.recent_api", A(QUESTION),
	 "At the internship I added an endpoint for report downloads, and moved the slow ones to "
	 "a background job because they took 40 seconds."},
	{"design.high_traffic", A(QUESTION),
	 "I haven't run anything at that scale in production, so I'd be guessing beyond caching "
	 "the popular reads."},
	{"deep.incident", A(QUESTION),
	 "I haven't led an incident. I watched one at the internship where a job filled the disk, "
	 "and we added an alert at 80 percent afterwards."},
	{"problem.db_connections", A(QUESTION),
	 "I haven't tuned a pool in production myself, I'd start by checking for connections "
	 "that are never returned."},
};

/* Knowledge from a course and side projects, again and again. */
static const struct fx_turn study_only[] = {
	{"opening.intro", A(QUESTION),
	 "I finished a bootcamp in the spring and since then I build side projects."},
	{"experience.recent_api", A(QUESTION),
	 "In my side project, a recipe app, I built a REST API. In the bootcamp we learned to "
	 "use Express for that."},
	{"design.high_traffic", A(QUESTION),
	 "I haven't done that in production. In the course they said to add a cache and more "
	 "servers behind a load balancer."},
	{"deep.incident", A(QUESTION),
	 "I haven't had a production incident. On my side project the app crashed once because "
	 "of a typo, and I watched a tutorial about logging after that."},
	{"problem.db_connections", A(QUESTION),
	 "I haven't done that in production either, we only covered connection pools briefly in "
	 "the bootcamp, and in my hobby project I never needed one."},
};

static void test_internships_are_work(void **state)
{
	(void)state;
	struct scorecard *grad = FX_JUDGE(graduate), *course = FX_JUDGE(study_only);
	assert_false(grad->red_flags[RF_NO_PRODUCTION_EXPERIENCE].present);
	assert_true(course->red_flags[RF_NO_PRODUCTION_EXPERIENCE].present);
	assert_int_equal(course->level, LEVEL_JUNIOR);
	/* what study shows of production is basic at most */
	const struct dimension_result *p = &course->dimensions[DIM_PRODUCTION_EXPERIENCE];
	assert_true(!p->touched || p->score <= 2);
	scorecard_free(grad);
	scorecard_free(course);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_security_in_own_words),
		cmocka_unit_test(test_tradeoff_across_sentences),
		cmocka_unit_test(test_internships_are_work),
	};
	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
