/* test_theme: every colour text is drawn in stands out from its field by 7:1 or more,
 * and the layout keeps to the safe area and the type scale at every screen size. */
#include <math.h>

#include "screen/scene.h"
#include "testing.h"
#include "screen/theme.h"

#define C(x) ((SDL_Color)x)

TEST(test_theme__text_contrast_is_at_least_seven_to_one)
{
    SDL_Color fields[] = {C(THEME_PAGE), C(THEME_CARD), C(THEME_BAND), C(THEME_YES_CARD),
                          C(THEME_NO_CARD)};
    SDL_Color inks[] = {C(THEME_INK), C(THEME_INK_SOFT), C(THEME_INK_TERRA), C(THEME_INK_SAGE)};
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
        for (size_t i = 0; i < sizeof inks / sizeof inks[0]; i++) {
            double k = theme_contrast(inks[i], fields[f]);
            if (k < 7.0) fprintf(stderr, "ink %zu on field %zu: %.2f\n", i, f, k);
            CHECK(k >= 7.0);
        }
    /* text on the numbered badges */
    CHECK(theme_contrast(C(THEME_INK), C(THEME_TERRA_SOFT)) >= 7.0);
    CHECK(theme_contrast(C(THEME_INK), C(THEME_LINE)) >= 7.0);
    /* relaxation's dusk */
    CHECK(theme_contrast(C(THEME_INK_DUSK), C(THEME_DUSK)) >= 7.0);
    CHECK(theme_contrast(C(THEME_INK_DUSK_SOFT), C(THEME_DUSK)) >= 7.0);
    CHECK(theme_contrast(C(THEME_INK_DUSK), C(THEME_DUSK_CARD)) >= 7.0);
    CHECK(theme_contrast(C(THEME_INK_DUSK_SOFT), C(THEME_DUSK_CARD)) >= 7.0);
    CHECK(fabs(theme_contrast((SDL_Color){0, 0, 0, 255}, (SDL_Color){255, 255, 255, 255}) - 21.0) <
          0.01);
}

static bool inside(SDL_Rect in, SDL_Rect out)
{
    return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
           in.y + in.h <= out.y + out.h;
}

TEST(test_theme__layout_fits_every_screen)
{
    int sizes[][2] = {{1280, 720}, {1920, 1080}, {3840, 2160},
                      {1024, 768}, {800, 600},   {1280, 800}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        for (int notice = 0; notice <= 2; notice++) {
            scene_layout l;
            int w = sizes[i][0], h = sizes[i][1];
            scene_layout_for(&l, w, h, notice);
            CHECK(l.safe.x >= w * 0.049 && l.safe.y >= h * 0.049);
            CHECK(inside(l.header, l.safe) && inside(l.content, l.safe) && inside(l.band, l.safe));
            CHECK(l.content.y >= l.header.y + l.header.h);
            CHECK(l.content.y + l.content.h <= (notice ? l.notice.y : l.band.y));
            CHECK(l.content.h > h / 3);
            CHECK(l.px_min >= h / 22.0);
            CHECK(l.px_body >= l.px_min && l.px_lead > l.px_body && l.px_title > l.px_lead);
            CHECK(l.narrow == (w * 2 < h * 3));
        }
    }
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    RUN(test_theme__text_contrast_is_at_least_seven_to_one);
    RUN(test_theme__layout_fits_every_screen);
    return testing_end();
}
