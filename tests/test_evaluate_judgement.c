/*
 * test_evaluate_judgement.c - the evaluator judges what was said in context:
 * each indicator and red flag from positive and negative examples, prompted
 * versus unprompted, negation and dismissal, hedged and terse answers,
 * name-dropping, empty stories, wrong claims and untouched dimensions.
 */
#include "evaluate_fixture.h"

/* ---- security: unprompted, prompted, and the opposite of awareness ---- */

static const struct fx_turn security_in_design[] = {
	{"design.webhooks", A(QUESTION),
	 "We queue each delivery and retry with exponential backoff for a day. Every payload is "
	 "signed with an HMAC over the timestamp and body so customers can verify it came from us. "
	 "Customers give us the URLs, so we block private address ranges to stop SSRF."},
	{"design.social_api", A(QUESTION),
	 "Posts and comments are nested resources with cursor pagination. Every read checks that the "
	 "post belongs to an account the caller may see, otherwise anyone could walk through IDs."},
};

static const struct fx_turn security_when_asked[] = {
	{"security.general", A(QUESTION) | A(SECURITY_PROBE),
	 "Every payload is signed with an HMAC over the timestamp and body so customers can verify "
	 "it came from us. Every read checks that the post belongs to an account the caller may "
	 "see, otherwise anyone could walk through IDs."},
};

static void test_security_unprompted(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(security_in_design);
	const struct finding *f = &sc->indicators[IND_SECURITY_UNPROMPTED];
	assert_true(f->present);
	for (size_t i = 0; i < f->evidence.n; i++)
		assert_false(f->evidence.items[i].prompted);
	assert_true(sc->dimensions[DIM_SECURITY].touched);
	scorecard_free(sc);

	sc = FX_JUDGE(security_when_asked);
	assert_false(sc->indicators[IND_SECURITY_UNPROMPTED].present);
	const struct evidence_list *ev = &sc->dimensions[DIM_SECURITY].evidence;
	assert_true(ev->n > 0);
	for (size_t i = 0; i < ev->n; i++)
		assert_true(ev->items[i].prompted);
	scorecard_free(sc);
}

/* A wrong claim corrected by the candidate soon after ("Actually, thinking
 * about it more, SHA-256 is the wrong choice") counts at a share and is
 * marked taken back; the same claim left standing counts whole. */
static const struct fx_turn hash_corrected[] = {
	{"security.password_storage", A(QUESTION),
	 "You store a hash, like SHA-256 with a random salt per user, so two users with the same "
	 "password get different hashes."},
	{"security.password_storage", A(FOLLOW_UP),
	 "Actually, thinking about it more, SHA-256 is the wrong choice, because it's designed to be "
	 "fast, so I'd use bcrypt or Argon2 with a work factor."},
};
static const struct fx_turn hash_kept[] = {
	{"security.password_storage", A(QUESTION),
	 "You store a hash, like SHA-256 with a random salt per user, so two users with the same "
	 "password get different hashes."},
	{"security.password_storage", A(FOLLOW_UP),
	 "And the salt is stored next to the hash in the users table, that's the usual way."},
};

static void test_a_claim_taken_back_counts_less(void **state)
{
	(void)state;
	struct scorecard *fixed = FX_JUDGE(hash_corrected);
	struct scorecard *kept = FX_JUDGE(hash_kept);
	int found = 0;
	for (size_t i = 0; i < fixed->n_claims; i++)
		if (!strcmp(fixed->claims[i].id, "pw_fast_hash")) {
			found = 1;
			assert_true(fixed->claims[i].taken_back);
		}
	assert_true(found);
	found = 0;
	for (size_t i = 0; i < kept->n_claims; i++)
		if (!strcmp(kept->claims[i].id, "pw_fast_hash")) {
			found = 1;
			assert_false(kept->claims[i].taken_back);
		}
	assert_true(found);
	assert_true(fixed->dimensions[DIM_SECURITY].score > kept->dimensions[DIM_SECURITY].score);
	/* the scorecard says so */
	char *json = scorecard_json_text(fixed, NULL, 0);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"taken_back\":true"));
	free(json);
	scorecard_free(fixed);
	scorecard_free(kept);
}

