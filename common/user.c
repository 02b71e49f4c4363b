/* user.c - members: rules and SQL. */
#include "user.h"
#include "audit.h"
#include "clock.h"
#include "invite.h"
#include "jsonl.h"
#include "out.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const gx_user_fields[] = { "type", "id", "handle", "name",
    "phone", "email", "city", "industry", "company", "title", "employed",
    "role", "status", "suspended_reason", "invited_by", "created_at",
    "updated_at", "result", NULL };
const char *const gx_user_table[] = { "handle", "name", "phone", "city",
    "industry", "company", "title", "status", NULL };

#define USER_SELECT \
	"SELECT u.id, u.handle, u.name, u.phone, u.email, u.city, " \
	"u.industry, u.company, u.title, u.employed, u.role, u.status, " \
	"u.suspended_reason, i.handle AS invited_by, u.created_at, " \
	"u.updated_at FROM users u LEFT JOIN users i ON i.id = u.invited_by "

int
gx_handle_normalize(const char *in, char out[GX_HANDLE_MAX + 1])
{
	size_t n = strlen(in);

	if (n < 2 || n > GX_HANDLE_MAX)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = (char)tolower((unsigned char)in[i]);

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '.' || c == '-'))
			return -1;
		out[i] = c;
	}
	out[n] = '\0';
	return 0;
}

int
gx_phone_normalize(const char *in, char out[24])
{
	char d[32];
	size_t n = 0;
	int plus = 0;

	for (const char *p = in; *p; p++) {
		if (*p == ' ' || *p == '-' || *p == '.' || *p == '(' ||
		    *p == ')')
			continue;
		if (*p == '+' && n == 0 && !plus) {
			plus = 1;
			continue;
		}
		if (!isdigit((unsigned char)*p) || n >= sizeof d - 1)
			return -1;
		d[n++] = *p;
	}
	d[n] = '\0';
	if (!plus && n > 2 && d[0] == '0' && d[1] == '0') {
		memmove(d, d + 2, n - 1);
		n -= 2;
		plus = 1;
	}
	if (!plus && n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9') {
		snprintf(out, 24, "+86%s", d);
		return 0;
	}
	if (!plus && n == 13 && d[0] == '8' && d[1] == '6' && d[2] == '1')
		plus = 1;
	if (!plus || n < 8 || n > 15 || d[0] == '0')
		return -1;
	/* A mainland number must be a whole mobile number. */
	if (d[0] == '8' && d[1] == '6' && d[2] == '1' &&
	    (n != 13 || d[3] < '3'))
		return -1;
	snprintf(out, 24, "+%s", d);
	return 0;
}

void
gx_phone_mask(const char *p, char out[32])
{
	size_t n = strlen(p);

	if (strncmp(p, "+86", 3) == 0 && n == 14) {
		snprintf(out, 32, "+86 %.3s****%s", p + 3, p + 10);
		return;
	}
	if (n < 9) {
		snprintf(out, 32, "****");
		return;
	}
	/* Elsewhere: the first four and last four characters. */
	snprintf(out, 32, "%.4s", p);
	for (size_t i = 4; i < n - 4 && i < 24; i++)
		out[i] = '*';
	snprintf(out + (n - 4 < 24 ? n - 4 : 24), 8, "%s", p + n - 4);
}

