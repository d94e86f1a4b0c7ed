#!/usr/bin/env bash
# Offline builder for the gentcp Erlang oracle images.
#
# Builds a minimal Docker image containing Debian's erlang-base (erts, kernel,
# stdlib, compiler + erl/erlc/escript) without any registry: the .debs come from
# the Debian apt mirror this machine is already configured with, are unpacked
# with dpkg-deb into a rootfs directory, and the rootfs is fed to
# `docker import`. No maintainer scripts are run. See README.md next to this file.
#
# Usage: erlang/image/build.sh --otp 25|27|29 [--mirror URL] [--tag TAG]
#                              [--work DIR] [--force] [--no-test]
set -eu
set -o pipefail

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
PROG=erlang/image/build.sh

usage() {
  cat <<EOF
Usage: $PROG --otp 25|27|29 [--mirror URL] [--tag TAG] [--work DIR] [--force] [--no-test]

  --otp N       Erlang/OTP major release: 25 (Debian bookworm), 27 (trixie), 29 (forky)
  --mirror URL  Debian archive URL (default: \$GENTCP_DEBIAN_MIRROR, else the first
                main-archive URI in this machine's apt sources)
  --tag TAG     image tag (default: localhost/gentcp/erlang:<N>)
  --work DIR    apt state + .deb cache directory
                (default: \${XDG_CACHE_HOME:-\$HOME/.cache}/gentcp/images/otp-<N>)
  --force       rebuild even if the image already exists
  --no-test     skip the smoke test (erl/erlc/escript) of the new image
EOF
}

die()  { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }
warn() { printf '%s: WARNING: %s\n' "$PROG" "$*" >&2; }
info() { printf '==> %s\n' "$*" >&2; }

# ---------------------------------------------------------------- options
OTP= MIRROR=${GENTCP_DEBIAN_MIRROR:-} TAG= WORK= FORCE=0 TEST=1
while [ $# -gt 0 ]; do
  case $1 in
    --otp)    [ $# -ge 2 ] || die "--otp needs a value"; OTP=$2; shift 2 ;;
    --otp=*)  OTP=${1#*=}; shift ;;
    --mirror) [ $# -ge 2 ] || die "--mirror needs a value"; MIRROR=$2; shift 2 ;;
    --mirror=*) MIRROR=${1#*=}; shift ;;
    --tag)    [ $# -ge 2 ] || die "--tag needs a value"; TAG=$2; shift 2 ;;
    --tag=*)  TAG=${1#*=}; shift ;;
    --work)   [ $# -ge 2 ] || die "--work needs a value"; WORK=$2; shift 2 ;;
    --work=*) WORK=${1#*=}; shift ;;
    --force)  FORCE=1; shift ;;
    --no-test) TEST=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

case $OTP in
  25) SUITE=bookworm ;;
  27) SUITE=trixie ;;
  29) SUITE=forky ;;
  '') usage >&2; die "--otp is required (25, 27 or 29)" ;;
  *)  die "unknown --otp '$OTP': supported are 25 (bookworm), 27 (trixie), 29 (forky)" ;;
esac
TAG=${TAG:-localhost/gentcp/erlang:$OTP}
WORK=${WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/gentcp/images/otp-$OTP}

# Packages we want, and dependencies we deliberately leave out (they exist for
# maintainer scripts or service management, or are runtime-optional).
# libsystemd0 is kept on purpose: epmd links it, and without epmd distributed
# Erlang (erl -sname/-name) does not start. It costs 1.3 MB (4 MB on bookworm).
BASE_PKGS="erlang-base busybox"
SKIP_PKGS="adduser procps systemd systemd-standalone-sysusers systemd-sysusers opensysusers
  debconf perl-base init-system-helpers lsb-base sysvinit-utils libc-gconv-modules-extra
  libc-bin passwd"
# Packages of which only one path is unpacked ("package:path"): the C.UTF-8
# locale (LANG=C.UTF-8 makes Erlang use UTF-8 for file names and stdio).
PARTIAL_PKGS="libc-bin:./usr/lib/locale/C.utf8"

for t in apt-get apt-cache dpkg-deb tar docker awk; do
  command -v "$t" >/dev/null 2>&1 || die "required tool '$t' not found in PATH"
