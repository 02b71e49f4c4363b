/*
 * user.h - members: validation, registration, lookup, profile changes,
 * suspension, and who is acting (the actor) with what rights.
 *
 * Records returned as json_t are new references the caller owns.
 */
#ifndef GX_USER_H
#define GX_USER_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"

#define GX_HANDLE_MAX 32
#define GX_NAME_MAX 64		/* characters */
#define GX_TEXT_MAX 128		/* characters of city, company, ... */

/* Who is acting: a member (--as) or the operator (staff rights). */
struct gx_actor {
	int64_t id;		/* 0 for the operator */
	char handle[GX_HANDLE_MAX + 1];	/* "" for the operator */
	int staff;
	char label[80];		/* for the audit log: handle or operator:USER */
};

/* Fields of a member as given on input, validated and normalised. */
enum {
	GX_UF_NAME = 1 << 0, GX_UF_PHONE = 1 << 1, GX_UF_EMAIL = 1 << 2,
	GX_UF_CITY = 1 << 3, GX_UF_INDUSTRY = 1 << 4, GX_UF_COMPANY = 1 << 5,
	GX_UF_TITLE = 1 << 6, GX_UF_EMPLOYED = 1 << 7, GX_UF_ROLE = 1 << 8,
};

struct gx_user_in {
	unsigned set;				/* GX_UF_* present */
	char handle[GX_HANDLE_MAX + 1];
	char name[GX_NAME_MAX * 4 + 1];
	char phone[24];				/* E.164 */
	char email[GX_TEXT_MAX * 4 + 1];
	char city[GX_TEXT_MAX * 4 + 1];
	char industry[GX_TEXT_MAX * 4 + 1];
	char company[GX_TEXT_MAX * 4 + 1];
	char title[GX_TEXT_MAX * 4 + 1];
	int employed;
	char role[8];				/* member | staff */
	char invite[16];			/* invite code, or "" */
};

/* Filters of gx_user_list; NULL / 0 means no filter. */
struct gx_user_filter {
	const char *city, *industry, *company, *search, *status, *role;
	const char *since;		/* RFC 3339 */
	int64_t limit;			/* 0: no limit */
};

/* Validation; each returns 0, or -1 for a value that cannot be used. */
int gx_handle_normalize(const char *in, char out[GX_HANDLE_MAX + 1]);
int gx_phone_normalize(const char *in, char out[24]);
/* "+86 138****5678" style; out must hold 32 bytes. */
void gx_phone_mask(const char *e164, char out[32]);
/* 1 if s is 1..max characters without control characters. */
int gx_text_ok(const char *s, int max);

/*
 * Fill *u from a JSON record (handle, name, phone, email, city, industry,
 * company, title: strings; employed: boolean; role: "member"|"staff";
 * other fields ignored).  need_core: handle, name and phone are required
 * (registration); else only handle is.  0, or GX_DATAERR with *err.
 */
int gx_user_parse(const json_t *rec, struct gx_user_in *u, int need_core,
    struct gx_err *err);

/*
 * The actor for handle (NULL: the operator).  An unknown or suspended
 * member cannot act: GX_NOPERM.
 */
int gx_actor_resolve(struct gx_db *db, const char *handle,
    struct gx_actor *a, struct gx_err *err);

/*
 * A registration prepared without the database, so that a bulk load can do
 * it in its parsing thread: the input, and the member's record as JSON text
 * as it will be printed once added, less its leading {"type":"user","id":N,
 * (line is empty if the record did not fit).  It holds no pointers, so
 * nothing allocated in one thread is freed in the other.
 */
#define GX_USER_LINE 6144

struct gx_user_prep {
	struct gx_user_in u;
	char at[24];		/* the registration time, RFC 3339 */
	size_t len;
	char line[GX_USER_LINE];
};
void gx_user_prepare(struct gx_user_prep *p, int64_t now, int reveal);

/*
 * Register p->u (staff only).  *result is "added", or "unchanged" when the
 * same handle with the same phone exists; a handle or phone taken by
 * another member is GX_DATAERR naming that member.  Writes the audit row,
 * or adds the handle to group g when it is not NULL (a bulk load).  With
 * p->u.invite, the new member accepts that invite in the same transaction
 * (its refusals refuse the registration).
 * *id is the member's id.
 */
struct gx_audit_group;
int gx_user_add(struct gx_db *db, const struct gx_actor *a,
    const struct gx_user_prep *p, struct gx_audit_group *g, int64_t now,
    int64_t *id, const char **result, struct gx_err *err);

/* Print the record of a member just added from p, with its id. */
struct gx_out;
void gx_user_emit_added(struct gx_out *o, const struct gx_user_prep *p,
    int64_t id);

/* The record of the member with this handle (case folded), or NULL with
 * err->code GX_NOTFOUND. */
json_t *gx_user_get(struct gx_db *db, const char *handle, struct gx_err *err);

/* Call fn for each member matching f, oldest first; stops at fn's nonzero
 * return and returns it.  GX_NOTFOUND if none matched. */
int gx_user_list(struct gx_db *db, const struct gx_user_filter *f,
    int (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err);

/*
 * Change the fields in u->set of member u->handle.  Members may change only
 * themselves and never the role; staff anyone.  *result "updated" or
 * "unchanged"; unknown member GX_DATAERR.
 */
int gx_user_update(struct gx_db *db, const struct gx_actor *a,
    const struct gx_user_in *u, int64_t now, json_t **out,
    const char **result, struct gx_err *err);

/* Suspend (with reason) or restore a member; staff only, never oneself. */
int gx_user_suspend(struct gx_db *db, const struct gx_actor *a,
    const char *handle, int suspend, const char *reason, int64_t now,
    json_t **out, const char **result, struct gx_err *err);

/* Shape a record for output in place: mask the phone unless reveal. */
void gx_user_present(json_t *rec, int reveal);

/* Fields of a user record, for --fields. */
extern const char *const gx_user_fields[];
extern const char *const gx_user_table[];

#endif
