/*
 * test_speech_models.c - the recognizer's models as the build makes them
 * (tools/speech_corpus.py, tools/build_dict.py into IV_SPEECH_DIR), and the
 * dictionary builder on crafted additions files.
 *
 * Asserted: every word of the domain corpus has a pronunciation made of the
 * acoustic model's phones (PocketSphinx drops a word it cannot say); words
 * engineers spell are spelled ("httponly" starts with the letters h t t p, a
 * plural acronym ends in "z", not in the letter "zee"); a lexicon stem
 * brings the words made from it ("decoupl*": decouples) but not unrelated
 * words sharing its letters; a join part no dictionary has becomes a word of
 * the dictionary too; a line with a phone the model lacks, or a join with
 * nothing to join, is an error naming the line; every word the speaking
 * table (data/speech/pronunciations.yaml) respells comes out of Flite as
 * the dictionary says it ("timeout" is not "tim-out"); no sentence of the
 * blind held-out answers or of the blind development slice is in the corpus.
 */
#include "test_support.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "speech_text.h"

static const char *const PHONES[] = {
	"AA", "AE", "AH", "AO", "AW", "AY", "B",  "CH", "D",  "DH", "EH", "ER", "EY", "F",
	"G",  "HH", "IH", "IY", "JH", "K",  "L",  "M",  "N",  "NG", "OW", "OY", "P",  "R",
	"S",  "SH", "T",  "TH", "UH", "UW", "V",  "W",  "Y",  "Z",  "ZH", NULL};

static char *speech_file(const char *name)
{
	return ts_path(IV_SPEECH_DIR, name);
}

/* The dictionary's lines "word(2) PH ON ES" as a list; *n set. */
struct entry {
	char *word; /* without "(2)" */
	char *phones;
};

static struct entry *read_dict(const char *path, size_t *n)
{
	size_t len = 0;
	char *text = ts_read(path, &len);
	assert_non_null(text);
	size_t cap = 1024;
	struct entry *e = malloc(cap * sizeof *e);
	*n = 0;
	for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *sp = strchr(line, ' ');
		if (!sp)
			continue;
		*sp = '\0';
		char *paren = strchr(line, '(');
		if (paren)
			*paren = '\0';
		if (*n == cap)
			e = realloc(e, (cap *= 2) * sizeof *e);
		e[*n].word = strdup(line);
		e[*n].phones = strdup(sp + 1);
		(*n)++;
	}
	free(text);
	return e;
}

static void free_dict(struct entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(e[i].word), free(e[i].phones);
	free(e);
}

static int cmp_word(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->word, ((const struct entry *)b)->word);
}

/* The first entry for word in a sorted dictionary, or NULL. */
static const struct entry *lookup(const struct entry *e, size_t n, const char *word)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(e[mid].word, word) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(e[lo].word, word) == 0 ? &e[lo] : NULL;
}

/* Whether some pronunciation of word satisfies pred(phones, arg). */
static int any_pron(const struct entry *e, size_t n, const char *word,
		    int (*pred)(const char *, const char *), const char *arg)
{
	const struct entry *first = lookup(e, n, word);
	if (!first)
		return 0;
	for (const struct entry *p = first; p < e + n && strcmp(p->word, word) == 0; p++)
		if (pred(p->phones, arg))
			return 1;
	return 0;
}

static int starts_with(const char *phones, const char *prefix)
{
	return strncmp(phones, prefix, strlen(prefix)) == 0;
}

static int ends_with(const char *phones, const char *suffix)
{
	size_t a = strlen(phones), b = strlen(suffix);
	return a >= b && strcmp(phones + a - b, suffix) == 0;
}

static int valid_phones(const char *phones)
{
	char *copy = strdup(phones);
	int ok = 1, count = 0;
	for (char *save = NULL, *p = strtok_r(copy, " ", &save); p && ok;
	     p = strtok_r(NULL, " ", &save)) {
		int known = 0;
		for (int i = 0; PHONES[i] && !known; i++)
			known = strcmp(p, PHONES[i]) == 0;
		ok = known;
		count++;
	}
	free(copy);
	return ok && count > 0;
}

