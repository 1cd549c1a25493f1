# sound: calm music and chimes through PortAudio. The pure parts (ring, chime, mixer,
# synth, decoder, music) and the device and engine (device, audio).
# Layer 2: includes core/ and platform/.
pkg_check_modules(PORTAUDIO REQUIRED IMPORTED_TARGET portaudio-2.0)
pkg_check_modules(SNDFILE REQUIRED IMPORTED_TARGET sndfile)
pkg_check_modules(SAMPLERATE REQUIRED IMPORTED_TARGET samplerate)
pkg_check_modules(ALSA REQUIRED IMPORTED_TARGET alsa)
find_package(Threads REQUIRED)

add_library(nurture_sound STATIC
  console/sound/ring.c
  console/sound/chime.c
  console/sound/mixer.c
  console/sound/synth.c
  console/sound/decoder.c
  console/sound/music.c
  console/sound/device.c
  console/sound/audio.c
)
target_link_libraries(nurture_sound PUBLIC nurture_core PkgConfig::SNDFILE
                      PkgConfig::SAMPLERATE PkgConfig::PORTAUDIO PkgConfig::ALSA
                      Threads::Threads m)
