/* draw.h: anti-aliased shapes on an SDL renderer.
 *
 * Every shape is a convex polygon filled with SDL_RenderGeometry: a triangle fan for
 * its inside and a feathered strip, one pixel wide, whose alpha falls to zero across
 * the edge. That is smooth on every renderer (GLES2, OpenGL, software) without
 * multisampling. Shapes that are not convex (a body) are unions of convex ones drawn
 * in the same colour. Coordinates are pixels, as floats. On the software renderer,
 * which works through the whole bounding box of every triangle, the inside of a big
 * opaque shape (a card) is filled as rows of pixels instead of a fan of triangles each
 * as big as the shape; its feathered edge is the same.
 *
 * The vertex buffers are static: nothing is allocated per shape. Main thread only. */
#ifndef NURTURE_DRAW_H
#define NURTURE_DRAW_H

#include <SDL.h>
#include <stdbool.h>

/* A convex polygon through n points (n <= DRAW_MAX_POINTS), either winding. */
#define DRAW_MAX_POINTS 256
void draw_convex(SDL_Renderer *r, const SDL_FPoint *pts, int n, SDL_Color c);

void draw_circle(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color c);

/* The hull of two circles: a limb that tapers from (x0, y0, r0) to (x1, y1, r1), or a
 * thick line with round ends when r0 == r1. */
void draw_capsule(SDL_Renderer *r, float x0, float y0, float r0, float x1, float y1, float r1,
                  SDL_Color c);

/* A rectangle with rounded corners (radius clamped to half the shorter side). */
void draw_round_rect(SDL_Renderer *r, SDL_FRect rect, float radius, SDL_Color c);

/* An arc of a circle's rim, `width` thick, from angle a0 to a1 (radians, clockwise on
 * screen from the right), with round ends. */
void draw_arc(SDL_Renderer *r, float cx, float cy, float radius, float width, float a0, float a1,
              SDL_Color c);

/* The outline of a rounded rectangle, `width` thick. */
void draw_round_frame(SDL_Renderer *r, SDL_FRect rect, float radius, float width, SDL_Color c);

/* A filled triangle pointing from (x, y) along angle `a`, `size` long. */
void draw_arrowhead(SDL_Renderer *r, float x, float y, float a, float size, SDL_Color c);

SDL_Color draw_alpha(SDL_Color c, float alpha);

/* Shapes drawn between these two (convex ones: circles, capsules, rounded rectangles)
 * go to the renderer as one draw call, in order; a copy or an outline in between sends
 * what came before it first. */
void draw_batch_begin(SDL_Renderer *r);
void draw_batch_end(void);

/* Send the shapes batched so far (before changing the render target). */
void draw_flush(void);

/* Triangles of a texture tinted by their vertices' colours (SDL_RenderGeometry), after
 * the shapes batched so far; counted as one call. */
void draw_geometry(SDL_Renderer *r, SDL_Texture *t, const SDL_Vertex *v, int nv, const int *ix,
                   int ni);

/* Copy a texture (SDL_RenderCopy), counted. */
void draw_copy(SDL_Renderer *r, SDL_Texture *t, const SDL_Rect *src, const SDL_Rect *dst);

/* Copy a texture to `dst` turned by `angle` degrees (clockwise) about `centre` (relative
 * to dst; NULL: its middle), mirrored left to right when `mirror` (SDL_RenderCopyExF),
 * counted. */
void draw_copy_turned(SDL_Renderer *r, SDL_Texture *t, const SDL_FRect *dst, double angle,
                      const SDL_FPoint *centre, bool mirror);

/* What was sent to the renderer since the start, for tests and tools/bench: draw calls
 * (every shape and copy) and uploads (a texture made or painted: text rasterised, a
 * drawing cached, a QR code). Every module that makes a texture counts it here. */
typedef struct draw_counts {
    unsigned long calls;
    unsigned long uploads;
} draw_counts;

draw_counts draw_counted(void);
void draw_count_upload(void);

#endif
