/* out.c - JSON lines, aligned tables, TSV. */
#include "out.h"
#include "cli.h"
#include "jsonl.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define MAX_COLS 64
#define MAX_CELL 40	/* columns a table cell may take before "…" */

struct gx_out {
	enum gx_format fmt;
	const char *cols[MAX_COLS];	/* selected fields, in order */
	int ncols;			/* 0: every field of the record */
	char *fieldbuf;			/* storage behind cols */
	char *owned[MAX_COLS];		/* column names copied from a record */
	long count;
	FILE *fp;			/* stdout, or the spool while held */
	long held;			/* records before the hold */
	int direct;			/* held in place: stdout is a file or
					 * /dev/null, see gx_out_hold */
	off_t mark;			/* stdout's size when the hold began */
	/* table rows, buffered until close */
	char **cells;
	size_t ncells, capcells;
};

/* Ranges of East-Asian Wide (W) and Fullwidth (F) code points. */
static const struct range { uint32_t lo, hi; } wide[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a },
	{ 0x23e9, 0x23ec }, { 0x23f0, 0x23f0 }, { 0x23f3, 0x23f3 },
	{ 0x25fd, 0x25fe }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267f, 0x267f }, { 0x2693, 0x2693 }, { 0x26a1, 0x26a1 },
	{ 0x26aa, 0x26ab }, { 0x26bd, 0x26be }, { 0x26c4, 0x26c5 },
	{ 0x26ce, 0x26ce }, { 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea },
	{ 0x26f2, 0x26f3 }, { 0x26f5, 0x26f5 }, { 0x26fa, 0x26fa },
	{ 0x26fd, 0x26fd }, { 0x2705, 0x2705 }, { 0x270a, 0x270b },
	{ 0x2728, 0x2728 }, { 0x274c, 0x274c }, { 0x274e, 0x274e },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf }, { 0x2b1b, 0x2b1c },
	{ 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 }, { 0x2e80, 0x303e },
	{ 0x3041, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff },
	{ 0xa000, 0xa4cf }, { 0xa960, 0xa97f }, { 0xac00, 0xd7a3 },
	{ 0xf900, 0xfaff }, { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x16fe0, 0x16fe4 },
	{ 0x17000, 0x18cff }, { 0x1b000, 0x1b2ff }, { 0x1f004, 0x1f004 },
	{ 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e }, { 0x1f191, 0x1f19a },
	{ 0x1f200, 0x1f202 }, { 0x1f210, 0x1f23b }, { 0x1f240, 0x1f248 },
	{ 0x1f250, 0x1f251 }, { 0x1f260, 0x1f265 }, { 0x1f300, 0x1f64f },
	{ 0x1f680, 0x1f6ff }, { 0x1f7e0, 0x1f7eb }, { 0x1f90c, 0x1f9ff },
	{ 0x1fa70, 0x1faff }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

/* Combining marks and other zero-width code points. */
static const struct range zero[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x0610, 0x061a }, { 0x064b, 0x065f }, { 0x200b, 0x200f },
	{ 0x202a, 0x202e }, { 0x2060, 0x2064 }, { 0x20d0, 0x20ff },
	{ 0x302a, 0x302d }, { 0x3099, 0x309a }, { 0xfe00, 0xfe0f },
	{ 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff }, { 0xe0100, 0xe01ef },
};

