/* gx-post - the rituals' posts, notes, replies and cheers; the feed,
 * streaks and positive energy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "clock.h"
#include "db.h"
#include "input.h"
#include "out.h"
#include "post.h"
#include "session.h"
#include "user.h"

enum {
	O_GOOD = 0x200, O_HABIT, O_CAPTION, O_KIND, O_SINCE, O_AUTHOR,
	O_BEFORE, O_LIMIT, O_GROUP, O_WINDOW,
};

struct args {
	const char *good[4], *habit, *caption, *group;
	int ngood;
	struct gx_feed f;
	char since[GX_TIME_LEN];
	int64_t window;
	char **refs;
	int nrefs;
	char *text;		/* read from stdin for "-" (owned) */
	const char *kind;	/* topic, star or note */
};

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;
	int64_t t;

	switch (key) {
	case O_GOOD:
		if (a->ngood == 3)
			argp_error(state, "exactly three --good deeds");
		a->good[a->ngood++] = arg;
		break;
	case O_HABIT:
		if (a->habit != NULL)
			argp_error(state, "exactly one --habit");
		a->habit = arg;
		break;
	case O_CAPTION:
		a->caption = arg;
		break;
	case O_KIND:
		if (strcmp(arg, "reflection") && strcmp(arg, "topic") &&
		    strcmp(arg, "star") && strcmp(arg, "photo") &&
		    strcmp(arg, "note") && strcmp(arg, "reply"))
			argp_error(state, "--kind must be reflection, topic, star, "
			    "photo, note or reply");
		a->f.kind = arg;
		break;
	case O_SINCE:
		if (gx_time_parse(arg, gx_now(), &t) != 0)
			argp_error(state, "--since: '%s' is not a time", arg);
		a->f.since = gx_time_format(t, a->since);
		break;
	case O_AUTHOR:
		a->f.author = arg;
		break;
	case O_BEFORE:
		a->f.before = gx_cli_number(state, "--before", arg,
		    INT64_MAX);
		break;
	case O_LIMIT:
		a->f.limit = gx_cli_number(state, "--limit", arg,
		    INT64_MAX);
		break;
	case O_GROUP:
		a->group = arg;
		break;
	case O_WINDOW:
		if (gx_duration_parse(arg, &a->window) != 0 || a->window <= 0)
			argp_error(state, "--window takes a duration, like 30d");
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

static void
parse(const struct argp *argp, int argc, char **argv, struct args *a,
    int nargs)
{
	memset(a, 0, sizeof *a);
	gx_cli_parse(argp, argc, argv, a);
	if (nargs > 0 && a->nrefs != nargs)
		gx_die(GX_USAGE, "expected %d argument%s (see '%s --help')",
		    nargs, nargs == 1 ? "" : "s", argv[0]);
}

/* The text argument, or all of stdin for "-". */
static const char *
text_of(struct args *a, const char *arg)
{
	size_t len = 0, cap = 4096;
	ssize_t n;

	if (strcmp(arg, "-") != 0)
		return arg;
	a->text = gx_xmalloc(cap);
	while ((n = read(0, a->text + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (len + 1 == cap) {
			if (cap >= 64 * 1024)
				gx_die(GX_DATAERR, "stdin: the text is longer than "
				    "64 KiB");
			a->text = gx_xrealloc(a->text, cap *= 2);
		}
	}
	while (len > 0 && a->text[len - 1] == '\n')
		len--;
	a->text[len] = '\0';
	if (memchr(a->text, '\0', len) != NULL)
		gx_die(GX_DATAERR, "stdin: NUL byte in the text");
	return a->text;
}

static int
finish(struct gx_session *r, struct args *a, int rc)
{
	rc = gx_session_end(r, rc);
	free(a->text);
	return rc;
}

static int
reflection_fn(struct gx_session *r, json_t **out, const char **result,
    struct gx_err *err)
{
	struct args *a = r->args;

	return gx_post_reflection(r->db, &r->actor, a->refs[0], a->good,
	    a->ngood, a->habit, r->now, out, result, err);
}

static int
cmd_reflection(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "good", O_GOOD, "TEXT", 0, "a good deed done today (three "
		  "times)", 0 },
		{ "habit", O_HABIT, "TEXT", 0, "the habit to be modified (once)",
		  0 },
		{ 0 }
	};
	static const char doc[] = "The daily reflection: exactly three good "
	    "deeds done and one habit to be modified; one a day in each group "
	    "(a second replaces the first).\vExample:\n  gx-post reflection "
	    "sales-elites-2 --as wangwei --good \"helped a new colleague\" \\\n"
	    "      --good \"called my parents\" --good \"ran 5 km\" --habit "
	    "\"checking my phone at dinner\"";
	struct argp argp = { opts, parse_opt, "GROUP", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_session r;
	struct args a;

	parse(&argp, argc, argv, &a, 1);
	gx_session_start(&r, &a, gx_post_fields, gx_post_table);
	return finish(&r, &a, gx_session_change(&r, reflection_fn));
}

static int
text_fn(struct gx_session *r, json_t **out, const char **result,
    struct gx_err *err)
{
	struct args *a = r->args;

	*result = "posted";
	return gx_post_text(r->db, &r->actor, a->refs[0], a->kind,
	    text_of(a, a->refs[1]), r->now, out, err);
}

static int
text_cmd(int argc, char **argv, const char *kind, const char *doc)
{
	struct argp argp = { NULL, parse_opt, "GROUP TEXT|-", doc,
	    gx_cli_children, NULL, NULL };
	struct gx_session r;
	struct args a;

	parse(&argp, argc, argv, &a, 2);
	a.kind = kind;
	gx_session_start(&r, &a, gx_post_fields, gx_post_table);
	return finish(&r, &a, gx_session_change(&r, text_fn));
}

static int
cmd_topic(int argc, char **argv)
{
	return text_cmd(argc, argv, "topic", "Answer today's topic (TEXT, or "
	    "- for stdin).\vExample:\n  gx-post topic sales-elites-2 --as lina "
	    "\"A 2-million deal, closed on a karaoke night\"");
}

static int
cmd_star(int argc, char **argv)
{
	return text_cmd(argc, argv, "star", "Today's star shares their work and "
	    "life (only today's star).\vExample:\n  gx-post star "
	    "sales-elites-2 - --as wangwei < story.txt");
}

static int
cmd_note(int argc, char **argv)
{
	return text_cmd(argc, argv, "note", "A note to the group.\vExample:\n"
	    "  gx-post note sales-elites-2 \"Dinner on Friday?\" --as lina");
}

static int
photo_fn(struct gx_session *r, json_t **out, const char **result,
    struct gx_err *err)
{
	struct args *a = r->args;

	*result = "posted";
	return gx_post_photo(r->db, &r->actor, a->refs[0],
	    (const char *const *)a->refs + 1, a->nrefs - 1, a->caption, r->now,
	    out, err);
}

static int
cmd_photo(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "caption", O_CAPTION, "TEXT", 0, "what the photos show", 0 },
		{ 0 }
	};
	static const char doc[] = "Weekend photos: JPEG, PNG or WebP by their "
	    "content, up to GX_MEDIA_MAX each, kept in the media store.\v"
	    "Example:\n  gx-post photo sales-elites-2 hike1.jpg hike2.jpg "
	    "--caption \"Huangshan\" --as lina";
	struct argp argp = { opts, parse_opt, "GROUP FILE...", doc,
	    gx_cli_children, NULL, NULL };
	struct gx_session r;
	struct args a;

	parse(&argp, argc, argv, &a, 0);
	if (a.nrefs < 2)
		gx_die(GX_USAGE, "photo takes a GROUP and at least one FILE");
	gx_session_start(&r, &a, gx_post_fields, gx_post_table);
	return finish(&r, &a, gx_session_change(&r, photo_fn));
}

