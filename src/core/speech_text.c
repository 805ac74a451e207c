/*
 * speech_text.c - text made sayable for a synthesizer (see speech_text.h).
 *
 * One left-to-right pass over the text.  At each position, in order: a term
 * of the table (longest match, case-insensitive, on word boundaries), a URL,
 * a path ("/users/{id}"), a word or number (numbers become words, a unit
 * glued to a number is expanded, letters glued to digits are split: "p99"),
 * or a symbol.  Markdown marks are dropped.  The table is the project's
 * knowledge of how engineers say things; the rules here are the part no
 * table can hold, written by hand because no library does number and unit
 * verbalisation for spoken tech talk (Flite's own normaliser reads "10k" as
 * "ten k" and "p99" as "p ninety nine" only sometimes).
 */
#include "speech_text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "textbuf.h"

struct speech_entry {
	char *key;
	size_t key_len;
	char *say;
	int line;
};

struct entry_list {
	struct speech_entry *v;
	size_t n, cap;
};

struct speech_table {
	struct entry_list terms; /* case-insensitive, sorted longest key first */
	struct entry_list units; /* case-sensitive, after a number */
};

/* ---------------------------------------------------------------- parsing */

static void entries_release(struct entry_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].say);
	}
	free(l->v);
}

void speech_table_free(struct speech_table *t)
{
	if (!t)
		return;
	entries_release(&t->terms);
	entries_release(&t->units);
	free(t);
}

static int entries_add(struct entry_list *l, const char *key, size_t key_len, const char *say,
		       size_t say_len, int line)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct speech_entry *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	struct speech_entry *e = &l->v[l->n];
	e->key = strndup(key, key_len);
	e->say = strndup(say, say_len);
	if (!e->key || !e->say) {
		free(e->key);
		free(e->say);
		return -1;
	}
	e->key_len = key_len;
	e->line = line;
	l->n++;
	return 0;
}

static int longest_first(const void *a, const void *b)
{
	const struct speech_entry *x = a, *y = b;
	if (x->key_len != y->key_len)
		return x->key_len < y->key_len ? 1 : -1;
	return strcmp(x->key, y->key);
}

static int is_scalar(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE;
}

/* Reads one section (a mapping of key: say) into l. */
static int parse_section(yaml_document_t *doc, yaml_node_t *map, struct entry_list *l,
			 int case_fold, const char *file, struct iv_error *err)
{
	if (map->type != YAML_MAPPING_NODE) {
		iv_error_set(err, "%s:%zu: a section must be a mapping of term: how it is said",
			     file, map->start_mark.line + 1);
		return -1;
	}
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		yaml_node_t *v = yaml_document_get_node(doc, p->value);
		int line = k ? (int)k->start_mark.line + 1 : 0;
		if (!is_scalar(k) || !is_scalar(v)) {
			iv_error_set(err, "%s:%d: each entry must be a term and the words to say", file,
				     line);
			return -1;
		}
		const char *key = (const char *)k->data.scalar.value;
		size_t key_len = k->data.scalar.length;
		if (key_len == 0 || v->data.scalar.length == 0) {
			iv_error_set(err, "%s:%d: empty term or pronunciation", file, line);
			return -1;
		}
		for (size_t i = 0; i < l->n; i++) {
			int same = case_fold ? strcasecmp(l->v[i].key, key) == 0
					     : strcmp(l->v[i].key, key) == 0;
			if (same) {
				iv_error_set(err, "%s:%d: \"%s\" is already defined on line %d", file,
					     line, key, l->v[i].line);
				return -1;
			}
		}
		if (entries_add(l, key, key_len, (const char *)v->data.scalar.value,
				v->data.scalar.length, line) != 0) {
			iv_error_set(err, "out of memory");
			return -1;
		}
	}
	return 0;
}

