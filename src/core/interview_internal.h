/*
 * interview_internal.h - the state of one live interview, shared by the
 * engine's files (interview.c decides, wording.c words).  Fixed-size: one
 * interview is one allocation plus the word scratch, well under 64 KiB.
 */
#ifndef IV_INTERVIEW_INTERNAL_H
#define IV_INTERVIEW_INTERNAL_H

#include <stdint.h>

#include "interview.h"
#include "playbook_internal.h"
#include "rubric.h"
#include "understand.h"

#define IV_MAX_TOPICS 64
#define IV_MAX_SAID 2048
#define IV_MAX_ANECDOTES 128
#define IV_MAX_REMEMBERED 64
#define IV_MAX_TOPIC_NAMED 64
#define IV_MAX_DISOWNED 64
#define IV_TEXT_CAP 1024
#define IV_MAX_REPLY_SIGS 256
#define IV_MAX_CLAIMS 64
#define IV_MAX_EXPLAINED 128 /* concepts a reason or trade-off was given about */
#define IV_HEARD_SENTENCES 64 /* the candidate's last sentences, as key-term stems */
#define IV_MAX_COVERS 2048 /* knowledge points that follow-ups name (covers:) */
/* seconds before a phase's planned end in which no new topic is begun */
#define TOPIC_SLACK_S 45

/* One turn being put together from pieces (acknowledgement, story, question). */
#define DRAFT_MAX_PIECES 6

struct turn_draft {
	const char *pieces[DRAFT_MAX_PIECES];
	const char *templates[DRAFT_MAX_PIECES]; /* the playbook line of each piece, or NULL */
	char storage[DRAFT_MAX_PIECES][IV_TEXT_CAP / 2];
	int n;
	int optional[DRAFT_MAX_PIECES]; /* may be dropped to keep the turn short */
	int16_t covers[DRAFT_MAX_PIECES]; /* the covers: id of the question a piece asks, or -1 */
	uint32_t acts;
	int focus; /* the last concept a piece was worded around, or -1 */
	int about_intro; /* asks more of the introduction: the turn's topic is opening.intro */
	int steered;     /* a piece promises to point the candidate somewhere (reassure_steer) */
	/* the last piece that asks a follow-up of the playbook's own with key
	 * terms or heard_as: its lines and index (asks_v NULL: none) */
	const struct variants *asks_v;
	size_t asks_i;
};

struct interview {
	const struct playbook *pb;
	const struct lexicon *lx;
	const struct rubric *rubric; /* may be NULL: no wrong claims are challenged */
	uint64_t rng;
	char name[96];

	int turn;
	int asked_again_turn;    /* the turn that last said the question again (1-based), 0: none */
	int awaiting;
	int over;
	int thanks_next; /* the goodbye did not fit the last turn's answers: said next */
	enum phase phase;
	double phase_start_t;
	double now_t;

	int topic;               /* index into pb->topics, -1 before the first */
	int topic_followups;     /* probes asked on the current topic */
	int topic_hinted;        /* a hint was offered on the current topic */
	int parent_topic;        /* the topic a conditional follow-up interrupted, or -1 */
	int parent_followups;    /* ... and how many probes it had had */
	uint32_t parent_used_categories; /* ... and what its replies used or proposed */
	int parent_fix;          /* ... 1: its replies told the fix, 2: it asked for one, 4: told the cause */
	int topic_replies;       /* replies heard on the current topic */
	uint32_t topic_categories; /* categories the replies on this topic touched */
	/* categories of what the replies on this topic use or propose (not
	 * what they never did, ruled out or only weighed): "how do the workers
	 * catch up?" waits for workers */
	uint32_t topic_used_categories;
	int last_kind;           /* what the last turn asked: see enum ask_kind in interview.c */
	int last_probe;          /* enum probe_kind of the last probe, or -1 */
	uint8_t probes_used[PROBE_COUNT]; /* on the current topic */
	uint8_t asked[IV_MAX_TOPICS];
	int phase_topics[PHASE_COUNT];
	uint64_t pending_followups; /* conditional follow-ups triggered, by topic index */
	uint64_t fresh_followups;   /* ... of them, those the last reply triggered */
	int8_t order[IV_MAX_TOPICS]; /* seeded topic order */