static int
reply_fn(struct gx_session *r, json_t **out, const char **result,
    struct gx_err *err)
{
	struct args *a = r->args;
	int64_t id;
	int rc;

	*result = "posted";
	if ((rc = gx_input_id(a->refs[0], "a post id", &id, err)) != 0)
		return rc;
	return gx_post_reply(r->db, &r->actor, id, text_of(a, a->refs[1]),
	    r->now, out, err);
}

static int
cmd_reply(int argc, char **argv)
{
	static const char doc[] = "Reply to a post.\vExample:\n  gx-post reply "
	    "42 \"Congratulations!\" --as lina";
	struct argp argp = { NULL, parse_opt, "POST TEXT|-", doc,
	    gx_cli_children, NULL, NULL };
	struct gx_session r;
	struct args a;

	parse(&argp, argc, argv, &a, 2);
	gx_session_start(&r, &a, gx_post_fields, gx_post_table);
	return finish(&r, &a, gx_session_change(&r, reply_fn));
}

static const char *const post_fields[] = { "id", "post", NULL };

static int
cheer_one(const char *ref, void *ctx, struct gx_err *err)
{
	struct gx_session *r = ctx;
	const char *result;
	int64_t id;
	json_t *p;
	int rc;

	if ((rc = gx_input_id(ref, "a post id", &id, err)) != 0)
		return rc;
	if ((rc = gx_post_cheer(r->db, &r->actor, id, r->now, &p, &result,
	    err)) == 0)
		gx_session_print(r, p, result);
	return rc;
}

