/* gx-certify - real-name and professional certification reviewed within
 * the SLA, badges, review statistics, and credit ratings from a bureau. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert.h"
#include "cli.h"
#include "clock.h"
#include "credit.h"
#include "db.h"
#include "input.h"
#include "jsonl.h"
#include "out.h"
#include "session.h"
#include "user.h"

enum {
	O_KIND = 0x200, O_DOC, O_OVERDUE, O_DUE_WITHIN, O_EXPIRES, O_NOTE,
	O_REASON, O_RETRY, O_FINAL, O_MESSAGE, O_SINCE, O_REFRESH, O_SHOW,
	O_HIDE,
};

struct args {
	const char *kind, *note, *reason, *message, *since;
	struct gx_cert_doc_in docs[GX_CERT_MAX_DOCS];
	int ndocs, overdue, final, refresh, show;	/* show: -1 hide, 1 */
	int64_t due_within, expires;
	char sincebuf[GX_TIME_LEN];
	char **refs;
	int nrefs;
	struct gx_credit credit;
};

static int
text_arg(struct argp_state *state, const char *opt, const char *arg, int max)
{
	if (!gx_text_ok(arg, max))
		argp_error(state, "%s must be 1-%d characters without control "
		    "characters", opt, max);
	return 0;
}

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;
	struct gx_err e = { 0, "" };
	int64_t t;

	switch (key) {
	case O_KIND:
		if (strcmp(arg, "realname") && strcmp(arg, "professional"))
			argp_error(state, "--kind must be realname or "
			    "professional");
		a->kind = arg;
		break;
	case O_DOC:
		if (a->ndocs == GX_CERT_MAX_DOCS)
			argp_error(state, "at most %d documents",
			    GX_CERT_MAX_DOCS);
		if (gx_cert_doc_parse(arg, &a->docs[a->ndocs], &e) != 0)
			argp_error(state, "%s", e.msg);
		a->ndocs++;
		break;
	case O_OVERDUE:
		a->overdue = 1;
		break;
	case O_DUE_WITHIN:
	case O_EXPIRES:
		if (gx_duration_parse(arg, &t) != 0 || t <= 0)
			argp_error(state, "'%s' is not a duration (like 1d or 12h)",
			    arg);
		if (key == O_EXPIRES)
			a->expires = t;
		else
			a->due_within = t;
		break;
	case O_NOTE:
		text_arg(state, "--note", arg, 1000);
		a->note = arg;
		break;
	case O_MESSAGE:
		text_arg(state, "--message", arg, 1000);
		a->message = arg;
		break;
	case O_REASON:
		a->reason = arg;
		break;
	case O_RETRY:
	case O_FINAL:
		a->final = key == O_FINAL;
		break;
	case O_SINCE:
		if (gx_time_parse(arg, gx_now(), &t) != 0)
			argp_error(state, "--since: '%s' is not a time", arg);
		a->since = gx_time_format(t, a->sincebuf);
		break;
	case O_REFRESH:
		a->refresh = 1;
		break;
	case O_SHOW:
	case O_HIDE:
		a->show = key == O_SHOW ? 1 : -1;
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
parse(const struct argp *argp, int argc, char **argv, struct args *a)
{
	memset(a, 0, sizeof *a);
	gx_cli_parse(argp, argc, argv, a);
}

static const char *const user_fields[] = { "handle", "user", NULL };
static const char *const case_fields[] = { "id", "case", NULL };

static int
submit_one(const char *ref, void *ctx, struct gx_err *err)
{
	struct gx_session *r = ctx;
	struct args *a = r->args;
	json_t *rec;
	int rc;

	if ((rc = gx_cert_submit(r->db, &r->actor, ref, a->kind, a->docs,
	    a->ndocs, r->now, &rec, err)) == 0)
		gx_session_print(r, rec, "submitted");
	return rc;
}

static int
cmd_submit(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "kind", O_KIND, "KIND", 0, "realname or professional "
		  "(required)", 0 },
		{ "doc", O_DOC, "KIND=FILE", 0, "a document: id-card, "
		  "business-card, employment or other; JPEG, PNG, WebP or PDF "
		  "(repeat the option)", 0 },
		{ 0 }
	};
	static const char doc[] = "Open a certification case with its "
	    "documents, copied into the media store beside the database.  Staff "
	    "review it within the SLA (GX_CERT_SLA, default 3d).\vExamples:\n"
	    "  gx-certify submit wangwei --kind realname --doc id-card=id.jpg\n"
	    "  gx-certify submit wangwei --kind professional --doc "
	    "id-card=id.jpg \\\n      --doc business-card=card.png --as "
	    "wangwei";
	struct argp argp = { opts, parse_opt, "USER", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_session r;
	struct args a;

	parse(&argp, argc, argv, &a);
	if (a.kind == NULL)
		gx_die(GX_USAGE, "submit needs --kind realname|professional");
	if (a.nrefs != 1)
		gx_die(GX_USAGE, "submit takes one USER (see '%s --help')",
		    argv[0]);
	gx_session_start(&r, &a, gx_cert_fields, gx_cert_table);
	return gx_session_end(&r, gx_each_ref(r.db, r.out, a.nrefs, a.refs,
	    user_fields, GX_REF_WRITE, submit_one, &r));
}