	uint32_t categories_seen;
	int16_t first_concept_in[LEXICON_MAX_CATEGORIES];
	/* ... and the first product or system of each (a topic that asks why
	 * they chose their database names MySQL, never "indexes") */
	int16_t first_component_in[LEXICON_MAX_CATEGORIES];
	uint32_t design_categories;   /* what the design answers touched */
	int security_unprompted;      /* the candidate raised security before being asked */
	int security_general_asked;
	int security_topics_asked;
	float topic_substance[IV_MAX_TOPICS]; /* the best answer's substance on each topic */
	int wrong_claims;             /* the rubric's wrong claims heard so far */
	int open_floors;              /* times the floor was offered to fill the minimum length */
	double reply_words_sum;       /* for the candidate's average answer length */
	int replies;
	int replies_gap;        /* replies that admit not having done it ("I haven't ...") */
	int early_career;       /* described themselves as early in a career (internship, bootcamp) */
	double career_years;    /* the longest engineering career the opening told of ("nine years"), or 0 */
	int replies_practice;   /* replies that tell of their own production work */
	enum branch branch;

	struct utterance_analysis last;
	int last_concept;             /* a concept of the last reply to refer to, or -1 */
	uint16_t offers;              /* enum line_need: what the last reply gives a line to stand on */
	uint8_t topic_fixed;          /* a reply on this topic told the fix ("the fix was", "we rolled back") */
	uint8_t topic_solved;         /* ... or its cause ("it turned out", "the root cause was") */
	uint8_t topic_not_mine;       /* a reply on this topic said the work was someone else's */
	uint8_t scale_beyond;         /* they said scale is beyond their experience: no more "ten times the load?" */
	uint32_t own_categories;      /* categories of what the last reply chose, met or named */
	uint32_t chosen_categories;   /* ... of what it chose itself (stance uses: not met, named or inherited) */
	int last_rejected;            /* a concept the last reply ruled out or only weighed, or -1 */
	int last_rejected_stance;     /* ... enum stance: rejected or alternative */
	int last_skipped;             /* a practice the last reply says they skip, or -1 */
	int pending_claim;            /* a wrong claim of the last reply to challenge, or -1 */
	uint16_t claim_challenged[IV_MAX_CLAIMS]; /* the turn that challenged it, plus one; 0 never */
	uint8_t claim_restated[IV_MAX_CLAIMS]; /* said again after its challenge, and noted */
	int restated_claim;           /* a challenged claim the last reply makes again, or -1 */
	int claims_in_reply;          /* wrong claims in the last reply, challenged or not */
	int16_t cover_point[IV_MAX_COVERS];  /* the rubric point of each playbook cover id; -1 */
	uint64_t covers_heard[IV_MAX_COVERS / 64]; /* the candidate has stated it: no question asks for it */
	int16_t cover_topic[IV_MAX_COVERS];  /* the topic it was last stated on */
	/* the candidate's last sentences as stems (question_terms.h), with the
	 * topic each was said on: a follow-up whose key terms one of them says
	 * is answered already, however the rubric's patterns put it */
	struct heard_sentence {
		int16_t topic;
		uint8_t n, n_concepts;
		uint8_t says; /* HEARD_SAYS_*: a length of time, a number */
		int reply; /* n_heard at its reply's first sentence: which reply it was in */
		uint16_t concepts[4]; /* the first concepts it names */
		uint32_t stems[QTERMS_PER_SENTENCE];
	} heard[IV_HEARD_SENTENCES];
	/* what the last reply wondered about and left open ("what if a customer
	 * puts in an internal address? I'm not sure, actually."): its question
	 * sentences' stems, when the reply admits not knowing */
	uint32_t open_question[QTERMS_PER_SENTENCE];
	int n_open_question;
	int reply_first_heard; /* the last reply's first sentence in heard (counted as n_heard) */
	int n_heard; /* sentences heard in all; the ring holds the last IV_HEARD_SENTENCES */
	int repeated;                 /* the last reply repeats an earlier one */
	int repeats_in_row;
	uint64_t reply_sigs[IV_MAX_REPLY_SIGS]; /* simhash of every substantial reply */
	int n_reply_sigs;
	int topic_turns;              /* interviewer turns on the current topic */
	int anecdote_in_phase[PHASE_COUNT];
	int topic_concept;            /* the first such concept on the current topic, or -1 */
	int silences, dont_knows;
	int not_heard;                /* the last reply was heard too badly to judge */
	int acked_last_turn;
	uint64_t answers_repeated; /* persona answers said a second time (said_before) */
	uint16_t reasoned[UA_MAX_CONCEPTS]; /* concepts the last reply gave a reason about */
	int n_reasoned;
	uint16_t decided[UA_MAX_CONCEPTS]; /* concepts a sentence of the last reply said they chose */
	int n_decided;
	int reply_fix; /* a sentence of the last reply told what was done (the rubric's response, mitigation) */
	/* every concept the candidate gave a reason (EXPLAINED_WHY) or weighed a
	 * trade-off (EXPLAINED_TRADEOFF) about, all interview: "why SQS?" or "the
	 * pros and cons of SQS?" is answered already */
	uint16_t explained[IV_MAX_EXPLAINED];
	uint8_t explained_how[IV_MAX_EXPLAINED];
	int n_explained;
	int topic_stock_probes;       /* stock probes asked on the current topic */
	uint8_t topic_explained;      /* EXPLAINED_* given by any reply on the current topic */
	int topic_story_on;           /* "what happened next?" asked on the current topic */
	int topic_fix_asked;          /* "and what was the fix?" asked on the current topic */
	int intro_thin;               /* the introduction was a sentence or two */
	int intro_more_asked;         /* a thin introduction got its one question for more */
	int anecdotes_told;
	uint8_t anecdote_used[IV_MAX_ANECDOTES];
	/* concepts the candidate used or met, with the topic they came up in:
	 * what the interviewer can go back to when the topics run out */
	int16_t topic_named[IV_MAX_TOPIC_NAMED]; /* concepts the candidate named on this topic */
	int n_topic_named;
	/* ... of them, those a reply said more about than their name: chose
	 * in so many words, reasoned about, met, came back to */
	int16_t topic_owned[IV_MAX_TOPIC_NAMED];
	int n_topic_owned;
	int16_t disowned[IV_MAX_DISOWNED];      /* never used, ruled out, skipped: not asked about */
	int n_disowned;
	int16_t inherited[IV_MAX_DISOWNED];     /* used, but chosen before them: never "why X?" */
	int n_inherited;
	int16_t remembered[IV_MAX_REMEMBERED];
	int16_t remembered_topic[IV_MAX_REMEMBERED];
	int n_remembered;
	int closing_answers;
	int closing_offered;          /* asked whether they have anything to add */
	char deferred_answer[IV_TEXT_CAP / 2]; /* an answer that did not fit the last turn */
	int deferred_turn; /* the turn that left it over */
	char reply_text[2 * IV_TEXT_CAP];      /* the reply just heard, as said (cut at this size): scratch's offsets point into it */
	int redirects;

