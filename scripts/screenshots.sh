#!/bin/sh
# Remake docs/screenshots/: every dashboard page (personal and team, on the demo data) at
# 1280 and 390 CSS pixels wide, light and dark, as small PNGs.
#
# Needs chromium and chromium-driver (Debian) and pngquant (Debian's `pngquant`) or
# ImageMagick's `convert` to shrink them. Pages wider than 800 px are scaled down to 800. Run from anywhere: ./scripts/screenshots.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/docs/screenshots"
raw=$(mktemp -d)
trap 'rm -rf "$raw"' EXIT
cd "$root"
CANARY_SCREENSHOTS="$raw" cargo test -p canary-cli --test it -- --include-ignored \
    dashboard_look::every_page_fits_a_phone_and_its_links_read_in_both_schemes
mkdir -p "$out"
rm -f "$out"/*.png
for f in "$raw"/*.png; do
    name=$(basename "$f")
    if command -v pngquant >/dev/null 2>&1; then
        pngquant 32 --nofs --speed 1 --strip --output "$out/$name" -- "$f"
    elif command -v convert >/dev/null 2>&1; then
        convert "$f" -strip -colors 24 "PNG8:$out/$name"
    else
        cp "$f" "$out/$name"
    fi
done
du -sh "$out"
