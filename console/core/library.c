/* library.c: see library.h. */
#include "core/library.h"

#include <dirent.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rig.h"
#include "core/schema.h"

/* A file's schema context and the rig its strokes are read against (NULL when the rig
 * did not load). */
typedef struct load_ctx {
    schema_ctx s;
    const rig *rig;
} load_ctx;

static const rig *rig_of(schema_ctx *c)
{
    return ((load_ctx *)c)->rig;
}

/* Grow a malloc'd array by one element; the library owns strokes and cards arrays
 * through malloc (they grow while loading), their contents live in the arena. */
static void *grow(void *arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return arr;
    size_t ncap = *cap ? *cap * 2 : 32;
    void *p = realloc(arr, ncap * size);
    if (p) *cap = ncap;
    return p;
}

static int read_unit(schema_ctx *c, const ynode *v, float *out)
{
    char *end;
    if (!v || v->kind != YNODE_SCALAR || v->quoted || v->len == 0) goto bad;
    double x = strtod(v->str, &end);
    if (*end || end == v->str) goto bad;
    if (!(x >= 0.0 && x <= 1.0)) {
        schema_error(c, v, "%s is outside the view: coordinates and times go from 0 to 1", v->str);
        return -1;
    }
    *out = (float)x;
    return 0;
bad:
    schema_error(c, v, "expected a number from 0 to 1 here");
    return -1;
}

static float read_unit_key(schema_ctx *c, const ynode *map, const char *key, float def)
{
    const ynode *v = ydoc_get(map, key);
    float x = def;
    if (v) read_unit(c, v, &x);
    return x;
}

/* A landmark's place in `view`, for a point written [name, dx, dy]. */
static int read_landmark(schema_ctx *c, const ynode *p, stroke_view view, float out[2])
{
    const ynode *name = p->items[0];
    const rig *file_rig = rig_of(c);
    if (!file_rig) {
        schema_error(c, name, "the landmark '%s' cannot be placed: the rig did not load",
                     name->str);
        return -1;
    }
    const rig_view *v = &file_rig->views[view];
    int i = rig_landmark_index(v, name->str);
    if (i < 0) {
        const char *names[256];
        size_t n = v->nmarks < 256 ? v->nmarks : 256;
        for (size_t j = 0; j < n; j++)
            names[j] = v->marks[j].name;
        char hint[96];
        schema_error(c, name, "the view '%s' has no landmark '%s'%s", view_names[view], name->str,
                     diag_did_you_mean(name->str, names, n, hint, sizeof hint));
        return -1;
    }
    float d[2];
    for (int k = 0; k < 2; k++) {
        const ynode *n = p->items[1 + k];
        char *end = NULL;
        double x = n->kind == YNODE_SCALAR && !n->quoted ? strtod(n->str, &end) : 2.0;
        if (!end || *end || end == n->str || !(x >= -0.5 && x <= 0.5)) {
            schema_error(c, n, "expected a step from the landmark, a number from -0.5 to 0.5");
            return -1;
        }
        d[k] = (float)x;
    }
    out[0] = v->marks[i].at[0] + d[0];
    out[1] = v->marks[i].at[1] + d[1];
    if (out[0] < 0.0f || out[0] > 1.0f || out[1] < 0.0f || out[1] > 1.0f) {
        schema_error(c, p, "this point falls outside the view");
        return -1;
    }
    return 0;
}

/* Where fingers point, a quarter turn each, clockwise from up. */
static const char *const reaches[] = {"up", "right", "down", "left", NULL};

