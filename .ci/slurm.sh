# shellcheck shell=bash
# A real single-node Slurm on loopback for the grid integration test (test/integration/grid-slurm.test.ts).
# Source this file, then call the functions:
#
#   . .ci/slurm.sh
#   slurm_start            # install (Debian: munge, slurmctld, slurmd, slurm-client) if missing, start, export SLURM_CONF
#   npx jest test/integration/grid-slurm.test.ts
#   slurm_stop
#
# Idempotent and fast when already up: a running cluster answering `sinfo` is reused. Everything
# lives under ${VIDEOR1_SLURM_DIR:-/tmp/videor1-slurm} (config, state, logs); the config is read
# through SLURM_CONF, so /etc/slurm is left alone. ProctrackType=proctrack/linuxproc and
# TaskPlugin=task/none need no cgroups, which containers often lack. Needs root (CI runs as root).

slurm_dir() {
  printf '%s\n' "${VIDEOR1_SLURM_DIR:-/tmp/videor1-slurm}"
}

slurm_log() { printf '[slurm] %s\n' "$*" >&2; }

slurm_install() {
  if command -v sbatch >/dev/null && command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null; then return 0; fi
  slurm_log "installing munge, slurmctld, slurmd, slurm-client (apt)"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y --no-install-recommends munge slurmctld slurmd slurm-client || { apt-get update && apt-get install -y --no-install-recommends munge slurmctld slurmd slurm-client; }; } >"$(slurm_dir).apt.log" 2>&1 || {
    tail -20 "$(slurm_dir).apt.log" >&2
    return 1
  }
}

slurm_munge() {
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then return 0; fi
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    (mungekey --create --keyfile=/etc/munge/munge.key 2>/dev/null || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none)
  fi
  local owner=root
  id munge >/dev/null 2>&1 && owner=munge
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  chown -R "$owner:$owner" /etc/munge /run/munge /var/lib/munge /var/log/munge
  chmod 0700 /etc/munge /var/lib/munge /var/log/munge
  chmod 0755 /run/munge
  chmod 0400 /etc/munge/munge.key
  if [ "$owner" = munge ]; then runuser -u munge -- /usr/sbin/munged; else /usr/sbin/munged --force; fi
  for _ in $(seq 1 50); do
    munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  slurm_log "munged did not start"
  return 1
}

slurm_up() {
  [ -n "${SLURM_CONF:-}" ] && [ -f "$SLURM_CONF" ] && timeout 5 sinfo -h -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'
}

slurm_start() {
  local dir node hw
  dir="$(slurm_dir)"
  export SLURM_CONF="$dir/slurm.conf"
  if slurm_up; then slurm_log "reusing the cluster at $SLURM_CONF"; return 0; fi
  slurm_install || return 1
  slurm_munge || return 1
  mkdir -p "$dir/state" "$dir/spool" "$dir/log"
  node="$(hostname -s)"
  # this machine's sockets, cores, threads and memory as slurmd sees them
  hw="$(slurmd -C 2>/dev/null | head -1 | sed -e 's/^NodeName=[^ ]* //')"
  [ -n "$hw" ] || hw="CPUs=$(nproc)"
  cat >"$SLURM_CONF" <<CONF
ClusterName=videor1-ci
SlurmctldHost=${node}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=6817
SlurmdPort=6818
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MinJobAge=600
KillWait=10
NodeName=${node} NodeAddr=127.0.0.1 ${hw} State=UNKNOWN
PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP
CONF
  slurm_stop_daemons
  slurmctld -f "$SLURM_CONF" || { tail -20 "$dir/log/slurmctld.log" >&2; return 1; }
  slurmd -f "$SLURM_CONF" || { tail -20 "$dir/log/slurmd.log" >&2; return 1; }
  for _ in $(seq 1 60); do
    if slurm_up; then slurm_log "up: $(sinfo -h -o '%P %D %T %C' | head -1) (SLURM_CONF=$SLURM_CONF)"; return 0; fi
    scontrol update NodeName="$node" State=RESUME >/dev/null 2>&1 || true
    sleep 0.5
  done
  slurm_log "the node did not come up:"
  sinfo >&2 || true
  tail -20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2
  return 1
}

slurm_stop_daemons() {
  local dir pid f
  dir="$(slurm_dir)"
  for f in slurmd slurmctld; do
    [ -f "$dir/$f.pid" ] || continue
    pid="$(cat "$dir/$f.pid" 2>/dev/null)"
    # only our daemon: a stale pid file may name a process that reused the number
    [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$f" ] && kill "$pid" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$dir/$f.pid"
  done
}

slurm_stop() {
  [ -n "${SLURM_CONF:-}" ] && scancel --user="$(id -un)" >/dev/null 2>&1
  slurm_stop_daemons
}
