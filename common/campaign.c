/* campaign.c - campaigns, the draw, its proof and the awards. */
#include "campaign.h"
#include "audit.h"
#include "clock.h"
#include "sha.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

const char *const gx_campaign_fields[] = { "type", "id", "slug", "title",
    "organiser", "state", "starts_at", "ends_at", "draw_at", "goal",
    "prizes", "seed_sha256", "rules_sha256", "seed", "committed_at",
    "drawn_at",
    "closed_at", "created_at", "updated_at", "result", NULL };
const char *const gx_campaign_table[] = { "slug", "title", "state",
    "starts_at", "ends_at", "goal", NULL };
const char *const gx_award_fields[] = { "type", "id", "campaign", "handle",
    "name", "prize", "rank", "ticket", "status", "tracking",
    "replaces_rank", "created_at", "updated_at", "result", NULL };
const char *const gx_award_table[] = { "id", "rank", "handle", "name",
    "prize", "status", "tracking", NULL };
const char *const gx_eligible_fields[] = { "type", "campaign", "handle",
    "name", "invites", "reached_at", NULL };

int
gx_slug_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > GX_SLUG_MAX || s[0] == '-')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return 0;
	return 1;
}

/* "299", "299.5", "299.50" yuan into fen; -1 if malformed. */
static int64_t
parse_yuan(const char *s)
{
	int64_t v = 0;
	int frac = -1;

	if (!isdigit((unsigned char)*s))
		return -1;
	for (; *s; s++) {
		if (*s == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (!isdigit((unsigned char)*s) || frac == 2 || v > 1000000000000)
			return -1;
		v = v * 10 + (*s - '0');
		if (frac >= 0)
			frac++;
	}
	if (frac == 0)
		return -1;
	while (frac < 2) {
		v *= 10;
		frac = frac < 0 ? 1 : frac + 1;
	}
	return v;
}

int
gx_prize_parse(const char *spec, struct gx_prize_in *p, struct gx_err *err)
{
	char buf[4 * GX_TEXT_MAX + 64], *q, *v;
	char *end;

	if (strlen(spec) >= sizeof buf)
		return gx_err_set(err, GX_DATAERR, "prize '%.40s...' is too "
		    "long", spec);
	snprintf(buf, sizeof buf, "%s", spec);
	/* NAME may hold colons: QTY and VALUE are the last fields. */
	p->value_fen = -1;
	if ((q = strrchr(buf, ':')) == NULL)
		return gx_err_set(err, GX_DATAERR, "prize '%s' is not "
		    "NAME:QTY[:VALUE]", spec);
	*q++ = '\0';
	v = NULL;
	{
		char *q2 = strrchr(buf, ':');

		/* NAME:QTY:VALUE when the field before is a number too. */
		if (q2 != NULL && q2[1] != '\0' &&
		    strspn(q2 + 1, "0123456789") == strlen(q2 + 1)) {
			*q2 = '\0';
			v = q;
			q = q2 + 1;
		}
	}
	p->quantity = strtoll(q, &end, 10);
	if (*q == '\0' || *end != '\0' || p->quantity <= 0 ||
	    p->quantity > 1000000)
		return gx_err_set(err, GX_DATAERR, "prize '%s': quantity must "
		    "be a whole number from 1 to 1000000", spec);
	if (v != NULL) {
		if ((p->value_fen = parse_yuan(v)) < 0)
			return gx_err_set(err, GX_DATAERR, "prize '%s': value "
			    "must be yuan, like 299 or 299.50", spec);
		if (p->value_fen > GX_PRIZE_MAX_FEN)
			return gx_err_set(err, GX_DATAERR, "prize '%s' is worth "
			    "more than 50000 yuan, the most a lottery-style "
			    "prize may be worth (Anti-Unfair Competition Law, "
			    "Art. 10)", spec);
	}
	if (!gx_text_ok(buf, GX_TEXT_MAX) || strlen(buf) >= sizeof p->name)
		return gx_err_set(err, GX_DATAERR, "prize '%s': the name must "
		    "be 1-%d characters without control characters", spec,
		    GX_TEXT_MAX);
	memcpy(p->name, buf, strlen(buf) + 1);	/* gx_text_ok bounds it */
	return 0;
}

static const char *
campaign_state(json_t *rec, int64_t now)
{
	int64_t starts = 0, ends = 0;

	if (!json_is_null(json_object_get(rec, "closed_at")))
		return "closed";
	if (!json_is_null(json_object_get(rec, "drawn_at")))
		return "drawn";
	gx_time_parse(json_string_value(json_object_get(rec, "starts_at")), 0,
	    &starts);
	gx_time_parse(json_string_value(json_object_get(rec, "ends_at")), 0,
	    &ends);
	if (now < starts)
		return "draft";
	return now <= ends ? "open" : "ended";
}

static void
fen_text(int64_t fen, char *buf, size_t n)
{
	snprintf(buf, n, "%lld.%02lld", (long long)(fen / 100),
	    (long long)(fen % 100));
}

static json_t *
prizes_json(struct gx_db *db, int64_t cid, struct gx_err *err)
{
	struct gx_stmt *st;
	json_t *arr;
	int rc;

	st = gx_db_prepare(db, "SELECT position, name, quantity, value_fen "
	    "FROM prizes WHERE campaign_id = $1 ORDER BY position", err);
	if (st == NULL)
		return NULL;
	gx_stmt_bind_int(st, 1, cid);
	arr = json_array();
	while ((rc = gx_stmt_step(st, err)) == 1) {
		char v[32];

		if (gx_stmt_coltype(st, 3) != GX_COL_NULL)
			fen_text(gx_stmt_int(st, 3), v, sizeof v);
		json_array_append_new(arr, json_pack("{s:I, s:s, s:I, s:s?}",
		    "position", (json_int_t)gx_stmt_int(st, 0), "name",
		    gx_stmt_text(st, 1), "quantity",
		    (json_int_t)gx_stmt_int(st, 2), "value",
		    gx_stmt_coltype(st, 3) == GX_COL_NULL ? NULL : v));
	}
	if (rc < 0) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

#define CAMPAIGN_SELECT \
	"SELECT id, slug, title, organiser, starts_at, ends_at, draw_at, " \
	"goal, seed_sha256, rules_sha256, seed, committed_at, drawn_at, " \
	"closed_at, " \
	"created_at, updated_at FROM campaigns "

/* A campaign row into a record: state, prizes, the seed only once drawn. */
static json_t *
campaign_record(struct gx_db *db, struct gx_stmt *st, int64_t now,
    struct gx_err *err)
{
	json_t *row = gx_stmt_row_json(st), *rec = json_object(), *prizes;

	json_object_set_new(rec, "type", json_string("campaign"));
	json_object_update(rec, row);
	json_decref(row);
	json_object_set_new(rec, "state", json_string(campaign_state(rec,
	    now)));
	if (json_is_null(json_object_get(rec, "drawn_at")))
		json_object_set_new(rec, "seed", json_null());
	gx_stmt_reset(st);
	prizes = prizes_json(db, json_integer_value(json_object_get(rec, "id")),
	    err);
	if (prizes == NULL) {
		json_decref(rec);
		return NULL;
	}
	json_object_set_new(rec, "prizes", prizes);
	return rec;
}

json_t *
gx_campaign_get(struct gx_db *db, const char *slug, int64_t now,
    struct gx_err *err)
{
	struct gx_stmt *st = gx_db_prepare(db, CAMPAIGN_SELECT
	    "WHERE slug = $1", err);
	int rc;

	if (st == NULL)
		return NULL;
	gx_stmt_bind_text(st, 1, slug);
	if ((rc = gx_stmt_step(st, err)) == 1)
		return campaign_record(db, st, now, err);
	if (rc == 0)
		gx_err_set(err, GX_NOTFOUND, "no campaign '%s'", slug);
	return NULL;
}

int
gx_campaign_list(struct gx_db *db, int64_t now,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err)
{
	struct gx_stmt *st = gx_db_prepare(db, "SELECT slug FROM campaigns "
	    "ORDER BY id", err);
	json_t *slugs = json_array(), *v;
	size_t i;
	int rc;

	if (st == NULL)
		return err->code;
	while ((rc = gx_stmt_step(st, err)) == 1)
		json_array_append_new(slugs, json_string(gx_stmt_text(st, 0)));
	if (rc < 0)
		goto out;
	json_array_foreach(slugs, i, v) {
		json_t *rec = gx_campaign_get(db, json_string_value(v), now,
		    err);

		if (rec == NULL) {
			rc = -1;
			goto out;
		}
		fn(rec, ctx);
		json_decref(rec);
	}
	rc = json_array_size(slugs) ? 0 : GX_NOTFOUND;
out:
	json_decref(slugs);
	return rc < 0 ? err->code : rc;
}

/* Does the stored campaign cur have exactly the rules of c? */
static int
same_rules(json_t *cur, const struct gx_campaign_in *c)
{
	char s[GX_TIME_LEN], e[GX_TIME_LEN], d[GX_TIME_LEN];
	json_t *prizes = json_object_get(cur, "prizes"), *p;
	size_t i;

#define S(k) json_string_value(json_object_get(cur, k))
	if (strcmp(S("title"), c->title) || strcmp(S("organiser"),
	    c->organiser) || strcmp(S("starts_at"), gx_time_format(c->starts,
	    s)) || strcmp(S("ends_at"), gx_time_format(c->ends, e)) ||
	    strcmp(S("draw_at"), gx_time_format(c->draw_at, d)) ||
	    json_integer_value(json_object_get(cur, "goal")) != c->goal ||
	    json_array_size(prizes) != (size_t)c->nprizes)
		return 0;
#undef S
	json_array_foreach(prizes, i, p) {
		const struct gx_prize_in *q = &c->prizes[i];
		const char *v = json_string_value(json_object_get(p, "value"));
		char want[32] = "";

		if (q->value_fen >= 0)
			fen_text(q->value_fen, want, sizeof want);
		if (strcmp(json_string_value(json_object_get(p, "name")),
		    q->name) != 0 || json_integer_value(json_object_get(p,
		    "quantity")) != q->quantity || strcmp(v ? v : "", want))
			return 0;
	}
	return 1;
}

static int
check_campaign(const struct gx_campaign_in *c, struct gx_err *err)
{
	if (c->starts >= c->ends)
		return gx_err_set(err, GX_DATAERR, "campaign '%s' must start "
		    "before it ends", c->slug);
	if (c->draw_at < c->ends)
		return gx_err_set(err, GX_DATAERR, "campaign '%s': the draw "
		    "cannot be before the campaign ends", c->slug);
	if (c->goal < 1 || c->goal > 1000)
		return gx_err_set(err, GX_DATAERR, "campaign '%s': the goal "
		    "must be 1 to 1000 invites", c->slug);
	if (c->nprizes < 1)
		return gx_err_set(err, GX_DATAERR, "campaign '%s' needs at "
		    "least one --prize", c->slug);
	return 0;
}

static int
write_prizes(struct gx_db *db, int64_t cid, const struct gx_campaign_in *c,
    struct gx_err *err)
{
	struct gx_stmt *st = gx_db_prepare(db, "DELETE FROM prizes WHERE "
	    "campaign_id = $1", err);

	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, cid);
	if (gx_stmt_step(st, err) < 0)
		return err->code;
	for (int i = 0; i < c->nprizes; i++) {
		st = gx_db_prepare(db, "INSERT INTO prizes (campaign_id, "
		    "position, name, quantity, value_fen) VALUES ($1, $2, $3, "
		    "$4, $5)", err);
		if (st == NULL)
			return err->code;
		gx_stmt_bind_int(st, 1, cid);
		gx_stmt_bind_int(st, 2, i + 1);
		gx_stmt_bind_text(st, 3, c->prizes[i].name);
		gx_stmt_bind_int(st, 4, c->prizes[i].quantity);
		if (c->prizes[i].value_fen >= 0)
			gx_stmt_bind_int(st, 5, c->prizes[i].value_fen);
		if (gx_stmt_step(st, err) < 0)
			return err->code;
	}
	return 0;
}

int
gx_campaign_create(struct gx_db *db, const struct gx_actor *a,
    const struct gx_campaign_in *c, int64_t now, json_t **out,
    const char **result, struct gx_err *err)
{
	char at[GX_TIME_LEN], s[GX_TIME_LEN], e[GX_TIME_LEN], d[GX_TIME_LEN];
	struct gx_stmt *st;
	json_t *cur, *det;
	int64_t cid;
	int rc;

	*out = NULL;
	if (!a->staff)
		return gx_err_set(err, GX_NOPERM, "only staff may create "
		    "campaigns");
	if ((rc = check_campaign(c, err)) != 0)
		return rc;
	gx_time_format(c->starts, s);
	gx_time_format(c->ends, e);
	gx_time_format(c->draw_at, d);
	if ((cur = gx_campaign_get(db, c->slug, now, err)) != NULL) {
		if (!same_rules(cur, c)) {
			json_decref(cur);
			return gx_err_set(err, GX_DATAERR, "campaign '%s' exists "
			    "with other rules (see 'gx-campaign set')", c->slug);
		}
		*result = "unchanged";
		*out = cur;
		return 0;
	}
	if (err->code != GX_NOTFOUND)
		return err->code;
	gx_err_clear(err);
	gx_time_format(now, at);
	st = gx_db_prepare(db, "INSERT INTO campaigns (slug, title, organiser, "
	    "starts_at, ends_at, draw_at, goal, created_at, updated_at) VALUES "
	    "($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, c->slug);
	gx_stmt_bind_text(st, 2, c->title);
	gx_stmt_bind_text(st, 3, c->organiser);
	gx_stmt_bind_text(st, 4, s);
	gx_stmt_bind_text(st, 5, e);
	gx_stmt_bind_text(st, 6, d);
	gx_stmt_bind_int(st, 7, c->goal);
	gx_stmt_bind_text(st, 8, at);
	if ((rc = gx_stmt_step(st, err)) != 1)
		return rc < 0 ? err->code : gx_err_set(err, GX_SOFTWARE,
		    "no id for campaign '%s'", c->slug);
	cid = gx_stmt_int(st, 0);
	gx_stmt_reset(st);
	if ((rc = write_prizes(db, cid, c, err)) != 0)
		return rc;
	if ((*out = gx_campaign_get(db, c->slug, now, err)) == NULL)
		return err->code;
	det = json_deep_copy(*out);
	json_object_del(det, "state");
	rc = gx_audit_log(db, now, a->label, "create", "campaign", c->slug, det,
	    err);
	json_decref(det);
	*result = "added";
	return rc;
}

int
gx_campaign_set(struct gx_db *db, const struct gx_actor *a,
    const struct gx_campaign_in *c, int64_t now, json_t **out,
    const char **result, struct gx_err *err)
{
	struct gx_campaign_in m;
	char at[GX_TIME_LEN], s[GX_TIME_LEN], e[GX_TIME_LEN], d[GX_TIME_LEN];
	struct gx_stmt *st;
	json_t *cur, *det;
	int64_t cid;
	int rc;

	*out = NULL;
	if (!a->staff)
		return gx_err_set(err, GX_NOPERM, "only staff may change "
		    "campaigns");
	if ((cur = gx_campaign_get(db, c->slug, now, err)) == NULL)
		return err->code == GX_NOTFOUND ? (err->code = GX_DATAERR) :
		    err->code;
	if (strcmp(json_string_value(json_object_get(cur, "state")),
	    "draft") != 0 || !json_is_null(json_object_get(cur,
	    "committed_at"))) {
		if (!json_is_null(json_object_get(cur, "committed_at")))
			rc = gx_err_set(err, GX_NOPERM, "the rules of campaign "
			    "'%s' are frozen: its draw seed was committed at %s",
			    c->slug, json_string_value(json_object_get(cur,
			    "committed_at")));
		else
			rc = gx_err_set(err, GX_NOPERM, "the rules of campaign "
			    "'%s' are frozen: it opened at %s", c->slug,
			    json_string_value(json_object_get(cur,
			    "starts_at")));
		json_decref(cur);
		return rc;
	}
	/* Start from what is there and apply what was given. */
	memset(&m, 0, sizeof m);
	snprintf(m.slug, sizeof m.slug, "%s", c->slug);
	snprintf(m.title, sizeof m.title, "%s", c->set & GX_CF_TITLE ?
	    c->title : json_string_value(json_object_get(cur, "title")));
	snprintf(m.organiser, sizeof m.organiser, "%s",
	    c->set & GX_CF_ORGANISER ? c->organiser :
	    json_string_value(json_object_get(cur, "organiser")));
	gx_time_parse(json_string_value(json_object_get(cur, "starts_at")), 0,
	    &m.starts);
	gx_time_parse(json_string_value(json_object_get(cur, "ends_at")), 0,
	    &m.ends);
	gx_time_parse(json_string_value(json_object_get(cur, "draw_at")), 0,
	    &m.draw_at);
	if (c->set & GX_CF_STARTS)
		m.starts = c->starts;
	if (c->set & GX_CF_ENDS) {
		if (m.draw_at == m.ends && !(c->set & GX_CF_DRAW_AT))
			m.draw_at = c->ends;
		m.ends = c->ends;
	}
	if (c->set & GX_CF_DRAW_AT)
		m.draw_at = c->draw_at;
	m.goal = c->set & GX_CF_GOAL ? c->goal :
	    json_integer_value(json_object_get(cur, "goal"));
	if (c->set & GX_CF_PRIZES) {
		m.nprizes = c->nprizes;
		memcpy(m.prizes, c->prizes, sizeof m.prizes);
	} else {
		m.nprizes = (int)json_array_size(json_object_get(cur, "prizes"));
	}
	cid = json_integer_value(json_object_get(cur, "id"));
	if (!(c->set & GX_CF_PRIZES)) {
		/* Keep the stored prizes, for the comparison below. */
		size_t i;
		json_t *p;

		json_array_foreach(json_object_get(cur, "prizes"), i, p) {
			const char *v = json_string_value(json_object_get(p,
			    "value"));

			snprintf(m.prizes[i].name, sizeof m.prizes[i].name, "%s",
			    json_string_value(json_object_get(p, "name")));
			m.prizes[i].quantity = json_integer_value(
			    json_object_get(p, "quantity"));
			m.prizes[i].value_fen = v ? parse_yuan(v) : -1;
		}
	}
	if (same_rules(cur, &m)) {
		*result = "unchanged";
		*out = cur;
		return 0;
	}
	json_decref(cur);
	if ((rc = check_campaign(&m, err)) != 0)
		return rc;
	st = gx_db_prepare(db, "UPDATE campaigns SET title = $2, organiser = $3, "
	    "starts_at = $4, ends_at = $5, draw_at = $6, goal = $7, "
	    "updated_at = $8 WHERE id = $1", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, cid);
	gx_stmt_bind_text(st, 2, m.title);
	gx_stmt_bind_text(st, 3, m.organiser);
	gx_stmt_bind_text(st, 4, gx_time_format(m.starts, s));
	gx_stmt_bind_text(st, 5, gx_time_format(m.ends, e));
	gx_stmt_bind_text(st, 6, gx_time_format(m.draw_at, d));
	gx_stmt_bind_int(st, 7, m.goal);
	gx_stmt_bind_text(st, 8, gx_time_format(now, at));
	if (gx_stmt_step(st, err) < 0)
		return err->code;
	if ((c->set & GX_CF_PRIZES) &&
	    (rc = write_prizes(db, cid, &m, err)) != 0)
		return rc;
	if ((*out = gx_campaign_get(db, c->slug, now, err)) == NULL)
		return err->code;
	det = json_deep_copy(*out);
	json_object_del(det, "state");
	rc = gx_audit_log(db, now, a->label, "set", "campaign", c->slug, det,
	    err);
	json_decref(det);
	*result = "updated";
	return rc;
}

char *
gx_campaign_rules(struct gx_db *db, const char *slug, char *sha,
    struct gx_err *err)
{
	json_t *c = gx_campaign_get(db, slug, 0, err), *p;
	char *text = NULL;
	size_t len = 0, i;
	FILE *f;

	if (c == NULL)
		return NULL;
	if ((f = open_memstream(&text, &len)) == NULL)
		gx_die(GX_SOFTWARE, "out of memory");
#define S(k) json_string_value(json_object_get(c, k))
	fprintf(f, "%s (%s)\n", S("title"), S("slug"));
	fprintf(f, "Organiser: %s\n", S("organiser"));
	fprintf(f, "Window: from %s to %s (UTC)\n", S("starts_at"),
	    S("ends_at"));
	fprintf(f, "Condition: at least %lld friend%s register%s with your "
	    "invite codes inside the window. Self-invites are refused; "
	    "invites that are flagged (a friend who was already a member, an "
	    "acceptance outside the window, a burst of acceptances) never "
	    "count; suspended members cannot win.\n",
	    (long long)json_integer_value(json_object_get(c, "goal")),
	    json_integer_value(json_object_get(c, "goal")) == 1 ? "" : "s",
	    json_integer_value(json_object_get(c, "goal")) == 1 ? "s" : "");
	fprintf(f, "Prizes, given in this order:\n");
	json_array_foreach(json_object_get(c, "prizes"), i, p) {
		const char *v = json_string_value(json_object_get(p, "value"));

		fprintf(f, "  %lld. %s x %lld%s%s%s\n",
		    (long long)json_integer_value(json_object_get(p, "position")),
		    json_string_value(json_object_get(p, "name")),
		    (long long)json_integer_value(json_object_get(p, "quantity")),
		    v ? ", worth " : "", v ? v : "", v ? " yuan each" : "");
	}
	fprintf(f, "Draw: at or after %s. A secret seed is drawn from the "
	    "kernel's random source and its SHA-256 published before the "
	    "draw (gx-campaign commit). At the draw the seed is revealed; "
	    "each eligible member's ticket is SHA-256 of "
	    "\"SEED:%s:HANDLE\"; the lowest tickets win, prizes in the "
	    "order above; the others form the reserve list, in ticket order, "
	    "and a declined prize passes to the first reserve. Anyone can "
	    "recompute the draw from the published proof.\n", S("draw_at"),
	    S("slug"));
	fprintf(f, "No prize is worth more than 50000 yuan (Anti-Unfair "
	    "Competition Law of the PRC, Art. 10).\n");
#undef S
	fclose(f);
	json_decref(c);
	gx_sha256_hex(text, strlen(text), sha);
	return text;
}

int
gx_campaign_eligible(struct gx_db *db, const char *slug,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err)
{
	struct gx_stmt *st;
	int rc, n = 0;

	st = gx_db_prepare(db, "WITH c AS (SELECT id, starts_at, ends_at, goal "
	    "FROM campaigns WHERE slug = $1), counted AS (SELECT v.inviter_id, "
	    "v.accepted_at, ROW_NUMBER() OVER (PARTITION BY v.inviter_id ORDER "
	    "BY v.accepted_at, v.id) AS n, COUNT(*) OVER (PARTITION BY "
	    "v.inviter_id) AS total FROM invites v JOIN c ON v.campaign_id = "
	    "c.id WHERE v.state = 'accepted' AND v.accepted_at >= c.starts_at "
	    "AND v.accepted_at <= c.ends_at) "
	    "SELECT u.handle, u.name, k.total, k.accepted_at FROM counted k "
	    "JOIN c ON k.n = c.goal JOIN users u ON u.id = k.inviter_id "
	    "WHERE u.status = 'active' ORDER BY k.accepted_at, u.id", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, slug);
	while ((rc = gx_stmt_step(st, err)) == 1) {
		json_t *rec = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "type",
		    "eligible", "campaign", slug, "handle", gx_stmt_text(st, 0),
		    "name", gx_stmt_text(st, 1), "invites",
		    (json_int_t)gx_stmt_int(st, 2), "reached_at",
		    gx_stmt_text(st, 3));

		fn(rec, ctx);
		json_decref(rec);
		n++;
	}
	if (rc < 0)
		return err->code;
	return n ? 0 : GX_NOTFOUND;
}

int
gx_campaign_commit(struct gx_db *db, const struct gx_actor *a,
    const char *slug, int64_t now, json_t **out, const char **result,
    struct gx_err *err)
{
	unsigned char raw[32];
	char seed[65], sha[GX_SHA256_HEX], rsha[GX_SHA256_HEX], at[GX_TIME_LEN];
	char *rules;
	struct gx_stmt *st;
	json_t *cur, *d;
	int rc;

	*out = NULL;
	if (!a->staff)
		return gx_err_set(err, GX_NOPERM, "only staff may commit a "
		    "draw seed");
	if ((cur = gx_campaign_get(db, slug, now, err)) == NULL)
		return err->code == GX_NOTFOUND ? (err->code = GX_DATAERR) :
		    err->code;
	if (!json_is_null(json_object_get(cur, "committed_at"))) {
		*result = "unchanged";
		goto done;
	}
	if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
		gx_die(GX_SOFTWARE, "cannot read the kernel's random source:");
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(seed + 2 * i, 3, "%02x", raw[i]);
	gx_sha256_hex(seed, 64, sha);
	/* The rules are bound to the draw: their hash is fixed here. */
	if ((rules = gx_campaign_rules(db, slug, rsha, err)) == NULL)
		goto fail;
	free(rules);
	st = gx_db_prepare(db, "UPDATE campaigns SET seed = $2, seed_sha256 = "
	    "$3, rules_sha256 = $5, committed_at = $4, updated_at = $4 WHERE "
	    "slug = $1", err);
	if (st == NULL)
		goto fail;
	gx_stmt_bind_text(st, 1, slug);
	gx_stmt_bind_text(st, 2, seed);
	gx_stmt_bind_text(st, 3, sha);
	gx_stmt_bind_text(st, 4, gx_time_format(now, at));
	gx_stmt_bind_text(st, 5, rsha);
	if (gx_stmt_step(st, err) < 0)
		goto fail;
	/* The audit row carries the commitment, never the seed. */
	d = json_pack("{s:s, s:s}", "seed_sha256", sha, "rules_sha256", rsha);
	rc = gx_audit_log(db, now, a->label, "commit", "campaign", slug, d, err);
	json_decref(d);
	if (rc != 0)
		goto fail;
	json_decref(cur);
	if ((cur = gx_campaign_get(db, slug, now, err)) == NULL)
		return err->code;
	*result = "committed";
done:
	*out = json_pack("{s:s, s:s, s:O, s:O, s:O, s:s}", "type", "commitment",
	    "campaign", slug, "seed_sha256", json_object_get(cur,
	    "seed_sha256"), "rules_sha256", json_object_get(cur,
	    "rules_sha256"), "committed_at", json_object_get(cur,
	    "committed_at"), "result", *result);
	json_decref(cur);
	return 0;
fail:
	json_decref(cur);
	return err->code ? err->code : GX_SOFTWARE;
}

void
gx_draw_ticket(const char *seed, const char *slug, const char *handle,
    char *out)
{
	char buf[64 + GX_SLUG_MAX + GX_HANDLE_MAX + 8];
	int n = snprintf(buf, sizeof buf, "%s:%s:%s", seed, slug, handle);

	gx_sha256_hex(buf, (size_t)n, out);
}

struct entry {
	char handle[GX_HANDLE_MAX + 1];
	char ticket[GX_SHA256_HEX];
	int64_t user_id;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->ticket, y->ticket);

	return c ? c : strcmp(x->handle, y->handle);
}

