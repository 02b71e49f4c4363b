/*
 * post.h - posts in groups: the daily reflection (exactly three good deeds
 * and one habit; one per member, group and day, a second replacing the
 * first), answers to the day's topic, the day's star's story, photos
 * (images checked by content, in the media store), notes, replies and
 * cheers; the feed, reflection streaks and the positive-energy score.
 *
 * Only active members of a group post in it (staff act through --as);
 * a ritual's posts need its activity enabled in the group.
 * Records returned as json_t are new references the caller owns.
 */
#ifndef GX_POST_H
#define GX_POST_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"
#include "user.h"

#define GX_POST_MAX 2000	/* characters of a post's text */
#define GX_POST_PHOTOS 9

/*
 * Positive energy, over a window: 3 per reflection, 2 per topic answer,
 * 3 per star story, 2 per photo, 1 per note or reply, 1 per cheer given
 * and 1 per cheer received.
 */
#define GX_ENERGY_REFLECTION 3
#define GX_ENERGY_TOPIC 2
#define GX_ENERGY_STAR 3
#define GX_ENERGY_PHOTO 2
#define GX_ENERGY_NOTE 1
#define GX_ENERGY_CHEER_GIVEN 1
#define GX_ENERGY_CHEER_RECEIVED 1

int gx_post_reflection(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const char *const *good, int ngood, const char *habit,
    int64_t now, json_t **out, const char **result, struct gx_err *err);
/* kind: "topic" (answers today's topic), "star" (today's star only),
 * "note". */
int gx_post_text(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const char *kind, const char *text, int64_t now,
    json_t **out, struct gx_err *err);
int gx_post_photo(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const char *const *files, int nfiles,
    const char *caption, int64_t now, json_t **out, struct gx_err *err);
int gx_post_reply(struct gx_db *db, const struct gx_actor *a, int64_t parent,
    const char *text, int64_t now, json_t **out, struct gx_err *err);
int gx_post_cheer(struct gx_db *db, const struct gx_actor *a, int64_t id,
    int64_t now, json_t **out, const char **result, struct gx_err *err);
/* The author, a group admin or staff; the post stays in the audit log. */
int gx_post_delete(struct gx_db *db, const struct gx_actor *a, int64_t id,
    int64_t now, json_t **out, const char **result, struct gx_err *err);

json_t *gx_post_get(struct gx_db *db, const struct gx_actor *a, int64_t id,
    struct gx_err *err);

struct gx_feed {
	const char *kind, *author, *since;	/* since: RFC 3339 */
	int64_t before;				/* > 0: ids below it */
	int64_t limit;				/* default 20 */
};

/* Newest first; pages are stable through before (the last id seen). */
int gx_post_feed(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const struct gx_feed *f,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err);

/* Consecutive days with a reflection, up to today (or yesterday). */
json_t *gx_post_streak(struct gx_db *db, const struct gx_actor *a,
    const char *handle, const char *slug, int64_t now, struct gx_err *err);

/* The energy of one member (slug may narrow it to a group), or of every
 * active member of a group (handle NULL), highest first. */
int gx_post_energy(struct gx_db *db, const struct gx_actor *a,
    const char *handle, const char *slug, int64_t window, int64_t now,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err);

extern const char *const gx_post_fields[];
extern const char *const gx_post_table[];
extern const char *const gx_energy_fields[];

#endif
