/* display.c: see display.h.
 *
 * Layers. What does not move is drawn once into a cached texture (`layer`): the page,
 * the cards and texts of the step, the band's background. It is drawn again only when
 * its key changes (another step, a size, a notice, the prompt, the join code, what
 * scene_static_key adds). The parts that move or change by themselves are live regions
 * (scene.h): the stroke's hands and trail, the breathing circle, a stroke's count, the
 * band's timer, class clock, timeline and indicators. Each has a key, what it would show
 * now; a frame redraws only the regions whose key changed, each over a copy of the
 * layer under it, clipped to its box. A frame where no key changed draws and presents
 * nothing.
 *
 * Where the screen keeps its pixels between frames (the software renderer: a window's
 * surface, or the headless surface of --render and the tests), a frame touches only
 * those regions and, in a window, presents only them (SDL_UpdateWindowSurfaceRects).
 * Elsewhere (GLES2, OpenGL: the back buffer is lost at each swap) a frame copies the
 * whole layer and draws every region: a few draw calls, no uploads.
 *
 * When the step changes, the old layer is kept (`prev`) and faded out over the new one
 * for half a second, under the live regions (the band never moves). Headless frames
 * have no fades.
 *
 * The class-state band (timer, timeline, class clock, music and phones) is drawn here;
 * the content of each kind of segment is in scene.c. */
#include "screen/display.h"

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_syswm.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>
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
#include "core/units.h"

#define FADE_MS        500
#define TWO_MIN_CUE_MS 8000            /* the timer glows this long after two minutes are left */
#define TIME_UP_CUE_MS 10000           /* "time is up" this long, then "over" */
#define OVERTIME_PULSE (MINUTE_MS / 2) /* the overtime outline breathes this long */

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
    bool persistent;     /* the screen keeps its pixels between frames */
    bool window_surface; /* a software renderer on the window's surface: partial presents */
    Uint32 format;       /* of the layers */
    int w, h;
    SDL_Texture *layer, *prev; /* the static layer; the last step's, fading out */
    bool have_layer;
    uint64_t layer_key;
    int layer_nboxes;      /* text boxes of the layer (the live ones follow) */
    size_t layer_nstrings; /* the bytes of their texts */
    bool full;             /* the next frame draws and presents the whole screen */
    int64_t fade_start;
    bool fading;
    int shown_segment, shown_step;
    int64_t shown_tick; /* the page tick shown, when the step's text turns pages */
    bool shown_blank, shown_any;
    scene_ctx sc;
    char qr_for[192];
    display_stats stats;
};

static void free_layers(display *d)
{
    if (d->layer) SDL_DestroyTexture(d->layer);
    if (d->prev) SDL_DestroyTexture(d->prev);
    d->layer = d->prev = NULL;
    d->have_layer = false;
    d->fading = false;
}

static SDL_Texture *new_layer(display *d)
{
    SDL_Texture *t = SDL_CreateTexture(d->ren, d->format, SDL_TEXTUREACCESS_TARGET, d->w, d->h);
    if (t) SDL_SetTextureBlendMode(t, SDL_BLENDMODE_NONE);
    return t;
}

