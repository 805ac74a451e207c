/*
 * playbook_terms.c - the key terms of every follow-up question, found once
 * when the playbook is loaded (see question_terms.h for what they are for).
 *
 * A term is a word of the question that is not a function word (the
 * playbook's function_words: "what", "want", "anything"), weighted by its
 * rarity in all the interviewer may say (every line, reason,
 * acknowledgement, answer and story of the playbook is a document: an
 * inverse document frequency), so that "traffic" weighs less than "reads".  Words the
 * question shares with what it follows up on weigh less or nothing: a
 * topic's own question's words ("stock" on the store's schema) are in many
 * answers to it (half their weight), a concept's own name ("Kafka" in every
 * Kafka question) in every answer about it (none).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "playbook_internal.h"

/* a key term is in at most one document of TERM_DF_SHARE */
#define TERM_DF_SHARE 80

struct df_entry {
	uint32_t stem;
	uint32_t df;
};

struct df_table {
	struct df_entry *e;
	size_t n, cap;
};

static struct df_entry *df_find(struct df_table *t, uint32_t stem)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->e[i].stem == stem)
			return &t->e[i];
	return NULL;
}

static int df_count(struct df_table *t, const uint32_t *stems, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct df_entry *e = df_find(t, stems[i]);
		if (e) {
			e->df++;
			continue;
		}
		if (t->n == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 1024;
			struct df_entry *grown = realloc(t->e, cap * sizeof *grown);
			if (!grown)
				return -1;
			t->e = grown;
			t->cap = cap;
		}
		t->e[t->n++] = (struct df_entry){stems[i], 1};
	}
	return 0;
}

/* The distinct stems of a text. */
static size_t stems_of(const char *text, struct text_words *tw, uint32_t *out, size_t cap)
{
	if (!text || text_split(text, tw))
		return 0;
	return qterms_of_words(tw->words, tw->n_words, out, cap);
}

static int has(const uint32_t *set, size_t n, uint32_t s)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == s)
			return 1;
	return 0;
}

/* Counts every line and reason of a list as a document. */
static int count_lines(const struct variants *v, struct df_table *t, size_t *n_docs, struct text_words *tw)
{
	for (size_t i = 0; i < v->n; i++) {
		const char *texts[2] = {v->items[i], v->whys ? v->whys[i] : NULL};
		for (int k = 0; k < 2; k++) {
			uint32_t stems[96];
			size_t n = stems_of(texts[k], tw, stems, 96);
			if (!n)
				continue;
			(*n_docs)++;
			if (df_count(t, stems, n))
				return -1;
		}
	}
	return 0;
}

/* Everything the interviewer may say is the corpus: a word that is common
 * in it ("want", "anything", "traffic") names no question's own point. */
static int count_corpus(const struct playbook *pb, struct df_table *t, size_t *n_docs,
			struct text_words *tw)
{
	int rc = count_lines(&pb->intro, t, n_docs, tw) || count_lines(&pb->generic_acks, t, n_docs, tw);
	for (size_t i = 0; i < pb->n_topics && !rc; i++) {
		const struct topic *tp = &pb->topics[i];
		rc = count_lines(&tp->ask, t, n_docs, tw) || count_lines(&tp->further, t, n_docs, tw) ||
		     count_lines(&tp->hints, t, n_docs, tw) || count_lines(&tp->followups, t, n_docs, tw);
	}
	for (size_t i = 0; i < pb->n_followups && !rc; i++)
		rc = count_lines(&pb->followups[i].lines, t, n_docs, tw);
	for (int i = 0; i < PROBE_COUNT && !rc; i++)
		rc = count_lines(&pb->probes[i], t, n_docs, tw);
	for (int i = 0; i < LINE_COUNT && !rc; i++)
		rc = count_lines(&pb->lines[i], t, n_docs, tw);
	for (int i = 0; i < LEXICON_MAX_CATEGORIES && !rc; i++)
		rc = count_lines(&pb->category_acks[i], t, n_docs, tw);
	for (size_t i = 0; i < pb->n_concept_acks && !rc; i++)
		rc = count_lines(&pb->concept_acks[i].lines, t, n_docs, tw);
	for (size_t i = 0; i < pb->n_answers && !rc; i++)
		rc = count_lines(&pb->answers[i].say, t, n_docs, tw);
	for (size_t i = 0; i < pb->n_anecdotes && !rc; i++) {
		uint32_t stems[96];
		size_t n = stems_of(pb->anecdotes[i].text, tw, stems, 96);
		(*n_docs)++;
		rc = df_count(t, stems, n);
	}
	return rc;
}

