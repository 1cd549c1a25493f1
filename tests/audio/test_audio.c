/* test_audio.c: the audio engine without a sound device (--mute): it follows the
 * class's events, and every function takes NULL for "no audio". */
#include <stdlib.h>

#include "sound/audio.h"
#include "core/library.h"
#include "core/plan.h"
#include "core/session.h"
#include "testing.h"

static library lib;
static plan *p;

static void drain(session *s, audio *a)
{
    session_event ev;
    while (session_next_event(s, &ev))
        audio_on_session_event(a, s, &ev);
}

TEST(test_audio__null_is_no_audio)
{
    audio_status st;
    audio_set_volume(NULL, 50);
    audio_set_muted(NULL, true);
    audio_next_track(NULL);
    audio_poll(NULL, 0);
    audio_on_session_event(NULL, NULL, NULL);
    audio_get_status(NULL, &st);
    CHECK(!st.device_ok && st.notice == NULL);
    audio_destroy(NULL);
}

TEST(test_audio__music_follows_the_class)
{
    audio_config cfg = {.mute = true, .volume = 60, .seed = 1};
    audio *a = audio_create(&cfg);
    session *s = session_create(p, 0);
    audio_status st;
    drain(s, a);
    audio_poll(a, 0);
    audio_get_status(a, &st);
    CHECK(st.muted && !st.device_ok && st.notice == NULL); /* silent on purpose: no notice */
    CHECK_INT(st.volume, 60);
    CHECK(st.music_level == p->segments[0].music / 100.0f);
    session_cmd pause = {.kind = SESSION_PAUSE}, resume = {.kind = SESSION_RESUME};
    session_apply(s, &pause, 1000);
    drain(s, a);
    audio_get_status(a, &st);
    CHECK(st.music_level == 0);
    session_cmd next = {.kind = SESSION_NEXT};
    session_apply(s, &next, 2000); /* moving on while paused stays quiet */
    drain(s, a);
    audio_get_status(a, &st);
    CHECK(st.music_level == 0);
    session_apply(s, &resume, 3000);
    drain(s, a);
    audio_get_status(a, &st);
    CHECK(st.music_level == p->segments[session_segment(s)].music / 100.0f);
    audio_set_volume(a, 150);
    audio_get_status(a, &st);
    CHECK_INT(st.volume, 100);
    audio_next_track(a);
    audio_set_muted(a, false); /* --mute holds: still no device, and the screen says why */
    audio_poll(a, 10000);
    audio_get_status(a, &st);
    CHECK(!st.muted && !st.device_ok && st.notice != NULL);
    session_destroy(s);
    audio_destroy(a);
}

int main(int argc, char **argv)
{
    diag d;
    diag_init(&d);
    if (library_load(&lib, FIXTURE "/fixture/scenes", &d) != 0 ||
        !(p = plan_load(FIXTURE "/good/minimal.yaml", &lib, &d))) {
        diag_print(&d, stderr);
        return 1;
    }
    testing_begin(argc, argv);
    RUN(test_audio__null_is_no_audio);
    RUN(test_audio__music_follows_the_class);
    plan_destroy(p);
    library_release(&lib);
    diag_release(&d);
    return testing_end();
}
