/*
 * stance.c - the candidate's stance toward a concept (see stance.h).
 *
 * The clause of a concept runs from the last clause break ("but",
 * "however", a sentence end) before it to the next one after it.  Cue
 * phrases are read left to right, longest first and without overlap, so
 * "you could use Redis" is an alternative and not a use.  The cue closest
 * before the concept decides, a negation just before a choice turns it
 * around ("we don't use Kafka"), and a verdict after the concept ("caching
 * felt like overkill") overrides everything before it.
 */
#include "stance.h"

#include <string.h>


/* how far a cue may stand from the concept, in words: a negation governs
 * only what follows it closely ("no validation", "don't use Kafka") */
#define STANCE_WINDOW_BEFORE 8
#define STANCE_WINDOW_AFTER 4
#define NEGATE_REACH 2
#define REJECT_REACH 2
#define ALTERNATIVE_REACH 4

static const char *const stance_names[STANCE_COUNT] = {
	"mention", "uses", "rejected", "alternative", "faced", "skips", "unknown", "inherited",
};

const char *stance_name(enum stance s)
{
	return (unsigned)s < STANCE_COUNT ? stance_names[s] : "?";
}

int stance_is_own(enum stance s)
{
	return s == STANCE_USES || s == STANCE_FACED || s == STANCE_INHERITED;
}

/* The first word of the concept's clause. */
static size_t clause_start(const struct lexicon *lx, const struct text_word *words, size_t at)
{
	size_t start = at;
	/* a comma or a dash ends a clause too */
	while (start > 0 && !words[start].pause_before &&
	       words[start - 1].sentence == words[at].sentence &&
	       at - (start - 1) <= STANCE_WINDOW_BEFORE)
		start--;
	/* the last clause break between start and the concept closes the clause */
	size_t from = start;
	for (size_t i = start; i < at;) {
		uint32_t cues;
		size_t len = lexicon_match_stance_at(lx, words, at, i, &cues);
		if (!len) {
			i++;
			continue;
		}
		if (cues & (1u << SCUE_BREAK))
			from = i + len;
		i += len;
	}
	return from;
}

struct cues_before {
	int decisive;        /* the closest of choose, reject, alternative, unknown, negate, faced; -1 */
	size_t distance;     /* words from the end of that cue to the concept */
	int negated_choice;  /* a negation right before the closest choice */
	int first_person;
	int destination;     /* a destination word ("to", "into") between that cue and the concept */
	int place;           /* a place word ("in", "from") between that cue and the concept */
	int operate;         /* an action on it ("hitting", "spending") between that cue and the concept */
	int third_party;     /* the cue's subject is something else ("it relied on", "they use") */
};

static void read_before(const struct lexicon *lx, const struct text_word *words, size_t from,
			size_t at, struct cues_before *out)
{
	const uint32_t decisive = (1u << SCUE_CHOOSE) | (1u << SCUE_REJECT) |
				  (1u << SCUE_ALTERNATIVE) | (1u << SCUE_UNKNOWN) |
				  (1u << SCUE_NEGATE) | (1u << SCUE_FACED);
	int previous = -1;
	out->decisive = -1;
	out->distance = 0;
	out->negated_choice = 0;
	out->first_person = 0;
	out->destination = 0;
	out->place = 0;
	out->operate = 0;
	out->third_party = 0;
	for (size_t i = from; i < at; i++) {
		/* "we" inside "we do" still says who acts; the "I" of "I think" or
		 * of "if I'm on AWS" does not */
		uint32_t one, whole, before;
		if (lexicon_match_stance_at(lx, words, i + 1, i, &one) && (one & (1u << SCUE_FIRST_PERSON)) &&
		    !(lexicon_match_stance_at(lx, words, at, i, &whole) && (whole & (1u << SCUE_OPINION))) &&
		    !(i > from && lexicon_match_stance_at(lx, words, at, i - 1, &before) >= 2 &&
		      (before & (1u << SCUE_OPINION))))
			out->first_person = 1;
	}
	for (size_t i = from; i < at;) {
		uint32_t cues;
		size_t len = lexicon_match_stance_at(lx, words, at, i, &cues);
		if (!len) {
			i++;
			continue;
		}
		if (cues & decisive) {
			int cue = -1;
			/* one phrase may carry several cues: the strongest reading */
			static const int order[] = {SCUE_UNKNOWN, SCUE_REJECT, SCUE_ALTERNATIVE,
						    SCUE_NEGATE,  SCUE_CHOOSE, SCUE_FACED};
			for (size_t k = 0; k < sizeof order / sizeof order[0] && cue < 0; k++)
				if (cues & (1u << order[k]))
					cue = order[k];
			out->negated_choice = cue == SCUE_CHOOSE && previous == SCUE_NEGATE;
			out->decisive = cue;
			uint32_t subject;
			out->third_party = i > 0 &&
					   lexicon_match_stance_at(lx, words, i, i - 1, &subject) &&
					   (subject & (1u << SCUE_THIRD_PARTY));
			out->distance = at - (i + len);
			out->destination = 0;
			out->place = 0;
			out->operate = 0;
			for (size_t k = i + len; k < at; k++) {
				uint32_t word;
				out->destination |= lexicon_match_stance_at(lx, words, k + 1, k, &word) &&
						     (word & (1u << SCUE_DESTINATION));
				out->place |= lexicon_match_stance_at(lx, words, k + 1, k, &word) &&
					      (word & (1u << SCUE_PLACE));
				out->operate |= lexicon_match_stance_at(lx, words, at, k, &word) &&
						(word & (1u << SCUE_OPERATE));
			}
			previous = cue;
		}
		i += len;
	}
}

