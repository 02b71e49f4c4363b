/*
 * cert.h - certification: real-name and professional identity cases
 * reviewed by staff within the SLA (default 3 days; GX_CERT_SLA), their
 * documents in the media store, the badges they give, and the statistics
 * of the review.
 *
 * Rules: only staff decide; nobody decides their own case; a member acting
 * with --as submits and sees only their own.  A real-name case needs an
 * id-card document.  A professional case needs an approved real-name check,
 * a current job on the profile (employed, company, title), an id-card and
 * a business-card or employment document: checked at submit and at
 * approval.  Approvals expire (default 365 days).
 *
 * Records returned as json_t are new references the caller owns.
 */
#ifndef GX_CERT_H
#define GX_CERT_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"
#include "user.h"

#define GX_CERT_SLA (3 * 86400)
#define GX_CERT_EXPIRES (365 * 86400)
#define GX_CERT_MAX_DOCS 8

/* Reason codes of a rejection, NULL-terminated. */
extern const char *const gx_cert_reasons[];

struct gx_cert_doc_in {
	char kind[16];		/* id-card, business-card, employment, other */
	const char *path;
};

/* The SLA in seconds: GX_CERT_SLA (a duration) or 3 days. */
int64_t gx_cert_sla(void);

/* Parse "KIND=FILE" into *d (path borrowed from spec).  0 or GX_USAGE. */
int gx_cert_doc_parse(const char *spec, struct gx_cert_doc_in *d,
    struct gx_err *err);

/* Open a case for member handle with its documents (copied into the media
 * store).  *out is the case. */
int gx_cert_submit(struct gx_db *db, const struct gx_actor *a,
    const char *handle, const char *kind, const struct gx_cert_doc_in *docs,
    int ndocs, int64_t now, json_t **out, struct gx_err *err);

/* The case with this id, with its documents; NULL (GX_NOTFOUND). A member
 * may see only their own; the private note only staff. */
json_t *gx_cert_get(struct gx_db *db, const struct gx_actor *a, int64_t id,
    int64_t now, struct gx_err *err);

/* Open cases, oldest first: kind NULL for both; due_by > 0 keeps those due
 * by then (overdue: now).  A member sees only their own. */
int gx_cert_queue(struct gx_db *db, const struct gx_actor *a,
    const char *kind, int64_t due_by, int64_t now,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err);

/* Decisions (staff, not on their own case).  expires: seconds (0: the
 * default).  *result "approved", "rejected", "revoked" or "unchanged". */
int gx_cert_approve(struct gx_db *db, const struct gx_actor *a, int64_t id,
    int64_t expires, const char *note, int64_t now, json_t **out,
    const char **result, struct gx_err *err);
int gx_cert_reject(struct gx_db *db, const struct gx_actor *a, int64_t id,
    const char *reason, int final, const char *message, const char *note,
    int64_t now, json_t **out, const char **result, struct gx_err *err);
int gx_cert_revoke(struct gx_db *db, const struct gx_actor *a, int64_t id,
    const char *note, int64_t now, json_t **out, const char **result,
    struct gx_err *err);

/* A member's badges and, for each badge they lack, what is missing. */
json_t *gx_cert_status(struct gx_db *db, const struct gx_actor *a,
    const char *handle, int64_t now, struct gx_err *err);

/* Add the trust fields to a user record (realname, professional, company
 * and title when professional, credit_band when the member shows it). */
int gx_cert_badges(struct gx_db *db, const struct gx_actor *a, json_t *rec,
    int64_t now, struct gx_err *err);

/* Review statistics; since (RFC 3339) or NULL. */
json_t *gx_cert_stats(struct gx_db *db, const struct gx_actor *a,
    const char *since, int64_t now, struct gx_err *err);

/* Sesame-style band of a score: poor 350-549, fair 550-599, good 600-649,
 * very-good 650-699, excellent 700-950. */
const char *gx_credit_band(int64_t score);

extern const char *const gx_cert_fields[];
extern const char *const gx_cert_table[];

#endif
