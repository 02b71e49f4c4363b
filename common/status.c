/* status.c - the database's status and completion candidates. */
#include "status.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

json_t *
gx_status(struct gx_db *db, struct gx_err *err)
{
	static const struct { const char *key, *sql; } counts[] = {
		{ "users", "SELECT count(*) FROM users" },
		{ "active_users", "SELECT count(*) FROM users WHERE status = "
		  "'active'" },
		{ "suspended_users", "SELECT count(*) FROM users WHERE status = "
		  "'suspended'" },
		{ "staff", "SELECT count(*) FROM users WHERE role = 'staff'" },
		{ "campaigns", "SELECT count(*) FROM campaigns" },
		{ "invites", "SELECT count(*) FROM invites" },
		{ "awards", "SELECT count(*) FROM awards" },
		{ "cert_cases_open", "SELECT count(*) FROM cert_cases WHERE "
		  "state = 'open'" },
		{ "groups", "SELECT count(*) FROM grp" },
		{ "posts", "SELECT count(*) FROM posts WHERE deleted_at IS "
		  "NULL" },
		{ "audit_rows", "SELECT count(*) FROM audit" },
	};
	struct stat sb;
	json_t *rec;

	rec = json_pack("{s:s, s:s, s:i, s:I}", "type", "status", "path",
	    gx_db_path(db), "schema_version", gx_db_schema_version(db),
	    "size_bytes", (json_int_t)(stat(gx_db_path(db), &sb) == 0 ?
	    sb.st_size : 0));
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		int64_t n = gx_db_int(db, counts[i].sql, err);

		if (n < 0) {
			json_decref(rec);
			return NULL;
		}
		json_object_set_new(rec, counts[i].key, json_integer(n));
	}
	return rec;
}

int
gx_complete(struct gx_db *db, const char *kind, const char *prefix,
    void (*fn)(const char *text, void *ctx), void *ctx, struct gx_err *err)
{
	/* Keys are [a-z0-9_.-] or upper-case codes: every one with the
	 * prefix sorts below the prefix followed by '~'. */
	static const struct { const char *what, *sql; } kinds[] = {
		{ "handles", "SELECT handle FROM users WHERE handle >= $1 AND "
		  "handle < $2 ORDER BY handle LIMIT 100" },
		{ "slugs", "SELECT slug FROM campaigns WHERE slug >= $1 AND "
		  "slug < $2 ORDER BY slug LIMIT 100" },
		{ "codes", "SELECT code FROM invites WHERE code >= upper($1) AND "
		  "code < upper($2) ORDER BY code LIMIT 100" },
		{ "groups", "SELECT slug FROM grp WHERE slug >= $1 AND slug < $2 "
		  "ORDER BY slug LIMIT 100" },
		/* case ids: the newest open or approved ones */
		{ "cases", "SELECT id FROM cert_cases WHERE state IN ('open', "
		  "'approved') ORDER BY id DESC LIMIT 100" },
	};
	struct gx_stmt *st = NULL;
	char hi[80];
	int rc;

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kind, kinds[i].what) == 0 &&
		    (st = gx_db_prepare(db, kinds[i].sql, err)) == NULL)
			return err->code;
	if (st == NULL)
		return gx_err_set(err, GX_USAGE, "expected 'handles', 'slugs', "
		    "'groups', 'codes' or 'cases'");
	snprintf(hi, sizeof hi, "%.64s~", prefix);
	gx_stmt_bind_text(st, 1, prefix);
	gx_stmt_bind_text(st, 2, hi);
	while ((rc = gx_stmt_step(st, err)) == 1)
		fn(gx_stmt_text(st, 0), ctx);
	return rc < 0 ? err->code : 0;
}
