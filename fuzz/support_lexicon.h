/*
 * support_lexicon.h - the shipped lexicon, loaded once for the fuzz
 * targets that parse files checked against it (playbooks, rubrics).
 */
#ifndef IV_FUZZ_SUPPORT_LEXICON_H
#define IV_FUZZ_SUPPORT_LEXICON_H

#include "lexicon.h"

/* The lexicon of IV_DATA_DIR; aborts when it cannot be loaded. */
const struct lexicon *fuzz_lexicon(void);

#endif
