/* gx-campaign - campaigns with prizes, a committed seed, a verifiable draw
 * and the awards until they are delivered. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "campaign.h"
#include "cli.h"
#include "clock.h"
#include "db.h"
#include "input.h"
#include "jsonl.h"
#include "out.h"
#include "session.h"
#include "user.h"

enum {
	O_TITLE = 0x200, O_STARTS, O_ENDS, O_DRAW_AT, O_GOAL, O_PRIZE,
	O_ORGANISER, O_STATUS, O_TRACKING,
};

struct args {
	struct gx_campaign_in c;
	struct gx_err perr;		/* a bad --prize, reported after parse */
	const char *status, *tracking;
	char **refs;
	int nrefs;
};

static int64_t
time_arg(struct argp_state *state, const char *opt, const char *arg, int end)
{
	int64_t t;

	if (gx_time_parse(arg, gx_now(), &t) != 0)
		argp_error(state, "%s: '%s' is not a time", opt, arg);
	/* A bare date (YYYY-MM-DD) as an end means the whole of that day. */
	if (end && strlen(arg) == 10 && arg[4] == '-' && arg[7] == '-')
		t += 86399;
	return t;
}

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case O_TITLE:
		if (!gx_text_ok(arg, GX_TEXT_MAX))
			argp_error(state, "--title must be 1-%d characters "
			    "without control characters", GX_TEXT_MAX);
		snprintf(a->c.title, sizeof a->c.title, "%s", arg);
		a->c.set |= GX_CF_TITLE;
		break;
	case O_ORGANISER:
		if (!gx_text_ok(arg, GX_TEXT_MAX))
			argp_error(state, "--organiser must be 1-%d characters "
			    "without control characters", GX_TEXT_MAX);
		snprintf(a->c.organiser, sizeof a->c.organiser, "%s", arg);
		a->c.set |= GX_CF_ORGANISER;
		break;
	case O_STARTS:
		a->c.starts = time_arg(state, "--starts", arg, 0);
		a->c.set |= GX_CF_STARTS;
		break;
	case O_ENDS:
		a->c.ends = time_arg(state, "--ends", arg, 1);
		a->c.set |= GX_CF_ENDS;
		break;
	case O_DRAW_AT:
		a->c.draw_at = time_arg(state, "--draw-at", arg, 0);
		a->c.set |= GX_CF_DRAW_AT;
		break;
	case O_GOAL:
		a->c.goal = gx_cli_number(state, "--goal", arg, INT64_MAX);
		a->c.set |= GX_CF_GOAL;
		break;
	case O_PRIZE:
		if (a->c.nprizes == GX_MAX_PRIZES)
			argp_error(state, "at most %d prizes", GX_MAX_PRIZES);
		if (a->perr.code == 0 && gx_prize_parse(arg,
		    &a->c.prizes[a->c.nprizes], &a->perr) == 0)
			a->c.nprizes++;
		a->c.set |= GX_CF_PRIZES;
		break;
	case O_STATUS:
		if (strcmp(arg, "won") && strcmp(arg, "declined") &&
		    strcmp(arg, "shipped") && strcmp(arg, "delivered"))
			argp_error(state, "--status must be won, declined, "
			    "shipped or delivered");
		a->status = arg;
		break;
	case O_TRACKING:
		if (!gx_text_ok(arg, 128))
			argp_error(state, "--tracking must be 1-128 characters");
		a->tracking = arg;
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

/* Parse a subcommand; SLUG-taking ones get exactly one slug. */
static void
parse(const struct argp *argp, int argc, char **argv, struct args *a,
    int need_slug)
{
	memset(a, 0, sizeof *a);
	gx_cli_parse(argp, argc, argv, a);
	if (a->perr.code != 0)
		gx_die(a->perr.code, "%s", a->perr.msg);
	if (need_slug && a->nrefs != 1)
		gx_die(GX_USAGE, "expected one campaign SLUG (see '%s --help')",
		    argv[0]);
	if (need_slug && !gx_slug_ok(a->refs[0]))
		gx_die(GX_USAGE, "invalid campaign slug '%s' (2-%d of a-z 0-9 -)",
		    a->refs[0], GX_SLUG_MAX);
	if (need_slug)
		snprintf(a->c.slug, sizeof a->c.slug, "%s", a->refs[0]);
}

