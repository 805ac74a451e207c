/*
 * lexicon.c - loading the concept lexicon and signal phrases, and finding
 * them in words (see lexicon.h).
 *
 * Phrases are kept in one array sorted by their first word; a phrase whose
 * first word is a stem ("shard*") sits in a second array sorted by stem.  A
 * lookup at a word is a binary search in each (the stems by every prefix of
 * the word), then a check of the phrase's remaining words.  Everything the
 * lexicon holds lives in one arena, freed at once.
 */
#include "lexicon.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "yaml_tree.h"

#define PHRASE_MAX_WORDS 8

enum phrase_kind { PHRASE_CONCEPT, PHRASE_SIGNAL, PHRASE_FILLER, PHRASE_STANCE, PHRASE_CONTEXT };

struct phrase {
	const char *words[PHRASE_MAX_WORDS]; /* normalized, without '*' */
	uint8_t stem[PHRASE_MAX_WORDS];      /* 1: the word is a prefix stem */
	uint8_t n_words;
	uint8_t kind;
	uint16_t index; /* concept index or signal id */
};

struct category {
	const char *id;
	const char *name;
};

struct concept {
	const char *id;
	const char *name;
	uint32_t categories;
	int primary; /* the category listed first: what the concept mainly is */
	int referable; /* may be named back to the candidate in a question */
	enum concept_kind kind;
	struct phrase *context; /* the concept counts only near one of these */
	size_t n_context;
	struct phrase *unless; /* ... and never near one of these */
	size_t n_unless;
};

struct lexicon {
	struct arena arena;
	struct category categories[LEXICON_MAX_CATEGORIES];
	size_t n_categories;
	struct concept *concepts;
	size_t n_concepts;
	struct phrase *exact; /* first word exact, sorted by it */
	size_t n_exact, cap_exact;
	struct phrase *stems; /* first word a stem, sorted by it */
	size_t n_stems, cap_stems;
	/* words a signal phrase steps over between two of its words ("I'd
	 * genuinely like to know" is "I'd like to know"): signal_fillers */
	const char **signal_fillers;
	size_t n_signal_fillers;
};

static const char *const signal_names[SIG_COUNT] = {
	"reasoning",   "tradeoff",  "hedge",       "admit_gap",      "production",
	"incident",    "edge_case", "scale",       "quantity",       "vague",
	"blame",       "dismissive", "theory",     "learning",       "example",
	"dont_know",   "thinking",  "repeat_request", "code_request", "instruction",
	"rude",        "no_questions", "clarify_topic", "role_topic", "question_start",
	"off_topic",   "reassurance", "meaning",  "ask_indirect", "self_answer",
	"addressed",   "decision",  "nothing_more", "steer_request", "attitude",
	"rephrase_request", "resolved", "offer_more", "hint_request", "deliberation", "second_person", "early_career", "ask_opinion",
	"aux_opening", "choice_word", "request_marker", "not_mine", "event", "asks_duration", "asks_amount", "duration", "last_question", "except", "fix_told",
	"reported_question", "question_tag", "choice_connector", "would_ask", "past_told",
};

static const char *const kind_names[KIND_COUNT] = {
	"generic", "component", "technique", "problem", "metric", "practice", "protocol", "language",
};

static const char *const stance_cue_names[SCUE_COUNT] = {
	"choose", "first_person", "negate", "reject", "alternative", "faced", "unknown",
	"reject_after", "clause_break", "inherited", "unknown_back", "opinion", "destination",
	"downside_after", "third_party", "place", "operate", "flaw_back",
};

const char *concept_kind_name(enum concept_kind k)
{
	return (unsigned)k < KIND_COUNT ? kind_names[k] : "?";
}

int concept_kind_from_name(const char *name)
{
	for (int k = 0; name && k < KIND_COUNT; k++)
		if (!strcmp(name, kind_names[k]))
			return k;
	return -1;
}

const char *signal_name(enum signal_id sig)
{
	return (unsigned)sig < SIG_COUNT ? signal_names[sig] : "?";
}

