/* cert.c - certification cases: rules and SQL. */
#include "cert.h"
#include "audit.h"
#include "clock.h"
#include "media.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const gx_cert_reasons[] = { "unreadable", "name-mismatch",
    "expired-document", "not-employed", "suspected-forgery", "other", NULL };
const char *const gx_cert_fields[] = { "type", "id", "handle", "name", "kind",
    "state", "submitted_at", "due_at", "age_seconds", "overdue",
    "decided_at", "reviewer", "reason", "final", "message", "note",
    "expires_at", "company", "title", "previous", "docs", "result", NULL };
const char *const gx_cert_table[] = { "id", "handle", "name", "kind",
    "state", "submitted_at", "due_at", "overdue", NULL };

static const char *const doc_kinds[] = { "id-card", "business-card",
    "employment", "other", NULL };
static const char *const doc_types[] = { "image/jpeg", "image/png",
    "image/webp", "application/pdf", NULL };

#define CASE_SELECT \
	"SELECT c.id, u.handle, u.name, c.kind, CASE WHEN c.state = " \
	"'approved' AND c.expires_at <= $1 THEN 'expired' ELSE c.state END " \
	"AS state, c.submitted_at, c.due_at, c.decided_at, c.reviewer, " \
	"c.reason, c.final, c.message, c.note, c.expires_at, c.company, " \
	"c.title, c.previous_id AS previous, c.user_id FROM cert_cases c " \
	"JOIN users u ON u.id = c.user_id "

int64_t
gx_cert_sla(void)
{
	const char *e = getenv("GX_CERT_SLA");
	int64_t d;

	if (e != NULL && gx_duration_parse(e, &d) == 0 && d > 0)
		return d;
	return GX_CERT_SLA;
}

const char *
gx_credit_band(int64_t score)
{
	if (score < 350 || score > 950)
		return NULL;
	return score < 550 ? "poor" : score < 600 ? "fair" : score < 650 ?
	    "good" : score < 700 ? "very-good" : "excellent";
}

static int
in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

int
gx_cert_doc_parse(const char *spec, struct gx_cert_doc_in *d,
    struct gx_err *err)
{
	const char *eq = strchr(spec, '=');
	size_t n = eq ? (size_t)(eq - spec) : 0;

	if (eq == NULL || n == 0 || n >= sizeof d->kind || eq[1] == '\0')
		return gx_err_set(err, GX_USAGE, "--doc takes KIND=FILE, not "
		    "'%s'", spec);
	memcpy(d->kind, spec, n);
	d->kind[n] = '\0';
	if (!in_list(doc_kinds, d->kind))
		return gx_err_set(err, GX_USAGE, "unknown document kind '%s' "
		    "(id-card, business-card, employment, other)", d->kind);
	d->path = eq + 1;
	return 0;
}

/* A case row into a record; the note only for staff. */
static json_t *
case_record(struct gx_stmt *st, const struct gx_actor *a, int64_t now)
{
	json_t *rec = json_object();
	int64_t sub = 0, due = 0;
	const char *state;

	json_object_set_new(rec, "type", json_string("cert"));
	gx_stmt_row_into(st, rec, 17);	/* all but user_id */
	if (!a->staff)
		json_object_del(rec, "note");
	gx_time_parse(gx_stmt_text(st, 5), 0, &sub);
	gx_time_parse(gx_stmt_text(st, 6), 0, &due);
	state = gx_stmt_text(st, 4);
	json_object_set_new(rec, "age_seconds", json_integer(now - sub));
	json_object_set_new(rec, "overdue", json_boolean(strcmp(state,
	    "open") == 0 && now > due));
	if (!json_is_null(json_object_get(rec, "final")))
		json_object_set_new(rec, "final", json_boolean(
		    json_integer_value(json_object_get(rec, "final"))));
	return rec;
}

