/* credit.c - credit ratings: the bureau, the cache, the member's choice. */
#include "credit.h"
#include "audit.h"
#include "cert.h"
#include "clock.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *const gx_credit_fields[] = { "type", "handle", "score", "band",
    "as_of", "fetched_at", "expires_at", "visible", "hidden", "cached",
    "result", NULL };

void
gx_credit_init(struct gx_credit *c)
{
	memset(c, 0, sizeof *c);
}

void
gx_credit_release(struct gx_credit *c)
{
	gx_http_free(c->http);
	free(c->url);
	free(c->auth);
	memset(c, 0, sizeof *c);
}

static int64_t
ttl(void)
{
	const char *e = getenv("GX_CREDIT_TTL");
	int64_t d;

	return e && gx_duration_parse(e, &d) == 0 && d > 0 ? d : GX_CREDIT_TTL;
}

/* The token: GX_CREDIT_TOKEN, or the config file if nobody else can read
 * it. */
static int
token(char *out, size_t n, struct gx_err *err)
{
	const char *e = getenv("GX_CREDIT_TOKEN"), *base, *home;
	char path[4096];
	struct stat sb;
	FILE *f;

	if (e != NULL && *e != '\0') {
		snprintf(out, n, "%s", e);
		return 0;
	}
	base = getenv("XDG_CONFIG_HOME");
	home = getenv("HOME");
	if (base != NULL && *base == '/')
		snprintf(path, sizeof path, "%s/gx/credit-token", base);
	else
		snprintf(path, sizeof path, "%s/.config/gx/credit-token",
		    home ? home : "");
	if ((f = fopen(path, "r")) == NULL)
		return gx_err_set(err, GX_USAGE, "no credit bureau token: set "
		    "GX_CREDIT_TOKEN or write it to '%s' (mode 0600)", path);
	if (fstat(fileno(f), &sb) == 0 && (sb.st_mode & 077) != 0) {
		fclose(f);
		return gx_err_set(err, GX_NOPERM, "'%s' is readable by others "
		    "(chmod 600 it)", path);
	}
	if (fgets(out, (int)n, f) == NULL)
		out[0] = '\0';
	fclose(f);
	out[strcspn(out, "\r\n")] = '\0';
	if (out[0] == '\0')
		return gx_err_set(err, GX_USAGE, "'%s' holds no token", path);
	return 0;
}

static int
open_bureau(struct gx_credit *c, struct gx_err *err)
{
	const char *url = getenv("GX_CREDIT_URL"), *t = getenv(
	    "GX_CREDIT_TIMEOUT");
	char tok[512];
	int rc;

	if (c->http != NULL)
		return 0;
	if (url == NULL || *url == '\0')
		return gx_err_set(err, GX_USAGE, "GX_CREDIT_URL is not set: no "
		    "credit bureau to ask");
	if (!gx_http_url_ok(url))
		return gx_err_set(err, GX_USAGE, "GX_CREDIT_URL '%s' must be "
		    "https:// (plain http:// only to this machine)", url);
	if ((rc = token(tok, sizeof tok, err)) != 0)
		return rc;
	c->timeout_ms = (t && atof(t) > 0 ? (long)(atof(t) * 1000) :
	    GX_CREDIT_TIMEOUT * 1000L);
	c->url = gx_xstrdup(url);
	if (asprintf(&c->auth, "Authorization: Bearer %s", tok) < 0)
		gx_die(GX_SOFTWARE, "out of memory");
	c->http = gx_http_new();
	return 0;
}

/* Ask the bureau for phone; 0 with *score and as_of. */
static int
fetch(struct gx_credit *c, const char *phone, int64_t *score, char *as_of,
    struct gx_err *err)
{
	const char *headers[] = { c->auth, "Accept: application/json", NULL };
	char *esc = gx_http_escape(c->http, phone), *url, *body = NULL;
	json_error_t je;
	json_t *j = NULL, *s, *t;
	long status;
	int64_t when;
	int rc;

