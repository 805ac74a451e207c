/*
 * listening.c - what the interviewer takes from a reply, beyond the words
 * and concepts understand.c finds: which concept to follow up (one the
 * candidate chose or met, never one they ruled out), which option they
 * rejected or practice they skip, a wrong claim to challenge at once, and
 * whether the reply only repeats an earlier one.  It decides nothing about
 * the next move: moves.c does, from this state.
 */
#include <string.h>

#include "claim_spot.h"
#include "interview_internal.h"

/* replies whose 64-bit simhashes differ in at most this many bits say the same */
#define SAME_REPLY_BITS 8
/* replies shorter than this are too short to call a repeat: short stock replies ("not sure, I would keep it simple") recur naturally */
#define REPEAT_MIN_WORDS 20
/* a challenged claim made again this many turns after its challenge or
 * sooner is named ("I'd still see that one differently"); later, no
 * sentence of ours could say which point we mean */
#define CLAIM_STANDS_TURNS 2
/* sentences after one that names a concept, in the same reply, still about it */
#define THREAD_SENTENCES 2

static int concept_in(const struct interview *iv, int c, uint32_t categories)
{
	return (lexicon_concept_categories(iv->lx, (size_t)c) & categories) != 0;
}

static int nameable(const struct interview *iv, int c)
{
	static const char *const plain[] = {"languages", "process", NULL};
	uint32_t cats = lexicon_concept_categories(iv->lx, (size_t)c);
	return lexicon_concept_referable(iv->lx, (size_t)c) &&
	       lexicon_concept_kind(iv->lx, (size_t)c) != KIND_GENERIC &&
	       (cats & ~lexicon_category_mask(iv->lx, plain)) != 0;
}

/* 1 when the concept still has a follow-up of its own not yet asked. */
static int has_fresh_followup(const struct interview *iv, int c)
{
	const struct concept_followup *cf = playbook_concept_followups(iv->pb, c);
	for (size_t k = 0; cf && k < cf->lines.n; k++)
		if (!iv_was_said(iv, cf->lines.items[k]))
			return 1;
	return 0;
}

/* How central a concept is to the last reply: two for each sentence that
 * names it, one more when a reason was given about it.  "We use Kafka for
 * events, Redis for caching and Postgres for the rest" makes each a side
 * remark (2); "we chose Redis because ..." (3) or Redis named again (4)
 * makes it what the answer was about. */
static int salience(const struct interview *iv, int c)
{
	return 2 * iv_sentences_naming(iv, c) + iv_reasoned_about(iv, c);
}

/* a concept this central (salience) is a focus to follow up */
#define FOCUS_MIN_SALIENCE 3

/* 1 when the concept is of the current topic's areas (or the topic names
 * none): outside them a thing named is a side remark (a Retry-After
 * header on rate limiting), no subject of a follow-up. */
static uint32_t security_categories(const struct interview *iv)
{
	int sec = lexicon_find_category(iv->lx, "security");
	return sec >= 0 ? 1u << sec : 0;
}

static int on_topic(const struct interview *iv, int c)
{
	const struct topic *t = iv_cur_topic(iv);
	/* (a conditional follow-up names no areas, so anything is on it: "how
	 * do you keep the AWS bill from surprising you?" on the queue
	 * follow-up after "we were on AWS" read as nonsense.  Tried
	 * 2026-12-06: its when_categories as its areas; a held-out reading
	 * showed no gain, 64.1% natural before and 64.0% after, and the
	 * questions it held back took the answers the scorecard needed:
	 * held-out recommendations fell, with the change below to the stock
	 * probes, 126 to 120 of 190) */
	if (!t || !t->categories || concept_in(iv, c, t->categories))
		return 1;
	/* a security point raised unasked is on every topic: the brief asks
	 * for security to be probed always, and read blind, SSRF or a leak
	 * the candidate brought up and the interviewer passed over read as
	 * not listening */
	return concept_in(iv, c, security_categories(iv));
}

/* 1 when the last reply names other things of the concept's kind and
 * main area beside it (token bucket beside sliding and fixed windows):
 * then it is one option of a list, not yet a choice.  (One other is often
 * the area's own word: "fixed window, whatever express-rate-limit does"
 * names rate limiting too.) */
#define RIVALS_LISTED 2

static int has_rival(const struct interview *iv, int c)
{
	const struct utterance_analysis *ua = &iv->last;
	enum concept_kind k = lexicon_concept_kind(iv->lx, (size_t)c);
	int area = lexicon_concept_primary_category(iv->lx, (size_t)c), others = 0;
	for (int i = 0; i < ua->n_concepts; i++) {
		int o = ua->concepts[i];
		others += o != c && lexicon_concept_kind(iv->lx, (size_t)o) == k &&
			  lexicon_concept_primary_category(iv->lx, (size_t)o) == area;
	}
	return others >= RIVALS_LISTED;
}

/* 1 when the last reply made the concept its own: chose or met it, and,
 * when it named rivals beside it ("token bucket if you want bursts,
 * sliding window for a clean quota, fixed window is simplest"), said it
 * chose this one.  Read blind, "how do you keep the token bucket update
 * atomic?" after such a list, or "what made SQS the right queue?" after
 * "SQS or Lambda", was nonsense in every turn. */
static int owned(const struct interview *iv, int c, enum stance st)
{
	if (!stance_is_own(st))
		return 0;
	return st == STANCE_FACED || iv_decided_on(iv, c) || !has_rival(iv, c);
}

static int names(const struct heard_sentence *h, int concept);

/* The first of the last reply's sentences still held in iv->heard (a
 * reply longer than the ring keeps only its last IV_HEARD_SENTENCES). */
static int reply_first_kept(const struct interview *iv)
{
	int first = iv->reply_first_heard;
	return iv->n_heard - first > IV_HEARD_SENTENCES ? iv->n_heard - IV_HEARD_SENTENCES : first;
}

