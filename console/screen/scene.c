/* scene.c: see scene.h. */
#include "screen/scene.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "screen/anim.h"
#include "screen/draw.h"
#include "core/session.h"
#include "screen/theme.h"

#define TRAIL_POINTS 14

static const SDL_Color page = THEME_PAGE, card_bg = THEME_CARD, band_c = THEME_BAND;
static const SDL_Color line_c = THEME_LINE, dusk_card = THEME_DUSK_CARD;
static const SDL_Color ink = THEME_INK, ink_soft = THEME_INK_SOFT, ink_terra = THEME_INK_TERRA;
static const SDL_Color ink_sage = THEME_INK_SAGE, ink_dusk = THEME_INK_DUSK;
static const SDL_Color ink_dusk_soft = THEME_INK_DUSK_SOFT;
static const SDL_Color terra = THEME_TERRA, sage = THEME_SAGE;
static const SDL_Color sage_soft = THEME_SAGE_SOFT, yes_card = THEME_YES_CARD;
static const SDL_Color no_card = THEME_NO_CARD;

void scene_layout_for(scene_layout *l, int w, int h, int notice_lines)
{
    memset(l, 0, sizeof(*l));
    l->w = w;
    l->h = h;
    l->narrow = (long)w * 2 < (long)h * 3;
    int mx = (int)lround(w * 0.05), my = (int)lround(h * 0.05);
    l->safe = (SDL_Rect){mx, my, w - 2 * mx, h - 2 * my};
    l->px_min = (int)ceil(h / 22.0);
    l->px_body = (int)lround(h / 20.0);
    l->px_lead = (int)lround(h / 15.5);
    l->px_title = (int)lround(h / 11.5);
    l->px_timer = (int)lround(h / 12.0);
    l->px_display = (int)lround(h / 7.5);
    l->px_small = (int)lround(h / 32.0);
    l->gap = (int)lround(h * 0.03);
    l->radius = h * 0.022f;
    int band_h = (int)lround(h * (l->narrow ? 0.155 : 0.105));
    l->band = (SDL_Rect){l->safe.x, l->safe.y + l->safe.h - band_h, l->safe.w, band_h};
    int bottom = l->band.y - l->gap;
    if (notice_lines > 0) {
        int nh = (int)lround(l->px_min * 1.45 * (notice_lines > 1 ? 2 : 1));
        l->notice = (SDL_Rect){l->safe.x, l->band.y - l->gap / 3 - nh, l->safe.w, nh};
        bottom = l->notice.y - l->gap / 2;
    }
    /* A 4:3 screen is narrow for long titles: a size smaller. */
    if (l->narrow) l->px_title = (int)lround(h / 13.5);
    int header_h = (int)lround(l->px_body * 1.5 + l->px_title * 1.3);
    l->header = (SDL_Rect){l->safe.x, l->safe.y, l->safe.w, header_h};
    int top = l->header.y + l->header.h + l->gap / 2;
    l->content = (SDL_Rect){l->safe.x, top, l->safe.w, bottom - top};
}

text_style scene_style(const scene_ctx *c, text_font font, int px, SDL_Color color)
{
    return (text_style){.font = font, .px = px, .min_px = c->l.px_min, .color = color};
}

static display_rect drect(SDL_Rect r)
{
    return (display_rect){r.x, r.y, r.w, r.h};
}

void scene_begin(scene_ctx *c, const display_frame *f)
{
    c->nboxes = 0;
    c->nstrings = 0;
    c->pages = 1;
    c->page_tick = scene_page_tick(f);
}

int64_t scene_page_tick(const display_frame *f)
{
    if (!f->session) return 0;
    int64_t ms = session_step_ms(f->session);
    return ms > 0 ? ms / DISPLAY_PAGE_MS : 0;
}

/* Note a text box of the frame: `box` is where the text was given room. */
static void record(scene_ctx *c, const char *s, const text_style *st, SDL_Rect box, text_result r)
{
    if (!s || !*s || c->nboxes >= SCENE_MAX_BOXES) return;
    display_box *b = &c->boxes[c->nboxes++];
    b->box = drect(box);
    b->drawn = drect(r.rect);
    b->px = r.px;
    b->min_px = st->min_px > 0 ? st->min_px : st->px;
    b->fits = r.fits;
    size_t n = strlen(s) + 1, room = sizeof c->strings - c->nstrings;
    if (n > room) n = room;
    char *dst = c->strings + c->nstrings;
    if (n) {
        memcpy(dst, s, n - 1);
        dst[n - 1] = '\0';
    }
    c->nstrings += n;
    b->text = n ? dst : "";
}

text_result scene_text(scene_ctx *c, const char *s, const text_style *st, SDL_Rect box, Uint8 alpha)
{
    text_result r = text_draw(c->text, s, st, box, alpha);
    if (box.w <= 0 || box.h <= 0) r.fits = false; /* no room at all: say so */
    record(c, s, st, box, r);
    return r;
}

/* --- Small pieces ------------------------------------------------------------------ */

static SDL_Color fg(const scene_ctx *c)
{
    return c->dusk ? ink_dusk : ink;
}

static SDL_Color fg_soft(const scene_ctx *c)
{
    return c->dusk ? ink_dusk_soft : ink_soft;
}

static SDL_Color fg_accent(const scene_ctx *c)
{
    return c->dusk ? ink_dusk_soft : ink_terra;
}

static SDL_Color card_c(const scene_ctx *c)
{
    return c->dusk ? dusk_card : card_bg;
}

static SDL_FRect frect(SDL_Rect r)
{
    return (SDL_FRect){(float)r.x, (float)r.y, (float)r.w, (float)r.h};
}

static void panel(scene_ctx *c, SDL_Rect r, SDL_Color col)
{
    draw_round_rect(c->ren, frect(r), c->l.radius, col);
}

static SDL_Rect inset(SDL_Rect r, int dx, int dy)
{
    return (SDL_Rect){r.x + dx, r.y + dy, r.w - 2 * dx, r.h - 2 * dy};
}

static SDL_Rect take_top(SDL_Rect *r, int h)
{
    if (h > r->h) h = r->h;
    SDL_Rect top = {r->x, r->y, r->w, h};
    r->y += h;
    r->h -= h;
    return top;
}

static void split_columns(SDL_Rect r, float left_share, int gap, SDL_Rect *left, SDL_Rect *right)
{
    int lw = (int)((r.w - gap) * left_share);
    *left = (SDL_Rect){r.x, r.y, lw, r.h};
    *right = (SDL_Rect){r.x + lw + gap, r.y, r.w - lw - gap, r.h};
}

/* --- Paged text ------------------------------------------------------------------- */

/* One block of a column of text: a paragraph, or a list item with a dot before it. */
typedef struct flow_item {
    const char *text;
    text_style st;
    SDL_Color dot; /* a list item's dot; alpha 0: a paragraph */
    bool keep;     /* kept on the page of the item after it (a title) */
} flow_item;

#define FLOW_MAX 48

typedef struct flow {
    flow_item items[FLOW_MAX];
    int n;
} flow;

static void flow_add(flow *fl, const char *text, text_style st, SDL_Color dot)
{
    if (text && *text && fl->n < FLOW_MAX) fl->items[fl->n++] = (flow_item){text, st, dot, false};
}

static void flow_add_list(flow *fl, const strv *items, text_style st, SDL_Color dot)
{
    for (size_t i = 0; i < items->n; i++)
        flow_add(fl, items->v[i], st, dot);
}

