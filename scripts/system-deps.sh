#!/usr/bin/env bash
# Debian packages the project needs beyond Python:
#   chromium        - kaleido renders Plotly charts to PNG/SVG/PDF through it; Playwright drives it in the browser tests
#   fonts-noto-cjk  - Chinese text in exported images and PDFs (without it: empty boxes)
#   poppler-utils   - pdftotext/pdftoppm, used by the tests to read generated PDFs
# Installs only what is missing; needs root (or sudo) on Debian/Ubuntu. Elsewhere it says what to install.
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
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Installing Debian packages: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