#define HSLOT (GX_HANDLE_MAX + 1)

/*
 * The handles of the active members eligible for campaign cur, sorted, in
 * *out (nelig slots of HSLOT bytes; caller frees): one streaming pass over
 * the campaign's accepted invites in the (campaign, state, inviter,
 * accepted_at) index, far cheaper than the eligible listing, which also
 * finds when each reached the goal.
 */
static int
eligible_handles(struct gx_db *db, json_t *cur, char **out, size_t *nout,
    struct gx_err *err)
{
	struct gx_stmt *st;
	size_t n = 0, cap = 1024;
	char *h = gx_xmalloc(cap * HSLOT);
	int rc;

	st = gx_db_prepare(db, "SELECT u.handle FROM (SELECT v.inviter_id AS "
	    "id FROM invites v WHERE v.campaign_id = $1 AND v.state = "
	    "'accepted' AND v.accepted_at >= $2 AND v.accepted_at <= $3 "
	    "GROUP BY v.inviter_id HAVING count(*) >= $4) q "
	    "JOIN users u ON u.id = q.id WHERE u.status = 'active'", err);
	if (st == NULL) {
		free(h);
		return err->code;
	}
	gx_stmt_bind_int(st, 1, json_integer_value(json_object_get(cur, "id")));
	gx_stmt_bind_text(st, 2, json_string_value(json_object_get(cur,
	    "starts_at")));
	gx_stmt_bind_text(st, 3, json_string_value(json_object_get(cur,
	    "ends_at")));
	gx_stmt_bind_int(st, 4, json_integer_value(json_object_get(cur,
	    "goal")));
	while ((rc = gx_stmt_step(st, err)) == 1) {
		if (n == cap)
			h = gx_xrealloc(h, (cap *= 2) * HSLOT);
		snprintf(h + n++ * HSLOT, HSLOT, "%s", gx_stmt_text(st, 0));
	}
	if (rc < 0) {
		free(h);
		return err->code;
	}
	qsort(h, n, HSLOT, (int (*)(const void *, const void *))strcmp);
	*out = h;
	*nout = n;
	return 0;
}

