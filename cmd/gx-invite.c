/* gx-invite - invite codes: create, accept, list, revoke, flag, stats,
 * leaderboard. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "db.h"
#include "invite.h"
#include "out.h"
#include "session.h"
#include "user.h"

enum {
	O_CAMPAIGN = 0x200, O_TO, O_COUNT, O_EXPIRES, O_CHANNEL, O_USER,
	O_INVITER, O_STATE, O_LIMIT, O_REASON, O_NOTE, O_BY, O_MIN,
};

struct args {
	struct gx_invite_opts o;
	struct gx_invite_filter f;
	const char *user, *reason, *note, *by;
	int64_t min, limit;
	char **refs;
	int nrefs;
};

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case O_CAMPAIGN:
		a->o.campaign = a->f.campaign = arg;
		break;
	case O_TO:
		a->o.contact = arg;
		break;
	case O_COUNT:
		a->o.count = (int)gx_cli_number(state, "--count", arg, 1000);
		break;
	case O_EXPIRES:
		if (gx_duration_parse(arg, &a->o.expires) != 0 ||
		    a->o.expires <= 0)
			argp_error(state, "--expires: '%s' is not a duration "
			    "(like 30d or 12h)", arg);
		break;
	case O_CHANNEL:
		if (strcmp(arg, "wechat") && strcmp(arg, "sms") &&
		    strcmp(arg, "link") && strcmp(arg, "qr"))
			argp_error(state, "--channel must be wechat, sms, link "
			    "or qr");
		a->o.channel = a->f.channel = arg;
		break;
	case O_USER:
		a->user = arg;
		break;
	case O_INVITER:
		a->f.inviter = arg;
		break;
	case O_STATE:
		if (strcmp(arg, "created") && strcmp(arg, "accepted") &&
		    strcmp(arg, "expired") && strcmp(arg, "revoked") &&
		    strcmp(arg, "flagged"))
			argp_error(state, "--state must be created, accepted, "
			    "expired, revoked or flagged");
		a->f.state = arg;
		break;
	case O_LIMIT:
		a->limit = a->f.limit = gx_cli_number(state, "--limit", arg,
		    INT64_MAX / 2);
		break;
	case O_REASON:
		a->reason = arg;
		break;
	case O_NOTE:
		a->note = arg;
		break;
	case O_BY:
		if (strcmp(arg, "inviter") && strcmp(arg, "channel") &&
		    strcmp(arg, "day"))
			argp_error(state, "--by must be inviter, channel or day");
		a->by = arg;
		break;
	case O_MIN:
		a->min = gx_cli_number(state, "--min", arg, 1000000);
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

static const char *const inviter_fields[] = { "handle", "inviter", "user",
    NULL };
static const char *const code_fields[] = { "code", NULL };

static int
create_one(const char *ref, void *ctx, struct gx_err *err)
{
	struct gx_session *r = ctx;
	struct args *a = r->args;

	return gx_invite_create(r->db, &r->actor, ref, &a->o, r->now,
	    gx_session_emit, r, err);
}

static int
cmd_create(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "campaign", O_CAMPAIGN, "SLUG", 0, "for this campaign", 0 },
		{ "to", O_TO, "CONTACT", 0, "addressed to this phone, e-mail or "
		  "other contact", 0 },
		{ "count", O_COUNT, "N", 0, "N invites per inviter (default 1)",
		  0 },
		{ "expires", O_EXPIRES, "DURATION", 0, "valid this long (default "
		  "30d)", 0 },
		{ "channel", O_CHANNEL, "CHANNEL", 0, "wechat, sms, link "
		  "(default) or qr", 0 },
		{ 0 }
	};
	static const char doc[] = "Create invite codes for inviters given as "
	    "arguments or on stdin.  Codes are 8 characters from an "
	    "unambiguous alphabet, from the kernel's random source; "
	    "GX_INVITE_URL (with {code}) makes a link.\vExamples:\n"
	    "  gx-invite create wangwei --campaign spring-outing --to "
	    "13900001111\n"
	    "  gx-user list --city Shanghai | gx-invite create --campaign "
	    "spring-outing --count 5";
	struct argp argp = { opts, parse_opt, "[INVITER...]", doc,
	    gx_cli_children, NULL, NULL };
	struct args a;
	struct gx_session r;

	memset(&a, 0, sizeof a);
	gx_cli_parse(&argp, argc, argv, &a);
	if (a.o.contact != NULL && a.o.count > 1)
		gx_die(GX_USAGE, "--to names one person: it goes with one invite");
	gx_session_start(&r, &a, gx_invite_fields, gx_invite_table);
	return gx_session_end(&r, gx_each_ref(r.db, r.out, a.nrefs, a.refs,
	    inviter_fields, GX_REF_WRITE, create_one, &r));
}

static int
accept_one(const char *ref, void *ctx, struct gx_err *err)
{
	struct gx_session *r = ctx;
	json_t *u, *inv;
	int64_t id;
	int rc;

	if ((u = gx_user_get(r->db, ((struct args *)r->args)->user,
	    err)) == NULL)
		return err->code == GX_NOTFOUND ? (err->code = GX_DATAERR) :
		    err->code;
	id = json_integer_value(json_object_get(u, "id"));
	json_decref(u);
	if ((rc = gx_invite_accept(r->db, &r->actor, ref, id, r->now, &inv,
	    err)) != 0)
		return rc;
	gx_session_print(r, inv, NULL);
	return 0;
}

static int
cmd_accept(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "user", O_USER, "HANDLE", 0, "the member who accepts "
		  "(required)", 0 },
		{ 0 }
	};
	static const char doc[] = "A member accepts an invite: they are "
	    "credited to the inviter.  Refused: an unknown, expired, revoked "
	    "or used code, a self-invite.  Flagged (never counting): a member "
	    "who joined before the invite, outside the campaign window, a "
	    "burst.\vExample:\n  gx-invite accept K7QX2M9D --user lina";
	struct argp argp = { opts, parse_opt, "CODE", doc, gx_cli_children,
	    NULL, NULL };
	struct args a;
	struct gx_session r;

	memset(&a, 0, sizeof a);
	gx_cli_parse(&argp, argc, argv, &a);
	if (a.user == NULL)
		gx_die(GX_USAGE, "accept needs --user HANDLE");
	gx_session_start(&r, &a, gx_invite_fields, gx_invite_table);
	return gx_session_end(&r, gx_each_ref(r.db, r.out, a.nrefs, a.refs,
	    code_fields, GX_REF_WRITE, accept_one, &r));
}

static int
cmd_list(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "inviter", O_INVITER, "HANDLE", 0, "sent by this member", 0 },
		{ "campaign", O_CAMPAIGN, "SLUG", 0, "for this campaign", 0 },
		{ "state", O_STATE, "STATE", 0, "created, accepted, expired, "
		  "revoked or flagged", 0 },
		{ "channel", O_CHANNEL, "CHANNEL", 0, "wechat, sms, link or qr",
		  0 },
		{ "limit", O_LIMIT, "N", 0, "at most N invites", 0 },
		{ 0 }
	};
	static const char doc[] = "List invites, oldest first; exit 1 if none."
	    "\vExamples:\n  gx-invite list --campaign spring-outing --state "
	    "flagged\n  gx-invite list --inviter wangwei -o table";
	struct argp argp = { opts, parse_opt, NULL, doc, gx_cli_children, NULL,
	    NULL };
	struct gx_err e = { 0, "" };
	struct args a;
	struct gx_session r;
	int rc;

	memset(&a, 0, sizeof a);
	gx_cli_parse(&argp, argc, argv, &a);
	gx_session_start(&r, &a, gx_invite_fields, gx_invite_table);
	rc = gx_invite_list(r.db, &a.f, r.now, gx_session_emit, &r, &e);
	return gx_session_done(&r, rc, &e);
}

static int
show_one(const char *ref, void *ctx, struct gx_err *err)
{
	struct gx_session *r = ctx;
	json_t *inv = gx_invite_get(r->db, ref, r->now, err);

	if (inv == NULL)
		return err->code;
	gx_session_print(r, inv, NULL);
	return 0;
}

static int
cmd_show(int argc, char **argv)
{
	static const char doc[] = "Show invites by code, or the invites on "
	    "stdin.\vExample:\n  gx-invite show K7QX2M9D";
	struct argp argp = { NULL, parse_opt, "[CODE...]", doc, gx_cli_children,
	    NULL, NULL };
	struct args a;
	struct gx_session r;

	memset(&a, 0, sizeof a);
	gx_cli_parse(&argp, argc, argv, &a);
	gx_session_start(&r, &a, gx_invite_fields, gx_invite_table);
	return gx_session_end(&r, gx_each_ref(r.db, r.out, a.nrefs, a.refs,
	    code_fields, 0, show_one, &r));
}

static int
revoke_one(const char *ref, void *ctx, struct gx_err *err)
{
	struct gx_session *r = ctx;
	const char *result;
	json_t *inv;
	int rc;

	if ((rc = gx_invite_revoke(r->db, &r->actor, ref, r->now, &inv,
	    &result, err)) == 0)
		gx_session_print(r, inv, result);
	return rc;
}

static int
cmd_revoke(int argc, char **argv)
{
	static const char doc[] = "Revoke unused invites (their inviter or "
	    "staff).\vExample:\n  gx-invite list --inviter spammer01 --state "
	    "created | gx-invite revoke";
	struct argp argp = { NULL, parse_opt, "[CODE...]", doc, gx_cli_children,
	    NULL, NULL };
	struct args a;
	struct gx_session r;

	memset(&a, 0, sizeof a);
	gx_cli_parse(&argp, argc, argv, &a);
	gx_session_start(&r, &a, gx_invite_fields, gx_invite_table);
	return gx_session_end(&r, gx_each_ref(r.db, r.out, a.nrefs, a.refs,
	    code_fields, GX_REF_WRITE, revoke_one, &r));
}

static int
flag_one(const char *ref, void *ctx, struct gx_err *err,
    int flag)
{
	struct gx_session *r = ctx;
	const char *result;
	json_t *inv;
	int rc;

	struct args *a = r->args;

	if ((rc = gx_invite_flag(r->db, &r->actor, ref, flag, a->reason,
	    a->note, r->now, &inv, &result, err)) == 0)
		gx_session_print(r, inv, result);
	return rc;
}

static int
flag_on(const char *ref, void *ctx, struct gx_err *err)
{
	return flag_one(ref, ctx, err, 1);
}

static int
flag_off(const char *ref, void *ctx, struct gx_err *err)
{
	return flag_one(ref, ctx, err, 0);
}

static int
flag_cmd(int argc, char **argv, int flag)
{
	static const struct argp_option opts[] = {
		{ "reason", O_REASON, "CODE", 0, "flag: the reason code (default "
		  "staff)", 0 },
		{ "note", O_NOTE, "TEXT", 0, "a note for the record", 0 },
		{ 0 }
	};
	static const char fdoc[] = "Flag accepted invites (staff): they stop "
	    "counting toward goals.\vExample:\n  gx-invite flag K7QX2M9D "
	    "--reason fake-account --note \"same device as inviter\"";
	static const char udoc[] = "Clear the flag of invites (staff): they "
	    "count again.\vExample:\n  gx-invite unflag K7QX2M9D --note "
	    "\"checked by phone\"";
	struct argp argp = { opts, parse_opt, "[CODE...]", flag ? fdoc : udoc,
	    gx_cli_children, NULL, NULL };
	struct args a;
	struct gx_session r;

	memset(&a, 0, sizeof a);
	gx_cli_parse(&argp, argc, argv, &a);
	if (a.reason != NULL && (!flag || !gx_text_ok(a.reason, 64)))
		gx_die(GX_USAGE, "--reason goes with flag: a short code");
	if (a.note != NULL && !gx_text_ok(a.note, 512))
		gx_die(GX_USAGE, "--note must be 1-512 characters without "
		    "control characters");
	gx_session_start(&r, &a, gx_invite_fields, gx_invite_table);
	return gx_session_end(&r, gx_each_ref(r.db, r.out, a.nrefs, a.refs,
	    code_fields, GX_REF_WRITE, flag ? flag_on : flag_off, &r));
}

static int
cmd_flag(int argc, char **argv)
{
	return flag_cmd(argc, argv, 1);
}

static int
cmd_unflag(int argc, char **argv)
{
	return flag_cmd(argc, argv, 0);
}

static int
cmd_stats(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "campaign", O_CAMPAIGN, "SLUG", 0, "invites of this campaign",
		  0 },
		{ "by", O_BY, "KEY", 0, "one row per inviter, channel or day", 0 },
		{ 0 }
	};
	static const char *const fields[] = { "type", "campaign", "by", "key",
	    "sent", "accepted", "flagged", "expired", "revoked", "inviters",
	    "conversion", "k_factor", NULL };
	static const char doc[] = "Invite statistics: sent, accepted, flagged, "
	    "expired, revoked, conversion (accepted / sent) and K-factor "
	    "(accepted / inviters: new members each inviter brought).\v"
	    "Examples:\n  gx-invite stats --campaign spring-outing\n"
	    "  gx-invite stats --by channel -o table";
	struct argp argp = { opts, parse_opt, NULL, doc, gx_cli_children, NULL,
	    NULL };
	struct gx_err e = { 0, "" };
	struct args a;
	struct gx_session r;
	int rc;

	memset(&a, 0, sizeof a);
	gx_cli_parse(&argp, argc, argv, &a);
	gx_session_start(&r, &a, fields, NULL);
	rc = gx_invite_stats(r.db, a.f.campaign, a.by, r.now, gx_session_emit, &r, &e);
	return gx_session_done(&r, rc, &e);
}

static int
cmd_leaderboard(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "campaign", O_CAMPAIGN, "SLUG", 0, "count only this campaign's "
		  "invites, inside its window", 0 },
		{ "min", O_MIN, "N", 0, "at least N successful invites", 0 },
		{ "limit", O_LIMIT, "N", 0, "the top N", 0 },
		{ 0 }
	};
	static const char *const fields[] = { "type", "rank", "handle", "name",
	    "campaign", "invites", "reached_at", NULL };
	static const char *const table[] = { "rank", "handle", "name",
	    "invites", "reached_at", NULL };
	static const char doc[] = "Inviters by successful invites (accepted, "
	    "never flagged), most first; a tie goes to whoever reached the "
	    "count first.\vExample:\n  gx-invite leaderboard --campaign "
	    "spring-outing --min 3";
	struct argp argp = { opts, parse_opt, NULL, doc, gx_cli_children, NULL,
	    NULL };
	struct gx_err e = { 0, "" };
	struct args a;
	struct gx_session r;
	int rc;

	memset(&a, 0, sizeof a);
	gx_cli_parse(&argp, argc, argv, &a);
	gx_session_start(&r, &a, fields, table);
	rc = gx_invite_leaderboard(r.db, a.f.campaign, a.min, a.limit,
	    gx_session_emit, &r, &e);
	return gx_session_done(&r, rc, &e);
}

static const struct gx_subcmd cmds[] = {
	{ "create", "create invite codes for inviters", cmd_create },
	{ "accept", "a member accepts an invite", cmd_accept },
	{ "list", "list invites", cmd_list },
	{ "show", "show invites by code", cmd_show },
	{ "revoke", "revoke unused invites", cmd_revoke },
	{ "flag", "flag accepted invites (staff)", cmd_flag },
	{ "unflag", "clear flags (staff)", cmd_unflag },
	{ "stats", "sent, accepted, conversion, K-factor", cmd_stats },
	{ "leaderboard", "inviters by successful invites", cmd_leaderboard },
	{ NULL, NULL, NULL }
};

int
main(int argc, char **argv)
{
	return gx_cli_dispatch(argc, argv, cmds, "Invites: the reciprocity of "
	    "bringing friends in, with every acceptance checked.\vExample:\n"
	    "  gx-user list --city Shanghai | gx-invite create --campaign "
	    "spring-outing --count 3");
}