/* A claim pattern that fires in a reply which also makes a point saying
 * the opposite (the claim's contradicted_by) misread the reply: the claim
 * is not the candidate's.  The same claim said without it counts. */
static const struct fx_turn order_alone[] = {
	{"design.webhooks", A(QUESTION),
	 "We publish every change to Kafka and the broker keeps everything in strict order for us, "
	 "even with several consumers pulling from the topic."},
};
static const struct fx_turn order_and_delivery[] = {
	{"design.webhooks", A(QUESTION),
	 "We publish every change to Kafka and the broker keeps everything in strict order for us, "
	 "even with several consumers pulling from the topic. Delivery is at least once, so a "
	 "consumer can see the same event twice and drops duplicates by the event id."},
};

static int has_claim(const struct scorecard *sc, const char *id)
{
	for (size_t i = 0; i < sc->n_claims; i++)
		if (!strcmp(sc->claims[i].id, id))
			return 1;
	return 0;
}

static void test_a_claim_the_reply_contradicts_is_dropped(void **state)
{
	(void)state;
	struct scorecard *alone = FX_JUDGE(order_alone);
	struct scorecard *both = FX_JUDGE(order_and_delivery);
	assert_true(has_claim(alone, "queue_global_ordering"));
	assert_false(has_claim(both, "queue_global_ordering"));
	scorecard_free(alone);
	scorecard_free(both);
}

/* "Weak" is no evidence or poor: basics said right beside a serious (not
 * disqualifying) misconception are basic, not weak. */
static const struct fx_turn basics_and_a_misconception[] = {
	{"security.general", A(QUESTION) | A(SECURITY_PROBE),
	 "Every query is parameterized, so user input never becomes part of the SQL."},
	{"experience.authentication", A(QUESTION),
	 "We put the user's email and phone number in the JWT, and since the token is encrypted "
	 "that's safe. The app keeps it in localStorage and sends it with every request."},
};

static void test_a_misconception_beside_basics_is_basic(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(basics_and_a_misconception);
	int serious = 0;
	for (size_t i = 0; i < sc->n_claims; i++)
		serious |= sc->claims[i].dimension == DIM_SECURITY && sc->claims[i].severity == 2;
	assert_true(serious);
	assert_int_equal(sc->dimensions[DIM_SECURITY].score, 2);
	scorecard_free(sc);
}

/* The same misconception said again is one misconception: two sayings of
 * "the JWT is encrypted" weigh what one does against security. */
#define STORAGE_TURNS                                                                              \
	{"experience.authentication", A(QUESTION),                                                 \
	 "On login we check the password with bcrypt and send back a JWT with the user's phone in "  \
	 "it, and the JWT is encrypted, so that's fine."},                                          \
	{"security.sql_injection", A(QUESTION),                                                    \
	 "Every query goes through parameterized statements, so input never becomes SQL, and the "  \
	 "database user has only the grants the service needs."},                                  \
	{"security.password_storage", A(QUESTION),                                                 \
	 "Passwords are hashed with bcrypt at cost twelve, we rate limit login per account and "    \
	 "per IP, and everything is behind TLS."}
static const struct fx_turn storage_once[] = {
	STORAGE_TURNS,
	{"closing.candidate_questions", A(QUESTION), "What does the team work on next year?"},
};
/* the same, and the claim again in the closing (where nothing else counts) */
static const struct fx_turn storage_twice[] = {
	STORAGE_TURNS,
	{"closing.candidate_questions", A(QUESTION),
	 "What does the team work on next year? Like I said, the JWT is encrypted anyway."},
};

