/* export.c - export and import of the whole database. */
#include "export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tables in the order that satisfies their foreign keys. */
static const struct table {
	const char *type, *name;
	const char *select;	/* every column, in id order */
	const char *count;
} tables[] = {
	{ "user", "users", "SELECT * FROM users ORDER BY id",
	  "SELECT count(*) FROM users" },
	{ "campaign", "campaigns", "SELECT * FROM campaigns ORDER BY id",
	  "SELECT count(*) FROM campaigns" },
	{ "prize", "prizes", "SELECT * FROM prizes ORDER BY id",
	  "SELECT count(*) FROM prizes" },
	{ "invite", "invites", "SELECT * FROM invites ORDER BY id",
	  "SELECT count(*) FROM invites" },
	{ "draw_entry", "draw_entries", "SELECT * FROM draw_entries "
	  "ORDER BY campaign_id, rank", "SELECT count(*) FROM draw_entries" },
	{ "award", "awards", "SELECT * FROM awards ORDER BY id",
	  "SELECT count(*) FROM awards" },
	{ "cert_case", "cert_cases", "SELECT * FROM cert_cases ORDER BY id",
	  "SELECT count(*) FROM cert_cases" },
	{ "cert_doc", "cert_docs", "SELECT * FROM cert_docs ORDER BY id",
	  "SELECT count(*) FROM cert_docs" },
	{ "credit_score", "credit_scores", "SELECT * FROM credit_scores "
	  "ORDER BY id", "SELECT count(*) FROM credit_scores" },
	{ "group", "grp", "SELECT * FROM grp ORDER BY id",
	  "SELECT count(*) FROM grp" },
	{ "group_member", "grp_members", "SELECT * FROM grp_members ORDER BY id",
	  "SELECT count(*) FROM grp_members" },
	{ "group_activity", "grp_activities", "SELECT * FROM grp_activities "
	  "ORDER BY id", "SELECT count(*) FROM grp_activities" },
	{ "group_topic", "grp_topics", "SELECT * FROM grp_topics ORDER BY id",
	  "SELECT count(*) FROM grp_topics" },
	{ "group_star", "grp_stars", "SELECT * FROM grp_stars ORDER BY id",
	  "SELECT count(*) FROM grp_stars" },
	{ "post", "posts", "SELECT * FROM posts ORDER BY id",
	  "SELECT count(*) FROM posts" },
	{ "cheer", "cheers", "SELECT * FROM cheers ORDER BY id",
	  "SELECT count(*) FROM cheers" },
	{ "audit", "audit", "SELECT * FROM audit ORDER BY id",
	  "SELECT count(*) FROM audit" },
};
#define NTABLES (sizeof tables / sizeof tables[0])

int
gx_export(struct gx_db *db, FILE *f, struct gx_err *err)
{
	json_t *hdr = json_pack("{s:s, s:i, s:i}", "type", "gx-export",
	    "format", 1, "schema_version", gx_db_schema_version(db));

	gx_jsonl_write(f, hdr);
	json_decref(hdr);
	for (size_t t = 0; t < NTABLES; t++) {
		struct gx_stmt *st = gx_db_prepare(db, tables[t].select, err);
		int rc;

		if (st == NULL)
			return err->code;
		while ((rc = gx_stmt_step(st, err)) == 1) {
			json_t *rec = json_pack("{s:s}", "type", tables[t].type);
			json_t *row = gx_stmt_row_json(st);

			json_object_update(rec, row);
			if (gx_jsonl_write(f, rec) != 0) {
				json_decref(row);
				json_decref(rec);
				gx_stmt_reset(st);
				return gx_err_set(err, GX_SOFTWARE, "write "
				    "error on standard output");
			}
			json_decref(row);
			json_decref(rec);
		}
		if (rc < 0)
			return err->code;
	}
	return 0;
}

int64_t
gx_db_rows(struct gx_db *db, struct gx_err *err)
{
	int64_t total = 0;

	for (size_t t = 0; t < NTABLES; t++) {
		int64_t n = gx_db_int(db, tables[t].count, err);

		if (n < 0)
			return -1;
		total += n;
	}
	return total;
}

/* Is col one of the table's columns?  0 no, 1 text, 2 integer. */
static int
column_kind(struct gx_db *db, const struct table *t, const char *col,
    struct gx_err *err)
{
	struct gx_stmt *st = gx_db_prepare(db, t->select, err);
	int n;

	if (st == NULL)
		return 0;
	n = gx_stmt_ncols(st);
	for (int i = 0; i < n; i++)
		if (strcmp(gx_stmt_colname(st, i), col) == 0)
			return gx_stmt_col_is_int(st, i) ? 2 : 1;
	return 0;
}

