/*
 * reflect.c - the candidate's short point said back in the second person
 * (see reflect.h).  Words are copied from the original text, so the
 * candidate's own terms and numbers stay as they said them; only the
 * pronouns change.  Pure: no allocation.
 */
#include "reflect.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>


/* 1 when needle occurs in the n bytes at s. */
static int strstr_n(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(s + i, needle, k))
			return 1;
	return 0;
}

/* The second-person form of a first-person word (normalized), or NULL. */
static const char *second_person(const char *norm)
{
	static const char *const pairs[][2] = {
		{"i", "you"},     {"im", "you're"},   {"ive", "you've"},   {"id", "you'd"},
		{"ill", "you'll"}, {"me", "you"},     {"my", "your"},      {"mine", "yours"},
		{"myself", "yourself"}, {"we", "you"}, {"weve", "you've"}, {"were", NULL},
		{"wed", "you'd"}, {"well", NULL},     {"us", "you"},       {"our", "your"},
		{"ours", "yours"}, {"ourselves", "yourselves"},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		if (!strcmp(norm, pairs[i][0]))
			return pairs[i][1];
	return NULL;
}

/* 1 when the first word loses its capital after "So, ": a name keeps it
 * (Kafka, Postgres: a component, language or protocol of the lexicon that
 * starts there), and so does a word written as one (SQS, PgBouncer); an
 * ordinary word that opened the sentence does not ("So, direct upload"). */
static int lowers(const struct lexicon *lx, const char *text, const struct text_words *tw,
		  size_t first, size_t n)
{
	const struct text_word *w = &tw->words[first];
	for (uint32_t b = w->start + 1; b < w->end; b++)
		if (isupper((unsigned char)text[b]))
			return 0;
	if (!strcmp(w->norm, "i") || !lx)
		return strcmp(w->norm, "i") != 0;
	struct concept_hit hits[4];
	size_t k = lexicon_match_concepts(lx, &tw->words[first], n, hits, 4);
	for (size_t i = 0; i < k && i < 4; i++) {
		enum concept_kind kind = lexicon_concept_kind(lx, hits[i].concept);
		if (hits[i].first_word == 0 &&
		    (kind == KIND_COMPONENT || kind == KIND_LANGUAGE || kind == KIND_PROTOCOL))
			return 0;
	}
	return 1;
}

size_t reflect_reply(const struct lexicon *lx, const char *text, const struct text_words *tw,
		     size_t max_words, int unsure, char *out, size_t cap)
{
	if (cap)
		out[0] = '\0';
	if (unsure || !text || !tw->n_sentences || cap < 16)
		return 0;
	const struct text_sentence *se = &tw->sentences[0];
	if (se->terminator == '?' || se->n_words < 3 || se->n_words > max_words)
		return 0;
	/* "we're" changes its verb too ("you're"), "we'll" could be a well:
	 * a sentence with either is left unsaid rather than said wrong */
	for (size_t i = 0; i < se->n_words; i++) {
		const char *n = tw->words[se->first_word + i].norm;
		if (!strcmp(n, "were") || !strcmp(n, "well") || !strcmp(n, "so"))
			return 0;
	}
	/* an attitude said back ("so, you honestly ...") sounds like mockery
	 * (signals.yaml, attitude) */
	if (lx) {
		uint8_t sig[SIG_COUNT] = {0};
		lexicon_match_signals(lx, &tw->words[se->first_word], se->n_words, sig);
		if (sig[SIG_ATTITUDE])
			return 0;
	}
	/* a point that leans on what came before ("this you had", "that one",
	 * "yes, exactly") makes no sense said back alone */
	static const char *const leaning[] = {"this", "that", "it", "yes", "yeah", "no", "exactly",
					      "right", "same", "also", "and", "but", "then", "hmm",
					      "or", "because", "plus", "though", "still", "anyway"};
	for (size_t k = 0; k < sizeof leaning / sizeof leaning[0]; k++)
		if (!strcmp(tw->words[se->first_word].norm, leaning[k]))
			return 0;
	char buf[512];
	size_t o = (size_t)snprintf(buf, sizeof buf, "So, ");
	for (size_t i = 0; i < se->n_words && o + 32 < sizeof buf; i++) {
		const struct text_word *w = &tw->words[se->first_word + i];
		if (i) {
			/* keep the candidate's commas; other punctuation falls away */
			const struct text_word *prev = &tw->words[se->first_word + i - 1];
			for (uint32_t b = prev->end; b < w->start; b++)
				if (text[b] == ',')
					buf[o++] = ',';
			buf[o++] = ' ';
		}
		const char *swap = second_person(w->norm);
		/* "I'd" is a contraction only with its apostrophe: "user id", "ill", "wed" are not */
		if (swap && strchr(swap, '\'') && !memchr(text + w->start, '\'', w->end - w->start) &&
		    !strstr_n(text + w->start, w->end - w->start, "\xe2\x80\x99"))
			swap = NULL;
		if (swap) {
			o += (size_t)snprintf(buf + o, sizeof buf - o, "%s", swap);
			continue;
		}
		size_t len = w->end - w->start;
		if (o + len + 2 >= sizeof buf)
			return 0;
		memcpy(buf + o, text + w->start, len);
		/* pg_stat_activity is said "pg stat activity": no markup in speech */
		for (size_t b = o; b < o + len; b++)
			if (buf[b] == '_')
				buf[b] = ' ';
		if (i == 0 && lowers(lx, text, tw, se->first_word, se->n_words))
			buf[o] = (char)tolower((unsigned char)buf[o]);
		o += len;
	}
	buf[o++] = '.';
	buf[o] = '\0';
	if (o + 1 > cap)
		return 0;
	memcpy(out, buf, o + 1);
	return o;
}