static int load_hand(schema_ctx *c, const ynode *h, stroke_view view, int reach, stroke_hand *out)
{
    static const char *const keys[] = {"hand", "path", "from", "to", "holds", "reach", NULL};
    static const char *const req[] = {"hand", "path", NULL};
    out->holds = -1;
    const ynode *holds = ydoc_get(h, "holds");
    if (holds) {
        const rig *rg = rig_of(c);
        const char *name = holds->kind == YNODE_SCALAR ? holds->str : "?";
        out->holds = rg ? rig_landmark_index(&rg->views[view], name) : -1;
        if (out->holds < 0) {
            schema_error(c, holds, "the view '%s' has no landmark '%s' to hold", view_names[view],
                         name);
            return -1;
        }
    }
    enum { HAND_LEFT, HAND_RIGHT };
    static const char *const hands[] = {[HAND_LEFT] = "left", [HAND_RIGHT] = "right", NULL};
    if (schema_keys(c, h, "a hand", keys, req)) return -1;
    out->left = schema_enum(c, h, "hand", hands, HAND_RIGHT) == HAND_LEFT;
    int own = schema_enum(c, h, "reach", reaches, -1);
    if (own < 0 && ydoc_get(h, "reach")) return -1;
    out->reach = own < 0 ? reach : own * 90;
    out->from = read_unit_key(c, h, "from", 0.0f);
    out->to = read_unit_key(c, h, "to", 1.0f);
    if (out->from >= out->to) {
        schema_error(c, h, "a hand's 'from' (%.2f) must come before its 'to' (%.2f)", out->from,
                     out->to);
        return -1;
    }
    const ynode *path = schema_list(c, h, "path", true);
    if (!path) return -1;
    if (path->n < 2) {
        schema_error(c, path, "a path needs at least two points, like [[0.4, 0.6], [0.4, 0.9]]");
        return -1;
    }
    out->pts = arena_calloc(c->mem, path->n, sizeof(*out->pts));
    if (!out->pts) return -1;
    for (size_t i = 0; i < path->n; i++) {
        const ynode *p = path->items[i];
        if (p->kind == YNODE_SEQ && p->n == 3 && p->items[0]->kind == YNODE_SCALAR) {
            if (read_landmark(c, p, view, out->pts[i])) return -1;
            continue;
        }
        if (p->kind != YNODE_SEQ || p->n != 2) {
            schema_error(c, p,
                         "a point is written [x, y], two numbers from 0 to 1, or "
                         "[landmark, dx, dy], like [navel, 0.05, 0]");
            return -1;
        }
        if (read_unit(c, p->items[0], &out->pts[i][0]) ||
            read_unit(c, p->items[1], &out->pts[i][1]))
            return -1;
    }
    out->npts = path->n;
    return 0;
}

/* A list of `n` numbers in [lo, hi] (n == 0: any count from 2 to 16, returned in *n). */
static float *read_numbers(schema_ctx *c, const ynode *list, float lo, float hi, size_t *n)
{
    if (!list || list->kind != YNODE_SEQ || list->n < 2 || list->n > 16 || (*n && list->n != *n)) {
        if (*n)
            schema_error(c, list, "expected a list of %zu numbers, one per moment of 'turn'", *n);
        else
            schema_error(c, list, "expected a list of 2 to 16 numbers, like [0, 40, 0]");
        return NULL;
    }
    float *v = arena_calloc(c->mem, list->n, sizeof(*v));
    if (!v) return NULL;
    for (size_t i = 0; i < list->n; i++) {
        const ynode *x = list->items[i];
        char *end = NULL;
        double d = x->kind == YNODE_SCALAR && !x->quoted ? strtod(x->str, &end) : NAN;
        if (!end || *end || end == x->str || !(d >= lo && d <= hi)) {
            schema_error(c, x, "expected a number from %g to %g here", lo, hi);
            return NULL;
        }
        v[i] = (float)d;
    }
    *n = list->n;
    return v;
}