int
gx_text_ok(const char *str, int max)
{
	const unsigned char *s = (const unsigned char *)str;
	int chars = 0;

	if (*s == '\0' || !gx_utf8_valid(str, strlen(str)))
		return 0;
	for (; *s; s++) {
		if (*s < 0x20 || *s == 0x7f)
			return 0;
		/* C1 controls: U+0080..U+009F are C2 80..C2 9F. */
		if (*s == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
			return 0;
		if ((*s & 0xc0) != 0x80)
			chars++;
	}
	return chars <= max;
}

/* Copy a JSON string field, trimmed, checked; 0 absent, 1 set, -1 bad. */
static int
text_field(const json_t *rec, const char *key, char *dst, size_t dstsz,
    int max, struct gx_err *err)
{
	json_t *v = json_object_get(rec, key);
	const char *s, *e;

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return gx_err_set(err, GX_DATAERR, "field '%s' must be a "
		    "string", key), -1;
	s = json_string_value(v);
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if ((size_t)(e - s) >= dstsz)
		return gx_err_set(err, GX_DATAERR, "field '%s' is longer than "
		    "%d characters", key, max), -1;
	memcpy(dst, s, (size_t)(e - s));
	dst[e - s] = '\0';
	if (memchr(s, '\0', (size_t)(e - s)) != NULL ||
	    json_string_length(v) != strlen(json_string_value(v)))
		return gx_err_set(err, GX_DATAERR, "field '%s' contains a NUL "
		    "character", key), -1;
	if (*dst == '\0')
		return gx_err_set(err, GX_DATAERR, "field '%s' is empty", key),
		    -1;
	if (!gx_text_ok(dst, max))
		return gx_err_set(err, GX_DATAERR, "field '%s' must be at most "
		    "%d characters without control characters", key, max), -1;
	return 1;
}

int
gx_user_parse(const json_t *rec, struct gx_user_in *u, int need_core,
    struct gx_err *err)
{
	static const struct {
		const char *key;
		unsigned flag;
		size_t off, size;
		int max;
	} texts[] = {
		{ "name", GX_UF_NAME, offsetof(struct gx_user_in, name),
		  sizeof u->name, GX_NAME_MAX },
		{ "email", GX_UF_EMAIL, offsetof(struct gx_user_in, email),
		  sizeof u->email, GX_TEXT_MAX },
		{ "city", GX_UF_CITY, offsetof(struct gx_user_in, city),
		  sizeof u->city, GX_TEXT_MAX },
		{ "industry", GX_UF_INDUSTRY, offsetof(struct gx_user_in,
		  industry), sizeof u->industry, GX_TEXT_MAX },
		{ "company", GX_UF_COMPANY, offsetof(struct gx_user_in, company),
		  sizeof u->company, GX_TEXT_MAX },
		{ "title", GX_UF_TITLE, offsetof(struct gx_user_in, title),
		  sizeof u->title, GX_TEXT_MAX },
	};
	char phone[4 * GX_TEXT_MAX + 1];
	json_t *v;
	int rc;

	memset(u, 0, sizeof *u);
	if (json_is_string(rec)) {
		if (need_core)
			return gx_err_set(err, GX_DATAERR, "expected a JSON "
			    "object with handle, name and phone");
		v = (json_t *)rec;
	} else if (!json_is_object(rec)) {
		return gx_err_set(err, GX_DATAERR, "expected a JSON object");
	} else if ((v = json_object_get(rec, "handle")) == NULL) {
		return gx_err_set(err, GX_DATAERR, "missing field 'handle'");
	}
	if (!json_is_string(v))
		return gx_err_set(err, GX_DATAERR, "field 'handle' must be a "
		    "string");
	if (gx_handle_normalize(json_string_value(v), u->handle) != 0)
		return gx_err_set(err, GX_DATAERR, "invalid handle '%.40s' "
		    "(2-32 of a-z 0-9 _ . -)", json_string_value(v));
	if (json_is_string(rec))
		return 0;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		rc = text_field(rec, texts[i].key, (char *)u + texts[i].off,
		    texts[i].size, texts[i].max, err);
		if (rc < 0)
			return GX_DATAERR;
		if (rc > 0)
			u->set |= texts[i].flag;
	}
	if ((u->set & GX_UF_EMAIL) && strchr(u->email, '@') == NULL)
		return gx_err_set(err, GX_DATAERR, "invalid email '%s'",
		    u->email);
	if ((rc = text_field(rec, "phone", phone, sizeof phone, GX_TEXT_MAX,
	    err)) < 0)
		return GX_DATAERR;
	if (rc > 0) {
		if (gx_phone_normalize(phone, u->phone) != 0)
			return gx_err_set(err, GX_DATAERR, "invalid phone "
			    "number '%s'", phone);
		u->set |= GX_UF_PHONE;
	}
	if ((v = json_object_get(rec, "employed")) != NULL &&
	    !json_is_null(v)) {
		if (!json_is_boolean(v))
			return gx_err_set(err, GX_DATAERR, "field 'employed' "
			    "must be true or false");
		u->employed = json_is_true(v);
		u->set |= GX_UF_EMPLOYED;
	}
	if ((v = json_object_get(rec, "role")) != NULL && !json_is_null(v)) {
		const char *r = json_is_string(v) ? json_string_value(v) : "";

		if (strcmp(r, "member") != 0 && strcmp(r, "staff") != 0)
			return gx_err_set(err, GX_DATAERR, "field 'role' must "
			    "be \"member\" or \"staff\"");
		snprintf(u->role, sizeof u->role, "%s", r);
		u->set |= GX_UF_ROLE;
	}
	if ((v = json_object_get(rec, "invite")) != NULL && !json_is_null(v)) {
		const char *c = json_is_string(v) ? json_string_value(v) : NULL;

		if (c == NULL || strlen(c) == 0 || strlen(c) >= sizeof u->invite)
			return gx_err_set(err, GX_DATAERR, "field 'invite' must "
			    "be an invite code");
		snprintf(u->invite, sizeof u->invite, "%s", c);
	}
	if (need_core && !(u->set & GX_UF_NAME))
		return gx_err_set(err, GX_DATAERR, "member '%s' needs a real "
		    "name", u->handle);
	if (need_core && !(u->set & GX_UF_PHONE))
		return gx_err_set(err, GX_DATAERR, "member '%s' needs a phone "
		    "number", u->handle);
	return 0;
}

