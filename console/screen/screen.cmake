# screen: the projector. SDL2 window, SDL_ttf text, SDL_image for PNG frames and the
# body art, expat to move an art file's canvas to a part's box, libqrencode for the
# join code, Xlib to ask X whether a window manager runs. Layer 2: includes core/ and platform/.
pkg_check_modules(SDL2_TTF REQUIRED IMPORTED_TARGET SDL2_ttf)
pkg_check_modules(SDL2_IMAGE REQUIRED IMPORTED_TARGET SDL2_image)
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
pkg_check_modules(EXPAT REQUIRED IMPORTED_TARGET expat)
pkg_check_modules(X11 REQUIRED IMPORTED_TARGET x11)
add_library(nurture_screen STATIC
  console/screen/draw.c
  console/screen/theme.c
  console/screen/text.c
  console/screen/qr.c
  console/screen/anim.c
  console/screen/art.c
  console/screen/body.c
  console/screen/scene.c
  console/screen/display.c
)
target_link_libraries(nurture_screen PUBLIC nurture_core PkgConfig::SDL2 PkgConfig::SDL2_TTF
                      PkgConfig::SDL2_IMAGE PkgConfig::QRENCODE PkgConfig::EXPAT
                      PkgConfig::X11 m)