static int
delete_one(const char *ref, void *ctx, struct gx_err *err)
{
	struct gx_session *r = ctx;
	const char *result;
	int64_t id;
	json_t *p;
	int rc;

	if ((rc = gx_input_id(ref, "a post id", &id, err)) != 0)
		return rc;
	if ((rc = gx_post_delete(r->db, &r->actor, id, r->now, &p, &result,
	    err)) == 0)
		gx_session_print(r, p, result);
	return rc;
}

static int
each_post(int argc, char **argv, gx_ref_fn fn, const char *doc)
{
	struct argp argp = { NULL, parse_opt, "[POST...]", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_session r;
	struct args a;

	parse(&argp, argc, argv, &a, 0);
	gx_session_start(&r, &a, gx_post_fields, gx_post_table);
	return finish(&r, &a, gx_each_ref(r.db, r.out, a.nrefs, a.refs,
	    post_fields, GX_REF_WRITE, fn, &r));
}

static int
cmd_cheer(int argc, char **argv)
{
	return each_post(argc, argv, cheer_one, "Cheer posts (once per member "
	    "and post).\vExample:\n  gx-post feed sales-elites-2 --kind star | "
	    "gx-post cheer --as lina");
}

static int
cmd_delete(int argc, char **argv)
{
	return each_post(argc, argv, delete_one, "Delete posts (the author or "
	    "a group admin; the audit log keeps them).\vExample:\n  gx-post "
	    "delete 42");
}

static int
cmd_feed(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "kind", O_KIND, "KIND", 0, "reflection, topic, star, photo, note "
		  "or reply", 0 },
		{ "since", O_SINCE, "TIME", 0, "posted at or after TIME", 0 },
		{ "author", O_AUTHOR, "HANDLE", 0, "by this member", 0 },
		{ "before", O_BEFORE, "ID", 0, "the page after the post ID (the "
		  "last one seen)", 0 },
		{ "limit", O_LIMIT, "N", 0, "N posts (default 20)", 0 },
		{ 0 }
	};
	static const char doc[] = "A group's posts, newest first; page through "
	    "with --before the last id seen.\vExamples:\n  gx-post feed "
	    "sales-elites-2 --limit 50\n  gx-post feed sales-elites-2 --before "
	    "1234 --limit 50";
	struct argp argp = { opts, parse_opt, "GROUP", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_err e = { 0, "" };
	struct gx_session r;
	struct args a;
	int rc;

	parse(&argp, argc, argv, &a, 1);
	gx_session_start(&r, &a, gx_post_fields, gx_post_table);
	rc = gx_post_feed(r.db, &r.actor, a.refs[0], &a.f, gx_session_emit, &r,
	    &e);
	if (rc != 0)
		gx_err_report(&e);	/* a feed with no posts says nothing */
	return finish(&r, &a, rc);
}

