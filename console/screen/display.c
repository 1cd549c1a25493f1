/* display.c: see display.h.
 *
 * A frame is drawn into a render target (`frame`) and copied to the screen; when the
 * scene changes (another step, the cover screen) the last frame is kept (`prev`) and
 * faded out over the new one for half a second. Headless frames (--render) are drawn
 * by the software renderer straight into a surface, with no fades.
 *
 * The class-state band (timer, timeline, class clock, music and phones) is drawn here;
 * the content of each kind of segment is in scene.c. */
#include "screen/display.h"

#include <SDL.h>
#include <SDL_image.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen/body.h"
#include "screen/draw.h"
#include "screen/qr.h"
#include "screen/scene.h"
#include "screen/text.h"
#include "screen/theme.h"

#define FADE_MS        500
#define TWO_MIN_CUE_MS 8000  /* the timer glows this long after two minutes are left */
#define TIME_UP_CUE_MS 10000 /* "time is up" this long, then "over" */
#define OVERTIME_PULSE 30000 /* the overtime outline breathes this long */

static const SDL_Color page = THEME_PAGE, band_c = THEME_BAND, line_c = THEME_LINE;
static const SDL_Color ink = THEME_INK, ink_soft = THEME_INK_SOFT, ink_terra = THEME_INK_TERRA;
static const SDL_Color terra = THEME_TERRA, terra_soft = THEME_TERRA_SOFT, sage = THEME_SAGE;
static const SDL_Color sage_soft = THEME_SAGE_SOFT, dusk = THEME_DUSK, cover = THEME_COVER;
static const SDL_Color card_field = THEME_CARD;

struct display {
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Surface *surface; /* headless target */
    bool headless, video, targets;
    int w, h;
    SDL_Texture *frame, *prev; /* window mode with render targets */
    bool have_frame;
    int64_t fade_start;
    bool fading;
    int shown_segment, shown_step;
    bool shown_blank, shown_any;
    scene_ctx sc;
    char qr_for[192];
};

static void free_targets(display *d)
{
    if (d->frame) SDL_DestroyTexture(d->frame);
    if (d->prev) SDL_DestroyTexture(d->prev);
    d->frame = d->prev = NULL;
    d->have_frame = false;
    d->fading = false;
}

static void ensure_targets(display *d)
{
    int w = 0, h = 0;
    if (d->headless) {
        w = d->surface->w;
        h = d->surface->h;
    } else {
        SDL_GetRendererOutputSize(d->ren, &w, &h);
    }
    if (w == d->w && h == d->h && (d->frame || !d->targets)) return;
    d->w = w;
    d->h = h;
    free_targets(d);
    if (!d->targets) return;
    d->frame = SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, w, h);
    d->prev = SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, w, h);
    if (!d->frame || !d->prev) {
        free_targets(d);
        d->targets = false;
        return;
    }
    SDL_SetTextureBlendMode(d->prev, SDL_BLENDMODE_BLEND);
}

/* The GLES2 renderer where there is one (the Pi), else SDL's choice; SDL_RENDER_DRIVER
 * in the environment overrides both. */
static SDL_Renderer *make_renderer(SDL_Window *win)
{
    const Uint32 flags = SDL_RENDERER_PRESENTVSYNC;
    if (!SDL_GetHint(SDL_HINT_RENDER_DRIVER)) {
        for (int i = 0; i < SDL_GetNumRenderDrivers(); i++) {
            SDL_RendererInfo info;
            if (SDL_GetRenderDriverInfo(i, &info) == 0 && !strcmp(info.name, "opengles2")) {
                SDL_Renderer *r = SDL_CreateRenderer(win, i, flags);
                if (r) return r;
            }
        }
    }
    return SDL_CreateRenderer(win, -1, flags);
}