static int flow_indent(const scene_ctx *c, const flow_item *it)
{
    return it->dot.a ? (int)(c->l.px_min * 0.64f) : 0;
}

/* Pack the items, of the given heights, into pages `h` tall, in order, each page as
 * full as it goes; an item taller than a page has a page of its own, and a title goes
 * to the next page with the item after it. Returns the pages. */
static int flow_pack(const flow *fl, const int *heights, int gap, int h, int *starts)
{
    int pages = 0, y = 0;
    for (int i = 0; i < fl->n; i++) {
        if (pages == 0 || y + gap + heights[i] > h) {
            int first = i;
            if (pages > 0 && fl->items[i - 1].keep && starts[pages - 1] < i - 1) first = i - 1;
            starts[pages++] = first;
            y = 0;
            for (int k = first; k <= i; k++)
                y += (k > first ? gap : 0) + heights[k];
        } else {
            y += gap + heights[i];
        }
    }
    starts[pages] = fl->n;
    return pages;
}

/* Break the items into pages of `area`'s height, in order; when they need several, as
 * evenly filled as the same number of pages allows. Fills the first item of each page
 * and every item's height, and whether each item fits a page alone; returns the pages. */
static int flow_paginate(scene_ctx *c, SDL_Rect area, const flow *fl, int gap, int *starts,
                         int *heights, bool *all_fit)
{
    *all_fit = true;
    int tallest = 0;
    for (int i = 0; i < fl->n; i++) {
        const flow_item *it = &fl->items[i];
        SDL_Rect box = {0, 0, area.w - flow_indent(c, it), area.h};
        text_result r = text_fit(c->text, it->text, &it->st, box);
        heights[i] = r.rect.h;
        if (heights[i] > tallest) tallest = heights[i];
        if (!r.fits || box.w <= 0) *all_fit = false;
    }
    int pages = flow_pack(fl, heights, gap, area.h, starts);
    if (pages <= 1) return pages;
    int lo = tallest, hi = area.h; /* the shortest page height that needs no more pages */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (flow_pack(fl, heights, gap, mid, starts) <= pages)
            hi = mid;
        else
            lo = mid + 1;
    }
    return flow_pack(fl, heights, gap, hi, starts);
}

static int flow_count_row(const scene_ctx *c)
{
    return (int)(c->l.px_min * 1.4);
}

/* Does the flow fit `area` on one page? */
static bool flow_fits(scene_ctx *c, SDL_Rect area, const flow *fl)
{
    int starts[FLOW_MAX + 1], heights[FLOW_MAX];
    bool all_fit;
    if (area.w <= 0 || area.h <= 0) return fl->n == 0;
    return flow_paginate(c, area, fl, c->l.gap / 3, starts, heights, &all_fit) <= 1 && all_fit;
}

/* Can every item of the flow be shown legibly in `area`, on pages if need be? */
static bool flow_pageable(scene_ctx *c, SDL_Rect area, const flow *fl)
{
    if (flow_fits(c, area, fl)) return true;
    int starts[FLOW_MAX + 1], heights[FLOW_MAX];
    bool all_fit;
    area.h -= flow_count_row(c);
    if (area.w <= 0 || area.h <= 0) return false;
    flow_paginate(c, area, fl, c->l.gap / 3, starts, heights, &all_fit);
    return all_fit;
}

/* Draw items [from, to) of a page down `room`, each `heights` tall. */
static int flow_draw_items(scene_ctx *c, SDL_Rect room, const flow *fl, int from, int to,
                           const int *heights)
{
    int gap = c->l.gap / 3, y = room.y;
    for (int i = from; i < to; i++) {
        const flow_item *it = &fl->items[i];
        int ind = flow_indent(c, it);
        SDL_Rect box = {room.x + ind, y, room.w - ind, room.h};
        text_result r = text_draw(c->text, it->text, &it->st, box, 255);
        SDL_Rect took = {box.x, y, box.w, heights[i] < room.h ? heights[i] : room.h};
        if (r.rect.h > took.h) r.fits = false;
        record(c, it->text, &it->st, took, r);
        if (it->dot.a) {
            float dr = c->l.px_min * 0.16f;
            draw_circle(c->ren, room.x + dr, y + c->l.px_min * 0.7f, dr, it->dot);
        }
        y += heights[i] + gap;
    }
    return to > from ? y - gap - room.y : 0;
}

/* "2 of 3" at the bottom right of `area`, in its own row; notes the pages. */
static void page_count(scene_ctx *c, SDL_Rect area, int shown, int pages, SDL_Color color)
{
    int row = flow_count_row(c);
    char count[32];
    snprintf(count, sizeof count, "%d of %d", shown + 1, pages);
    text_style cs = scene_style(c, FONT_HEADING, c->l.px_min, color);
    cs.align = ALIGN_RIGHT;
    cs.valign = VALIGN_BOTTOM;
    scene_text(c, count, &cs, (SDL_Rect){area.x, area.y + area.h - row, area.w, row}, 255);
    if (pages > c->pages) c->pages = pages;
}

/* Draw the items down `area`. When they need more than one page, the pages turn with
 * the frame's page tick and "1 of 2" shows in `count_c`: in `count_at` when given (a
 * heading's row), else in a row at the bottom. Returns the height the page shown takes. */
static int flow_draw_counted(scene_ctx *c, SDL_Rect area, const flow *fl, SDL_Color count_c,
                             const SDL_Rect *count_at)
{
    if (fl->n == 0 || area.w <= 0 || area.h <= 0) return 0;
    int gap = c->l.gap / 3;
    int starts[FLOW_MAX + 1], heights[FLOW_MAX];
    bool all_fit;
    int pages = flow_paginate(c, area, fl, gap, starts, heights, &all_fit);
    SDL_Rect room = area;
    int at = 0;
    if (pages > 1) {
        if (!count_at) {
            room.h -= flow_count_row(c);
            pages = flow_paginate(c, room, fl, gap, starts, heights, &all_fit);
        }
        at = (int)(c->page_tick % pages);
        page_count(c, count_at ? *count_at : area, at, pages, count_c);
    }
    return flow_draw_items(c, room, fl, starts[at], starts[at + 1], heights);
}

static int flow_draw(scene_ctx *c, SDL_Rect area, const flow *fl, SDL_Color count_c)
{
    return flow_draw_counted(c, area, fl, count_c, NULL);
}

/* The words that open a segment (its own text and its card's), on its first step. */
static void flow_opening(const scene_ctx *c, flow *fl, const plan_segment *seg, int si, int px,
                         SDL_Color color)
{
    if (si != 0) return;
    text_style st = scene_style(c, FONT_BODY, px, color);
    st.line_height = 0.95f;
    flow_add(fl, seg->text, st, (SDL_Color){0});
    flow_add(fl, plan_card_text(seg), st, (SDL_Color){0});
}

static const char *kind_label(plan_kind k)
{
    static const char *const labels[KIND_COUNT] = {
        [KIND_WELCOME] = "Welcome",  [KIND_TALK] = "Let\xE2\x80\x99s talk",
        [KIND_SAFETY] = "Safety",    [KIND_PERMISSION] = "Asking permission",
        [KIND_MASSAGE] = "Massage",  [KIND_REST] = "Rest",
        [KIND_SWAP] = "Swap places", [KIND_RELAXATION] = "Relaxation",
        [KIND_CLOSING] = "Closing",
    };
    return (unsigned)k < KIND_COUNT ? labels[k] : "";
}

