/*
 * question_terms.c - a follow-up's key terms and whether a sentence says
 * them (see question_terms.h).
 */
#include "question_terms.h"

#include <string.h>

static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n > k && !memcmp(s + n - k, suffix, k);
}

uint32_t qterms_stem(const char *norm)
{
	char w[TEXT_MAX_WORD_BYTES];
	size_t n = strlen(norm);
	if (n < 3 || n >= sizeof w)
		return 0;
	memcpy(w, norm, n + 1);
	/* "unnoticed" is about what "nobody noticed" is about */
	if (n >= 7 && w[0] == 'u' && w[1] == 'n') {
		memmove(w, w + 2, n - 1);
		n -= 2;
	}
	/* one suffix, longest first, keeping four letters at least */
	static const char *const suffixes[] = {"ations", "ation", "ments", "ment", "ings", "ing", "ies",
					       "ers", "er", "ed", "es", "ly", "s", NULL};
	for (int i = 0; suffixes[i]; i++) {
		size_t k = strlen(suffixes[i]);
		if (ends_with(w, n, suffixes[i]) && n - k >= 4 && !(k == 1 && w[n - 2] == 's')) {
			n -= k;
			if (!strcmp(suffixes[i], "ies"))
				w[n++] = 'y';
			break;
		}
	}
	if (n > 3 && w[n - 1] == 'e')
		n--;
	if (n > 7)
		n = 7;
	if (n < 3)
		return 0;
	/* FNV-1a; 0 is kept for "no stem" */
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h ? h : 1;
}

size_t qterms_of_words(const struct text_word *words, size_t n, uint32_t *out, size_t cap)
{
	size_t m = 0;
	for (size_t i = 0; i < n && m < cap; i++) {
		uint32_t s = qterms_stem(words[i].norm);
		size_t k = 0;
		while (s && k < m && out[k] != s)
			k++;
		if (s && k == m)
			out[m++] = s;
	}
	return m;
}

int qterms_stated(const struct qterms *q, const uint32_t *sentence, size_t n)
{
	unsigned total = 0, found = 0, hits = 0;
	for (int i = 0; i < q->n; i++) {
		total += q->weight[i];
		for (size_t k = 0; k < n; k++)
			if (sentence[k] == q->stem[i]) {
				found += q->weight[i];
				hits++;
				break;
			}
	}
	return hits >= 2 && total && found * 2 >= total;
}

unsigned qterms_share(const struct qterms *q, const uint32_t *stems, size_t n)
{
	unsigned total = 0, found = 0;
	for (int i = 0; i < q->n; i++) {
		total += q->weight[i];
		for (size_t k = 0; k < n; k++)
			if (stems[k] == q->stem[i]) {
				found += q->weight[i];
				break;
			}
	}
	return total ? found * 255u / total : 0;
}

int qphrases_add(struct qphrases *p, const struct text_word *words, size_t n)
{
	if (p->n >= QPHRASES_MAX)
		return -1;
	uint8_t len = 0;
	for (size_t i = 0; i < n && len < QPHRASE_WORDS; i++) {
		uint32_t s = qterms_stem(words[i].norm);
		if (s)
			p->stem[p->n][len++] = s;
	}
	if (!len)
		return -1;
	p->len[p->n++] = len;
	return 0;
}

static int holds(const uint32_t *set, size_t n, uint32_t s)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == s)
			return 1;
	return 0;
}

/* 1 when phrase a's stems are all among phrase b's */
static int within(const struct qphrases *p, int a, int b)
{
	for (int w = 0; w < p->len[a]; w++)
		if (!holds(p->stem[b], p->len[b], p->stem[a][w]))
			return 0;
	return 1;
}

int qphrases_distinct(const struct qphrases *p, uint32_t heard)
{
	int n = 0;
	for (int k = 0; k < p->n; k++) {
		if (!(heard & (1u << k)))
			continue;
		int counted = 1;
		for (int j = 0; j < p->n && counted; j++)
			if (j != k && (heard & (1u << j)) && within(p, k, j) &&
			    (!within(p, j, k) || j < k))
				counted = 0;
		/* "magic bytes" says more than "timeout" */
		n += counted ? (p->len[k] > 1 ? 2 : 1) : 0;
	}
	return n;
}

uint32_t qphrases_heard(const struct qphrases *p, const uint32_t *sentence, size_t n)
{
	uint32_t mask = 0;
	for (int k = 0; k < p->n; k++) {
		int all = 1;
		for (int w = 0; w < p->len[k] && all; w++)
			all = holds(sentence, n, p->stem[k][w]);
		if (all)
			mask |= 1u << k;
	}
	return mask;
}
