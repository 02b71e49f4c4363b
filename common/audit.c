/* audit.c - the hash-chained audit log (SHA-256 from OpenSSL's libcrypto). */
#include "audit.h"
#include "clock.h"

#include "sha.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char genesis[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

void
gx_audit_hash(const char *prev, const char *at, const char *actor,
    const char *command, const char *action, const char *entity,
    const char *entity_id, const char *details, char *out)
{
	const char *parts[] = { prev, at, actor, command, action, entity,
	    entity_id, details };
	size_t lens[8], total = 0, o = 0;
	char stackbuf[2048], *buf = stackbuf;

	for (size_t i = 0; i < 8; i++) {
		lens[i] = parts[i] ? strlen(parts[i]) : 0;
		total += lens[i] + 1;
	}
	if (total > sizeof stackbuf)
		buf = gx_xmalloc(total);
	for (size_t i = 0; i < 8; i++) {
		if (i > 0)
			buf[o++] = '|';
		if (lens[i])
			memcpy(buf + o, parts[i], lens[i]);
		o += lens[i];
	}
	gx_sha256_hex(buf, o, out);
	if (buf != stackbuf)
		free(buf);
}

int
gx_audit_log(struct gx_db *db, int64_t now, const char *actor,
    const char *action, const char *entity, const char *entity_id,
    const json_t *details, struct gx_err *err)
{
	char *dtext = NULL;
	int rc;

	if (details != NULL &&
	    (dtext = json_dumps(details, JSON_COMPACT)) == NULL)
		gx_die(GX_SOFTWARE, "out of memory");
	rc = gx_audit_log_text(db, now, actor, action, entity, entity_id, dtext,
	    err);
	free(dtext);
	return rc;
}

int
gx_audit_log_text(struct gx_db *db, int64_t now, const char *actor,
    const char *action, const char *entity, const char *entity_id,
    const char *details, struct gx_err *err)
{
	char at[GX_TIME_LEN], prev[GX_HASH_HEX], hash[GX_HASH_HEX];
	struct gx_stmt *st;
	int rc;

	gx_time_format(now, at);
	st = gx_db_prepare(db, "SELECT hash FROM audit ORDER BY id DESC "
	    "LIMIT 1", err);
	if (st == NULL)
		return err->code;
	if ((rc = gx_stmt_step(st, err)) < 0)
		return err->code;
	if (rc == 1) {
		const char *h = gx_stmt_text(st, 0);

		snprintf(prev, sizeof prev, "%s", h ? h : "");
	} else {
		memcpy(prev, genesis, sizeof genesis);
	}
	gx_stmt_reset(st);
	gx_audit_hash(prev, at, actor, gx_progname, action, entity, entity_id,
	    details, hash);
	st = gx_db_prepare(db, "INSERT INTO audit (at, actor, command, action, "
	    "entity, entity_id, details, prev_hash, hash) VALUES ($1, $2, $3, "
	    "$4, $5, $6, $7, $8, $9)", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, at);
	gx_stmt_bind_text(st, 2, actor);
	gx_stmt_bind_text(st, 3, gx_progname);
	gx_stmt_bind_text(st, 4, action);
	gx_stmt_bind_text(st, 5, entity);
	gx_stmt_bind_text(st, 6, entity_id);
	gx_stmt_bind_text(st, 7, details);
	gx_stmt_bind_text(st, 8, prev);
	gx_stmt_bind_text(st, 9, hash);
	return gx_stmt_step(st, err) < 0 ? err->code : 0;
}

void
gx_audit_group_init(struct gx_audit_group *g, const char *actor,
    const char *action, const char *entity, int64_t now)
{
	g->actor = actor;
	g->action = action;
	g->entity = entity;
	g->now = now;
	g->ids = json_array();
}

int
gx_audit_group_flush(struct gx_db *db, struct gx_audit_group *g,
    struct gx_err *err)
{
	json_t *d;
	int rc;

	if (json_array_size(g->ids) == 0)
		return 0;
	d = json_pack("{s:O}", "ids", g->ids);
	rc = gx_audit_log(db, g->now, g->actor, g->action, g->entity, NULL, d,
	    err);
	json_decref(d);
	json_array_clear(g->ids);
	return rc;
}

int
gx_audit_group_add(struct gx_db *db, struct gx_audit_group *g,
    const char *entity_id, struct gx_err *err)
{
	json_array_append_new(g->ids, json_string(entity_id));
	if (json_array_size(g->ids) >= GX_AUDIT_GROUP)
		return gx_audit_group_flush(db, g, err);
	return 0;
}

void
gx_audit_group_release(struct gx_audit_group *g)
{
	json_decref(g->ids);
	g->ids = NULL;
}

int
gx_audit_verify(struct gx_db *db, int64_t *rows, int64_t *bad,
    struct gx_err *err)
{
	char prev[GX_HASH_HEX], hash[GX_HASH_HEX];
	struct gx_stmt *st;
	int rc;

	*rows = 0;
	*bad = 0;
	memcpy(prev, genesis, sizeof genesis);
	st = gx_db_prepare(db, "SELECT id, at, actor, command, action, entity, "
	    "entity_id, details, prev_hash, hash FROM audit ORDER BY id", err);
	if (st == NULL)
		return err->code;
	while ((rc = gx_stmt_step(st, err)) == 1) {
		const char *stored_prev = gx_stmt_text(st, 8);
		const char *stored = gx_stmt_text(st, 9);
		int64_t id = gx_stmt_int(st, 0);

		gx_audit_hash(prev, gx_stmt_text(st, 1), gx_stmt_text(st, 2),
		    gx_stmt_text(st, 3), gx_stmt_text(st, 4),
		    gx_stmt_text(st, 5), gx_stmt_text(st, 6),
		    gx_stmt_text(st, 7), hash);
		if (stored_prev == NULL || strcmp(stored_prev, prev) != 0) {
			*bad = id;
			gx_stmt_reset(st);
			return gx_err_set(err, GX_DATAERR, "audit row %lld does "
			    "not follow row before it (a row was removed or "
			    "reordered)", (long long)id);
		}
		if (stored == NULL || strcmp(stored, hash) != 0) {
			*bad = id;
			gx_stmt_reset(st);
			return gx_err_set(err, GX_DATAERR, "audit row %lld was "
			    "altered: its hash does not match its contents",
			    (long long)id);
		}
		memcpy(prev, hash, sizeof hash);
		(*rows)++;
	}
	return rc < 0 ? err->code : 0;
}

int
gx_audit_list(struct gx_db *db, const char *entity, int64_t limit,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err)
{
	struct gx_stmt *st = gx_db_prepare(db, "SELECT id, at, actor, command, "
	    "action, entity, entity_id, details, prev_hash, hash FROM audit "
	    "WHERE ($1 IS NULL OR entity = $1) ORDER BY id DESC LIMIT $2", err);
	int rc, n = 0;

	if (st == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, entity);
	gx_stmt_bind_int(st, 2, limit);
	while ((rc = gx_stmt_step(st, err)) == 1) {
		json_t *rec = json_pack("{s:s}", "type", "audit");

		gx_stmt_row_into(st, rec, -1);
		fn(rec, ctx);
		json_decref(rec);
		n++;
	}
	if (rc < 0)
		return err->code;
	return n ? 0 : GX_NOTFOUND;
}
