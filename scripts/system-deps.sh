#!/usr/bin/env bash
# Debian packages the project needs beyond Python:
#   chromium        - kaleido renders Plotly charts to PNG/SVG/PDF through it; Playwright drives it in the browser tests
#   fonts-noto-cjk  - Chinese text in exported images and PDFs (without it: empty boxes)
#   poppler-utils   - pdftotext/pdftoppm, used by the tests to read generated PDFs
# Installs only what is missing; needs root (or sudo) on Debian/Ubuntu. Elsewhere it says what to install.
# Safe on a fresh machine and next to other apt users: it waits up to 10 minutes for the dpkg and apt
# locks (another apt-get, unattended-upgrades), reads the package lists first (a fresh machine has none,
# an old one may list versions the mirror no longer has) and retries once with fresh lists if the install
# still fails. Exit status 1, with what to install by hand, when the packages cannot be installed.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
for extra in "$@"; do
  case "$extra" in
    postgresql) command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql) ;;
    *) dpkg -s "$extra" >/dev/null 2>&1 || need+=("$extra") ;;
  esac
done
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install: ${need[*]} (Debian package names). Image export and browser tests need them." >&2
  exit 0
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "Not root and no sudo: please install ${need[*]} (Debian package names) as root." >&2
    echo "Image export and the browser tests need them; the dashboard runs without them." >&2
    exit 0
  fi
  SUDO=(sudo)
fi
# wait for the dpkg frontend lock and the package-list lock instead of failing at once
APT=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)

update() {
  local try
  for try in 1 2 3; do
    "${APT[@]}" update -qq && return 0
    echo "apt-get update failed (try $try of 3); retrying in $((try * 10)) s" >&2
    sleep $((try * 10))
  done
  return 1
}

install() {
  "${APT[@]}" install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

echo "Installing Debian packages: ${need[*]}"
update || echo "Could not read the package lists; trying with the ones on this machine." >&2
if ! install; then
  echo "apt-get install failed; reading the package lists again and retrying once." >&2
  if ! { update && install; }; then
    echo "Could not install ${need[*]} (Debian packages). Install them by hand and run this again:" >&2
    echo "  apt-get update && apt-get install --no-install-recommends ${need[*]}" >&2
    exit 1
  fi
fi