static json_t *
docs_of(struct gx_db *db, int64_t id, struct gx_err *err)
{
	struct gx_stmt *st = gx_db_prepare(db, "SELECT kind, sha256, "
	    "media_type, size FROM cert_docs WHERE case_id = $1 ORDER BY id",
	    err);
	json_t *arr;
	int rc;

	if (st == NULL)
		return NULL;
	gx_stmt_bind_int(st, 1, id);
	arr = json_array();
	while ((rc = gx_stmt_step(st, err)) == 1)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:I}",
		    "kind", gx_stmt_text(st, 0), "sha256", gx_stmt_text(st, 1),
		    "type", gx_stmt_text(st, 2), "size",
		    (json_int_t)gx_stmt_int(st, 3)));
	if (rc < 0) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

json_t *
gx_cert_get(struct gx_db *db, const struct gx_actor *a, int64_t id,
    int64_t now, struct gx_err *err)
{
	char at[GX_TIME_LEN];
	struct gx_stmt *st;
	json_t *rec = NULL, *docs;
	int64_t owner = 0;
	int rc;

	st = gx_db_prepare(db, CASE_SELECT "WHERE c.id = $2", err);
	if (st == NULL)
		return NULL;
	gx_stmt_bind_text(st, 1, gx_time_format(now, at));
	gx_stmt_bind_int(st, 2, id);
	if ((rc = gx_stmt_step(st, err)) == 1) {
		owner = gx_stmt_int(st, 17);
		rec = case_record(st, a, now);
	}
	gx_stmt_reset(st);
	if (rc == 0 || (rec != NULL && !a->staff && a->id != owner)) {
		/* Another member's case does not exist for them. */
		json_decref(rec);
		gx_err_set(err, GX_NOTFOUND, "no certification case %lld",
		    (long long)id);
		return NULL;
	}
	if (rec == NULL)
		return NULL;
	if ((docs = docs_of(db, id, err)) == NULL) {
		json_decref(rec);
		return NULL;
	}
	json_object_set_new(rec, "docs", docs);
	return rec;
}

/* The member's latest case of a kind: its id and state ("" if none). */
static int
latest_case(struct gx_db *db, int64_t uid, const char *kind, int64_t now,
    int64_t *id, char *state, int *final, char *expires,
    struct gx_err *err)
{
	char at[GX_TIME_LEN];
	struct gx_stmt *st = gx_db_prepare(db, "SELECT id, CASE WHEN state = "
	    "'approved' AND expires_at <= $3 THEN 'expired' ELSE state END, "
	    "final, expires_at FROM cert_cases WHERE user_id = $1 AND kind = "
	    "$2 ORDER BY id DESC LIMIT 1", err);
	int rc;

	*id = 0;
	state[0] = '\0';
	*final = 0;
	expires[0] = '\0';
	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, uid);
	gx_stmt_bind_text(st, 2, kind);
	gx_stmt_bind_text(st, 3, gx_time_format(now, at));
	if ((rc = gx_stmt_step(st, err)) < 0)
		return err->code;
	if (rc == 1) {
		*id = gx_stmt_int(st, 0);
		snprintf(state, 16, "%s", gx_stmt_text(st, 1));
		*final = (int)gx_stmt_int(st, 2);
		snprintf(expires, GX_TIME_LEN, "%s", gx_stmt_text(st, 3) ?
		    gx_stmt_text(st, 3) : "");
	}
	gx_stmt_reset(st);
	return 0;
}

/*
 * What the member still lacks for a badge of this kind, as a JSON array of
 * sentences (empty: nothing).  docs: the kinds of document the case has
 * (NULL: not looking at documents).
 */
static json_t *
missing_for(struct gx_db *db, json_t *user, const char *kind,
    const json_t *docs, int64_t now, struct gx_err *err)
{
	json_t *miss = json_array();
	int64_t uid = json_integer_value(json_object_get(user, "id")), id;
	char state[16], expires[GX_TIME_LEN];
	int final, has_id = 0, has_job = 0;
	size_t i;
	json_t *d;

	if (strcmp(kind, "professional") == 0) {
		if (latest_case(db, uid, "realname", now, &id, state, &final,
		    expires, err) != 0) {
			json_decref(miss);
			return NULL;
		}
		if (strcmp(state, "approved") != 0)
			json_array_append_new(miss, json_string("an approved "
			    "real-name check"));
		if (!json_is_true(json_object_get(user, "employed")) ||
		    json_is_null(json_object_get(user, "company")) ||
		    json_is_null(json_object_get(user, "title")))
			json_array_append_new(miss, json_string("a current job "
			    "on the profile (employed, company and title)"));
	}
	if (docs == NULL)
		return miss;
	json_array_foreach(docs, i, d) {
		const char *k = json_string_value(d);

		has_id |= strcmp(k, "id-card") == 0;
		has_job |= strcmp(k, "business-card") == 0 ||
		    strcmp(k, "employment") == 0;
	}
	if (!has_id)
		json_array_append_new(miss, json_string("an id-card document"));
	if (strcmp(kind, "professional") == 0 && !has_job)
		json_array_append_new(miss, json_string("a business-card or "
		    "employment document"));
	return miss;
}

