/* fuzz_settings.c: libFuzzer on the settings file (settings.h). Whatever the bytes, the
 * file is applied or refused with at least one message, never a crash or a leak, and
 * every text it sets is a string that can be read. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cli.h"
#include "core/settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void remove_file(void)
{
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) { /* one file of our own, in memory when it can be, named by $NURTURE_CONFIG */
        snprintf(path, sizeof path, "/dev/shm/nurture-fuzz-settings-XXXXXX");
        int fd = mkstemp(path);
        if (fd < 0) {
            snprintf(path, sizeof path, "/tmp/nurture-fuzz-settings-XXXXXX");
            fd = mkstemp(path);
        }
        if (fd < 0) abort();
        close(fd);
        setenv("NURTURE_CONFIG", path, 1);
        atexit(remove_file);
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size) abort();
    fclose(f);
    cli_options o;
    cli_init(&o);
    diag d;
    diag_init(&d);
    int rc = settings_apply(&o, &d);
    if (rc != 0 && d.count == 0) abort(); /* a refusal must always say why */
    const char *texts[] = {o.plan, o.pin, o.music_dir, o.audio, o.wifi_ssid, o.wifi_password};
    size_t total = 0;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (texts[i]) total += strlen(texts[i]);
    if (o.volume < 0 || o.volume > 100 || total > size + 64) abort();
    diag_release(&d);
    settings_release();
    return 0;
}
