/*
 * report_html.c - the printable HTML report (see report.h).
 *
 * One page, top to bottom: who, when, how long, the recommendation and the
 * level; a bar chart of the seven dimensions; the indicators and red flags
 * with their quotes, each linking to its turn; the wrong claims; the LLM
 * judge's part (with --llm-judge: what it moved and disputed); a timeline
 * of the phases and of who talked; the coverage map of the playbook's
 * topics, follow-up paths and security questions, with what came up
 * unprompted; then the whole transcript, one anchor per turn.  No script,
 * no external resource.
 */
#include "report.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "text.h"
#include "textbuf.h"

static const char *const style =
	"body{font:14px/1.45 -apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#1d2330;"
	"margin:0;background:#f4f5f7}"
	"main{max-width:960px;margin:0 auto;padding:24px 28px;background:#fff}"
	"h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px;border-bottom:2px solid "
	"#e3e6ec;padding-bottom:4px}h3{font-size:15px;margin:16px 0 6px}"
	".meta{color:#5b6475}.verdict{display:flex;gap:12px;flex-wrap:wrap;margin:14px 0}"
	".badge{display:inline-block;padding:6px 12px;border-radius:6px;font-weight:600;"
	"font-size:15px}.rec-strong_hire{background:#1f7a3a;color:#fff}.rec-hire{background:#3c9d5a;"
	"color:#fff}.rec-lean_no_hire{background:#d98b1e;color:#fff}.rec-no_hire{background:#b83232;"
	"color:#fff}.lvl{background:#e8ecf5;color:#1d2330}"
	"table{border-collapse:collapse;width:100%;margin:6px 0 12px}th,td{text-align:left;"
	"vertical-align:top;padding:5px 8px;border-bottom:1px solid #e7e9ee}th{background:#f7f8fa;"
	"font-weight:600}.quote{margin:3px 0 3px 0;padding:3px 8px;border-left:3px solid #9fb3d9;"
	"background:#f7f9fd}.quote.against{border-left-color:#c94b4b;background:#fdf6f6}"
	".tag{font-size:11px;color:#5b6475;margin-left:6px}.tag.u{color:#1f7a3a;font-weight:600}"
	".lc{color:#b06a00}.turn{margin:10px 0;padding:8px 10px;border:1px solid #e7e9ee;"
	"border-radius:6px}.turn h4{margin:0 0 4px;font-size:12px;color:#5b6475;font-weight:600}"
	".who{font-weight:600}.iv{color:#33415c}.cand{margin-top:4px}.none{color:#8a93a3}"
	".ok{color:#1f7a3a;font-weight:600}.miss{color:#8a93a3}.flag{color:#b83232;font-weight:600}"
	"ul{margin:4px 0 8px 18px;padding:0}a{color:#2456a6}"
	"@media print{body{background:#fff}main{padding:0;max-width:none}.turn,.quote,tr{"
	"break-inside:avoid}a{color:inherit;text-decoration:none}h2{break-after:avoid}}";

static const char *const phase_colors[][2] = {
	{"opening", "#8fb3e8"},   {"experience", "#6cc3a0"}, {"design", "#f0b35a"},
	{"deep_dive", "#d9838c"}, {"closing", "#b7a3e0"},
};

static const char *phase_color(const char *phase)
{
	for (size_t i = 0; i < sizeof phase_colors / sizeof phase_colors[0]; i++)
		if (phase && strcmp(phase, phase_colors[i][0]) == 0)
			return phase_colors[i][1];
	return "#c5cad3";
}

double report_duration_s(const struct transcript *tr)
{
	double end = tr->ended_t;
	for (size_t i = 0; i < tr->n_turns; i++) {
		if (tr->turns[i].t > end)
			end = tr->turns[i].t;
		if (tr->turns[i].candidate_text && tr->turns[i].reply_t > end)
			end = tr->turns[i].reply_t;
	}
	return end;
}

