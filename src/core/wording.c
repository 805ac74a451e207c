/*
 * wording.c - turning the playbook's variants into what the interviewer
 * says: a seeded choice among the variants, placeholders filled, nothing
 * ever said twice in one interview, and pieces joined into a turn short
 * enough to say aloud.
 */
#include <stdio.h>
#include <string.h>

#include "interview_internal.h"
#include "textbuf.h"

#define TURN_MAX_WORDS 60

/* splitmix64: small, fast, and the same on every platform */
uint64_t iv_rand(struct interview *iv)
{
	uint64_t z = (iv->rng += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 'A' && c <= 'Z')
			c += 32;
		h = (h ^ c) * 0x100000001b3ull;
	}
	return h;
}

int iv_was_said(const struct interview *iv, const char *text)
{
	uint64_t h = fnv1a(text);
	for (int i = 0; i < iv->n_said; i++)
		if (iv->said[i] == h)
			return 1;
	return 0;
}

static void remember(struct interview *iv, const char *text)
{
	if (iv->n_said < IV_MAX_SAID)
		iv->said[iv->n_said++] = fnv1a(text);
}

/* The said-list key of a question fishing for cover: no line's text. */
static void cover_key(int cover, char *out, size_t cap)
{
	snprintf(out, cap, "\x01cover %d", cover);
}

int iv_cover_asked(const struct interview *iv, int cover)
{
	char key[32];
	if (cover < 0)
		return 0;
	cover_key(cover, key, sizeof key);
	return iv_was_said(iv, key);
}

/* A line is reused at most once (about another concept): a second use is
 * remembered under the line's hash with a marker appended. */
static uint64_t second_use_hash(const char *tmpl)
{
	return fnv1a(tmpl) ^ 0x5bd1e9955bd1e995ull;
}

static int used_twice(const struct interview *iv, const char *tmpl)
{
	uint64_t h = second_use_hash(tmpl);
	for (int i = 0; i < iv->n_said; i++)
		if (iv->said[i] == h)
			return 1;
	return 0;
}

static void remember_second_use(struct interview *iv, const char *tmpl)
{
	if (iv->n_said < IV_MAX_SAID)
		iv->said[iv->n_said++] = second_use_hash(tmpl);
}

struct line_values {
	const struct interview *iv;
	int concept;
};

static int key_is(const char *key, size_t key_len, const char *name)
{
	return strlen(name) == key_len && strncmp(key, name, key_len) == 0;
}

/* The name a colleague would call the candidate by: the first of their
 * names ("Ingrid", not "Ingrid Halvorsen", which read as a form letter in
 * a greeting and a goodbye), but the whole of a name that opens with a
 * title ("Dr. Ana Ruiz") or is one word.  Returns its length in name. */
static size_t spoken_name_len(const char *name)
{
	size_t n = strcspn(name, " \t");
	if (!name[n] || (n && name[n - 1] == '.'))
		return strlen(name);
	return n;
}

/* The value of {name}, {persona} or {concept}; one that opens a sentence
 * gets a capital letter.  -1 when the value is missing. */
static int line_value(void *ctx, struct textbuf *tb, const char *key, size_t key_len)
{
	const struct line_values *lv = ctx;
	const struct interview *iv = lv->iv;
	const char *value;
	size_t value_len = 0;
	if (key_is(key, key_len, "name")) {
		value = iv->name;
		value_len = spoken_name_len(value);
	}
	else if (key_is(key, key_len, "persona"))
		value = iv->pb->persona_name;
	else if (key_is(key, key_len, "concept"))
		value = lv->concept >= 0 ? lexicon_concept_name(iv->lx, (size_t)lv->concept) : "";
	else
		return 0;
	if (!*value)
		return -1;
	size_t o = tb->len;
	int sentence_start = o == 0 || (o >= 2 && tb->data[o - 1] == ' ' &&
					(tb->data[o - 2] == '.' || tb->data[o - 2] == '?' ||
					 tb->data[o - 2] == '!'));
	if (value_len)
		textbuf_addn(tb, value, value_len);
	else
		textbuf_add(tb, value);
	if (sentence_start && !tb->failed && tb->data[o] >= 'a' && tb->data[o] <= 'z')
		tb->data[o] -= 32;
	return 1;
}

/* Fills {name}, {persona}, {concept} into out.  Returns -1 when a needed
 * value is missing or the text does not fit (with a byte to spare). */
static int fill(const struct interview *iv, const char *tmpl, int concept, char *out, size_t cap)
{
	struct line_values lv = {iv, concept};
	struct textbuf tb;
	textbuf_init(&tb);
	int r = textbuf_fill(&tb, tmpl, line_value, &lv);
	if (!r && (tb.failed || (tb.len && tb.len + 2 > cap)))
		r = -1;
	if (!r)
		memcpy(out, textbuf_str(&tb), tb.len + 1);
	textbuf_free(&tb);
	return r;
}

/* 1 when the variant names something we know: such variants are preferred,
 * they show the candidate was heard (or greet them by name). */