struct speech_table *speech_table_parse(const struct text_source *src, struct iv_error *err)
{
	const char *file = src->name ? src->name : "pronunciations";
	struct speech_table *t = calloc(1, sizeof *t);
	if (!t) {
		iv_error_set(err, "out of memory");
		return NULL;
	}
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)src->text, src->len);
	if (!yaml_parser_load(&parser, &doc)) {
		iv_error_set(err, "%s:%zu: %s", file, parser.problem_mark.line + 1,
			     parser.problem ? parser.problem : "invalid YAML");
		yaml_parser_delete(&parser);
		free(t);
		return NULL;
	}
	int rc = 0;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (!root || root->type != YAML_MAPPING_NODE) {
		iv_error_set(err, "%s:1: expected sections \"terms\" and \"units\"", file);
		rc = -1;
	}
	for (yaml_node_pair_t *p = root && rc == 0 ? root->data.mapping.pairs.start : NULL;
	     p && p < root->data.mapping.pairs.top && rc == 0; p++) {
		yaml_node_t *k = yaml_document_get_node(&doc, p->key);
		yaml_node_t *v = yaml_document_get_node(&doc, p->value);
		const char *name = is_scalar(k) ? (const char *)k->data.scalar.value : "";
		if (strcmp(name, "terms") == 0) {
			rc = parse_section(&doc, v, &t->terms, 1, file, err);
		} else if (strcmp(name, "units") == 0) {
			rc = parse_section(&doc, v, &t->units, 0, file, err);
		} else {
			iv_error_set(err, "%s:%zu: unknown section \"%s\" (expected terms, units)",
				     file, k ? k->start_mark.line + 1 : 0, name);
			rc = -1;
		}
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (rc != 0) {
		speech_table_free(t);
		return NULL;
	}
	if (t->terms.n) /* qsort wants a real array even for zero items */
		qsort(t->terms.v, t->terms.n, sizeof *t->terms.v, longest_first);
	if (t->units.n)
		qsort(t->units.v, t->units.n, sizeof *t->units.v, longest_first);
	return t;
}

size_t speech_table_term_count(const struct speech_table *t)
{
	return t ? t->terms.n : 0;
}

const char *speech_table_lookup(const struct speech_table *t, const char *term)
{
	if (!t)
		return NULL;
	for (size_t i = 0; i < t->terms.n; i++)
		if (strcasecmp(t->terms.v[i].key, term) == 0)
			return t->terms.v[i].say;
	return NULL;
}

/* ---------------------------------------------------------------- numbers */

static const char *const ones[] = {"zero", "one", "two", "three", "four", "five", "six",
				   "seven", "eight", "nine", "ten", "eleven", "twelve",
				   "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
				   "eighteen", "nineteen"};
static const char *const tens[] = {"", "", "twenty", "thirty", "forty", "fifty",
				   "sixty", "seventy", "eighty", "ninety"};
static const char *const scales[] = {"", " thousand", " million", " billion", " trillion"};

static void words_below_1000(struct textbuf *b, unsigned n)
{
	if (n >= 100) {
		textbuf_add(b, ones[n / 100]);
		textbuf_add(b, " hundred");
		n %= 100;
		if (n)
			textbuf_add(b, " ");
		else
			return;
	}
	if (n < 20) {
		textbuf_add(b, ones[n]);
		return;
	}
	textbuf_add(b, tens[n / 10]);
	if (n % 10) {
		textbuf_add(b, "-");
		textbuf_add(b, ones[n % 10]);
	}
}

static void number_words(struct textbuf *b, unsigned long long n)
{
	if (n == 0) {
		textbuf_add(b, "zero");
		return;
	}
	unsigned groups[5] = {0};
	int top = 0;
	for (int g = 0; g < 5 && n; g++, n /= 1000) {
		groups[g] = (unsigned)(n % 1000);
		top = g;
	}
	int first = 1;
	for (int g = top; g >= 0; g--) {
		if (!groups[g])
			continue;
		if (!first)
			textbuf_add(b, " ");
		words_below_1000(b, groups[g]);
		textbuf_add(b, scales[g]);
		first = 0;
	}
}