static int load_move(schema_ctx *c, const ynode *m, stroke_view view, stroke_move *out)
{
    static const char *const keys[] = {"part", "turn", "stretch", NULL};
    static const char *const req[] = {"part", "turn", NULL};
    if (schema_keys(c, m, "a move", keys, req)) return -1;
    const char *part = schema_text(c, m, "part", true);
    if (!part) return -1;
    const rig_view *v = rig_of(c) ? &rig_of(c)->views[view] : NULL;
    out->part = v ? rig_part_index(v, part) : -1;
    if (out->part < 0) {
        const char *names[RIG_MAX_PARTS];
        size_t n = v ? v->nparts : 0;
        for (size_t j = 0; j < n; j++)
            names[j] = v->parts[j].name;
        char hint[96];
        schema_error(c, ydoc_get(m, "part"), "the view '%s' has no moving part '%s'%s",
                     view_names[view], part, diag_did_you_mean(part, names, n, hint, sizeof hint));
        return -1;
    }
    out->n = 0;
    out->turn = read_numbers(c, ydoc_get(m, "turn"), -180.0f, 180.0f, &out->n);
    if (!out->turn) return -1;
    if (ydoc_get(m, "stretch")) {
        out->stretch = read_numbers(c, ydoc_get(m, "stretch"), 0.2f, 1.5f, &out->n);
        if (!out->stretch) return -1;
    }
    return 0;
}

static int load_motion(schema_ctx *c, const ynode *m, stroke *s)
{
    static const char *const keys[] = {"view", "contact", "reach", "hands", "moves", NULL};
    static const char *const req[] = {"view", "contact", "hands", NULL};
    if (schema_keys(c, m, "a motion", keys, req)) return -1;
    int view = schema_enum(c, m, "view", view_names, -1);
    if (view < 0) return -1;
    s->view = (stroke_view)view;
    int contact = schema_enum(c, m, "contact", view_contact_names, -1);
    if (contact < 0) return -1;
    s->contact = (stroke_contact)contact;
    int reach = schema_enum(c, m, "reach", reaches, 0);
    if (reach < 0) return -1;
    s->reach = reach * 90;
    const ynode *moves = schema_list(c, m, "moves", false);
    if (moves && moves->n) {
        s->moves = arena_calloc(c->mem, moves->n, sizeof(*s->moves));
        if (!s->moves) return -1;
        for (size_t i = 0; i < moves->n; i++)
            if (load_move(c, moves->items[i], s->view, &s->moves[i])) return -1;
        s->nmoves = moves->n;
    }
    const ynode *hands = schema_list(c, m, "hands", true);
    if (!hands) return -1;
    if (hands->n == 0 || hands->n > STROKE_MAX_HANDS) {
        schema_error(c, hands,
                     "a motion has one to eight entries under 'hands' (a hand may have "
                     "several, one for each part of a pass)");
        return -1;
    }
    s->hands = arena_calloc(c->mem, hands->n, sizeof(*s->hands));
    if (!s->hands) return -1;
    for (size_t i = 0; i < hands->n; i++)
        if (load_hand(c, hands->items[i], s->view, s->reach, &s->hands[i])) return -1;
    s->nhands = hands->n;
    return 0;
}

static void load_stroke(library *lib, schema_ctx *c, const ynode *node, size_t *cap)
{
    static const char *const keys[] = {"id",   "name",  "area",   "instruction", "reps",
                                       "pass", "sided", "motion", "oil",         NULL};
    static const char *const oils[] = {
        [OIL_YES] = "yes", [OIL_NO] = "no", [OIL_WIPE] = "wipe", NULL};
    static const char *const req[] = {"id", "name", "area", "instruction", "motion", NULL};
    int before = c->errors;
    if (schema_keys(c, node, "a stroke", keys, req) && node->kind != YNODE_MAP) return;
    stroke s = {.file = c->path, .line = node->line, .col = node->col};
    s.id = schema_text(c, node, "id", true);
    s.name = schema_text(c, node, "name", true);
    s.area = schema_text(c, node, "area", true);
    s.instruction = schema_text(c, node, "instruction", true);
    s.reps = schema_int(c, node, "reps", 1, 100, 3);
    s.pass_ms = schema_duration(c, node, "pass", 1000, 20000, 3000);
    s.sided = schema_bool(c, node, "sided", false);
    int oil = schema_enum(c, node, "oil", oils, OIL_YES);
    s.oil = oil < 0 ? OIL_YES : (stroke_oil)oil;
    const ynode *motion = ydoc_get(node, "motion");
    if (motion) load_motion(c, motion, &s);
    if (s.id && !schema_is_id(s.id)) {
        schema_error(c, ydoc_get(node, "id"),
                     "'%s' is not an id: use lower-case words joined by '-', like hug-and-glide",
                     s.id);
    } else if (s.id) {
        const stroke *twin = library_stroke(lib, s.id);
        if (twin)
            schema_error(c, ydoc_get(node, "id"), "the stroke '%s' is already defined in %s:%d",
                         s.id, twin->file, twin->line);
    }
    if (c->errors != before) return;
    stroke *arr = grow(lib->strokes, cap, lib->nstrokes, sizeof(*arr));
    if (!arr) return;
    lib->strokes = arr;
    arr[lib->nstrokes++] = s;
}

