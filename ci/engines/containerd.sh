#!/bin/sh
# containerd end to end on an OCI runtime: ci/engines/containerd.sh [RUNTIME]
# (default jailrun), through ctr and the runc v2 shim (`--runc-binary`).
#
# Runs as root, without stdin or a registry: starts a private containerd (its own
# root, state, socket and config; no systemd), imports a static busybox image
# built here as an OCI layout, then run (output, exit status), task exec (output,
# exit status), task ps, pause/resume, kill (SIGTERM reaches the container, the
# exit status comes back), rm -f of a running task; then checks that nothing is
# left (tasks, containers, runtime state, mounts, processes) and stops containerd.
ENGINE=containerd
cd "$(dirname "$0")/../.."
. ci/engines/lib.sh
resolve_runtime "${1:-jailrun}"
need containerd containerd
need busybox busybox-static

SOCK=$WORK/containerd.sock
cat >"$WORK/config.toml" <<EOF
version = 2
root = "$WORK/root"
state = "$WORK/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$SOCK"
[plugins."io.containerd.internal.v1.opt"]
  path = "$WORK/opt"
EOF

containerd_pid=
cleanup() {
    if [ -n "$containerd_pid" ]; then
        for t in $(c task ls -q 2>/dev/null); do c task rm -f "$t" >/dev/null 2>&1 || true; done
        for t in $(c containers ls -q 2>/dev/null); do c containers rm "$t" >/dev/null 2>&1 || true; done
        kill "$containerd_pid" 2>/dev/null || true
        wait "$containerd_pid" 2>/dev/null || true
    fi
    if ! grep -q " $WORK" /proc/self/mountinfo; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

c() { ctr --address "$SOCK" "$@" </dev/null; }
# --cpu-shares 0 keeps linux.resources.cpu out of the config (ctr sets 1024 by
# default; jailrun does no cgroup work and refuses it).
RUNC="--runc-binary $RUNTIME --runc-root $WORK/runtime-state --fifo-dir $WORK/fifo --cpu-shares 0"

step "starting containerd"
containerd --config "$WORK/config.toml" >"$WORK/containerd.log" 2>&1 &
containerd_pid=$!
wait_for 30 "containerd answering on $SOCK" c version

step "importing a busybox image"
busybox_rootfs_tar "$WORK/bb.tar"
oci_archive "$WORK/bb.tar" "$WORK/bb-oci.tar"
c images import --base-name localhost/jailrun-bb "$WORK/bb-oci.tar" >/dev/null
IMG=localhost/jailrun-bb:1

step "run: output and exit status"
set +e
out=$(c run --rm $RUNC "$IMG" e2e-run /bin/sh -c 'echo hello; exit 3')
rc=$?
set -e
expect_eq "$rc" 3 "exit status of ctr run"
expect_eq "$out" hello "output of ctr run"

step "run, task exec, task ps"
# Not detached: this ctr run ends with the task's exit status.
c run --rm $RUNC "$IMG" e2e /bin/sh -c 'trap "exit 7" TERM; sleep 1000 & wait' >"$WORK/e2e.out" 2>&1 &
runner=$!
wait_for 30 "task e2e running" sh -c "ctr --address '$SOCK' task ls | grep -q '^e2e .*RUNNING'"
expect_eq "$(c task exec --exec-id x1 e2e /bin/sh -c 'echo $((6 * 7))')" 42 "task exec output"
set +e
c task exec --exec-id x2 e2e /bin/sh -c 'exit 5'
rc=$?
set -e
expect_eq "$rc" 5 "exit status of task exec"
init=$(c task ls | awk '$1 == "e2e" { print $2 }')
pids=$(c task ps e2e | awk 'NR > 1 { print $1 }' | sort -n | tr '\n' ' ')
case " $pids" in *" $init "*) ;; *) fail "task ps lists '$pids', not the init $init" ;; esac
[ "$(echo $pids | wc -w)" -ge 2 ] || fail "task ps lists '$pids', not the init and its sleep"

step "pause, resume"
c task pause e2e
expect_eq "$(c task ls | awk '$1 == "e2e" { print $3 }')" PAUSED "status after pause"
c task resume e2e
expect_eq "$(c task ls | awk '$1 == "e2e" { print $3 }')" RUNNING "status after resume"
expect_eq "$(c task exec --exec-id x3 e2e /bin/echo resumed)" resumed "exec after resume"

step "kill (SIGTERM), the exit status"
c task kill e2e
set +e
wait "$runner"
rc=$?
set -e
expect_eq "$rc" 7 "exit status after SIGTERM (the trap exits 7)"

step "rm -f of a running task"
c run -d $RUNC "$IMG" e2e-rm /bin/sleep 1000 >/dev/null
c task rm -f e2e-rm >/dev/null
c containers rm e2e-rm

step "nothing left"
expect_eq "$(c task ls -q)" "" "tasks left"
expect_eq "$(c containers ls -q)" "" "containers left"
left=$(find "$WORK/runtime-state" -mindepth 2 2>/dev/null || true)
expect_eq "$left" "" "runtime state left"
kill "$containerd_pid"
wait "$containerd_pid" || true
containerd_pid=
nothing_left_under_work
finish
