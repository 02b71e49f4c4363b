/* post.c - posts, the feed, streaks and energy: rules and SQL. */
#include "post.h"
#include "audit.h"
#include "clock.h"
#include "group.h"
#include "jsonl.h"
#include "media.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const gx_post_fields[] = { "type", "id", "group", "author",
    "kind", "date", "parent", "text", "good", "habit", "caption", "media",
    "cheers", "created_at", "updated_at", "result", NULL };
const char *const gx_post_table[] = { "id", "author", "kind", "date", "text",
    "cheers", NULL };
const char *const gx_energy_fields[] = { "type", "handle", "name", "group",
    "window_seconds", "energy", "reflections", "topic_answers",
    "star_stories", "photos", "notes", "cheers_given", "cheers_received",
    NULL };

static const char *const image_types[] = { "image/jpeg", "image/png",
    "image/webp", NULL };

#define POST_SELECT \
	"SELECT p.id, g.slug AS \"group\", u.handle AS author, p.kind, " \
	"p.day AS date, p.parent_id AS parent, p.body, (SELECT count(*) FROM " \
	"cheers c WHERE c.post_id = p.id) AS cheers, p.created_at, " \
	"p.updated_at FROM posts p JOIN grp g ON g.id = p.group_id JOIN users " \
	"u ON u.id = p.author_id "

static json_t *
post_record(struct gx_stmt *st)
{
	json_t *row = gx_stmt_row_json(st), *rec = json_pack("{s:s}", "type",
	    "post"), *body;

	body = json_loads(json_string_value(json_object_get(row, "body")), 0,
	    NULL);
	json_object_del(row, "body");
	json_object_update(rec, row);
	if (json_is_object(body)) {
		/* The fields after date and parent, cheers last. */
		json_t *cheers = json_incref(json_object_get(rec, "cheers"));
		json_t *c = json_incref(json_object_get(rec, "created_at"));
		json_t *u = json_incref(json_object_get(rec, "updated_at"));

		json_object_del(rec, "cheers");
		json_object_del(rec, "created_at");
		json_object_del(rec, "updated_at");
		json_object_update(rec, body);
		json_object_set_new(rec, "cheers", cheers);
		json_object_set_new(rec, "created_at", c);
		json_object_set_new(rec, "updated_at", u);
	}
	json_decref(body);
	json_decref(row);
	return rec;
}

json_t *
gx_post_get(struct gx_db *db, const struct gx_actor *a, int64_t id,
    struct gx_err *err)
{
	struct gx_stmt *st = gx_db_prepare(db, POST_SELECT "WHERE p.id = $1 AND "
	    "p.deleted_at IS NULL", err);
	json_t *rec = NULL;
	int rc;

	(void)a;
	if (st == NULL)
		return NULL;
	gx_stmt_bind_int(st, 1, id);
	if ((rc = gx_stmt_step(st, err)) == 1)
		rec = post_record(st);
	else if (rc == 0)
		gx_err_set(err, GX_NOTFOUND, "no post %lld", (long long)id);
	gx_stmt_reset(st);
	return rec;
}

/* The group, for posting in it: the actor must be an active member. */
static int
postable(struct gx_db *db, const struct gx_actor *a, const char *slug,
    const char *activity, struct gx_group *g, struct gx_err *err)
{
	int rc, has;

	if ((rc = gx_group_load(db, a, slug, 0, g, err)) != 0)
		return rc;
	if (!g->member)
		return gx_err_set(err, GX_NOPERM, "only active members post in "
		    "group '%s'%s", slug, a->id ? "" : " (act as one with --as)");
	if (activity == NULL)
		return 0;
	if ((has = gx_group_has_activity(db, g->id, activity, err)) < 0)
		return err->code;
	if (!has)
		return gx_err_set(err, GX_DATAERR, "group '%s' has no %s "
		    "activity", slug, activity);
	return 0;
}

/* Post text: 1-GX_POST_MAX characters of UTF-8; newlines and tabs are
 * welcome, other control characters not. */
static int
text_ok(const char *what, const char *text, struct gx_err *err)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t chars = 0;

	if (text == NULL || *text == '\0' || !gx_utf8_valid(text,
	    strlen(text)))
		goto bad;
	for (; *p; p++) {
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f ||
		    (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			goto bad;
		chars += (*p & 0xc0) != 0x80;
	}
	/* Something to read: not only white space. */
	if (chars <= GX_POST_MAX && text[strspn(text, " \t\n")] != '\0')
		return 0;
bad:
	return gx_err_set(err, GX_DATAERR, "%s must be 1-%d characters of "
	    "text", what, GX_POST_MAX);
}

