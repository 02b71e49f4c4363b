/* gx - the umbrella: init, status, export, import, audit, help, and
 * `gx NAME ARGS` running gx-NAME. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#include "audit.h"
#include "cli.h"
#include "clock.h"
#include "db.h"
#include "export.h"
#include "out.h"
#include "session.h"
#include "status.h"

enum { O_ENTITY = 0x200, O_LIMIT };

struct args {
	const char *entity;
	long limit;
	char **rest;
	int nrest;
};

static error_t
parse_args(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case O_ENTITY:
		a->entity = arg;
		break;
	case O_LIMIT:
		a->limit = gx_cli_number(state, "--limit", arg, INT64_MAX);
		break;
	case ARGP_KEY_ARGS:
		a->rest = state->argv + state->next;
		a->nrest = state->argc - state->next;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* The built-ins are the operator's tools: a member acting with --as may
 * only complete names. */
static struct gx_db *
open_db_as(int staff_only)
{
	struct gx_actor a;
	struct gx_db *db = gx_session_open(&a);

	if (staff_only && !a.staff) {
		gx_db_close(db);
		gx_die(GX_NOPERM, "the gx built-ins are for staff; member "
		    "'%s' may not use them", a.handle);
	}
	return db;
}

static struct gx_db *
open_db(void)
{
	return open_db_as(1);
}

/* Subcommands without options of their own: parse the global ones. */
static void
parse_plain(int argc, char **argv, const char *args_doc, const char *doc,
    struct args *a, int max_args)
{
	struct argp argp = { NULL, parse_args, args_doc, doc, gx_cli_children,
	    NULL, NULL };

	gx_cli_parse(&argp, argc, argv, a);
	if (a->nrest > max_args)
		gx_die(GX_USAGE, "too many arguments (see '%s --help')",
		    argv[0]);
}

static int
cmd_init(int argc, char **argv)
{
	static const char *const fields[] = { "type", "path",
	    "schema_version", NULL };
	struct args a = { 0 };
	struct gx_db *db;
	struct gx_out *o;
	json_t *rec;

	parse_plain(argc, argv, NULL, "Create the database (mode 0600) and "
	    "bring its schema up to date.\vExample:\n  gx init --db "
	    "spring.db", &a, 0);
	db = open_db();
	rec = json_pack("{s:s, s:s, s:i}", "type", "database", "path",
	    gx_db_path(db), "schema_version", gx_db_schema_version(db));
	o = gx_out_new(fields, NULL);
	gx_out_emit(o, rec);
	gx_out_close(o);
	json_decref(rec);
	gx_db_close(db);
	return 0;
}

static int
cmd_status(int argc, char **argv)
{
	static const char *const fields[] = { "type", "path",
	    "schema_version", "size_bytes", "users", "active_users",
	    "suspended_users", "staff", "campaigns", "invites", "awards",
	    "cert_cases_open", "groups", "posts", "audit_rows", NULL };
	struct gx_err e = { 0, "" };
	struct args a = { 0 };
	struct gx_db *db;
	struct gx_out *o;
	json_t *rec;
	int rc = 0;

	parse_plain(argc, argv, NULL, "Show the database: path, schema and "
	    "counts.\vExample:\n  gx status -o table", &a, 0);
	db = open_db();
	if ((rec = gx_status(db, &e)) == NULL)
		rc = gx_err_report(&e);
	if (rc == 0) {
		o = gx_out_new(fields, NULL);
		gx_out_emit(o, rec);
		gx_out_close(o);
	}
	json_decref(rec);
	gx_db_close(db);
	return rc;
}

static int
cmd_export(int argc, char **argv)
{
	struct gx_err e = { 0, "" };
	struct args a = { 0 };
	struct gx_db *db;
	int rc;

	parse_plain(argc, argv, NULL, "Write every row of the database as "
	    "type-tagged JSON lines, in a stable order.\vExample:\n"
	    "  gx export > backup.jsonl", &a, 0);
	db = open_db();
	rc = gx_export(db, stdout, &e);
	gx_db_close(db);
	return rc ? gx_err_report(&e) : 0;
}

static int
cmd_import(int argc, char **argv)
{
	struct gx_err e = { 0, "" };
	struct args a = { 0 };
	struct gx_jsonl r;
	struct gx_db *db;
	int rc;

	parse_plain(argc, argv, NULL, "Load an export from stdin into an "
	    "empty database, in one transaction.\vExample:\n"
	    "  gx import --db copy.db < backup.jsonl", &a, 0);
	if (isatty(0))
		gx_die(GX_USAGE, "import reads an export on stdin");
	db = open_db();
	gx_jsonl_init(&r, 0, "stdin");
	rc = gx_import(db, &r, &e);
	gx_jsonl_release(&r);
	gx_db_close(db);
	return rc ? gx_err_report(&e) : 0;
}

