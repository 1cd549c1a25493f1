/* test_art: the body drawings from media/art. Every view of the rig draws at four sizes
 * (a phone-sized stage up to a 4K one), not blank and with its outline; every landmark
 * and part the shipped strokes name exists (the library loads without a problem); a
 * gentle movement moves the baby's limb between two moments; hands are see-through, so
 * two on one spot are both seen; a missing, empty or
 * broken art file is refused with the file named; a broken rig is reported at its
 * FILE:LINE:COL like a plan. */
#include <SDL.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/library.h"
#include "core/rig.h"
#include "platform/paths.h"
#include "screen/anim.h"
#include "screen/art.h"
#include "testing.h"

static library lib;
static const SDL_Color field = {0xFA, 0xF4, 0xEA, 0xFF};

/* Draw a view (posed or at rest) into a fresh surface of `size` pixels. */
static SDL_Surface *draw(stroke_view v, int size, const rig_pose *pose)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, size, size, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    SDL_SetRenderDrawColor(r, field.r, field.g, field.b, 255);
    SDL_RenderClear(r);
    art *a = art_create(r, lib.rig);
    art_draw_view(a, v, (SDL_Rect){0, 0, size, size}, field, pose);
    SDL_RenderPresent(r);
    art_destroy(a);
    SDL_DestroyRenderer(r);
    return s;
}

static Uint32 px(SDL_Surface *s, int x, int y)
{
    return ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x] & 0xFFFFFF;
}

/* How much of the surface is not the field, and how much is dark (the outline). */
static void coverage(SDL_Surface *s, double *drawn, double *dark)
{
    long n = 0, d = 0, k = 0;
    Uint32 bg = ((Uint32)field.r << 16) | ((Uint32)field.g << 8) | field.b;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++) {
            Uint32 p = px(s, x, y);
            n++;
            if (p != bg) d++;
            int l = (int)((p >> 16) & 0xFF) + (int)((p >> 8) & 0xFF) + (int)(p & 0xFF);
            if (l < 3 * 0x90) k++;
        }
    *drawn = (double)d / n;
    *dark = (double)k / n;
}

TEST(test_art__the_shipped_library_names_only_landmarks_and_parts_that_exist)
{
    /* loaded in main(): any unknown landmark or part would have been a problem */
    CHECK(lib.rig != NULL);
    size_t moving = 0;
    for (size_t i = 0; i < lib.nstrokes; i++)
        for (size_t m = 0; m < lib.strokes[i].nmoves; m++) {
            const rig_view *v = &lib.rig->views[lib.strokes[i].view];
            CHECK(lib.strokes[i].moves[m].part >= 0 &&
                  (size_t)lib.strokes[i].moves[m].part < v->nparts);
            moving++;
        }
    CHECK(moving >= 5 * 2);
}

TEST(test_art__every_view_draws_at_four_sizes)
{
    static const int sizes[] = {96, 420, 900, 1800};
    for (int v = 0; v < VIEW_COUNT; v++)
        for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
            SDL_Surface *s = draw((stroke_view)v, sizes[i], NULL);
            double drawn, dark;
            coverage(s, &drawn, &dark);
            if (drawn < 0.12 || dark < 0.002)
                fprintf(stderr, "%s at %d: %.3f drawn, %.4f outline\n", view_name((stroke_view)v),
                        sizes[i], drawn, dark);
            CHECK(drawn >= 0.12);
            CHECK(dark >= 0.002);
            SDL_FreeSurface(s);
        }
}