static int
cmd_streak(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "group", O_GROUP, "SLUG", 0, "reflections in this group only",
		  0 },
		{ 0 }
	};
	static const char *const fields[] = { "type", "handle", "group", "days",
	    "longest", "last", "today", NULL };
	static const char doc[] = "Consecutive days with a reflection, up to "
	    "today or yesterday, and the longest run.\vExample:\n  gx-post "
	    "streak wangwei --group sales-elites-2";
	struct argp argp = { opts, parse_opt, "USER", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_err e = { 0, "" };
	struct gx_session r;
	struct args a;
	json_t *s;

	parse(&argp, argc, argv, &a, 1);
	gx_session_start(&r, &a, fields, NULL);
	if ((s = gx_post_streak(r.db, &r.actor, a.refs[0], a.group, r.now,
	    &e)) == NULL)
		return finish(&r, &a, gx_err_report(&e));
	gx_session_print(&r, s, NULL);
	return finish(&r, &a, 0);
}

static int
cmd_energy(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "group", O_GROUP, "SLUG", 0, "in this group; without USER: "
		  "every active member, highest first", 0 },
		{ "window", O_WINDOW, "DURATION", 0, "the last DURATION (default "
		  "30d)", 0 },
		{ 0 }
	};
	static const char doc[] = "Positive energy over a window: 3 per "
	    "reflection, 2 per topic answer, 3 per star story, 2 per photo, 1 "
	    "per note or reply, 1 per cheer given, 1 per cheer received; with "
	    "its breakdown.\vExamples:\n  gx-post energy wangwei\n  gx-post "
	    "energy --group sales-elites-2 --window 7d | head";
	struct argp argp = { opts, parse_opt, "[USER]", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_err e = { 0, "" };
	struct gx_session r;
	struct args a;
	int rc;

	parse(&argp, argc, argv, &a, 0);
	if (a.nrefs > 1 || (a.nrefs == 0 && a.group == NULL))
		gx_die(GX_USAGE, "energy takes a USER, or --group SLUG");
	gx_session_start(&r, &a, gx_energy_fields, NULL);
	rc = gx_post_energy(r.db, &r.actor, a.nrefs ? a.refs[0] : NULL,
	    a.group, a.window > 0 ? a.window : 30 * 86400, r.now,
	    gx_session_emit, &r, &e);
	if (rc != 0)
		gx_err_report(&e);
	return finish(&r, &a, rc);
}

static const struct gx_subcmd cmds[] = {
	{ "reflection", "three good deeds and one habit", cmd_reflection },
	{ "topic", "answer today's topic", cmd_topic },
	{ "star", "today's star's story", cmd_star },
	{ "photo", "weekend photos", cmd_photo },
	{ "note", "a note to the group", cmd_note },
	{ "reply", "reply to a post", cmd_reply },
	{ "cheer", "cheer posts", cmd_cheer },
	{ "feed", "a group's posts, newest first", cmd_feed },
	{ "streak", "consecutive days of reflection", cmd_streak },
	{ "energy", "positive energy and its breakdown", cmd_energy },
	{ "delete", "delete posts", cmd_delete },
	{ NULL, NULL, NULL }
};

int
main(int argc, char **argv)
{
	return gx_cli_dispatch(argc, argv, cmds, "Posts in groups: the daily "
	    "rituals that make positive energy, and the feed.\vExample:\n"
	    "  gx-post feed sales-elites-2 --kind reflection --limit 10");
}