/* Follow the renderer's real output size: a new size draws everything again. */
static void follow_size(display *d)
{
    int w = 0, h = 0;
    if (d->headless) {
        w = d->surface->w;
        h = d->surface->h;
    } else {
        SDL_GetRendererOutputSize(d->ren, &w, &h);
    }
    if (w == d->w && h == d->h) return;
    d->w = w;
    d->h = h;
    free_layers(d);
    d->full = true;
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

/* SDL picked its offscreen driver by itself: no X, Wayland or KMS screen to show on. */
static bool offscreen_unasked(void)
{
    const char *driver = SDL_GetCurrentVideoDriver();
    const char *asked = SDL_getenv("SDL_VIDEODRIVER");
    return driver && !strcmp(driver, "offscreen") && !(asked && *asked);
}

/* Does a window manager run on the X display (EWMH's _NET_SUPPORTING_WM_CHECK on the
 * root window)? Fullscreen is its to grant: without one, SDL asks and then waits a tenth
 * of a second for an answer that never comes, at every start of a bare X kiosk. When it
 * cannot tell, it says yes (fullscreen is asked for, as on any desktop). */
static bool x_window_manager(void)
{
    Display *dpy = XOpenDisplay(NULL);
    if (!dpy) return true;
    bool wm = true;
    Atom check = XInternAtom(dpy, "_NET_SUPPORTING_WM_CHECK", True);
    if (check == None) {
        wm = false; /* no window manager ever ran on this server */
    } else {
        Atom type;
        int format;
        unsigned long n = 0, after;
        unsigned char *data = NULL;
        if (XGetWindowProperty(dpy, DefaultRootWindow(dpy), check, 0, 1, False, XA_WINDOW, &type,
                               &format, &n, &after, &data) == Success)
            wm = data && n == 1 && type == XA_WINDOW;
        if (data) XFree(data);
    }
    XCloseDisplay(dpy);
    return wm;
}

static bool open_window(display *d, const display_config *cfg, int w, int h, char *err,
                        size_t errlen)
{
    const char *asked = SDL_getenv("SDL_VIDEODRIVER");
    if (!(asked && *asked) && !SDL_getenv("DISPLAY") && !SDL_getenv("WAYLAND_DISPLAY"))
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "kmsdrm,offscreen"); /* the console: no X, no Wayland */
    /* The console reads keys, never typed text: under X, the input method SDL opens
     * need not parse the locale's whole compose table (a third of the start's CPU). */
    SDL_setenv("XCOMPOSEFILE", "/dev/null", 0);
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) return false;
    d->video = true;
    if (offscreen_unasked()) {
        snprintf(err, errlen,
                 "no X, Wayland or KMS display was found, so nothing would be seen; use --text "
                 "in a terminal, or start it on the Pi's console or from a desktop");
        return false;
    }
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    /* A software renderer on X11 presents through X's own shared memory (offscreen: its
     * memory), not through a GL texture (which would load the whole GL stack for
     * nothing). Wayland and KMS have no such path: there SDL keeps its texture. */
    const char *driver = SDL_GetCurrentVideoDriver();
    if (!strcmp(driver, "x11") || !strcmp(driver, "offscreen"))
        SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0", SDL_HINT_DEFAULT);
    int x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED;
    Uint32 flags = cfg->window ? SDL_WINDOW_RESIZABLE : SDL_WINDOW_FULLSCREEN_DESKTOP;
    SDL_Rect screen;
    if (!cfg->window && SDL_GetDisplayBounds(0, &screen) == 0) {
        /* Fullscreen is the window manager's to grant; without one (a bare X kiosk) the
         * window covers the screen by its own size and place, and is not asked for. */
        x = screen.x;
        y = screen.y;
        w = screen.w;
        h = screen.h;
        if (!strcmp(driver, "x11") && !x_window_manager()) flags = SDL_WINDOW_BORDERLESS;
    }
    d->win = SDL_CreateWindow("Nurture", x, y, w, h, flags | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!d->win) return false;
    d->ren = make_renderer(d->win);
    if (!d->ren) return false;
    SDL_ShowCursor(cfg->window ? SDL_ENABLE : SDL_DISABLE);
    SDL_RendererInfo info;
    d->window_surface = SDL_GetRendererInfo(d->ren, &info) == 0 && !strcmp(info.name, "software");
    d->persistent = d->window_surface;
    d->format = SDL_PIXELFORMAT_ARGB8888;
    if (d->window_surface) {
        /* layers in the window's own format copy to it without conversion */
        Uint32 wf = SDL_GetWindowPixelFormat(d->win);
        if (wf != SDL_PIXELFORMAT_UNKNOWN && SDL_BYTESPERPIXEL(wf) == 4) d->format = wf;
    }
    d->targets = SDL_RenderTargetSupported(d->ren);
    return true;
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
    err[0] = '\0';
    if (d->headless) {
        d->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (d->surface) d->ren = SDL_CreateSoftwareRenderer(d->surface);
        if (!d->ren) goto fail;
        d->persistent = true;
        d->format = SDL_PIXELFORMAT_ARGB8888;
        d->targets = SDL_RenderTargetSupported(d->ren);
    } else if (!open_window(d, cfg, w, h, err, errlen)) {
        goto fail;
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
    follow_size(d);
    return d;
fail:
    if (!err[0]) snprintf(err, errlen, "%s", SDL_GetError());
    display_destroy(d);
    return NULL;
}

