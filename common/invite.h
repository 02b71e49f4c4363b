/*
 * invite.h - invites: unguessable codes, acceptance with its refusals and
 * flags, revocation, staff flags, statistics and the leaderboard.
 *
 * An invite's state is created, accepted, revoked or flagged; a created
 * invite past its expiry reads as expired.  Only accepted invites count
 * toward a goal: flagged ones never do.
 *
 * Records returned as json_t are new references the caller owns.
 */
#ifndef GX_INVITE_H
#define GX_INVITE_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"
#include "user.h"

#define GX_CODE_LEN 8
/* The code alphabet: no 0/O, 1/I/L, so codes survive being read aloud. */
#define GX_CODE_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
/* Acceptances per inviter within an hour before the next is flagged a
 * burst; GX_INVITE_BURST overrides. */
#define GX_INVITE_BURST 5

struct gx_invite_opts {
	const char *campaign;	/* slug or NULL */
	const char *contact;	/* phone, e-mail or other handle, or NULL */
	const char *channel;	/* wechat, sms, link (default), qr */
	int64_t expires;	/* seconds from now; 0: 30 days */
	int count;		/* invites to create; 0: 1 */
};

/* A fresh code from the kernel's random source into out[GX_CODE_LEN+1]. */
void gx_invite_code_new(char *out);

/*
 * Create o->count invites from inviter (staff, or the inviter acting as
 * themself), calling emit with each new invite record.  Refuses an unknown
 * or suspended inviter, an unknown or finished campaign, a contact that is
 * the inviter's own (self-invite) or already a member's (already-member).
 */
int gx_invite_create(struct gx_db *db, const struct gx_actor *a,
    const char *inviter, const struct gx_invite_opts *o, int64_t now,
    void (*emit)(json_t *rec, void *ctx), void *ctx, struct gx_err *err);

/*
 * The member invitee_id accepts code (in the caller's transaction, so a
 * registration and its attribution are one).  Refused (GX_DATAERR, the
 * reason code in the message): unknown, expired, revoked or already-used
 * code, self-invite.  Accepted but flagged (never counting): already-member
 * (registered before the invite), outside-window (of its campaign), burst.
 */
int gx_invite_accept(struct gx_db *db, const struct gx_actor *a,
    const char *code, int64_t invitee_id, int64_t now, json_t **out,
    struct gx_err *err);

/* The invite with this code, or NULL (err->code GX_NOTFOUND). */
json_t *gx_invite_get(struct gx_db *db, const char *code, int64_t now,
    struct gx_err *err);

struct gx_invite_filter {
	const char *inviter, *campaign, *state, *channel;
	int64_t limit;
};

/* Invites matching f, oldest first; GX_NOTFOUND if none. */
int gx_invite_list(struct gx_db *db, const struct gx_invite_filter *f,
    int64_t now, void (*fn)(json_t *rec, void *ctx), void *ctx,
    struct gx_err *err);

/* Revoke an unused invite (its inviter or staff); *result "revoked" or
 * "unchanged". */
int gx_invite_revoke(struct gx_db *db, const struct gx_actor *a,
    const char *code, int64_t now, json_t **out, const char **result,
    struct gx_err *err);

/* Staff flag an accepted invite (reason code, note) or clear a flag. */
int gx_invite_flag(struct gx_db *db, const struct gx_actor *a,
    const char *code, int flag, const char *reason, const char *note,
    int64_t now, json_t **out, const char **result, struct gx_err *err);

/*
 * Statistics: sent, accepted, flagged, expired, revoked, conversion
 * (accepted / sent), k_factor (accepted / inviters), for everything or
 * grouped by "inviter", "channel" or "day" (by = NULL: one row).
 */
int gx_invite_stats(struct gx_db *db, const char *campaign, const char *by,
    int64_t now, void (*fn)(json_t *rec, void *ctx), void *ctx,
    struct gx_err *err);

/*
 * Inviters by successful (accepted, unflagged; for a campaign: inside its
 * window) invites, at least min, most first; ties go to whoever reached
 * the count first.
 */
int gx_invite_leaderboard(struct gx_db *db, const char *campaign,
    int64_t min, int64_t limit, void (*fn)(json_t *rec, void *ctx),
    void *ctx, struct gx_err *err);

/* Normalise a contact: a phone to E.164, an e-mail to lower case, other
 * text trimmed.  0, or -1 if it is empty or has control characters. */
int gx_contact_normalize(const char *in, char *out, size_t n);

extern const char *const gx_invite_fields[];
extern const char *const gx_invite_table[];

#endif