done

# ---------------------------------------------------------------- docker
if ! docker_out=$(timeout 20 docker version --format '{{.Server.Version}}' 2>&1); then
  die "the docker daemon is not answering:
  $(printf '%s\n' "$docker_out" | sed '/^[[:space:]]*$/d')
Start it first, e.g. (as root, no bridge/iptables needed):
  dockerd --bridge=none --iptables=false --ip-forward=false --ip-masq=false >/var/log/dockerd.log 2>&1 &
or on a systemd host: systemctl start docker"
fi

if [ "$FORCE" = 0 ] && docker image inspect "$TAG" >/dev/null 2>&1; then
  printf '%s\n' "$TAG"
  exit 0
fi
OLD_ID=$(docker image inspect --format '{{.Id}}' "$TAG" 2>/dev/null || true)

# ---------------------------------------------------------------- mirror
# Is this suite name one of the main Debian archive (not -security)?
main_suite_re='^(buster|bullseye|bookworm|trixie|forky|duke|sid|oldoldstable|oldstable|stable|testing|unstable|experimental)(-updates|-backports|-proposed-updates)?/?$'

# where this machine's apt reads its sources from (normally /etc/apt/...)
SOURCES_LIST=/etc/apt/sources.list SOURCES_PARTS=/etc/apt/sources.list.d
eval "$(apt-config shell SOURCES_LIST Dir::Etc::sourcelist/f SOURCES_PARTS Dir::Etc::sourceparts/d 2>/dev/null)" || true
SOURCES_PARTS=${SOURCES_PARTS%/}

find_mirror() {
  # one-line format: deb [options] URI suite component...
  if [ -f "$SOURCES_LIST" ] || ls "$SOURCES_PARTS"/*.list >/dev/null 2>&1; then
    awk -v re="$main_suite_re" '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        uri = $i; suite = $(i+1)
        if (suite ~ re) { print uri; exit }
      }' "$SOURCES_LIST" "$SOURCES_PARTS"/*.list 2>/dev/null | head -n 1
  fi
  # deb822 format: paragraphs with Types:/URIs:/Suites:/Enabled:
  for f in "$SOURCES_PARTS"/*.sources; do
    [ -f "$f" ] || continue
    awk -v re="$main_suite_re" '
      BEGIN { RS = ""; FS = "\n" }
      {
        types = ""; uris = ""; suites = ""; enabled = "yes"
        for (n = 1; n <= NF; n++) {
          line = $n
          if (line ~ /^#/) continue
          k = tolower(line); sub(/:.*/, "", k)
          v = line; sub(/^[^:]*:[ \t]*/, "", v)
          if (k == "types") types = v
          else if (k == "uris") uris = v
          else if (k == "suites") suites = v
          else if (k == "enabled") enabled = tolower(v)
        }
        if (enabled == "no" || (" " types " ") !~ / deb /) next
        ns = split(suites, s, /[ \t]+/)
        for (j = 1; j <= ns; j++) if (s[j] ~ re) { split(uris, u, /[ \t]+/); print u[1]; exit }
      }' "$f"
  done | head -n 1
}

