/* theme.h: the projector's palette, sizes and contrast rule.
 *
 * A quiet warm room: cream and sand fields (dusk blue for relaxation), near-black brown
 * text, muted terracotta and sage accents. No pure white (projectors glare), no alarm
 * red. Every colour text is drawn in has a contrast of at least 7:1 against the fields
 * it is drawn on (theme_contrast, checked by test_theme). */
#ifndef NURTURE_THEME_H
#define NURTURE_THEME_H

#include <SDL.h>

#define THEME_RGB(hex)                                                                             \
    {                                                                                              \
        ((hex) >> 16) & 0xFF, ((hex) >> 8) & 0xFF, (hex)&0xFF, 0xFF                                \
    }

/* Fields */
#define THEME_PAGE      THEME_RGB(0xF3EBDD) /* cream */
#define THEME_CARD      THEME_RGB(0xFAF4EA) /* lighter cream: cards and panels */
#define THEME_BAND      THEME_RGB(0xEADFCC) /* sand: the class-state band */
#define THEME_LINE      THEME_RGB(0xDCCDB6) /* quiet lines and future timeline */
#define THEME_DUSK      THEME_RGB(0x263248) /* relaxation */
#define THEME_DUSK_CARD THEME_RGB(0x2F3C55)
#define THEME_COVER     THEME_RGB(0x15110E) /* the blank screen */
#define THEME_YES_CARD  THEME_RGB(0xE3EADB) /* sage tint */
#define THEME_NO_CARD   THEME_RGB(0xF3E0D4) /* terracotta tint */

/* Text */
#define THEME_INK           THEME_RGB(0x33261E) /* near-black brown */
#define THEME_INK_SOFT      THEME_RGB(0x55412F) /* secondary text */
#define THEME_INK_TERRA     THEME_RGB(0x6E3219) /* headings in terracotta */
#define THEME_INK_SAGE      THEME_RGB(0x34492B) /* headings in sage */
#define THEME_INK_DUSK      THEME_RGB(0xF3EBDD) /* text on dusk */
#define THEME_INK_DUSK_SOFT THEME_RGB(0xD9CDBB)

/* Shapes */
#define THEME_TERRA      THEME_RGB(0xC0714F)
#define THEME_TERRA_SOFT THEME_RGB(0xE2B8A0)
#define THEME_SAGE       THEME_RGB(0x8FA67F)
#define THEME_SAGE_SOFT  THEME_RGB(0xC3D0B5)
#define THEME_SAND_DEEP  THEME_RGB(0xBFA88A)

/* The contrast ratio of two colours (WCAG 2), from 1 to 21. */
double theme_contrast(SDL_Color a, SDL_Color b);

#endif
