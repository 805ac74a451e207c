/*
 * playbook.c - parsing and validating the playbook (see playbook.h and
 * docs/playbook.md).
 *
 * Validation is strict because a playbook is written by people: every
 * required part present, every id known (topics from the contract's phases,
 * categories and concepts from the lexicon), every placeholder known, no
 * line too long to say in one turn.  The first problem stops the load with
 * "file:line: what".  All memory lives in the playbook's arena.
 */
#include "playbook_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interview_enums.h"
#include "yaml_tree.h"

#define MAX_LINE_WORDS 60
/* bounds of the numbers a playbook gives (beyond them a double does not fit an int) */
#define MAX_MIN_TOPICS 100
#define MAX_TOPIC_ORDER 1000000

static const char *const probe_names[PROBE_COUNT + 1] = {
	"probe_why", "probe_tradeoff", "probe_edge_case", "probe_scale", "follow_up", "security", NULL,
};

static const char *const line_names[LINE_COUNT] = {
	"transition_experience", "transition_design", "transition_deep_dive", "closing_question",
	"closing_more", "closing_add", "thanks", "wrap", "encourage_silence", "encourage_thinking", "dont_know",
	"move_on", "repeat", "not_heard", "redirect", "rude", "decline_code", "ignore_instruction",
	"clarify_default", "answer_unknown", "earlier_question", "then_question", "reassure",
	"repeated_answer", "revisit", "meaning", "open_floor", "reassure_steer", "wrap_neutral", "repeat_same", "closing_rephrase",
	"as_mentioned", "claim_stands", "loose_question", "another_angle", "story_on", "take_offer", "own_view",
	"intro_more", "rephrase_context", "rephrase_concrete", "pick_up", "pick_option", "share_view",
	"steer_elsewhere", "unknown_part", "closing_done", "ask_fix", "steer_back",
};

static const char *const answers_names[ANSWERS_COUNT + 1] = {
	"story", "design", "explanation", NULL,
};

static const char *const need_names[] = {"choice", "system", "story", "unsure", "fix", "chosen", "unnamed", "named", "open", "reasoned", NULL};

static const char *const stance_probe_names[SPROBE_COUNT + 1] = {
	"rejected", "alternative", "skips", NULL,
};

const char *probe_kind_name(enum probe_kind k)
{
	return (unsigned)k < PROBE_COUNT ? probe_names[k] : "?";
}

const char *topic_answers_name(enum topic_answers a)
{
	return (unsigned)a < ANSWERS_COUNT ? answers_names[a] : "?";
}

struct loader {
	struct ydoc d;
	struct playbook *pb;
	const struct lexicon *lx;
	struct iv_error *err;
};

/* Checks placeholders and length of one spoken line. */
static int check_line(struct loader *L, yaml_node_t *at, const char *s, const char *what)
{
	for (const char *p = strchr(s, '{'); p; p = strchr(p + 1, '{')) {
		/* {option}, what the candidate offered to choose from, only where it is filled */
		int option = !strncmp(p, "{option}", 8) && !strcmp(what, "pick_option");
		if (strncmp(p, "{name}", 6) && strncmp(p, "{persona}", 9) && strncmp(p, "{concept}", 9) && !option) {
			const char *close = strchr(p, '}');
			int len = close ? (int)(close - p + 1) : (int)strlen(p);
			return yfail(&L->d, at, L->err, "%s: unknown placeholder '%.*s'", what, len, p);
		}
	}
	if (strchr(s, '}') && !strchr(s, '{'))
		return yfail(&L->d, at, L->err, "%s: a '}' without '{'", what);
	size_t words = text_count_words(s);
	if (words > MAX_LINE_WORDS)
		return yfail(&L->d, at, L->err, "%s has %zu words; a spoken line has at most %d", what,
			     words, MAX_LINE_WORDS);
	return 0;
}

static int load_variants(struct loader *L, yaml_node_t *node, size_t min_items, const char *what,
			 struct variants *out)
{
	long n = ystring_list(&L->d, &L->pb->arena, node, min_items, what, &out->items, L->err);
	if (n < 0)
		return -1;
	out->n = (size_t)n;
	for (size_t i = 0; i < out->n; i++) {
		yaml_node_t *at = node->type == YAML_SEQUENCE_NODE ? yseq_at(&L->d, node, i) : node;
		if (check_line(L, at, out->items[i], what))
			return -1;
	}
	return 0;
}

/* The index of s in the NULL-terminated names, or -1. */
static int name_index(const char *const *names, const char *s)
{
	for (int k = 0; s && names[k]; k++)
		if (!strcmp(s, names[k]))
			return k;
	return -1;
}

static int load_cover(struct loader *L, yaml_node_t *q, int16_t *out);
static int load_cover_key(struct loader *L, yaml_node_t *q, const char *key, int16_t *out);

/* needs: [choice, system, story, unsure, fix] of a line, what it takes for granted in
 * the reply it follows; 0 when the line has none. */
static int load_needs(struct loader *L, yaml_node_t *it, const char *what, uint16_t *out)
{
	*out = 0;
	yaml_node_t *nn = ymap_get(&L->d, it, "needs");
	const char **needs;
	long nneeds = nn ? ystring_list(&L->d, &L->pb->arena, nn, 1, "needs", &needs, L->err) : 0;
	if (nneeds < 0)
		return -1;
	for (long k = 0; k < nneeds; k++) {
		int bit = name_index(need_names, needs[k]);
		if (bit < 0)
			return yfail(&L->d, nn, L->err, "%s: unknown need '%s' (choice, system, story, unsure, fix, chosen, unnamed, named, open or reasoned)",
				     what, needs[k]);
		*out |= (uint16_t)(1u << bit);
	}
	return 0;
}

/* about: [categories] of a line, the lexicon categories it is about; 0
 * when the line has none. */
static int load_about(struct loader *L, yaml_node_t *it, const char *what, uint32_t *out)
{
	*out = 0;
	yaml_node_t *an = ymap_get(&L->d, it, "about");
	const char **about;
	long na = an ? ystring_list(&L->d, &L->pb->arena, an, 1, "about", &about, L->err) : 0;
	if (na < 0)
		return -1;
	for (long k = 0; k < na; k++) {
		int cat = lexicon_find_category(L->lx, about[k]);
		if (cat < 0)
			return yfail(&L->d, an, L->err, "%s: unknown category '%s'", what, about[k]);
		*out |= 1u << cat;
	}
	return 0;
}

/* A list of spoken lines whose items may also be {say: "...", kinds: [...]}:
 * the kinds of concept the line's {concept} fits.  With need_kinds, a line
 * naming {concept} must say which kinds it fits. */
