/*
 * utterance_guard.c - checks an utterance worded outside the engine against
 * the rules of data/llm.yaml (see utterance_guard.h).
 */
#include "utterance_guard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "text.h"
#include "yaml_tree.h"

#define PREFIX_LEN 5          /* words compare on their first letters: limit ~ limiting */
#define REPEAT_OVERLAP 0.7    /* share of words two turns have in common to be "the same" */
#define MAX_SET_WORDS 256

struct guard_rules {
	struct arena arena;
	size_t max_words;
	const char **code;     /* normalized phrases, NULL-terminated */
	const char **verdict;
	const char **team_cues;
	const char **common;
};

static const char *const verdict_names[GUARD_COUNT] = {
	"ok", "empty", "bad_text", "too_long", "questions", "no_question", "extra_question",
	"markup", "code_request", "verdict", "repeat", "off_move", "team_claim",
};

const char *guard_verdict_name(enum guard_verdict v)
{
	return v >= 0 && v < GUARD_COUNT ? verdict_names[v] : "unknown";
}

size_t guard_max_words(const struct guard_rules *g) { return g->max_words; }

static int normalize_list(struct arena *a, const char **list)
{
	for (size_t i = 0; list[i]; i++) {
		char buf[256];
		if (!text_normalize_phrase(list[i], buf, sizeof buf))
			return -1;
		if (!(list[i] = arena_strdup(a, buf)))
			return -1;
	}
	return 0;
}

struct guard_rules *guard_rules_parse(const struct text_source *src, struct iv_error *err)
{
	struct ydoc d;
	if (ydoc_load(&d, src, err))
		return NULL;
	struct guard_rules *g = calloc(1, sizeof *g);
	if (!g) {
		ydoc_release(&d);
		iv_error_set(err, "out of memory");
		return NULL;
	}
	static const char *const keys[] = {"max_words", "code_requests", "verdict", "team_cues",
					   "common", NULL};
	yaml_node_t *root = ydoc_root(&d);
	yaml_node_t *gn = ymap_get(&d, root, "guard");
	double max_words = 0;
	int rc = -1;
	if (!gn) {
		yfail(&d, root, err, "no guard: section");
		goto out;
	}
	if (ycheck_keys(&d, gn, keys, "guard", err))
		goto out;
	yaml_node_t *mw = ymap_get(&d, gn, "max_words");
	if (!mw) {
		yfail(&d, gn, err, "guard: needs max_words");
		goto out;
	}
	if (ynumber(&d, mw, "max_words", &max_words, err))
		goto out;
	if (max_words < 5 || max_words > 500) {
		yfail(&d, mw, err, "max_words must be from 5 to 500");
		goto out;
	}
	g->max_words = (size_t)max_words;
	struct {
		const char *key;
		const char ***out;
	} lists[] = {{"code_requests", &g->code},
		     {"verdict", &g->verdict},
		     {"team_cues", &g->team_cues},
		     {"common", &g->common}};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		yaml_node_t *n = ymap_get(&d, gn, lists[i].key);
		if (!n) {
			yfail(&d, gn, err, "guard: needs %s", lists[i].key);
			goto out;
		}
		if (ystring_list(&d, &g->arena, n, 1, lists[i].key, lists[i].out, err) < 0)
			goto out;
		if (normalize_list(&g->arena, *lists[i].out)) {
			yfail(&d, n, err, "%s: a phrase has no words", lists[i].key);
			goto out;
		}
	}
	rc = 0;
out:
	ydoc_release(&d);
	if (rc) {
		guard_rules_free(g);
		return NULL;
	}
	return g;
}

void guard_rules_free(struct guard_rules *g)
{
	if (!g)
		return;
	arena_free(&g->arena);
	free(g);
}

/* ------------------------------------------------------------ word helpers */

static int has_phrase(const struct text_words *tw, const char *phrase)
{
	char words[8][TEXT_MAX_WORD_BYTES];
	size_t n = 0;
	for (const char *p = phrase; *p && n < 8;) {
		size_t len = strcspn(p, " ");
		if (len >= TEXT_MAX_WORD_BYTES)
			len = TEXT_MAX_WORD_BYTES - 1;
		memcpy(words[n], p, len);
		words[n++][len] = '\0';
		p += len;
		while (*p == ' ')
			p++;
	}
	for (size_t i = 0; n && i + n <= tw->n_words; i++) {
		size_t k = 0;
		while (k < n && !strcmp(tw->words[i + k].norm, words[k]))
			k++;
		if (k == n)
			return 1;
	}
	return 0;
}

/* The first phrase of list in tw that the move's own wording (in
 * scripted, may be empty) does not say: the engine's words are never the
 * LLM's fault. */
