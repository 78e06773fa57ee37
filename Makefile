# jailcheck — build, test and run the conformance suite.
# Portable: works with GNU make and BSD make (FreeBSD's make, Debian's bmake).
# Only plain variables, `?=` and targets with shell recipes; the logic lives in ci/*.sh.

CARGO ?= cargo
PREFIX ?= /usr/local
# The runtime under test for `make integ-test`: `jailrun` (built here), a name in
# PATH (runc, ocijail) or a path.
RUNTIME ?= jailrun
# Extra flags for jailcheck, e.g. JAILCHECK_FLAGS="--report out.json process::".
JAILCHECK_FLAGS ?=
# Runtimes `make bench` compares with jailrun, and lifecycles per runtime.
BENCH_RUNTIMES ?= runc
BENCH_N ?= 200
# Triples for `make freebsd-cross`; empty means x86_64- and aarch64-unknown-freebsd.
FREEBSD_TARGETS ?=

all: build integ-inside

# jailrun is linked statically, at a fixed address, with fat LTO: no dynamic
# loader and no relocation at each of the three invocations per container
# lifecycle (see README, Results).
build:
	$(CARGO) build --release --workspace
	CARGO="$(CARGO)" sh ci/build-static.sh jailrun jailrun target/release/jailrun --fast-start

# The static helper that runs inside containers: target/integ-inside.
integ-inside:
	CARGO="$(CARGO)" sh ci/build-integ-inside.sh

test: integ-inside
	$(CARGO) build --release --workspace
	$(CARGO) test --workspace

integ-test: build integ-inside
	sh ci/integ-test.sh "$(RUNTIME)" --conventions-binding $(JAILCHECK_FLAGS)

bench: build integ-inside
	sh ci/bench.sh "$(BENCH_N)" $(BENCH_RUNTIMES)

# A long run of jailrun's property tests (bundle parsing, planners, runj.ext.json
# merge); `make test` runs them briefly.
FUZZ_CASES ?= 10000
fuzz:
	JAILRUN_FUZZ_CASES=$(FUZZ_CASES) $(CARGO) test --release -p jailrun --test robustness_props

# FreeBSD on a Debian 12 host: check, clippy, test binaries linked, and release
# binaries in target/<triple>/release (ci/freebsd-cross.sh installs its toolchain).
freebsd-cross:
	FREEBSD_TARGETS="$(FREEBSD_TARGETS)" sh ci/freebsd-cross.sh

install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/libexec/jailcheck
	install -m 0755 target/release/jailrun $(DESTDIR)$(PREFIX)/bin/jailrun
	install -m 0755 target/release/jailcheck $(DESTDIR)$(PREFIX)/bin/jailcheck
	install -m 0755 target/integ-inside $(DESTDIR)$(PREFIX)/libexec/jailcheck/integ-inside

clean:
	$(CARGO) clean

.PHONY: all build integ-inside test integ-test bench fuzz freebsd-cross install clean
