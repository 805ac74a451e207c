/*
 * cmd_token.c - `interviewer token add NAME` (an API token for automation,
 * printed once on stdout; only its hash is stored), `token revoke NAME`,
 * and `token list` (each live token's name, when it was made and last
 * used: never a secret, which the store does not have).  Adding and
 * revoking are written to the audit log, as "command line".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "options.h"
#include "store.h"
#include "web_internal.h"

static int run_token(const struct cli_options *o);

static const struct cli_option token_options[] = {
	{"--db", "PATH", NULL},
	{"--json", NULL, "list as JSON: {\"tokens\":[{\"name\",\"created\",\"last_used\"}]}"},
	{0},
};

const struct command cmd_token_entry = {
	.name = "token",
	.summary = "API tokens for the web service: add one (printed once), revoke the tokens of a "
		   "name, or list them with their last use",
	.args = "add NAME | revoke NAME | list",
	.min_args = 1,
	.max_args = 2,
	.options = token_options,
	.run = run_token,
};

static void when_text(double unix_s, char *out, size_t cap)
{
	if (unix_s <= 0) {
		snprintf(out, cap, "never");
		return;
	}
	time_t t = (time_t)unix_s;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, cap, "%Y-%m-%d %H:%M:%SZ", &tm);
}

static int print_token(const struct api_token_info *t, void *ctx)
{
	int *n = ctx;
	char created[32], used[32];
	when_text(t->created_unix, created, sizeof created);
	when_text(t->last_used_unix, used, sizeof used);
	if (!(*n)++)
		printf("%-32s  %-20s  %s\n", "NAME", "CREATED", "LAST USED");
	printf("%-32s  %-20s  %s\n", t->name, created, used);
	return 0;
}

static int append_token_json(const struct api_token_info *t, void *ctx)
{
	json_t *o = json_pack("{s:s, s:f}", "name", t->name, "created", t->created_unix);
	json_object_set_new(o, "last_used",
			    t->last_used_unix > 0 ? json_real(t->last_used_unix) : json_null());
	json_array_append_new(ctx, o);
	return 0;
}

static int list_tokens(struct store *st, int as_json)
{
	struct iv_error err;
	int n = 0, rc;
	if (as_json) {
		json_t *all = json_array();
		rc = store_list_api_tokens(st, append_token_json, all, &err);
		if (!rc) {
			json_t *out = json_pack("{s:o}", "tokens", all);
			char *text = json_dumps(out, JSON_COMPACT | JSON_REAL_PRECISION(15));
			printf("%s\n", text ? text : "{}");
			free(text);
			json_decref(out);
		} else {
			json_decref(all);
		}
	} else {
		rc = store_list_api_tokens(st, print_token, &n, &err);
		if (!rc && !n)
			fprintf(stderr, "no live API tokens (interviewer token add NAME makes one)\n");
	}
	if (rc)
		fprintf(stderr, "interviewer: %s\n", err.message);
	return rc ? 1 : 0;
}

static void audit(struct store *st, const char *action, const char *name)
{
	struct audit_entry e;
	struct iv_error err;
	memset(&e, 0, sizeof e);
	e.at_unix = web_now();
	snprintf(e.actor, sizeof e.actor, "command line");
	snprintf(e.action, sizeof e.action, "%s", action);
	snprintf(e.detail, sizeof e.detail, "%s", name);
	snprintf(e.address, sizeof e.address, "local");
	if (store_add_audit(st, &e, &err))
		fprintf(stderr, "interviewer: audit log: %s\n", err.message);
}

static int revoke(struct store *st, const char *name)
{
	struct iv_error err;
	int n = store_revoke_api_token(st, name, &err);
	if (n < 0) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		return 1;
	}
	if (n == 0) {
		fprintf(stderr, "interviewer token: no live token named '%s'\n", name);
		return 1;
	}
	audit(st, "revoke_token", name);
	fprintf(stderr, "revoked %d token%s named '%s'\n", n, n == 1 ? "" : "s", name);
	return 0;
}

static int add(struct store *st, const char *name)
{
	struct iv_error err;
	char secret[64], hash[65], token[80];
	int status = 1;
	if (web_new_secret(secret, sizeof secret, &err) == 0) {
		snprintf(token, sizeof token, "ivk_%s", secret);
		web_hash_secret(token, hash);
		if (store_add_api_token(st, name, hash, web_now(), &err) == 0) {
			printf("%s\n", token);
			audit(st, "create_token", name);
			status = 0;
		}
	}
	if (status)
		fprintf(stderr, "interviewer: %s\n", err.message);
	web_wipe(secret, sizeof secret);
	web_wipe(token, sizeof token);
	return status;
}

static int run_token(const struct cli_options *o)
{
	const char *verb = o->positional[0];
	int is_list = !strcmp(verb, "list");
	if (!is_list && strcmp(verb, "add") && strcmp(verb, "revoke"))
		return cli_usage_error(&cmd_token_entry, "'%s' is neither add nor revoke nor list", verb);
	if (is_list && o->n_positional != 1)
		return cli_usage_error(&cmd_token_entry, "token list takes no name");
	if (!is_list && o->n_positional != 2)
		return cli_usage_error(&cmd_token_entry, "token %s takes a NAME", verb);
	if (!is_list && (!*o->positional[1] || strlen(o->positional[1]) > 128))
		return cli_usage_error(&cmd_token_entry, "a token's name has 1 to 128 characters");
	if (o->json && !is_list)
		return cli_usage_error(&cmd_token_entry, "--json is for token list");
	struct iv_error err;
	struct store *st = store_open(o->db, &err);
	if (!st) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		return 1;
	}
	int status = is_list ? list_tokens(st, o->json)
		     : !strcmp(verb, "revoke") ? revoke(st, o->positional[1])
					       : add(st, o->positional[1]);
	store_close(st);
	return status;
}
