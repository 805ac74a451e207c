/*
 * report_md.c - the Markdown report and the side by side comparison (see
 * report.h).  Markdown is for pasting into an applicant-tracking system or
 * a ticket: the verdict, the dimension table with summaries, indicators and
 * red flags with a quote each, wrong claims.  No transcript (the HTML report
 * has it).
 */
#include "report.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "textbuf.h"

/* Appends s for a Markdown table cell or paragraph (pipes and newlines escaped). */
static void add_md(struct textbuf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			textbuf_add(b, "\\|");
		else if (*s == '\n' || *s == '\r')
			textbuf_add(b, " ");
		else if (*s == '<')
			textbuf_add(b, "&lt;");
		else
			textbuf_addc(b, *s);
	}
}

static void first_quote(struct textbuf *b, const struct evidence_list *l)
{
	if (!l->n)
		return;
	const struct evidence *e = &l->items[0];
	textbuf_add(b, " — \"");
	add_md(b, e->quote);
	textbuf_addf(b, "\" (turn %d, %s%s)", e->turn, e->prompted ? "prompted" : "unprompted",
		     e->low_confidence ? ", low speech confidence" : "");
}

static void md_quotes(struct textbuf *b, json_t *quotes)
{
	size_t i;
	json_t *q;
	json_array_foreach(quotes, i, q) {
		textbuf_add(b, i ? "; \"" : " — \"");
		add_md(b, json_string_value(json_object_get(q, "quote")));
		textbuf_addf(b, "\" (turn %d)", (int)json_integer_value(json_object_get(q, "turn")));
	}
}

static void md_score(struct textbuf *b, json_t *v)
{
	if (json_is_integer(v))
		textbuf_addf(b, "%d", (int)json_integer_value(v));
	else
		textbuf_add(b, "–");
}

/* The LLM judge's section, when the stored scorecard says it was used. */
static void llm_judge_md(struct textbuf *b, const char *stored_json)
{
	json_t *card = stored_json ? json_loads(stored_json, 0, NULL) : NULL;
	json_t *j = json_object_get(card, "llm_judge");
	if (!json_is_true(json_object_get(j, "used"))) {
		json_decref(card);
		return;
	}
	textbuf_add(b, "\n## LLM judge\n\n");
	const char *rule = json_string_value(json_object_get(j, "rule"));
	if (rule) {
		add_md(b, rule);
		textbuf_add(b, "\n\n");
	}
	textbuf_add(b, "| Dimension | Rule-based | LLM | Stored | Verified quotes |\n"
		       "|---|---|---|---|---|\n");
	const char *dim;
	json_t *d;
	json_object_foreach(json_object_get(j, "dimensions"), dim, d) {
		textbuf_add(b, "| ");
		add_md(b, dim);
		textbuf_add(b, " | ");
		md_score(b, json_object_get(d, "rule"));
		textbuf_add(b, " | ");
		md_score(b, json_object_get(d, "llm"));
		textbuf_add(b, " | ");
		md_score(b, json_object_get(d, "final"));
		textbuf_add(b, " |");
		md_quotes(b, json_object_get(d, "quotes"));
		textbuf_add(b, " |\n");
	}
	size_t i;
	json_t *v;
	textbuf_add(b, "\n**Moved by the LLM:** ");
	if (!json_array_size(json_object_get(j, "changed")))
		textbuf_add(b, "none");
	json_array_foreach(json_object_get(j, "changed"), i, v) {
		textbuf_add(b, i ? ", " : "");
		add_md(b, json_string_value(v));
	}
	textbuf_add(b, "\n\n**Disagreements:**");
	if (!json_array_size(json_object_get(j, "disagreements")))
		textbuf_add(b, " none");
	textbuf_add(b, "\n");
	json_array_foreach(json_object_get(j, "disagreements"), i, v) {
		textbuf_add(b, "- ");
		add_md(b, json_string_value(v));
		textbuf_add(b, "\n");
	}
	textbuf_add(b, "\n**Red flags proposed by the LLM** (listed, never added to the scorecard's):");
	if (!json_array_size(json_object_get(j, "flags_proposed")))
		textbuf_add(b, " none");
	textbuf_add(b, "\n");
	json_array_foreach(json_object_get(j, "flags_proposed"), i, v) {
		textbuf_add(b, "- **");
		add_md(b, json_string_value(json_object_get(v, "id")));
		textbuf_add(b, json_is_true(json_object_get(v, "in_scorecard")) ? "** (the rules found it too)"
										  : "** (not found by the rules)");
		md_quotes(b, json_object_get(v, "quotes"));
		textbuf_add(b, "\n");
	}
	textbuf_addf(b, "\n**Quotes refused** (not the candidate's words in the turn cited): %d\n",
		     (int)json_integer_value(json_object_get(j, "quotes_refused")));
	json_decref(card);
}

