#!/usr/bin/env bash
# Debian's Chromium for the browser test (test/integration/mlflow-ui.test.ts, driven by
# playwright-core, which ships no browser of its own). Installed only where missing; prints its path.
set -euo pipefail
for c in "${VIDEOR1_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$c" ] && [ -x "$c" ]; then echo "chromium: $c"; exit 0; fi
done
if [ "$(id -u)" = 0 ]; then
  echo "[browser] installing chromium (apt-get)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  echo "chromium: /usr/bin/chromium"
else
  echo "[browser] chromium is missing: run 'sudo apt-get install -y chromium' (or set VIDEOR1_CHROMIUM)" >&2
  exit 1
fi