# The suites the apt sources do name (e.g. Ubuntu's), to say why none is Debian's.
named_suites() {
  {
    awk '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ } print $(i+1) }' \
      "$SOURCES_LIST" "$SOURCES_PARTS"/*.list 2>/dev/null
    cat "$SOURCES_PARTS"/*.sources 2>/dev/null | awk 'tolower($1) == "suites:" { for (n = 2; n <= NF; n++) print $n }'
  } | awk '!seen[$0]++' | head -n 8 | paste -sd' ' -
}

MIRROR_SRC="--mirror/GENTCP_DEBIAN_MIRROR"
if [ -z "$MIRROR" ]; then
  MIRROR=$(find_mirror || true)
  MIRROR=$(printf '%s\n' "$MIRROR" | head -n 1)
  MIRROR_SRC="apt configuration"
  if [ -z "$MIRROR" ]; then
    suites=$(named_suites || true)
    die "no Debian mirror found in the apt configuration: this machine's apt sources name ${suites:+the suites '$suites' but }no
  Debian main-archive suite (bookworm, trixie, forky, stable, testing, ...), as on Ubuntu or another
  non-Debian host. The image is built from Debian's packages for $SUITE, so tell the script where a
  Debian archive is:
    $PROG --otp $OTP --mirror http://<a Debian mirror>/debian
  or
    GENTCP_DEBIAN_MIRROR=http://<a Debian mirror>/debian $PROG --otp $OTP
  On a machine that can reach a registry there is no need to build: point gentcp at the official
  image with GENTCP_ERLANG_IMAGE=erlang:$OTP (or gentcp's --image erlang:$OTP).
  (Looked for deb822 'URIs:' in $SOURCES_PARTS/*.sources and 'deb URL suite ...' lines in
  $SOURCES_LIST and $SOURCES_PARTS/*.list; apt-config, and so APT_CONFIG, names those paths.)"
  fi
fi
MIRROR=${MIRROR%/}
info "OTP $OTP -> Debian $SUITE from mirror ($MIRROR_SRC): $MIRROR"

# ---------------------------------------------------------------- private apt state
ARCH=$(dpkg --print-architecture)
MULTIARCH=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo "$(uname -m)-linux-gnu")
mkdir -p "$WORK/apt/lists/partial" "$WORK/apt/cache/archives/partial" \
         "$WORK/apt/sources.list.d" "$WORK/apt/preferences.d" "$WORK/debs"
: > "$WORK/apt/status"

APT_OPTS=(
  -o "Dir::Etc::SourceList=$WORK/apt/sources.list"
  -o "Dir::Etc::SourceParts=$WORK/apt/sources.list.d"
  -o "Dir::Etc::Preferences=$WORK/apt/preferences"
  -o "Dir::Etc::PreferencesParts=$WORK/apt/preferences.d"
  -o "Dir::State::Lists=$WORK/apt/lists"
  -o "Dir::State::status=$WORK/apt/status"
  -o "Dir::State::extended_states=$WORK/apt/extended_states"
  -o "Dir::Cache=$WORK/apt/cache"
  -o "Dir::Cache::pkgcache=pkgcache.bin"
  -o "Dir::Cache::srcpkgcache=srcpkgcache.bin"
  -o "APT::Architecture=$ARCH"
  -o "APT::Architectures=$ARCH"
  -o "Acquire::Languages=none"
  -o "APT::Sandbox::User=root"
  -o "Debug::NoLocking=1"
  -o "quiet=1"
)
apt_q() { "$@" "${APT_OPTS[@]}"; }

KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
UPDATE_LOG="$WORK/apt/update.log"

# try_update OPTIONS : write sources.list with [OPTIONS] and run apt-get update
try_update() {
  printf 'deb [%s] %s %s main\n' "$1" "$MIRROR" "$SUITE" > "$WORK/apt/sources.list"
  # Date checks are forced on (whatever this machine's apt.conf says) so that an
  # expired Release file is noticed and recorded in the manifest.
  apt_q apt-get -o APT::Update::Error-Mode=any -o Acquire::Check-Valid-Until=true \
    -o Acquire::Check-Date=true update >"$UPDATE_LOG" 2>&1
}
show_update_log() { printf -- '--- apt-get update output (tail) ---\n' >&2; tail -n 15 "$UPDATE_LOG" >&2; }

TRUST=
attempts=()
[ -r "$KEYRING" ] && attempts+=("signed-by=$KEYRING")
# other Debian archive keyrings present on this machine, as a second chance
others=$(ls /usr/share/keyrings/debian-archive-*.gpg /etc/apt/trusted.gpg.d/debian-archive-*.gpg \
            /etc/apt/trusted.gpg.d/debian-archive-*.asc 2>/dev/null \
         | grep -v -e removed-keys -e "^$KEYRING\$" | paste -sd, - || true)
[ -n "$others" ] && attempts+=("signed-by=$others")

info "apt-get update ($SUITE)"
for opt in "${attempts[@]}"; do
  if try_update "$opt"; then TRUST=$opt; break; fi
  if grep -qiE "is expired|not valid yet" "$UPDATE_LOG"; then
    # stale mirror (or wrong clock): keep signature checking, drop date checks
    warn "the $SUITE Release file is expired or not yet valid; retrying with check-valid-until=no check-date=no"
    opt="$opt check-valid-until=no check-date=no"
    if try_update "$opt"; then TRUST=$opt; break; fi
  fi
  # Only keep going to weaker trust for signature problems.
  grep -qiE "NO_PUBKEY|not signed|signature|EXPKEYSIG|BADSIG|could not be verified|OpenPGP" "$UPDATE_LOG" || break
done

if [ -z "$TRUST" ]; then
  if grep -qiE "does not have a Release file|404 +Not Found" "$UPDATE_LOG"; then
    show_update_log
    die "suite '$SUITE' (needed for OTP $OTP) is not available on the mirror $MIRROR"
  fi
  if grep -qiE "NO_PUBKEY|not signed|signature|EXPKEYSIG|BADSIG|could not be verified|OpenPGP" "$UPDATE_LOG" \
     || [ ${#attempts[@]} -eq 0 ]; then
    warn "######################################################################"
    warn "## The $SUITE Release file could NOT be verified with any Debian"
    warn "## archive keyring on this machine. FALLING BACK TO trusted=yes:"
    warn "## package authenticity is NOT checked for this image."
    warn "######################################################################"
    if try_update "trusted=yes check-valid-until=no"; then TRUST="trusted=yes check-valid-until=no"; fi
  fi
fi

if [ -z "$TRUST" ]; then
  if [ -n "$(ls "$WORK/apt/lists/" 2>/dev/null | grep _Packages || true)" ] && [ -f "$WORK/apt/trust" ] \
     && [ "$(sed -n 2p "$WORK/apt/trust")" = "$MIRROR $SUITE" ]; then
    show_update_log
    TRUST=$(sed -n 1p "$WORK/apt/trust")
    warn "apt-get update failed; continuing OFFLINE with the package lists cached in $WORK/apt/lists"
    printf 'deb [%s] %s %s main\n' "$TRUST" "$MIRROR" "$SUITE" > "$WORK/apt/sources.list"
  else
    show_update_log
    die "apt-get update failed for $MIRROR $SUITE (full log: $UPDATE_LOG)"
  fi
else
  printf '%s\n%s\n' "$TRUST" "$MIRROR $SUITE" > "$WORK/apt/trust"
fi
info "trust mode: $TRUST"

# Valid-Until of the Release file we used (informational)
release_file=$(ls "$WORK"/apt/lists/*_dists_"${SUITE}"_InRelease "$WORK"/apt/lists/*_dists_"${SUITE}"_Release 2>/dev/null | head -n 1 || true)
VALID_UNTIL=
if [ -n "$release_file" ]; then
  VALID_UNTIL=$(sed -n 's/^Valid-Until: *//p' "$release_file" | head -n 1)
  if [ -n "$VALID_UNTIL" ] && vu=$(date -d "$VALID_UNTIL" +%s 2>/dev/null) && [ "$vu" -lt "$(date +%s)" ] \
     && case $TRUST in *check-valid-until=no*) false ;; *) true ;; esac; then
    warn "the $SUITE Release file on the mirror expired on $VALID_UNTIL (the mirror is stale); using it anyway"
  fi