void report_date(const struct transcript *tr, char *out, size_t cap)
{
	if (tr->created_unix <= 0) {
		snprintf(out, cap, "unknown date");
		return;
	}
	time_t t = (time_t)tr->created_unix;
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(out, cap, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(out, cap, "unknown date");
}

void report_clock(double seconds, char *out, size_t cap)
{
	long s = seconds > 0 ? (long)(seconds + 0.5) : 0;
	snprintf(out, cap, "%ld:%02ld", s / 60, s % 60);
}

/* Appends s with &, <, >, " and ' escaped for HTML text and attributes. */
static void add_html(struct textbuf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': textbuf_add(b, "&amp;"); break;
		case '<': textbuf_add(b, "&lt;"); break;
		case '>': textbuf_add(b, "&gt;"); break;
		case '"': textbuf_add(b, "&quot;"); break;
		case '\'': textbuf_add(b, "&#39;"); break;
		default: textbuf_addc(b, *s);
		}
	}
}

static void quote_html(struct textbuf *b, const struct evidence *e)
{
	textbuf_addf(b, "<div class=\"quote%s\">&ldquo;", e->against ? " against" : "");
	add_html(b, e->quote);
	textbuf_addf(b, "&rdquo; <a href=\"#turn-%d\">turn %d</a>", e->turn, e->turn);
	if (e->note && *e->note) {
		textbuf_add(b, "<span class=\"tag\">");
		add_html(b, e->note);
		textbuf_add(b, "</span>");
	}
	textbuf_addf(b, "<span class=\"tag%s\">%s</span>", e->prompted ? "" : " u",
		     e->prompted ? "prompted" : "unprompted");
	if (e->low_confidence)
		textbuf_add(b, "<span class=\"tag lc\">low speech confidence</span>");
	textbuf_add(b, "</div>\n");
}

static void header(struct textbuf *b, const struct scorecard *sc, const struct transcript *tr)
{
	char date[64], dur[32];
	report_date(tr, date, sizeof date);
	report_clock(report_duration_s(tr), dur, sizeof dur);
	textbuf_add(b, "<header><h1>");
	add_html(b, tr->candidate_name && *tr->candidate_name ? tr->candidate_name : "Candidate");
	textbuf_add(b, "</h1><div class=\"meta\">Backend engineering interview &middot; ");
	add_html(b, date);
	textbuf_addf(b, " &middot; %s long &middot; session ", dur);
	add_html(b, tr->session_id ? tr->session_id : "");
	if (tr->status && strcmp(tr->status, "ended") != 0) {
		textbuf_add(b, " &middot; <span class=\"flag\">");
		add_html(b, tr->status);
		textbuf_add(b, "</span>");
	}
	textbuf_addf(b, "</div>\n<div class=\"verdict\"><span class=\"badge rec-%s\">%s</span>"
			"<span class=\"badge lvl\">Level: %s</span>"
			"<span class=\"badge lvl\">Overall %.1f / 4</span></div>\n",
		     recommendation_id(sc->recommendation), recommendation_id(sc->recommendation),
		     level_id(sc->level), sc->overall);
	if (sc->n_reasons) {
		textbuf_add(b, "<ul>");
		for (size_t i = 0; i < sc->n_reasons; i++) {
			textbuf_add(b, "<li>");
			add_html(b, sc->reasons[i]);
			textbuf_add(b, "</li>");
		}
		textbuf_add(b, "</ul>\n");
	}
	textbuf_add(b, "<div class=\"meta\">Rubric ");
	add_html(b, sc->rubric_version);
	textbuf_add(b, " &middot; playbook ");
	add_html(b, sc->playbook_version);
	textbuf_add(b, "</div></header>\n");
}

