# gx - GNU make.  `make demo` and `make check` are all a new user needs.
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR     ?=

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2
ifeq ($(DEVELOPER),1)
WARN    += -Werror
endif

# SANITIZE=1 builds into build-san/ with AddressSanitizer, LeakSanitizer
# and UBSan, so both builds can live side by side.
ifeq ($(SANITIZE),1)
O       ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=undefined
else
O       ?= .
SANFLAGS =
endif
# Prefix of built files: none for the in-tree build.
P := $(if $(filter .,$(O)),,$(O)/)

PKGS      = sqlite3 jansson libcrypto
PKGCFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKGLIBS   := $(shell pkg-config --libs sqlite3 jansson 2>/dev/null)
# libcrypto is linked statically: only its SHA-256 code comes in, and no
# process pays for loading and initialising the whole shared library
# (about 0.6 ms a start; see bench/ and common/sha.c).
CRYPTOLIBS = -Wl,-Bstatic -lcrypto -Wl,-Bdynamic
CPPFLAGS += -D_GNU_SOURCE -Icommon -I$(P)common $(PKGCFLAGS)
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) $(SANFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS) -Wl,--as-needed
LDLIBS  += $(PKGLIBS) $(CRYPTOLIBS) -lpthread

# The Debian packages the build and tests need (make deps installs them).
DEBS = build-essential pkg-config libsqlite3-dev libjansson-dev libssl-dev \
       libcurl4-openssl-dev python3 curl tzdata \
       sqlite3 perl jq mandoc bash-completion hyperfine time

LIB_SRC  = $(wildcard common/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(P)%.o)
LIB      = $(P)common/libgx.a
CMDS     = $(patsubst cmd/%.c,%,$(wildcard cmd/gx*.c))
BINS     = $(CMDS:%=$(P)cmd/%)
UNIT_SRC = $(wildcard tests/unit-*.c)
UNITS    = $(UNIT_SRC:%.c=$(P)%)
MIGRATIONS = $(sort $(wildcard common/migrations/*.sql))

all: $(BINS)

$(P)common/migrations.inc: $(MIGRATIONS) common/mkmigrations.sh
	@mkdir -p $(@D)
	sh common/mkmigrations.sh $(MIGRATIONS) > $@

$(P)common/db.o: $(P)common/migrations.inc

$(P)common/%.o: common/%.c $(wildcard common/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

# Only the commands that speak HTTP link libcurl (9 ms on every start).
$(P)cmd/gx-certify: LDLIBS += $(shell pkg-config --libs libcurl 2>/dev/null)

$(P)cmd/%: cmd/%.c $(LIB) $(wildcard common/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(P)tests/%: tests/%.c tests/tap.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) \
	    $(LDLIBS)

# Tests: C unit tests of common/ and CLI tests of every command, all TAP.
check: all $(UNITS)
	GX_BUILD=$(abspath $(O)) prove -j2 tests/

# What CI runs: the suite, then again under the sanitizers.
ci: check
	$(MAKE) check SANITIZE=1

demo: deps all
	sh examples/demo.sh

bench: all
	GX_BIN=$(abspath $(P)cmd) bash bench/run
	GX_BIN=$(abspath $(P)cmd) bash bench/campaign
	GX_BIN=$(abspath $(P)cmd) bash bench/credit
	GX_BIN=$(abspath $(P)cmd) bash bench/groups

deps:
	@missing=; for p in $(DEBS); do \
	    dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else \
	    echo "missing packages; run as root:"; \
	    echo "  apt-get install -y$$missing"; exit 1; \
	fi

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1
	install -m 644 man/*.7 $(DESTDIR)$(MANDIR)/man7
	install -m 644 completions/gx.bash $(DESTDIR)$(BASHCOMPDIR)/gx
	for c in $(CMDS); do [ $$c = gx ] || \
	    ln -sf gx $(DESTDIR)$(BASHCOMPDIR)/$$c; done

uninstall:
	for c in $(CMDS); do rm -f $(DESTDIR)$(BINDIR)/$$c \
	    $(DESTDIR)$(MANDIR)/man1/$$c.1 $(DESTDIR)$(BASHCOMPDIR)/$$c; done
	rm -f $(DESTDIR)$(MANDIR)/man7/gx.7

clean:
	rm -f common/*.o common/libgx.a common/migrations.inc $(CMDS:%=cmd/%) \
	    $(UNIT_SRC:%.c=%)
	rm -rf build-san bench/out

.PHONY: all check ci demo bench deps install uninstall clean