/* The eyebrow (a small label in the accent colour) and the title. */
static void header(scene_ctx *c, SDL_Rect area, const char *eyebrow, const char *title)
{
    int eh = (int)lround(c->l.px_body * 1.5);
    SDL_Rect eb = take_top(&area, eh);
    text_style es = scene_style(c, FONT_HEADING, c->l.px_body, fg_accent(c));
    scene_text(c, eyebrow, &es, eb, 255);
    text_style ts = scene_style(c, FONT_TITLE, c->l.px_title, fg(c));
    ts.min_px = c->l.narrow ? c->l.px_body : c->l.px_lead;
    ts.line_height = 1.05f;
    scene_text(c, title, &ts, area, 255);
}

static void step_eyebrow(char *buf, size_t n, const plan_segment *seg, int step)
{
    if (seg->nsteps > 1)
        snprintf(buf, n, "%s \xC2\xB7 step %d of %zu", kind_label(seg->kind), step + 1,
                 seg->nsteps);
    else
        snprintf(buf, n, "%s", kind_label(seg->kind));
}

/* Where the steps are: a dot for every step (done, now, to come), then the next
 * step's words, so the room knows what follows the one on the big card. */
static void step_list(scene_ctx *c, SDL_Rect area, const plan_segment *seg, int current,
                      const char *after)
{
    int n = (int)seg->nsteps;
    float dr = c->l.px_min * 0.22f;
    int per_row = (int)((area.w - c->l.gap) / (dr * 3.4f));
    if (per_row < 1) per_row = 1;
    for (int i = 0; i < n; i++) {
        SDL_Color col = i < current    ? (c->dusk ? sage_soft : sage)
                        : i == current ? terra
                                       : (c->dusk ? dusk_card : line_c);
        float x = area.x + c->l.gap * 0.5f + (i % per_row) * dr * 3.4f;
        float y = area.y + dr * 2 + (i / per_row) * dr * 3.4f;
        draw_circle(c->ren, x, y, i == current ? dr * 1.3f : dr, col);
    }
    take_top(&area, (int)(dr * 4 + ((n - 1) / per_row) * dr * 3.4f + c->l.gap / 2));
    const char *next = current + 1 < n ? seg->steps[current + 1].title : after;
    if (!next) return;
    SDL_Rect in = inset(area, c->l.gap * 2 / 3, c->l.gap / 2);
    SDL_Rect hb = take_top(&in, (int)(c->l.px_min * 1.5));
    text_style ts = scene_style(c, FONT_BODY, c->l.px_body, fg(c));
    ts.line_height = 0.92f;
    /* what follows shows when it fits; it has its own step all the same */
    if (!text_fit(c->text, next, &ts, in).fits) return;
    panel(c, area, c->dusk ? dusk_card : band_c);
    text_style hs = scene_style(c, FONT_HEADING, c->l.px_min, fg_accent(c));
    scene_text(c, current + 1 < n ? "Next" : "Then", &hs, hb, 255);
    scene_text(c, next, &ts, in, 255);
}

/* Two parts for a step, side by side: its card and where it is among the others. */
static void split_step_area(const scene_ctx *c, SDL_Rect area, SDL_Rect *card_r, SDL_Rect *list_r)
{
    split_columns(area, c->l.narrow ? 0.6f : 0.56f, c->l.gap, card_r, list_r);
}

/* The words of a step: the segment's opening words on its first step, then the step's
 * title and its text. A step named after its own segment (the single step of a segment
 * without steps) adds no title: the header shows it. */
static void step_words(const scene_ctx *c, flow *fl, const plan_segment *seg, int si, bool compact)
{
    const plan_step *st = &seg->steps[si];
    flow_opening(c, fl, seg, si, compact ? c->l.px_min : c->l.px_body, fg_soft(c));
    text_style ts = scene_style(c, compact ? FONT_BODY_BOLD : FONT_HEADING,
                                compact ? c->l.px_body : c->l.px_lead, fg(c));
    ts.line_height = 1.0f;
    if (strcmp(st->title, seg->title)) {
        flow_add(fl, st->title, ts, (SDL_Color){0});
        if (st->text && fl->n) fl->items[fl->n - 1].keep = true;
    }
    text_style bs = scene_style(c, FONT_BODY, compact ? c->l.px_min : c->l.px_body, fg(c));
    flow_add(fl, st->text, bs, (SDL_Color){0});
}

/* Inside a words card. */
static SDL_Rect words_inside(const scene_ctx *c, SDL_Rect area, bool compact)
{
    int pad = compact ? c->l.gap * 2 / 3 : c->l.gap;
    return inset(area, pad, pad);
}

/* A card of words, on pages when they need more than one. */
static void words_card(scene_ctx *c, SDL_Rect area, const flow *fl, bool compact)
{
    panel(c, area, card_c(c));
    SDL_Rect in = words_inside(c, area, compact);
    if (fl->n == 1 && flow_fits(c, in, fl)) {
        /* one block of words: in the middle of the card, as large as it goes */
        text_style one = fl->items[0].st;
        one.font = FONT_BODY;
        one.px = compact ? c->l.px_body : c->l.px_lead;
        one.valign = VALIGN_MIDDLE;
        scene_text(c, fl->items[0].text, &one, in, 255);
        return;
    }
    flow_draw(c, in, fl, fg_soft(c));
}

static void step_card(scene_ctx *c, SDL_Rect area, const plan_segment *seg, int si, bool compact)
{
    flow fl = {.n = 0};
    step_words(c, &fl, seg, si, compact);
    words_card(c, area, &fl, compact);
}

/* A list on a tinted card, under a heading; a list too long for the card goes on
 * pages that turn by themselves. */
static void cue_card(scene_ctx *c, SDL_Rect area, const char *heading, const flow *fl, SDL_Color bg,
                     SDL_Color head)
{
    panel(c, area, bg);
    SDL_Rect in = inset(area, c->l.gap * 2 / 3, c->l.gap / 2);
    SDL_Rect hb = take_top(&in, (int)(c->l.px_body * 1.4));
    text_style hs = scene_style(c, FONT_TITLE, c->l.px_body, head);
    scene_text(c, heading, &hs, hb, 255);
    /* the count on the heading's row, so the list keeps the height */
    flow_draw_counted(c, in, fl, ink_soft, &hb);
}

/* A list item of a cue card: body text at the smallest legible size. */
static text_style cue_style(const scene_ctx *c)
{
    text_style ts = scene_style(c, FONT_BODY, c->l.px_min, ink);
    ts.line_height = 0.92f;
    return ts;
}

/* --- Massage: the stroke animated, its words, the count, what comes next ------------ */

/* The rig of the frame's plan, or NULL. */
static const rig *rig_of(const display_frame *f)
{
    return f->plan && f->plan->lib ? f->plan->lib->rig : NULL;
}

/* The still part of the stage (the cached layer): the panel and, unless the stroke
 * moves the baby, the body and the guides of the hands that glide. */