int
gx_actor_resolve(struct gx_db *db, const char *handle, struct gx_actor *a,
    struct gx_err *err)
{
	struct gx_stmt *st;
	char h[GX_HANDLE_MAX + 1];
	const char *user;
	int rc;

	memset(a, 0, sizeof *a);
	if (handle == NULL) {
		a->staff = 1;
		user = getenv("USER");
		if (user == NULL || *user == '\0')
			user = getenv("LOGNAME");
		if (user != NULL && *user != '\0')
			snprintf(a->label, sizeof a->label, "operator:%.64s",
			    user);
		else
			snprintf(a->label, sizeof a->label, "operator:%u",
			    (unsigned)geteuid());
		return 0;
	}
	if (gx_handle_normalize(handle, h) != 0)
		return gx_err_set(err, GX_USAGE, "invalid handle '%s' for --as",
		    handle);
	st = gx_db_prepare(db, "SELECT id, role, status FROM users WHERE "
	    "handle = $1", err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_text(st, 1, h);
	if ((rc = gx_stmt_step(st, err)) < 0)
		return err->code;
	if (rc == 0)
		return gx_err_set(err, GX_NOPERM, "no member '%s' to act as", h);
	a->id = gx_stmt_int(st, 0);
	a->staff = strcmp(gx_stmt_text(st, 1), "staff") == 0;
	rc = strcmp(gx_stmt_text(st, 2), "active") != 0;
	gx_stmt_reset(st);
	if (rc)
		return gx_err_set(err, GX_NOPERM, "member '%s' is suspended", h);
	snprintf(a->handle, sizeof a->handle, "%s", h);
	snprintf(a->label, sizeof a->label, "%s", h);
	return 0;
}

/* Build a user record from a USER_SELECT row. */
static json_t *
row_record(struct gx_stmt *st)
{
	json_t *row = gx_stmt_row_json(st), *rec = json_object();

	json_object_set_new(rec, "type", json_string("user"));
	json_object_update(rec, row);
	json_decref(row);
	json_object_set_new(rec, "employed",
	    json_boolean(json_integer_value(json_object_get(rec, "employed"))));
	return rec;
}

json_t *
gx_user_get(struct gx_db *db, const char *handle, struct gx_err *err)
{
	char h[GX_HANDLE_MAX + 1];
	struct gx_stmt *st;
	json_t *rec = NULL;
	int rc;

	if (gx_handle_normalize(handle, h) != 0) {
		gx_err_set(err, GX_NOTFOUND, "no member '%s'", handle);
		return NULL;
	}
	st = gx_db_prepare(db, USER_SELECT "WHERE u.handle = $1", err);
	if (st == NULL)
		return NULL;
	gx_stmt_bind_text(st, 1, h);
	rc = gx_stmt_step(st, err);
	if (rc == 1)
		rec = row_record(st);
	else if (rc == 0)
		gx_err_set(err, GX_NOTFOUND, "no member '%s'", h);
	gx_stmt_reset(st);
	return rec;
}

int
gx_user_list(struct gx_db *db, const struct gx_user_filter *f,
    int (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err)
{
	struct gx_stmt *st;
	char *like = NULL;
	int rc, n = 0, stop = 0;

	st = gx_db_prepare(db, USER_SELECT
	    "WHERE ($1 IS NULL OR lower(u.city) = lower($1)) "
	    "AND ($2 IS NULL OR lower(u.industry) = lower($2)) "
	    "AND ($3 IS NULL OR lower(u.company) = lower($3)) "
	    "AND ($4 IS NULL OR lower(u.handle) LIKE lower($4) ESCAPE '\\' "
	    "  OR lower(u.name) LIKE lower($4) ESCAPE '\\' "
	    "  OR lower(u.company) LIKE lower($4) ESCAPE '\\' "
	    "  OR lower(u.title) LIKE lower($4) ESCAPE '\\') "
	    "AND ($5 IS NULL OR u.status = $5) "
	    "AND ($6 IS NULL OR u.role = $6) "
	    "AND ($7 IS NULL OR u.created_at >= $7) "
	    "ORDER BY u.id LIMIT $8", err);
	if (st == NULL)
		return err->code;
	if (f->search != NULL) {
		/* The text matches itself: its %, _ and \ are escaped. */
		size_t k = 0;

		like = gx_xmalloc(2 * strlen(f->search) + 3);
		like[k++] = '%';
		for (const char *p = f->search; *p; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				like[k++] = '\\';
			like[k++] = *p;
		}
		like[k++] = '%';
		like[k] = '\0';
	}
	gx_stmt_bind_text(st, 1, f->city);
	gx_stmt_bind_text(st, 2, f->industry);
	gx_stmt_bind_text(st, 3, f->company);
	gx_stmt_bind_text(st, 4, like);
	gx_stmt_bind_text(st, 5, f->status);
	gx_stmt_bind_text(st, 6, f->role);
	gx_stmt_bind_text(st, 7, f->since);
	gx_stmt_bind_int(st, 8, f->limit > 0 ? f->limit : INT64_MAX);
	while ((rc = gx_stmt_step(st, err)) == 1) {
		json_t *rec = row_record(st);

		n++;
		stop = fn(rec, ctx);
		json_decref(rec);
		if (stop)
			break;
	}
	gx_stmt_reset(st);
	free(like);
	if (rc < 0)
		return err->code;
	if (stop)
		return stop;
	return n == 0 ? GX_NOTFOUND : 0;
}

static json_t *
audit_details(const struct gx_user_in *u)
{
	json_t *d = json_object();

#define PUT(flag, key, val) \
	if (u->set & (flag)) json_object_set_new(d, key, (val))
	PUT(GX_UF_NAME, "name", json_string(u->name));
	PUT(GX_UF_PHONE, "phone", json_string(u->phone));
	PUT(GX_UF_EMAIL, "email", json_string(u->email));
	PUT(GX_UF_CITY, "city", json_string(u->city));
	PUT(GX_UF_INDUSTRY, "industry", json_string(u->industry));
	PUT(GX_UF_COMPANY, "company", json_string(u->company));
	PUT(GX_UF_TITLE, "title", json_string(u->title));
	PUT(GX_UF_EMPLOYED, "employed", json_boolean(u->employed));
	PUT(GX_UF_ROLE, "role", json_string(u->role));
#undef PUT
	return d;
}

#define OPT(u, flag, field) (((u)->set & (flag)) ? (u)->field : NULL)

void
gx_user_prepare(struct gx_user_prep *p, int64_t now, int reveal)
{
	const struct gx_user_in *u = &p->u;
	char at[GX_TIME_LEN], masked[32];
	struct gx_jbuf b;

	gx_time_format(now, at);
	memcpy(p->at, at, sizeof at);
	gx_phone_mask(u->phone, masked);
	/* The fields after type and id, in the order of a user record. */
	gx_jbuf_init(&b, p->line, sizeof p->line);
	gx_jbuf_raw(&b, "{");
	gx_jbuf_str(&b, "handle", u->handle);
	gx_jbuf_str(&b, "name", u->name);
	gx_jbuf_str(&b, "phone", reveal ? u->phone : masked);
	gx_jbuf_str(&b, "email", OPT(u, GX_UF_EMAIL, email));
	gx_jbuf_str(&b, "city", OPT(u, GX_UF_CITY, city));
	gx_jbuf_str(&b, "industry", OPT(u, GX_UF_INDUSTRY, industry));
	gx_jbuf_str(&b, "company", OPT(u, GX_UF_COMPANY, company));
	gx_jbuf_str(&b, "title", OPT(u, GX_UF_TITLE, title));
	gx_jbuf_bool(&b, "employed", (u->set & GX_UF_EMPLOYED) && u->employed);
	gx_jbuf_str(&b, "role", (u->set & GX_UF_ROLE) ? u->role : "member");
	gx_jbuf_str(&b, "status", "active");
	gx_jbuf_str(&b, "suspended_reason", NULL);
	gx_jbuf_str(&b, "invited_by", NULL);	/* see gx_user_emit_added */
	gx_jbuf_str(&b, "created_at", at);
	gx_jbuf_str(&b, "updated_at", at);
	gx_jbuf_str(&b, "result", "added");
	gx_jbuf_raw(&b, "}");
	p->len = gx_jbuf_ok(&b) ? b.len : 0;
}

void
gx_user_emit_added(struct gx_out *o, const struct gx_user_prep *p,
    int64_t id)
{
	char head[64];
	json_t *rec, *rest;

	if (p->len > 0 && gx_out_is_plain(o)) {
		snprintf(head, sizeof head, "{\"type\":\"user\",\"id\":%lld,",
		    (long long)id);
		gx_out_emit_text(o, head, p->line + 1, p->len - 1);
		return;
	}
	/* Another format, or --fields: build the record. */
	rec = json_pack("{s:s, s:I}", "type", "user", "id", (json_int_t)id);
	rest = p->len > 0 ? json_loadb(p->line, p->len, 0, NULL) : NULL;
	if (rest != NULL)
		json_object_update(rec, rest);
	else
		json_object_set_new(rec, "handle", json_string(p->u.handle));
	gx_out_emit(o, rec);
	json_decref(rest);
	json_decref(rec);
}

int
gx_user_add(struct gx_db *db, const struct gx_actor *a,
    const struct gx_user_prep *p, struct gx_audit_group *g, int64_t now,
    int64_t *id, const char **result, struct gx_err *err)
{
	const struct gx_user_in *u = &p->u;
	char at[GX_TIME_LEN], masked[32];
	struct gx_stmt *st;
	int rc;

	*id = 0;
	if (!a->staff)
		return gx_err_set(err, GX_NOPERM, "only staff may register "
		    "members");
	if (p->at[0] == '\0')
		gx_time_format(now, at);
	else
		memcpy(at, p->at, sizeof at);
	st = gx_db_prepare(db, "INSERT INTO users (handle, name, phone, email, "
	    "city, industry, company, title, employed, role, status, "
	    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
	    "$9, $10, 'active', $11, $11) ON CONFLICT DO NOTHING RETURNING id",
	    err);
	if (st == NULL)
		return err->code;
	gx_stmt_bind_text_ref(st, 1, u->handle);
	gx_stmt_bind_text_ref(st, 2, u->name);
	gx_stmt_bind_text_ref(st, 3, u->phone);
	gx_stmt_bind_text_ref(st, 4, OPT(u, GX_UF_EMAIL, email));
	gx_stmt_bind_text_ref(st, 5, OPT(u, GX_UF_CITY, city));
	gx_stmt_bind_text_ref(st, 6, OPT(u, GX_UF_INDUSTRY, industry));
	gx_stmt_bind_text_ref(st, 7, OPT(u, GX_UF_COMPANY, company));
	gx_stmt_bind_text_ref(st, 8, OPT(u, GX_UF_TITLE, title));
	gx_stmt_bind_int(st, 9, (u->set & GX_UF_EMPLOYED) ? u->employed : 0);
	gx_stmt_bind_text_ref(st, 10, (u->set & GX_UF_ROLE) ? u->role :
	    "member");
	gx_stmt_bind_text_ref(st, 11, at);
	if ((rc = gx_stmt_step(st, err)) < 0)
		return err->code;
	*id = rc == 1 ? gx_stmt_int(st, 0) : 0;
	gx_stmt_reset(st);
	if (rc == 0) {
		/* Taken: the same member again, or a clash with another. */
		const char *h, *ph;
		int same_h, same_p;

		st = gx_db_prepare(db, "SELECT handle, phone, id FROM users "
		    "WHERE handle = $1 OR phone = $2 ORDER BY id", err);
		if (st == NULL)
			return err->code;
		gx_stmt_bind_text(st, 1, u->handle);
		gx_stmt_bind_text(st, 2, u->phone);
		if ((rc = gx_stmt_step(st, err)) <= 0)
			return rc < 0 ? err->code : gx_err_set(err,
			    GX_SOFTWARE, "member '%s' vanished", u->handle);
		h = gx_stmt_text(st, 0);
		ph = gx_stmt_text(st, 1);
		same_h = strcmp(h, u->handle) == 0;
		same_p = strcmp(ph, u->phone) == 0;
		gx_phone_mask(u->phone, masked);
		if (same_h && same_p) {
			rc = 0;
			*id = gx_stmt_int(st, 2);
		} else if (same_h) {
			rc = gx_err_set(err, GX_DATAERR, "handle '%s' is taken "
			    "by a member with another phone number", h);
		} else {
			rc = gx_err_set(err, GX_DATAERR, "phone number %s is "
			    "already registered to member '%s'", masked, h);
		}
		gx_stmt_reset(st);
		if (rc != 0)
			return rc;
		*result = "unchanged";
		/* Registered before: the code is accepted as for any
		 * existing member (unless this member already accepted it). */
		if (u->invite[0] != '\0') {
			json_t *inv = gx_invite_get(db, u->invite, now, err);
			const char *who = inv ? json_string_value(
			    json_object_get(inv, "invitee")) : NULL;

			if (who == NULL || strcmp(who, u->handle) != 0) {
				json_decref(inv);
				if ((rc = gx_invite_accept(db, a, u->invite, *id,
				    now, &inv, err)) != 0)
					return rc;
			}
			json_decref(inv);
		}
		return 0;
	}
	if (g != NULL) {
		rc = gx_audit_group_add(db, g, u->handle, err);
	} else {
		json_t *d = audit_details(u);

		rc = gx_audit_log(db, now, a->label, "add", "user", u->handle, d,
		    err);
		json_decref(d);
	}
	if (rc != 0)
		return rc;
	if (u->invite[0] != '\0') {
		json_t *inv;

		if ((rc = gx_invite_accept(db, a, u->invite, *id, now, &inv,
		    err)) != 0)
			return rc;
		json_decref(inv);
	}
	*result = "added";
	return 0;
}

int
gx_user_update(struct gx_db *db, const struct gx_actor *a,
    const struct gx_user_in *u, int64_t now, json_t **out,
    const char **result, struct gx_err *err)
{
	static const struct { unsigned flag; const char *col; } cols[] = {
		{ GX_UF_NAME, "name" }, { GX_UF_PHONE, "phone" },
		{ GX_UF_EMAIL, "email" }, { GX_UF_CITY, "city" },
		{ GX_UF_INDUSTRY, "industry" }, { GX_UF_COMPANY, "company" },
		{ GX_UF_TITLE, "title" }, { GX_UF_EMPLOYED, "employed" },
		{ GX_UF_ROLE, "role" },
	};
	json_t *cur, *changes = NULL, *want;
	char at[GX_TIME_LEN];
	struct gx_stmt *st;
	int rc = 0;

	*out = NULL;
	if (u->invite[0] != '\0')
		return gx_err_set(err, GX_DATAERR, "field 'invite' goes with "
		    "registration (gx-user add) or gx-invite accept");
	if (!a->staff && strcmp(a->handle, u->handle) != 0)
		return gx_err_set(err, GX_NOPERM, "member '%s' may change only "
		    "their own profile", a->handle);
	if (!a->staff && (u->set & GX_UF_ROLE))
		return gx_err_set(err, GX_NOPERM, "only staff may change a "
		    "role");
	if ((cur = gx_user_get(db, u->handle, err)) == NULL)
		return err->code == GX_NOTFOUND ? (err->code = GX_DATAERR) :
		    err->code;
	/* Only what differs is written and audited. */
	want = audit_details(u);
	changes = json_object();
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		json_t *w = json_object_get(want, cols[i].col);

		if ((u->set & cols[i].flag) &&
		    !json_equal(w, json_object_get(cur, cols[i].col)))
			json_object_set(changes, cols[i].col, w);
	}
	json_decref(want);
	if (json_object_size(changes) == 0) {
		*result = "unchanged";
		*out = cur;
		json_decref(changes);
		return 0;
	}
	json_decref(cur);
	if (json_object_get(changes, "phone") != NULL) {
		st = gx_db_prepare(db, "SELECT handle FROM users WHERE phone = $1",
		    err);
		if (st == NULL)
			goto fail;
		gx_stmt_bind_text(st, 1, u->phone);
		if ((rc = gx_stmt_step(st, err)) == 1) {
			char masked[32];

			gx_phone_mask(u->phone, masked);
			rc = gx_err_set(err, GX_DATAERR, "phone number %s is "
			    "already registered to member '%s'", masked,
			    gx_stmt_text(st, 0));
			gx_stmt_reset(st);
			goto fail;
		}
		if (rc < 0)
			goto fail;
	}
	gx_time_format(now, at);
	st = gx_db_prepare(db, "UPDATE users SET "
	    "name = CASE WHEN $2 = 1 THEN $3 ELSE name END, "
	    "phone = CASE WHEN $4 = 1 THEN $5 ELSE phone END, "
	    "email = CASE WHEN $6 = 1 THEN $7 ELSE email END, "
	    "city = CASE WHEN $8 = 1 THEN $9 ELSE city END, "
	    "industry = CASE WHEN $10 = 1 THEN $11 ELSE industry END, "
	    "company = CASE WHEN $12 = 1 THEN $13 ELSE company END, "
	    "title = CASE WHEN $14 = 1 THEN $15 ELSE title END, "
	    "employed = CASE WHEN $16 = 1 THEN $17 ELSE employed END, "
	    "role = CASE WHEN $18 = 1 THEN $19 ELSE role END, "
	    "updated_at = $20 WHERE handle = $1", err);
	if (st == NULL)
		goto fail;
	gx_stmt_bind_text(st, 1, u->handle);
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		json_t *v = json_object_get(changes, cols[i].col);

		gx_stmt_bind_int(st, 2 + 2 * (int)i, v != NULL);
		if (json_is_boolean(v))
			gx_stmt_bind_int(st, 3 + 2 * (int)i, json_is_true(v));
		else
			gx_stmt_bind_text(st, 3 + 2 * (int)i,
			    v ? json_string_value(v) : NULL);
	}
	gx_stmt_bind_text(st, 20, at);
	if (gx_stmt_step(st, err) < 0)
		goto fail;
	if ((rc = gx_audit_log(db, now, a->label, "set", "user", u->handle,
	    changes, err)) != 0)
		goto fail;
	json_decref(changes);
	*result = "updated";
	if ((*out = gx_user_get(db, u->handle, err)) == NULL)
		return err->code;
	return 0;
fail:
	json_decref(changes);
	return err->code ? err->code : GX_SOFTWARE;
}