/* Insert a post; *id. */
static int
insert_post(struct gx_db *db, const struct gx_actor *a, int64_t gid,
    const char *kind, const char *day, int64_t parent, json_t *body,
    int64_t now, int64_t *id, struct gx_err *err)
{
	char at[GX_TIME_LEN], eid[32];
	char *text = json_dumps(body, JSON_COMPACT);
	struct gx_stmt *st;
	int rc;

	if (text == NULL)
		gx_die(GX_SOFTWARE, "out of memory");
	st = gx_db_prepare(db, "INSERT INTO posts (group_id, author_id, kind, "
	    "day, parent_id, body, created_at, updated_at) VALUES ($1, $2, $3, "
	    "$4, $5, $6, $7, $7) RETURNING id", err);
	if (st == NULL) {
		free(text);
		return err->code;
	}
	gx_stmt_bind_int(st, 1, gid);
	gx_stmt_bind_int(st, 2, a->id);
	gx_stmt_bind_text(st, 3, kind);
	gx_stmt_bind_text(st, 4, day);
	if (parent > 0)
		gx_stmt_bind_int(st, 5, parent);
	gx_stmt_bind_text(st, 6, text);
	gx_stmt_bind_text(st, 7, gx_time_format(now, at));
	rc = gx_stmt_step(st, err);
	free(text);
	if (rc != 1)
		return rc < 0 ? err->code : GX_SOFTWARE;
	*id = gx_stmt_int(st, 0);
	gx_stmt_reset(st);
	snprintf(eid, sizeof eid, "%lld", (long long)*id);
	return gx_audit_log(db, now, a->label, kind, "post", eid, body, err);
}

static int
finish(struct gx_db *db, const struct gx_actor *a, int64_t id, json_t **out,
    struct gx_err *err)
{
	*out = gx_post_get(db, a, id, err);
	return *out ? 0 : err->code;
}

int
gx_post_reflection(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const char *const *good, int ngood, const char *habit,
    int64_t now, json_t **out, const char **result, struct gx_err *err)
{
	struct gx_group g;
	struct gx_stmt *st;
	char day[11], at[GX_TIME_LEN], eid[32], *text;
	json_t *body, *goods;
	int64_t id = 0;
	int rc;

	*out = NULL;
	if (ngood != 3 || habit == NULL)
		return gx_err_set(err, GX_USAGE, "a reflection is exactly three "
		    "--good deeds and one --habit (got %d and %d)", ngood,
		    habit != NULL);
	for (int i = 0; i < 3; i++)
		if ((rc = text_ok("a good deed", good[i], err)) != 0)
			return rc;
	if ((rc = text_ok("the habit", habit, err)) != 0 ||
	    (rc = postable(db, a, slug, "daily-reflection", &g, err)) != 0)
		return rc;
	gx_group_day(&g, now, day, NULL);
	goods = json_array();
	for (int i = 0; i < 3; i++)
		json_array_append_new(goods, json_string(good[i]));
	body = json_pack("{s:o, s:s}", "good", goods, "habit", habit);
	/* One a day: a second replaces the first (the audit keeps both). */
	st = gx_db_prepare(db, "SELECT id FROM posts WHERE group_id = $1 AND "
	    "author_id = $2 AND kind = 'reflection' AND day = $3 AND deleted_at "
	    "IS NULL", err);
	if (st == NULL)
		goto fail;
	gx_stmt_bind_int(st, 1, g.id);
	gx_stmt_bind_int(st, 2, a->id);
	gx_stmt_bind_text(st, 3, day);
	if ((rc = gx_stmt_step(st, err)) < 0)
		goto fail;
	if (rc == 1)
		id = gx_stmt_int(st, 0);
	gx_stmt_reset(st);
	if (id == 0) {
		rc = insert_post(db, a, g.id, "reflection", day, 0, body, now,
		    &id, err);
		*result = "posted";
	} else {
		if ((text = json_dumps(body, JSON_COMPACT)) == NULL)
			gx_die(GX_SOFTWARE, "out of memory");
		st = gx_db_prepare(db, "UPDATE posts SET body = $2, updated_at = "
		    "$3 WHERE id = $1", err);
		if (st != NULL) {
			gx_stmt_bind_int(st, 1, id);
			gx_stmt_bind_text(st, 2, text);
			gx_stmt_bind_text(st, 3, gx_time_format(now, at));
		}
		rc = st && gx_stmt_step(st, err) == 0 ? 0 : err->code;
		free(text);
		snprintf(eid, sizeof eid, "%lld", (long long)id);
		if (rc == 0)
			rc = gx_audit_log(db, now, a->label, "reflection", "post",
			    eid, body, err);
		*result = "replaced";
	}
	json_decref(body);
	return rc ? rc : finish(db, a, id, out, err);
fail:
	json_decref(body);
	return err->code;
}

