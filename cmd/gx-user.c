/* gx-user - register, list, show, change, suspend and restore members. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "batch.h"
#include "cli.h"
#include "clock.h"
#include "db.h"
#include "input.h"
#include "out.h"
#include "session.h"
#include "user.h"

enum {
	O_NAME = 0x200, O_PHONE, O_EMAIL, O_CITY, O_INDUSTRY, O_COMPANY,
	O_TITLE, O_EMPLOYED, O_UNEMPLOYED, O_ROLE, O_SINCE, O_SEARCH,
	O_STATUS, O_LIMIT, O_REASON, O_INVITE,
};

static const struct argp_option profile_options[] = {
	{ "name", O_NAME, "NAME", 0, "real name (1-64 characters)", 0 },
	{ "phone", O_PHONE, "PHONE", 0, "phone number (11-digit mainland "
	  "numbers get +86)", 0 },
	{ "email", O_EMAIL, "EMAIL", 0, "e-mail address", 0 },
	{ "city", O_CITY, "CITY", 0, "city", 0 },
	{ "industry", O_INDUSTRY, "INDUSTRY", 0, "industry", 0 },
	{ "company", O_COMPANY, "COMPANY", 0, "company", 0 },
	{ "title", O_TITLE, "TITLE", 0, "job title", 0 },
	{ "employed", O_EMPLOYED, NULL, 0, "currently employed", 0 },
	{ "unemployed", O_UNEMPLOYED, NULL, 0, "not currently employed", 0 },
	{ "role", O_ROLE, "ROLE", 0, "member or staff (staff only)", 0 },
	{ "invite", O_INVITE, "CODE", 0, "add: registering with this invite "
	  "code (the inviter gets the credit)", 0 },
	{ 0 }
};

/* What a subcommand's options collected. */
struct args {
	json_t *profile;		/* fields given as options */
	struct gx_user_filter filter;
	const char *reason;
	char **refs;
	int nrefs;
};