static int load_kind_variants(struct loader *L, yaml_node_t *node, size_t min_items,
			      const char *what, int need_kinds, struct variants *out)
{
	static const char *const keys[] = {"say", "kinds", "needs", "about", "covers", NULL};
	if (!node || node->type != YAML_SEQUENCE_NODE || yseq_len(node) < min_items)
		return yfail(&L->d, node, L->err, "%s must be a list of at least %zu lines", what,
			     min_items);
	size_t n = yseq_len(node);
	out->items = arena_alloc(&L->pb->arena, (n + 1) * sizeof *out->items);
	out->kinds = arena_alloc(&L->pb->arena, (n + 1) * sizeof *out->kinds);
	out->needs = arena_alloc(&L->pb->arena, (n + 1) * sizeof *out->needs);
	out->about = arena_alloc(&L->pb->arena, (n + 1) * sizeof *out->about);
	out->covers = arena_alloc(&L->pb->arena, (n + 1) * sizeof *out->covers);
	if (!out->items || !out->kinds || !out->needs || !out->about || !out->covers)
		return yfail(&L->d, node, L->err, "out of memory");
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *it = yseq_at(&L->d, node, i);
		out->kinds[i] = 0;
		out->needs[i] = 0;
		out->about[i] = 0;
		out->covers[i] = -1;
		if (it->type == YAML_MAPPING_NODE) {
			if (ycheck_keys(&L->d, it, keys, what, L->err))
				return -1;
			out->items[i] = yreq_string(&L->d, &L->pb->arena, it, "say", what, L->err);
			if (!out->items[i])
				return -1;
			if (load_needs(L, it, what, &out->needs[i]))
				return -1;
			if (ymap_get(&L->d, it, "covers") && load_cover(L, it, &out->covers[i]))
				return -1;
			yaml_node_t *kn = ymap_get(&L->d, it, "kinds");
			const char **kinds;
			long nk = kn ? ystring_list(&L->d, &L->pb->arena, kn, 1, "kinds", &kinds, L->err) : 0;
			if (nk < 0)
				return -1;
			for (long k = 0; k < nk; k++) {
				int kind = concept_kind_from_name(kinds[k]);
				if (kind < 0)
					return yfail(&L->d, kn, L->err, "%s: unknown kind of concept '%s'", what,
						     kinds[k]);
				out->kinds[i] |= (uint16_t)(1u << kind);
			}
			if (load_about(L, it, what, &out->about[i]))
				return -1;
		} else {
			out->items[i] = yscalar(it) ? arena_strdup(&L->pb->arena, yscalar(it)) : NULL;
			if (!out->items[i])
				return yfail(&L->d, it, L->err, "%s: a line must be text", what);
		}
		if (check_line(L, it, out->items[i], what))
			return -1;
		if (need_kinds && strstr(out->items[i], "{concept}") && !out->kinds[i])
			return yfail(&L->d, it, L->err,
				     "%s: a line naming {concept} must say which kinds of concept it fits (kinds: [...])",
				     what);
	}
	out->items[n] = NULL;
	out->n = n;
	return 0;
}

static int required(struct loader *L, yaml_node_t *map, const char *key, const char *what,
		    yaml_node_t **out)
{
	*out = ymap_get(&L->d, map, key);
	if (!*out)
		return yfail(&L->d, map, L->err, "%s has no '%s'", what, key);
	return 0;
}

static int load_pair(struct loader *L, yaml_node_t *node, const char *what, double *lo, double *hi)
{
	if (!node || node->type != YAML_SEQUENCE_NODE || yseq_len(node) != 2)
		return yfail(&L->d, node, L->err, "%s must be a list of two numbers [min, max]", what);
	if (ynumber(&L->d, yseq_at(&L->d, node, 0), what, lo, L->err) ||
	    ynumber(&L->d, yseq_at(&L->d, node, 1), what, hi, L->err))
		return -1;
	if (*lo < 0 || *hi < *lo)
		return yfail(&L->d, node, L->err, "%s: need 0 <= min <= max", what);
	return 0;
}

/* "..." inside a match phrase: up to this many words of any kind ("first
 * ... months" hears "first three months" and "first couple of months") */
#define MATCH_GAP_WORDS 3
static const char match_gap[] = "...";

/* Normalizes each part of a match phrase between its "..." gaps. */
static int compile_match_phrase(struct loader *L, yaml_node_t *item, const char *s,
				struct match_phrase *mp)
{
	char norm[256];
	size_t cap = 0, parts = 0;
	for (const char *p = s;; p += 3) {
		const char *gap = strstr(p, match_gap);
		size_t len = gap ? (size_t)(gap - p) : strlen(p);
		char part[256];
		if (len >= sizeof part)
			return yfail(&L->d, item, L->err, "'match' entry too long");
		memcpy(part, p, len);
		part[len] = '\0';
		size_t nw = text_normalize_phrase(part, norm, sizeof norm);
		if (!nw)
			return yfail(&L->d, item, L->err,
				     "'match' entries must be words, with '...' only between words");
		cap += nw + 1;
		parts++;
		if (!gap)
			break;
		p = gap;
	}
	mp->words = arena_alloc(&L->pb->arena, cap * sizeof *mp->words);
	if (!mp->words)
		return yfail(&L->d, item, L->err, "out of memory");
	const char *p = s;
	for (size_t k = 0; k < parts; k++) {
		const char *gap = strstr(p, match_gap);
		size_t len = gap ? (size_t)(gap - p) : strlen(p);
		char part[256];
		memcpy(part, p, len);
		part[len] = '\0';
		text_normalize_phrase(part, norm, sizeof norm);
		if (k)
			mp->words[mp->n_words++] = match_gap;
		char *save = NULL;
		for (char *w = strtok_r(norm, " ", &save); w; w = strtok_r(NULL, " ", &save))
			mp->words[mp->n_words++] = arena_strdup(&L->pb->arena, w);
		if (gap)
			p = gap + 3;
	}
	return 0;
}

static int load_matcher(struct loader *L, yaml_node_t *node, struct matcher *m)
{
	if (!node || node->type != YAML_SEQUENCE_NODE)
		return yfail(&L->d, node, L->err, "'match' must be a list of words or phrases ([] for the default)");
	m->n = yseq_len(node);
	m->phrases = arena_alloc(&L->pb->arena, (m->n + 1) * sizeof *m->phrases);
	if (!m->phrases)
		return yfail(&L->d, node, L->err, "out of memory");
	for (size_t i = 0; i < m->n; i++) {
		yaml_node_t *item = yseq_at(&L->d, node, i);
		const char *s = yscalar(item);
		memset(&m->phrases[i], 0, sizeof m->phrases[i]);
		if (!s || compile_match_phrase(L, item, s, &m->phrases[i]))
			return s ? -1 : yfail(&L->d, item, L->err, "'match' entries must be words");
	}
	return 0;
}

/* 1 when phrase words mp->words[k..] occur from words[at] on. */
static int phrase_at(const struct match_phrase *mp, size_t k, const struct text_word *words,
		     size_t n, size_t at)
{
	if (k == mp->n_words)
		return 1;
	if (mp->words[k] == match_gap) {
		for (size_t g = 0; g <= MATCH_GAP_WORDS && at + g <= n; g++)
			if (phrase_at(mp, k + 1, words, n, at + g))
				return 1;
		return 0;
	}
	return at < n && strcmp(words[at].norm, mp->words[k]) == 0 &&
	       phrase_at(mp, k + 1, words, n, at + 1);
}

/* The first word where the phrase starts, or SIZE_MAX. */
static size_t phrase_first(const struct match_phrase *mp, const struct text_word *words, size_t n)
{
	for (size_t at = 0; at < n; at++)
		if (phrase_at(mp, 0, words, n, at))
			return at;
	return (size_t)-1;
}

int matcher_hits(const struct matcher *m, const struct text_word *words, size_t n)
{
	if (m->n == 0)
		return 1;
	for (size_t p = 0; p < m->n; p++)
		if (phrase_first(&m->phrases[p], words, n) != (size_t)-1)
			return 1;
	return 0;
}

size_t matcher_weight(const struct matcher *m, const struct text_word *words, size_t n)
{
	size_t weight = 0;
	for (size_t p = 0; p < m->n; p++)
		if (phrase_first(&m->phrases[p], words, n) != (size_t)-1)
			for (size_t k = 0; k < m->phrases[p].n_words; k++)
				weight += m->phrases[p].words[k] != match_gap;
	return weight;
}

size_t matcher_first_at(const struct matcher *m, const struct text_word *words, size_t n)
{
	size_t first = (size_t)-1;
	for (size_t p = 0; p < m->n; p++) {
		size_t at = phrase_first(&m->phrases[p], words, n);
		if (at < first)
			first = at;
	}
	return first;
}

static int load_category_mask(struct loader *L, yaml_node_t *node, const char *what, uint32_t *mask)
{
	const char **ids;
	long n = ystring_list(&L->d, &L->pb->arena, node, 1, what, &ids, L->err);
	if (n < 0)
		return -1;
	for (long i = 0; i < n; i++) {
		int c = lexicon_find_category(L->lx, ids[i]);
		if (c < 0)
			return yfail(&L->d, node, L->err, "%s: unknown lexicon category '%s'", what, ids[i]);
		*mask |= 1u << c;
	}
	return 0;
}