display *display_create(const display_config *cfg, char *err, size_t errlen)
{
    display *d = calloc(1, sizeof(*d));
    if (!d) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    int w = cfg->width ? cfg->width : 1280, h = cfg->height ? cfg->height : 720;
    d->headless = cfg->headless;
    d->shown_segment = -1;
    if (d->headless) {
        d->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (d->surface) d->ren = SDL_CreateSoftwareRenderer(d->surface);
        if (!d->ren) goto fail;
    } else {
        if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) goto fail;
        d->video = true;
        SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
        SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
        Uint32 flags = cfg->window ? SDL_WINDOW_RESIZABLE : SDL_WINDOW_FULLSCREEN_DESKTOP;
        d->win = SDL_CreateWindow("Nurture", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                                  flags | SDL_WINDOW_ALLOW_HIGHDPI);
        if (!d->win) goto fail;
        d->ren = make_renderer(d->win);
        if (!d->ren) goto fail;
        SDL_ShowCursor(cfg->window ? SDL_ENABLE : SDL_DISABLE);
        d->targets = SDL_RenderTargetSupported(d->ren);
    }
    SDL_SetRenderDrawBlendMode(d->ren, SDL_BLENDMODE_BLEND);
    d->sc.ren = d->ren;
    d->sc.text = text_create(d->ren, err, errlen);
    if (!d->sc.text) {
        display_destroy(d);
        return NULL;
    }
    d->sc.body = body_create(d->ren);
    if (!d->sc.body) goto fail;
    if (cfg->wifi_ssid && cfg->wifi_password) {
        char wifi[256];
        if (qr_wifi_text(cfg->wifi_ssid, cfg->wifi_password, wifi, sizeof wifi) == 0)
            d->sc.wifi_qr = qr_texture(d->ren, wifi, &d->sc.wifi_qr_size);
    }
    ensure_targets(d);
    return d;
fail:
    snprintf(err, errlen, "%s", SDL_GetError());
    display_destroy(d);
    return NULL;
}

void display_destroy(display *d)
{
    if (!d) return;
    free_targets(d);
    if (d->sc.qr) SDL_DestroyTexture(d->sc.qr);
    if (d->sc.wifi_qr) SDL_DestroyTexture(d->sc.wifi_qr);
    body_destroy(d->sc.body);
    text_destroy(d->sc.text);
    if (d->ren) SDL_DestroyRenderer(d->ren);
    if (d->surface) SDL_FreeSurface(d->surface);
    if (d->win) SDL_DestroyWindow(d->win);
    if (d->video) SDL_QuitSubSystem(SDL_INIT_VIDEO);
    free(d);
}

void display_on_session_event(display *d, const session_event *ev, int64_t now_ms)
{
    /* Scene changes are noticed when drawing (so --render and the phones' commands
     * are treated alike); nothing else needs the events yet. */
    (void)d, (void)ev, (void)now_ms;
}

/* --- The class-state band ---------------------------------------------------------- */

static float pulse(int64_t ms, int64_t period)
{
    return 0.5f - 0.5f * cosf(6.2831853f * (float)(ms % period) / (float)period);
}

static void pause_icon(SDL_Renderer *r, float x, float y, float s, SDL_Color c)
{
    float w = s * 0.13f;
    draw_capsule(r, x - s * 0.18f, y - s * 0.3f, w, x - s * 0.18f, y + s * 0.3f, w, c);
    draw_capsule(r, x + s * 0.18f, y - s * 0.3f, w, x + s * 0.18f, y + s * 0.3f, w, c);
}

