# vmshadow: the user's entry points. Recipes stay short; the work is in ci/.
#   make run      [ARCH=x86_64] [VARIANT=kasan-vmalloc] [TREE=series] [PLAN=smoke|quick|perf|stress]
#                 [BASE=6.12|6.1 | KSRC=/your/linux]   Debian's linux-source-BASE, or your own tree
#   make check    unit tests, linters, and an x86_64 smoke run
#   make deps     install missing Debian packages [ARCH=...: that target's only]
#   make matrix   every target, one at a time, into out/matrix/<time>/
#   make tools    build the results tool into out/bin/
#   make perf     [ARCH=x86_64] [ROUNDS=3] [LOOPS=2000] [THREADS=n] [CLOCK=icount|host]
#                 the seed's test_vmalloc table per arch into out/perf/<time>-<arch>/
# make deps: the packages of ARCH when it is given, of every target else.
DEPS_TARGETS := $(if $(filter command line environment,$(origin ARCH)),$(ARCH))
# make bisect: TREE=base and PLAN=quick unless given.
BISECT_TREE := $(if $(filter command line environment,$(origin TREE)),$(TREE),base)
BISECT_PLAN := $(if $(filter command line environment,$(origin PLAN)),$(PLAN),quick)
ARCH    ?= x86_64
VARIANT ?= kasan-vmalloc
TREE    ?= series
PLAN    ?= smoke
OUT     := $(CURDIR)/out
export ARCH VARIANT TREE PLAN BASE KSRC

TARGETS := $(sort $(basename $(notdir $(wildcard arch-*/*.target))))

.PHONY: series-check fuzz help run check bisect matrix arch-status deps tools tools-test lint workflows series-apply clean $(addprefix run-,$(TARGETS))

help:
	@sed -n 's/^#   //p;s/^## //p' Makefile
	@echo "targets: $(TARGETS)"

## run-<target>   make run ARCH=<target>
# run, perf, matrix, series-check: bad input is refused (ci/*.sh --check)
# before deps, tools or anything else under out/ is made.
run:
	ci/run.sh --check
	$(MAKE) --no-print-directory tools
	ci/run.sh

$(addprefix run-,$(TARGETS)): run-%:
	$(MAKE) run ARCH=$*

## bisect         make bisect KSRC=~/linux GOOD=<commit> BAD=<commit>: git bisect run of make run (TREE=base PLAN=quick) in a clone of your tree; out/bisect/<time>/
bisect:
	TREE=$(BISECT_TREE) PLAN=$(BISECT_PLAN) ci/bisect.sh --check
	$(MAKE) --no-print-directory tools
	TREE=$(BISECT_TREE) PLAN=$(BISECT_PLAN) ci/bisect.sh

matrix:
	ci/matrix.sh --check $(MATRIX_TARGETS)
	$(MAKE) --no-print-directory tools
	ci/matrix.sh $(MATRIX_TARGETS)

## arch-status    docs/arch-status.md from the latest matrix run
arch-status:
	ci/arch-status.sh

## perf-report    out/report/index.html (+ report.md) from docs/perf-history.jsonl + out/perf/history.jsonl
## perf-doc       docs/performance.md: the latest table per arch; this machine's records join docs/perf-history.jsonl
perf:
	ci/perf.sh --check $(ARCH)
	$(MAKE) --no-print-directory tools
	ci/perf.sh $(ARCH)

# The history kept in the repository (docs/perf-history.jsonl: the records
# docs/performance.md was made from, every machine's) and this machine's
# (out/perf/history.jsonl) are read as one; a record in both counts once.
# Relative names: docs/performance.md says which files it was made from.
PERF_HISTORIES = docs/perf-history.jsonl $(patsubst $(CURDIR)/%,%,$(OUT))/perf/history.jsonl

perf-report: tools
	$(OUT)/bin/vmshadow report $(PERF_HISTORIES) --html $(OUT)/report/index.html --md $(OUT)/report/report.md

perf-doc: tools
	$(OUT)/bin/vmshadow report $(PERF_HISTORIES) --doc $(CURDIR)/docs/performance.md \
		--history-out docs/perf-history.jsonl

deps:
	ci/deps.sh $(DEPS_TARGETS)

# The host's packages only: each script installs its targets' (ci/deps.sh).
tools:
	ci/deps.sh --host
	$(MAKE) -s -C ci/vmshadow OUT=$(OUT)/bin

## tools-test     unit tests of the results tool (also under ASan+UBSan)
tools-test:
	$(MAKE) -s -C ci/vmshadow OUT=$(OUT)/bin test asan

## fuzz           libFuzzer on the log parser (FUZZER=jread: the JSON reader), RUNS executions (default 10M), JOBS workers (default 1)
fuzz:
	ci/fuzz.sh

## lint           shellcheck and the guest programs with -Werror
lint:
	ci/lint.sh

## workflows      actionlint and the drift check of .github/workflows (docs/ci.md)
workflows:
	ci/workflows.sh

check: deps
	ci/check.sh

## series-check   git am, checkpatch --strict, every prefix builds (x86_64), every arch builds
series-check:
	ci/series-check.sh --check $(SERIES_TARGETS)
	$(MAKE) --no-print-directory deps
	ci/series-check.sh $(SERIES_TARGETS)

## series-apply   apply patches/series onto the base tree (out/src/series)
series-apply:
	ci/tree.sh series

clean:
	rm -rf $(OUT)/build $(OUT)/guest $(OUT)/bin
