/*
 * cli.h - what every gx command shares on the command line: the global
 * options (one argp child), subcommand dispatch, the exit-code enum and the
 * one error helper.
 *
 * Error messages follow one shape: "gx-NAME: error: <what failed>" on stderr,
 * operands in single quotes, no capital letter, no full stop.
 */
#ifndef GX_CLI_H
#define GX_CLI_H

#include <argp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Exit codes (sysexits(3)); the only ones a gx command returns. */
enum gx_exit {
	GX_OK = 0,		/* success */
	GX_NOTFOUND = 1,	/* nothing found or matched, like grep */
	GX_USAGE = 64,		/* bad command line */
	GX_DATAERR = 65,	/* bad input data */
	GX_NOINPUT = 66,	/* missing input file */
	GX_UNAVAILABLE = 69,	/* remote service unavailable */
	GX_SOFTWARE = 70,	/* internal error */
	GX_TEMPFAIL = 75,	/* busy, retry later */
	GX_NOPERM = 77,		/* not permitted */
};

enum gx_format { GX_FMT_AUTO, GX_FMT_JSONL, GX_FMT_TABLE, GX_FMT_TSV };

/* The process's options, filled by the global argp child and environment. */
struct gx_opts {
	const char *db_url;	/* --db or GX_DB; NULL = default path */
	const char *actor;	/* --as or GX_ACTOR; NULL = the operator */
	enum gx_format format;	/* -o */
	const char *fields;	/* --fields a,b,c or NULL */
	int reveal;		/* --reveal: unmasked phones (staff only) */
	int keep_going;		/* --keep-going: apply good records, report bad */
};

extern struct gx_opts gx_opts;
extern const char *gx_progname;	/* "gx-user", set by gx_cli_init */

/*
 * A failure carried up from the library to the command: an exit code and a
 * message already in house style (no prefix).  code == GX_OK means none.
 */
struct gx_err {
	int code;
	char msg[512];
};

/* Record a failure in *err (if err is not NULL); returns code. */
int gx_err_set(struct gx_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void gx_err_clear(struct gx_err *err);
/* Put prefix (such as "stdin:3: ") in front of err's message. */
void gx_err_prefix(struct gx_err *err, const char *prefix);

/* Print "PROG: error: MSG" to stderr.  A format ending in ':' appends
 * strerror(errno). */
void gx_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void gx_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* gx_error, then exit(code). */
void gx_die(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
/* Report err and return its code (for `return gx_err_report(&e);`). */
int gx_err_report(const struct gx_err *err);

/* Allocation that dies cleanly (exit 70) instead of returning NULL. */
void *gx_xmalloc(size_t n);
void *gx_xcalloc(size_t n, size_t size);
void *gx_xrealloc(void *p, size_t n);
char *gx_xstrdup(const char *s);

/*
 * The argp child every command includes: --db, --as, -o, --fields,
 * --reveal, --keep-going.  Environment defaults are read by gx_cli_init.
 */
extern const struct argp gx_cli_child;
/* argp_children vector holding just gx_cli_child, for struct argp. */
extern const struct argp_child gx_cli_children[];

/* Set gx_progname from argv[0] and read GX_DB, GX_ACTOR. */
void gx_cli_init(int argc, char **argv);

/* One subcommand of a multi-command binary. */
struct gx_subcmd {
	const char *name;
	const char *summary;		/* one line for the command list */
	int (*run)(int argc, char **argv); /* argv[0] is "gx-user add" */
};

/*
 * Parse the command's global options and its subcommand word, then call the
 * subcommand's run() with the remaining arguments.  doc is the top-level
 * help text.  Returns the exit code.
 */
int gx_cli_dispatch(int argc, char **argv, const struct gx_subcmd *cmds,
    const char *doc);

/* A whole number from 1 to max given to option opt, or a usage error
 * (argp_error: exit 64). */
int64_t gx_cli_number(struct argp_state *state, const char *opt,
    const char *arg, int64_t max);

/*
 * Parse a subcommand's arguments with its argp (which should include
 * gx_cli_children); exits 64 on a usage error.
 */
void gx_cli_parse(const struct argp *argp, int argc, char **argv, void *input);

/* Write stdout out and report a failed write (full disk, closed pipe) as an
 * error; returns GX_OK or GX_SOFTWARE. Call once before exit. */
int gx_fshut_stdout(void);

#endif
