/* gx-group - member-founded groups, their members and daily rituals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "db.h"
#include "group.h"
#include "out.h"
#include "session.h"
#include "user.h"

enum {
	O_NAME = 0x200, O_FOUNDER, O_POLICY, O_CITY, O_INDUSTRY, O_ABOUT,
	O_TZ, O_USER, O_ROLE, O_STATUS, O_INACTIVE, O_DATE, O_SKIP,
};

struct args {
	struct gx_group_in g;
	struct gx_member_filter f;
	const char *user, *role, *date;
	int skip;
	char **refs;
	int nrefs;
	const char *action;	/* membership changes */
};

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case O_NAME: case O_ABOUT: case O_CITY: case O_INDUSTRY:
		if (!gx_text_ok(arg, key == O_ABOUT ? 500 : GX_TEXT_MAX))
			argp_error(state, "'%s' must be text without control "
			    "characters", arg);
		if (key == O_NAME) a->g.name = arg;
		if (key == O_ABOUT) a->g.about = arg;
		if (key == O_CITY) a->g.city = a->f.city = arg;
		if (key == O_INDUSTRY) a->g.industry = arg;
		break;
	case O_FOUNDER:
		a->g.founder = arg;
		break;
	case O_POLICY:
		a->g.policy = arg;
		break;
	case O_TZ:
		a->g.tz = arg;
		break;
	case O_USER:
		a->user = arg;
		break;
	case O_ROLE:
		a->role = a->f.role = arg;
		break;
	case O_STATUS:
		if (strcmp(arg, "active") && strcmp(arg, "pending") &&
		    strcmp(arg, "banned") && strcmp(arg, "left") &&
		    strcmp(arg, "removed"))
			argp_error(state, "--status must be active, pending, "
			    "banned, left or removed");
		a->f.status = arg;
		break;
	case O_INACTIVE:
		if (gx_duration_parse(arg, &a->f.inactive) != 0 ||
		    a->f.inactive <= 0)
			argp_error(state, "--inactive takes a duration, like 7d");
		break;
	case O_DATE:
		a->date = arg;
		break;
	case O_SKIP:
		a->skip = 1;
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

/* Parse; the first argument is the group's slug when need_slug. */
static void
parse(const struct argp *argp, int argc, char **argv, struct args *a,
    int need_slug)
{
	memset(a, 0, sizeof *a);
	gx_cli_parse(argp, argc, argv, a);
	if (need_slug && a->nrefs < 1)
		gx_die(GX_USAGE, "missing the group's SLUG (see '%s --help')",
		    argv[0]);
	if (need_slug) {
		snprintf(a->g.slug, sizeof a->g.slug, "%s", a->refs[0]);
		a->refs++;
		a->nrefs--;
	}
}

static int
cmd_create(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "name", O_NAME, "NAME", 0, "what members see (required)", 0 },
		{ "founder", O_FOUNDER, "HANDLE", 0, "the founding member "
		  "(required)", 0 },
		{ "policy", O_POLICY, "POLICY", 0, "open (default), approval or "
		  "invite", 0 },
		{ "city", O_CITY, "CITY", 0, "its city", 0 },
		{ "industry", O_INDUSTRY, "INDUSTRY", 0, "its industry", 0 },
		{ "about", O_ABOUT, "TEXT", 0, "what it is about", 0 },
		{ "tz", O_TZ, "ZONE", 0, "its time zone (default Asia/Shanghai)",
		  0 },
		{ 0 }
	};
	static const char doc[] = "Found a group; the founder is its first "
	    "member.\vExample:\n  gx-group create sales-elites-2 --name "
	    "\"The Earth's Sales Elites 2\" --founder wangwei --policy approval";
	struct argp argp = { opts, parse_opt, "SLUG", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_err e = { 0, "" };
	struct gx_session r;
	const char *result;
	struct args a;
	json_t *rec;
	int rc;

	parse(&argp, argc, argv, &a, 1);
	if (a.g.name == NULL || a.g.founder == NULL)
		gx_die(GX_USAGE, "create needs --name and --founder");
	gx_session_start(&r, &a, gx_group_fields, NULL);
	if ((rc = gx_db_begin(r.db, &e)) == 0) {
		if ((rc = gx_group_create(r.db, &r.actor, &a.g, r.now, &rec,
		    &result, &e)) == 0 && (rc = gx_db_commit(r.db, &e)) == 0)
			gx_session_print(&r, rec, result);
		else
			gx_db_rollback(r.db);
	}
	return gx_session_end(&r, rc ? gx_err_report(&e) : 0);
}

