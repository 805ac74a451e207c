/*
 * test_cli_options.c - every command's entry (src/cli/cmd_*.c) against the
 * built program: what an entry declares is accepted, and what it does not
 * is refused with that command's usage and exit status 2.  The checks walk
 * the table itself, so an option, a format or a command added later is
 * tested without a line here.  The options the contract names are checked
 * against the commands it names them for, from a list written out of
 * ../shared/spec/contract.md (that list must never shrink).
 */
#include "test_support.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

static char *dir, *db;

static int setup(void **state)
{
	(void)state;
	dir = ts_tmpdir();
	db = ts_path(dir, "options.db");
	/* a command that runs by mistake stores nothing in the user's own database */
	setenv("INTERVIEWER_DB", db, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unsetenv("INTERVIEWER_DB");
	ts_rmdir(dir);
	free(dir);
	free(db);
	return 0;
}

/* A command line: "interviewer", then the words, then NULL. */
struct line {
	const char *argv[CLI_MAX_ARGS + 16];
	int n;
};

static void line_start(struct line *l, const char *command)
{
	l->n = 0;
	l->argv[l->n++] = "interviewer";
	if (command)
		l->argv[l->n++] = command;
	l->argv[l->n] = NULL;
}

static void line_add(struct line *l, const char *word)
{
	assert_true(l->n + 1 < (int)(sizeof l->argv / sizeof l->argv[0]));
	l->argv[l->n++] = word;
	l->argv[l->n] = NULL;
}

static int run(const struct line *l, char **out, char **err)
{
	return ts_run(l->argv, NULL, 0, out, err);
}

/* A value the option takes. */
static const char *sample_value(const struct command *cmd, const struct cli_option *o)
{
	if (!strcmp(o->name, "--format"))
		return cmd->formats[0];
	if (!strcmp(o->name, "--seed"))
		return "7";
	if (!strcmp(o->name, "--wpm"))
		return "160";
	if (!strcmp(o->name, "--port") || !strcmp(o->name, "--max-interviews") ||
	    !strcmp(o->name, "--max-voice"))
		return "1";
	return "x";
}

static const struct cli_option *declared(const struct command *cmd, const char *name)
{
	for (const struct cli_option *o = cmd->options; o->name; o++)
		if (!strcmp(o->name, name))
			return o;
	return NULL;
}

/* Fails unless the run was a usage error of cmd: status 2, nothing on
 * stdout, the problem (want) and the command's usage on stderr. */
static void assert_usage_error(const struct command *cmd, const struct line *l, const char *want)
{
	char *out, *err;
	int rc = run(l, &out, &err);
	char usage[64];
	snprintf(usage, sizeof usage, "usage: interviewer %s", cmd->name);
	if (rc != 2 || *out || !strstr(err, usage) || (want && !strstr(err, want))) {
		print_message("command line:");
		for (int i = 1; i < l->n; i++)
			print_message(" %s", l->argv[i]);
		fail_msg("\nexit %d, expected 2 with '%s' and its usage; stdout: %.300s\nstderr: %.600s",
			 rc, want ? want : "", out, err);
	}
	/* the error is one line, then the usage */
	assert_true(strncmp(err, "interviewer ", 12) == 0);
	assert_non_null(strstr(strchr(err, '\n'), usage));
	free(out);
	free(err);
}

/* Fails unless the run printed cmd's help on stdout and exited 0. */
static void assert_help(const struct command *cmd, const struct line *l)
{
	char *out, *err;
	int rc = run(l, &out, &err);
	char usage[64];
	snprintf(usage, sizeof usage, "usage: interviewer %s", cmd->name);
	if (rc != 0 || strncmp(out, usage, strlen(usage))) {
		print_message("command line:");
		for (int i = 1; i < l->n; i++)
			print_message(" %s", l->argv[i]);
		fail_msg("\nexit %d, expected 0 and the help of %s; stdout: %.300s\nstderr: %.600s", rc,
			 cmd->name, out, err);
	}
	free(out);
	free(err);
}

/* Every entry is well formed: what the parser and the tests rely on. */
static void test_entries_are_well_formed(void **state)
{
	(void)state;
	assert_true(n_commands > 0);
	for (int i = 0; i < n_commands; i++) {
		const struct command *cmd = commands[i];
		assert_non_null(cmd->name);
		assert_non_null(cmd->summary);
		assert_non_null(cmd->args);
		assert_non_null(cmd->options);
		assert_non_null(cmd->run);
		assert_true(cmd->min_args >= 0 && cmd->min_args <= cmd->max_args);
		assert_true(cmd->max_args <= CLI_MAX_ARGS);
		assert_ptr_equal(command_find(cmd->name), cmd);
		/* a --format, and a list of what it takes, come together */
		assert_int_equal(declared(cmd, "--format") != NULL, cmd->formats != NULL);
		if (cmd->formats)
			assert_non_null(cmd->formats[0]);
		for (const struct cli_option *o = cmd->options; o->name; o++) {
			assert_true(o->name[0] == '-');
			assert_ptr_equal(declared(cmd, o->name), o); /* declared once */
		}
	}
	assert_null(command_find("frobnicate"));
}

static void test_unknown_option_is_refused_with_usage(void **state)
{
	(void)state;
	for (int i = 0; i < n_commands; i++) {
		struct line l;
		line_start(&l, commands[i]->name);
		line_add(&l, "--no-such-option");
		assert_usage_error(commands[i], &l, "unknown option '--no-such-option'");
	}
}

/* The first command of the table that declares the option called name. */
static const struct command *first_taker(const char *name)
{
	for (int i = 0; i < n_commands; i++)
		if (declared(commands[i], name))
			return commands[i];
	return NULL;
}

/* Each option some command takes is refused by every command that does not
 * declare it: nothing is accepted and then silently ignored. */
static void test_undeclared_options_are_refused(void **state)
{
	(void)state;
	for (int i = 0; i < n_commands; i++) {
		for (int j = 0; j < n_commands; j++) {
			for (const struct cli_option *o = commands[j]->options; o->name; o++) {
				const struct command *cmd = commands[i];
				if (declared(cmd, o->name) || first_taker(o->name) != commands[j])
					continue;
				struct line l;
				line_start(&l, cmd->name);
				line_add(&l, o->name);
				if (o->value)
					line_add(&l, sample_value(commands[j], o));
				char want[96];
				snprintf(want, sizeof want, "%s does not take %s", cmd->name, o->name);
				assert_usage_error(cmd, &l, want);
			}
		}
	}
}

static void test_sessions_format_html_is_refused(void **state)
{
	(void)state;
	struct line l;
	line_start(&l, "sessions");
	line_add(&l, "--format");
	line_add(&l, "html");
	assert_usage_error(command_find("sessions"), &l, "sessions does not take --format");
}

/* Every option each command declares is taken, with a value when it says
 * so: the --help after it is reached only when the option was accepted
 * (and did not swallow --help as its value). */
static void test_declared_options_are_accepted(void **state)
{
	(void)state;
	for (int i = 0; i < n_commands; i++) {
		const struct command *cmd = commands[i];
		for (const struct cli_option *o = cmd->options; o->name; o++) {
			struct line l;
			line_start(&l, cmd->name);
			line_add(&l, o->name);
			if (o->value)
				line_add(&l, sample_value(cmd, o));
			line_add(&l, "--help");
			assert_help(cmd, &l);
		}
		/* -o is also --output */
		if (declared(cmd, "-o")) {
			struct line l;
			line_start(&l, cmd->name);
			line_add(&l, "--output");
			line_add(&l, "x");
			line_add(&l, "--help");
			assert_help(cmd, &l);
		}
	}
}

static void test_missing_option_value_is_refused(void **state)
{
	(void)state;
	for (int i = 0; i < n_commands; i++) {
		for (const struct cli_option *o = commands[i]->options; o->name; o++) {
			if (!o->value)
				continue;
			struct line l;
			line_start(&l, commands[i]->name);
			line_add(&l, o->name);
			char want[96];
			snprintf(want, sizeof want, "option '%s' needs a value", o->name);
			assert_usage_error(commands[i], &l, want);
		}
	}
}

static void test_argument_counts_are_checked(void **state)
{
	(void)state;
	for (int i = 0; i < n_commands; i++) {
		const struct command *cmd = commands[i];
		struct line l;
		if (cmd->min_args > 0) {
			line_start(&l, cmd->name);
			for (int k = 0; k < cmd->min_args - 1; k++)
				line_add(&l, "arg");
			char want[64];
			snprintf(want, sizeof want, "%s takes ", cmd->name);
			assert_usage_error(cmd, &l, want);
		}
		line_start(&l, cmd->name);
		for (int k = 0; k < cmd->max_args + 1; k++)
			line_add(&l, "add"); /* "add" passes for token's and user's first word */
		assert_usage_error(cmd, &l, "unexpected argument 'add'");
	}
}

static void test_help_names_every_option(void **state)
{
	(void)state;
	for (int i = 0; i < n_commands; i++) {
		const struct command *cmd = commands[i];
		const char *forms[][3] = {{"help", cmd->name, NULL}, {cmd->name, "--help", NULL},
					  {cmd->name, "-h", NULL}};
		for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
			const char *argv[] = {"interviewer", forms[f][0], forms[f][1], NULL};
			char *out, *err;
			assert_int_equal(ts_run(argv, NULL, 0, &out, &err), 0);
			char usage[64];
			snprintf(usage, sizeof usage, "usage: interviewer %s", cmd->name);
			assert_true(strncmp(out, usage, strlen(usage)) == 0);
			assert_non_null(strstr(out, cmd->summary));
			for (const struct cli_option *o = cmd->options; o->name; o++) {
				char shown[64];
				snprintf(shown, sizeof shown, "  %s", o->name); /* in the list of options */
				if (!strstr(out, shown))
					fail_msg("help of %s does not name %s:\n%s", cmd->name, o->name, out);
			}
			for (const char *const *fm = cmd->formats; fm && *fm; fm++)
				assert_non_null(strstr(out, *fm));
			assert_string_equal(err, "");
			free(out);
			free(err);
		}
	}
}

