/*
 * understand.c - what the candidate said (see understand.h).
 *
 * The lexicon finds concepts and signal phrases; this file adds what needs
 * the sentence structure: which sentences are questions to the interviewer,
 * what kind of question, numbers spoken as digits, and a rough depth score.
 * Questions are recognized by a question mark or a question opening ("do
 * you", "how many") at the start of a sentence; a hedged statement that
 * merely ends with a rising "?" ("maybe a lock?") is not a question to us.
 */
#include "understand.h"

#include <string.h>

static int word_has_digit(const char *w)
{
	for (; *w; w++)
		if (*w >= '0' && *w <= '9')
			return 1;
	return 0;
}

/* 1 when the concept is a thing one runs or does, not a problem or a metric. */
static int is_part(const struct lexicon *lx, uint16_t c)
{
	enum concept_kind k = lexicon_concept_kind(lx, c);
	return k == KIND_COMPONENT || k == KIND_TECHNIQUE || k == KIND_PROTOCOL || k == KIND_LANGUAGE;
}

/* The hit a cue at word p points back to ("..., but I haven't configured
 * it myself"): the last product named before it in its sentence, else in
 * the sentence before, else the last technique or practice there.  -1 when
 * none. */
static int pointed_back(const struct lexicon *lx, const struct text_word *words,
			const struct concept_hit *hits, size_t found, size_t p)
{
	int product = -1, part = -1;
	for (size_t i = 0; i < found && hits[i].first_word < p; i++) {
		int sentence = words[hits[i].first_word].sentence;
		if (sentence != words[p].sentence && sentence + 1 != words[p].sentence)
			continue;
		enum concept_kind k = lexicon_concept_kind(lx, hits[i].concept);
		if (k == KIND_COMPONENT)
			product = (int)i;
		else if (is_part(lx, hits[i].concept) || k == KIND_PRACTICE)
			part = (int)i; /* "threat modelling ... I've never done it" */
	}
	return product >= 0 ? product : part;
}

/* Cues that reach across clauses: a sentence that says its choices were
 * made before the speaker came ("that was chosen before I arrived") turns
 * what it uses, or what the sentence before it uses, into an inheritance;
 * "but I haven't configured it myself" makes the thing it points back to
 * unknown to them. */
static void read_across_clauses(const struct lexicon *lx, const struct text_word *words, size_t n,
				const struct concept_hit *hits, size_t found, uint8_t *st)
{
	for (size_t p = 0; p < n;) {
		uint32_t cues;
		size_t len = lexicon_match_stance_at(lx, words, n, p, &cues);
		if (!len) {
			p++;
			continue;
		}
		if (cues & (1u << SCUE_INHERITED)) {
			int s = words[p].sentence, marked = 0;
			for (int back = 0; back < 2 && !marked && s - back >= 0; back++)
				for (size_t i = 0; i < found; i++)
					if (words[hits[i].first_word].sentence == s - back &&
					    (st[i] == STANCE_USES ||
					     (st[i] == STANCE_MENTION && is_part(lx, hits[i].concept)))) {
						st[i] = STANCE_INHERITED;
						marked = 1;
					}
		}
		/* "The problem I can see is ..." opening a sentence: what it points
		 * back to was named to be criticised, not chosen */
		if ((cues & (1u << SCUE_FLAW_BACK)) && (p == 0 || words[p - 1].sentence != words[p].sentence)) {
			int i = pointed_back(lx, words, hits, found, p);
			if (i >= 0 && st[i] == STANCE_MENTION)
				st[i] = STANCE_REJECTED;
		}
		if (cues & (1u << SCUE_UNKNOWN_BACK)) {
			int i = pointed_back(lx, words, hits, found, p);
			if (i >= 0 && st[i] != STANCE_REJECTED && st[i] != STANCE_ALTERNATIVE)
				st[i] = STANCE_UNKNOWN;
		}
		p += len;
	}
}