static void draw_timer(display *d, SDL_Rect box, const display_frame *f)
{
    scene_ctx *c = &d->sc;
    const session *s = f->session;
    int64_t rem = session_remaining_ms(s);
    bool paused = session_paused(s), finished = session_finished(s);
    bool over = rem < 0 || (rem == 0 && !finished);
    float fr = box.h * 0.5f;
    SDL_FRect pill = {(float)box.x, (float)box.y, (float)box.w, (float)box.h};
    /* Two minutes left: the pill glows softly for a few seconds. */
    if (!over && !paused && rem <= SESSION_TWO_MINUTES_MS &&
        rem > SESSION_TWO_MINUTES_MS - TWO_MIN_CUE_MS) {
        float k = pulse(SESSION_TWO_MINUTES_MS - rem, 2000);
        draw_round_rect(d->ren, pill, fr, draw_alpha(terra_soft, 0.45f + 0.4f * k));
    } else if (over) {
        /* Overtime: the shape changes (an outline), breathing for a while. */
        int64_t since = -rem;
        float a = 1.0f;
        if (since < OVERTIME_PULSE && !paused) a = 0.55f + 0.45f * pulse(since, 2500);
        draw_round_rect(d->ren, pill, fr, card_field);
        draw_round_frame(d->ren, pill, fr, box.h * 0.07f, draw_alpha(terra, a));
    } else {
        draw_round_rect(d->ren, pill, fr, card_field);
    }
    int x = box.x + (int)(box.h * 0.35f);
    if (paused) {
        pause_icon(d->ren, x + box.h * 0.25f, box.y + box.h / 2.0f, box.h * 0.55f, ink_terra);
        x += (int)(box.h * 0.6f);
    }
    char clock[32];
    if (over) {
        clock[0] = '+';
        plan_format_clock(-rem, clock + 1, sizeof clock - 1);
    } else {
        plan_format_clock(rem + (rem % 1000 ? 999 : 0), clock, sizeof clock);
    }
    int px = c->l.px_timer;
    int skip = text_line_skip(c->text, FONT_TITLE, px);
    if (skip > box.h) {
        px = px * box.h / skip;
        skip = text_line_skip(c->text, FONT_TITLE, px);
    }
    int w = text_draw_clock(c->text, clock, FONT_TITLE, px, ink, x, box.y + (box.h - skip) / 2,
                            ALIGN_LEFT, 255);
    const char *label = finished ? "class finished"
                        : paused ? "paused"
                        : over   ? (-rem < TIME_UP_CUE_MS ? "time is up" : "over")
                                 : "left";
    text_style ls =
        scene_style(c, FONT_HEADING, c->l.px_min, over || paused ? ink_terra : ink_soft);
    ls.valign = 1;
    int lx = x + w + c->l.gap / 3;
    scene_text(c, label, &ls, (SDL_Rect){lx, box.y, box.x + box.w - lx - c->l.gap / 3, box.h}, 255);
}

static void draw_timeline(display *d, SDL_Rect box, const display_frame *f)
{
    const plan *p = f->plan;
    int cur = session_segment(f->session);
    int64_t total = 0;
    for (size_t i = 0; i < p->nsegments; i++)
        total += p->segments[i].duration_ms;
    if (total <= 0) return;
    float gap = d->h * 0.004f + 1.0f;
    float avail = box.w - gap * (float)(p->nsegments - 1);
    float th = box.h * 0.2f, cy = box.y + box.h * 0.55f;
    if (th < 6) th = 6;
    float x = (float)box.x;
    for (size_t i = 0; i < p->nsegments; i++) {
        const plan_segment *seg = &p->segments[i];
        float w = avail * (float)seg->duration_ms / (float)total;
        bool now = (int)i == cur, past = (int)i < cur;
        float h = now ? th * 1.7f : th;
        SDL_FRect bar = {x, cy - h / 2, w, h};
        SDL_Color base = past ? sage_soft : line_c;
        draw_round_rect(d->ren, bar, h / 2, base);
        if (now) {
            int64_t tot = session_total_ms(f->session), el = session_elapsed_ms(f->session);
            float k = tot > 0 ? (float)el / (float)tot : 1.0f;
            if (k > 1.0f) k = 1.0f;
            if (k > 0.0f) {
                SDL_FRect fill = bar;
                fill.w = bar.w * k;
                if (fill.w < h) fill.w = h < bar.w ? h : bar.w;
                draw_round_rect(d->ren, fill, h / 2, sage);
            }
            draw_round_frame(d->ren, bar, h / 2, th * 0.28f, ink_soft);
        }
        if (seg->kind == KIND_MASSAGE) {
            float mr = th * 0.42f;
            draw_circle(d->ren, x + w / 2, cy - h / 2 - mr * 1.9f, mr, terra);
        }
        x += w + gap;
    }
}