static void massage_stage(scene_ctx *c, SDL_Rect stage, const rig *rg, const stroke *s,
                          const anim_cycle *cycle)
{
    panel(c, stage, card_bg);
    int pad = stage.w / 24;
    SDL_Rect area = inset(stage, pad, pad);
    c->stage = area;
    if (!s->nmoves) body_draw(c->body, rg, s->view, area, card_bg, NULL);
    body_draw_run_on(c->body, rg, s->view, area, stage);
    SDL_Color guide = draw_alpha(terra, 0.45f);
    for (size_t i = 0; i < s->nhands; i++)
        if (s->hands[i].holds < 0)
            body_draw_guide(c->ren, area, &s->hands[i], cycle->mirrored, guide);
    body_prepare(c->body, rg, s->view, s->contact, area);
    /* The hands and trail (and a gentle movement's baby) move over it: a live region
     * around the paths, a hand wider on every side (the whole view for a movement). */
    int m = body_hand_size(rg, s->view, area) + 2;
    SDL_Rect box = inset(area, -m, -m);
    if (!s->nmoves) {
        float x0 = 1, y0 = 1, x1 = 0, y1 = 0;
        for (size_t i = 0; i < s->nhands; i++)
            for (size_t k = 0; k < s->hands[i].npts; k++) {
                float x = s->hands[i].pts[k][0], y = s->hands[i].pts[k][1];
                if (cycle->mirrored) x = 1.0f - x;
                x0 = x < x0 ? x : x0;
                x1 = x > x1 ? x : x1;
                y0 = y < y0 ? y : y0;
                y1 = y > y1 ? y : y1;
            }
        if (x1 >= x0)
            box = (SDL_Rect){area.x + (int)(x0 * area.w) - m, area.y + (int)(y0 * area.h) - m,
                             (int)((x1 - x0) * area.w) + 2 * m, (int)((y1 - y0) * area.h) + 2 * m};
    }
    /* Never past the stage's panel: a hand reaching beyond it (a wrist at the foot of a
     * close-up) goes under the panel's edge, not over the band or the words beside. */
    SDL_IntersectRect(&box, &stage, &box);
    scene_add_live(c, LIVE_STAGE, box, area);
}

/* The moving part of the stage: a gentle movement's baby, each hand's fading trail,
 * then the hands, each with the part that works on its path. */
static void stage_hands(scene_ctx *c, const rig *rg, SDL_Rect area, const stroke *s,
                        const anim_cycle *cycle)
{
    const rig_view *rv = rg ? &rg->views[s->view] : NULL;
    rig_pose pose;
    anim_pose(s, rv, cycle->phase, cycle->mirrored, &pose);
    if (s->nmoves) body_draw(c->body, rg, s->view, area, card_bg, &pose);
    for (size_t i = 0; i < s->nhands; i++) {
        if (s->hands[i].holds >= 0) continue;
        anim_pt trail[TRAIL_POINTS];
        size_t n =
            anim_trail(&s->hands[i], cycle->phase, cycle->mirrored, 0.18f, trail, TRAIL_POINTS);
        body_draw_trail(c->body, area, trail, n, terra);
    }
    body_hand hands[STROKE_MAX_HANDS];
    size_t n = body_hands_at(s, rv, &pose, cycle->phase, cycle->mirrored, hands);
    /* the hands, then what each works with over all of them */
    for (size_t i = 0; i < n; i++)
        body_draw_hand(c->body, rg, s->view, area, &hands[i]);
    for (size_t i = 0; i < n; i++)
        body_draw_contact(c->body, rg, s->view, area, &hands[i]);
}

static void rep_dots(scene_ctx *c, SDL_Rect row, const anim_cycle *cycle)
{
    int n = cycle->reps > 12 ? 12 : cycle->reps;
    float r = c->l.px_min * 0.28f, step = r * 3.2f;
    float y = row.y + row.h / 2.0f;
    for (int i = 0; i < n; i++) {
        float x = row.x + r + i * step;
        bool done = cycle->done || i < cycle->rep - 1, now = !cycle->done && i == cycle->rep - 1;
        if (done)
            draw_circle(c->ren, x, y, r, sage);
        else if (now)
            draw_circle(c->ren, x, y, r * 1.2f, terra);
        else
            draw_circle(c->ren, x, y, r, line_c);
    }
}

/* The count of a step: its repetitions as dots and words, or the time it has left. */
static void count_row(scene_ctx *c, SDL_Rect cb, const anim_cycle *cycle)
{
    const scene_layout *l = &c->l;
    text_style cs = scene_style(c, FONT_BODY, l->px_body, ink);
    cs.valign = VALIGN_MIDDLE;
    if (cycle->reps > 0) {
        rep_dots(c, (SDL_Rect){cb.x, cb.y, cb.w / 3, cb.h}, cycle);
        int dots_w =
            (int)((cycle->reps > 12 ? 12 : cycle->reps) * l->px_min * 0.28f * 3.2f + l->gap / 2);
        char count[64];
        if (cycle->done)
            snprintf(count, sizeof count, "%d of %d, all done", cycle->reps, cycle->reps);
        else
            snprintf(count, sizeof count, "%d of %d", cycle->rep, cycle->reps);
        scene_text(c, count, &cs, (SDL_Rect){cb.x + dots_w, cb.y, cb.w - dots_w, cb.h}, 255);
    } else {
        char clock[32];
        plan_format_clock(cycle->left_ms + 999, clock, sizeof clock);
        int y = cb.y + (cb.h - text_line_skip(c->text, FONT_TITLE, l->px_body)) / 2;
        int w =
            text_draw_clock(c->text, clock, FONT_TITLE, l->px_body, ink, cb.x, y, ALIGN_LEFT, 255);
        const char *word = cycle->done ? "time for the next stroke" : "left for this stroke";
        scene_text(c, word, &cs,
                   (SDL_Rect){cb.x + w + l->gap / 3, cb.y, cb.w - w - l->gap / 3, cb.h}, 255);
    }
}

