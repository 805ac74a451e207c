/*
 * test_sim.c - drives the engine turn by turn for the engine tests.
 */
#include "test_support.h"
#include "test_sim.h"

#include <stdio.h>
#include <string.h>

#include "playbook_internal.h"
#include "text.h"

void sim_start(struct sim *s, const struct content *c, uint64_t seed, const char *name)
{
	struct iv_error err;
	struct interview_params p = interview_default_params();
	p.playbook = c->playbook;
	p.lexicon = c->lexicon;
	p.rubric = c->rubric; /* as the product runs: wrong claims and stated points are heard */
	p.seed = seed;
	p.candidate_name = name;
	memset(s, 0, sizeof *s);
	s->iv = interview_new(&p, &err);
	assert_non_null(s->iv);
	assert_int_equal(interview_next(s->iv, 0, &s->turn, &err), 0);
	snprintf(s->text, sizeof s->text, "%s", s->turn.text);
	snprintf(s->topic, sizeof s->topic, "%s", s->turn.topic);
}

void sim_say(struct sim *s, const char *reply, double seconds)
{
	struct iv_error err;
	s->t += seconds;
	if (interview_hear(s->iv, reply, s->t, &err))
		fail_msg("hear: %s", err.message);
	if (interview_next(s->iv, s->t, &s->turn, &err))
		fail_msg("next: %s", err.message);
	snprintf(s->text, sizeof s->text, "%s", s->turn.text);
	snprintf(s->topic, sizeof s->topic, "%s", s->turn.topic);
	s->t += text_count_words(s->turn.text) * 0.4;
}

int sim_acts(const struct sim *s, int a)
{
	return (s->turn.acts & (1u << a)) != 0;
}

static const char *const plain_parts[] = {
	"I mostly build internal APIs for an insurance company in Kotlin.",
	"Our claims service talks to a partner system over a nightly batch.",
	"The team reviews every pull request before it goes out.",
	"Most of my week goes to reports for the underwriters.",
	"We deploy twice a week after the regression suite passes.",
	"Customers file their documents through a portal we maintain.",
	"I pair with a colleague on the trickier changes.",
	"The billing module is older and nobody likes touching it.",
	"Support tickets come to us when a policy looks wrong.",
	"We keep a small wiki of how each endpoint behaves.",
	"My manager sets the priorities at the start of each sprint.",
	"The mobile team consumes most of what we publish.",
};

const char *plain_reply(int i, char *buf, size_t cap)
{
	size_t n = sizeof plain_parts / sizeof plain_parts[0];
	snprintf(buf, cap, "%s %s", plain_parts[i % n], plain_parts[(i / n + i + 1) % n]);
	return buf;
}

void sim_reach(struct sim *s, int phase)
{
	char buf[256];
	for (int i = 0; i < 200 && (int)s->turn.phase < phase; i++)
		sim_say(s, plain_reply(i, buf, sizeof buf), 40);
	assert_int_equal(s->turn.phase, phase);
}

int sim_says_one_of(const struct sim *s, const struct variants *v)
{
	for (size_t i = 0; i < v->n; i++)
		if (strstr(s->text, v->items[i]))
			return 1;
	return 0;
}
