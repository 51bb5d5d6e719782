#!/usr/bin/env bash
# Packs "Conversion Tracker.app" (made by installer/build.py on macOS) into a drag-to-install .dmg.
#   bash installer/macos/make-dmg.sh 0.1.0
# Output: installer/dist/conversion-tracker-<version>-macos-<arch>.dmg
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:?usage: make-dmg.sh VERSION}"
app="build/dist/Conversion Tracker.app"
[ -d "$app" ] || { echo "no $app: run python installer/build.py first" >&2; exit 1; }
stage="build/dmg"
rm -rf "$stage"
mkdir -p "$stage" dist
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
# Without a Developer ID the app is unsigned; an ad-hoc signature keeps Apple silicon happy.
codesign --force --deep --sign - "$stage/Conversion Tracker.app"
out="dist/conversion-tracker-${version}-macos-$(uname -m).dmg"
rm -f "$out"
hdiutil create -volname "Conversion Tracker" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$out"
echo "made $out"
