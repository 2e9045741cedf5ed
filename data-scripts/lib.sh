#!/usr/bin/env bash
# Shared helpers of the data scripts (sourced, not run). bash 4+, curl or wget, sha256sum or shasum.

SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_ROOT="$(cd "$SCRIPTS_DIR/.." && pwd)"
# Same default as dev.cider.ProjectPaths.shared(): $CIDER_SHARED, else ../shared beside the checkout.
SHARED_DIR="${CIDER_SHARED:-$PROJECT_ROOT/../shared}"
DATA_DIR="${CIDER_DATA_DIR:-$SHARED_DIR/data}"

info() { printf '[data] %s\n' "$*"; }
warn() { printf '[data] WARNING: %s\n' "$*" >&2; }
die() { printf '[data] ERROR: %s\n' "$*" >&2; exit 1; }

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | awk '{print $1}'
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | awk '{print $1}'
  else
    die "need sha256sum or shasum to verify downloads"
  fi
}

# download URL OUT: retries, then an atomic rename so a failed download leaves nothing behind.
# DOWNLOAD_HEADER (optional), e.g. "Authorization: Bearer $HF_TOKEN", is sent with the request.
download() {
  local url="$1" out="$2" part
  local -a hdr=()
  mkdir -p "$(dirname "$out")"
  part="$out.part"
  rm -f "$part"
  info "downloading $url"
  if command -v curl >/dev/null 2>&1; then
    [[ -n "${DOWNLOAD_HEADER:-}" ]] && hdr=(-H "$DOWNLOAD_HEADER")
    if ! curl -fL --retry 5 --retry-delay 3 --retry-connrefused --connect-timeout 30 "${hdr[@]}" -o "$part" "$url"; then
      rm -f "$part"
      return 1
    fi
  elif command -v wget >/dev/null 2>&1; then
    [[ -n "${DOWNLOAD_HEADER:-}" ]] && hdr=(--header "$DOWNLOAD_HEADER")
    if ! wget --tries=5 --waitretry=3 --timeout=30 "${hdr[@]}" -O "$part" "$url"; then
      rm -f "$part"
      return 1
    fi
  else
    die "need curl or wget"
  fi
  mv -f "$part" "$out"
}

# expected_sha KEY FILE: the recorded sha256 of KEY in a sha256sum-format FILE (empty if none).
expected_sha() {
  local key="$1" file="$2"
  [[ -f "$file" ]] || return 0
  awk -v k="$key" '$1 !~ /^#/ && $2 == k {print $1; exit}' "$file"
}

# verify_known PATH KEY: PATH must match the checksum recorded for KEY in checksums.sha256.
verify_known() {
  local path="$1" key="$2" want got
  want="$(expected_sha "$key" "$SCRIPTS_DIR/checksums.sha256")"
  [[ -n "$want" ]] || die "no checksum recorded for $key in $SCRIPTS_DIR/checksums.sha256"
  got="$(sha256_of "$path")"
  if [[ "$got" != "$want" ]]; then
    die "$path: sha256 $got, expected $want (file changed upstream or download corrupted)"
  fi
  info "ok  $key  ($got)"
}

# verify_or_record PATH KEY RECORD_FILE: trust on first use. The first run appends the sha256 of
# PATH under KEY to RECORD_FILE; later runs must match it.
verify_or_record() {
  local path="$1" key="$2" record="$3" want got
  got="$(sha256_of "$path")"
  want="$(expected_sha "$key" "$record")"
  if [[ -z "$want" ]]; then
    printf '%s  %s\n' "$got" "$key" >>"$record"
    info "recorded $key  $got  in $record (first use: nothing to compare with yet)"
  elif [[ "$got" != "$want" ]]; then
    die "$path: sha256 $got differs from the one recorded in $record ($want)"
  else
    info "ok  $key  ($got)"
  fi
}

# is_pickle PATH: a pickle (protocol 2+: first byte 0x80) or a zlib/gzip joblib file.
is_pickle() {
  local head
  head="$(od -An -tx1 -N2 "$1" | tr -d ' \n')"
  case "$head" in
    80*|1f8b|78*) return 0 ;;
    *) return 1 ;;
  esac
}