static int load_probe_list(struct loader *L, yaml_node_t *node, struct topic *t)
{
	const char **names;
	long n = ystring_list(&L->d, &L->pb->arena, node, 1, "probes", &names, L->err);
	if (n < 0)
		return -1;
	for (long i = 0; i < n; i++) {
		int k = name_index(probe_names, names[i]);
		if (k < 0 || k == PROBE_SECURITY)
			return yfail(&L->d, node, L->err, "topic '%s': unknown probe kind '%s'", t->id, names[i]);
		if (t->n_probes < PROBE_COUNT)
			t->probes[t->n_probes++] = (uint8_t)k;
	}
	return 0;
}

/* The topic ids of the contract's catalogue that a playbook may define. */
static int known_topic_id(const char *id, int *phase, int *branch)
{
	static const struct {
		const char *prefix;
		int phase, branch;
	} families[] = {
		{"opening.", PHASE_OPENING, TOPIC_BRANCH_NONE},
		{"experience.", PHASE_EXPERIENCE, TOPIC_BRANCH_NONE},
		{"design.", PHASE_DESIGN, TOPIC_BRANCH_NONE},
		{"deep.", PHASE_DEEP_DIVE, TOPIC_BRANCH_STRONG},
		{"problem.", PHASE_DEEP_DIVE, TOPIC_BRANCH_STRONG},
		{"fundamentals.", PHASE_DEEP_DIVE, TOPIC_BRANCH_FUNDAMENTALS},
		{"security.", -1, TOPIC_BRANCH_NONE},
		{"followup.", -2, TOPIC_BRANCH_NONE},
	};
	for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
		size_t len = strlen(families[i].prefix);
		if (strncmp(id, families[i].prefix, len) == 0 && id[len]) {
			*phase = families[i].phase;
			*branch = families[i].branch;
			return 1;
		}
	}
	return 0;
}

static int load_assumptions(struct loader *L, yaml_node_t *node, struct topic *t)
{
	static const char *const keys[] = {"match", "say", NULL};
	if (node->type != YAML_SEQUENCE_NODE)
		return yfail(&L->d, node, L->err, "topic '%s': 'assumptions' must be a list", t->id);
	t->n_assumptions = yseq_len(node);
	t->assumptions = arena_alloc(&L->pb->arena, (t->n_assumptions + 1) * sizeof *t->assumptions);
	if (!t->assumptions)
		return yfail(&L->d, node, L->err, "out of memory");
	for (size_t i = 0; i < t->n_assumptions; i++) {
		yaml_node_t *a = yseq_at(&L->d, node, i), *m;
		if (ycheck_keys(&L->d, a, keys, "an assumption", L->err) ||
		    required(L, a, "match", "an assumption", &m) || load_matcher(L, m, &t->assumptions[i].match))
			return -1;
		t->assumptions[i].say = yreq_string(&L->d, &L->pb->arena, a, "say", "an assumption", L->err);
		if (!t->assumptions[i].say ||
		    check_line(L, ymap_get(&L->d, a, "say"), t->assumptions[i].say, "an assumption"))
			return -1;
	}
	return 0;
}

static int load_topic_common(struct loader *L, yaml_node_t *tn, struct topic *t)
{
	yaml_node_t *v;
	if (required(L, tn, "ask", "a topic", &v) || load_kind_variants(L, v, 3, "ask", 0, &t->ask))
		return -1;
	double mf = 1;
	if ((v = ymap_get(&L->d, tn, "max_followups"))) {
		if (ynumber(&L->d, v, "max_followups", &mf, L->err))
			return -1;
		if (mf < 0 || mf > 3 || mf != (int)mf)
			return yfail(&L->d, v, L->err, "max_followups must be 0, 1, 2 or 3");
	}
	t->max_followups = (int)mf;
	if ((v = ymap_get(&L->d, tn, "probes")) && load_probe_list(L, v, t))
		return -1;
	if (!t->n_probes)
		t->probes[t->n_probes++] = PROBE_FOLLOW_UP;
	if ((v = ymap_get(&L->d, tn, "categories")) &&
	    load_category_mask(L, v, "categories", &t->categories))
		return -1;
	return 0;
}

static int load_asks_for(struct loader *L, yaml_node_t *v, struct topic *t)
{
	static const char *const parts[] = {"fix", NULL};
	if (v->type != YAML_SEQUENCE_NODE)
		return yfail(&L->d, v, L->err, "topic '%s': 'asks_for' must be a list (fix)", t->id);
	for (size_t i = 0; i < yseq_len(v); i++) {
		yaml_node_t *e = yseq_at(&L->d, v, i);
		const char *p = yscalar(e);
		int k = name_index(parts, p);
		if (k < 0)
			return yfail(&L->d, e, L->err, "topic '%s': unknown part '%s' in 'asks_for' (fix)",
				     t->id, p ? p : "?");
		t->asks_for |= (uint8_t)(1u << k);
	}
	return 0;
}

static int load_topic(struct loader *L, yaml_node_t *tn, struct topic *t)
{
	static const char *const keys[] = {"id", "phase", "branch", "security", "order",
					   "requires_category", "ask", "rephrase", "max_followups",
					   "probes", "categories", "assumptions", "answers",
					   "answered_by", "covered_by", "asks_for", NULL};
	if (ycheck_keys(&L->d, tn, keys, "a topic", L->err))
		return -1;
	t->id = yreq_string(&L->d, &L->pb->arena, tn, "id", "a topic", L->err);
	if (!t->id)
		return -1;
	int family_phase, family_branch;
	if (!known_topic_id(t->id, &family_phase, &family_branch) || family_phase == -2)
		return yfail(&L->d, tn, L->err,
			     "topic '%s' is not a topic id of the catalogue (opening., experience., "
			     "design., deep., problem., fundamentals., security.)", t->id);
	if (playbook_find_topic(L->pb, t->id))
		return yfail(&L->d, tn, L->err, "topic '%s' is defined twice", t->id);
	const char *phase = yreq_string(&L->d, &L->pb->arena, tn, "phase", "a topic", L->err);
	if (!phase)
		return -1;
	t->phase = strcmp(phase, "any") == 0 ? -1 : phase_from_name(phase);
	if (t->phase == -1 && strcmp(phase, "any"))
		return yfail(&L->d, tn, L->err, "topic '%s': unknown phase '%s'", t->id, phase);
	if (t->phase != family_phase)
		return yfail(&L->d, tn, L->err, "topic '%s' belongs to phase '%s', not '%s'", t->id,
			     family_phase < 0 ? "any" : phase_name((enum phase)family_phase), phase);
	t->branch = family_branch;
	yaml_node_t *v;
	if ((v = ymap_get(&L->d, tn, "branch"))) {
		const char *b = yscalar(v);
		int want = b && !strcmp(b, "strong") ? TOPIC_BRANCH_STRONG
			 : b && !strcmp(b, "fundamentals") ? TOPIC_BRANCH_FUNDAMENTALS : -1;
		if (want < 0 || want != family_branch)
			return yfail(&L->d, v, L->err, "topic '%s': branch must be '%s'", t->id,
				     family_branch == TOPIC_BRANCH_STRONG ? "strong"
				     : family_branch == TOPIC_BRANCH_FUNDAMENTALS ? "fundamentals"
										  : "absent");
	}
	t->security = strncmp(t->id, "security.", 9) == 0;
	if ((v = ymap_get(&L->d, tn, "security"))) {
		const char *s = yscalar(v);
		int flag = s && (!strcmp(s, "true") || !strcmp(s, "yes"));
		if (!s || (!flag && strcmp(s, "false") && strcmp(s, "no")) || flag != t->security)
			return yfail(&L->d, v, L->err, "topic '%s': 'security' must be %s", t->id,
				     t->security ? "true" : "false");
	}
	t->order = INT32_MAX;
	if ((v = ymap_get(&L->d, tn, "order"))) {
		double o;
		if (ynumber(&L->d, v, "order", &o, L->err))
			return -1;
		if (!(o >= -MAX_TOPIC_ORDER && o <= MAX_TOPIC_ORDER)) /* also NaN */
			return yfail(&L->d, v, L->err, "topic '%s': order must be between %d and %d", t->id,
				     -MAX_TOPIC_ORDER, MAX_TOPIC_ORDER);
		t->order = (int)o;
	}
	t->requires_category = -1;
	if ((v = ymap_get(&L->d, tn, "requires_category"))) {
		const char *c = yscalar(v);
		t->requires_category = c ? lexicon_find_category(L->lx, c) : -1;
		if (t->requires_category < 0)
			return yfail(&L->d, v, L->err, "topic '%s': unknown category '%s'", t->id, c ? c : "?");
	}
	/* what its answers are: a design phase plans, the others tell stories,
	 * unless the topic says so (fundamentals explain) */
	t->answers = t->phase == PHASE_DESIGN ? ANSWERS_DESIGN : ANSWERS_STORY;
	if ((v = ymap_get(&L->d, tn, "answers"))) {
		const char *a = yscalar(v);
		t->answers = name_index(answers_names, a);
		if (t->answers < 0)
			return yfail(&L->d, v, L->err, "topic '%s': 'answers' must be story, design or explanation",
				     t->id);
	}
	/* asks_for: the parts of a story the question asks to hear ("and what
	 * did you change?"); a story told without one is asked for it */
	if ((v = ymap_get(&L->d, tn, "asks_for")) && load_asks_for(L, v, t))
		return -1;
	/* answered_by: what the candidate says when they have answered the
	 * topic's question before it came up (told the N+1 story, fix and
	 * all): then it is not asked */
	t->answered_by = -1;
	if (ymap_get(&L->d, tn, "answered_by") && load_cover_key(L, tn, "answered_by", &t->answered_by))
		return -1;
	if (load_topic_common(L, tn, t))
		return -1;
	if (!(v = ymap_get(&L->d, tn, "rephrase")))
		return yfail(&L->d, tn, L->err, "topic '%s' has no 'rephrase'", t->id);
	if (load_kind_variants(L, v, 2, "rephrase", 0, &t->rephrase))
		return -1;
	if ((v = ymap_get(&L->d, tn, "assumptions")) && load_assumptions(L, v, t))
		return -1;
	return 0;
}