size_t speech_number_words(unsigned long long n, char *out, size_t out_cap)
{
	struct textbuf b;
	textbuf_init(&b);
	if (n >= 1000000000000000ULL) {
		textbuf_add(&b, "a very large number");
	} else {
		number_words(&b, n);
	}
	size_t len = 0;
	if (out_cap) {
		len = b.failed || !b.data ? 0 : b.len < out_cap - 1 ? b.len : out_cap - 1;
		if (len)
			memcpy(out, b.data, len);
		out[len] = '\0';
	}
	textbuf_free(&b);
	return len;
}

/* Turns the last number word in b (from offset start) into an ordinal. */
static void make_ordinal(struct textbuf *b, size_t start)
{
	static const char *const irregular[][2] = {
		{"one", "first"},   {"two", "second"}, {"three", "third"}, {"five", "fifth"},
		{"eight", "eighth"}, {"nine", "ninth"}, {"twelve", "twelfth"},
	};
	if (b->failed)
		return; /* the text is dropped anyway, and may not be there */
	size_t w = b->len;
	while (w > start && b->data[w - 1] != ' ' && b->data[w - 1] != '-')
		w--;
	for (size_t i = 0; i < sizeof irregular / sizeof irregular[0]; i++) {
		if (strcmp(b->data + w, irregular[i][0]) == 0) {
			textbuf_truncate(b, w);
			textbuf_add(b, irregular[i][1]);
			return;
		}
	}
	if (textbuf_last(b) == 'y') {
		textbuf_truncate(b, b->len - 1);
		textbuf_add(b, "ieth");
	} else {
		textbuf_add(b, "th");
	}
}

/* ---------------------------------------------------------------- rewriting */

static int is_alnum(char c)
{
	return isalnum((unsigned char)c) != 0;
}

static int is_alpha(char c)
{
	return isalpha((unsigned char)c) != 0;
}

static int is_digit(char c)
{
	return isdigit((unsigned char)c) != 0;
}

/* Adds a space unless b already ends with a separator. */
static void add_gap(struct textbuf *b)
{
	char c = textbuf_last(b);
	if (c && c != ' ' && c != '\n' && c != '(' && c != '"')
		textbuf_add(b, " ");
}

/* Emits spoken words, separated from what comes before. */
static void say(struct textbuf *b, const char *s, size_t n)
{
	add_gap(b);
	textbuf_addn(b, s, n);
}

/* The table entry matching at text (case-insensitive, on a word boundary). */
static const struct speech_entry *match_term(const struct speech_table *t, const char *text,
					     int at_word_start)
{
	if (!t)
		return NULL;
	for (size_t i = 0; i < t->terms.n; i++) {
		const struct speech_entry *e = &t->terms.v[i];
		if (is_alnum(e->key[0]) && !at_word_start)
			continue;
		if (strncasecmp(text, e->key, e->key_len) != 0)
			continue;
		if (is_alnum(e->key[e->key_len - 1]) && is_alnum(text[e->key_len]))
			continue;
		return e;
	}
	return NULL;
}

static const struct speech_entry *match_unit(const struct speech_table *t, const char *s,
					     size_t n)
{
	if (!t)
		return NULL;
	for (size_t i = 0; i < t->units.n; i++)
		if (t->units.v[i].key_len == n && strncmp(t->units.v[i].key, s, n) == 0)
			return &t->units.v[i];
	return NULL;
}

static void say_word(struct textbuf *b, const struct speech_table *t, const char *w, size_t n);

/* digits with optional thousands commas and decimal part; returns length. */
static size_t scan_number(const char *s, unsigned long long *integer, int *overflow,
			  const char **frac, size_t *frac_len)
{
	size_t i = 0;
	unsigned long long v = 0;
	*overflow = 0;
	*frac = NULL;
	*frac_len = 0;
	while (1) {
		if (is_digit(s[i])) {
			if (v > 100000000000000ULL)
				*overflow = 1;
			else
				v = v * 10 + (unsigned)(s[i] - '0');
			i++;
		} else if (s[i] == ',' && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
			   is_digit(s[i + 3]) && !is_digit(s[i + 4])) {
			i++;
		} else {
			break;
		}
	}
	if (s[i] == '.' && is_digit(s[i + 1])) {
		*frac = s + i + 1;
		i++;
		while (is_digit(s[i]))
			i++;
		*frac_len = (size_t)(s + i - *frac);
	}
	*integer = v;
	return i;
}