/* Record the member at rank (an award is coming) with their ticket. */
static int
entry_insert(struct gx_db *db, int64_t cid, int64_t rank,
    const char *handle, const char *ticket, struct gx_err *err)
{
	struct gx_stmt *st = gx_db_prepare(db, "INSERT INTO draw_entries "
	    "(campaign_id, rank, user_id, handle, ticket) SELECT $1, $2, id, "
	    "$3, $4 FROM users WHERE handle = $3", err);

	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, cid);
	gx_stmt_bind_int(st, 2, rank);
	gx_stmt_bind_text(st, 3, handle);
	gx_stmt_bind_text(st, 4, ticket);
	if (gx_stmt_step(st, err) < 0)
		return err->code;
	if (gx_db_changes(db) != 1)
		return gx_err_set(err, GX_DATAERR, "no member '%s'", handle);
	return 0;
}

#define AWARD_SELECT \
	"SELECT a.id, c.slug AS campaign, u.handle, u.name, p.name AS prize, " \
	"a.rank, e.ticket, a.status, a.tracking, a.replaces_rank, " \
	"a.created_at, a.updated_at FROM awards a " \
	"JOIN campaigns c ON c.id = a.campaign_id " \
	"JOIN prizes p ON p.id = a.prize_id JOIN users u ON u.id = a.user_id " \
	"JOIN draw_entries e ON e.campaign_id = a.campaign_id AND " \
	"e.rank = a.rank "