static int load_followup(struct loader *L, yaml_node_t *fn, struct topic *t)
{
	static const char *const keys[] = {"topic", "when_categories", "when_kinds", "ask",
					   "max_followups", "probes", "covered_by", "ask_further", NULL};
	if (ycheck_keys(&L->d, fn, keys, "a conditional follow-up", L->err))
		return -1;
	t->id = yreq_string(&L->d, &L->pb->arena, fn, "topic", "a conditional follow-up", L->err);
	if (!t->id)
		return -1;
	int ph, br;
	if (!known_topic_id(t->id, &ph, &br) || ph != -2)
		return yfail(&L->d, fn, L->err, "'%s' is not a followup.* topic id", t->id);
	if (playbook_find_topic(L->pb, t->id))
		return yfail(&L->d, fn, L->err, "topic '%s' is defined twice", t->id);
	t->is_followup = 1;
	t->answers = ANSWERS_DESIGN; /* "what would you cache?" asks for a plan */
	t->phase = -1;
	t->order = INT32_MAX;
	t->requires_category = -1;
	yaml_node_t *v;
	if (required(L, fn, "when_categories", "a conditional follow-up", &v) ||
	    load_category_mask(L, v, "when_categories", &t->when_categories))
		return -1;
	if ((v = ymap_get(&L->d, fn, "when_kinds"))) {
		const char **kinds;
		long nk = ystring_list(&L->d, &L->pb->arena, v, 1, "when_kinds", &kinds, L->err);
		if (nk < 0)
			return -1;
		for (long k = 0; k < nk; k++) {
			int kind = concept_kind_from_name(kinds[k]);
			if (kind < 0)
				return yfail(&L->d, v, L->err, "when_kinds: unknown kind of concept '%s'", kinds[k]);
			t->when_kinds |= (uint16_t)(1u << kind);
		}
	}
	if (load_topic_common(L, fn, t))
		return -1;
	t->rephrase = t->ask;
	memset(&t->further, 0, sizeof t->further);
	if ((v = ymap_get(&L->d, fn, "ask_further")) &&
	    load_kind_variants(L, v, 1, "ask_further", 0, &t->further))
		return -1;
	return 0;
}

static int load_topics(struct loader *L, yaml_node_t *root)
{
	yaml_node_t *topics, *fus;
	if (required(L, root, "topics", "the playbook", &topics) ||
	    required(L, root, "conditional_followups", "the playbook", &fus))
		return -1;
	if (topics->type != YAML_SEQUENCE_NODE || !yseq_len(topics))
		return yfail(&L->d, topics, L->err, "'topics' must be a non-empty list");
	if (fus->type != YAML_SEQUENCE_NODE)
		return yfail(&L->d, fus, L->err, "'conditional_followups' must be a list");
	size_t n = yseq_len(topics) + yseq_len(fus);
	L->pb->topics = arena_alloc(&L->pb->arena, n * sizeof *L->pb->topics);
	if (!L->pb->topics)
		return yfail(&L->d, topics, L->err, "out of memory");
	/* a topic counts once loaded, so that the duplicate check does not find itself */
	for (size_t i = 0; i < yseq_len(topics); i++, L->pb->n_topics++)
		if (load_topic(L, yseq_at(&L->d, topics, i), &L->pb->topics[L->pb->n_topics]))
			return -1;
	for (size_t i = 0; i < yseq_len(fus); i++, L->pb->n_topics++) {
		L->pb->topics[L->pb->n_topics].answered_by = -1;
		if (load_followup(L, yseq_at(&L->d, fus, i), &L->pb->topics[L->pb->n_topics]))
			return -1;
	}
	for (size_t i = 0; i < L->pb->n_topics; i++)
		L->pb->topics[i].covered_by = -1;
	/* covered_by: a topic whose own question asks what this one would
	 * (rate limiting's scenario asks for the algorithm; a slow endpoint
	 * debugged in the deep dive after the slow endpoint of their own
	 * work): one or the other */
	for (size_t i = 0; i < L->pb->n_topics; i++) {
		int fu = i >= yseq_len(topics);
		yaml_node_t *fn = fu ? yseq_at(&L->d, fus, i - yseq_len(topics)) : yseq_at(&L->d, topics, i);
		yaml_node_t *cv = ymap_get(&L->d, fn, "covered_by");
		struct topic *t = &L->pb->topics[i];
		if (!cv)
			continue;
		const char *id = cv->type == YAML_SCALAR_NODE ? (const char *)cv->data.scalar.value : NULL;
		const struct topic *by = id ? playbook_find_topic(L->pb, id) : NULL;
		if (!by || by->is_followup)
			return yfail(&L->d, cv, L->err, "%s: covered_by '%s' is not a topic of the playbook",
				     t->id, id ? id : "?");
		if (by == t)
			return yfail(&L->d, cv, L->err, "%s: covered_by names the topic itself", t->id);
		t->covered_by = (int)(by - L->pb->topics);
	}
	/* the interview cannot run without these */
	static const char *const needed[] = {"opening.challenge", "security.general", NULL};
	for (size_t i = 0; needed[i]; i++)
		if (!playbook_find_topic(L->pb, needed[i]))
			return yfail(&L->d, topics, L->err, "topic '%s' is required", needed[i]);
	int per_phase[PHASE_COUNT] = {0};
	for (size_t i = 0; i < L->pb->n_topics; i++)
		if (L->pb->topics[i].phase >= 0)
			per_phase[L->pb->topics[i].phase]++;
	if (per_phase[PHASE_EXPERIENCE] < 1 || per_phase[PHASE_DESIGN] < L->pb->min_topics[PHASE_DESIGN])
		return yfail(&L->d, topics, L->err,
			     "need at least one experience topic and %d design topics",
			     L->pb->min_topics[PHASE_DESIGN]);
	return 0;
}