TEST(test_art__a_gentle_movement_moves_the_limbs)
{
    const stroke *s = library_stroke(&lib, "arms-crossed");
    CHECK(s != NULL);
    if (!s) return;
    const rig_view *v = &lib.rig->views[s->view];
    rig_pose a, b;
    anim_pose(s, v, 0.0f, false, &a);
    anim_pose(s, v, 0.375f, false, &b);
    SDL_Surface *sa = draw(s->view, 400, &a), *sb = draw(s->view, 400, &b);
    /* the chest, where the arms cross at mid-pass, and the elbow's place at rest */
    long changed = 0;
    for (int y = 110; y < 200; y++)
        for (int x = 140; x < 260; x++)
            changed += px(sa, x, y) != px(sb, x, y);
    CHECK(changed > 1500);
    /* the hands that hold the baby's hands move with them */
    int left = rig_landmark_index(v, "left-hand");
    anim_pt h0 = anim_held(v, &a, left, false), h1 = anim_held(v, &b, left, false);
    CHECK(h1.x > h0.x + 0.1f);
    SDL_FreeSurface(sa);
    SDL_FreeSurface(sb);
}

TEST(test_art__two_hands_on_one_spot_are_both_seen)
{
    const int size = 400;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, size, size, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    art *a = art_create(r, lib.rig);
    SDL_Rect area = {0, 0, size, size};
    art_draw_view(a, VIEW_BABY_FRONT, area, field, NULL);
    SDL_RenderPresent(r);
    /* a point on the tummy, a little off the palm's centre (where no ring is drawn) */
    int x = size / 2, y = (int)(0.47f * size);
    Uint32 body = px(s, x, y);
    SDL_FPoint at = {(float)x, (float)y - 12};
    art_draw_hand(a, at, 90, true, CONTACT_PALM, 0.0f, 0.72f);
    SDL_RenderPresent(r);
    Uint32 one = px(s, x, y);
    art_draw_hand(a, at, 90, false, CONTACT_PALM, 0.0f, 0.72f);
    SDL_RenderPresent(r);
    Uint32 two = px(s, x, y);
    /* the body shows through the first hand, and the first hand through the second */
    CHECK(one != body);
    CHECK(two != one);
    art_destroy(a);
    SDL_DestroyRenderer(r);
    /* drawn alone and opaque, the hand's own colour: a see-through one is not that */
    SDL_Surface *o = SDL_CreateRGBSurfaceWithFormat(0, size, size, 32, SDL_PIXELFORMAT_ARGB8888);
    r = SDL_CreateSoftwareRenderer(o);
    a = art_create(r, lib.rig);
    SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
    SDL_RenderClear(r);
    art_draw_hand(a, at, 90, true, CONTACT_PALM, 0.0f, 1.0f);
    SDL_RenderPresent(r);
    CHECK(px(o, x, y) != one);
    CHECK(px(o, x, y) != 0);
    art_destroy(a);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(o);
    SDL_FreeSurface(s);
}

static char tmp[64];

static void write_file(const char *name, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", tmp, name);
    FILE *f = fopen(p, "w");
    fputs(text, f);
    fclose(f);
}

/* A rig of one good view per view, whose baby-front part is `part_file`. */
static int check_rig_with(const char *part_file, diag *d, rig *r)
{
    char p[256];
    snprintf(p, sizeof p, "%s/rig.yaml", tmp);
    FILE *f = fopen(p, "w");
    fprintf(f, "views:\n");
    for (int v = 0; v < VIEW_COUNT; v++) {
        fprintf(f, "  %s:\n    art: good.svg\n    hand: 0.2\n", view_name((stroke_view)v));
        if (v == VIEW_BABY_FRONT)
            fprintf(f, "    parts:\n      - {part: head, art: %s, pivot: [0.5, 0.2]}\n", part_file);
    }
    fprintf(f, "hand:\n  art: good.svg\n  contacts: {palm: [0.5, 0.5], thumbs: [0.5, 0.5], "
               "fingertips: [0.5, 0.5], little-finger-edge: [0.5, 0.5]}\n");
    fclose(f);
    if (rig_load(r, p, d) != 0) return -2;
    return art_check(r, d);
}

static bool said(const diag *d, const char *file, const char *words)
{
    for (size_t i = 0; i < d->count; i++)
        if (strstr(d->msgs[i].file, file) && strstr(d->msgs[i].text, words)) return true;
    return false;
}

