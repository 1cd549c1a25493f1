#!/usr/bin/env bash
# check-audio-out.sh NURTURE: the `audio:` setting reaches the sound device the music
# opens. The console opens ALSA's default device, which is the default of the card named
# by $ALSA_CARD (that is how /usr/share/alsa/alsa.conf defines it); here a private
# ~/.asoundrc defines the default device the same way, but as a file named after that
# card (ALSA's `file` plugin), so the file that appears tells which card was asked for.
set -uo pipefail
nurture=$1
. "$(dirname "$0")/../lib.sh"
scratch

mkdir -p "$tmp/home" "$tmp/out"
cat >"$tmp/home/.asoundrc" <<EOF
pcm.!default {
    type file
    slave.pcm "null"
    file {
        @func concat
        strings [ "$tmp/out/" { @func getenv vars [ ALSA_PCM_CARD ALSA_CARD ] default "no-card" } ".raw" ]
    }
    format raw
}
EOF
export HOME=$tmp/home NURTURE_STATE_DIR=$tmp/state SDL_VIDEODRIVER=offscreen
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
unset ALSA_CARD ALSA_PCM_CARD

# play SETTING [FLAGS...]: run the console with `audio: SETTING` in its settings file
# until the sound comes out, then stop it; prints the file names that appeared.
play() {
    local setting=$1
    shift
    rm -f "$tmp/out"/*
    if [ -n "$setting" ]; then printf 'audio: %s\n' "$setting"; else echo 'volume: 50'; fi >"$tmp/n.conf"
    (
        # The file plugin writes faster than real time: at most 2 MB, then writes fail.
        ulimit -f 2048
        trap '' XFSZ
        NURTURE_CONFIG=$tmp/n.conf exec "$nurture" --window --no-remote "$@" >"$tmp/log" 2>&1
    ) &
    pid=$!
    for _ in $(seq 100); do
        [ -n "$(find "$tmp/out" -name '*.raw' -size +0)" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null
    wait "$pid"
    pid=""
    (cd "$tmp/out" && find . -name '*.raw' -size +0 | sed 's|^\./||' | sort | tr '\n' ' ')
}

for pair in hdmi:vc4hdmi0 hdmi2:vc4hdmi1 headphones:Headphones card:USB:USB default:no-card :no-card; do
    setting=${pair%:*} want=${pair##*:}.raw
    got=$(play "$setting")
    check "audio: ${setting:-(not set)} plays on $want (got: ${got:-nothing}; $(tail -n 2 "$tmp/log" | tr '\n' ' '))" \
        '[ "$got" = "$want " ]'
done
got=$(play hdmi --audio headphones)
check "--audio wins over the settings file (got: ${got:-nothing})" '[ "$got" = "Headphones.raw " ]'

finish
