/*
 * scoring.c - loading the rubric and producing scorecards (see scoring.h).
 */
#include "scoring.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rubric.h"
#include "scorecard_json.h"

struct scorer {
	struct rubric *rubric;
	const struct lexicon *lexicon;
};

static char *read_whole(const char *path, size_t *len, struct iv_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		iv_error_set(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		if (n + 1 >= cap) {
			char *bigger = realloc(buf, cap * 2);
			if (!bigger) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	int failed = ferror(f);
	fclose(f);
	if (!buf || failed) {
		free(buf);
		iv_error_set(err, "%s: cannot read the file", path);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

struct scorer *scorer_new(const char *data_dir, const struct lexicon *lx, struct iv_error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/rubric.yaml", data_dir ? data_dir : ".");
	size_t len;
	char *text = read_whole(path, &len, err);
	if (!text)
		return NULL;
	struct text_source src = {path, text, len};
	struct scorer *sc = calloc(1, sizeof *sc);
	if (!sc) {
		free(text);
		iv_error_set(err, "out of memory");
		return NULL;
	}
	sc->lexicon = lx;
	sc->rubric = rubric_parse(&src, lx, err);
	free(text);
	if (!sc->rubric) {
		free(sc);
		return NULL;
	}
	return sc;
}

void scorer_free(struct scorer *sc)
{
	if (!sc)
		return;
	rubric_free(sc->rubric);
	free(sc);
}

const char *scorer_rubric_version(const struct scorer *sc)
{
	return rubric_version(sc->rubric);
}

const struct rubric *scorer_rubric(const struct scorer *sc)
{
	return sc->rubric;
}

struct scorecard *scorer_evaluate(struct scorer *sc, const struct transcript *tr,
				  struct iv_error *err)
{
	return evaluate_transcript(tr, sc->lexicon, sc->rubric, err);
}

char *scorer_scorecard_json(struct scorer *sc, const struct transcript *tr, struct iv_error *err)
{
	struct scorecard *card = scorer_evaluate(sc, tr, err);
	if (!card)
		return NULL;
	char *text = scorecard_json_text(card, tr, 0);
	scorecard_free(card);
	if (!text)
		iv_error_set(err, "out of memory while writing the scorecard");
	return text;
}
