/*
 * out.h - the one place that decides how records are printed: JSON lines
 * in a pipe, an aligned table on a terminal (East-Asian wide characters
 * count two columns), or TSV; -o forces one, --fields selects, and
 * GX_FORCE_TTY=1 makes tests see the terminal format.
 */
#ifndef GX_OUT_H
#define GX_OUT_H

#include <jansson.h>

struct gx_out;

/*
 * Start printing records whose fields are known (NULL-terminated list, used
 * to check --fields: an unknown field exits 64 listing the valid ones).
 * table_cols is the default column list for the table format (NULL: all
 * known fields).  The caller owns the result; gx_out_close frees it.
 */
struct gx_out *gx_out_new(const char *const *known,
    const char *const *table_cols);

/* Print one record (borrowed).  Tables are aligned when closed. */
void gx_out_emit(struct gx_out *o, const json_t *rec);

/*
 * Hold records back (in a temporary file) until gx_out_release: a batch
 * prints what it changed only once the change is committed.  commit = 0
 * drops what was held.
 */
void gx_out_hold(struct gx_out *o);
void gx_out_release(struct gx_out *o, int commit);

/*
 * For writers that build a JSON line themselves: 1 when records go out as
 * whole JSON lines (no --fields, no table), and the way to print one as
 * head followed by tail[0..n) (no newline in either).
 */
int gx_out_is_plain(const struct gx_out *o);
/* 1 when records go out as an aligned table (a terminal, or -o table). */
int gx_out_is_table(const struct gx_out *o);
void gx_out_emit_text(struct gx_out *o, const char *head, const char *tail,
    size_t n);

/* Number of records emitted so far. */
long gx_out_count(const struct gx_out *o);

/* Flush (print the table) and free.  NULL is fine. */
void gx_out_close(struct gx_out *o);

/* Display columns of UTF-8 text: wide and fullwidth characters count 2,
 * combining marks and control characters 0. */
int gx_utf8_width(const char *s);

#endif