static int
refuse_missing(json_t *miss, const char *what, struct gx_err *err)
{
	char buf[400] = "";
	size_t i, n = 0;
	json_t *m;

	json_array_foreach(miss, i, m)
		n += (size_t)snprintf(buf + n, n < sizeof buf ? sizeof buf - n :
		    0, "%s%s", i ? "; " : "", json_string_value(m));
	return gx_err_set(err, GX_DATAERR, "%s needs %s", what, buf);
}

int
gx_cert_submit(struct gx_db *db, const struct gx_actor *a,
    const char *handle, const char *kind, const struct gx_cert_doc_in *docs,
    int ndocs, int64_t now, json_t **out, struct gx_err *err)
{
	char at[GX_TIME_LEN], due[GX_TIME_LEN], state[16], expires[GX_TIME_LEN];
	json_t *user, *kinds = NULL, *miss = NULL, *d;
	struct gx_media stored[GX_CERT_MAX_DOCS];
	struct gx_stmt *st;
	int64_t uid, prev, id;
	int final, rc, nstored = 0;

	*out = NULL;
	if (strcmp(kind, "realname") != 0 && strcmp(kind, "professional") != 0)
		return gx_err_set(err, GX_USAGE, "--kind must be realname or "
		    "professional");
	if ((user = gx_user_get(db, handle, err)) == NULL)
		return err->code == GX_NOTFOUND ? (err->code = GX_DATAERR) :
		    err->code;
	uid = json_integer_value(json_object_get(user, "id"));
	if (!a->staff && a->id != uid) {
		json_decref(user);
		return gx_err_set(err, GX_NOPERM, "member '%s' may submit only "
		    "their own certification", a->handle);
	}
	rc = latest_case(db, uid, kind, now, &prev, state, &final, expires, err);
	if (rc == 0 && strcmp(state, "open") == 0)
		rc = gx_err_set(err, GX_DATAERR, "member '%s' already has an open "
		    "%s case (%lld)", handle, kind, (long long)prev);
	else if (rc == 0 && strcmp(state, "approved") == 0)
		rc = gx_err_set(err, GX_DATAERR, "member '%s' is certified "
		    "(%s) until %s", handle, kind, expires);
	else if (rc == 0 && strcmp(state, "rejected") == 0 && final)
		rc = gx_err_set(err, GX_DATAERR, "the %s case of member '%s' was "
		    "rejected for good (case %lld)", kind, handle,
		    (long long)prev);
	if (rc != 0)
		goto out;
	kinds = json_array();
	for (int i = 0; i < ndocs; i++)
		json_array_append_new(kinds, json_string(docs[i].kind));
	if ((miss = missing_for(db, user, kind, kinds, now, err)) == NULL) {
		rc = err->code;
		goto out;
	}
	if (json_array_size(miss) > 0) {
		rc = refuse_missing(miss, strcmp(kind, "realname") == 0 ?
		    "a real-name case" : "a professional case", err);
		goto out;
	}
	gx_time_format(now, at);
	gx_time_format(now + gx_cert_sla(), due);
	st = gx_db_prepare(db, "INSERT INTO cert_cases (user_id, kind, state, "
	    "submitted_at, due_at, previous_id) VALUES ($1, $2, 'open', $3, $4, "
	    "$5) RETURNING id", err);
	if (st == NULL) {
		rc = err->code;
		goto out;
	}
	gx_stmt_bind_int(st, 1, uid);
	gx_stmt_bind_text(st, 2, kind);
	gx_stmt_bind_text(st, 3, at);
	gx_stmt_bind_text(st, 4, due);
	if (prev > 0)
		gx_stmt_bind_int(st, 5, prev);
	if ((rc = gx_stmt_step(st, err)) != 1) {
		rc = rc < 0 ? err->code : GX_SOFTWARE;
		goto out;
	}
	id = gx_stmt_int(st, 0);
	gx_stmt_reset(st);
	for (int i = 0; i < ndocs && i < GX_CERT_MAX_DOCS; i++) {
		struct gx_media *m = &stored[nstored];

		if ((rc = gx_media_store(db, docs[i].path, doc_types, m,
		    err)) != 0)
			goto out;
		nstored++;
		st = gx_db_prepare(db, "INSERT INTO cert_docs (case_id, kind, "
		    "sha256, media_type, size) VALUES ($1, $2, $3, $4, $5)", err);
		if (st == NULL) {
			rc = err->code;
			goto out;
		}
		gx_stmt_bind_int(st, 1, id);
		gx_stmt_bind_text(st, 2, docs[i].kind);
		gx_stmt_bind_text(st, 3, m->sha256);
		gx_stmt_bind_text(st, 4, m->type);
		gx_stmt_bind_int(st, 5, m->size);
		if (gx_stmt_step(st, err) < 0) {
			rc = err->code;
			goto out;
		}
	}
	{
		char eid[32];

		snprintf(eid, sizeof eid, "%lld", (long long)id);
		d = json_pack("{s:s, s:s, s:O}", "handle", json_string_value(
		    json_object_get(user, "handle")), "kind", kind, "docs",
		    kinds);
		rc = gx_audit_log(db, now, a->label, "submit", "cert", eid, d,
		    err);
		json_decref(d);
	}
	if (rc == 0 && (*out = gx_cert_get(db, a, id, now, err)) == NULL)
		rc = err->code;
out:
	/* A refused submit stores nothing: not even the scans. */
	if (rc != 0)
		gx_media_forget(db, stored, nstored);
	json_decref(miss);
	json_decref(kinds);
	json_decref(user);
	return rc;
}

