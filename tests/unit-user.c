/* unit-user.c - member validation rules. */
#include "tap.h"
#include "user.h"

static void
phone_is(const char *in, const char *want)
{
	char out[24];
	int rc = gx_phone_normalize(in, out);

	if (want == NULL)
		ok(rc == -1, "'%s' is not a phone number", in);
	else
		is_str(rc == 0 ? out : "(rejected)", want, "phone '%s'", in);
}

static void
mask_is(const char *in, const char *want)
{
	char out[32];

	gx_phone_mask(in, out);
	is_str(out, want, "mask of %s", in);
}

int
main(void)
{
	char h[GX_HANDLE_MAX + 1];
	struct gx_user_in u;
	struct gx_err e = { 0, "" };
	json_t *rec;

	phone_is("13812345678", "+8613812345678");
	phone_is("138 1234 5678", "+8613812345678");
	phone_is("138-1234-5678", "+8613812345678");
	phone_is("+86 138 1234 5678", "+8613812345678");
	phone_is("8613812345678", "+8613812345678");
	phone_is("008613812345678", "+8613812345678");
	phone_is("+1 (415) 555-0100", "+14155550100");
	phone_is("+852 9123 4567", "+85291234567");
	phone_is("12812345678", NULL);	/* 12x is no mobile prefix */
	phone_is("+8612345", NULL);
	phone_is("12345", NULL);
	phone_is("+", NULL);
	phone_is("", NULL);
	phone_is("138123456789", NULL);
	phone_is("13812345678x", NULL);
	phone_is("+1234567890123456", NULL);
	phone_is("1381234567８", NULL);	/* fullwidth digit */

	mask_is("+8613812345678", "+86 138****5678");
	mask_is("+14155550100", "+141****0100");

	ok(gx_handle_normalize("WangWei", h) == 0, "upper case accepted");
	is_str(h, "wangwei", "and folded");
	ok(gx_handle_normalize("li.na_2-x", h) == 0, "punctuation . _ -");
	ok(gx_handle_normalize("a", h) == -1, "one character is too short");
	ok(gx_handle_normalize("abcdefghijklmnopqrstuvwxyz0123456", h) == -1,
	    "33 characters is too long");
	ok(gx_handle_normalize("abcdefghijklmnopqrstuvwxyz012345", h) == 0,
	    "32 characters is fine");
	ok(gx_handle_normalize("wang wei", h) == -1, "no spaces");
	ok(gx_handle_normalize("王伟", h) == -1, "ASCII only");

	ok(gx_text_ok("王伟", 64), "a Chinese name");
	ok(!gx_text_ok("", 64), "empty refused");
	ok(!gx_text_ok("a\tb", 64), "a tab refused");
	ok(!gx_text_ok("a\xc2\x85" "b", 64), "a C1 control refused");
	ok(gx_text_ok("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
	    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四",
	    64), "64 characters");
	ok(!gx_text_ok("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
	    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五",
	    64), "65 characters refused");

	rec = json_pack("{s:s, s:s, s:s, s:b, s:s}", "handle", "WangWei",
	    "name", "  王伟 ", "phone", "13812345678", "employed", 1,
	    "type", "user");
	ok(gx_user_parse(rec, &u, 1, &e) == 0, "a record parses");
	is_str(u.handle, "wangwei", "handle folded");
	is_str(u.name, "王伟", "name trimmed");
	is_str(u.phone, "+8613812345678", "phone normalised");
	ok(u.employed == 1 && (u.set & GX_UF_EMPLOYED), "employed");
	json_decref(rec);

	rec = json_pack("{s:s, s:i, s:s}", "handle", "x1", "name", 5,
	    "phone", "13812345678");
	ok(gx_user_parse(rec, &u, 1, &e) == GX_DATAERR &&
	    strcmp(e.msg, "field 'name' must be a string") == 0,
	    "a number for a name: %s", e.msg);
	json_decref(rec);
	rec = json_pack("{s:s, s:s, s:s, s:s}", "handle", "x1", "name", "X",
	    "phone", "13812345678", "employed", "yes");
	ok(gx_user_parse(rec, &u, 1, &e) == GX_DATAERR &&
	    strstr(e.msg, "employed") != NULL, "employed must be boolean");
	json_decref(rec);
	rec = json_pack("{s:s, s:s}", "handle", "x1", "name", "X");
	ok(gx_user_parse(rec, &u, 1, &e) == GX_DATAERR &&
	    strstr(e.msg, "phone") != NULL, "registration needs a phone");
	ok(gx_user_parse(rec, &u, 0, &e) == 0, "a change does not");
	json_decref(rec);
	rec = json_pack("{s:s, s:s, s:s, s:s}", "handle", "x1", "name", "X",
	    "phone", "13812345678", "role", "admin");
	ok(gx_user_parse(rec, &u, 1, &e) == GX_DATAERR, "role must be known");
	json_decref(rec);
	return done_testing();
}
