/*
 * playbook_internal.h - the parsed playbook as the engine reads it.  Only
 * playbook.c builds it and only the core reads it; front ends use the
 * accessors in playbook.h.
 */
#ifndef IV_PLAYBOOK_INTERNAL_H
#define IV_PLAYBOOK_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "interview_enums.h"
#include "playbook.h"
#include "question_terms.h"

/* What a line takes for granted in the reply it answers: "why that
 * choice?" needs a choice, "what if the same request arrived twice?" a
 * system that serves requests, "how did the team feel about it?" a story of
 * the candidate's own work. */
/* Parts of a story a topic's question asks to hear (asks_for:): "how did
 * you track it down and fix it?" asks for the fix. */
enum topic_asks {
	ASKS_FIX = 1 << 0,
};

enum line_need {
	NEED_CHOICE = 1 << 0,
	NEED_SYSTEM = 1 << 1,
	NEED_STORY = 1 << 2,
	NEED_UNSURE = 1 << 3, /* the reply hedged: "which part are you least sure about?" */
	NEED_FIX = 1 << 4,    /* the topic's replies told the fix: "what did the fix cost you?" */
	/* the reply chose the very thing the line is about (its {concept}, else
	 * something of the conditional follow-up's categories): "Good thinking
	 * on caching." not after "we already had Redis for caching", nor after
	 * rate limiting named as a library's feature */
	NEED_CHOSEN = 1 << 5,
	/* the reply named no product of the follow-up's areas that it uses:
	 * "which queue would you pick?" not after "the SQS consumer I built"
	 * (read blind: asking for a choice they had told) */
	NEED_UNNAMED = 1 << 6,
	/* ... and its opposite: it named one, and the line's {concept} is a
	 * product ("What made SQS the right queue?", never "a message queue") */
	NEED_NAMED = 1 << 7,
	/* the story on the topic has not reached its cause or its fix yet:
	 * "what was your first hypothesis?", "was it slow for everyone?" ask
	 * about the search, and after "it turned out the index was missing"
	 * (read blind, held out: asked again and again) ask what was told */
	NEED_OPEN = 1 << 8,
	/* the reply gave a reason or weighed a cost ("because", "the trade-off
	 * is"): "I follow your reasoning" says it did */
	NEED_REASONED = 1 << 9,
};

struct variants {
	const char **items; /* NULL-terminated */
	size_t n;
	uint16_t *kinds;    /* per item: bit per enum concept_kind its {concept} may be; NULL or 0: any */
	uint16_t *needs;    /* per item: enum line_need bits the reply must offer; NULL or 0: none */
	/* per item: lexicon categories the line is about ("what if the data is
	 * half written?" is about storage, not a rate limiter): its {concept}
	 * must be of one, or without {concept} the topic's replies must have
	 * named one; NULL or 0: any */
	uint32_t *about;
	/* per item, for questions of a concept's or a topic's own: the concepts
	 * the question names (found with the lexicon at load), LINE_CONCEPTS
	 * apiece; NULL when not read */
	uint16_t *concepts;
	uint8_t *n_concepts;
	/* per item, for follow-up questions: why the interviewer asks, said
	 * before the question to a candidate of few words; NULL or a NULL item:
	 * none */
	const char **whys;
	/* per item: the knowledge point (an index into the playbook's
	 * cover_ids, a rubric point id) whose statement answers the question
	 * already; NULL or -1: none */
	int16_t *covers;
	/* per item, for follow-up questions: the words that make the question
	 * its own (question_terms.h), found at load; NULL when not read */
	struct qterms *terms;
	/* per item, for follow-up questions: how an answer to it sounds
	 * (heard_as: NULL-terminated phrases, NULL: none), and those phrases'
	 * stems, found at load (question_terms.h); NULL when not read */
	const char ***heard_as;
	struct qphrases *heard_terms;
	/* per item, for follow-up questions: LINE_WANTS_* what kind of answer
	 * the question asks for (a length of time, a number), found at load;
	 * NULL when not read */
	uint8_t *wants;
};

#define LINE_CONCEPTS 6

/* What a follow-up asks for (the lexicon's asks_duration, asks_amount):
 * "how long do you keep the keys?", "how many shards?". */
enum line_wants {
	LINE_WANTS_DURATION = 1 << 0,
	LINE_WANTS_AMOUNT = 1 << 1,
};

/* What a topic's answers are: a plan of something to build, a story of the
 * candidate's own work, or an explanation of how something works. */
enum topic_answers { ANSWERS_STORY, ANSWERS_DESIGN, ANSWERS_EXPLANATION, ANSWERS_COUNT };

enum probe_kind {
	PROBE_WHY,
	PROBE_TRADEOFF,
	PROBE_EDGE_CASE,
	PROBE_SCALE,
	PROBE_FOLLOW_UP,
	PROBE_SECURITY,
	PROBE_COUNT
};