static void test_every_corpus_word_can_be_said(void **state)
{
	(void)state;
	char *dict_path = speech_file("domain.dict"), *corpus_path = speech_file("corpus.txt");
	size_t n = 0;
	struct entry *e = read_dict(dict_path, &n);
	assert_true(n > 20000); /* common English, the domain and the additions */
	for (size_t i = 0; i < n; i++)
		if (!valid_phones(e[i].phones))
			fail_msg("%s: \"%s\" has phones the model lacks: %s", dict_path, e[i].word,
				 e[i].phones);
	qsort(e, n, sizeof *e, cmp_word);

	size_t len = 0;
	char *corpus = ts_read(corpus_path, &len);
	assert_non_null(corpus);
	size_t words = 0, missing = 0;
	char first_missing[64] = "";
	for (char *save = NULL, *w = strtok_r(corpus, " \n", &save); w;
	     w = strtok_r(NULL, " \n", &save)) {
		words++;
		if (!lookup(e, n, w) && missing++ == 0)
			snprintf(first_missing, sizeof first_missing, "%s", w);
	}
	free(corpus);
	assert_true(words > 100000);
	if (missing)
		fail_msg("%zu corpus words have no pronunciation, the first \"%s\"", missing,
			 first_missing);
	free_dict(e, n);
	free(dict_path), free(corpus_path);
}

static void test_spelled_words(void **state)
{
	(void)state;
	char *dict_path = speech_file("domain.dict");
	size_t n = 0;
	struct entry *e = read_dict(dict_path, &n);
	qsort(e, n, sizeof *e, cmp_word);
	/* h t t p only */
	assert_true(any_pron(e, n, "httponly", starts_with, "EY CH T IY T IY P IY "));
	assert_true(any_pron(e, n, "httponly", ends_with, " OW N L IY"));
	/* c d n's: the plural is "enz", not "en zee" */
	assert_true(any_pron(e, n, "cdns", ends_with, "EH N Z"));
	assert_false(any_pron(e, n, "cdns", ends_with, "Z IY"));
	/* a part of a join is a word too ("mongodb" is joined from "mongo") */
	assert_non_null(lookup(e, n, "mongo"));
	free_dict(e, n);
	free(dict_path);
}

/* Whether the corpus has word as a whole word. */
static int corpus_has(const char *corpus, const char *word)
{
	size_t wl = strlen(word);
	for (const char *at = strstr(corpus, word); at; at = strstr(at + 1, word)) {
		int start = at == corpus || at[-1] == ' ' || at[-1] == '\n';
		int end = at[wl] == ' ' || at[wl] == '\n' || at[wl] == '\0';
		if (start && end)
			return 1;
	}
	return 0;
}

static void test_lexicon_stems_bring_their_words(void **state)
{
	(void)state;
	char *corpus_path = speech_file("corpus.txt");
	size_t len = 0;
	char *corpus = ts_read(corpus_path, &len);
	assert_non_null(corpus);
	/* "decoupl*" and "denormaliz*" in the lexicon */
	assert_true(corpus_has(corpus, "decouples"));
	assert_true(corpus_has(corpus, "decouple"));
	assert_true(corpus_has(corpus, "denormalizes") || corpus_has(corpus, "denormalize"));
	/* "test*" is a word: its plural, not every word that starts with it */
	assert_false(corpus_has(corpus, "testy"));
	assert_false(corpus_has(corpus, "testes"));
	free(corpus);
	free(corpus_path);
}

/* Runs tools/build_dict.py with the stock dictionary, the given additions
 * and corpus, writing dir/out.dict; returns its exit status and stderr
 * (malloc'd) in *err_text. */
static int build_dict(const char *dir, const char *additions, const char *corpus,
		      char **err_text)
{
	char *add = ts_write_file(dir, "additions.txt", additions, strlen(additions));
	char *cor = ts_write_file(dir, "corpus.txt", corpus, strlen(corpus));
	char *out = ts_path(dir, "out.dict"), *errf = ts_path(dir, "stderr.txt");
	char *cmd;
	assert_true(asprintf(&cmd,
			     "python3 tools/build_dict.py "
			     "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict '%s' '%s' "
			     "'%s/../tools/flite_g2p' '%s' 2>'%s'",
			     add, cor, IV_SPEECH_DIR, out, errf) > 0);
	int rc = system(cmd);
	size_t len = 0;
	*err_text = ts_read(errf, &len);
	free(cmd), free(add), free(cor), free(out), free(errf);
	return rc;
}

static int is_vowel(const char *phone)
{
	return strchr("AEIOU", phone[0]) != NULL;
}

/* Whether Flite's phones for a respelling say the dictionary's: the same
 * consonants in the same places, and at most one vowel that differs (an
 * unstressed vowel Flite reduces otherwise: "limit er" L IH M AH T ER). */
static int sounds_like(const char *dict, const char *flite)
{
	char a[256], b[256];
	snprintf(a, sizeof a, "%s", dict);
	snprintf(b, sizeof b, "%s", flite);
	char *sa = NULL, *sb = NULL;
	char *pa = strtok_r(a, " ", &sa), *pb = strtok_r(b, " ", &sb);
	int vowels_differ = 0;
	for (; pa && pb; pa = strtok_r(NULL, " ", &sa), pb = strtok_r(NULL, " ", &sb)) {
		if (strcmp(pa, pb) == 0)
			continue;
		if (!is_vowel(pa) || !is_vowel(pb))
			return 0;
		vowels_differ++;
	}
	return !pa && !pb && vowels_differ <= 1;
}