static json_t *
award_record(struct gx_stmt *st)
{
	json_t *row = gx_stmt_row_json(st), *rec = json_object();

	json_object_set_new(rec, "type", json_string("award"));
	json_object_update(rec, row);
	json_decref(row);
	return rec;
}

json_t *
gx_award_get(struct gx_db *db, int64_t id, struct gx_err *err)
{
	struct gx_stmt *st = gx_db_prepare(db, AWARD_SELECT "WHERE a.id = $1",
	    err);
	json_t *rec = NULL;
	int rc;

	if (st == NULL)
		return NULL;
	gx_stmt_bind_int(st, 1, id);
	if ((rc = gx_stmt_step(st, err)) == 1)
		rec = award_record(st);
	else if (rc == 0)
		gx_err_set(err, GX_NOTFOUND, "no award %lld", (long long)id);
	gx_stmt_reset(st);
	return rec;
}

/* Give the prize of slot to the entry at rank: a new award. */
static int
award_insert(struct gx_db *db, int64_t cid, int64_t prize_id, int64_t rank,
    int64_t replaces, const char *at, int64_t *id, struct gx_err *err)
{
	struct gx_stmt *st = gx_db_prepare(db, "INSERT INTO awards "
	    "(campaign_id, prize_id, user_id, rank, status, replaces_rank, "
	    "created_at, updated_at) SELECT $1, $2, user_id, $3, 'won', $4, $5, "
	    "$5 FROM draw_entries WHERE campaign_id = $1 AND rank = $3 "
	    "RETURNING id", err);
	int rc;

	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, cid);
	gx_stmt_bind_int(st, 2, prize_id);
	gx_stmt_bind_int(st, 3, rank);
	if (replaces > 0)
		gx_stmt_bind_int(st, 4, replaces);
	gx_stmt_bind_text(st, 5, at);
	if ((rc = gx_stmt_step(st, err)) != 1)
		return rc < 0 ? err->code : gx_err_set(err, GX_SOFTWARE,
		    "no draw entry at rank %lld", (long long)rank);
	*id = gx_stmt_int(st, 0);
	gx_stmt_reset(st);
	return 0;
}

