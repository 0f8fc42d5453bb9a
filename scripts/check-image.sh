#!/usr/bin/env bash
# Builds the add-on image from our Dockerfile for this machine's architecture and runs it as the
# Supervisor would, then checks what a user depends on (see test/image/addon-image.check.ts).
# No Docker engine here: buildah builds (as root, chroot isolation) and scripts/image/run-container.sh
# runs the image in its own namespaces. The Dockerfile's base image cannot be pulled here, so a
# stand-in made from Debian's archive is tagged with its exact name (scripts/image/stand-in-base.sh).
# Needs root, buildah, debootstrap, util-linux (unshare, nsenter), iproute2, mosquitto, strace and
# apparmor (its parser).
# Caches under $HOME_PATTERNS_CACHE (default /var/cache/home-patterns): the stand-in for a week and
# buildah's layers, so a second run rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "[check-image] $*"; }
fail() { echo "[check-image] $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "must run as root (buildah builds and the container's namespaces need it)"
for tool in buildah debootstrap unshare nsenter ip mosquitto apparmor_parser strace; do
  command -v "$tool" > /dev/null || [ -x "/usr/sbin/$tool" ] \
    || fail "$tool is missing: apt-get install buildah debootstrap iproute2 mosquitto apparmor strace"
done

cache=${HOME_PATTERNS_CACHE:-/var/cache/home-patterns}
max_image_mb=${MAX_IMAGE_MB:-450}
mkdir -p "$cache"
# overlay keeps each layer a diff (fast, small); vfs, which copies whole layers, where it is missing.
driver=vfs
grep -qw overlay /proc/filesystems && driver=overlay
export BUILDAH="buildah --root $cache/containers-$driver --runroot /run/home-patterns/containers --storage-driver $driver"

# Old layers pile up as the sources change (a few MB a run, more when dependencies change):
# start over past 20 GB.
if [ -d "$cache/containers-$driver" ] && [ "$(du -sm "$cache/containers-$driver" | cut -f1)" -gt 20000 ]; then
  say "layer cache over 20 GB: removing it"
  $BUILDAH rm --all > /dev/null 2>&1 || true
  $BUILDAH rmi --all --force > /dev/null 2>&1 || true
  rm -rf "$cache/containers-$driver" "$cache"/stand-in-*.state
fi

case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64) arch=aarch64 ;;
  *) fail "unsupported architecture $(uname -m): config.yaml lists amd64 and aarch64" ;;
esac
base=$(sed -n 's/^ARG BUILD_FROM=//p' Dockerfile)
[ -n "$base" ] || fail "the Dockerfile has no ARG BUILD_FROM default"
version=$(sed -n 's/^version: "\(.*\)"$/\1/p' config.yaml)
image=localhost/home-patterns:check

started=$(date +%s)
BUILDAH=$BUILDAH scripts/image/stand-in-base.sh "$base" "$cache"

# The Supervisor builds with BUILD_VERSION and BUILD_ARCH and the Dockerfile's own base. This
# sandbox reaches the npm registry through a TLS proxy whose certificate only the host trusts,
# so RUN steps see the host's CA bundle (bound in for the build, never part of a layer).
ca_bundle=()
[ -f /etc/ssl/certs/ca-certificates.crt ] \
  && ca_bundle=(--volume /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro)
say "building $image ($arch, version $version) on $base"
build_started=$(date +%s)
$BUILDAH build --isolation chroot --layers --format docker --pull=never \
  --build-arg "BUILD_ARCH=$arch" --build-arg "BUILD_VERSION=$version" \
  "${ca_bundle[@]}" --tag "$image" --file Dockerfile . > "$cache/last-build.log" 2>&1 \
  || { tail -40 "$cache/last-build.log" >&2; fail "the image did not build (log: $cache/last-build.log)"; }
build_seconds=$(($(date +%s) - build_started))
# No pruning: the build stage's layers (Debian's compilers, the compiled npm dependencies) are
# untagged, and they are the cache that makes the next run fast. The 20 GB limit above bounds it.

# The size Docker reports: the layers, uncompressed, base included ("429 MB" -> 429).
size_mb=$($BUILDAH images --json "$image" | node -e '
  const [n, unit] = JSON.parse(require("fs").readFileSync(0, "utf8"))[0].size.split(" ");
  console.log(Math.round(Number(n) * { kB: 0.001, MB: 1, GB: 1000 }[unit]));
')
say "image $image: $size_mb MB, built in ${build_seconds} s"

# AppArmor: the Supervisor loads apparmor.txt, renamed after the add-on, where the host kernel has
# AppArmor. Here it is compiled in any case, and enforced on the container when the kernel can.
[ "$(grep -c '^profile ' apparmor.txt)" = 1 ] || fail "apparmor.txt must hold exactly one profile"
profile=$(sed -n 's/^profile \([^ ]*\) .*/\1/p' apparmor.txt)
aa_out=$(apparmor_parser --skip-kernel-load --skip-cache apparmor.txt 2>&1) \
  || fail "apparmor.txt does not compile: $aa_out"
if [ "$(cat /sys/module/apparmor/parameters/enabled 2> /dev/null)" = Y ]; then
  apparmor_parser --replace --skip-cache apparmor.txt
  export APPARMOR_PROFILE=$profile
  apparmor="enforced on the container (profile $profile)"
else
  apparmor="compiled and audited against an strace of the service, not enforced: this kernel has no AppArmor"
fi
say "AppArmor: $apparmor"

# The Supervisor's network as the container sees it, in a namespace of our own: the Supervisor
# at 172.30.32.2 (also the ingress proxy's address) and the add-on at 172.30.33.1.
netns=home-patterns-check-$$
ip netns add "$netns"
trap 'ip netns delete "$netns" 2> /dev/null || true' EXIT
ip -n "$netns" link set lo up
ip -n "$netns" addr add 172.30.32.2/32 dev lo
ip -n "$netns" addr add 172.30.33.1/32 dev lo

HP_IMAGE=$image ip netns exec "$netns" npx vitest run --config test/image/vitest.config.ts

[ "$size_mb" -le "$max_image_mb" ] || fail "the image is $size_mb MB, over the $max_image_mb MB we promise in DOCS.md"
say "passed: image $size_mb MB, build ${build_seconds} s, whole check $(($(date +%s) - started)) s; AppArmor $apparmor"