enum line_id {
	LINE_TRANSITION_EXPERIENCE,
	LINE_TRANSITION_DESIGN,
	LINE_TRANSITION_DEEP_DIVE,
	LINE_CLOSING_QUESTION,
	LINE_CLOSING_MORE,
	LINE_CLOSING_ADD,
	LINE_THANKS,
	LINE_WRAP,
	LINE_ENCOURAGE_SILENCE,
	LINE_ENCOURAGE_THINKING,
	LINE_DONT_KNOW,
	LINE_MOVE_ON,
	LINE_REPEAT,
	LINE_NOT_HEARD,
	LINE_REDIRECT,
	LINE_RUDE,
	LINE_DECLINE_CODE,
	LINE_IGNORE_INSTRUCTION,
	LINE_CLARIFY_DEFAULT,
	LINE_ANSWER_UNKNOWN,
	LINE_EARLIER_QUESTION,
	LINE_THEN_QUESTION,
	LINE_REASSURE,         /* "is this the level of detail you want?" */
	LINE_REPEATED_ANSWER,  /* the same answer as before, named kindly */
	LINE_REVISIT,          /* back to a concept the candidate used earlier */
	LINE_MEANING,          /* "do you mean in my experience or in general?" answered */
	LINE_OPEN_FLOOR,       /* time left, topics used: the candidate picks what to walk through */
	LINE_REASSURE_STEER,   /* "anything you want me to dig into?": the interviewer steers */
	LINE_WRAP_NEUTRAL,     /* a topic's end after an answer that earned no warmth ("Okay, thanks.") */
	LINE_REPEAT_SAME,      /* before a follow-up said again as it was ("Sure. My question was:") */
	LINE_CLOSING_REPHRASE, /* the closing's floor offered again, when they ask what it means */
	LINE_AS_MENTIONED,     /* before a persona answer given earlier, asked again in other words */
	LINE_CLAIM_STANDS,     /* a wrong claim made again after its challenge: the disagreement named */
	LINE_LOOSE_QUESTION,   /* "what do you mean?" after a probe that only pointed at "that" */
	LINE_ANOTHER_ANGLE,    /* "could you put that another way?" after a probe: the next question follows */
	LINE_STORY_ON,         /* an incident told without its end yet: "what happened next?" */
	LINE_TAKE_OFFER,       /* "shall I walk you through it?" after a thin answer: "yes, please" */
	LINE_OWN_VIEW,         /* "what would you do?" mid-interview: a short view of the interviewer's own, handed back */
	LINE_INTRO_MORE,       /* an introduction of a sentence or two: what they work on and their part in it */
	LINE_REPHRASE_CONTEXT, /* "could you put that another way?" after a follow-up with a reason: the reason, then the question */
	LINE_REPHRASE_CONCRETE, /* ... after a probe worded around a concept: a concrete question of the concept's own follows */
	LINE_PICK_UP,          /* before a follow-up on what the candidate wondered about and left open */
	LINE_PICK_OPTION,      /* "reads or writes?" with no fact of the scenario's: one of the two, {option} */
	LINE_SHARE_VIEW,       /* "I'm not sure, what's your experience?": a short view, nothing handed back */
	LINE_STEER_ELSEWHERE,  /* "what should I dig into?" in a turn that moves on: we go elsewhere */
	LINE_UNKNOWN_PART,     /* the second part of a question we answered the first part of, not known */
	LINE_CLOSING_DONE,     /* "anything you want me to dig into?" after we answered theirs: nothing more */
	LINE_ASK_FIX,          /* a story the topic asked to hear fixed, told without its fix: "and the fix?" */
	LINE_STEER_BACK,       /* "what should I dig into?" after a reply that missed the question: that one */
	LINE_COUNT
};

/* Words of a match phrase, normalized ("how many" -> {"how","many"}). */
struct match_phrase {
	const char **words;
	size_t n_words;
};

struct matcher {
	struct match_phrase *phrases;
	size_t n; /* 0: matches anything (a default entry) */
};

struct assumption {
	struct matcher match;
	const char *say;
};

enum topic_branch { TOPIC_BRANCH_NONE, TOPIC_BRANCH_STRONG, TOPIC_BRANCH_FUNDAMENTALS };

struct topic {
	const char *id;
	int phase;             /* enum phase, or -1 for "any" */
	int branch;            /* enum topic_branch */
	int security;
	int order;             /* lower first; INT32_MAX when unset */
	int requires_category; /* lexicon category index or -1 */
	int is_followup;       /* a conditional follow-up */
	uint32_t when_categories;
	/* bit per enum concept_kind the concept that triggers it must be, or 0:
	 * "which queue system would you choose?" after a queue proposed, not
	 * after an outbox table or at-least-once delivery */
	uint16_t when_kinds;
	uint32_t categories;
	int max_followups;
	uint8_t probes[PROBE_COUNT];
	size_t n_probes;
	struct variants ask;
	struct variants rephrase;
	/* a conditional follow-up: questions that go further, asked when every
	 * line of ask asks what the candidate already said (covers:) */
	struct variants further;
	struct variants hints;  /* a hint and an easier question, for a candidate who is stuck */
	struct variants followups; /* questions of the topic's own, after any answer to it */
	uint8_t *followup_probe;   /* enum probe_kind per follow-up */
	int answers;               /* enum topic_answers */
	uint8_t asks_for;          /* ASKS_* parts of the story its question asks to hear */
	int covered_by;         /* the topic that asks the same (index), or -1: one or the other */
	int16_t answered_by;    /* cover id whose statement answers the topic's question, or -1 */
	struct assumption *assumptions;
	size_t n_assumptions;
};

