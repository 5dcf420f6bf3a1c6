#!/usr/bin/env bash
# Print the path of a Chromium for the browser tests (Playwright drives it by executable path;
# Playwright's own browser download is not used).
#
#   scripts/chromium.sh     print the path; install Debian's `chromium` first when missing
#
# Order: $KARTOTEKA_CHROMIUM if set, then chromium / chromium-browser / google-chrome on PATH,
# then `apt-get install chromium` when running as root on Debian or Ubuntu (CI runs as root on a
# bare machine). Anything else fails with what to do.
set -euo pipefail

log() { printf 'chromium.sh: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

find_chromium() {
  local candidate
  if [[ -n "${KARTOTEKA_CHROMIUM:-}" ]]; then
    [[ -x "$KARTOTEKA_CHROMIUM" ]] || die "KARTOTEKA_CHROMIUM=$KARTOTEKA_CHROMIUM is not an executable"
    printf '%s\n' "$KARTOTEKA_CHROMIUM"
    return 0
  fi
  for candidate in chromium chromium-browser google-chrome-stable google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

if find_chromium; then exit 0; fi

if [[ "$(id -u)" -ne 0 ]]; then
  die "no Chromium found. Install it (Debian/Ubuntu: 'sudo apt-get install chromium'), or set KARTOTEKA_CHROMIUM to its path."
fi
command -v apt-get >/dev/null 2>&1 \
  || die "no Chromium found and no apt-get to install it: install Chromium, or set KARTOTEKA_CHROMIUM."

# Two test runs (or a test run and a benchmark) may both find no Chromium: the second waits for
# the first here and then finds what it installed, instead of failing on dpkg's lock.
exec 9>/tmp/kartoteka-chromium-install.lock
flock 9
if find_chromium; then exit 0; fi

log "installing Debian's chromium package (apt-get, once per machine)"
export DEBIAN_FRONTEND=noninteractive
# Anything else using apt meanwhile (an unattended upgrade) holds dpkg's lock: wait for it.
APT=(apt-get -o DPkg::Lock::Timeout=600)
# A fresh image has no package lists yet; refresh them only when the package is not known.
if ! apt-cache show chromium >/dev/null 2>&1; then
  "${APT[@]}" update -qq >&2
fi
"${APT[@]}" install -y -qq chromium >&2 \
  || die "'apt-get install chromium' failed (see above)"
find_chromium || die "chromium was installed but is not on PATH"
