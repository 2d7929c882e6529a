#!/usr/bin/env bash
# tests/scaleout/slurm.sh KGRAPH SOURCE_DIR WORK_DIR: the Slurm recipe of
# docs/scale-out.md on a real, single-node Slurm cluster started here.
#
# The test starts munged (with a fresh key), slurmctld and slurmd in the
# foreground as its own children, from a slurm.conf generated in WORK_DIR
# (free ports, state and spool in WORK_DIR, the munge socket of this test),
# and points every Slurm command at it with SLURM_CONF.  It then
#   1. builds the example corpus in one `kgraph build` run;
#   2. runs `kgraph-scale slurm` on it with 4 shards: a job array of 4
#      `kgraph extract` tasks and a dependent merge job (`kgraph build
#      --edges`), and checks that every file of the merged folder equals
#      the single run's, byte for byte;
#   3. runs it again with a kgraph that fails on one shard, and checks that
#      Slurm cancels the merge (afterok can no longer be met), that the
#      recipe exits non-zero and that no graph is written.
# The daemons are stopped on every way out (trap EXIT), a watchdog ends the
# test after 100 s rather than let it hang, and the daemons' logs are
# printed when it fails.  Needs root (slurmd starts jobs as their user)
# and Debian's slurm-wlm and munge, which `scripts/dev test` installs; it
# skips (exit 77) without them.
set -euo pipefail
kgraph=$1 src=$2 work=$3
scale="$src/examples/scale-out/kgraph-scale"
rules=examples/nhs/rules.yaml corpus=examples/nhs/corpus

if [ "$(id -u)" -ne 0 ]; then
    echo "slurm.sh: skipped: slurmd must run as root to start jobs"
    exit 77
fi
for p in munged slurmctld slurmd sbatch sinfo squeue scancel; do
    if ! command -v "$p" >/dev/null; then
        echo "slurm.sh: skipped: $p not installed (Debian: slurm-wlm, munge)"
        exit 77
    fi
done

rm -rf "$work"
mkdir -p "$work/cluster/state" "$work/cluster/spool"
# munged refuses a socket folder others cannot traverse, and slurmd's jobs
# write their logs as root: 0711 on the way down is enough.
chmod 711 "$work" "$work/cluster"
cl="$work/cluster"
kgraph=$(realpath "$kgraph")

fail() {
    echo "slurm.sh: FAIL: $*" >&2
    exit 1
}

