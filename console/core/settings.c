/* settings.c: see settings.h. */
#include "core/settings.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/schema.h"
#include "core/ydoc.h"

static arena kept; /* strings handed to cli_options */

static int apply_file(const char *path, cli_options *o, diag *d)
{
    static const char *const keys[] = {"plan",      "port",          "remote", "pin",  "music",
                                       "mute",      "volume",        "window", "size", "audio",
                                       "wifi_ssid", "wifi_password", NULL};
    arena tree;
    arena_init(&tree);
    ynode *root;
    schema_ctx c = {.mem = &kept, .path = path, .d = d};
    if (ydoc_load_file(&tree, path, &root, d) != 0) {
        arena_release(&tree);
        return -1;
    }
    if (schema_keys(&c, root, "the settings", keys, NULL) == 0 || root->kind == YNODE_MAP) {
        const char *plan = schema_text(&c, root, "plan", false);
        if (plan) o->plan = plan;
        o->port = schema_int(&c, root, "port", 1, 65535, o->port);
        o->no_remote = !schema_bool(&c, root, "remote", !o->no_remote);
        const char *pin = schema_text(&c, root, "pin", false);
        if (pin && !cli_valid_pin(pin))
            schema_error(&c, ydoc_get(root, "pin"), "the pin is 4 to 8 digits, in quotes");
        else if (pin)
            o->pin = pin;
        const char *music = schema_text(&c, root, "music", false);
        if (music) o->music_dir = strcmp(music, "built-in") ? music : NULL;
        o->mute = schema_bool(&c, root, "mute", o->mute);
        o->volume = schema_int(&c, root, "volume", 0, 100, o->volume);
        o->window = schema_bool(&c, root, "window", o->window);
        const char *size = schema_text(&c, root, "size", false);
        if (size && cli_parse_size(size, &o->width, &o->height))
            schema_error(&c, ydoc_get(root, "size"),
                         "write the size as WIDTHxHEIGHT, e.g. 1280x720");
        const char *audio = schema_text(&c, root, "audio", false);
        if (audio && cli_audio_card(audio, &o->audio_card))
            schema_error(&c, ydoc_get(root, "audio"),
                         "'audio' is default, hdmi, hdmi2, headphones, or card:NAME");
        else if (audio)
            o->audio = audio;
        const char *ssid = schema_text(&c, root, "wifi_ssid", false);
        if (ssid && !cli_wifi_ssid_ok(ssid))
            schema_error(&c, ydoc_get(root, "wifi_ssid"), "a Wi-Fi name is 1 to 32 characters");
        else if (ssid)
            o->wifi_ssid = ssid;
        const char *password = schema_text(&c, root, "wifi_password", false);
        if (password && !cli_wifi_password_ok(password))
            schema_error(&c, ydoc_get(root, "wifi_password"),
                         "a Wi-Fi password is 8 to 63 letters, digits or signs");
        else if (password && !o->wifi_ssid)
            schema_error(&c, ydoc_get(root, "wifi_password"),
                         "a Wi-Fi password needs its name ('wifi_ssid')");
        else if (password)
            o->wifi_password = password;
    }
    arena_release(&tree);
    return c.errors ? -1 : 0;
}

int settings_apply(cli_options *o, diag *d)
{
    const char *only = getenv("NURTURE_CONFIG");
    if (only && *only) return access(only, F_OK) == 0 ? apply_file(only, o, d) : 0;
    int rc = 0;
    if (access("/etc/nurture/nurture.conf", F_OK) == 0)
        rc |= apply_file("/etc/nurture/nurture.conf", o, d);
    char user[PATH_MAX];
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    int n = -1;
    if (xdg && *xdg)
        n = snprintf(user, sizeof user, "%s/nurture/nurture.conf", xdg);
    else if (home && *home)
        n = snprintf(user, sizeof user, "%s/.config/nurture/nurture.conf", home);
    if (n > 0 && (size_t)n < sizeof user && access(user, F_OK) == 0) rc |= apply_file(user, o, d);
    return rc;
}

void settings_release(void)
{
    arena_release(&kept);
}
