/* lint.h: advice on a plan that loads and runs, as warnings (see diag.h).
 *
 * A plan the loader accepts can still go against the course's own guidance. These
 * checks report what an instructor would want to change, each at the line and column
 * of the place to change, as FILE:LINE:COL: warning: message:
 *   - tummy strokes less than 30 minutes after a feed: a massage segment that comes
 *     after a rest saying `feed: true` has a stroke whose area is `tummy` planned to
 *     start within 30 minutes of that rest's end (the safety card: wait 30 to 45
 *     minutes after a feed);
 *   - oil on the face: in a baby class, a stroke marked `oil: no` (done with clean
 *     hands, like the face strokes) while the hands still carry oil: from an oiled
 *     stroke earlier in the segment, or from the permission ritual that opens it (a
 *     little oil in the palm), with no stroke marked `oil: wipe` in between;
 *   - the segments' durations add up to more than two minutes more, or less, than the
 *     class's `length`.
 *
 * `nurture --check` runs these on every plan it loads; other checks that warn (about
 * how texts fit the screen) live with the code they concern and add to the same diag.
 * Pure: reads the plan, writes only `d`. */
#ifndef NURTURE_LINT_H
#define NURTURE_LINT_H

#include <stddef.h>

#include "core/diag.h"
#include "core/plan.h"

#define LINT_FEED_WAIT_MS    (30LL * MINUTE_MS) /* from a feed to the first tummy stroke */
#define LINT_LENGTH_SLACK_MS (2LL * MINUTE_MS)  /* segments vs the class's length */

/* Add a warning to `d` for each problem above; returns how many were added. */
size_t plan_lint(const plan *p, diag *d);

#endif