void display_destroy(display *d)
{
    if (!d) return;
    free_layers(d);
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

void display_expose(display *d)
{
    d->full = true;
}

/* --- The class-state band ---------------------------------------------------------- */

static float pulse(int64_t ms, int64_t period)
{
    return 0.5f - 0.5f * cosf((float)TAU * (float)(ms % period) / (float)period);
}

static void pause_icon(SDL_Renderer *r, float x, float y, float s, SDL_Color c)
{
    float w = s * 0.13f;
    draw_capsule(r, x - s * 0.18f, y - s * 0.3f, w, x - s * 0.18f, y + s * 0.3f, w, c);
    draw_capsule(r, x + s * 0.18f, y - s * 0.3f, w, x + s * 0.18f, y + s * 0.3f, w, c);
}

/* What the timer shows: the clock and the word after it. */
static void timer_text(const display_frame *f, char *clock, size_t n, const char **label)
{
    const session *s = f->session;
    int64_t rem = session_remaining_ms(s);
    bool paused = session_paused(s), finished = session_finished(s);
    bool over = rem < 0 || (rem == 0 && !finished);
    if (over) {
        clock[0] = '+';
        plan_format_clock(-rem, clock + 1, n - 1);
    } else {
        plan_format_clock(rem + (rem % 1000 ? 999 : 0), clock, n);
    }
    *label = finished ? "class finished"
             : paused ? "paused"
             : over   ? (-rem < TIME_UP_CUE_MS ? "time is up" : "over")
                      : "left";
}

/* Is the timer's pill glowing (two minutes left) or breathing (overtime) now? */
static bool timer_moves(const display_frame *f)
{
    const session *s = f->session;
    if (session_paused(s) || session_finished(s)) return false;
    int64_t rem = session_remaining_ms(s);
    int64_t cue = session_two_minutes_ago_ms(s);
    if (cue >= 0 && cue < TWO_MIN_CUE_MS) return true;
    return rem <= 0 && -rem < OVERTIME_PULSE;
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
    /* Two minutes left: the pill glows softly for a few seconds after the warning (never
     * at the start of a segment of two minutes or less). */
    int64_t cue = session_two_minutes_ago_ms(s);
    if (!over && !paused && cue >= 0 && cue < TWO_MIN_CUE_MS) {
        float k = pulse(cue, 2000);
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
    const char *label;
    timer_text(f, clock, sizeof clock, &label);
    int px = c->l.px_timer;
    int skip = text_line_skip(c->text, FONT_TITLE, px);
    if (skip > box.h) {
        px = px * box.h / skip;
        skip = text_line_skip(c->text, FONT_TITLE, px);
    }
    int w = text_draw_clock(c->text, clock, FONT_TITLE, px, ink, x, box.y + (box.h - skip) / 2,
                            ALIGN_LEFT, 255);
    text_style ls =
        scene_style(c, FONT_HEADING, c->l.px_min, over || paused ? ink_terra : ink_soft);
    ls.valign = VALIGN_MIDDLE;
    int lx = x + w + c->l.gap / 3;
    scene_text(c, label, &ls, (SDL_Rect){lx, box.y, box.x + box.w - lx - c->l.gap / 3, box.h}, 255);
}

/* The fraction of the current segment done, in whole seconds (the timeline moves on
 * once a second, with the clocks). */
static float segment_done(const display_frame *f)
{
    int64_t tot = session_total_ms(f->session), el = session_elapsed_ms(f->session) / 1000 * 1000;
    float k = tot > 0 ? (float)el / (float)tot : 1.0f;
    return k > 1.0f ? 1.0f : k < 0.0f ? 0.0f : k;
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
    float th = box.h * 0.2f, cy = box.y + box.h * 0.55f;
    if (th < 6) th = 6;
    /* The current segment's frame and every shape's soft edge stay inside the region. */
    float inset = th * 0.14f + 2.0f;
    float avail = box.w - 2 * inset - gap * (float)(p->nsegments - 1);
    float x = box.x + inset;
    for (size_t i = 0; i < p->nsegments; i++) {
        const plan_segment *seg = &p->segments[i];
        float w = avail * (float)seg->duration_ms / (float)total;
        bool now = (int)i == cur, past = (int)i < cur;
        float h = now ? th * 1.7f : th;
        SDL_FRect bar = {x, cy - h / 2, w, h};
        SDL_Color base = past ? sage_soft : line_c;
        draw_round_rect(d->ren, bar, h / 2, base);
        if (now) {
            float k = segment_done(f);
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
    draw_arc(r, x, y, s * 0.42f, s * 0.1f, 0.0f, (float)TAU, c);
    draw_capsule(r, x, y, s * 0.05f, x, y - s * 0.26f, s * 0.05f, c);
    draw_capsule(r, x, y, s * 0.05f, x + s * 0.18f, y + s * 0.05f, s * 0.05f, c);
}

static void draw_class_clock(display *d, SDL_Rect box, const display_frame *f)
{
    scene_ctx *c = &d->sc;
    char now[32], of[48], len[32];
    plan_format_clock(session_class_ms(f->session), now, sizeof now);
    plan_format_minutes(f->plan->length_ms, len, sizeof len);
    snprintf(of, sizeof of, "of %s", len);
    int px = c->l.px_body;
    int skip = text_line_skip(c->text, FONT_TITLE, px);
    float icon = box.h * 0.5f;
    clock_icon(d->ren, box.x + icon * 0.5f, box.y + box.h / 2.0f, icon, ink_soft);
    int x = box.x + (int)(icon * 1.3f);
    int w = text_draw_clock(c->text, now, FONT_TITLE, px, ink, x, box.y + (box.h - skip) / 2,
                            ALIGN_LEFT, 255);
    text_style ls = scene_style(c, FONT_BODY, c->l.px_min, ink_soft);
    ls.valign = VALIGN_MIDDLE;
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
        ts.valign = VALIGN_MIDDLE;
        snprintf(n, sizeof n, "%d", f->remote->controllers);
        SDL_Rect nb = {tx, box.y, box.x + box.w - tx, box.h};
        text_result r = scene_text(c, n, &ts, nb, 255);
        snprintf(n, sizeof n, "\xC2\xB7 %d", f->remote->followers);
        ts = scene_style(c, FONT_BODY, c->l.px_min, ink_soft);
        ts.valign = VALIGN_MIDDLE;
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

/* The band's background, into the layer, and its four live regions. */
static void draw_band(display *d)
{
    scene_ctx *c = &d->sc;
    const scene_layout *l = &c->l;
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
    SDL_Rect cb = {row.x + row.w - ind_w - clock_w - pad, row.y, clock_w, row.h};
    if (!l->narrow) {
        int tx = row.x + timer_w + pad * 2;
        timeline = (SDL_Rect){tx, row.y, cb.x - pad * 2 - tx, row.h};
    }
    /* boxes a little wider than the shapes, for their soft edges */
    const SDL_Rect parts[4] = {
        {row.x, row.y, timer_w, row.h}, cb, {row.x + row.w - ind_w, row.y, ind_w, row.h}, timeline};
    const scene_live_kind kinds[4] = {LIVE_TIMER, LIVE_CLASS_CLOCK, LIVE_INDICATORS, LIVE_TIMELINE};
    for (int i = 0; i < 4; i++) {
        SDL_Rect r = parts[i];
        scene_add_live(c, kinds[i], (SDL_Rect){r.x - 2, r.y - 2, r.w + 4, r.h + 4}, r);
    }
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ ((const unsigned char *)p)[i]) * 1099511628211ULL;
    return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
    return fnv(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

#define FNV_START 1469598103934665603ULL

static uint64_t band_key(const display_frame *f, const scene_live *lv)
{
    uint64_t h = FNV_START;
    switch (lv->kind) {
    case LIVE_TIMER: {
        char clock[32];
        const char *label;
        timer_text(f, clock, sizeof clock, &label);
        h = fnv_str(fnv_str(h, clock), label);
        bool paused = session_paused(f->session);
        h = fnv(h, &paused, sizeof paused);
        if (timer_moves(f)) {
            int64_t rem = session_remaining_ms(f->session);
            h = fnv(h, &rem, sizeof rem);
        }
        return h;
    }
    case LIVE_CLASS_CLOCK: {
        int64_t sec = session_class_ms(f->session) / 1000;
        return fnv(h, &sec, sizeof sec);
    }
    case LIVE_TIMELINE: {
        float k = segment_done(f);
        return fnv(h, &k, sizeof k);
    }
    case LIVE_INDICATORS: {
        int v[6] = {f->remote != NULL, 0, 0, 0, 0, 0};
        if (f->remote) v[1] = f->remote->controllers, v[5] = f->remote->followers;
        const audio_status *a = f->audio;
        if (a) v[2] = a->device_ok && !a->muted, v[3] = (a->volume + 32) / 33, v[4] = 1;
        return fnv(h, v, sizeof v);
    }
    default: return 0;
    }
}

static void draw_band_live(display *d, const display_frame *f, const scene_live *lv)
{
    switch (lv->kind) {
    case LIVE_TIMER: draw_timer(d, lv->area, f); break;
    case LIVE_CLASS_CLOCK: draw_class_clock(d, lv->area, f); break;
    case LIVE_INDICATORS: draw_indicators(d, lv->area, f); break;
    case LIVE_TIMELINE: draw_timeline(d, lv->area, f); break;
    default: break;
    }
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

static text_style notice_style(const scene_ctx *c)
{
    text_style ns =
        scene_style(c, FONT_BODY, c->l.px_min, c->dusk ? (SDL_Color)THEME_INK_DUSK_SOFT : ink_soft);
    ns.align = ALIGN_RIGHT;
    ns.valign = VALIGN_MIDDLE;
    return ns;
}

/* Lay the screen out with room for the notice: a line, or two when one line at the
 * smallest legible size cannot hold it (never a notice shrunk out of reach). */
static void layout_for_notice(display *d, const char *notice)
{
    scene_ctx *c = &d->sc;
    scene_layout_for(&c->l, d->w, d->h, notice ? 1 : 0);
    if (!notice) return;
    text_style ns = notice_style(c);
    ns.min_px = ns.px; /* does it fit one line at the legible size? */
    if (!text_fit(c->text, notice, &ns, c->l.notice).fits) scene_layout_for(&c->l, d->w, d->h, 2);
}

static void draw_notice(display *d, const char *notice)
{
    scene_ctx *c = &d->sc;
    SDL_Rect nb = c->l.notice;
    text_style ns = notice_style(c);
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

/* The line at the foot of the screen: the code to add a phone while the instructor's
 * minute runs (the welcome's join card shows it there), else the app's or the sound's
 * notice. `buf` holds `n` bytes for the first. */
static const char *notice_of(const display_frame *f, char *buf, size_t n)
{
    const remote_status *rs = f->remote;
    if (rs && rs->code[0] && rs->open_ms > 0 && f->plan && f->session &&
        f->plan->segments[session_segment(f->session)].kind != KIND_WELCOME) {
        snprintf(buf, n, "Add a phone: code %s at %s (%d s)", rs->code, rs->url,
                 (int)((rs->open_ms + 999) / 1000));
        return buf;
    }
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

static void draw_live(display *d, const display_frame *f, scene_live *lv);

/* What the static layer shows. */
static uint64_t layer_key(const display *d, const display_frame *f)
{
    uint64_t h = FNV_START;
    int v[7] = {d->w, d->h, f->blank, f->quit_prompt, -1, -1, f->remote != NULL};
    if (f->session) v[4] = session_segment(f->session), v[5] = session_step(f->session);
    h = fnv(h, v, sizeof v);
    h = fnv(h, &f->plan, sizeof f->plan);
    char nb[256];
    h = fnv_str(h, notice_of(f, nb, sizeof nb));
    if (f->remote) {
        h = fnv_str(fnv_str(h, f->remote->code), f->remote->url);
        /* the join card counts the phones while the code is closed */
        int n[3] = {f->remote->controllers, f->remote->followers,
                    (int)((f->remote->open_ms + 999) / 1000)};
        if (!f->remote->code[0])
            h = fnv(h, n, 2 * sizeof n[0]);
        else
            h = fnv(h, &n[2], sizeof n[2]); /* the minute to add a phone counts down */
    }
    h = fnv_str(h, d->qr_for);
    uint64_t own = scene_static_key(&d->sc, f);
    return fnv(h, &own, sizeof own);
}

/* The static layer of the frame, into the current target, with its live regions
 * registered (or drawn into it too, under the cover or the prompt, where nothing
 * moves). */
static void draw_static(display *d, const display_frame *f)
{
    scene_ctx *c = &d->sc;
    char nb[256];
    const char *notice = notice_of(f, nb, sizeof nb);
    layout_for_notice(d, notice);
    scene_begin(c, f);
    c->nlive = 0;
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
            scene_draw(c, f);
            draw_band(d);
        }
        if (notice) draw_notice(d, notice);
    }
    if (f->quit_prompt) {
        for (int i = 0; i < c->nlive; i++)
            draw_live(d, f, &c->live[i]);
        c->nlive = 0;
        draw_quit_prompt(d);
    }
    d->layer_nboxes = c->nboxes;
    d->layer_nstrings = c->nstrings;
    d->stats.layers++;
}

static void draw_live(display *d, const display_frame *f, scene_live *lv)
{
    SDL_RenderSetClipRect(d->ren, &lv->box);
    draw_batch_begin(d->ren); /* its shapes in one draw call where they follow each other */
    if (lv->kind >= LIVE_TIMER)
        draw_band_live(d, f, lv);
    else
        scene_live_draw(&d->sc, f, lv);
    draw_batch_end();
    SDL_RenderSetClipRect(d->ren, NULL);
    d->stats.regions++;
}

static uint64_t live_key(display *d, const display_frame *f, const scene_live *lv)
{
    return lv->kind >= LIVE_TIMER ? band_key(f, lv) : scene_live_key(&d->sc, f, lv);
}

/* Draw the layer again when its key changed; a new step keeps the old one to fade. */
static void update_layer(display *d, const display_frame *f)
{
    int seg = f->session ? session_segment(f->session) : -1;
    int step = f->session ? session_step(f->session) : -1;
    /* A page turn is a change of scene too: it fades like one. */
    int64_t tick = d->sc.pages > 1 ? scene_page_tick(f) : 0;
    bool new_scene = d->shown_any && (seg != d->shown_segment || step != d->shown_step ||
                                      f->blank != d->shown_blank || tick != d->shown_tick);
    d->shown_any = true;
    d->shown_segment = seg;
    d->shown_step = step;
    d->shown_blank = f->blank;
    uint64_t key = layer_key(d, f);
    if (d->have_layer && key == d->layer_key) return;
    if (new_scene && d->have_layer && !d->headless) {
        /* the old layer fades out over the new one */
        SDL_Texture *old = d->prev;
        d->prev = d->layer;
        d->layer = old;
        d->fading = true;
        d->fade_start = f->now_ms;
    }
    if (!d->layer) d->layer = new_layer(d);
    if (d->layer) SDL_SetRenderTarget(d->ren, d->layer);
    draw_static(d, f);
    d->shown_tick = d->sc.pages > 1 ? d->sc.page_tick : 0;
    if (d->layer) SDL_SetRenderTarget(d->ren, NULL);
    d->have_layer = true;
    d->layer_key = key;
    d->full = true;
}

/* The old layer over the new one, as far faded as it is now. */
static void blend_prev(display *d, int64_t now)
{
    float k = (float)(now - d->fade_start) / FADE_MS;
    Uint8 a = (Uint8)((1.0f - (0.5f - 0.5f * cosf((float)M_PI * k))) * 255);
    if (a == 0) return;
    /* Opaque, it is a copy: SDL's software renderer would blend an opaque picture at
     * full alpha with its generic per-pixel blitter, 25 ms a 1080p frame here. */
    SDL_SetTextureBlendMode(d->prev, a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetTextureAlphaMod(d->prev, a);
    draw_copy(d->ren, d->prev, NULL, NULL);
    SDL_SetTextureBlendMode(d->prev, SDL_BLENDMODE_NONE);
    SDL_SetTextureAlphaMod(d->prev, 255);
}

/* The layer's pixels in `r` (all of it when NULL) onto the screen. */
static void copy_layer(display *d, const SDL_Rect *r)
{
    if (d->layer) draw_copy(d->ren, d->layer, r, r);
}

static bool overlaps(const SDL_Rect *a, const SDL_Rect *b)
{
    return SDL_HasIntersection(a, b) == SDL_TRUE;
}

void display_draw(display *d, const display_frame *f)
{
    scene_ctx *c = &d->sc;
    d->stats.draws++;
    text_begin_frame(c->text);
    follow_size(d);
    update_qr(d, f);
    bool no_layer = !d->targets;
    if (no_layer) d->have_layer = false; /* without render targets, every frame in full */
    update_layer(d, f);
    if (d->fading && f->now_ms - d->fade_start >= FADE_MS) {
        d->fading = false;
        if (d->prev) SDL_DestroyTexture(d->prev);
        d->prev = NULL;
        d->full = true;
    }
    bool full = d->full || d->fading;
    /* Which live regions show something new; a region redrawn restores the layer over
     * any it overlaps, so they are redrawn too. */
    bool dirty[SCENE_MAX_LIVE] = {false};
    uint64_t keys[SCENE_MAX_LIVE];
    int ndirty = 0;
    for (int i = 0; i < c->nlive; i++) {
        keys[i] = live_key(d, f, &c->live[i]);
        dirty[i] = full || !c->live[i].drawn || keys[i] != c->live[i].key;
        ndirty += dirty[i];
    }
    for (bool grew = true; grew && !full;) {
        grew = false;
        for (int i = 0; i < c->nlive; i++)
            for (int j = 0; j < c->nlive && !dirty[i]; j++)
                if (dirty[j] && overlaps(&c->live[i].box, &c->live[j].box)) dirty[i] = grew = true;
    }
    if (!full && !ndirty) return; /* nothing changed: nothing drawn, nothing presented */
    if (!full && !d->persistent) full = true;
    d->stats.frames++;
    draw_counts before = draw_counted();
    SDL_Rect rects[SCENE_MAX_LIVE];
    int nrects = 0;
    long pixels = 0;
    if (full) {
        if (!no_layer) copy_layer(d, NULL);
        if (d->fading && d->prev) blend_prev(d, f->now_ms);
        c->nboxes = d->layer_nboxes;
        c->nstrings = d->layer_nstrings;
        pixels = (long)d->w * d->h;
    }
    int nboxes = c->nboxes;
    size_t nstrings = c->nstrings;
    /* the layer back under every region to draw, then the regions (overlapping ones
     * must not wipe each other) */
    for (int i = 0; i < c->nlive && !full; i++) {
        if (!dirty[i]) continue;
        copy_layer(d, &c->live[i].box);
        rects[nrects++] = c->live[i].box;
        pixels += (long)c->live[i].box.w * c->live[i].box.h;
    }
    for (int i = 0; i < c->nlive; i++) {
        if (!full && !dirty[i]) continue;
        draw_live(d, f, &c->live[i]);
        c->live[i].key = keys[i];
        c->live[i].drawn = true;
    }
    /* The text boxes are those of the last frame drawn in full. */
    if (!full) c->nboxes = nboxes, c->nstrings = nstrings;
    draw_counts after = draw_counted();
    d->stats.last_calls = after.calls - before.calls;
    d->stats.last_pixels = pixels;
    d->full = false;
    if (d->headless)
        SDL_RenderFlush(d->ren);
    else if (d->window_surface && !full) {
        SDL_RenderFlush(d->ren);
        SDL_UpdateWindowSurfaceRects(d->win, rects, nrects);
    } else
        SDL_RenderPresent(d->ren);
}

bool display_animating(const display *d, const display_frame *f)
{
    if (d->fading) return true;
    if (scene_moves(f)) return true;
    if (!f->session || f->blank) return false;
    return timer_moves(f);
}

int display_frame_ms(const display *d)
{
    const char *driver = d->video ? SDL_GetCurrentVideoDriver() : NULL;
    if (driver && !strcmp(driver, "dummy")) return 100;
    /* a fade drawn by the CPU blends two whole screens a frame: at 30 frames a second
     * the half-second dissolve looks the same, at half the cost */
    return d->fading && d->window_surface ? 33 : 16;
}

void display_toggle_fullscreen(display *d)
{
    if (!d->win) return;
    Uint32 fs = SDL_GetWindowFlags(d->win) & SDL_WINDOW_FULLSCREEN_DESKTOP;
    SDL_Rect screen;
    if (!fs && SDL_GetDisplayBounds(SDL_GetWindowDisplayIndex(d->win), &screen) == 0) {
        /* without a window manager, only the window's own size covers the screen */
        SDL_SetWindowSize(d->win, screen.w, screen.h);
        SDL_SetWindowPosition(d->win, screen.x, screen.y);
    }
    SDL_SetWindowFullscreen(d->win, fs ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
    SDL_ShowCursor(fs ? SDL_ENABLE : SDL_DISABLE);
    d->full = true;
}

int display_read(display *d, void *out, int pitch)
{
    if (d->headless) {
        for (int y = 0; y < d->h; y++)
            memcpy((Uint8 *)out + y * pitch, (Uint8 *)d->surface->pixels + y * d->surface->pitch,
                   (size_t)d->w * 4);
        return 0;
    }
    /* a window's surface keeps the frame; elsewhere the layer is what is kept */
    bool layer = !d->persistent && d->layer;
    if (layer) SDL_SetRenderTarget(d->ren, d->layer);
    int rc = SDL_RenderReadPixels(d->ren, NULL, SDL_PIXELFORMAT_ARGB8888, out, pitch);
    if (layer) SDL_SetRenderTarget(d->ren, NULL);
    return rc ? -1 : 0;
}

int display_save_png(display *d, const char *path, char *err, size_t errlen)
{
    int rc = -1;
    if (d->headless) {
        rc = IMG_SavePNG(d->surface, path);
    } else {
        SDL_Surface *s =
            SDL_CreateRGBSurfaceWithFormat(0, d->w, d->h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (s && display_read(d, s->pixels, s->pitch) == 0) rc = IMG_SavePNG(s, path);
        if (s) SDL_FreeSurface(s);
    }
    if (rc != 0) snprintf(err, errlen, "cannot write %s: %s", path, SDL_GetError());
    return rc ? -1 : 0;
}

void display_get_stats(const display *d, display_stats *out)
{
    *out = d->stats;
    out->rasterised = text_rasterised(d->sc.text);
    draw_counts k = draw_counted();
    out->calls = k.calls;
    out->uploads = k.uploads;
}

const char *display_font_notice(const display *d)
{
    return d ? text_font_fallback(d->sc.text) : NULL;
}

int display_input_fd(const display *d)
{
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!d || !d->win || !SDL_GetWindowWMInfo(d->win, &info)) return -1;
    return info.subsystem == SDL_SYSWM_X11 ? ConnectionNumber(info.info.x11.display) : -1;
}

const char *display_renderer(const display *d)
{
    SDL_RendererInfo info;
    return SDL_GetRendererInfo(d->ren, &info) == 0 ? info.name : "?";
}

size_t display_boxes(const display *d, const display_box **boxes)
{
    *boxes = d->sc.boxes;
    return (size_t)d->sc.nboxes;
}

int display_pages(const display *d)
{
    return d->sc.pages;
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

/* --- Checking a plan against the screen ------------------------------------------- */

/* An authored text and where it is written. */
typedef struct lint_text {
    const char *s;
    const char *what; /* "the segment's text", ... */
    const char *file;
    int line, col;
    bool warned;
} lint_text;

#define LINT_TEXTS 96

typedef struct lint_step {
    lint_text t[LINT_TEXTS];
    int n;
} lint_step;

static void lint_add(lint_step *ls, const char *s, const char *what, const char *file, int line,
                     int col)
{
    if (s && *s && ls->n < LINT_TEXTS)
        ls->t[ls->n++] = (lint_text){s, what, file, line, col, false};
}

static void lint_add_list(lint_step *ls, const strv *v, const char *what, const card *k)
{
    for (size_t i = 0; i < v->n; i++)
        lint_add(ls, v->v[i], what, k->file, k->line, k->col);
}

/* The authored texts a step may show, each with where it is written. */
static void lint_texts(const plan *p, const plan_segment *seg, const plan_step *st, lint_step *ls)
{
    const card *k = seg->card;
    ls->n = 0;
    if (st->stroke) {
        const stroke *s = st->stroke;
        lint_add(ls, s->instruction, "the stroke's instruction", s->file, s->line, s->col);
        lint_add(ls, s->name, "the stroke's name", s->file, s->line, s->col);
    } else {
        bool from_card = false;
        for (size_t i = 0; k && i < k->steps.n; i++)
            from_card |= k->steps.v[i] == st->title;
        if (from_card)
            lint_add(ls, st->title, "the card's step", k->file, k->line, k->col);
        else
            lint_add(ls, st->title, "the step", p->file, st->line, st->col);
        lint_add(ls, st->text, "the step's text", p->file, st->line, st->col);
    }
    lint_add(ls, seg->text, "the segment's text", p->file, seg->line, seg->col);
    lint_add(ls, seg->title, "the segment's title", p->file, seg->line, seg->col);
    for (size_t i = 0; i < seg->prompts.n; i++)
        lint_add(ls, seg->prompts.v[i], "the talk's prompt", p->file, seg->line, seg->col);
    if (k) {
        lint_add(ls, k->text, "the card's text", k->file, k->line, k->col);
        lint_add_list(ls, &k->yes, "the card's yes cue", k);
        lint_add_list(ls, &k->no, "the card's no cue", k);
        lint_add_list(ls, &k->if_no, "the card's \"if it's a no\" item", k);
    }
    lint_add(ls, p->title, "the class's title", p->file, 1, 1);
    lint_add(ls, p->subtitle, "the class's subtitle", p->file, 1, 1);
}

/* Is this box of the last frame at a legible size, wholly in its box? */
static bool box_legible(const display_box *b, int h)
{
    bool small_print = !strncmp(b->text, "http", 4); /* the join address */
    return b->fits && b->px >= b->min_px && (small_print || b->px >= (int)ceil(h / 22.0));
}

int display_lint(const plan *p, int w, int h, diag *dg, char *err, size_t errlen)
{
    display_config cfg = {.headless = true, .width = w, .height = h};
    display *d = display_create(&cfg, err, errlen);
    if (!d) return -1;
    remote_status phones = {.controllers = 1};
    snprintf(phones.code, sizeof phones.code, "123456");
    snprintf(phones.url, sizeof phones.url, "http://192.168.4.1:8080/");
    snprintf(phones.pair_url, sizeof phones.pair_url, "http://192.168.4.1:8080/?pair=123456");
    audio_status music = {.device_ok = true, .volume = 70};
    /* Every text once: the texts a step shares with others (its segment's, its card's)
     * are remembered across steps by their pointers. */
    const char *warned[256];
    int nwarned = 0, added = 0;
    lint_step ls;
    for (size_t sg = 0; sg < p->nsegments; sg++) {
        const plan_segment *seg = &p->segments[sg];
        for (size_t si = 0; si < seg->nsteps; si++) {
            lint_texts(p, seg, &seg->steps[si], &ls);
            int pages = 1;
            for (int k = 0; k < pages && k < 16; k++) {
                session *s = session_create(p, 0);
                if (!s) break;
                session_cmd go = {.kind = SESSION_GOTO, .segment = (int)sg, .step = (int)si};
                session_apply(s, &go, 1000);
                session_tick(s, 1000 + 1700 + (int64_t)k * DISPLAY_PAGE_MS);
                bool there = session_segment(s) == (int)sg && session_step(s) == (int)si;
                display_frame f = {.plan = p,
                                   .session = s,
                                   .now_ms = 2700 + (int64_t)k * DISPLAY_PAGE_MS,
                                   .audio = &music,
                                   .remote = &phones};
                if (there) display_draw(d, &f);
                session_destroy(s);
                if (!there) break;
                if (k == 0) pages = display_pages(d);
                const display_box *boxes;
                size_t nb = display_boxes(d, &boxes);
                for (size_t b = 0; b < nb; b++) {
                    if (box_legible(&boxes[b], h)) continue;
                    for (int i = 0; i < ls.n; i++) {
                        lint_text *t = &ls.t[i];
                        if (!strstr(boxes[b].text, t->s)) continue;
                        bool seen = false;
                        for (int j = 0; j < nwarned && !seen; j++)
                            seen = warned[j] == t->s;
                        if (seen) break;
                        if (nwarned < (int)(sizeof warned / sizeof warned[0]))
                            warned[nwarned++] = t->s;
                        diag_warn(dg, t->file, t->line, t->col,
                                  "%s \"%.60s%s\" cannot be shown at a legible size on a "
                                  "%dx%d screen, even on a page of its own; say it in fewer "
                                  "words",
                                  t->what, t->s, strlen(t->s) > 60 ? "..." : "", w, h);
                        added++;
                        break;
                    }
                }
            }
        }
    }
    display_destroy(d);
    return added;
}