/* The top-level usage lists the table. */
static void test_usage_lists_every_command(void **state)
{
	(void)state;
	const char *argv[] = {"interviewer", "help", NULL};
	char *out, *err;
	assert_int_equal(ts_run(argv, NULL, 0, &out, &err), 0);
	for (int i = 0; i < n_commands; i++) {
		char shown[64];
		snprintf(shown, sizeof shown, "  %s ", commands[i]->name);
		assert_non_null(strstr(out, shown));
		assert_non_null(strstr(out, commands[i]->summary));
	}
	free(out);
	free(err);
	const char *none[] = {"interviewer", NULL};
	assert_int_equal(ts_run(none, NULL, 0, &out, &err), 2);
	assert_non_null(strstr(err, "usage: interviewer COMMAND"));
	free(out);
	free(err);
	const char *unknown[] = {"interviewer", "help", "frobnicate", NULL};
	assert_int_equal(ts_run(unknown, NULL, 0, &out, &err), 2);
	assert_non_null(strstr(err, "unknown command 'frobnicate'"));
	free(out);
	free(err);
}

static void test_format_values_outside_the_list_are_refused(void **state)
{
	(void)state;
	for (int i = 0; i < n_commands; i++) {
		const struct command *cmd = commands[i];
		if (!cmd->formats)
			continue;
		struct line l;
		line_start(&l, cmd->name);
		line_add(&l, "--format");
		line_add(&l, "pdf");
		assert_usage_error(cmd, &l, "--format must be ");
	}
	/* each list is the command's own: a report has no text table */
	struct line l;
	line_start(&l, "report");
	line_add(&l, "ID");
	line_add(&l, "--format");
	line_add(&l, "text");
	assert_usage_error(command_find("report"), &l, "--format must be html, md or json, not 'text'");
}