static error_t
parse_common(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;
	static const struct { int key; const char *field; } map[] = {
		{ O_NAME, "name" }, { O_PHONE, "phone" }, { O_EMAIL, "email" },
		{ O_CITY, "city" }, { O_INDUSTRY, "industry" },
		{ O_COMPANY, "company" }, { O_TITLE, "title" },
		{ O_ROLE, "role" }, { O_INVITE, "invite" },
	};
	int64_t t;

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (key == map[i].key) {
			json_t *s = json_string(arg);

			if (s == NULL)
				argp_error(state, "--%s is not valid UTF-8",
				    map[i].field);
			json_object_set_new(a->profile, map[i].field, s);
			/* the same options filter list */
			if (key == O_CITY) a->filter.city = arg;
			if (key == O_INDUSTRY) a->filter.industry = arg;
			if (key == O_COMPANY) a->filter.company = arg;
			if (key == O_ROLE) a->filter.role = arg;
			return 0;
		}
	switch (key) {
	case O_EMPLOYED:
	case O_UNEMPLOYED:
		json_object_set_new(a->profile, "employed",
		    json_boolean(key == O_EMPLOYED));
		break;
	case O_SINCE: {
		char buf[GX_TIME_LEN];

		if (gx_time_parse(arg, gx_now(), &t) != 0)
			argp_error(state, "--since: '%s' is not a time", arg);
		a->filter.since = gx_xstrdup(gx_time_format(t, buf));
		break;
	}
	case O_SEARCH:
		a->filter.search = arg;
		break;
	case O_STATUS:
		if (strcmp(arg, "active") != 0 && strcmp(arg, "suspended") != 0)
			argp_error(state, "--status must be active or "
			    "suspended");
		a->filter.status = arg;
		break;
	case O_LIMIT:
		a->filter.limit = gx_cli_number(state, "--limit", arg,
		    INT64_MAX);
		break;
	case O_REASON:
		a->reason = arg;
		break;
	case ARGP_KEY_ARGS:
		a->refs = state->argv + state->next;
		a->nrefs = state->argc - state->next;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* Did a batch that ended with rc commit?  Under --keep-going bad records
 * (65) are skipped and the rest committed. */
static int
committed(int rc)
{
	return rc == 0 || (gx_opts.keep_going && rc == GX_DATAERR);
}

static void
print_user(struct gx_out *o, json_t *rec, const char *result)
{
	gx_user_present(rec, gx_opts.reveal);
	if (result)
		json_object_set_new(rec, "result", json_string(result));
	gx_out_emit(o, rec);
}

/* add: one member from options, or many from stdin. */
struct add_ctx {
	struct gx_db *db;
	struct gx_actor *actor;
	struct gx_out *out;
	int64_t now;
	struct gx_audit_group *group;	/* bulk loads: grouped audit rows */
};

static int
add_parse(const json_t *rec, void *payload, const void *vctx,
    struct gx_err *err)
{
	const struct add_ctx *c = vctx;
	struct gx_user_prep *p = payload;
	int rc = gx_user_parse(rec, &p->u, 1, err);

	if (rc == 0)
		gx_user_prepare(p, c->now, gx_opts.reveal);
	return rc;
}

static int
add_apply(void *payload, void *vctx, struct gx_err *err)
{
	struct add_ctx *c = vctx;
	struct gx_user_prep *p = payload;
	const char *result;
	int64_t id;
	json_t *rec;
	int rc;

	rc = gx_user_add(c->db, c->actor, p, c->group, c->now, &id, &result,
	    err);
	if (rc != 0)
		return rc;
	if (strcmp(result, "added") == 0 && p->u.invite[0] == '\0') {
		gx_user_emit_added(c->out, p, id);
		return 0;
	}
	if ((rec = gx_user_get(c->db, p->u.handle, err)) == NULL)
		return err->code;
	print_user(c->out, rec, result);
	json_decref(rec);
	return 0;
}

static int
add_finish(void *vctx, struct gx_err *err)
{
	struct add_ctx *c = vctx;

	return gx_audit_group_flush(c->db, c->group, err);
}

static int
cmd_add(int argc, char **argv)
{
	static const char doc[] = "Register members: one from the options, or "
	    "many as JSON lines on stdin (one transaction)."
	    "\vExamples:\n"
	    "  gx-user add wangwei --name 王伟 --phone 13812345678 "
	    "--city Shanghai \\\n"
	    "      --industry sales --company \"Ping An\" --title \"Sales "
	    "Director\" --employed\n"
	    "  gx-user add lina --name 李娜 --phone 13900001111 --invite "
	    "K7QX2M9D\n"
	    "  gx-user add < members.jsonl";
	struct argp argp = { profile_options, parse_common, "[HANDLE]", doc,
	    gx_cli_children, NULL, NULL };
	struct args a = { json_object(), { 0 }, NULL, NULL, 0 };
	struct gx_actor actor;
	struct add_ctx c;
	struct gx_err e = { 0, "" };
	int rc;

	gx_cli_parse(&argp, argc, argv, &a);
	if (a.nrefs > 1)
		gx_die(GX_USAGE, "add takes one HANDLE (many come on stdin)");
	if (a.nrefs == 0 && !gx_stdin_is_data())
		gx_die(GX_USAGE, "missing HANDLE (see '%s --help')", argv[0]);
	memset(&c, 0, sizeof c);
	c.db = gx_session_open(&actor);
	c.actor = &actor;
	c.now = gx_now();
	c.out = gx_out_new(gx_user_fields, gx_user_table);
	gx_out_hold(c.out);
	if (a.nrefs == 1) {
		static struct gx_user_prep p;

		json_object_set_new(a.profile, "handle",
		    json_string(a.refs[0]));
		if ((rc = add_parse(a.profile, &p, &c, &e)) == 0 &&
		    (rc = gx_db_begin(c.db, &e)) == 0) {
			if ((rc = add_apply(&p, &c, &e)) == 0)
				rc = gx_db_commit(c.db, &e);
			else
				gx_db_rollback(c.db);
		}
	} else {
		struct gx_batch b = { sizeof(struct gx_user_prep), add_parse,
		    add_apply, NULL, add_finish, &c };
		struct gx_audit_group g;
		struct gx_jsonl r;

		if (json_object_size(a.profile) > 0)
			gx_die(GX_USAGE, "profile options need a HANDLE; on "
			    "stdin, put the fields in the JSON lines");
		gx_audit_group_init(&g, actor.label, "add", "user", c.now);
		c.group = &g;
		gx_jsonl_init(&r, 0, "stdin");
		rc = gx_batch_run(c.db, &r, &b, gx_opts.keep_going, &e);
		gx_jsonl_release(&r);
		gx_audit_group_release(&g);
	}
	gx_out_release(c.out, committed(rc));
	gx_out_close(c.out);
	gx_db_close(c.db);
	json_decref(a.profile);
	return rc ? gx_err_report(&e) : 0;
}

static int
list_one(json_t *rec, void *ctx)
{
	print_user(ctx, rec, NULL);
	return 0;
}

static int
cmd_list(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "city", O_CITY, "CITY", 0, "members in this city", 0 },
		{ "industry", O_INDUSTRY, "INDUSTRY", 0, "in this industry", 0 },
		{ "company", O_COMPANY, "COMPANY", 0, "at this company", 0 },
		{ "since", O_SINCE, "TIME", 0, "registered at or after TIME", 0 },
		{ "search", O_SEARCH, "TEXT", 0, "TEXT in handle, name, company "
		  "or title", 0 },
		{ "status", O_STATUS, "STATUS", 0, "active or suspended", 0 },
		{ "role", O_ROLE, "ROLE", 0, "member or staff", 0 },
		{ "limit", O_LIMIT, "N", 0, "at most N members", 0 },
		{ 0 }
	};
	static const char doc[] = "List members, oldest first; exit 1 if none "
	    "match.\vExamples:\n"
	    "  gx-user list --city Shanghai --industry sales\n"
	    "  gx-user list --search 王 --limit 10 | gx-user show";
	struct argp argp = { opts, parse_common, NULL, doc, gx_cli_children,
	    NULL, NULL };
	struct args a = { json_object(), { 0 }, NULL, NULL, 0 };
	struct gx_actor actor;
	struct gx_err e = { 0, "" };
	struct gx_db *db;
	struct gx_out *o;
	int rc;

	gx_cli_parse(&argp, argc, argv, &a);
	db = gx_session_open(&actor);
	o = gx_out_new(gx_user_fields, gx_user_table);
	rc = gx_user_list(db, &a.filter, list_one, o, &e);
	gx_out_close(o);
	gx_db_close(db);
	json_decref(a.profile);
	free((char *)a.filter.since);
	if (rc == GX_NOTFOUND)
		return rc;
	return rc ? gx_err_report(&e) : 0;
}