int
gx_post_text(struct gx_db *db, const struct gx_actor *a, const char *slug,
    const char *kind, const char *text, int64_t now, json_t **out,
    struct gx_err *err)
{
	const char *activity = strcmp(kind, "topic") == 0 ? "daily-topic" :
	    strcmp(kind, "star") == 0 ? "daily-star" : NULL;
	struct gx_group g;
	struct gx_stmt *st;
	char day[11];
	json_t *body;
	int64_t id;
	int rc;

	*out = NULL;
	if ((rc = text_ok("a post", text, err)) != 0 ||
	    (rc = postable(db, a, slug, activity, &g, err)) != 0)
		return rc;
	gx_group_day(&g, now, day, NULL);
	if (strcmp(kind, "topic") == 0) {
		st = gx_db_prepare(db, "SELECT count(*) FROM grp_topics WHERE "
		    "group_id = $1 AND day = $2", err);
		if (st == NULL)
			return err->code;
		gx_stmt_bind_int(st, 1, g.id);
		gx_stmt_bind_text(st, 2, day);
		if (gx_stmt_step(st, err) != 1)
			return err->code;
		rc = gx_stmt_int(st, 0) == 0;
		gx_stmt_reset(st);
		if (rc)
			return gx_err_set(err, GX_DATAERR, "group '%s' has no "
			    "topic for %s", slug, day);
	} else if (strcmp(kind, "star") == 0) {
		st = gx_db_prepare(db, "SELECT count(*) FROM grp_stars WHERE "
		    "group_id = $1 AND day = $2 AND user_id = $3 AND status = "
		    "'star'", err);
		if (st == NULL)
			return err->code;
		gx_stmt_bind_int(st, 1, g.id);
		gx_stmt_bind_text(st, 2, day);
		gx_stmt_bind_int(st, 3, a->id);
		if (gx_stmt_step(st, err) != 1)
			return err->code;
		rc = gx_stmt_int(st, 0) == 0;
		gx_stmt_reset(st);
		if (rc)
			return gx_err_set(err, GX_NOPERM, "only the star of %s "
			    "tells their story in group '%s'", day, slug);
	}
	body = json_pack("{s:s}", "text", text);
	rc = insert_post(db, a, g.id, kind, day, 0, body, now, &id, err);
	json_decref(body);
	return rc ? rc : finish(db, a, id, out, err);
}

int
gx_post_photo(struct gx_db *db, const struct gx_actor *a, const char *slug,
    const char *const *files, int nfiles, const char *caption, int64_t now,
    json_t **out, struct gx_err *err)
{
	struct gx_group g;
	struct gx_media m;
	json_t *body, *media;
	char day[11];
	int64_t id;
	int rc;

	*out = NULL;
	if (nfiles < 1 || nfiles > GX_POST_PHOTOS)
		return gx_err_set(err, GX_USAGE, "a photo post has 1 to %d images",
		    GX_POST_PHOTOS);
	if (caption != NULL && (rc = text_ok("a caption", caption, err)) != 0)
		return rc;
	if ((rc = postable(db, a, slug, "weekend-photos", &g, err)) != 0)
		return rc;
	gx_group_day(&g, now, day, NULL);
	media = json_array();
	for (int i = 0; i < nfiles; i++) {
		if ((rc = gx_media_store(db, files[i], image_types, &m, err)) != 0) {
			json_decref(media);
			return rc;
		}
		json_array_append_new(media, json_pack("{s:s, s:s, s:I}",
		    "sha256", m.sha256, "type", m.type, "size",
		    (json_int_t)m.size));
	}
	body = json_pack("{s:s?, s:o}", "caption", caption, "media", media);
	rc = insert_post(db, a, g.id, "photo", day, 0, body, now, &id, err);
	json_decref(body);
	return rc ? rc : finish(db, a, id, out, err);
}