static int
in_ranges(uint32_t c, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (c < r[mid].lo)
			hi = mid;
		else if (c > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* Decode one UTF-8 sequence at s (assumed valid); returns its length. */
static int
decode(const unsigned char *s, uint32_t *c)
{
	if (s[0] < 0x80) {
		*c = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0 && s[1]) {
		*c = (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
		return 2;
	}
	if ((s[0] & 0xf0) == 0xe0 && s[1] && s[2]) {
		*c = (uint32_t)(s[0] & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6
		    | (s[2] & 0x3f);
		return 3;
	}
	if ((s[0] & 0xf8) == 0xf0 && s[1] && s[2] && s[3]) {
		*c = (uint32_t)(s[0] & 0x07) << 18 |
		    (uint32_t)(s[1] & 0x3f) << 12 |
		    (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
		return 4;
	}
	*c = 0xfffd;
	return 1;
}

static int
char_width(uint32_t c)
{
	if (c < 0x20 || (c >= 0x7f && c < 0xa0))
		return 0;
	if (in_ranges(c, zero, sizeof zero / sizeof zero[0]))
		return 0;
	if (in_ranges(c, wide, sizeof wide / sizeof wide[0]))
		return 2;
	return 1;
}

int
gx_utf8_width(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	int w = 0;

	while (*s) {
		uint32_t c;

		s += decode(s, &c);
		w += char_width(c);
	}
	return w;
}

/* Copy s cut to at most max columns, ending in "…" if it was cut. */
static char *
cell_clip(const char *str, int max)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);
	char *out = gx_xmalloc(n + 4);
	int w = 0;
	size_t o = 0;

	if (gx_utf8_width(str) <= max) {
		memcpy(out, str, n + 1);
		return out;
	}
	while (*s) {
		uint32_t c;
		int len = decode(s, &c), cw = char_width(c);

		if (w + cw > max - 1)
			break;
		memcpy(out + o, s, (size_t)len);
		o += (size_t)len;
		s += len;
		w += cw;
	}
	memcpy(out + o, "\xe2\x80\xa6", 4);	/* … */
	return out;
}

static int
use_terminal(void)
{
	const char *e = getenv("GX_FORCE_TTY");

	if (e != NULL && *e != '\0' && strcmp(e, "0") != 0)
		return 1;
	return isatty(1);
}

static int
known_field(const char *const *known, const char *f)
{
	for (; known && *known; known++)
		if (strcmp(*known, f) == 0)
			return 1;
	return known == NULL;
}

struct gx_out *
gx_out_new(const char *const *known, const char *const *table_cols)
{
	struct gx_out *o = gx_xcalloc(1, sizeof *o);
	char *p, *save = NULL;

	o->fp = stdout;
	o->fmt = gx_opts.format;
	if (o->fmt == GX_FMT_AUTO)
		o->fmt = use_terminal() ? GX_FMT_TABLE : GX_FMT_JSONL;
	if (gx_opts.fields != NULL) {
		o->fieldbuf = gx_xstrdup(gx_opts.fields);
		for (p = strtok_r(o->fieldbuf, ",", &save); p;
		    p = strtok_r(NULL, ",", &save)) {
			if (!known_field(known, p)) {
				fprintf(stderr, "%s: error: unknown field '%s'; "
				    "valid fields:", gx_progname, p);
				for (; *known; known++)
					fprintf(stderr, " %s", *known);
				fputc('\n', stderr);
				exit(GX_USAGE);
			}
			if (o->ncols < MAX_COLS)
				o->cols[o->ncols++] = p;
		}
	} else if (o->fmt != GX_FMT_JSONL) {
		const char *const *c = table_cols ? table_cols : known;

		for (; c && *c && o->ncols < MAX_COLS; c++)
			if (o->fmt == GX_FMT_TABLE || strcmp(*c, "type") != 0)
				o->cols[o->ncols++] = *c;
	}
	return o;
}

int
gx_out_is_plain(const struct gx_out *o)
{
	return o->fmt == GX_FMT_JSONL && o->ncols == 0;
}

int
gx_out_is_table(const struct gx_out *o)
{
	return o->fmt == GX_FMT_TABLE;
}

void
gx_out_emit_text(struct gx_out *o, const char *head, const char *tail,
    size_t n)
{
	o->count++;
	fputs(head, o->fp);
	fwrite(tail, 1, n, o->fp);
	putc('\n', o->fp);
}

long
gx_out_count(const struct gx_out *o)
{
	return o->count;
}

/* A field as text for tables and TSV (caller frees). */
static char *
field_text(const json_t *v)
{
	char buf[64];

	switch (json_typeof(v)) {
	case JSON_STRING:
		return gx_xstrdup(json_string_value(v));
	case JSON_INTEGER:
		snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return gx_xstrdup(buf);
	case JSON_REAL:
		snprintf(buf, sizeof buf, "%g", json_real_value(v));
		return gx_xstrdup(buf);
	case JSON_TRUE:
		return gx_xstrdup("yes");
	case JSON_FALSE:
		return gx_xstrdup("no");
	case JSON_NULL:
		return gx_xstrdup("");
	default: {
		char *s = json_dumps(v, JSON_COMPACT);

		return s ? s : gx_xstrdup("");
	}
	}
}

static void
tsv_put(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\t': fputs("\\t", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\\': fputs("\\\\", f); break;
		default: putc(*s, f);
		}
	}
}

/* A nameless temporary file in $TMPDIR (tmpfile(3) ignores TMPDIR): it
 * never appears in the directory, so nothing is left behind. */
static FILE *
spool_file(void)
{
	const char *dir = getenv("TMPDIR");
	FILE *f;
	int fd;

	fd = open(dir != NULL && *dir == '/' ? dir : "/tmp",
	    O_RDWR | O_TMPFILE | O_CLOEXEC, 0600);
	if (fd < 0)
		return NULL;
	if ((f = fdopen(fd, "w+")) == NULL)
		close(fd);
	return f;
}

void
gx_out_hold(struct gx_out *o)
{
	struct stat sb;

	if (o->fmt == GX_FMT_TABLE || o->fp != stdout || o->direct)
		return;		/* tables are held until close anyway */
	o->held = o->count;
	/*
	 * Nobody reads a regular file or /dev/null while the batch runs, so
	 * the records can go there at once: a rollback cuts the file back.
	 * A pipe, a socket or a terminal has a reader who must see only what
	 * was committed, so the records wait in a temporary file.
	 */
	if (fflush(stdout) == 0 && fstat(1, &sb) == 0 &&
	    ((S_ISREG(sb.st_mode) && (o->mark = sb.st_size) >= 0) ||
	    (S_ISCHR(sb.st_mode) && major(sb.st_rdev) == 1 &&
	    minor(sb.st_rdev) == 3))) {
		o->direct = 1;
		if (!S_ISREG(sb.st_mode))
			o->mark = -1;
		setvbuf(stdout, NULL, _IOFBF, 1 << 20);
		return;
	}
	if ((o->fp = spool_file()) == NULL)
		gx_die(GX_SOFTWARE, "cannot create a temporary file:");
	/* A bulk load may hold hundreds of megabytes: few, large writes. */
	setvbuf(o->fp, NULL, _IOFBF, 1 << 20);
}

void
gx_out_release(struct gx_out *o, int commit)
{
	char buf[65536];
	size_t n;

	if (o->fmt == GX_FMT_TABLE) {
		if (!commit) {
			for (size_t i = 0; i < o->ncells; i++)
				free(o->cells[i]);
			o->ncells = 0;
		}
		return;
	}
	if (o->direct) {
		o->direct = 0;
		if (commit)
			return;
		o->count = o->held;
		fflush(stdout);
		if (o->mark >= 0 && ftruncate(1, o->mark) != 0)
			gx_warn("cannot take back the output of a failed batch:");
		return;
	}
	if (o->fp == stdout)
		return;
	if (commit) {
		off_t off = 0, size;

		if (fflush(o->fp) != 0 || fflush(stdout) != 0)
			gx_die(GX_SOFTWARE, "write error:");
		size = lseek(fileno(o->fp), 0, SEEK_END);
		/* The kernel copies file to file (or pipe) itself. */
		while (off < size && sendfile(1, fileno(o->fp), &off,
		    (size_t)(size - off)) > 0)
			;
		if (off < size) {
			if (fseek(o->fp, off, SEEK_SET) != 0)
				gx_die(GX_SOFTWARE, "temporary file:");
			while ((n = fread(buf, 1, sizeof buf, o->fp)) > 0)
				fwrite(buf, 1, n, stdout);
		}
	} else {
		o->count = o->held;
	}
	fclose(o->fp);
	o->fp = stdout;
}

void
gx_out_emit(struct gx_out *o, const json_t *rec)
{
	o->count++;
	if (o->fmt == GX_FMT_JSONL) {
		json_t *sel;

		if (o->ncols == 0) {
			gx_jsonl_write(o->fp, rec);
			return;
		}
		sel = json_object();
		for (int i = 0; i < o->ncols; i++) {
			json_t *v = json_object_get(rec, o->cols[i]);

			json_object_set(sel, o->cols[i], v ? v : json_null());
		}
		gx_jsonl_write(o->fp, sel);
		json_decref(sel);
		return;
	}
	if (o->ncols == 0) {
		/* No column list: take the first record's fields. */
		const char *k;
		json_t *v;

		json_object_foreach((json_t *)rec, k, v)
			if (o->ncols < MAX_COLS) {
				o->owned[o->ncols] = gx_xstrdup(k);
				o->cols[o->ncols] = o->owned[o->ncols];
				o->ncols++;
			}
	}
	if (o->fmt == GX_FMT_TSV) {
		for (int i = 0; i < o->ncols; i++) {
			json_t *v = json_object_get(rec, o->cols[i]);
			char *t = field_text(v ? v : json_null());

			if (i > 0)
				putc('\t', o->fp);
			tsv_put(o->fp, t);
			free(t);
		}
		putc('\n', o->fp);
		return;
	}
	if (o->ncells + (size_t)o->ncols > o->capcells) {
		o->capcells = (o->capcells + (size_t)o->ncols) * 2;
		o->cells = gx_xrealloc(o->cells, o->capcells * sizeof *o->cells);
	}
	for (int i = 0; i < o->ncols; i++) {
		json_t *v = json_object_get(rec, o->cols[i]);
		char *t = field_text(v ? v : json_null());

		for (char *p = t; *p; p++)
			if (*p == '\n' || *p == '\t' || *p == '\r')
				*p = ' ';
		o->cells[o->ncells++] = cell_clip(t, MAX_CELL);
		free(t);
	}
}

static void
pad(int n)
{
	while (n-- > 0)
		putchar(' ');
}

static void
upper(const char *s)
{
	for (; *s; s++)
		putchar(*s >= 'a' && *s <= 'z' ? *s - 32 :
		    *s == '_' ? ' ' : *s);
}

static void
table_flush(struct gx_out *o)
{
	int width[MAX_COLS];
	size_t rows;

	if (o->ncols == 0 || o->ncells == 0)
		return;
	rows = o->ncells / (size_t)o->ncols;
	for (int c = 0; c < o->ncols; c++) {
		width[c] = (int)strlen(o->cols[c]);
		for (size_t r = 0; r < rows; r++) {
			int w = gx_utf8_width(o->cells[r * (size_t)o->ncols +
			    (size_t)c]);

			if (w > width[c])
				width[c] = w;
		}
	}
	for (int c = 0; c < o->ncols; c++) {
		upper(o->cols[c]);
		if (c + 1 < o->ncols)
			pad(width[c] - (int)strlen(o->cols[c]) + 2);
	}
	putchar('\n');
	for (size_t r = 0; r < rows; r++) {
		for (int c = 0; c < o->ncols; c++) {
			const char *t = o->cells[r * (size_t)o->ncols + (size_t)c];

			fputs(t, stdout);
			if (c + 1 < o->ncols)
				pad(width[c] - gx_utf8_width(t) + 2);
		}
		putchar('\n');
	}
}

void
gx_out_close(struct gx_out *o)
{
	if (o == NULL)
		return;
	gx_out_release(o, 1);
	if (o->fmt == GX_FMT_TABLE)
		table_flush(o);
	for (size_t i = 0; i < o->ncells; i++)
		free(o->cells[i]);
	free(o->cells);
	free(o->fieldbuf);
	for (int i = 0; i < MAX_COLS; i++)
		free(o->owned[i]);
	free(o);
}
