#!/usr/bin/env bash
# What the test suite needs beyond npm packages, installed only where missing (idempotent):
# Chromium (Debian) for the browser test of the MLflow UI,
# ffmpeg/ffprobe (Debian) for video fixtures, and the cached MLflow venv for the real server.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v ffmpeg >/dev/null || ! command -v ffprobe >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "[test-deps] installing ffmpeg (apt-get)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null
  else
    echo "[test-deps] ffmpeg is missing: run 'sudo apt-get install -y ffmpeg'" >&2
    exit 1
  fi
fi
source .ci/mlflow.sh
mlflow_venv
# Chromium for the browser test of the MLflow UI (test/integration/mlflow-ui.test.ts)
bash .ci/browser.sh >/dev/null
