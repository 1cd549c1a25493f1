#!/usr/bin/env bash
# display_check_art: a broken, empty or missing art or rig file stops the console at
# start and fails `nurture --check`, with a message naming the file; never a crash.
set -u
nurture=$1
src=${NURTURE_DATA:?}
unset DISPLAY WAYLAND_DISPLAY
. "$(dirname "$0")/../lib.sh"
scratch
# A data folder of our own: the shipped scenes and art, then one file broken.
fresh() {
    rm -rf "$tmp/data"
    mkdir -p "$tmp/data/media"
    cp -r "$src/scenes" "$tmp/data/scenes"
    cp -r "$src/media/art" "$tmp/data/media/art"
}
# expect WHAT FILE WORDS: --check and --render both refuse, naming FILE with WORDS.
expect() {
    for run in check render; do
        if [ $run = check ]; then
            NURTURE_DATA=$tmp/data "$nurture" --check "$tmp/data/scenes/baby-week-1.yaml" \
                >"$tmp/out" 2>&1
        else
            NURTURE_DATA=$tmp/data "$nurture" --plan baby-week-1 --render "$tmp/f.png" \
                --at 5.2 --size 640x360 >"$tmp/out" 2>&1
        fi
        rc=$?
        file=$2 words=$3
        check "$1 ($run): exit 1 and a line naming $file with '$words' (exit $rc: $(cat "$tmp/out"))" \
            '[ $rc -eq 1 ] && grep -F "$file" "$tmp/out" | grep -qF "$words"' 
    done
}
fresh
: >"$tmp/data/media/art/baby-face.svg"
expect "an empty SVG" "media/art/baby-face.svg" "is empty"
fresh
rm "$tmp/data/media/art/baby-front-thigh.svg"
expect "a missing SVG" "media/art/baby-front-thigh.svg" "cannot be read"
fresh
printf '<svg xmlns="http://www.w3.org/2000/svg"><path d="M 1 1 L' >"$tmp/data/media/art/hand.svg"
expect "a broken SVG" "media/art/hand.svg" "is not an SVG drawing"
fresh
: >"$tmp/data/media/art/rig.yaml"
expect "an empty rig" "media/art/rig.yaml" "empty"
fresh
rm "$tmp/data/media/art/rig.yaml"
expect "a missing rig" "media/art/rig.yaml" ""
fresh
sed -i 's/left-thigh, order: 2}/left-thgh, order: 2}/' "$tmp/data/media/art/rig.yaml"
expect "a rig naming a part that is not there" "media/art/rig.yaml:" "no part 'left-thgh'"
fresh
sed -i '0,/holds: left-hand/s//holds: left-hnd/' "$tmp/data/scenes/strokes/movements.yaml"
expect "a stroke holding a landmark that is not there" "scenes/strokes/movements.yaml:" \
    "no landmark 'left-hnd'"
fresh
sed -i '0,/\[left-hip, -0.01, 0.01\]/s//[left-hipp, -0.01, 0.01]/' "$tmp/data/scenes/strokes/legs.yaml"
line=$(grep -n 'left-hipp' "$tmp/data/scenes/strokes/legs.yaml" | head -1 | cut -d: -f1)
expect "a path naming a landmark that is not there" "scenes/strokes/legs.yaml:$line:" \
    "no landmark 'left-hipp'; did you mean 'left-hip'?"
fresh
sed -i '0,/- part: left-forearm/s//- part: left-forarm/' "$tmp/data/scenes/strokes/movements.yaml"
line=$(grep -n 'left-forarm' "$tmp/data/scenes/strokes/movements.yaml" | cut -d: -f1)
expect "a move naming a part that is not there" "scenes/strokes/movements.yaml:$line:" \
    "no moving part 'left-forarm'; did you mean 'left-forearm'?"
finish