static int
cmd_list(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "city", O_CITY, "CITY", 0, "groups of this city", 0 },
		{ "industry", O_INDUSTRY, "INDUSTRY", 0, "of this industry", 0 },
		{ 0 }
	};
	static const char doc[] = "List groups.\vExample:\n  gx-group list "
	    "-o table";
	struct argp argp = { opts, parse_opt, NULL, doc, gx_cli_children, NULL,
	    NULL };
	struct gx_err e = { 0, "" };
	struct gx_session r;
	struct args a;
	int rc;

	parse(&argp, argc, argv, &a, 0);
	gx_session_start(&r, &a, gx_group_fields, NULL);
	rc = gx_group_list(r.db, a.g.city, a.g.industry, gx_session_emit, &r,
	    &e);
	return gx_session_done(&r, rc, &e);
}

static int
show_one(const char *ref, void *ctx, struct gx_err *err)
{
	struct gx_session *r = ctx;
	json_t *g = gx_group_get(r->db, ref, err);

	if (g == NULL)
		return err->code;
	gx_session_print(r, g, NULL);
	return 0;
}

static int
cmd_show(int argc, char **argv)
{
	static const char *const slug_fields[] = { "slug", "group", NULL };
	static const char doc[] = "Show groups.\vExample:\n  gx-group show "
	    "sales-elites-2";
	struct argp argp = { NULL, parse_opt, "[SLUG...]", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_session r;
	struct args a;

	parse(&argp, argc, argv, &a, 0);
	gx_session_start(&r, &a, gx_group_fields, NULL);
	return gx_session_end(&r, gx_each_ref(r.db, r.out, a.nrefs, a.refs,
	    slug_fields, 0, show_one, &r));
}

/* join, approve, add, leave, remove, ban: SLUG and members. */
static int
member_one(const char *ref, void *ctx, struct gx_err *err)
{
	struct gx_session *r = ctx;
	struct args *a = r->args;
	const char *result;
	json_t *m;
	int rc;

	if ((rc = gx_group_member(r->db, &r->actor, a->g.slug, ref, a->action,
	    r->now, &m, &result, err)) == 0)
		gx_session_print(r, m, result);
	return rc;
}

static int
member_cmd(int argc, char **argv, const char *action, const char *doc)
{
	static const struct argp_option opts[] = {
		{ "user", O_USER, "HANDLE", 0, "join/leave: for this member "
		  "(staff)", 0 },
		{ 0 }
	};
	static const char *const user_fields[] = { "handle", "user", NULL };
	int self = strcmp(action, "join") == 0 || strcmp(action, "leave") == 0;
	struct argp argp = { self ? opts : NULL, parse_opt, self ? "SLUG" :
	    "SLUG [HANDLE...]", doc, gx_cli_children, NULL, NULL };
	struct gx_session r;
	struct args a;
	char *me[1];

	parse(&argp, argc, argv, &a, 1);
	a.action = action;
	gx_session_start(&r, &a, gx_member_fields, NULL);
	if (self) {
		if (a.nrefs > 0)
			gx_die(GX_USAGE, "%s takes only the SLUG; --user names "
			    "someone else", action);
		me[0] = (char *)(a.user ? a.user : r.actor.handle);
		if (me[0][0] == '\0')
			gx_die(GX_USAGE, "%s: act as the member with --as, or "
			    "name them with --user", action);
		return gx_session_end(&r, gx_each_ref(r.db, r.out, 1, me,
		    user_fields, GX_REF_WRITE, member_one, &r));
	}
	return gx_session_end(&r, gx_each_ref(r.db, r.out, a.nrefs, a.refs,
	    user_fields, GX_REF_WRITE, member_one, &r));
}

static int
cmd_join(int argc, char **argv)
{
	return member_cmd(argc, argv, "join", "Join a group: at once if it is "
	    "open, pending approval if it needs approval; an invitation-only "
	    "group is joined through an admin.\vExample:\n  gx-group join "
	    "sales-elites-2 --as lina");
}

static int
cmd_approve(int argc, char **argv)
{
	return member_cmd(argc, argv, "approve", "Approve pending members "
	    "(admins).\vExample:\n  gx-group members sales-elites-2 --status "
	    "pending | gx-group approve sales-elites-2");
}

static int
cmd_add(int argc, char **argv)
{
	return member_cmd(argc, argv, "add", "Add members (admins); members on "
	    "stdin.\vExample:\n  gx-user list --industry sales | gx-group add "
	    "sales-elites-2");
}

static int
cmd_leave(int argc, char **argv)
{
	return member_cmd(argc, argv, "leave", "Leave a group (never its "
	    "founder).\vExample:\n  gx-group leave sales-elites-2 --as lina");
}

static int
cmd_remove(int argc, char **argv)
{
	return member_cmd(argc, argv, "remove", "Remove members (admins; never "
	    "the founder).\vExample:\n  gx-group remove sales-elites-2 lina");
}

static int
cmd_ban(int argc, char **argv)
{
	return member_cmd(argc, argv, "ban", "Ban members (admins): they cannot "
	    "rejoin, even an open group.\vExample:\n  gx-group ban "
	    "sales-elites-2 spammer01");
}

static int
role_one(const char *ref, void *ctx, struct gx_err *err)
{
	struct gx_session *r = ctx;
	struct args *a = r->args;
	const char *result;
	json_t *m;
	int rc;

	if ((rc = gx_group_role(r->db, &r->actor, a->g.slug, ref, a->role,
	    r->now, &m, &result, err)) == 0)
		gx_session_print(r, m, result);
	return rc;
}

static int
cmd_role(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "role", O_ROLE, "ROLE", 0, "founder, admin or member (required)",
		  0 },
		{ 0 }
	};
	static const char *const user_fields[] = { "handle", "user", NULL };
	static const char doc[] = "Set members' roles (the founder or staff).  "
	    "Making someone founder passes founding on; the old founder stays "
	    "an admin.\vExample:\n  gx-group role sales-elites-2 lina --role "
	    "admin";
	struct argp argp = { opts, parse_opt, "SLUG [HANDLE...]", doc,
	    gx_cli_children, NULL, NULL };
	struct gx_session r;
	struct args a;

	parse(&argp, argc, argv, &a, 1);
	if (a.role == NULL)
		gx_die(GX_USAGE, "role needs --role founder|admin|member");
	gx_session_start(&r, &a, gx_member_fields, NULL);
	return gx_session_end(&r, gx_each_ref(r.db, r.out, a.nrefs, a.refs,
	    user_fields, GX_REF_WRITE, role_one, &r));
}

