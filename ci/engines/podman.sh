#!/bin/sh
# podman end to end on an OCI runtime: ci/engines/podman.sh [RUNTIME]  (default jailrun)
#
# Runs as root, without stdin or a registry: imports a static busybox root as an
# image, then run (output, exit status), exec (args, env, cwd, user, exit status,
# -t), stop (SIGTERM reaches the container), start again, rm -f; then checks that
# nothing is left: no container, no runtime state, no mount, no process.
# Storage, podman's state and networks live in a private directory; the project's
# containers.conf keeps out the Linux settings jailrun refuses.
ENGINE=podman
cd "$(dirname "$0")/../.."
. ci/engines/lib.sh
resolve_runtime "${1:-jailrun}"
need podman podman
need busybox busybox-static

# The runtime's default state root (podman's cleanup process passes no --root).
case "$(basename "$RUNTIME")" in
    runc) STATE_ROOT=/run/runc ;;
    *) STATE_ROOT=/run/$(basename "$RUNTIME") ;;
esac
[ -d "$STATE_ROOT" ] && made_state_root=no || made_state_root=yes

export CONTAINERS_CONF="$(pwd)/ci/engines/containers.conf"
pm() {
    podman --root "$WORK/storage" --runroot "$WORK/run" --tmpdir "$WORK/libpod" \
        --storage-driver vfs --events-backend file --network-config-dir "$WORK/net" \
        --cgroup-manager cgroupfs --runtime "$RUNTIME" "$@" </dev/null
}

cleanup() {
    pm rm -fa >/dev/null 2>&1 || true
    pm rmi -fa >/dev/null 2>&1 || true
    if [ "$made_state_root" = yes ]; then rmdir "$STATE_ROOT" 2>/dev/null || true; fi
    if ! grep -q " $WORK" /proc/self/mountinfo; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

step "importing a busybox image"
busybox_rootfs_tar "$WORK/bb.tar"
pm import -q "$WORK/bb.tar" localhost/jailrun-bb:1 >/dev/null
IMG=localhost/jailrun-bb:1

step "run: output and exit status"
set +e
out=$(pm run --rm --name e2e-run "$IMG" /bin/sh -c 'echo hello from $(hostname); exit 3')
rc=$?
set -e
expect_eq "$rc" 3 "exit status of podman run"
case "$out" in "hello from "?*) ;; *) fail "podman run printed '$out'" ;; esac

step "run -d, exec"
pm run -d --name e2e "$IMG" /bin/sh -c 'trap "exit 7" TERM; sleep 1000 & wait' >/dev/null
expect_eq "$(pm inspect -f '{{.State.Status}}' e2e)" running "status after run -d"
expect_eq "$(pm exec e2e /bin/sh -c 'echo $((6 * 7))')" 42 "exec output"
expect_eq "$(pm exec -e GREETING=hi -w /tmp -u 1000:1001 e2e /bin/sh -c 'echo $GREETING $(pwd) $(id -u):$(id -g)')" \
    "hi /tmp 1000:1001" "exec env, cwd and user"
set +e
pm exec e2e /bin/sh -c 'exit 5'
rc=$?
set -e
expect_eq "$rc" 5 "exit status of podman exec"
tty=$(pm exec -t e2e /bin/sh -c 'test -t 0 && test -t 1 && echo tty' | tr -d '\r')
expect_eq "$tty" tty "exec -t gives the process a terminal"

step "stop (SIGTERM), start, rm -f"
pm stop -t 30 e2e >/dev/null
expect_eq "$(pm inspect -f '{{.State.Status}} {{.State.ExitCode}}' e2e)" "exited 7" \
    "state after stop (the trap exits 7 on SIGTERM)"
pm start e2e >/dev/null
expect_eq "$(pm inspect -f '{{.State.Status}}' e2e)" running "status after start"
expect_eq "$(pm exec e2e /bin/echo again)" again "exec after restart"
pm rm -f e2e >/dev/null

step "nothing left"
expect_eq "$(pm ps -aq)" "" "containers left"
left=$(ls -A "$STATE_ROOT" 2>/dev/null || true)
expect_eq "$left" "" "runtime state left in $STATE_ROOT"
nothing_left_under_work
finish
