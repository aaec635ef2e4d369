#!/bin/sh
# release.sh: builds motcua's release into dist/: the static binary, the
# Debian package (binary, systemd unit, default config, maintainer scripts)
# and a container build context (the binary and packaging/Containerfile).
# Reproducible: two builds of one commit give the same bytes (no build id,
# no paths, every timestamp the commit's, files in a fixed order).
#
#   scripts/release.sh [VERSION]      (default: from `git describe`)
#   make release
set -eu
cd "$(dirname "$0")/.."

VERSION=${1:-$(git describe --tags --always --dirty 2>/dev/null | sed 's/^v//' || echo 0.0.0)}
case $VERSION in [0-9]*) ;; *) VERSION=0.0.0+$VERSION ;; esac
ARCH=${GOARCH:-$(go env GOARCH)}
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
export SOURCE_DATE_EPOCH
DIST=dist
rm -rf "$DIST"
mkdir -p "$DIST"

# The binary: static (pure Go, no cgo), no build id, no local paths.
CGO_ENABLED=0 GOOS=linux GOARCH=$ARCH go build -trimpath -buildvcs=true \
	-ldflags "-s -w -buildid=" -o "$DIST/motcua" ./cmd/motcua

# The Debian package's tree.
root=$DIST/deb
install -d "$root/DEBIAN" "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/motcua" \
	"$root/usr/share/doc/motcua"
install -m 0755 "$DIST/motcua" "$root/usr/bin/motcua"
install -m 0644 packaging/motcua.service "$root/lib/systemd/system/motcua.service"
install -m 0640 packaging/motcua.env "$root/etc/motcua/motcua.env"
install -m 0644 docs/operations.md "$root/usr/share/doc/motcua/operations.md"
install -m 0644 README.md "$root/usr/share/doc/motcua/README.md"
install -m 0644 packaging/debian/conffiles "$root/DEBIAN/conffiles"
for s in postinst prerm postrm; do install -m 0755 "packaging/debian/$s" "$root/DEBIAN/$s"; done
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$size/" packaging/debian/control.in >"$root/DEBIAN/control"
(cd "$root" && find . -type f ! -path './DEBIAN/*' | LC_ALL=C sort | sed 's|^\./||' | xargs md5sum) >"$root/DEBIAN/md5sums"
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
deb=$DIST/motcua_${VERSION}_${ARCH}.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
rm -rf "$root"

# The container build context: podman/docker build -f Containerfile dist/container
ctx=$DIST/container
install -d "$ctx/data"
cp "$DIST/motcua" "$ctx/motcua"
cp packaging/Containerfile "$ctx/Containerfile"
cp /etc/ssl/certs/ca-certificates.crt "$ctx/ca-certificates.crt" 2>/dev/null ||
	echo "release: no /etc/ssl/certs/ca-certificates.crt here (apt-get install ca-certificates); the image will lack CA certificates" >&2

(cd "$DIST" && sha256sum motcua "$(basename "$deb")" >SHA256SUMS)
cat "$DIST/SHA256SUMS"

# The image itself, when buildah is here (apt-get install buildah; no daemon
# needed). Its ID (the digest of its config, which names its layer's digest)
# is reproducible; the archive's tar headers are not.
if command -v buildah >/dev/null && [ "${RELEASE_IMAGE:-1}" != 0 ]; then
	b="buildah --storage-driver ${BUILDAH_DRIVER:-vfs}"
	id=$($b bud --quiet --isolation chroot --timestamp "$SOURCE_DATE_EPOCH" -t "motcua:$VERSION" -f "$ctx/Containerfile" "$ctx")
	$b push --quiet "motcua:$VERSION" "oci-archive:$DIST/motcua_${VERSION}_image.tar:motcua:$VERSION"
	echo "$id" >"$DIST/IMAGE_ID"
	echo "image motcua:$VERSION $id ($DIST/motcua_${VERSION}_image.tar)"
fi