/* A change to one campaign: gx_each_ref gives it its transaction, holds
 * its output until the commit and reports its error. */
typedef int (*change_fn)(struct gx_db *, const struct gx_actor *,
    struct args *, int64_t, json_t **, const char **, struct gx_err *);

struct change {
	struct gx_session s;
	change_fn fn;
};

static int
change_one(const char *ref, void *ctx, struct gx_err *err)
{
	struct change *c = ctx;
	const char *result = NULL;
	json_t *rec = NULL;
	int rc;

	(void)ref;
	if ((rc = c->fn(c->s.db, &c->s.actor, c->s.args, c->s.now, &rec,
	    &result, err)) != 0) {
		json_decref(rec);
		return rc;
	}
	gx_session_print(&c->s, rec, result);
	return 0;
}

static int
run_change(struct args *a, change_fn fn, const char *const *fields,
    const char *const *table)
{
	static const char *const slug_ref[] = { "slug", NULL };
	struct change c;

	c.fn = fn;
	gx_session_start(&c.s, a, fields, table);
	return gx_session_end(&c.s, gx_each_ref(c.s.db, c.s.out, 1, a->refs,
	    slug_ref, GX_REF_WRITE, change_one, &c));
}

static int
do_create(struct gx_db *db, const struct gx_actor *act, struct args *a,
    int64_t now, json_t **out, const char **result, struct gx_err *err)
{
	return gx_campaign_create(db, act, &a->c, now, out, result, err);
}

static int
do_set(struct gx_db *db, const struct gx_actor *act, struct args *a,
    int64_t now, json_t **out, const char **result, struct gx_err *err)
{
	return gx_campaign_set(db, act, &a->c, now, out, result, err);
}

static int
do_commit(struct gx_db *db, const struct gx_actor *act, struct args *a,
    int64_t now, json_t **out, const char **result, struct gx_err *err)
{
	int rc = gx_campaign_commit(db, act, a->c.slug, now, out, result, err);

	*result = NULL;		/* the commitment carries its own */
	return rc;
}

static int
do_close(struct gx_db *db, const struct gx_actor *act, struct args *a,
    int64_t now, json_t **out, const char **result, struct gx_err *err)
{
	return gx_campaign_close(db, act, a->c.slug, now, out, result, err);
}

static const struct argp_option campaign_options[] = {
	{ "title", O_TITLE, "TEXT", 0, "what members see", 0 },
	{ "starts", O_STARTS, "TIME", 0, "the window opens", 0 },
	{ "ends", O_ENDS, "TIME", 0, "the window closes (a date: the end of "
	  "that day)", 0 },
	{ "draw-at", O_DRAW_AT, "TIME", 0, "when the draw happens (default: "
	  "the end)", 0 },
	{ "goal", O_GOAL, "N", 0, "successful invites to be eligible", 0 },
	{ "prize", O_PRIZE, "NAME:QTY[:VALUE]", 0, "a prize, in draw order; "
	  "VALUE in yuan, at most 50000 (repeat the option)", 0 },
	{ "organiser", O_ORGANISER, "CONTACT", 0, "who runs it and answers "
	  "for it", 0 },
	{ 0 }
};

