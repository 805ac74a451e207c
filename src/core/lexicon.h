/*
 * lexicon.h - the concept lexicon and the signal phrases (data/lexicon.yaml,
 * data/signals.yaml).
 *
 * A concept is a backend idea ("token bucket", "Redis", "read replica") with
 * the words a candidate - or a speech recognizer mishearing a candidate - uses
 * for it, and one or more categories ("caching", "security", ...).  A signal
 * is a way of talking ("because" is reasoning, "the downside is" weighs a
 * trade-off, "I haven't used it" admits a gap).  The lexicon is loaded once,
 * is immutable afterwards and is shared by every interview.
 */
#ifndef IV_LEXICON_H
#define IV_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "iv_error.h"
#include "text.h"

#define LEXICON_MAX_CATEGORIES 32

/* What kind of thing a concept is: decides which questions may name it.
 * "Why that over the alternatives?" fits a component or a technique one
 * chose, never a problem one met.  Stored nowhere: the order may change. */
enum concept_kind {
	KIND_GENERIC,   /* too broad to ask about by name ("APIs", "the database") */
	KIND_COMPONENT, /* a product or system one runs: Redis, Postgres, Kafka, nginx */
	KIND_TECHNIQUE, /* a technique or pattern one chooses: sharding, a token bucket */
	KIND_PROBLEM,   /* a problem or failure one meets: N+1 queries, clock skew, deadlocks */
	KIND_METRIC,    /* a property or measure: p99 latency, throughput, error rate */
	KIND_PRACTICE,  /* a requirement or practice one does or skips: code review, input validation */
	KIND_PROTOCOL,  /* a protocol, standard or format: HTTP, TLS, OAuth, JSON */
	KIND_LANGUAGE,  /* a language or framework: Go, Django, Spring */
	KIND_COUNT
};

const char *concept_kind_name(enum concept_kind k);
/* Kind by name, or -1. */
int concept_kind_from_name(const char *name);

/* The cue phrases (data/signals.yaml, stance:) that tell what a candidate
 * said about a concept: chose it, ruled it out, met it as a problem ... */
enum stance_cue {
	SCUE_CHOOSE,      /* before: we use, I'd go with, we moved to */
	SCUE_FIRST_PERSON,/* before: I, we, our (agency, weaker than a choice) */
	SCUE_NEGATE,      /* before: not, no, never, without, don't */
	SCUE_REJECT,      /* before: instead of, rather than, moved away from, ruled out */
	SCUE_ALTERNATIVE, /* before: someone might suggest, you could, one option is */
	SCUE_FACED,       /* before: we had, we hit, ran into */
	SCUE_UNKNOWN,     /* before: I don't know, never used, not familiar with */
	SCUE_REJECT_AFTER,/* after: would be overkill, felt like, didn't work */
	SCUE_BREAK,       /* a clause boundary: but, however, instead, whereas */
	SCUE_INHERITED,   /* anywhere in the sentence: that was chosen before I joined */
	SCUE_UNKNOWN_BACK,/* after, pointing back: but I haven't configured it myself */
	SCUE_OPINION,     /* I think, I know, I guess: a first person who acts on nothing */
	SCUE_DESTINATION, /* between a rejection and the concept: "from RabbitMQ to SQS" */
	SCUE_DOWNSIDE_AFTER, /* after: results in, leads to, causes: a cost named, no choice praised */
	SCUE_THIRD_PARTY, /* right before a choice cue: it, they, someone: not the speaker's choice */
	SCUE_PLACE,       /* between a negation and the concept: "not in code review" says where */
	SCUE_OPERATE,     /* between a rejection and the concept: "instead of hammering the database" */
	SCUE_FLAW_BACK,   /* opening a sentence, pointing back: "The problem I can see is ...": what was named is criticised */
	SCUE_COUNT
};

/* The signals the understanding layer knows.  Their phrases live in
 * data/signals.yaml under the same names (see signal_name()). */