static void massage_scene(scene_ctx *c, const display_frame *f, const plan_segment *seg, int si)
{
    const plan *p = f->plan;
    const plan_step *st = &seg->steps[si];
    const stroke *s = st->stroke;
    int64_t step_ms = session_step_ms(f->session);
    anim_cycle cycle = anim_cycle_at(s, st, step_ms);
    const scene_layout *l = &c->l;
    int bottom = (l->notice.h ? l->notice.y : l->band.y) - l->gap;
    int side = bottom - l->safe.y;
    int max_side = (int)(l->safe.w * (l->narrow ? 0.44 : 0.47));
    if (side > max_side) side = max_side;
    SDL_Rect stage = {l->safe.x, l->safe.y, side, side};
    massage_stage(c, stage, rig_of(f), s, &cycle);

    int x = stage.x + stage.w + l->gap * 3 / 2;
    SDL_Rect col = {x, l->safe.y, l->safe.x + l->safe.w - x, bottom - l->safe.y};
    int which = p->massage[1] == session_segment(f->session) ? 2 : 1;
    char eyebrow[256];
    snprintf(eyebrow, sizeof eyebrow, "Massage %d \xC2\xB7 stroke %d of %zu", which, si + 1,
             seg->nsteps);
    text_style es = scene_style(c, FONT_HEADING, l->px_body, ink_terra);
    SDL_Rect eb = take_top(&col, (int)lround(l->px_body * 1.5));
    /* the first stroke opens the segment: its title heads it when it fits there */
    bool titled = si == 0 && text_fit(c->text, seg->title, &es, eb).fits;
    if (titled)
        snprintf(eyebrow, sizeof eyebrow, "%s", seg->title);
    else if (!text_fit(c->text, eyebrow, &es, eb).fits) /* a narrow column: the short form */
        snprintf(eyebrow, sizeof eyebrow, "Massage %d \xC2\xB7 %d of %zu", which, si + 1,
                 seg->nsteps);
    scene_text(c, eyebrow, &es, eb, 255);
    text_style ts = scene_style(c, FONT_TITLE, l->px_title, ink);
    ts.min_px = l->narrow ? l->px_body : l->px_lead;
    ts.line_height = 1.05f;
    SDL_Rect tb = col;
    tb.h = (int)(l->px_title * 2.4);
    text_result tr = scene_text(c, st->title, &ts, tb, 255);
    take_top(&col, tr.rect.h + l->gap * 2 / 3);

    /* From the bottom up: what comes next, the side, the count. */
    char next[256];
    if ((size_t)si + 1 < seg->nsteps)
        snprintf(next, sizeof next, "Next: %s", seg->steps[si + 1].title);
    else if ((size_t)session_segment(f->session) + 1 < p->nsegments)
        snprintf(next, sizeof next, "Then: %s", p->segments[session_segment(f->session) + 1].title);
    else
        snprintf(next, sizeof next, "The last stroke of the class");
    int nh = (int)(l->px_min * 3.3);
    int rowh = (int)(l->px_body * 1.5);
    /* The words: on the first stroke the segment's own (its title and text) open it. */
    flow words = {.n = 0};
    if (si == 0 && !titled) {
        text_style hs = scene_style(c, FONT_BODY_BOLD, l->px_body, ink_terra);
        flow_add(&words, seg->title, hs, (SDL_Color){0});
        if (words.n) words.items[words.n - 1].keep = true; /* a heading: with its words */
    }
    flow_opening(c, &words, seg, si, l->px_body, ink_soft);
    text_style is = scene_style(c, FONT_BODY, l->px_lead, ink);
    is.line_height = 0.95f;
    flow_add(&words, s->instruction, is, (SDL_Color){0});
    /* The side, named for both people: one line when it fits, else two. */
    char side_text[128];
    plan_side_words(p, st, cycle.side, cycle.both, side_text, sizeof side_text);
    float ar = l->px_min * 0.45f;
    text_style ss = scene_style(c, FONT_BODY_BOLD, l->px_body, ink);
    ss.valign = VALIGN_MIDDLE;
    int side_h = rowh;
    if (cycle.side != SIDE_NONE &&
        !text_fit(c->text, side_text, &ss, (SDL_Rect){0, 0, col.w - (int)(ar * 3), rowh}).fits)
        side_h = (int)(l->px_body * 2.7);
    int rows_h = (rowh + l->gap / 2) + (cycle.side != SIDE_NONE ? side_h + l->gap / 3 : 0);
    SDL_Rect probe = {col.x, col.y, col.w, col.h - rows_h - nh - l->gap};
    bool show_next = flow_fits(c, probe, &words);
    if (show_next) {
        SDL_Rect nb = {col.x, col.y + col.h - nh, col.w, nh};
        panel(c, nb, band_c);
        text_style ns = scene_style(c, FONT_BODY, l->px_min, ink_soft);
        ns.valign = VALIGN_MIDDLE;
        ns.line_height = 0.9f;
        scene_text(c, next, &ns, inset(nb, l->gap * 2 / 3, l->gap / 4), 255);
        col.h -= nh + l->gap;
    }

    if (cycle.side != SIDE_NONE) {
        SDL_Rect sb = {col.x, col.y + col.h - side_h, col.w, side_h};
        draw_arrowhead(c->ren, sb.x + ar, sb.y + sb.h / 2.0f,
                       cycle.side == SIDE_LEFT ? (float)M_PI : 0.0f, ar * 2.0f, terra);
        scene_text(c, side_text, &ss,
                   (SDL_Rect){sb.x + (int)(ar * 3), sb.y, sb.w - (int)(ar * 3), sb.h}, 255);
        col.h -= side_h + l->gap / 3;
    }
    SDL_Rect cb = {col.x, col.y + col.h - rowh, col.w, rowh};
    /* (the current repetition's dot is larger than its place) */
    scene_add_live(c, LIVE_COUNT, inset(cb, -l->gap / 3, -2), cb);
    col.h -= rowh + l->gap / 2;

    flow_draw(c, col, &words, ink_soft);
}

/* On a narrow screen the cue cards take the whole width one after another, their
 * items in two columns, all on one run of pages ("2 of 4"). */
static void cue_sections(scene_ctx *c, SDL_Rect area, const flow *fls, const char *const *heads,
                         const SDL_Color *bgs, const SDL_Color *hcs)
{
    SDL_Rect in = inset(area, c->l.gap * 2 / 3, c->l.gap / 2);
    int head_h = (int)(c->l.px_body * 1.4), colgap = c->l.gap, gap = c->l.gap / 3;
    SDL_Rect col = {0, 0, (in.w - colgap) / 2, in.h - head_h};
    int starts[3][FLOW_MAX + 1], heights[3][FLOW_MAX], cols[3], pages[3], total = 0;
    for (int i = 0; i < 3; i++) {
        bool all_fit;
        cols[i] =
            fls[i].n ? flow_paginate(c, col, &fls[i], gap, starts[i], heights[i], &all_fit) : 0;
        pages[i] = (cols[i] + 1) / 2;
        total += pages[i];
    }
    if (total == 0 || col.h <= 0) return;
    int at = (int)(c->page_tick % total), i = 0;
    while (at >= pages[i]) {
        at -= pages[i];
        i++;
    }
    panel(c, area, bgs[i]);
    text_style hs = scene_style(c, FONT_TITLE, c->l.px_body, hcs[i]);
    SDL_Rect hb = take_top(&in, head_h);
    scene_text(c, heads[i], &hs, hb, 255);
    for (int k = 0; k < 2 && at * 2 + k < cols[i]; k++) {
        int cp = at * 2 + k;
        SDL_Rect room = {in.x + k * (col.w + colgap), in.y, col.w, col.h};
        flow_draw_items(c, room, &fls[i], starts[i][cp], starts[i][cp + 1], heights[i]);
    }
    if (total > 1) {
        int shown = 0;
        for (int k = 0; k < i; k++)
            shown += pages[k];
        /* the count on the heading's row, so the list keeps the height */
        page_count(c, hb, shown + at, total, ink_soft);
    }
}

/* --- Permission: the ritual, then the cues ------------------------------------------ */