static const char *const ref_fields[] = { "handle", "user", NULL };

static int
show_one(const char *ref, void *ctx, struct gx_err *err)
{
	json_t *u = gx_user_get(((struct add_ctx *)ctx)->db, ref, err);

	if (u == NULL)
		return err->code;
	print_user(((struct add_ctx *)ctx)->out, u, NULL);
	json_decref(u);
	return 0;
}

static int
cmd_show(int argc, char **argv)
{
	static const char doc[] = "Show members by handle, or the members "
	    "named on stdin.\vExamples:\n"
	    "  gx-user show wangwei\n"
	    "  gx-user list --city Shanghai | gx-user show";
	struct argp argp = { NULL, parse_common, "[HANDLE...]", doc,
	    gx_cli_children, NULL, NULL };
	struct args a = { json_object(), { 0 }, NULL, NULL, 0 };
	struct gx_actor actor;
	struct add_ctx c;
	int rc;

	gx_cli_parse(&argp, argc, argv, &a);
	memset(&c, 0, sizeof c);
	c.db = gx_session_open(&actor);
	c.out = gx_out_new(gx_user_fields, gx_user_table);
	rc = gx_each_ref(c.db, c.out, a.nrefs, a.refs, ref_fields, 0, show_one,
	    &c);
	gx_out_close(c.out);
	gx_db_close(c.db);
	json_decref(a.profile);
	return rc;
}

/* set: profile changes from options for one member, or JSON lines. */
static int
set_parse(const json_t *rec, void *payload, const void *ctx,
    struct gx_err *err)
{
	(void)ctx;
	return gx_user_parse(rec, payload, 0, err);
}

static int
set_apply(void *payload, void *vctx, struct gx_err *err)
{
	struct add_ctx *c = vctx;
	const char *result;
	json_t *rec;
	int rc;

	rc = gx_user_update(c->db, c->actor, payload, c->now, &rec, &result,
	    err);
	if (rc == 0) {
		print_user(c->out, rec, result);
		json_decref(rec);
	}
	return rc;
}