/* The options contract.md names, for the commands it names them for
 * (sections 1, 3, 4 and 6).  Section 1's "every mode" is chat's, voice's,
 * simulate's and resume's; section 4's backends are taken where they are used. */
static const struct {
	const char *command;
	const char *options[12];
} contract_options[] = {
	{"chat", {"--jsonl", "--name", "--seed", "--virtual-clock", "--db", "--llm-url",
		  "--llm-model", "--stt-url", NULL}},
	{"resume", {"--jsonl", "--name", "--seed", "--virtual-clock", "--db", "--llm-url",
		    "--llm-model", "--stt-url", NULL}},
	{"voice", {"--name", "--seed", "--virtual-clock", "--db", "--llm-url", "--llm-model",
		   "--stt-url", NULL}},
	{"simulate", {"--name", "--seed", "--virtual-clock", "--db", NULL}},
	{"serve", {"--host", "--port", "--db", "--virtual-clock", "--seed", "--llm-url",
		   "--llm-model", "--stt-url", NULL}},
	{"user", {"--db", NULL}},
	{"token", {"--db", NULL}},
	{"report", {"--format", "--db", NULL}},
	{"hear", {"--stt-url", NULL}},
	{"sessions", {"--db", NULL}},
	{"transcript", {"--db", NULL}},
	{"rescore", {"--db", NULL}},
	{"compare", {"--db", NULL}},
};

