/*
 * conversation_jsonl.c - the JSON lines loop: say, wait for exactly one
 * valid candidate line, hear it, say the next turn ... end.  A malformed
 * line gets an error event and the same turn keeps waiting.
 */
#include <stdlib.h>
#include <string.h>

#include "conversation.h"
#include "jsonl.h"

static int say_next(struct live *lv, FILE *out, const struct jsonl_voice_extras *voice)
{
	struct interviewer_turn turn;
	struct iv_error err;
	double t = lv->t;
	if (live_next(lv, &turn, &err)) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		return -1;
	}
	t = lv->tr->turns[lv->tr->n_turns - 1].t;
	jsonl_emit_say(out, lv->session_id, &turn, t, voice);
	return 0;
}

static void resay_pending(struct live *lv, FILE *out)
{
	const struct transcript_turn *last = &lv->tr->turns[lv->tr->n_turns - 1];
	jsonl_emit_say(out, lv->session_id, &lv->pending, last->t, NULL);
}

int conversation_jsonl(struct live *lv, const struct cli_options *o, FILE *in, FILE *out)
{
	char *line = NULL;
	size_t cap = 0, len = 0;
	int status = 0;
	struct iv_error err;
	if (lv->has_pending)
		resay_pending(lv, out);
	else if (say_next(lv, out, NULL))
		return 1;
	while (lv->has_pending) {
		enum jsonl_read r = jsonl_read_line(in, &line, &cap, &len);
		if (r == JSONL_EOF) {
			fprintf(stderr, "interviewer: input ended; session %s is saved (interviewer resume %s)\n",
				lv->session_id, lv->session_id);
			free(line);
			return 0;
		}
		if (r == JSONL_TOO_LONG) {
			char msg[128];
			snprintf(msg, sizeof msg, "line longer than %d bytes; ignored", JSONL_MAX_LINE_BYTES);
			jsonl_emit_error(out, msg);
			continue;
		}
		struct jsonl_reply reply;
		if (jsonl_parse_reply(line, len, &reply, &err)) {
			jsonl_emit_error(out, err.message);
			continue;
		}
		if (reply.audio) {
			jsonl_emit_error(out, "audio input is not available in this build");
			jsonl_reply_release(&reply);
			continue;
		}
		int rc = live_reply(lv, reply.text, reply.seconds, 1.0, &err);
		jsonl_reply_release(&reply);
		if (rc || say_next(lv, out, NULL)) {
			if (rc)
				fprintf(stderr, "interviewer: %s\n", err.message);
			status = 1;
			break;
		}
	}
	free(line);
	if (status)
		return status;
	char *scorecard = conversation_finish(lv, o, &err);
	if (!scorecard && err.message[0])
		fprintf(stderr, "interviewer: %s\n", err.message);
	jsonl_emit_end(out, lv->session_id, lv->t, scorecard);
	free(scorecard);
	return 0;
}
