# Shared by scripts/setup-*.sh (sourced): install Debian packages when we can, or say why not and carry on.
# apt_install TAG PACKAGE... — root or password-less sudo, and apt-get, are needed; otherwise a note on stderr and
# return 0 (the suites needing those packages skip with a printed reason). Never fails the caller.
apt_install() {
  local tag=$1
  shift
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$tag: missing $*; no apt-get here, so the suites that need them will be skipped" >&2
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      echo "$tag: missing $*; not root, so not installing (the suites that need them will be skipped)" >&2
      return 0
    fi
  fi
  echo "$tag: installing $*"
  export DEBIAN_FRONTEND=noninteractive
  # Try without `apt-get update` first (fast when the lists are fresh), then with it.
  $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 \
    || { $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null; } \
    || echo "$tag: apt-get failed; the suites that need $* will be skipped" >&2
  return 0
}
