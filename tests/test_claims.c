/*
 * test_claims.c - how the rubric hears wrong claims said by people who never
 * saw its patterns.  tests/claims/ holds a catalogue written blind (60
 * misconceptions backend candidates voice, 10 sentences that make each one
 * and 4 correct near misses), split at random into a development half and a
 * held-out half.  On the development half the right claim must be heard in
 * nine sentences of ten and a near miss flagged at most once in twenty; the
 * held-out half, and a second held-out set by another blind author
 * (heldout_b.json: the same claims said again, 6 sentences and 3 near
 * misses each), and a third (heldout_c.json, 2026-12-05: 3 sentences and 3
 * look-alikes for each of the rubric's 70 claims) are only measured and
 * printed.  A claim heard is a claim the
 * interviewer challenges at once and the scorecard counts.
 *
 * Correct statements that share a wrong claim's words (a PUT on a feed
 * post's likes, a pooler in front of the database, a stampede named as what
 * hurts, a queue that survives one dead worker, one service trusting
 * another's certificate) are no claim; the wrong ones beside them still are.
 */
#include "test_support.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "claim_spot.h"
#include "interview_internal.h"
#include "playbook_internal.h"
#include "question_terms.h"
#include "rubric.h"




/* 1 when text makes the claim id (or one of also, a JSON array), -1 when it
 * makes none, 0 when it makes another. */
static int heard(const char *text, const char *id, const json_t *also)
{
	struct text_words tw = {0};
	assert_int_equal(text_split(text, &tw), 0);
	/* said in answer to a question on the claim's own subject; with no
	 * claim named ("") a question on every subject */
	size_t q = 0;
	while (q < rubric_claim_count(ts_rubric) && strcmp(rubric_claim_at(ts_rubric, q)->id, id))
		q++;
	struct rubric_topic on = {.id = "test", .informs = q < rubric_claim_count(ts_rubric)
		? 1u << rubric_claim_at(ts_rubric, q)->dimension : ~0u};
	size_t found[16];
	int n = claim_spot(ts_rubric, ts_content.lexicon, &tw, &on, found, 16);
	text_words_release(&tw);
	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		const char *got = rubric_claim_at(ts_rubric, found[i])->id;
		if (!strcmp(got, id))
			return 1;
		size_t k;
		json_t *a;
		json_array_foreach(also, k, a)
			if (!strcmp(got, json_string_value(a)))
				return 1;
	}
	return n ? 0 : -1;
}

struct rates {
	size_t says, right, near, flagged;
	/* of the claims heard: challenges held back because the same words
	 * also say the right view (heard_as of the challenge) */
	size_t right_held_back, flagged_held_back;
};

/* 1 when text says enough of the right view of claim id that its
 * challenge is held back (as the engine does on a topic's sentences). */
static int holds_right_view(const char *text, const char *id)
{
	const struct claim_challenge *cc = playbook_find_challenge(ts_content.playbook, id);
	if (!cc)
		return 0;
	struct text_words tw = {0};
	assert_int_equal(text_split(text, &tw), 0);
	uint32_t heard = 0;
	for (size_t s = 0; s < tw.n_sentences; s++) {
		uint32_t st[QTERMS_PER_SENTENCE];
		size_t n = qterms_of_words(tw.words + tw.sentences[s].first_word, tw.sentences[s].n_words, st,
					   QTERMS_PER_SENTENCE);
		heard |= qphrases_heard(&cc->right_view, st, n);
	}
	text_words_release(&tw);
	return qphrases_distinct(&cc->right_view, heard) >= HEARD_AS_NEEDED;
}

static void measure(const char *file, struct rates *r, int verbose)
{
	json_error_t je;
	json_t *root = json_load_file(file, 0, &je);
	if (!root)
		fail_msg("%s: %s", file, je.text);
	memset(r, 0, sizeof *r);
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(root, "entries"), i, e) {
		const char *id = json_string_value(json_object_get(e, "rubric_id"));
		assert_non_null(id);
		/* every claim of the catalogue is one the rubric knows */
		size_t q = 0;
		while (q < rubric_claim_count(ts_rubric) && strcmp(rubric_claim_at(ts_rubric, q)->id, id))
			q++;
		if (q == rubric_claim_count(ts_rubric))
			fail_msg("%s: '%s' is no wrong claim of the rubric", file, id);
		const json_t *also = json_object_get(e, "also_accept");
		size_t k;
		json_t *s;
		json_array_foreach(json_object_get(e, "says"), k, s) {
			r->says++;
			int h = heard(json_string_value(s), id, also);
			r->right += h == 1;
			r->right_held_back += h == 1 && holds_right_view(json_string_value(s), id);
			if (h != 1 && verbose)
				printf("  miss  %-32s %s\n", id, json_string_value(s));
		}
		json_array_foreach(json_object_get(e, "near_miss"), k, s) {
			r->near++;
			int h = heard(json_string_value(s), id, also);
			r->flagged += h != -1;
			r->flagged_held_back += h == 1 && holds_right_view(json_string_value(s), id);
			if (h != -1 && verbose)
				printf("  false %-32s %s\n", id, json_string_value(s));
		}
	}
	json_decref(root);
}