/* 1 when the first sentence of the last reply names the concept: what the
 * answer is about ("Fixed window. Whatever express-rate-limit does ..."). */
static int heads_reply(const struct interview *iv, int c)
{
	if (iv->n_heard <= iv->reply_first_heard || reply_first_kept(iv) != iv->reply_first_heard)
		return 0;
	return names(&iv->heard[iv->reply_first_heard % IV_HEARD_SENTENCES], c);
}

/* 1 when a sentence of the last reply names the concept and nothing else:
 * a sentence about it ("And we keep that part in Postgres, which has been
 * fine so far"), not a list or a side remark in one about something else
 * ("for that I'd pick SQS if we're on AWS"). */
static int alone_in_a_sentence(const struct interview *iv, int c)
{
	for (int k = reply_first_kept(iv); k < iv->n_heard; k++) {
		const struct heard_sentence *h = &iv->heard[k % IV_HEARD_SENTENCES];
		if (h->n_concepts == 1 && names(h, c))
			return 1;
	}
	return 0;
}

/* 1 when the last reply said more about the concept than its name: chose
 * it in so many words, gave a reason about it, met it as a problem, came
 * back to it in another sentence, opened the answer with it, or gave it a
 * sentence of its own.  Read blind on development candidates, a question of a concept's own about a word said in passing
 * ("I was on call" -> on-call burnout, "if we're on AWS" -> the AWS bill,
 * "then traces" -> sampling rates) was nonsense or off the point in
 * nearly every turn. */
static int said_about(const struct interview *iv, int c, enum stance st)
{
	return st == STANCE_FACED || iv_decided_on(iv, c) || iv_reasoned_about(iv, c) ||
	       iv_sentences_naming(iv, c) >= 2 || heads_reply(iv, c) || alone_in_a_sentence(iv, c);
}

/* The most central concept of the last reply (salience, at least
 * min_salience) that the candidate made their own (owned) and said more
 * about than its name, nameable and on the topic, other than except; with
 * fresh, only one with a question of its own left.  -1 when there is
 * none. */
static int most_central(const struct interview *iv, int min_salience, int fresh, int except)
{
	const struct utterance_analysis *ua = &iv->last;
	int best = -1, best_salience = min_salience - 1;
	for (int i = 0; i < ua->n_concepts; i++) {
		int c = ua->concepts[i];
		enum stance st = (enum stance)ua->stance[i];
		if (c == except || !owned(iv, c, st) ||
		    (min_salience < FOCUS_MIN_SALIENCE && !said_about(iv, c, st)) || !nameable(iv, c) ||
		    (fresh && !has_fresh_followup(iv, c)) || !on_topic(iv, c))
			continue;
		/* a security hole they met comes first, whatever else the reply
		 * was about: "we found the search box open to injection" is
		 * what a senior engineer asks about next */
		if (ua->stance[i] == STANCE_FACED && concept_in(iv, c, security_categories(iv)) &&
		    fresh && has_fresh_followup(iv, c))
			return c;
		int sal = salience(iv, c);
		if (sal > best_salience) {
			best = c;
			best_salience = sal;
		}
	}
	return best;
}

/* The concept of the last reply to follow up: one the candidate chose or
 * met, that the topic is about (when it names its areas), and that the
 * reply was about, not one named in passing: read blind on candidates
 * written by other people, a question of a concept's own about a thing
 * mentioned once ("what does OpenTelemetry rollout look like?" in the
 * middle of a query-plan story) was natural in 7 turns of 25.  The most
 * central one, one with questions of its own left first. */
static int pick_focus(const struct interview *iv)
{
	int best = most_central(iv, FOCUS_MIN_SALIENCE, 1, -1);
	return best >= 0 ? best : most_central(iv, FOCUS_MIN_SALIENCE, 0, -1);
}

/* A concept worth a question of its own when the topic's questions are
 * spent: one the last reply chose or met, on the topic's areas, with a
 * question left, not except (the focus); else one an earlier reply on the
 * topic chose.  A question about something they named in passing, on the
 * subject at hand, beats a stock probe that names nothing: read blind,
 * stock probes were natural in 8 turns of 72.  -1 when there is none. */
int iv_side_concept(const struct interview *iv, int except)
{
	int best = most_central(iv, 1, 1, except);
	if (best >= 0)
		return best;
	/* else one an earlier reply on the topic chose, the earliest first:
	 * what the candidate's design rests on */
	for (int k = 0; k < iv->n_topic_owned; k++) {
		int c = iv->topic_owned[k];
		if (c != except && !iv_disowned(iv, c) && nameable(iv, c) && has_fresh_followup(iv, c) &&
		    on_topic(iv, c))
			return c;
	}
	return -1;
}

static void pick_not_chosen(struct interview *iv)
{
	const struct utterance_analysis *ua = &iv->last;
	iv->last_rejected = iv->last_skipped = -1;
	for (int i = 0; i < ua->n_concepts; i++) {
		int c = ua->concepts[i];
		enum stance st = (enum stance)ua->stance[i];
		if (!nameable(iv, c) && st != STANCE_SKIPS)
			continue;
		if (!lexicon_concept_referable(iv->lx, (size_t)c))
			continue;
		if ((st == STANCE_REJECTED || st == STANCE_ALTERNATIVE) && iv->last_rejected < 0 &&
		    lexicon_concept_kind(iv->lx, (size_t)c) != KIND_PROBLEM) {
			iv->last_rejected = c;
			iv->last_rejected_stance = st;
		}
		/* a practice they skip gets a gentle challenge; "never MD5" is no
		 * practice skipped, and needs none */
		if (st == STANCE_SKIPS && iv->last_skipped < 0 &&
		    lexicon_concept_kind(iv->lx, (size_t)c) == KIND_PRACTICE)
			iv->last_skipped = c;
	}
}

/* Categories of what the reply chose, met or named as a part: what a
 * conditional follow-up ("what would you cache?") may build on.  A rejected
 * option ("caching felt like overkill") triggers nothing. */