static int load_timing(struct loader *L, yaml_node_t *root)
{
	static const char *const tkeys[] = {"words_per_minute", "silence_seconds", "total_seconds", NULL};
	static const char *const pkeys[] = {"budget_seconds", "min_topics", NULL};
	yaml_node_t *timing, *phases, *v;
	if (required(L, root, "timing", "the playbook", &timing) ||
	    ycheck_keys(&L->d, timing, tkeys, "timing", L->err) ||
	    required(L, timing, "words_per_minute", "timing", &v) ||
	    ynumber(&L->d, v, "words_per_minute", &L->pb->words_per_minute, L->err) ||
	    required(L, timing, "silence_seconds", "timing", &v) ||
	    ynumber(&L->d, v, "silence_seconds", &L->pb->silence_seconds, L->err) ||
	    required(L, timing, "total_seconds", "timing", &v) ||
	    load_pair(L, v, "total_seconds", &L->pb->total_min_s, &L->pb->total_max_s))
		return -1;
	if (L->pb->words_per_minute < 60 || L->pb->words_per_minute > 400)
		return yfail(&L->d, timing, L->err, "words_per_minute must be between 60 and 400");
	if (L->pb->silence_seconds <= 0)
		return yfail(&L->d, timing, L->err, "silence_seconds must be positive");
	if (required(L, root, "phases", "the playbook", &phases))
		return -1;
	if (phases->type != YAML_MAPPING_NODE || ymap_len(phases) != PHASE_COUNT)
		return yfail(&L->d, phases, L->err,
			     "'phases' must map each of opening, experience, design, deep_dive, closing");
	for (size_t i = 0; i < PHASE_COUNT; i++) {
		yaml_node_t *pn;
		const char *name = ymap_key_at(&L->d, phases, i, &pn);
		if (!name || phase_from_name(name) != (int)i)
			return yfail(&L->d, pn, L->err, "phase %zu must be '%s'", i + 1,
				     phase_name((enum phase)i));
		if (ycheck_keys(&L->d, pn, pkeys, name, L->err) ||
		    required(L, pn, "budget_seconds", name, &v) ||
		    load_pair(L, v, "budget_seconds", &L->pb->budget_min_s[i], &L->pb->budget_max_s[i]))
			return -1;
		double mt = 0;
		if ((v = ymap_get(&L->d, pn, "min_topics")) && ynumber(&L->d, v, "min_topics", &mt, L->err))
			return -1;
		if (!(mt >= 0 && mt <= MAX_MIN_TOPICS)) /* also NaN */
			return yfail(&L->d, v, L->err, "%s: min_topics must be between 0 and %d", name,
				     MAX_MIN_TOPICS);
		L->pb->min_topics[i] = (int)mt;
	}
	return 0;
}

static int load_probes_and_acks(struct loader *L, yaml_node_t *root)
{
	yaml_node_t *probes, *acks, *v;
	if (required(L, root, "probes", "the playbook", &probes) ||
	    ycheck_keys(&L->d, probes, probe_names, "probes", L->err))
		return -1;
	for (int p = 0; p < PROBE_COUNT; p++)
		if (required(L, probes, probe_names[p], "probes", &v) ||
		    load_kind_variants(L, v, 4, probe_names[p], 1, &L->pb->probes[p]))
			return -1;
	static const char *const akeys[] = {"by_concept", "by_category", "generic", NULL};
	if (required(L, root, "acknowledgements", "the playbook", &acks) ||
	    ycheck_keys(&L->d, acks, akeys, "acknowledgements", L->err) ||
	    required(L, acks, "generic", "acknowledgements", &v) ||
	    load_variants(L, v, 4, "generic acknowledgements", &L->pb->generic_acks))
		return -1;
	if ((v = ymap_get(&L->d, acks, "by_concept"))) {
		size_t n = ymap_len(v);
		L->pb->concept_acks = arena_alloc(&L->pb->arena, (n + 1) * sizeof *L->pb->concept_acks);
		if (!L->pb->concept_acks)
			return yfail(&L->d, v, L->err, "out of memory");
		for (size_t i = 0; i < n; i++) {
			yaml_node_t *lines;
			const char *id = ymap_key_at(&L->d, v, i, &lines);
			int c = id ? lexicon_find_concept(L->lx, id) : -1;
			if (c < 0)
				return yfail(&L->d, lines, L->err, "acknowledgement for unknown concept '%s'",
					     id ? id : "?");
			struct concept_ack *ca = &L->pb->concept_acks[L->pb->n_concept_acks++];
			ca->concept = c;
			if (load_variants(L, lines, 1, id, &ca->lines))
				return -1;
		}
	}
	if ((v = ymap_get(&L->d, acks, "by_category"))) {
		for (size_t i = 0; i < ymap_len(v); i++) {
			yaml_node_t *lines;
			const char *id = ymap_key_at(&L->d, v, i, &lines);
			int c = id ? lexicon_find_category(L->lx, id) : -1;
			if (c < 0)
				return yfail(&L->d, lines, L->err, "acknowledgement for unknown category '%s'",
					     id ? id : "?");
			if (load_variants(L, lines, 1, id, &L->pb->category_acks[c]))
				return -1;
		}
	}
	return 0;
}

/* The concepts a story names: it is told only about one of them. */
static int anecdote_concepts(struct loader *L, yaml_node_t *at, struct anecdote *s)
{
	struct text_words tw = {0};
	if (text_split(s->text, &tw)) {
		text_words_release(&tw);
		return yfail(&L->d, at, L->err, "out of memory");
	}
	struct concept_hit hits[ANECDOTE_MAX_CONCEPTS];
	size_t n = lexicon_match_concepts(L->lx, tw.words, tw.n_words, hits, ANECDOTE_MAX_CONCEPTS);
	text_words_release(&tw);
	if (n > ANECDOTE_MAX_CONCEPTS)
		n = ANECDOTE_MAX_CONCEPTS;
	for (size_t k = 0; k < n; k++)
		s->concepts[k] = hits[k].concept;
	s->n_concepts = n;
	return 0;
}

static int load_stories_and_answers(struct loader *L, yaml_node_t *root)
{
	static const char *const akeys[] = {"categories", "text", NULL};
	static const char *const qkeys[] = {"match", "say", NULL};
	yaml_node_t *an, *cq, *v;
	if (required(L, root, "anecdotes", "the playbook", &an))
		return -1;
	if (an->type != YAML_SEQUENCE_NODE || !yseq_len(an))
		return yfail(&L->d, an, L->err, "'anecdotes' must be a non-empty list");
	L->pb->n_anecdotes = yseq_len(an);
	L->pb->anecdotes = arena_alloc(&L->pb->arena, L->pb->n_anecdotes * sizeof *L->pb->anecdotes);
	if (!L->pb->anecdotes)
		return yfail(&L->d, an, L->err, "out of memory");
	for (size_t i = 0; i < L->pb->n_anecdotes; i++) {
		yaml_node_t *a = yseq_at(&L->d, an, i);
		struct anecdote *s = &L->pb->anecdotes[i];
		if (ycheck_keys(&L->d, a, akeys, "an anecdote", L->err) ||
		    required(L, a, "categories", "an anecdote", &v) ||
		    load_category_mask(L, v, "categories", &s->categories))
			return -1;
		s->text = yreq_string(&L->d, &L->pb->arena, a, "text", "an anecdote", L->err);
		if (!s->text || check_line(L, a, s->text, "an anecdote") || anecdote_concepts(L, a, s))
			return -1;
	}
	if (required(L, root, "candidate_questions", "the playbook", &cq))
		return -1;
	if (cq->type != YAML_SEQUENCE_NODE || !yseq_len(cq))
		return yfail(&L->d, cq, L->err, "'candidate_questions' must be a non-empty list");
	L->pb->n_answers = yseq_len(cq);
	L->pb->answers = arena_alloc(&L->pb->arena, L->pb->n_answers * sizeof *L->pb->answers);
	if (!L->pb->answers)
		return yfail(&L->d, cq, L->err, "out of memory");
	for (size_t i = 0; i < L->pb->n_answers; i++) {
		yaml_node_t *q = yseq_at(&L->d, cq, i);
		struct persona_answer *pa = &L->pb->answers[i];
		if (ycheck_keys(&L->d, q, qkeys, "a candidate question", L->err) ||
		    required(L, q, "match", "a candidate question", &v) || load_matcher(L, v, &pa->match) ||
		    required(L, q, "say", "a candidate question", &v) ||
		    load_variants(L, v, 1, "say", &pa->say))
			return -1;
	}
	return 0;
}

