/* plan.c: see plan.h. Loading goes in two passes: read every segment, reporting all
 * local problems, then check the rules that span segments (two massage segments, each
 * after a permission segment). */
#include "core/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/schema.h"
#include "core/ydoc.h"

#define PLAN_MAX_SEGMENTS 64
#define PLAN_MAX_STEPS    64

static const char *const kind_names[KIND_COUNT + 1] = {
    [KIND_WELCOME] = "welcome", [KIND_TALK] = "talk",
    [KIND_SAFETY] = "safety",   [KIND_PERMISSION] = "permission",
    [KIND_MASSAGE] = "massage", [KIND_REST] = "rest",
    [KIND_SWAP] = "swap",       [KIND_RELAXATION] = "relaxation",
    [KIND_CLOSING] = "closing", [KIND_COUNT] = NULL,
};

/* Music levels in percent, by kind, when the plan does not say. */
static const int default_music[KIND_COUNT] = {
    [KIND_WELCOME] = 30,   [KIND_TALK] = 30,       [KIND_SAFETY] = 30,
    [KIND_PERMISSION] = 0, [KIND_MASSAGE] = 80,    [KIND_REST] = 55,
    [KIND_SWAP] = 30,      [KIND_RELAXATION] = 55, [KIND_CLOSING] = 30,
};

const char *plan_kind_name(plan_kind kind)
{
    return kind < KIND_COUNT ? kind_names[kind] : "?";
}

void plan_format_clock(int64_t ms, char *buf, size_t size)
{
    const char *sign = ms < 0 ? "-" : "";
    int64_t s = (ms < 0 ? -ms : ms) / 1000;
    if (s >= 3600)
        snprintf(buf, size, "%s%lld:%02lld:%02lld", sign, (long long)(s / 3600),
                 (long long)(s / 60 % 60), (long long)(s % 60));
    else
        snprintf(buf, size, "%s%lld:%02lld", sign, (long long)(s / 60), (long long)(s % 60));
}

void plan_format_minutes(int64_t ms, char *buf, size_t size)
{
    long long min = (long long)((ms + MINUTE_MS / 2) / MINUTE_MS);
    if (min >= 60)
        snprintf(buf, size, "%lldh%02lld", min / 60, min % 60);
    else
        snprintf(buf, size, "%lld min", min);
}

static int read_music(schema_ctx *c, const ynode *seg, plan_kind kind)
{
    static const char *const words[] = {"off", "low", "medium", "full", NULL};
    static const int levels[] = {0, 30, 55, 80};
    const ynode *v = ydoc_get(seg, "music");
    if (!v) return default_music[kind];
    if (v->kind == YNODE_SCALAR && !v->quoted && v->len > 0 &&
        strspn(v->str, "0123456789") == v->len)
        return schema_int(c, seg, "music", 0, 100, default_music[kind]);
    int w = schema_enum(c, seg, "music", words, -1);
    return w < 0 ? default_music[kind] : levels[w];
}

