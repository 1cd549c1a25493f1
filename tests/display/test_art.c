/* test_art: the body drawings from media/art. Every view of the rig draws at four sizes
 * (a phone-sized stage up to a 4K one), not blank and with its outline; every landmark
 * and part the shipped strokes name exists (the library loads without a problem); a
 * gentle movement moves the baby's limb between two moments; a hand is whole but for
 * the see-through part that works, and every hand's contact shows over the others (with
 * an arrowhead the way it moves); a limb a close-up cuts runs on to the panel's edge;
 * every stroke's hands stay inside the panel from 0.1 to 0.9 of a pass; the face
 * strokes never cover the eyes; a missing, empty or broken art file is refused with the
 * file named; a broken rig is reported at its FILE:LINE:COL like a plan. */
#include <SDL.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/library.h"
#include "core/rig.h"
#include "platform/paths.h"
#include "screen/anim.h"
#include "screen/art.h"
#include "screen/body.h"
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

/* A software renderer over a fresh w x h surface cleared to `bg`. */
static SDL_Renderer *canvas(int w, int h, SDL_Color bg, SDL_Surface **out)
{
    *out = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(*out);
    SDL_SetRenderDrawColor(r, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(r);
    return r;
}

/* The left hand of rig `rg` alone, its `contact` on the middle of a w x w canvas over
 * `bg`, `size` pixels, fingers up. */
static SDL_Surface *hand_alone(const rig *rg, stroke_contact contact, int w, int size, SDL_Color bg)
{
    SDL_Surface *s;
    SDL_Renderer *r = canvas(w, w, bg, &s);
    art *a = art_create(r, rg);
    art_draw_hand(a, (SDL_FPoint){w / 2.0f, w / 2.0f}, size, true, contact, 0.0f, 1.0f);
    SDL_RenderPresent(r);
    art_destroy(a);
    SDL_DestroyRenderer(r);
    return s;
}

TEST(test_art__a_hand_is_whole_but_where_its_contact_works)
{
    const int w = 640, size = 300;
    const SDL_Color black = {0, 0, 0, 255}, white = {255, 255, 255, 255};
    rig plain = *lib.rig; /* the same hand, never see-through */
    memset(plain.nclear, 0, sizeof plain.nclear);
    for (int c = 0; c < CONTACT_COUNT; c++) {
        const rig_disc *discs = lib.rig->clear[c];
        size_t nd = lib.rig->nclear[c];
        CHECK(nd >= 1);
        SDL_Surface *pb = hand_alone(&plain, (stroke_contact)c, w, size, black),
                    *pw = hand_alone(&plain, (stroke_contact)c, w, size, white),
                    *cb = hand_alone(lib.rig, (stroke_contact)c, w, size, black),
                    *cw = hand_alone(lib.rig, (stroke_contact)c, w, size, white);
        long hand = 0, seen_outside = 0, in_disc[RIG_MAX_DISCS] = {0}, seen_in[RIG_MAX_DISCS] = {0};
        const float *ct = lib.rig->contact[c];
        for (int y = 0; y < w; y++)
            for (int x = 0; x < w; x++) {
                if (px(pb, x, y) != px(pw, x, y)) continue; /* not the opaque hand */
                hand++;
                bool seen = px(cb, x, y) != px(cw, x, y);
                bool near = false;
                for (size_t k = 0; k < nd; k++) {
                    float dx = x + 0.5f - (w / 2.0f + (discs[k].x - ct[0]) * size);
                    float dy = y + 0.5f - (w / 2.0f + (discs[k].y - ct[1]) * size);
                    float d = SDL_sqrtf(dx * dx + dy * dy), r = discs[k].r * size;
                    if (d < r + 2.0f) near = true;
                    if (d < r * 0.6f) {
                        in_disc[k]++;
                        seen_in[k] += seen;
                    }
                }
                if (seen && !near) seen_outside++;
            }
        /* a whole hand: opaque everywhere but its discs, which show what is under them */
        CHECK(hand > (long)size * size / 5);
        CHECK_INT(seen_outside, 0);
        for (size_t k = 0; k < nd; k++) {
            CHECK(in_disc[k] > 20);
            CHECK(seen_in[k] * 2 > in_disc[k]);
            if (in_disc[k] <= 20 || seen_in[k] * 2 <= in_disc[k])
                fprintf(stderr, "%s disc %zu: %ld of %ld hand pixels see-through\n",
                        view_contact_names[c], k, seen_in[k], in_disc[k]);
        }
        SDL_FreeSurface(pb);
        SDL_FreeSurface(pw);
        SDL_FreeSurface(cb);
        SDL_FreeSurface(cw);
    }
}

static const Uint32 mark_ink = 0x6E3219; /* THEME_INK_TERRA: the contact's mark */

TEST(test_art__every_hand_shows_its_contact_over_the_others)
{
    const int w = 400;
    SDL_Surface *s;
    SDL_Renderer *r = canvas(w, w, field, &s);
    body_cache *b = body_create(r);
    SDL_Rect area = {0, 0, w, w};
    body_draw(b, lib.rig, VIEW_BABY_FRONT, area, field, NULL);
    int size = body_hand_size(lib.rig, VIEW_BABY_FRONT, area);
    /* the left hand's thumb on the tummy, moving up; the right hand over it, its palm
     * (whole, for a thumbs stroke) on that very spot */
    body_hand one = {.pos = {0.5f, 0.45f},
                     .left = true,
                     .contact = CONTACT_THUMBS,
                     .alpha = 1.0f,
                     .heading = {0.0f, -0.01f}};
    const float *ct = lib.rig->contact[CONTACT_THUMBS];
    body_hand two = one;
    two.left = false;
    two.heading = (anim_pt){0, 0};
    two.pos.x -= ((1.0f - 0.48f) - (1.0f - ct[0])) * size / w;
    two.pos.y -= (0.64f - ct[1]) * size / w;
    body_draw_hand(b, lib.rig, VIEW_BABY_FRONT, area, &one);
    body_draw_hand(b, lib.rig, VIEW_BABY_FRONT, area, &two);
    SDL_RenderPresent(r);
    int x1 = (int)(one.pos.x * w), y1 = (int)(one.pos.y * w);
    int x2 = (int)(two.pos.x * w), y2 = (int)(two.pos.y * w);
    Uint32 covered = px(s, x1, y1);
    CHECK(covered != mark_ink); /* the second hand hides the first's thumb */
    body_draw_contact(b, lib.rig, VIEW_BABY_FRONT, area, &one);
    body_draw_contact(b, lib.rig, VIEW_BABY_FRONT, area, &two);
    SDL_RenderPresent(r);
    /* both contacts show, over both hands */
    CHECK(px(s, x1, y1) == mark_ink);
    CHECK(px(s, x2, y2) == mark_ink);
    /* the moving hand has an arrowhead ahead of its contact; the still one none */
    float ahead = size * (0.09f + 0.17f * 0.6f);
    CHECK(px(s, x1, (int)(y1 - ahead)) == mark_ink);
    CHECK(px(s, x2, (int)(y2 - ahead)) != mark_ink);
    CHECK(px(s, x2, (int)(y2 + ahead)) != mark_ink);
    body_destroy(b);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
}

/* A view drawn as the stage shows it: a panel of `w` pixels, the view inset by a 24th
 * of it on every side; with its run-on when `run_on`. */
static SDL_Surface *staged(stroke_view v, int w, bool run_on, SDL_Rect *area)
{
    SDL_Surface *s;
    SDL_Renderer *r = canvas(w, w, field, &s);
    body_cache *b = body_create(r);
    int pad = w / 24;
    *area = (SDL_Rect){pad, pad, w - 2 * pad, w - 2 * pad};
    body_draw(b, lib.rig, v, *area, field, NULL);
    if (run_on) body_draw_run_on(b, lib.rig, v, *area, (SDL_Rect){0, 0, w, w});
    SDL_RenderPresent(r);
    body_destroy(b);
    SDL_DestroyRenderer(r);
    return s;
}

/* Along a row (or column) of `s`: pixels not the field, and dark ones (the outline). */
static void line_drawn(SDL_Surface *s, bool row, int at, long *drawn, long *dark)
{
    Uint32 bg = ((Uint32)field.r << 16) | ((Uint32)field.g << 8) | field.b;
    *drawn = *dark = 0;
    for (int i = 0; i < (row ? s->w : s->h); i++) {
        Uint32 p = row ? px(s, i, at) : px(s, at, i);
        *drawn += p != bg;
        *dark += ((p >> 16) & 0xFF) + ((p >> 8) & 0xFF) + (p & 0xFF) < 3 * 0x90;
    }
}

TEST(test_art__a_limb_a_close_up_cuts_runs_on_to_the_panel_edge)
{
    const int w = 480;
    int cut_views = 0;
    for (int v = 0; v < VIEW_COUNT; v++) {
        SDL_Rect a;
        SDL_Surface *bare = staged((stroke_view)v, w, false, &a),
                    *run = staged((stroke_view)v, w, true, &a);
        unsigned cut = lib.rig->views[v].cut;
        cut_views += cut != 0;
        /* each edge: the picture's own last line, and the panel's edge beyond it */
        struct {
            unsigned bit;
            bool row;
            int inside, edge;
        } edges[] = {{RIG_CUT_TOP, true, a.y + 1, 0},
                     {RIG_CUT_BOTTOM, true, a.y + a.h - 2, w - 1},
                     {RIG_CUT_LEFT, false, a.x + 1, 0},
                     {RIG_CUT_RIGHT, false, a.x + a.w - 2, w - 1}};
        for (size_t e = 0; e < 4; e++) {
            long in_drawn, in_dark, bare_drawn, bare_dark, drawn, dark;
            line_drawn(bare, edges[e].row, edges[e].inside, &in_drawn, &in_dark);
            line_drawn(bare, edges[e].row, edges[e].edge, &bare_drawn, &bare_dark);
            line_drawn(run, edges[e].row, edges[e].edge, &drawn, &dark);
            CHECK_INT(bare_drawn, 0); /* the view alone stays inside its square */
            if (cut & edges[e].bit) {
                /* cut here: a limb with its outline on both sides reaches the panel's edge */
                CHECK(in_drawn > a.w / 20);
                CHECK(drawn > a.w / 20);
                CHECK(dark >= 2);
                if (drawn <= a.w / 20 || dark < 2)
                    fprintf(stderr, "%s: %ld pixels (%ld dark) at the panel's edge\n",
                            view_name((stroke_view)v), drawn, dark);
            } else {
                /* not cut: the picture does not reach this edge, and nothing runs on */
                CHECK(in_drawn < 3);
                CHECK_INT(drawn, 0);
                if (in_drawn >= 3)
                    fprintf(stderr, "%s reaches an edge (%zu) it does not say is cut\n",
                            view_name((stroke_view)v), e);
            }
        }
        SDL_FreeSurface(bare);
        SDL_FreeSurface(run);
    }
    CHECK(cut_views >= 4); /* the leg, the palm, the back of the hand, the child's palm */
}

TEST(test_art__a_hand_may_point_its_own_way)
{
    /* eyebrows: the hands come in from the sides (their own reach), the stroke's is up */
    const stroke *s = library_stroke(&lib, "eyebrows");
    CHECK(s != NULL);
    if (!s) return;
    CHECK_INT(s->reach, 0);
    CHECK_INT(s->nhands, 2);
    CHECK_INT(s->hands[0].reach, s->hands[0].left ? 90 : 270);
    CHECK_INT(s->hands[1].reach, s->hands[1].left ? 90 : 270);
    /* combing: the stroke says down, and its hands (saying nothing) take it */
    const stroke *c = library_stroke(&lib, "combing");
    CHECK(c != NULL);
    if (!c) return;
    CHECK_INT(c->reach, 180);
    for (size_t i = 0; i < c->nhands; i++)
        CHECK_INT(c->hands[i].reach, 180);
    /* drawn mirrored (the other side), a hand points the mirrored way */
    rig_pose pose;
    rig_pose_rest(&pose);
    body_hand h[STROKE_MAX_HANDS];
    const rig_view *rv = &lib.rig->views[s->view];
    size_t n = body_hands_at(s, rv, &pose, 0.5f, true, h);
    CHECK_INT(n, 2);
    for (size_t i = 0; i < n; i++)
        CHECK((int)h[i].reach == (h[i].left ? 90 : 270));
}

/* The box the left hand's drawing fills in its square (fingertips to wrist). */
static void hand_box(float box[4])
{
    const int w = 400, size = 200;
    const SDL_Color black = {0, 0, 0, 255};
    SDL_Surface *s = hand_alone(lib.rig, CONTACT_PALM, w, size, black);
    int x0 = w, y0 = w, x1 = -1, y1 = -1;
    for (int y = 0; y < w; y++)
        for (int x = 0; x < w; x++)
            if (px(s, x, y)) {
                x0 = x < x0 ? x : x0;
                x1 = x > x1 ? x : x1;
                y0 = y < y0 ? y : y0;
                y1 = y > y1 ? y : y1;
            }
    /* back to the hand's square: its contact was on the canvas's middle */
    const float *ct = lib.rig->contact[CONTACT_PALM];
    box[0] = ct[0] + (x0 - w / 2.0f) / size;
    box[1] = ct[1] + (y0 - w / 2.0f) / size;
    box[2] = ct[0] + (x1 + 1 - w / 2.0f) / size;
    box[3] = ct[1] + (y1 + 1 - w / 2.0f) / size;
    SDL_FreeSurface(s);
}

TEST(test_art__every_hand_stays_inside_the_panel)
{
    float box[4];
    hand_box(box);
    CHECK(box[2] - box[0] > 0.5f && box[3] - box[1] > 0.7f);
    /* the panel around a view's square: a 24th of the panel on every side */
    const float pad = 1.0f / 22.0f, slack = 0.004f;
    int bad = 0;
    for (size_t i = 0; i < lib.nstrokes; i++) {
        const stroke *s = &lib.strokes[i];
        const rig_view *rv = &lib.rig->views[s->view];
        bool reported = false;
        for (int m = 0; m < 2; m++)
            for (int k = 0; k <= 32; k++) {
                float phase = 0.1f + 0.8f * k / 32.0f;
                rig_pose pose;
                anim_pose(s, rv, phase, m == 1, &pose);
                body_hand hands[STROKE_MAX_HANDS];
                size_t n = body_hands_at(s, rv, &pose, phase, m == 1, hands);
                for (size_t h = 0; h < n; h++) {
                    if (hands[h].alpha <= 0.01f) continue;
                    const float *ct = lib.rig->contact[s->contact];
                    float size = rv->hand, t = hands[h].reach * (float)(M_PI / 180.0);
                    for (int corner = 0; corner < 4; corner++) {
                        float qx = box[corner & 1 ? 2 : 0], qy = box[corner & 2 ? 3 : 1];
                        float dx = (qx - ct[0]) * size, dy = (qy - ct[1]) * size;
                        if (!hands[h].left) dx = -dx;
                        float x = hands[h].pos.x + dx * cosf(t) - dy * sinf(t);
                        float y = hands[h].pos.y + dx * sinf(t) + dy * cosf(t);
                        bool out = x < -pad - slack || x > 1 + pad + slack || y < -pad - slack ||
                                   y > 1 + pad + slack;
                        if (out && !reported) {
                            fprintf(stderr,
                                    "%s: a hand leaves the panel at %.2f of a pass%s (%.2f, "
                                    "%.2f)\n",
                                    s->id, phase, m ? ", other side" : "", x, y);
                            reported = true;
                            bad++;
                        }
                    }
                }
            }
    }
    CHECK_INT(bad, 0);
}

TEST(test_art__face_strokes_leave_the_eyes_seen)
{
    const int w = 400;
    const rig_view *rv = &lib.rig->views[VIEW_BABY_FACE];
    int eyes[2] = {rig_landmark_index(rv, "left-eye"), rig_landmark_index(rv, "right-eye")};
    CHECK(eyes[0] >= 0 && eyes[1] >= 0);
    if (eyes[0] < 0 || eyes[1] < 0) return;
    SDL_Rect area = {0, 0, w, w};
    int faces = 0, bad = 0;
    for (size_t i = 0; i < lib.nstrokes; i++) {
        const stroke *s = &lib.strokes[i];
        if (s->view != VIEW_BABY_FACE) continue;
        faces++;
        bool reported = false;
        for (int m = 0; m < 2; m++)
            for (int k = 0; k < 20; k++) {
                float phase = (k + 0.5f) / 20.0f;
                SDL_Surface *out;
                SDL_Renderer *r = canvas(w, w, field, &out);
                body_cache *b = body_create(r);
                body_draw(b, lib.rig, s->view, area, field, NULL);
                SDL_RenderPresent(r);
                Uint32 before[2][9];
                for (int e = 0; e < 2; e++)
                    for (int j = 0; j < 9; j++)
                        before[e][j] = px(out, (int)(rv->marks[eyes[e]].at[0] * w) + j % 3 - 1,
                                          (int)(rv->marks[eyes[e]].at[1] * w) + j / 3 - 1);
                rig_pose pose;
                rig_pose_rest(&pose);
                body_hand hands[STROKE_MAX_HANDS];
                size_t n = body_hands_at(s, rv, &pose, phase, m == 1, hands);
                for (size_t h = 0; h < n; h++)
                    body_draw_hand(b, lib.rig, s->view, area, &hands[h]);
                for (size_t h = 0; h < n; h++)
                    body_draw_contact(b, lib.rig, s->view, area, &hands[h]);
                SDL_RenderPresent(r);
                for (int e = 0; e < 2; e++)
                    for (int j = 0; j < 9; j++)
                        if (px(out, (int)(rv->marks[eyes[e]].at[0] * w) + j % 3 - 1,
                               (int)(rv->marks[eyes[e]].at[1] * w) + j / 3 - 1) != before[e][j] &&
                            !reported) {
                            fprintf(stderr, "%s: a hand covers an eye at %.3f of a pass%s\n", s->id,
                                    phase, m ? ", other side" : "");
                            reported = true;
                            bad++;
                        }
                body_destroy(b);
                SDL_DestroyRenderer(r);
                SDL_FreeSurface(out);
            }
    }
    CHECK(faces >= 5);
    CHECK_INT(bad, 0);
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
    RUN(test_art__a_hand_is_whole_but_where_its_contact_works);
    RUN(test_art__every_hand_shows_its_contact_over_the_others);
    RUN(test_art__a_limb_a_close_up_cuts_runs_on_to_the_panel_edge);
    RUN(test_art__a_hand_may_point_its_own_way);
    RUN(test_art__every_hand_stays_inside_the_panel);
    RUN(test_art__face_strokes_leave_the_eyes_seen);
    RUN(test_art__broken_art_is_refused_with_the_file_named);
    RUN(test_art__a_broken_rig_is_reported_where_it_is_wrong);
    library_release(&lib);
    SDL_Quit(); /* frees SDL's per-thread error text */
    return testing_end();
}
