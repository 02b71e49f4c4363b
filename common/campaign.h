/*
 * campaign.h - invite-three-friends campaigns: prizes, frozen rules, who
 * is eligible, the committed seed, the draw, its proof and verification,
 * and the awards until they are delivered.
 *
 * The draw (documented in gx-campaign(1)):
 *   commitment = hex(SHA-256(seed))            published before the draw
 *   ticket(h)  = hex(SHA-256(seed ":" slug ":" h))   for each candidate h
 * Candidates are ranked by ticket, lowest first (ties by handle); prizes
 * are given in their order, each to as many ranks as its quantity; the
 * rest is the reserve list, and a declined prize passes to the first
 * reserve not yet awarded.
 *
 * Records returned as json_t are new references the caller owns.
 */
#ifndef GX_CAMPAIGN_H
#define GX_CAMPAIGN_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"
#include "user.h"

#define GX_SLUG_MAX 48
#define GX_MAX_PRIZES 16
/* China's Anti-Unfair Competition Law, Art. 10: a lottery-style prize may
 * not be worth more than 50,000 yuan. */
#define GX_PRIZE_MAX_FEN (50000 * 100LL)

struct gx_prize_in {
	char name[4 * GX_TEXT_MAX + 1];
	int64_t quantity;
	int64_t value_fen;	/* -1: no value given */
};

enum {
	GX_CF_TITLE = 1 << 0, GX_CF_STARTS = 1 << 1, GX_CF_ENDS = 1 << 2,
	GX_CF_GOAL = 1 << 3, GX_CF_PRIZES = 1 << 4, GX_CF_ORGANISER = 1 << 5,
	GX_CF_DRAW_AT = 1 << 6,
};

struct gx_campaign_in {
	unsigned set;			/* GX_CF_* given */
	char slug[GX_SLUG_MAX + 1];
	char title[4 * GX_TEXT_MAX + 1];
	char organiser[4 * GX_TEXT_MAX + 1];
	int64_t starts, ends, draw_at, goal;
	struct gx_prize_in prizes[GX_MAX_PRIZES];
	int nprizes;
};

/* "NAME:QTY[:VALUE]" (VALUE in yuan, up to two decimals).  0 or
 * GX_DATAERR/GX_USAGE with *err. */
int gx_prize_parse(const char *spec, struct gx_prize_in *p,
    struct gx_err *err);
/* Slugs: [a-z0-9-], 2-48 characters, starting with a letter or digit. */
int gx_slug_ok(const char *slug);

/* Create a campaign (staff).  *result "added", or "unchanged" if the same
 * slug exists. */
int gx_campaign_create(struct gx_db *db, const struct gx_actor *a,
    const struct gx_campaign_in *c, int64_t now, json_t **out,
    const char **result, struct gx_err *err);
/* Change a campaign before it opens; refused (GX_NOPERM) once open. */
int gx_campaign_set(struct gx_db *db, const struct gx_actor *a,
    const struct gx_campaign_in *c, int64_t now, json_t **out,
    const char **result, struct gx_err *err);

/* The campaign record (with its prizes and state), or NULL (GX_NOTFOUND). */
json_t *gx_campaign_get(struct gx_db *db, const char *slug, int64_t now,
    struct gx_err *err);
int gx_campaign_list(struct gx_db *db, int64_t now,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err);

/* The disclosure owed to members before they take part (caller frees),
 * and its SHA-256 in sha[65]. */
char *gx_campaign_rules(struct gx_db *db, const char *slug, char *sha,
    struct gx_err *err);

/* Members (active) who reached the goal inside the window, by the time
 * they reached it.  GX_NOTFOUND if none. */
int gx_campaign_eligible(struct gx_db *db, const char *slug,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err);

/* Draw a secret seed and publish its SHA-256 (staff; once). */
int gx_campaign_commit(struct gx_db *db, const struct gx_actor *a,
    const char *slug, int64_t now, json_t **out, const char **result,
    struct gx_err *err);

/*
 * Draw (staff; once; after commit): candidates is a JSON array of handles
 * (each must be eligible) or NULL for every eligible member.  Reveals the
 * seed, records the ranking, creates the awards and calls fn with each.
 */
int gx_campaign_draw(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const json_t *candidates, int64_t now,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err);

/* Everything needed to check a draw without the database. */
json_t *gx_campaign_proof(struct gx_db *db, const char *slug,
    struct gx_err *err);

/* Check a proof: 0 with *report, or GX_DATAERR saying what does not
 * match.  Touches no database. */
int gx_draw_verify(const json_t *proof, json_t **report, struct gx_err *err);
/* ticket = hex(SHA-256(seed ":" slug ":" handle)) into out[65]. */
void gx_draw_ticket(const char *seed, const char *slug, const char *handle,
    char *out);

/* Awards of a campaign (status NULL: all), by rank. */
int gx_award_list(struct gx_db *db, const char *slug, const char *status,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err);
json_t *gx_award_get(struct gx_db *db, int64_t id, struct gx_err *err);

/* decline (the winner or staff; the prize passes on: fn gets the declined
 * award and its replacement), ship (staff, with tracking), deliver
 * (staff). */
int gx_award_decline(struct gx_db *db, const struct gx_actor *a, int64_t id,
    int64_t now, void (*fn)(json_t *rec, void *ctx), void *ctx,
    struct gx_err *err);
int gx_award_ship(struct gx_db *db, const struct gx_actor *a, int64_t id,
    const char *tracking, int deliver, int64_t now, json_t **out,
    const char **result, struct gx_err *err);

/* Close a drawn campaign (staff). */
int gx_campaign_close(struct gx_db *db, const struct gx_actor *a,
    const char *slug, int64_t now, json_t **out, const char **result,
    struct gx_err *err);

extern const char *const gx_campaign_fields[];
extern const char *const gx_campaign_table[];
extern const char *const gx_award_fields[];
extern const char *const gx_award_table[];
extern const char *const gx_eligible_fields[];

#endif
