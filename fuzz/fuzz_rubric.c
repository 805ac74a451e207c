/*
 * fuzz_rubric.c - libFuzzer target: any text as a rubric must load or fail
 * with a message naming the file - never crash, hang or leak.  The shipped
 * rubric is the seed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rubric.h"
#include "support_lexicon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct text_source src = {"fuzz.yaml", (const char *)data, size};
	struct iv_error err = {{0}};
	struct rubric *r = rubric_parse(&src, fuzz_lexicon(), &err);
	if (r)
		rubric_free(r);
	else if (!strstr(err.message, "fuzz.yaml"))
		abort(); /* every error names the file */
	return 0;
}