static void add_concepts(const struct lexicon *lx, const struct text_word *words, size_t n,
			 struct utterance_analysis *out)
{
	struct concept_hit hits[128];
	uint8_t stances[128];
	size_t found = lexicon_match_concepts(lx, words, n, hits, 128);
	if (found > 128)
		found = 128;
	for (size_t i = 0; i < found; i++)
		stances[i] = (uint8_t)stance_of_hit(lx, words, n, &hits[i]);
	read_across_clauses(lx, words, n, hits, found, stances);
	for (size_t i = 0; i < found; i++) {
		uint16_t c = hits[i].concept;
		enum stance st = (enum stance)stances[i];
		int at = -1;
		for (size_t k = 0; k < out->n_concepts && at < 0; k++)
			if (out->concepts[k] == c)
				at = (int)k;
		out->category_mask |= lexicon_concept_categories(lx, c);
		enum concept_kind kind = lexicon_concept_kind(lx, c);
		/* a product they ran and then left ("we moved from RabbitMQ to SQS")
		 * is ruled out, whatever they said of it first; one they say they
		 * never ran ("where I'd reach for Kafka ... but I've never run
		 * Kafka") is not theirs to be asked about */
		int product = kind == KIND_COMPONENT || kind == KIND_LANGUAGE;
		int left = (st == STANCE_REJECTED || st == STANCE_UNKNOWN) && product;
		if (at < 0 && out->n_concepts < UA_MAX_CONCEPTS) {
			out->stance[out->n_concepts] = (uint8_t)st;
			out->concepts[out->n_concepts++] = c;
		} else if (at >= 0 && st != STANCE_MENTION &&
			   (left || !stance_is_own((enum stance)out->stance[at]))) {
			/* using it wins over a nuance ("we retry a few times, rather than
			 * retrying forever"); else what they said last counts */
			out->stance[at] = (uint8_t)st;
		}
	}
}

static enum question_kind classify_question(const struct lexicon *lx, const struct text_word *w,
					    size_t n)
{
	uint8_t counts[SIG_COUNT] = {0};
	lexicon_match_signals(lx, w, n, counts);
	if (counts[SIG_CLARIFY_TOPIC] > counts[SIG_ROLE_TOPIC])
		return QK_CLARIFY;
	if (counts[SIG_ROLE_TOPIC])
		return QK_ROLE;
	if (counts[SIG_CLARIFY_TOPIC])
		return QK_CLARIFY;
	return QK_OTHER;
}

static int sentence_has(const struct lexicon *lx, const struct text_words *tw, size_t s,
			enum signal_id sig)
{
	const struct text_sentence *se = &tw->sentences[s];
	uint8_t counts[SIG_COUNT] = {0};
	lexicon_match_signals(lx, &tw->words[se->first_word], se->n_words, counts);
	return counts[sig] > 0;
}

static int starts_with(const struct lexicon *lx, const struct text_words *tw, size_t s,
		       enum signal_id sig)
{
	const struct text_sentence *se = &tw->sentences[s];
	return lexicon_starts_with_signal(lx, &tw->words[se->first_word], se->n_words, sig);
}

static int asks_why(const struct text_words *tw, const struct text_sentence *se)
{
	for (size_t i = 0; i < se->n_words && i < 3; i++)
		if (!strcmp(tw->words[se->first_word + i].norm, "why"))
			return 1;
	return 0;
}

/* "How did I find it? I looked at the logs..." asks nothing of us.  A
 * question the speaker goes on from, in a statement of their own, was put
 * to themselves: an echo of ours ("Why? Because ..."), one they answer
 * ("Can you edit someone else's post? No."), one in the first person, or a
 * run of the questions they would ask ("Is it all requests or some?  One
 * endpoint?").  Only a question put to us (you, should I, can I) stays
 * one; a question about our team or the role is never the speaker's own. */
/* Words after a scenario question that still leave it open: more is an
 * answer of their own going on (the engine's self-answered rule is the same). */
#define SCENARIO_QUESTION_TAIL_WORDS 12
/* words a run of questions put to us may follow: "Define it first." or
 * "A few things before I start." leads in, and so does a longer thought
 * on what needs pinning down; a whole answer before them, its design
 * decided ("I'd keep a counter per product"), makes them the speaker's own
 * list of considerations ("Global or per category?" inside a ranking
 * design, read blind as asked of us; a long lead alone was too much: read
 * blind, a held-out candidate's scoping questions then went unanswered) */
#define QUESTION_RUN_LEAD_WORDS 20

/* 1 when the sentence speaks of the speaker ("how did I find it?", "do we
 * need replay?"): a word of the stance cues' first_person. */
static int first_person(const struct lexicon *lx, const struct text_words *tw,
			const struct text_sentence *se)
{
	const struct text_word *w = tw->words + se->first_word;
	for (size_t k = 0; k < se->n_words; k++) {
		uint32_t cues = 0;
		if (lexicon_match_stance_at(lx, w, se->n_words, k, &cues) &&
		    (cues & (1u << SCUE_FIRST_PERSON)))
			return 1;
	}
	return 0;
}