	if (asprintf(&url, "%s%s%s", c->url, c->url[strlen(c->url) - 1] ==
	    '/' ? "" : "/", esc) < 0)
		gx_die(GX_SOFTWARE, "out of memory");
	free(esc);
	rc = gx_http_get(c->http, url, headers, c->timeout_ms, &status, &body,
	    err);
	if (rc != 0)
		goto out;
	if (status == 401 || status == 403) {
		rc = gx_err_set(err, GX_NOPERM, "the credit bureau refused the "
		    "token (HTTP %ld)", status);
		goto out;
	}
	if (status != 200) {
		rc = gx_err_set(err, GX_UNAVAILABLE, "the credit bureau answered "
		    "HTTP %ld", status);
		goto out;
	}
	if ((j = json_loads(body, 0, &je)) == NULL || !json_is_object(j)) {
		rc = gx_err_set(err, GX_UNAVAILABLE, "the credit bureau's answer "
		    "is not a JSON object");
		goto out;
	}
	s = json_object_get(j, "score");
	t = json_object_get(j, "as_of");
	if (!json_is_integer(s) || json_integer_value(s) < 350 ||
	    json_integer_value(s) > 950) {
		rc = gx_err_set(err, GX_UNAVAILABLE, "the credit bureau's score "
		    "is not a whole number from 350 to 950");
		goto out;
	}
	if (!json_is_string(t) || gx_time_parse(json_string_value(t), 0,
	    &when) != 0) {
		rc = gx_err_set(err, GX_UNAVAILABLE, "the credit bureau's as_of "
		    "is not a time");
		goto out;
	}
	*score = json_integer_value(s);
	gx_time_format(when, as_of);
out:
	json_decref(j);
	free(body);
	free(url);
	return rc;
}

#define CREDIT_SELECT \
	"SELECT u.id, u.handle, u.phone, s.score, s.as_of, s.fetched_at, " \
	"s.expires_at, s.visible FROM users u LEFT JOIN credit_scores s ON " \
	"s.user_id = u.id WHERE u.handle = $1"

/* The cached rating as a record, hidden from who may not see it. */
static json_t *
credit_record(struct gx_stmt *st, const struct gx_actor *a, int cached)
{
	int64_t uid = gx_stmt_int(st, 0);
	int visible = gx_stmt_coltype(st, 7) != GX_COL_NULL &&
	    gx_stmt_int(st, 7) == 1;
	int may = visible || a->staff || a->id == uid;
	int has = gx_stmt_coltype(st, 3) != GX_COL_NULL;
	json_t *rec = json_pack("{s:s, s:s, s:b, s:b, s:b}", "type", "credit",
	    "handle", gx_stmt_text(st, 1), "visible", visible, "hidden", !may,
	    "cached", cached);

	json_object_set_new(rec, "score", has && may ?
	    json_integer(gx_stmt_int(st, 3)) : json_null());
	json_object_set_new(rec, "band", has && may ?
	    json_string(gx_credit_band(gx_stmt_int(st, 3))) : json_null());
	for (int i = 4; i <= 6; i++) {
		const char *v = gx_stmt_text(st, i);

		json_object_set_new(rec, i == 4 ? "as_of" : i == 5 ?
		    "fetched_at" : "expires_at", v && may ? json_string(v) :
		    json_null());
	}
	return rec;
}

static json_t *
read_back(struct gx_db *db, const struct gx_actor *a, const char *h,
    int cached, struct gx_err *err)
{
	struct gx_stmt *st = gx_db_prepare(db, CREDIT_SELECT, err);
	json_t *rec = NULL;

	if (st == NULL)
		return NULL;
	gx_stmt_bind_text(st, 1, h);
	if (gx_stmt_step(st, err) == 1)
		rec = credit_record(st, a, cached);
	gx_stmt_reset(st);
	return rec;
}