static int load_stroke_step(schema_ctx *c, const plan *p, const ynode *n, plan_step *st)
{
    static const char *const keys[] = {"stroke", "reps", "time", "side", "title", NULL};
    static const char *const req[] = {"stroke", NULL};
    static const char *const sides[] = {"both", "left", "right", NULL};
    static const plan_side side_of[] = {SIDE_BOTH, SIDE_LEFT, SIDE_RIGHT}; /* of sides[] */
    int before = c->errors;
    st->line = n->line;
    st->col = n->col;
    if (schema_keys(c, n, "a stroke in a massage segment", keys, req) && n->kind != YNODE_MAP)
        return -1;
    const char *id = schema_text(c, n, "stroke", true);
    if (id) {
        st->stroke = library_stroke(p->lib, id);
        if (!st->stroke) {
            const char *hint = library_suggest_stroke(p->lib, id);
            const ynode *at = ydoc_get(n, "stroke");
            if (hint)
                schema_error(c, at, "unknown stroke '%s'; did you mean '%s'?", id, hint);
            else
                schema_error(c, at, "unknown stroke '%s' (the strokes are in scenes/strokes/)", id);
        }
    }
    bool has_reps = ydoc_get(n, "reps") != NULL, has_time = ydoc_get(n, "time") != NULL;
    if (has_reps && has_time)
        schema_error(c, ydoc_get(n, "time"), "give either 'reps' or 'time', not both");
    int side = schema_enum(c, n, "side", sides, 0);
    const char *title = schema_text(c, n, "title", false);
    if (c->errors != before || !st->stroke) return -1;

    const stroke *s = st->stroke;
    st->title = title ? title : s->name;
    st->text = s->instruction;
    if (ydoc_get(n, "side") && !s->sided)
        schema_error(c, ydoc_get(n, "side"), "'%s' is not done on one side, so it takes no 'side'",
                     s->id);
    st->side = !s->sided ? SIDE_NONE : side_of[side < 0 ? 0 : side];
    if (has_time) {
        st->time_ms = schema_duration(c, n, "time", 5000, HOUR_MS, 0);
    } else {
        st->reps = schema_int(c, n, "reps", 1, 100, s->reps);
        st->time_ms = (int64_t)st->reps * s->pass_ms * (st->side == SIDE_BOTH ? 2 : 1);
    }
    return c->errors != before ? -1 : 0;
}

static int load_text_step(schema_ctx *c, const ynode *n, plan_step *st)
{
    st->line = n->line;
    st->col = n->col;
    if (n->kind == YNODE_SCALAR) {
        if (n->len == 0 || strlen(n->str) != n->len) {
            schema_error(c, n, "a step should be a line of text");
            return -1;
        }
        st->title = arena_strndup(c->mem, n->str, n->len);
        return st->title ? 0 : -1;
    }
    static const char *const keys[] = {"title", "text", NULL};
    static const char *const req[] = {"title", NULL};
    if (schema_keys(c, n, "a step", keys, req) && n->kind != YNODE_MAP) return -1;
    st->title = schema_text(c, n, "title", true);
    st->text = schema_text(c, n, "text", false);
    return st->title ? 0 : -1;
}

/* The steps of a segment: strokes, listed steps, the card's steps, or one step. */
static void load_steps(schema_ctx *c, const plan *p, const ynode *n, plan_segment *seg)
{
    const ynode *list = NULL;
    bool massage = seg->kind == KIND_MASSAGE;
    if (massage) {
        list = schema_list(c, n, "strokes", true);
        if (ydoc_get(n, "steps"))
            schema_error(c, ydoc_get(n, "steps"), "a massage segment lists 'strokes', not 'steps'");
        if (list && list->n == 0) schema_error(c, list, "a massage segment needs a stroke");
    } else {
        if (ydoc_get(n, "strokes"))
            schema_error(c, ydoc_get(n, "strokes"),
                         "only a massage segment has strokes; this one is a %s segment",
                         plan_kind_name(seg->kind));
        list = schema_list(c, n, "steps", false);
    }
    if (list && list->n > PLAN_MAX_STEPS) {
        schema_error(c, list, "a segment has at most %d steps", PLAN_MAX_STEPS);
        return;
    }
    if (list && list->n > 0) {
        seg->steps = arena_calloc(c->mem, list->n, sizeof(*seg->steps));
        if (!seg->steps) return;
        for (size_t i = 0; i < list->n; i++) {
            plan_step *st = &seg->steps[seg->nsteps];
            int rc = massage ? load_stroke_step(c, p, list->items[i], st)
                             : load_text_step(c, list->items[i], st);
            if (rc == 0) seg->nsteps++;
        }
        return;
    }
    if (massage) return;
    const strv *from_card = seg->card && seg->card->steps.n ? &seg->card->steps : NULL;
    size_t count = from_card ? from_card->n : 1;
    seg->steps = arena_calloc(c->mem, count, sizeof(*seg->steps));
    if (!seg->steps) return;
    for (size_t i = 0; i < count; i++) {
        plan_step *st = &seg->steps[i];
        st->title = from_card ? from_card->v[i] : seg->title;
        st->line = n->line;
        st->col = n->col;
    }
    seg->nsteps = count;
}