static void test_contract_options_are_accepted(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof contract_options / sizeof contract_options[0]; i++) {
		const struct command *cmd = command_find(contract_options[i].command);
		assert_non_null(cmd);
		for (const char *const *name = contract_options[i].options; *name; name++) {
			const struct cli_option *o = declared(cmd, *name);
			if (!o)
				fail_msg("%s does not declare %s, which the contract gives it", cmd->name,
					 *name);
			struct line l;
			line_start(&l, cmd->name);
			line_add(&l, o->name);
			if (o->value)
				line_add(&l, sample_value(cmd, o));
			line_add(&l, "--help");
			assert_help(cmd, &l);
		}
	}
	/* section 3: `interviewer report SESSION --format json` */
	const char *const *f = command_find("report")->formats;
	while (*f && strcmp(*f, "json"))
		f++;
	assert_non_null(*f);
}

/* The store the tests' sessions go to, made once: two simulated interviews. */
static char session_ids[2][40];

static void make_sessions(void)
{
	if (session_ids[1][0])
		return;
	const char *cands[] = {"solid_mid.json", "senior_pragmatic.json"};
	for (int i = 0; i < 2; i++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/candidates/%s", ts_shared_dir(), cands[i]);
		const char *argv[] = {"interviewer", "simulate", path, "--json", "--db", db, NULL};
		char *out, *err;
		int rc = ts_run(argv, NULL, 0, &out, &err);
		if (rc != 0)
			fail_msg("simulate %s: exit %d: %s", cands[i], rc, err);
		json_error_t je;
		json_t *tr = json_loads(out, 0, &je);
		assert_non_null(tr);
		const char *id = json_string_value(json_object_get(tr, "session"));
		assert_non_null(id);
		snprintf(session_ids[i], sizeof session_ids[i], "%s", id);
		json_decref(tr);
		free(out);
		free(err);
	}
}

/* Every format a command offers works: it runs and prints something of
 * that format.  (The commands with a --format take stored interviews' ids.) */
static void test_every_offered_format_works(void **state)
{
	(void)state;
	make_sessions();
	for (int i = 0; i < n_commands; i++) {
		const struct command *cmd = commands[i];
		for (const char *const *f = cmd->formats; f && *f; f++) {
			assert_true(strncmp(cmd->args, "ID", 2) == 0);
			struct line l;
			line_start(&l, cmd->name);
			for (int k = 0; k < cmd->min_args; k++)
				line_add(&l, session_ids[k % 2]);
			line_add(&l, "--format");
			line_add(&l, *f);
			line_add(&l, "--db");
			line_add(&l, db);
			char *out, *err;
			int rc = run(&l, &out, &err);
			if (rc != 0 || strlen(out) < 20)
				fail_msg("%s --format %s: exit %d; stdout %.200s; stderr %.600s", cmd->name,
					 *f, rc, out, err);
			if (!strcmp(*f, "json")) {
				json_error_t je;
				json_t *j = json_loads(out, 0, &je);
				if (!j)
					fail_msg("%s --format json is not JSON: %s", cmd->name, je.text);
				json_decref(j);
			} else if (!strcmp(*f, "html")) {
				assert_non_null(strstr(out, "<html"));
			} else if (!strcmp(*f, "md")) {
				assert_non_null(strstr(out, "|"));
			}
			free(out);
			free(err);
		}
	}
}

/* The case: compare's usage offers text, and text works. */
static void test_compare_format_text_is_a_table(void **state)
{
	(void)state;
	make_sessions();
	const char *argv[] = {"interviewer", "compare", session_ids[0], session_ids[1], "--format",
			      "text", "--db", db, NULL};
	char *out, *err;
	assert_int_equal(ts_run(argv, NULL, 0, &out, &err), 0);
	assert_non_null(strstr(out, "recommendation"));
	assert_non_null(strstr(out, "production_experience"));
	assert_null(strstr(out, "|")); /* aligned columns, not Markdown */
	free(out);
	free(err);
	/* --json is --format json */
	const char *json[] = {"interviewer", "compare", session_ids[0], session_ids[1], "--json",
			      "--db", db, NULL};
	assert_int_equal(ts_run(json, NULL, 0, &out, &err), 0);
	json_error_t je;
	json_t *arr = json_loads(out, 0, &je);
	assert_true(json_is_array(arr));
	assert_int_equal(json_array_size(arr), 2);
	json_decref(arr);
	free(out);
	free(err);
}

/* Contract section 4's variables stand in for the flags (the flag wins),
 * for the commands that take the flag. */