static void dimension_chart(struct textbuf *b, const struct scorecard *sc)
{
	const int row = 30, left = 190, width = 320, top = 24;
	int h = top + DIM_COUNT * row + 10;
	textbuf_addf(b, "<svg role=\"img\" aria-label=\"Dimension scores\" width=\"560\" height=\"%d\" "
			"viewBox=\"0 0 560 %d\" xmlns=\"http://www.w3.org/2000/svg\" "
			"font-family=\"Helvetica,Arial,sans-serif\" font-size=\"12\">\n",
		     h, h);
	for (int k = 0; k <= 4; k++) {
		int x = left + k * width / 4;
		textbuf_addf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#e3e6ec\"/>"
				"<text x=\"%d\" y=\"16\" text-anchor=\"middle\" fill=\"#5b6475\">%d</text>\n",
			     x, top - 4, x, h - 6, x, k);
	}
	for (int d = 0; d < DIM_COUNT; d++) {
		const struct dimension_result *r = &sc->dimensions[d];
		int y = top + d * row;
		textbuf_addf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#1d2330\">%s</text>\n",
			     left - 10, y + 18, dimension_id((enum dimension)d));
		if (!r->touched) {
			textbuf_addf(b, "<text x=\"%d\" y=\"%d\" fill=\"#8a93a3\">not discussed</text>\n",
				     left + 6, y + 18);
			continue;
		}
		static const char *const colors[] = {"#c94b4b", "#c94b4b", "#e0a030", "#5a9bd5",
						     "#2f8f4e"};
		int w = r->score * width / 4;
		textbuf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" rx=\"3\" "
				"fill=\"%s\"/><text x=\"%d\" y=\"%d\" fill=\"#1d2330\" "
				"font-weight=\"bold\">%d</text>\n",
			     left, y + 4, w, colors[r->score], left + w + 6, y + 18, r->score);
	}
	textbuf_add(b, "</svg>\n");
}

static void dimensions(struct textbuf *b, const struct scorecard *sc)
{
	textbuf_add(b, "<section id=\"dimensions\"><h2>Dimensions</h2>\n");
	dimension_chart(b, sc);
	for (int d = 0; d < DIM_COUNT; d++) {
		const struct dimension_result *r = &sc->dimensions[d];
		textbuf_addf(b, "<h3>%s &mdash; %s</h3><p>", dimension_id((enum dimension)d),
			     r->touched ? (const char *[]){"", "1", "2", "3", "4"}[r->score]
					: "null");
		add_html(b, r->summary ? r->summary : "");
		textbuf_add(b, "</p>\n");
		for (size_t i = 0; i < r->evidence.n; i++)
			quote_html(b, &r->evidence.items[i]);
	}
	textbuf_add(b, "</section>\n");
}

static void findings(struct textbuf *b, const char *anchor, const char *title,
		     const struct finding *f, int n, const char *(*id)(int), const char *none)
{
	textbuf_addf(b, "<section id=\"%s\"><h2>%s</h2>\n", anchor, title);
	int any = 0;
	for (int i = 0; i < n; i++) {
		if (!f[i].present)
			continue;
		any = 1;
		textbuf_addf(b, "<h3>%s</h3>\n", id(i));
		for (size_t k = 0; k < f[i].evidence.n; k++)
			quote_html(b, &f[i].evidence.items[k]);
	}
	if (!any)
		textbuf_addf(b, "<p class=\"none\">%s</p>\n", none);
	textbuf_add(b, "</section>\n");
}

static const char *ind_name(int i)
{
	return indicator_id((enum indicator)i);
}

static const char *rf_name(int i)
{
	return red_flag_id((enum red_flag)i);
}

static void claims_and_integrity(struct textbuf *b, const struct scorecard *sc)
{
	textbuf_add(b, "<section id=\"claims\"><h2>Wrong claims</h2>\n");
	if (!sc->n_claims)
		textbuf_add(b, "<p class=\"none\">None found.</p>\n");
	for (size_t i = 0; i < sc->n_claims; i++) {
		const struct claim_result *c = &sc->claims[i];
		textbuf_addf(b, "<h3>%s <span class=\"tag\">severity %d</span></h3><p>",
			     dimension_id(c->dimension), c->severity);
		add_html(b, c->says);
		textbuf_add(b, "</p>\n");
		quote_html(b, &c->evidence);
	}
	if (sc->integrity.n) {
		textbuf_add(b, "<h3>Integrity notes</h3><p>The candidate addressed the evaluator or asked "
			       "for code. Recorded as evidence; nothing said in the interview changes how "
			       "it is scored.</p>\n");
		for (size_t i = 0; i < sc->integrity.n; i++)
			quote_html(b, &sc->integrity.items[i]);
	}
	textbuf_add(b, "</section>\n");
}