static int
cmd_create(int argc, char **argv)
{
	static const char doc[] = "Create a campaign.  Once it opens its rules "
	    "are frozen.\vExample:\n  gx-campaign create spring-outing "
	    "--title \"Spring outing on sunny days\" \\\n      --starts "
	    "2016-04-01 --ends 2016-04-30 --goal 3 --organiser "
	    "\"Chitu Shanghai <events@chitu.example>\" \\\n      --prize "
	    "\"sports shoes:20:399\" --prize \"cup:100:39\"";
	struct argp argp = { campaign_options, parse_opt, "SLUG", doc,
	    gx_cli_children, NULL, NULL };
	struct args a;

	parse(&argp, argc, argv, &a, 1);
	if ((a.c.set & (GX_CF_TITLE | GX_CF_STARTS | GX_CF_ENDS | GX_CF_GOAL |
	    GX_CF_ORGANISER | GX_CF_PRIZES)) != (GX_CF_TITLE | GX_CF_STARTS |
	    GX_CF_ENDS | GX_CF_GOAL | GX_CF_ORGANISER | GX_CF_PRIZES))
		gx_die(GX_USAGE, "create needs --title, --starts, --ends, --goal, "
		    "--organiser and at least one --prize");
	if (!(a.c.set & GX_CF_DRAW_AT))
		a.c.draw_at = a.c.ends;
	return run_change(&a, do_create, gx_campaign_fields, gx_campaign_table);
}

static int
cmd_set(int argc, char **argv)
{
	static const char doc[] = "Change a campaign before it opens (and "
	    "before its seed is committed); afterwards it is refused.\v"
	    "Example:\n  gx-campaign set spring-outing --goal 3 --prize "
	    "\"sports shoes:30:399\"";
	struct argp argp = { campaign_options, parse_opt, "SLUG", doc,
	    gx_cli_children, NULL, NULL };
	struct args a;

	parse(&argp, argc, argv, &a, 1);
	if (a.c.set == 0)
		gx_die(GX_USAGE, "nothing to change (see '%s --help')", argv[0]);
	return run_change(&a, do_set, gx_campaign_fields, gx_campaign_table);
}

static int
cmd_list(int argc, char **argv)
{
	static const char doc[] = "List campaigns with their state: draft, "
	    "open, ended, drawn, closed.\vExample:\n  gx-campaign list -o table";
	struct argp argp = { NULL, parse_opt, NULL, doc, gx_cli_children, NULL,
	    NULL };
	struct gx_err e = { 0, "" };
	struct args a;
	struct gx_session r;
	int rc;

	parse(&argp, argc, argv, &a, 0);
	gx_session_start(&r, &a, gx_campaign_fields, gx_campaign_table);
	rc = gx_campaign_list(r.db, r.now, gx_session_emit, &r, &e);
	return gx_session_done(&r, rc, &e);
}

static const char *const slug_fields[] = { "slug", "campaign", NULL };

static int
show_one(const char *ref, void *ctx, struct gx_err *err)
{
	struct gx_session *r = ctx;
	json_t *c = gx_campaign_get(r->db, ref, r->now, err);

	if (c == NULL)
		return err->code;
	gx_session_print(r, c, NULL);
	return 0;
}

static int
cmd_show(int argc, char **argv)
{
	static const char doc[] = "Show campaigns by slug.\vExample:\n"
	    "  gx-campaign show spring-outing";
	struct argp argp = { NULL, parse_opt, "[SLUG...]", doc, gx_cli_children,
	    NULL, NULL };
	struct args a;
	struct gx_session r;

	parse(&argp, argc, argv, &a, 0);
	gx_session_start(&r, &a, gx_campaign_fields, gx_campaign_table);
	return gx_session_end(&r, gx_each_ref(r.db, r.out, a.nrefs, a.refs,
	    slug_fields, 0, show_one, &r));
}

