/* status.h: what the sound and the phone remote report about themselves.
 *
 * The sound (sound/audio.h) and the remote (remote/remote.h) fill these; the screen,
 * the terminal view and the phones' state show them. They live here, below all three,
 * so that the screen and the remote need not include one another or the sound: each
 * of sound/, screen/ and remote/ includes only core/ and platform/.
 *
 * Plain values, copied by whoever asks (audio_get_status, remote_get_status); the
 * strings of audio_status belong to the audio object and stay valid until its next
 * audio_poll or audio_destroy. */
#ifndef NURTURE_STATUS_H
#define NURTURE_STATUS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct audio_status {
    bool device_ok; /* a sound device is open and playing */
    bool muted;
    int volume;         /* percent */
    float music_level;  /* the level the music is fading to, 0 to 1 */
    const char *notice; /* a short line for the screen, or NULL when all is well */
    const char *track;  /* name of the playing file, or NULL for the built-in music */
    unsigned underruns; /* output underflows counted since start */
} audio_status;

/* A fixed pairing code (--pin, `pin:`) is this many digits; the remote draws codes of
 * its own (remote/pair.h). remote_status.code holds the longest. */
#define PIN_MIN_DIGITS 6
#define PIN_MAX_DIGITS 10

typedef struct remote_status {
    int controllers, followers; /* phones connected */
    char url[128];              /* the page's address to follow the class, for its QR code */
    /* Only while the pairing code is open (else empty): the code, and the address with
     * the one-time pairing token for the QR code; open_ms is how long the instructor's
     * minute has left (0: open because no phone controls). */
    char code[PIN_MAX_DIGITS + 1];
    char pair_url[192];
    int64_t open_ms;
} remote_status;

#endif