static int any_sounds_like(const char *phones, const char *flite)
{
	return sounds_like(phones, flite);
}

/* Abbreviations the table expands on purpose ("OOM": "out of memory"):
 * other words, not a respelling. */
static int said_in_full(const char *word)
{
	static const char *const full[] = {"aka", "az", "dlq", "dr", "ha", "lb", "oom", "oomkilled",
					   "vs", "xss", "postgresql", NULL};
	for (int i = 0; full[i]; i++)
		if (strcmp(word, full[i]) == 0)
			return 1;
	return 0;
}

static void test_respelled_words_sound_as_the_dictionary_says(void **state)
{
	(void)state;
	size_t n_dict = 0, len = 0;
	char *dict_path = speech_file("domain.dict");
	struct entry *dict = read_dict(dict_path, &n_dict);
	free(dict_path);
	qsort(dict, n_dict, sizeof *dict, cmp_word);
	char *path = ts_path(IV_DATA_DIR, "speech/pronunciations.yaml");
	char *yaml = ts_read(path, &len);
	assert_non_null(yaml);
	struct iv_error err = {{0}};
	struct text_source src = {path, yaml, len};
	struct speech_table *table = speech_table_parse(&src, &err);
	if (!table)
		fail_msg("%s", err.message);
	/* The respelled dictionary words, and every word of their respellings
	 * for Flite, one per line. */
	char *dir = ts_tmpdir();
	char *words = ts_path(dir, "respelled.txt");
	FILE *f = fopen(words, "w");
	assert_non_null(f);
	size_t n_respelled = 0;
	const char **respelled = calloc(n_dict, sizeof *respelled);
	const char **as = calloc(n_dict, sizeof *as);
	for (size_t i = 0; i < n_dict; i++) {
		if (i > 0 && strcmp(dict[i].word, dict[i - 1].word) == 0)
			continue;
		const char *r = speech_table_lookup(table, dict[i].word);
		/* Respellings only: not spelled letters ("J W T") or symbols,
		 * nor an abbreviation the interviewer says in full. */
		if (!r || !islower((unsigned char)r[0]) || strchr(r, '\'') ||
		    strcmp(r, dict[i].word) == 0 || said_in_full(dict[i].word))
			continue;
		int letters_only = 1;
		for (const char *c = r; *c; c++)
			letters_only &= islower((unsigned char)*c) || *c == ' ';
		if (!letters_only)
			continue;
		respelled[n_respelled] = dict[i].word;
		as[n_respelled++] = r;
		for (const char *c = r; *c; c++)
			fputc(*c == ' ' ? '\n' : *c, f);
		fputc('\n', f);
	}
	fclose(f);
	assert_true(n_respelled >= 50); /* the table has them, and they were found */
	char *out = ts_path(dir, "respelled.phones"), *cmd;
	assert_true(asprintf(&cmd, "'%s/../tools/flite_g2p' <'%s' >'%s'", IV_SPEECH_DIR, words,
			     out) > 0);
	assert_int_equal(system(cmd), 0);
	size_t n_g2p = 0;
	struct entry *g2p = read_dict(out, &n_g2p);
	qsort(g2p, n_g2p, sizeof *g2p, cmp_word);
	int wrong = 0;
	for (size_t i = 0; i < n_respelled; i++) {
		char said[512] = "", copy[256];
		snprintf(copy, sizeof copy, "%s", as[i]);
		for (char *save = NULL, *w = strtok_r(copy, " ", &save); w;
		     w = strtok_r(NULL, " ", &save)) {
			const struct entry *g = lookup(g2p, n_g2p, w);
			assert_non_null(g);
			if (said[0])
				strncat(said, " ", sizeof said - strlen(said) - 1);
			strncat(said, g->phones, sizeof said - strlen(said) - 1);
		}
		if (!any_pron(dict, n_dict, respelled[i], any_sounds_like, said)) {
			const struct entry *d = lookup(dict, n_dict, respelled[i]);
			print_message("\"%s\" as \"%s\" is %s, the dictionary has %s\n",
				      respelled[i], as[i], said, d->phones);
			wrong++;
		}
	}
	print_message("%zu respelled words checked\n", n_respelled);
	assert_int_equal(wrong, 0);
	free_dict(g2p, n_g2p);
	free(cmd), free(out), free(words), free(respelled), free(as);
	ts_rmdir(dir);
	free(dir);
	speech_table_free(table);
	free(yaml), free(path);
	free_dict(dict, n_dict);
}