static void judge_quotes(struct textbuf *b, json_t *quotes)
{
	size_t i;
	json_t *q;
	json_array_foreach(quotes, i, q) {
		int turn = (int)json_integer_value(json_object_get(q, "turn"));
		textbuf_add(b, "<div class=\"quote\">&ldquo;");
		add_html(b, json_string_value(json_object_get(q, "quote")));
		textbuf_addf(b, "&rdquo; <a href=\"#turn-%d\">turn %d</a></div>\n", turn, turn);
	}
}

static void judge_score(struct textbuf *b, json_t *v)
{
	if (json_is_integer(v))
		textbuf_addf(b, "<td>%d</td>", (int)json_integer_value(v));
	else
		textbuf_add(b, "<td class=\"none\">&ndash;</td>");
}

/* The LLM judge's section, when the stored scorecard says it was used. */
static void llm_judge(struct textbuf *b, const char *stored_json)
{
	json_t *card = stored_json ? json_loads(stored_json, 0, NULL) : NULL;
	json_t *j = json_object_get(card, "llm_judge");
	if (!json_is_true(json_object_get(j, "used"))) {
		json_decref(card);
		return;
	}
	textbuf_add(b, "<section id=\"llm-judge\"><h2>LLM judge</h2>\n<p class=\"meta\">");
	add_html(b, json_string_value(json_object_get(j, "rule")));
	textbuf_add(b, " The stored scorecard carries the moved scores; the dimensions above are the "
		       "rules' own.</p>\n<table><tr><th>Dimension</th><th>Rule-based</th><th>LLM</th>"
		       "<th>Stored</th><th>Verified quotes</th></tr>\n");
	const char *dim;
	json_t *d;
	json_object_foreach(json_object_get(j, "dimensions"), dim, d) {
		textbuf_add(b, "<tr><td>");
		add_html(b, dim);
		textbuf_add(b, "</td>");
		judge_score(b, json_object_get(d, "rule"));
		judge_score(b, json_object_get(d, "llm"));
		judge_score(b, json_object_get(d, "final"));
		textbuf_add(b, "<td>");
		judge_quotes(b, json_object_get(d, "quotes"));
		textbuf_add(b, "</td></tr>\n");
	}
	textbuf_add(b, "</table>\n<h3>Moved by the LLM</h3>");
	size_t i;
	json_t *v;
	if (!json_array_size(json_object_get(j, "changed")))
		textbuf_add(b, "<p class=\"none\">No dimension moved.</p>\n");
	else
		textbuf_add(b, "<ul>");
	json_array_foreach(json_object_get(j, "changed"), i, v) {
		textbuf_add(b, "<li>");
		add_html(b, json_string_value(v));
		textbuf_add(b, "</li>");
	}
	if (json_array_size(json_object_get(j, "changed")))
		textbuf_add(b, "</ul>\n");
	textbuf_add(b, "<h3>Disagreements</h3>");
	if (!json_array_size(json_object_get(j, "disagreements")))
		textbuf_add(b, "<p class=\"none\">None.</p>\n");
	else
		textbuf_add(b, "<ul>");
	json_array_foreach(json_object_get(j, "disagreements"), i, v) {
		textbuf_add(b, "<li>");
		add_html(b, json_string_value(v));
		textbuf_add(b, "</li>");
	}
	if (json_array_size(json_object_get(j, "disagreements")))
		textbuf_add(b, "</ul>\n");
	textbuf_add(b, "<h3>Red flags proposed by the LLM</h3><p class=\"meta\">Listed here, never "
		       "added to the scorecard's.</p>\n");
	if (!json_array_size(json_object_get(j, "flags_proposed")))
		textbuf_add(b, "<p class=\"none\">None.</p>\n");
	json_array_foreach(json_object_get(j, "flags_proposed"), i, v) {
		textbuf_add(b, "<h3>");
		add_html(b, json_string_value(json_object_get(v, "id")));
		textbuf_addf(b, " <span class=\"tag\">%s</span></h3>\n",
			     json_is_true(json_object_get(v, "in_scorecard")) ? "the rules found it too"
									     : "not found by the rules");
		judge_quotes(b, json_object_get(v, "quotes"));
	}
	textbuf_addf(b, "<p>Quotes refused (not the candidate's words in the turn cited): %d</p>\n"
			"</section>\n", (int)json_integer_value(json_object_get(j, "quotes_refused")));
	json_decref(card);
}

