/* settings.h: the console's settings files, so a kiosk needs no command line.
 *
 * Read in order, later files overriding earlier ones:
 *   /etc/nurture/nurture.conf                     the machine's settings
 *   $XDG_CONFIG_HOME/nurture/nurture.conf         a user's override (~/.config/...)
 * or only the file named by $NURTURE_CONFIG when it is set. A missing file is fine.
 *
 * The files are YAML, `key: value` lines; every key is also a command-line option,
 * and the command line wins:
 *   plan: baby-week-2        the class to run          (--plan)
 *   port: 8080               phone remote port          (--port)
 *   remote: false            no phone remote            (--no-remote)
 *   pin: "2468"              fixed pairing code         (--pin)
 *   music: /home/pi/Music    music folder, or built-in  (--music)
 *   mute: true               no sound                   (--mute)
 *   volume: 60               volume at start, percent   (--volume)
 *   window: true             a window, not fullscreen   (--window)
 *   size: 1280x720           window size                (--size)
 *   audio: hdmi              sound out of default, hdmi, hdmi2, headphones, card:NAME
 *                                                       (--audio)
 *   wifi_ssid: Nurture-4821  the room's Wi-Fi name, for the join QR code (--wifi-ssid)
 *   wifi_password: "..."     its password, 8 to 63 characters      (--wifi-password)
 * (tools/hotspot writes the two wifi_ keys into /etc/nurture/nurture.conf.)
 * An unknown key or a bad value is an error reported as FILE:LINE:COL: message. */
#ifndef NURTURE_SETTINGS_H
#define NURTURE_SETTINGS_H

#include "core/cli.h"
#include "core/diag.h"

/* Apply the settings files to `o`. Returns 0, or -1 with the problems in `d`. The
 * strings put into `o` stay valid until settings_release(). Main thread, at start. */
int settings_apply(cli_options *o, diag *d);

/* Free what settings_apply kept. */
void settings_release(void);

#endif
