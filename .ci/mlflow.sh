# shellcheck shell=bash
# MLflow helpers for CI and for developers (docs/mlflow.md §2). Source this file, then call the functions:
#
#   . .ci/mlflow.sh
#   mlflow_venv                      # create/reuse the venv (cached outside the clone)
#   mlflow_start "$RUNNER_TEMP/mlflow"   # start a server, export MLFLOW_TRACKING_URI
#   npx jest test/integration
#   mlflow_stop
#
# The venv lives at ${VIDEOR1_MLFLOW_VENV:-$HOME/.cache/videor1/mlflow-venv}, so later runs (and
# `videor1 mlflow up`, and test/support/mlflow-server.ts) reuse it. It is rebuilt only when missing,
# half-built, or holding another MLflow version than the pinned one.

# Pinned MLflow server version: the newest 3.x pip could fully install here (3.18.0 was listed but
# its mlflow-skinny==3.18.0 was not on the index yet).
VIDEOR1_MLFLOW_VERSION="${VIDEOR1_MLFLOW_VERSION:-3.17.2}"

mlflow_venv_dir() {
  printf '%s\n' "${VIDEOR1_MLFLOW_VENV:-$HOME/.cache/videor1/mlflow-venv}"
}

# Print the MLflow version installed in the venv, or nothing.
mlflow_venv_version() {
  local venv
  venv="$(mlflow_venv_dir)"
  [ -f "$venv/.videor1-ready" ] && [ -x "$venv/bin/python" ] || return 0
  "$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("mlflow"))' 2>/dev/null || true
}

# Create the venv with the pinned MLflow if it is missing or differs. Safe to call concurrently.
mlflow_venv() {
  local venv python have
  venv="$(mlflow_venv_dir)"
  python="${VIDEOR1_PYTHON:-python3}"
  mkdir -p "$(dirname "$venv")"
  (
    flock 9
    have="$(mlflow_venv_version)"
    if [ "$have" = "$VIDEOR1_MLFLOW_VERSION" ]; then
      echo "mlflow venv: $venv (mlflow $have, reused)"
      exit 0
    fi
    echo "mlflow venv: creating $venv with mlflow==$VIDEOR1_MLFLOW_VERSION (found: ${have:-none})"
    rm -rf "$venv"
    "$python" -m venv "$venv" || exit 1
    "$venv/bin/python" -m pip install --quiet --upgrade pip || exit 1
    "$venv/bin/python" -m pip install --quiet "mlflow==$VIDEOR1_MLFLOW_VERSION" || exit 1
    touch "$venv/.videor1-ready"
    echo "mlflow venv: ready ($(du -sh "$venv" | cut -f1))"
  ) 9>"$venv.lock"
}

# A free TCP port on 127.0.0.1.
mlflow_free_port() {
  "$(mlflow_venv_dir)/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Start a server on a SQLite store in <dir> (created), wait for /health (up to ~120 s), and export
# MLFLOW_TRACKING_URI and MLFLOW_SERVER_PID. The server runs in its own process group.
mlflow_start() {
  local dir="${1:?usage: mlflow_start <dir>}" venv port i
  venv="$(mlflow_venv_dir)"
  if [ ! -x "$venv/bin/mlflow" ]; then
    echo "mlflow_start: no venv at $venv; run mlflow_venv first" >&2
    return 1
  fi
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  port="$(mlflow_free_port)"
  # The job runner (huey workers for GenAI jobs) is not needed for tracking; keep the server light.
  MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false setsid "$venv/bin/mlflow" server --host 127.0.0.1 --port "$port" --workers 1 \
    --backend-store-uri "sqlite:///$dir/mlflow.db" --artifacts-destination "$dir/mlartifacts" \
    >"$dir/server.log" 2>&1 </dev/null &
  MLFLOW_SERVER_PID=$!
  export MLFLOW_SERVER_PID
  # up to 5 min: its first start creates the database (alembic migrations), slow on a loaded 2-core machine
  for i in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
      export MLFLOW_TRACKING_URI="http://127.0.0.1:$port"
      echo "mlflow server: $MLFLOW_TRACKING_URI (pid $MLFLOW_SERVER_PID, ${i}x0.5 s, log $dir/server.log)"
      return 0
    fi
    if ! kill -0 "$MLFLOW_SERVER_PID" 2>/dev/null; then break; fi
    sleep 0.5
  done
  echo "mlflow_start: server did not become healthy; last log lines:" >&2
  tail -n 30 "$dir/server.log" >&2
  mlflow_stop
  return 1
}

# Stop the server started by mlflow_start (its whole process group).
mlflow_stop() {
  [ -n "${MLFLOW_SERVER_PID:-}" ] || return 0
  kill -TERM -- "-$MLFLOW_SERVER_PID" 2>/dev/null || kill -TERM "$MLFLOW_SERVER_PID" 2>/dev/null || true
  wait "$MLFLOW_SERVER_PID" 2>/dev/null || true
  unset MLFLOW_SERVER_PID MLFLOW_TRACKING_URI
}
