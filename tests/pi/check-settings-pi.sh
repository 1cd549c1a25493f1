#!/usr/bin/env bash
# check-settings-pi.sh PRINT_SETTINGS: the Raspberry Pi's settings (audio, wifi_ssid,
# wifi_password) from the settings file and as flags; bad values are refused.
set -uo pipefail
show=$1
. "$(dirname "$0")/../lib.sh"
scratch
export NURTURE_CONFIG=$tmp/n.conf

printf 'audio: hdmi\nwifi_ssid: "Room 4 \\"blue\\""\nwifi_password: "calm-otter-4821"\n' >"$tmp/n.conf"
out=$("$show" 2>&1)
check "audio: hdmi is the first HDMI card ($out)" 'grep -qx "audio_card: vc4hdmi0" <<<"$out"'
check "the Wi-Fi name, unquoted" 'grep -qxF "wifi_ssid: Room 4 \"blue\"" <<<"$out"'
check "the Wi-Fi password" 'grep -qx "wifi_password: calm-otter-4821" <<<"$out"'
out=$("$show" --audio headphones --wifi-ssid Other --wifi-password 12345678 2>&1)
check "flags win over the file ($out)" 'grep -qx "audio_card: Headphones" <<<"$out" && grep -qx "wifi_ssid: Other" <<<"$out" && grep -qx "wifi_password: 12345678" <<<"$out"'
out=$("$show" --audio card:Device 2>&1)
check "a card by its name ($out)" 'grep -qx "audio_card: Device" <<<"$out"'
out=$("$show" --audio default 2>&1)
check "the default device ($out)" 'grep -qx "audio_card: (none)" <<<"$out"'
out=$("$show" --audio hdmi2 2>&1)
check "the second HDMI port ($out)" 'grep -qx "audio_card: vc4hdmi1" <<<"$out"'

out=$("$show" --audio speakers 2>&1)
rc=$?
check "an unknown --audio is refused (exit $rc: $out)" '[ $rc -eq 2 ] && grep -q "write default, hdmi, hdmi2, headphones, or card:NAME" <<<"$out"'
out=$("$show" --wifi-password short 2>&1)
check "a short Wi-Fi password is refused ($out)" '[ $? -ne 0 ] && grep -q "8 to 63" <<<"$out"'
out=$(NURTURE_CONFIG=$tmp/none.conf "$show" --wifi-password 12345678 2>&1)
check "a password without a name is refused ($out)" 'grep -q "wifi-password goes with --wifi-ssid" <<<"$out"'

printf 'audio: loud\n' >"$tmp/n.conf"
out=$("$show" 2>&1)
rc=$?
check "a bad audio setting is named with FILE:LINE:COL (exit $rc: $out)" '[ $rc -eq 1 ] && grep -qF "$tmp/n.conf:1:8: '"'"'audio'"'"': write default, hdmi" <<<"$out"'
printf 'wifi_ssid: "x"\nwifi_password: "short"\n' >"$tmp/n.conf"
out=$("$show" 2>&1)
check "a short password in the file ($out)" 'grep -qF "$tmp/n.conf:2:16: '"'"'wifi_password'"'"': write 8 to 63" <<<"$out"'
printf 'wifi_password: "long enough"\n' >"$tmp/n.conf"
out=$("$show" 2>&1)
check "a password without a name in the file ($out)" 'grep -qF "$tmp/n.conf:1:16: '"'"'wifi_password'"'"' goes with '"'"'wifi_ssid'"'"'" <<<"$out"'
printf 'wifi_ssid: "%s"\n' 123456789012345678901234567890123 >"$tmp/n.conf"
out=$("$show" 2>&1)
check "a Wi-Fi name over 32 characters ($out)" 'grep -qF "$tmp/n.conf:1:12: '"'"'wifi_ssid'"'"': write 1 to 32" <<<"$out"'
printf 'rotation: 90\n' >"$tmp/n.conf"
out=$("$show" 2>&1)
check "an unknown key is a clear error ($out)" 'grep -qF "$tmp/n.conf:1:1: '"'"'rotation'"'"' is not a key of the settings" <<<"$out"'

# ALSA itself takes the card of `audio:` for its default device, which the music opens:
# asked for a card no machine has, the default device looks for that card by name (and
# so cannot open), whatever cards this machine has.
command -v aplay >/dev/null || die "aplay is missing (tools/deps check installs alsa-utils)"
out=$(ALSA_CARD=NurtureNoSuchCard timeout 5 aplay -q -D default -t raw -d 1 /dev/zero 2>&1)
rc=$?
check "ALSA's default device follows ALSA_CARD (exit $rc: $out)" \
    '[ $rc -ne 0 ] && grep -q "cannot find card .NurtureNoSuchCard." <<<"$out"'

finish