char *report_markdown(const struct scorecard *sc, const struct transcript *tr,
		      struct iv_error *err)
{
	return report_markdown_judged(sc, tr, NULL, err);
}

char *report_markdown_judged(const struct scorecard *sc, const struct transcript *tr,
			     const char *stored_json, struct iv_error *err)
{
	struct textbuf b = {0};
	char date[64], dur[32];
	report_date(tr, date, sizeof date);
	report_clock(report_duration_s(tr), dur, sizeof dur);
	textbuf_add(&b, "# Interview scorecard: ");
	add_md(&b, tr->candidate_name && *tr->candidate_name ? tr->candidate_name : "candidate");
	textbuf_addf(&b, "\n\n**Recommendation:** %s · **Level:** %s · **Overall:** %.1f / 4\n\n",
		     recommendation_id(sc->recommendation), level_id(sc->level), sc->overall);
	textbuf_addf(&b, "%s · %s long · session `", date, dur);
	add_md(&b, tr->session_id ? tr->session_id : "");
	textbuf_add(&b, "` · rubric ");
	add_md(&b, sc->rubric_version);
	textbuf_add(&b, " · playbook ");
	add_md(&b, sc->playbook_version);
	textbuf_add(&b, "\n\n");
	for (size_t i = 0; i < sc->n_reasons; i++) {
		textbuf_add(&b, "- ");
		add_md(&b, sc->reasons[i]);
		textbuf_add(&b, "\n");
	}
	textbuf_add(&b, "\n## Dimensions\n\n| Dimension | Score | Summary |\n|---|---|---|\n");
	for (int d = 0; d < DIM_COUNT; d++) {
		const struct dimension_result *r = &sc->dimensions[d];
		textbuf_addf(&b, "| %s | ", dimension_id((enum dimension)d));
		if (r->touched)
			textbuf_addf(&b, "%d", r->score);
		else
			textbuf_add(&b, "–");
		textbuf_add(&b, " | ");
		add_md(&b, r->summary);
		textbuf_add(&b, " |\n");
	}
	textbuf_add(&b, "\n## Strong indicators\n\n");
	int any = 0;
	for (int i = 0; i < IND_COUNT; i++)
		if (sc->indicators[i].present) {
			any = 1;
			textbuf_addf(&b, "- **%s**", indicator_id((enum indicator)i));
			first_quote(&b, &sc->indicators[i].evidence);
			textbuf_add(&b, "\n");
		}
	if (!any)
		textbuf_add(&b, "None evident.\n");
	textbuf_add(&b, "\n## Red flags\n\n");
	any = 0;
	for (int i = 0; i < RF_COUNT; i++)
		if (sc->red_flags[i].present) {
			any = 1;
			textbuf_addf(&b, "- **%s**", red_flag_id((enum red_flag)i));
			first_quote(&b, &sc->red_flags[i].evidence);
			textbuf_add(&b, "\n");
		}
	if (!any)
		textbuf_add(&b, "None.\n");
	if (sc->n_claims) {
		textbuf_add(&b, "\n## Wrong claims\n\n");
		for (size_t i = 0; i < sc->n_claims; i++) {
			const struct claim_result *c = &sc->claims[i];
			textbuf_addf(&b, "- %s (severity %d): ", dimension_id(c->dimension), c->severity);
			add_md(&b, c->says);
			textbuf_add(&b, " — \"");
			add_md(&b, c->evidence.quote);
			textbuf_addf(&b, "\" (turn %d)\n", c->evidence.turn);
		}
	}
	if (sc->integrity.n) {
		textbuf_add(&b, "\n## Integrity notes\n\n");
		for (size_t i = 0; i < sc->integrity.n; i++) {
			const struct evidence *e = &sc->integrity.items[i];
			textbuf_add(&b, "- ");
			add_md(&b, e->note);
			textbuf_add(&b, ": \"");
			add_md(&b, e->quote);
			textbuf_addf(&b, "\" (turn %d)\n", e->turn);
		}
	}
	llm_judge_md(&b, stored_json);
	char *out = textbuf_detach(&b);
	if (!out)
		iv_error_set(err, "out of memory while writing the Markdown report");
	return out;
}

