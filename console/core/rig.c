/* rig.c: see rig.h. */
#include "core/rig.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/schema.h"

/* `count` numbers from 0 to 1 in a list (a little outside is allowed for pivots and
 * landmarks near an edge). */
static int read_numbers(schema_ctx *c, const ynode *v, float *out, size_t count, const char *what,
                        const char *form)
{
    if (!v || v->kind != YNODE_SEQ || v->n != count) {
        schema_error(c, v, "%s is written %s, numbers from 0 to 1", what, form);
        return -1;
    }
    for (size_t i = 0; i < count; i++) {
        const ynode *n = v->items[i];
        char *end = NULL;
        double x = n->kind == YNODE_SCALAR && !n->quoted ? strtod(n->str, &end) : NAN;
        if (!end || *end || end == n->str || !(x >= -0.5 && x <= 1.5)) {
            schema_error(c, n, "expected a number from 0 to 1 here");
            return -1;
        }
        out[i] = (float)x;
    }
    return 0;
}

/* A point [x, y]. */
static int read_point(schema_ctx *c, const ynode *v, float out[2], const char *what)
{
    return read_numbers(c, v, out, 2, what, "[x, y]");
}

static const char *art_name(schema_ctx *c, const ynode *map, const char *key)
{
    const char *a = schema_text(c, map, key, true);
    if (!a) return NULL;
    size_t n = strlen(a);
    if (strchr(a, '/') || n < 5 || strcmp(a + n - 4, ".svg") != 0) {
        schema_error(c, ydoc_get(map, key),
                     "'%s' is not an art file: name an .svg file in the rig's folder", a);
        return NULL;
    }
    return a;
}

static void load_parts(schema_ctx *c, const ynode *list, rig_view *v)
{
    static const char *const keys[] = {"part", "art", "flip", "pivot", "parent", "order", NULL};
    static const char *const req[] = {"part", "art", "pivot", NULL};
    if (list->n > RIG_MAX_PARTS) {
        schema_error(c, list, "a view has at most %d parts", RIG_MAX_PARTS);
        return;
    }
    v->parts = arena_calloc(c->mem, list->n ? list->n : 1, sizeof(*v->parts));
    if (!v->parts) return;
    for (size_t i = 0; i < list->n; i++) {
        const ynode *m = list->items[i];
        if (schema_keys(c, m, "a part", keys, req)) continue;
        rig_part *p = &v->parts[v->nparts];
        p->line = m->line;
        p->col = m->col;
        p->name = schema_text(c, m, "part", true);
        p->art = art_name(c, m, "art");
        p->flip = schema_bool(c, m, "flip", false);
        p->order = schema_int(c, m, "order", -100, 100, 1);
        p->parent = -1;
        if (read_point(c, ydoc_get(m, "pivot"), p->pivot, "a pivot")) continue;
        if (!p->name || !p->art) continue;
        if (!schema_is_id(p->name)) {
            schema_error(c, ydoc_get(m, "part"), "'%s' is not a name: use words joined by '-'",
                         p->name);
            continue;
        }
        if (rig_part_index(v, p->name) >= 0) {
            schema_error(c, ydoc_get(m, "part"), "the part '%s' is already in this view", p->name);
            continue;
        }
        const ynode *par = ydoc_get(m, "parent");
        if (par) {
            const char *pn = schema_text(c, m, "parent", true);
            if (!pn) continue;
            p->parent = rig_part_index(v, pn);
            if (p->parent < 0) {
                schema_error(c, par, "no part '%s' comes before this one in the view", pn);
                continue;
            }
        }
        v->nparts++;
    }
}

static void load_marks(schema_ctx *c, const ynode *map, rig_view *v)
{
    if (map->kind != YNODE_MAP) {
        schema_error(c, map, "landmarks are 'name: [x, y]' lines (or [x, y, part])");
        return;
    }
    v->marks = arena_calloc(c->mem, map->n ? map->n : 1, sizeof(*v->marks));
    if (!v->marks) return;
    for (size_t i = 0; i < map->n; i++) {
        const ynode *k = map->items[i], *val = map->vals[i];
        rig_landmark *l = &v->marks[v->nmarks];
        l->name = arena_strdup(c->mem, k->str);
        l->part = -1;
        if (!l->name) return;
        if (!schema_is_id(l->name)) {
            schema_error(c, k, "'%s' is not a name: use words joined by '-'", l->name);
            continue;
        }
        if (val->kind == YNODE_SEQ && val->n == 3) {
            const ynode *pn = val->items[2];
            l->part = pn->kind == YNODE_SCALAR ? rig_part_index(v, pn->str) : -1;
            if (l->part < 0) {
                const char *names[RIG_MAX_PARTS];
                for (size_t j = 0; j < v->nparts; j++)
                    names[j] = v->parts[j].name;
                const char *word = pn->kind == YNODE_SCALAR ? pn->str : NULL;
                char hint[96];
                schema_error(c, pn, "this view has no part '%s'%s", word ? word : "?",
                             diag_did_you_mean(word, names, v->nparts, hint, sizeof hint));
                continue;
            }
            ynode two = *val;
            two.n = 2;
            if (read_point(c, &two, l->at, "a landmark")) continue;
        } else if (read_point(c, val, l->at, "a landmark")) {
            continue;
        }
        v->nmarks++;
    }
}