static void say_digits(struct textbuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			continue;
		add_gap(b);
		textbuf_add(b, ones[s[i] - '0']);
	}
}

/* A unit after a number and a space ("2 GB", "50 ms"): only units of two
 * letters or more, and not "us" ("the 2 of us" is not microseconds). */
static size_t spaced_unit(struct textbuf *b, const struct speech_table *t, const char *s, size_t n)
{
	if (s[n] != ' ')
		return n;
	const char *u = s + n + 1;
	size_t len = 0;
	while (is_alpha(u[len]))
		len++;
	if (len < 2 || is_digit(u[len]) || strncmp(u, "us", 2) == 0)
		return n;
	const struct speech_entry *unit = match_unit(t, u, len);
	if (!unit)
		return n;
	say(b, unit->say, strlen(unit->say));
	return n + 1 + len;
}

/* A number, possibly with a unit or ordinal suffix glued to it ("10k",
 * "200ms", "3rd").  Returns the bytes consumed. */
static size_t say_number(struct textbuf *b, const struct speech_table *t, const char *s)
{
	unsigned long long v;
	int overflow;
	const char *frac;
	size_t frac_len;
	size_t n = scan_number(s, &v, &overflow, &frac, &frac_len);
	add_gap(b);
	size_t start = b->len;
	if (overflow || (s[0] == '0' && is_digit(s[1]))) {
		say_digits(b, s, frac ? (size_t)(frac - 1 - s) : n);
	} else {
		number_words(b, v);
	}
	if (frac) {
		textbuf_add(b, " point");
		say_digits(b, frac, frac_len);
	}
	size_t suffix = 0;
	while (is_alpha(s[n + suffix]))
		suffix++;
	if (suffix == 0)
		return spaced_unit(b, t, s, n);
	const char *suf = s + n;
	if (!frac && suffix == 2 && !is_alnum(suf[2]) &&
	    (strncmp(suf, "st", 2) == 0 || strncmp(suf, "nd", 2) == 0 ||
	     strncmp(suf, "rd", 2) == 0 || strncmp(suf, "th", 2) == 0)) {
		make_ordinal(b, start);
		return n + 2;
	}
	if (!is_digit(suf[suffix])) {
		const struct speech_entry *u = match_unit(t, suf, suffix);
		if (u) {
			say(b, u->say, strlen(u->say));
			return n + suffix;
		}
	}
	return n;
}

/* A run of letters: the table's way of saying it, or the letters as they are. */
static void say_letters(struct textbuf *b, const struct speech_table *t, const char *w, size_t n)
{
	char buf[64];
	if (n < sizeof buf) {
		memcpy(buf, w, n);
		buf[n] = '\0';
		const char *said = speech_table_lookup(t, buf);
		if (said) {
			say(b, said, strlen(said));
			return;
		}
	}
	if (textbuf_last(b) && is_alnum(textbuf_last(b)))
		textbuf_add(b, " ");
	textbuf_addn(b, w, n);
}

/* A word of letters and digits: "p99" -> "p ninety-nine", "v1", "S3". */
static void say_word(struct textbuf *b, const struct speech_table *t, const char *w, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (is_digit(w[i])) {
			i += say_number(b, t, w + i);
			continue;
		}
		size_t j = i;
		while (j < n && is_alpha(w[j]))
			j++;
		if (j == i) { /* neither: skip */
			i++;
			continue;
		}
		say_letters(b, t, w + i, j - i);
		i = j;
	}
}

static size_t url_len(const char *s)
{
	size_t n = 0;
	while (s[n] && !isspace((unsigned char)s[n]) && s[n] != '"' && s[n] != '<' && s[n] != '>')
		n++;
	while (n > 0 && strchr(".,;:!?)'", s[n - 1]))
		n--;
	return n;
}

/* A URL or a path, piece by piece: "api.example.com/v1/users" ->
 * "A P I dot example dot com slash v one slash users". */
