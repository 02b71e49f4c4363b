/* unit-jsonl.c - the streaming JSON-lines reader. */
#include <stdlib.h>
#include <unistd.h>

#include "jsonl.h"
#include "tap.h"

/* A reader over the bytes s[0..n), through a pipe-like temp file. */
static int
feed(const char *s, size_t n)
{
	FILE *f = tmpfile();

	fwrite(s, 1, n, f);
	fflush(f);
	rewind(f);
	return dup(fileno(f));	/* f leaks on purpose: tests are short */
}

int
main(void)
{
	static const char in[] =
	    "{\"handle\":\"wangwei\",\"name\":\"王伟\"}\n"
	    "\n"
	    "   \n"
	    "lina\n"
	    "{\"broken\": \n"
	    "[1,2]\n"
	    "{\"a\":1,\"a\":2}\n"
	    "\"quoted\"\n"
	    "bad \xff byte\n"
	    "nul\0byte\n"
	    "last line without newline";
	struct gx_jsonl r;
	struct gx_err e = { 0, "" };
	json_t *rec;
	char *big;

	gx_jsonl_init(&r, feed(in, sizeof in - 1), "stdin");
	ok(gx_jsonl_next(&r, &rec, &e) == 1 && json_is_object(rec),
	    "an object");
	is_str(json_string_value(json_object_get(rec, "name")), "王伟",
	    "UTF-8 kept");
	is_int(r.lineno, 1, "line 1");
	json_decref(rec);
	ok(gx_jsonl_next(&r, &rec, &e) == 1 && json_is_string(rec),
	    "blank lines skipped, a bare reference is a string");
	is_str(json_string_value(rec), "lina", "bare reference");
	is_int(r.lineno, 4, "line numbers count blank lines");
	json_decref(rec);
	ok(gx_jsonl_next(&r, &rec, &e) == -1 && e.code == GX_DATAERR,
	    "malformed JSON is an error");
	is_str(strstr(e.msg, "stdin:5: malformed JSON") == e.msg ? "y" : e.msg,
	    "y", "the message names the line");
	ok(gx_jsonl_next(&r, &rec, &e) == -1, "an array is not a record");
	ok(gx_jsonl_next(&r, &rec, &e) == -1, "duplicate keys are refused");
	ok(gx_jsonl_next(&r, &rec, &e) == 1 && json_is_string(rec),
	    "a JSON string is a reference");
	json_decref(rec);
	ok(gx_jsonl_next(&r, &rec, &e) == -1 && strstr(e.msg, "stdin:9: "
	    "invalid UTF-8") != NULL, "invalid UTF-8 named with its line");
	ok(gx_jsonl_next(&r, &rec, &e) == -1 && strstr(e.msg, "stdin:10: "
	    "NUL byte") != NULL, "a NUL byte named with its line");
	ok(gx_jsonl_next(&r, &rec, &e) == 1 && json_is_string(rec),
	    "a last line without a newline");
	is_int(r.lineno, 11, "its number");
	json_decref(rec);
	ok(gx_jsonl_next(&r, &rec, &e) == 0, "then the end");
	ok(gx_jsonl_next(&r, &rec, &e) == 0, "and the end again");
	gx_jsonl_release(&r);

	/* The size limit: a long line is skipped whole, reading goes on. */
	setenv("GX_MAX_LINE", "100", 1);
	big = malloc(300000 + 32);
	memset(big, 'x', 300000);
	memcpy(big + 300000, "\nafter\n", 8);
	gx_jsonl_init(&r, feed(big, 300000 + 7), "in.jsonl");
	ok(gx_jsonl_next(&r, &rec, &e) == -1 && strstr(e.msg, "in.jsonl:1: "
	    "line longer than 100 bytes") != NULL, "an over-long line");
	ok(gx_jsonl_next(&r, &rec, &e) == 1 && json_is_string(rec) &&
	    strcmp(json_string_value(rec), "after") == 0,
	    "the next line is read whole");
	is_int(r.lineno, 2, "and numbered 2");
	json_decref(rec);
	gx_jsonl_release(&r);
	/* Exactly at the limit is fine, one over is not. */
	memset(big, 'y', 101);
	big[100] = '\n';
	big[101] = 'z';
	memset(big + 101, 'z', 101);
	big[202] = '\n';
	gx_jsonl_init(&r, feed(big, 203), "stdin");
	ok(gx_jsonl_next(&r, &rec, &e) == 1, "a line of exactly the limit");
	json_decref(rec);
	ok(gx_jsonl_next(&r, &rec, &e) == -1, "one byte over the limit");
	gx_jsonl_release(&r);
	unsetenv("GX_MAX_LINE");
	free(big);

	ok(gx_utf8_valid("\xc0\xaf", 2) == 0, "overlong encoding refused");
	ok(gx_utf8_valid("\xed\xa0\x80", 3) == 0, "surrogate refused");
	ok(gx_utf8_valid("\xf4\x90\x80\x80", 4) == 0, "above U+10FFFF refused");
	ok(gx_utf8_valid("\xe7\x8e\x8b", 3) == 1, "王 accepted");
	ok(gx_utf8_valid("\xe7\x8e", 2) == 0, "truncated sequence refused");
	return done_testing();
}