TEST(test_art__broken_art_is_refused_with_the_file_named)
{
    strcpy(tmp, "/tmp/nurture-art-XXXXXX");
    CHECK(mkdtemp(tmp) != NULL);
    write_file("good.svg", "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'>"
                           "<circle cx='5' cy='5' r='4' fill='#957A62'/></svg>");
    write_file("empty.svg", "");
    write_file("blank.svg", "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'></svg>");
    write_file("broken.svg", "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><path "
                             "d='M 1 1 L");
    write_file("garbage.svg", "\x01\x02 not a drawing at all");
    struct {
        const char *file, *words;
    } cases[] = {{"good.svg", NULL},
                 {"missing.svg", "cannot be read"},
                 {"empty.svg", "is empty"},
                 {"blank.svg", "draws nothing"},
                 {"broken.svg", "draws nothing"},
                 {"garbage.svg", ""}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        diag d;
        diag_init(&d);
        rig r;
        int rc = check_rig_with(cases[i].file, &d, &r);
        if (!cases[i].words) {
            CHECK_INT(rc, 0);
        } else {
            CHECK_INT(rc, -1);
            CHECK(said(&d, cases[i].file, cases[i].words));
            if (!said(&d, cases[i].file, cases[i].words)) diag_print(&d, stderr);
        }
        rig_release(&r);
        diag_release(&d);
    }
}

TEST(test_art__a_broken_rig_is_reported_where_it_is_wrong)
{
    write_file("bad-rig.yaml",
               "views:\n"
               "  baby-front:\n"
               "    art: good.svg\n"
               "    parts:\n"
               "      - {part: shin, art: good.svg, pivot: [0.5, 0.5], parent: thigh}\n"
               "  baby-bak:\n"
               "    art: good.svg\n"
               "hand:\n  art: good.svg\n  contacts: {palm: [0.5, 0.5]}\n");
    char p[256];
    snprintf(p, sizeof p, "%s/bad-rig.yaml", tmp);
    diag d;
    diag_init(&d);
    rig r;
    CHECK_INT(rig_load(&r, p, &d), -1);
    bool parent = false, view = false, contacts = false;
    for (size_t i = 0; i < d.count; i++) {
        const diag_msg *m = &d.msgs[i];
        if (m->line == 5 && m->col == 64 && strstr(m->text, "no part 'thigh'")) parent = true;
        if (m->line == 6 && m->col == 3 && strstr(m->text, "did you mean 'baby-back'")) view = true;
        if (m->line == 10 && strstr(m->text, "needs a 'thumbs:'")) contacts = true;
    }
    if (!parent || !view || !contacts) diag_print(&d, stderr);
    CHECK(parent);
    CHECK(view);
    CHECK(contacts);
    rig_release(&r);
    diag_release(&d);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    CHECK_INT(system(cmd), 0);
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    SDL_Init(0);
    diag d;
    diag_init(&d);
    int rc = library_load(&lib, paths_scenes_dir(), &d);
    if (rc == 0 && lib.rig) rc = art_check(lib.rig, &d);
    diag_print(&d, stderr);
    diag_release(&d);
    if (rc != 0) {
        fprintf(stderr, "the shipped library or its art has problems\n");
        return 1;
    }
    RUN(test_art__the_shipped_library_names_only_landmarks_and_parts_that_exist);
    RUN(test_art__every_view_draws_at_four_sizes);
    RUN(test_art__a_gentle_movement_moves_the_limbs);
    RUN(test_art__two_hands_on_one_spot_are_both_seen);
    RUN(test_art__broken_art_is_refused_with_the_file_named);
    RUN(test_art__a_broken_rig_is_reported_where_it_is_wrong);
    library_release(&lib);
    SDL_Quit(); /* frees SDL's per-thread error text */
    return testing_end();
}
