/*
 * clock.h - the one clock (GX_NOW pins it) and the time and duration forms
 * every command accepts.  Times are seconds since the epoch, UTC.
 */
#ifndef GX_CLOCK_H
#define GX_CLOCK_H

#include <stdint.h>
#include <time.h>

/* RFC 3339 UTC text, "2016-03-25T09:00:00Z": 20 characters and a NUL. */
#define GX_TIME_LEN 21

/*
 * The current time: GX_NOW parsed as a time (relative forms count from the
 * real clock), else time(NULL).  Returns -1 and leaves a message in *msg
 * (a static string) if GX_NOW is set but not a time.
 */
int gx_clock_now(int64_t *out, const char **msg);
/* gx_clock_now, exiting 64 with a message if GX_NOW is malformed. */
int64_t gx_now(void);

/*
 * Parse a time: RFC 3339 ("2016-03-25T09:00:00Z", "…+08:00", fractional
 * seconds dropped), "YYYY-MM-DD" (midnight UTC), "YYYY-MM-DD HH:MM[:SS]"
 * (UTC), "now", "today" (midnight UTC), or a signed duration relative to
 * now ("+3d", "-12h").  Returns 0, or -1 if s is not a time.
 */
int gx_time_parse(const char *s, int64_t now, int64_t *out);

/* Parse a duration: a positive integer with unit s, m, h, d or w ("30m",
 * "12h", "3d", "2w"); several may follow each other ("1d12h").  Returns 0,
 * or -1. */
int gx_duration_parse(const char *s, int64_t *secs);

/*
 * The local date of t in time zone tz (an IANA name such as
 * "Asia/Shanghai") as YYYY-MM-DD into day[11], and its weekday (0 Sunday
 * .. 6 Saturday).  Returns 0, or -1 if tz is not a known zone.
 */
int gx_local_day(const char *tz, int64_t t, char *day, int *weekday);
/* 1 if tz names a zone in the system's zone database. */
int gx_tz_ok(const char *tz);

/* Format t as RFC 3339 UTC into buf[GX_TIME_LEN]; returns buf. */
char *gx_time_format(int64_t t, char *buf);

#endif
