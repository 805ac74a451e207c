/*
 * fuzz_playbook.c - libFuzzer target: any text as a playbook must load or
 * fail with "file:line: ..." - never crash, hang or leak.  The shipped
 * playbook is the seed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "playbook.h"
#include "support_lexicon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct text_source src = {"fuzz.yaml", (const char *)data, size};
	struct iv_error err = {{0}};
	struct playbook *pb = playbook_parse(&src, fuzz_lexicon(), &err);
	if (pb)
		playbook_free(pb);
	else if (strncmp(err.message, "fuzz.yaml", 9))
		abort(); /* every error names the file */
	return 0;
}