static void
emit(json_t *rec, void *out)
{
	gx_out_emit(out, rec);
}

static int
cmd_audit(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "entity", O_ENTITY, "ENTITY", 0, "list: rows about this kind "
		  "of entity (user, ...)", 0 },
		{ "limit", O_LIMIT, "N", 0, "list: at most N rows (default 50)",
		  0 },
		{ 0 }
	};
	static const char *const fields[] = { "type", "id", "at", "actor",
	    "command", "action", "entity", "entity_id", "details", "prev_hash",
	    "hash", "ok", "rows", NULL };
	static const char *const cols[] = { "id", "at", "actor", "command",
	    "action", "entity", "entity_id", NULL };
	struct argp argp = { opts, parse_args, "verify|list", "Check or list "
	    "the audit log.\vExamples:\n  gx audit verify\n"
	    "  gx audit list --entity user --limit 20", gx_cli_children, NULL,
	    NULL };
	struct gx_err e = { 0, "" };
	struct args a = { 0 };
	struct gx_db *db;
	struct gx_out *o;
	int rc = 0;

	a.limit = 50;
	gx_cli_parse(&argp, argc, argv, &a);
	if (a.nrest != 1 || (strcmp(a.rest[0], "verify") != 0 &&
	    strcmp(a.rest[0], "list") != 0))
		gx_die(GX_USAGE, "expected 'verify' or 'list' (see '%s --help')",
		    argv[0]);
	db = open_db();
	if (strcmp(a.rest[0], "verify") == 0) {
		int64_t rows, bad;
		json_t *rec;

		rc = gx_audit_verify(db, &rows, &bad, &e);
		if (rc == 0) {
			rec = json_pack("{s:s, s:b, s:I}", "type",
			    "audit-verify", "ok", 1, "rows", (json_int_t)rows);
			o = gx_out_new(fields, NULL);
			gx_out_emit(o, rec);
			gx_out_close(o);
			json_decref(rec);
		}
	} else {
		o = gx_out_new(fields, cols);
		rc = gx_audit_list(db, a.entity, a.limit, emit, o, &e);
		gx_out_close(o);
	}
	gx_db_close(db);
	if (rc == GX_NOTFOUND)
		return rc;
	return rc ? gx_err_report(&e) : 0;
}

static void
print(const char *text, void *ctx)
{
	(void)ctx;
	puts(text);
}

static int
cmd_complete(int argc, char **argv)
{
	struct gx_err e = { 0, "" };
	struct args a = { 0 };
	struct gx_db *db;
	int rc;

	parse_plain(argc, argv, "handles|slugs|groups|codes|cases [PREFIX]",
	    "Print candidates for the bash completion: member handles, "
	    "campaign slugs, group slugs or invite codes starting with PREFIX, "
	    "or the newest open and approved certification cases; at most "
	    "100.\vExample:\n  gx complete handles wa", &a, 2);
	if (a.nrest < 1)
		gx_die(GX_USAGE, "expected 'handles', 'slugs', 'groups', 'codes' "
		    "or 'cases'");
	db = open_db_as(0);
	rc = gx_complete(db, a.rest[0], a.nrest > 1 ? a.rest[1] : "", print,
	    NULL, &e);
	gx_db_close(db);
	return rc ? gx_err_report(&e) : 0;
}

/* The directory this binary lives in (for finding gx-NAME beside it). */
static char *
self_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	if ((slash = strrchr(buf, '/')) == NULL)
		return NULL;
	*slash = '\0';
	return gx_xstrdup(buf);
}

static int
run_command(const char *name, int argc, char **argv)
{
	char *dir = self_dir(), *prog, path[PATH_MAX];

	(void)argc;
	if (asprintf(&prog, "gx-%s", name) < 0)
		gx_die(GX_SOFTWARE, "out of memory");
	argv[0] = prog;
	if (dir != NULL) {
		snprintf(path, sizeof path, "%s/%s", dir, prog);
		free(dir);
		if (access(path, X_OK) == 0)
			execv(path, argv);
	}
	execvp(prog, argv);
	if (errno == ENOENT)
		gx_die(GX_USAGE, "'%s' is not a gx command (see 'gx help')",
		    name);
	gx_die(GX_SOFTWARE, "cannot run '%s':", prog);
}

static void
list_dir(const char *dir, char seen[][64], int *nseen)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL && *nseen < 64) {
		char path[PATH_MAX];
		int dup = 0;

		if (strncmp(de->d_name, "gx-", 3) != 0 ||
		    strchr(de->d_name, '.') != NULL ||
		    strlen(de->d_name) >= 64)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (access(path, X_OK) != 0)
			continue;
		for (int i = 0; i < *nseen; i++)
			dup |= strcmp(seen[i], de->d_name + 3) == 0;
		if (!dup)
			snprintf(seen[(*nseen)++], 64, "%s", de->d_name + 3);
	}
	closedir(d);
}