/* The group of a post and the actor's place in it. */
static int
post_group(struct gx_db *db, const struct gx_actor *a, int64_t id,
    struct gx_group *g, int64_t *author, struct gx_err *err)
{
	struct gx_stmt *st = gx_db_prepare(db, "SELECT g.slug, p.author_id FROM "
	    "posts p JOIN grp g ON g.id = p.group_id WHERE p.id = $1 AND "
	    "p.deleted_at IS NULL", err);
	char slug[49];
	int rc;

	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, id);
	if ((rc = gx_stmt_step(st, err)) < 0)
		return err->code;
	if (rc == 0)
		return gx_err_set(err, GX_DATAERR, "no post %lld", (long long)id);
	snprintf(slug, sizeof slug, "%s", gx_stmt_text(st, 0));
	*author = gx_stmt_int(st, 1);
	gx_stmt_reset(st);
	return gx_group_load(db, a, slug, 0, g, err);
}

int
gx_post_reply(struct gx_db *db, const struct gx_actor *a, int64_t parent,
    const char *text, int64_t now, json_t **out, struct gx_err *err)
{
	struct gx_group g;
	int64_t author, id;
	char day[11];
	json_t *body;
	int rc;

	*out = NULL;
	if ((rc = text_ok("a reply", text, err)) != 0 ||
	    (rc = post_group(db, a, parent, &g, &author, err)) != 0)
		return rc;
	if (!g.member)
		return gx_err_set(err, GX_NOPERM, "only active members of group "
		    "'%s' reply there", g.slug);
	gx_group_day(&g, now, day, NULL);
	body = json_pack("{s:s}", "text", text);
	rc = insert_post(db, a, g.id, "reply", day, parent, body, now, &id, err);
	json_decref(body);
	return rc ? rc : finish(db, a, id, out, err);
}