/* Normalizes text into p (words in the arena).  0, or -1 with err. */
static int make_phrase(struct lexicon *lx, struct ydoc *d, yaml_node_t *at, const char *text,
		       enum phrase_kind kind, size_t index, struct phrase *out, struct iv_error *err)
{
	char norm[512];
	size_t n = text_normalize_phrase(text, norm, sizeof norm);
	if (n == 0)
		return yfail(d, at, err, "phrase '%s' has no words", text);
	if (n > PHRASE_MAX_WORDS)
		return yfail(d, at, err, "phrase '%s' has more than %d words", text, PHRASE_MAX_WORDS);
	struct phrase p = {0};
	p.kind = (uint8_t)kind;
	p.index = (uint16_t)index;
	char *save = NULL;
	for (char *w = strtok_r(norm, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		size_t len = strlen(w);
		if (w[len - 1] == '*') {
			w[--len] = '\0';
			p.stem[p.n_words] = 1;
			if (len < 2 && p.n_words == 0)
				return yfail(d, at, err, "stem '%s*' in '%s' is too short to start a phrase (2 letters at least)",
					     w, text);
		}
		p.words[p.n_words] = arena_strdup(&lx->arena, w);
		if (!p.words[p.n_words])
			return yfail(d, at, err, "out of memory");
		p.n_words++;
	}
	*out = p;
	return 0;
}

static int add_phrase(struct lexicon *lx, struct ydoc *d, yaml_node_t *at, const char *text,
		      enum phrase_kind kind, size_t index, struct iv_error *err)
{
	struct phrase p;
	if (make_phrase(lx, d, at, text, kind, index, &p, err))
		return -1;
	struct phrase **arr = p.stem[0] ? &lx->stems : &lx->exact;
	size_t *len = p.stem[0] ? &lx->n_stems : &lx->n_exact;
	size_t *cap = p.stem[0] ? &lx->cap_stems : &lx->cap_exact;
	if (*len == *cap) {
		size_t ncap = *cap ? *cap * 2 : 1024;
		struct phrase *grown = realloc(*arr, ncap * sizeof *grown);
		if (!grown)
			return yfail(d, at, err, "out of memory");
		*arr = grown;
		*cap = ncap;
	}
	(*arr)[(*len)++] = p;
	return 0;
}

static int add_phrase_list(struct lexicon *lx, struct ydoc *d, yaml_node_t *node, const char *what,
			   enum phrase_kind kind, size_t index, struct iv_error *err)
{
	const char **items;
	long n = ystring_list(d, &lx->arena, node, 1, what, &items, err);
	if (n < 0)
		return -1;
	for (long i = 0; i < n; i++) {
		yaml_node_t *at = node->type == YAML_SEQUENCE_NODE ? yseq_at(d, node, (size_t)i) : node;
		if (add_phrase(lx, d, at, items[i], kind, index, err))
			return -1;
	}
	return 0;
}

static int parse_categories(struct lexicon *lx, struct ydoc *d, yaml_node_t *seq,
			    struct iv_error *err)
{
	static const char *const keys[] = {"id", "name", NULL};
	if (!seq || seq->type != YAML_SEQUENCE_NODE || yseq_len(seq) == 0)
		return yfail(d, seq ? seq : ydoc_root(d), err, "'categories' must be a non-empty list");
	if (yseq_len(seq) > LEXICON_MAX_CATEGORIES)
		return yfail(d, seq, err, "at most %d categories", LEXICON_MAX_CATEGORIES);
	for (size_t i = 0; i < yseq_len(seq); i++) {
		yaml_node_t *c = yseq_at(d, seq, i);
		if (ycheck_keys(d, c, keys, "a category", err))
			return -1;
		const char *id = yreq_string(d, &lx->arena, c, "id", "a category", err);
		const char *name = yreq_string(d, &lx->arena, c, "name", "a category", err);
		if (!id || !name)
			return -1;
		if (lexicon_find_category(lx, id) >= 0)
			return yfail(d, c, err, "category '%s' is listed twice", id);
		lx->categories[lx->n_categories].id = id;
		lx->categories[lx->n_categories].name = name;
		lx->n_categories++;
	}
	return 0;
}

static int valid_id(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

/* An optional list of words near which a concept does or does not count
 * ("context", "unless"): each a phrase of PHRASE_CONTEXT. */
static int parse_phrase_list(struct lexicon *lx, struct ydoc *d, yaml_node_t *c, const char *key,
			     struct phrase **out, size_t *n_out, struct iv_error *err)
{
	yaml_node_t *node = ymap_get(d, c, key);
	if (!node)
		return 0;
	const char **items;
	long n = ystring_list(d, &lx->arena, node, 1, key, &items, err);
	if (n < 0)
		return -1;
	*out = arena_alloc(&lx->arena, (size_t)n * sizeof **out);
	if (!*out)
		return yfail(d, node, err, "out of memory");
	for (long i = 0; i < n; i++)
		if (make_phrase(lx, d, node, items[i], PHRASE_CONTEXT, 0, &(*out)[i], err))
			return -1;
	*n_out = (size_t)n;
	return 0;
}

static int parse_kind_and_context(struct lexicon *lx, struct ydoc *d, yaml_node_t *c,
				  struct concept *cp, struct iv_error *err)
{
	yaml_node_t *kind = ymap_get(d, c, "kind");
	if (!kind)
		return yfail(d, c, err, "concept '%s' has no 'kind' (one of component, technique, problem, metric, practice, protocol, language, generic)",
			     cp->id);
	int k = concept_kind_from_name(yscalar(kind));
	if (k < 0)
		return yfail(d, kind, err, "concept '%s': unknown kind '%s'", cp->id,
			     yscalar(kind) ? yscalar(kind) : "?");
	cp->kind = (enum concept_kind)k;
	return parse_phrase_list(lx, d, c, "context", &cp->context, &cp->n_context, err) ||
	       parse_phrase_list(lx, d, c, "unless", &cp->unless, &cp->n_unless, err);
}

static int parse_concepts(struct lexicon *lx, struct ydoc *d, yaml_node_t *seq,
			  struct iv_error *err)
{
	static const char *const keys[] = {"id", "name", "categories", "terms", "refer", "kind",
					   "context", "unless", NULL};
	if (!seq || seq->type != YAML_SEQUENCE_NODE || yseq_len(seq) == 0)
		return yfail(d, seq ? seq : ydoc_root(d), err, "'concepts' must be a non-empty list");
	size_t n = yseq_len(seq);
	if (n > 60000)
		return yfail(d, seq, err, "too many concepts (%zu)", n);
	lx->concepts = arena_alloc(&lx->arena, n * sizeof *lx->concepts);
	if (!lx->concepts)
		return yfail(d, seq, err, "out of memory");
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *c = yseq_at(d, seq, i);
		if (ycheck_keys(d, c, keys, "a concept", err))
			return -1;
		struct concept *cp = &lx->concepts[i];
		cp->id = yreq_string(d, &lx->arena, c, "id", "a concept", err);
		if (!cp->id)
			return -1;
		if (!valid_id(cp->id))
			return yfail(d, c, err, "concept id '%s' must be [a-z0-9_]", cp->id);
		if (lexicon_find_concept(lx, cp->id) >= 0)
			return yfail(d, c, err, "concept '%s' is listed twice", cp->id);
		cp->name = yreq_string(d, &lx->arena, c, "name", "a concept", err);
		if (!cp->name)
			return -1;
		cp->referable = 1;
		yaml_node_t *refer = ymap_get(d, c, "refer");
		if (refer) {
			const char *r = yscalar(refer);
			if (!r || (strcmp(r, "true") && strcmp(r, "false")))
				return yfail(d, refer, err, "concept '%s': 'refer' must be true or false", cp->id);
			cp->referable = !strcmp(r, "true");
		}
		if (parse_kind_and_context(lx, d, c, cp, err))
			return -1;
		const char **cats;
		yaml_node_t *cn = ymap_get(d, c, "categories");
		if (!cn)
			return yfail(d, c, err, "concept '%s' has no 'categories'", cp->id);
		long nc = ystring_list(d, &lx->arena, cn, 1, "categories", &cats, err);
		if (nc < 0)
			return -1;
		for (long k = 0; k < nc; k++) {
			int ci = lexicon_find_category(lx, cats[k]);
			if (ci < 0)
				return yfail(d, cn, err, "concept '%s': unknown category '%s'", cp->id,
					     cats[k]);
			cp->categories |= 1u << ci;
			if (k == 0)
				cp->primary = ci;
		}
		lx->n_concepts = i + 1; /* visible to lexicon_find_concept for the next check */
		yaml_node_t *terms = ymap_get(d, c, "terms");
		if (!terms)
			return yfail(d, c, err, "concept '%s' has no 'terms'", cp->id);
		if (add_phrase_list(lx, d, terms, "terms", PHRASE_CONCEPT, i, err))
			return -1;
	}
	return 0;
}

static int parse_stance(struct lexicon *lx, struct ydoc *d, yaml_node_t *st, struct iv_error *err)
{
	if (!st || st->type != YAML_MAPPING_NODE)
		return yfail(d, st ? st : ydoc_root(d), err, "'stance' must be a mapping of cue lists");
	int seen[SCUE_COUNT] = {0};
	for (size_t i = 0; i < ymap_len(st); i++) {
		yaml_node_t *v;
		const char *k = ymap_key_at(d, st, i, &v);
		int cue = -1;
		for (int c = 0; k && c < SCUE_COUNT; c++)
			if (!strcmp(k, stance_cue_names[c]))
				cue = c;
		if (cue < 0)
			return yfail(d, v, err, "unknown stance cue '%s'", k ? k : "?");
		if (seen[cue]++)
			return yfail(d, v, err, "stance cue '%s' is listed twice", k);
		if (add_phrase_list(lx, d, v, k, PHRASE_STANCE, (size_t)cue, err))
			return -1;
	}
	for (int c = 0; c < SCUE_COUNT; c++)
		if (!seen[c])
			return yfail(d, st, err, "stance cue '%s' is missing", stance_cue_names[c]);
	return 0;
}

static int parse_signals(struct lexicon *lx, struct ydoc *d, struct iv_error *err)
{
	static const char *const keys[] = {"version", "question_fillers", "signal_fillers", "signals",
					   "stance", NULL};
	yaml_node_t *root = ydoc_root(d);
	if (ycheck_keys(d, root, keys, "the signals file", err))
		return -1;
	/* optional: without it no word is stepped over */
	yaml_node_t *steps = ymap_get(d, root, "signal_fillers");
	if (steps) {
		long n = ystring_list(d, &lx->arena, steps, 1, "signal_fillers", &lx->signal_fillers, err);
		if (n < 0)
			return -1;
		for (long i = 0; i < n; i++) {
			const char *c = lx->signal_fillers[i];
			int ok = *c != '\0';
			for (; *c; c++)
				ok &= (*c >= 'a' && *c <= 'z');
			if (!ok)
				return yfail(d, steps, err,
					     "signal_fillers: '%s' is not one lower-case word",
					     lx->signal_fillers[i]);
		}
		lx->n_signal_fillers = (size_t)n;
	}
	yaml_node_t *fillers = ymap_get(d, root, "question_fillers");
	if (!fillers)
		return yfail(d, root, err, "no 'question_fillers'");
	if (add_phrase_list(lx, d, fillers, "question_fillers", PHRASE_FILLER, 0, err))
		return -1;
	yaml_node_t *sigs = ymap_get(d, root, "signals");
	if (!sigs || sigs->type != YAML_MAPPING_NODE)
		return yfail(d, sigs ? sigs : root, err, "'signals' must be a mapping");
	int seen[SIG_COUNT] = {0};
	for (size_t i = 0; i < ymap_len(sigs); i++) {
		yaml_node_t *v;
		const char *k = ymap_key_at(d, sigs, i, &v);
		int sig = -1;
		for (int s = 0; k && s < SIG_COUNT; s++)
			if (strcmp(k, signal_names[s]) == 0)
				sig = s;
		if (sig < 0)
			return yfail(d, v, err, "unknown signal '%s'", k ? k : "?");
		if (seen[sig]++)
			return yfail(d, v, err, "signal '%s' is listed twice", k);
		if (add_phrase_list(lx, d, v, k, PHRASE_SIGNAL, (size_t)sig, err))
			return -1;
	}
	for (int s = 0; s < SIG_COUNT; s++)
		if (!seen[s])
			return yfail(d, sigs, err, "signal '%s' is missing", signal_names[s]);
	return parse_stance(lx, d, ymap_get(d, root, "stance"), err);
}

static int phrase_cmp(const void *a, const void *b)
{
	const struct phrase *x = a, *y = b;
	int c = strcmp(x->words[0], y->words[0]);
	if (c)
		return c;
	/* longer phrases first, then a stable order by kind and index */
	if (x->n_words != y->n_words)
		return (int)y->n_words - (int)x->n_words;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	return (int)x->index - (int)y->index;
}

static int find_duplicate_term(struct lexicon *lx, struct iv_error *err, const char *name)
{
	for (size_t i = 1; i < lx->n_exact; i++) {
		struct phrase *a = &lx->exact[i - 1], *b = &lx->exact[i];
		if (a->kind != PHRASE_CONCEPT || b->kind != PHRASE_CONCEPT || a->n_words != b->n_words ||
		    a->index == b->index)
			continue;
		int same = 1;
		for (size_t w = 0; w < a->n_words && same; w++)
			same = strcmp(a->words[w], b->words[w]) == 0 && a->stem[w] == b->stem[w];
		if (same) {
			iv_error_set(err, "%s: the term '%s...' belongs to both '%s' and '%s'", name,
				     a->words[0], lx->concepts[a->index].id, lx->concepts[b->index].id);
			return -1;
		}
	}
	return 0;
}

struct lexicon *lexicon_parse(const struct text_source *concepts, const struct text_source *signals,
			      struct iv_error *err)
{
	struct lexicon *lx = calloc(1, sizeof *lx);
	if (!lx) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	struct ydoc d;
	static const char *const keys[] = {"version", "categories", "concepts", NULL};
	if (ydoc_load(&d, concepts, err))
		goto fail;
	yaml_node_t *root = ydoc_root(&d);
	int bad = ycheck_keys(&d, root, keys, "the lexicon", err) ||
		  parse_categories(lx, &d, ymap_get(&d, root, "categories"), err) ||
		  parse_concepts(lx, &d, ymap_get(&d, root, "concepts"), err);
	ydoc_release(&d);
	if (bad)
		goto fail;
	if (ydoc_load(&d, signals, err))
		goto fail;
	bad = parse_signals(lx, &d, err);
	ydoc_release(&d);
	if (bad)
		goto fail;
	if (lx->n_exact) /* qsort wants a real array even for zero items */
		qsort(lx->exact, lx->n_exact, sizeof *lx->exact, phrase_cmp);
	if (lx->n_stems)
		qsort(lx->stems, lx->n_stems, sizeof *lx->stems, phrase_cmp);
	if (find_duplicate_term(lx, err, concepts->name))
		goto fail;
	return lx;
fail:
	lexicon_free(lx);
	return NULL;
}

void lexicon_free(struct lexicon *lx)
{
	if (!lx)
		return;
	free(lx->exact);
	free(lx->stems);
	arena_free(&lx->arena);
	free(lx);
}

size_t lexicon_concept_count(const struct lexicon *lx) { return lx->n_concepts; }
const char *lexicon_concept_id(const struct lexicon *lx, size_t c) { return lx->concepts[c].id; }
const char *lexicon_concept_name(const struct lexicon *lx, size_t c) { return lx->concepts[c].name; }
int lexicon_concept_referable(const struct lexicon *lx, size_t c) { return lx->concepts[c].referable; }
enum concept_kind lexicon_concept_kind(const struct lexicon *lx, size_t c)
{
	return lx->concepts[c].kind;
}
int lexicon_concept_is_product(const struct lexicon *lx, size_t c)
{
	const char *n = lx->concepts[c].name;
	return lx->concepts[c].kind == KIND_COMPONENT && strncmp(n, "a ", 2) && strncmp(n, "an ", 3);
}
uint32_t lexicon_concept_categories(const struct lexicon *lx, size_t c)
{
	return lx->concepts[c].categories;
}
int lexicon_concept_primary_category(const struct lexicon *lx, size_t c)
{
	return lx->concepts[c].primary;
}
size_t lexicon_category_count(const struct lexicon *lx) { return lx->n_categories; }
const char *lexicon_category_id(const struct lexicon *lx, size_t c) { return lx->categories[c].id; }

int lexicon_find_concept(const struct lexicon *lx, const char *id)
{
	for (size_t i = 0; i < lx->n_concepts; i++)
		if (strcmp(lx->concepts[i].id, id) == 0)
			return (int)i;
	return -1;
}

int lexicon_find_category(const struct lexicon *lx, const char *id)
{
	for (size_t i = 0; i < lx->n_categories; i++)
		if (strcmp(lx->categories[i].id, id) == 0)
			return (int)i;
	return -1;
}

uint32_t lexicon_category_mask(const struct lexicon *lx, const char *const *ids)
{
	uint32_t mask = 0;
	for (size_t i = 0; ids && ids[i]; i++) {
		int c = lexicon_find_category(lx, ids[i]);
		if (c >= 0)
			mask |= 1u << c;
	}
	return mask;
}

static int word_matches(const struct phrase *p, size_t k, const char *word)
{
	if (p->stem[k])
		return strncmp(word, p->words[k], strlen(p->words[k])) == 0;
	return strcmp(word, p->words[k]) == 0;
}

/* Number of words the phrase covers at words[at..], or 0. */
static int signal_filler(const struct lexicon *lx, const char *w)
{
	for (size_t i = 0; lx && i < lx->n_signal_fillers; i++)
		if (!strcmp(lx->signal_fillers[i], w))
			return 1;
	return 0;
}

/* The words a phrase takes at words[at] (its first word already matched),
 * or 0.  A signal's phrase steps over the lexicon's signal fillers between
 * two of its words; a word the phrase names itself is matched, not stepped
 * over.  lx may be NULL: no word is stepped over. */
static size_t phrase_match_at(const struct lexicon *lx, const struct phrase *p,
			      const struct text_word *words, size_t n, size_t at)
{
	size_t j = at + 1;
	for (size_t k = 1; k < p->n_words; k++, j++) {
		while (p->kind == PHRASE_SIGNAL && j < n && !word_matches(p, k, words[j].norm) &&
		       signal_filler(lx, words[j].norm))
			j++;
		if (j >= n || !word_matches(p, k, words[j].norm))
			return 0;
	}
	return j - at;
}

/* Calls visit for every phrase that matches at words[at]; stops when visit returns non-zero. */
typedef int (*phrase_visit)(const struct phrase *p, size_t len, void *ctx);

static void lower_bound_range(const struct phrase *arr, size_t n, const char *key, size_t keylen,
			      size_t *lo_out, size_t *hi_out)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = keylen ? strncmp(arr[mid].words[0], key, keylen) : 0;
		if (keylen && c == 0)
			c = arr[mid].words[0][keylen] ? 1 : 0;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < n && strlen(arr[end].words[0]) == keylen &&
	       strncmp(arr[end].words[0], key, keylen) == 0)
		end++;
	*lo_out = lo;
	*hi_out = end;
}