static int
show_one(const char *ref, void *ctx, struct gx_err *err)
{
	struct gx_session *r = ctx;
	int64_t id;
	json_t *c;
	int rc;

	if ((rc = gx_input_id(ref, "a case id", &id, err)) != 0)
		return rc;
	if ((c = gx_cert_get(r->db, &r->actor, id, r->now, err)) == NULL)
		return err->code;
	gx_session_print(r, c, NULL);
	return 0;
}

static int
cmd_show(int argc, char **argv)
{
	static const char doc[] = "Show certification cases with their "
	    "documents.\vExample:\n  gx-certify show 17";
	struct argp argp = { NULL, parse_opt, "[CASE...]", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_session r;
	struct args a;

	parse(&argp, argc, argv, &a);
	gx_session_start(&r, &a, gx_cert_fields, gx_cert_table);
	return gx_session_end(&r, gx_each_ref(r.db, r.out, a.nrefs, a.refs,
	    case_fields, 0, show_one, &r));
}

static int
cmd_queue(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "kind", O_KIND, "KIND", 0, "realname or professional", 0 },
		{ "overdue", O_OVERDUE, NULL, 0, "only cases past their due time",
		  0 },
		{ "due-within", O_DUE_WITHIN, "DURATION", 0, "only cases due "
		  "within DURATION", 0 },
		{ 0 }
	};
	static const char doc[] = "Open cases, oldest first, with their age and "
	    "due time (submitted + SLA); exit 1 if none.\vExamples:\n"
	    "  gx-certify queue --overdue\n  gx-certify queue --kind "
	    "professional --due-within 1d -o table";
	struct argp argp = { opts, parse_opt, NULL, doc, gx_cli_children, NULL,
	    NULL };
	struct gx_err e = { 0, "" };
	struct gx_session r;
	struct args a;
	int rc;

	parse(&argp, argc, argv, &a);
	gx_session_start(&r, &a, gx_cert_fields, gx_cert_table);
	/* Overdue: due strictly before now (a second before, in the
	 * second-grained times). */
	rc = gx_cert_queue(r.db, &r.actor, a.kind, a.overdue ? r.now - 1 :
	    a.due_within ? r.now + a.due_within : 0, r.now, gx_session_emit,
	    &r, &e);
	return gx_session_done(&r, rc, &e);
}