static int
cmd_set(int argc, char **argv)
{
	static const char doc[] = "Change members' profiles: one from the "
	    "options, or JSON lines on stdin (handle and the fields to "
	    "change).\vExamples:\n"
	    "  gx-user set wangwei --title \"Regional Director\" --city "
	    "Hangzhou\n"
	    "  gx-user set lina --role staff";
	struct argp argp = { profile_options, parse_common, "[HANDLE]", doc,
	    gx_cli_children, NULL, NULL };
	struct args a = { json_object(), { 0 }, NULL, NULL, 0 };
	struct gx_actor actor;
	struct add_ctx c;
	struct gx_err e = { 0, "" };
	int rc;

	gx_cli_parse(&argp, argc, argv, &a);
	if (a.nrefs > 1)
		gx_die(GX_USAGE, "set takes one HANDLE (many come on stdin)");
	if (a.nrefs == 1 && json_object_size(a.profile) == 0)
		gx_die(GX_USAGE, "nothing to change (see '%s --help')",
		    argv[0]);
	if (json_object_get(a.profile, "invite") != NULL)
		gx_die(GX_USAGE, "--invite goes with add (or gx-invite accept)");
	if (a.nrefs == 0 && !gx_stdin_is_data())
		gx_die(GX_USAGE, "missing HANDLE (see '%s --help')", argv[0]);
	memset(&c, 0, sizeof c);
	c.db = gx_session_open(&actor);
	c.actor = &actor;
	c.now = gx_now();
	c.out = gx_out_new(gx_user_fields, gx_user_table);
	gx_out_hold(c.out);
	if (a.nrefs == 1) {
		struct gx_user_in u;

		json_object_set_new(a.profile, "handle",
		    json_string(a.refs[0]));
		if ((rc = gx_user_parse(a.profile, &u, 0, &e)) == 0 &&
		    (rc = gx_db_begin(c.db, &e)) == 0) {
			if ((rc = set_apply(&u, &c, &e)) == 0)
				rc = gx_db_commit(c.db, &e);
			else
				gx_db_rollback(c.db);
		}
	} else {
		struct gx_batch b = { sizeof(struct gx_user_in), set_parse,
		    set_apply, NULL, NULL, &c };
		struct gx_jsonl r;

		gx_jsonl_init(&r, 0, "stdin");
		rc = gx_batch_run(c.db, &r, &b, gx_opts.keep_going, &e);
		gx_jsonl_release(&r);
	}
	gx_out_release(c.out, committed(rc));
	gx_out_close(c.out);
	gx_db_close(c.db);
	json_decref(a.profile);
	return rc ? gx_err_report(&e) : 0;
}

/* suspend and restore: references from arguments or stdin, one batch. */
struct status_ctx {
	struct add_ctx c;
	int suspend;
	const char *reason;
};

static int
status_one(const char *ref, void *vctx, struct gx_err *err)
{
	struct status_ctx *s = vctx;
	const char *result;
	json_t *u;
	int rc;

	rc = gx_user_suspend(s->c.db, s->c.actor, ref, s->suspend, s->reason,
	    s->c.now, &u, &result, err);
	if (rc == 0) {
		print_user(s->c.out, u, result);
		json_decref(u);
	}
	return rc;
}

static int
change_status(int argc, char **argv, int suspend)
{
	static const struct argp_option opts[] = {
		{ "reason", O_REASON, "TEXT", 0, "why (required to suspend)", 0 },
		{ 0 }
	};
	static const char sdoc[] = "Suspend members (staff only): they can no "
	    "longer act.\vExample:\n"
	    "  gx-user suspend spammer01 --reason \"bulk invites\"";
	static const char rdoc[] = "Restore suspended members (staff only)."
	    "\vExample:\n  gx-user list --status suspended | gx-user restore";
	struct argp argp = { suspend ? opts : NULL, parse_common,
	    "[HANDLE...]", suspend ? sdoc : rdoc, gx_cli_children, NULL,
	    NULL };
	struct args a = { json_object(), { 0 }, NULL, NULL, 0 };
	struct gx_actor actor;
	struct status_ctx s;
	int rc;

	gx_cli_parse(&argp, argc, argv, &a);
	if (suspend && (a.reason == NULL || !gx_text_ok(a.reason, 256)))
		gx_die(GX_USAGE, "suspend needs --reason TEXT");
	memset(&s, 0, sizeof s);
	s.suspend = suspend;
	s.reason = a.reason;
	s.c.db = gx_session_open(&actor);
	s.c.actor = &actor;
	s.c.now = gx_now();
	s.c.out = gx_out_new(gx_user_fields, gx_user_table);
	rc = gx_each_ref(s.c.db, s.c.out, a.nrefs, a.refs, ref_fields, GX_REF_WRITE,
	    status_one, &s);
	gx_out_close(s.c.out);
	gx_db_close(s.c.db);
	json_decref(a.profile);
	return rc;
}

static int
cmd_suspend(int argc, char **argv)
{
	return change_status(argc, argv, 1);
}

static int
cmd_restore(int argc, char **argv)
{
	return change_status(argc, argv, 0);
}

static const struct gx_subcmd cmds[] = {
	{ "add", "register members (real name and phone required)", cmd_add },
	{ "list", "list members by city, industry, company, time, text",
	  cmd_list },
	{ "show", "show members by handle or from stdin", cmd_show },
	{ "set", "change members' profiles", cmd_set },
	{ "suspend", "suspend members (staff)", cmd_suspend },
	{ "restore", "restore suspended members (staff)", cmd_restore },
	{ NULL, NULL, NULL }
};

int
main(int argc, char **argv)
{
	return gx_cli_dispatch(argc, argv, cmds, "Members of the community: "
	    "real-name registration and profiles.\vExample:\n"
	    "  gx-user list --city Shanghai | gx-user show");
}
