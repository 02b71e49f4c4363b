/*
 * credit.h - credit ratings from an outside bureau (like Sesame Credit),
 * cached with an expiry and shown to others only when the member chooses.
 *
 * The bureau: GET {GX_CREDIT_URL}/{E.164 phone, percent-encoded} with
 * "Authorization: Bearer TOKEN" (GX_CREDIT_TOKEN, or the first line of
 * $XDG_CONFIG_HOME/gx/credit-token, which must be mode 0600), answering
 * {"score": 712, "as_of": "2016-04-01T00:00:00Z"} with 350 <= score <=
 * 950.  HTTPS with certificate checks; plain HTTP only to loopback.
 */
#ifndef GX_CREDIT_H
#define GX_CREDIT_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"
#include "http.h"
#include "user.h"

#define GX_CREDIT_TTL (30 * 86400)	/* GX_CREDIT_TTL overrides */
#define GX_CREDIT_TIMEOUT 10		/* seconds; GX_CREDIT_TIMEOUT */

/* The bureau, opened on first use and reused for a whole batch. */
struct gx_credit {
	struct gx_http *http;
	char *url;
	char *auth;		/* "Authorization: Bearer ..." */
	long timeout_ms;
};

void gx_credit_init(struct gx_credit *c);
void gx_credit_release(struct gx_credit *c);

/*
 * The rating of member handle: from the cache while it is fresh, else
 * (or with refresh) from the bureau, in its own short transaction.
 * Fetching is for staff or the member; others see a cached score only if
 * the member shows it.  GX_UNAVAILABLE (69) for a bureau that cannot be
 * reached or answers nonsense, GX_NOPERM (77) for a refused token; the
 * cache is then left as it was.
 */
int gx_credit_get(struct gx_db *db, const struct gx_actor *a,
    struct gx_credit *c, const char *handle, int refresh, int64_t now,
    json_t **out, struct gx_err *err);

/* The member's choice to show (1) or hide (0) their score: the member or
 * staff.  *result "shown", "hidden" or "unchanged". */
int gx_credit_show(struct gx_db *db, const struct gx_actor *a,
    const char *handle, int show, int64_t now, json_t **out,
    const char **result, struct gx_err *err);

extern const char *const gx_credit_fields[];

#endif