static void permission_scene(scene_ctx *c, const display_frame *f, const plan_segment *seg, int si)
{
    (void)f;
    const card *k = seg->card;
    bool cues = plan_step_shows_cues(seg, si);
    SDL_Rect area = c->l.content;
    if (cues) {
        /* the cues need the height: the title alone heads them */
        text_style ts = scene_style(c, FONT_TITLE, c->l.px_title, fg(c));
        ts.min_px = c->l.px_body;
        ts.line_height = 1.05f;
        SDL_Rect tb = c->l.header;
        text_result r = scene_text(c, seg->title, &ts, tb, 255);
        int top = r.rect.y + r.rect.h + c->l.gap / 2;
        area.h += area.y - top;
        area.y = top;
    } else {
        char eyebrow[128];
        step_eyebrow(eyebrow, sizeof eyebrow, seg, si);
        header(c, c->l.header, eyebrow, seg->title);
    }
    if (!cues) {
        SDL_Rect left = area, right = area;
        if (seg->nsteps > 1) split_step_area(c, area, &left, &right);
        step_card(c, left, seg, si, false);
        if (seg->nsteps > 1) step_list(c, right, seg, si, NULL);
        return;
    }
    /* The step's words across the top, then the cues side by side: yes, no, and what
     * to do on a no; a list longer than its card turns its pages, so every cue shows. */
    flow top = {.n = 0};
    step_words(c, &top, seg, si, true);
    if (top.n) {
        SDL_Rect tb = area;
        tb.h = area.h / 3;
        int used = flow_draw(c, tb, &top, ink_soft);
        take_top(&area, (flow_fits(c, tb, &top) ? used : tb.h) + c->l.gap / 2);
    }
    const strv *lists[3] = {&k->yes, &k->no, &k->if_no};
    const char *heads[3] = {"Yes, begin", "Not now", "If it\xE2\x80\x99s a no"};
    SDL_Color bgs[3] = {yes_card, no_card, card_bg};
    SDL_Color hcs[3] = {ink_sage, ink_terra, ink};
    SDL_Color dots[3] = {sage, terra, THEME_SAND_DEEP};
    flow fls[3];
    for (int i = 0; i < 3; i++) {
        fls[i].n = 0;
        flow_add_list(&fls[i], lists[i], cue_style(c), dots[i]);
    }
    if (c->l.narrow) {
        cue_sections(c, area, fls, heads, bgs, hcs);
        return;
    }
    int shown = 0;
    for (int i = 0; i < 3; i++)
        shown += lists[i]->n > 0;
    int gap = c->l.gap * 2 / 3, x = area.x;
    int w = shown ? (area.w - gap * (shown - 1)) / shown : 0;
    for (int i = 0; i < 3; i++) {
        if (!lists[i]->n) continue;
        cue_card(c, (SDL_Rect){x, area.y, w, area.h}, heads[i], &fls[i], bgs[i], hcs[i]);
        x += w + gap;
    }
}

/* --- Welcome: the class, today's plan, the join code ------------------------------- */

/* Today's segments, one row each (two lines when a title needs them), the massages
 * marked. When the room runs out, the permission rituals go unlisted first (each
 * massage begins with one), then the last rows give way to "and more". */
static void plan_rows(scene_ctx *c, SDL_Rect area, const plan *p, int current)
{
    int n = (int)p->nsegments;
    int time_w = (int)(c->l.px_min * 3.4);
    int tx = area.x + c->l.px_min;
    int line = text_line_skip(c->text, FONT_BODY, c->l.px_min);
    text_style ts = scene_style(c, FONT_BODY, c->l.px_min, ink_soft);
    ts.valign = VALIGN_MIDDLE;
    ts.line_height = 0.9f;
    for (int pass = 0; pass < 2; pass++) {
        bool skip_permission = pass == 1;
        int y = area.y, total = 0;
        for (int i = 0; i < n; i++) {
            if (skip_permission && p->segments[i].kind == KIND_PERMISSION) continue;
            SDL_Rect probe = {tx, 0, area.x + area.w - tx - time_w, line * 2};
            total += text_fit(c->text, p->segments[i].title, &ts, probe).rect.h + line / 4;
        }
        if (total > area.h && pass == 0) continue;
        int shown = 0, all = 0;
        for (int i = 0; i < n; i++)
            all += !(skip_permission && p->segments[i].kind == KIND_PERMISSION);
        for (int i = 0; i < n; i++) {
            const plan_segment *seg = &p->segments[i];
            if (skip_permission && seg->kind == KIND_PERMISSION) continue;
            bool massage = seg->kind == KIND_MASSAGE;
            ts.font = massage ? FONT_BODY_BOLD : FONT_BODY;
            ts.color = i == current ? ink : ink_soft;
            SDL_Rect probe = {tx, y, area.x + area.w - tx - time_w, line * 2};
            int h = text_fit(c->text, seg->title, &ts, probe).rect.h;
            bool last_room = y + h + line / 4 + line > area.y + area.h;
            if (y + h > area.y + area.h || (last_room && shown + 1 < all)) {
                char more[64];
                snprintf(more, sizeof more, "and %d more", all - shown);
                text_style ms = scene_style(c, FONT_BODY, c->l.px_min, ink_soft);
                if (y + line <= area.y + area.h)
                    scene_text(c, more, &ms, (SDL_Rect){tx, y, area.w - (tx - area.x), line}, 255);
                return;
            }
            float dr = c->l.px_min * 0.2f;
            draw_circle(c->ren, area.x + dr * 1.5f, y + line / 2.0f, massage ? dr * 1.5f : dr,
                        massage ? terra : (i == current ? sage : (SDL_Color)THEME_SAND_DEEP));
            probe.h = h;
            scene_text(c, seg->title, &ts, probe, 255);
            char dur[32];
            plan_format_minutes(seg->duration_ms, dur, sizeof dur);
            text_style ds = scene_style(c, FONT_BODY, c->l.px_min, ink_soft);
            ds.align = ALIGN_RIGHT;
            scene_text(c, dur, &ds, (SDL_Rect){area.x + area.w - time_w, y, time_w, line}, 255);
            y += h + line / 4;
            shown++;
        }
        return;
    }
}

/* A QR code `side` pixels square at (x, y), scaled by whole numbers to stay crisp;
 * returns its width. */
static int draw_qr(scene_ctx *c, SDL_Texture *qr, int modules, int x, int y, int side)
{
    int scale = side / modules;
    if (scale < 1) scale = 1;
    int px = scale * modules;
    draw_copy(c->ren, qr, NULL, &(SDL_Rect){x, y + (side - px) / 2, px, px});
    return px;
}

static void join_card(scene_ctx *c, SDL_Rect area, const remote_status *rs)
{
    panel(c, area, card_bg);
    SDL_Rect in = inset(area, c->l.gap * 2 / 3, c->l.gap * 2 / 3);
    int qr_px = 0;
    if (c->qr && c->qr_size > 0) {
        /* With the room's own Wi-Fi, two codes side by side, each named under it: join
         * the Wi-Fi first, then open the page. */
        int wifi = c->wifi_qr && c->wifi_qr_size > 0;
        int cap = wifi ? (int)(c->l.px_small * 1.4) : 0;
        int side = in.h - cap < in.w / (2 + wifi) ? in.h - cap : in.w / (2 + wifi);
        int y = in.y + (in.h - cap - side) / 2;
        text_style cs = scene_style(c, FONT_HEADING, c->l.px_small, ink_soft);
        cs.align = ALIGN_CENTER;
        if (wifi) {
            qr_px = draw_qr(c, c->wifi_qr, c->wifi_qr_size, in.x, y, side);
            scene_text(c, "1 \xC2\xB7 Wi-Fi", &cs, (SDL_Rect){in.x, y + side, qr_px, cap}, 255);
            qr_px += c->l.gap / 3;
        }
        int px = draw_qr(c, c->qr, c->qr_size, in.x + qr_px, y, side);
        if (wifi)
            scene_text(c, "2 \xC2\xB7 Page", &cs, (SDL_Rect){in.x + qr_px, y + side, px, cap}, 255);
        qr_px += px;
    }
    int tx = in.x + qr_px + (qr_px ? c->l.gap * 2 / 3 : 0);
    SDL_Rect tb = {tx, in.y, in.x + in.w - tx, in.h};
    text_style ls = scene_style(c, FONT_HEADING, c->l.px_min, ink_terra);
    ls.line_height = 0.9f;
    SDL_Rect lb = take_top(&tb, (int)(c->l.px_min * 1.45));
    /* The instructor's minute to add a phone counts down. */
    char head[48] = "On your phone";
    if (rs->open_ms > 0)
        snprintf(head, sizeof head, "Add a phone \xC2\xB7 %d s", (int)((rs->open_ms + 999) / 1000));
    if (text_fit(c->text, head, &ls, lb).fits) scene_text(c, head, &ls, lb, 255);
    int uh = (int)(c->l.px_small * 1.5);
    /* The code only while it is open (no phone controls, or the instructor asked); else
     * the QR code only follows the class, and the card says how many phones do what. */
    char phones[96];
    text_style cs = scene_style(c, FONT_TITLE, c->l.px_display, ink);
    cs.min_px = c->l.px_body;
    cs.valign = VALIGN_MIDDLE;
    if (!rs->code[0]) {
        snprintf(phones, sizeof phones, "Follow the class\n%d controlling \xC2\xB7 %d following",
                 rs->controllers, rs->followers);
        cs = scene_style(c, FONT_BODY, c->l.px_min, ink);
        cs.min_px = c->l.px_small / 2;
        cs.valign = VALIGN_MIDDLE;
    }
    scene_text(c, rs->code[0] ? rs->code : phones, &cs, (SDL_Rect){tb.x, tb.y, tb.w, tb.h - uh},
               255);
    text_style us = scene_style(c, FONT_BODY, c->l.px_small, ink_soft);
    us.min_px = c->l.px_small / 2;
    us.valign = VALIGN_BOTTOM;
    scene_text(c, rs->url, &us, (SDL_Rect){tb.x, tb.y + tb.h - uh, tb.w, uh}, 255);
}