static void test_a_claim_said_twice_counts_once(void **state)
{
	(void)state;
	struct scorecard *once = FX_JUDGE(storage_once);
	struct scorecard *twice = FX_JUDGE(storage_twice);
	int n_once = 0, n_twice = 0;
	for (size_t i = 0; i < once->n_claims; i++)
		n_once += !strcmp(once->claims[i].id, "jwt_encrypted");
	for (size_t i = 0; i < twice->n_claims; i++)
		n_twice += !strcmp(twice->claims[i].id, "jwt_encrypted");
	assert_int_equal(n_once, 1);
	assert_int_equal(n_twice, 2); /* both sayings are cited ... */
	/* ... and weigh as one */
	assert_int_equal(once->dimensions[DIM_SECURITY].score, twice->dimensions[DIM_SECURITY].score);
	scorecard_free(once);
	scorecard_free(twice);
}

static const struct fx_turn dismissed_auth[] = {
	{"experience.recent_api", A(QUESTION),
	 "It was a reporting API for the finance team. We didn't bother with auth, it was internal. "
	 "Honestly security is the security team's job, not mine."},
	{"security.password_storage", A(QUESTION),
	 "We stored them as SHA-1 hashes with no salt, it's one-way so it's fine."},
};

static void test_dismissed_security_counts_against(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(dismissed_auth);
	const struct dimension_result *sec = &sc->dimensions[DIM_SECURITY];
	assert_true(sec->touched);
	assert_int_equal(sec->score, 1);
	assert_true(fx_any_against(&sec->evidence));
	assert_true(sc->red_flags[RF_NO_SECURITY_AWARENESS].present);
	assert_false(sc->indicators[IND_SECURITY_UNPROMPTED].present);
	int skipped = 0, fast = 0;
	for (size_t i = 0; i < sc->n_claims; i++) {
		skipped |= !strcmp(sc->claims[i].id, "skipped_auth_internal");
		fast |= !strcmp(sc->claims[i].id, "pw_fast_hash");
	}
	assert_true(skipped && fast);
	assert_true(sc->recommendation == REC_LEAN_NO_HIRE || sc->recommendation == REC_NO_HIRE);
	scorecard_free(sc);
}

/* ---- correctness, style and substance ---- */

static const struct fx_turn terse_correct[] = {
	{"design.rate_limiting", A(QUESTION),
	 "Token bucket in Redis keyed per API key, updated atomically with a Lua script. Over the "
	 "limit return 429 with Retry-After. If Redis is down, fail open."},
};

static const struct fx_turn hedged_correct[] = {
	{"design.rate_limiting", A(QUESTION),
	 "I think I'd probably use a token bucket in Redis keyed per API key, updated atomically "
	 "with a Lua script, I guess. Over the limit maybe return 429 with Retry-After. If Redis is "
	 "down, I'd probably fail open."},
};

static const struct fx_turn vague_answer[] = {
	{"design.rate_limiting", A(QUESTION),
	 "I'd follow best practices and use a library, it's the industry standard. It just works "
	 "and it scales. Everyone uses it, so it made sense. It would be fine."},
};

static const struct fx_turn long_story[] = {
	{"design.rate_limiting", A(QUESTION),
	 "So this reminds me of a project a while back. We had a lot going on that quarter and the "
	 "team was busy with many things. There were meetings every day and people had opinions. "
	 "My manager at the time liked to talk about the roadmap and the vision. We worked hard and "
	 "eventually things settled down, and everyone was happy with how it went in the end. "
	 "There was a lot of back and forth and we learned to work together as a team. It was a "
	 "really interesting time and I enjoyed it a lot, it was a great experience overall."},
};

static void test_terse_and_hedged_are_not_weak(void **state)
{
	(void)state;
	struct scorecard *terse = FX_JUDGE(terse_correct);
	struct scorecard *hedged = FX_JUDGE(hedged_correct);
	struct scorecard *vague = FX_JUDGE(vague_answer);
	struct scorecard *story = FX_JUDGE(long_story);
	int t = terse->dimensions[DIM_SCALABILITY].score;
	int h = hedged->dimensions[DIM_SCALABILITY].score;
	assert_true(t >= 3);
	assert_int_equal(t, h);
	assert_true(terse->dimensions[DIM_SCALABILITY].coverage > 0.8);
	assert_true(vague->dimensions[DIM_SCALABILITY].score <= 2);
	assert_true(story->dimensions[DIM_SCALABILITY].score <= 1);
	assert_true(story->dimensions[DIM_SCALABILITY].coverage < 0.2);
	scorecard_free(terse);
	scorecard_free(hedged);
	scorecard_free(vague);
	scorecard_free(story);
}