static int names_what_we_know(const struct interview *iv, const char *tmpl, int concept)
{
	return (concept >= 0 && strstr(tmpl, "{concept}")) || (iv->name[0] && strstr(tmpl, "{name}"));
}

/* 1 when the last reply names a product of what the conditional follow-up
 * being asked is about (its when_categories) as one it runs or ran, or
 * just as the one there ("the SQS consumer that reacts to ..."): not one
 * it ruled out, weighed or does not know. */
static int named_product(const struct interview *iv)
{
	const struct topic *t = iv_cur_topic(iv);
	if (!t || !t->when_categories)
		return 0;
	const struct utterance_analysis *ua = &iv->last;
	for (int i = 0; i < ua->n_concepts; i++)
		if ((ua->stance[i] == STANCE_USES || ua->stance[i] == STANCE_MENTION ||
		     ua->stance[i] == STANCE_INHERITED) &&
		    lexicon_concept_is_product(iv->lx, ua->concepts[i]) &&
		    (lexicon_concept_categories(iv->lx, ua->concepts[i]) & t->when_categories))
			return 1;
	return 0;
}

/* 1 when item k of v fits: lines declare the kinds of concept they fit
 * ("what if {concept} became unavailable?" fits a component, never a
 * problem or a practice) and what they need the reply to offer. */
static int kind_fits(const struct interview *iv, const struct variants *v, size_t k, int concept)
{
	/* and what the line takes for granted is in the reply ("why that
	 * choice?" only after a choice) */
	if (v->needs && (v->needs[k] & ~iv->offers & ~(NEED_UNNAMED | NEED_NAMED)))
		return 0;
	if (v->needs && (v->needs[k] & NEED_UNNAMED) && named_product(iv))
		return 0;
	if (v->needs && (v->needs[k] & NEED_NAMED) &&
	    (!named_product(iv) || (strstr(v->items[k], "{concept}") &&
				    (concept < 0 || !lexicon_concept_is_product(iv->lx, (size_t)concept)))))
		return 0;
	/* nor a question whose answer they already gave ("which algorithm?"
	 * after "a token bucket in Redis") */
	if (v->covers && (iv_cover_heard(iv, v->covers[k]) || iv_cover_asked(iv, v->covers[k])))
		return 0;
	/* nor "why {concept}?" about what someone before them chose */
	if (v->needs && (v->needs[k] & NEED_CHOICE) && concept >= 0 && iv_inherited(iv, concept))
		return 0;
	/* praise for a choice only of the thing they chose: its {concept}, else
	 * what the conditional follow-up being asked is about */
	if (v->needs && (v->needs[k] & NEED_CHOSEN)) {
		const struct topic *t = iv_cur_topic(iv);
		uint32_t subject = concept >= 0 && strstr(v->items[k], "{concept}")
					   ? lexicon_concept_categories(iv->lx, (size_t)concept)
				   : t && t->when_categories ? t->when_categories
							     : iv->last.category_mask;
		if (!(iv->chosen_categories & subject))
			return 0;
	}
	int names = concept >= 0 && strstr(v->items[k], "{concept}");
	/* what a line is about is what it names, else what its "that" points
	 * at: the thing the last reply was about, not the whole topic so far
	 * ("what if a dependency times out halfway?" after an N+1 story) */
	uint32_t about_what = names ? lexicon_concept_categories(iv->lx, (size_t)concept)
			      : iv->last_concept >= 0
				      ? lexicon_concept_categories(iv->lx, (size_t)iv->last_concept)
				      : iv->last.category_mask;
	if (v->about && v->about[k] && !(v->about[k] & about_what))
		return 0;
	if (!names || !v->kinds || !v->kinds[k])
		return 1;
	return (v->kinds[k] >> lexicon_concept_kind(iv->lx, (size_t)concept)) & 1u;
}

int iv_pick(struct interview *iv, const struct variants *v, int concept, char *out, size_t cap)
{
	const char *tmpl;
	return iv_pick_template(iv, v, concept, out, cap, &tmpl);
}

/* A line is used once per interview, whatever it was filled with: the same
 * question about two different concepts still sounds repetitive. */
int iv_pick_template(struct interview *iv, const struct variants *v, int concept, char *out,
		     size_t cap, const char **template_out)
{
	if (!v->n)
		return -1;
	size_t start = (size_t)(iv_rand(iv) % v->n);
	int any_personal = 0;
	for (size_t k = 0; k < v->n; k++)
		any_personal |= names_what_we_know(iv, v->items[k], concept) && kind_fits(iv, v, k, concept);
	/* pass 0: unused lines that name what we know; 1: any unused line; 2: a
	 * used line that names something else this time (the turn stays new) */
	for (int pass = any_personal ? 0 : 1; pass < 3; pass++) {
		for (size_t k = 0; k < v->n; k++) {
			const char *tmpl = v->items[(start + k) % v->n];
			if (!kind_fits(iv, v, (start + k) % v->n, concept))
				continue;
			if (pass == 0 && !names_what_we_know(iv, tmpl, concept))
				continue;
			if (pass == 2 && !names_what_we_know(iv, tmpl, concept))
				continue;
			if ((pass < 2 && iv_was_said(iv, tmpl)) || (pass == 2 && used_twice(iv, tmpl)) ||
			    fill(iv, tmpl, concept, out, cap))
				continue;
			if (!iv_was_said(iv, out)) {
				if (pass == 2)
					remember_second_use(iv, tmpl);
				*template_out = tmpl;
				return 0;
			}
		}
	}
	return -1;
}

