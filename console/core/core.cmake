# core: the class as data and as a pure state machine: plans and the stroke library
# (ydoc, schema, library, plan), the engine (session), the class's place on disk
# (progress), the class log (classlog), settings and the command line (settings, cli). No SDL, no sound, no
# network: tests link exactly this. Layer 1: includes platform/ only.
add_library(nurture_core STATIC
  console/core/arena.c
  console/core/diag.c
  console/core/ydoc.c
  console/core/schema.c
  console/core/view.c
  console/core/rig.c
  console/core/view.c
  console/core/rig.c
  console/core/library.c
  console/core/plan.c
  console/core/lint.c
  console/core/session.c
  console/core/progress.c
  console/core/classlog.c
  console/core/utf8.c
  console/core/settings.c
  console/core/cli.c
)
target_link_libraries(nurture_core PUBLIC nurture_platform PkgConfig::YAML PkgConfig::CJSON m)