static const struct fx_turn name_dropping[] = {
	{"design.high_traffic", A(QUESTION),
	 "Redis, a CDN, read replicas, Kafka, horizontal autoscaling, sharding, request coalescing."},
};

static const struct fx_turn explained[] = {
	{"design.high_traffic", A(QUESTION),
	 "First I'd measure where the time goes with traces. Reads are the bulk, so I'd cache hot "
	 "responses in Redis, which takes most of the load off the database. The app tier is "
	 "stateless so it scales horizontally behind the load balancer, and read replicas take the "
	 "remaining reads. Request coalescing stops a stampede when a hot key expires."},
};

static void test_name_dropping_is_not_depth(void **state)
{
	(void)state;
	struct scorecard *names = FX_JUDGE(name_dropping);
	struct scorecard *full = FX_JUDGE(explained);
	assert_true(names->dimensions[DIM_SCALABILITY].value <
		    full->dimensions[DIM_SCALABILITY].value);
	assert_true(names->dimensions[DIM_SCALABILITY].coverage <
		    full->dimensions[DIM_SCALABILITY].coverage);
	assert_true(names->dimensions[DIM_SCALABILITY].score <= 2);
	scorecard_free(names);
	scorecard_free(full);
}

/* ---- conduct: trade-offs, blame, cargo cult, dismissal, gaps ---- */

static const struct fx_turn no_tradeoffs[] = {
	{"experience.database_choice", A(QUESTION), "We use MySQL. It's what the company uses."},
	{"experience.database_choice", A(FOLLOW_UP) | A(PROBE_TRADEOFF),
	 "I don't think there are any downsides. It works."},
	{"design.high_traffic", A(QUESTION), "Add more servers and a cache."},
	{"design.high_traffic", A(FOLLOW_UP) | A(PROBE_TRADEOFF), "Not really any trade-offs, it's fine."},
	{"experience.recent_api", A(FOLLOW_UP) | A(PROBE_WHY), "It's the standard, everybody uses it."},
	{"design.async_uploads", A(FOLLOW_UP) | A(PROBE_WHY),
	 "Because that's what we use, it's the industry standard."},
};

static const struct fx_turn with_tradeoffs[] = {
	{"experience.database_choice", A(QUESTION),
	 "We chose Postgres because the ledger needs transactions across rows."},
	{"experience.database_choice", A(FOLLOW_UP) | A(PROBE_TRADEOFF),
	 "The downside is that writes scale vertically, so we partitioned the big table by month."},
	{"design.high_traffic", A(FOLLOW_UP) | A(PROBE_TRADEOFF),
	 "Caching costs us freshness, a few seconds of staleness, in exchange for far fewer reads."},
	{"deep.microservices", A(FOLLOW_UP) | A(PROBE_TRADEOFF),
	 "The trade-off is network failures between services and no shared transactions, because "
	 "every call can fail."},
};

static void test_tradeoff_detectors(void **state)
{
	(void)state;
	struct scorecard *bad = FX_JUDGE(no_tradeoffs);
	assert_true(bad->red_flags[RF_CANNOT_DISCUSS_TRADEOFFS].present);
	assert_false(bad->indicators[IND_EXPLAINS_TRADEOFFS].present);
	assert_true(bad->red_flags[RF_CANNOT_EXPLAIN_CHOICES].present);
	assert_true(bad->dimensions[DIM_TRADEOFF_ANALYSIS].score <= 2);
	struct scorecard *good = FX_JUDGE(with_tradeoffs);
	assert_true(good->indicators[IND_EXPLAINS_TRADEOFFS].present);
	assert_false(good->red_flags[RF_CANNOT_DISCUSS_TRADEOFFS].present);
	assert_false(good->red_flags[RF_CANNOT_EXPLAIN_CHOICES].present);
	assert_true(good->dimensions[DIM_TRADEOFF_ANALYSIS].score >
		    bad->dimensions[DIM_TRADEOFF_ANALYSIS].score);
	scorecard_free(bad);
	scorecard_free(good);
}

