#!/usr/bin/env bash
# Runs a built image the way Docker runs an add-on for the Supervisor, without a Docker engine:
# the image's own entrypoint, command, environment and working directory, as PID 1 of new PID,
# mount, UTS and IPC namespaces, in a root made from the image, with /data bound to DATA_DIR.
# The network namespace is the caller's (the image check makes one with the Supervisor's address).
# Usage: run-container.sh IMAGE DATA_DIR PID_FILE [NAME=VALUE ...]
#   PID_FILE receives the host PID of the container's PID 1 (what `docker stop` signals);
#   NAME=VALUE pairs are added to the container's environment (SUPERVISOR_TOKEN, ...).
#   APPARMOR_PROFILE, when set, confines the entrypoint to that loaded profile, as Docker does.
#   TRACE_FILE, when set, receives strace's record of every file the container opens or runs.
# Exits with the container's exit code. BUILDAH holds the buildah command and storage flags.
set -euo pipefail

image=${1:?usage: run-container.sh IMAGE DATA_DIR PID_FILE [NAME=VALUE ...]}
data_dir=$(realpath "${2:?DATA_DIR}")
pid_file=${3:?PID_FILE}
shift 3
buildah=${BUILDAH:?BUILDAH must hold the buildah command with its storage flags}

container=$($buildah from --pull-never "$image")
root=$($buildah mount "$container")
etc=$(mktemp -d /tmp/home-patterns-container-etc.XXXXXX)
cleanup() {
  $buildah umount "$container" > /dev/null 2>&1 || true
  $buildah rm "$container" > /dev/null 2>&1 || true
  rm -rf "$etc"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# The image's configuration as Docker would read it, one word (or NAME=VALUE) per line.
config=$($buildah inspect --type image "$image" | node -e 'console.log(JSON.stringify(JSON.parse(require("fs").readFileSync(0, "utf8")).Docker.config))')
mapfile -t argv < <(node -e '
  const c = JSON.parse(process.argv[1]);
  for (const word of [...(c.Entrypoint ?? []), ...(c.Cmd ?? [])]) console.log(word);
' "$config")
mapfile -t env < <(node -e '
  const c = JSON.parse(process.argv[1]);
  for (const pair of c.Env ?? []) console.log(pair);
' "$config")
workdir=$(node -e 'console.log(JSON.parse(process.argv[1]).WorkingDir || "/")' "$config")
env+=("HOSTNAME=home-patterns-check" "$@")

# Docker writes these three files for each container; the Supervisor adds its own name to hosts.
printf '127.0.0.1\tlocalhost\n172.30.32.2\tsupervisor hassio\n172.30.33.1\thome-patterns-check\n' > "$etc/hosts"
echo home-patterns-check > "$etc/hostname"
: > "$etc/resolv.conf"
mkdir -p "$root/data"

# Inside the new namespaces: a fresh /proc for the PID namespace, a small /dev as Docker makes
# it, read-only /sys, then chroot and exec, so the image's entrypoint becomes PID 1.
unshare --mount --pid --fork --uts --ipc --kill-child --propagation private -- \
  /bin/bash -c '
    set -e
    root=$1 data=$2 etc=$3 workdir=$4 profile=$5
    shift 5
    # Wait for the go-ahead: a tracer attaches before anything of the image runs.
    while [ ! -e "$etc/go" ]; do sleep 0.02; done
    hostname home-patterns-check
    mount -t proc proc "$root/proc"
    mount -t sysfs -o ro sysfs "$root/sys"
    mount -t tmpfs -o nosuid,mode=755 tmpfs "$root/dev"
    for node in null zero full random urandom tty; do
      touch "$root/dev/$node"
      mount --bind "/dev/$node" "$root/dev/$node"
    done
    mkdir "$root/dev/shm" "$root/dev/pts"
    mount -t tmpfs -o nosuid,nodev tmpfs "$root/dev/shm"
    ln -s /proc/self/fd "$root/dev/fd"
    ln -s /proc/self/fd/0 "$root/dev/stdin"
    ln -s /proc/self/fd/1 "$root/dev/stdout"
    ln -s /proc/self/fd/2 "$root/dev/stderr"
    mount --bind "$data" "$root/data"
    for f in hosts hostname resolv.conf; do mount --bind "$etc/$f" "$root/etc/$f"; done
    n=$1
    shift
    # With a profile, the kernel confines the entrypoint from its exec on, as runc does.
    exec chroot "$root" /usr/bin/env -i "${@:1:$n}" /bin/sh -c "
      cd \"\$0\" || exit 1
      if [ -n \"$profile\" ]; then echo \"exec $profile\" > /proc/self/attr/exec || exit 1; fi
      exec \"\$@\"" "$workdir" "${@:$((n + 1))}"
  ' run "$root" "$data_dir" "$etc" "$workdir" "${APPARMOR_PROFILE:-}" "${#env[@]}" "${env[@]}" "${argv[@]}" &
unshare_pid=$!
# Stopping this script stops the container: unshare --kill-child takes PID 1 down with it.
trap 'kill "$unshare_pid" 2> /dev/null || true' TERM INT

# The forked child of unshare is the container's PID 1 once it has exec'd the entrypoint.
for _ in $(seq 100); do
  pid1=$(ps -o pid= --ppid "$unshare_pid" | tr -d ' ' || true)
  [ -n "$pid1" ] && break
  sleep 0.05
done
if [ -n "${TRACE_FILE:-}" ]; then
  strace -f -qq -s 512 -o "$TRACE_FILE" -p "$pid1" \
    -e trace=execve,open,openat,creat,mkdir,mkdirat,unlink,unlinkat,rename,renameat,renameat2,link,linkat,chroot &
  until [ -e "$TRACE_FILE" ]; do sleep 0.02; done
  sleep 0.3
fi
touch "$etc/go"
echo "$pid1" > "$pid_file"
status=0
wait "$unshare_pid" || status=$?
exit "$status"