int
gx_campaign_draw(struct gx_db *db, const struct gx_actor *a,
    const char *slug, const json_t *candidates, int64_t now,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err)
{
	json_t *cur, *v, *d;
	struct entry *ent = NULL;
	char *elig = NULL;
	size_t nelig = 0;
	char at[GX_TIME_LEN];
	const char *seed, *h;
	struct gx_stmt *st;
	int64_t cid, draw_at = 0, slot = 0;
	size_t n = 0, i, k;
	int rc = 0;

	if (!a->staff)
		return gx_err_set(err, GX_NOPERM, "only staff may draw");
	if ((cur = gx_campaign_get(db, slug, now, err)) == NULL)
		return err->code == GX_NOTFOUND ? (err->code = GX_DATAERR) :
		    err->code;
	cid = json_integer_value(json_object_get(cur, "id"));
	gx_time_parse(json_string_value(json_object_get(cur, "draw_at")), 0,
	    &draw_at);
	if (!json_is_null(json_object_get(cur, "drawn_at"))) {
		rc = gx_err_set(err, GX_DATAERR, "campaign '%s' was drawn at "
		    "%s; a draw happens once", slug, json_string_value(
		    json_object_get(cur, "drawn_at")));
		goto out;
	}
	if (json_is_null(json_object_get(cur, "committed_at"))) {
		rc = gx_err_set(err, GX_DATAERR, "campaign '%s' has no committed "
		    "seed: run 'gx-campaign commit %s' before the draw", slug,
		    slug);
		goto out;
	}
	if (now < draw_at) {
		rc = gx_err_set(err, GX_DATAERR, "campaign '%s' draws at %s, "
		    "not before", slug, json_string_value(json_object_get(cur,
		    "draw_at")));
		goto out;
	}
	if ((rc = eligible_handles(db, cur, &elig, &nelig, err)) != 0)
		goto out;
	if (candidates == NULL) {
		ent = gx_xcalloc(nelig + 1, sizeof *ent);
		for (i = 0; i < nelig; i++)
			memcpy(ent[n++].handle, elig + i * HSLOT, HSLOT);
	} else {
		char *seen = gx_xcalloc(nelig + 1, 1), *hit;

		ent = gx_xcalloc(json_array_size(candidates) + 1, sizeof *ent);
		json_array_foreach(candidates, i, v) {
			char hh[HSLOT];

			h = json_string_value(v);
			hit = NULL;
			if (h != NULL && gx_handle_normalize(h, hh) == 0)
				hit = bsearch(hh, elig, nelig, HSLOT,
				    (int (*)(const void *, const void *))strcmp);
			if (hit == NULL) {
				rc = gx_err_set(err, GX_DATAERR, "candidate '%s' "
				    "is not eligible for campaign '%s'",
				    h ? h : "?", slug);
				free(seen);
				goto out;
			}
			if (seen[(hit - elig) / HSLOT]++)
				continue;
			memcpy(ent[n++].handle, hh, HSLOT);
		}
		free(seen);
	}
	if (n == 0) {
		rc = gx_err_set(err, GX_DATAERR, "campaign '%s' has no eligible "
		    "candidates to draw from", slug);
		goto out;
	}
	st = gx_db_prepare(db, "SELECT seed FROM campaigns WHERE id = $1", err);
	if (st == NULL)
		goto fail;
	gx_stmt_bind_int(st, 1, cid);
	if (gx_stmt_step(st, err) != 1)
		goto fail;
	seed = gx_stmt_text(st, 0);
	for (i = 0; i < n; i++)
		gx_draw_ticket(seed, slug, ent[i].handle, ent[i].ticket);
	gx_stmt_reset(st);
	qsort(ent, n, sizeof *ent, cmp_entry);

	/* The whole ranking, as one text: the reserve list and the proof. */
	{
		json_t *ranking = json_array();
		char *text;

		for (i = 0; i < n; i++)
			json_array_append_new(ranking,
			    json_string(ent[i].handle));
		text = json_dumps(ranking, JSON_COMPACT);
		json_decref(ranking);
		if (text == NULL)
			gx_die(GX_SOFTWARE, "out of memory");
		st = gx_db_prepare(db, "UPDATE campaigns SET ranking = $2 WHERE "
		    "id = $1", err);
		if (st != NULL) {
			gx_stmt_bind_int(st, 1, cid);
			gx_stmt_bind_text_ref(st, 2, text);
			rc = gx_stmt_step(st, err);
			gx_stmt_reset(st);
		}
		free(text);
		if (st == NULL || rc < 0)
			goto fail;
		rc = 0;
	}
	gx_time_format(now, at);
	/* Prizes in order, each to as many ranks as its quantity. */
	st = gx_db_prepare(db, "SELECT id, quantity FROM prizes WHERE "
	    "campaign_id = $1 ORDER BY position", err);
	if (st == NULL)
		goto fail;
	gx_stmt_bind_int(st, 1, cid);
	{
		json_t *slots = json_array();

		while ((rc = gx_stmt_step(st, err)) == 1)
			for (k = 0; k < (size_t)gx_stmt_int(st, 1) &&
			    json_array_size(slots) < n; k++)
				json_array_append_new(slots,
				    json_integer(gx_stmt_int(st, 0)));
		if (rc < 0) {
			json_decref(slots);
			goto fail;
		}
		rc = 0;
		json_array_foreach(slots, i, v) {
			int64_t id;

			slot = (int64_t)i + 1;
			if ((rc = entry_insert(db, cid, slot, ent[i].handle,
			    ent[i].ticket, err)) != 0 ||
			    (rc = award_insert(db, cid, json_integer_value(v),
			    slot, 0, at, &id, err)) != 0)
				break;
		}
		json_decref(slots);
		if (rc != 0)
			goto out;
	}
	st = gx_db_prepare(db, "UPDATE campaigns SET drawn_at = $2, updated_at "
	    "= $2 WHERE id = $1", err);
	if (st == NULL)
		goto fail;
	gx_stmt_bind_int(st, 1, cid);
	gx_stmt_bind_text(st, 2, at);
	if (gx_stmt_step(st, err) < 0)
		goto fail;
	d = json_pack("{s:I, s:I}", "candidates", (json_int_t)n, "winners",
	    (json_int_t)slot);
	rc = gx_audit_log(db, now, a->label, "draw", "campaign", slug, d, err);
	json_decref(d);
	if (rc != 0)
		goto out;
	rc = gx_award_list(db, slug, NULL, fn, ctx, err);
	if (rc == GX_NOTFOUND)
		rc = 0;
	goto out;
fail:
	rc = err->code ? err->code : GX_SOFTWARE;
out:
	free(ent);
	free(elig);
	json_decref(cur);
	return rc;
}

