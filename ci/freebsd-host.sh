#!/bin/sh
# Prepares a FreeBSD host for the suite, as root: sh ci/freebsd-host.sh
# Installs Rust from packages when cargo is missing, loads the kernel modules the
# tests need and checks for a VIMAGE kernel and devfs ruleset 4. Says what it did;
# exits 1 when something the tests need is missing. Used by ci/freebsd-ci.sh and
# the reusable workflow .github/workflows/freebsd-runtime.yml.
set -u

# The kernel modules the FreeBSD tests need (harness::host_needs names the same):
# if_epair for vnet peers, pf for /dev/pf (freebsd.devices), tmpfs for the
# allow.mount.tmpfs jail parameter, sysv* for the sysv* jail parameters. nullfs,
# fdescfs and procfs are loaded too: mount(2) would load them itself
# (vfs_byname_kld), loading them first only makes the log show they exist.
MODULES="if_epair pf tmpfs nullfs fdescfs procfs sysvmsg sysvsem sysvshm"

prepare_host() {
    ok=0
    echo "host: $(uname -srm), $(freebsd-version -ku 2>/dev/null | tr '\n' ' ')"
    if ! command -v cargo >/dev/null 2>&1; then
        env ASSUME_ALWAYS_YES=yes pkg install -y rust || ok=1
    fi
    command -v cargo >/dev/null 2>&1 && cargo --version
    for mod in $MODULES; do
        if kldstat -q -m "$mod"; then
            echo "module $mod: present"
        elif kldload "$mod"; then
            echo "module $mod: loaded now"
        else
            echo "module $mod: MISSING (kldload $mod failed)"
            ok=1
        fi
    done
    # vnet jails need a VIMAGE kernel (kern.features.vimage, sys/net/vnet.c).
    if [ "$(sysctl -n -i kern.features.vimage)" = 1 ]; then
        echo "kernel feature vimage: present"
    else
        echo "kernel feature vimage: MISSING (the vnet tests will be skipped)"
        ok=1
    fi
    # devfs ruleset 4 (devfsrules_jail) is loaded at boot by rc.d/devfs.
    if ! devfs rule -s 4 show | grep -q .; then
        service devfs restart
    fi
    if devfs rule -s 4 show | grep -q .; then
        echo "devfs ruleset 4: present"
    else
        echo "devfs ruleset 4: MISSING (service devfs restart did not load it)"
        ok=1
    fi
    return "$ok"
}

prepare_host
