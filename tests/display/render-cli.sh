#!/usr/bin/env bash
# display_render_cli: `nurture --render` writes the frame asked for, at the size asked
# for, with no screen; a place that does not exist is refused.
set -u
nurture=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
. "$(dirname "$0")/../lib.sh"
unset DISPLAY WAYLAND_DISPLAY
"$nurture" --plan baby-week-1 --render "$out/a.png" --at 5.2 --time 1.5 --size 1280x720
rc=$?
check "--render succeeds (exit $rc)" '[ $rc -eq 0 ]'
size=$(identify -format '%wx%h' "$out/a.png" 2>/dev/null)
check "the frame is 1280x720 ($size)" '[ "$size" = 1280x720 ]'
"$nurture" --plan peer-session-1 --render "$out/b.png" --at 1.1 --pin 482193
rc=$?
check "--render of the welcome succeeds (exit $rc)" '[ $rc -eq 0 ]'
size=$(identify -format '%wx%h' "$out/b.png" 2>/dev/null)
check "the default size is 1920x1080 ($size)" '[ "$size" = 1920x1080 ]'
# Same inputs, same picture.
"$nurture" --plan baby-week-1 --render "$out/c.png" --at 5.2 --time 1.5 --size 1280x720
diff=$(compare -metric AE "$out/a.png" "$out/c.png" null: 2>&1)
check "the same frame drawn twice is the same ($diff pixels differ)" '[ "$diff" = 0 ]'
# Later in the stroke, the hands have moved.
"$nurture" --plan baby-week-1 --render "$out/d.png" --at 5.2 --time 0.3 --size 1280x720
diff=$(compare -metric AE "$out/a.png" "$out/d.png" null: 2>&1)
check "the stroke moved ($diff pixels)" '[ "${diff%%.*}" -gt 100 ] 2>/dev/null'
"$nurture" --plan baby-week-1 --render "$out/e.png" --at 99.1 2>"$out/err"
rc=$?
check "--at 99.1 is refused (exit $rc)" '[ $rc -ne 0 ]'
check "--at 99.1 says there is no such segment ($(cat "$out/err"))" 'grep -q "no such segment" "$out/err"'
# A face's font missing (fonts looked for in a folder without Quicksand): the next font
# stands in, and the journal and the screen say so (the frame read back with OCR).
mkdir "$out/fonts"
ln -s /usr/share/fonts/truetype/noto /usr/share/fonts/truetype/dejavu "$out/fonts/"
NURTURE_FONT_DIR=$out/fonts "$nurture" --plan baby-week-1 --render "$out/f.png" --at 1.1 \
    --size 1280x720 2>"$out/err"
rc=$?
check "--render without Quicksand succeeds (exit $rc)" '[ $rc -eq 0 ]'
check "it says which font is missing ($(cat "$out/err"))" \
    'grep -q "The font Quicksand-Bold.ttf is missing" "$out/err"'
words=$(tesseract "$out/f.png" - 2>/dev/null | tr '\n' ' ')
check "the screen says so too" 'grep -q "Quicksand-Bold.ttf is missing" <<<"$words"'
"$nurture" --plan baby-week-1 --render "$out/g.png" --at 1.1 --size 1280x720 2>"$out/err"
check "with every font there, nothing is said ($(cat "$out/err"))" '[ ! -s "$out/err" ]'
finish