static void timeline(struct textbuf *b, const struct transcript *tr)
{
	double total = report_duration_s(tr);
	if (total <= 0)
		total = 1;
	const int width = 880, x0 = 10;
	double talk_iv = 0, talk_cand = 0;
	textbuf_add(b, "<section id=\"timeline\"><h2>Timeline</h2>\n");
	textbuf_addf(b, "<svg role=\"img\" aria-label=\"Phases and talk over time\" width=\"900\" "
			"height=\"118\" viewBox=\"0 0 900 118\" "
			"xmlns=\"http://www.w3.org/2000/svg\" "
			"font-family=\"Helvetica,Arial,sans-serif\" font-size=\"11\">\n");
	/* phases */
	for (size_t i = 0; i < tr->n_turns;) {
		size_t j = i;
		while (j + 1 < tr->n_turns && strcmp(tr->turns[j + 1].phase, tr->turns[i].phase) == 0)
			j++;
		double start = tr->turns[i].t;
		double end = j + 1 < tr->n_turns ? tr->turns[j + 1].t : total;
		double x = x0 + start / total * width, w = (end - start) / total * width;
		textbuf_addf(b, "<rect x=\"%.1f\" y=\"8\" width=\"%.1f\" height=\"26\" "
				"fill=\"%s\"/>",
			     x, w < 1 ? 1 : w, phase_color(tr->turns[i].phase));
		if (w > 50) {
			textbuf_addf(b, "<text x=\"%.1f\" y=\"25\" fill=\"#1d2330\">", x + 4);
			add_html(b, tr->turns[i].phase);
			textbuf_add(b, "</text>");
		}
		textbuf_add(b, "\n");
		i = j + 1;
	}
	/* who talked */
	for (size_t i = 0; i < tr->n_turns; i++) {
		const struct transcript_turn *t = &tr->turns[i];
		double say_end = t->candidate_text ? t->reply_t - t->reply_seconds
						   : (i + 1 < tr->n_turns ? tr->turns[i + 1].t : total);
		if (say_end < t->t)
			say_end = t->t;
		talk_iv += say_end - t->t;
		textbuf_addf(b, "<rect x=\"%.1f\" y=\"46\" width=\"%.1f\" height=\"18\" fill=\"#7f8ea8\"/>",
			     x0 + t->t / total * width,
			     fmax(0.5, (say_end - t->t) / total * width));
		if (t->candidate_text && t->reply_seconds > 0) {
			talk_cand += t->reply_seconds;
			textbuf_addf(b, "<rect x=\"%.1f\" y=\"46\" width=\"%.1f\" height=\"18\" "
					"fill=\"#3c9d5a\"/>",
				     x0 + say_end / total * width,
				     fmax(0.5, t->reply_seconds / total * width));
		}
		textbuf_add(b, "\n");
	}
	double talk = talk_iv + talk_cand > 0 ? talk_iv + talk_cand : 1;
	char end[32];
	report_clock(total, end, sizeof end);
	textbuf_addf(b, "<text x=\"%d\" y=\"80\" fill=\"#5b6475\">0:00</text>"
			"<text x=\"%d\" y=\"80\" text-anchor=\"end\" fill=\"#5b6475\">%s</text>\n",
		     x0, x0 + width, end);
	textbuf_addf(b, "<rect x=\"%d\" y=\"92\" width=\"12\" height=\"12\" "
			"fill=\"#7f8ea8\"/><text "
			"x=\"%d\" y=\"102\">interviewer %.0f%%</text><rect x=\"%d\" y=\"92\" "
			"width=\"12\" height=\"12\" fill=\"#3c9d5a\"/><text x=\"%d\" y=\"102\">candidate "
			"%.0f%%</text>\n",
		     x0, x0 + 16, 100 * talk_iv / talk, x0 + 140, x0 + 156, 100 * talk_cand / talk);
	textbuf_add(b, "</svg>\n</section>\n");
}

