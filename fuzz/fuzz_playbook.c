/*
 * fuzz_playbook.c - libFuzzer target: any text as a playbook must load or
 * fail with "file:line: ..." - never crash, hang or leak.  The shipped
 * lexicon is loaded once; the shipped playbook is a good seed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "playbook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static struct lexicon *lexicon;

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
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

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	size_t ll, sl;
	char *l = slurp(IV_DATA_DIR "/lexicon.yaml", &ll), *s = slurp(IV_DATA_DIR "/signals.yaml", &sl);
	struct text_source ls = {"lexicon.yaml", l, ll}, ss = {"signals.yaml", s, sl};
	struct iv_error err;
	lexicon = l && s ? lexicon_parse(&ls, &ss, &err) : NULL;
	free(l);
	free(s);
	if (!lexicon) {
		fprintf(stderr, "fuzz_playbook: cannot load the lexicon\n");
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct text_source src = {"fuzz.yaml", (const char *)data, size};
	struct iv_error err = {{0}};
	struct playbook *pb = playbook_parse(&src, lexicon, &err);
	if (pb)
		playbook_free(pb);
	else if (strncmp(err.message, "fuzz.yaml", 9))
		abort(); /* every error names the file */
	return 0;
}