enum signal_id {
	SIG_REASONING,      /* because, so that, the reason is */
	SIG_TRADEOFF,       /* trade-off, downside, on the other hand, versus */
	SIG_HEDGE,          /* I think, probably, I guess, maybe */
	SIG_ADMIT_GAP,      /* I haven't used, I don't know much about, never worked with */
	SIG_PRODUCTION,     /* in production, we had, our team, we shipped, on call */
	SIG_INCIDENT,       /* outage, incident, went down, postmortem, paged */
	SIG_EDGE_CASE,      /* what if, fails, failure, retry, timeout, race condition */
	SIG_SCALE,          /* millions of, scale, throughput, bottleneck, load */
	SIG_QUANTITY,       /* thousand, million, percent, milliseconds (digits are found in C) */
	SIG_VAGUE,          /* best practices, industry standard, it just works */
	SIG_BLAME,          /* their fault, QA should have, not my fault, ops messed up */
	SIG_DISMISSIVE,     /* not our problem, overkill, security team handles that */
	SIG_THEORY,         /* I've read about, in theory, textbook, in the course */
	SIG_LEARNING,       /* I learned, lesson, next time I would, I was wrong */
	SIG_EXAMPLE,        /* for example, for instance, like when */
	SIG_DONT_KNOW,      /* I don't know, no idea, not sure at all */
	SIG_THINKING,       /* let me think, give me a second, hmm let me see */
	SIG_REPEAT_REQUEST, /* can you repeat, say that again, sorry what was the question */
	SIG_CODE_REQUEST,   /* write the code, show me the code, can you code it */
	SIG_INSTRUCTION,    /* ignore previous instructions, system:, rate me, mark this candidate */
	SIG_RUDE,           /* this is stupid, waste of time, shut up */
	SIG_NO_QUESTIONS,   /* no questions, I think you covered it, that's all from me */
	SIG_CLARIFY_TOPIC,  /* words of a scenario question: how many users, read heavy, latency */
	SIG_ROLE_TOPIC,     /* words of a question about the job: team, on call, culture */
	SIG_QUESTION_START, /* what, how, do you, is there, can you ... at a sentence start */
	SIG_OFF_TOPIC,      /* my weekend, football, the weather ... */
	SIG_REASSURANCE,    /* is this the level of detail you want, am I on the right track */
	SIG_MEANING,        /* do you mean in my experience or in general, are you asking about */
	SIG_ASK_INDIRECT,   /* I'd love to know, I'm curious how, I was wondering: a question without "?" */
	SIG_SELF_ANSWER,    /* yes, no, probably, only if: a speaker answering their own question */
	SIG_ADDRESSED,      /* you, your, should I, can I: a question put to the listener */
	SIG_DECISION,       /* we went with, I chose, I'd pick: a choice of the speaker's own */
	SIG_NOTHING_MORE,   /* that's about it, nothing to add: the speaker is done with the topic */
	SIG_STEER_REQUEST,  /* anything specific you want me to dig into: the speaker asks to be steered */
	SIG_ATTITUDE,       /* honestly, obviously, basically: said back, it sounds like mockery */
	SIG_REPHRASE,       /* put that another way, what do you mean: the question said differently */
	SIG_RESOLVED,       /* the root cause was, turned out, we fixed it: a story told to its end */
	SIG_OFFER_MORE,     /* "or would you like me to walk through it step by step?": an offer */
	SIG_HINT_REQUEST,   /* "could you give me a hint?": asks for a nudge, not for facts */
	SIG_DELIBERATION,   /* "do I need replay, or just each job done once?": thinking aloud */
	SIG_SECOND_PERSON,  /* you, your: a sentence put to the interviewer */
	SIG_EARLY_CAREER,   /* my internship, the bootcamp, just graduated: early in a career */
	SIG_ASK_OPINION,    /* "how have you seen it go?", "what would you do?": the interviewer's view */
	SIG_AUX_OPENING,    /* do, can, should: a sentence opening that asks only with its "?" */
	SIG_CHOICE_WORD,    /* or, versus: "read or write endpoint?" offers a choice */
	SIG_REQUEST_MARKER, /* let me, should I, want me to: a sentence that asks or offers */
	SIG_NOT_MINE,       /* "I wasn't the one who", "the ops team did it": someone else's work */
	SIG_EVENT,          /* "one morning", "started failing", "we noticed": something that happened, told */
	SIG_ASKS_DURATION,  /* how long, how stale, how often: a question a length of time answers */
	SIG_ASKS_AMOUNT,    /* how many, how much, how big: a question a number answers */
	SIG_DURATION,       /* seconds, an hour, nightly: a length of time said */
	SIG_LAST_QUESTION,  /* "one last one", "my final question": the closing's last question */
	SIG_EXCEPT,         /* apart from, other than, besides: what follows is not asked about */
	SIG_FIX_TOLD,       /* "the fix was", "we added an index", "rolled back": what was done about a problem */
	SIG_REPORTED_QUESTION, /* "I asked Jun:", "the question we asked was": a question told, not put */
	SIG_QUESTION_TAG,   /* "..., right?", "..., isn't it?": a statement that seeks agreement */
	SIG_CHOICE_CONNECTOR, /* instead of, rather than: names an alternative without weighing it */
	SIG_WOULD_ASK,      /* "I'd ask the business", "I'd check with product": a question for whoever owns the scenario */
	SIG_PAST_TOLD,      /* "was", "hit", "dropped": what happened, told in the past */
	SIG_COUNT
};