static void welcome_scene(scene_ctx *c, const display_frame *f, const plan_segment *seg, int si)
{
    const plan *p = f->plan;
    char eyebrow[256];
    const char *sub = p->subtitle ? p->subtitle : seg->title;
    if (p->week > 0)
        snprintf(eyebrow, sizeof eyebrow, "Week %d \xC2\xB7 %s", p->week, sub);
    else
        snprintf(eyebrow, sizeof eyebrow, "%s", sub);
    text_style es = scene_style(c, FONT_HEADING, c->l.px_body, fg_accent(c));
    SDL_Rect eb = {c->l.header.x, c->l.header.y, c->l.header.w, (int)lround(c->l.px_body * 1.5)};
    bool sub_shown = true;
    if (p->week > 0 && !text_fit(c->text, eyebrow, &es, eb).fits) {
        snprintf(eyebrow, sizeof eyebrow, "Week %d", p->week);
        sub_shown = false;
    }
    header(c, c->l.header, eyebrow, p->title);
    /* The card: what the eyebrow could not hold, the segment's title when the day's plan
     * is not beside it (a 4:3 screen), and the step's words. */
    flow fl = {.n = 0};
    text_style ls = scene_style(c, FONT_BODY_BOLD, c->l.px_body, fg_accent(c));
    if (!sub_shown && si == 0) flow_add(&fl, p->subtitle, ls, (SDL_Color){0});
    if (c->l.narrow && seg->nsteps > 1) flow_add(&fl, seg->title, ls, (SDL_Color){0});
    bool compact = c->l.narrow || (f->remote && f->remote->code[0]);
    step_words(c, &fl, seg, si, compact);
    SDL_Rect left, right;
    bool join = f->remote && f->remote->url[0];
    if (c->l.narrow) {
        /* 4:3: the step and the join code side by side; the band's timeline shows the
         * day's plan. */
        split_columns(c->l.content, 0.5f, c->l.gap, &left, &right);
        words_card(c, join ? left : c->l.content, &fl, true);
        if (join) join_card(c, right, f->remote);
        return;
    }
    split_columns(c->l.content, 0.54f, c->l.gap * 3 / 2, &left, &right);
    plan_rows(c, left, p, session_segment(f->session));
    if (join) {
        /* the join card gives the step's words room: one page if it can, else pages
         * each of its texts fits */
        int share = 9;
        for (int want_one = 1; want_one >= 0; want_one--) {
            for (share = 9; share >= 7; share--) {
                SDL_Rect below = right;
                take_top(&below, right.h * share / 20 + c->l.gap / 2);
                SDL_Rect in = words_inside(c, below, compact);
                if (want_one ? flow_fits(c, in, &fl) : flow_pageable(c, in, &fl)) break;
            }
            if (share >= 7) break;
        }
        if (share < 7) share = 7;
        SDL_Rect jb = take_top(&right, right.h * share / 20);
        join_card(c, jb, f->remote);
        take_top(&right, c->l.gap / 2);
    }
    words_card(c, right, &fl, compact);
}

/* --- Talk: a topic and its prompts -------------------------------------------------- */

static void talk_scene(scene_ctx *c, const display_frame *f, const plan_segment *seg, int si)
{
    (void)f;
    char eyebrow[128];
    step_eyebrow(eyebrow, sizeof eyebrow, seg, si);
    header(c, c->l.header, eyebrow, seg->title);
    if (seg->prompts.n == 0) {
        step_card(c, c->l.content, seg, si, false);
        return;
    }
    /* The topic: the segment's opening words, then the step's own. */
    int lead_px = c->l.narrow ? c->l.px_body : c->l.px_lead;
    flow lead = {.n = 0};
    text_style ls = scene_style(c, FONT_BODY, lead_px, ink);
    ls.line_height = 0.95f;
    if (seg->nsteps > 1) {
        flow_opening(c, &lead, seg, si, c->l.px_body, ink_soft);
        flow_add(&lead, seg->steps[si].title, ls, (SDL_Color){0});
        flow_add(&lead, seg->steps[si].text, scene_style(c, FONT_BODY, c->l.px_body, ink),
                 (SDL_Color){0});
    } else {
        flow_opening(c, &lead, seg, si, lead_px, ink);
    }
    SDL_Rect area = c->l.content, left, right;
    if (c->l.narrow) {
        /* 4:3: the topic and its prompts on one card, each the full width */
        for (size_t i = 0; i < seg->prompts.n; i++)
            flow_add(&lead, seg->prompts.v[i], cue_style(c), terra);
        cue_card(c, area, "Talk together", &lead, band_c, ink_terra);
        return;
    }
    split_columns(area, lead.n ? 0.4f : 0.0f, lead.n ? c->l.gap * 2 : 0, &left, &right);
    flow_draw(c, left, &lead, ink_soft);
    int n = (int)seg->prompts.n;
    int gap = c->l.gap / 2;
    int h = (right.h - gap * (n - 1)) / n;
    int max_h = (int)(c->l.px_body * 3.6);
    if (h > max_h) h = max_h;
    text_style ps = scene_style(c, FONT_BODY, c->l.px_body, ink);
    ps.valign = VALIGN_MIDDLE;
    ps.line_height = 1.1f;
    bool bubbles = true;
    for (int i = 0; i < n && bubbles; i++) {
        SDL_Rect b = {right.x + c->l.gap / 2, right.y, right.w - c->l.gap / 2, h};
        bubbles =
            text_fit(c->text, seg->prompts.v[i], &ps, inset(b, c->l.gap * 2 / 3, c->l.gap / 4))
                .fits;
    }
    if (!bubbles) {
        /* more prompts than bubbles can hold: a list that turns its pages */
        flow fl = {.n = 0};
        flow_add_list(&fl, &seg->prompts, cue_style(c), terra);
        cue_card(c, right, "Talk together", &fl, band_c, ink_terra);
        return;
    }
    for (int i = 0; i < n; i++) {
        SDL_Rect b = {right.x + c->l.gap / 2, right.y + i * (h + gap), right.w - c->l.gap / 2, h};
        panel(c, b, i % 2 ? card_bg : band_c);
        /* a small tail, so it reads as a question spoken aloud */
        float ty = b.y + b.h * 0.5f;
        SDL_FPoint tail[3] = {{b.x + 1.0f, ty - h * 0.16f},
                              {b.x - c->l.gap * 0.5f, ty},
                              {b.x + 1.0f, ty + h * 0.16f}};
        draw_convex(c->ren, tail, 3, i % 2 ? card_bg : band_c);
        scene_text(c, seg->prompts.v[i], &ps, inset(b, c->l.gap * 2 / 3, c->l.gap / 4), 255);
    }
}

