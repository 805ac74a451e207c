/*
 * scorecard_cli.c - see scorecard_cli.h.
 */
#include "scorecard_cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int scorecard_cli_setup(const struct cli_options *o, struct content *c, struct scorer **sc,
			struct iv_error *err)
{
	memset(c, 0, sizeof *c);
	*sc = NULL;
	if (content_load(cli_data_dir(o), o->playbook, c, err))
		return -1;
	*sc = scorer_new(cli_data_dir(o), c->lexicon, err);
	if (!*sc) {
		content_release(c);
		return -1;
	}
	return 0;
}

struct scorecard *scorecard_cli_judge(struct store *st, struct scorer *sc,
				      const char *id_or_prefix, struct transcript **tr_out,
				      struct iv_error *err)
{
	char id[40];
	*tr_out = NULL;
	if (store_resolve_id(st, id_or_prefix, id, sizeof id, err))
		return NULL;
	struct transcript *tr = store_load(st, id, NULL, err);
	if (!tr)
		return NULL;
	struct iv_error inner;
	struct scorecard *card = scorer_evaluate(sc, tr, &inner);
	if (!card) {
		iv_error_set(err, "session %s: %s", id, inner.message);
		transcript_free(tr);
		return NULL;
	}
	*tr_out = tr;
	return card;
}

int scorecard_cli_write(const char *path, const char *text, struct iv_error *err)
{
	if (!path || strcmp(path, "-") == 0) {
		fputs(text, stdout);
		return fflush(stdout) ? -1 : 0;
	}
	FILE *f = fopen(path, "wb");
	if (!f) {
		iv_error_set(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	size_t n = strlen(text);
	int bad = fwrite(text, 1, n, f) != n;
	bad |= fclose(f) != 0;
	if (bad)
		iv_error_set(err, "%s: could not write the file", path);
	return bad ? -1 : 0;
}