static void clock_icon(SDL_Renderer *r, float x, float y, float s, SDL_Color c)
{
    draw_arc(r, x, y, s * 0.42f, s * 0.1f, 0.0f, 6.2831853f, c);
    draw_capsule(r, x, y, s * 0.05f, x, y - s * 0.26f, s * 0.05f, c);
    draw_capsule(r, x, y, s * 0.05f, x + s * 0.18f, y + s * 0.05f, s * 0.05f, c);
}

static void draw_class_clock(display *d, SDL_Rect box, const display_frame *f)
{
    scene_ctx *c = &d->sc;
    char now[32], of[48], len[32];
    plan_format_clock(session_class_ms(f->session), now, sizeof now);
    int64_t min = (f->plan->length_ms + 30000) / 60000;
    if (min >= 60)
        snprintf(len, sizeof len, "%lldh%02lld", (long long)(min / 60), (long long)(min % 60));
    else
        snprintf(len, sizeof len, "%lld min", (long long)min);
    snprintf(of, sizeof of, "of %s", len);
    int px = c->l.px_body;
    int skip = text_line_skip(c->text, FONT_TITLE, px);
    float icon = box.h * 0.5f;
    clock_icon(d->ren, box.x + icon * 0.5f, box.y + box.h / 2.0f, icon, ink_soft);
    int x = box.x + (int)(icon * 1.3f);
    int w = text_draw_clock(c->text, now, FONT_TITLE, px, ink, x, box.y + (box.h - skip) / 2,
                            ALIGN_LEFT, 255);
    text_style ls = scene_style(c, FONT_BODY, c->l.px_min, ink_soft);
    ls.valign = 1;
    int lx = x + w + c->l.gap / 4;
    scene_text(c, of, &ls, (SDL_Rect){lx, box.y, box.x + box.w - lx, box.h}, 255);
}

static void slash(SDL_Renderer *r, float x, float y, float s, SDL_Color c)
{
    draw_capsule(r, x - s * 0.45f, y + s * 0.45f, s * 0.06f, x + s * 0.45f, y - s * 0.45f,
                 s * 0.06f, c);
}

static void draw_indicators(display *d, SDL_Rect box, const display_frame *f)
{
    float s = box.h * 0.5f, y = box.y + box.h / 2.0f;
    float x = box.x + box.w - s * 0.6f;
    /* Phones: a phone shape, then how many control (green) and how many follow. */
    bool phones = f->remote != NULL;
    x -= s * 2.8f;
    SDL_Color pc = phones ? ink_soft : draw_alpha(ink_soft, 0.4f);
    draw_round_frame(d->ren, (SDL_FRect){x - s * 0.28f, y - s * 0.45f, s * 0.56f, s * 0.9f},
                     s * 0.12f, s * 0.08f, pc);
    draw_circle(d->ren, x, y + s * 0.3f, s * 0.05f, pc);
    if (!phones) slash(d->ren, x, y, s, pc);
    if (phones) {
        char n[24];
        scene_ctx *c = &d->sc;
        int tx = (int)(x + s * 0.5f);
        text_style ts = scene_style(c, FONT_BODY_BOLD, c->l.px_min, sage);
        ts.valign = 1;
        snprintf(n, sizeof n, "%d", f->remote->controllers);
        SDL_Rect nb = {tx, box.y, box.x + box.w - tx, box.h};
        text_result r = scene_text(c, n, &ts, nb, 255);
        snprintf(n, sizeof n, "\xC2\xB7 %d", f->remote->followers);
        ts = scene_style(c, FONT_BODY, c->l.px_min, ink_soft);
        ts.valign = 1;
        int fx = r.rect.x + r.rect.w + (int)(s * 0.15f);
        scene_text(c, n, &ts, (SDL_Rect){fx, box.y, box.x + box.w - fx, box.h}, 255);
    }
    /* Music: a note, with the volume as three bars. */
    x -= s * 2.2f;
    const audio_status *a = f->audio;
    bool on = a && a->device_ok && !a->muted;
    SDL_Color mc = on ? ink_soft : draw_alpha(ink_soft, 0.4f);
    draw_circle(d->ren, x - s * 0.15f, y + s * 0.25f, s * 0.17f, mc);
    draw_capsule(d->ren, x + s * 0.0f, y + s * 0.25f, s * 0.05f, x, y - s * 0.4f, s * 0.05f, mc);
    draw_capsule(d->ren, x, y - s * 0.4f, s * 0.05f, x + s * 0.25f, y - s * 0.2f, s * 0.05f, mc);
    if (!on) slash(d->ren, x, y, s, mc);
    if (on) {
        for (int i = 0; i < 3; i++) {
            float bh = s * (0.3f + 0.25f * i);
            SDL_Color bc = a->volume > i * 33 ? sage : line_c;
            draw_round_rect(
                d->ren, (SDL_FRect){x + s * (0.45f + 0.22f * i), y + s * 0.45f - bh, s * 0.13f, bh},
                s * 0.06f, bc);
        }
    }
}