static int
cmd_rules(int argc, char **argv)
{
	static const char *const fields[] = { "type", "campaign", "text",
	    "sha256", NULL };
	static const char doc[] = "The disclosure a member is owed before "
	    "taking part, and its SHA-256 (on a terminal: the text).\v"
	    "Example:\n  gx-campaign rules spring-outing";
	struct argp argp = { NULL, parse_opt, "SLUG", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_err e = { 0, "" };
	char sha[65], *text;
	struct args a;
	struct gx_session r;
	json_t *rec = NULL;

	parse(&argp, argc, argv, &a, 1);
	gx_session_start(&r, &a, fields, fields);
	if ((text = gx_campaign_rules(r.db, a.c.slug, sha, &e)) == NULL)
		return gx_session_end(&r, e.code == GX_NOTFOUND ? (gx_err_report(&e),
		    GX_NOTFOUND) : gx_err_report(&e));
	if (gx_out_is_table(r.out)) {
		printf("%s\nSHA-256: %s\n", text, sha);
	} else {
		rec = json_pack("{s:s, s:s, s:s, s:s}", "type", "rules",
		    "campaign", a.c.slug, "text", text, "sha256", sha);
		gx_out_emit(r.out, rec);
		json_decref(rec);
	}
	free(text);
	return gx_session_end(&r, 0);
}

static int
cmd_eligible(int argc, char **argv)
{
	static const char doc[] = "Members who reached the goal inside the "
	    "window, with the time they reached it; exit 1 if none.\v"
	    "Example:\n  gx-campaign eligible spring-outing | gx-user show";
	struct argp argp = { NULL, parse_opt, "SLUG", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_err e = { 0, "" };
	struct args a;
	struct gx_session r;
	json_t *c;
	int rc;

	parse(&argp, argc, argv, &a, 1);
	gx_session_start(&r, &a, gx_eligible_fields, NULL);
	if ((c = gx_campaign_get(r.db, a.c.slug, r.now, &e)) == NULL)
		return gx_session_end(&r, gx_err_report(&e));
	json_decref(c);
	rc = gx_campaign_eligible(r.db, a.c.slug, gx_session_emit, &r, &e);
	return gx_session_done(&r, rc, &e);
}

static int
cmd_commit(int argc, char **argv)
{
	static const char *const fields[] = { "type", "campaign", "seed_sha256",
	    "rules_sha256", "committed_at", "result", NULL };
	static const char doc[] = "Draw the secret seed from the kernel's "
	    "random source and publish its SHA-256, before the draw.  Once.\v"
	    "Example:\n  gx-campaign commit spring-outing";
	struct argp argp = { NULL, parse_opt, "SLUG", doc, gx_cli_children,
	    NULL, NULL };
	struct args a;

	parse(&argp, argc, argv, &a, 1);
	return run_change(&a, do_commit, fields, NULL);
}

static int
cmd_draw(int argc, char **argv)
{
	static const char doc[] = "The draw: reveal the seed, rank the "
	    "candidates (from stdin, or every eligible member when stdin is a "
	    "terminal) by SHA-256(seed:campaign:handle), lowest first; prizes "
	    "in order; the rest are the reserve.  Once.\vExamples:\n"
	    "  gx-campaign draw spring-outing\n"
	    "  gx-campaign eligible spring-outing | gx-user show \\\n"
	    "      | jq -c 'select(.city == \"Shanghai\")' | gx-campaign draw "
	    "spring-outing";
	static const char *const fields[] = { "handle", "user", NULL };
	struct argp argp = { NULL, parse_opt, "SLUG", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_err e = { 0, "" };
	json_t *cands = NULL;
	struct args a;
	struct gx_session r;
	int rc;

	parse(&argp, argc, argv, &a, 1);
	if (gx_stdin_is_data()) {
		struct gx_jsonl jr;
		json_t *rec;

		cands = json_array();
		gx_jsonl_init(&jr, 0, "stdin");
		while ((rc = gx_jsonl_next(&jr, &rec, &e)) != 0) {
			const char *h;

			if (rc < 0)
				gx_die(e.code, "%s", e.msg);
			if ((h = gx_input_ref(rec, fields)) == NULL)
				gx_die(GX_DATAERR, "stdin:%ld: no handle in "
				    "record", jr.lineno);
			json_array_append_new(cands, json_string(h));
			json_decref(rec);
		}
		gx_jsonl_release(&jr);
	}
	gx_session_start(&r, &a, gx_award_fields, gx_award_table);
	gx_out_hold(r.out);
	if ((rc = gx_db_begin(r.db, &e)) == 0) {
		if ((rc = gx_campaign_draw(r.db, &r.actor, a.c.slug, cands, r.now,
		    gx_session_emit, &r, &e)) == 0)
			rc = gx_db_commit(r.db, &e);
		else
			gx_db_rollback(r.db);
	}
	gx_out_release(r.out, rc == 0);
	json_decref(cands);
	return gx_session_end(&r, rc ? gx_err_report(&e) : 0);
}

static int
cmd_proof(int argc, char **argv)
{
	static const char doc[] = "Everything needed to check the draw without "
	    "the database, as one JSON object.\vExample:\n"
	    "  gx-campaign proof spring-outing > proof.json && gx-campaign "
	    "verify < proof.json";
	struct argp argp = { NULL, parse_opt, "SLUG", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_err e = { 0, "" };
	struct args a;
	struct gx_session r;
	json_t *p;

	parse(&argp, argc, argv, &a, 1);
	gx_session_start(&r, &a, NULL, NULL);
	if ((p = gx_campaign_proof(r.db, a.c.slug, &e)) == NULL)
		return gx_session_end(&r, gx_err_report(&e));
	gx_jsonl_write(stdout, p);
	json_decref(p);
	return gx_session_end(&r, 0);
}

static int
cmd_verify(int argc, char **argv)
{
	static const char *const fields[] = { "type", "ok", "campaign",
	    "seed_sha256", "candidates", "winners", "replacements", NULL };
	static const char doc[] = "Recompute a draw from its proof on stdin, "
	    "without the database: exit 0 only if the seed matches its "
	    "commitment and every award matches.\vExample:\n"
	    "  gx-campaign verify < proof.json";
	struct argp argp = { NULL, parse_opt, NULL, doc, gx_cli_children, NULL,
	    NULL };
	struct gx_err e = { 0, "" };
	json_t *proof, *report;
	json_error_t je;
	struct gx_out *o;
	struct args a;
	int rc;

	parse(&argp, argc, argv, &a, 0);
	if (isatty(0))
		gx_die(GX_USAGE, "verify reads a proof on stdin");
	if ((proof = json_loadf(stdin, 0, &je)) == NULL)
		gx_die(GX_DATAERR, "stdin:%d: not a JSON proof: %s", je.line,
		    je.text);
	rc = gx_draw_verify(proof, &report, &e);
	json_decref(proof);
	if (rc != 0)
		return gx_err_report(&e);
	o = gx_out_new(fields, NULL);
	gx_out_emit(o, report);
	gx_out_close(o);
	json_decref(report);
	return 0;
}

static int
cmd_awards(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "status", O_STATUS, "STATUS", 0, "won, declined, shipped or "
		  "delivered", 0 },
		{ 0 }
	};
	static const char doc[] = "The awards of a campaign, by rank.\v"
	    "Example:\n  gx-campaign awards spring-outing --status won";
	struct argp argp = { opts, parse_opt, "SLUG", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_err e = { 0, "" };
	struct args a;
	struct gx_session r;
	json_t *c;
	int rc;

	parse(&argp, argc, argv, &a, 1);
	gx_session_start(&r, &a, gx_award_fields, gx_award_table);
	if ((c = gx_campaign_get(r.db, a.c.slug, r.now, &e)) == NULL)
		return gx_session_end(&r, gx_err_report(&e));
	json_decref(c);
	rc = gx_award_list(r.db, a.c.slug, a.status, gx_session_emit, &r, &e);
	return gx_session_done(&r, rc, &e);
}

static const char *const award_fields[] = { "id", "award", NULL };

static int
decline_one(const char *ref, void *ctx, struct gx_err *err)
{
	struct gx_session *r = ctx;
	int64_t id;
	int rc;

	if ((rc = gx_input_id(ref, "an award id", &id, err)) != 0)
		return rc;
	return gx_award_decline(r->db, &r->actor, id, r->now, gx_session_emit, r, err);
}

static int
ship_one(const char *ref, void *ctx, struct gx_err *err,
    int deliver)
{
	struct gx_session *r = ctx;
	const char *result;
	int64_t id;
	json_t *aw;
	int rc;

	if ((rc = gx_input_id(ref, "an award id", &id, err)) != 0)
		return rc;
	if ((rc = gx_award_ship(r->db, &r->actor, id,
	    ((struct args *)r->args)->tracking, deliver, r->now, &aw, &result,
	    err)) == 0)
		gx_session_print(r, aw, result);
	return rc;
}

static int
ship_on(const char *ref, void *ctx, struct gx_err *err)
{
	return ship_one(ref, ctx, err, 0);
}

static int
deliver_on(const char *ref, void *ctx, struct gx_err *err)
{
	return ship_one(ref, ctx, err, 1);
}

static int
award_cmd(int argc, char **argv, int which)
{
	static const struct argp_option opts[] = {
		{ "tracking", O_TRACKING, "NUMBER", 0, "the parcel's tracking "
		  "number (required to ship)", 0 },
		{ 0 }
	};
	static const char *const docs[] = {
		"The winner (or staff) declines awards: each prize passes to the "
		"first reserve without an award.\vExample:\n"
		"  gx-campaign decline 17",
		"Record that awards were shipped (staff).\vExample:\n"
		"  gx-campaign ship 17 --tracking SF1234567890",
		"Record that awards were delivered (staff).\vExample:\n"
		"  gx-campaign awards spring-outing --status shipped | "
		"gx-campaign deliver",
	};
	static const gx_ref_fn fns[] = { decline_one, ship_on, deliver_on };
	struct argp argp = { which == 1 ? opts : NULL, parse_opt, "[AWARD...]",
	    docs[which], gx_cli_children, NULL, NULL };
	struct args a;
	struct gx_session r;

	parse(&argp, argc, argv, &a, 0);
	if (which == 1 && a.tracking == NULL)
		gx_die(GX_USAGE, "ship needs --tracking NUMBER");
	gx_session_start(&r, &a, gx_award_fields, gx_award_table);
	return gx_session_end(&r, gx_each_ref(r.db, r.out, a.nrefs, a.refs,
	    award_fields, GX_REF_WRITE, fns[which], &r));
}

static int
cmd_decline(int argc, char **argv)
{
	return award_cmd(argc, argv, 0);
}

static int
cmd_ship(int argc, char **argv)
{
	return award_cmd(argc, argv, 1);
}

static int
cmd_deliver(int argc, char **argv)
{
	return award_cmd(argc, argv, 2);
}

static int
cmd_close(int argc, char **argv)
{
	static const char doc[] = "Close a drawn campaign: nothing more can be "
	    "declined.\vExample:\n  gx-campaign close spring-outing";
	struct argp argp = { NULL, parse_opt, "SLUG", doc, gx_cli_children,
	    NULL, NULL };
	struct args a;

	parse(&argp, argc, argv, &a, 1);
	return run_change(&a, do_close, gx_campaign_fields, gx_campaign_table);
}

static const struct gx_subcmd cmds[] = {
	{ "create", "create a campaign with prizes", cmd_create },
	{ "set", "change a campaign before it opens", cmd_set },
	{ "list", "list campaigns", cmd_list },
	{ "show", "show campaigns", cmd_show },
	{ "rules", "the disclosure owed to members, and its SHA-256",
	  cmd_rules },
	{ "eligible", "members who reached the goal in the window",
	  cmd_eligible },
	{ "commit", "publish the SHA-256 of the secret draw seed", cmd_commit },
	{ "draw", "draw the winners", cmd_draw },
	{ "proof", "everything needed to check the draw", cmd_proof },
	{ "verify", "recompute a draw from its proof", cmd_verify },
	{ "awards", "the awards of a campaign", cmd_awards },
	{ "decline", "decline awards; prizes pass on", cmd_decline },
	{ "ship", "record shipping", cmd_ship },
	{ "deliver", "record delivery", cmd_deliver },
	{ "close", "close a drawn campaign", cmd_close },
	{ NULL, NULL, NULL }
};

int
main(int argc, char **argv)
{
	return gx_cli_dispatch(argc, argv, cmds, "Invite-three-friends "
	    "campaigns: prizes, frozen rules, a committed seed and a draw "
	    "anyone can verify.\vExample:\n"
	    "  gx-campaign eligible spring-outing | gx-campaign draw "
	    "spring-outing");
}