static void coverage_rows(struct textbuf *b, const struct scorecard *sc,
			  const char *const *prefixes)
{
	textbuf_add(b, "<table><tr><th>Topic</th><th>Asked</th><th>Rubric points covered</th>"
		       "<th>Raised unprompted</th></tr>\n");
	for (size_t i = 0; i < sc->n_topics; i++) {
		const struct topic_result *t = &sc->topics[i];
		int match = 0;
		for (size_t p = 0; prefixes[p]; p++)
			match |= strncmp(t->topic, prefixes[p], strlen(prefixes[p])) == 0;
		if (!match)
			continue;
		textbuf_add(b, "<tr><td>");
		add_html(b, t->title);
		textbuf_add(b, " <span class=\"tag\">");
		add_html(b, t->topic);
		textbuf_add(b, "</span></td><td>");
		if (t->asked_turn)
			textbuf_addf(b, "<a href=\"#turn-%d\">turn %d</a>%s", t->asked_turn, t->asked_turn,
				     t->n_turns > 1 ? "" : "");
		else
			textbuf_add(b, "<span class=\"miss\">not asked</span>");
		textbuf_add(b, "</td><td>");
		if (t->n_expected && !t->asked_turn) {
			if (t->n_covered)
				textbuf_addf(b, "<span class=\"tag\">raised elsewhere: %zu / %zu</span>",
					     t->n_covered, t->n_expected);
			else
				textbuf_add(b, "<span class=\"miss\">&ndash;</span>");
		} else if (t->n_expected) {
			textbuf_addf(b, "<span class=\"%s\">%zu / %zu</span>",
				     t->n_covered ? "ok" : "miss", t->n_covered, t->n_expected);
			if (t->asked_turn && t->n_missed) {
				textbuf_add(b, "<div class=\"tag\">missed: ");
				for (size_t k = 0; k < t->n_missed; k++) {
					if (k)
						textbuf_add(b, "; ");
					add_html(b, t->missed_says[k]);
				}
				textbuf_add(b, "</div>");
			}
		}
		textbuf_add(b, "</td><td>");
		if (t->raised_unprompted_turn)
			textbuf_addf(b, "<a class=\"ok\" href=\"#turn-%d\">yes, turn %d</a>",
				     t->raised_unprompted_turn, t->raised_unprompted_turn);
		else
			textbuf_add(b, "<span class=\"miss\">&ndash;</span>");
		textbuf_add(b, "</td></tr>\n");
	}
	textbuf_add(b, "</table>\n");
}

static void coverage(struct textbuf *b, const struct scorecard *sc)
{
	static const char *const playbook[] = {"opening.", "experience.", "design.", "deep.",
					       "problem.", "fundamentals.", NULL};
	static const char *const followups[] = {"followup.", NULL};
	static const char *const security[] = {"security.", NULL};
	textbuf_add(b, "<section id=\"coverage\"><h2>Coverage</h2>\n<h3>Playbook topics</h3>\n");
	coverage_rows(b, sc, playbook);
	textbuf_add(b, "<h3>Follow-up paths</h3><p class=\"meta\">"
		       "Caching &rarr; invalidation, rate limiting &rarr; algorithm, "
		       "queues &rarr; choice: asked when the candidate brought the subject up; "
		       "&ldquo;raised unprompted&rdquo; means the candidate covered the "
		       "follow-up's points before being asked.</p>\n");
	coverage_rows(b, sc, followups);
	textbuf_add(b, "<h3>Security questions</h3>\n");
	coverage_rows(b, sc, security);
	const struct finding *su = &sc->indicators[IND_SECURITY_UNPROMPTED];
	textbuf_addf(b, "<p>Security raised without being asked: "
			"<span class=\"%s\">%s</span></p>\n",
		     su->present ? "ok" : "miss", su->present ? "yes" : "no");
	textbuf_add(b, "</section>\n");
}