static const char *first_phrase(const struct text_words *tw, const char *const *list,
				const struct text_words *scripted)
{
	for (size_t i = 0; list[i]; i++)
		if (has_phrase(tw, list[i]) && !has_phrase(scripted, list[i]))
			return list[i];
	return NULL;
}

static int in_list(const char *word, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(word, list[i]))
			return 1;
	return 0;
}

/* A word that says what a sentence is about: long enough, not common. */
static int is_content(const struct guard_rules *g, const char *norm)
{
	return strlen(norm) >= PREFIX_LEN && !in_list(norm, g->common);
}

static int same_stem(const char *a, const char *b)
{
	return !strncmp(a, b, PREFIX_LEN);
}

/* The content words of text, as stems, deduplicated, into set. */
static size_t content_set(const struct guard_rules *g, const char *text, struct text_words *tw,
			  char set[][PREFIX_LEN + 1], size_t max)
{
	size_t n = 0;
	if (!text || text_split(text, tw))
		return 0;
	for (size_t i = 0; i < tw->n_words && n < max; i++) {
		if (!is_content(g, tw->words[i].norm))
			continue;
		size_t k = 0;
		while (k < n && !same_stem(set[k], tw->words[i].norm))
			k++;
		if (k < n)
			continue;
		memcpy(set[n], tw->words[i].norm, PREFIX_LEN);
		set[n++][PREFIX_LEN] = '\0';
	}
	return n;
}

static size_t set_overlap(char a[][PREFIX_LEN + 1], size_t na, char b[][PREFIX_LEN + 1], size_t nb)
{
	size_t both = 0;
	for (size_t i = 0; i < na; i++)
		for (size_t k = 0; k < nb; k++)
			if (!strcmp(a[i], b[k])) {
				both++;
				break;
			}
	return both;
}

static double overlap_share(char a[][PREFIX_LEN + 1], size_t na, char b[][PREFIX_LEN + 1], size_t nb)
{
	size_t both = set_overlap(a, na, b, nb);
	size_t either = na + nb - both;
	return either ? (double)both / (double)either : 0.0;
}

static size_t count_char(const char *s, char c)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == c;
	return n;
}

/* Whether the normalized word occurs in any of the texts. */
static int word_in_texts(const char *norm, const char *const *texts, size_t n, struct text_words *tw)
{
	for (size_t i = 0; i < n; i++) {
		if (!texts[i] || text_split(texts[i], tw))
			continue;
		for (size_t k = 0; k < tw->n_words; k++)
			if (!strcmp(tw->words[k].norm, norm))
				return 1;
	}
	return 0;
}

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }

/* A sentence about the team ("we", "our") naming something specific (a
 * capitalized name or a number) that neither the facts, the move nor the
 * candidate said: a claim the persona cannot back. */
static const char *team_claim(const struct guard_rules *g, const struct guard_context *ctx,
			      const char *text, struct text_words *tw, struct text_words *scratch,
			      char *word, size_t word_cap)
{
	size_t n_allowed = ctx->n_facts + 3;
	const char **allowed = calloc(n_allowed, sizeof *allowed);
	if (!allowed)
		return NULL;
	for (size_t i = 0; i < ctx->n_facts; i++)
		allowed[i] = ctx->facts[i];
	allowed[ctx->n_facts] = ctx->scripted;
	allowed[ctx->n_facts + 1] = ctx->candidate;
	allowed[ctx->n_facts + 2] = ctx->focus;
	const char *found = NULL;
	for (size_t s = 0; s < tw->n_sentences && !found; s++) {
		const struct text_sentence *se = &tw->sentences[s];
		int about_team = 0;
		for (uint32_t k = 0; k < se->n_words; k++)
			about_team |= in_list(tw->words[se->first_word + k].norm, g->team_cues);
		if (!about_team)
			continue;
		for (uint32_t k = 1; k < se->n_words && !found; k++) {
			const struct text_word *w = &tw->words[se->first_word + k];
			int digit = strpbrk(w->norm, "0123456789") != NULL;
			if (!(is_upper(text[w->start]) || digit) || !strcmp(w->norm, "i"))
				continue;
			if (!word_in_texts(w->norm, allowed, n_allowed, scratch)) {
				snprintf(word, word_cap, "%.*s", (int)(w->end - w->start), text + w->start);
				found = word;
			}
		}
	}
	free(allowed);
	return found;
}

/* The sentence of the scripted wording that asks its question, or all of it. */
static void question_part(const char *scripted, char *out, size_t cap)
{
	const char *q = strchr(scripted, '?');
	if (!q) {
		snprintf(out, cap, "%s", scripted);
		return;
	}
	const char *start = q;
	while (start > scripted && !strchr(".!?", start[-1]))
		start--;
	snprintf(out, cap, "%.*s", (int)(q - start + 1), start);
}

/* ------------------------------------------------------------------- check */

