/*
 * cmd_user.c - `interviewer user add EMAIL`: a recruiter account.  The
 * password is read from standard input (one line) and stored as an
 * argon2id hash; it is never echoed or logged.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "options.h"
#include "store.h"
#include "web_internal.h"

static int run_user(const struct cli_options *o);

static const struct cli_option user_options[] = {
	{"--db", "PATH", NULL},
	{0},
};

const struct command cmd_user_entry = {
	.name = "user",
	.summary = "a recruiter account (password on standard input)",
	.args = "add EMAIL",
	.min_args = 2,
	.max_args = 2,
	.options = user_options,
	.run = run_user,
};

static int run_user(const struct cli_options *o)
{
	struct iv_error err;
	if (strcmp(o->positional[0], "add"))
		return cli_usage_error(&cmd_user_entry, "user knows only add, not '%s'",
				       o->positional[0]);
	if (!strchr(o->positional[1], '@') || strlen(o->positional[1]) > 254)
		return cli_usage_error(&cmd_user_entry, "'%s' is not an email address",
				       o->positional[1]);
	char password[1100];
	if (!fgets(password, sizeof password, stdin)) {
		fprintf(stderr, "interviewer user: give the password on standard input\n");
		return 2;
	}
	password[strcspn(password, "\r\n")] = '\0';
	if (!password[0] || strlen(password) > 1024) {
		sodium_memzero(password, sizeof password);
		fprintf(stderr, "interviewer user: the password must have 1 to 1024 characters\n");
		return 2;
	}
	if (strlen(password) < 12)
		fprintf(stderr, "interviewer user: warning: a password of fewer than 12 characters is "
				"easy to guess; consider a longer passphrase\n");
	char hash[crypto_pwhash_STRBYTES];
	if (sodium_init() < 0 ||
	    crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE)) {
		sodium_memzero(password, sizeof password);
		fprintf(stderr, "interviewer user: cannot hash the password (out of memory?)\n");
		return 1;
	}
	sodium_memzero(password, sizeof password);
	struct store *st = store_open(o->db, &err);
	if (!st || store_add_user(st, o->positional[1], hash, web_now(), &err)) {
		fprintf(stderr, "interviewer: %s\n", err.message);
		store_close(st);
		return 1;
	}
	store_close(st);
	fprintf(stderr, "added %s\n", o->positional[1]);
	return 0;
}