/*
 * The summary of gx-NAME: the line after "Usage:" in its --help, read
 * from the program itself (so it cannot go stale).  Empty if it has none.
 */
static void
summary(const char *name, char *out, size_t n)
{
	char prog[80], *args[3], buf[2048], *dir, path[PATH_MAX], *p, *q;
	posix_spawn_file_actions_t fa;
	ssize_t got, len = 0;
	int fd[2], st;
	pid_t pid;

	out[0] = '\0';
	snprintf(prog, sizeof prog, "gx-%.60s", name);
	if ((dir = self_dir()) != NULL) {
		snprintf(path, sizeof path, "%s/%s", dir, prog);
		free(dir);
	}
	if (dir == NULL || access(path, X_OK) != 0)
		snprintf(path, sizeof path, "%s", prog);
	if (pipe(fd) != 0)
		return;
	args[0] = prog;
	args[1] = "--help";
	args[2] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
	posix_spawn_file_actions_addclose(&fa, fd[0]);
	if (posix_spawnp(&pid, path, &fa, NULL, args, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		close(fd[0]);
		close(fd[1]);
		return;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(fd[1]);
	while (len < (ssize_t)sizeof buf - 1 &&
	    (got = read(fd[0], buf + len, sizeof buf - 1 - (size_t)len)) > 0)
		len += got;
	buf[len] = '\0';
	close(fd[0]);
	waitpid(pid, &st, 0);
	if ((p = strchr(buf, '\n')) == NULL)
		return;
	/* The paragraph after the usage line, unwrapped. */
	p++;
	if ((q = strstr(p, "\n\n")) != NULL)
		*q = '\0';
	for (q = p; *q; q++)
		if (*q == '\n')
			*q = ' ';
	snprintf(out, n, "%s", p);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int
cmd_help(int argc, char **argv)
{
	struct args a = { 0 };
	char seen[64][64], *dir, *path, *p, *save = NULL;
	int nseen = 0;

	parse_plain(argc, argv, "[COMMAND]", "List the gx commands, or show "
	    "one command's help.\vExamples:\n  gx help\n  gx help user", &a,
	    1);
	if (a.nrest == 1) {
		char *args[] = { a.rest[0], "--help", NULL };

		return run_command(a.rest[0], 2, args);
	}
	if ((dir = self_dir()) != NULL) {
		list_dir(dir, seen, &nseen);
		free(dir);
	}
	path = gx_xstrdup(getenv("PATH") ? getenv("PATH") : "");
	for (p = strtok_r(path, ":", &save); p; p = strtok_r(NULL, ":", &save))
		list_dir(p, seen, &nseen);
	free(path);
	qsort(seen, (size_t)nseen, sizeof seen[0], cmp_names);
	printf("usage: gx [--db URL] [--as HANDLE] COMMAND [ARG...]\n\n"
	    "Built in:\n"
	    "  init      create and migrate the database\n"
	    "  status    path, schema and counts\n"
	    "  export    every row as JSON lines\n"
	    "  import    load an export into an empty database\n"
	    "  audit     verify or list the audit log\n"
	    "  help      this list, or 'gx help COMMAND'\n\n"
	    "Commands (gx NAME runs gx-NAME):\n");
	for (int i = 0; i < nseen; i++) {
		char sum[200];

		summary(seen[i], sum, sizeof sum);
		printf("  %-9s %s\n", seen[i], sum);
	}
	printf("\nSee gx(1), gx(7) and gx-NAME(1).\n");
	return 0;
}

static const struct gx_subcmd cmds[] = {
	{ "init", "create and migrate the database", cmd_init },
	{ "status", "path, schema version and counts", cmd_status },
	{ "export", "every row as type-tagged JSON lines", cmd_export },
	{ "import", "load an export into an empty database", cmd_import },
	{ "audit", "verify or list the audit log", cmd_audit },
	{ "help", "list commands, or a command's help", cmd_help },
	{ "complete", "candidates for the bash completion", cmd_complete },
	{ NULL, NULL, NULL }
};

int
main(int argc, char **argv)
{
	/* `gx NAME ...` for anything that is not built in runs gx-NAME. */
	if (argc > 1 && argv[1][0] != '-') {
		const struct gx_subcmd *c;

		for (c = cmds; c->name; c++)
			if (strcmp(c->name, argv[1]) == 0)
				break;
		if (c->name == NULL)
			return run_command(argv[1], argc - 1, argv + 1);
	}
	return gx_cli_dispatch(argc, argv, cmds, "gx runs a professional "
	    "community from the shell: members, invites and campaigns, "
	    "certification, groups, events and the guanxi graph.\v"
	    "Examples:\n  gx init\n  gx user list --city Shanghai\n"
	    "  gx export > backup.jsonl");
}
