# sfnotes: `make run` opens the app, `make test` runs the whole suite.
GO      ?= go
# no_animations: Fyne's fading text cursor redraws the whole window about a dozen
# times a second while a field has the keyboard (in a notes app, always): 44% of
# a core under software GL here, against 5.6% with a steady cursor.
TAGS    := migrated_fynedo,no_animations
BIN     := bin/sfnotes
SERVER  := bin/standardfile
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages needed to build the Fyne window (GLFW via cgo) and run tests.
DEB_PKGS := gcc pkg-config libgl1-mesa-dev libx11-dev libxrandr-dev libxinerama-dev \
            libxi-dev libxcursor-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev
# Every package but the root main package: testing that one would compile GLFW
# under -race for no test at all.
PKGS     = $(shell $(GO) list ./... | grep -v '^sfnotes$$')

.PHONY: bench run build deps test server jsclient snjs fuzz bench vet fmt clean screenshot screenshot-deps windows package

run: build
	./$(BIN)

build: deps
	$(GO) build -tags $(TAGS) -o $(BIN) .

deps:
	@missing=$$(for p in $(DEB_PKGS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi

# The real Standard File server the sync suite runs against (PROTOCOL.md §7).
server: $(SERVER)
$(SERVER): .ci/sfserver/go.mod .ci/sfserver/go.sum
	cd .ci/sfserver && $(GO) build -o ../../$(SERVER) github.com/mdouchement/standardfile/cmd/standardfile

# The real-server tests run in a second, verbose step so that their scenario
# count is printed; in CI (CI=true) they fail rather than skip without a server.
# The SIGKILL test (50 kills of a real `sfnotes sync` process) tests crash
# consistency, not data races: it runs without -race, which would make the
# killed child several times slower.
REAL_TESTS := TestRealServer|TestCLIAgainstRealServer|TestCLI004AgainstRealServer|TestCLIAgainstRealServerJSEdit|TestCLISessionsAgainstRealServer
KILL_TEST  := TestSyncKilledAtRandomMoments|TestPasswdKilledAtRandomMoments|TestUpgradeAndPasswd004KilledAtRandomMoments|TestHistoryPruneKilledAtRandomMoments
REAL_ENV    = SFNOTES_REAL_SERVER=$(CURDIR)/$(SERVER) SFNOTES_SNJS=$(CURDIR)/.ci/snjs/operator.js
# The official JS client (standard-file-js under Node) for the real-server
# test of edit times, and for make bench.
JSCLIENT := .ci/jsbench/node_modules/standard-file-js/package.json
jsclient: $(JSCLIENT)
$(JSCLIENT): .ci/jsbench/package.json
	cd .ci/jsbench && npm install --no-audit --no-fund --no-package-lock --loglevel=error
	touch $@

# The official Standard Notes 004 operator (@standardnotes/snjs under Node),
# for the test that it and sfnotes read each other's items.
SNJS := .ci/snjs/node_modules/@standardnotes/snjs/package.json
snjs: $(SNJS)
$(SNJS): .ci/snjs/package.json
	cd .ci/snjs && npm install --no-audit --no-fund --no-package-lock --loglevel=error
	touch $@

test: deps server jsclient snjs
	$(REAL_ENV) $(GO) test -race -count=1 -timeout 30m -skip '$(REAL_TESTS)|$(KILL_TEST)' $(PKGS)
	$(REAL_ENV) $(GO) test -race -count=1 -timeout 30m -v -run '$(REAL_TESTS)' ./syncengine ./app
	$(REAL_ENV) $(GO) test -count=1 -timeout 30m -v -run '$(KILL_TEST)' ./app

# Every fuzz target, seeded from testdata and the vectors, for a count of runs
# (about ten seconds each here). A count, not a duration: with -fuzztime 10s,
# Go 1.26's coordinator can fail a clean run with "context deadline exceeded"
# when a worker is mid-call at the deadline (go.dev/issue/75804). FUZZTIME=30s
# (or 1000000x) overrides every target's budget.
FUZZTIME ?=
FUZZ_TARGETS := ./syncengine/sfcrypto:FuzzParseEncrypted:200000 ./syncengine/sfcrypto:FuzzDecryptItem:200000 \
                ./syncengine/sfcrypto:FuzzRoundTrip:50000 ./syncengine/sfcrypto:FuzzParseEncrypted004:60000 \
                ./syncengine/sfcrypto:FuzzDecryptItem004:150000 ./syncengine/sfcrypto:FuzzItemsKeyContent:80000 \
                ./syncengine:FuzzParseBackup:40000 ./syncengine:FuzzSyncResponse:40000 \
                ./model:FuzzRenderSuper:100000 ./model:FuzzRenderHTML:100000
fuzz:
	@for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; rest=$${t#*:}; fn=$${rest%%:*}; n=$${rest##*:}; \
	  budget=$(FUZZTIME); budget=$${budget:-$${n}x}; \
	  echo "fuzz $$fn ($$pkg, $$budget)"; \
	  $(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime $$budget $$pkg || exit 1; done

# Side-by-side figures (sfnotes vs the official JS client and OpenSSL) and the
# Go benchmarks, from one run, into BENCHMARKS.md. Needs Node 20 and npm.
bench: build server screenshot-deps jsclient snjs
	$(GO) run ./.ci/bench -out BENCHMARKS.md

vet:
	$(GO) vet ./...

fmt:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

# The real app under Xvfb on seeded notes -> docs/screenshot.png (README).
screenshot: build screenshot-deps
	mkdir -p docs
	.ci/screenshot.sh $(BIN) docs/screenshot.png

screenshot-deps:
	@missing=$$(for p in xvfb xauth xdotool imagemagick; do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y --no-install-recommends $$missing; fi

# Windows from Linux with mingw (FYNE.md): bin/sfnotes.exe.
windows:
	@dpkg -s gcc-mingw-w64-x86-64 >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y --no-install-recommends gcc-mingw-w64-x86-64)
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
	  $(GO) build -tags $(TAGS) -ldflags -H=windowsgui -o bin/sfnotes.exe .

# A Linux package (.tar.xz with a .desktop file and the icon) with the fyne tool.
bin/fyne: .ci/fynecli/go.mod .ci/fynecli/go.sum
	cd .ci/fynecli && $(GO) build -o ../../bin/fyne fyne.io/fyne/v2/cmd/fyne
package: deps bin/fyne
	mkdir -p dist
	./bin/fyne package -os linux -release -tags $(TAGS) -icon assets/icon.png
	mv -f sfnotes.tar.xz dist/

clean:
	rm -rf bin dist