#define FAIL(v, ...)                                        \
	do {                                                \
		if (why)                                    \
			snprintf(why, why_cap, __VA_ARGS__); \
		verdict = (v);                              \
		goto out;                                   \
	} while (0)

enum guard_verdict guard_check(const struct guard_rules *g, const struct guard_context *ctx,
			       const char *text, char *why, size_t why_cap)
{
	enum guard_verdict verdict = GUARD_OK;
	struct text_words tw = {0}, scratch = {0}, scripted_words = {0};
	static const char markup[] = "*#`|<>[]{}~\\";
	if (why && why_cap)
		why[0] = '\0';
	if (!text || !text[0])
		FAIL(GUARD_EMPTY, "it said nothing");
	size_t len = strlen(text);
	if (!text_is_valid_utf8(text, len))
		FAIL(GUARD_BAD_TEXT, "it is not valid UTF-8");
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if (*p < 0x20 && *p != '\n')
			FAIL(GUARD_BAD_TEXT, "it holds control characters");
	if (strpbrk(text, markup) || strchr(text, '\n'))
		FAIL(GUARD_MARKUP, "it holds markup or more than one line; say plain sentences");
	if (text_split(text, &tw))
		FAIL(GUARD_EMPTY, "out of memory");
	if (!tw.n_words)
		FAIL(GUARD_EMPTY, "it has no words");
	/* about sixty words, or as many as the move's own wording needs (the
	 * closing answers several of the candidate's questions at once) */
	size_t words = text_count_words(text), most = g->max_words;
	if (ctx->scripted && text_count_words(ctx->scripted) > most)
		most = text_count_words(ctx->scripted);
	if (words > most)
		FAIL(GUARD_TOO_LONG, "it has %zu words; at most %zu", words, most);
	size_t asked = count_char(text, '?');
	size_t scripted_asked = ctx->scripted ? count_char(ctx->scripted, '?') : 0;
	if (asked > 1)
		FAIL(GUARD_QUESTIONS, "it asks %zu questions; ask exactly one", asked);
	if (scripted_asked && !asked)
		FAIL(GUARD_NO_QUESTION, "it does not ask the move's question");
	if (!scripted_asked && asked)
		FAIL(GUARD_EXTRA_QUESTION, "it asks a question where the move asks none");
	const char *p;
	if (text_split(ctx->scripted ? ctx->scripted : "", &scripted_words))
		FAIL(GUARD_EMPTY, "out of memory");
	if ((p = first_phrase(&tw, g->code, &scripted_words)))
		FAIL(GUARD_CODE, "it asks for code (\"%s\"); never ask for code", p);
	if ((p = first_phrase(&tw, g->verdict, &scripted_words)))
		FAIL(GUARD_VERDICT, "it speaks of the evaluation (\"%s\")", p);

	char mine[MAX_SET_WORDS][PREFIX_LEN + 1], other[MAX_SET_WORDS][PREFIX_LEN + 1];
	size_t n_mine = content_set(g, text, &scratch, mine, MAX_SET_WORDS);
	for (size_t i = 0; i < ctx->n_earlier && n_mine >= 3; i++) {
		size_t n_e = content_set(g, ctx->earlier[i], &scratch, other, MAX_SET_WORDS);
		if (overlap_share(mine, n_mine, other, n_e) < REPEAT_OVERLAP)
			continue;
		/* a move that itself says the turn again (a repeat asked for) may */
		char sc[MAX_SET_WORDS][PREFIX_LEN + 1];
		size_t n_s = content_set(g, ctx->scripted, &scratch, sc, MAX_SET_WORDS);
		if (overlap_share(sc, n_s, other, n_e) >= REPEAT_OVERLAP / 2)
			continue;
		FAIL(GUARD_REPEAT, "it says an earlier turn again");
	}
	if (ctx->scripted && scripted_asked) {
		/* on the move: it shares a subject with the scripted question or
		 * with the concept the move follows up on */
		char q[1024], subject[1200];
		question_part(ctx->scripted, q, sizeof q);
		snprintf(subject, sizeof subject, "%s %s", q, ctx->focus ? ctx->focus : "");
		size_t n_q = content_set(g, subject, &scratch, other, MAX_SET_WORDS);
		if (n_q >= 1 && !set_overlap(mine, n_mine, other, n_q))
			FAIL(GUARD_OFF_MOVE, "it does not ask what the move asks (%s)", q);
	}
	char word[64];
	if (team_claim(g, ctx, text, &tw, &scratch, word, sizeof word))
		FAIL(GUARD_TEAM_CLAIM, "it says something about the team the facts do not (\"%s\")",
		     word);
out:
	text_words_release(&tw);
	text_words_release(&scratch);
	text_words_release(&scripted_words);
	return verdict;
}
