/*
 * fuzz_speech_text.c - libFuzzer target: any bytes as interviewer text must
 * be made sayable without a crash, a leak or an unbounded output, with the
 * shipped pronunciation table and with a table parsed from the bytes
 * themselves (text before the first NUL is the table, after it the text).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "speech_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct speech_table *shipped;

static void load_shipped(void)
{
	FILE *f = fopen(IV_DATA_DIR "/speech/pronunciations.yaml", "rb");
	if (!f)
		abort();
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	struct text_source src = {"pronunciations.yaml", buf, n};
	struct iv_error err;
	shipped = speech_table_parse(&src, &err);
	if (!shipped)
		abort();
}

static void say(const struct speech_table *t, const char *text, size_t len)
{
	char *out = speech_text_sayable(t, text);
	if (!out)
		abort();
	/* Every input byte becomes at most a few dozen output bytes. */
	if (strlen(out) > 64 * len + 64)
		abort();
	for (const char *p = out; *p; p += speech_text_sentence_len(p))
		if (speech_text_sentence_len(p) == 0)
			abort();
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!shipped)
		load_shipped();
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	say(shipped, text, size);
	size_t table_len = strlen(text);
	if (table_len < size) {
		struct text_source src = {"fuzz.yaml", text, table_len};
		struct iv_error err;
		struct speech_table *t = speech_table_parse(&src, &err);
		if (t) {
			say(t, text + table_len + 1, size - table_len - 1);
			speech_table_free(t);
		} else if (!err.message[0]) {
			abort();
		}
	}
	free(text);
	return 0;
}
