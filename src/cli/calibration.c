/*
 * calibration.c - see calibration.h.  The candidate files are a development
 * set: nothing here looks at their sentences, only at their labels.
 */
#include "calibration.h"

#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "simulate.h"

static int in_list(json_t *arr, const char *id)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		if (json_is_string(v) && strcmp(json_string_value(v), id) == 0)
			return 1;
	}
	return 0;
}

static void note(struct calibration_row *r, const char *fmt, const char *what)
{
	size_t used = strlen(r->misses);
	if (used + 2 < sizeof r->misses)
		snprintf(r->misses + used, sizeof r->misses - used, fmt, what);
}

static void compare(const struct scorecard *card, json_t *expected, struct calibration_row *r)
{
	snprintf(r->recommendation, sizeof r->recommendation, "%s",
		 recommendation_id(card->recommendation));
	snprintf(r->level, sizeof r->level, "%s", level_id(card->level));
	r->recommendation_ok = in_list(json_object_get(expected, "recommendation"),
				       r->recommendation);
	r->level_ok = in_list(json_object_get(expected, "level"), r->level);
	json_t *dims = json_object_get(expected, "dimensions");
	for (int d = 0; d < DIM_COUNT; d++) {
		json_t *range = json_object_get(dims, dimension_id((enum dimension)d));
		if (!json_is_array(range))
			continue;
		r->dims_total++;
		const struct dimension_result *dr = &card->dimensions[d];
		json_int_t lo = json_integer_value(json_array_get(range, 0));
		json_int_t hi = json_integer_value(json_array_get(range, 1));
		if (dr->touched && dr->score >= lo && dr->score <= hi)
			r->dims_ok++;
		else
			note(r, "%s ", dimension_id((enum dimension)d));
	}
	json_t *ind = json_object_get(expected, "indicators_present");
	for (int i = 0; i < IND_COUNT; i++) {
		int want = in_list(ind, indicator_id((enum indicator)i));
		int got = card->indicators[i].present;
		r->ind_tp += want && got;
		r->ind_fp += !want && got;
		r->ind_fn += want && !got;
		r->findings_right += want == got;
		r->findings_total++;
		if (want != got)
			note(r, got ? "+%s " : "-%s ", indicator_id((enum indicator)i));
	}
	json_t *present = json_object_get(expected, "red_flags_present");
	json_t *absent = json_object_get(expected, "red_flags_absent");
	for (int f = 0; f < RF_COUNT; f++) {
		const char *id = red_flag_id((enum red_flag)f);
		int got = card->red_flags[f].present;
		int want = in_list(present, id), not_wanted = in_list(absent, id);
		r->rf_tp += want && got;
		r->rf_fp += not_wanted && got;
		r->rf_fn += want && !got;
		if (want || not_wanted) {
			r->findings_right += want == got;
			r->findings_total++;
		}
		if ((want && !got) || (not_wanted && got))
			note(r, got ? "+flag:%s " : "-flag:%s ", id);
	}
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The *.json files of dir, sorted (malloc'd array of malloc'd names). */
static char **list_candidates(const char *dir, size_t *n, struct iv_error *err)
{
	DIR *d = opendir(dir);
	if (!d) {
		iv_error_set(err, "%s: cannot open the folder of candidate files", dir);
		return NULL;
	}
	char **names = NULL;
	size_t cap = 0;
	*n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			char **bigger = realloc(names, cap * sizeof *names);
			if (!bigger)
				break;
			names = bigger;
		}
		names[(*n)++] = strdup(e->d_name);
	}
	closedir(d);
	if (!*n) {
		free(names);
		iv_error_set(err, "%s: no candidate files (*.json)", dir);
		return NULL;
	}
	qsort(names, *n, sizeof *names, cmp_names);
	return names;
}

int calibration_run(const struct content *c, struct scorer *sc, const char *dir,
		    const uint64_t *seeds, size_t n_seeds, struct calibration *out,
		    struct iv_error *err)
{
	memset(out, 0, sizeof *out);
	size_t n_files;
	char **files = list_candidates(dir, &n_files, err);
	if (!files)
		return -1;
	out->rows = calloc(n_files * n_seeds, sizeof *out->rows);
	int status = out->rows ? 0 : -1;
	if (status)
		iv_error_set(err, "out of memory");
	for (size_t f = 0; f < n_files && !status; f++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, files[f]);
		json_error_t je;
		json_t *root = json_load_file(path, 0, &je);
		json_t *expected = root ? json_object_get(root, "expected") : NULL;
		if (!json_is_object(expected)) {
			iv_error_set(err, "%s: no \"expected\" labels", path);
			json_decref(root);
			status = -1;
			break;
		}
		for (size_t s = 0; s < n_seeds && !status; s++) {
			struct transcript *tr = simulate_candidate(c, path, seeds[s], NULL, err);
			struct scorecard *card = tr ? scorer_evaluate(sc, tr, err) : NULL;
			if (!card) {
				status = -1;
			} else {
				struct calibration_row *r = &out->rows[out->n_rows++];
				snprintf(r->candidate, sizeof r->candidate, "%.*s",
					 (int)(strlen(files[f]) - 5), files[f]);
				r->seed = seeds[s];
				compare(card, expected, r);
			}
			scorecard_free(card);
			transcript_free(tr);
		}
		json_decref(root);
	}
	for (size_t f = 0; f < n_files; f++)
		free(files[f]);
	free(files);
	if (status) {
		calibration_release(out);
		return -1;
	}
	return 0;
}

