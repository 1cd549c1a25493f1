/* view.h: the body drawings a stroke is drawn over, and the part of the hand that works,
 * with their names as written in the stroke files and the rig. Pure data. */
#ifndef NURTURE_VIEW_H
#define NURTURE_VIEW_H

/* The body drawings a motion path can be drawn over. The coordinates of every view
 * are a unit square: x from 0 (left of the screen) to 1, y from 0 (top) to 1. */
typedef enum stroke_view {
    VIEW_BABY_FRONT,  /* baby on its back, head at the top, seen from above */
    VIEW_BABY_BACK,   /* baby on its tummy, head at the top */
    VIEW_BABY_LEG,    /* close-up of one leg and foot, the thigh at the top */
    VIEW_BABY_FACE,   /* close-up of the face */
    VIEW_CHILD_BACK,  /* a seated child's back, head and shoulders at the top */
    VIEW_BABY_SOLE,   /* close-up of the sole of one foot, toes at the top */
    VIEW_BABY_PALM,   /* close-up of one hand, palm up, fingers at the top */
    VIEW_BABY_HAND,   /* close-up of the back of one hand, fingers at the top */
    VIEW_CHILD_FRONT, /* a seated child's head and shoulders, facing us */
    VIEW_CHILD_PALM,  /* close-up of a child's hand held out, palm up, fingers at the top */
    VIEW_COUNT
} stroke_view;

/* The part of the masseur's hand that works. */
typedef enum stroke_contact {
    CONTACT_PALM,
    CONTACT_THUMBS,
    CONTACT_FINGERTIPS,
    CONTACT_EDGE, /* the little-finger edge */
    CONTACT_COUNT
} stroke_contact;

/* Names as written in files ("baby-front", "little-finger edge"), NULL-ended. */
extern const char *const view_names[VIEW_COUNT + 1];
extern const char *const view_contact_names[CONTACT_COUNT + 1];

/* The view's name, "?" when out of range. */
const char *view_name(stroke_view view);

#endif
