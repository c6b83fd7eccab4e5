# Kezek — `make` alone lists the targets.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
KEZEK := $(VENV)/bin/kezek
STAMP := $(VENV)/.installed
DEMO := demo
PORT ?= 8080

# Every Debian package the project needs, in one place:
#   Qt offscreen/xcb runtime, fonts with Kazakh letters, speech, QR decoding
#   for tests, Chromium for web-page tests (Playwright's bundled node needs
#   libatomic1), Xvfb for a real window; Pango for the report's PDF (WeasyPrint)
#   and poppler-utils to read it back in tests.
# Russian speech is RHVoice, from Debian's non-free section: 1.14 from
# bookworm-backports (clearer than 1.8 in bookworm); see speech/README.md.
RHVOICE_PACKAGES := rhvoice rhvoice-russian
RHVOICE_SOURCES := /etc/apt/sources.list.d/kezek-rhvoice.sources
APT_PACKAGES := python3 python3-venv python3-pip \
	libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 \
	libxcb-randr0 libxcb-render-util0 libxcb-image0 \
	fonts-dejavu-core espeak-ng libespeak-ng1 alsa-utils sox libzbar0 \
	libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libglib2.0-0 \
	poppler-utils chromium chromium-driver libatomic1 xvfb

.PHONY: help bootstrap system-packages speech-voices venv run test test-fast bench soak clean
help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

system-packages:  ## install the Debian packages above (as root, only the missing ones)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@$(MAKE) -s speech-voices

speech-voices:  ## RHVoice's Russian voices from Debian non-free (bookworm-backports), on Debian 12
	@if dpkg-query -W -f='$${Status}\n' $(RHVOICE_PACKAGES) 2>/dev/null | grep -vq 'install ok installed' \
		|| ! dpkg-query -W $(RHVOICE_PACKAGES) >/dev/null 2>&1; then \
		if grep -q '^VERSION_CODENAME=bookworm' /etc/os-release 2>/dev/null; then \
			echo "installing RHVoice (Debian non-free, bookworm-backports)"; \
			SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
			[ -f $(RHVOICE_SOURCES) ] || printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: non-free\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' | $$SUDO tee $(RHVOICE_SOURCES) >/dev/null; \
			$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports $(RHVOICE_PACKAGES); \
		else echo "not Debian 12: install RHVoice's Russian voice yourself for clear Russian speech (speech/README.md)"; fi; \
	fi

$(STAMP): pyproject.toml
	$(MAKE) system-packages
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

bootstrap: $(STAMP)  ## system packages, virtualenv and the project with test extras

run: bootstrap  ## start the sample reception day on this machine
	$(PY) -m server.demo --dir $(DEMO) --port $(PORT)

test: bootstrap  ## run every test (Qt offscreen, real server on loopback)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

test-fast: bootstrap  ## tests without GUI, browser and slow ones
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m "not gui and not browser and not slow"

bench: bootstrap  ## load a real server on loopback and print the figures
	$(PY) -m bench

soak: bootstrap  ## a 4.5-hour day in 15 minutes: disconnects, two kills, memory and threads flat
	$(PY) -m bench.soak --minutes $(or $(SOAK_MINUTES),15)

clean:  ## remove the virtualenv and generated files
	rm -rf $(VENV) $(DEMO) printed bench-results.json soak-results.json .pytest_cache
