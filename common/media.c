/* media.c - content-addressed files beside the database. */
#include "media.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *
gx_media_sniff(const unsigned char *p, size_t n)
{
	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return "image/jpeg";
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4)
	    == 0)
		return "image/webp";
	if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return "application/pdf";
	return NULL;
}

void
gx_media_dir(struct gx_db *db, char *buf, size_t n)
{
	snprintf(buf, n, "%s.media", gx_db_path(db));
}

/* GX_MEDIA_MAX in bytes, with an optional K, M or G. */
static int64_t
limit(void)
{
	const char *e = getenv("GX_MEDIA_MAX");
	char *end;
	long long v;

	if (e == NULL || (v = strtoll(e, &end, 10)) <= 0)
		return GX_MEDIA_MAX;
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	}
	return *end == '\0' ? v : GX_MEDIA_MAX;
}

void
gx_media_forget(struct gx_db *db, const struct gx_media *m, int n)
{
	char dir[4096], file[4200];

	gx_media_dir(db, dir, sizeof dir);
	for (int i = 0; i < n; i++)
		if (m[i].created) {
			snprintf(file, sizeof file, "%s/%s", dir, m[i].sha256);
			unlink(file);
		}
}

/* Read the whole file, up to max bytes (one more tells it is over). */
static int
slurp(const char *path, int64_t max, unsigned char **out, size_t *len,
    struct gx_err *err)
{
	size_t cap = 65536, n = 0;
	unsigned char *buf;
	struct stat sb;
	ssize_t r;
	int fd;

	/* Non-blocking, so a FIFO is refused below instead of waited on. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return gx_err_set(err, errno == EACCES ? GX_NOPERM : GX_NOINPUT,
		    "cannot read '%s': %s", path, strerror(errno));
	if (fstat(fd, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		close(fd);
		return gx_err_set(err, GX_DATAERR, "'%s' is not a regular file",
		    path);
	}
	buf = gx_xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if ((int64_t)cap > max) {
				close(fd);
				free(buf);
				return gx_err_set(err, GX_DATAERR, "'%s' is larger "
				    "than %lld bytes", path, (long long)max);
			}
			buf = gx_xrealloc(buf, cap *= 2);
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			close(fd);
			free(buf);
			return gx_err_set(err, GX_NOINPUT, "cannot read '%s': %s",
			    path, strerror(e));
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if ((int64_t)n > max) {
		free(buf);
		return gx_err_set(err, GX_DATAERR, "'%s' is larger than %lld "
		    "bytes", path, (long long)max);
	}
	*out = buf;
	*len = n;
	return 0;
}

int
gx_media_store(struct gx_db *db, const char *path,
    const char *const *types, struct gx_media *m, struct gx_err *err)
{
	char dir[4096], file[4200], self[64];
	unsigned char *data = NULL;
	size_t len = 0, off = 0;
	const char *const *t;
	int fd, rc;

	if ((rc = slurp(path, limit(), &data, &len, err)) != 0)
		return rc;
	if (len == 0) {
		free(data);
		return gx_err_set(err, GX_DATAERR, "'%s' is empty", path);
	}
	m->type = gx_media_sniff(data, len);
	for (t = types; m->type != NULL && *t != NULL; t++)
		if (strcmp(*t, m->type) == 0)
			break;
	if (m->type == NULL || *t == NULL) {
		char names[64] = "";

		/* "image/jpeg" -> "JPEG", ..., in the order accepted */
		for (t = types; *t; t++)
			snprintf(names + strlen(names), sizeof names -
			    strlen(names), "%s%s", t == types ? "" : t[1] ?
			    ", " : " or ", strcmp(*t, "image/jpeg") == 0 ?
			    "JPEG" : strcmp(*t, "image/png") == 0 ? "PNG" :
			    strcmp(*t, "image/webp") == 0 ? "WebP" : "PDF");
		free(data);
		return gx_err_set(err, GX_DATAERR, "'%s' is not an accepted "
		    "type (%s) by its content", path, names);
	}
	m->size = (int64_t)len;
	m->created = 0;
	gx_sha256_hex(data, len, m->sha256);
	gx_media_dir(db, dir, sizeof dir);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		rc = gx_err_set(err, errno == EACCES ? GX_NOPERM : GX_SOFTWARE,
		    "cannot create the media store '%s': %s", dir,
		    strerror(errno));
		goto out;
	}
	snprintf(file, sizeof file, "%s/%s", dir, m->sha256);
	if (access(file, F_OK) == 0)
		goto out;		/* the same content is there */
	/* Written whole into a nameless file, then linked into place: a
	 * reader never sees half a document, a crash leaves nothing. */
	if ((fd = open(dir, O_WRONLY | O_TMPFILE | O_CLOEXEC, 0600)) < 0) {
		rc = gx_err_set(err, errno == EACCES ? GX_NOPERM : GX_SOFTWARE,
		    "cannot write to the media store '%s': %s", dir,
		    strerror(errno));
		goto out;
	}
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
	rc = off < len || fsync(fd) != 0;
	if (rc == 0 && linkat(AT_FDCWD, self, AT_FDCWD, file,
	    AT_SYMLINK_FOLLOW) == 0)
		m->created = 1;
	else if (rc == 0 && errno != EEXIST)	/* EEXIST: stored meanwhile */
		rc = 1;
	if (close(fd) != 0 || rc)
		rc = gx_err_set(err, GX_SOFTWARE, "cannot write '%s': %s", file,
		    strerror(errno));
out:
	free(data);
	return rc;
}
