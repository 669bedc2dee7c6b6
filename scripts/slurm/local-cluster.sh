#!/usr/bin/env bash
# A real two-node Slurm cluster on this machine, for CI (recipe: ../shared/SLURM.md, Debian 12
# slurm-wlm 22.05, no systemd): munged, slurmctld and two slurmd (node0, node1) on 127.0.0.1.
#   local-cluster.sh install | start | stop
# Needs root. Every wait is bounded; start fails (exit 1) when the nodes are not idle in 30 s.
set -euo pipefail
cmd=${1:?usage: $0 install|start|stop}

install_slurm() {
  command -v slurmctld >/dev/null && command -v munged >/dev/null && return 0
  apt-get -o DPkg::Lock::Timeout=900 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends slurm-wlm >/dev/null
}

write_conf() {
  mkdir -p /etc/slurm
  cat > /etc/slurm/slurm.conf <<'CONF'
ClusterName=ctsieve
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
MpiDefault=none
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd/%n
SlurmdPidFile=/run/slurmd-%n.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd-%n.log
NodeName=node[0-1] NodeAddr=127.0.0.1 Port=[17001-17002] CPUs=2 RealMemory=2000 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
}

kill_pidfile() {
  local f=$1
  [ -f "$f" ] || return 0
  local pid
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$f"
}

stop() {
  for f in /run/slurmd-node*.pid; do kill_pidfile "$f"; done
  kill_pidfile /run/slurmctld.pid
  kill_pidfile /run/munge/munged.pid
}

start() {
  stop
  write_conf
  mkdir -p /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
  # A drained node stays drained across restarts: start from empty state.
  rm -rf /var/spool/slurmctld/* /var/spool/slurmd/*
  chown munge:munge /run/munge
  su -s /bin/sh munge -c /usr/sbin/munged
  slurmctld
  slurmd -N node0
  slurmd -N node1
  for _ in $(seq 1 300); do
    if [ "$(sinfo -h -N -o %t 2>/dev/null | grep -c '^idle')" = 2 ]; then echo "slurm: node0 and node1 idle"; return 0; fi
    sleep 0.1
  done
  echo "slurm: nodes not idle after 30 s:" >&2
  sinfo -N >&2 || true
  tail -20 /var/log/slurm/slurmctld.log >&2 || true
  return 1
}

case $cmd in
  install) install_slurm ;;
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