int
gx_credit_get(struct gx_db *db, const struct gx_actor *a,
    struct gx_credit *c, const char *handle, int refresh, int64_t now,
    json_t **out, struct gx_err *err)
{
	char h[GX_HANDLE_MAX + 1], phone[24], as_of[GX_TIME_LEN];
	char at[GX_TIME_LEN], exp[GX_TIME_LEN];
	struct gx_stmt *st;
	int64_t uid, score = 0;
	int fresh, rc;
	json_t *d;

	*out = NULL;
	if (gx_handle_normalize(handle, h) != 0)
		return gx_err_set(err, GX_DATAERR, "no member '%s'", handle);
	gx_time_format(now, at);
	if ((st = gx_db_prepare(db, CREDIT_SELECT, err)) == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, h);
	if ((rc = gx_stmt_step(st, err)) < 0)
		return err->code;
	if (rc == 0)
		return gx_err_set(err, GX_DATAERR, "no member '%s'", h);
	uid = gx_stmt_int(st, 0);
	snprintf(phone, sizeof phone, "%s", gx_stmt_text(st, 2));
	fresh = gx_stmt_coltype(st, 6) != GX_COL_NULL &&
	    strcmp(gx_stmt_text(st, 6), at) > 0;
	if (fresh && !refresh) {
		*out = credit_record(st, a, 1);
		gx_stmt_reset(st);
		return 0;
	}
	gx_stmt_reset(st);
	if (!a->staff && a->id != uid)
		return gx_err_set(err, GX_NOPERM, "only member '%s' or staff may "
		    "ask the bureau for their rating", h);
	if ((rc = open_bureau(c, err)) != 0 ||
	    (rc = fetch(c, phone, &score, as_of, err)) != 0)
		return rc;
	/* A short transaction per member: the bureau is not waited on with
	 * the database locked. */
	if ((rc = gx_db_begin(db, err)) != 0)
		return rc;
	gx_time_format(now + ttl(), exp);
	st = gx_db_prepare(db, "INSERT INTO credit_scores (user_id, score, "
	    "as_of, fetched_at, expires_at, updated_at) VALUES ($1, $2, $3, $4, "
	    "$5, $4) ON CONFLICT (user_id) DO UPDATE SET score = $2, as_of = $3, "
	    "fetched_at = $4, expires_at = $5, updated_at = $4", err);
	if (st == NULL)
		goto fail;
	gx_stmt_bind_int(st, 1, uid);
	gx_stmt_bind_int(st, 2, score);
	gx_stmt_bind_text(st, 3, as_of);
	gx_stmt_bind_text(st, 4, at);
	gx_stmt_bind_text(st, 5, exp);
	if (gx_stmt_step(st, err) < 0)
		goto fail;
	d = json_pack("{s:I, s:s}", "score", (json_int_t)score, "as_of", as_of);
	rc = gx_audit_log(db, now, a->label, "fetch", "credit", h, d, err);
	json_decref(d);
	if (rc != 0 || (rc = gx_db_commit(db, err)) != 0)
		goto fail;
	*out = read_back(db, a, h, 0, err);
	return *out ? 0 : err->code;
fail:
	gx_db_rollback(db);
	return err->code ? err->code : GX_SOFTWARE;
}

int
gx_credit_show(struct gx_db *db, const struct gx_actor *a,
    const char *handle, int show, int64_t now, json_t **out,
    const char **result, struct gx_err *err)
{
	char h[GX_HANDLE_MAX + 1], at[GX_TIME_LEN];
	struct gx_stmt *st;
	int64_t uid;
	int rc, was;

	*out = NULL;
	if (gx_handle_normalize(handle, h) != 0)
		return gx_err_set(err, GX_DATAERR, "no member '%s'", handle);
	if ((st = gx_db_prepare(db, CREDIT_SELECT, err)) == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, h);
	if ((rc = gx_stmt_step(st, err)) < 0)
		return err->code;
	if (rc == 0)
		return gx_err_set(err, GX_DATAERR, "no member '%s'", h);
	uid = gx_stmt_int(st, 0);
	was = gx_stmt_coltype(st, 7) != GX_COL_NULL && gx_stmt_int(st, 7) == 1;
	gx_stmt_reset(st);
	if (!a->staff && a->id != uid)
		return gx_err_set(err, GX_NOPERM, "only member '%s' or staff may "
		    "choose who sees their rating", h);
	if (was == show) {
		*result = "unchanged";
		*out = read_back(db, a, h, 1, err);
		return *out ? 0 : err->code;
	}
	gx_time_format(now, at);
	st = gx_db_prepare(db, "INSERT INTO credit_scores (user_id, visible, "
	    "updated_at) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO UPDATE SET "
	    "visible = $2, updated_at = $3", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, uid);
	gx_stmt_bind_int(st, 2, show);
	gx_stmt_bind_text(st, 3, at);
	if (gx_stmt_step(st, err) < 0)
		return err->code;
	if ((rc = gx_audit_log(db, now, a->label, show ? "show" : "hide",
	    "credit", h, NULL, err)) != 0)
		return rc;
	*result = show ? "shown" : "hidden";
	*out = read_back(db, a, h, 1, err);
	return *out ? 0 : err->code;
}
