#!/usr/bin/env bash
# Makes a local stand-in for Home Assistant's Debian base image, which cannot be pulled here.
# Usage: stand-in-base.sh IMAGE_NAME STATE_DIR  (BUILDAH holds the buildah command and storage flags)
# The real ghcr.io/home-assistant/base-debian:trixie is debian:trixie-slim plus bash, jq, tzdata,
# curl, ca-certificates and xz-utils, with s6-overlay, bashio and tempio on top. The stand-in has
# the same Debian release and packages, made by debootstrap from Debian's signed archive; it lacks
# s6-overlay, bashio and tempio (their downloads are unreachable here), which our image does not
# use: tini is its entrypoint. It is kept in buildah's storage and made again when this recipe
# changes or after a week, so Debian's updates reach the image that is checked.
set -euo pipefail

image=${1:?usage: stand-in-base.sh IMAGE_NAME STATE_DIR}
state_dir=${2:?usage: stand-in-base.sh IMAGE_NAME STATE_DIR}
buildah=${BUILDAH:?BUILDAH must hold the buildah command with its storage flags}
max_age_days=${STAND_IN_MAX_AGE_DAYS:-7}
suite=trixie
packages=bash,jq,tzdata,curl,ca-certificates,xz-utils
mirror=http://deb.debian.org/debian
arch=$(dpkg --print-architecture)
recipe=$(printf '%s\n' "$suite" "$packages" "$mirror" "$arch" "$(sha256sum "$0")" | sha256sum | cut -c1-16)

# The state file names the recipe and the image it made; the image must still be in the storage.
state=$state_dir/stand-in-$arch.state
if [ -f "$state" ]; then
  read -r made_recipe made_id made_at < "$state" || true
  current_id=$($buildah inspect --type image --format '{{.FromImageID}}' "$image" 2>/dev/null || true)
  age_days=$((($(date +%s) - ${made_at:-0}) / 86400))
  if [ "$made_recipe" = "$recipe" ] && [ "$current_id" = "$made_id" ] && [ "$age_days" -lt "$max_age_days" ]; then
    echo "stand-in base $image: cached (recipe $recipe, $age_days days old)"
    exit 0
  fi
  echo "stand-in base $image: remaking (recipe $made_recipe -> $recipe, $age_days days old)"
fi

work=$(mktemp -d /var/tmp/home-patterns-stand-in.XXXXXX)
container=""
cleanup() {
  [ -n "$container" ] && $buildah rm "$container" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "stand-in base $image: debootstrap $suite ($arch) with $packages"
debootstrap --variant=minbase --arch="$arch" --include="$packages" "$suite" "$work/rootfs" "$mirror" \
  > "$work/debootstrap.log" 2>&1 || { tail -30 "$work/debootstrap.log" >&2; exit 1; }

rootfs=$work/rootfs
# As in Debian's official images: the release, its updates and security updates, signed.
rm -f "$rootfs/etc/apt/sources.list"
cat > "$rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
# As in the -slim images the real base starts from: no manuals, docs or translations installed later.
cat > "$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
DPKG
# As in Debian's official images: apt keeps neither downloaded packages nor its caches.
cat > "$rootfs/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/* "$rootfs"/var/log/*.log
: > "$rootfs/etc/resolv.conf"

container=$($buildah from --format docker scratch)
mountpoint=$($buildah mount "$container")
tar -C "$rootfs" -cf - . | tar -C "$mountpoint" -xpf -
$buildah umount "$container" > /dev/null
# The real base's configuration, less s6-overlay's variables and its /init entrypoint.
$buildah config \
  --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env LANG=C.UTF-8 \
  --env DEBIAN_FRONTEND=noninteractive \
  --env CURL_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt \
  --shell '/bin/bash -o pipefail -c' \
  --cmd /bin/bash \
  --label io.hass.type=base \
  --label io.hass.base.name=debian \
  "$container"
$buildah commit --quiet --format docker --rm "$container" "$image" > /dev/null
container=""
mkdir -p "$state_dir"
echo "$recipe $($buildah inspect --type image --format '{{.FromImageID}}' "$image") $(date +%s)" > "$state"
echo "stand-in base $image: made (recipe $recipe)"