static uint32_t owned_of_kinds(const struct interview *iv, uint16_t kinds)
{
	const struct utterance_analysis *ua = &iv->last;
	uint32_t mask = 0;
	for (int i = 0; i < ua->n_concepts; i++) {
		enum stance st = (enum stance)ua->stance[i];
		enum concept_kind k = lexicon_concept_kind(iv->lx, ua->concepts[i]);
		/* a metric or a problem only named ("they hit rate limits", "hit
		 * rate") proposes nothing to follow up */
		int part = k == KIND_COMPONENT || k == KIND_TECHNIQUE;
		if ((stance_is_own(st) || (st == STANCE_MENTION && part)) && (!kinds || ((kinds >> k) & 1u)))
			mask |= lexicon_concept_categories(iv->lx, ua->concepts[i]);
	}
	return mask;
}

static uint32_t own_categories(const struct interview *iv)
{
	return owned_of_kinds(iv, 0);
}

int iv_triggers_followup(const struct interview *iv, const struct topic *fu)
{
	if (!(fu->when_categories & iv->own_categories))
		return 0;
	return !fu->when_kinds || (fu->when_categories & owned_of_kinds(iv, fu->when_kinds));
}

/* Categories of the parts the reply chose itself ("we'd put a cache in
 * front"): what praise for a choice may name. */
static uint32_t chosen_categories(const struct interview *iv)
{
	const struct utterance_analysis *ua = &iv->last;
	uint32_t mask = 0;
	for (int i = 0; i < ua->n_concepts; i++) {
		enum concept_kind k = lexicon_concept_kind(iv->lx, ua->concepts[i]);
		if (ua->stance[i] == STANCE_USES &&
		    (k == KIND_COMPONENT || k == KIND_TECHNIQUE || k == KIND_LANGUAGE || k == KIND_PROTOCOL))
			mask |= lexicon_concept_categories(iv->lx, ua->concepts[i]);
	}
	return mask;
}

static int spot_claim(struct interview *iv)
{
	iv->pending_claim = -1;
	iv->restated_claim = -1;
	iv->claims_in_reply = 0;
	if (!iv->rubric)
		return 0;
	size_t found[8];
	const struct topic *t = iv_cur_topic(iv);
	const struct rubric_topic *rt = t ? rubric_find_topic(iv->rubric, t->id) : NULL;
	int n = claim_spot(iv->rubric, iv->lx, &iv->scratch, rt, found, 8);
	if (n < 0)
		return -1;
	iv->wrong_claims += n;
	iv->claims_in_reply = n;
	for (int i = 0; i < n; i++) {
		const struct rubric_claim *cl = rubric_claim_at(iv->rubric, found[i]);
		if (found[i] < IV_MAX_CLAIMS && !iv->claim_challenged[found[i]] &&
		    playbook_challenge(iv->pb, cl->id)) {
			iv->pending_claim = (int)found[i];
			break;
		}
	}
	/* a claim challenged a moment ago and made again: noted once, not
	 * argued.  Long after its challenge "I see that point differently"
	 * names no point the candidate can place: the scorecard has it */
	for (int i = 0; i < n && iv->pending_claim < 0; i++)
		if (found[i] < IV_MAX_CLAIMS && iv->claim_challenged[found[i]] &&
		    iv->turn + 1 - iv->claim_challenged[found[i]] <= CLAIM_STANDS_TURNS &&
		    !iv->claim_restated[found[i]]) {
			iv->restated_claim = (int)found[i];
			break;
		}
	return 0;
}