static const char *cell_name(const struct transcript *tr)
{
	return tr && tr->candidate_name && *tr->candidate_name ? tr->candidate_name : "?";
}

/* One row of the comparison: label, then a value per candidate. */
static void compare_row(struct textbuf *b, int md, const char *label, const char *const *values,
			size_t n)
{
	if (md) {
		textbuf_add(b, "| ");
		add_md(b, label);
		for (size_t i = 0; i < n; i++) {
			textbuf_add(b, " | ");
			add_md(b, values[i]);
		}
		textbuf_add(b, " |\n");
		return;
	}
	textbuf_addf(b, "%-26s", label);
	for (size_t i = 0; i < n; i++)
		textbuf_addf(b, "  %-16.16s", values[i]);
	textbuf_add(b, "\n");
}

char *report_compare(const struct scorecard *const *cards, const struct transcript *const *trs,
		     size_t n, const char *format, struct iv_error *err)
{
	int md = format && strcmp(format, "md") == 0;
	struct textbuf b = {0};
	char cells[16][96] = {{0}};
	const char *values[16] = {0};
	if (n > 16)
		n = 16;
	for (size_t i = 0; i < n; i++)
		values[i] = cells[i];
	for (size_t i = 0; i < n; i++)
		snprintf(cells[i], sizeof cells[i], "%s", cell_name(trs[i]));
	compare_row(&b, md, "", values, n);
	if (md) {
		textbuf_add(&b, "|---");
		for (size_t i = 0; i < n; i++)
			textbuf_add(&b, "|---");
		textbuf_add(&b, "|\n");
	}
	for (size_t i = 0; i < n; i++)
		snprintf(cells[i], sizeof cells[i], "%s", recommendation_id(cards[i]->recommendation));
	compare_row(&b, md, "recommendation", values, n);
	for (size_t i = 0; i < n; i++)
		snprintf(cells[i], sizeof cells[i], "%s", level_id(cards[i]->level));
	compare_row(&b, md, "level", values, n);
	for (size_t i = 0; i < n; i++)
		snprintf(cells[i], sizeof cells[i], "%.2f", cards[i]->overall);
	compare_row(&b, md, "overall", values, n);
	for (int d = 0; d < DIM_COUNT; d++) {
		for (size_t i = 0; i < n; i++) {
			const struct dimension_result *r = &cards[i]->dimensions[d];
			if (r->touched)
				snprintf(cells[i], sizeof cells[i], "%d", r->score);
			else
				snprintf(cells[i], sizeof cells[i], "null");
		}
		compare_row(&b, md, dimension_id((enum dimension)d), values, n);
	}
	for (int k = 0; k < IND_COUNT; k++) {
		for (size_t i = 0; i < n; i++)
			snprintf(cells[i], sizeof cells[i], "%s",
				 cards[i]->indicators[k].present ? "yes" : "-");
		compare_row(&b, md, indicator_id((enum indicator)k), values, n);
	}
	for (int k = 0; k < RF_COUNT; k++) {
		for (size_t i = 0; i < n; i++)
			snprintf(cells[i], sizeof cells[i], "%s",
				 cards[i]->red_flags[k].present ? "FLAG" : "-");
		compare_row(&b, md, red_flag_id((enum red_flag)k), values, n);
	}
	for (size_t i = 0; i < n; i++)
		snprintf(cells[i], sizeof cells[i], "%zu", cards[i]->n_claims);
	compare_row(&b, md, "wrong claims", values, n);
	char *out = textbuf_detach(&b);
	if (!out)
		iv_error_set(err, "out of memory while writing the comparison");
	return out;
}