static void test_environment_stands_in_for_flags(void **state)
{
	(void)state;
	make_sessions();
	char *out, *err;
	const char *sessions[] = {"interviewer", "sessions", NULL};
	assert_int_equal(ts_run(sessions, NULL, 0, &out, &err), 0); /* INTERVIEWER_DB, from setup */
	assert_non_null(strstr(out, session_ids[0]));
	free(out);
	free(err);
	char *other = ts_path(dir, "other.db");
	const char *flag[] = {"interviewer", "sessions", "--db", other, NULL};
	assert_int_equal(ts_run(flag, NULL, 0, &out, &err), 0);
	assert_null(strstr(out, session_ids[0]));
	free(out);
	free(err);
	free(other);
	/* INTERVIEWER_LLM_URL is an LLM for --llm-judge as --llm-url is */
	setenv("INTERVIEWER_LLM_URL", "http://127.0.0.1:9/v1", 1);
	const char *judge[] = {"interviewer", "chat", "--jsonl", "--llm-judge", "--virtual-clock",
			       NULL};
	int rc = ts_run(judge, NULL, 0, &out, &err);
	unsetenv("INTERVIEWER_LLM_URL");
	assert_null(strstr(err, "--llm-judge needs an LLM"));
	assert_int_not_equal(rc, 2);
	free(out);
	free(err);
	assert_int_equal(ts_run(judge, NULL, 0, &out, &err), 2);
	assert_non_null(strstr(err, "--llm-judge needs an LLM"));
	free(out);
	free(err);
}

/* resume takes chat's --name, --seed and --virtual-clock, keeps the stored
 * interview's and says so when they differ. */
static void test_resume_says_what_it_keeps(void **state)
{
	(void)state;
	const char *chat[] = {"interviewer", "chat", "--jsonl", "--seed", "3", "--db", db, NULL};
	const char *in = "{\"text\": \"I build payment APIs in Go on Postgres.\"}\n";
	char *out, *err;
	assert_int_equal(ts_run(chat, in, strlen(in), &out, &err), 0);
	json_error_t je;
	json_t *first = json_loadb(out, strcspn(out, "\n"), 0, &je);
	assert_non_null(first);
	char id[64];
	snprintf(id, sizeof id, "%s", json_string_value(json_object_get(first, "session")));
	json_decref(first);
	free(out);
	free(err);
	const char *resume[] = {"interviewer", "resume", id, "--jsonl", "--seed", "9", "--virtual-clock",
				"--db", db, NULL};
	assert_int_equal(ts_run(resume, NULL, 0, &out, &err), 0);
	assert_non_null(strstr(err, "--seed ignored"));
	assert_non_null(strstr(err, "--virtual-clock ignored"));
	free(out);
	free(err);
}

/* A command's own checks of its arguments are usage errors too. */
static void test_command_argument_checks_print_usage(void **state)
{
	(void)state;
	struct line l;
	line_start(&l, "token");
	line_add(&l, "frob");
	line_add(&l, "ats");
	assert_usage_error(command_find("token"), &l, "neither add nor revoke");
	line_start(&l, "user");
	line_add(&l, "add");
	line_add(&l, "not-an-email");
	assert_usage_error(command_find("user"), &l, "not an email address");
	line_start(&l, "serve");
	line_add(&l, "--port");
	line_add(&l, "99999");
	assert_usage_error(command_find("serve"), &l, "--port takes 0-65535");
	/* "--" ends the options: what follows is an argument */
	const char *say[] = {"interviewer", "say", "--", "--not-an-option", NULL};
	char *out, *err;
	assert_int_equal(ts_run(say, NULL, 0, &out, &err), 0);
	assert_non_null(strstr(out, "not"));
	free(out);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entries_are_well_formed),
		cmocka_unit_test(test_unknown_option_is_refused_with_usage),
		cmocka_unit_test(test_undeclared_options_are_refused),
		cmocka_unit_test(test_sessions_format_html_is_refused),
		cmocka_unit_test(test_declared_options_are_accepted),
		cmocka_unit_test(test_missing_option_value_is_refused),
		cmocka_unit_test(test_argument_counts_are_checked),
		cmocka_unit_test(test_help_names_every_option),
		cmocka_unit_test(test_usage_lists_every_command),
		cmocka_unit_test(test_format_values_outside_the_list_are_refused),
		cmocka_unit_test(test_contract_options_are_accepted),
		cmocka_unit_test(test_every_offered_format_works),
		cmocka_unit_test(test_compare_format_text_is_a_table),
		cmocka_unit_test(test_environment_stands_in_for_flags),
		cmocka_unit_test(test_resume_says_what_it_keeps),
		cmocka_unit_test(test_command_argument_checks_print_usage),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