/* The same options weighed, once left open and once decided: the brief's
 * trade-off questions end in a decision ("how would you decide between A
 * and B?"). */
#define WEIGHED_QUEUES "SQS is managed and cheap to run, but you give up replay; Kafka keeps the log so consumers can replay, at the cost of running brokers."
#define WEIGHED_CACHE "A longer TTL takes more load off the database, but users see stale prices for longer; explicit invalidation is fresher but every write path has to remember it."
#define WEIGHED_LIMITS "A fixed window is one counter and cheap, but it lets a burst through at the boundary; a sliding window is smoother at the cost of more state per user."
#define WEIGHED_TOKENS "JWTs save a session lookup on every request, but you cannot revoke one before it expires; server sessions revoke instantly but need a shared store."
static const struct fx_turn left_open[] = {
	{"design.async_uploads", A(QUESTION) | A(PROBE_TRADEOFF), WEIGHED_QUEUES " It really depends on the use case."},
	{"design.high_traffic", A(QUESTION) | A(PROBE_TRADEOFF), WEIGHED_CACHE " Either would be fine, honestly."},
	{"design.rate_limiting", A(QUESTION) | A(PROBE_TRADEOFF), WEIGHED_LIMITS " There's no right answer there."},
	{"experience.authentication", A(QUESTION) | A(PROBE_TRADEOFF), WEIGHED_TOKENS " I don't have a strong view on that one."},
};
static const struct fx_turn decided[] = {
	{"design.async_uploads", A(QUESTION) | A(PROBE_TRADEOFF), WEIGHED_QUEUES " For these uploads I'd go with SQS, nobody needs to replay a resize job."},
	{"design.high_traffic", A(QUESTION) | A(PROBE_TRADEOFF), WEIGHED_CACHE " I'd pick a short TTL of a minute and invalidate on price changes only."},
	{"design.rate_limiting", A(QUESTION) | A(PROBE_TRADEOFF), WEIGHED_LIMITS " If I had to pick, the sliding window counter, two counters per user is nothing."},
	{"experience.authentication", A(QUESTION) | A(PROBE_TRADEOFF), WEIGHED_TOKENS " We went with short-lived JWTs and a revocation list for the rare logout everywhere."},
};

static void test_options_left_open_weigh_less(void **state)
{
	(void)state;
	struct scorecard *open = FX_JUDGE(left_open);
	struct scorecard *firm = FX_JUDGE(decided);
	const struct dimension_result *o = &open->dimensions[DIM_TRADEOFF_ANALYSIS],
				      *f = &firm->dimensions[DIM_TRADEOFF_ANALYSIS];
	assert_true(o->touched && f->touched);
	assert_true(o->value < f->value);
	assert_true(o->score <= f->score);
	assert_true(f->score >= 3);
	scorecard_free(open);
	scorecard_free(firm);
}

static const struct fx_turn blaming[] = {
	{"experience.mistake", A(QUESTION),
	 "It wasn't really my mistake. QA should have caught it before the release."},
	{"deep.incident", A(QUESTION),
	 "The outage was an infrastructure problem, our code was fine. Ops took forever to roll back."},
};

static const struct fx_turn owning[] = {
	{"experience.mistake", A(QUESTION),
	 "I shipped a migration that locked the orders table for four minutes, that was my mistake. "
	 "I learned to build indexes concurrently, and we added a migration checklist to reviews."},
	{"deep.incident", A(QUESTION),
	 "Our checkout went down when the pool hit 500 connections. We rolled back within 10 "
	 "minutes and added an alert at 70 percent of the connection limit."},
};

