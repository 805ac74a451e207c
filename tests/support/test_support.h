/*
 * test_support.h - shared helpers for the test programs: loading the
 * shipped content, temporary files, running the built program.
 */
#ifndef IV_TEST_SUPPORT_H
#define IV_TEST_SUPPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "options.h"

/* Loads data/ (lexicon, signals, backend playbook); fails the test on error. */
void ts_load_content(struct content *c);

/* The shipped rubric (data/rubric.yaml) parsed against lx, or NULL with the
 * reason on stderr.  Free with rubric_free(). */
struct rubric *ts_load_rubric(const struct lexicon *lx);

/* The shipped content, and the rubric, for a whole test group: pass a setup
 * and ts_content_teardown as the group's; ts_content (and ts_rubric) hold
 * them in between. */
extern struct content ts_content;
extern struct rubric *ts_rubric;
int ts_content_setup(void **state);
int ts_content_rubric_setup(void **state);
int ts_content_teardown(void **state);

/* A fresh temporary directory (malloc'd path); removed by ts_rmdir(). */
char *ts_tmpdir(void);
void ts_rmdir(const char *dir);

/* A temporary directory for a whole test group: pass these as the group's
 * setup and teardown; ts_group_dir is the directory in between. */
extern char *ts_group_dir;
int ts_group_tmpdir_setup(void **state);
int ts_group_tmpdir_teardown(void **state);

/* dir/name, malloc'd. */
char *ts_path(const char *dir, const char *name);

/* Writes text to dir/name; returns the malloc'd path. */
char *ts_write_file(const char *dir, const char *name, const char *text, size_t len);

/* The built program (IV_BINARY, else build/interviewer). */
const char *ts_binary(void);

/* The shared folder (candidates, spec). */
const char *ts_shared_dir(void);

/* Runs the program with argv (NULL-terminated, argv[0] ignored), feeding
 * stdin_text; captures stdout and stderr (malloc'd) and returns the exit
 * status (-1 if it did not exit normally). */
int ts_run(const char *const *argv, const char *stdin_text, size_t stdin_len, char **out,
	   char **err_out);

/* Reads a whole file (malloc'd), or NULL. */
char *ts_read(const char *path, size_t *len);

#endif