/* approve, reject, revoke: a decision on each case named. */
static int
decide_one(const char *ref, void *ctx, struct gx_err *err, int which)
{
	struct gx_session *r = ctx;
	struct args *a = r->args;
	const char *result;
	int64_t id;
	json_t *c;
	int rc;

	if ((rc = gx_input_id(ref, "a case id", &id, err)) != 0)
		return rc;
	if (which == 0)
		rc = gx_cert_approve(r->db, &r->actor, id, a->expires, a->note,
		    r->now, &c, &result, err);
	else if (which == 1)
		rc = gx_cert_reject(r->db, &r->actor, id, a->reason, a->final,
		    a->message, a->note, r->now, &c, &result, err);
	else
		rc = gx_cert_revoke(r->db, &r->actor, id, a->note, r->now, &c,
		    &result, err);
	if (rc == 0)
		gx_session_print(r, c, result);
	return rc;
}

static int
approve_one(const char *ref, void *ctx, struct gx_err *err)
{
	return decide_one(ref, ctx, err, 0);
}

static int
reject_one(const char *ref, void *ctx, struct gx_err *err)
{
	return decide_one(ref, ctx, err, 1);
}

static int
revoke_one(const char *ref, void *ctx, struct gx_err *err)
{
	return decide_one(ref, ctx, err, 2);
}

static int
decide_cmd(int argc, char **argv, int which)
{
	static const struct argp_option aopts[] = {
		{ "expires", O_EXPIRES, "DURATION", 0, "the approval lasts this "
		  "long (default 365d)", 0 },
		{ "note", O_NOTE, "TEXT", 0, "a private note for staff", 0 },
		{ 0 }
	};
	static const struct argp_option ropts[] = {
		{ "reason", O_REASON, "CODE", 0, "unreadable, name-mismatch, "
		  "expired-document, not-employed, suspected-forgery or other "
		  "(required)", 0 },
		{ "retry", O_RETRY, NULL, 0, "the member may submit again "
		  "(default)", 0 },
		{ "final", O_FINAL, NULL, 0, "the member may not submit this kind "
		  "again", 0 },
		{ "message", O_MESSAGE, "TEXT", 0, "what the member is told", 0 },
		{ "note", O_NOTE, "TEXT", 0, "a private note for staff", 0 },
		{ 0 }
	};
	static const struct argp_option vopts[] = {
		{ "note", O_NOTE, "TEXT", 0, "a private note for staff", 0 },
		{ 0 }
	};
	static const char *const docs[] = {
		"Approve open cases (staff; never one's own).  The rules are "
		"checked again.\vExample:\n  gx-certify approve 17 --expires 365d",
		"Reject open cases (staff; never one's own) with a reason code; "
		"--retry lets the member submit again, --final does not.\v"
		"Example:\n  gx-certify reject 17 --reason unreadable --retry "
		"--message \"The photo is blurred\"",
		"Revoke approved certifications (staff).\vExample:\n"
		"  gx-certify revoke 17 --note \"left the company\"",
	};
	static const gx_ref_fn fns[] = { approve_one, reject_one, revoke_one };
	struct argp argp = { which == 0 ? aopts : which == 1 ? ropts : vopts,
	    parse_opt, "[CASE...]", docs[which], gx_cli_children, NULL, NULL };
	struct gx_session r;
	struct args a;

	parse(&argp, argc, argv, &a);
	if (which == 1 && a.reason == NULL)
		gx_die(GX_USAGE, "reject needs --reason CODE");
	gx_session_start(&r, &a, gx_cert_fields, gx_cert_table);
	return gx_session_end(&r, gx_each_ref(r.db, r.out, a.nrefs, a.refs,
	    case_fields, GX_REF_WRITE, fns[which], &r));
}

static int
cmd_approve(int argc, char **argv)
{
	return decide_cmd(argc, argv, 0);
}

static int
cmd_reject(int argc, char **argv)
{
	return decide_cmd(argc, argv, 1);
}