/* 1 when sentence s is one of a run of two or more questions, none of
 * them the speaker's own, that the reply ends on or follows only with a
 * remark on them, no step of the speaker's: "Units or revenue? Do
 * cancelled orders count? Those choices change the answer more than the
 * SQL does." (read blind, three such questions went unanswered), not "Is
 * it every tenant or one? One region? Then I'd line it up with the last
 * config change.", and not a run after a whole answer, which lists what
 * the speaker would weigh */
static int question_run_put_to_us(const struct lexicon *lx, const struct text_words *tw, size_t s)
{
	size_t first = s, next = s;
	while (first > 0 && tw->sentences[first - 1].terminator == '?')
		first--;
	while (next < tw->n_sentences && tw->sentences[next].terminator == '?')
		next++;
	if (tw->sentences[s].terminator != '?' || next - first < 2 || first_person(lx, tw, &tw->sentences[s]))
		return 0;
	size_t lead_words = 0;
	int lead_decides = 0;
	for (size_t k = 0; k < first; k++) {
		lead_words += tw->sentences[k].n_words;
		lead_decides |= sentence_has(lx, tw, k, SIG_DECISION);
	}
	if (lead_words >= QUESTION_RUN_LEAD_WORDS && lead_decides)
		return 0;
	size_t after_words = 0;
	for (size_t k = next; k < tw->n_sentences; k++) {
		after_words += tw->sentences[k].n_words;
		if (first_person(lx, tw, &tw->sentences[k]))
			return 0;
	}
	return after_words < SCENARIO_QUESTION_TAIL_WORDS;
}

/* 1 when one of the two sentences after the question s says the speaker
 * would ask it of whoever owns the problem: "Units or revenue? I'd probably
 * ask, because those give different answers." is put to us, the owner of
 * the scenario, not answered by its asker. */
static int asked_of_the_owner(const struct lexicon *lx, const struct text_words *tw, size_t s)
{
	if (tw->sentences[s].terminator != '?')
		return 0;
	for (size_t k = s + 1; k < tw->n_sentences && k <= s + 2; k++)
		if (sentence_has(lx, tw, k, SIG_WOULD_ASK))
			return 1;
	return 0;
}

static int rhetorical(const struct lexicon *lx, const struct text_words *tw, size_t s)
{
	const struct text_sentence *se = &tw->sentences[s];
	size_t next = s + 1;
	while (next < tw->n_sentences && tw->sentences[next].terminator == '?')
		next++;
	if (next >= tw->n_sentences)
		return 0; /* the reply ends asking: the floor is ours */
	if (sentence_has(lx, tw, s, SIG_ROLE_TOPIC) && sentence_has(lx, tw, s, SIG_ADDRESSED))
		return 0;
	if (se->n_words <= 2)
		return 1; /* an echo: "Why? ..." */
	const struct text_sentence *after = &tw->sentences[s + 1];
	if (next == s + 1 && after->n_words && !strcmp(tw->words[after->first_word].norm, "because"))
		return asks_why(tw, se); /* "Why was it hard? Because ..." answers; "What's
					  * on-call like? Because ..." says why they ask */
	if (next == s + 1 && starts_with(lx, tw, next, SIG_SELF_ANSWER))
		return 1; /* "Can you do that? No." */
	if (sentence_has(lx, tw, s, SIG_ADDRESSED))
		return 0; /* "Should I assume ...?", "Do you ...?" */
	/* a question about the scenario with only a few words after it asks us:
	 * "Is this mostly reads or mostly writes? I'd want to know first." */
	if (sentence_has(lx, tw, s, SIG_CLARIFY_TOPIC)) {
		size_t after_words = 0;
		for (size_t k = s + 1; k < tw->n_sentences; k++)
			after_words += tw->sentences[k].n_words;
		if (after_words < SCENARIO_QUESTION_TAIL_WORDS)
			return 0;
	}

	/* ... and so does a run of questions with only a remark after, and a
	 * question they say they would put to the business */
	if (question_run_put_to_us(lx, tw, s) || asked_of_the_owner(lx, tw, s))
		return 0;
	return 1;
}

