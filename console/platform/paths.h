/* paths.h: where Nurture's data lives, and how a plan name becomes a file.
 *
 * The data folder holds scenes/ and media/. It is, in order: $NURTURE_DATA; the
 * share/nurture folder beside the installed program (/usr/local/bin/nurture ->
 * /usr/local/share/nurture); the source tree the program was built from; the
 * install folder chosen at build time. */
#ifndef NURTURE_PATHS_H
#define NURTURE_PATHS_H

#include <stddef.h>

/* The data folder (computed once; main thread at start-up). */
const char *paths_data_dir(void);

/* Its scenes/ folder: the plans, strokes/ and cards/. */
const char *paths_scenes_dir(void);

/* The file of a plan: NAME means scenes/NAME.yaml in the data folder, anything with a
 * '/' or ending in .yaml is a file path. Writes into out; -1 when it does not fit. */
int paths_plan_file(const char *name_or_file, char *out, size_t size);

/* The built-in plans' names (file names in scenes/ without .yaml), sorted. The caller
 * frees the array and each name. Returns the count, or -1. */
int paths_list_plans(char ***names);

#endif