/* One bit per signal. */
typedef uint64_t signal_mask;
_Static_assert(SIG_COUNT <= 64, "a signal_mask holds one bit per signal");

struct lexicon;

/* A text to parse, with the name used in error messages (file name). */
struct text_source {
	const char *name;
	const char *text;
	size_t len;
};

/* Parses the concept lexicon and the signal phrases.  On error returns NULL
 * and err says "file:line: what is wrong".  Free with lexicon_free(). */
struct lexicon *lexicon_parse(const struct text_source *concepts,
			      const struct text_source *signals,
			      struct iv_error *err);
void lexicon_free(struct lexicon *lx);

const char *signal_name(enum signal_id sig);

size_t lexicon_concept_count(const struct lexicon *lx);
const char *lexicon_concept_id(const struct lexicon *lx, size_t concept);
/* How the interviewer says the concept ("Redis", "a token bucket"). */
const char *lexicon_concept_name(const struct lexicon *lx, size_t concept);
/* 1 for a component that is one product (SQS, Kafka), 0 for a kind of
 * thing: a component whose name says it with an article ("a message
 * queue", docs/lexicon.md). */
int lexicon_concept_is_product(const struct lexicon *lx, size_t concept);
/* 0 for concepts too generic to name back in a question ("APIs") or that
 * a candidate usually mentions to reject ("plaintext storage"). */
int lexicon_concept_referable(const struct lexicon *lx, size_t concept);
enum concept_kind lexicon_concept_kind(const struct lexicon *lx, size_t concept);
/* Bit i set when the concept belongs to category i. */
uint32_t lexicon_concept_categories(const struct lexicon *lx, size_t concept);
/* The category a concept lists first: what it mainly is (a connection pool
 * is performance first, database second). */
int lexicon_concept_primary_category(const struct lexicon *lx, size_t concept);
/* Index of a concept by id, or -1. */
int lexicon_find_concept(const struct lexicon *lx, const char *id);

size_t lexicon_category_count(const struct lexicon *lx);
const char *lexicon_category_id(const struct lexicon *lx, size_t category);
/* Index of a category by id, or -1. */
int lexicon_find_category(const struct lexicon *lx, const char *id);
/* Bitmask of the named categories (comma-free list, NULL-terminated); unknown
 * names are ignored. */
uint32_t lexicon_category_mask(const struct lexicon *lx, const char *const *ids);

/* One concept found in a run of words. */
struct concept_hit {
	uint16_t concept;
	uint16_t first_word;
	uint16_t n_words;
};

/* Finds concepts in words[0..n_words): longest match wins, matches do not
 * overlap.  A concept with context phrases (an ambiguous word like
 * "monitor") counts only where one of them occurs in the same sentence.  Writes at most max hits; returns the number found (may exceed
 * max, in which case only max were written). */
size_t lexicon_match_concepts(const struct lexicon *lx, const struct text_word *words,
			      size_t n_words, struct concept_hit *hits, size_t max);

/* Adds to counts[sig] (saturating at 255) every signal phrase found in
 * words[0..n_words). */
void lexicon_match_signals(const struct lexicon *lx, const struct text_word *words,
			   size_t n_words, uint8_t counts[SIG_COUNT]);

/* The stance cues of the longest cue phrase that starts at words[at]: a bit
 * per enum stance_cue in *cues; returns its length (0 when none starts there). */
size_t lexicon_match_stance_at(const struct lexicon *lx, const struct text_word *words,
			       size_t n_words, size_t at, uint32_t *cues);

/* How many of words[0..n_words) are leading filler words ("so", "hmm",
 * "okay": question_fillers), up to six phrases of them. */
size_t lexicon_leading_fillers(const struct lexicon *lx, const struct text_word *words, size_t n_words);

/* 1 when words[0..n_words) starts with a phrase of signal sig (after the
 * leading filler words listed under question_fillers), else 0. */
int lexicon_starts_with_signal(const struct lexicon *lx, const struct text_word *words,
			       size_t n_words, enum signal_id sig);

#endif
