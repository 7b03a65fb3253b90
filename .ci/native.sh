# shellcheck shell=bash
# The native TensorFlow backend for CI and developers. Source this file (from the clone's root,
# after `npm ci`), then call the function:
#
#   . .ci/native.sh
#   native_backend        # build or reuse it; returns 1, printing why, where it cannot be built
#
# `videor1 backend install` (plugins/backend/native/install.ts) does the work: TensorFlow's C API
# from PyPI's tensorflow-cpu wheel, and tfjs-node-gpu's binding built with node-gyp against it,
# cached in ${VIDEOR1_CACHE:-$HOME/.cache/videor1} like the MLflow venv, so only the first run pays
# (~230 MB download, ~30 s); later runs reuse the build in about a second. The tensorflow parity
# tests (test/plugins/backend/) run where the build exists and are skipped, with the reason
# printed, where it does not.

native_backend() {
  local cache log status
  cache="${VIDEOR1_CACHE:-$HOME/.cache/videor1}"
  mkdir -p "$cache"
  log="$(mktemp /tmp/videor1-native.XXXXXX.log)"
  # one build at a time per cache (parallel CI jobs on one machine share it)
  ( flock 9; node bin/videor1.js backend install ) 9>"$cache/native.lock" >"$log" 2>&1
  status=$?
  if [ "$status" -eq 0 ]; then
    echo "native backend: $(tail -n 1 "$log")"
  else
    echo "native backend: not built, so the tensorflow parity tests will be skipped; reason:" >&2
    sed 's/^/  /' "$log" | tail -n 15 >&2
  fi
  rm -f "$log"
  return "$status"
}
