/*
 * lm_vocab.c - build-time helper: the most probable words of a language
 * model, most probable first, one per line ("lm_vocab MODEL N").
 *
 * The stock en-us model knows 72,500 words, many of them names of places,
 * people and companies that a recognizer unsure of a domain word grabs
 * instead ("qantas" for "counters").  tools/build_dict.py keeps in the
 * recognizer's dictionary only the general words an interview needs (the
 * most frequent ones) plus every word of the domain corpus: a word missing
 * from the dictionary cannot be recognized.  sphinx_lm_convert cannot dump
 * the stock binary model, so its unigrams are read through sphinxbase.
 */
#include <pocketsphinx.h>
#include <sphinxbase/err.h>
#include <sphinxbase/ngram_model.h>
#include <stdio.h>
#include <stdlib.h>

struct entry {
	const char *word;
	int32 score;
};

static int by_score(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return (x->score < y->score) - (x->score > y->score);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: lm_vocab MODEL N\n");
		return 2;
	}
	err_set_logfp(NULL);
	logmath_t *lmath = logmath_init(1.0001, 0, 0);
	ngram_model_t *lm = ngram_model_read(NULL, argv[1], NGRAM_AUTO, lmath);
	if (!lm) {
		fprintf(stderr, "lm_vocab: cannot read %s\n", argv[1]);
		return 1;
	}
	int32 n = (int32)ngram_model_get_counts(lm)[0];
	struct entry *e = calloc((size_t)n, sizeof *e);
	for (int32 wid = 0; wid < n; wid++) {
		int32 used;
		e[wid].word = ngram_word(lm, wid);
		e[wid].score = ngram_ng_score(lm, wid, NULL, 0, &used);
	}
	qsort(e, (size_t)n, sizeof *e, by_score);
	long want = atol(argv[2]);
	for (int32 i = 0; i < n && i < want; i++)
		if (e[i].word && e[i].word[0] != '<')
			printf("%s\n", e[i].word);
	free(e);
	ngram_model_free(lm);
	logmath_free(lmath);
	return 0;
}