static void draw_band(display *d, const display_frame *f)
{
    const scene_layout *l = &d->sc.l;
    SDL_Rect b = l->band;
    draw_round_rect(d->ren, (SDL_FRect){b.x, b.y, b.w, b.h}, l->radius, band_c);
    int pad = (int)(b.h * (l->narrow ? 0.1 : 0.16));
    SDL_Rect in = {b.x + pad, b.y + pad, b.w - 2 * pad, b.h - 2 * pad};
    SDL_Rect row = in, timeline = in;
    if (l->narrow) {
        int th = in.h * 2 / 5;
        timeline = (SDL_Rect){in.x + pad, in.y, in.w - 2 * pad, th};
        row = (SDL_Rect){in.x, in.y + th + pad / 2, in.w, in.h - th - pad / 2};
    }
    int timer_w = (int)(row.w * (l->narrow ? 0.38 : 0.26));
    int clock_w = (int)(row.w * (l->narrow ? 0.4 : 0.25));
    int ind_w = (int)(row.h * 3.6);
    draw_timer(d, (SDL_Rect){row.x, row.y, timer_w, row.h}, f);
    SDL_Rect cb = {row.x + row.w - ind_w - clock_w - pad, row.y, clock_w, row.h};
    draw_class_clock(d, cb, f);
    draw_indicators(d, (SDL_Rect){row.x + row.w - ind_w, row.y, ind_w, row.h}, f);
    if (!l->narrow) {
        int tx = row.x + timer_w + pad * 2;
        timeline = (SDL_Rect){tx, row.y, cb.x - pad * 2 - tx, row.h};
    }
    draw_timeline(d, timeline, f);
}

/* --- Overlays ---------------------------------------------------------------------- */

static void draw_cover(display *d)
{
    const scene_layout *l = &d->sc.l;
    SDL_SetRenderDrawColor(d->ren, cover.r, cover.g, cover.b, 255);
    SDL_RenderClear(d->ren);
    float r = d->h * 0.012f;
    draw_circle(d->ren, l->safe.x + l->safe.w - r, l->safe.y + l->safe.h - r, r,
                draw_alpha(terra, 0.25f));
}

static void draw_quit_prompt(display *d)
{
    scene_ctx *c = &d->sc;
    const scene_layout *l = &c->l;
    SDL_SetRenderDrawColor(d->ren, page.r, page.g, page.b, 215);
    SDL_RenderFillRect(d->ren, NULL);
    int w = l->narrow ? l->safe.w : l->safe.w * 3 / 5, h = l->h * 2 / 5;
    SDL_Rect box = {l->w / 2 - w / 2, l->h / 2 - h / 2, w, h};
    draw_round_rect(d->ren, (SDL_FRect){box.x, box.y, box.w, box.h}, l->radius, card_field);
    draw_round_frame(d->ren, (SDL_FRect){box.x, box.y, box.w, box.h}, l->radius, l->h * 0.004f,
                     terra_soft);
    SDL_Rect in = {box.x + l->gap, box.y + l->gap, box.w - 2 * l->gap, box.h - 2 * l->gap};
    text_style ts = scene_style(c, FONT_TITLE, l->px_title, ink);
    ts.align = ALIGN_CENTER;
    ts.min_px = l->px_lead;
    SDL_Rect tb = {in.x, in.y, in.w, in.h / 2};
    text_result r = scene_text(c, "Finish the class?", &ts, tb, 255);
    text_style bs = scene_style(c, FONT_BODY, l->px_body, ink);
    bs.align = ALIGN_CENTER;
    int y = r.rect.y + r.rect.h + l->gap / 2;
    scene_text(c, "Press Q again to finish.\nAny other key carries on.", &bs,
               (SDL_Rect){in.x, y, in.w, in.y + in.h - y}, 255);
}

