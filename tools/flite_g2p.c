/*
 * flite_g2p.c - build-time helper: pronunciations for words no dictionary
 * has, from Flite's CMU lexicon and its letter-to-sound rules.
 *
 * Reads one word per line on stdin, writes "word PHONES" lines in the
 * PocketSphinx en-us phone set on stdout.  tools/build_dict.py uses it only
 * for corpus words that neither cmudict nor data/speech/dictionary.txt
 * cover; the domain words that matter have hand-checked phones there.
 * Flite's phones are CMU's with stress digits and "ax" for schwa, which the
 * en-us acoustic model calls "AH".
 */
#include <ctype.h>
#include <flite/flite.h>
#include <stdio.h>
#include <string.h>

cst_lexicon *cmulex_init(void);

static void print_phone(const char *p)
{
	char buf[16];
	size_t n = 0;
	for (; *p && n + 1 < sizeof buf; p++)
		if (!isdigit((unsigned char)*p))
			buf[n++] = (char)toupper((unsigned char)*p);
	buf[n] = '\0';
	if (strcmp(buf, "AX") == 0)
		strcpy(buf, "AH");
	if (strcmp(buf, "PAU") == 0 || n == 0)
		return;
	printf(" %s", buf);
}

int main(void)
{
	flite_init();
	cst_lexicon *lex = cmulex_init();
	char line[256];
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0])
			continue;
		cst_val *phones = lex_lookup(lex, line, NULL, NULL);
		printf("%s", line);
		for (const cst_val *v = phones; v; v = val_cdr(v))
			print_phone(val_string(val_car(v)));
		printf("\n");
		delete_val(phones);
	}
	return 0;
}