/* The concepts a question names: it is not asked about something the
 * candidate said they never did, nor about what they already covered. */
static int line_concepts(struct loader *L, yaml_node_t *at, const char *say, uint16_t *out,
			 uint8_t *n_out)
{
	struct text_words tw = {0};
	if (text_split(say, &tw)) {
		text_words_release(&tw);
		return yfail(&L->d, at, L->err, "out of memory");
	}
	struct concept_hit hits[LINE_CONCEPTS];
	size_t n = lexicon_match_concepts(L->lx, tw.words, tw.n_words, hits, LINE_CONCEPTS);
	text_words_release(&tw);
	if (n > LINE_CONCEPTS)
		n = LINE_CONCEPTS;
	for (size_t k = 0; k < n; k++)
		out[k] = (uint16_t)hits[k].concept;
	*n_out = (uint8_t)n;
	return 0;
}

/* covers: the id of a knowledge point (checked against the rubric where
 * both are loaded), kept once in the playbook's cover_ids. */
static int load_cover_key(struct loader *L, yaml_node_t *q, const char *key, int16_t *out)
{
	struct playbook *pb = L->pb;
	const char *id = yreq_string(&L->d, &pb->arena, q, key, "a question", L->err);
	if (!id)
		return -1;
	if (!*id || strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(id))
		return yfail(&L->d, q, L->err, "%s '%s' is not a knowledge point or answer id", key, id);
	for (size_t i = 0; i < pb->n_cover_ids; i++)
		if (!strcmp(pb->cover_ids[i], id)) {
			*out = (int16_t)i;
			return 0;
		}
	if (pb->n_cover_ids >= INT16_MAX)
		return yfail(&L->d, q, L->err, "follow-up: too many knowledge points");
	if (pb->n_cover_ids == pb->cap_cover_ids) { /* the arena has no realloc: double */
		size_t cap = pb->cap_cover_ids ? 2 * pb->cap_cover_ids : 64;
		const char **ids = arena_alloc(&pb->arena, cap * sizeof *ids);
		if (!ids)
			return yfail(&L->d, q, L->err, "out of memory");
		if (pb->n_cover_ids)
			memcpy(ids, pb->cover_ids, pb->n_cover_ids * sizeof *ids);
		pb->cover_ids = ids;
		pb->cap_cover_ids = cap;
	}
	pb->cover_ids[pb->n_cover_ids] = id;
	*out = (int16_t)pb->n_cover_ids++;
	return 0;
}

static int load_cover(struct loader *L, yaml_node_t *q, int16_t *out)
{
	return load_cover_key(L, q, "covers", out);
}

/* A list of [{probe: KIND, say: "..."}]: questions marked with their kind. */
/* heard_as (NULL: none): 2 to QPHRASES_MAX phrases, none empty or a
 * question; what and id name the entry in errors ("challenge 'jwt_encrypted'"). */
static int load_heard_as(struct loader *L, yaml_node_t *ha, const char *what, const char *id,
			 const char ***out)
{
	if (!ha)
		return 0;
	long nh = ystring_list(&L->d, &L->pb->arena, ha, 2, "heard_as", out, L->err);
	if (nh < 0)
		return -1;
	if (nh > QPHRASES_MAX)
		return yfail(&L->d, ha, L->err, "%s '%s': heard_as has more than %d phrases", what, id,
			     QPHRASES_MAX);
	for (long h = 0; h < nh; h++)
		if (strchr((*out)[h], '?'))
			return yfail(&L->d, ha, L->err, "%s '%s': heard_as phrase '%s' is empty or a question",
				     what, id, (*out)[h]);
	return 0;
}

static int load_probe_lines(struct loader *L, yaml_node_t *list, const char *id,
			    struct variants *lines, uint8_t **probe_out)
{
	static const char *const keys[] = {"probe", "say", "why", "covers",
					   "needs", "heard_as", "about", NULL};
	size_t m = yseq_len(list);
	lines->heard_as = arena_alloc(&L->pb->arena, (m + 1) * sizeof *lines->heard_as);
	lines->items = arena_alloc(&L->pb->arena, (m + 1) * sizeof *lines->items);
	lines->whys = arena_alloc(&L->pb->arena, (m + 1) * sizeof *lines->whys);
	lines->concepts = arena_alloc(&L->pb->arena, m * LINE_CONCEPTS * sizeof *lines->concepts);
	lines->n_concepts = arena_alloc(&L->pb->arena, m);
	uint8_t *probe = arena_alloc(&L->pb->arena, m);
	lines->covers = arena_alloc(&L->pb->arena, (m + 1) * sizeof *lines->covers);
	lines->needs = arena_alloc(&L->pb->arena, (m + 1) * sizeof *lines->needs);
	lines->about = arena_alloc(&L->pb->arena, (m + 1) * sizeof *lines->about);
	if (!lines->items || !probe || !lines->concepts || !lines->n_concepts || !lines->whys ||
	    !lines->covers || !lines->needs || !lines->heard_as || !lines->about)
		return yfail(&L->d, list, L->err, "out of memory");
	for (size_t k = 0; k < m; k++) {
		yaml_node_t *q = yseq_at(&L->d, list, k);
		if (ycheck_keys(&L->d, q, keys, "a follow-up", L->err))
			return -1;
		const char *kind = yreq_string(&L->d, &L->pb->arena, q, "probe", "a follow-up", L->err);
		const char *say = yreq_string(&L->d, &L->pb->arena, q, "say", "a follow-up", L->err);
		if (!kind || !say || check_line(L, q, say, id))
			return -1;
		int pk = name_index(probe_names, kind);
		if (pk < 0 || pk >= PROBE_SECURITY)
			return yfail(&L->d, q, L->err, "follow-up for '%s': unknown probe '%s'", id, kind);
		probe[k] = (uint8_t)pk;
		lines->items[k] = say;
		/* why: a statement said before the question, never a question */
		lines->whys[k] = NULL;
		if (ymap_get(&L->d, q, "why")) {
			const char *why = yreq_string(&L->d, &L->pb->arena, q, "why", "a follow-up", L->err);
			if (!why || check_line(L, q, why, id))
				return -1;
			if (strchr(why, '?'))
				return yfail(&L->d, q, L->err,
					     "follow-up for '%s': a 'why' is said before the question and is no question itself",
					     id);
			lines->whys[k] = why;
		}
		lines->covers[k] = -1;
		if (load_needs(L, q, "a follow-up", &lines->needs[k]))
			return -1;
		/* about: the topic's replies must use or propose one of these */
		if (load_about(L, q, "a follow-up", &lines->about[k]))
			return -1;
		if (ymap_get(&L->d, q, "covers") &&
		    load_cover(L, q, &lines->covers[k]))
			return -1;
		if (line_concepts(L, q, say, &lines->concepts[k * LINE_CONCEPTS], &lines->n_concepts[k]))
			return -1;
		/* heard_as: how an answer to it sounds, phrases of a few words */
		lines->heard_as[k] = NULL;
		if (load_heard_as(L, ymap_get(&L->d, q, "heard_as"), "follow-up for", id, &lines->heard_as[k]))
			return -1;
	}
	lines->heard_as[m] = NULL;
	lines->items[m] = NULL;
	lines->whys[m] = NULL;
	lines->n = m;
	*probe_out = probe;
	return 0;
}

/* 1 when say contains one of the normalized phrases (word-aligned). */
static int says_one_of(const char *say, const char *const *phrases)
{
	char norm[1024], padded[1100], pat[256];
	text_normalize_phrase(say, norm, sizeof norm);
	snprintf(padded, sizeof padded, " %s ", norm);
	for (size_t k = 0; phrases && phrases[k]; k++) {
		char p[200];
		text_normalize_phrase(phrases[k], p, sizeof p);
		snprintf(pat, sizeof pat, " %s ", p);
		if (p[0] && strstr(padded, pat))
			return 1;
	}
	return 0;
}