	uint64_t said[IV_MAX_SAID];
	int n_said;

	char text[IV_TEXT_CAP];
	char last_asked[IV_TEXT_CAP];  /* the last turn that asked something: "take your time"
				     asks nothing, and a request to say it again means it */
	int last_asked_focus;          /* the concept the last_asked turn was worded around, or -1 */
	/* the follow-up of the playbook's own the last_asked turn asked (its
	 * lines and index), NULL when it asked none: what its answer sounds like */
	const struct variants *asked_v;
	size_t asked_i;
	int reply_missed; /* the last reply said nothing of what that follow-up asked */
	struct text_words scratch;
};

#define ACT(a) (1u << (a))

/* what the last turn asked */
enum ask_kind { ASK_NONE, ASK_TOPIC, ASK_PROBE, ASK_OTHER };

/* interview.c */
const struct topic *iv_cur_topic(const struct interview *iv);
/* Categories that count as security: security and auth. */
uint32_t iv_security_mask(const struct interview *iv);

/* schedule.c */
double iv_phase_end_t(const struct interview *iv);
double iv_closing_deadline_t(const struct interview *iv);
int iv_topic_fits_phase(const struct interview *iv, const struct topic *t, enum phase ph);
int iv_next_topic(const struct interview *iv, enum phase ph);
int iv_next_security_topic(const struct interview *iv);
int iv_borrow_topic(const struct interview *iv);
int iv_topic_index(const struct interview *iv, const char *id);
int iv_followup_cap(const struct interview *iv, const struct topic *t, double end);
enum phase iv_next_phase(enum phase p);