static uint64_t fnv1a_word(const char *a, const char *b)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (const char *p = a; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	h = (h ^ ' ') * 0x100000001b3ull;
	for (const char *p = b; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	return h;
}

/* A simhash of the reply's word pairs: near-identical replies land a few
 * bits apart, different ones about 32. */
static uint64_t reply_simhash(const struct text_words *tw)
{
	int votes[64] = {0};
	for (size_t i = 0; i + 1 < tw->n_words; i++) {
		uint64_t h = fnv1a_word(tw->words[i].norm, tw->words[i + 1].norm);
		for (int b = 0; b < 64; b++)
			votes[b] += (h >> b) & 1 ? 1 : -1;
	}
	uint64_t sig = 0;
	for (int b = 0; b < 64; b++)
		if (votes[b] > 0)
			sig |= 1ull << b;
	return sig;
}

static void spot_repeat(struct interview *iv)
{
	iv->repeated = 0;
	if (iv->last.word_count < REPEAT_MIN_WORDS)
		return;
	uint64_t sig = reply_simhash(&iv->scratch);
	for (int i = 0; i < iv->n_reply_sigs; i++)
		if (__builtin_popcountll(sig ^ iv->reply_sigs[i]) <= SAME_REPLY_BITS)
			iv->repeated = 1;
	iv->repeats_in_row = iv->repeated ? iv->repeats_in_row + 1 : 0;
	if (iv->n_reply_sigs < IV_MAX_REPLY_SIGS)
		iv->reply_sigs[iv->n_reply_sigs++] = sig;
}

/* What the reply gives a question to stand on (enum line_need): a choice
 * ("why that?"), a system that serves requests ("what if the same request
 * arrived twice?"), a story of their own work ("how did the team take
 * it?").  A design answer proposes parts and so makes choices; a story or an
 * explanation makes one only when it says so ("we went with", "I'd pick"). */
static uint16_t reply_offers(const struct interview *iv)
{
	const struct utterance_analysis *ua = &iv->last;
	const struct topic *t = iv_cur_topic(iv);
	int answers = t ? t->answers : ANSWERS_STORY;
	int parts = 0, components = 0, chosen = 0;
	for (int i = 0; i < ua->n_concepts; i++) {
		enum concept_kind k = lexicon_concept_kind(iv->lx, ua->concepts[i]);
		enum stance st = (enum stance)ua->stance[i];
		/* what they inherited is theirs to run, not a choice of theirs */
		int own = st == STANCE_USES || st == STANCE_INHERITED ||
			  (st == STANCE_MENTION && answers == ANSWERS_DESIGN);
		if (!own || !nameable(iv, ua->concepts[i]))
			continue;
		if (k == KIND_COMPONENT || k == KIND_TECHNIQUE || k == KIND_LANGUAGE || k == KIND_PROTOCOL) {
			parts++;
			chosen += st != STANCE_INHERITED;
		}
		components += k == KIND_COMPONENT;
	}
	int story = ua->signals[SIG_PRODUCTION] > 0 && !ua->signals[SIG_THEORY];
	uint16_t offers = 0;
	/* "someone else decided" makes no choice of theirs, whatever else they chose */
	if ((ua->signals[SIG_DECISION] || (answers == ANSWERS_DESIGN && chosen)) && !ua->signals[SIG_NOT_MINE])
		offers |= NEED_CHOICE;
	/* a design that names no part ("same approach, keep it simple") has
	 * nothing for "where would that break first?" to point at */
	if ((answers == ANSWERS_DESIGN && parts) || (answers == ANSWERS_STORY && story && components))
		offers |= NEED_SYSTEM;
	if (story)
		offers |= NEED_STORY;
	/* "which part are you least sure about?" after a confident answer
	 * reads as not listening; after "I think", "probably" it meets them */
	/* ... and not after they named what they do not know ("I haven't
	 * had to add an index myself"): read blind, asked again */
	if (ua->signals[SIG_HEDGE] && !ua->signals[SIG_ADMIT_GAP] && !ua->signals[SIG_DONT_KNOW])
		offers |= NEED_UNSURE;
	/* "what did the fix cost you?" waits until a fix was told, on any
	 * reply of the topic ("asked what the fix cost before the fix was
	 * described", read blind): what was done about it, not the cause
	 * found ("it turned out the index was missing" fixes nothing yet) */
	if (iv->topic_fixed || ua->signals[SIG_FIX_TOLD] || iv->reply_fix)
		offers |= NEED_FIX;
	if (ua->signals[SIG_REASONING] || ua->signals[SIG_TRADEOFF])
		offers |= NEED_REASONED;
	return offers;
}

/* The knowledge points the follow-ups name that this sentence states: a
 * question asking for one of them is answered already. */
static void spot_points(struct interview *iv, const struct sentence_view *v)
{
	size_t n = playbook_cover_count(iv->pb);
	for (size_t j = 0; iv->rubric && j < n; j++)
		if (iv->cover_point[j] >= 0 &&
		    (!iv_cover_heard(iv, (int)j) || iv->cover_topic[j] != iv->topic) &&
		    rubric_cover_matches(iv->rubric, (size_t)iv->cover_point[j], v)) {
			iv->covers_heard[j / 64] |= 1ull << (j % 64);
			iv->cover_topic[j] = (int16_t)iv->topic;
		}
}

/* The concepts a sentence gives a reason or a trade-off about ("we kept
 * Postgres because the joins mattered"): what an acknowledgement may name.
 * Named in passing ("the pagination on Postgres was slow") earns none. */
static void spot_reasoned(struct interview *iv, const struct utterance_analysis *ua)
{
	/* failure cases or load talked through on the topic: "what edge cases
	 * worry you?" and "what happens at ten times the load?" are answered */
	if (ua->n_concepts && ua->signals[SIG_EDGE_CASE])
		iv->topic_explained |= EXPLAINED_EDGE;
	if (ua->n_concepts && ua->signals[SIG_SCALE])
		iv->topic_explained |= EXPLAINED_SCALE;
	if (!ua->signals[SIG_REASONING] && !ua->signals[SIG_TRADEOFF])
		return;
	for (int i = 0; i < ua->n_concepts && iv->n_reasoned < UA_MAX_CONCEPTS; i++)
		if (!iv_reasoned_about(iv, ua->concepts[i]))
			iv->reasoned[iv->n_reasoned++] = ua->concepts[i];
	/* what stays answered: a reason for what they use or plan, a trade-off
	 * of anything they weighed; not a reason about what they ruled out */
	uint8_t how = (ua->signals[SIG_REASONING] ? EXPLAINED_WHY : 0) |
		      (ua->signals[SIG_TRADEOFF] ? EXPLAINED_TRADEOFF | EXPLAINED_WHY : 0);
	for (int i = 0; i < ua->n_concepts; i++)
		iv_note_explained(iv, ua->concepts[i], how);
	/* "what made that the right call?" points at whatever the topic was
	 * about: answered by any reason given on it, about a thing of the
	 * lexicon or not ("IBM MQ, because we needed XA transactions") */
	iv->topic_explained |= how;
}

void iv_note_explained(struct interview *iv, int concept, int how)
{
	if (concept < 0)
		return;
	int k = 0;
	while (k < iv->n_explained && iv->explained[k] != concept)
		k++;
	if (k == iv->n_explained) {
		if (k == IV_MAX_EXPLAINED)
			return;
		iv->explained[k] = (uint16_t)concept;
		iv->explained_how[k] = 0;
		iv->n_explained++;
	}
	iv->explained_how[k] |= (uint8_t)how;
}

int iv_explained(const struct interview *iv, int concept, int how)
{
	for (int k = 0; concept >= 0 && k < iv->n_explained; k++)
		if (iv->explained[k] == concept)
			return (iv->explained_how[k] & how) == how;
	return 0;
}

#define OPEN_QUESTION_TAIL_WORDS 25

/* Keeps the sentence's stems and concepts: a follow-up whose key terms it
 * says is answered already (iv_terms_heard). */
static void hear_terms(struct interview *iv, const struct text_words *tw, const struct text_sentence *se,
		       const struct utterance_analysis *ua)
{
	struct heard_sentence *h = &iv->heard[iv->n_heard++ % IV_HEARD_SENTENCES];
	h->topic = (int16_t)iv->topic;
	h->reply = iv->reply_first_heard;
	h->n_concepts = 0;
	for (int c = 0; c < ua->n_concepts && h->n_concepts < 4; c++)
		h->concepts[h->n_concepts++] = (uint16_t)ua->concepts[c];
	h->n = (uint8_t)qterms_of_words(tw->words + se->first_word, se->n_words, h->stems,
					QTERMS_PER_SENTENCE);
	h->says = ua->signals[SIG_DURATION] ? HEARD_SAYS_DURATION : 0;
	int number = ua->signals[SIG_QUANTITY] > 0;
	for (size_t k = 0; k < se->n_words && !number; k++) {
		char c0 = tw->words[se->first_word + k].norm[0];
		number = c0 >= '0' && c0 <= '9';
	}
	if (number)
		h->says |= HEARD_SAYS_AMOUNT;
}

/* Reads the reply sentence by sentence, as the evaluator does. */
static void read_sentences(struct interview *iv)
{
	const struct text_words *tw = &iv->scratch;
	iv->n_reasoned = 0;
	iv->n_decided = 0;
	iv->reply_fix = 0;
	iv->reply_first_heard = iv->n_heard;
	iv->n_open_question = 0;
	/* a question of theirs in a reply that admits not knowing is left
	 * open: not an answer, but what to follow up on */
	int unsure = iv->last.signals[SIG_DONT_KNOW] || iv->last.signals[SIG_ADMIT_GAP] ||
		     iv->last.signals[SIG_HEDGE];
	for (size_t s = 0; s < tw->n_sentences; s++) {
		const struct text_sentence *se = &tw->sentences[s];
		if (!se->n_words)
			continue;
		struct utterance_analysis ua;
		understand_words(iv->lx, tw->words + se->first_word, se->n_words, &ua);
		/* ... near its end: a question answered at length after it was
		 * rhetorical ("Why? Because ...") */
		if (se->terminator == '?' && unsure &&
		    tw->n_words - (se->first_word + se->n_words) < OPEN_QUESTION_TAIL_WORDS) {
			uint32_t stems[QTERMS_PER_SENTENCE];
			size_t n = qterms_of_words(tw->words + se->first_word, se->n_words, stems,
						   QTERMS_PER_SENTENCE);
			for (size_t k = 0; k < n && iv->n_open_question < QTERMS_PER_SENTENCE; k++)
				iv->open_question[iv->n_open_question++] = stems[k];
			continue;
		}
		hear_terms(iv, tw, se, &ua);
		if (se->terminator == '?')
			continue; /* "reads or writes?" asks what "reads or writes?" would */
		struct sentence_view v = {tw->words + se->first_word, se->n_words, ua.concepts,
					  ua.n_concepts, ua.category_mask, ua.signals, se->terminator};
		/* the career the opening tells of, read as the scorecard reads it */
		if (iv->phase == PHASE_OPENING) {
			double years = rubric_career_years(iv->rubric, &v);
			if (years > iv->career_years)
				iv->career_years = years;
		}
		spot_points(iv, &v);
		spot_reasoned(iv, &ua);
		/* what was done about it, as the scorecard hears it: a
		 * mitigation done ("and we added a dead-letter queue"), not any
		 * past action ("and I pulled a trace" is the search) nor a
		 * mitigation named in the story ("we got alerts", "no alerts
		 * fired"): read blind, "what did the fix cost you?" and "did a
		 * fix make things worse?" came after each.  A fix said in so many
		 * words is the fix_told signal (reply_offers). */
		cue_mask m = iv->rubric ? rubric_match_cues(iv->rubric, &v) : 0;
		cue_mask done = (cue_mask)1 << CUE_MITIGATION | (cue_mask)1 << CUE_RESPONSE;
		iv->reply_fix |= (m & done) == done && !(m & ((cue_mask)1 << CUE_NEGATION));
		/* what the decision chose: not what it set aside ("we went with
		 * Postgres rather than Mongo") nor a hypothetical ("Kafka is a
		 * lot of overhead, unless you go with MSK": read blind, "how do
		 * your Kafka consumers handle a rebalance?" after it) */
		for (int i = 0; ua.signals[SIG_DECISION] && i < ua.n_concepts && iv->n_decided < UA_MAX_CONCEPTS; i++)
			if (!iv_decided_on(iv, ua.concepts[i]) && stance_is_own((enum stance)ua.stance[i]))
				iv->decided[iv->n_decided++] = ua.concepts[i];
	}
}

int iv_decided_on(const struct interview *iv, int concept)
{
	for (int i = 0; i < iv->n_decided; i++)
		if (iv->decided[i] == concept)
			return 1;
	return 0;
}

static int names(const struct heard_sentence *h, int concept)
{
	for (int i = 0; i < h->n_concepts; i++)
		if (h->concepts[i] == concept)
			return 1;
	return 0;
}

int iv_sentences_naming(const struct interview *iv, int concept)
{
	int n = 0;
	for (int k = reply_first_kept(iv); k < iv->n_heard; k++)
		n += names(&iv->heard[k % IV_HEARD_SENTENCES], concept);
	return n;
}

/* 1 when the k-th sentence heard (counted as n_heard) is about concept:
 * it names it, or follows one of its reply that does by at most
 * THREAD_SENTENCES ("So we added idempotency keys. Client sends a key in
 * a header, we store it for twenty-four hours": read blind, "how long do
 * you keep idempotency keys?" next was asking what was just said).  With
 * concept -1: a sentence on the topic at hand. */
static int heard_about(const struct interview *iv, int k, int concept)
{
	const struct heard_sentence *h = &iv->heard[k % IV_HEARD_SENTENCES];
	if (concept < 0)
		return h->topic == iv->topic;
	if (names(h, concept))
		return 1;
	int oldest = iv->n_heard > IV_HEARD_SENTENCES ? iv->n_heard - IV_HEARD_SENTENCES : 0;
	for (int j = k - 1; j >= oldest && j >= k - THREAD_SENTENCES; j--) {
		const struct heard_sentence *e = &iv->heard[j % IV_HEARD_SENTENCES];
		if (e->reply != h->reply)
			break;
		if (names(e, concept))
			return 1;
	}
	return 0;
}

/* words after a contrast in the sentence that names a ruled-out option:
 * this many say what was wrong with it ("nginx limit_req, which is fine on
 * one box, but each ingress pod keeps its own counters") */
#define REJECTION_REASON_WORDS 6

/* 1 when words [from, n) hold one of cues followed by the reason's words. */
static int reason_follows(const struct interview *iv, const struct text_word *w, size_t n,
			  size_t from, uint32_t want)
{
	for (size_t k = from; k < n; k++) {
		uint32_t cues = 0;
		size_t len = lexicon_match_stance_at(iv->lx, w, n, k, &cues);
		if (len && (cues & want) && n - (k + len) >= REJECTION_REASON_WORDS)
			return 1;
		if (len)
			k += len - 1;
	}
	return 0;
}

int iv_rejection_weighed(const struct interview *iv, int concept)
{
	const struct text_words *tw = &iv->scratch;
	for (size_t s = 0; s < tw->n_sentences; s++) {
		const struct text_sentence *se = &tw->sentences[s];
		const struct text_word *w = tw->words + se->first_word;
		struct utterance_analysis ua;
		understand_words(iv->lx, w, se->n_words, &ua);
		int names = 0;
		for (int i = 0; i < ua.n_concepts && !names; i++)
			names = ua.concepts[i] == concept;
		/* "instead of" and "rather than" count as both: alone they set
		 * an alternative beside what is said without weighing it ("so
		 * they get webhooks instead of polling us"; read blind, "was
		 * polling ever a serious contender?" after it was nonsense) */
		unsigned connectors = ua.signals[SIG_CHOICE_CONNECTOR];
		if (names && (ua.signals[SIG_DECISION] > connectors || ua.signals[SIG_TRADEOFF] > connectors))
			return 1;
	}
	return 0;
}

int iv_rejection_explained(const struct interview *iv, int concept)
{
	const struct text_words *tw = &iv->scratch;
	/* "but each ingress pod keeps its own counters", "has problem on
	 * border, client can do double limit", or the next sentence opening
	 * on its flaw ("The problem I can see is someone could do ...") */
	uint32_t after = (1u << SCUE_BREAK) | (1u << SCUE_REJECT_AFTER);
	for (size_t s = 0; s < tw->n_sentences; s++) {
		const struct text_sentence *se = &tw->sentences[s];
		const struct text_word *w = tw->words + se->first_word;
		struct concept_hit hits[16];
		size_t n = lexicon_match_concepts(iv->lx, w, se->n_words, hits, 16);
		size_t at = se->n_words;
		for (size_t i = 0; i < n && i < 16; i++)
			if (hits[i].concept == concept && hits[i].first_word < at)
				at = hits[i].first_word;
		if (at == se->n_words)
			continue;
		if (reason_follows(iv, w, se->n_words, at, after))
			return 1;
		if (s + 1 < tw->n_sentences) {
			const struct text_sentence *nx = &tw->sentences[s + 1];
			uint32_t cues = 0;
			size_t len = lexicon_match_stance_at(iv->lx, tw->words + nx->first_word,
							     nx->n_words, 0, &cues);
			if (len && (cues & (1u << SCUE_FLAW_BACK)) &&
			    nx->n_words - len >= REJECTION_REASON_WORDS)
				return 1;
		}
	}
	return 0;
}

/* a first answer this long told first hand can be a story cut short */
#define STORY_CUT_MIN_WORDS 40

int iv_story_cut_short(const struct interview *iv)
{
	const struct utterance_analysis *ua = &iv->last;
	const struct text_words *tw = &iv->scratch;
	if (ua->word_count < STORY_CUT_MIN_WORDS || !ua->signals[SIG_PRODUCTION] ||
	    ua->signals[SIG_RESOLVED] || ua->signals[SIG_TRADEOFF] || ua->signals[SIG_LEARNING] ||
	    ua->signals[SIG_THEORY] || !tw->n_sentences)
		return 0;
	/* a story tells something that happened; problems named without one
	 * ("the hard parts were retries, ordering and provider timeouts") are
	 * a list, and "what happened next?" after it has nothing to go on */
	if (!ua->signals[SIG_EVENT])
		return 0;
	const struct text_sentence *se = &tw->sentences[tw->n_sentences - 1];
	if (se->terminator == '?' || !se->n_words)
		return 0;
	const struct text_word *w = tw->words + se->first_word;
	/* the last sentence says what we did ("we added an index"): told */
	for (size_t k = 0; k < se->n_words; k++) {
		uint32_t cues = 0;
		size_t len = lexicon_match_stance_at(iv->lx, w, se->n_words, k, &cues);
		if (cues & ((1u << SCUE_FIRST_PERSON) | (1u << SCUE_CHOOSE)))
			return 0;
		if (len)
			k += len - 1;
	}
	/* ... else it ends on what went wrong: a problem met, a failure */
	struct utterance_analysis last;
	understand_words(iv->lx, w, se->n_words, &last);
	if (last.signals[SIG_INCIDENT] || last.signals[SIG_EDGE_CASE])
		return 1;
	for (int i = 0; i < last.n_concepts; i++)
		if (lexicon_concept_kind(iv->lx, last.concepts[i]) == KIND_PROBLEM)
			return 1;
	return 0;
}

int iv_terms_heard(const struct interview *iv, const struct qterms *q, int concept)
{
	int oldest = iv->n_heard > IV_HEARD_SENTENCES ? iv->n_heard - IV_HEARD_SENTENCES : 0;
	for (int k = oldest; q && q->n >= 2 && k < iv->n_heard; k++) {
		const struct heard_sentence *h = &iv->heard[k % IV_HEARD_SENTENCES];
		if (heard_about(iv, k, concept) && qterms_stated(q, h->stems, h->n))
			return 1;
	}
	return 0;
}

/* 1 when a sentence in the ring holds stem. */
static int stem_heard(const struct interview *iv, uint32_t stem)
{
	int n = iv->n_heard < IV_HEARD_SENTENCES ? iv->n_heard : IV_HEARD_SENTENCES;
	for (int k = 0; k < n; k++)
		for (size_t j = 0; j < iv->heard[k].n; j++)
			if (iv->heard[k].stems[j] == stem)
				return 1;
	return 0;
}

static int function_word(const struct playbook *pb, const char *norm)
{
	for (size_t i = 0; pb->function_words && pb->function_words[i]; i++)
		if (!strcmp(pb->function_words[i], norm))
			return 1;
	return 0;
}

int iv_names_it_as_they_did(const struct interview *iv, const char *line, int concept)
{
	if (concept < 0 || !line)
		return 1;
	struct text_words tw = {0};
	int as_they_did = 1;
	if (text_split(line, &tw) == 0) {
		struct concept_hit hits[8];
		size_t n = lexicon_match_concepts(iv->lx, tw.words, tw.n_words, hits, 8);
		for (size_t h = 0; h < n && h < 8 && as_they_did; h++) {
			if (hits[h].concept != concept)
				continue;
			for (size_t w = hits[h].first_word; w < (size_t)hits[h].first_word + hits[h].n_words; w++) {
				uint32_t stem = qterms_stem(tw.words[w].norm);
				if (stem && !function_word(iv->pb, tw.words[w].norm) && !stem_heard(iv, stem))
					as_they_did = 0;
			}
		}
	}
	text_words_release(&tw);
	return as_they_did;
}

int iv_gap_about(const struct interview *iv, const struct qterms *q, int concept)
{
	const struct text_words *tw = &iv->scratch;
	if (!iv->last.signals[SIG_ADMIT_GAP])
		return 0;
	for (size_t s = 0; s < tw->n_sentences; s++) {
		const struct text_sentence *se = &tw->sentences[s];
		const struct text_word *w = tw->words + se->first_word;
		struct utterance_analysis ua;
		understand_words(iv->lx, w, se->n_words, &ua);
		if (!ua.signals[SIG_ADMIT_GAP])
			continue;
		for (int i = 0; concept >= 0 && i < ua.n_concepts; i++)
			if (ua.concepts[i] == concept)
				return 1;
		if (!q)
			continue;
		uint32_t stems[QTERMS_PER_SENTENCE];
		size_t n = qterms_of_words(w, se->n_words, stems, QTERMS_PER_SENTENCE);
		for (int i = 0; i < q->n; i++)
			for (size_t j = 0; j < n; j++)
				if (stems[j] == q->stem[i])
					return 1;
	}
	return 0;
}

int iv_heard_as(const struct interview *iv, const struct qphrases *p, int concept)
{
	uint32_t heard = 0;
	int oldest = iv->n_heard > IV_HEARD_SENTENCES ? iv->n_heard - IV_HEARD_SENTENCES : 0;
	for (int k = oldest; p && p->n && k < iv->n_heard; k++) {
		const struct heard_sentence *h = &iv->heard[k % IV_HEARD_SENTENCES];
		if (heard_about(iv, k, concept))
			heard |= qphrases_heard(p, h->stems, h->n);
	}
	return p && qphrases_distinct(p, heard) >= HEARD_AS_NEEDED;
}

int iv_amount_heard(const struct interview *iv, unsigned want, int concept)
{
	int oldest = iv->n_heard > IV_HEARD_SENTENCES ? iv->n_heard - IV_HEARD_SENTENCES : 0;
	for (int k = oldest; want && k < iv->n_heard; k++) {
		const struct heard_sentence *h = &iv->heard[k % IV_HEARD_SENTENCES];
		/* a sentence further on that names something else ("our deploys
		 * take ten minutes") gives that thing's time, not this one's; the
		 * one right after the naming goes on about it ("we store it with
		 * the response for twenty-four hours, unique on customer and key") */
		if (!(h->says & want) || !heard_about(iv, k, concept))
			continue;
		const struct heard_sentence *before =
			k > oldest ? &iv->heard[(k - 1) % IV_HEARD_SENTENCES] : NULL;
		if (concept < 0 || names(h, concept) || !h->n_concepts ||
		    (before && before->reply == h->reply && names(before, concept)))
			return 1;
	}
	return 0;
}

unsigned iv_terms_share(const struct interview *iv, const struct qterms *q)
{
	uint32_t said[IV_HEARD_SENTENCES * 4];
	size_t m = 0;
	int n = iv->n_heard < IV_HEARD_SENTENCES ? iv->n_heard : IV_HEARD_SENTENCES;
	/* only the stems that are the question's own: the union stays small */
	for (int k = 0; q && k < n; k++) {
		const struct heard_sentence *h = &iv->heard[k];
		if (h->topic != iv->topic)
			continue;
		for (int i = 0; i < q->n && m < sizeof said / sizeof said[0]; i++)
			for (size_t j = 0; j < h->n; j++)
				if (h->stems[j] == q->stem[i]) {
					said[m++] = q->stem[i];
					break;
				}
	}
	return q ? qterms_share(q, said, m) : 0;
}

int iv_reasoned_about(const struct interview *iv, int concept)
{
	for (int i = 0; i < iv->n_reasoned; i++)
		if (iv->reasoned[i] == concept)
			return 1;
	return 0;
}

int iv_cover_heard(const struct interview *iv, int cover)
{
	return cover >= 0 && cover < IV_MAX_COVERS && ((iv->covers_heard[cover / 64] >> (cover % 64)) & 1);
}

int iv_cover_heard_on_topic(const struct interview *iv, int cover)
{
	if (!iv_cover_heard(iv, cover))
		return 0;
	int is_point = iv->rubric && (size_t)iv->cover_point[cover] < rubric_point_count(iv->rubric);
	return is_point || iv->cover_topic[cover] == iv->topic;
}

/* What the last reply made its own, or named without a word against it,
 * and said more about than a name (owned, said_about): what a later
 * question on the topic may build on. */
static void note_owned(struct interview *iv)
{
	const struct utterance_analysis *ua = &iv->last;
	for (int i = 0; i < ua->n_concepts; i++) {
		int c = ua->concepts[i];
		enum stance st = (enum stance)ua->stance[i];
		/* a thing named without a word against it counts ("Fixed
		 * window." to "which algorithm?") */
		if (st == STANCE_MENTION && has_rival(iv, c) && !iv_decided_on(iv, c))
			continue;
		if ((st != STANCE_MENTION && !owned(iv, c, st)) || !said_about(iv, c, st) ||
		    iv->n_topic_owned >= IV_MAX_TOPIC_NAMED)
			continue;
		int k = 0;
		while (k < iv->n_topic_owned && iv->topic_owned[k] != c)
			k++;
		if (k == iv->n_topic_owned)
			iv->topic_owned[iv->n_topic_owned++] = (int16_t)c;
	}
}

int iv_listen(struct interview *iv)
{
	read_sentences(iv);
	iv->offers = reply_offers(iv);
	iv->topic_fixed |= (iv->offers & NEED_FIX) != 0;
	iv->topic_solved |= iv->topic_fixed || iv->last.signals[SIG_RESOLVED] > 0;
	if (!iv->topic_solved)
		iv->offers |= NEED_OPEN;
	iv->topic_not_mine |= iv->last.signals[SIG_NOT_MINE] > 0;
	/* "thousands a second is beyond anything I've run": read blind, the
	 * next tenfold-load questions to a junior who said so were wrong in
	 * every turn; the rest of the interview asks other things */
	if (iv->last.signals[SIG_ADMIT_GAP] && (iv->last_probe == PROBE_SCALE || iv->last.signals[SIG_SCALE]))
		iv->scale_beyond = 1;
	iv->own_categories = own_categories(iv);
	iv->chosen_categories = chosen_categories(iv);
	if (iv->chosen_categories)
		iv->offers |= NEED_CHOSEN;
	note_owned(iv);
	iv->last_concept = pick_focus(iv);
	pick_not_chosen(iv);
	spot_repeat(iv);
	return spot_claim(iv);
}

/* The share of a follow-up's key-term weight (0-255) a reply without a
 * heard_as phrase of it must say, over all its sentences, not to have
 * missed it.  (Until 2026-12-08 one key term was enough; read blind, 20 of
 * 129 nonsense turns in a development reading were praise for a reply
 * that answered another question in one shared word: "letting through the
 * hundred-and-first request" answered with timeouts, retries and a
 * dead-letter queue, then "Got it, that makes sense".  On the blind replies
 * of tests/answered/dev.json, at 80 the replies that answer a follow-up
 * still pass in 205 of 224 (219 before), those that leave it open in 151
 * of 224 (203 before); held out, 202 of 222 (216) and 142 of 222 (209).) */
#define REPLY_ON_QUESTION_SHARE 80

/* 1 when a sentence of the last reply holds every stem of one of phrases
 * (a follow-up's heard_as, as written: also the ones made of the words it
 * follows up on, which iv_heard_as leaves out lest an echo of the topic
 * count as an answer; for a miss, "ordering" said of a question about
 * ordering is on it). */
static int reply_says_phrase(const struct interview *iv, const char *const *phrases)
{
	struct text_words tw = {0};
	struct qphrases p = {0};
	for (size_t k = 0; phrases && phrases[k] && p.n < QPHRASES_MAX; k++)
		if (text_split(phrases[k], &tw) == 0)
			(void)qphrases_add(&p, tw.words, tw.n_words);
	text_words_release(&tw);
	for (int s = reply_first_kept(iv); p.n && s < iv->n_heard; s++) {
		const struct heard_sentence *h = &iv->heard[s % IV_HEARD_SENTENCES];
		if (qphrases_heard(&p, h->stems, h->n))
			return 1;
	}
	return 0;
}

/* A reply of any length that says too little of what the follow-up asked
 * for, no phrase of its heard_as and under REPLY_ON_QUESTION_SHARE of its
 * key terms, missed it.  (Until 2026-12-07 only
 * replies under 40 words, lest a longer one answer in words no list
 * foresaw; but of the 224 blind replies in tests/answered/dev.json that do
 * answer a follow-up, all of them 40 words or more, 5 name nothing of it,
 * and read blind, "that's a thoughtful answer" after a long reply that
 * skipped the question was nonsense.  A miss only holds back praise.) */
int iv_reply_misses_question(const struct interview *iv)
{
	const struct variants *v = iv->asked_v;
	if (!v || iv->asked_i >= v->n || iv->last.silent)
		return 0;
	const struct qterms *q = v->terms ? &v->terms[iv->asked_i] : NULL;
	const struct qphrases *p = v->heard_terms ? &v->heard_terms[iv->asked_i] : NULL;
	/* too little to judge by: a question of one key term, no heard_as */
	if ((!q || q->n < 2) && (!p || p->n < HEARD_AS_NEEDED))
		return 0;
	if (v->heard_as && reply_says_phrase(iv, v->heard_as[iv->asked_i]))
		return 0;
	uint32_t said[QTERMS_PER_LINE];
	size_t m = 0;
	for (int k = reply_first_kept(iv); k < iv->n_heard; k++) {
		const struct heard_sentence *h = &iv->heard[k % IV_HEARD_SENTENCES];
		for (int i = 0; q && i < q->n; i++) {
			int had = 0;
			for (size_t j = 0; j < m; j++)
				had |= said[j] == q->stem[i];
			for (size_t j = 0; j < h->n && !had && m < QTERMS_PER_LINE; j++)
				if (h->stems[j] == q->stem[i]) {
					said[m++] = q->stem[i];
					had = 1;
				}
		}
	}
	return !q || qterms_share(q, said, m) < REPLY_ON_QUESTION_SHARE;
}