static void load_card(library *lib, schema_ctx *c, const ynode *node, size_t *cap)
{
    static const char *const keys[] = {"id", "title", "text", "steps", "yes", "no", "if_no", NULL};
    static const char *const req[] = {"id", "title", NULL};
    int before = c->errors;
    if (schema_keys(c, node, "a card", keys, req) && node->kind != YNODE_MAP) return;
    card k = {.file = c->path, .line = node->line, .col = node->col};
    k.id = schema_text(c, node, "id", true);
    k.title = schema_text(c, node, "title", true);
    k.text = schema_text(c, node, "text", false);
    k.steps = schema_texts(c, node, "steps");
    k.yes = schema_texts(c, node, "yes");
    k.no = schema_texts(c, node, "no");
    k.if_no = schema_texts(c, node, "if_no");
    if (k.id && !schema_is_id(k.id)) {
        schema_error(c, ydoc_get(node, "id"),
                     "'%s' is not an id: use lower-case words joined by '-'", k.id);
    } else if (k.id) {
        const card *twin = library_card(lib, k.id);
        if (twin)
            schema_error(c, ydoc_get(node, "id"), "the card '%s' is already defined in %s:%d", k.id,
                         twin->file, twin->line);
    }
    if (c->errors != before) return;
    card *arr = grow(lib->cards, cap, lib->ncards, sizeof(*arr));
    if (!arr) return;
    lib->cards = arr;
    arr[lib->ncards++] = k;
}

static int has_yaml_suffix(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return e->d_name[0] != '.' && n > 5 && strcmp(e->d_name + n - 5, ".yaml") == 0;
}

typedef void (*load_item_fn)(library *, schema_ctx *, const ynode *, size_t *);

/* Load one file: a list of strokes or cards. Returns the number of problems. */
static int load_file(library *lib, const char *path, const char *what, diag *d, size_t *cap,
                     load_item_fn load_one)
{
    const char *kept = arena_strdup(&lib->mem, path);
    if (!kept) return 1;
    load_ctx lc = {{.mem = &lib->mem, .path = kept, .d = d}, lib->rig};
    schema_ctx *c = &lc.s;
    ynode *root;
    arena tree;
    arena_init(&tree);
    if (ydoc_load_file(&tree, path, &root, d) != 0) {
        c->errors++;
    } else if (root->kind != YNODE_SEQ) {
        schema_error(c, root, "this file should be a list of %s, each starting with '- '", what);
    } else {
        for (size_t j = 0; j < root->n; j++)
            load_one(lib, c, root->items[j], cap);
    }
    arena_release(&tree);
    return c->errors;
}

