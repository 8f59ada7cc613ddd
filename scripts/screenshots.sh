#!/bin/sh
# Remake docs/screenshots/: every dashboard page (personal and team, on the demo data) at
# 1280 and 390 CSS pixels wide, light and dark, as small PNGs.
#
# Needs chromium and chromium-driver (Debian) and ImageMagick's `convert` (or pngquant) to
# shrink them. Run from anywhere: ./scripts/screenshots.sh
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
        pngquant --quality 40-80 --strip --output "$out/$name" -- "$f"
    elif command -v convert >/dev/null 2>&1; then
        # At most 800 px wide and a 32-colour palette: readable, small.
        convert "$f" -resize '800x>' -strip -colors 32 "PNG8:$out/$name"
    else
        cp "$f" "$out/$name"
    fi
done
du -sh "$out"