int
gx_user_suspend(struct gx_db *db, const struct gx_actor *a,
    const char *handle, int suspend, const char *reason, int64_t now,
    json_t **out, const char **result, struct gx_err *err)
{
	const char *want = suspend ? "suspended" : "active", *status;
	char at[GX_TIME_LEN];
	struct gx_stmt *st;
	json_t *cur, *d;
	int rc;

	*out = NULL;
	if (!a->staff)
		return gx_err_set(err, GX_NOPERM, "only staff may %s members",
		    suspend ? "suspend" : "restore");
	if ((cur = gx_user_get(db, handle, err)) == NULL)
		return err->code == GX_NOTFOUND ? (err->code = GX_DATAERR) :
		    err->code;
	if (a->id != 0 && json_integer_value(json_object_get(cur, "id")) ==
	    a->id) {
		json_decref(cur);
		return gx_err_set(err, GX_NOPERM, "nobody may %s themself",
		    suspend ? "suspend" : "restore");
	}
	status = json_string_value(json_object_get(cur, "status"));
	if (strcmp(status, want) == 0) {
		*result = "unchanged";
		*out = cur;
		return 0;
	}
	gx_time_format(now, at);
	st = gx_db_prepare(db, "UPDATE users SET status = $2, "
	    "suspended_reason = $3, updated_at = $4 WHERE id = $1", err);
	if (st == NULL)
		goto fail;
	gx_stmt_bind_int(st, 1, json_integer_value(json_object_get(cur, "id")));
	gx_stmt_bind_text(st, 2, want);
	gx_stmt_bind_text(st, 3, suspend ? reason : NULL);
	gx_stmt_bind_text(st, 4, at);
	if (gx_stmt_step(st, err) < 0)
		goto fail;
	d = suspend ? json_pack("{s:s}", "reason", reason) : NULL;
	rc = gx_audit_log(db, now, a->label, suspend ? "suspend" : "restore",
	    "user", json_string_value(json_object_get(cur, "handle")), d, err);
	json_decref(d);
	if (rc != 0)
		goto fail;
	*result = suspend ? "suspended" : "restored";
	*out = gx_user_get(db, json_string_value(json_object_get(cur,
	    "handle")), err);
	json_decref(cur);
	return *out ? 0 : err->code;
fail:
	json_decref(cur);
	return err->code ? err->code : GX_SOFTWARE;
}

void
gx_user_present(json_t *rec, int reveal)
{
	json_t *p = json_object_get(rec, "phone");
	char masked[32];

	if (!reveal && json_is_string(p)) {
		gx_phone_mask(json_string_value(p), masked);
		json_object_set_new(rec, "phone", json_string(masked));
	}
}