/* presupposes_use: phrases of a follow-up that takes the candidate's own
 * use for granted ("How did ... behave?", "What did ... catch?").  Such a
 * follow-up of a concept or a topic needs a story of their own, besides
 * whatever else it declares: after "if I built it I'd use a token bucket"
 * it is not asked, nor "how did you balance session length?" after "I know
 * the concepts, but I'd be relying on reading" (read blind). */
static int imply_story_needs(struct loader *L, yaml_node_t *root, struct variants *lines)
{
	yaml_node_t *node = ymap_get(&L->d, root, "presupposes_use");
	const char **phrases = NULL;
	if (!node)
		return 0;
	if (ystring_list(&L->d, &L->pb->arena, node, 1, "presupposes_use", &phrases, L->err) < 0)
		return -1;
	for (size_t k = 0; k < lines->n; k++)
		if (lines->needs && says_one_of(lines->items[k], phrases))
			lines->needs[k] |= NEED_STORY;
	return 0;
}

/* concept_followups: {concept id: [{probe: KIND, say: "..."}, ...]} */
static int load_concept_followups(struct loader *L, yaml_node_t *root)
{
	yaml_node_t *fu = ymap_get(&L->d, root, "concept_followups");
	if (!fu)
		return 0;
	if (fu->type != YAML_MAPPING_NODE)
		return yfail(&L->d, fu, L->err, "'concept_followups' must map concept ids to lists of questions");
	size_t n = ymap_len(fu);
	L->pb->followups = arena_alloc(&L->pb->arena, (n + 1) * sizeof *L->pb->followups);
	if (!L->pb->followups)
		return yfail(&L->d, fu, L->err, "out of memory");
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *list;
		const char *id = ymap_key_at(&L->d, fu, i, &list);
		int c = id ? lexicon_find_concept(L->lx, id) : -1;
		if (c < 0)
			return yfail(&L->d, list, L->err, "follow-ups for unknown concept '%s'", id ? id : "?");
		if (playbook_concept_followups(L->pb, c))
			return yfail(&L->d, list, L->err, "follow-ups for '%s' are listed twice", id);
		if (!list || list->type != YAML_SEQUENCE_NODE || !yseq_len(list))
			return yfail(&L->d, list ? list : fu, L->err, "follow-ups for '%s' must be a non-empty list", id);
		struct concept_followup *cf = &L->pb->followups[L->pb->n_followups];
		cf->concept = c;
		if (load_probe_lines(L, list, id, &cf->lines, &cf->probe) ||
		    imply_story_needs(L, root, &cf->lines))
			return -1;
		L->pb->n_followups++;
	}
	return 0;
}

/* topic_followups: {topic id: [{probe: KIND, say: "..."}, ...]}, questions
 * that fit after any answer to the topic */
static int load_topic_followups(struct loader *L, yaml_node_t *root)
{
	yaml_node_t *fu = ymap_get(&L->d, root, "topic_followups");
	if (!fu)
		return 0;
	if (fu->type != YAML_MAPPING_NODE)
		return yfail(&L->d, fu, L->err, "'topic_followups' must map topic ids to lists of questions");
	for (size_t i = 0; i < ymap_len(fu); i++) {
		yaml_node_t *list;
		const char *id = ymap_key_at(&L->d, fu, i, &list);
		struct topic *t = NULL;
		for (size_t k = 0; id && k < L->pb->n_topics && !t; k++)
			if (!strcmp(L->pb->topics[k].id, id))
				t = &L->pb->topics[k];
		if (!t)
			return yfail(&L->d, list, L->err, "topic_followups: unknown topic '%s'", id ? id : "?");
		if (t->followups.n)
			return yfail(&L->d, list, L->err, "topic_followups: topic '%s' appears twice", id);
		if (!list || list->type != YAML_SEQUENCE_NODE || !yseq_len(list))
			return yfail(&L->d, list ? list : fu, L->err,
				     "topic_followups for '%s' must be a non-empty list", id);
		if (load_probe_lines(L, list, id, &t->followups, &t->followup_probe) ||
		    imply_story_needs(L, root, &t->followups))
			return -1;
	}
	return 0;
}

/* stance_probes: what to ask about a concept the candidate did not choose. */
static int load_stance_probes(struct loader *L, yaml_node_t *root)
{
	yaml_node_t *sp, *v;
	if (required(L, root, "stance_probes", "the playbook", &sp) ||
	    ycheck_keys(&L->d, sp, stance_probe_names, "stance_probes", L->err))
		return -1;
	for (int k = 0; k < SPROBE_COUNT; k++)
		if (required(L, sp, stance_probe_names[k], "stance_probes", &v) ||
		    load_kind_variants(L, v, 2, stance_probe_names[k], 1, &L->pb->stance_probes[k]))
			return -1;
	return 0;
}

/* challenges: {wrong claim id: [lines]}; the ids are the rubric's. */
static int load_challenges(struct loader *L, yaml_node_t *root)
{
	yaml_node_t *ch = ymap_get(&L->d, root, "challenges");
	if (!ch)
		return 0;
	if (ch->type != YAML_MAPPING_NODE)
		return yfail(&L->d, ch, L->err, "'challenges' must map wrong-claim ids to lines");
	size_t n = ymap_len(ch);
	L->pb->challenges = arena_alloc(&L->pb->arena, (n + 1) * sizeof *L->pb->challenges);
	if (!L->pb->challenges)
		return yfail(&L->d, ch, L->err, "out of memory");
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *lines;
		const char *id = ymap_key_at(&L->d, ch, i, &lines);
		struct claim_challenge *cc = &L->pb->challenges[L->pb->n_challenges++];
		cc->claim_id = id ? arena_strdup(&L->pb->arena, id) : NULL;
		if (!cc->claim_id)
			return yfail(&L->d, lines, L->err, "out of memory");
		/* [lines], or {lines: [...], heard_as: [phrases of the right view]} */
		if (lines->type == YAML_MAPPING_NODE) {
			static const char *const keys[] = {"lines", "heard_as", NULL};
			yaml_node_t *ha = ymap_get(&L->d, lines, "heard_as");
			if (ycheck_keys(&L->d, lines, keys, id, L->err))
				return -1;
			if (load_heard_as(L, ha, "challenge", id, &cc->heard_as))
				return -1;
			if (required(L, lines, "lines", id, &lines))
				return -1;
		}
		if (load_variants(L, lines, 1, id, &cc->lines))
			return -1;
	}
	return 0;
}

/* hints: {topic id: [lines]}: what the interviewer offers when a candidate
 * is stuck on the topic, a piece of the idea and an easier question. */
static int load_hints(struct loader *L, yaml_node_t *root)
{
	yaml_node_t *hints = ymap_get(&L->d, root, "hints");
	if (!hints)
		return 0;
	if (hints->type != YAML_MAPPING_NODE)
		return yfail(&L->d, hints, L->err, "'hints' must map topic ids to lines");
	for (size_t i = 0; i < ymap_len(hints); i++) {
		yaml_node_t *lines;
		const char *id = ymap_key_at(&L->d, hints, i, &lines);
		struct topic *t = NULL;
		for (size_t k = 0; id && k < L->pb->n_topics && !t; k++)
			if (!strcmp(L->pb->topics[k].id, id))
				t = &L->pb->topics[k];
		if (!t)
			return yfail(&L->d, lines, L->err, "hints: unknown topic '%s'", id ? id : "?");
		if (t->hints.n)
			return yfail(&L->d, lines, L->err, "hints: topic '%s' appears twice", id);
		if (load_variants(L, lines, 1, id, &t->hints))
			return -1;
	}
	return 0;
}

/* open_floor_topics: {strong: [ids], fundamentals: [ids]}: the catalogue
 * topics an open floor's story is about, so that follow-ups and evidence
 * land on a topic of the candidate's own systems.  Optional. */