void calibration_release(struct calibration *cal)
{
	free(cal->rows);
	memset(cal, 0, sizeof *cal);
}

static int row_agrees(const struct calibration_row *r)
{
	return r->recommendation_ok && r->level_ok && r->dims_ok == r->dims_total && !r->ind_fp &&
	       !r->ind_fn && !r->rf_fp && !r->rf_fn;
}

int calibration_full_agreement(const struct calibration *cal)
{
	for (size_t i = 0; i < cal->n_rows; i++)
		if (!row_agrees(&cal->rows[i]))
			return 0;
	return cal->n_rows > 0;
}

/* The rows of one candidate start at i and end before the returned index;
 * *same is 1 when they all have one recommendation and level. */
static size_t candidate_rows(const struct calibration *cal, size_t i, int *same)
{
	size_t j = i + 1;
	*same = 1;
	for (; j < cal->n_rows && strcmp(cal->rows[j].candidate, cal->rows[i].candidate) == 0; j++)
		*same &= strcmp(cal->rows[j].recommendation, cal->rows[i].recommendation) == 0 &&
			 strcmp(cal->rows[j].level, cal->rows[i].level) == 0;
	return j;
}

int calibration_stable(const struct calibration *cal, size_t *n_candidates)
{
	int stable = 0, same;
	*n_candidates = 0;
	for (size_t i = 0; i < cal->n_rows; i = candidate_rows(cal, i, &same)) {
		candidate_rows(cal, i, &same);
		stable += same;
		(*n_candidates)++;
	}
	return stable;
}

static double ratio(int num, int den)
{
	return den ? 100.0 * num / den : 100.0;
}

void calibration_print(FILE *out, const struct calibration *cal)
{
	int rec = 0, lvl = 0, dims = 0, dims_n = 0, itp = 0, ifp = 0, ifn = 0, rtp = 0, rfp = 0,
	    rfn = 0, agree = 0, fright = 0, ftotal = 0;
	fprintf(out, "%-22s %5s  %-13s %-7s %5s  %-9s %-9s  %s\n", "candidate", "seed",
		"recommend", "level", "dims", "ind p/r", "flag p/r", "disagreements");
	for (size_t i = 0; i < cal->n_rows; i++) {
		const struct calibration_row *r = &cal->rows[i];
		char ipr[16], fpr[16];
		snprintf(ipr, sizeof ipr, "%d/%d", r->ind_tp + r->ind_fp ? 100 * r->ind_tp / (r->ind_tp + r->ind_fp) : 100,
			 r->ind_tp + r->ind_fn ? 100 * r->ind_tp / (r->ind_tp + r->ind_fn) : 100);
		snprintf(fpr, sizeof fpr, "%d/%d", r->rf_tp + r->rf_fp ? 100 * r->rf_tp / (r->rf_tp + r->rf_fp) : 100,
			 r->rf_tp + r->rf_fn ? 100 * r->rf_tp / (r->rf_tp + r->rf_fn) : 100);
		fprintf(out, "%-22.22s %5llu  %s%-12s %s%-6s %2d/%-2d  %-9s %-9s  %s\n", r->candidate,
			(unsigned long long)r->seed, r->recommendation_ok ? " " : "!",
			r->recommendation, r->level_ok ? " " : "!", r->level, r->dims_ok,
			r->dims_total, ipr, fpr, r->misses);
		rec += r->recommendation_ok;
		lvl += r->level_ok;
		dims += r->dims_ok;
		dims_n += r->dims_total;
		itp += r->ind_tp;
		ifp += r->ind_fp;
		ifn += r->ind_fn;
		rtp += r->rf_tp;
		rfp += r->rf_fp;
		rfn += r->rf_fn;
		agree += row_agrees(r);
		fright += r->findings_right;
		ftotal += r->findings_total;
	}
	size_t n = cal->n_rows;
	fprintf(out,
		"\nrecommendation %d/%zu  level %d/%zu  dimensions in range %d/%d  "
		"indicators precision %.0f%% recall %.0f%%  red flags precision %.0f%% recall "
		"%.0f%%\nindicators and flags right %d/%d (%.0f%%)  full agreement: %d/%zu runs\n",
		rec, n, lvl, n, dims, dims_n, ratio(itp, itp + ifp), ratio(itp, itp + ifn),
		ratio(rtp, rtp + rfp), ratio(rtp, rtp + rfn), fright, ftotal, ratio(fright, ftotal),
		agree, n);
	size_t n_cand;
	int stable = calibration_stable(cal, &n_cand);
	fprintf(out, "seed stability: %d/%zu candidates get one recommendation and level at every seed",
		stable, n_cand);
	int same;
	for (size_t i = 0; i < cal->n_rows; i = candidate_rows(cal, i, &same))
		if (candidate_rows(cal, i, &same), !same)
			fprintf(out, " -%s", cal->rows[i].candidate);
	fputc('\n', out);
}