static int
cmd_revoke(int argc, char **argv)
{
	return decide_cmd(argc, argv, 2);
}

static int
status_one(const char *ref, void *ctx, struct gx_err *err)
{
	struct gx_session *r = ctx;
	json_t *s = gx_cert_status(r->db, &r->actor, ref, r->now, err);

	if (s == NULL)
		return err->code;
	gx_session_print(r, s, NULL);
	return 0;
}

static int
cmd_status(int argc, char **argv)
{
	static const char *const fields[] = { "type", "id", "handle",
	    "realname", "professional", NULL };
	static const char doc[] = "A member's badges, and for each badge they "
	    "lack, what is still missing.\vExample:\n  gx-certify status "
	    "wangwei";
	struct argp argp = { NULL, parse_opt, "[USER...]", doc, gx_cli_children,
	    NULL, NULL };
	struct gx_session r;
	struct args a;

	parse(&argp, argc, argv, &a);
	gx_session_start(&r, &a, fields, NULL);
	return gx_session_end(&r, gx_each_ref(r.db, r.out, a.nrefs, a.refs,
	    user_fields, 0, status_one, &r));
}

static int
cmd_badges(int argc, char **argv)
{
	static const char doc[] = "A filter: each user record on stdin comes "
	    "out with its trust fields added: realname, professional (with "
	    "certified_company and certified_title), credit_band when the "
	    "member shows it.\vExample:\n  gx-user list --city Shanghai | "
	    "gx-certify badges | jq -c 'select(.realname)'";
	struct argp argp = { NULL, parse_opt, NULL, doc, gx_cli_children, NULL,
	    NULL };
	struct gx_session r;
	struct gx_input in;
	struct args a;
	int status = 0, rc;

	parse(&argp, argc, argv, &a);
	if (a.nrefs > 0 || !gx_stdin_is_data())
		gx_die(GX_USAGE, "badges reads user records on stdin");
	gx_session_start(&r, &a, NULL, NULL);
	gx_input_init(&in, 0, NULL);
	for (;;) {
		struct gx_err e = { 0, "" };
		json_t *rec, *u;
		long line;

		if ((rc = gx_input_next(&in, &rec, &line, &e)) == 0)
			break;
		if (rc > 0 && json_is_string(rec)) {
			/* A bare handle: its user record, then the fields. */
			u = gx_user_get(r.db, json_string_value(rec), &e);
			json_decref(rec);
			rec = u;
			if (u != NULL)
				gx_user_present(u, gx_opts.reveal);
			rc = u ? 1 : -1;
		}
		if (rc > 0 && gx_cert_badges(r.db, &r.actor, rec, r.now,
		    &e) == 0)
			gx_out_emit(r.out, rec);
		else if (e.code != 0) {
			char where[64];

			snprintf(where, sizeof where, "stdin:%ld: ", line);
			if (strncmp(e.msg, "stdin:", 6) != 0)
				gx_err_prefix(&e, where);
			gx_err_report(&e);
			status = status ? status : e.code == GX_NOTFOUND ?
			    GX_DATAERR : e.code;
		}
		json_decref(rec);
	}
	gx_input_release(&in);
	return gx_session_end(&r, status);
}

static int
cmd_stats(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "since", O_SINCE, "TIME", 0, "cases submitted since TIME", 0 },
		{ 0 }
	};
	static const char *const fields[] = { "type", "since", "sla_seconds",
	    "cases", "overdue_now", "decided", "median_turnaround_seconds",
	    "p90_turnaround_seconds", "share_within_sla", "reviewers", NULL };
	static const char doc[] = "Review statistics (staff): cases by state, "
	    "median and 90th-percentile turnaround, the share decided within "
	    "the SLA, overdue now, per reviewer.\vExample:\n  gx-certify stats "
	    "--since=-30d";
	struct argp argp = { opts, parse_opt, NULL, doc, gx_cli_children, NULL,
	    NULL };
	struct gx_err e = { 0, "" };
	struct gx_session r;
	struct args a;
	json_t *s;

	parse(&argp, argc, argv, &a);
	gx_session_start(&r, &a, fields, NULL);
	if ((s = gx_cert_stats(r.db, &r.actor, a.since, r.now, &e)) == NULL)
		return gx_session_end(&r, gx_err_report(&e));
	gx_session_print(&r, s, NULL);
	return gx_session_end(&r, 0);
}