static int
cmd_members(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "role", O_ROLE, "ROLE", 0, "founder, admin or member", 0 },
		{ "status", O_STATUS, "STATUS", 0, "active (default), pending, "
		  "banned, left or removed", 0 },
		{ "city", O_CITY, "CITY", 0, "members of this city", 0 },
		{ "inactive", O_INACTIVE, "DURATION", 0, "no post in the group "
		  "for this long", 0 },
		{ 0 }
	};
	static const char doc[] = "A group's members, in joining order.\v"
	    "Examples:\n  gx-group members sales-elites-2 --inactive 7d\n"
	    "  gx-group members sales-elites-2 --status pending";
	struct argp argp = { opts, parse_opt, "SLUG", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_err e = { 0, "" };
	struct gx_session r;
	struct args a;
	int rc;

	parse(&argp, argc, argv, &a, 1);
	gx_session_start(&r, &a, gx_member_fields, NULL);
	rc = gx_group_members(r.db, &r.actor, a.g.slug, &a.f, r.now,
	    gx_session_emit, &r, &e);
	return gx_session_done(&r, rc, &e);
}

static int
cmd_diversity(int argc, char **argv)
{
	static const char *const fields[] = { "type", "group", "city",
	    "industry", "members", NULL };
	static const char doc[] = "A group's active members by city and "
	    "industry.\vExample:\n  gx-group diversity sales-elites-2 -o table";
	struct argp argp = { NULL, parse_opt, "SLUG", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_err e = { 0, "" };
	struct gx_session r;
	struct args a;
	int rc;

	parse(&argp, argc, argv, &a, 1);
	gx_session_start(&r, &a, fields, NULL);
	rc = gx_group_diversity(r.db, &r.actor, a.g.slug, gx_session_emit, &r,
	    &e);
	return gx_session_done(&r, rc, &e);
}

static int
cmd_activity(int argc, char **argv)
{
	static const char *const fields[] = { "type", "group", "kind", "result",
	    NULL };
	static const char doc[] = "The group's rituals: add, list or remove "
	    "daily-reflection, daily-topic, daily-star, weekend-photos (admins "
	    "change them).\vExamples:\n  gx-group activity sales-elites-2 add "
	    "daily-reflection\n  gx-group activity sales-elites-2 list";
	struct argp argp = { NULL, parse_opt, "SLUG add|list|remove [KIND]",
	    doc, gx_cli_children, NULL, NULL };
	struct gx_err e = { 0, "" };
	struct gx_session r;
	struct args a;
	int rc, write;

	parse(&argp, argc, argv, &a, 1);
	if (a.nrefs < 1 || (strcmp(a.refs[0], "list") != 0 && a.nrefs != 2) ||
	    (strcmp(a.refs[0], "add") && strcmp(a.refs[0], "list") &&
	    strcmp(a.refs[0], "remove")))
		gx_die(GX_USAGE, "expected SLUG add|remove KIND or SLUG list");
	write = strcmp(a.refs[0], "list") != 0;
	gx_session_start(&r, &a, fields, NULL);
	if (write && (rc = gx_db_begin(r.db, &e)) != 0)
		return gx_session_end(&r, gx_err_report(&e));
	rc = gx_group_activity(r.db, &r.actor, a.g.slug, a.refs[0], write ?
	    a.refs[1] : NULL, r.now, gx_session_emit, &r, &e);
	if (write && rc == 0)
		rc = gx_db_commit(r.db, &e);
	else if (write)
		gx_db_rollback(r.db);
	return gx_session_done(&r, rc, &e);
}

static int
topic_fn(struct gx_session *r, json_t **out, const char **result,
    struct gx_err *err)
{
	struct args *a = r->args;

	return gx_group_topic_set(r->db, &r->actor, a->g.slug, a->refs[1],
	    a->date, r->now, out, result, err);
}

static int
cmd_topic(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "date", O_DATE, "YYYY-MM-DD", 0, "for this day (default today "
		  "in the group's time zone)", 0 },
		{ 0 }
	};
	static const char *const fields[] = { "type", "group", "date", "text",
	    "result", NULL };
	static const char doc[] = "Set the daily topic (admins).\vExample:\n"
	    "  gx-group topic sales-elites-2 set \"Your best deal this year\"";
	struct argp argp = { opts, parse_opt, "SLUG set TEXT", doc,
	    gx_cli_children, NULL, NULL };
	struct gx_session r;
	struct args a;

	parse(&argp, argc, argv, &a, 1);
	if (a.nrefs != 2 || strcmp(a.refs[0], "set") != 0)
		gx_die(GX_USAGE, "expected SLUG set TEXT");
	gx_session_start(&r, &a, fields, NULL);
	return gx_session_end(&r, gx_session_change(&r, topic_fn));
}