/* moves.c */
/* 1 when the candidate's answers are short on average. */
int iv_candidate_is_terse(const struct interview *iv);
/* moves.c: each adds to the draft and returns 0, or -1 when it cannot be worded */
int iv_move_greet(struct interview *iv, struct turn_draft *d);
int iv_move_special(struct interview *iv, struct turn_draft *d); /* -1: an ordinary answer */
int iv_move_next(struct interview *iv, struct turn_draft *d);
/* A promise to steer ("let me point you at something specific") in a turn
 * that moves to another topic becomes "let's go somewhere else". */
void iv_settle_steer(struct interview *iv, struct turn_draft *d);
int iv_move_closing(struct interview *iv, struct turn_draft *d);
int iv_start_next_topic(struct interview *iv, struct turn_draft *d, int wrap);
int iv_enter_phase(struct interview *iv, enum phase ph, struct turn_draft *d);
int iv_say_thanks(struct interview *iv, struct turn_draft *d);
int iv_side_concept(const struct interview *iv, int except);
int iv_say_deferred(struct interview *iv, struct turn_draft *d, size_t max_words);
int iv_closing_questions(const struct interview *iv);

/* listening.c: what the engine takes from a reply beyond understand.c */
/* Reads the reply just heard (iv->last, iv->scratch) into the listening
 * state: focus concept, rejected and skipped concepts, a wrong claim, a
 * repeat.  Returns 0, or -1 when memory ran out. */
int iv_listen(struct interview *iv);

/* wording.c */
uint64_t iv_rand(struct interview *iv);
/* Picks an unsaid variant, fills its placeholders into out; concept may be -1.
 * Returns 0, or -1 when every variant was said already or needs what is missing. */
int iv_pick(struct interview *iv, const struct variants *v, int concept, char *out, size_t cap);
/* As iv_pick, and tells which playbook line was used. */
int iv_pick_template(struct interview *iv, const struct variants *v, int concept, char *out,
		     size_t cap, const char **template_out);
void draft_init(struct turn_draft *d);
/* Adds a piece picked from v; returns 0 or -1 as iv_pick. */
int draft_add(struct interview *iv, struct turn_draft *d, const struct variants *v, int concept,
	      int optional);
/* Adds a literal piece (already filled). */
void draft_add_text(struct turn_draft *d, const char *text, int optional);
/* Joins the pieces into iv->text (dropping optional ones over the word
 * limit) and remembers every piece as said. */
void draft_finish(struct interview *iv, struct turn_draft *d);
int iv_was_said(const struct interview *iv, const char *text);
/* 1 when the candidate said concept was chosen before them ("that was
 * there before I joined"). */
int iv_inherited(const struct interview *iv, int concept);
/* 1 when the candidate said they never used, ruled out or skip the concept */
int iv_disowned(const struct interview *iv, int concept);
/* 1 when the candidate has stated the knowledge point of playbook cover id
 * cover (see spot_points in listening.c). */
int iv_cover_heard(const struct interview *iv, int cover);
/* 1 when a question that names cover (covers:) was asked already: another
 * line fishing for the same answer ("fail open or closed?" in two topics)
 * is the same question. */
int iv_cover_asked(const struct interview *iv, int cover);
/* 1 when a topic's own follow-up whose covers: is `cover` is answered: a
 * knowledge point stated anywhere, an answer (the rubric's answers:)
 * stated on the current topic ("bottleneck" on the incident does not
 * answer "what gives out first?" of the traffic design). */
int iv_cover_heard_on_topic(const struct interview *iv, int cover);
/* 1 when the candidate already said what follow-up i of lines asks for:
 * its covers: heard (on the current topic, or anywhere for a question
 * about a concept, about >= 0), or its key terms said in one sentence. */
int iv_line_answered(const struct interview *iv, const struct variants *lines, size_t i, int about);
/* Distinct heard_as phrases of a follow-up that the candidate's sentences
 * must say between them (on the current topic, or naming the concept when
 * concept >= 0) before it counts as answered.  (Tried at 2, 2026-12-06: of
 * the first turns it changed in a development reading, 5 of 7 were a
 * question the candidate had just answered; but blind open replies taken
 * as answered rose from under 30% to 40%, and a held-out reading of 16
 * interviews showed no change: 61.6% natural, 15.0% nonsense before, 61.3%
 * and 14.7% after.) */
