/* view.c: see view.h. */
#include "core/view.h"

#include <stddef.h>

const char *const view_names[VIEW_COUNT + 1] = {
    [VIEW_BABY_FRONT] = "baby-front",
    [VIEW_BABY_BACK] = "baby-back",
    [VIEW_BABY_LEG] = "baby-leg",
    [VIEW_BABY_FACE] = "baby-face",
    [VIEW_CHILD_BACK] = "child-back",
    [VIEW_BABY_SOLE] = "baby-sole",
    [VIEW_BABY_PALM] = "baby-palm",
    [VIEW_BABY_HAND] = "baby-hand",
    [VIEW_CHILD_FRONT] = "child-front",
    [VIEW_CHILD_PALM] = "child-palm",
    [VIEW_COUNT] = NULL,
};

const char *const view_contact_names[CONTACT_COUNT + 1] = {
    [CONTACT_PALM] = "palm",
    [CONTACT_THUMBS] = "thumbs",
    [CONTACT_FINGERTIPS] = "fingertips",
    [CONTACT_EDGE] = "little-finger edge",
    [CONTACT_COUNT] = NULL,
};

const char *view_name(stroke_view view)
{
    return view < VIEW_COUNT ? view_names[view] : "?";
}