int understand_is_question_expected(const struct lexicon *lx, const struct text_words *tw, size_t s)
{
	const struct text_sentence *se = &tw->sentences[s];
	if (!se->n_words)
		return 0;
	if (!starts_with(lx, tw, s, SIG_ASK_INDIRECT) && !starts_with(lx, tw, s, SIG_QUESTION_START) &&
	    se->terminator != '?')
		return 0;
	if (se->terminator != '?' && se->terminator != 0 && !starts_with(lx, tw, s, SIG_ASK_INDIRECT))
		return 0;
	if (s + 1 >= tw->n_sentences || sentence_has(lx, tw, s, SIG_ROLE_TOPIC))
		return 1;
	const struct text_sentence *after = &tw->sentences[s + 1];
	if (se->n_words <= 2 && after->terminator != '?')
		return 0; /* an echo: "Why? ..." */
	/* "That's the part I haven't done yet." after "I'd love to know, is
	 * there a chance to own a service?" is why they ask, not their answer:
	 * a question put to the listener, by "you" or by "I'd love to know",
	 * is not answered by its asker */
	return !(after->terminator != '?' && starts_with(lx, tw, s + 1, SIG_SELF_ANSWER) &&
		 !sentence_has(lx, tw, s, SIG_ADDRESSED) && !sentence_has(lx, tw, s, SIG_ASK_INDIRECT));
}

/* words of a question asked without its opening ("Caching involved?",
 * "Read or write endpoint?") */
#define ELLIPTICAL_MAX_WORDS 4
#define ALTERNATIVE_MAX_WORDS 20

/* A written question that leaves out its "is it" or "do we": the reply's
 * last sentence (or one of a run of them put to us, question_run_put_to_us),
 * with a question mark, not hedged ("maybe a cache?" is a
 * tentative answer), and either a few words ("Multi-region?"), an
 * auxiliary verb first, or a choice put to us ("this happens all the time, or only at peak?", "Postgres or
 * MySQL?").  Seen in scoping questions written blind: terse and non-native
 * candidates ask this way, and were answered with another question. */
static int elliptical_question(const struct lexicon *lx, const struct text_words *tw, size_t s)
{
	const struct text_sentence *se = &tw->sentences[s];
	if (se->terminator != '?' || sentence_has(lx, tw, s, SIG_HEDGE) ||
	    (s + 1 != tw->n_sentences && !question_run_put_to_us(lx, tw, s) &&
	     !asked_of_the_owner(lx, tw, s)))
		return 0;
	if (se->n_words <= ELLIPTICAL_MAX_WORDS)
		return 1;
	/* "Do products have variants?", "Should refunds count?": an opening
	 * the signal list keeps only with its subject ("do you", "should we"),
	 * since "could be the cache" says rather than asks - with the question
	 * mark, it asks */
	if (starts_with(lx, tw, s, SIG_AUX_OPENING))
		return 1;
	if (se->n_words > ALTERNATIVE_MAX_WORDS)
		return 0;
	/* "Read or write endpoint?": a choice offered between its first and
	 * last words */
	uint8_t counts[SIG_COUNT] = {0};
	lexicon_match_signals(lx, &tw->words[se->first_word + 1], se->n_words - 2, counts);
	if (counts[SIG_CHOICE_WORD])
		return 1;
	return 0;
}

/* The word (within sentence s) where a clause of the reply's last
 * sentence, after its first, opens with sig: after a comma or an "and",
 * "but", "so" ("... I haven't been there myself, and I'd be interested in
 * how you've seen it go."); 0 when none does. */
static size_t last_clause_opens_with(const struct lexicon *lx, const struct text_words *tw, size_t s,
				     enum signal_id sig)
{
	const struct text_sentence *se = &tw->sentences[s];
	if (s + 1 != tw->n_sentences)
		return 0;
	const struct text_word *w = &tw->words[se->first_word];
	for (size_t k = 1; k + 1 < se->n_words; k++) {
		const char *prev = w[k - 1].norm;
		int opens = w[k].pause_before || !strcmp(prev, "and") || !strcmp(prev, "but") ||
			    !strcmp(prev, "so");
		if (opens && lexicon_starts_with_signal(lx, w + k, se->n_words - k, sig))
			return k;
	}
	return 0;
}

size_t understand_question_clause(const struct lexicon *lx, const struct text_words *tw, size_t s)
{
	if (!tw->sentences[s].n_words || starts_with(lx, tw, s, SIG_ASK_INDIRECT) ||
	    starts_with(lx, tw, s, SIG_QUESTION_START))
		return 0;
	return last_clause_opens_with(lx, tw, s, SIG_ASK_INDIRECT);
}