#define HEARD_AS_NEEDED 3
/* what a sentence says, in the bits of what a follow-up wants */
#define HEARD_SAYS_DURATION ((unsigned)LINE_WANTS_DURATION)
#define HEARD_SAYS_AMOUNT ((unsigned)LINE_WANTS_AMOUNT)
int iv_heard_as(const struct interview *iv, const struct qphrases *p, int concept);
/* 1 when a recent sentence about concept (or, for -1, on this topic) gave
 * what a follow-up wants (LINE_WANTS_*: a length of time, a number). */
int iv_amount_heard(const struct interview *iv, unsigned want, int concept);
/* 1 when a sentence of the candidate's says the key terms of a question:
 * one on the current topic, or, for a question about a concept (concept >=
 * 0), one on any topic that names the concept. */
int iv_terms_heard(const struct interview *iv, const struct qterms *q, int concept);
/* 1 when line names concept only in words the candidate said (or does not
 * name it in words at all): after "I'd keep a daily rollup table", read as
 * a materialized view, no "how do you refresh the materialized view?"
 * (read blind: a question in words they never used presumes what they
 * built). */
int iv_names_it_as_they_did(const struct interview *iv, const char *line, int concept);
/* 1 when a sentence of the last reply that admits a gap ("I know the
 * options, but I haven't lived with one") names concept (>= 0) or holds
 * one of q's key terms (q may be NULL): the question probes what they just
 * said they have not done. */
int iv_gap_about(const struct interview *iv, const struct qterms *q, int concept);
/* How much of a follow-up's key-term weight the candidate's sentences on
 * the current topic said, spread over any of them (qterms_share, 0-255). */
unsigned iv_terms_share(const struct interview *iv, const struct qterms *q);
/* How many sentences of the last reply name concept. */
int iv_sentences_naming(const struct interview *iv, int concept);
/* 1 when a sentence of the last reply that names concept goes on, after a
 * contrast ("but", "though"), to say what is wrong with it. */
int iv_rejection_explained(const struct interview *iv, int concept);
/* 1 when a sentence of the last reply that names concept weighs options or
 * tells a choice ("we went with Postgres rather than Mongo", "the downside
 * of a queue"), more than "instead of" alone ("webhooks instead of polling
 * us"): the rejection was a decision that "what made you rule it out?" may
 * ask about. */
int iv_rejection_weighed(const struct interview *iv, int concept);
/* 1 when the last reply chose, met or named as a part something of the
 * conditional follow-up fu's areas (and, when it says, of its when_kinds). */
int iv_triggers_followup(const struct interview *iv, const struct topic *fu);
/* 1 when the last reply is a first-hand story that stops on what went
 * wrong ("... and the plan had flipped to a sequential scan."): long, with
 * no cause or fix told, no weighing or lesson, and a last sentence that
 * names a problem or a failure and nothing we did. */
int iv_story_cut_short(const struct interview *iv);
/* 1 when the last reply, of any length, says nothing of what the follow-up
 * it answers asked for: none of its key terms, none of the ways its answer
 * sounds (heard_as).  "I've done a lot of that, it's pretty standard" to
 * "how do you keep a forged webhook out?" */
int iv_reply_misses_question(const struct interview *iv);
/* 1 when a sentence of the last reply gave a reason or a trade-off about concept */
int iv_reasoned_about(const struct interview *iv, int concept);
/* 1 when a sentence of the last reply that names concept tells a decision
 * ("we switched to", "I went with", "we added") */
int iv_decided_on(const struct interview *iv, int concept);
enum { EXPLAINED_WHY = 1, EXPLAINED_TRADEOFF = 2, EXPLAINED_EDGE = 4, EXPLAINED_SCALE = 8 };
/* 1 when the candidate has, anywhere in the interview, given what `how`
 * (EXPLAINED_*) asks about the concept. */
int iv_explained(const struct interview *iv, int concept, int how);
/* Notes that a question of `how` (EXPLAINED_*) was put about the concept:
 * the same question in other words is not put again. */
void iv_note_explained(struct interview *iv, int concept, int how);
/* Words the draft's pieces hold so far. */
size_t draft_word_count(const struct turn_draft *d);
/* 1 when a piece of the draft is exactly text (an answer is said once a turn). */
int draft_holds(const struct turn_draft *d, const char *text);

#endif
