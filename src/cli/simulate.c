/*
 * simulate.c - the contract's driver (section 5): each say is answered with
 * the next unused answer for its topic, else the next probe reply for the
 * turn's probe act, else the next default reply.
 */
#include "simulate.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "conversation.h"
#include "live.h"

struct driver {
	json_t *root;
	json_t *answers; /* topic -> [answers] */
	json_t *probes;  /* act -> [replies] */
	json_t *used;    /* key -> count used */
};

static const char *next_from(struct driver *dv, json_t *lists, const char *key, int wrap)
{
	json_t *list = json_object_get(lists, key);
	if (!json_is_array(list) || !json_array_size(list))
		return NULL;
	char used_key[160];
	snprintf(used_key, sizeof used_key, "%p:%s", (void *)lists, key);
	json_int_t n = json_integer_value(json_object_get(dv->used, used_key));
	if ((size_t)n >= json_array_size(list) && !wrap)
		return NULL;
	json_t *item = json_array_get(list, (size_t)n % json_array_size(list));
	json_object_set_new(dv->used, used_key, json_integer(n + 1));
	return json_is_string(item) ? json_string_value(item) : "";
}

static const char *driver_reply(struct driver *dv, const struct interviewer_turn *turn)
{
	const char *r = next_from(dv, dv->answers, turn->topic, 0);
	if (r)
		return r;
	static const enum act probe_acts[] = {ACT_PROBE_WHY, ACT_PROBE_TRADEOFF, ACT_PROBE_EDGE_CASE,
					      ACT_PROBE_SCALE};
	for (size_t i = 0; i < sizeof probe_acts / sizeof probe_acts[0]; i++)
		if (turn->acts & (1u << probe_acts[i]) &&
		    (r = next_from(dv, dv->probes, act_name(probe_acts[i]), 0)))
			return r;
	r = next_from(dv, dv->probes, "default", 1);
	return r ? r : "";
}

static int driver_load(struct driver *dv, const char *path, struct iv_error *err)
{
	json_error_t je;
	memset(dv, 0, sizeof *dv);
	dv->root = json_load_file(path, 0, &je);
	if (!dv->root) {
		iv_error_set(err, "%s:%d: %s", path, je.line, je.text);
		return -1;
	}
	dv->answers = json_object_get(dv->root, "answers");
	dv->probes = json_object_get(dv->root, "probes");
	if (!json_is_object(dv->answers) || !json_is_object(dv->probes)) {
		iv_error_set(err, "%s: a candidate file needs \"answers\" and \"probes\" objects", path);
		json_decref(dv->root);
		return -1;
	}
	dv->used = json_object();
	return 0;
}

struct transcript *simulate_candidate_store(const struct content *c, const char *candidate_path,
					    uint64_t seed, const char *name_override,
					    struct store *st, struct iv_error *err)
{
	struct driver dv;
	if (driver_load(&dv, candidate_path, err))
		return NULL;
	struct cli_options o;
	memset(&o, 0, sizeof o);
	o.seed = seed;
	o.virtual_clock = 1;
	o.name = name_override ? name_override : json_string_value(json_object_get(dv.root, "name"));
	struct store *own = NULL;
	if (!st && !(st = own = store_open(":memory:", err))) {
		json_decref(dv.root);
		json_decref(dv.used);
		return NULL;
	}
	struct live lv;
	struct transcript *tr = NULL;
	if (live_start(&lv, c, st, &o, err))
		goto out;
	for (int guard = 0; guard < 1000; guard++) {
		struct interviewer_turn turn;
		if (live_next(&lv, &turn, err))
			goto out;
		if (turn.is_final)
			break;
		if (live_reply(&lv, driver_reply(&dv, &turn), -1, 1.0, err))
			goto out;
	}
	if (lv.has_pending) {
		iv_error_set(err, "the interview did not end within 1000 turns");
		goto out;
	}
	if (own) {
		if (live_finish(&lv, err))
			goto out;
	} else {
		/* stored for people to read: with its scorecard, as a live interview ends */
		char *scorecard = conversation_finish(&lv, err);
		if (!scorecard && err->message[0])
			goto out;
		free(scorecard);
	}
	tr = lv.tr;
	lv.tr = NULL;
out:
	live_release(&lv);
	store_close(own);
	json_decref(dv.root);
	json_decref(dv.used);
	return tr;
}

struct transcript *simulate_candidate(const struct content *c, const char *candidate_path,
				      uint64_t seed, const char *name_override, struct iv_error *err)
{
	return simulate_candidate_store(c, candidate_path, seed, name_override, NULL, err);
}
