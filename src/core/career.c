/*
 * career.c - the longest span of time a sentence names, in years.
 *
 * The number words are English grammar, like text.c's normalization, not
 * interview content: they stay here rather than in data/.
 */
#include <string.h>

#include "career.h"

static const struct {
	const char *w;
	double v;
} numbers[] = {
	{"one", 1},	{"two", 2},	   {"three", 3},     {"four", 4},	{"five", 5},
	{"six", 6},	{"seven", 7},	   {"eight", 8},     {"nine", 9},	{"ten", 10},
	{"eleven", 11}, {"twelve", 12},	   {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15},
	{"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20},
	{"thirty", 30}, {"forty", 40},	   {"fifty", 50},
};

/* The value of a number word or numeral, or -1. */
static double number_value(const char *w)
{
	if (*w >= '0' && *w <= '9') {
		double v = 0;
		for (; *w; w++) {
			if (*w < '0' || *w > '9')
				return -1;
			v = v * 10 + (*w - '0');
		}
		return v;
	}
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++)
		if (strcmp(w, numbers[i].w) == 0)
			return numbers[i].v;
	return -1;
}

static int is(const struct text_word *w, size_t n, size_t i, const char *s)
{
	return i < n && strcmp(w[i].norm, s) == 0;
}

/* Words before "a year" that make it a span ("about a year", "for a year",
 * "over a year") rather than a rate ("forty thousand a year"). */
static int span_lead(const char *w)
{
	static const char *const leads[] = {"about", "around", "roughly", "nearly", "almost",
					    "over", "under", "just", "only", "for", "than",
					    "maybe", "like", "past", "last", "spent", "been",
					    "barely", "approximately", "half", NULL};
	for (size_t i = 0; leads[i]; i++)
		if (strcmp(w, leads[i]) == 0)
			return 1;
	return 0;
}

/* The number of units the words before index u name, or -1.  Reads
 * "fourteen", "twenty five", "two and a half", "a couple of", "a few". */
static double count_before(const struct text_word *w, size_t n, size_t u)
{
	if (u == 0)
		return -1;
	size_t i = u - 1;
	double half = 0;
	/* "ten plus years", "six ish years" */
	if ((is(w, n, i, "plus") || is(w, n, i, "ish")) && i >= 1)
		i--;
	/* "two and a half years" */
	if (is(w, n, i, "half") && i >= 2 && is(w, n, i - 1, "a") && is(w, n, i - 2, "and")) {
		half = 0.5;
		if (i < 3)
			return -1;
		i -= 3;
	}
	if (is(w, n, i, "of") && i >= 1 && is(w, n, i - 1, "couple"))
		return 2 + half;
	if (is(w, n, i, "couple"))
		return 2 + half;
	if (is(w, n, i, "few") && i >= 1 && is(w, n, i - 1, "a"))
		return 3 + half;
	if (is(w, n, i, "several"))
		return 4 + half;
	/* "half a decade" */
	if (is(w, n, i, "a") && i >= 1 && is(w, n, i - 1, "half"))
		return 0.5;
	if (is(w, n, i, "a") || is(w, n, i, "one")) {
		/* "a year" is a span only after a word that makes it one, or
		 * opening the sentence ("A year and a half, my first job") */
		if (is(w, n, i, "a") && i > 0 && !span_lead(w[i - 1].norm))
			return -1;
		return 1 + half;
	}
	double v = number_value(w[i].norm);
	if (v < 0)
		return -1;
	/* "twenty five" */
	if (v < 10 && i >= 1) {
		double tens = number_value(w[i - 1].norm);
		if (tens >= 20 && tens < 100 && (int)tens % 10 == 0)
			v += tens;
	}
	return v + half;
}

double career_years(const struct text_word *w, size_t n)
{
	double best = -1;
	for (size_t u = 0; u < n; u++) {
		double scale;
		const char *s = w[u].norm;
		if (!strcmp(s, "year") || !strcmp(s, "years") || !strcmp(s, "yrs"))
			scale = 1;
		else if (!strcmp(s, "month") || !strcmp(s, "months"))
			scale = 1.0 / 12;
		else if (!strcmp(s, "decade") || !strcmp(s, "decades"))
			scale = 10;
		else
			continue;
		/* an age or a comparison, not a span */
		if (is(w, n, u + 1, "old") || is(w, n, u + 1, "older") || is(w, n, u + 1, "younger"))
			continue;
		double v = count_before(w, n, u);
		/* "a year and a half" */
		if (v == 1 && is(w, n, u + 1, "and") && is(w, n, u + 2, "a") &&
		    is(w, n, u + 3, "half"))
			v = 1.5;
		if (v < 0)
			continue;
		v *= scale;
		if (v > best)
			best = v;
	}
	return best;
}

size_t career_clause(const struct text_word *w, size_t n)
{
	static const char *const joins[] = {"and", "but", "then", "so", "while", "whereas",
					    "before", "after", "since", NULL};
	for (size_t i = 1; i < n; i++) {
		if (w[i].pause_before)
			return i;
		for (size_t j = 0; joins[j]; j++)
			if (strcmp(w[i].norm, joins[j]) == 0 &&
			    !(is(w, n, i + 1, "a") && is(w, n, i + 2, "half")))
				return i;
	}
	return n;
}
