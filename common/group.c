/* group.c - groups, membership, rituals: rules and SQL. */
#include "group.h"
#include "audit.h"
#include "campaign.h"
#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const gx_group_fields[] = { "type", "id", "slug", "name",
    "founder", "policy", "city", "industry", "about", "tz", "members",
    "activities", "created_at", "updated_at", "result", NULL };
const char *const gx_member_fields[] = { "type", "group", "handle", "name",
    "city", "industry", "role", "status", "joined_at", "last_post_at",
    "result", NULL };

static const char *const activities[] = { "daily-reflection", "daily-topic",
    "daily-star", "weekend-photos", NULL };

static int
one_of(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

int
gx_group_load(struct gx_db *db, const struct gx_actor *a, const char *slug,
    int lookup, struct gx_group *g, struct gx_err *err)
{
	struct gx_stmt *st = gx_db_prepare(db, "SELECT g.id, g.slug, g.policy, "
	    "g.tz, g.founder_id, m.role, m.status FROM grp g LEFT JOIN "
	    "grp_members m ON m.group_id = g.id AND m.user_id = $2 WHERE "
	    "g.slug = $1", err);
	int rc;

	memset(g, 0, sizeof *g);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, slug);
	gx_stmt_bind_int(st, 2, a->id);
	if ((rc = gx_stmt_step(st, err)) < 0)
		return err->code;
	if (rc == 0)
		return gx_err_set(err, lookup ? GX_NOTFOUND : GX_DATAERR, "no "
		    "group '%s'", slug);
	g->id = gx_stmt_int(st, 0);
	snprintf(g->slug, sizeof g->slug, "%s", gx_stmt_text(st, 1));
	snprintf(g->policy, sizeof g->policy, "%s", gx_stmt_text(st, 2));
	snprintf(g->tz, sizeof g->tz, "%s", gx_stmt_text(st, 3));
	g->founder_id = gx_stmt_int(st, 4);
	g->member = gx_stmt_text(st, 6) != NULL &&
	    strcmp(gx_stmt_text(st, 6), "active") == 0;
	g->admin = a->staff || (g->member && strcmp(gx_stmt_text(st, 5),
	    "member") != 0);
	gx_stmt_reset(st);
	return 0;
}

void
gx_group_day(const struct gx_group *g, int64_t t, char *day, int *weekday)
{
	if (gx_local_day(g->tz, t, day, weekday) != 0)
		gx_local_day("UTC", t, day, weekday);
}

json_t *
gx_group_get(struct gx_db *db, const char *slug, struct gx_err *err)
{
	struct gx_stmt *st = gx_db_prepare(db, "SELECT g.id, g.slug, g.name, "
	    "u.handle AS founder, g.policy, g.city, g.industry, g.about, g.tz, "
	    "(SELECT count(*) FROM grp_members m WHERE m.group_id = g.id AND "
	    "m.status = 'active') AS members, g.created_at, g.updated_at FROM "
	    "grp g JOIN users u ON u.id = g.founder_id WHERE g.slug = $1", err);
	json_t *rec = NULL, *row, *acts;
	int rc;

	if (st == NULL)
		return NULL;
	gx_stmt_bind_text(st, 1, slug);
	if ((rc = gx_stmt_step(st, err)) == 0) {
		gx_err_set(err, GX_NOTFOUND, "no group '%s'", slug);
		return NULL;
	}
	if (rc < 0)
		return NULL;
	row = gx_stmt_row_json(st);
	gx_stmt_reset(st);
	rec = json_pack("{s:s}", "type", "group");
	json_object_update(rec, row);
	json_decref(row);
	st = gx_db_prepare(db, "SELECT kind FROM grp_activities WHERE group_id "
	    "= $1 ORDER BY kind", err);
	if (st == NULL) {
		json_decref(rec);
		return NULL;
	}
	gx_stmt_bind_int(st, 1, json_integer_value(json_object_get(rec, "id")));
	acts = json_array();
	while ((rc = gx_stmt_step(st, err)) == 1)
		json_array_append_new(acts, json_string(gx_stmt_text(st, 0)));
	json_object_set_new(rec, "activities", acts);
	return rec;
}