static void acts_text(struct textbuf *b, uint32_t acts)
{
	static const char *const names[] = {
		"greet",  "self_intro",     "question",        "follow_up",   "probe_why",
		"probe_tradeoff", "probe_edge_case", "probe_scale", "security_probe", "acknowledge",
		"anecdote", "answer_candidate", "clarify", "encourage", "transition", "close", "thanks"};
	int first = 1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (acts & (1u << i)) {
			textbuf_addf(b, "%s%s", first ? "" : ", ", names[i]);
			first = 0;
		}
}

static void transcript_section(struct textbuf *b, const struct transcript *tr, double low)
{
	textbuf_add(b, "<section id=\"transcript\"><h2>Transcript</h2>\n");
	for (size_t i = 0; i < tr->n_turns; i++) {
		const struct transcript_turn *t = &tr->turns[i];
		char at[32];
		report_clock(t->t, at, sizeof at);
		textbuf_addf(b, "<div class=\"turn\" id=\"turn-%d\">"
				"<h4>Turn %d &middot; %s &middot; ",
			     t->turn, t->turn, at);
		add_html(b, t->phase);
		textbuf_add(b, " &middot; ");
		add_html(b, t->topic);
		textbuf_add(b, " &middot; ");
		acts_text(b, t->acts);
		textbuf_add(b, "</h4><div class=\"iv\"><span class=\"who\">Interviewer:</span> ");
		add_html(b, t->interviewer_text);
		textbuf_add(b, "</div>\n<div class=\"cand\">"
			       "<span class=\"who\">Candidate:</span> ");
		if (!t->candidate_text)
			textbuf_add(b, "<span class=\"none\">(no reply)</span>");
		else if (!*t->candidate_text)
			textbuf_add(b, "<span class=\"none\">(silence)</span>");
		else
			add_html(b, t->candidate_text);
		if (t->candidate_text && t->reply_confidence < low)
			textbuf_addf(b, " <span class=\"tag lc\">speech confidence %.2f</span>",
				     t->reply_confidence);
		textbuf_add(b, "</div></div>\n");
	}
	textbuf_add(b, "</section>\n");
}

char *report_html(const struct scorecard *sc, const struct transcript *tr, struct iv_error *err)
{
	return report_html_judged(sc, tr, NULL, err);
}

char *report_html_judged(const struct scorecard *sc, const struct transcript *tr,
			 const char *stored_json, struct iv_error *err)
{
	struct textbuf b = {0};
	textbuf_add(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
			"<title>Scorecard: ");
	add_html(&b, tr->candidate_name && *tr->candidate_name ? tr->candidate_name : "candidate");
	textbuf_add(&b, "</title><style>");
	textbuf_add(&b, style);
	textbuf_add(&b, "</style></head><body><main>\n");
	header(&b, sc, tr);
	dimensions(&b, sc);
	findings(&b, "indicators", "Strong indicators", sc->indicators, IND_COUNT, ind_name,
		 "None of the brief's strong indicators was evident.");
	findings(&b, "red-flags", "Red flags", sc->red_flags, RF_COUNT, rf_name, "No red flags.");
	claims_and_integrity(&b, sc);
	llm_judge(&b, stored_json);
	timeline(&b, tr);
	coverage(&b, sc);
	transcript_section(&b, tr, 0.6);
	textbuf_add(&b, "</main></body></html>\n");
	char *out = textbuf_detach(&b);
	if (!out)
		iv_error_set(err, "out of memory while writing the HTML report");
	return out;
}
