# app: the program itself. The main loop that owns the session and wires the screen,
# the sound and the remote together (app), the terminal view (textview), main().
# Layer 3: may include every other folder.
add_library(nurture_app STATIC
  console/app/app.c
  console/app/textview.c
)
target_link_libraries(nurture_app PUBLIC nurture_core nurture_screen nurture_sound
                      nurture_remote)

add_executable(nurture console/app/main.c)
target_compile_definitions(nurture PRIVATE NURTURE_VERSION="${PROJECT_VERSION}")
target_link_libraries(nurture PRIVATE nurture_app)
install(TARGETS nurture RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