int
gx_group_list(struct gx_db *db, const char *city, const char *industry,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err)
{
	struct gx_stmt *st = gx_db_prepare(db, "SELECT slug FROM grp WHERE "
	    "($1 IS NULL OR lower(city) = lower($1)) AND ($2 IS NULL OR "
	    "lower(industry) = lower($2)) ORDER BY id", err);
	json_t *slugs = json_array(), *v;
	size_t i;
	int rc;

	if (st == NULL) {
		json_decref(slugs);
		return err->code;
	}
	gx_stmt_bind_text(st, 1, city);
	gx_stmt_bind_text(st, 2, industry);
	while ((rc = gx_stmt_step(st, err)) == 1)
		json_array_append_new(slugs, json_string(gx_stmt_text(st, 0)));
	json_array_foreach(slugs, i, v) {
		json_t *g = rc < 0 ? NULL : gx_group_get(db,
		    json_string_value(v), err);

		if (g == NULL) {
			rc = -1;
			break;
		}
		fn(g, ctx);
		json_decref(g);
	}
	i = json_array_size(slugs);
	json_decref(slugs);
	if (rc < 0)
		return err->code;
	return i ? 0 : GX_NOTFOUND;
}

/* The columns of a member record (MEMBER_NCOLS of them), from members m
 * joined to their group g and user u. */
#define MEMBER_COLUMNS \
	"g.slug AS \"group\", u.handle, u.name, u.city, u.industry, m.role, " \
	"m.status, m.joined_at, (SELECT max(p.created_at) FROM posts p WHERE " \
	"p.group_id = m.group_id AND p.author_id = m.user_id AND " \
	"p.deleted_at IS NULL) AS last_post_at"
#define MEMBER_NCOLS 9
#define MEMBER_FROM \
	" FROM grp_members m JOIN grp g ON g.id = m.group_id JOIN users u ON " \
	"u.id = m.user_id "

static json_t *
member_row(struct gx_stmt *st)
{
	json_t *rec = json_pack("{s:s}", "type", "member");

	gx_stmt_row_into(st, rec, MEMBER_NCOLS);
	return rec;
}

/* The member record of user uid in group gid, or NULL. */
static json_t *
member_record(struct gx_db *db, int64_t gid, int64_t uid, struct gx_err *err)
{
	struct gx_stmt *st = gx_db_prepare(db, "SELECT " MEMBER_COLUMNS
	    MEMBER_FROM "WHERE m.group_id = $1 AND m.user_id = $2", err);
	json_t *rec = NULL;

	if (st == NULL)
		return NULL;
	gx_stmt_bind_int(st, 1, gid);
	gx_stmt_bind_int(st, 2, uid);
	if (gx_stmt_step(st, err) == 1)
		rec = member_row(st);
	gx_stmt_reset(st);
	return rec;
}

/* Write a membership row (insert or change). */
static int
set_member(struct gx_db *db, int64_t gid, int64_t uid, const char *role,
    const char *status, int64_t now, struct gx_err *err)
{
	char at[GX_TIME_LEN];
	struct gx_stmt *st = gx_db_prepare(db, "INSERT INTO grp_members "
	    "(group_id, user_id, role, status, joined_at, updated_at) VALUES "
	    "($1, $2, $3, $4, CASE WHEN $4 = 'active' THEN $5 END, $5) ON "
	    "CONFLICT (group_id, user_id) DO UPDATE SET role = $3, status = $4, "
	    "joined_at = CASE WHEN $4 = 'active' AND grp_members.status <> "
	    "'active' THEN $5 ELSE grp_members.joined_at END, updated_at = $5",
	    err);

	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, gid);
	gx_stmt_bind_int(st, 2, uid);
	gx_stmt_bind_text(st, 3, role);
	gx_stmt_bind_text(st, 4, status);
	gx_stmt_bind_text(st, 5, gx_time_format(now, at));
	return gx_stmt_step(st, err) < 0 ? err->code : 0;
}

