/*
 * mdef_text.c - the stock acoustic model's binary model definition as text.
 *
 * sphinxtrain's bw reads only the text mdef; the en-us model ships the
 * binary one.  PocketSphinx can write it back as text (bin_mdef_write_text),
 * but declares neither function in its installed headers.
 *
 * usage: mdef_text BINARY_MDEF TEXT_MDEF
 */
#include <stdio.h>

typedef struct bin_mdef_s bin_mdef_t;
bin_mdef_t *bin_mdef_read(void *config, const char *path);
int bin_mdef_write_text(bin_mdef_t *m, const char *path);
int bin_mdef_free(bin_mdef_t *m);

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: mdef_text BINARY_MDEF TEXT_MDEF\n");
		return 2;
	}
	bin_mdef_t *m = bin_mdef_read(NULL, argv[1]);
	if (!m) {
		fprintf(stderr, "mdef_text: cannot read %s\n", argv[1]);
		return 1;
	}
	int rc = bin_mdef_write_text(m, argv[2]) == 0 ? 0 : 1;
	bin_mdef_free(m);
	return rc;
}
