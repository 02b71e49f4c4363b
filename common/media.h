/*
 * media.h - the media store: files kept beside the database (DB.media/,
 * mode 0700) under their SHA-256 (mode 0600), their type checked by their
 * content, never by their name.
 */
#ifndef GX_MEDIA_H
#define GX_MEDIA_H

#include <stdint.h>

#include "db.h"
#include "sha.h"

/* Default size limit; GX_MEDIA_MAX (bytes) overrides it. */
#define GX_MEDIA_MAX (10 * 1024 * 1024)

struct gx_media {
	char sha256[GX_SHA256_HEX];
	const char *type;	/* "image/jpeg", ... (static) */
	int64_t size;
	int created;		/* the file is new in the store */
};

/* The type of data by its first bytes: image/jpeg, image/png, image/webp
 * or application/pdf; NULL for anything else. */
const char *gx_media_sniff(const unsigned char *p, size_t n);

/*
 * Copy the file at path into db's store, if its type is one of types
 * (NULL-terminated) and it is not over the limit.  Returns 0 with *m, or
 * GX_NOINPUT (unreadable), GX_DATAERR (type, size, empty), GX_NOPERM or
 * GX_SOFTWARE (the store), with *err.  Storing the same content twice
 * keeps one file.
 */
int gx_media_store(struct gx_db *db, const char *path,
    const char *const *types, struct gx_media *m, struct gx_err *err);

/* The store's directory for db into buf. */
void gx_media_dir(struct gx_db *db, char *buf, size_t n);

/* Take back the files of m[0..n) that were new in the store: for a change
 * that was refused after storing them. */
void gx_media_forget(struct gx_db *db, const struct gx_media *m, int n);

#endif