int
gx_post_cheer(struct gx_db *db, const struct gx_actor *a, int64_t id,
    int64_t now, json_t **out, const char **result, struct gx_err *err)
{
	char at[GX_TIME_LEN], eid[32];
	struct gx_group g;
	struct gx_stmt *st;
	int64_t author;
	int rc;

	*out = NULL;
	if ((rc = post_group(db, a, id, &g, &author, err)) != 0)
		return rc;
	if (!g.member)
		return gx_err_set(err, GX_NOPERM, "only active members of group "
		    "'%s' cheer there", g.slug);
	if (author == a->id)
		return gx_err_set(err, GX_DATAERR, "nobody cheers their own post");
	st = gx_db_prepare(db, "INSERT INTO cheers (post_id, user_id, "
	    "created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, id);
	gx_stmt_bind_int(st, 2, a->id);
	gx_stmt_bind_text(st, 3, gx_time_format(now, at));
	if (gx_stmt_step(st, err) < 0)
		return err->code;
	if (gx_db_changes(db) == 0) {
		*result = "unchanged";
	} else {
		snprintf(eid, sizeof eid, "%lld", (long long)id);
		if ((rc = gx_audit_log(db, now, a->label, "cheer", "post", eid,
		    NULL, err)) != 0)
			return rc;
		*result = "cheered";
	}
	return finish(db, a, id, out, err);
}

int
gx_post_delete(struct gx_db *db, const struct gx_actor *a, int64_t id,
    int64_t now, json_t **out, const char **result, struct gx_err *err)
{
	char at[GX_TIME_LEN], eid[32];
	struct gx_group g;
	struct gx_stmt *st;
	int64_t author;
	int rc;

	*out = NULL;
	if ((rc = post_group(db, a, id, &g, &author, err)) != 0)
		return rc;
	if (!g.admin && a->id != author)
		return gx_err_set(err, GX_NOPERM, "only the author or an admin of "
		    "group '%s' deletes post %lld", g.slug, (long long)id);
	if ((*out = gx_post_get(db, a, id, err)) == NULL)
		return err->code;
	st = gx_db_prepare(db, "UPDATE posts SET deleted_at = $2 WHERE id = $1",
	    err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, id);
	gx_stmt_bind_text(st, 2, gx_time_format(now, at));
	if (gx_stmt_step(st, err) < 0)
		return err->code;
	snprintf(eid, sizeof eid, "%lld", (long long)id);
	/* The audit row keeps what was said. */
	rc = gx_audit_log(db, now, a->label, "delete", "post", eid, *out, err);
	*result = "deleted";
	return rc;
}

int
gx_post_feed(struct gx_db *db, const struct gx_actor *a, const char *slug,
    const struct gx_feed *f, void (*fn)(json_t *rec, void *ctx), void *ctx,
    struct gx_err *err)
{
	char h[GX_HANDLE_MAX + 1];
	struct gx_group g;
	struct gx_stmt *st;
	int rc, n = 0;

	if ((rc = gx_group_load(db, a, slug, 1, &g, err)) != 0)
		return rc;
	if (!g.member && !a->staff)
		return gx_err_set(err, GX_NOPERM, "only members of group '%s' read "
		    "its feed", slug);
	st = gx_db_prepare(db, POST_SELECT "WHERE p.group_id = $1 AND "
	    "p.deleted_at IS NULL AND ($2 IS NULL OR p.kind = $2) AND ($3 IS "
	    "NULL OR u.handle = $3) AND ($4 IS NULL OR p.created_at >= $4) AND "
	    "p.id < $5 ORDER BY p.id DESC LIMIT $6", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, g.id);
	gx_stmt_bind_text(st, 2, f->kind);
	if (f->author != NULL && gx_handle_normalize(f->author, h) == 0)
		gx_stmt_bind_text(st, 3, h);
	else
		gx_stmt_bind_text(st, 3, f->author);
	gx_stmt_bind_text(st, 4, f->since);
	gx_stmt_bind_int(st, 5, f->before > 0 ? f->before : INT64_MAX);
	gx_stmt_bind_int(st, 6, f->limit > 0 ? f->limit : 20);
	while ((rc = gx_stmt_step(st, err)) == 1) {
		json_t *rec = post_record(st);

		fn(rec, ctx);
		json_decref(rec);
		n++;
	}
	if (rc < 0)
		return err->code;
	return n ? 0 : GX_NOTFOUND;
}

json_t *
gx_post_streak(struct gx_db *db, const struct gx_actor *a,
    const char *handle, const char *slug, int64_t now, struct gx_err *err)
{
	struct gx_group g = { 0 };
	struct gx_stmt *st;
	json_t *user, *rec;
	char today[11], prev[11] = "";
	int64_t uid, t;
	int rc, days = 0, longest = 0, run = 0, current = -1;
	char last[11] = "";

	if ((user = gx_user_get(db, handle, err)) == NULL)
		return NULL;
	uid = json_integer_value(json_object_get(user, "id"));
	if (slug != NULL && gx_group_load(db, a, slug, 1, &g, err) != 0) {
		json_decref(user);
		return NULL;
	}
	if (slug == NULL)
		snprintf(g.tz, sizeof g.tz, "%s", GX_GROUP_TZ);
	gx_group_day(&g, now, today, NULL);
	st = gx_db_prepare(db, "SELECT DISTINCT day FROM posts WHERE author_id "
	    "= $1 AND kind = 'reflection' AND deleted_at IS NULL AND ($2 = 0 OR "
	    "group_id = $2) ORDER BY day DESC", err);
	if (st == NULL) {
		json_decref(user);
		return NULL;
	}
	gx_stmt_bind_int(st, 1, uid);
	gx_stmt_bind_int(st, 2, g.id);
	while ((rc = gx_stmt_step(st, err)) == 1) {
		const char *d = gx_stmt_text(st, 0);
		int64_t a1, b1;

		if (last[0] == '\0')
			snprintf(last, sizeof last, "%s", d);
		/* Consecutive with the day seen before (one day later)? */
		if (prev[0] != '\0' && gx_time_parse(d, 0, &a1) == 0 &&
		    gx_time_parse(prev, 0, &b1) == 0 && b1 - a1 == 86400)
			run++;
		else {
			if (current < 0 && prev[0] != '\0')
				current = run;
			run = 1;
		}
		if (run > longest)
			longest = run;
		snprintf(prev, sizeof prev, "%s", d);
	}
	if (current < 0)
		current = run;
	/* A streak counts only if it reaches today or yesterday. */
	if (last[0] != '\0' && gx_time_parse(today, 0, &t) == 0) {
		int64_t l;

		gx_time_parse(last, 0, &l);
		days = t - l <= 86400 ? current : 0;
	}
	rec = json_pack("{s:s, s:O, s:s?, s:i, s:i, s:s?, s:s}", "type",
	    "streak", "handle", json_object_get(user, "handle"), "group", slug,
	    "days", days, "longest", longest, "last", last[0] ? last : NULL,
	    "today", today);
	json_decref(user);
	return rec;
}

static int
cmp_energy(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t ex = json_integer_value(json_object_get(x, "energy"));
	json_int_t ey = json_integer_value(json_object_get(y, "energy"));

	if (ex != ey)
		return ex < ey ? 1 : -1;
	return strcmp(json_string_value(json_object_get(x, "handle")),
	    json_string_value(json_object_get(y, "handle")));
}

#define STR_(x) #x
#define STR(x) STR_(x)

/*
 * Every active member of a group at once: one pass over the window's posts
 * and one over its cheers, grouped by member, instead of seven lookups for
 * each of thousands of members.  Highest first, then by handle.
 */
static const char energy_group_sql[] =
    "WITH m AS (SELECT u.id, u.handle, u.name FROM grp_members gm JOIN "
    "users u ON u.id = gm.user_id WHERE gm.group_id = $1 AND gm.status = "
    "'active'), "
    "p AS (SELECT author_id AS id, "
    "sum(CASE WHEN kind = 'reflection' THEN 1 ELSE 0 END) AS r, "
    "sum(CASE WHEN kind = 'topic' THEN 1 ELSE 0 END) AS t, "
    "sum(CASE WHEN kind = 'star' THEN 1 ELSE 0 END) AS s, "
    "sum(CASE WHEN kind = 'photo' THEN 1 ELSE 0 END) AS ph, "
    "sum(CASE WHEN kind IN ('note', 'reply') THEN 1 ELSE 0 END) AS n "
    "FROM posts WHERE group_id = $1 AND deleted_at IS NULL AND created_at "
    ">= $3 GROUP BY author_id), "
    "c AS (SELECT c.user_id AS giver, p.author_id AS taker FROM cheers c "
    "JOIN posts p ON p.id = c.post_id WHERE p.group_id = $1 AND "
    "p.deleted_at IS NULL AND c.created_at >= $3), "
    "cg AS (SELECT giver AS id, count(*) AS n FROM c GROUP BY giver), "
    "cr AS (SELECT taker AS id, count(*) AS n FROM c GROUP BY taker), "
    "e AS (SELECT m.handle, m.name, coalesce(p.r, 0) AS r, coalesce(p.t, 0) "
    "AS t, coalesce(p.s, 0) AS s, coalesce(p.ph, 0) AS ph, coalesce(p.n, 0) "
    "AS n, coalesce(cg.n, 0) AS cg, coalesce(cr.n, 0) AS cr FROM m LEFT "
    "JOIN p ON p.id = m.id LEFT JOIN cg ON cg.id = m.id LEFT JOIN cr ON "
    "cr.id = m.id) "
    "SELECT handle, name, r, t, s, ph, n, cg, cr, "
    STR(GX_ENERGY_REFLECTION) " * r + " STR(GX_ENERGY_TOPIC) " * t + "
    STR(GX_ENERGY_STAR) " * s + " STR(GX_ENERGY_PHOTO) " * ph + "
    STR(GX_ENERGY_NOTE) " * n + " STR(GX_ENERGY_CHEER_GIVEN) " * cg + "
    STR(GX_ENERGY_CHEER_RECEIVED) " * cr AS energy FROM e "
    "ORDER BY energy DESC, handle";

int
gx_post_energy(struct gx_db *db, const struct gx_actor *a,
    const char *handle, const char *slug, int64_t window, int64_t now,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err)
{
	char since[GX_TIME_LEN], h[GX_HANDLE_MAX + 1];
	struct gx_group g = { 0 };
	struct gx_stmt *st;
	int rc, n = 0;

	if (slug != NULL && (rc = gx_group_load(db, a, slug, 1, &g, err)) != 0)
		return rc;
	if (handle != NULL && gx_handle_normalize(handle, h) != 0)
		return gx_err_set(err, GX_NOTFOUND, "no member '%s'", handle);
	gx_time_format(now - window, since);
	/* A group's members at once, or one member: counts within the
	 * window, in one group or all. */
	st = handle == NULL ? gx_db_prepare(db, energy_group_sql, err) :
	    gx_db_prepare(db, "SELECT u.handle, u.name, "
	    "(SELECT count(*) FROM posts p WHERE p.author_id = u.id AND "
	    "p.kind = 'reflection' AND p.deleted_at IS NULL AND p.created_at >= "
	    "$3 AND ($1 = 0 OR p.group_id = $1)), "
	    "(SELECT count(*) FROM posts p WHERE p.author_id = u.id AND "
	    "p.kind = 'topic' AND p.deleted_at IS NULL AND p.created_at >= $3 "
	    "AND ($1 = 0 OR p.group_id = $1)), "
	    "(SELECT count(*) FROM posts p WHERE p.author_id = u.id AND "
	    "p.kind = 'star' AND p.deleted_at IS NULL AND p.created_at >= $3 "
	    "AND ($1 = 0 OR p.group_id = $1)), "
	    "(SELECT count(*) FROM posts p WHERE p.author_id = u.id AND "
	    "p.kind = 'photo' AND p.deleted_at IS NULL AND p.created_at >= $3 "
	    "AND ($1 = 0 OR p.group_id = $1)), "
	    "(SELECT count(*) FROM posts p WHERE p.author_id = u.id AND "
	    "p.kind IN ('note', 'reply') AND p.deleted_at IS NULL AND "
	    "p.created_at >= $3 AND ($1 = 0 OR p.group_id = $1)), "
	    "(SELECT count(*) FROM cheers c JOIN posts p ON p.id = c.post_id "
	    "WHERE c.user_id = u.id AND p.deleted_at IS NULL AND c.created_at "
	    ">= $3 AND ($1 = 0 OR p.group_id = $1)), "
	    "(SELECT count(*) FROM cheers c JOIN posts p ON p.id = c.post_id "
	    "WHERE p.author_id = u.id AND p.deleted_at IS NULL AND c.created_at "
	    ">= $3 AND ($1 = 0 OR p.group_id = $1)) "
	    "FROM users u WHERE u.handle = $2", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, g.id);
	gx_stmt_bind_text(st, 2, handle ? h : NULL);
	gx_stmt_bind_text(st, 3, since);
	{
		json_t *rows = json_array(), *r;
		size_t i;

		while ((rc = gx_stmt_step(st, err)) == 1) {
			int64_t c[7];

			for (int k = 0; k < 7; k++)
				c[k] = gx_stmt_int(st, 2 + k);
			r = json_pack("{s:s, s:s, s:s, s:s?, s:I, s:I, s:I, s:I, "
			    "s:I, s:I, s:I, s:I, s:I}", "type", "energy",
			    "handle", gx_stmt_text(st, 0), "name",
			    gx_stmt_text(st, 1), "group", slug, "window_seconds",
			    (json_int_t)window, "energy", (json_int_t)(
			    c[0] * GX_ENERGY_REFLECTION + c[1] * GX_ENERGY_TOPIC +
			    c[2] * GX_ENERGY_STAR + c[3] * GX_ENERGY_PHOTO +
			    c[4] * GX_ENERGY_NOTE + c[5] * GX_ENERGY_CHEER_GIVEN +
			    c[6] * GX_ENERGY_CHEER_RECEIVED), "reflections",
			    (json_int_t)c[0], "topic_answers", (json_int_t)c[1],
			    "star_stories", (json_int_t)c[2], "photos",
			    (json_int_t)c[3], "notes", (json_int_t)c[4],
			    "cheers_given", (json_int_t)c[5], "cheers_received",
			    (json_int_t)c[6]);
			json_array_append_new(rows, r);
		}
		if (rc < 0) {
			json_decref(rows);
			return err->code;
		}
		/* Highest first; equal scores by handle. */
		{
			size_t m = json_array_size(rows);
			json_t **v = gx_xcalloc(m + 1, sizeof *v);

			json_array_foreach(rows, i, r)
				v[i] = r;
			qsort(v, m, sizeof *v, cmp_energy);
			for (i = 0; i < m; i++) {
				fn(v[i], ctx);
				n++;
			}
			free(v);
		}
		json_decref(rows);
	}
	if (n == 0)
		return gx_err_set(err, GX_NOTFOUND, handle ? "no member '%s'" :
		    "group '%s' has no active members", handle ? handle : slug);
	return 0;
}
