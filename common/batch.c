/* batch.c - a two-thread parse/apply pipeline over JSON lines. */
#include "batch.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_ITEMS 256
#define NCHUNKS 4

struct item {
	long line;
	int code;		/* 0: payload is good */
	struct gx_err err;
	/* payload follows, aligned */
};

struct chunk {
	int n;			/* items filled */
	int last;		/* end of input after these items */
	char *mem;
};

struct pipeline {
	struct gx_jsonl *r;
	size_t stride, payload_size;
	gx_batch_parse_fn parse;
	const void *ctx;
	pthread_mutex_t mu;
	pthread_cond_t filled, emptied;
	struct chunk chunks[NCHUNKS];
	int head, tail, count;	/* ring of full chunks: tail..head */
	int stop;		/* consumer gave up */
};

static struct item *
item_at(struct pipeline *p, struct chunk *c, int i)
{
	return (struct item *)(c->mem + (size_t)i * p->stride);
}

static void *
payload_of(struct item *it)
{
	return (char *)it + ((sizeof *it + 15) & ~(size_t)15);
}

static void *
producer(void *arg)
{
	struct pipeline *p = arg;
	int done = 0;

	while (!done) {
		struct chunk *c;

		pthread_mutex_lock(&p->mu);
		while (p->count == NCHUNKS && !p->stop)
			pthread_cond_wait(&p->emptied, &p->mu);
		if (p->stop) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		c = &p->chunks[p->head];
		pthread_mutex_unlock(&p->mu);

		c->n = 0;
		c->last = 0;
		while (c->n < CHUNK_ITEMS) {
			struct item *it = item_at(p, c, c->n);
			json_t *rec = NULL;
			int rc;

			memset(it, 0, p->stride);
			rc = gx_jsonl_next(p->r, &rec, &it->err);
			it->line = p->r->lineno;
			if (rc == 0) {
				c->last = done = 1;
				break;
			}
			if (rc < 0) {
				it->code = it->err.code;
			} else if ((rc = p->parse(rec, payload_of(it), p->ctx,
			    &it->err)) != 0) {
				it->code = rc;
			}
			json_decref(rec);
			c->n++;
		}
		pthread_mutex_lock(&p->mu);
		p->head = (p->head + 1) % NCHUNKS;
		p->count++;
		pthread_cond_signal(&p->filled);
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

/* Put "NAME:LINE: " in front of a message that lacks it. */
static void
add_where(struct gx_err *e, const char *name, long line)
{
	char where[64];

	if (gx_err_strip_where(e->msg) != e->msg)
		return;
	snprintf(where, sizeof where, "%s:%ld: ", name, line);
	gx_err_prefix(e, where);
}

/* Release the payloads of items i.. of chunk c. */
static void
release_from(struct pipeline *p, const struct gx_batch *b, struct chunk *c,
    int i)
{
	if (b->release == NULL)
		return;
	for (; i < c->n; i++) {
		struct item *it = item_at(p, c, i);

		if (it->line > 0)
			b->release(payload_of(it));
	}
}

int
gx_batch_run(struct gx_db *db, struct gx_jsonl *r, const struct gx_batch *b,
    int keep_going, struct gx_err *err)
{
	size_t payload_size = b->payload_size;
	gx_batch_apply_fn apply = b->apply;
	void *ctx = b->ctx;
	struct pipeline p;
	pthread_t th;
	int rc = 0, bad = 0, finished = 0, begun = 0;

	memset(&p, 0, sizeof p);
	p.r = r;
	p.parse = b->parse;
	p.ctx = b->ctx;
	p.payload_size = payload_size;
	p.stride = ((sizeof(struct item) + 15) & ~(size_t)15) +
	    ((payload_size + 15) & ~(size_t)15);
	for (int i = 0; i < NCHUNKS; i++)
		p.chunks[i].mem = gx_xmalloc(p.stride * CHUNK_ITEMS);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.filled, NULL);
	pthread_cond_init(&p.emptied, NULL);

	json_object_seed(0);
	if (pthread_create(&th, NULL, producer, &p) != 0)
		gx_die(GX_SOFTWARE, "cannot start the parsing thread");

	while (!finished && rc == 0) {
		struct chunk *c;

		pthread_mutex_lock(&p.mu);
		while (p.count == 0)
			pthread_cond_wait(&p.filled, &p.mu);
		c = &p.chunks[p.tail];
		pthread_mutex_unlock(&p.mu);
		/* The write lock is taken once there is something to write,
		 * not while waiting for input a writer upstream may still be
		 * producing. */
		if (!begun) {
			if ((rc = gx_db_begin(db, err)) != 0) {
				pthread_mutex_lock(&p.mu);
				p.stop = 1;
				pthread_cond_signal(&p.emptied);
				pthread_mutex_unlock(&p.mu);
				break;
			}
			begun = 1;
		}

		for (int i = 0; i < c->n; i++) {
			struct item *it = item_at(&p, c, i);
			struct gx_err e;
			int code = it->code;

			if (rc != 0) {
				release_from(&p, b, c, i);
				break;
			}

			gx_err_clear(&e);
			if (code != 0) {
				e = it->err;
			} else if (keep_going) {
				if ((code = gx_db_savepoint(db, &e)) == 0) {
					code = apply(payload_of(it), ctx, &e);
					if (code != 0)
						gx_db_rollback_to(db);
					else
						code = gx_db_release(db, &e);
				}
			} else {
				code = apply(payload_of(it), ctx, &e);
			}
			if (b->release != NULL)
				b->release(payload_of(it));
			if (code == 0)
				continue;
			add_where(&e, r->name, it->line);
			if (keep_going && code == GX_DATAERR) {
				gx_jsonl_report_error(it->line, &e);
				bad++;
				continue;
			}
			*err = e;
			err->code = code;
			rc = code;
		}
		finished = c->last;
		pthread_mutex_lock(&p.mu);
		p.tail = (p.tail + 1) % NCHUNKS;
		p.count--;
		if (rc != 0)
			p.stop = 1;
		pthread_cond_signal(&p.emptied);
		pthread_mutex_unlock(&p.mu);
	}
	pthread_join(th, NULL);
	/* Chunks parsed after a failure were never applied. */
	while (p.count > 0) {
		release_from(&p, b, &p.chunks[p.tail], 0);
		p.tail = (p.tail + 1) % NCHUNKS;
		p.count--;
	}
	if (rc == 0 && b->finish != NULL)
		rc = b->finish(ctx, err);
	if (rc != 0 && begun)
		gx_db_rollback(db);
	else if (rc == 0 && (rc = gx_db_commit(db, err)) == 0 && bad > 0)
		rc = gx_err_set(err, GX_DATAERR, "%d bad record%s skipped",
		    bad, bad == 1 ? "" : "s");
	for (int i = 0; i < NCHUNKS; i++)
		free(p.chunks[i].mem);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.filled);
	pthread_cond_destroy(&p.emptied);
	return rc;
}