static void visit_matches(const struct lexicon *lx, const struct text_word *words, size_t n,
			  size_t at, phrase_visit visit, void *ctx)
{
	const char *w = words[at].norm;
	size_t wl = strlen(w), lo, hi;
	lower_bound_range(lx->exact, lx->n_exact, w, wl, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		size_t len = phrase_match_at(lx, &lx->exact[i], words, n, at);
		if (len && visit(&lx->exact[i], len, ctx))
			return;
	}
	for (size_t pl = 2; pl <= wl && lx->n_stems; pl++) {
		lower_bound_range(lx->stems, lx->n_stems, w, pl, &lo, &hi);
		for (size_t i = lo; i < hi; i++) {
			size_t len = phrase_match_at(lx, &lx->stems[i], words, n, at);
			if (len && visit(&lx->stems[i], len, ctx))
				return;
		}
	}
}

struct concept_best {
	size_t len;
	uint16_t concept;
};

static int visit_concept(const struct phrase *p, size_t len, void *ctx)
{
	struct concept_best *b = ctx;
	if (p->kind == PHRASE_CONCEPT && len > b->len) {
		b->len = len;
		b->concept = p->index;
	}
	return 0;
}

/* 1 when one of the n phrases occurs in the sentence of words[at]. */
static int phrase_in_sentence(const struct phrase *phrases, size_t n,
			      const struct text_word *words, size_t n_words, size_t at)
{
	uint16_t sentence = words[at].sentence;
	for (size_t i = 0; i < n_words; i++) {
		if (words[i].sentence != sentence)
			continue;
		for (size_t k = 0; k < n; k++) {
			const struct phrase *p = &phrases[k];
			if (word_matches(p, 0, words[i].norm) && phrase_match_at(NULL, p, words, n_words, i))
				return 1;
		}
	}
	return 0;
}