static void draw_notice(display *d, const char *notice)
{
    scene_ctx *c = &d->sc;
    SDL_Rect nb = c->l.notice;
    text_style ns =
        scene_style(c, FONT_BODY, c->l.px_min, c->dusk ? (SDL_Color)THEME_INK_DUSK_SOFT : ink_soft);
    ns.align = ALIGN_RIGHT;
    ns.valign = 1;
    text_result r = scene_text(c, notice, &ns, nb, 255);
    float dr = c->l.px_min * 0.15f;
    draw_circle(d->ren, r.rect.x - dr * 3, nb.y + nb.h / 2.0f, dr, terra);
}

static void update_qr(display *d, const display_frame *f)
{
    /* The QR code that pairs only while the code is open; else the one that follows. */
    const char *url = !f->remote               ? ""
                      : f->remote->pair_url[0] ? f->remote->pair_url
                                               : f->remote->url;
    if (!strcmp(url, d->qr_for)) return;
    snprintf(d->qr_for, sizeof d->qr_for, "%s", url);
    if (d->sc.qr) SDL_DestroyTexture(d->sc.qr);
    d->sc.qr = NULL;
    d->sc.qr_size = 0;
    if (*url) d->sc.qr = qr_texture(d->ren, url, &d->sc.qr_size);
}

static const char *notice_of(const display_frame *f)
{
    if (f->notice && *f->notice) return f->notice;
    if (f->audio && f->audio->notice && *f->audio->notice) return f->audio->notice;
    return NULL;
}

static bool is_dusk(const display_frame *f)
{
    if (!f->plan || !f->session) return false;
    int s = session_segment(f->session);
    return s >= 0 && (size_t)s < f->plan->nsegments && f->plan->segments[s].kind == KIND_RELAXATION;
}

static void draw_scene(display *d, const display_frame *f)
{
    scene_ctx *c = &d->sc;
    const char *notice = notice_of(f);
    scene_layout_for(&c->l, d->w, d->h, notice != NULL);
    c->nboxes = 0;
    c->dusk = is_dusk(f);
    c->stage = (SDL_Rect){0, 0, 0, 0};
    SDL_SetRenderDrawBlendMode(d->ren, SDL_BLENDMODE_BLEND);
    if (f->blank) {
        draw_cover(d);
    } else {
        SDL_Color bg = c->dusk ? dusk : page;
        SDL_SetRenderDrawColor(d->ren, bg.r, bg.g, bg.b, 255);
        SDL_RenderClear(d->ren);
        if (f->plan && f->session) {
            update_qr(d, f);
            scene_draw(c, f);
            draw_band(d, f);
        }
        if (notice) draw_notice(d, notice);
    }
    if (f->quit_prompt) draw_quit_prompt(d);
}

