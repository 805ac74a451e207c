/*
 * simulate.h - running a simulated candidate file (contract section 5)
 * through the engine with the contract's driver on the virtual clock.
 */
#ifndef IV_SIMULATE_H
#define IV_SIMULATE_H

#include <stdint.h>

#include "options.h"
#include "store.h"
#include "transcript.h"

/* Runs the candidate at candidate_path and returns the whole transcript
 * (caller frees), stored in st when st is not NULL (else in memory only).
 * name_override replaces the file's name when not NULL. */
struct transcript *simulate_candidate_store(const struct content *c, const char *candidate_path,
					    uint64_t seed, const char *name_override,
					    struct store *st, struct iv_error *err);

struct transcript *simulate_candidate(const struct content *c, const char *candidate_path,
				      uint64_t seed, const char *name_override, struct iv_error *err);

#endif