static void say_url(struct textbuf *b, const struct speech_table *t, const char *s, size_t n)
{
	size_t i = 0;
	if (strncasecmp(s, "https://", 8) == 0)
		i = 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		i = 7;
	if (strncasecmp(s + i, "www.", 4) == 0) {
		say(b, "w w w dot", 9);
		i += 4;
	}
	while (i < n) {
		char c = s[i];
		if (c == '?' || c == '#')
			break; /* a query or fragment is not read out */
		if (is_alnum(c)) {
			size_t j = i;
			while (j < n && is_alnum(s[j]))
				j++;
			say_word(b, t, s + i, j - i);
			i = j;
			continue;
		}
		const char *word = c == '.' ? "dot" : c == '/' ? "slash" : c == '-' ? "dash"
				 : c == '_' ? "underscore" : c == ':' ? "colon" : NULL;
		/* A trailing slash, braces and the like are not said. */
		if (word && !(c == '/' && i + 1 == n))
			say(b, word, strlen(word));
		i++;
	}
}

static int starts_url(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0 ||
	       (strncasecmp(s, "www.", 4) == 0 && is_alnum(s[4]));
}

static int is_rate_word(const char *s)
{
	static const char *const per[] = {"second", "sec", "s", "minute", "min", "hour", "hr",
					  "h", "day", "month", "year", "user", "request", "node",
					  NULL};
	for (int i = 0; per[i]; i++) {
		size_t n = strlen(per[i]);
		if (strncasecmp(s, per[i], n) == 0 && !is_alnum(s[n]))
			return 1;
	}
	return 0;
}

/* Multi-byte punctuation a screen uses and a voice does not. */
static size_t say_utf8_punct(struct textbuf *b, const char *s)
{
	static const struct {
		const char *utf8, *ascii;
	} map[] = {
		{"\xe2\x80\x94", ", "}, /* em dash */
		{"\xe2\x80\x93", ", "}, /* en dash */
		{"\xe2\x80\x99", "'"},  /* right single quote */
		{"\xe2\x80\x98", "'"},  /* left single quote */
		{"\xe2\x80\x9c", "\""}, {"\xe2\x80\x9d", "\""},
		{"\xe2\x80\xa6", "..."}, {"\xe2\x86\x92", " to "}, /* ellipsis, arrow */
		{"\xc3\x97", " times "}, {"\xe2\x89\x88", " about "},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		size_t n = strlen(map[i].utf8);
		if (strncmp(s, map[i].utf8, n) == 0) {
			if (map[i].ascii[0] == ' ' || map[i].ascii[0] == ',') {
				while (textbuf_last(b) == ' ')
					textbuf_truncate(b, b->len - 1);
			}
			textbuf_add(b, map[i].ascii);
			return n;
		}
	}
	return 0;
}

/* Ends the sentence before a new line that starts a list item or follows a
 * blank line, so that "- a\n- b" is read as two sentences. */
static void sentence_break(struct textbuf *b)
{
	while (b->len && (textbuf_last(b) == ' ' || textbuf_last(b) == '\n'))
		textbuf_truncate(b, b->len - 1);
	char c = textbuf_last(b);
	if (c && !strchr(".?!:;,", c))
		textbuf_add(b, ".");
	if (c)
		textbuf_add(b, " ");
}

