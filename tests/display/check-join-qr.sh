#!/usr/bin/env bash
# check-join-qr.sh NURTURE: the welcome screen's QR codes read back with a real QR
# reader (zbarimg): the page's address with its pairing token, and, when the room has
# its own Wi-Fi, a second code in the WIFI: format that joins it (special characters
# escaped as phones expect).
set -uo pipefail
nurture=$1
. "$(dirname "$0")/../lib.sh"
scratch
# only the settings given here (not the machine's /etc/nurture/nurture.conf)
echo "mute: true" >"$tmp/empty.conf"
export NURTURE_CONFIG=$tmp/empty.conf
codes() { zbarimg --raw -q "$1" 2>/dev/null | grep -v '^Connection' | sort; }

"$nurture" --render "$tmp/plain.png" --plan baby-week-1 --at 1.1 --size 1920x1080 --pin 482193 --port 8090
plain=$(codes "$tmp/plain.png")
check "one code, the page with its token ($plain)" '[ "$plain" = "http://nurture.local:8090/?pair=482193" ]'

"$nurture" --render "$tmp/wifi.png" --plan baby-week-1 --at 1.1 --size 1920x1080 --pin 482193 \
    --wifi-ssid 'Hall;One' --wifi-password 'calm:hands,2024'
both=$(codes "$tmp/wifi.png")
want=$(printf '%s\n' 'WIFI:T:WPA;S:Hall\;One;P:calm\:hands\,2024;;' 'http://nurture.local:8080/?pair=482193' | sort)
check "two codes, the Wi-Fi and the page ($both)" '[ "$both" = "$want" ]'

for size in 1280x720 1024x768; do
    "$nurture" --render "$tmp/s.png" --plan peer-session-1 --at 1.1 --size $size --pin 246810 \
        --wifi-ssid Classroom --wifi-password 'twelve chars'
    n=$(codes "$tmp/s.png" | wc -l)
    check "both codes read at $size ($n)" '[ "$n" = 2 ]'
done

finish