/* Load every .yaml file of `dir`, in name order. */
static int load_folder(library *lib, const char *dir, const char *what, diag *d, size_t *cap,
                       load_item_fn load_one)
{
    struct dirent **names;
    int n = scandir(dir, &names, has_yaml_suffix, alphasort);
    if (n < 0) {
        diag_add(d, dir, 0, 0, "cannot read the folder of %s", what);
        return -1;
    }
    int errors = 0;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(dir) + strlen(names[i]->d_name) + 2;
        char *path = malloc(len);
        if (path) {
            snprintf(path, len, "%s/%s", dir, names[i]->d_name);
            errors += load_file(lib, path, what, d, cap, load_one);
            free(path);
        } else {
            errors++;
        }
        free(names[i]);
    }
    free(names);
    return errors ? -1 : 0;
}

int library_check_file(const library *own, const char *path, bool cards, diag *d)
{
    library lib;
    memset(&lib, 0, sizeof(lib));
    arena_init(&lib.mem);
    lib.rig = own->rig; /* borrowed */
    size_t cap = 0;
    int errors = cards ? load_file(&lib, path, "cards", d, &cap, load_card)
                       : load_file(&lib, path, "strokes", d, &cap, load_stroke);
    lib.rig = NULL;
    library_release(&lib);
    return errors ? -1 : 0;
}

int library_load(library *lib, const char *dir, diag *d)
{
    memset(lib, 0, sizeof(*lib));
    arena_init(&lib->mem);
    size_t len = strlen(dir) + 40;
    char *sub = malloc(len);
    if (!sub) return -1;
    size_t scap = 0, ccap = 0;
    lib->rig = malloc(sizeof(*lib->rig));
    if (!lib->rig) {
        free(sub);
        return -1;
    }
    /* The rig is DATA/media/art/rig.yaml for a library in DATA/scenes. */
    size_t n = strlen(dir);
    int base = n >= 7 && !strcmp(dir + n - 7, "/scenes") ? (int)(n - 7) : (int)n;
    snprintf(sub, len, "%.*s%s/media/art/rig.yaml", base, dir, base == (int)n ? "/.." : "");
    int rc = rig_load(lib->rig, sub, d);
    if (rc) {
        rig_release(lib->rig);
        free(lib->rig);
        lib->rig = NULL;
    }
    snprintf(sub, len, "%s/strokes", dir);
    rc |= load_folder(lib, sub, "strokes", d, &scap, load_stroke);
    snprintf(sub, len, "%s/cards", dir);
    rc |= load_folder(lib, sub, "cards", d, &ccap, load_card);
    free(sub);
    return rc ? -1 : 0;
}

void library_release(library *lib)
{
    if (lib->rig) rig_release(lib->rig);
    free(lib->rig);
    free(lib->strokes);
    free(lib->cards);
    arena_release(&lib->mem);
    memset(lib, 0, sizeof(*lib));
}

const stroke *library_stroke(const library *lib, const char *id)
{
    for (size_t i = 0; i < lib->nstrokes; i++)
        if (!strcmp(lib->strokes[i].id, id)) return &lib->strokes[i];
    return NULL;
}

const card *library_card(const library *lib, const char *id)
{
    for (size_t i = 0; i < lib->ncards; i++)
        if (!strcmp(lib->cards[i].id, id)) return &lib->cards[i];
    return NULL;
}

/* The nearest id among `n` items of `size` bytes whose id is at `offset`. */
static const char *suggest_id(const char *id, const void *items, size_t n, size_t size,
                              size_t offset)
{
    const char **ids = malloc((n + 1) * sizeof(*ids));
    if (!ids) return NULL;
    for (size_t i = 0; i < n; i++)
        ids[i] = *(const char *const *)((const char *)items + i * size + offset);
    const char *best = diag_suggest(id, ids, n);
    free(ids);
    return best;
}

const char *library_suggest_stroke(const library *lib, const char *id)
{
    return suggest_id(id, lib->strokes, lib->nstrokes, sizeof(stroke), offsetof(stroke, id));
}

const char *library_suggest_card(const library *lib, const char *id)
{
    return suggest_id(id, lib->cards, lib->ncards, sizeof(card), offsetof(card, id));
}
