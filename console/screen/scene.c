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

void scene_layout_for(scene_layout *l, int w, int h, bool notice)
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
    if (notice) {
        int nh = (int)lround(l->px_min * 1.45);
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

text_result scene_text(scene_ctx *c, const char *s, const text_style *st, SDL_Rect box, Uint8 alpha)
{
    text_result r = text_draw(c->text, s, st, box, alpha);
    if (box.w <= 0 || box.h <= 0) r.fits = false; /* no room at all: say so */
    if (s && *s && c->nboxes < SCENE_MAX_BOXES) {
        display_box *b = &c->boxes[c->nboxes++];
        b->box = drect(box);
        b->drawn = drect(r.rect);
        b->px = r.px;
        b->min_px = st->min_px > 0 ? st->min_px : st->px;
        b->fits = r.fits;
        snprintf(b->text, sizeof b->text, "%s", s);
    }
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
    panel(c, area, c->dusk ? dusk_card : band_c);
    SDL_Rect in = inset(area, c->l.gap * 2 / 3, c->l.gap / 2);
    text_style hs = scene_style(c, FONT_HEADING, c->l.px_min, fg_accent(c));
    scene_text(c, current + 1 < n ? "Next" : "Then", &hs, take_top(&in, (int)(c->l.px_min * 1.5)),
               255);
    text_style ts = scene_style(c, FONT_BODY, c->l.px_body, fg(c));
    ts.line_height = 0.92f;
    scene_text(c, next, &ts, in, 255);
}

/* Two parts for a step, side by side: its card and where it is among the others. */
static void split_step_area(const scene_ctx *c, SDL_Rect area, SDL_Rect *card_r, SDL_Rect *list_r)
{
    split_columns(area, c->l.narrow ? 0.6f : 0.56f, c->l.gap, card_r, list_r);
}

/* A card with the current step: its title large, its text below. */
static void step_card_sized(scene_ctx *c, SDL_Rect area, const plan_step *st, const char *fallback,
                            bool compact)
{
    panel(c, area, card_c(c));
    SDL_Rect in = inset(area, c->l.gap, c->l.gap);
    const char *title = st ? st->title : NULL;
    const char *text = st ? st->text : NULL;
    if (!text && fallback && (!title || strcmp(fallback, title))) text = fallback;
    if (title && text) {
        text_style ts = scene_style(c, compact ? FONT_BODY_BOLD : FONT_HEADING,
                                    compact ? c->l.px_body : c->l.px_lead, fg(c));
        ts.line_height = 1.0f;
        SDL_Rect tb = in;
        if (st->text) tb.h = in.h * 3 / 5;
        text_result r = scene_text(c, title, &ts, tb, 255);
        int used = r.rect.h + c->l.gap / 2;
        SDL_Rect bb = {in.x, in.y + used, in.w, in.h - used};
        text_style bs = scene_style(c, FONT_BODY, compact ? c->l.px_min : c->l.px_body, fg(c));
        /* The step's own words always show; a paragraph borrowed from the segment only
         * when there is room for it. */
        if (bb.h >= bs.min_px && text_fit(c->text, text, &bs, bb).fits)
            scene_text(c, text, &bs, bb, 255);
    } else if (title || text) {
        text_style ts = scene_style(c, FONT_BODY, compact ? c->l.px_body : c->l.px_lead, fg(c));
        ts.valign = 1;
        scene_text(c, title ? title : text, &ts, in, 255);
    }
}

static void step_card(scene_ctx *c, SDL_Rect area, const plan_step *st, const char *fallback)
{
    step_card_sized(c, area, st, fallback, false);
}

/* A list of short items on a tinted card, under a heading: as many items, in order, as
 * fit at a legible size (the cards hold more cues than a screen can show from the back
 * of a hall; the first are the ones that matter most). */
static void cue_card(scene_ctx *c, SDL_Rect area, const char *heading, const strv *items,
                     SDL_Color bg, SDL_Color head, SDL_Color dot)
{
    panel(c, area, bg);
    SDL_Rect in = inset(area, c->l.gap * 2 / 3, c->l.gap / 2);
    SDL_Rect hb = take_top(&in, (int)(c->l.px_body * 1.4));
    text_style hs = scene_style(c, FONT_TITLE, c->l.px_body, head);
    scene_text(c, heading, &hs, hb, 255);
    float dr = c->l.px_min * 0.16f;
    int indent = (int)(dr * 4);
    text_style ts = scene_style(c, FONT_BODY, c->l.px_min, ink);
    ts.line_height = 0.92f;
    int y = in.y;
    for (size_t i = 0; i < items->n; i++) {
        SDL_Rect probe = {in.x + indent, y, in.w - indent, in.y + in.h - y};
        if (probe.h < c->l.px_min) break;
        text_result r = text_fit(c->text, items->v[i], &ts, probe);
        if (!r.fits || r.px < c->l.px_min) break;
        draw_circle(c->ren, in.x + dr, y + c->l.px_min * 0.7f, dr, dot);
        SDL_Rect tb = {probe.x, y, probe.w, r.rect.h};
        scene_text(c, items->v[i], &ts, tb, 255);
        y += r.rect.h + c->l.gap / 4;
    }
}

/* --- Massage: the stroke animated, its words, the count, what comes next ------------ */

static void massage_stage(scene_ctx *c, SDL_Rect stage, const stroke *s, const anim_cycle *cy)
{
    panel(c, stage, card_bg);
    int pad = stage.w / 24;
    SDL_Rect area = inset(stage, pad, pad);
    c->stage = area;
    body_draw(c->body, s->view, area, card_bg);
    SDL_Color guide = draw_alpha(terra, 0.45f);
    for (size_t i = 0; i < s->nhands; i++)
        body_draw_guide(c->ren, area, &s->hands[i], cy->mirrored, guide);
    for (size_t i = 0; i < s->nhands; i++) {
        anim_pt trail[TRAIL_POINTS];
        size_t n = anim_trail(&s->hands[i], cy->phase, cy->mirrored, 0.18f, trail, TRAIL_POINTS);
        body_draw_trail(c->ren, area, trail, n, terra);
    }
    for (size_t i = 0; i < s->nhands; i++) {
        if (!anim_hand_shown(s, i, cy->phase)) continue;
        anim_hand h = anim_hand_at(&s->hands[i], cy->phase, cy->mirrored);
        body_draw_hand(c->body, area, h.pos, h.left, h.alpha);
    }
}

static void rep_dots(scene_ctx *c, SDL_Rect row, const anim_cycle *cy)
{
    int n = cy->reps > 12 ? 12 : cy->reps;
    float r = c->l.px_min * 0.28f, step = r * 3.2f;
    float y = row.y + row.h / 2.0f;
    for (int i = 0; i < n; i++) {
        float x = row.x + r + i * step;
        bool done = cy->done || i < cy->rep - 1, now = !cy->done && i == cy->rep - 1;
        if (done)
            draw_circle(c->ren, x, y, r, sage);
        else if (now)
            draw_circle(c->ren, x, y, r * 1.2f, terra);
        else
            draw_circle(c->ren, x, y, r, line_c);
    }
}

static void massage_scene(scene_ctx *c, const display_frame *f, const plan_segment *seg, int si)
{
    const plan *p = f->plan;
    const plan_step *st = &seg->steps[si];
    const stroke *s = st->stroke;
    int64_t step_ms = session_step_ms(f->session);
    anim_cycle cy = anim_cycle_at(s, st, step_ms);
    const scene_layout *l = &c->l;
    int bottom = (l->notice.h ? l->notice.y : l->band.y) - l->gap;
    int side = bottom - l->safe.y;
    int max_side = (int)(l->safe.w * (l->narrow ? 0.44 : 0.47));
    if (side > max_side) side = max_side;
    SDL_Rect stage = {l->safe.x, l->safe.y, side, side};
    massage_stage(c, stage, s, &cy);

    int x = stage.x + stage.w + l->gap * 3 / 2;
    SDL_Rect col = {x, l->safe.y, l->safe.x + l->safe.w - x, bottom - l->safe.y};
    int which = p->massage[1] == session_segment(f->session) ? 2 : 1;
    char eyebrow[256];
    snprintf(eyebrow, sizeof eyebrow, "Massage %d \xC2\xB7 stroke %d of %zu", which, si + 1,
             seg->nsteps);
    text_style es = scene_style(c, FONT_HEADING, l->px_body, ink_terra);
    scene_text(c, eyebrow, &es, take_top(&col, (int)lround(l->px_body * 1.5)), 255);
    text_style ts = scene_style(c, FONT_TITLE, l->px_title, ink);
    ts.min_px = l->narrow ? l->px_body : l->px_lead;
    ts.line_height = 1.05f;
    SDL_Rect tb = col;
    tb.h = (int)(l->px_title * 2.4);
    text_result tr = scene_text(c, s->name, &ts, tb, 255);
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
    text_style is = scene_style(c, FONT_BODY, l->px_lead, ink);
    is.line_height = 0.95f;
    int rows_h = (rowh + l->gap / 2) + (cy.side ? rowh + l->gap / 3 : 0);
    SDL_Rect probe = {col.x, col.y, col.w, col.h - rows_h - nh - l->gap};
    bool show_next = text_fit(c->text, s->instruction, &is, probe).fits;
    if (show_next) {
        SDL_Rect nb = {col.x, col.y + col.h - nh, col.w, nh};
        panel(c, nb, band_c);
        text_style ns = scene_style(c, FONT_BODY, l->px_min, ink_soft);
        ns.valign = 1;
        ns.line_height = 0.9f;
        scene_text(c, next, &ns, inset(nb, l->gap * 2 / 3, l->gap / 4), 255);
        col.h -= nh + l->gap;
    }

    if (cy.side) {
        const char *side_text = cy.side == 1 ? (cy.both ? "Left side, then right" : "Left side")
                                             : (cy.both ? "Now the right side" : "Right side");
        SDL_Rect sb = {col.x, col.y + col.h - rowh, col.w, rowh};
        float ar = l->px_min * 0.45f;
        draw_arrowhead(c->ren, sb.x + ar, sb.y + sb.h / 2.0f, cy.side == 1 ? (float)M_PI : 0.0f,
                       ar * 2.0f, terra);
        text_style ss = scene_style(c, FONT_BODY_BOLD, l->px_body, ink);
        ss.valign = 1;
        scene_text(c, side_text, &ss,
                   (SDL_Rect){sb.x + (int)(ar * 3), sb.y, sb.w - (int)(ar * 3), sb.h}, 255);
        col.h -= rowh + l->gap / 3;
    }
    SDL_Rect cb = {col.x, col.y + col.h - rowh, col.w, rowh};
    text_style cs = scene_style(c, FONT_BODY, l->px_body, ink);
    cs.valign = 1;
    if (cy.reps > 0) {
        rep_dots(c, (SDL_Rect){cb.x, cb.y, cb.w / 3, cb.h}, &cy);
        int dots_w = (int)((cy.reps > 12 ? 12 : cy.reps) * l->px_min * 0.28f * 3.2f + l->gap / 2);
        char count[64];
        if (cy.done)
            snprintf(count, sizeof count, "%d of %d, all done", cy.reps, cy.reps);
        else
            snprintf(count, sizeof count, "%d of %d", cy.rep, cy.reps);
        scene_text(c, count, &cs, (SDL_Rect){cb.x + dots_w, cb.y, cb.w - dots_w, cb.h}, 255);
    } else {
        char clock[32];
        plan_format_clock(cy.left_ms + 999, clock, sizeof clock);
        int y = cb.y + (cb.h - text_line_skip(c->text, FONT_TITLE, l->px_body)) / 2;
        int w =
            text_draw_clock(c->text, clock, FONT_TITLE, l->px_body, ink, cb.x, y, ALIGN_LEFT, 255);
        const char *word = cy.done ? "time for the next stroke" : "left for this stroke";
        scene_text(c, word, &cs,
                   (SDL_Rect){cb.x + w + l->gap / 3, cb.y, cb.w - w - l->gap / 3, cb.h}, 255);
    }
    col.h -= rowh + l->gap / 2;

    scene_text(c, s->instruction, &is, col, 255);
}

/* --- Permission: the ritual, then the cues ------------------------------------------ */

static void permission_scene(scene_ctx *c, const display_frame *f, const plan_segment *seg, int si)
{
    (void)f;
    char eyebrow[128];
    step_eyebrow(eyebrow, sizeof eyebrow, seg, si);
    header(c, c->l.header, eyebrow, seg->title);
    const card *k = seg->card;
    bool cues = k && (k->yes.n || k->no.n || k->if_no.n) && (size_t)si + 1 == seg->nsteps;
    SDL_Rect area = c->l.content;
    if (!cues) {
        SDL_Rect left = area, right = area;
        if (seg->nsteps > 1) split_step_area(c, area, &left, &right);
        step_card(c, left, &seg->steps[si],
                  seg->nsteps > 1 ? NULL
                                  : (seg->text ? seg->text
                                     : k       ? k->text
                                               : NULL));
        if (seg->nsteps > 1) step_list(c, right, seg, si, NULL);
        return;
    }
    /* The cues side by side: yes, no, and what to do on a no. */
    const strv *lists[3] = {&k->yes, &k->no, &k->if_no};
    const char *heads[3] = {"Yes, begin", "Not now", "If it\xE2\x80\x99s a no"};
    SDL_Color bgs[3] = {yes_card, no_card, card_bg};
    SDL_Color hcs[3] = {ink_sage, ink_terra, ink};
    SDL_Color dots[3] = {sage, terra, THEME_SAND_DEEP};
    int shown = 0;
    for (int i = 0; i < 3; i++)
        shown += lists[i]->n > 0;
    int gap = c->l.gap * 2 / 3, x = area.x;
    int w = shown ? (area.w - gap * (shown - 1)) / shown : 0;
    for (int i = 0; i < 3; i++) {
        if (!lists[i]->n) continue;
        cue_card(c, (SDL_Rect){x, area.y, w, area.h}, heads[i], lists[i], bgs[i], hcs[i], dots[i]);
        x += w + gap;
    }
}

/* --- Welcome: the class, today's plan, the join code ------------------------------- */

static void format_minutes(int64_t ms, char *buf, size_t n)
{
    int64_t min = (ms + 30000) / 60000;
    if (min >= 60)
        snprintf(buf, n, "%lldh%02lld", (long long)(min / 60), (long long)(min % 60));
    else
        snprintf(buf, n, "%lld min", (long long)min);
}

/* Today's segments, one row each (two lines when a title needs them), the massages
 * marked. When the room runs out, the permission rituals go unlisted first (each
 * massage begins with one), then the last rows give way to "and more". */
static void plan_rows(scene_ctx *c, SDL_Rect area, const plan *p, int current)
{
    int n = (int)p->nsegments;
    /* on a 4:3 screen the titles need the width more than the minutes do */
    int time_w = c->l.narrow ? 0 : (int)(c->l.px_min * 3.4);
    int tx = area.x + c->l.px_min;
    int line = text_line_skip(c->text, FONT_BODY, c->l.px_min);
    text_style ts = scene_style(c, FONT_BODY, c->l.px_min, ink_soft);
    ts.valign = 1;
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
            format_minutes(seg->duration_ms, dur, sizeof dur);
            text_style ds = scene_style(c, FONT_BODY, c->l.px_min, ink_soft);
            ds.align = ALIGN_RIGHT;
            if (time_w)
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
    SDL_RenderCopy(c->ren, qr, NULL, &(SDL_Rect){x, y + (side - px) / 2, px, px});
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
    if (text_fit(c->text, "On your phone", &ls, lb).fits)
        scene_text(c, "On your phone", &ls, lb, 255);
    int uh = (int)(c->l.px_small * 1.5);
    /* The code only while it is open (no phone controls, or the instructor asked); else
     * the QR code only follows the class, and the card says how many phones do what. */
    char phones[96];
    text_style cs = scene_style(c, FONT_TITLE, c->l.px_display, ink);
    cs.min_px = c->l.px_body;
    cs.valign = 1;
    if (!rs->code[0]) {
        snprintf(phones, sizeof phones, "Follow the class\n%d controlling \xC2\xB7 %d following",
                 rs->controllers, rs->followers);
        cs = scene_style(c, FONT_BODY, c->l.px_min, ink);
        cs.min_px = c->l.px_small / 2;
        cs.valign = 1;
    }
    scene_text(c, rs->code[0] ? rs->code : phones, &cs, (SDL_Rect){tb.x, tb.y, tb.w, tb.h - uh},
               255);
    text_style us = scene_style(c, FONT_BODY, c->l.px_small, ink_soft);
    us.min_px = c->l.px_small / 2;
    us.valign = 2;
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
    if (p->week > 0 && !text_fit(c->text, eyebrow, &es, eb).fits)
        snprintf(eyebrow, sizeof eyebrow, "Week %d", p->week);
    header(c, c->l.header, eyebrow, p->title);
    SDL_Rect left, right;
    bool join = f->remote && f->remote->url[0];
    if (c->l.narrow) {
        /* 4:3: the step and the join code side by side; the band's timeline shows the
         * day's plan. */
        split_columns(c->l.content, 0.5f, c->l.gap, &left, &right);
        plan_step shown = seg->steps[si];
        if (seg->nsteps == 1) shown.title = seg->title;
        step_card_sized(c, join ? left : c->l.content, &shown, seg->text, true);
        if (join) join_card(c, right, f->remote);
        return;
    }
    split_columns(c->l.content, 0.54f, c->l.gap * 3 / 2, &left, &right);
    plan_rows(c, left, p, session_segment(f->session));
    if (join) {
        SDL_Rect jb = take_top(&right, right.h * (c->l.narrow ? 8 : 9) / 20);
        join_card(c, jb, f->remote);
        take_top(&right, c->l.gap / 2);
    }
    const plan_step *st = &seg->steps[si];
    bool own_title = seg->nsteps == 1;
    plan_step shown = *st;
    if (own_title) shown.title = seg->title;
    step_card_sized(c, right, &shown, seg->text, join);
}

/* --- Talk: a topic and its prompts -------------------------------------------------- */

static void talk_scene(scene_ctx *c, const display_frame *f, const plan_segment *seg, int si)
{
    (void)f;
    char eyebrow[128];
    step_eyebrow(eyebrow, sizeof eyebrow, seg, si);
    header(c, c->l.header, eyebrow, seg->title);
    if (seg->prompts.n == 0) {
        step_card(c, c->l.content, seg->nsteps > 1 ? &seg->steps[si] : NULL, seg->text);
        return;
    }
    SDL_Rect left, right, area = c->l.content;
    const char *lead = seg->nsteps > 1 ? seg->steps[si].title : seg->text;
    split_columns(area, lead ? 0.4f : 0.0f, lead ? c->l.gap * 2 : 0, &left, &right);
    if (c->l.narrow) {
        /* 4:3: the prompts as a list on one card, as many as fit */
        SDL_Rect area2 = area;
        if (lead) {
            text_style ls = scene_style(c, FONT_BODY, c->l.px_body, ink);
            SDL_Rect probe = {area.x, area.y, area.w, area.h / 4};
            text_result r = text_fit(c->text, lead, &ls, probe);
            if (r.fits) {
                scene_text(c, lead, &ls, probe, 255);
                take_top(&area2, r.rect.h + c->l.gap / 2);
            }
        }
        cue_card(c, area2, "Talk together", &seg->prompts, band_c, ink_terra, terra);
        return;
    }
    if (lead && c->l.narrow) {
        /* 4:3: the topic above its prompts, each the full width */
        text_style ls = scene_style(c, FONT_BODY, c->l.px_body, ink);
        ls.line_height = 0.95f;
        SDL_Rect probe = {area.x, area.y, area.w, area.h / 4};
        text_result r = text_fit(c->text, lead, &ls, probe);
        if (r.fits) {
            scene_text(c, lead, &ls, probe, 255);
            take_top(&area, r.rect.h + c->l.gap / 2);
        }
        left = (SDL_Rect){0, 0, 0, 0};
        right = area;
        right.x += c->l.gap / 2;
        right.w -= c->l.gap / 2;
        lead = NULL;
    }
    if (lead) {
        text_style ls = scene_style(c, FONT_BODY, c->l.px_lead, ink);
        ls.line_height = 0.95f;
        scene_text(c, lead, &ls, left, 255);
    }
    int n = (int)seg->prompts.n;
    int gap = c->l.gap / 2;
    int h = (right.h - gap * (n - 1)) / n;
    int max_h = (int)(c->l.px_body * 3.6);
    if (h > max_h) h = max_h;
    for (int i = 0; i < n; i++) {
        SDL_Rect b = {right.x + c->l.gap / 2, right.y + i * (h + gap), right.w - c->l.gap / 2, h};
        panel(c, b, i % 2 ? card_bg : band_c);
        /* a small tail, so it reads as a question spoken aloud */
        float ty = b.y + b.h * 0.5f;
        SDL_FPoint tail[3] = {{b.x + 1.0f, ty - h * 0.16f},
                              {b.x - c->l.gap * 0.5f, ty},
                              {b.x + 1.0f, ty + h * 0.16f}};
        draw_convex(c->ren, tail, 3, i % 2 ? card_bg : band_c);
        text_style ps = scene_style(c, FONT_BODY, c->l.narrow ? c->l.px_min : c->l.px_body, ink);
        ps.valign = 1;
        ps.line_height = 1.1f;
        scene_text(c, seg->prompts.v[i], &ps, inset(b, c->l.gap * 2 / 3, c->l.gap / 4), 255);
    }
}

/* --- Rest, safety, swap, relaxation, closing --------------------------------------- */

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
    bs.valign = 1;
    int bw = (int)(rmax * 1.4f);
    scene_text(c, t < 4000 ? "Breathe in" : "Breathe out", &bs,
               (SDL_Rect){(int)cx - bw / 2, (int)cy - c->l.px_body, bw, c->l.px_body * 2}, 255);
}