/* The stems of heard_as phrases into p: of min_words stemmed words at
 * least, and not all of them words of own (what the question follows up
 * on: "cart" on a question about carts is in every answer to it). */
static void add_phrases(struct qphrases *p, const char *const *phrases, const uint32_t *own,
			size_t n_own, size_t min_words, struct text_words *tw)
{
	for (size_t k = 0; phrases && phrases[k]; k++) {
		uint32_t st[QPHRASE_WORDS];
		if (text_split(phrases[k], tw))
			continue;
		size_t n = qterms_of_words(tw->words, tw->n_words, st, QPHRASE_WORDS), in = 0;
		for (size_t w = 0; w < n; w++)
			in += has(own, n_own, st[w]);
		if (n >= min_words && in < n)
			(void)qphrases_add(p, tw->words, tw->n_words);
	}
}

/* What each follow-up asks for (LINE_WANTS_*), once, rather than
 * reading the question again every time it might be asked. */
static int wants_lines(struct playbook *pb, struct variants *v, const struct lexicon *lx,
		       struct text_words *tw)
{
	v->wants = arena_alloc(&pb->arena, (v->n + 1) * sizeof *v->wants);
	if (!v->wants)
		return -1;
	memset(v->wants, 0, (v->n + 1) * sizeof *v->wants);
	for (size_t i = 0; i < v->n; i++) {
		uint8_t sig[SIG_COUNT] = {0};
		if (text_split(v->items[i], tw))
			continue;
		lexicon_match_signals(lx, tw->words, tw->n_words, sig);
		v->wants[i] = (uint8_t)((sig[SIG_ASKS_DURATION] ? LINE_WANTS_DURATION : 0) |
					(sig[SIG_ASKS_AMOUNT] ? LINE_WANTS_AMOUNT : 0));
	}
	return 0;
}

/* The stems of each follow-up's heard_as phrases. */
static int heard_lines(struct playbook *pb, struct variants *v, const uint32_t *own, size_t n_own,
		       struct text_words *tw)
{
	if (!v->heard_as)
		return 0;
	v->heard_terms = arena_alloc(&pb->arena, (v->n + 1) * sizeof *v->heard_terms);
	if (!v->heard_terms)
		return -1;
	memset(v->heard_terms, 0, (v->n + 1) * sizeof *v->heard_terms);
	for (size_t i = 0; i < v->n; i++)
		add_phrases(&v->heard_terms[i], v->heard_as[i], own, n_own, 1, tw);
	return 0;
}

/* The key terms of each question of a list of follow-ups; `own` holds the
 * stems of what they follow up on. */
