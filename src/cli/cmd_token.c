/*
 * cmd_token.c - `interviewer token add NAME` (an API token for automation,
 * printed once on stdout; only its hash is stored) and `token revoke NAME`.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "options.h"
#include "store.h"
#include "web_internal.h"

static int run_token(const struct cli_options *o);

static const struct cli_option token_options[] = {
	{"--db", "PATH", NULL},
	{0},
};

const struct command cmd_token_entry = {
	.name = "token",
	.summary = "an API token for the web service (printed once), or revoke the tokens of a name",
	.args = "add|revoke NAME",
	.min_args = 2,
	.max_args = 2,
	.options = token_options,
	.run = run_token,
};

static int run_token(const struct cli_options *o)
{
	struct iv_error err;
	if (strcmp(o->positional[0], "add") && strcmp(o->positional[0], "revoke"))
		return cli_usage_error(&cmd_token_entry, "'%s' is neither add nor revoke",
				       o->positional[0]);
	if (!*o->positional[1] || strlen(o->positional[1]) > 128)
		return cli_usage_error(&cmd_token_entry, "a token's name has 1 to 128 characters");
	struct store *st = store_open(o->db, &err);
	if (!st) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		return 1;
	}
	int status = 1;
	if (!strcmp(o->positional[0], "revoke")) {
		int n = store_revoke_api_token(st, o->positional[1], &err);
		if (n < 0)
			fprintf(stderr, "interviewer: %s\n", err.message);
		else if (n == 0)
			fprintf(stderr, "interviewer token: no live token named '%s'\n", o->positional[1]);
		else {
			fprintf(stderr, "revoked %d token%s named '%s'\n", n, n == 1 ? "" : "s", o->positional[1]);
			status = 0;
		}
	} else {
		char secret[64], hash[65], token[80];
		if (web_new_secret(secret, sizeof secret, &err) == 0) {
			snprintf(token, sizeof token, "ivk_%s", secret);
			web_hash_secret(token, hash);
			if (store_add_api_token(st, o->positional[1], hash, web_now(), &err) == 0) {
				printf("%s\n", token);
				status = 0;
			}
		}
		if (status)
			fprintf(stderr, "interviewer: %s\n", err.message);
		memset(secret, 0, sizeof secret);
		memset(token, 0, sizeof token);
	}
	store_close(st);
	return status;
}