/* 1 when the concept's term at words[at] is meant in the concept's sense:
 * one of its context words is in the sentence (or it needs none) and none
 * of its unless words is ("twelve partitions" of a Kafka topic are no
 * table partitioning). */
static int context_present(const struct concept *cp, const struct text_word *words,
			   size_t n_words, size_t at)
{
	if (cp->n_context && !phrase_in_sentence(cp->context, cp->n_context, words, n_words, at))
		return 0;
	return !cp->n_unless || !phrase_in_sentence(cp->unless, cp->n_unless, words, n_words, at);
}

size_t lexicon_match_concepts(const struct lexicon *lx, const struct text_word *words,
			      size_t n_words, struct concept_hit *hits, size_t max)
{
	size_t found = 0;
	for (size_t at = 0; at < n_words;) {
		struct concept_best b = {0, 0};
		visit_matches(lx, words, n_words, at, visit_concept, &b);
		if (!b.len) {
			at++;
			continue;
		}
		if (!context_present(&lx->concepts[b.concept], words, n_words, at)) {
			at += b.len; /* an ambiguous word used in its everyday sense */
			continue;
		}
		if (found < max) {
			hits[found].concept = b.concept;
			hits[found].first_word = (uint16_t)at;
			hits[found].n_words = (uint16_t)b.len;
		}
		found++;
		at += b.len;
	}
	return found;
}

