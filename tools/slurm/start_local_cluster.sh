#!/usr/bin/env bash
# Starts a real one-node Slurm cluster on this machine (munged, slurmctld, slurmd; Debian's slurm-wlm
# and munge), for CI and for trying `--executor slurm` on a laptop. Needs root (or sudo). Idempotent:
# a cluster already answering `sinfo` is left as it is. Usage: tools/slurm/start_local_cluster.sh [CPUS]
set -euo pipefail
sudo=$([ "$(id -u)" = 0 ] || echo sudo)
cpus=${1:-$(nproc)}
host=$(hostname -s)
if sinfo -h >/dev/null 2>&1 && [ "$(sinfo -h -o %T | head -1)" = idle ]; then
  echo "slurm: a cluster is already up ($(sinfo -h -o '%N %c CPUs %T'))"
  exit 0
fi
for tool in munged slurmctld slurmd sbatch; do
  command -v "$tool" >/dev/null || { echo "slurm: $tool is missing: apt-get install slurm-wlm munge" >&2; exit 1; }
done
memory=$(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024))
$sudo mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
# No systemd and no cgroup control in a container: track processes by parent, bind nothing.
$sudo tee /etc/slurm/slurm.conf >/dev/null <<CONF
ClusterName=fpb-local
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
[ -s /etc/munge/munge.key ] || { $sudo mungekey --create 2>/dev/null || $sudo dd if=/dev/urandom of=/etc/munge/munge.key bs=128 count=1 status=none; }
$sudo chown -R munge:munge /etc/munge /run/munge
$sudo chmod 400 /etc/munge/munge.key
pgrep -x munged >/dev/null || $sudo runuser -u munge -- munged
pgrep -x slurmctld >/dev/null || $sudo slurmctld
pgrep -x slurmd >/dev/null || $sudo slurmd
for _ in $(seq 1 30); do
  state=$(sinfo -h -o %T 2>/dev/null | head -1 || true)
  [ "$state" = idle ] && { echo "slurm: one-node cluster up: $(sinfo -h -o '%N, %c CPUs, partition %P')"; exit 0; }
  sleep 1
done
echo "slurm: the node did not come up (state '${state:-none}'); see /var/log/slurm/slurmctld.log and slurmd.log" >&2
exit 1