# ---- the cluster and its teardown ----
ctld_pid="" slurmd_pid="" munged_pid="" watchdog_pid="" job_pid=""
stop_cluster() {
    local rc=$?
    trap - EXIT INT TERM
    [ -z "$watchdog_pid" ] || kill "$watchdog_pid" 2>/dev/null || true
    [ ! -f "$work/watchdog-sleep.pid" ] || kill "$(cat "$work/watchdog-sleep.pid")" 2>/dev/null || true
    [ -z "$job_pid" ] || kill "$job_pid" 2>/dev/null || true
    # Jobs still queued or running are cancelled before the daemons go, so
    # that no slurmstepd outlives the test.
    if [ -n "$ctld_pid" ] && kill -0 "$ctld_pid" 2>/dev/null; then
        timeout 10 scancel --quiet --user=root 2>/dev/null || true
        local i
        for ((i = 0; i < 20; i++)); do
            [ -z "$(timeout 5 squeue -h 2>/dev/null)" ] && break
            sleep 0.5
        done
    fi
    local p
    for p in $slurmd_pid $ctld_pid $munged_pid; do kill "$p" 2>/dev/null || true; done
    for p in $slurmd_pid $ctld_pid $munged_pid; do wait "$p" 2>/dev/null || true; done
    if [ $rc -ne 0 ]; then
        local f
        for f in "$cl"/*.log "$cl"/*.out "$work"/*/logs/*.out; do
            [ -f "$f" ] || continue
            echo "---- $f (last 40 lines) ----" >&2
            tail -n 40 "$f" >&2
        done
    fi
    exit $rc
}
trap stop_cluster EXIT
trap 'echo "slurm.sh: stopped by a signal" >&2; exit 124' INT TERM
# A watchdog: end the test rather than hang on a scheduler that never
# starts a job.  (ctest's own TIMEOUT is longer, so that this runs first
# and the daemons are stopped.)
# The sleep holds no output of ours (ctest reads it to the end), and the
# watchdog takes it down when it is stopped itself.
(
    sleep 100 >/dev/null 2>&1 &
    s=$!
    echo $s >"$work/watchdog-sleep.pid"
    trap 'kill $s 2>/dev/null; exit 0' TERM
    wait $s
    echo "slurm.sh: timed out after 100 s" >&2
    kill -TERM $$
) &
watchdog_pid=$!

# free_port: a TCP port nobody listens on, from a range away from the
# usual services; Slurm's own are 6817 and 6818.
free_port() {
    local p
    for ((;;)); do
        p=$((20000 + RANDOM % 20000))
        [ "$p" != "${1:-}" ] || continue
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
}

dd if=/dev/urandom of="$cl/munge.key" bs=1024 count=1 2>/dev/null
chmod 600 "$cl/munge.key"
munged --foreground --force --key-file="$cl/munge.key" --socket="$cl/munge.sock" \
    --pid-file="$cl/munged.pid" --log-file="$cl/munged.log" --seed-file="$cl/munged.seed" \
    2>>"$cl/munged.log" &
munged_pid=$!

host=$(hostname -s)
ctld_port=$(free_port)
slurmd_port=$(free_port "$ctld_port")
cat >"$cl/slurm.conf" <<EOF
ClusterName=kgraphtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$cl/munge.sock
CredType=cred/munge
StateSaveLocation=$cl/state
SlurmdSpoolDir=$cl/spool
SlurmctldPidFile=$cl/slurmctld.pid
SlurmdPidFile=$cl/slurmd.pid
SlurmctldLogFile=$cl/slurmctld.log
SlurmdLogFile=$cl/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SwitchType=switch/none
ReturnToService=2
MailProg=/bin/true
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 RealMemory=2048 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=10 State=UP OverSubscribe=FORCE:2
EOF
export SLURM_CONF="$cl/slurm.conf"

# The munge socket first: slurmctld and slurmd need it from their start.
for ((i = 0; i < 100; i++)); do
    [ -S "$cl/munge.sock" ] && break
    kill -0 "$munged_pid" 2>/dev/null || fail "munged exited"
    sleep 0.1
done
[ -S "$cl/munge.sock" ] || fail "munged did not create its socket"
slurmctld -D -f "$SLURM_CONF" >"$cl/slurmctld.out" 2>&1 &
ctld_pid=$!
slurmd -D -f "$SLURM_CONF" >"$cl/slurmd.out" 2>&1 &
slurmd_pid=$!
for ((i = 0; i < 150; i++)); do
    state=$(sinfo -h -o %t 2>/dev/null || true)
    [ "$state" = idle ] && break
    kill -0 "$ctld_pid" 2>/dev/null || fail "slurmctld exited"
    kill -0 "$slurmd_pid" 2>/dev/null || fail "slurmd exited"
    sleep 0.2
done
[ "$state" = idle ] || fail "the node is not idle (state '$state')"
echo "slurm.sh: cluster up: node $host, ports $ctld_port/$slurmd_port"

# ---- 1. one run over the whole corpus ----
cd "$src"
"$kgraph" build -q -r "$rules" "$corpus" -o "$work/single"

# ---- 2. the recipe: 4 shards as a job array, then the merge job ----
# The recipe runs in the background so that the watchdog's signal can
# interrupt the wait.
"$scale" slurm -w "$work/run" -n 4 -o "$work/merged" -r "$rules" --kgraph "$kgraph" \
    --sbatch=--time=2 --sbatch=--mem=100M --wait "$corpus" &
job_pid=$!
wait "$job_pid" || fail "kgraph-scale slurm exited with $?"
job_pid=""
logs=("$work"/run/logs/extract-*_*.out)
[ ${#logs[@]} -eq 4 ] || fail "expected 4 array task logs, found ${#logs[@]}"
[ -n "$(ls "$work"/run/logs/merge-*.out)" ] || fail "no merge job log"

# The same files, each byte-identical: graph files, centrality.csv, and
# edges.jsonl (the shards in shard order).
(cd "$work/single" && ls -A) >"$work/single.ls"
(cd "$work/merged" && ls -A) >"$work/merged.ls"
cmp -s "$work/single.ls" "$work/merged.ls" ||
    fail "the merged folder holds other files: $(diff "$work/single.ls" "$work/merged.ls" | tr '\n' ' ')"
n=0
while read -r f; do
    cmp "$work/single/$f" "$work/merged/$f" || fail "$f differs from a single build's"
    n=$((n + 1))
done <"$work/single.ls"
[ $n -ge 9 ] || fail "only $n files compared"
echo "slurm.sh: 4 shards through a Slurm job array: all $n files equal a single build's"

# ---- 3. a task fails: the merge must not run ----
cat >"$work/failing-kgraph" <<EOF
#!/bin/sh
# kgraph, except that extracting shard 2 fails, as a node might.
case "\$*" in *shard-0002.jsonl*) echo "failing-kgraph: shard 2 fails on purpose" >&2; exit 1 ;; esac
exec "$kgraph" "\$@"
EOF
chmod +x "$work/failing-kgraph"
set +e
"$scale" slurm -w "$work/run-fail" -n 4 -o "$work/merged-fail" -r "$rules" \
    --kgraph "$work/failing-kgraph" --sbatch=--time=2 --sbatch=--mem=100M --wait "$corpus" \
    2>"$work/run-fail.err" &
job_pid=$!
wait "$job_pid"
rc=$?
job_pid=""
set -e
[ $rc -ne 0 ] || fail "the recipe succeeded although shard 2 failed"
[ ! -e "$work/merged-fail" ] || fail "a graph was written although shard 2 failed"
grep -q "did not succeed" "$work/run-fail.err" || fail "no message: $(cat "$work/run-fail.err")"
[ -z "$(ls "$work"/run-fail/logs/merge-*.out 2>/dev/null)" ] || fail "the merge job ran"
echo "slurm.sh: a failed array task cancels the merge (exit $rc), no graph written"