static int
star_fn(struct gx_session *r, json_t **out, const char **result,
    struct gx_err *err)
{
	struct args *a = r->args;

	*result = NULL;
	return gx_group_star(r->db, &r->actor, a->g.slug, a->date, a->skip,
	    r->now, out, err);
}

static int
cmd_star(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "date", O_DATE, "YYYY-MM-DD", 0, "the star of this day", 0 },
		{ "skip", O_SKIP, NULL, 0, "the star declined: choose the next "
		  "(admins)", 0 },
		{ 0 }
	};
	static const char *const fields[] = { "type", "group", "date",
	    "handle", "name", "city", "industry", "role", "status",
	    "joined_at", "last_post_at", NULL };
	static const char doc[] = "The daily star: the active member starred "
	    "longest ago (never first), the same all day; nobody twice before "
	    "everyone once.\vExample:\n  gx-group star sales-elites-2";
	struct argp argp = { opts, parse_opt, "SLUG", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_session r;
	struct args a;

	parse(&argp, argc, argv, &a, 1);
	gx_session_start(&r, &a, fields, NULL);
	return gx_session_end(&r, gx_session_change(&r, star_fn));
}

static int
cmd_today(int argc, char **argv)
{
	static const char *const fields[] = { "type", "group", "date",
	    "weekday", "tz", "activities", "topic", "star", "reflections",
	    "photos", "weekend_photos", NULL };
	static const char doc[] = "The day's agenda in the group's time zone: "
	    "topic, star, reflections so far, the weekend photo prompt.\v"
	    "Example:\n  gx-group today sales-elites-2";
	struct argp argp = { NULL, parse_opt, "SLUG", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_err e = { 0, "" };
	struct gx_session r;
	struct args a;
	json_t *t;

	parse(&argp, argc, argv, &a, 1);
	gx_session_start(&r, &a, fields, NULL);
	if ((t = gx_group_today(r.db, &r.actor, a.g.slug, r.now, &e)) == NULL)
		return gx_session_end(&r, gx_err_report(&e));
	gx_session_print(&r, t, NULL);
	return gx_session_end(&r, 0);
}

static const struct gx_subcmd cmds[] = {
	{ "create", "found a group", cmd_create },
	{ "list", "list groups", cmd_list },
	{ "show", "show groups", cmd_show },
	{ "join", "join a group", cmd_join },
	{ "approve", "approve pending members (admins)", cmd_approve },
	{ "add", "add members (admins)", cmd_add },
	{ "leave", "leave a group", cmd_leave },
	{ "remove", "remove members (admins)", cmd_remove },
	{ "ban", "ban members (admins)", cmd_ban },
	{ "role", "set members' roles", cmd_role },
	{ "members", "a group's members", cmd_members },
	{ "diversity", "members by city and industry", cmd_diversity },
	{ "activity", "add, list or remove rituals", cmd_activity },
	{ "topic", "set the daily topic", cmd_topic },
	{ "star", "the daily star, in fair rotation", cmd_star },
	{ "today", "the day's agenda", cmd_today },
	{ NULL, NULL, NULL }
};

int
main(int argc, char **argv)
{
	return gx_cli_dispatch(argc, argv, cmds, "Groups members found and run, "
	    "with daily rituals that keep them together.\vExample:\n"
	    "  gx-user list --industry sales | gx-group add sales-elites-2");
}
