#!/usr/bin/env bash
# check-hotspot.sh SOURCE PRINT_SETTINGS: tools/hotspot with stand-ins for nmcli,
# systemctl, rfkill and raspi-config (this machine's network is never touched). The
# connection it asks NetworkManager for is checked by the real nmcli, offline
# (`nmcli --offline connection add` prints the keyfile without a NetworkManager); the
# Wi-Fi name and password it writes are read back by the console's own settings code.
set -uo pipefail
src=$1 show=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); else echo "FAIL: $1"; fail=$((fail + 1)); fi; }
real_nmcli=$(command -v nmcli || true)

mkdir -p "$tmp/bin"
cat >"$tmp/bin/nmcli" <<EOF
#!/usr/bin/env bash
# nmcli stand-in: logs the call, keeps the connection names in a file, checks 'add'.
echo "nmcli \$*" >>"$tmp/calls"
case "\$*" in
"-t -f NAME connection show") cat "$tmp/connections" 2>/dev/null ;;
"connection delete "*) grep -vx "\$3" "$tmp/connections" >"$tmp/c.new" 2>/dev/null; mv "$tmp/c.new" "$tmp/connections" ;;
"connection add "*)
    if [ -n "$real_nmcli" ]; then "$real_nmcli" --offline "\$@" >"$tmp/keyfile" || exit 1; fi
    for ((i = 1; i <= \$#; i++)); do [ "\${!i}" = con-name ] && j=\$((i + 1)) && echo "\${!j}" >>"$tmp/connections"; done ;;
esac
exit 0
EOF
for tool in systemctl rfkill iw; do
    printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n' "$tool" "$tmp" >"$tmp/bin/$tool"
done
printf '#!/bin/sh\necho "raspi-config $*" >>"%s/calls"\n[ "$2" = get_wifi_country ] && echo GB\nexit 0\n' \
    "$tmp" >"$tmp/bin/raspi-config"
chmod +x "$tmp/bin"/*
export PATH=$tmp/bin:$PATH
conf=$tmp/etc/nurture.conf
mkdir -p "$tmp/etc"
printf '# the Pi'"'"'s settings\naudio: hdmi\nport: 8123\n' >"$conf"
hotspot() { "$src/tools/hotspot" --conf "$conf" "$@" >"$tmp/out" 2>&1; }
setting() { NURTURE_CONFIG=$conf "$show" | sed -n "s/^$1: //p"; }

# A new hotspot: a generated name and password.
hotspot --country gb
check "it succeeds ($(cat "$tmp/out"))" '[ $? -eq 0 ]'
ssid=$(setting wifi_ssid) password=$(setting wifi_password)
check "the console reads a generated name '$ssid'" '[[ "$ssid" =~ ^Nurture-[0-9]{4}$ ]]'
check "and a password of 8+ characters '$password'" '[ ${#password} -ge 8 ]'
check "the other settings are kept" 'grep -qx "audio: hdmi" "$conf" && grep -qx "port: 8123" "$conf" && grep -q "^# the Pi" "$conf"'
check "the page's address is printed" 'grep -q "http://10.42.0.1:8123/" "$tmp/out"'
check "the country is set" 'grep -qx "raspi-config nonint do_wifi_country GB" "$tmp/calls"'
check "the Wi-Fi radio is unblocked" 'grep -qx "rfkill unblock wifi" "$tmp/calls"'
check "the connection is brought up" 'grep -qx "nmcli connection up nurture-hotspot" "$tmp/calls"'
check "the console is restarted to show it" 'grep -qx "systemctl try-restart nurture.service" "$tmp/calls"'
if [ -n "$real_nmcli" ]; then
    for line in mode=ap band=bg key-mgmt=wpa-psk "proto=rsn;" "pairwise=ccmp;" method=shared \
        address1=10.42.0.1/24 "ssid=$ssid" "psk=$password" id=nurture-hotspot interface-name=wlan0; do
        check "NetworkManager's keyfile has $line" 'grep -qxF "$line" "$tmp/keyfile"'
    done
else
    echo "(nmcli is missing: the connection's settings are not checked)"
fi

# Again: the same name and password (posters and printed QR codes stay right).
: >"$tmp/calls"
hotspot
check "a second run keeps the name and password" '[ "$(setting wifi_ssid)" = "$ssid" ] && [ "$(setting wifi_password)" = "$password" ]'
check "it replaces the connection" 'grep -qx "nmcli connection delete nurture-hotspot" "$tmp/calls"'
check "one set of wifi keys in the file" '[ "$(grep -c "^wifi_ssid:" "$conf")" = 1 ]'

# Names and passwords with quotes, backslashes and spaces reach the console unchanged.
name='Room "4" \ back' word='p@ss "word" \1'
hotspot --ssid "$name" --password "$word"
check "a given name and password ($(cat "$tmp/out"))" '[ "$(setting wifi_ssid)" = "$name" ] && [ "$(setting wifi_password)" = "$word" ]'
if [ -n "$real_nmcli" ]; then
    # (the keyfile writes a backslash as two)
    check "NetworkManager gets the name and password as given" \
        'grep -qxF "ssid=${name//\\/\\\\}" "$tmp/keyfile" && grep -qxF "psk=${word//\\/\\\\}" "$tmp/keyfile"'
fi

# Off: no Wi-Fi keys for the console; on again: the same Wi-Fi as before.
: >"$tmp/calls"
hotspot off
check "off succeeds" '[ $? -eq 0 ]'
check "off deletes the connection" 'grep -qx "nmcli connection delete nurture-hotspot" "$tmp/calls"'
check "off leaves the console no Wi-Fi to show" '[ "$(setting wifi_ssid)" = "(none)" ]'
hotspot
check "on again brings back the same Wi-Fi" '[ "$(setting wifi_ssid)" = "$name" ] && [ "$(setting wifi_password)" = "$word" ]'
check "and no notes are left over" '! grep -q "^# off:" "$conf"'

# --dry-run prints and changes nothing; mistakes are refused.
cp "$conf" "$tmp/before"
: >"$tmp/calls"
hotspot --dry-run --ssid Other
check "--dry-run prints the nmcli commands" 'grep -q "^+ nmcli connection add type wifi .*ssid Other" "$tmp/out"'
check "--dry-run runs nothing" '[ ! -s "$tmp/calls" ] && cmp -s "$conf" "$tmp/before"'
hotspot --password short
check "a short password is refused" '[ $? -ne 0 ] && grep -q "8 to 63" "$tmp/out" && cmp -s "$conf" "$tmp/before"'
hotspot --ssid 123456789012345678901234567890123
check "a long name is refused" '[ $? -ne 0 ] && cmp -s "$conf" "$tmp/before"'
hotspot --country England
check "a bad country is refused" '[ $? -ne 0 ] && grep -q "two letters" "$tmp/out"'
"$src/tools/hotspot" --conf "$conf" show >"$tmp/out" 2>&1
check "show prints the Wi-Fi ($(cat "$tmp/out"))" 'grep -qF "Wi-Fi:    $name" "$tmp/out"'

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