static int key_lines(struct playbook *pb, struct variants *v, struct df_table *t, size_t n_docs,
		     const uint32_t *own, size_t n_own, int halve_own, const uint32_t *stop,
		     size_t n_stop, struct text_words *tw)
{
	v->terms = arena_alloc(&pb->arena, (v->n + 1) * sizeof *v->terms);
	if (!v->terms)
		return -1;
	memset(v->terms, 0, (v->n + 1) * sizeof *v->terms);
	for (size_t i = 0; i < v->n; i++) {
		uint32_t stems[64];
		size_t n = stems_of(v->items[i], tw, stems, 64);
		struct qterms *q = &v->terms[i];
		for (size_t k = 0; k < n; k++) {
			struct df_entry *e = df_find(t, stems[k]);
			if (!e || has(stop, n_stop, stems[k]) || (!halve_own && has(own, n_own, stems[k])))
				continue;
			double w = 30.0 * log((double)n_docs / (double)e->df);
			if (halve_own && has(own, n_own, stems[k]))
				w /= 2;
			uint8_t weight = (uint8_t)(w > 255 ? 255 : w < 1 ? 1 : w);
			/* keep the rarest QTERMS_PER_LINE */
			int at = q->n < QTERMS_PER_LINE ? q->n++ : -1;
			if (at < 0) {
				int lightest = 0;
				for (int j = 1; j < QTERMS_PER_LINE; j++)
					if (q->weight[j] < q->weight[lightest])
						lightest = j;
				if (q->weight[lightest] >= weight)
					continue;
				at = lightest;
			}
			q->stem[at] = stems[k];
			q->weight[at] = weight;
		}
	}
	return 0;
}

int playbook_index_terms(struct playbook *pb, const struct lexicon *lx)
{
	struct df_table t = {0};
	struct text_words tw = {0};
	size_t n_docs = 0;
	int rc = count_corpus(pb, &t, &n_docs, &tw);
	uint32_t *stop = NULL;
	size_t n_stop = 0, cap_stop = 0;
	for (size_t i = 0; pb->function_words && pb->function_words[i]; i++)
		cap_stop++;
	if (cap_stop && !(stop = malloc(cap_stop * sizeof *stop)))
		rc = -1;
	for (size_t i = 0; !rc && i < cap_stop; i++) {
		char norm[TEXT_MAX_WORD_BYTES];
		text_normalize_phrase(pb->function_words[i], norm, sizeof norm);
		uint32_t s = qterms_stem(norm);
		if (s)
			stop[n_stop++] = s;
	}
	for (size_t i = 0; i < pb->n_topics && !rc; i++) {
		struct topic *tp = &pb->topics[i];
		uint32_t own[256];
		size_t n_own = 0;
		for (size_t k = 0; k < tp->ask.n && n_own < 192; k++)
			n_own += stems_of(tp->ask.items[k], &tw, own + n_own, 256 - n_own);
		rc = key_lines(pb, &tp->followups, &t, n_docs, own, n_own, 1, stop, n_stop, &tw) ||
		     heard_lines(pb, &tp->followups, own, n_own, &tw) ||
		     wants_lines(pb, &tp->followups, lx, &tw);
	}
	for (size_t i = 0; i < pb->n_followups && !rc; i++) {
		struct concept_followup *cf = &pb->followups[i];
		uint32_t own[32];
		size_t n_own = stems_of(lexicon_concept_name(lx, (size_t)cf->concept), &tw, own, 16);
		const char *id = lexicon_concept_id(lx, (size_t)cf->concept);
		char spaced[128];
		size_t k = 0;
		for (; id && id[k] && k + 1 < sizeof spaced; k++)
			spaced[k] = id[k] == '_' ? ' ' : id[k];
		spaced[k] = 0;
		n_own += stems_of(spaced, &tw, own + n_own, 32 - n_own);
		rc = key_lines(pb, &cf->lines, &t, n_docs, own, n_own, 0, stop, n_stop, &tw) ||
		     heard_lines(pb, &cf->lines, own, n_own, &tw) || wants_lines(pb, &cf->lines, lx, &tw);
	}
	for (size_t i = 0; i < pb->n_challenges && !rc; i++) {
		struct claim_challenge *cc = &pb->challenges[i];
		/* one word ("signature", "idempotent") is as likely in the wrong
		 * claim as in the right view: phrases of two words or more only */
		add_phrases(&cc->right_view, cc->heard_as, NULL, 0, 2, &tw);
	}
	text_words_release(&tw);
	free(stop);
	free(t.e);
	return rc;
}