static int
import_one(struct gx_db *db, json_t *rec, const char *where,
    struct gx_err *err)
{
	const struct table *t = NULL;
	const char *type, *key;
	char *sql = NULL;
	size_t len = 0;
	FILE *f;
	json_t *v;
	struct gx_stmt *st;
	int n = 0;

	type = json_string_value(json_object_get(rec, "type"));
	for (size_t i = 0; type && i < NTABLES; i++)
		if (strcmp(tables[i].type, type) == 0)
			t = &tables[i];
	if (t == NULL)
		return gx_err_set(err, GX_DATAERR, "%sunknown record type "
		    "'%s'", where, type ? type : "(none)");
	if ((f = open_memstream(&sql, &len)) == NULL)
		gx_die(GX_SOFTWARE, "out of memory");
	fprintf(f, "INSERT INTO %s (", t->name);
	json_object_foreach(rec, key, v) {
		if (strcmp(key, "type") == 0)
			continue;
		int kind = column_kind(db, t, key, err);

		if (kind == 0) {
			fclose(f);
			free(sql);
			return gx_err_set(err, GX_DATAERR, "%s%s has no field "
			    "'%s'", where, type, key);
		}
		if (!json_is_null(v) && (kind == 2 ? !json_is_integer(v) :
		    !json_is_string(v))) {
			fclose(f);
			free(sql);
			return gx_err_set(err, GX_DATAERR, "%sfield '%s' must "
			    "be %s or null", where, key, kind == 2 ?
			    "an integer" : "a string");
		}
		fprintf(f, "%s%s", n++ ? ", " : "", key);
	}
	fprintf(f, ") VALUES (");
	for (int i = 1; i <= n; i++)
		fprintf(f, "%s$%d", i > 1 ? ", " : "", i);
	fprintf(f, ")");
	fclose(f);
	st = gx_db_prepare(db, sql, err);
	free(sql);
	if (st == NULL)
		return err->code;
	n = 0;
	json_object_foreach(rec, key, v) {
		if (strcmp(key, "type") == 0)
			continue;
		n++;
		if (json_is_integer(v))
			gx_stmt_bind_int(st, n, json_integer_value(v));
		else
			gx_stmt_bind_text(st, n, json_string_value(v));
	}
	if (gx_stmt_step(st, err) < 0) {
		gx_err_prefix(err, where);
		return err->code;
	}
	return 0;
}

int
gx_import(struct gx_db *db, struct gx_jsonl *r, struct gx_err *err)
{
	json_t *rec;
	int rc, first = 1;

	if ((rc = gx_db_begin(db, err)) != 0)
		return rc;
	if (gx_db_rows(db, err) != 0) {
		if (err->code == 0)
			gx_err_set(err, GX_DATAERR, "the database is not empty; "
			    "import needs an empty one");
		goto fail;
	}
	while ((rc = gx_jsonl_next(r, &rec, err)) == 1) {
		char where[64];

		snprintf(where, sizeof where, "%s:%ld: ", r->name, r->lineno);
		if (!json_is_object(rec)) {
			json_decref(rec);
			gx_err_set(err, GX_DATAERR, "%sexpected a JSON object",
			    where);
			goto fail;
		}
		if (first) {
			json_t *v = json_object_get(rec, "schema_version");

			first = 0;
			if (strcmp(json_string_value(json_object_get(rec,
			    "type")) ?: "", "gx-export") != 0 ||
			    !json_is_integer(v)) {
				json_decref(rec);
				gx_err_set(err, GX_DATAERR, "%snot a gx export "
				    "(no gx-export header)", where);
				goto fail;
			}
			if (json_integer_value(v) != gx_db_schema_version(db)) {
				gx_err_set(err, GX_DATAERR, "%sexport has schema "
				    "version %lld, this database %d", where,
				    (long long)json_integer_value(v),
				    gx_db_schema_version(db));
				json_decref(rec);
				goto fail;
			}
			json_decref(rec);
			continue;
		}
		rc = import_one(db, rec, where, err);
		json_decref(rec);
		if (rc != 0)
			goto fail;
	}
	if (rc < 0)
		goto fail;
	if (first) {
		gx_err_set(err, GX_DATAERR, "%s: empty input, not a gx export",
		    r->name);
		goto fail;
	}
	return gx_db_commit(db, err);
fail:
	gx_db_rollback(db);
	return err->code ? err->code : GX_SOFTWARE;
}