static void generic_scene(scene_ctx *c, const display_frame *f, const plan_segment *seg, int si)
{
    char eyebrow[128];
    step_eyebrow(eyebrow, sizeof eyebrow, seg, si);
    header(c, c->l.header, eyebrow, seg->title);
    const card *k = seg->card;
    const char *text = seg->text ? seg->text : k ? k->text : NULL;
    SDL_Rect area = c->l.content, left, right;
    if (seg->nsteps > 1) {
        split_step_area(c, area, &left, &right);
        if (text) {
            text_style ts = scene_style(c, FONT_BODY, c->l.px_min, fg_soft(c));
            SDL_Rect tb = left;
            tb.h = (int)(c->l.px_min * 3.2);
            /* a short paragraph above the steps, when there is room for it */
            if (text_fit(c->text, text, &ts, tb).fits) {
                text_result r = scene_text(c, text, &ts, tb, 255);
                take_top(&left, r.rect.h + c->l.gap / 2);
            }
        }
        step_card(c, left, &seg->steps[si], NULL);
        step_list(c, right, seg, si, NULL);
        return;
    }
    bool breathe = seg->kind == KIND_RELAXATION;
    split_columns(area, breathe ? 0.55f : 1.0f, breathe ? c->l.gap * 2 : 0, &left, &right);
    if (text) {
        text_style ts = scene_style(c, FONT_BODY, c->l.px_lead, fg(c));
        ts.line_height = 0.95f;
        scene_text(c, text, &ts, left, 255);
    }
    if (breathe) breathing(c, right, session_step_ms(f->session));
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