int
gx_cert_queue(struct gx_db *db, const struct gx_actor *a,
    const char *kind, int64_t due_by, int64_t now,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err)
{
	char at[GX_TIME_LEN], by[GX_TIME_LEN];
	struct gx_stmt *st;
	int rc, n = 0;

	st = gx_db_prepare(db, CASE_SELECT "WHERE c.state = 'open' AND "
	    "($2 IS NULL OR c.kind = $2) AND ($3 IS NULL OR c.due_at <= $3) "
	    "AND ($4 IS NULL OR c.user_id = $4) ORDER BY c.submitted_at, c.id",
	    err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, gx_time_format(now, at));
	gx_stmt_bind_text(st, 2, kind);
	if (due_by > 0)
		gx_stmt_bind_text(st, 3, gx_time_format(due_by, by));
	if (!a->staff)
		gx_stmt_bind_int(st, 4, a->id);
	while ((rc = gx_stmt_step(st, err)) == 1) {
		json_t *rec = case_record(st, a, now);

		fn(rec, ctx);
		json_decref(rec);
		n++;
	}
	if (rc < 0)
		return err->code;
	return n ? 0 : GX_NOTFOUND;
}

/* Load a case for a decision: staff only, never one's own. */
static json_t *
case_for_decision(struct gx_db *db, const struct gx_actor *a, int64_t id,
    int64_t now, json_t **user, struct gx_err *err)
{
	json_t *c;

	*user = NULL;
	if (!a->staff) {
		gx_err_set(err, GX_NOPERM, "only staff decide certification "
		    "cases");
		return NULL;
	}
	if ((c = gx_cert_get(db, a, id, now, err)) == NULL) {
		if (err->code == GX_NOTFOUND)
			err->code = GX_DATAERR;
		return NULL;
	}
	if ((*user = gx_user_get(db, json_string_value(json_object_get(c,
	    "handle")), err)) == NULL) {
		json_decref(c);
		return NULL;
	}
	if (a->id != 0 && json_integer_value(json_object_get(*user, "id")) ==
	    a->id) {
		gx_err_set(err, GX_NOPERM, "nobody decides their own case "
		    "(%lld)", (long long)id);
		json_decref(c);
		json_decref(*user);
		*user = NULL;
		return NULL;
	}
	return c;
}

