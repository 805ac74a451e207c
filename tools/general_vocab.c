/*
 * general_vocab.c - build-time helper: the general English words worth
 * keeping in the recognizer's dictionary.
 *
 * usage: general_vocab LM.bin N
 * Writes the N words the language model finds most likely on their own
 * (unigram score), one a line, on stdout.  tools/build_dict.py keeps the
 * stock dictionary's words only if they are among these or in the domain
 * corpus: the stock 130k-word dictionary lets the recognizer write rare
 * words ("qantas", "phelps") for domain words it half heard, and a
 * vocabulary of the common words plus the domain's hears interview answers
 * better (bench_speech --dev).  The stock model's words are read through
 * sphinxbase, because its converter to text aborts on this model.
 */
#include <pocketsphinx.h>
#include <sphinxbase/err.h>
#include <sphinxbase/ngram_model.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct scored {
	const char *word;
	int32 score;
};

static int by_score(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(x->word, y->word);
}

int main(int argc, char **argv)
{
	if (argc != 3 || atoi(argv[2]) <= 0) {
		fprintf(stderr, "usage: general_vocab LM.bin N\n");
		return 2;
	}
	err_set_logfp(NULL);
	logmath_t *lmath = logmath_init(1.0001, 0, 0);
	ngram_model_t *lm = ngram_model_read(NULL, argv[1], NGRAM_AUTO, lmath);
	if (!lm) {
		fprintf(stderr, "general_vocab: cannot read %s\n", argv[1]);
		logmath_free(lmath);
		return 1;
	}
	int32 n = ngram_model_get_counts(lm)[0];
	struct scored *s = malloc((size_t)n * sizeof *s);
	int32 kept = 0;
	for (int32 wid = 0; wid < n; wid++) {
		const char *w = ngram_word(lm, wid);
		if (!w || w[0] == '<')
			continue; /* <s>, </s>, <UNK> */
		s[kept].word = w;
		s[kept].score = ngram_score(lm, w, NULL);
		kept++;
	}
	qsort(s, (size_t)kept, sizeof *s, by_score);
	int32 want = atoi(argv[2]);
	for (int32 i = 0; i < kept && i < want; i++)
		printf("%s\n", s[i].word);
	free(s);
	ngram_model_free(lm);
	logmath_free(lmath);
	return 0;
}
