/* cli.c - global options, dispatch, errors, exit codes. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct gx_opts gx_opts;
const char *gx_progname = "gx";

const char *argp_program_version = "gx 0.1";
const char *argp_program_bug_address = "<https://example.invalid/gx/issues>";

enum {
	OPT_DB = 0x100, OPT_AS, OPT_FIELDS, OPT_REVEAL, OPT_KEEP_GOING,
};

static const struct argp_option cli_options[] = {
	{ NULL, 0, NULL, 0, "Global options:", -1 },
	{ "db", OPT_DB, "URL", 0,
	  "database: PATH, sqlite:PATH (default $GX_DB or "
	  "$XDG_DATA_HOME/gx/gx.db)", -1 },
	{ "as", OPT_AS, "HANDLE", 0,
	  "act as this member, with their rights (default $GX_ACTOR, "
	  "else the operator)", -1 },
	{ "output", 'o', "FORMAT", 0,
	  "jsonl, table or tsv (default: table on a terminal, else jsonl)",
	  -1 },
	{ "fields", OPT_FIELDS, "A,B,...", 0, "print only these fields", -1 },
	{ "reveal", OPT_REVEAL, NULL, 0,
	  "show phone numbers unmasked (staff only)", -1 },
	{ "keep-going", OPT_KEEP_GOING, NULL, 0,
	  "apply the good records of a batch and report each bad one", -1 },
	{ 0 }
};

static error_t
cli_parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_DB:
		gx_opts.db_url = arg;
		break;
	case OPT_AS:
		gx_opts.actor = arg;
		break;
	case 'o':
		if (strcmp(arg, "jsonl") == 0 || strcmp(arg, "json") == 0)
			gx_opts.format = GX_FMT_JSONL;
		else if (strcmp(arg, "table") == 0)
			gx_opts.format = GX_FMT_TABLE;
		else if (strcmp(arg, "tsv") == 0)
			gx_opts.format = GX_FMT_TSV;
		else
			argp_error(state, "unknown output format '%s' "
			    "(jsonl, table, tsv)", arg);
		break;
	case OPT_FIELDS:
		gx_opts.fields = arg;
		break;
	case OPT_REVEAL:
		gx_opts.reveal = 1;
		break;
	case OPT_KEEP_GOING:
		gx_opts.keep_going = 1;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

const struct argp gx_cli_child = { cli_options, cli_parse, NULL, NULL,
    NULL, NULL, NULL };
const struct argp_child gx_cli_children[] = {
	{ &gx_cli_child, 0, NULL, 0 },
	{ 0 }
};

void
gx_cli_init(int argc, char **argv)
{
	const char *p;

	(void)argc;
	if (argv[0] != NULL) {
		p = strrchr(argv[0], '/');
		gx_progname = p ? p + 1 : argv[0];
	}
	argp_err_exit_status = GX_USAGE;
	if ((p = getenv("GX_DB")) != NULL && *p)
		gx_opts.db_url = p;
	if ((p = getenv("GX_ACTOR")) != NULL && *p)
		gx_opts.actor = p;
}

static void
vreport(const char *level, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	fprintf(stderr, "%s: %s: ", gx_progname, level);
	vfprintf(stderr, fmt, ap);
	if (n > 0 && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void
gx_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("error", fmt, ap);
	va_end(ap);
}

void
gx_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning", fmt, ap);
	va_end(ap);
}

void
gx_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("error", fmt, ap);
	va_end(ap);
	exit(code);
}

int
gx_err_set(struct gx_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

void
gx_err_clear(struct gx_err *err)
{
	err->code = GX_OK;
	err->msg[0] = '\0';
}

void
gx_err_prefix(struct gx_err *err, const char *prefix)
{
	char tmp[sizeof err->msg];
	size_t n = strlen(prefix);

	if (n >= sizeof tmp)
		n = sizeof tmp - 1;
	memcpy(tmp, prefix, n);
	snprintf(tmp + n, sizeof tmp - n, "%s", err->msg);
	memcpy(err->msg, tmp, sizeof tmp);
}

int
gx_err_report(const struct gx_err *err)
{
	if (err->code != GX_OK)
		fprintf(stderr, "%s: error: %s\n", gx_progname, err->msg);
	return err->code;
}

void *
gx_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		gx_die(GX_SOFTWARE, "out of memory");
	return p;
}

void *
gx_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		gx_die(GX_SOFTWARE, "out of memory");
	return p;
}

void *
gx_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		gx_die(GX_SOFTWARE, "out of memory");
	return p;
}

char *
gx_xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		gx_die(GX_SOFTWARE, "out of memory");
	return p;
}

/* Dispatch: the top-level argp stops at the first non-option word. */
struct dispatch {
	const struct gx_subcmd *cmds;
	int cmd_index;
};