static int
decide(struct gx_db *db, const struct gx_actor *a, int64_t id,
    const char *state, const char *reason, int final, const char *message,
    const char *note, int64_t expires, json_t *user, const char *action,
    int professional, int64_t now, json_t **out, struct gx_err *err)
{
	char at[GX_TIME_LEN], exp[GX_TIME_LEN], eid[32];
	struct gx_stmt *st;
	json_t *d;
	int rc;

	gx_time_format(now, at);
	st = gx_db_prepare(db, "UPDATE cert_cases SET state = $2, decided_at = "
	    "coalesce($3, decided_at), reviewer = coalesce($4, reviewer), "
	    "reason = $5, final = $6, message = $7, note = coalesce($8, note), "
	    "expires_at = CASE WHEN $2 = 'revoked' THEN expires_at ELSE $9 END, "
	    "company = CASE WHEN $2 = 'revoked' THEN company ELSE $10 END, "
	    "title = CASE WHEN $2 = 'revoked' THEN title ELSE $11 END "
	    "WHERE id = $1", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, id);
	gx_stmt_bind_text(st, 2, state);
	gx_stmt_bind_text(st, 3, strcmp(action, "revoke") ? at : NULL);
	gx_stmt_bind_text(st, 4, strcmp(action, "revoke") ? a->label : NULL);
	gx_stmt_bind_text(st, 5, reason);
	if (strcmp(state, "rejected") == 0)
		gx_stmt_bind_int(st, 6, final);
	gx_stmt_bind_text(st, 7, message);
	gx_stmt_bind_text(st, 8, note);
	if (expires > 0)
		gx_stmt_bind_text(st, 9, gx_time_format(now + expires, exp));
	/* The job certified: what the badge shows, whatever the profile
	 * says later. */
	if (strcmp(state, "approved") == 0 && json_is_string(json_object_get(
	    user, "company")) && strcmp(action, "approve") == 0 &&
	    professional) {
		gx_stmt_bind_text(st, 10, json_string_value(json_object_get(user,
		    "company")));
		gx_stmt_bind_text(st, 11, json_string_value(json_object_get(user,
		    "title")));
	}
	if (gx_stmt_step(st, err) < 0)
		return err->code;
	snprintf(eid, sizeof eid, "%lld", (long long)id);
	d = json_pack("{s:s, s:s?, s:s?, s:s?}", "state", state, "reason",
	    reason, "message", message, "note", note);
	rc = gx_audit_log(db, now, a->label, action, "cert", eid, d, err);
	json_decref(d);
	if (rc != 0)
		return rc;
	*out = gx_cert_get(db, a, id, now, err);
	return *out ? 0 : err->code;
}

int
gx_cert_approve(struct gx_db *db, const struct gx_actor *a, int64_t id,
    int64_t expires, const char *note, int64_t now, json_t **out,
    const char **result, struct gx_err *err)
{
	json_t *c, *user, *kinds, *miss, *d;
	const char *state, *kind;
	size_t i;
	int rc;

	*out = NULL;
	if ((c = case_for_decision(db, a, id, now, &user, err)) == NULL)
		return err->code;
	state = json_string_value(json_object_get(c, "state"));
	kind = json_string_value(json_object_get(c, "kind"));
	if (strcmp(state, "approved") == 0) {
		*result = "unchanged";
		*out = c;
		json_decref(user);
		return 0;
	}
	if (strcmp(state, "open") != 0) {
		rc = gx_err_set(err, GX_DATAERR, "case %lld is %s; only an open "
		    "case can be approved", (long long)id, state);
		goto out;
	}
	/* The rules hold at approval too: the profile may have changed. */
	kinds = json_array();
	json_array_foreach(json_object_get(c, "docs"), i, d)
		json_array_append(kinds, json_object_get(d, "kind"));
	miss = missing_for(db, user, kind, kinds, now, err);
	json_decref(kinds);
	if (miss == NULL) {
		rc = err->code;
		goto out;
	}
	if (json_array_size(miss) > 0) {
		rc = refuse_missing(miss, "approving it", err);
		json_decref(miss);
		goto out;
	}
	json_decref(miss);
	rc = decide(db, a, id, "approved", NULL, 0, NULL, note, expires > 0 ?
	    expires : GX_CERT_EXPIRES, user, "approve",
	    strcmp(kind, "professional") == 0, now, out, err);
	*result = "approved";
out:
	json_decref(c);
	json_decref(user);
	return rc;
}