static void test_defensive_detector(void **state)
{
	(void)state;
	struct scorecard *b = FX_JUDGE(blaming);
	assert_true(b->red_flags[RF_DEFENSIVE_ABOUT_MISTAKES].present);
	assert_true(b->red_flags[RF_DEFENSIVE_ABOUT_MISTAKES].evidence.n >= 2);
	struct scorecard *o = FX_JUDGE(owning);
	assert_false(o->red_flags[RF_DEFENSIVE_ABOUT_MISTAKES].present);
	assert_true(o->stats.lessons > 0);
	assert_true(o->dimensions[DIM_PRODUCTION_EXPERIENCE].score >
		    b->dimensions[DIM_PRODUCTION_EXPERIENCE].score);
	scorecard_free(b);
	scorecard_free(o);
}

static const struct fx_turn dismissive[] = {
	{"design.webhooks", A(QUESTION),
	 "We post the event to their URL. Signing the payload is overkill, nobody has ever exploited it."},
	{"security.input_validation", A(QUESTION),
	 "It's a theoretical risk, it has never happened to us, so it's not a priority."},
};

static void test_dismissal_detector(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(dismissive);
	assert_true(sc->red_flags[RF_DISMISSES_CONCERNS].present);
	struct scorecard *ok = FX_JUDGE(security_in_design);
	assert_false(ok->red_flags[RF_DISMISSES_CONCERNS].present);
	scorecard_free(sc);
	scorecard_free(ok);
}

static const struct fx_turn honest_gaps[] = {
	{"followup.queue_choice", A(QUESTION),
	 "I haven't used Kafka in production myself, so I'd want to read up before choosing it. "
	 "We run SQS because it needs no operations and gives us dead-letter queues."},
};

static const struct fx_turn study_only[] = {
	{"experience.recent_api", A(QUESTION),
	 "Not in a production setting, only in a bootcamp side project."},
	{"deep.incident", A(QUESTION), "I haven't been on call or dealt with a real incident myself."},
	{"design.high_traffic", A(QUESTION),
	 "I've read about horizontal scaling in the course, but I haven't used it in a real project."},
	{"experience.slow_endpoint", A(QUESTION),
	 "I only followed a tutorial about indexes, I haven't worked on a real system yet."},
};

static void test_gaps_and_no_production(void **state)
{
	(void)state;
	struct scorecard *g = FX_JUDGE(honest_gaps);
	assert_true(g->indicators[IND_ADMITS_GAPS].present);
	assert_false(g->red_flags[RF_NO_PRODUCTION_EXPERIENCE].present);
	struct scorecard *s = FX_JUDGE(study_only);
	assert_true(s->red_flags[RF_NO_PRODUCTION_EXPERIENCE].present);
	assert_false(s->indicators[IND_REAL_PROJECTS].present);
	assert_int_equal(s->level, LEVEL_JUNIOR);
	scorecard_free(g);
	scorecard_free(s);
}

static const struct fx_turn clarifying[] = {
	{"design.social_api", A(QUESTION),
	 "Before I start, are we building this for our own mobile apps or for third parties? Okay, "
	 "I'll assume our own apps first. Posts are a collection with comments nested under them."},
};

static const struct fx_turn rhetorical[] = {
	{"design.social_api", A(QUESTION),
	 "Why REST? Because the clients are simple. Trade-offs? Not many. Posts are a collection."},
};

static void test_clarifying_questions(void **state)
{
	(void)state;
	struct scorecard *c = FX_JUDGE(clarifying);
	assert_true(c->indicators[IND_ASKS_CLARIFYING_QUESTIONS].present);
	for (size_t i = 0; i < c->indicators[IND_ASKS_CLARIFYING_QUESTIONS].evidence.n; i++)
		assert_false(c->indicators[IND_ASKS_CLARIFYING_QUESTIONS].evidence.items[i].prompted);
	struct scorecard *r = FX_JUDGE(rhetorical);
	assert_false(r->indicators[IND_ASKS_CLARIFYING_QUESTIONS].present);
	scorecard_free(c);
	scorecard_free(r);
}