int
gx_award_list(struct gx_db *db, const char *slug, const char *status,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err)
{
	struct gx_stmt *st = gx_db_prepare(db, AWARD_SELECT "WHERE c.slug = $1 "
	    "AND ($2 IS NULL OR a.status = $2) ORDER BY a.rank", err);
	int rc, n = 0;

	if (st == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, slug);
	gx_stmt_bind_text(st, 2, status);
	while ((rc = gx_stmt_step(st, err)) == 1) {
		json_t *rec = award_record(st);

		fn(rec, ctx);
		json_decref(rec);
		n++;
	}
	if (rc < 0)
		return err->code;
	return n ? 0 : GX_NOTFOUND;
}

/* Load an award for a change, with its campaign's closed state. */
static json_t *
award_for_change(struct gx_db *db, int64_t id, int *closed,
    struct gx_err *err)
{
	json_t *aw = gx_award_get(db, id, err);
	struct gx_stmt *st;

	if (aw == NULL) {
		if (err->code == GX_NOTFOUND)
			err->code = GX_DATAERR;
		return NULL;
	}
	st = gx_db_prepare(db, "SELECT closed_at IS NOT NULL FROM campaigns "
	    "WHERE slug = $1", err);
	if (st == NULL) {
		json_decref(aw);
		return NULL;
	}
	gx_stmt_bind_text(st, 1, json_string_value(json_object_get(aw,
	    "campaign")));
	*closed = gx_stmt_step(st, err) == 1 && gx_stmt_int(st, 0);
	gx_stmt_reset(st);
	return aw;
}

static int
award_status(struct gx_db *db, const struct gx_actor *a, int64_t id,
    const char *status, const char *tracking, const char *action,
    int64_t now, struct gx_err *err)
{
	char at[GX_TIME_LEN], eid[32];
	struct gx_stmt *st = gx_db_prepare(db, "UPDATE awards SET status = $2, "
	    "tracking = coalesce($3, tracking), updated_at = $4 WHERE id = $1",
	    err);
	json_t *d;
	int rc;

	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, id);
	gx_stmt_bind_text(st, 2, status);
	gx_stmt_bind_text(st, 3, tracking);
	gx_stmt_bind_text(st, 4, gx_time_format(now, at));
	if (gx_stmt_step(st, err) < 0)
		return err->code;
	snprintf(eid, sizeof eid, "%lld", (long long)id);
	d = json_pack("{s:s, s:s?}", "status", status, "tracking", tracking);
	rc = gx_audit_log(db, now, a->label, action, "award", eid, d, err);
	json_decref(d);
	return rc;
}

int
gx_award_decline(struct gx_db *db, const struct gx_actor *a, int64_t id,
    int64_t now, void (*fn)(json_t *rec, void *ctx), void *ctx,
    struct gx_err *err)
{
	char at[GX_TIME_LEN];
	struct gx_stmt *st;
	int64_t cid, prize, rank, next = 0, nid;
	char nhandle[GX_HANDLE_MAX + 1], nticket[GX_SHA256_HEX];
	json_t *aw, *rec;
	int closed = 0, rc;

	if ((aw = award_for_change(db, id, &closed, err)) == NULL)
		return err->code;
	if (!a->staff && strcmp(a->handle, json_string_value(
	    json_object_get(aw, "handle"))) != 0) {
		json_decref(aw);
		return gx_err_set(err, GX_NOPERM, "only the winner or staff may "
		    "decline award %lld", (long long)id);
	}
	if (strcmp(json_string_value(json_object_get(aw, "status")), "won")) {
		rc = gx_err_set(err, GX_DATAERR, "award %lld is %s; only a won "
		    "award can be declined", (long long)id, json_string_value(
		    json_object_get(aw, "status")));
		json_decref(aw);
		return rc;
	}
	json_decref(aw);
	if (closed)
		return gx_err_set(err, GX_DATAERR, "the campaign of award %lld "
		    "is closed", (long long)id);
	if ((rc = award_status(db, a, id, "declined", NULL, "decline", now,
	    err)) != 0)
		return rc;
	/* The first reserve: awards hold ranks 1..max, so the next rank
	 * of the stored ranking, if there is one. */
	st = gx_db_prepare(db, "SELECT a.campaign_id, a.prize_id, a.rank, "
	    "(SELECT max(b.rank) FROM awards b WHERE b.campaign_id = "
	    "a.campaign_id) + 1, c.ranking, c.seed, c.slug FROM awards a "
	    "JOIN campaigns c ON c.id = a.campaign_id WHERE a.id = $1", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_int(st, 1, id);
	if (gx_stmt_step(st, err) != 1)
		return err->code ? err->code : GX_SOFTWARE;
	cid = gx_stmt_int(st, 0);
	prize = gx_stmt_int(st, 1);
	rank = gx_stmt_int(st, 2);
	next = gx_stmt_int(st, 3);
	{
		json_t *ranking = json_loads(gx_stmt_text(st, 4) ?
		    gx_stmt_text(st, 4) : "[]", 0, NULL);
		const char *h = json_string_value(json_array_get(ranking,
		    (size_t)next - 1));

		if (h != NULL) {
			snprintf(nhandle, sizeof nhandle, "%s", h);
			gx_draw_ticket(gx_stmt_text(st, 5), gx_stmt_text(st, 6),
			    nhandle, nticket);
		} else {
			next = 0;
		}
		json_decref(ranking);
	}
	gx_stmt_reset(st);
	if ((rec = gx_award_get(db, id, err)) == NULL)
		return err->code;
	json_object_set_new(rec, "result", json_string("declined"));
	fn(rec, ctx);
	json_decref(rec);
	if (next == 0) {
		gx_warn("award %lld declined and the reserve list is empty: "
		    "the prize stays unawarded", (long long)id);
		return 0;
	}
	gx_time_format(now, at);
	if ((rc = entry_insert(db, cid, next, nhandle, nticket, err)) != 0 ||
	    (rc = award_insert(db, cid, prize, next, rank, at, &nid, err)) != 0)
		return rc;
	if ((rec = gx_award_get(db, nid, err)) == NULL)
		return err->code;
	{
		char eid[32];
		json_t *d = json_pack("{s:I, s:I, s:s}", "rank",
		    (json_int_t)next, "replaces_rank", (json_int_t)rank,
		    "handle", json_string_value(json_object_get(rec, "handle")));

		snprintf(eid, sizeof eid, "%lld", (long long)nid);
		rc = gx_audit_log(db, now, a->label, "award", "award", eid, d,
		    err);
		json_decref(d);
	}
	json_object_set_new(rec, "result", json_string("awarded"));
	if (rc == 0)
		fn(rec, ctx);
	json_decref(rec);
	return rc;
}

int
gx_award_ship(struct gx_db *db, const struct gx_actor *a, int64_t id,
    const char *tracking, int deliver, int64_t now, json_t **out,
    const char **result, struct gx_err *err)
{
	const char *want = deliver ? "delivered" : "shipped";
	const char *from = deliver ? "shipped" : "won", *status;
	json_t *aw;
	int closed, rc;

	*out = NULL;
	if (!a->staff)
		return gx_err_set(err, GX_NOPERM, "only staff may record "
		    "shipping");
	if ((aw = award_for_change(db, id, &closed, err)) == NULL)
		return err->code;
	status = json_string_value(json_object_get(aw, "status"));
	if (strcmp(status, want) == 0 && (deliver || tracking == NULL ||
	    strcmp(tracking, json_string_value(json_object_get(aw,
	    "tracking")) ?: "") == 0)) {
		*result = "unchanged";
		*out = aw;
		return 0;
	}
	if (strcmp(status, want) == 0) {
		/* Shipped again under a new tracking number: a correction. */
		json_decref(aw);
		if ((rc = award_status(db, a, id, want, tracking, "ship", now,
		    err)) != 0)
			return rc;
		*result = "updated";
		*out = gx_award_get(db, id, err);
		return *out ? 0 : err->code;
	}
	if (strcmp(status, from) != 0) {
		rc = gx_err_set(err, GX_DATAERR, "award %lld is %s; only a %s "
		    "award can be %s", (long long)id, status, from, want);
		json_decref(aw);
		return rc;
	}
	json_decref(aw);
	if ((rc = award_status(db, a, id, want, tracking, deliver ? "deliver" :
	    "ship", now, err)) != 0)
		return rc;
	*result = want;
	*out = gx_award_get(db, id, err);
	return *out ? 0 : err->code;
}

int
gx_campaign_close(struct gx_db *db, const struct gx_actor *a,
    const char *slug, int64_t now, json_t **out, const char **result,
    struct gx_err *err)
{
	char at[GX_TIME_LEN];
	struct gx_stmt *st;
	const char *state;
	json_t *cur;
	int rc;

