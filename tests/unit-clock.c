/* unit-clock.c - time and duration parsing and formatting. */
#include <stdlib.h>

#include "clock.h"
#include "tap.h"

static void
time_is(const char *in, const char *want)
{
	char buf[GX_TIME_LEN];
	int64_t t = 0;
	int rc = gx_time_parse(in, 1459501200 /* 2016-04-01T09:00:00Z */, &t);

	if (want == NULL)
		ok(rc == -1, "'%s' is not a time", in);
	else
		is_str(rc == 0 ? gx_time_format(t, buf) : "(rejected)", want,
		    "'%s' parses", in);
}

static void
dur_is(const char *in, int64_t want)
{
	int64_t s = -1;
	int rc = gx_duration_parse(in, &s);

	if (want < 0)
		ok(rc == -1, "'%s' is not a duration", in);
	else
		is_int(rc == 0 ? s : -1, want, "duration '%s'", in);
}

int
main(void)
{
	char buf[GX_TIME_LEN];
	int64_t t;
	const char *msg;

	time_is("2016-03-25T09:00:00Z", "2016-03-25T09:00:00Z");
	time_is("2016-03-25t09:00:00z", "2016-03-25T09:00:00Z");
	time_is("2016-03-25T09:00:00.123Z", "2016-03-25T09:00:00Z");
	time_is("2016-03-25T17:00:00+08:00", "2016-03-25T09:00:00Z");
	time_is("2016-03-25T04:30:00-04:30", "2016-03-25T09:00:00Z");
	time_is("2016-03-25", "2016-03-25T00:00:00Z");
	time_is("2016-03-25 09:30", "2016-03-25T09:30:00Z");
	time_is("2016-03-25 09:30:15", "2016-03-25T09:30:15Z");
	time_is("2016-02-29", "2016-02-29T00:00:00Z");
	time_is("2000-02-29", "2000-02-29T00:00:00Z");
	time_is("now", "2016-04-01T09:00:00Z");
	time_is("today", "2016-04-01T00:00:00Z");
	time_is("+3d", "2016-04-04T09:00:00Z");
	time_is("-12h", "2016-03-31T21:00:00Z");
	time_is("+1d12h", "2016-04-02T21:00:00Z");
	time_is("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z");
	time_is("2099-12-31T23:59:59Z", "2099-12-31T23:59:59Z");
	time_is("2015-02-29", NULL);
	time_is("1900-02-29", NULL);
	time_is("2016-13-01", NULL);
	time_is("2016-04-31", NULL);
	time_is("2016-04-01T24:00:00Z", NULL);
	time_is("2016-04-01T09:60Z", NULL);
	time_is("2016-4-1", NULL);
	time_is("2016-04-01X", NULL);
	time_is("2016-04-01T09:00:00+8", NULL);
	time_is("yesterday", NULL);
	time_is("", NULL);
	time_is("+3x", NULL);
	time_is("+", NULL);

	dur_is("30m", 1800);
	dur_is("12h", 43200);
	dur_is("3d", 259200);
	dur_is("2w", 1209600);
	dur_is("45s", 45);
	dur_is("1d12h", 129600);
	dur_is("", -1);
	dur_is("3", -1);
	dur_is("d", -1);
	dur_is("-3d", -1);
	dur_is("3y", -1);
	dur_is("999999999999d", -1);

	is_str(gx_time_format(0, buf), "1970-01-01T00:00:00Z", "epoch");
	is_str(gx_time_format(951782400, buf), "2000-02-29T00:00:00Z",
	    "leap day 2000");

	setenv("GX_NOW", "2016-04-01T09:00:00Z", 1);
	ok(gx_clock_now(&t, &msg) == 0 && t == 1459501200, "GX_NOW pins now");
	setenv("GX_NOW", "+1d", 1);
	ok(gx_clock_now(&t, &msg) == 0 && t > 1459501200,
	    "GX_NOW relative to the real clock");
	setenv("GX_NOW", "soon", 1);
	ok(gx_clock_now(&t, &msg) == -1 && msg != NULL,
	    "a malformed GX_NOW is refused");
	unsetenv("GX_NOW");
	ok(gx_clock_now(&t, &msg) == 0 && t > 1700000000, "real clock");
	return done_testing();
}