/* `cut: [bottom]`: the edges where the drawing runs on out of its square. */
static void load_cut(schema_ctx *c, const ynode *list, rig_view *v)
{
    static const char *const edges[] = {"top", "bottom", "left", "right", NULL};
    for (size_t i = 0; i < list->n; i++) {
        const ynode *e = list->items[i];
        int k = 0;
        while (edges[k] && (e->kind != YNODE_SCALAR || strcmp(edges[k], e->str)))
            k++;
        if (!edges[k])
            schema_error(c, e, "an edge is top, bottom, left or right");
        else
            v->cut |= 1u << k;
    }
}

static void load_view(schema_ctx *c, const ynode *m, rig_view *v)
{
    static const char *const keys[] = {"art", "hand", "cut", "parts", "landmarks", NULL};
    static const char *const req[] = {"art", "hand", NULL};
    if (schema_keys(c, m, "a view", keys, req) && m->kind != YNODE_MAP) return;
    v->art = art_name(c, m, "art");
    const ynode *h = ydoc_get(m, "hand");
    char *end = NULL;
    double size = h && h->kind == YNODE_SCALAR && !h->quoted ? strtod(h->str, &end) : NAN;
    if (h && (!end || *end || end == h->str || !(size >= 0.05 && size <= 0.8)))
        schema_error(c, h, "a hand's size is a part of the view's side, from 0.05 to 0.8");
    else if (h)
        v->hand = (float)size;
    const ynode *cut = schema_list(c, m, "cut", false);
    if (cut) load_cut(c, cut, v);
    const ynode *parts = schema_list(c, m, "parts", false);
    if (parts) load_parts(c, parts, v);
    const ynode *marks = ydoc_get(m, "landmarks");
    if (marks) load_marks(c, marks, v);
    v->present = v->art != NULL;
}

/* `see-through: {palm: [[x, y, r], ...], ...}`: the discs each contact clears. */
static void load_clear(schema_ctx *c, const ynode *m, const char *const *ckeys, rig *r)
{
    if (schema_keys(c, m, "the hand's see-through parts", ckeys, NULL)) return;
    for (int i = 0; i < CONTACT_COUNT; i++) {
        const ynode *list = ydoc_get(m, ckeys[i]);
        if (!list) continue;
        if (list->kind != YNODE_SEQ || list->n < 1 || list->n > RIG_MAX_DISCS) {
            schema_error(c, list,
                         "a contact's see-through part is a list of 1 to %d discs "
                         "[x, y, radius]",
                         RIG_MAX_DISCS);
            continue;
        }
        for (size_t k = 0; k < list->n; k++) {
            float d[3];
            if (read_numbers(c, list->items[k], d, 3, "a disc", "[x, y, radius]")) continue;
            r->clear[i][r->nclear[i]++] = (rig_disc){d[0], d[1], d[2]};
        }
    }
}

static void load_hand(schema_ctx *c, const ynode *m, rig *r)
{
    static const char *const keys[] = {"art", "contacts", "see-through", NULL};
    static const char *const req[] = {"art", "contacts", NULL};
    if (schema_keys(c, m, "the hand", keys, req)) return;
    r->hand_art = art_name(c, m, "art");
    const ynode *ct = ydoc_get(m, "contacts");
    static const char *const ckeys[CONTACT_COUNT + 1] = {[CONTACT_PALM] = "palm",
                                                         [CONTACT_THUMBS] = "thumbs",
                                                         [CONTACT_FINGERTIPS] = "fingertips",
                                                         [CONTACT_EDGE] = "little-finger-edge"};
    if (schema_keys(c, ct, "the hand's contacts", ckeys, ckeys)) return;
    for (int i = 0; i < CONTACT_COUNT; i++)
        read_point(c, ydoc_get(ct, ckeys[i]), r->contact[i], "a contact");
    const ynode *clear = ydoc_get(m, "see-through");
    if (clear) load_clear(c, clear, ckeys, r);
}

