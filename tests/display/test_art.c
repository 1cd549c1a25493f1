/* test_art: the body drawings from media/art. Every view of the rig draws at four sizes
 * (a phone-sized stage up to a 4K one), not blank and with its outline; every landmark
 * and part the shipped strokes name exists (the library loads without a problem); a
 * gentle movement moves the baby's limb between two moments; hands are see-through, so
 * two on one spot are both seen; every file rasterised over only what it draws has the
 * pixels the whole square has there, and nothing is drawn outside it; a missing, empty or
 * broken art file is refused with the file named; a broken rig is reported at its
 * FILE:LINE:COL like a plan. */
#include <SDL.h>
#include <SDL_image.h>
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

/* How the cropped picture differs from the whole square's pixels, channel by channel
 * premultiplied by alpha (what is seen over the field), over the whole square: the
 * largest difference, and how many channels differ by more than 2. */
static int compare(SDL_Surface *whole, SDL_Surface *part, SDL_Rect crop, long *off)
{
    int worst = 0;
    for (int y = 0; y < whole->h; y++)
        for (int x = 0; x < whole->w; x++) {
            Uint8 w[4], p[4] = {0, 0, 0, 0};
            Uint32 wp = ((Uint32 *)((Uint8 *)whole->pixels + y * whole->pitch))[x];
            SDL_GetRGBA(wp, whole->format, &w[0], &w[1], &w[2], &w[3]);
            bool in = x >= crop.x && x < crop.x + crop.w && y >= crop.y && y < crop.y + crop.h;
            if (in) {
                Uint32 pp =
                    ((Uint32 *)((Uint8 *)part->pixels + (y - crop.y) * part->pitch))[x - crop.x];
                SDL_GetRGBA(pp, part->format, &p[0], &p[1], &p[2], &p[3]);
            }
            for (int c = 0; c < 4; c++) {
                int a = c < 3 ? w[c] * w[3] / 255 : w[3], b = c < 3 ? p[c] * p[3] / 255 : p[3];
                if (abs(a - b) > worst) worst = abs(a - b);
                if (abs(a - b) > 2) (*off)++;
            }
        }
    return worst;
}

/* The rig's file `name` drawn whole `size` square by SDL_image, as the console once did. */
static SDL_Surface *whole_square(const char *name, int size)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", lib.rig->dir, name);
    SDL_RWops *rw = SDL_RWFromFile(path, "rb");
    SDL_Surface *s = rw ? IMG_LoadSizedSVG_RW(rw, size, size) : NULL;
    if (rw) SDL_RWclose(rw);
    return s;
}

TEST(test_art__a_part_rasterised_over_its_box_is_the_whole_square_cropped)
{
    static const int sizes[] = {150, 517, 900, 1800};
    const char *names[RIG_MAX_PARTS * VIEW_COUNT + VIEW_COUNT + 1];
    size_t n = 0;
    for (int v = 0; v < VIEW_COUNT; v++) {
        const rig_view *rv = &lib.rig->views[v];
        if (!rv->present) continue;
        names[n++] = rv->art;
        for (size_t i = 0; i < rv->nparts; i++)
            names[n++] = rv->parts[i].art;
    }
    names[n++] = lib.rig->hand_art;
    int worst = 0;
    long whole_px = 0, part_px = 0, off = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
            SDL_Surface *w = whole_square(names[i], sizes[k]);
            SDL_Rect crop;
            SDL_Surface *p = art_rasterise(lib.rig, names[i], sizes[k], &crop);
            CHECK(w != NULL && p != NULL);
            if (!w || !p) continue;
            CHECK_INT(p->w, crop.w);
            CHECK_INT(p->h, crop.h);
            int d = compare(w, p, crop, &off);
            if (d > worst) worst = d;
            whole_px += (long)w->w * w->h;
            part_px += (long)crop.w * crop.h;
            SDL_FreeSurface(w);
            SDL_FreeSurface(p);
        }
    fprintf(stderr,
            "cropped pictures: %.0f%% of the squares' pixels; %ld channels of %ld differ by more "
            "than 2, by %d at most\n",
            100.0 * (double)part_px / (double)whole_px, off, whole_px * 4, worst);
    /* The same pixels but where an edge lies exactly on one of the rasteriser's five
     * lines per pixel (the art's round numbers at round sizes): moved by a rounding, that
     * line's fifth of the pixel (51 levels) may count or not. Rare, and never more. */
    CHECK(worst <= 51);
    CHECK(off * 100000 < whole_px * 4);
    /* the parts are small: most of each square is never rasterised */
    CHECK(part_px * 3 < whole_px);
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
    RUN(test_art__a_part_rasterised_over_its_box_is_the_whole_square_cropped);
    RUN(test_art__broken_art_is_refused_with_the_file_named);
    RUN(test_art__a_broken_rig_is_reported_where_it_is_wrong);
    library_release(&lib);
    SDL_Quit(); /* frees SDL's per-thread error text */
    return testing_end();
}