void draft_init(struct turn_draft *d)
{
	memset(d, 0, sizeof *d);
	d->focus = -1;
}

/* Drops a line's opening interjection ("Nice.", "Interesting!", "Good
 * catch.") when something is said before it: one warm word per turn, not
 * "That's a fair way to look at it. Interesting! What's been ..." */
#define INTERJECTION_MAX_WORDS 2
static void drop_interjection(char *s)
{
	int words = 1;
	for (char *p = s; *p && *p != '?'; p++) {
		if (*p == ' ')
			words++;
		if (words > INTERJECTION_MAX_WORDS)
			return;
		if ((*p == '.' || *p == '!') && p[1] == ' ' && p[2]) {
			memmove(s, p + 2, strlen(p + 2) + 1);
			return;
		}
	}
}

int draft_add(struct interview *iv, struct turn_draft *d, const struct variants *v, int concept,
	      int optional)
{
	if (d->n >= DRAFT_MAX_PIECES)
		return -1;
	if (iv_pick_template(iv, v, concept, d->storage[d->n], sizeof d->storage[d->n],
			     &d->templates[d->n]))
		return -1;
	if (d->n > 0)
		drop_interjection(d->storage[d->n]);
	d->pieces[d->n] = d->storage[d->n];
	d->optional[d->n] = optional;
	d->covers[d->n] = -1; /* a topic's question and its rephrasings ask one thing */
	for (size_t i = 0; (v->terms || v->heard_terms) && i < v->n; i++)
		if (v->items[i] == d->templates[d->n]) {
			d->asks_v = v;
			d->asks_i = i;
		}
	d->n++;
	if (concept >= 0)
		d->focus = concept;
	return 0;
}

void draft_add_text(struct turn_draft *d, const char *text, int optional)
{
	if (d->n >= DRAFT_MAX_PIECES)
		return;
	strncpy(d->storage[d->n], text, sizeof d->storage[d->n] - 1);
	d->storage[d->n][sizeof d->storage[d->n] - 1] = '\0';
	d->pieces[d->n] = d->storage[d->n];
	d->templates[d->n] = NULL;
	d->optional[d->n] = optional;
	d->covers[d->n] = -1;
	d->n++;
}

static size_t draft_words(const struct turn_draft *d, const int *keep)
{
	size_t w = 0;
	for (int i = 0; i < d->n; i++)
		if (keep[i])
			w += text_count_words(d->pieces[i]);
	return w;
}

size_t draft_word_count(const struct turn_draft *d)
{
	int keep[DRAFT_MAX_PIECES] = {1, 1, 1, 1, 1, 1};
	return draft_words(d, keep);
}

int draft_holds(const struct turn_draft *d, const char *text)
{
	for (int k = 0; k < d->n; k++)
		if (!strcmp(d->pieces[k], text))
			return 1;
	return 0;
}

void draft_finish(struct interview *iv, struct turn_draft *d)
{
	int keep[DRAFT_MAX_PIECES] = {1, 1, 1, 1, 1, 1};
	/* drop optional pieces, first to last, until the turn is sayable in one breath */
	for (int i = 0; i < d->n && draft_words(d, keep) > TURN_MAX_WORDS; i++)
		if (d->optional[i])
			keep[i] = 0;
	size_t o = 0;
	iv->text[0] = '\0';
	for (int i = 0; i < d->n; i++) {
		if (!keep[i])
			continue;
		size_t len = strlen(d->pieces[i]);
		if (o + len + 2 >= sizeof iv->text)
			break;
		if (o)
			iv->text[o++] = ' ';
		memcpy(iv->text + o, d->pieces[i], len);
		o += len;
		iv->text[o] = '\0';
		remember(iv, d->pieces[i]);
		if (d->templates[i] && strcmp(d->templates[i], d->pieces[i]))
			remember(iv, d->templates[i]);
		if (d->covers[i] >= 0 && !iv_cover_asked(iv, d->covers[i])) {
			char key[32];
			cover_key(d->covers[i], key, sizeof key);
			remember(iv, key);
		}
	}
	remember(iv, iv->text);
	if ((d->acts & ACT(ACT_QUESTION)) && strchr(iv->text, '?')) {
		memcpy(iv->last_asked, iv->text, sizeof iv->last_asked);
		iv->last_asked_focus = d->focus;
		iv->asked_v = d->asks_v;
		iv->asked_i = d->asks_i;
	}
}
