/* clock.c - GX_NOW, time and duration parsing and formatting. */
#include "clock.h"
#include "cli.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : dm[m - 1];
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
gx_duration_parse(const char *s, int64_t *secs)
{
	int64_t total = 0;

	if (s == NULL || *s == '\0')
		return -1;
	while (*s) {
		int64_t n = 0, unit;

		if (!isdigit((unsigned char)*s))
			return -1;
		while (isdigit((unsigned char)*s)) {
			n = n * 10 + (*s++ - '0');
			if (n > 100000000)
				return -1;
		}
		switch (*s++) {
		case 's': unit = 1; break;
		case 'm': unit = 60; break;
		case 'h': unit = 3600; break;
		case 'd': unit = 86400; break;
		case 'w': unit = 7 * 86400; break;
		default: return -1;
		}
		total += n * unit;
	}
	*secs = total;
	return 0;
}

int
gx_time_parse(const char *s, int64_t now, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, se = 0, oh, om;
	size_t len;
	const char *p;
	int64_t t, dur;

	if (s == NULL)
		return -1;
	if (strcmp(s, "now") == 0) {
		*out = now;
		return 0;
	}
	if (strcmp(s, "today") == 0) {
		*out = now - ((now % 86400) + 86400) % 86400;
		return 0;
	}
	if (*s == '+' || *s == '-') {
		if (gx_duration_parse(s + 1, &dur) != 0)
			return -1;
		*out = *s == '+' ? now + dur : now - dur;
		return 0;
	}
	len = strlen(s);
	if (len < 10 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d))
		return -1;
	if (y < 1900 || mo < 1 || mo > 12 || d < 1 ||
	    d > days_in_month(y, mo))
		return -1;
	p = s + 10;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		if (digits(p + 1, 2, &h) || p[3] != ':' || digits(p + 4, 2, &mi))
			return -1;
		p += 6;
		if (*p == ':') {
			if (digits(p + 1, 2, &se))
				return -1;
			p += 3;
			if (*p == '.') {
				p++;
				if (!isdigit((unsigned char)*p))
					return -1;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		if (h > 23 || mi > 59 || se > 60)
			return -1;
	}
	t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if ((*p == '+' || *p == '-') && s[10] != '\0') {
		if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om)
		    || oh > 23 || om > 59)
			return -1;
		t += (*p == '+' ? -1 : 1) * (oh * 3600 + om * 60);
		p += 6;
	}
	if (*p != '\0')
		return -1;
	*out = t;
	return 0;
}

char *
gx_time_format(int64_t t, char *buf)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t rem = t - days * 86400;
	int64_t z = days + 719468, era, doe, yoe, y, doy, mp, d, m;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	char tmp[64];

	snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y,
	    (int)m, (int)d, (int)(rem / 3600), (int)(rem / 60 % 60),
	    (int)(rem % 60));
	memcpy(buf, tmp, GX_TIME_LEN - 1);
	buf[GX_TIME_LEN - 1] = '\0';
	return buf;
}

int
gx_clock_now(int64_t *out, const char **msg)
{
	const char *e = getenv("GX_NOW");
	int64_t real = (int64_t)time(NULL);

	if (e == NULL || *e == '\0') {
		*out = real;
		return 0;
	}
	if (gx_time_parse(e, real, out) != 0) {
		*msg = "GX_NOW is not a time (use RFC 3339 or YYYY-MM-DD)";
		return -1;
	}
	return 0;
}

int64_t
gx_now(void)
{
	int64_t t;
	const char *msg;

	if (gx_clock_now(&t, &msg) != 0)
		gx_die(GX_USAGE, "%s", msg);
	return t;
}

int
gx_tz_ok(const char *tz)
{
	const char *dir = getenv("TZDIR");
	char path[4096];
	struct stat sb;

	if (tz == NULL || *tz == '\0' || tz[0] == '/' || strstr(tz, "..") ||
	    strlen(tz) > 64)
		return 0;
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir :
	    "/usr/share/zoneinfo", tz);
	/* A zone is a file: "Asia" is a directory of them. */
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    access(path, R_OK) == 0;
}

int
gx_local_day(const char *tz, int64_t t, char *day, int *weekday)
{
	char *old = getenv("TZ") ? gx_xstrdup(getenv("TZ")) : NULL;
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gx_tz_ok(tz)) {
		free(old);
		return -1;
	}
	/* The C library converts in the zone named by TZ: set it for this
	 * one conversion, then put it back. */
	setenv("TZ", tz, 1);
	tzset();
	localtime_r(&tt, &tm);
	if (old != NULL)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
	snprintf(day, 11, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) %
	    10000, (unsigned)(tm.tm_mon + 1) % 100, (unsigned)tm.tm_mday % 100);
	if (weekday)
		*weekday = tm.tm_wday;
	return 0;
}