static int load_open_floor_topics(struct loader *L, yaml_node_t *root)
{
	static const char *const keys[] = {"fundamentals", "strong", NULL};
	yaml_node_t *of = ymap_get(&L->d, root, "open_floor_topics");
	if (!of)
		return 0;
	if (of->type != YAML_MAPPING_NODE)
		return yfail(&L->d, of, L->err, "'open_floor_topics' must be a mapping");
	if (ycheck_keys(&L->d, of, keys, "open_floor_topics", L->err))
		return -1;
	for (int b = 0; b < 2; b++) {
		yaml_node_t *seq = ymap_get(&L->d, of, keys[b]);
		if (!seq)
			continue;
		if (seq->type != YAML_SEQUENCE_NODE || yseq_len(seq) > MAX_OPEN_FLOOR_TOPICS)
			return yfail(&L->d, seq, L->err, "open_floor_topics: '%s' must be a list of at most %d topic ids",
				     keys[b], MAX_OPEN_FLOOR_TOPICS);
		for (size_t i = 0; i < yseq_len(seq); i++) {
			yaml_node_t *it = yseq_at(&L->d, seq, i);
			const char *id = yscalar(it);
			const struct topic *t = id ? playbook_find_topic(L->pb, id) : NULL;
			if (!t || t->is_followup)
				return yfail(&L->d, it, L->err, "open_floor_topics: '%s' is not a topic of the playbook",
					     id ? id : "?");
			L->pb->open_floor_topics[b][L->pb->n_open_floor_topics[b]++] = (int16_t)(t - L->pb->topics);
		}
	}
	return 0;
}

static int load_lines(struct loader *L, yaml_node_t *root)
{
	yaml_node_t *lines, *v;
	if (required(L, root, "lines", "the playbook", &lines))
		return -1;
	if (lines->type != YAML_MAPPING_NODE)
		return yfail(&L->d, lines, L->err, "'lines' must be a mapping");
	for (size_t i = 0; i < ymap_len(lines); i++) {
		const char *k = ymap_key_at(&L->d, lines, i, &v);
		int known = 0;
		for (int l = 0; k && l < LINE_COUNT; l++)
			known |= strcmp(k, line_names[l]) == 0;
		if (!known)
			return yfail(&L->d, v, L->err, "unknown line '%s'", k ? k : "?");
	}
	for (int l = 0; l < LINE_COUNT; l++)
		if (required(L, lines, line_names[l], "lines", &v) ||
		    load_kind_variants(L, v, 2, line_names[l], 0, &L->pb->lines[l]))
			return -1;
	const struct variants *po = &L->pb->lines[LINE_PICK_OPTION];
	for (size_t i = 0; i < po->n; i++)
		if (!strstr(po->items[i], "{option}"))
			return yfail(&L->d, ymap_get(&L->d, lines, "pick_option"), L->err,
				     "pick_option: every line names the option it picks, {option}");
	return 0;
}

static int load_head(struct loader *L, yaml_node_t *root)
{
	static const char *const keys[] = {"version", "role", "persona", "timing", "phases", "topics",
					   "conditional_followups", "probes", "acknowledgements",
					   "anecdotes", "candidate_questions", "lines", "stance_probes",
					   "concept_followups", "challenges", "hints", "topic_followups",
					   "presupposes_use", "function_words", "question_openers",
					   "open_floor_topics", NULL};
	static const char *const pkeys[] = {"name", "intro", "background", NULL};
	yaml_node_t *persona, *v;
	if (ycheck_keys(&L->d, root, keys, "the playbook", L->err))
		return -1;
	L->pb->version = yreq_string(&L->d, &L->pb->arena, root, "version", "the playbook", L->err);
	if (!L->pb->version)
		return -1;
	L->pb->role = yreq_string(&L->d, &L->pb->arena, root, "role", "the playbook", L->err);
	if (!L->pb->role || required(L, root, "persona", "the playbook", &persona) ||
	    ycheck_keys(&L->d, persona, pkeys, "persona", L->err))
		return -1;
	if ((v = ymap_get(&L->d, root, "function_words")) &&
	    ystring_list(&L->d, &L->pb->arena, v, 1, "function_words", &L->pb->function_words, L->err) < 0)
		return -1;
	if ((v = ymap_get(&L->d, root, "question_openers")) &&
	    ystring_list(&L->d, &L->pb->arena, v, 1, "question_openers", &L->pb->question_openers,
			 L->err) < 0)
		return -1;
	L->pb->persona_name = yreq_string(&L->d, &L->pb->arena, persona, "name", "persona", L->err);
	if (!L->pb->persona_name || required(L, persona, "intro", "persona", &v) ||
	    load_variants(L, v, 1, "intro", &L->pb->intro))
		return -1;
	return 0;
}

struct playbook *playbook_parse(const struct text_source *src, const struct lexicon *lx,
				struct iv_error *err)
{
	struct loader L = {.lx = lx, .err = err};
	L.pb = calloc(1, sizeof *L.pb);
	if (!L.pb) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	if (ydoc_load(&L.d, src, err)) {
		free(L.pb);
		return NULL;
	}
	yaml_node_t *root = ydoc_root(&L.d);
	int bad = load_head(&L, root) || load_timing(&L, root) || load_topics(&L, root) ||
		  load_open_floor_topics(&L, root) || load_probes_and_acks(&L, root) || load_stories_and_answers(&L, root) ||
		  load_lines(&L, root) || load_stance_probes(&L, root) ||
		  load_concept_followups(&L, root) || load_challenges(&L, root) ||
		  load_hints(&L, root) || load_topic_followups(&L, root);
	ydoc_release(&L.d);
	if (!bad && playbook_index_terms(L.pb, L.lx)) {
		iv_error_set(err, "out of memory");
		bad = 1;
	}
	if (bad) {
		playbook_free(L.pb);
		return NULL;
	}
	return L.pb;
}

void playbook_free(struct playbook *pb)
{
	if (!pb)
		return;
	arena_free(&pb->arena);
	free(pb);
}

const struct topic *playbook_find_topic(const struct playbook *pb, const char *id)
{
	for (size_t i = 0; i < pb->n_topics; i++)
		if (pb->topics[i].id && strcmp(pb->topics[i].id, id) == 0)
			return &pb->topics[i];
	return NULL;
}

const struct concept_followup *playbook_concept_followups(const struct playbook *pb, int concept)
{
	for (size_t i = 0; i < pb->n_followups; i++)
		if (pb->followups[i].concept == concept)
			return &pb->followups[i];
	return NULL;
}

const struct claim_challenge *playbook_find_challenge(const struct playbook *pb, const char *claim_id)
{
	for (size_t i = 0; i < pb->n_challenges; i++)
		if (!strcmp(pb->challenges[i].claim_id, claim_id))
			return &pb->challenges[i];
	return NULL;
}

const struct variants *playbook_challenge(const struct playbook *pb, const char *claim_id)
{
	const struct claim_challenge *cc = playbook_find_challenge(pb, claim_id);
	return cc ? &cc->lines : NULL;
}

const char *playbook_version(const struct playbook *pb) { return pb->version; }
const char *playbook_role(const struct playbook *pb) { return pb->role; }
const char *playbook_persona_name(const struct playbook *pb) { return pb->persona_name; }
double playbook_words_per_minute(const struct playbook *pb) { return pb->words_per_minute; }
double playbook_silence_seconds(const struct playbook *pb) { return pb->silence_seconds; }
size_t playbook_challenge_count(const struct playbook *pb) { return pb->n_challenges; }
size_t playbook_cover_count(const struct playbook *pb) { return pb->n_cover_ids; }
const char *playbook_cover_id(const struct playbook *pb, size_t i) { return pb->cover_ids[i]; }
const char *playbook_challenge_id(const struct playbook *pb, size_t i) { return pb->challenges[i].claim_id; }

size_t playbook_fact_count(const struct playbook *pb)
{
	size_t n = 0;
	for (size_t i = 0; i < pb->n_answers; i++)
		n += pb->answers[i].say.n;
	return n;
}

const char *playbook_fact(const struct playbook *pb, size_t i)
{
	for (size_t a = 0; a < pb->n_answers; a++) {
		if (i < pb->answers[a].say.n)
			return pb->answers[a].say.items[i];
		i -= pb->answers[a].say.n;
	}
	return NULL;
}
