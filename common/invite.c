/* invite.c - invites: rules and SQL. */
#include "invite.h"
#include "audit.h"
#include "clock.h"
#include "jsonl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

const char *const gx_invite_fields[] = { "type", "id", "code", "inviter",
    "campaign", "contact", "channel", "state", "reason", "note", "invitee",
    "created_at", "expires_at", "accepted_at", "link", "result", NULL };
const char *const gx_invite_table[] = { "code", "inviter", "campaign",
    "channel", "state", "reason", "invitee", "expires_at", NULL };

/* $1 is always now, for the expired state. */
#define INVITE_SELECT \
	"SELECT v.id, v.code, u.handle AS inviter, c.slug AS campaign, " \
	"v.contact, v.channel, CASE WHEN v.state = 'created' AND " \
	"v.expires_at <= $1 THEN 'expired' ELSE v.state END AS state, " \
	"v.reason, v.note, w.handle AS invitee, v.created_at, v.expires_at, " \
	"v.accepted_at FROM invites v JOIN users u ON u.id = v.inviter_id " \
	"LEFT JOIN campaigns c ON c.id = v.campaign_id " \
	"LEFT JOIN users w ON w.id = v.invitee_id "

void
gx_invite_code_new(char *out)
{
	static const char alpha[] = GX_CODE_ALPHABET;
	const unsigned n = sizeof alpha - 1;
	/* Largest multiple of n below 256: bytes above it are redrawn so
	 * that every symbol is equally likely. */
	const unsigned lim = 256 - 256 % n;
	unsigned char buf[32];
	int i = 0;

	while (i < GX_CODE_LEN) {
		if (getrandom(buf, sizeof buf, 0) != (ssize_t)sizeof buf)
			gx_die(GX_SOFTWARE, "cannot read the kernel's random "
			    "source:");
		for (size_t k = 0; k < sizeof buf && i < GX_CODE_LEN; k++)
			if (buf[k] < lim)
				out[i++] = alpha[buf[k] % n];
	}
	out[GX_CODE_LEN] = '\0';
}

