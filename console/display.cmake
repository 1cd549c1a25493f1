# The projector: SDL2 window, SDL_ttf text, SDL_image for PNG frames, libqrencode for
# the join code. Included by CMakeLists.txt.
pkg_check_modules(SDL2_TTF REQUIRED IMPORTED_TARGET SDL2_ttf)
pkg_check_modules(SDL2_IMAGE REQUIRED IMPORTED_TARGET SDL2_image)
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
target_sources(nurture_io PRIVATE
  console/anim.c
  console/body.c
  console/draw.c
  console/qr.c
  console/scene.c
  console/text.c
  console/theme.c
)
target_link_libraries(nurture_io PUBLIC PkgConfig::SDL2_TTF PkgConfig::SDL2_IMAGE
                      PkgConfig::QRENCODE m)