void display_draw(display *d, const display_frame *f)
{
    text_begin_frame(d->sc.text);
    ensure_targets(d);
    int seg = f->session ? session_segment(f->session) : -1;
    int step = f->session ? session_step(f->session) : -1;
    bool changed = d->shown_any &&
                   (seg != d->shown_segment || step != d->shown_step || f->blank != d->shown_blank);
    d->shown_any = true;
    d->shown_segment = seg;
    d->shown_step = step;
    d->shown_blank = f->blank;
    if (changed && d->targets && d->have_frame) {
        /* Keep the last frame to fade it out over the new one. */
        SDL_SetRenderTarget(d->ren, d->prev);
        SDL_SetTextureAlphaMod(d->frame, 255);
        SDL_SetTextureBlendMode(d->frame, SDL_BLENDMODE_NONE);
        SDL_RenderCopy(d->ren, d->frame, NULL, NULL);
        SDL_SetRenderTarget(d->ren, NULL);
        d->fading = true;
        d->fade_start = f->now_ms;
    }
    if (d->fading && f->now_ms - d->fade_start >= FADE_MS) d->fading = false;

    if (d->targets) SDL_SetRenderTarget(d->ren, d->frame);
    draw_scene(d, f);
    if (d->targets) {
        SDL_SetRenderTarget(d->ren, NULL);
        SDL_RenderCopy(d->ren, d->frame, NULL, NULL);
        if (d->fading) {
            float k = (float)(f->now_ms - d->fade_start) / FADE_MS;
            float a = 1.0f - (0.5f - 0.5f * cosf((float)M_PI * k));
            SDL_SetTextureAlphaMod(d->prev, (Uint8)(a * 255));
            SDL_RenderCopy(d->ren, d->prev, NULL, NULL);
        }
        d->have_frame = true;
    }
    if (d->headless)
        SDL_RenderFlush(d->ren);
    else
        SDL_RenderPresent(d->ren);
}

bool display_animating(const display *d, const display_frame *f)
{
    if (d->fading) return true;
    if (scene_moves(f)) return true;
    if (!f->session || f->blank || session_paused(f->session) || session_finished(f->session))
        return false;
    int64_t rem = session_remaining_ms(f->session);
    if (rem <= SESSION_TWO_MINUTES_MS && rem > SESSION_TWO_MINUTES_MS - TWO_MIN_CUE_MS) return true;
    return rem <= 0 && -rem < OVERTIME_PULSE;
}

int display_frame_ms(const display *d)
{
    const char *driver = d->video ? SDL_GetCurrentVideoDriver() : NULL;
    return driver && !strcmp(driver, "dummy") ? 100 : 16;
}

void display_toggle_fullscreen(display *d)
{
    if (!d->win) return;
    Uint32 fs = SDL_GetWindowFlags(d->win) & SDL_WINDOW_FULLSCREEN_DESKTOP;
    SDL_SetWindowFullscreen(d->win, fs ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
    SDL_ShowCursor(fs ? SDL_ENABLE : SDL_DISABLE);
}

int display_save_png(display *d, const char *path, char *err, size_t errlen)
{
    int rc = -1;
    if (d->headless) {
        rc = IMG_SavePNG(d->surface, path);
    } else {
        SDL_Surface *s =
            SDL_CreateRGBSurfaceWithFormat(0, d->w, d->h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (s) {
            if (d->targets) SDL_SetRenderTarget(d->ren, d->frame);
            if (SDL_RenderReadPixels(d->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) ==
                0)
                rc = IMG_SavePNG(s, path);
            if (d->targets) SDL_SetRenderTarget(d->ren, NULL);
            SDL_FreeSurface(s);
        }
    }
    if (rc != 0) snprintf(err, errlen, "cannot write %s: %s", path, SDL_GetError());
    return rc ? -1 : 0;
}

int display_read(display *d, void *out, int pitch)
{
    if (d->headless) {
        for (int y = 0; y < d->h; y++)
            memcpy((Uint8 *)out + y * pitch, (Uint8 *)d->surface->pixels + y * d->surface->pitch,
                   (size_t)d->w * 4);
        return 0;
    }
    if (d->targets) SDL_SetRenderTarget(d->ren, d->frame);
    int rc = SDL_RenderReadPixels(d->ren, NULL, SDL_PIXELFORMAT_ARGB8888, out, pitch);
    if (d->targets) SDL_SetRenderTarget(d->ren, NULL);
    return rc ? -1 : 0;
}

size_t display_boxes(const display *d, const display_box **boxes)
{
    *boxes = d->sc.boxes;
    return (size_t)d->sc.nboxes;
}

display_rect display_safe_area(const display *d)
{
    SDL_Rect s = d->sc.l.safe;
    return (display_rect){s.x, s.y, s.w, s.h};
}

display_rect display_stage(const display *d)
{
    SDL_Rect s = d->sc.stage;
    return (display_rect){s.x, s.y, s.w, s.h};
}

unsigned long display_text_rasterised(const display *d)
{
    return text_rasterised(d->sc.text);
}