static void load_segment(schema_ctx *c, plan *p, const ynode *n, plan_segment *seg)
{
    static const char *const keys[] = {"kind",    "title",   "duration", "text",  "card",
                                       "steps",   "prompts", "strokes",  "music", "chime",
                                       "advance", "feed",    NULL};
    static const char *const req[] = {"kind", "title", "duration", NULL};
    static const char *const chimes[] = {
        [CHIME_NONE] = "none", [CHIME_END] = "end", [CHIME_BOTH] = "both", NULL};
    enum { ADVANCE_MANUAL, ADVANCE_AUTO };
    static const char *const advances[] = {
        [ADVANCE_MANUAL] = "manual", [ADVANCE_AUTO] = "auto", NULL};
    seg->line = n->line;
    seg->col = n->col;
    if (schema_keys(c, n, "a segment", keys, req) && n->kind != YNODE_MAP) return;
    int kind = schema_enum(c, n, "kind", kind_names, -1);
    seg->kind = kind < 0 ? KIND_COUNT : (plan_kind)kind;
    seg->title = schema_text(c, n, "title", true);
    seg->text = schema_text(c, n, "text", false);
    seg->duration_ms = schema_duration(c, n, "duration", 10000, 4 * HOUR_MS, -1);
    seg->prompts = schema_texts(c, n, "prompts");
    int chime = schema_enum(c, n, "chime", chimes, CHIME_END);
    seg->chime = chime < 0 ? CHIME_END : (plan_chime)chime;
    seg->auto_advance = schema_enum(c, n, "advance", advances, ADVANCE_MANUAL) == ADVANCE_AUTO;
    seg->feed = schema_bool(c, n, "feed", false);
    const char *card_id = schema_text(c, n, "card", false);
    if (card_id) {
        seg->card = library_card(p->lib, card_id);
        if (!seg->card) {
            const char *hint = library_suggest_card(p->lib, card_id);
            if (hint)
                schema_error(c, ydoc_get(n, "card"), "unknown card '%s'; did you mean '%s'?",
                             card_id, hint);
            else
                schema_error(c, ydoc_get(n, "card"),
                             "unknown card '%s' (the cards are in scenes/cards/)", card_id);
        }
    }
    if (kind < 0) return;
    seg->music = read_music(c, n, seg->kind);
    if (seg->kind != KIND_REST && ydoc_get(n, "feed"))
        schema_error(c, ydoc_get(n, "feed"),
                     "only a rest segment says 'feed'; this one is a %s segment",
                     plan_kind_name(seg->kind));
    if (seg->kind == KIND_PERMISSION && seg->auto_advance)
        schema_error(c, ydoc_get(n, "advance"),
                     "the permission ritual waits for the baby's answer: it never moves on "
                     "by itself, so 'advance: auto' cannot be used here");
    load_steps(c, p, n, seg);
}

/* The rules that span segments. */
static void check_class_shape(schema_ctx *c, plan *p, const ynode *segs)
{
    size_t massages = 0;
    for (size_t i = 0; i < p->nsegments; i++) {
        const plan_segment *s = &p->segments[i];
        if (s->kind != KIND_MASSAGE) continue;
        if (massages < 2) p->massage[massages] = (int)i;
        massages++;
        if (i == 0 || p->segments[i - 1].kind != KIND_PERMISSION)
            schema_error(c, segs->items[i],
                         "a massage segment must come right after a permission segment "
                         "(the ritual of asking \"May I massage you?\")");
    }
    if (massages != 2)
        schema_error(c, segs,
                     "a class has two massage segments, each opened by the permission ritual; "
                     "this one has %zu",
                     massages);
}

