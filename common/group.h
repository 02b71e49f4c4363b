/*
 * group.h - member-founded groups: membership under a policy (open,
 * approval, invite), roles (founder, admin, member), bans, the daily
 * rituals (activities, the daily topic, the fair rotation of the daily
 * star) and the day's agenda in the group's time zone.
 *
 * Admins are the group's founder and admins, and staff.  The founder
 * cannot be removed, banned or leave; founding passes on explicitly.
 * Records returned as json_t are new references the caller owns.
 */
#ifndef GX_GROUP_H
#define GX_GROUP_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"
#include "user.h"

#define GX_GROUP_TZ "Asia/Shanghai"

struct gx_group_in {
	char slug[49];
	const char *name, *founder, *policy, *city, *industry, *about, *tz;
};

/* A group as the rules see it: its id, time zone and the actor's place. */
struct gx_group {
	int64_t id;
	char slug[49];
	char policy[16];
	char tz[65];
	int64_t founder_id;
	int admin;		/* the actor may administer it */
	int member;		/* the actor is an active member */
};

/* Load a group and the actor's rights in it; GX_DATAERR if unknown (or
 * GX_NOTFOUND with lookup). */
int gx_group_load(struct gx_db *db, const struct gx_actor *a,
    const char *slug, int lookup, struct gx_group *g, struct gx_err *err);

int gx_group_create(struct gx_db *db, const struct gx_actor *a,
    const struct gx_group_in *in, int64_t now, json_t **out,
    const char **result, struct gx_err *err);
json_t *gx_group_get(struct gx_db *db, const char *slug, struct gx_err *err);
int gx_group_list(struct gx_db *db, const char *city, const char *industry,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err);

/*
 * Membership changes, one member at a time: "join" (the member, or staff
 * for them), "approve", "add", "remove", "ban" (admins), "leave" (the
 * member).  *result says what happened ("joined", "pending", "approved",
 * "added", "removed", "banned", "left" or "unchanged").
 */
int gx_group_member(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const char *handle, const char *action, int64_t now,
    json_t **out, const char **result, struct gx_err *err);

/* Set a member's role (founder, admin, member): staff or the founder;
 * making another member founder makes the old founder an admin. */
int gx_group_role(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const char *handle, const char *role, int64_t now,
    json_t **out, const char **result, struct gx_err *err);

struct gx_member_filter {
	const char *role, *status, *city;
	int64_t inactive;	/* > 0: no post within this many seconds */
};
int gx_group_members(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const struct gx_member_filter *f, int64_t now,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err);
int gx_group_diversity(struct gx_db *db, const struct gx_actor *a,
    const char *slug, void (*fn)(json_t *rec, void *ctx), void *ctx,
    struct gx_err *err);

/* Activities: "add", "remove" (admins) a kind; "list". */
int gx_group_activity(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const char *op, const char *kind, int64_t now,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err);
int gx_group_has_activity(struct gx_db *db, int64_t gid, const char *kind,
    struct gx_err *err);

/* The group's local day of time t (YYYY-MM-DD) and weekday. */
void gx_group_day(const struct gx_group *g, int64_t t, char *day,
    int *weekday);

/* Set the topic of a day (admins); day NULL: today. */
int gx_group_topic_set(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const char *text, const char *day, int64_t now,
    json_t **out, const char **result, struct gx_err *err);

/*
 * The star of a day (day NULL: today): the least recently starred active
 * member (never starred first, then by longest ago, then by joining
 * order), fixed for the whole day once chosen.  skip: the star declined,
 * the next one is chosen.
 */
int gx_group_star(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const char *day, int skip, int64_t now, json_t **out,
    struct gx_err *err);

/* The day's agenda. */
json_t *gx_group_today(struct gx_db *db, const struct gx_actor *a,
    const char *slug, int64_t now, struct gx_err *err);

extern const char *const gx_group_fields[];
extern const char *const gx_member_fields[];

#endif