static void test_build_dict_on_crafted_additions(void **state)
{
	(void)state;
	char *dir = ts_tmpdir();
	char *err = NULL;
	/* "zorbly" is in no dictionary: the join asks Flite for it, and it
	 * must then be a word of its own. */
	assert_int_equal(build_dict(dir,
				    "zorblydb = zorbly d b\n"
				    "kq = k q\n",
				    "we used zorblydb\nand zorbly alone\nkq\n", &err),
			 0);
	free(err);
	char *out = ts_path(dir, "out.dict");
	size_t n = 0;
	struct entry *e = read_dict(out, &n);
	qsort(e, n, sizeof *e, cmp_word);
	assert_non_null(lookup(e, n, "zorbly"));
	assert_non_null(lookup(e, n, "zorblydb"));
	assert_true(any_pron(e, n, "zorblydb", ends_with, "D IY B IY"));
	assert_true(any_pron(e, n, "kq", starts_with, "K EY K Y UW"));
	free_dict(e, n);
	free(out);

	/* A phone the model lacks, and a join with nothing to join: errors
	 * that name the line. */
	assert_true(build_dict(dir, "# comment\nfoo F XX\n", "foo\n", &err) != 0);
	assert_non_null(err);
	assert_non_null(strstr(err, ":2:"));
	assert_non_null(strstr(err, "XX"));
	free(err);
	assert_true(build_dict(dir, "bar =\n", "bar\n", &err) != 0);
	assert_non_null(err);
	assert_non_null(strstr(err, ":1:"));
	free(err);
	ts_rmdir(dir);
	free(dir);
}

/* The blind held-out answers (tests/speech/heldout_blind.txt, written by
 * helpers who never saw data/speech) are only ever measured: none of their
 * sentences may be in the corpus the language model is counted from.  The
 * development slice bench/speech_blind_dev.txt, which the blend is chosen
 * on, stays out too.  Lines are compared as the corpus writes them
 * (lowercase words); a line of four words or fewer ("yeah that's it") may be
 * said anywhere and is not evidence of a leak. */
static void words_of(const char *line, char *out, size_t cap)
{
	size_t o = 0;
	for (const char *p = line; *p && o + 1 < cap; p++) {
		unsigned char c = (unsigned char)*p;
		if (isalnum(c) || c == '\'')
			out[o++] = (char)tolower(c);
		else if (o && out[o - 1] != ' ')
			out[o++] = ' ';
	}
	while (o && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

static int count_in_corpus(const char *set_path, const char *corpus, int *n_checked, int show)
{
	FILE *f = fopen(set_path, "r");
	assert_non_null(f);
	char line[2048], words[2048], needle[2056];
	int found = 0;
	*n_checked = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#')
			continue;
		words_of(line, words, sizeof words);
		int n_words = 0;
		for (const char *p = words; *p; p++)
			n_words += *p == ' ';
		if (n_words < 4)
			continue;
		(*n_checked)++;
		snprintf(needle, sizeof needle, "\n%s\n", words);
		if (strstr(corpus, needle)) {
			found++;
			if (show)
				fprintf(stderr, "in the corpus: %s\n", words);
		}
	}
	fclose(f);
	return found;
}

static void test_blind_sets_stay_out_of_the_corpus(void **state)
{
	(void)state;
	char *path = speech_file("corpus.txt");
	size_t len = 0;
	char *text = ts_read(path, &len);
	assert_non_null(text);
	char *corpus = malloc(len + 2);
	corpus[0] = '\n';
	memcpy(corpus + 1, text, len + 1);
	int checked = 0;
	assert_int_equal(count_in_corpus(IV_DATA_DIR "/../tests/speech/heldout_blind.txt", corpus,
					 &checked, 1), 0);
	assert_true(checked >= 100);
	assert_int_equal(count_in_corpus(IV_DATA_DIR "/../bench/speech_blind_dev.txt", corpus,
					 &checked, 1), 0);
	assert_true(checked >= 30);
	/* The check can fail: the corpus's own blind development lines are found. */
	assert_true(count_in_corpus(IV_DATA_DIR "/speech/corpus/blind_dev.txt", corpus, &checked, 0) >
		    checked / 2);
	free(corpus);
	free(text);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_corpus_word_can_be_said),
		cmocka_unit_test(test_spelled_words),
		cmocka_unit_test(test_lexicon_stems_bring_their_words),
		cmocka_unit_test(test_build_dict_on_crafted_additions),
		cmocka_unit_test(test_respelled_words_sound_as_the_dictionary_says),
		cmocka_unit_test(test_blind_sets_stay_out_of_the_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
