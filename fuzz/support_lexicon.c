/*
 * support_lexicon.c - see support_lexicon.h.
 */
#include "support_lexicon.h"

#include <stdio.h>
#include <stdlib.h>

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		*len = (size_t)n;
	}
	return buf;
}

const struct lexicon *fuzz_lexicon(void)
{
	static struct lexicon *lexicon;
	if (lexicon)
		return lexicon;
	size_t ll = 0, sl = 0;
	char *l = slurp(IV_DATA_DIR "/lexicon.yaml", &ll), *s = slurp(IV_DATA_DIR "/signals.yaml", &sl);
	struct text_source ls = {"lexicon.yaml", l, ll}, ss = {"signals.yaml", s, sl};
	struct iv_error err;
	lexicon = l && s ? lexicon_parse(&ls, &ss, &err) : NULL;
	free(l);
	free(s);
	if (!lexicon) {
		fprintf(stderr, "fuzz: cannot load the lexicon from %s\n", IV_DATA_DIR);
		abort();
	}
	return lexicon;
}