static error_t
top_parse(int key, char *arg, struct argp_state *state)
{
	struct dispatch *d = state->input;

	(void)arg;
	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = NULL;
		break;
	case ARGP_KEY_ARG:
		d->cmd_index = state->next - 1;
		state->next = state->argc;
		break;
	case ARGP_KEY_NO_ARGS:
		argp_error(state, "missing command");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static char *
top_help(int key, const char *text, void *input)
{
	const struct dispatch *d = input;
	const struct gx_subcmd *c;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (key != ARGP_KEY_HELP_POST_DOC || d == NULL || d->cmds == NULL)
		return (char *)text;
	if ((f = open_memstream(&buf, &len)) == NULL)
		return (char *)text;
	fprintf(f, "Commands:\n");
	for (c = d->cmds; c->name; c++)
		fprintf(f, "  %-12s %s\n", c->name, c->summary);
	if (text)
		fprintf(f, "\n%s", text);
	fclose(f);
	return buf;
}

int
gx_cli_dispatch(int argc, char **argv, const struct gx_subcmd *cmds,
    const char *doc)
{
	struct dispatch d = { cmds, -1 };
	struct argp top = { NULL, top_parse, "COMMAND [ARG...]", doc,
	    gx_cli_children, top_help, NULL };
	const struct gx_subcmd *c;
	char *name, **subv;
	int subc, rc;

	gx_cli_init(argc, argv);
	argp_parse(&top, argc, argv, ARGP_IN_ORDER, NULL, &d);
	for (c = cmds; c->name; c++)
		if (strcmp(c->name, argv[d.cmd_index]) == 0)
			break;
	if (c->name == NULL) {
		gx_error("unknown command '%s' (see '%s --help')",
		    argv[d.cmd_index], gx_progname);
		return GX_USAGE;
	}
	subc = argc - d.cmd_index;
	subv = argv + d.cmd_index;
	if (asprintf(&name, "%s %s", gx_progname, c->name) < 0)
		gx_die(GX_SOFTWARE, "out of memory");
	subv[0] = name;
	rc = c->run(subc, subv);
	free(name);
	if (rc == GX_OK || rc == GX_NOTFOUND) {
		int frc = gx_fshut_stdout();
		if (frc != GX_OK)
			rc = frc;
	}
	return rc;
}

int64_t
gx_cli_number(struct argp_state *state, const char *opt, const char *arg,
    int64_t max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || v < 1 || v > max ||
	    errno == ERANGE)
		argp_error(state, "%s must be a whole number from 1 to %lld", opt,
		    (long long)max);
	return v;
}

void
gx_cli_parse(const struct argp *argp, int argc, char **argv, void *input)
{
	/* argp exits 64 itself on a usage error and 0 after --help. */
	argp_parse(argp, argc, argv, 0, NULL, input);
}

int
gx_fshut_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return GX_OK;
		gx_error("write error on standard output:");
		return GX_SOFTWARE;
	}
	return GX_OK;
}