static void test_claims_heard_blind(void **state)
{
	(void)state;
	static const char *const files[] = {"dev", "heldout", "heldout_b", "heldout_c"};
	struct rates r[4];
	const char *verbose = getenv("IV_CLAIMS_MISSES");
	printf("%-10s %18s %22s %26s\n", "half", "claims heard", "near misses flagged",
	       "challenges held back (right view said)");
	for (int f = 0; f < 4; f++) {
		char path[512];
		snprintf(path, sizeof path, IV_DATA_DIR "/../tests/claims/%s.json", files[f]);
		measure(path, &r[f], f == 0 && verbose != NULL);
		printf("%-10s %7zu/%zu (%3.0f%%) %12zu/%zu (%2.0f%%)   of claims %zu, of near misses %zu\n",
		       files[f], r[f].right, r[f].says, 100.0 * r[f].right / r[f].says, r[f].flagged, r[f].near,
		       100.0 * r[f].flagged / r[f].near, r[f].right_held_back, r[f].flagged_held_back);
	}
	assert_true(r[0].says >= 300 && r[1].says >= 300 && r[2].says >= 300 && r[3].says >= 200);
	assert_true(r[0].right * 10 >= r[0].says * 9);
	assert_true(r[0].flagged * 20 <= r[0].near);
	/* a challenge is held back for few real claims said in the claim's words */
	assert_true(r[0].right_held_back * 20 <= r[0].right);
}

static void test_correct_statements_are_no_claims(void **state)
{
	(void)state;
	static const char *const correct[] = {
		"Liking would be a PUT on the post's likes for the signed-in user, so doing it twice changes nothing.",
		"We put a pooler in front of the database, so the services hold lots of connections but the database sees only a few.",
		"If every request holds its connection twice as long, you need twice as many connections for the same load.",
		"The billing service trusts that a request comes from the orders service because of its client certificate.",
		"The stampede after a cache flush is what takes you down, not the normal daily traffic.",
		"A managed queue keeps the message when a worker dies halfway, and it gets delivered again.",
		/* a diagnosis of replica lag, and a version-aware fact */
		"A user not seeing their own write: they read from a replica right after writing to the primary.",
		"Adding a column with a constant default is cheap on recent versions.",
		/* an expert's care with a phrase, its limits, the right check named
		 * against the wrong one */
		"And I'd be careful with the phrase exactly-once.",
		"Kafka's exactly-once holds within Kafka, between topics, with transactions.",
		"On security, I know to validate the file type by content rather than extension, limit size in the pre-signed policy, and keep the bucket private.",
		/* the lag named as the cause, tersely */
		"Replica lag, a read after a write going to a replica.",
		/* a security engineer's care: responses kept out of shared
		 * caches, a rate limit at the edge, a vendor's library used */
		"So authenticated responses get no-store by default, and any shared cache key includes the tenant, and the user where relevant.",
		"So I'd want rate limiting per API key or per user at the edge, and I'd check who is sending it before scaling up.",
		"For the signature, with Stripe we check it with their library and the signing secret.",
	};
	/* a wrong practice warned against: advice, not a claim */
	static const char *const warned[] = {
		"Never rename a column in one step on a table that size.",
		"Don't run an ALTER TABLE on the big tables during the deploy.",
		"You never want to trust what the client sends just because the form checked it.",
		"Avoid retrying a poison message forever, it blocks the queue.",
	};
	for (size_t i = 0; i < sizeof warned / sizeof warned[0]; i++)
		if (heard(warned[i], "", NULL) != -1)
			fail_msg("a warning against a wrong practice was heard as the claim: %s", warned[i]);
	for (size_t i = 0; i < sizeof correct / sizeof correct[0]; i++)
		if (heard(correct[i], "", NULL) != -1)
			fail_msg("a correct statement was heard as a wrong claim: %s", correct[i]);
	static const struct {
		const char *text, *id;
	} wrong[] = {
		{"A POST is idempotent anyway, so the client can just retry it.", "put_post_idempotency"},
		{"When it gets slow we just open as many connections as we can.", "more_connections_fix"},
		{"The API just trusts the data from the frontend, since the form already validated it.", "client_validation_only"},
		{"Cache stampedes are not something that really happens in practice.", "cache_stampede_myth"},
		{"Queues never lose messages, so we don't need any retries.", "queues_never_lose_messages"},
		{"Replica lag is never a problem for us, reads right after a write go to the replicas.", "read_replicas_always_current"},
		/* the negation is the claim (a prohibition of the right practice), or
		 * the claim is told in a clause after the prohibition */
		{"Don't use expand and contract, the migration tool handles renames on big tables.", "big_table_alter_safe"},
		{"Don't duplicate the checks, the API just trusts what the form sends.", "client_validation_only"},
	};
	for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++)
		if (heard(wrong[i].text, wrong[i].id, NULL) != 1)
			fail_msg("the wrong claim %s was not heard in: %s", wrong[i].id, wrong[i].text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_claims_heard_blind),
		cmocka_unit_test(test_correct_statements_are_no_claims),
	};
	return cmocka_run_group_tests(tests, ts_content_rubric_setup, ts_content_teardown);
}