/* 1 when a verdict against the concept follows it in its clause
 * (SCUE_REJECT_AFTER), or, with cue SCUE_DOWNSIDE_AFTER, a cost of it. */
static int said_after(const struct lexicon *lx, const struct text_word *words, size_t n_words,
		      const struct concept_hit *hit, int want)
{
	size_t i = (size_t)hit->first_word + hit->n_words;
	uint16_t sentence = words[hit->first_word].sentence;
	size_t end = i + STANCE_WINDOW_AFTER;
	while (i < n_words && i < end && words[i].sentence == sentence && !words[i].pause_before) {
		uint32_t cues;
		size_t len = lexicon_match_stance_at(lx, words, n_words, i, &cues);
		if (!len) {
			i++;
			continue;
		}
		if (cues & (1u << want))
			return 1;
		if (cues & (1u << SCUE_BREAK))
			return 0;
		i += len;
	}
	return 0;
}

enum stance stance_of_hit(const struct lexicon *lx, const struct text_word *words, size_t n_words,
			  const struct concept_hit *hit)
{
	size_t at = hit->first_word;
	if (at >= n_words)
		return STANCE_MENTION;
	enum concept_kind kind = lexicon_concept_kind(lx, hit->concept);
	int problem = kind == KIND_PROBLEM;
	if (!problem && said_after(lx, words, n_words, hit, SCUE_REJECT_AFTER))
		return STANCE_REJECTED;
	/* "optimistic locking results in many retries": a cost named, no pick */
	if (!problem && said_after(lx, words, n_words, hit, SCUE_DOWNSIDE_AFTER))
		return STANCE_MENTION;
	struct cues_before cb;
	read_before(lx, words, clause_start(lx, words, at), at, &cb);
	int cue = cb.negated_choice ? SCUE_NEGATE : cb.decisive;
	/* "rather than hitting the database": an action spared, not a thing ruled out */
	if (cue == SCUE_REJECT && cb.operate)
		return STANCE_MENTION;
	/* "we moved from RabbitMQ to SQS": the concept after "to" is where they went */
	if (cue == SCUE_REJECT && cb.destination)
		cue = SCUE_CHOOSE;
	/* "we found it not in code review": where, not whether they do it */
	if (cue == SCUE_NEGATE && !cb.negated_choice && cb.place)
		return STANCE_MENTION;
	/* a negation or a rejection far from the concept is about something
	 * else; a rejection still leaves no choice of it behind ("I chose it over
	 * a fixed window because with fixed windows ...") */
	if ((cue == SCUE_REJECT && cb.distance > REJECT_REACH) ||
	    (cue == SCUE_ALTERNATIVE && cb.distance > ALTERNATIVE_REACH))
		return STANCE_MENTION;
	if (cue == SCUE_NEGATE && cb.distance > NEGATE_REACH && !cb.negated_choice)
		cue = -1;
	/* "without a timeout" in a story is no decision of theirs: a negation
	 * says what they do not do only when they are its subject */
	if (cue == SCUE_NEGATE && !cb.first_person)
		cue = -1;
	switch (cue) {
	case SCUE_UNKNOWN:
		return STANCE_UNKNOWN;
	case SCUE_REJECT:
		return problem ? STANCE_MENTION : STANCE_REJECTED;
	case SCUE_ALTERNATIVE:
		return problem ? STANCE_MENTION : STANCE_ALTERNATIVE;
	case SCUE_NEGATE:
		/* "we never had deadlocks" is no problem met; "we don't use Kafka" rules a
		 * product out; "almost no validation" skips a practice or technique */
		if (problem)
			return STANCE_MENTION;
		return kind == KIND_COMPONENT || kind == KIND_LANGUAGE ? STANCE_REJECTED : STANCE_SKIPS;
	case SCUE_CHOOSE:
		/* "it relied on the rollback": the system's doing, not their choice */
		if (cb.third_party && !cb.first_person)
			return STANCE_MENTION;
		return problem ? (cb.first_person ? STANCE_FACED : STANCE_MENTION) : STANCE_USES;
	case SCUE_FACED:
		return problem ? STANCE_FACED : (cb.first_person ? STANCE_USES : STANCE_MENTION);
	default:
		if (!cb.first_person)
			return STANCE_MENTION;
		return problem ? STANCE_FACED : STANCE_USES;
	}
}