struct concept_ack {
	int concept;
	struct variants lines;
};

/* Questions a senior engineer asks about one concept the candidate uses
 * (Redis: persistence, failover, eviction), each marked with its probe kind. */
struct concept_followup {
	int concept;
	struct variants lines;
	uint8_t *probe; /* enum probe_kind per line */
};

/* What the interviewer says about a concept the candidate did not choose. */
enum stance_probe {
	SPROBE_REJECTED,    /* "what made you rule out {concept}?" */
	SPROBE_ALTERNATIVE, /* "you named {concept} as an option; what tipped it?" */
	SPROBE_SKIPS,       /* a gentle challenge on a practice they skip */
	SPROBE_COUNT
};

/* A collegial challenge to a wrong claim of the rubric (rubric.yaml wrong_claims). */
struct claim_challenge {
	const char *claim_id;
	struct variants lines;
	/* how the right view sounds ("just signed", "anyone can decode"):
	 * NULL-terminated phrases or NULL, and their stems, found at load; a
	 * reply that says enough of them holds it, and is not challenged */
	const char **heard_as;
	struct qphrases right_view;
};

#define ANECDOTE_MAX_CONCEPTS 12

struct anecdote {
	uint32_t categories;
	const char *text;
	uint16_t concepts[ANECDOTE_MAX_CONCEPTS]; /* what the story is about, found at load */
	size_t n_concepts;
};

struct persona_answer {
	struct matcher match;
	struct variants say;
};

#define MAX_OPEN_FLOOR_TOPICS 4

struct playbook {
	struct arena arena;
	const char *version;
	const char *role;
	const char *persona_name;
	struct variants intro;
	double words_per_minute;
	double silence_seconds;
	double total_min_s, total_max_s;
	double budget_min_s[PHASE_COUNT], budget_max_s[PHASE_COUNT];
	int min_topics[PHASE_COUNT];
	struct topic *topics;
	size_t n_topics;
	struct variants probes[PROBE_COUNT];
	struct concept_ack *concept_acks;
	size_t n_concept_acks;
	struct variants category_acks[LEXICON_MAX_CATEGORIES];
	struct variants generic_acks;
	struct anecdote *anecdotes;
	size_t n_anecdotes;
	struct persona_answer *answers;
	size_t n_answers;
	struct concept_followup *followups;
	size_t n_followups;
	struct variants stance_probes[SPROBE_COUNT];
	struct claim_challenge *challenges;
	size_t n_challenges;
	const char **cover_ids; /* distinct rubric point ids named by follow-ups' covers */
	size_t n_cover_ids, cap_cover_ids;
	struct variants lines[LINE_COUNT];
	/* what an open floor is about, by branch (0 fundamentals or undecided,
	 * 1 strong): topic indexes, the first that is not the current topic */
	int16_t open_floor_topics[2][MAX_OPEN_FLOOR_TOPICS];
	uint8_t n_open_floor_topics[2];
	/* words that never make a question its own ("what", "want",
	 * "anything"): no key term (question_terms.h); NULL-terminated or NULL */
	const char **function_words;
	/* words that open a second question after ", and" ("what", "how"):
	 * the first question alone is a narrower rephrasing (question_parts.h);
	 * NULL-terminated or NULL */
	const char **question_openers;
};

/* Finds the key terms of every follow-up question (playbook_terms.c).
 * Returns 0, or -1 when memory ran out. */
int playbook_index_terms(struct playbook *pb, const struct lexicon *lx);
const char *probe_kind_name(enum probe_kind k);
const char *topic_answers_name(enum topic_answers a);
/* The follow-ups for a concept, or NULL. */
const struct concept_followup *playbook_concept_followups(const struct playbook *pb, int concept);
/* The challenge lines for a wrong claim, or NULL. */
const struct variants *playbook_challenge(const struct playbook *pb, const char *claim_id);
const struct claim_challenge *playbook_find_challenge(const struct playbook *pb, const char *claim_id);
const struct topic *playbook_find_topic(const struct playbook *pb, const char *id);

/* 1 when one of the matcher's phrases occurs in words (a default matcher
 * with no phrases matches everything). */
int matcher_hits(const struct matcher *m, const struct text_word *words, size_t n);
/* How much of words m's phrases cover: the words of every phrase found (a
 * two-word "design review" outweighs a one-word "schema"). */
size_t matcher_weight(const struct matcher *m, const struct text_word *words, size_t n);
/* The index of the first word where one of m's phrases starts, or SIZE_MAX. */
size_t matcher_first_at(const struct matcher *m, const struct text_word *words, size_t n);

#endif