struct signal_seen {
	uint8_t *counts;
	signal_mask seen; /* signals already counted at this position */
};

static int visit_signal(const struct phrase *p, size_t len, void *ctx)
{
	struct signal_seen *s = ctx;
	if (p->kind != PHRASE_SIGNAL || (s->seen & ((signal_mask)1 << p->index)))
		return 0;
	s->seen |= (signal_mask)1 << p->index;
	if (s->counts[p->index] < 255)
		s->counts[p->index]++;
	return 0;
}

void lexicon_match_signals(const struct lexicon *lx, const struct text_word *words, size_t n_words,
			   uint8_t counts[SIG_COUNT])
{
	for (size_t at = 0; at < n_words; at++) {
		struct signal_seen s = {counts, 0};
		visit_matches(lx, words, n_words, at, visit_signal, &s);
	}
}

struct kind_probe {
	int kind;
	int index;
	size_t len;
};

static int visit_kind(const struct phrase *p, size_t len, void *ctx)
{
	struct kind_probe *k = ctx;
	if (p->kind == k->kind && (k->index < 0 || p->index == k->index) && len > k->len)
		k->len = len;
	return 0;
}

struct stance_seen {
	uint32_t cues;
	size_t len;
};

static int visit_stance(const struct phrase *p, size_t len, void *ctx)
{
	struct stance_seen *s = ctx;
	if (p->kind != PHRASE_STANCE || len < s->len)
		return 0;
	if (len > s->len)
		s->cues = 0; /* the longest phrase speaks: "you could use" is not "use" */
	s->cues |= 1u << p->index;
	s->len = len;
	return 0;
}

size_t lexicon_match_stance_at(const struct lexicon *lx, const struct text_word *words,
			       size_t n_words, size_t at, uint32_t *cues)
{
	struct stance_seen s = {0, 0};
	if (at < n_words)
		visit_matches(lx, words, n_words, at, visit_stance, &s);
	*cues = s.cues;
	return s.len;
}

size_t lexicon_leading_fillers(const struct lexicon *lx, const struct text_word *words, size_t n_words)
{
	size_t at = 0;
	for (int guard = 0; guard < 6 && at < n_words; guard++) {
		struct kind_probe f = {PHRASE_FILLER, -1, 0};
		visit_matches(lx, words, n_words, at, visit_kind, &f);
		if (!f.len)
			break;
		at += f.len;
	}
	return at;
}

int lexicon_starts_with_signal(const struct lexicon *lx, const struct text_word *words,
			       size_t n_words, enum signal_id sig)
{
	size_t at = lexicon_leading_fillers(lx, words, n_words);
	if (at >= n_words)
		return 0;
	struct kind_probe q = {PHRASE_SIGNAL, (int)sig, 0};
	visit_matches(lx, words, n_words, at, visit_kind, &q);
	return q.len > 0;
}