/* 1 when sentence s is a statement with a tag that seeks agreement after a
 * pause ("We kept the keys a day, which is what you'd want, right?"). */
#define QUESTION_TAG_MAX_WORDS 4
static int tagged_statement(const struct lexicon *lx, const struct text_words *tw, size_t s)
{
	const struct text_sentence *se = &tw->sentences[s];
	if (se->terminator != '?' || se->n_words < 4 || starts_with(lx, tw, s, SIG_QUESTION_START) ||
	    starts_with(lx, tw, s, SIG_AUX_OPENING))
		return 0;
	const struct text_word *w = tw->words + se->first_word;
	size_t from = se->n_words > QUESTION_TAG_MAX_WORDS ? se->n_words - QUESTION_TAG_MAX_WORDS : 1;
	/* the words after the last pause (not lexicon_starts_with_signal,
	 * which steps over "right" and "okay" as fillers) */
	for (size_t k = se->n_words; k-- > from;) {
		if (!w[k].pause_before)
			continue;
		uint8_t sig[SIG_COUNT] = {0};
		lexicon_match_signals(lx, w + k, se->n_words - k, sig);
		return sig[SIG_QUESTION_TAG] > 0;
	}
	return 0;
}

int understand_is_question(const struct lexicon *lx, const struct text_words *tw, size_t s)
{
	const struct text_sentence *se = &tw->sentences[s];
	if (!se->n_words)
		return 0;
	if (tagged_statement(lx, tw, s))
		return 0;
	/* "I asked Jun: who's the client, what does the home screen need?" is
	 * a question of the story, put to someone else then: read blind, it was
	 * answered as if put to us */
	if (sentence_has(lx, tw, s, SIG_REPORTED_QUESTION) && !sentence_has(lx, tw, s, SIG_SECOND_PERSON))
		return 0;
	/* "I'd love to know how on-call works." asks without a question mark,
	 * and so does an answer's last clause put to us ("..., and I'd be
	 * interested in how you've seen it go.") */
	if (starts_with(lx, tw, s, SIG_ASK_INDIRECT) || last_clause_opens_with(lx, tw, s, SIG_ASK_INDIRECT) > 0)
		return !rhetorical(lx, tw, s);
	/* spoken text has no question marks: an opening alone must do there;
	 * written text may ask in any order ("The team, how big is it?") when
	 * it asks us */
	int opens = starts_with(lx, tw, s, SIG_QUESTION_START);
	if (!opens && !(se->terminator == '?' && sentence_has(lx, tw, s, SIG_ADDRESSED)) &&
	    !elliptical_question(lx, tw, s))
		return 0;
	if (se->terminator != '?' && se->terminator != 0)
		return 0;
	if (se->terminator == 0 && tw->n_sentences > 1 && s + 1 < tw->n_sentences)
		return 0;
	return !rhetorical(lx, tw, s);
}

int understand_asks_for_code(const struct lexicon *lx, const struct text_words *tw)
{
	for (size_t s = 0; s < tw->n_sentences; s++) {
		if (!tw->sentences[s].n_words || !sentence_has(lx, tw, s, SIG_CODE_REQUEST))
			continue;
		if (understand_is_question(lx, tw, s) || sentence_has(lx, tw, s, SIG_REQUEST_MARKER))
			return 1;
	}
	return 0;
}

static void find_questions(const struct lexicon *lx, const struct text_words *tw, size_t first,
			   size_t n_words, struct utterance_analysis *out)
{
	for (size_t s = 0; s < tw->n_sentences; s++) {
		const struct text_sentence *se = &tw->sentences[s];
		if (se->first_word < first || se->first_word >= first + n_words ||
		    !understand_is_question(lx, tw, s))
			continue;
		out->n_questions++;
		enum question_kind k = classify_question(lx, &tw->words[se->first_word], se->n_words);
		/* the strongest kind wins: clarify > role > other */
		if (out->question == QK_NONE || k == QK_CLARIFY ||
		    (k == QK_ROLE && out->question == QK_OTHER))
			out->question = k;
	}
}