fi

# ---------------------------------------------------------------- dependency closure
# Follow Depends/Pre-Depends (first alternative or provider not skipped), but never enter
# SKIP_PKGS. Prints "pkg NAME" and "skip NAME" lines.
resolve_step() { # $1 = selected set, $2.. = packages to expand
  local sel=$1; shift
  apt_q apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks \
      --no-replaces --no-enhances "$@" 2>&1 |
  awk -v sel=" $sel " -v skip=" $(echo $SKIP_PKGS) " '
    function insel(p) { return index(sel, " " p " ") > 0 }
    function inskip(p) { return index(skip, " " p " ") > 0 }
    function decide(   i, j, n, c, cands, pick, grp) {
      if (ng == 0) return
      n = 0; grp = ""
      for (i = 1; i <= ng; i++) {
        grp = grp (i > 1 ? "|" : "") alts[i]
        if (alts[i] ~ /^</) {
          m = split(prov[i], pp, " ")
          for (j = 1; j <= m; j++) cands[++n] = pp[j]
        } else cands[++n] = alts[i]
      }
      for (i = 1; i <= n; i++) if (insel(cands[i])) { ng = 0; return }
      pick = ""
      for (i = 1; i <= n; i++) if (!inskip(cands[i])) { pick = cands[i]; break }
      if (pick != "") { print "pkg " pick; sel = sel pick " " }
      else print "skip " grp
      ng = 0
    }
    /^E: / { print "error " $0; next }
    /^[^ ]/ { if (!cont) decide(); cont = 0; next }
    /^ [ |][A-Za-z-]+: / {
      if (!cont) decide()
      cont = (substr($0, 2, 1) == "|")
      ng++; alts[ng] = $2; prov[ng] = ""; next
    }
    /^    / { prov[ng] = prov[ng] " " $1; next }
    END { decide() }'
}

