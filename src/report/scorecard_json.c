/*
 * scorecard_json.c - the scorecard as JSON (see scorecard_json.h).  The
 * contract's fields come first, under their contract names; what this
 * product adds comes after them.  A present indicator or red flag is listed
 * with its evidence; an absent one is not listed.
 */
#include "scorecard_json.h"

#include <math.h>
#include <stdlib.h>

static json_t *real2(double v)
{
	return json_real(round(v * 100.0) / 100.0);
}

static json_t *evidence_json(const struct evidence *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "turn", json_integer(e->turn));
	json_object_set_new(o, "quote", json_string(e->quote ? e->quote : ""));
	json_object_set_new(o, "prompted", json_boolean(e->prompted));
	json_object_set_new(o, "low_confidence", json_boolean(e->low_confidence));
	if (e->against)
		json_object_set_new(o, "against", json_true());
	if (e->note && *e->note)
		json_object_set_new(o, "note", json_string(e->note));
	return o;
}

static json_t *evidence_list_json(const struct evidence_list *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, evidence_json(&l->items[i]));
	return a;
}

static json_t *findings_json(const struct finding *f, int n, const char *(*id)(int))
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++) {
		if (!f[i].present)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(id(i)));
		json_object_set_new(o, "evidence", evidence_list_json(&f[i].evidence));
		json_array_append_new(a, o);
	}
	return a;
}

static const char *indicator_name(int i)
{
	return indicator_id((enum indicator)i);
}

static const char *red_flag_name(int i)
{
	return red_flag_id((enum red_flag)i);
}

static json_t *strings_json(const char *const *s, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(s[i] ? s[i] : ""));
	return a;
}

static json_t *coverage_json(const struct scorecard *sc)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sc->n_topics; i++) {
		const struct topic_result *t = &sc->topics[i];
		json_t *o = json_object();
		json_object_set_new(o, "topic", json_string(t->topic));
		json_object_set_new(o, "title", json_string(t->title));
		json_object_set_new(o, "asked_turn",
				    t->asked_turn ? json_integer(t->asked_turn) : json_null());
		json_object_set_new(o, "turns", json_integer(t->n_turns));
		json_object_set_new(o, "expected", json_integer((json_int_t)t->n_expected));
		json_object_set_new(o, "covered", strings_json(t->covered, t->n_covered));
		json_object_set_new(o, "raised_unprompted_turn",
				    t->raised_unprompted_turn ? json_integer(t->raised_unprompted_turn)
							      : json_null());
		json_array_append_new(a, o);
	}
	return a;
}

json_t *scorecard_to_json(const struct scorecard *sc, const struct transcript *tr)
{
	json_t *root = json_object();
	if (!root)
		return NULL;
	json_object_set_new(root, "recommendation",
			    json_string(recommendation_id(sc->recommendation)));
	json_object_set_new(root, "level", json_string(level_id(sc->level)));
	json_t *dims = json_object();
	for (int d = 0; d < DIM_COUNT; d++) {
		const struct dimension_result *r = &sc->dimensions[d];
		json_t *o = json_object();
		json_object_set_new(o, "score", r->touched ? json_integer(r->score) : json_null());
		json_object_set_new(o, "evidence", evidence_list_json(&r->evidence));
		json_object_set_new(o, "summary", json_string(r->summary ? r->summary : ""));
		if (r->touched) {
			json_object_set_new(o, "value", real2(r->value));
			json_object_set_new(o, "coverage", real2(r->coverage));
		}
		json_object_set_new(dims, dimension_id((enum dimension)d), o);
	}
	json_object_set_new(root, "dimensions", dims);
	json_object_set_new(root, "strong_indicators",
			    findings_json(sc->indicators, IND_COUNT, indicator_name));
	json_object_set_new(root, "red_flags", findings_json(sc->red_flags, RF_COUNT, red_flag_name));

	/* added fields */
	json_object_set_new(root, "rubric_version", json_string(sc->rubric_version));
	json_object_set_new(root, "playbook_version", json_string(sc->playbook_version));
	if (tr) {
		json_object_set_new(root, "session",
				    json_string(tr->session_id ? tr->session_id : ""));
		json_object_set_new(root, "candidate",
				    json_string(tr->candidate_name ? tr->candidate_name : ""));
	}
	json_object_set_new(root, "overall", real2(sc->overall));
	json_object_set_new(root, "reasons", strings_json(sc->reasons, sc->n_reasons));
	json_t *claims = json_array();
	for (size_t i = 0; i < sc->n_claims; i++) {
		const struct claim_result *c = &sc->claims[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(c->id));
		json_object_set_new(o, "says", json_string(c->says));
		json_object_set_new(o, "dimension", json_string(dimension_id(c->dimension)));
		json_object_set_new(o, "severity", json_integer(c->severity));
		if (c->taken_back)
			json_object_set_new(o, "taken_back", json_true());
		json_object_set_new(o, "evidence", evidence_json(&c->evidence));
		json_array_append_new(claims, o);
	}
	json_object_set_new(root, "wrong_claims", claims);
	json_object_set_new(root, "integrity", evidence_list_json(&sc->integrity));
	json_object_set_new(root, "coverage", coverage_json(sc));
	json_t *stats = json_object();
	json_object_set_new(stats, "replies", json_integer(sc->stats.replies));
	json_object_set_new(stats, "measured_sentences", json_integer(sc->stats.measured));
	json_object_set_new(stats, "gap_sentences", json_integer(sc->stats.gaps));
	json_object_set_new(stats, "concrete_sentences", json_integer(sc->stats.concrete));
	json_object_set_new(stats, "lessons", json_integer(sc->stats.lessons));
	json_object_set_new(stats, "leadership", json_integer(sc->stats.leadership));
	json_object_set_new(stats, "scope_feature_answers", json_integer(sc->stats.scope_feature));
	json_object_set_new(stats, "scope_service_answers", json_integer(sc->stats.scope_service));
	json_object_set_new(stats, "scope_system_answers", json_integer(sc->stats.scope_system));
	json_object_set_new(stats, "scope_org_answers", json_integer(sc->stats.scope_org));
	json_object_set_new(stats, "topic_substance", json_real(sc->stats.topic_substance));
	json_object_set_new(stats, "gap_topics", json_real(sc->stats.gap_topics));
	json_object_set_new(stats, "career_years", sc->stats.career_years < 0
							 ? json_null()
							 : json_real(sc->stats.career_years));
	json_object_set_new(stats, "early_career", json_boolean(sc->stats.early_career));
	json_object_set_new(stats, "tradeoff_answers", json_integer(sc->stats.tradeoff_turns));
	json_object_set_new(stats, "no_tradeoff_answers", json_integer(sc->stats.no_tradeoff_turns));
	json_object_set_new(root, "stats", stats);
	return root;
}

char *scorecard_json_text(const struct scorecard *sc, const struct transcript *tr, int pretty)
{
	json_t *root = scorecard_to_json(sc, tr);
	if (!root)
		return NULL;
	size_t flags = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6) |
		       (pretty ? JSON_INDENT(2) : JSON_COMPACT);
	char *text = json_dumps(root, flags);
	json_decref(root);
	return text;
}