int
gx_contact_normalize(const char *in, char *out, size_t n)
{
	char phone[24];
	const char *s = in, *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e == s || (size_t)(e - s) >= n)
		return -1;
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = '\0';
	if (!gx_text_ok(out, GX_TEXT_MAX))
		return -1;
	if (gx_phone_normalize(out, phone) == 0) {
		snprintf(out, n, "%s", phone);
	} else if (strchr(out, '@') != NULL) {
		for (char *p = out; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	return 0;
}

/* Shape an invite row: the link from GX_INVITE_URL ("{code}" replaced),
 * the contact masked when it is a phone number. */
static json_t *
invite_record(struct gx_stmt *st)
{
	json_t *row = gx_stmt_row_json(st), *rec = json_object();
	const char *tmpl = getenv("GX_INVITE_URL"), *code, *contact, *p;

	json_object_set_new(rec, "type", json_string("invite"));
	json_object_update(rec, row);
	json_decref(row);
	code = json_string_value(json_object_get(rec, "code"));
	contact = json_string_value(json_object_get(rec, "contact"));
	if (contact != NULL && contact[0] == '+' && !gx_opts.reveal) {
		char masked[32];

		gx_phone_mask(contact, masked);
		json_object_set_new(rec, "contact", json_string(masked));
	}
	if (tmpl != NULL && *tmpl != '\0') {
		char *link;
		size_t len = 0;
		FILE *f = open_memstream(&link, &len);

		for (p = tmpl; *p; p++) {
			if (strncmp(p, "{code}", 6) == 0) {
				fputs(code, f);
				p += 5;
			} else {
				fputc(*p, f);
			}
		}
		if (strstr(tmpl, "{code}") == NULL)
			fputs(code, f);
		fclose(f);
		json_object_set_new(rec, "link", json_string(link));
		free(link);
	}
	return rec;
}

static void
code_fold(const char *in, char *out)
{
	size_t i;

	for (i = 0; in[i] && i < GX_CODE_LEN + 8; i++)
		out[i] = (char)toupper((unsigned char)in[i]);
	out[i] = '\0';
}

json_t *
gx_invite_get(struct gx_db *db, const char *code, int64_t now,
    struct gx_err *err)
{
	char c[GX_CODE_LEN + 9], at[GX_TIME_LEN];
	struct gx_stmt *st;
	json_t *rec = NULL;
	int rc;

	code_fold(code, c);
	st = gx_db_prepare(db, INVITE_SELECT "WHERE v.code = $2", err);
	if (st == NULL)
		return NULL;
	gx_stmt_bind_text(st, 1, gx_time_format(now, at));
	gx_stmt_bind_text(st, 2, c);
	if ((rc = gx_stmt_step(st, err)) == 1)
		rec = invite_record(st);
	else if (rc == 0)
		gx_err_set(err, GX_NOTFOUND, "no invite '%s'", c);
	gx_stmt_reset(st);
	return rec;
}

/* Look a member up: id, phone, email, status; 0 or an error. */
static int
member_lookup(struct gx_db *db, const char *handle, int64_t *id,
    char *phone, char *email, struct gx_err *err)
{
	char h[GX_HANDLE_MAX + 1];
	struct gx_stmt *st;
	int rc, active;

	if (gx_handle_normalize(handle, h) != 0)
		return gx_err_set(err, GX_DATAERR, "no member '%s'", handle);
	st = gx_db_prepare(db, "SELECT id, phone, email, status FROM users "
	    "WHERE handle = $1", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, h);
	if ((rc = gx_stmt_step(st, err)) < 0)
		return err->code;
	if (rc == 0)
		return gx_err_set(err, GX_DATAERR, "no member '%s'", h);
	*id = gx_stmt_int(st, 0);
	snprintf(phone, 24, "%s", gx_stmt_text(st, 1));
	snprintf(email, 4 * GX_TEXT_MAX + 1, "%s",
	    gx_stmt_text(st, 2) ? gx_stmt_text(st, 2) : "");
	active = strcmp(gx_stmt_text(st, 3), "active") == 0;
	gx_stmt_reset(st);
	if (!active)
		return gx_err_set(err, GX_DATAERR, "member '%s' is suspended",
		    h);
	return 0;
}

/* The campaign's id and window; GX_DATAERR if unknown or finished. */
static int
campaign_for_invites(struct gx_db *db, const char *slug, int64_t *id,
    struct gx_err *err)
{
	struct gx_stmt *st;
	int rc, done;

	st = gx_db_prepare(db, "SELECT id, drawn_at, closed_at FROM campaigns "
	    "WHERE slug = $1", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, slug);
	if ((rc = gx_stmt_step(st, err)) < 0)
		return err->code;
	if (rc == 0)
		return gx_err_set(err, GX_DATAERR, "no campaign '%s'", slug);
	*id = gx_stmt_int(st, 0);
	done = gx_stmt_text(st, 1) != NULL || gx_stmt_text(st, 2) != NULL;
	gx_stmt_reset(st);
	if (done)
		return gx_err_set(err, GX_DATAERR, "campaign '%s' has been "
		    "drawn; it takes no more invites", slug);
	return 0;
}

int
gx_invite_create(struct gx_db *db, const struct gx_actor *a,
    const char *inviter, const struct gx_invite_opts *o, int64_t now,
    void (*emit)(json_t *rec, void *ctx), void *ctx, struct gx_err *err)
{
	char phone[24], email[4 * GX_TEXT_MAX + 1], contact[4 * GX_TEXT_MAX + 1];
	char at[GX_TIME_LEN], exp[GX_TIME_LEN], h[GX_HANDLE_MAX + 1];
	const char *channel = o->channel ? o->channel : "link";
	int64_t uid = 0, cid = 0;
	int count = o->count > 0 ? o->count : 1, rc;
	struct gx_stmt *st;

	if ((rc = member_lookup(db, inviter, &uid, phone, email, err)) != 0)
		return rc;
	gx_handle_normalize(inviter, h);
	if (!a->staff && a->id != uid)
		return gx_err_set(err, GX_NOPERM, "member '%s' may create "
		    "invites only for themself", a->handle);
	if (o->campaign != NULL &&
	    (rc = campaign_for_invites(db, o->campaign, &cid, err)) != 0)
		return rc;
	if (o->contact != NULL) {
		if (gx_contact_normalize(o->contact, contact, sizeof contact))
			return gx_err_set(err, GX_DATAERR, "invalid contact "
			    "'%s'", o->contact);
		if (strcmp(contact, phone) == 0 ||
		    strcasecmp(contact, email) == 0)
			return gx_err_set(err, GX_DATAERR, "refused: "
			    "self-invite ('%s' is the inviter's own contact)",
			    o->contact);
		st = gx_db_prepare(db, "SELECT handle FROM users WHERE phone = $1 "
		    "OR lower(email) = $1", err);
		if (st == NULL)
			return err->code;
		gx_stmt_bind_text(st, 1, contact);
		if ((rc = gx_stmt_step(st, err)) == 1) {
			rc = gx_err_set(err, GX_DATAERR, "refused: "
			    "already-member ('%s' is member '%s')", o->contact,
			    gx_stmt_text(st, 0));
			gx_stmt_reset(st);
			return rc;
		}
		if (rc < 0)
			return err->code;
	}
	gx_time_format(now, at);
	gx_time_format(now + (o->expires > 0 ? o->expires : 30 * 86400), exp);
	for (int i = 0; i < count; i++) {
		char code[GX_CODE_LEN + 1];
		json_t *rec, *d;
		int tries = 0;

		/* 31^8 codes: a clash is rare, but never trusted away. */
		do {
			gx_invite_code_new(code);
			st = gx_db_prepare(db, "INSERT INTO invites (code, "
			    "inviter_id, campaign_id, contact, channel, state, "
			    "created_at, expires_at, updated_at) VALUES ($1, $2, "
			    "$3, $4, $5, 'created', $6, $7, $6) ON CONFLICT DO "
			    "NOTHING RETURNING id", err);
			if (st == NULL)
				return err->code;
			gx_stmt_bind_text(st, 1, code);
			gx_stmt_bind_int(st, 2, uid);
			if (cid)
				gx_stmt_bind_int(st, 3, cid);
			gx_stmt_bind_text(st, 4, o->contact ? contact : NULL);
			gx_stmt_bind_text(st, 5, channel);
			gx_stmt_bind_text(st, 6, at);
			gx_stmt_bind_text(st, 7, exp);
			if ((rc = gx_stmt_step(st, err)) < 0)
				return err->code;
			gx_stmt_reset(st);
		} while (rc == 0 && ++tries < 10);
		if (rc == 0)
			return gx_err_set(err, GX_SOFTWARE, "no free invite code "
			    "after 10 tries");
		d = json_pack("{s:s, s:s?, s:s, s:s}", "inviter", h, "campaign",
		    o->campaign, "channel", channel, "expires_at", exp);
		rc = gx_audit_log(db, now, a->label, "create", "invite", code, d,
		    err);
		json_decref(d);
		if (rc != 0)
			return rc;
		if ((rec = gx_invite_get(db, code, now, err)) == NULL)
			return err->code;
		emit(rec, ctx);
		json_decref(rec);
	}
	return 0;
}

static int64_t
burst_limit(void)
{
	const char *e = getenv("GX_INVITE_BURST");

	return e != NULL && atoi(e) > 0 ? atoi(e) : GX_INVITE_BURST;
}

int
gx_invite_accept(struct gx_db *db, const struct gx_actor *a,
    const char *code, int64_t invitee_id, int64_t now, json_t **out,
    struct gx_err *err)
{
	char c[GX_CODE_LEN + 9], at[GX_TIME_LEN], hour[GX_TIME_LEN];
	const char *reason = NULL;
	struct gx_stmt *st;
	int64_t vid, inviter;
	int rc, outside = 0, before = 0, same = 0, invited = 0;
	char state[16];
	json_t *d;

	*out = NULL;
	if (!a->staff && a->id != invitee_id)
		return gx_err_set(err, GX_NOPERM, "member '%s' may accept "
		    "invites only for themself", a->handle);
	code_fold(code, c);
	gx_time_format(now, at);
	st = gx_db_prepare(db, "SELECT v.id, v.inviter_id, v.state, "
	    "v.expires_at <= $2, "
	    "CASE WHEN c.id IS NULL THEN 0 WHEN $2 < c.starts_at OR "
	    "$2 > c.ends_at THEN 1 ELSE 0 END, "
	    "(SELECT w.created_at < v.created_at FROM users w WHERE w.id = $3), "
	    /* the same person under another handle: their phone or e-mail */
	    "(SELECT count(*) FROM users w JOIN users i ON i.id = v.inviter_id "
	    "WHERE w.id = $3 AND (w.phone = i.phone OR lower(w.email) = "
	    "lower(i.email))), "
	    /* a member is credited to one inviter only */
	    "(SELECT count(*) FROM invites x WHERE x.invitee_id = $3) "
	    "FROM invites v LEFT JOIN campaigns c ON c.id = v.campaign_id "
	    "WHERE v.code = $1", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, c);
	gx_stmt_bind_text(st, 2, at);
	gx_stmt_bind_int(st, 3, invitee_id);
	if ((rc = gx_stmt_step(st, err)) < 0)
		return err->code;
	if (rc == 0)
		return gx_err_set(err, GX_DATAERR, "invite '%s' refused: "
		    "unknown (no such code)", c);
	vid = gx_stmt_int(st, 0);
	inviter = gx_stmt_int(st, 1);
	snprintf(state, sizeof state, "%s", gx_stmt_text(st, 2));
	rc = (int)gx_stmt_int(st, 3);
	outside = (int)gx_stmt_int(st, 4);
	before = (int)gx_stmt_int(st, 5);
	same = (int)gx_stmt_int(st, 6);
	invited = (int)gx_stmt_int(st, 7);
	gx_stmt_reset(st);
	if (strcmp(state, "revoked") == 0)
		return gx_err_set(err, GX_DATAERR, "invite '%s' refused: "
		    "revoked", c);
	if (strcmp(state, "created") != 0)
		return gx_err_set(err, GX_DATAERR, "invite '%s' refused: "
		    "already-used", c);
	if (rc)
		return gx_err_set(err, GX_DATAERR, "invite '%s' refused: "
		    "expired", c);
	if (inviter == invitee_id || same)
		return gx_err_set(err, GX_DATAERR, "invite '%s' refused: "
		    "self-invite", c);
	if (invited)
		return gx_err_set(err, GX_DATAERR, "invite '%s' refused: "
		    "already-invited (the member accepted another invite)", c);
	if (before) {
		reason = "already-member";
	} else if (outside) {
		reason = "outside-window";
	} else {
		int64_t recent;

		gx_time_format(now - 3600, hour);
		st = gx_db_prepare(db, "SELECT count(*) FROM invites WHERE "
		    "inviter_id = $1 AND accepted_at > $2 AND accepted_at <= $3",
		    err);
		if (st == NULL)
			return err->code;
		gx_stmt_bind_int(st, 1, inviter);
		gx_stmt_bind_text(st, 2, hour);
		gx_stmt_bind_text(st, 3, at);
		if (gx_stmt_step(st, err) < 0)
			return err->code;
		recent = gx_stmt_int(st, 0);
		gx_stmt_reset(st);
		if (recent >= burst_limit())
			reason = "burst";
	}
	st = gx_db_prepare(db, "UPDATE invites SET state = $2, reason = $3, "
	    "invitee_id = $4, accepted_at = $5, updated_at = $5 WHERE id = $1",
	    err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, vid);
	gx_stmt_bind_text(st, 2, reason ? "flagged" : "accepted");
	gx_stmt_bind_text(st, 3, reason);
	gx_stmt_bind_int(st, 4, invitee_id);
	gx_stmt_bind_text(st, 5, at);
	if (gx_stmt_step(st, err) < 0)
		return err->code;
	if (!before) {
		st = gx_db_prepare(db, "UPDATE users SET invited_by = $2 WHERE "
		    "id = $1 AND invited_by IS NULL", err);
		if (st == NULL)
			return err->code;
		gx_stmt_bind_int(st, 1, invitee_id);
		gx_stmt_bind_int(st, 2, inviter);
		if (gx_stmt_step(st, err) < 0)
			return err->code;
	}
	d = json_pack("{s:I, s:s, s:s?}", "invitee_id", (json_int_t)invitee_id,
	    "state", reason ? "flagged" : "accepted", "reason", reason);
	rc = gx_audit_log(db, now, a->label, "accept", "invite", c, d, err);
	json_decref(d);
	if (rc != 0)
		return rc;
	*out = gx_invite_get(db, c, now, err);
	return *out ? 0 : err->code;
}

int
gx_invite_list(struct gx_db *db, const struct gx_invite_filter *f,
    int64_t now, void (*fn)(json_t *rec, void *ctx), void *ctx,
    struct gx_err *err)
{
	char at[GX_TIME_LEN], h[GX_HANDLE_MAX + 1];
	struct gx_stmt *st;
	int rc, n = 0;

	st = gx_db_prepare(db, "SELECT * FROM (" INVITE_SELECT ") x "
	    "WHERE ($2 IS NULL OR inviter = $2) AND ($3 IS NULL OR campaign = $3) "
	    "AND ($4 IS NULL OR state = $4) AND ($5 IS NULL OR channel = $5) "
	    "ORDER BY id LIMIT $6", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, gx_time_format(now, at));
	if (f->inviter != NULL && gx_handle_normalize(f->inviter, h) == 0)
		gx_stmt_bind_text(st, 2, h);
	else
		gx_stmt_bind_text(st, 2, f->inviter);
	gx_stmt_bind_text(st, 3, f->campaign);
	gx_stmt_bind_text(st, 4, f->state);
	gx_stmt_bind_text(st, 5, f->channel);
	gx_stmt_bind_int(st, 6, f->limit > 0 ? f->limit : INT64_MAX);
	while ((rc = gx_stmt_step(st, err)) == 1) {
		json_t *rec = invite_record(st);

		fn(rec, ctx);
		json_decref(rec);
		n++;
	}
	if (rc < 0)
		return err->code;
	return n ? 0 : GX_NOTFOUND;
}

/* Load an invite for a change: its id, inviter and effective state. */
static json_t *
invite_for_change(struct gx_db *db, const char *code, int64_t now,
    struct gx_err *err)
{
	json_t *cur = gx_invite_get(db, code, now, err);

	if (cur == NULL && err->code == GX_NOTFOUND)
		err->code = GX_DATAERR;
	return cur;
}

static int
set_state(struct gx_db *db, const struct gx_actor *a, json_t *cur,
    const char *state, const char *reason, const char *note,
    const char *action, int64_t now, json_t **out, struct gx_err *err)
{
	const char *code = json_string_value(json_object_get(cur, "code"));
	char at[GX_TIME_LEN];
	struct gx_stmt *st;
	json_t *d;
	int rc;

	st = gx_db_prepare(db, "UPDATE invites SET state = $2, reason = $3, "
	    "note = coalesce($4, note), updated_at = $5 WHERE code = $1", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, code);
	gx_stmt_bind_text(st, 2, state);
	gx_stmt_bind_text(st, 3, reason);
	gx_stmt_bind_text(st, 4, note);
	gx_stmt_bind_text(st, 5, gx_time_format(now, at));
	if (gx_stmt_step(st, err) < 0)
		return err->code;
	d = json_pack("{s:s, s:s?, s:s?}", "state", state, "reason", reason,
	    "note", note);
	rc = gx_audit_log(db, now, a->label, action, "invite", code, d, err);
	json_decref(d);
	if (rc != 0)
		return rc;
	*out = gx_invite_get(db, code, now, err);
	return *out ? 0 : err->code;
}

int
gx_invite_revoke(struct gx_db *db, const struct gx_actor *a,
    const char *code, int64_t now, json_t **out, const char **result,
    struct gx_err *err)
{
	json_t *cur = invite_for_change(db, code, now, err);
	const char *state, *c;
	int rc;

	*out = NULL;
	if (cur == NULL)
		return err->code;
	state = json_string_value(json_object_get(cur, "state"));
	c = json_string_value(json_object_get(cur, "code"));
	if (!a->staff && strcmp(a->handle, json_string_value(
	    json_object_get(cur, "inviter"))) != 0) {
		json_decref(cur);
		return gx_err_set(err, GX_NOPERM, "only the inviter or staff "
		    "may revoke invite '%s'", code);
	}
	if (strcmp(state, "revoked") == 0) {
		*result = "unchanged";
		*out = cur;
		return 0;
	}
	if (strcmp(state, "created") != 0 && strcmp(state, "expired") != 0) {
		rc = gx_err_set(err, GX_DATAERR, "invite '%s' is %s; only an "
		    "unused invite can be revoked", c, state);
		json_decref(cur);
		return rc;
	}
	rc = set_state(db, a, cur, "revoked", NULL, NULL, "revoke", now, out,
	    err);
	json_decref(cur);
	*result = "revoked";
	return rc;
}

int
gx_invite_flag(struct gx_db *db, const struct gx_actor *a,
    const char *code, int flag, const char *reason, const char *note,
    int64_t now, json_t **out, const char **result, struct gx_err *err)
{
	const char *state, *c;
	json_t *cur;
	int rc;

	*out = NULL;
	if (!a->staff)
		return gx_err_set(err, GX_NOPERM, "only staff may %s invites",
		    flag ? "flag" : "unflag");
	if ((cur = invite_for_change(db, code, now, err)) == NULL)
		return err->code;
	state = json_string_value(json_object_get(cur, "state"));
	c = json_string_value(json_object_get(cur, "code"));
	if (strcmp(state, flag ? "flagged" : "accepted") == 0) {
		*result = "unchanged";
		*out = cur;
		return 0;
	}
	if (strcmp(state, flag ? "accepted" : "flagged") != 0) {
		rc = gx_err_set(err, GX_DATAERR, "invite '%s' is %s; only %s "
		    "invites can be %s", c, state, flag ? "accepted" :
		    "flagged", flag ? "flagged" : "unflagged");
		json_decref(cur);
		return rc;
	}
	rc = set_state(db, a, cur, flag ? "flagged" : "accepted",
	    flag ? (reason ? reason : "staff") : NULL, note,
	    flag ? "flag" : "unflag", now, out, err);
	json_decref(cur);
	*result = flag ? "flagged" : "unflagged";
	return rc;
}

#define STATS_COLS \
	"count(*), " \
	"sum(CASE WHEN v.state = 'accepted' THEN 1 ELSE 0 END), " \
	"sum(CASE WHEN v.state = 'flagged' THEN 1 ELSE 0 END), " \
	"sum(CASE WHEN v.state = 'created' AND v.expires_at <= $1 " \
	"THEN 1 ELSE 0 END), " \
	"sum(CASE WHEN v.state = 'revoked' THEN 1 ELSE 0 END), " \
	"count(DISTINCT v.inviter_id) FROM invites v " \
	"JOIN users u ON u.id = v.inviter_id " \
	"LEFT JOIN campaigns c ON c.id = v.campaign_id " \
	"WHERE ($2 IS NULL OR c.slug = $2) "

int
gx_invite_stats(struct gx_db *db, const char *campaign, const char *by,
    int64_t now, void (*fn)(json_t *rec, void *ctx), void *ctx,
    struct gx_err *err)
{
	static const struct { const char *by, *sql; } q[] = {
		{ NULL, "SELECT 'all', " STATS_COLS },
		{ "inviter", "SELECT u.handle, " STATS_COLS
		  "GROUP BY u.handle ORDER BY u.handle" },
		{ "channel", "SELECT v.channel, " STATS_COLS
		  "GROUP BY v.channel ORDER BY v.channel" },
		{ "day", "SELECT substr(v.created_at, 1, 10), " STATS_COLS
		  "GROUP BY substr(v.created_at, 1, 10) "
		  "ORDER BY substr(v.created_at, 1, 10)" },
	};
	char at[GX_TIME_LEN];
	struct gx_stmt *st = NULL;
	int rc, n = 0;

	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
		if ((by == NULL && q[i].by == NULL) ||
		    (by != NULL && q[i].by != NULL && strcmp(by, q[i].by) == 0))
			st = gx_db_prepare(db, q[i].sql, err);
	if (st == NULL)
		return err->code ? err->code : gx_err_set(err, GX_USAGE,
		    "--by must be inviter, channel or day");
	gx_stmt_bind_text(st, 1, gx_time_format(now, at));
	gx_stmt_bind_text(st, 2, campaign);
	while ((rc = gx_stmt_step(st, err)) == 1) {
		int64_t sent = gx_stmt_int(st, 1), acc = gx_stmt_int(st, 2);
		int64_t inviters = gx_stmt_int(st, 6);
		json_t *rec;

		if (sent == 0)
			continue;	/* the ungrouped row of no invites */
		rec = json_pack("{s:s, s:s?, s:s, s:s, s:I, s:I, s:I, s:I, s:I, "
		    "s:I, s:f, s:f}", "type", "invite-stats", "campaign",
		    campaign, "by", by ? by : "all", "key",
		    gx_stmt_text(st, 0), "sent", (json_int_t)sent, "accepted",
		    (json_int_t)acc, "flagged", (json_int_t)gx_stmt_int(st, 3),
		    "expired", (json_int_t)gx_stmt_int(st, 4), "revoked",
		    (json_int_t)gx_stmt_int(st, 5), "inviters",
		    (json_int_t)inviters, "conversion",
		    (double)acc / (double)sent, "k_factor",
		    inviters ? (double)acc / (double)inviters : 0.0);
		fn(rec, ctx);
		json_decref(rec);
		n++;
	}
	if (rc < 0)
		return err->code;
	return n ? 0 : GX_NOTFOUND;
}

int
gx_invite_leaderboard(struct gx_db *db, const char *campaign,
    int64_t min, int64_t limit, void (*fn)(json_t *rec, void *ctx),
    void *ctx, struct gx_err *err)
{
	struct gx_stmt *st;
	int rc, n = 0;

	st = gx_db_prepare(db, "WITH counted AS (SELECT v.inviter_id, "
	    "v.accepted_at, ROW_NUMBER() OVER (PARTITION BY v.inviter_id "
	    "ORDER BY v.accepted_at, v.id) AS n, COUNT(*) OVER (PARTITION BY "
	    "v.inviter_id) AS total FROM invites v LEFT JOIN campaigns c ON "
	    "c.id = v.campaign_id WHERE v.state = 'accepted' AND ($1 IS NULL "
	    "OR (c.slug = $1 AND v.accepted_at >= c.starts_at AND "
	    "v.accepted_at <= c.ends_at))) "
	    "SELECT u.handle, u.name, k.total, k.accepted_at FROM counted k "
	    "JOIN users u ON u.id = k.inviter_id WHERE k.n = k.total AND "
	    "k.total >= $2 ORDER BY k.total DESC, k.accepted_at, u.id LIMIT $3",
	    err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, campaign);
	gx_stmt_bind_int(st, 2, min > 0 ? min : 1);
	gx_stmt_bind_int(st, 3, limit > 0 ? limit : INT64_MAX);
	while ((rc = gx_stmt_step(st, err)) == 1) {
		json_t *rec = json_pack("{s:s, s:i, s:s, s:s, s:s?, s:I, s:s}",
		    "type", "leader", "rank", n + 1, "handle",
		    gx_stmt_text(st, 0), "name", gx_stmt_text(st, 1),
		    "campaign", campaign, "invites",
		    (json_int_t)gx_stmt_int(st, 2), "reached_at",
		    gx_stmt_text(st, 3));

		fn(rec, ctx);
		json_decref(rec);
		n++;
	}
	if (rc < 0)
		return err->code;
	return n ? 0 : GX_NOTFOUND;
}