/* --- Rest, safety, swap, relaxation, closing --------------------------------------- */

/* The breathing circle, a live region of its own. */
static void breathing(scene_ctx *c, SDL_Rect area, int64_t ms)
{
    /* Four seconds in, six out: the circle grows and shrinks with the breath. */
    int64_t t = ms % 10000;
    float k = t < 4000 ? anim_ease(t / 4000.0f) : 1.0f - anim_ease((t - 4000) / 6000.0f);
    float cx = area.x + area.w / 2.0f, cy = area.y + area.h / 2.0f;
    float rmax = (area.w < area.h ? area.w : area.h) * 0.45f;
    float r = rmax * (0.55f + 0.45f * k);
    draw_circle(c->ren, cx, cy, rmax, draw_alpha((SDL_Color)THEME_RGB(0x3A4966), 0.8f));
    draw_circle(c->ren, cx, cy, r, draw_alpha(sage_soft, 0.35f + 0.25f * k));
    draw_circle(c->ren, cx, cy, r * 0.6f, draw_alpha(sage_soft, 0.25f + 0.2f * k));
    text_style bs = scene_style(c, FONT_HEADING, c->l.px_body, ink_dusk);
    bs.align = ALIGN_CENTER;
    bs.valign = VALIGN_MIDDLE;
    int bw = (int)(rmax * 1.4f);
    scene_text(c, t < 4000 ? "Breathe in" : "Breathe out", &bs,
               (SDL_Rect){(int)cx - bw / 2, (int)cy - c->l.px_body, bw, c->l.px_body * 2}, 255);
}

static void generic_scene(scene_ctx *c, const display_frame *f, const plan_segment *seg, int si)
{
    (void)f;
    char eyebrow[128];
    step_eyebrow(eyebrow, sizeof eyebrow, seg, si);
    header(c, c->l.header, eyebrow, seg->title);
    SDL_Rect area = c->l.content, left, right;
    if (seg->nsteps > 1) {
        split_step_area(c, area, &left, &right);
        step_card(c, left, seg, si, false);
        step_list(c, right, seg, si, NULL);
        return;
    }
    bool breathe = seg->kind == KIND_RELAXATION;
    split_columns(area, breathe ? 0.55f : 1.0f, breathe ? c->l.gap * 2 : 0, &left, &right);
    flow words = {.n = 0};
    flow_opening(c, &words, seg, si, c->l.px_lead, fg(c));
    flow_draw(c, left, &words, fg_soft(c));
    if (breathe) scene_add_live(c, LIVE_BREATH, right, right);
}

void scene_draw(scene_ctx *c, const display_frame *f)
{
    c->stage = (SDL_Rect){0, 0, 0, 0};
    const plan *p = f->plan;
    int seg_i = session_segment(f->session), step = session_step(f->session);
    if (seg_i < 0 || (size_t)seg_i >= p->nsegments) return;
    const plan_segment *seg = &p->segments[seg_i];
    if (step < 0 || (size_t)step >= seg->nsteps) return;
    switch (seg->kind) {
    case KIND_MASSAGE: massage_scene(c, f, seg, step); break;
    case KIND_PERMISSION: permission_scene(c, f, seg, step); break;
    case KIND_WELCOME: welcome_scene(c, f, seg, step); break;
    case KIND_TALK: talk_scene(c, f, seg, step); break;
    default: generic_scene(c, f, seg, step); break;
    }
    (void)page;
}

bool scene_moves(const display_frame *f)
{
    if (!f->plan || !f->session || f->blank) return false;
    if (session_paused(f->session) || session_finished(f->session)) return false;
    int seg_i = session_segment(f->session);
    if (seg_i < 0 || (size_t)seg_i >= f->plan->nsegments) return false;
    plan_kind k = f->plan->segments[seg_i].kind;
    return k == KIND_MASSAGE || (k == KIND_RELAXATION && f->plan->segments[seg_i].nsteps == 1);
}

void scene_add_live(scene_ctx *c, scene_live_kind kind, SDL_Rect box, SDL_Rect area)
{
    if (c->nlive >= SCENE_MAX_LIVE) return;
    c->live[c->nlive++] = (scene_live){.kind = kind, .box = box, .area = area};
}

/* The step the frame shows, or NULL. */
static const plan_step *shown_step(const display_frame *f)
{
    if (!f->plan || !f->session) return NULL;
    int seg_i = session_segment(f->session), step = session_step(f->session);
    if (seg_i < 0 || (size_t)seg_i >= f->plan->nsegments) return NULL;
    const plan_segment *seg = &f->plan->segments[seg_i];
    if (step < 0 || (size_t)step >= seg->nsteps) return NULL;
    return &seg->steps[step];
}

static anim_cycle cycle_of(const display_frame *f, const plan_step *st)
{
    return anim_cycle_at(st->stroke, st, session_step_ms(f->session));
}

uint64_t scene_live_key(const scene_ctx *c, const display_frame *f, const scene_live *lv)
{
    (void)c;
    const plan_step *st = shown_step(f);
    if (!st) return 0;
    switch (lv->kind) {
    case LIVE_STAGE:
    case LIVE_BREATH: return (uint64_t)session_step_ms(f->session); /* still while paused */
    case LIVE_COUNT: {
        if (!st->stroke) return 0;
        anim_cycle cycle = cycle_of(f, st);
        uint64_t shown =
            cycle.reps > 0 ? (uint64_t)cycle.rep : (uint64_t)((cycle.left_ms + 999) / 1000);
        return shown << 1 | cycle.done;
    }
    default: return 0;
    }
}

void scene_live_draw(scene_ctx *c, const display_frame *f, const scene_live *lv)
{
    const plan_step *st = shown_step(f);
    if (!st) return;
    switch (lv->kind) {
    case LIVE_STAGE:
        if (st->stroke) {
            anim_cycle cycle = cycle_of(f, st);
            stage_hands(c, rig_of(f), lv->area, st->stroke, &cycle);
        }
        break;
    case LIVE_COUNT:
        if (st->stroke) {
            anim_cycle cycle = cycle_of(f, st);
            count_row(c, lv->area, &cycle);
        }
        break;
    case LIVE_BREATH: breathing(c, lv->area, session_step_ms(f->session)); break;
    default: break;
    }
}

uint64_t scene_static_key(const scene_ctx *c, const display_frame *f)
{
    /* a step whose texts turn pages shows another page at each tick */
    uint64_t turn = c->pages > 1 ? (uint64_t)scene_page_tick(f) << 8 : 0;
    const plan_step *st = shown_step(f);
    if (!st || !st->stroke) return turn;
    /* a stroke on both sides changes its side (and mirrors its guides) half-way */
    anim_cycle cycle = cycle_of(f, st);
    return turn | (uint64_t)cycle.side << 1 | cycle.mirrored;
}
