# The sound: calm music and chimes through PortAudio (console/audio.h).
pkg_check_modules(PORTAUDIO REQUIRED IMPORTED_TARGET portaudio-2.0)
pkg_check_modules(SNDFILE REQUIRED IMPORTED_TARGET sndfile)
pkg_check_modules(SAMPLERATE REQUIRED IMPORTED_TARGET samplerate)
pkg_check_modules(ALSA REQUIRED IMPORTED_TARGET alsa)
find_package(Threads REQUIRED)

# The pure parts and the music thread, in a library of their own that tests link.
add_library(nurture_sound STATIC
  console/ring.c
  console/chime.c
  console/mixer.c
  console/synth.c
  console/decoder.c
  console/music.c
)
target_include_directories(nurture_sound PUBLIC console)
target_link_libraries(nurture_sound PUBLIC PkgConfig::SNDFILE PkgConfig::SAMPLERATE
                      Threads::Threads m)

target_sources(nurture_io PRIVATE console/device.c)
target_link_libraries(nurture_io PUBLIC nurture_sound PkgConfig::PORTAUDIO PkgConfig::ALSA)