static const struct fx_turn failure_minded[] = {
	{"design.async_uploads", A(QUESTION),
	 "If a worker crashes mid-job the message comes back, so processing is idempotent keyed by "
	 "the upload id. Poison messages go to a dead-letter queue after three retries with backoff."},
	{"design.webhooks", A(FOLLOW_UP) | A(PROBE_EDGE_CASE),
	 "When their endpoint times out we retry with exponential backoff, and because retries mean "
	 "duplicates, every event carries an id they can dedupe on."},
	{"design.ecommerce_schema", A(FOLLOW_UP) | A(PROBE_EDGE_CASE),
	 "Two buyers at the same time for the last item is handled by a conditional update on the "
	 "stock row inside the order transaction, so only one succeeds."},
	{"problem.db_connections", A(QUESTION),
	 "When the database is slow connections pile up, so I set statement timeouts and a circuit "
	 "breaker so we fail fast instead of hanging."},
};

static void test_edge_case_detector(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(failure_minded);
	assert_true(sc->indicators[IND_EDGE_CASES_FAILURE_MODES].present);
	struct scorecard *no = FX_JUDGE(vague_answer);
	assert_false(no->indicators[IND_EDGE_CASES_FAILURE_MODES].present);
	scorecard_free(sc);
	scorecard_free(no);
}

static const struct fx_turn scale_numbers[] = {
	{"experience.slow_endpoint", A(QUESTION),
	 "The endpoint took 3 seconds at p95. An N plus one was doing 120 queries per request, so "
	 "batching the loads got it to 400 milliseconds, and a composite index brought it to 90 ms."},
	{"design.high_traffic", A(QUESTION),
	 "At 20 thousand requests a second the database is the bottleneck, so we cache hot reads in "
	 "Redis with a 30 second TTL, which took 80 percent of the load off the primary."},
	{"problem.db_connections", A(QUESTION),
	 "Sixty instances with a pool of 30 each is 1800 connections against a limit of 1000, so we "
	 "put PgBouncer in front because each connection costs memory. That let us scale the app "
	 "tier to 60 instances without touching the database limit."},
};

static void test_scalability_detector(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(scale_numbers);
	assert_true(sc->indicators[IND_SCALABILITY_PERFORMANCE].present);
	struct scorecard *no = FX_JUDGE(name_dropping);
	assert_false(no->indicators[IND_SCALABILITY_PERFORMANCE].present);
	scorecard_free(sc);
	scorecard_free(no);
}

/* ---- untouched dimensions are null ---- */

static void test_untouched_is_null(void **state)
{
	(void)state;
	struct scorecard *sc = FX_JUDGE(terse_correct);
	assert_false(sc->dimensions[DIM_SECURITY].touched);
	assert_false(sc->dimensions[DIM_DATABASES].touched);
	char *json = scorecard_json_text(sc, NULL, 0);
	assert_non_null(strstr(json, "\"security\":{\"score\":null"));
	assert_non_null(strstr(json, "\"databases\":{\"score\":null"));
	assert_non_null(strstr(sc->dimensions[DIM_SECURITY].summary, "Not discussed"));
	free(json);
	scorecard_free(sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_security_unprompted),
		cmocka_unit_test(test_dismissed_security_counts_against),
		cmocka_unit_test(test_a_claim_taken_back_counts_less),
		cmocka_unit_test(test_a_claim_said_twice_counts_once),
		cmocka_unit_test(test_a_claim_the_reply_contradicts_is_dropped),
		cmocka_unit_test(test_a_misconception_beside_basics_is_basic),
		cmocka_unit_test(test_terse_and_hedged_are_not_weak),
		cmocka_unit_test(test_name_dropping_is_not_depth),
		cmocka_unit_test(test_tradeoff_detectors),
		cmocka_unit_test(test_options_left_open_weigh_less),
		cmocka_unit_test(test_defensive_detector),
		cmocka_unit_test(test_dismissal_detector),
		cmocka_unit_test(test_gaps_and_no_production),
		cmocka_unit_test(test_clarifying_questions),
		cmocka_unit_test(test_edge_case_detector),
		cmocka_unit_test(test_scalability_detector),
		cmocka_unit_test(test_untouched_is_null),
	};
	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