int
gx_cert_reject(struct gx_db *db, const struct gx_actor *a, int64_t id,
    const char *reason, int final, const char *message, const char *note,
    int64_t now, json_t **out, const char **result, struct gx_err *err)
{
	json_t *c, *user;
	const char *state;
	int rc;

	*out = NULL;
	if (reason == NULL || !in_list(gx_cert_reasons, reason))
		return gx_err_set(err, GX_USAGE, "--reason must be one of "
		    "unreadable, name-mismatch, expired-document, not-employed, "
		    "suspected-forgery, other");
	if ((c = case_for_decision(db, a, id, now, &user, err)) == NULL)
		return err->code;
	state = json_string_value(json_object_get(c, "state"));
	if (strcmp(state, "rejected") == 0) {
		*result = "unchanged";
		*out = c;
		json_decref(user);
		return 0;
	}
	if (strcmp(state, "open") != 0) {
		rc = gx_err_set(err, GX_DATAERR, "case %lld is %s; only an open "
		    "case can be rejected", (long long)id, state);
	} else {
		rc = decide(db, a, id, "rejected", reason, final, message, note,
		    0, user, "reject", 0, now, out, err);
		*result = "rejected";
	}
	json_decref(c);
	json_decref(user);
	return rc;
}

int
gx_cert_revoke(struct gx_db *db, const struct gx_actor *a, int64_t id,
    const char *note, int64_t now, json_t **out, const char **result,
    struct gx_err *err)
{
	json_t *c, *user;
	const char *state;
	int rc;

	*out = NULL;
	if ((c = case_for_decision(db, a, id, now, &user, err)) == NULL)
		return err->code;
	state = json_string_value(json_object_get(c, "state"));
	if (strcmp(state, "revoked") == 0) {
		*result = "unchanged";
		*out = c;
		json_decref(user);
		return 0;
	}
	if (strcmp(state, "approved") != 0 && strcmp(state, "expired") != 0) {
		rc = gx_err_set(err, GX_DATAERR, "case %lld is %s; only an "
		    "approved case can be revoked", (long long)id, state);
	} else {
		rc = decide(db, a, id, "revoked", NULL, 0, NULL, note, 0, user,
		    "revoke", 0, now, out, err);
		*result = "revoked";
	}
	json_decref(c);
	json_decref(user);
	return rc;
}

/* One badge of a status: the latest case's state, or what is missing. */
static json_t *
badge(struct gx_db *db, json_t *user, const char *kind, int64_t now,
    struct gx_err *err)
{
	char state[16], expires[GX_TIME_LEN];
	int64_t id;
	int final;
	json_t *b, *miss;

	if (latest_case(db, json_integer_value(json_object_get(user, "id")),
	    kind, now, &id, state, &final, expires, err) != 0)
		return NULL;
	b = json_pack("{s:b, s:s?}", "certified", strcmp(state, "approved") ==
	    0, "state", state[0] ? state : NULL);
	json_object_set_new(b, "case", id ? json_integer(id) : json_null());
	if (strcmp(state, "approved") == 0) {
		json_object_set_new(b, "expires_at", json_string(expires));
		return b;
	}
	if (strcmp(state, "open") == 0) {
		json_object_set_new(b, "missing", json_pack("[s]", "the review "
		    "of the open case"));
		return b;
	}
	if ((miss = missing_for(db, user, kind, NULL, now, err)) == NULL) {
		json_decref(b);
		return NULL;
	}
	if (strcmp(state, "rejected") == 0 && final)
		json_array_append_new(miss, json_string("nothing more: the last "
		    "case was rejected for good"));
	else
		json_array_append_new(miss, json_string(strcmp(kind,
		    "realname") == 0 ? "a real-name case with an id-card "
		    "document" : "a professional case with an id-card and a "
		    "business-card or employment document"));
	json_object_set_new(b, "missing", miss);
	return b;
}