/* One step of the rewrite at s[i]; returns the bytes consumed. */
static size_t rewrite_step(struct textbuf *b, const struct speech_table *t, const char *text,
			   size_t i)
{
	const char *s = text + i;
	int word_start = i == 0 || !is_alnum(text[i - 1]);
	int line_start = i == 0 || text[i - 1] == '\n';

	if (line_start) {
		size_t k = 0;
		while (s[k] == ' ' || s[k] == '\t')
			k++;
		if ((s[k] == '-' || s[k] == '*' || s[k] == '#') &&
		    (s[k + 1] == ' ' || s[k + 1] == '#')) {
			while (s[k] == '#' || s[k] == '-' || s[k] == '*')
				k++;
			sentence_break(b);
			return k;
		}
	}
	if (word_start && starts_url(s)) {
		size_t n = url_len(s);
		say_url(b, t, s, n);
		return n ? n : 1;
	}
	const struct speech_entry *e = match_term(t, s, word_start);
	if (e) {
		/* "PUT" is said "put": a term said as itself keeps its written
		 * case, so the word "Put" starting a sentence stays as it is. */
		if (strcasecmp(e->say, e->key) == 0)
			say(b, s, e->key_len);
		else
			say(b, e->say, strlen(e->say));
		return e->key_len;
	}
	if (s[0] == '/' && (i == 0 || isspace((unsigned char)text[i - 1])) &&
	    (is_alpha(s[1]) || s[1] == '{' || s[1] == ':')) {
		size_t n = url_len(s);
		say_url(b, t, s, n);
		return n;
	}
	if (is_alnum(s[0])) {
		if (is_digit(s[0]))
			return say_number(b, t, s);
		size_t n = 0;
		while (is_alnum(s[n]) || (s[n] == '\'' && is_alpha(s[n + 1]) && n > 0))
			n++;
		if (memchr(s, '\'', n)) { /* contractions go as written */
			if (textbuf_last(b) && is_alnum(textbuf_last(b)))
				textbuf_add(b, " ");
			textbuf_addn(b, s, n);
		} else {
			say_word(b, t, s, n);
		}
		return n;
	}
	size_t u = (unsigned char)s[0] >= 0x80 ? say_utf8_punct(b, s) : 0;
	if (u)
		return u;
	switch (s[0]) {
	case '*': case '`': case '[': case ']': case '{': case '}': case '|': case '\\':
		return 1; /* markdown and braces: not said */
	case '_':
		add_gap(b);
		return 1;
	case '/':
		if (i > 0 && is_alnum(text[i - 1]) && is_alnum(s[1])) {
			const char *joiner = is_rate_word(s + 1) ? "per" : "or";
			say(b, joiner, strlen(joiner));
			textbuf_add(b, " ");
			return 1;
		}
		add_gap(b);
		return 1;
	case '.':
		if (i > 0 && is_alpha(text[i - 1]) && is_alpha(s[1])) {
			say(b, "dot", 3);
			textbuf_add(b, " ");
			return 1;
		}
		break;
	case '\n':
		if (s[1] == '\n' || (i > 0 && text[i - 1] == '\n')) {
			sentence_break(b);
			return 1;
		}
		add_gap(b);
		return 1;
	case '-':
		if (s[1] == '-' || (i > 0 && text[i - 1] == ' ' && s[1] == ' ')) {
			while (textbuf_last(b) == ' ')
				textbuf_truncate(b, b->len - 1);
			textbuf_add(b, ",");
			return s[1] == '-' ? 2 : 1;
		}
		break;
	default:
		break;
	}
	if ((unsigned char)s[0] < 0x80 && !isprint((unsigned char)s[0]) && !isspace((unsigned char)s[0]))
		return 1; /* control characters */
	if (s[0] == ' ' && (textbuf_last(b) == ' ' || b->len == 0))
		return 1;
	textbuf_addn(b, s, 1);
	return 1;
}

char *speech_text_sayable(const struct speech_table *t, const char *text)
{
	struct textbuf b;
	textbuf_init(&b);
	for (size_t i = 0; text[i];)
		i += rewrite_step(&b, t, text, i);
	while (b.len && isspace((unsigned char)textbuf_last(&b)))
		textbuf_truncate(&b, b.len - 1);
	return textbuf_detach(&b);
}

size_t speech_text_sentence_len(const char *text)
{
	size_t i = 0;
	while (text[i]) {
		char c = text[i];
		if ((c == '.' || c == '?' || c == '!') && !(c == '.' && is_digit(text[i + 1]))) {
			size_t j = i + 1;
			while (text[j] == '.' || text[j] == '?' || text[j] == '!' || text[j] == '"' ||
			       text[j] == '\'' || text[j] == ')')
				j++;
			if (!text[j] || isspace((unsigned char)text[j])) {
				while (text[j] && isspace((unsigned char)text[j]))
					j++;
				return j;
			}
			i = j;
			continue;
		}
		i++;
	}
	return i;
}
