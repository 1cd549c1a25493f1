#!/usr/bin/env bash
# tests/audio/e2e.sh NURTURE [reconnect]: the sound through the real path, PortAudio ->
# ALSA (the pulse plugin) -> a private PulseAudio with a null sink, recorded from the
# sink's monitor with parec and measured by analyse.py.
#
#   (default)  the class in e2e.yaml: music audible in a massage, low in a talk, off in
#              the permission ritual, fades at the changes, chimes when time is up, no
#              underruns. At the same time, nurture --mute (opens no device) and
#              nurture with no sound server at all (starts, says so calmly, runs, exits 0).
#   reconnect  the sound server goes away mid-class and comes back: nurture says so,
#              keeps running, and plays again.
#   faults     a music folder (--music, files made with sox) emptied mid-class and at
#              once filled with junk (random bytes named .ogg, .mp3 and .wav, an empty
#              file, a folder named x.flac): the track playing goes on to its end, then
#              the built-in music, with one notice; nurture keeps running.
# NURTURE_E2E_KEEP=DIR keeps the recordings and logs there.
# Needs pulseaudio, pulseaudio-utils (parec, pactl), libasound2-plugins and python3.
set -euo pipefail
nurture=$(realpath "$1")
mode=${2:-class}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nurture-e2e.XXXXXX")
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    if [ -n "${NURTURE_E2E_KEEP:-}" ]; then
        cp "$tmp"/*.raw "$tmp"/*.log "$NURTURE_E2E_KEEP"/ 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

for tool in pulseaudio parec pactl; do
    command -v $tool >/dev/null || { echo "e2e: $tool is missing (tools/deps check)" >&2; exit 1; }
done
python=/usr/bin/python3
[ -x $python ] || python=python3

# A private world: home, runtime dir, ALSA's default device is PulseAudio.
export HOME=$tmp/home XDG_RUNTIME_DIR=$tmp/run
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
printf 'pcm.!default { type pulse }\nctl.!default { type pulse }\n' >"$HOME/.asoundrc"
export PULSE_SERVER=unix:$tmp/native
echo "volume: 70" >"$tmp/nurture.conf"
export NURTURE_CONFIG=$tmp/nurture.conf # no settings from the machine
export NURTURE_STATE_DIR=$tmp/state     # nor its saved classes
export SDL_VIDEODRIVER=dummy
# In the sanitizer build: PortAudio's Pa_Terminate unloads ALSA's and JACK's plugins with
# their small global state, which LeakSanitizer then reports with no name to suppress it
# by. Memory errors are still caught; the sound's own leaks are checked by its unit tests.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
export NURTURE_MUSIC_SEED=${NURTURE_MUSIC_SEED:-20240611} # the same music every run
unset DISPLAY WAYLAND_DISPLAY

start_pulse() {
    pulseaudio -n --daemonize=no --exit-idle-time=-1 --use-pid-file=no --disallow-exit \
        -L "module-native-protocol-unix socket=$tmp/native auth-anonymous=1" \
        -L "module-null-sink sink_name=nurture_test rate=48000 channels=2" \
        >>"$tmp/pulse.log" 2>&1 &
    pulse=$!
    pids+=("$pulse")
    for _ in $(seq 50); do
        pactl info >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "e2e: PulseAudio did not start:" >&2
    cat "$tmp/pulse.log" >&2
    exit 1
}

record() { # record FILE: the sink's monitor until killed
    parec -d nurture_test.monitor --raw --format=float32le --rate=48000 --channels=2 >"$1" &
    rec=$!
    pids+=("$rec")
    for _ in $(seq 50); do # until the recording really runs
        [ "$(stat -c %s "$1")" -gt 40000 ] && return 0
        sleep 0.1
    done
}

stop() { # stop PID: SIGTERM (SDL turns it into a quit), the exit status must be 0
    kill -TERM "$1" 2>/dev/null || echo "FAIL nurture ended before it was asked to" >&2
    local rc=0
    wait "$1" || rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAIL nurture exited with status $rc" >&2
        failed=1
    fi
}

wait_for() { # wait_for FILE PATTERN SECONDS: until FILE has PATTERN (a ready signal)
    for _ in $(seq $(($3 * 10))); do
        grep -q -- "$2" "$1" && return 0
        sleep 0.1
    done
    echo "FAIL no '$2' within $3 s:" >&2
    sed 's/^/    /' "$1" >&2
    failed=1
    return 1
}

failed=0
expect() { # expect FILE PATTERN WHAT
    if grep -q -- "$2" "$1"; then
        echo "ok   $3"
    else
        echo "FAIL $3: no '$2' in its output:" >&2
        sed 's/^/    /' "$1" >&2
        failed=1
    fi
}
refuse() { # refuse FILE PATTERN WHAT
    if grep -q -- "$2" "$1"; then
        echo "FAIL $3:" >&2
        sed 's/^/    /' "$1" >&2
        failed=1
    else
        echo "ok   $3"
    fi
}

start_pulse
plan=$here/e2e.yaml

if [ "$mode" = class ]; then
    record "$tmp/class.raw"
    "$nurture" --window --no-remote --plan "$plan" --start 2 2>"$tmp/class.log" &
    class=$!
    pids+=("$class")
    # Meanwhile: on purpose silent, and with no sound server at all.
    "$nurture" --window --no-remote --plan "$plan" --start 2 --mute 2>"$tmp/mute.log" &
    mute=$!
    pids+=("$mute")
    PULSE_SERVER=unix:$tmp/nobody-here "$nurture" --window --no-remote --plan "$plan" \
        --start 2 2>"$tmp/nodevice.log" &
    nodev=$!
    pids+=("$nodev")
    sleep 4
    streams=$(pactl list short sink-inputs | wc -l)
    [ "$streams" -eq 1 ] && echo "ok   one stream plays (--mute opens none)" ||
        { echo "FAIL $streams streams play, expected 1" >&2; failed=1; }
    sleep 4 # the device-less one has looked for a device again twice by now
    stop "$nodev"
    stop "$mute"
    sleep 26
    stop "$class"
    sleep 0.5
    kill "$rec"
    expect "$tmp/class.log" "nurture: audio: 0 underruns" "no underruns"
    expect "$tmp/class.log" "nurture: audio: playing on" "the class found the sound device"
    expect "$tmp/nodevice.log" "No sound device: the class goes on in silence" \
        "no sound device: the calm notice"
    expect "$tmp/nodevice.log" "underruns in 0.0 s" "no sound device: ran and quit cleanly"
    refuse "$tmp/nodevice.log" "ALSA lib\|jack\|Jack" "no sound device: no noise from ALSA or JACK"
    refuse "$tmp/mute.log" "playing on\|No sound device" "--mute: no device, no notice"
    $python "$here/analyse.py" class "$tmp/class.raw" || failed=1
elif [ "$mode" = faults ]; then
    music=$tmp/music
    mkdir -p "$music"
    sox -q -n -r 48000 -c 2 "$music/a.wav" synth 8 sine 550 vol 0.5
    sox -q -n -r 44100 -c 1 "$music/b.flac" synth 8 sine 550 vol 0.5
    sox -q -n -r 48000 -c 2 "$music/c.ogg" synth 8 sine 550 vol 0.5
    log=$tmp/faults.log
    "$nurture" --window --no-remote --plan "$plan" --start 5 --music "$music" 2>"$log" &
    class=$!
    pids+=("$class")
    wait_for "$log" "audio: playing on" 30 || exit 1
    record "$tmp/files.raw"
    sleep 3
    kill "$rec"
    $python "$here/analyse.py" tone "$tmp/files.raw" 550 || failed=1
    # The USB stick's folder emptied, and junk put in its place.
    rm -f "$music"/*
    for name in r.ogg r.mp3 r.wav; do head -c 65536 /dev/urandom >"$music/$name"; done
    : >"$music/zero.wav"
    mkdir "$music/x.flac"
    # The track playing (its file open) ends within 8 s; the junk is tried once.
    wait_for "$log" "music: None of the music in .* can be played: built-in music instead" 40
    record "$tmp/builtin.raw"
    sleep 3
    kill "$rec"
    $python "$here/analyse.py" audible "$tmp/builtin.raw" 0.5 || failed=1
    kill -0 "$class" 2>/dev/null && echo "ok   nurture runs on" ||
        { echo "FAIL nurture stopped" >&2; failed=1; }
    said=$(grep -c "nurture: music:" "$log" || true)
    [ "$said" -le 2 ] && echo "ok   the folder's faults said in $said line(s)" ||
        { echo "FAIL $said lines about the music (one notice expected):" >&2; cat "$log" >&2; failed=1; }
    stop "$class"
    expect "$log" "nurture: audio: 0 underruns" "no underruns"
else
    "$nurture" --window --no-remote --plan "$plan" --start 2 2>"$tmp/reconnect.log" &
    class=$!
    pids+=("$class")
    sleep 3
    kill "$pulse" # the USB speaker is unplugged
    wait "$pulse" 2>/dev/null || true
    sleep 4
    start_pulse # and plugged in again
    sleep 5     # found again within a retry (3 s) or two
    record "$tmp/back.raw"
    sleep 3
    kill "$rec"
    stop "$class"
    expect "$tmp/reconnect.log" "Sound device lost" "the lost device is noticed"
    expect "$tmp/reconnect.log" "the sound is back" "and found again"
    $python "$here/analyse.py" audible "$tmp/back.raw" 0.5 || failed=1
fi
[ $failed -eq 0 ] && echo "e2e $mode: all good" || echo "e2e $mode: FAILED" >&2
exit $failed
