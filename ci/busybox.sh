#!/bin/bash
# ci/busybox.sh TARGET: print the path of a static busybox for TARGET's
# userland (the shell and tools the upstream kselftest scripts need in the
# guest), cached in out/guest/busybox/<debian-arch>/busybox.
#
# The Debian architecture comes from the target's compiler triplet
# (dpkg-architecture), never from a list of arch names here:
#   - an architecture of the Debian release (amd64, arm64, s390x, ppc64el):
#     Debian's busybox-static package for it (apt-get download);
#   - any other (32-bit powerpc is not a Debian release arch): Debian's
#     busybox source package (apt-get source), built static with the
#     target's cross compiler and Debian's own "static" configuration.
# apt runs on a private state (out/guest/busybox/apt/) made from the
# machine's Debian sources, so the system's apt setup is not changed.
# On failure: exit 1 and the reason on stderr (the caller packs no shell).
set -eu
. "$(dirname "$0")/lib.sh"

target=$1
load_target "$target"
command -v "$T_USER_CC" >/dev/null || die "compiler $T_USER_CC not found" "" "make deps"
if ! command -v dpkg-architecture >/dev/null; then
	[ "$(id -u)" = 0 ] || die "dpkg-architecture is missing" "" "sudo apt-get install -y dpkg-dev"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends dpkg-dev >/dev/null 2>&1 ||
		die "apt-get install dpkg-dev failed" "" "apt-get install -y dpkg-dev"
fi
triplet=$("$T_USER_CC" -dumpmachine)
debarch=$(dpkg-architecture -qDEB_HOST_ARCH -t "$triplet" 2>/dev/null) ||
	die "dpkg-architecture does not know the triplet $triplet"
top=$VMS_OUT/guest/busybox
bin=$top/$debarch/busybox
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
mkdir -p "$top/$debarch"
log=$top/$debarch/fetch.log

# Private apt state: the Debian stanzas of the machine's sources (deb822 or
# one-line), as deb (binary, with the target's arch) and deb-src.
apt=$top/apt
mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/sources.list.d"
{
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v RS= -v ORS='\n\n' '/debian-archive-keyring/ {
			sub(/Types:[^\n]*/, "Types: deb deb-src"); print }' "$f"
	done
} >"$apt/sources.list.d/debian.sources"
if [ -f /etc/apt/sources.list ]; then
	grep -E '^deb [^#]*debian' /etc/apt/sources.list | sed 's/^deb /deb-src /; p; s/^deb-src /deb /' || true
fi >"$apt/sources.list"
[ -s "$apt/sources.list.d/debian.sources" ] || [ -s "$apt/sources.list" ] ||
	die "no Debian apt source is configured on this machine (/etc/apt/sources.list*)"
aptq=(-q -o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/sources.list.d"
	-o "Dir::State::Lists=$apt/lists" -o "Dir::Cache::Archives=$apt/archives"
	-o "APT::Architectures::=$debarch" -o "APT::Sandbox::User=root")
# Refresh the private lists at most once a day.
stamp=$apt/updated
if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440)" ] || ! grep -qx "$debarch" "$stamp"; then
	# One index failing (e.g. a mirror syncing the security suite) need not
	# stop us: the download below says whether what was fetched suffices.
	if apt-get "${aptq[@]}" update >>"$log" 2>&1; then
		{ cat "$stamp" 2>/dev/null || true; echo "$debarch"; } | sort -u >"$stamp.tmp" && mv "$stamp.tmp" "$stamp"
	else
		note "busybox: apt-get update (private state, $debarch) had errors, going on with what it fetched ($log)"
	fi
fi

work=$(mktemp -d "$top/$debarch/work.XXXXXX")
trap 'rm -rf "$work"' EXIT
release_archs=$(grep -h '^Architectures:' "$apt"/lists/*_InRelease 2>/dev/null | head -n1)
if [[ " $release_archs " == *" $debarch "* ]]; then
	(cd "$work" && apt-get "${aptq[@]}" download "busybox-static:$debarch") >>"$log" 2>&1 ||
		die "apt-get download busybox-static:$debarch failed" "$log"
	dpkg-deb -x "$work"/busybox-static_*.deb "$work/x"
	cp "$work/x/bin/busybox" "$bin.tmp.$$"
else
	# Not a release architecture: build Debian's source package ourselves.
	note "busybox: $debarch is not a Debian release architecture; building busybox from Debian's source package with $T_USER_CC"
	(cd "$work" && apt-get "${aptq[@]}" source busybox) >>"$log" 2>&1 ||
		die "apt-get source busybox failed (no deb-src for the Debian sources?)" "$log"
	srcdir=$(find "$work" -maxdepth 1 -type d -name 'busybox-*' | head -n1)
	[ -f "$srcdir/debian/config/pkg/static" ] || die "no debian/config/pkg/static in Debian's busybox source" "$log"
	cross=${T_USER_CC%gcc}
	{
		cp "$srcdir/debian/config/pkg/static" "$srcdir/.config"
		make -C "$srcdir" CROSS_COMPILE="$cross" oldconfig </dev/null
		make -C "$srcdir" CROSS_COMPILE="$cross" -j"$(nproc)" busybox
	} >>"$log" 2>&1 || die "building busybox for $debarch with ${cross}gcc failed" "$log"
	cp "$srcdir/busybox" "$bin.tmp.$$"
fi
chmod 0755 "$bin.tmp.$$"
mv -f "$bin.tmp.$$" "$bin"
echo "$bin"