int
gx_group_create(struct gx_db *db, const struct gx_actor *a,
    const struct gx_group_in *in, int64_t now, json_t **out,
    const char **result, struct gx_err *err)
{
	const char *policy = in->policy ? in->policy : "open";
	const char *tz = in->tz ? in->tz : GX_GROUP_TZ;
	char at[GX_TIME_LEN];
	struct gx_stmt *st;
	json_t *founder, *cur, *d;
	int64_t fid, gid;
	int rc;

	*out = NULL;
	if (!gx_slug_ok(in->slug))
		return gx_err_set(err, GX_USAGE, "invalid group slug '%s' (2-48 "
		    "of a-z 0-9 -)", in->slug);
	if (!one_of(policy, (const char *const[]){ "open", "approval",
	    "invite", NULL }))
		return gx_err_set(err, GX_USAGE, "--policy must be open, approval "
		    "or invite");
	if (!gx_tz_ok(tz))
		return gx_err_set(err, GX_USAGE, "unknown time zone '%s'", tz);
	if ((founder = gx_user_get(db, in->founder, err)) == NULL)
		return err->code == GX_NOTFOUND ? (err->code = GX_DATAERR) :
		    err->code;
	fid = json_integer_value(json_object_get(founder, "id"));
	json_decref(founder);
	if (!a->staff && a->id != fid)
		return gx_err_set(err, GX_NOPERM, "member '%s' may found groups "
		    "only as themself", a->handle);
	if ((cur = gx_group_get(db, in->slug, err)) != NULL) {
		*result = "unchanged";
		*out = cur;
		return 0;
	}
	gx_time_format(now, at);
	st = gx_db_prepare(db, "INSERT INTO grp (slug, name, founder_id, "
	    "policy, city, industry, about, tz, created_at, updated_at) VALUES "
	    "($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, in->slug);
	gx_stmt_bind_text(st, 2, in->name);
	gx_stmt_bind_int(st, 3, fid);
	gx_stmt_bind_text(st, 4, policy);
	gx_stmt_bind_text(st, 5, in->city);
	gx_stmt_bind_text(st, 6, in->industry);
	gx_stmt_bind_text(st, 7, in->about);
	gx_stmt_bind_text(st, 8, tz);
	gx_stmt_bind_text(st, 9, at);
	if ((rc = gx_stmt_step(st, err)) != 1)
		return rc < 0 ? err->code : GX_SOFTWARE;
	gid = gx_stmt_int(st, 0);
	gx_stmt_reset(st);
	if ((rc = set_member(db, gid, fid, "founder", "active", now, err)) != 0)
		return rc;
	d = json_pack("{s:s, s:s, s:s}", "name", in->name, "policy", policy,
	    "tz", tz);
	rc = gx_audit_log(db, now, a->label, "create", "group", in->slug, d,
	    err);
	json_decref(d);
	if (rc != 0)
		return rc;
	*result = "added";
	*out = gx_group_get(db, in->slug, err);
	return *out ? 0 : err->code;
}

int
gx_group_member(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const char *handle, const char *action, int64_t now,
    json_t **out, const char **result, struct gx_err *err)
{
	struct gx_group g;
	struct gx_stmt *st;
	json_t *user;
	char role[16] = "member", status[16] = "";
	const char *want;
	int64_t uid;
	int rc, self;

	*out = NULL;
	if ((rc = gx_group_load(db, a, slug, 0, &g, err)) != 0)
		return rc;
	if ((user = gx_user_get(db, handle, err)) == NULL)
		return err->code == GX_NOTFOUND ? (err->code = GX_DATAERR) :
		    err->code;
	uid = json_integer_value(json_object_get(user, "id"));
	json_decref(user);
	self = a->id == uid;
	st = gx_db_prepare(db, "SELECT role, status FROM grp_members WHERE "
	    "group_id = $1 AND user_id = $2", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, g.id);
	gx_stmt_bind_int(st, 2, uid);
	if ((rc = gx_stmt_step(st, err)) < 0)
		return err->code;
	if (rc == 1) {
		snprintf(role, sizeof role, "%s", gx_stmt_text(st, 0));
		snprintf(status, sizeof status, "%s", gx_stmt_text(st, 1));
	}
	gx_stmt_reset(st);
	if (strcmp(action, "join") == 0 || strcmp(action, "leave") == 0) {
		if (!self && !a->staff)
			return gx_err_set(err, GX_NOPERM, "member '%s' may %s only "
			    "as themself", a->handle, action);
	} else if (!g.admin) {
		return gx_err_set(err, GX_NOPERM, "only the admins of group "
		    "'%s' may %s members", slug, action);
	}
	if (strcmp(status, "banned") == 0 && strcmp(action, "ban") != 0 &&
	    strcmp(action, "remove") != 0)
		return gx_err_set(err, GX_NOPERM, "member '%s' is banned from "
		    "group '%s'", handle, slug);
	if (uid == g.founder_id && (strcmp(action, "leave") == 0 ||
	    strcmp(action, "remove") == 0 || strcmp(action, "ban") == 0))
		return gx_err_set(err, GX_NOPERM, "the founder of group '%s' "
		    "cannot %s; pass founding on first (gx-group role)", slug,
		    strcmp(action, "leave") == 0 ? "leave" : "be removed");
	if (strcmp(action, "join") == 0) {
		if (strcmp(g.policy, "invite") == 0 && !a->staff)
			return gx_err_set(err, GX_NOPERM, "group '%s' is by "
			    "invitation: an admin adds members", slug);
		want = strcmp(g.policy, "approval") == 0 && !a->staff ?
		    "pending" : "active";
		*result = strcmp(want, "active") == 0 ? "joined" : "pending";
	} else if (strcmp(action, "approve") == 0) {
		if (strcmp(status, "pending") != 0 && strcmp(status, "active"))
			return gx_err_set(err, GX_DATAERR, "member '%s' has not "
			    "asked to join group '%s'", handle, slug);
		want = "active";
		*result = "approved";
	} else if (strcmp(action, "add") == 0) {
		want = "active";
		*result = "added";
	} else if (strcmp(action, "leave") == 0) {
		want = "left";
		*result = "left";
	} else if (strcmp(action, "remove") == 0) {
		want = "removed";
		*result = "removed";
	} else if (strcmp(action, "ban") == 0) {
		want = "banned";
		*result = "banned";
	} else {
		return gx_err_set(err, GX_SOFTWARE, "unknown action '%s'", action);
	}
	if ((strcmp(action, "leave") == 0 || strcmp(action, "remove") == 0) &&
	    strcmp(status, "active") != 0 && strcmp(status, "pending") != 0)
		return gx_err_set(err, GX_DATAERR, "'%s' is not a member of "
		    "group '%s'", handle, slug);
	if (strcmp(status, want) == 0) {
		*result = "unchanged";
	} else {
		json_t *d = json_pack("{s:s, s:s}", "handle", handle, "status",
		    want);

		if (strcmp(want, "active") != 0)
			snprintf(role, sizeof role, "%s", strcmp(role, "founder") ?
			    "member" : role);
		rc = set_member(db, g.id, uid, role, want, now, err);
		if (rc == 0)
			rc = gx_audit_log(db, now, a->label, action, "group",
			    slug, d, err);
		json_decref(d);
		if (rc != 0)
			return rc;
	}
	*out = member_record(db, g.id, uid, err);
	return *out ? 0 : err->code ? err->code : GX_SOFTWARE;
}

int
gx_group_role(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const char *handle, const char *role, int64_t now,
    json_t **out, const char **result, struct gx_err *err)
{
	struct gx_group g;
	struct gx_stmt *st;
	json_t *user, *d;
	int64_t uid;
	int rc;

	*out = NULL;
	if (!one_of(role, (const char *const[]){ "founder", "admin", "member",
	    NULL }))
		return gx_err_set(err, GX_USAGE, "--role must be founder, admin "
		    "or member");
	if ((rc = gx_group_load(db, a, slug, 0, &g, err)) != 0)
		return rc;
	if (!a->staff && a->id != g.founder_id)
		return gx_err_set(err, GX_NOPERM, "only the founder of group '%s' "
		    "(or staff) may change roles", slug);
	if ((user = gx_user_get(db, handle, err)) == NULL)
		return err->code == GX_NOTFOUND ? (err->code = GX_DATAERR) :
		    err->code;
	uid = json_integer_value(json_object_get(user, "id"));
	json_decref(user);
	if ((*out = member_record(db, g.id, uid, err)) == NULL ||
	    strcmp(json_string_value(json_object_get(*out, "status")),
	    "active") != 0) {
		json_decref(*out);
		*out = NULL;
		return gx_err_set(err, GX_DATAERR, "'%s' is not an active member "
		    "of group '%s'", handle, slug);
	}
	if (strcmp(json_string_value(json_object_get(*out, "role")), role) == 0) {
		*result = "unchanged";
		return 0;
	}
	json_decref(*out);
	*out = NULL;
	if (uid == g.founder_id)
		return gx_err_set(err, GX_NOPERM, "the founder's role changes only "
		    "by making another member founder");
	if (strcmp(role, "founder") == 0) {
		/* Founding passes on: the old founder stays, as an admin. */
		if ((rc = set_member(db, g.id, g.founder_id, "admin", "active",
		    now, err)) != 0)
			return rc;
		char at[GX_TIME_LEN];

		st = gx_db_prepare(db, "UPDATE grp SET founder_id = $2, "
		    "updated_at = $3 WHERE id = $1", err);
		if (st == NULL)
			return err->code;
		gx_stmt_bind_int(st, 1, g.id);
		gx_stmt_bind_int(st, 2, uid);
		gx_stmt_bind_text(st, 3, gx_time_format(now, at));
		if (gx_stmt_step(st, err) < 0)
			return err->code;
	}
	if ((rc = set_member(db, g.id, uid, role, "active", now, err)) != 0)
		return rc;
	d = json_pack("{s:s, s:s}", "handle", handle, "role", role);
	rc = gx_audit_log(db, now, a->label, "role", "group", slug, d, err);
	json_decref(d);
	if (rc != 0)
		return rc;
	*result = "updated";
	*out = member_record(db, g.id, uid, err);
	return *out ? 0 : err->code;
}

int
gx_group_members(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const struct gx_member_filter *f, int64_t now,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err)
{
	char since[GX_TIME_LEN];
	struct gx_group g;
	struct gx_stmt *st;
	int rc, n = 0;

	if ((rc = gx_group_load(db, a, slug, 1, &g, err)) != 0)
		return rc;
	st = gx_db_prepare(db, "SELECT * FROM (SELECT " MEMBER_COLUMNS ", m.id "
	    "AS mid" MEMBER_FROM "WHERE m.group_id = $1 "
	    "AND ($2 IS NULL OR m.role = $2) AND m.status = coalesce($3, "
	    "'active') AND ($4 IS NULL OR lower(u.city) = lower($4))) x WHERE "
	    "$5 IS NULL OR last_post_at IS NULL OR last_post_at < $5 ORDER BY "
	    "mid", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, g.id);
	gx_stmt_bind_text(st, 2, f->role);
	gx_stmt_bind_text(st, 3, f->status);
	gx_stmt_bind_text(st, 4, f->city);
	if (f->inactive > 0)
		gx_stmt_bind_text(st, 5, gx_time_format(now - f->inactive,
		    since));
	while ((rc = gx_stmt_step(st, err)) == 1) {
		json_t *rec = member_row(st);

		fn(rec, ctx);
		json_decref(rec);
		n++;
	}
	if (rc < 0)
		return err->code;
	return n ? 0 : GX_NOTFOUND;
}

int
gx_group_diversity(struct gx_db *db, const struct gx_actor *a,
    const char *slug, void (*fn)(json_t *rec, void *ctx), void *ctx,
    struct gx_err *err)
{
	struct gx_group g;
	struct gx_stmt *st;
	int rc, n = 0;

	if ((rc = gx_group_load(db, a, slug, 1, &g, err)) != 0)
		return rc;
	st = gx_db_prepare(db, "SELECT coalesce(u.city, '') AS city, "
	    "coalesce(u.industry, '') AS industry, count(*) AS members FROM "
	    "grp_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = "
	    "$1 AND m.status = 'active' GROUP BY coalesce(u.city, ''), "
	    "coalesce(u.industry, '') ORDER BY count(*) DESC, "
	    "coalesce(u.city, ''), coalesce(u.industry, '')", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, g.id);
	while ((rc = gx_stmt_step(st, err)) == 1) {
		json_t *rec = json_pack("{s:s, s:s, s:s, s:s, s:I}", "type",
		    "diversity", "group", slug, "city", gx_stmt_text(st, 0),
		    "industry", gx_stmt_text(st, 1), "members",
		    (json_int_t)gx_stmt_int(st, 2));

		fn(rec, ctx);
		json_decref(rec);
		n++;
	}
	if (rc < 0)
		return err->code;
	return n ? 0 : GX_NOTFOUND;
}

int
gx_group_has_activity(struct gx_db *db, int64_t gid, const char *kind,
    struct gx_err *err)
{
	struct gx_stmt *st = gx_db_prepare(db, "SELECT count(*) FROM "
	    "grp_activities WHERE group_id = $1 AND kind = $2", err);
	int64_t n;

	if (st == NULL)
		return -1;
	gx_stmt_bind_int(st, 1, gid);
	gx_stmt_bind_text(st, 2, kind);
	if (gx_stmt_step(st, err) != 1)
		return -1;
	n = gx_stmt_int(st, 0);
	gx_stmt_reset(st);
	return n > 0;
}

int
gx_group_activity(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const char *op, const char *kind, int64_t now,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err)
{
	char at[GX_TIME_LEN];
	struct gx_group g;
	struct gx_stmt *st;
	const char *result;
	json_t *rec;
	int rc, has;

	if ((rc = gx_group_load(db, a, slug, strcmp(op, "list") == 0, &g,
	    err)) != 0)
		return rc;
	if (strcmp(op, "list") == 0) {
		json_t *grp = gx_group_get(db, slug, err), *v;
		size_t i;

		if (grp == NULL)
			return err->code;
		json_array_foreach(json_object_get(grp, "activities"), i, v) {
			rec = json_pack("{s:s, s:s, s:O}", "type", "activity",
			    "group", slug, "kind", v);
			fn(rec, ctx);
			json_decref(rec);
		}
		i = json_array_size(json_object_get(grp, "activities"));
		json_decref(grp);
		return i ? 0 : GX_NOTFOUND;
	}
	if (!one_of(kind, activities))
		return gx_err_set(err, GX_USAGE, "unknown activity '%s' "
		    "(daily-reflection, daily-topic, daily-star, weekend-photos)",
		    kind ? kind : "");
	if (!g.admin)
		return gx_err_set(err, GX_NOPERM, "only the admins of group '%s' "
		    "may change its activities", slug);
	if ((has = gx_group_has_activity(db, g.id, kind, err)) < 0)
		return err->code;
	if (has == (strcmp(op, "add") == 0)) {
		result = "unchanged";
	} else {
		st = gx_db_prepare(db, strcmp(op, "add") == 0 ? "INSERT INTO "
		    "grp_activities (group_id, kind, created_at) VALUES ($1, $2, "
		    "$3)" : "DELETE FROM grp_activities WHERE group_id = $1 AND "
		    "kind = $2", err);
		if (st == NULL)
			return err->code;
		gx_stmt_bind_int(st, 1, g.id);
		gx_stmt_bind_text(st, 2, kind);
		gx_stmt_bind_text(st, 3, gx_time_format(now, at));
		if (gx_stmt_step(st, err) < 0)
			return err->code;
		rec = json_pack("{s:s}", "kind", kind);
		rc = gx_audit_log(db, now, a->label, strcmp(op, "add") == 0 ?
		    "activity-add" : "activity-remove", "group", slug, rec, err);
		json_decref(rec);
		if (rc != 0)
			return rc;
		result = strcmp(op, "add") == 0 ? "added" : "removed";
	}
	rec = json_pack("{s:s, s:s, s:s, s:s}", "type", "activity", "group",
	    slug, "kind", kind, "result", result);
	fn(rec, ctx);
	json_decref(rec);
	return 0;
}

/* A day given by the caller, or the group's today. */
static int
pick_day(const struct gx_group *g, const char *day, int64_t now, char *out,
    int *weekday, struct gx_err *err)
{
	int64_t t;

	if (day == NULL) {
		gx_group_day(g, now, out, weekday);
		return 0;
	}
	if (strlen(day) != 10 || gx_time_parse(day, now, &t) != 0)
		return gx_err_set(err, GX_USAGE, "--date takes YYYY-MM-DD, not "
		    "'%s'", day);
	snprintf(out, 11, "%s", day);
	if (weekday)
		*weekday = (int)(((t / 86400) % 7 + 11) % 7);	/* 1970-01-01: Th */
	return 0;
}

int
gx_group_topic_set(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const char *text, const char *day, int64_t now,
    json_t **out, const char **result, struct gx_err *err)
{
	char d[11], at[GX_TIME_LEN];
	struct gx_group g;
	struct gx_stmt *st;
	json_t *det;
	int rc;

	*out = NULL;
	if ((rc = gx_group_load(db, a, slug, 0, &g, err)) != 0 ||
	    (rc = pick_day(&g, day, now, d, NULL, err)) != 0)
		return rc;
	if (!g.admin)
		return gx_err_set(err, GX_NOPERM, "only the admins of group '%s' "
		    "set its topic", slug);
	if (!gx_text_ok(text, 500))
		return gx_err_set(err, GX_DATAERR, "a topic is 1-500 characters "
		    "without control characters");
	st = gx_db_prepare(db, "SELECT text FROM grp_topics WHERE group_id = $1 "
	    "AND day = $2", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, g.id);
	gx_stmt_bind_text(st, 2, d);
	if ((rc = gx_stmt_step(st, err)) < 0)
		return err->code;
	if (rc == 1 && strcmp(gx_stmt_text(st, 0), text) == 0) {
		gx_stmt_reset(st);
		*result = "unchanged";
		*out = json_pack("{s:s, s:s, s:s, s:s}", "type", "topic", "group",
		    slug, "date", d, "text", text);
		return 0;
	}
	gx_stmt_reset(st);
	st = gx_db_prepare(db, "INSERT INTO grp_topics (group_id, day, text, "
	    "created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (group_id, day) DO "
	    "UPDATE SET text = $3", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, g.id);
	gx_stmt_bind_text(st, 2, d);
	gx_stmt_bind_text(st, 3, text);
	gx_stmt_bind_text(st, 4, gx_time_format(now, at));
	if (gx_stmt_step(st, err) < 0)
		return err->code;
	det = json_pack("{s:s, s:s}", "day", d, "text", text);
	rc = gx_audit_log(db, now, a->label, "topic", "group", slug, det, err);
	json_decref(det);
	*result = "set";
	*out = json_pack("{s:s, s:s, s:s, s:s}", "type", "topic", "group", slug,
	    "date", d, "text", text);
	return rc;
}

int
gx_group_star(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const char *day, int skip, int64_t now, json_t **out,
    struct gx_err *err)
{
	char d[11], at[GX_TIME_LEN];
	struct gx_group g;
	struct gx_stmt *st;
	int64_t uid = 0;
	int rc;

	*out = NULL;
	if ((rc = gx_group_load(db, a, slug, 0, &g, err)) != 0 ||
	    (rc = pick_day(&g, day, now, d, NULL, err)) != 0)
		return rc;
	if (!g.member && !g.admin)
		return gx_err_set(err, GX_NOPERM, "only members of group '%s' see "
		    "its star", slug);
	if (skip && !g.admin)
		return gx_err_set(err, GX_NOPERM, "only the admins of group '%s' "
		    "skip a star", slug);
	gx_time_format(now, at);
	/* The day's star, if there is one and it still counts. */
	st = gx_db_prepare(db, "SELECT s.user_id FROM grp_stars s JOIN "
	    "grp_members m ON m.group_id = s.group_id AND m.user_id = s.user_id "
	    "WHERE s.group_id = $1 AND s.day = $2 AND s.status = 'star' AND "
	    "m.status = 'active'", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, g.id);
	gx_stmt_bind_text(st, 2, d);
	if ((rc = gx_stmt_step(st, err)) < 0)
		return err->code;
	if (rc == 1)
		uid = gx_stmt_int(st, 0);
	gx_stmt_reset(st);
	if (uid != 0 && skip) {
		st = gx_db_prepare(db, "UPDATE grp_stars SET status = 'skipped' "
		    "WHERE group_id = $1 AND day = $2 AND user_id = $3", err);
		if (st == NULL)
			return err->code;
		gx_stmt_bind_int(st, 1, g.id);
		gx_stmt_bind_text(st, 2, d);
		gx_stmt_bind_int(st, 3, uid);
		if (gx_stmt_step(st, err) < 0)
			return err->code;
		uid = 0;
	}
	if (uid == 0) {
		/*
		 * The fair rotation: among active members not skipped today,
		 * the one starred longest ago (never: first), then the
		 * earliest to have joined.  Nobody is star twice before every
		 * active member has been once.
		 */
		st = gx_db_prepare(db, "SELECT m.user_id FROM grp_members m "
		    "WHERE m.group_id = $1 AND m.status = 'active' AND NOT EXISTS "
		    "(SELECT 1 FROM grp_stars s WHERE s.group_id = m.group_id AND "
		    "s.user_id = m.user_id AND s.day = $2) ORDER BY (SELECT "
		    "max(s.day) FROM grp_stars s WHERE s.group_id = m.group_id AND "
		    "s.user_id = m.user_id AND s.status = 'star') NULLS FIRST, "
		    "m.joined_at, m.id LIMIT 1", err);
		if (st == NULL)
			return err->code;
		gx_stmt_bind_int(st, 1, g.id);
		gx_stmt_bind_text(st, 2, d);
		if ((rc = gx_stmt_step(st, err)) < 0)
			return err->code;
		if (rc == 0)
			return gx_err_set(err, GX_NOTFOUND, "group '%s' has no "
			    "member left to be the star of %s", slug, d);
		uid = gx_stmt_int(st, 0);
		gx_stmt_reset(st);
		/* One star a day: a star who left does not come back as a
		 * second one if they rejoin. */
		st = gx_db_prepare(db, "UPDATE grp_stars SET status = 'skipped' "
		    "WHERE group_id = $1 AND day = $2 AND status = 'star'", err);
		if (st == NULL)
			return err->code;
		gx_stmt_bind_int(st, 1, g.id);
		gx_stmt_bind_text(st, 2, d);
		if (gx_stmt_step(st, err) < 0)
			return err->code;
		st = gx_db_prepare(db, "INSERT INTO grp_stars (group_id, day, "
		    "user_id, status, created_at) VALUES ($1, $2, $3, 'star', $4)",
		    err);
		if (st == NULL)
			return err->code;
		gx_stmt_bind_int(st, 1, g.id);
		gx_stmt_bind_text(st, 2, d);
		gx_stmt_bind_int(st, 3, uid);
		gx_stmt_bind_text(st, 4, at);
		if (gx_stmt_step(st, err) < 0)
			return err->code;
		{
			json_t *det = json_pack("{s:s, s:I, s:b}", "day", d,
			    "user_id", (json_int_t)uid, "skip", skip);

			rc = gx_audit_log(db, now, a->label, "star", "group",
			    slug, det, err);
			json_decref(det);
			if (rc != 0)
				return rc;
		}
	}
	*out = member_record(db, g.id, uid, err);
	if (*out == NULL)
		return err->code ? err->code : GX_SOFTWARE;
	json_object_set_new(*out, "type", json_string("star"));
	json_object_set_new(*out, "date", json_string(d));
	return 0;
}

json_t *
gx_group_today(struct gx_db *db, const struct gx_actor *a,
    const char *slug, int64_t now, struct gx_err *err)
{
	static const char *const wd[] = { "Sunday", "Monday", "Tuesday",
	    "Wednesday", "Thursday", "Friday", "Saturday" };
	struct gx_group g;
	struct gx_stmt *st;
	json_t *rec, *grp;
	char d[11];
	int weekday, rc;

	if (gx_group_load(db, a, slug, 1, &g, err) != 0)
		return NULL;
	gx_group_day(&g, now, d, &weekday);
	if ((grp = gx_group_get(db, slug, err)) == NULL)
		return NULL;
	rec = json_pack("{s:s, s:s, s:s, s:s, s:s, s:O}", "type", "today",
	    "group", slug, "date", d, "weekday", wd[weekday], "tz", g.tz,
	    "activities", json_object_get(grp, "activities"));
	json_decref(grp);
	st = gx_db_prepare(db, "SELECT (SELECT text FROM grp_topics WHERE "
	    "group_id = $1 AND day = $2), (SELECT u.handle FROM grp_stars s "
	    "JOIN users u ON u.id = s.user_id JOIN grp_members m ON m.group_id "
	    "= s.group_id AND m.user_id = s.user_id AND m.status = 'active' "
	    "WHERE s.group_id = $1 AND s.day = $2 AND s.status = 'star'), "
	    "(SELECT count(*) FROM posts WHERE group_id = $1 AND day = $2 AND "
	    "kind = 'reflection' AND deleted_at "
	    "IS NULL), (SELECT count(*) FROM posts WHERE group_id = $1 AND day "
	    "= $2 AND kind = 'photo' AND deleted_at IS NULL)", err);
	if (st == NULL) {
		json_decref(rec);
		return NULL;
	}
	gx_stmt_bind_int(st, 1, g.id);
	gx_stmt_bind_text(st, 2, d);
	if ((rc = gx_stmt_step(st, err)) != 1) {
		json_decref(rec);
		return NULL;
	}
	json_object_set_new(rec, "topic", gx_stmt_text(st, 0) ?
	    json_string(gx_stmt_text(st, 0)) : json_null());
	json_object_set_new(rec, "star", gx_stmt_text(st, 1) ?
	    json_string(gx_stmt_text(st, 1)) : json_null());
	json_object_set_new(rec, "reflections", json_integer(gx_stmt_int(st,
	    2)));
	json_object_set_new(rec, "photos", json_integer(gx_stmt_int(st, 3)));
	json_object_set_new(rec, "weekend_photos", json_boolean(weekday == 0 ||
	    weekday == 6));
	gx_stmt_reset(st);
	return rec;
}