json_t *
gx_cert_status(struct gx_db *db, const struct gx_actor *a,
    const char *handle, int64_t now, struct gx_err *err)
{
	json_t *user, *rn, *pro, *rec;

	if ((user = gx_user_get(db, handle, err)) == NULL)
		return NULL;
	if (!a->staff && a->id != json_integer_value(json_object_get(user,
	    "id"))) {
		json_decref(user);
		gx_err_set(err, GX_NOPERM, "member '%s' may see only their own "
		    "certification status", a->handle);
		return NULL;
	}
	rn = badge(db, user, "realname", now, err);
	pro = rn ? badge(db, user, "professional", now, err) : NULL;
	if (pro == NULL) {
		json_decref(rn);
		json_decref(user);
		return NULL;
	}
	rec = json_pack("{s:s, s:O, s:O, s:o, s:o}", "type", "cert-status",
	    "id", json_object_get(user, "id"), "handle", json_object_get(user,
	    "handle"), "realname", rn, "professional", pro);
	json_decref(user);
	return rec;
}

int
gx_cert_badges(struct gx_db *db, const struct gx_actor *a, json_t *rec,
    int64_t now, struct gx_err *err)
{
	const char *handle = json_string_value(json_object_get(rec, "handle"));
	char at[GX_TIME_LEN], h[GX_HANDLE_MAX + 1];
	struct gx_stmt *st;
	int rc, rn = 0, pro = 0;

	if (handle == NULL || gx_handle_normalize(handle, h) != 0)
		return gx_err_set(err, GX_DATAERR, "no handle in record");
	st = gx_db_prepare(db, "SELECT u.id, "
	    "(SELECT count(*) FROM cert_cases c WHERE c.user_id = u.id AND "
	    "c.kind = 'realname' AND c.state = 'approved' AND c.expires_at > "
	    "$2), "
	    "(SELECT c.id FROM cert_cases c WHERE c.user_id = u.id AND "
	    "c.kind = 'professional' AND c.state = 'approved' AND "
	    "c.expires_at > $2 ORDER BY c.id DESC LIMIT 1), "
	    "s.score, s.visible FROM users u LEFT JOIN credit_scores s ON "
	    "s.user_id = u.id WHERE u.handle = $1", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, h);
	gx_stmt_bind_text(st, 2, gx_time_format(now, at));
	if ((rc = gx_stmt_step(st, err)) < 0)
		return err->code;
	if (rc == 0)
		return gx_err_set(err, GX_DATAERR, "no member '%s'", h);
	rn = gx_stmt_int(st, 1) > 0;
	pro = gx_stmt_coltype(st, 2) != GX_COL_NULL;
	json_object_set_new(rec, "realname", json_boolean(rn));
	json_object_set_new(rec, "professional", json_boolean(pro));
	{
		int64_t uid = gx_stmt_int(st, 0), pid = gx_stmt_int(st, 2);
		int shown = gx_stmt_coltype(st, 3) != GX_COL_NULL &&
		    (gx_stmt_int(st, 4) == 1 || a->staff || a->id == uid);
		const char *band = shown ? gx_credit_band(gx_stmt_int(st, 3)) :
		    NULL;

		json_object_set_new(rec, "credit_band", band ?
		    json_string(band) : json_null());
		gx_stmt_reset(st);
		if (pro) {
			/* The job that was certified, not today's profile. */
			st = gx_db_prepare(db, "SELECT company, title FROM "
			    "cert_cases WHERE id = $1", err);
			if (st == NULL)
				return err->code;
			gx_stmt_bind_int(st, 1, pid);
			if (gx_stmt_step(st, err) == 1) {
				json_object_set_new(rec, "certified_company",
				    json_string(gx_stmt_text(st, 0) ?: ""));
				json_object_set_new(rec, "certified_title",
				    json_string(gx_stmt_text(st, 1) ?: ""));
			}
			gx_stmt_reset(st);
		}
	}
	return 0;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The p-th percentile (nearest rank) of sorted v[0..n). */
static int64_t
percentile(const int64_t *v, size_t n, int p)
{
	size_t k = (n * (size_t)p + 99) / 100;

	return n == 0 ? 0 : v[k > 0 ? k - 1 : 0];
}

json_t *
gx_cert_stats(struct gx_db *db, const struct gx_actor *a, const char *since,
    int64_t now, struct gx_err *err)
{
	char at[GX_TIME_LEN];
	struct gx_stmt *st;
	json_t *states, *reviewers, *rev, *rec = NULL;
	int64_t *turn = NULL, sub, dec, due;
	size_t n = 0, cap = 0, within = 0;
	int64_t overdue = 0;
	int rc;

	if (!a->staff) {
		gx_err_set(err, GX_NOPERM, "review statistics are for staff");
		return NULL;
	}
	gx_time_format(now, at);
	states = json_object();
	reviewers = json_object();
	st = gx_db_prepare(db, "SELECT CASE WHEN state = 'approved' AND "
	    "expires_at <= $1 THEN 'expired' ELSE state END, submitted_at, "
	    "due_at, decided_at, reviewer FROM cert_cases WHERE ($2 IS NULL OR "
	    "submitted_at >= $2) ORDER BY id", err);
	if (st == NULL)
		goto out;
	gx_stmt_bind_text(st, 1, at);
	gx_stmt_bind_text(st, 2, since);
	while ((rc = gx_stmt_step(st, err)) == 1) {
		const char *state = gx_stmt_text(st, 0);
		json_t *cnt = json_object_get(states, state);

		json_object_set_new(states, state, json_integer(cnt ?
		    json_integer_value(cnt) + 1 : 1));
		gx_time_parse(gx_stmt_text(st, 1), 0, &sub);
		gx_time_parse(gx_stmt_text(st, 2), 0, &due);
		if (strcmp(state, "open") == 0) {
			overdue += now > due;
			continue;
		}
		if (gx_stmt_text(st, 3) == NULL)
			continue;
		gx_time_parse(gx_stmt_text(st, 3), 0, &dec);
		if (n == cap)
			turn = gx_xrealloc(turn, (cap = cap ? 2 * cap : 256) *
			    sizeof *turn);
		turn[n++] = dec - sub;
		within += dec <= due;
		if (gx_stmt_text(st, 4) != NULL) {
			const char *r = gx_stmt_text(st, 4);

			rev = json_object_get(reviewers, r);
			if (rev == NULL) {
				rev = json_pack("{s:s, s:i, s:i}", "reviewer", r,
				    "decided", 0, "within_sla", 0);
				json_object_set_new(reviewers, r, rev);
			}
			json_object_set_new(rev, "decided", json_integer(
			    json_integer_value(json_object_get(rev,
			    "decided")) + 1));
			json_object_set_new(rev, "within_sla", json_integer(
			    json_integer_value(json_object_get(rev,
			    "within_sla")) + (dec <= due)));
		}
	}
	if (rc < 0)
		goto out;
	if (n > 0)
		qsort(turn, n, sizeof *turn, cmp_i64);
	rec = json_pack("{s:s, s:s?, s:I, s:O, s:I, s:I, s:I, s:I, s:f}",
	    "type", "cert-stats", "since", since, "sla_seconds",
	    (json_int_t)gx_cert_sla(), "cases", states, "overdue_now",
	    (json_int_t)overdue, "decided", (json_int_t)n,
	    "median_turnaround_seconds", (json_int_t)percentile(turn, n, 50),
	    "p90_turnaround_seconds", (json_int_t)percentile(turn, n, 90),
	    "share_within_sla", n ? (double)within / (double)n : 0.0);
	{
		json_t *arr = json_array(), *v;
		const char *k;

		json_object_foreach(reviewers, k, v)
			json_array_append(arr, v);
		json_object_set_new(rec, "reviewers", arr);
	}
out:
	free(turn);
	json_decref(states);
	json_decref(reviewers);
	return rec;
}