plan *plan_load_buffer(const char *path, const char *bytes, size_t len, const library *lib, diag *d)
{
    static const char *const keys[] = {"title",  "subtitle", "audience", "week",
                                       "length", "segments", NULL};
    static const char *const req[] = {"title", "audience", "length", "segments", NULL};
    static const char *const audiences[] = {
        [AUDIENCE_BABY] = "baby", [AUDIENCE_PEER] = "peer", NULL};
    plan *p = calloc(1, sizeof(*p));
    if (!p) return NULL;
    arena_init(&p->mem);
    p->lib = lib;
    p->file = arena_strdup(&p->mem, path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t blen = strlen(base);
    p->name = arena_strndup(&p->mem, base,
                            blen > 5 && !strcmp(base + blen - 5, ".yaml") ? blen - 5 : blen);
    schema_ctx c = {.mem = &p->mem, .path = p->file ? p->file : path, .d = d};
    arena tree;
    arena_init(&tree);
    ynode *root;
    if (!p->file || !p->name || ydoc_parse(&tree, path, bytes, len, &root, d) != 0) goto fail;

    schema_keys(&c, root, "a class plan", keys, req);
    if (root->kind != YNODE_MAP) goto fail;
    p->title = schema_text(&c, root, "title", true);
    p->subtitle = schema_text(&c, root, "subtitle", false);
    int audience = schema_enum(&c, root, "audience", audiences, -1);
    p->audience = audience < 0 ? AUDIENCE_BABY : (plan_audience)audience;
    p->week = schema_int(&c, root, "week", 1, 52, 0);
    p->length_ms = schema_duration(&c, root, "length", MINUTE_MS, 8 * HOUR_MS, -1);
    const ynode *length = ydoc_get(root, "length");
    if (length) {
        p->length_line = length->line;
        p->length_col = length->col;
    }
    const ynode *segs = schema_list(&c, root, "segments", true);
    if (segs && segs->n > PLAN_MAX_SEGMENTS) {
        schema_error(&c, segs, "a class has at most %d segments", PLAN_MAX_SEGMENTS);
    } else if (segs) {
        p->segments = arena_calloc(&p->mem, segs->n ? segs->n : 1, sizeof(*p->segments));
        if (!p->segments) goto fail;
        p->nsegments = segs->n;
        for (size_t i = 0; i < segs->n; i++)
            load_segment(&c, p, segs->items[i], &p->segments[i]);
        if (c.errors == 0) check_class_shape(&c, p, segs);
    }
    if (c.errors) goto fail;
    arena_release(&tree);
    return p;
fail:
    arena_release(&tree);
    plan_destroy(p);
    return NULL;
}

plan *plan_load(const char *path, const library *lib, diag *d)
{
    size_t len;
    char *buf = ydoc_read_file(path, &len, d);
    if (!buf) return NULL;
    plan *p = plan_load_buffer(path, buf, len, lib, d);
    free(buf);
    return p;
}

void plan_side_words(const plan *p, const plan_step *st, plan_side side, bool both, char *buf,
                     size_t size)
{
    if (size) buf[0] = '\0';
    if (!st || !st->stroke || (side != SIDE_LEFT && side != SIDE_RIGHT) || !size) return;
    const char *area = st->stroke->area ? st->stroke->area : "";
    const char *limb = !strcmp(area, "legs") ? "leg" : !strcmp(area, "arms") ? "arm" : "side";
    const char *mine = side == SIDE_LEFT ? "left" : "right";
    /* The parent faces the baby: their left is the baby's right. A peer giver stands
     * behind the partner: the same left for both. */
    bool peer = p && p->audience == AUDIENCE_PEER;
    const char *theirs = peer ? mine : side == SIDE_LEFT ? "right" : "left";
    const char *lead = both && side == SIDE_RIGHT ? "Now the" : "The";
    snprintf(buf, size, "%s %s on your %s \xE2\x80\x94 your %s %s", lead, limb, mine,
             peer ? "partner's" : "baby's", theirs);
}

void plan_destroy(plan *p)
{
    if (!p) return;
    arena_release(&p->mem);
    free(p);
}

bool plan_step_shows_cues(const plan_segment *seg, int step)
{
    const card *k = seg->card;
    return seg->kind == KIND_PERMISSION && k && (k->yes.n || k->no.n || k->if_no.n) && step >= 0 &&
           (size_t)step + 1 == seg->nsteps;
}

const char *plan_card_text(const plan_segment *seg)
{
    const card *k = seg->card;
    if (!k || !k->text || (seg->text && !strcmp(seg->text, k->text))) return NULL;
    return k->text;
}
