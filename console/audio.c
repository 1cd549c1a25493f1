/* audio.c: see audio.h. (Placeholder: silent until the audio engine lands; every
 * function accepts NULL, "no audio".) */
#include "audio.h"

#include <string.h>

audio *audio_create(const audio_config *cfg)
{
    (void)cfg;
    return NULL;
}

void audio_destroy(audio *a)
{
    (void)a;
}

void audio_on_session_event(audio *a, const session *s, const session_event *ev)
{
    (void)a, (void)s, (void)ev;
}

void audio_set_volume(audio *a, int percent)
{
    (void)a, (void)percent;
}

void audio_set_muted(audio *a, bool muted)
{
    (void)a, (void)muted;
}

void audio_next_track(audio *a)
{
    (void)a;
}

void audio_poll(audio *a, int64_t now_ms)
{
    (void)a, (void)now_ms;
}

void audio_get_status(const audio *a, audio_status *st)
{
    (void)a;
    memset(st, 0, sizeof(*st));
    st->notice = "no music yet";
}