static void analyse(const struct lexicon *lx, const struct text_words *tw, size_t first, size_t n,
		    struct utterance_analysis *out)
{
	const struct text_word *words = tw->words + first;
	out->word_count = (uint32_t)n;
	for (size_t i = 0; i < n; i++)
		if (word_has_digit(words[i].norm) && out->n_numbers < 255)
			out->n_numbers++;
	add_concepts(lx, words, n, out);
	lexicon_match_signals(lx, words, n, out->signals);
	find_questions(lx, tw, first, n, out);
	size_t sentences = 0;
	for (size_t s = 0; s < tw->n_sentences; s++)
		if (tw->sentences[s].first_word >= first && tw->sentences[s].first_word < first + n)
			sentences++;
	out->n_sentences = (uint8_t)(sentences > 255 ? 255 : sentences);
	out->silent = n == 0;
}

int understand_utterance(const struct lexicon *lx, const char *text, struct text_words *scratch,
			 struct utterance_analysis *out)
{
	memset(out, 0, sizeof *out);
	if (text_split(text ? text : "", scratch))
		return -1;
	analyse(lx, scratch, 0, scratch->n_words, out);
	return 0;
}

void understand_words(const struct lexicon *lx, const struct text_word *words, size_t n,
		      struct utterance_analysis *out)
{
	memset(out, 0, sizeof *out);
	out->word_count = (uint32_t)n;
	for (size_t i = 0; i < n; i++)
		if (word_has_digit(words[i].norm) && out->n_numbers < 255)
			out->n_numbers++;
	add_concepts(lx, words, n, out);
	lexicon_match_signals(lx, words, n, out->signals);
}

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

double understand_depth(const struct utterance_analysis *ua)
{
	if (ua->silent || ua->word_count < 4)
		return 0.0;
	const uint8_t *s = ua->signals;
	double concepts = clamp(ua->n_concepts, 0, 8) * 0.45;
	double reasoning = clamp(s[SIG_REASONING], 0, 3) * 0.6;
	double tradeoff = clamp(s[SIG_TRADEOFF], 0, 3) * 0.8;
	double production = clamp(s[SIG_PRODUCTION] + s[SIG_INCIDENT], 0, 3) * 0.4 +
			    clamp(ua->n_numbers + s[SIG_QUANTITY], 0, 4) * 0.35;
	double edge = clamp(s[SIG_EDGE_CASE], 0, 3) * 0.4;
	double learning = clamp(s[SIG_LEARNING] + s[SIG_EXAMPLE], 0, 2) * 0.3;
	double negative = clamp(s[SIG_VAGUE], 0, 3) * 1.0 + clamp(s[SIG_BLAME], 0, 3) * 1.0 +
			  clamp(s[SIG_DISMISSIVE], 0, 3) * 0.8 + clamp(s[SIG_THEORY], 0, 3) * 0.6 +
			  clamp(s[SIG_DONT_KNOW], 0, 2) * 1.0 + clamp(s[SIG_ADMIT_GAP], 0, 3) * 0.5;
	/* very short answers cannot carry much depth, however dense */
	double length = ua->word_count < 25 ? 0.6 : 1.0;
	double raw = (concepts + reasoning + tradeoff + production + edge + learning) * length;
	return clamp(raw - negative, 0.0, 10.0);
}

void understand_substance(const struct utterance_analysis *ua, struct substance *out)
{
	memset(out, 0, sizeof *out);
	if (ua->silent || ua->word_count < 3)
		return;
	const uint8_t *s = ua->signals;
	if (s[SIG_PRODUCTION] && !s[SIG_THEORY])
		substance_mark(out, SUB_FIRSTHAND);
	if (ua->n_numbers || s[SIG_QUANTITY] || s[SIG_INCIDENT])
		substance_mark(out, SUB_SPECIFIC);
	if (s[SIG_REASONING] && ua->n_concepts)
		substance_mark(out, SUB_REASON);
	if (s[SIG_TRADEOFF])
		substance_mark(out, SUB_WEIGHED);
	if (s[SIG_EDGE_CASE] && ua->n_concepts)
		substance_mark(out, SUB_FAILURE);
	if (s[SIG_LEARNING])
		substance_mark(out, SUB_OUTCOME);
	if (s[SIG_THEORY])
		substance_mark_hollow(out, HOLLOW_THEORY);
	if (s[SIG_DONT_KNOW] || s[SIG_ADMIT_GAP])
		substance_mark_hollow(out, HOLLOW_GAP);
	if (s[SIG_VAGUE] || s[SIG_DISMISSIVE] || s[SIG_BLAME])
		substance_mark_hollow(out, HOLLOW_VAGUE);
}