info "resolving dependencies of: $BASE_PKGS"
SELECTED=" $BASE_PKGS "
SKIPPED=" "
queue=$BASE_PKGS
while [ -n "$queue" ]; do
  out=$(resolve_step "$SELECTED" $queue)
  if printf '%s\n' "$out" | grep -q '^error '; then
    printf '%s\n' "$out" | sed -n 's/^error //p' >&2
    die "apt-cache could not resolve packages in $SUITE (is erlang-base/busybox in the suite?)"
  fi
  queue=
  for p in $(printf '%s\n' "$out" | sed -n 's/^pkg //p' | sort -u); do
    case $SELECTED in *" $p "*) ;; *) SELECTED="$SELECTED$p "; queue="$queue $p" ;; esac
  done
  for p in $(printf '%s\n' "$out" | sed -n 's/^skip //p'); do
    case $SKIPPED in *" $p "*) ;; *) SKIPPED="$SKIPPED$p " ;; esac
  done
done
PKGS=$(printf '%s\n' $SELECTED | sort -u)
SKIPPED_LIST=$(printf '%s\n' $SKIPPED | sort -u | paste -sd' ' -)
info "packages: $(echo $PKGS)"
info "left out: $SKIPPED_LIST"

# name version sha256 filename, one line per package (candidate versions)
partial_path() { # name -> path if the package is only partially unpacked
  local e
  for e in $PARTIAL_PKGS; do [ "${e%%:*}" = "$1" ] && { printf '%s' "${e#*:}"; return 0; }; done
  return 1
}
PKGINFO=$(apt_q apt-cache show --no-all-versions $PKGS $(for e in $PARTIAL_PKGS; do echo "${e%%:*}"; done) | awk '
  /^Package: / { p = $2 } /^Version: / { v = $2 } /^SHA256: / { h = $2 }
  /^Filename: / { f = $2 }
  /^$/ { if (p != "") print p, v, h, f; p = "" }
  END { if (p != "") print p, v, h, f }' | sort)

# ---------------------------------------------------------------- download
deb_path() { # name version arch -> cache path (same naming as apt-get download)
  local v=${2//:/%3a}
  printf '%s/debs/%s_%s_%s.deb' "$WORK" "$1" "$v" "$3"
}
need=()
while read -r name ver sha file; do
  arch=${file##*_}; arch=${arch%.deb}
  f=$(deb_path "$name" "$ver" "$arch")
  if [ -f "$f" ] && [ "$(sha256sum < "$f" | cut -d' ' -f1)" = "$sha" ]; then continue; fi
  need+=("$name=$ver")
done <<< "$PKGINFO"
if [ ${#need[@]} -gt 0 ]; then
  info "downloading ${#need[@]} package(s)"
  if ! (cd "$WORK/debs" && apt_q apt-get download "${need[@]}") >"$WORK/apt/download.log" 2>&1; then
    printf -- '--- apt-get download output (tail) ---\n' >&2; tail -n 15 "$WORK/apt/download.log" >&2
    die "apt-get download failed"
  fi
else
  info "all packages cached in $WORK/debs"
fi

# ---------------------------------------------------------------- rootfs
ROOT=$(mktemp -d "$WORK/rootfs.XXXXXX")
cleanup() { rm -rf "$ROOT"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# merged-/usr layout, as on a real Debian system
mkdir -p "$ROOT"/usr/bin "$ROOT"/usr/sbin "$ROOT"/usr/lib "$ROOT"/usr/lib64 \
         "$ROOT"/etc "$ROOT"/root "$ROOT"/tmp "$ROOT"/var/tmp "$ROOT"/proc "$ROOT"/sys \
         "$ROOT"/dev "$ROOT"/run
for d in bin sbin lib lib64; do ln -s usr/$d "$ROOT/$d"; done

info "unpacking into rootfs"
unpack() { # name version filename
  local arch=${3##*_} only
  arch=${arch%.deb}
  only=$(partial_path "$1" || true)
  dpkg-deb --fsys-tarfile "$(deb_path "$1" "$2" "$arch")" |
    tar -x --keep-directory-symlink --no-same-owner -C "$ROOT" ${only:+"$only"}
}
# erlang-base is most of the work: unpack it in parallel with the rest
bg_pid=
while read -r name ver sha file; do
  if [ "$name" = erlang-base ]; then unpack "$name" "$ver" "$file" & bg_pid=$!
  else unpack "$name" "$ver" "$file"; fi
done <<< "$PKGINFO"
[ -z "$bg_pid" ] || wait "$bg_pid" || die "unpacking erlang-base failed"

# trim what a container never reads (keep copyright files)
find "$ROOT/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete 2>/dev/null || true
find "$ROOT/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
rm -rf "$ROOT"/usr/share/man "$ROOT"/usr/share/info "$ROOT"/usr/share/lintian \
       "$ROOT"/usr/share/locale "$ROOT"/usr/share/bug "$ROOT"/usr/share/gdb \
       "$ROOT"/usr/lib/"$MULTIARCH"/gconv "$ROOT"/usr/share/i18n

# busybox applets: ask the unpacked busybox itself (run through the rootfs'
# own dynamic loader) and link every applet that is not a real file.
bb=/usr/bin/busybox
[ -x "$ROOT$bb" ] || bb=/bin/busybox
ldso=$(find "$ROOT/usr/lib64" "$ROOT/usr/lib/$MULTIARCH" -maxdepth 1 -name 'ld-linux*.so*' 2>/dev/null | head -n 1)
applets=
if [ -n "$ldso" ]; then
  applets=$("$ldso" --library-path "$ROOT/usr/lib/$MULTIARCH" "$ROOT$bb" --list-full 2>/dev/null || true)
fi
if [ -z "$applets" ]; then
  warn "could not list busybox applets; linking a fixed set"
  applets="bin/sh bin/cat bin/ls bin/rm bin/mkdir bin/sed bin/grep bin/echo bin/sleep usr/bin/dirname usr/bin/basename usr/bin/env usr/bin/head usr/bin/tail usr/bin/id"
fi
links=()
declare -A seen=()
for a in $applets; do
  a=${a#/}
  case $a in
    */*) ;;
    *) continue ;;  # e.g. /linuxrc
  esac
  case $a in bin/*|sbin/*) a=usr/$a ;; esac  # merged /usr: one link per name
  [ -z "${seen[$a]:-}" ] || continue
  seen[$a]=1
  [ -e "$ROOT/$a" ] || [ -L "$ROOT/$a" ] || links+=("$ROOT/$a")
  [ -d "$ROOT/${a%/*}" ] || mkdir -p "$ROOT/${a%/*}"
done
if [ ${#links[@]} -gt 0 ]; then
  if command -v perl >/dev/null 2>&1; then  # one process instead of ~400 ln
    perl -e '$t = shift; for (@ARGV) { symlink($t, $_) or die "symlink $_: $!\n" }' "$bb" "${links[@]}"
  else
    for l in "${links[@]}"; do ln -s "$bb" "$l"; done
  fi
fi
[ -L "$ROOT/bin/sh" ] || [ -e "$ROOT/bin/sh" ] || die "no /bin/sh in the rootfs"

chmod 1777 "$ROOT/tmp" "$ROOT/var/tmp"
chmod 0700 "$ROOT/root"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$ROOT/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$ROOT/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\nservices: files\nprotocols: files\n' > "$ROOT/etc/nsswitch.conf"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$ROOT/etc/hosts"
: > "$ROOT/etc/resolv.conf"

# ---------------------------------------------------------------- manifest
otp_file=$(ls "$ROOT"/usr/lib/erlang/releases/*/OTP_VERSION 2>/dev/null | head -n 1 || true)
[ -n "$otp_file" ] || die "no releases/*/OTP_VERSION in the unpacked erlang-base"
OTP_VERSION=$(tr -d ' \n' < "$otp_file")
OTP_MAJOR=${OTP_VERSION%%.*}
[ "$OTP_MAJOR" = "$OTP" ] || die "Debian $SUITE now ships OTP $OTP_VERSION, not OTP $OTP; update the suite table in $PROG"

BUILD_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
MANIFEST=$(
  echo "# gentcp Erlang image manifest, written by $PROG"
  echo "otp_release=$OTP"
  echo "otp_version=$OTP_VERSION"
  echo "debian_suite=$SUITE"
  echo "architecture=$ARCH"
  echo "trust=$TRUST"
  echo "release_valid_until=${VALID_UNTIL:-none}"
  echo "left_out_dependencies=$SKIPPED_LIST"
  echo "build_date=$BUILD_DATE"
  echo "# packages (name version):"
  while read -r name ver sha file; do
    if only=$(partial_path "$name"); then echo "$name $ver (only ${only#.})"; else echo "$name $ver"; fi
  done <<< "$PKGINFO"
)
printf '%s\n' "$MANIFEST" > "$ROOT/etc/gentcp-image"
# the committed copy records the default images only
REPO_MANIFEST=
if [ "$TAG" = "localhost/gentcp/erlang:$OTP" ]; then
  REPO_MANIFEST=erlang/image/manifests/otp-$OTP.txt
  mkdir -p "$SCRIPT_DIR/manifests"
  printf '%s\n' "$MANIFEST" > "$SCRIPT_DIR/manifests/otp-$OTP.txt"
fi

# ---------------------------------------------------------------- import
info "docker import -> $TAG"
case $TRUST in
  *trusted=yes*)          trust_label=unverified ;;
  *check-valid-until=no*) trust_label=signed-by,no-date-check ;;
  *)                      trust_label=signed-by ;;
esac
tar -C "$ROOT" --numeric-owner --owner=0 --group=0 -c . |
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV HOME=/root' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'WORKDIR /root' \
    --change "LABEL gentcp.otp=$OTP gentcp.otp_version=$OTP_VERSION gentcp.debian_suite=$SUITE gentcp.trust=$trust_label gentcp.build_date=$BUILD_DATE" \
    --change 'CMD ["erl"]' \
    --message "gentcp erlang-base $OTP_VERSION from Debian $SUITE" \
    - "$TAG" >/dev/null

NEW_ID=$(docker image inspect --format '{{.Id}}' "$TAG")
if [ -n "$OLD_ID" ] && [ "$OLD_ID" != "$NEW_ID" ]; then
  docker image rm "$OLD_ID" >/dev/null 2>&1 || true
fi

# ---------------------------------------------------------------- smoke test
if [ "$TEST" = 1 ]; then
  # erl, erlc and escript, in one container
  smoke='set -e; cd /tmp
printf "%s\n" "-module(gentcp_smoke)." "-export([r/0])." "r() -> erlang:system_info(otp_release)." > gentcp_smoke.erl
erlc gentcp_smoke.erl
printf "%s\n" "#!/usr/bin/env escript" "main(_) -> io:format(\"~s~n\", [gentcp_smoke:r()])." > s.escript
escript s.escript'
  if ! got=$(docker run --rm --network host -e ERL_FLAGS="-pa /tmp" "$TAG" sh -c "$smoke" 2>&1) \
     || [ "$got" != "$OTP" ]; then
    docker image rm "$TAG" >/dev/null 2>&1 || true
    die "smoke test failed (image removed); erl said: $got"
  fi
fi

size=$(docker image inspect --format '{{.Size}}' "$TAG")
info "built $TAG: OTP $OTP_VERSION, $((size / 1000000)) MB${REPO_MANIFEST:+, manifest $REPO_MANIFEST}"
printf '%s\n' "$TAG"
