/*
 * fuzz_jsonl.c - libFuzzer target: any bytes as a candidate line must give
 * a reply or a clear error, never a crash or a leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jsonl_reply r;
	struct iv_error err;
	if (jsonl_parse_reply((const char *)data, size, &r, &err) == 0) {
		if (!r.text && !r.audio)
			abort();
		jsonl_reply_release(&r);
	} else if (!err.message[0]) {
		abort(); /* an error must say what is wrong */
	}
	return 0;
}