int rig_load(rig *r, const char *path, diag *d)
{
    size_t len;
    char *bytes = ydoc_read_file(path, &len, d);
    if (!bytes) {
        memset(r, 0, sizeof(*r));
        arena_init(&r->mem);
        return -1;
    }
    int rc = rig_load_buffer(r, path, bytes, len, d);
    free(bytes);
    return rc;
}

int rig_load_buffer(rig *r, const char *path, const char *bytes, size_t len, diag *d)
{
    memset(r, 0, sizeof(*r));
    arena_init(&r->mem);
    r->path = arena_strdup(&r->mem, path);
    const char *slash = strrchr(path, '/');
    r->dir = slash ? arena_strndup(&r->mem, path, (size_t)(slash - path)) : ".";
    if (!r->path || !r->dir) return -1;
    schema_ctx c = {.mem = &r->mem, .path = r->path, .d = d};
    arena tree;
    arena_init(&tree);
    ynode *root;
    if (ydoc_parse(&tree, r->path, bytes, len, &root, d) != 0) {
        arena_release(&tree);
        return -1;
    }
    static const char *const keys[] = {"views", "hand", NULL};
    if (schema_keys(&c, root, "the rig", keys, keys) == 0) {
        const ynode *views = ydoc_get(root, "views");
        if (views->kind != YNODE_MAP) {
            schema_error(&c, views, "'views' holds one 'view-name:' entry per view");
        } else {
            const char *names[VIEW_COUNT];
            for (int i = 0; i < VIEW_COUNT; i++)
                names[i] = view_name((stroke_view)i);
            for (size_t i = 0; i < views->n; i++) {
                const ynode *k = views->items[i];
                int j = 0;
                while (j < VIEW_COUNT && strcmp(names[j], k->str))
                    j++;
                if (j == VIEW_COUNT) {
                    char hint[96];
                    schema_error(&c, k, "'%s' is not a view%s", k->str,
                                 diag_did_you_mean(k->str, names, VIEW_COUNT, hint, sizeof hint));
                    continue;
                }
                load_view(&c, views->vals[i], &r->views[j]);
            }
            for (int j = 0; j < VIEW_COUNT; j++)
                if (!r->views[j].present && c.errors == 0)
                    schema_error(&c, views, "the view '%s' is missing", names[j]);
        }
        load_hand(&c, ydoc_get(root, "hand"), r);
    }
    arena_release(&tree);
    return c.errors ? -1 : 0;
}

void rig_release(rig *r)
{
    arena_release(&r->mem);
    memset(r, 0, sizeof(*r));
}

int rig_part_index(const rig_view *v, const char *name)
{
    for (size_t i = 0; i < v->nparts; i++)
        if (!strcmp(v->parts[i].name, name)) return (int)i;
    return -1;
}

int rig_landmark_index(const rig_view *v, const char *name)
{
    for (size_t i = 0; i < v->nmarks; i++)
        if (!strcmp(v->marks[i].name, name)) return (int)i;
    return -1;
}

void rig_pose_rest(rig_pose *p)
{
    for (int i = 0; i < RIG_MAX_PARTS; i++) {
        p->turn[i] = 0.0f;
        p->stretch[i] = 1.0f;
    }
}

/* Move a point given at rest on `part` to where the pose puts it: the part's own turn
 * and stretch about its pivot; its parents carry the pivot and add their turns (a
 * parent's stretch moves a child's pivot, never the child's shape). */
static void carry(const rig_view *v, const rig_pose *p, int part, float x, float y, float out[2])
{
    if (part < 0) {
        out[0] = x;
        out[1] = y;
        return;
    }
    const rig_part *rp = &v->parts[part];
    float dx = x - rp->pivot[0], dy = (y - rp->pivot[1]) * p->stretch[part];
    float turn = 0.0f;
    for (int i = part; i >= 0; i = v->parts[i].parent)
        turn += p->turn[i];
    float a = turn * 3.14159265f / 180.0f, ca = cosf(a), sa = sinf(a);
    float pv[2];
    carry(v, p, rp->parent, rp->pivot[0], rp->pivot[1], pv);
    out[0] = pv[0] + dx * ca - dy * sa;
    out[1] = pv[1] + dx * sa + dy * ca;
}

rig_place rig_part_place(const rig_view *v, const rig_pose *p, int part)
{
    rig_place pl = {{0, 0}, 0.0f, 1.0f};
    const rig_part *rp = &v->parts[part];
    carry(v, p, rp->parent, rp->pivot[0], rp->pivot[1], pl.pivot);
    for (int i = part; i >= 0; i = v->parts[i].parent)
        pl.turn += p->turn[i];
    pl.stretch = p->stretch[part];
    return pl;
}

void rig_point(const rig_view *v, const rig_pose *p, int part, const float rest[2], float out[2])
{
    carry(v, p, part, rest[0], rest[1], out);
}