static int
credit_one(const char *ref, void *ctx, struct gx_err *err)
{
	struct gx_session *r = ctx;
	struct args *a = r->args;
	const char *result = NULL;
	json_t *c;
	int rc;

	if (a->show != 0)
		rc = gx_credit_show(r->db, &r->actor, ref, a->show > 0, r->now,
		    &c, &result, err);
	else
		rc = gx_credit_get(r->db, &r->actor, &a->credit, ref, a->refresh,
		    r->now, &c, err);
	if (rc == 0)
		gx_session_print(r, c, result);
	return rc;
}

static int
cmd_credit(int argc, char **argv)
{
	static const struct argp_option opts[] = {
		{ "refresh", O_REFRESH, NULL, 0, "ask the bureau even if the "
		  "cached score is fresh", 0 },
		{ "show", O_SHOW, NULL, 0, "the member shows their score to "
		  "others", 0 },
		{ "hide", O_HIDE, NULL, 0, "the member hides it (the default)", 0 },
		{ 0 }
	};
	static const char doc[] = "Credit ratings from the bureau at "
	    "GX_CREDIT_URL (token in GX_CREDIT_TOKEN), cached for GX_CREDIT_TTL "
	    "(default 30d); one connection serves a whole batch.  The bureau "
	    "unreachable or answering nonsense: exit 69; the token refused: "
	    "77.\vExamples:\n  gx-certify credit wangwei --refresh\n"
	    "  gx-user list --city Shanghai | gx-certify credit\n"
	    "  gx-certify credit wangwei --show --as wangwei";
	struct argp argp = { opts, parse_opt, "[USER...]", doc,
	    gx_cli_children, NULL, NULL };
	struct gx_session r;
	struct args a;
	int rc;

	parse(&argp, argc, argv, &a);
	if (a.show != 0 && a.refresh)
		gx_die(GX_USAGE, "--show or --hide goes without --refresh");
	gx_credit_init(&a.credit);
	gx_session_start(&r, &a, gx_credit_fields, NULL);
	/* A bureau that is down is down for every member: stop at once. */
	rc = gx_each_ref(r.db, r.out, a.nrefs, a.refs, user_fields,
	    a.show ? GX_REF_WRITE : GX_REF_STOP, credit_one, &r);
	gx_credit_release(&a.credit);
	return gx_session_end(&r, rc);
}

static const struct gx_subcmd cmds[] = {
	{ "submit", "open a certification case with documents", cmd_submit },
	{ "show", "show cases with their documents", cmd_show },
	{ "queue", "open cases, oldest first, with due times", cmd_queue },
	{ "approve", "approve cases (staff)", cmd_approve },
	{ "reject", "reject cases with a reason (staff)", cmd_reject },
	{ "revoke", "revoke certifications (staff)", cmd_revoke },
	{ "status", "a member's badges and what is missing", cmd_status },
	{ "badges", "add trust fields to user records on stdin", cmd_badges },
	{ "stats", "review statistics (staff)", cmd_stats },
	{ "credit", "credit ratings from the bureau", cmd_credit },
	{ NULL, NULL, NULL }
};

int
main(int argc, char **argv)
{
	return gx_cli_dispatch(argc, argv, cmds, "Trust: real-name and "
	    "professional certification within the 1-3 day promise, and credit "
	    "ratings members may choose to show.\vExample:\n"
	    "  gx-certify queue --overdue -o table");
}
