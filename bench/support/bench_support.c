/*
 * bench_support.c - percentiles and the candidate driver of the
 * benchmarks (see bench_support.h).
 */
#include "bench_support.h"

#include <stdlib.h>

int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

double bench_pct(double *v, size_t n, double p)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof *v, bench_cmp_double);
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i];
}

const char *bench_reply_for(json_t *cand, json_t *used, const struct interviewer_turn *t)
{
	json_t *list = json_object_get(json_object_get(cand, "answers"), t->topic);
	json_int_t n = json_integer_value(json_object_get(used, t->topic));
	if (json_is_array(list) && (size_t)n < json_array_size(list)) {
		json_object_set_new(used, t->topic, json_integer(n + 1));
		return json_string_value(json_array_get(list, (size_t)n));
	}
	json_t *def = json_object_get(json_object_get(cand, "probes"), "default");
	json_int_t d = json_integer_value(json_object_get(used, "#default"));
	json_object_set_new(used, "#default", json_integer(d + 1));
	return json_is_array(def) && json_array_size(def)
		       ? json_string_value(json_array_get(def, (size_t)d % json_array_size(def)))
		       : "";
}