	*out = NULL;
	if (!a->staff)
		return gx_err_set(err, GX_NOPERM, "only staff may close "
		    "campaigns");
	if ((cur = gx_campaign_get(db, slug, now, err)) == NULL)
		return err->code == GX_NOTFOUND ? (err->code = GX_DATAERR) :
		    err->code;
	state = json_string_value(json_object_get(cur, "state"));
	if (strcmp(state, "closed") == 0) {
		*result = "unchanged";
		*out = cur;
		return 0;
	}
	if (strcmp(state, "drawn") != 0) {
		rc = gx_err_set(err, GX_DATAERR, "campaign '%s' is %s; only a "
		    "drawn campaign can be closed", slug, state);
		json_decref(cur);
		return rc;
	}
	json_decref(cur);
	st = gx_db_prepare(db, "UPDATE campaigns SET closed_at = $2, "
	    "updated_at = $2 WHERE slug = $1", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, slug);
	gx_stmt_bind_text(st, 2, gx_time_format(now, at));
	if (gx_stmt_step(st, err) < 0)
		return err->code;
	if ((rc = gx_audit_log(db, now, a->label, "close", "campaign", slug,
	    NULL, err)) != 0)
		return rc;
	*result = "closed";
	*out = gx_campaign_get(db, slug, now, err);
	return *out ? 0 : err->code;
}

json_t *
gx_campaign_proof(struct gx_db *db, const char *slug, struct gx_err *err)
{
	json_t *c = gx_campaign_get(db, slug, 0, err), *proof = NULL;
	json_t *cands = NULL, *awards = NULL, *prizes;
	char sha[GX_SHA256_HEX], *rules = NULL;
	struct gx_stmt *st;
	size_t i;
	json_t *p;
	int rc;

	if (c == NULL)
		return NULL;
	if (json_is_null(json_object_get(c, "drawn_at"))) {
		gx_err_set(err, GX_DATAERR, "campaign '%s' has not been drawn; "
		    "its proof exists after the draw", slug);
		goto out;
	}
	if ((rules = gx_campaign_rules(db, slug, sha, err)) == NULL)
		goto out;
	/* The hash fixed at commit, not of today's text: verify compares. */
	if (json_is_string(json_object_get(c, "rules_sha256")))
		snprintf(sha, sizeof sha, "%s", json_string_value(
		    json_object_get(c, "rules_sha256")));
	/* The candidates, in handle order: the proof shows who took part,
	 * verify finds the ranking again. */
	st = gx_db_prepare(db, "SELECT ranking FROM campaigns WHERE slug = $1",
	    err);
	if (st == NULL)
		goto out;
	gx_stmt_bind_text(st, 1, slug);
	if (gx_stmt_step(st, err) != 1)
		goto out;
	cands = json_loads(gx_stmt_text(st, 0) ? gx_stmt_text(st, 0) : "[]",
	    0, NULL);
	gx_stmt_reset(st);
	if (!json_is_array(cands)) {
		gx_err_set(err, GX_SOFTWARE, "campaign '%s': the stored ranking "
		    "is not a list", slug);
		goto out;
	}
	{
		size_t k, m = json_array_size(cands);
		const char **hs = gx_xcalloc(m + 1, sizeof *hs);
		json_t *sorted = json_array();

		json_array_foreach(cands, k, p)
			hs[k] = json_string_value(p);
		qsort(hs, m, sizeof *hs, cmp_str);
		for (k = 0; k < m; k++)
			json_array_append_new(sorted, json_string(hs[k]));
		free(hs);
		json_decref(cands);
		cands = sorted;
	}
	awards = json_array();
	st = gx_db_prepare(db, AWARD_SELECT "WHERE c.slug = $1 ORDER BY a.rank",
	    err);
	if (st == NULL)
		goto out;
	gx_stmt_bind_text(st, 1, slug);
	while ((rc = gx_stmt_step(st, err)) == 1) {
		json_t *a = json_pack("{s:I, s:s, s:s, s:s}", "rank",
		    (json_int_t)gx_stmt_int(st, 5), "handle",
		    gx_stmt_text(st, 2), "prize", gx_stmt_text(st, 4),
		    "status", gx_stmt_text(st, 7));

		json_object_set_new(a, "replaces_rank",
		    gx_stmt_coltype(st, 9) == GX_COL_NULL ? json_null() :
		    json_integer(gx_stmt_int(st, 9)));
		json_array_append_new(awards, a);
	}
	if (rc < 0)
		goto out;
	prizes = json_array();
	json_array_foreach(json_object_get(c, "prizes"), i, p)
		json_array_append_new(prizes, json_pack("{s:O, s:O}", "name",
		    json_object_get(p, "name"), "quantity",
		    json_object_get(p, "quantity")));
	proof = json_pack("{s:s, s:i, s:s, s:O, s:O, s:s, s:s, s:O, s:O, "
	    "s:O, s:O, s:O, s:o, s:o, s:o}", "type", "proof", "format", 1,
	    "algorithm", "ticket = hex(SHA-256(seed \":\" campaign \":\" "
	    "handle)); candidates ranked by ticket, lowest first, ties by "
	    "handle; prizes in order, each to as many ranks as its quantity; "
	    "a declined prize passes to the next rank without an award",
	    "campaign", json_object_get(c, "slug"), "title",
	    json_object_get(c, "title"), "rules", rules, "rules_sha256", sha,
	    "goal", json_object_get(c, "goal"), "seed_sha256",
	    json_object_get(c, "seed_sha256"), "seed", json_object_get(c,
	    "seed"), "committed_at", json_object_get(c, "committed_at"),
	    "drawn_at", json_object_get(c, "drawn_at"), "prizes", prizes,
	    "candidates", cands, "awards", awards);
	cands = awards = NULL;	/* taken by the proof (or released) */
out:
	free(rules);
	json_decref(c);
	json_decref(cands);
	json_decref(awards);
	return proof;
}

/* Find the award at rank in the proof's awards. */
static json_t *
award_at(json_t *awards, int64_t rank)
{
	size_t i;
	json_t *a;

	json_array_foreach(awards, i, a)
		if (json_integer_value(json_object_get(a, "rank")) == rank)
			return a;
	return NULL;
}

int
gx_draw_verify(const json_t *proof, json_t **report, struct gx_err *err)
{
	const char *seed, *commit, *slug, *rules, *rsha;
	json_t *cands, *awards, *prizes, *slots = NULL, *v, *a;
	char sha[GX_SHA256_HEX];
	struct entry *ent = NULL;
	size_t n, i, nslots, repl = 0;
	int rc = GX_DATAERR;

	*report = NULL;
	seed = json_string_value(json_object_get(proof, "seed"));
	commit = json_string_value(json_object_get(proof, "seed_sha256"));
	slug = json_string_value(json_object_get(proof, "campaign"));
	rules = json_string_value(json_object_get(proof, "rules"));
	rsha = json_string_value(json_object_get(proof, "rules_sha256"));
	cands = json_object_get(proof, "candidates");
	awards = json_object_get(proof, "awards");
	prizes = json_object_get(proof, "prizes");
	if (!json_is_object(proof) || seed == NULL || commit == NULL ||
	    slug == NULL || !json_is_array(cands) || !json_is_array(awards) ||
	    !json_is_array(prizes))
		return gx_err_set(err, GX_DATAERR, "not a draw proof: it needs "
		    "campaign, seed, seed_sha256, prizes, candidates and "
		    "awards");
	if (strlen(seed) > 256 || strlen(slug) > GX_SLUG_MAX)
		return gx_err_set(err, GX_DATAERR, "proof: seed or campaign is "
		    "too long");
	gx_sha256_hex(seed, strlen(seed), sha);
	if (strcmp(sha, commit) != 0)
		return gx_err_set(err, GX_DATAERR, "the seed does not match its "
		    "commitment: SHA-256(seed) is %s, the commitment %s", sha,
		    commit);
	if (rules != NULL || rsha != NULL) {
		if (rules == NULL || rsha == NULL ||
		    strcmp(gx_sha256_hex(rules, strlen(rules), sha), rsha) != 0)
			return gx_err_set(err, GX_DATAERR, "the rules text does "
			    "not match its SHA-256");
	}
	n = json_array_size(cands);
	ent = gx_xcalloc(n + 1, sizeof *ent);
	json_array_foreach(cands, i, v) {
		const char *h = json_string_value(v);

		if (h == NULL || strlen(h) > GX_HANDLE_MAX) {
			gx_err_set(err, GX_DATAERR, "candidate %zu is not a "
			    "handle", i + 1);
			goto out;
		}
		snprintf(ent[i].handle, sizeof ent->handle, "%s", h);
		gx_draw_ticket(seed, slug, h, ent[i].ticket);
	}
	qsort(ent, n, sizeof *ent, cmp_entry);
	for (i = 1; i < n; i++)
		if (strcmp(ent[i].handle, ent[i - 1].handle) == 0) {
			gx_err_set(err, GX_DATAERR, "candidate '%s' appears "
			    "twice", ent[i].handle);
			goto out;
		}
	slots = json_array();
	json_array_foreach(prizes, i, v) {
		json_int_t q = json_integer_value(json_object_get(v,
		    "quantity"));

		if (!json_is_string(json_object_get(v, "name")) || q < 1) {
			gx_err_set(err, GX_DATAERR, "prize %zu needs a name and "
			    "a quantity", i + 1);
			goto out;
		}
		for (json_int_t k = 0; k < q && json_array_size(slots) < n; k++)
			json_array_append(slots, json_object_get(v, "name"));
	}
	nslots = json_array_size(slots);
	json_array_foreach(awards, i, a) {
		size_t k;
		json_t *b;

		json_array_foreach(awards, k, b)
			if (k < i && json_integer_value(json_object_get(b,
			    "rank")) == json_integer_value(json_object_get(a,
			    "rank"))) {
				gx_err_set(err, GX_DATAERR, "rank %lld has two "
				    "awards", (long long)json_integer_value(
				    json_object_get(a, "rank")));
				goto out;
			}
	}
	json_array_foreach(awards, i, a) {
		json_int_t rank = json_integer_value(json_object_get(a, "rank"));
		const char *h = json_string_value(json_object_get(a, "handle"));
		const char *prize = json_string_value(json_object_get(a,
		    "prize"));
		json_t *rp = json_object_get(a, "replaces_rank"), *old;

		if (rank < 1 || (size_t)rank > n || h == NULL || prize == NULL) {
			gx_err_set(err, GX_DATAERR, "award %zu has no valid "
			    "rank, handle and prize", i + 1);
			goto out;
		}
		if (strcmp(ent[rank - 1].handle, h) != 0) {
			gx_err_set(err, GX_DATAERR, "award at rank %lld went to "
			    "'%s', but the draw ranks '%s' there", (long long)rank,
			    h, ent[rank - 1].handle);
			goto out;
		}
		if ((size_t)rank <= nslots) {
			if (!json_is_null(rp) && rp != NULL) {
				gx_err_set(err, GX_DATAERR, "award at rank %lld "
				    "is a first-draw award, not a replacement",
				    (long long)rank);
				goto out;
			}
			if (strcmp(prize, json_string_value(json_array_get(slots,
			    (size_t)rank - 1))) != 0) {
				gx_err_set(err, GX_DATAERR, "rank %lld should win "
				    "'%s', the proof says '%s'", (long long)rank,
				    json_string_value(json_array_get(slots,
				    (size_t)rank - 1)), prize);
				goto out;
			}
			continue;
		}
		/* A replacement: the declined award it replaces had the
		 * same prize, and replacements take reserve ranks in order. */
		repl++;
		old = json_is_integer(rp) ? award_at(awards,
		    json_integer_value(rp)) : NULL;
		if (old == NULL || strcmp(json_string_value(json_object_get(old,
		    "status")) ?: "", "declined") != 0 ||
		    strcmp(json_string_value(json_object_get(old, "prize")) ?:
		    "", prize) != 0) {
			gx_err_set(err, GX_DATAERR, "award at rank %lld replaces "
			    "no declined award of '%s'", (long long)rank, prize);
			goto out;
		}
	}
	for (i = 1; i <= nslots + repl; i++) {
		json_t *aw = award_at(awards, (json_int_t)i);

		if (aw == NULL) {
			gx_err_set(err, GX_DATAERR, "rank %zu should have an "
			    "award and has none", i);
			goto out;
		}
		if (i > nslots) {
			json_int_t r = json_integer_value(json_object_get(aw,
			    "replaces_rank"));
			size_t uses = 0, k;
			json_t *b;

			json_array_foreach(awards, k, b)
				uses += json_integer_value(json_object_get(b,
				    "replaces_rank")) == r;
			if (uses != 1) {
				gx_err_set(err, GX_DATAERR, "the award at rank "
				    "%lld was replaced %zu times", (long long)r,
				    uses);
				goto out;
			}
		}
	}
	/* A declined prize passes on while the reserve lasts. */
	json_array_foreach(awards, i, a) {
		json_int_t rank = json_integer_value(json_object_get(a, "rank"));
		size_t k, passed = 0;
		json_t *b;

		if (strcmp(json_string_value(json_object_get(a, "status")) ?: "",
		    "declined") != 0)
			continue;
		json_array_foreach(awards, k, b)
			passed += json_integer_value(json_object_get(b,
			    "replaces_rank")) == rank;
		if (passed == 0 && nslots + repl < n) {
			gx_err_set(err, GX_DATAERR, "the prize declined at rank "
			    "%lld was not passed to the reserve", (long long)rank);
			goto out;
		}
	}
	*report = json_pack("{s:s, s:b, s:s, s:s, s:I, s:I, s:I}", "type",
	    "verify", "ok", 1, "campaign", slug, "seed_sha256", commit,
	    "candidates", (json_int_t)n, "winners", (json_int_t)nslots,
	    "replacements", (json_int_t)repl);
	rc = 0;
out:
	free(ent);
	json_decref(slots);
	return rc;
}
