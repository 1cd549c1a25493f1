/* synth.c: see synth.h.
 *
 * Time is counted in frames; the composer wakes on every eighth note (a "tick") and
 * decides chords and melody notes; the voices then render until the next tick. Voices
 * are fixed pools of slots, so rendering never allocates. Oscillators are 32-bit phase
 * accumulators into one sine table with linear interpolation (cheap on a Pi). */
#include "sound/synth.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/units.h"

#define TABLE_BITS 12
#define TABLE_SIZE (1 << TABLE_BITS)
#define FRAC_BITS  (32 - TABLE_BITS)

#define PAD_SLOTS     12
#define MELODY_SLOTS  4
#define OSC_PER_VOICE 3
#define PHRASE_MAX    32 /* notes in a phrase, at most one per tick */

#define PAD_FADE_S       3.0
#define PAD_LEVEL        0.100f
#define BASS_LEVEL       0.160f
#define MELODY_LEVEL     0.170f
#define MELODY_ATTACK_S  0.12
#define MELODY_DECAY_S   4.0 /* the held note sinks towards 60% with this time constant */
#define MELODY_RELEASE_S 0.9
#define LOWPASS_HZ       2400.0
#define REVERB_WET       0.22f
#define SYNTH_KNEE       0.5f

/* Semitones of the major pentatonic scale. */
static const int pentatonic[5] = {0, 2, 4, 7, 9};

/* Gentle diatonic chords as pitch classes above the key, and where they may go next. */
typedef struct chord {
    int pcs[4];
    int next[4]; /* indices into chords[], -1 ends the list */
} chord;

enum { CH_I, CH_IV, CH_VI, CH_II, CH_V, CH_III, CH_COUNT };
static const chord chords[CH_COUNT] = {
    [CH_I] = {{0, 4, 7, 2}, {CH_IV, CH_VI, CH_II, CH_III}}, /* I add9 */
    [CH_IV] = {{5, 9, 0, 4}, {CH_I, CH_VI, CH_II, CH_V}},   /* IV maj7 */
    [CH_VI] = {{9, 0, 4, 7}, {CH_IV, CH_II, CH_I, -1}},     /* vi 7 */
    [CH_II] = {{2, 5, 9, 0}, {CH_V, CH_IV, CH_I, -1}},      /* ii 7 */
    [CH_V] = {{7, 11, 2, 4}, {CH_I, CH_VI, CH_IV, -1}},     /* V 6 */
    [CH_III] = {{4, 7, 11, 2}, {CH_VI, CH_IV, -1, -1}},     /* iii 7 */
};

/* A sustained voice: pad tone, bass, or melody note. */
typedef struct voice {
    bool on;
    int midi;
    uint32_t phase[OSC_PER_VOICE], inc[OSC_PER_VOICE];
    float amp[OSC_PER_VOICE];
    float env, target;
    float rise, fall; /* per-frame envelope steps (linear) or factors (melody) */
    float level;      /* peak level */
    float pan_l, pan_r;
    uint32_t lfo_phase, lfo_inc;
    float lfo_depth;
    uint32_t hold; /* melody: frames until release */
    bool melody;
} voice;

typedef struct phrase_note {
    int start, len; /* ticks from the phrase start */
    int midi;
} phrase_note;

/* A small Freeverb-like reverb: parallel damped combs into series allpasses. */
#define COMBS     4
#define ALLPASSES 2
typedef struct delay_line {
    float *buf;
    size_t len, pos;
    float store;
} delay_line;

struct synth {
    int rate;
    uint64_t rng;
    float *table; /* TABLE_SIZE + 1 entries */
    voice pad[PAD_SLOTS];
    voice mel[MELODY_SLOTS];

    /* composer */
    double tick_frames, until_tick; /* frames per eighth note; frames left to next tick */
    long tick;                      /* ticks since start */
    int key;                        /* pitch class of the tonic */
    int chords_to_modulate;         /* chord changes before the key moves */
    int chord, chord_bars_left;
    int degree; /* melody position on the scale, 0 = the tonic around C5 */
    phrase_note phrase[PHRASE_MAX];
    int phrase_len, phrase_notes, phrase_pos; /* in ticks; notes; ticks done */
    int prev_rhythm[PHRASE_MAX], prev_rhythm_n, prev_phrase_len;
    synth_note_fn note_log;
    void *note_ctx;

    /* effects */
    delay_line comb[2][COMBS], allpass[2][ALLPASSES];
    float lp_coef, lp_state[2];
};

/* --- Random numbers: xorshift64*, seeded through splitmix64 ------------------------- */

static uint64_t splitmix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

static uint64_t rnd(synth *s)
{
    s->rng ^= s->rng >> 12;
    s->rng ^= s->rng << 25;
    s->rng ^= s->rng >> 27;
    return s->rng * 0x2545F4914F6CDD1Dull;
}

static int rnd_int(synth *s, int n) /* 0 .. n-1 */
{
    return (int)((rnd(s) >> 33) % (uint64_t)n);
}

static float rnd_unit(synth *s) /* [0, 1) */
{
    return (float)((rnd(s) >> 40) * (1.0 / 16777216.0));
}

/* --- Oscillators ---------------------------------------------------------------------- */

static double midi_hz(double midi)
{
    return 440.0 * pow(2.0, (midi - 69.0) / 12.0);
}

static uint32_t phase_inc(const synth *s, double hz)
{
    return (uint32_t)(hz / s->rate * 4294967296.0);
}

static float table_sin(const synth *s, uint32_t phase)
{
    uint32_t i = phase >> FRAC_BITS;
    float frac = (float)(phase & ((1u << FRAC_BITS) - 1)) * (1.0f / (float)(1u << FRAC_BITS));
    return s->table[i] + (s->table[i + 1] - s->table[i]) * frac;
}

/* --- Voices ----------------------------------------------------------------------------- */

static voice *free_slot(voice *pool, int n)
{
    voice *quietest = &pool[0];
    for (int i = 0; i < n; i++) {
        if (!pool[i].on) return &pool[i];
        if (pool[i].target == 0 && pool[i].env < quietest->env) quietest = &pool[i];
    }
    return quietest->target == 0 ? quietest : NULL;
}

static void start_pad(synth *s, int midi, float level, float pan)
{
    for (int i = 0; i < PAD_SLOTS; i++) { /* a common tone of two chords sustains */
        voice *v = &s->pad[i];
        if (v->on && v->midi == midi) {
            v->target = 1;
            return;
        }
    }
    voice *v = free_slot(s->pad, PAD_SLOTS);
    if (!v) return;
    memset(v, 0, sizeof(*v));
    v->on = true;
    v->midi = midi;
    double hz = midi_hz(midi);
    double cents = 3.0 + 2.0 * rnd_unit(s);
    v->inc[0] = phase_inc(s, hz * pow(2.0, -cents / 1200.0));
    v->inc[1] = phase_inc(s, hz * pow(2.0, cents / 1200.0));
    v->inc[2] = phase_inc(s, hz * 2.0);
    v->amp[0] = v->amp[1] = 0.5f;
    v->amp[2] = midi < 48 ? 0.25f : 0.10f;
    for (int o = 0; o < OSC_PER_VOICE; o++)
        v->phase[o] = (uint32_t)rnd(s);
    v->target = 1;
    v->rise = v->fall = (float)(1.0 / (PAD_FADE_S * s->rate));
    v->level = level;
    v->pan_l = sqrtf(0.5f - 0.5f * pan);
    v->pan_r = sqrtf(0.5f + 0.5f * pan);
    v->lfo_phase = (uint32_t)rnd(s);
    v->lfo_inc = phase_inc(s, 0.04 + 0.07 * rnd_unit(s));
    v->lfo_depth = 0.25f;
}

static void start_melody(synth *s, int midi, int ticks)
{
    voice *v = free_slot(s->mel, MELODY_SLOTS);
    if (!v) { /* every slot sounds: take the quietest, released ones first */
        v = &s->mel[0];
        for (int i = 1; i < MELODY_SLOTS; i++) {
            const voice *w = &s->mel[i];
            if ((w->hold == 0) > (v->hold == 0) ||
                ((w->hold == 0) == (v->hold == 0) && w->env < v->env))
                v = &s->mel[i];
        }
    }
    memset(v, 0, sizeof(*v));
    v->on = v->melody = true;
    v->midi = midi;
    double hz = midi_hz(midi);
    v->inc[0] = phase_inc(s, hz);
    v->inc[1] = phase_inc(s, hz * 2.0);
    v->inc[2] = phase_inc(s, hz * 3.0);
    v->amp[0] = 1.0f;
    v->amp[1] = 0.18f;
    v->amp[2] = 0.05f;
    v->target = 1;
    v->rise = (float)(1.0 / (MELODY_ATTACK_S * s->rate));
    v->fall = (float)exp(-1.0 / (MELODY_RELEASE_S / 4.6 * s->rate)); /* -40 dB */
    v->level = MELODY_LEVEL * (0.75f + 0.25f * rnd_unit(s));
    float pan = 0.3f * (rnd_unit(s) - 0.5f);
    v->pan_l = sqrtf(0.5f - 0.5f * pan);
    v->pan_r = sqrtf(0.5f + 0.5f * pan);
    v->lfo_inc = phase_inc(s, 4.5); /* a faint vibrato-like shimmer in amplitude */
    v->lfo_depth = 0.03f;
    v->hold = (uint32_t)(ticks * s->tick_frames * 0.92);
}

/* Advance a voice's envelope by one frame; returns its gain, 0 once it has ended. */
static float envelope(voice *v, float sink)
{
    if (v->melody) {
        if (v->hold) {
            v->hold--;
            if (v->env < v->target)
                v->env = v->env + v->rise < v->target ? v->env + v->rise : v->target;
            else
                v->env = 0.6f + (v->env - 0.6f) * sink;
        } else {
            v->env *= v->fall;
            if (v->env < 1e-4f) v->on = false;
        }
    } else if (v->env < v->target) {
        v->env = v->env + v->rise < v->target ? v->env + v->rise : v->target;
    } else if (v->env > v->target) {
        v->env = v->env - v->fall > v->target ? v->env - v->fall : v->target;
        if (v->env <= 0) v->on = false;
    }
    return v->on ? v->env : 0;
}

static void render_voices(synth *s, voice *pool, int n, float *out, size_t frames)
{
    float sink = (float)exp(-1.0 / (MELODY_DECAY_S * s->rate));
    for (int i = 0; i < n; i++) {
        voice *v = &pool[i];
        for (size_t f = 0; f < frames && v->on; f++) {
            float e = envelope(v, sink);
            float x = 0;
            for (int o = 0; o < OSC_PER_VOICE; o++) {
                x += v->amp[o] * table_sin(s, v->phase[o]);
                v->phase[o] += v->inc[o];
            }
            float lfo = 1.0f - v->lfo_depth * (0.5f + 0.5f * table_sin(s, v->lfo_phase));
            v->lfo_phase += v->lfo_inc;
            x *= e * v->level * lfo;
            out[2 * f] += x * v->pan_l;
            out[2 * f + 1] += x * v->pan_r;
        }
    }
}

/* --- The composer ------------------------------------------------------------------------ */

static int chord_pick(synth *s, int from)
{
    int n = 0;
    while (n < 4 && chords[from].next[n] >= 0)
        n++;
    /* earlier entries are likelier: weights n, n-1, ..., 1 */
    int total = n * (n + 1) / 2, r = rnd_int(s, total);
    for (int i = 0; i < n; i++) {
        r -= n - i;
        if (r < 0) return chords[from].next[i];
    }
    return chords[from].next[0];
}

static void set_chord(synth *s, int c)
{
    s->chord = c;
    int pcs[4];
    for (int i = 0; i < 4; i++)
        pcs[i] = (chords[c].pcs[i] + s->key) % 12;
    for (int i = 0; i < PAD_SLOTS; i++)
        s->pad[i].target = 0;
    for (int i = 0; i < 4; i++) { /* close voicing from G3 up */
        int midi = 55 + ((pcs[i] - 55) % 12 + 12) % 12;
        start_pad(s, midi, PAD_LEVEL, i % 2 ? 0.35f : -0.35f);
    }
    int bass = 36 + ((pcs[0] - 36) % 12 + 12) % 12;
    start_pad(s, bass, BASS_LEVEL, 0);
}

static int degree_midi(const synth *s, int degree)
{
    int oct = degree >= 0 ? degree / 5 : -((-degree + 4) / 5);
    int idx = degree - oct * 5;
    int base = 72 + (s->key > 6 ? s->key - 12 : s->key); /* the tonic near C5 */
    return base + 12 * oct + pentatonic[idx];
}

static bool in_chord(const synth *s, int midi)
{
    int pc = ((midi - s->key) % 12 + 12) % 12;
    for (int i = 0; i < 3; i++) /* root, third, fifth: the restful tones */
        if (chords[s->chord].pcs[i] == pc) return true;
    return false;
}

static int walk(synth *s, int degree)
{
    static const int steps[] = {-2, -1, -1, -1, 0, 1, 1, 1, 2, -3, 3};
    int d = degree + steps[rnd_int(s, (int)(sizeof steps / sizeof steps[0]))];
    if (d < 0 && rnd_int(s, 2)) d++; /* lean back towards the middle */
    if (d > 4 && rnd_int(s, 2)) d--;
    if (d < -3) d = -3 + rnd_int(s, 2);
    if (d > 6) d = 6 - rnd_int(s, 2);
    return d;
}

static void compose_phrase(synth *s)
{
    s->phrase_len = rnd_int(s, 3) ? 16 : 32;
    s->phrase_pos = 0;
    s->phrase_notes = 0;
    if (rnd_int(s, 7) == 0) { /* a phrase left to the pad, to breathe */
        s->prev_rhythm_n = 0;
        return;
    }
    static const int lengths[] = {2, 2, 2, 3, 4, 4, 6};
    int rhythm[PHRASE_MAX], n = 0;
    int start = rnd_int(s, 3) == 0 ? 1 : 0; /* sometimes a pickup */
    int room = s->phrase_len - 2 - rnd_int(s, 4);
    if (s->prev_rhythm_n && s->prev_phrase_len == s->phrase_len && rnd_int(s, 3) == 0) {
        n = s->prev_rhythm_n; /* echo the last rhythm with new notes */
        memcpy(rhythm, s->prev_rhythm, sizeof(int) * (size_t)n);
        start = 0;
    } else {
        for (int t = start; n < PHRASE_MAX;) {
            int len = lengths[rnd_int(s, (int)(sizeof lengths / sizeof lengths[0]))];
            if (t + len > room) break;
            rhythm[n++] = len;
            t += len;
        }
        if (n && room > 0) { /* the last note takes what is left: a held ending */
            int used = start;
            for (int i = 0; i < n - 1; i++)
                used += rhythm[i];
            rhythm[n - 1] = room - used;
        }
    }
    int t = start;
    for (int i = 0; i < n; i++) {
        s->degree = walk(s, s->degree);
        int midi = degree_midi(s, s->degree);
        if (i == n - 1) { /* end on a chord tone nearby */
            for (int d = 0; d <= 2 && !in_chord(s, midi); d++) {
                int up = degree_midi(s, s->degree + d), down = degree_midi(s, s->degree - d);
                if (in_chord(s, down)) {
                    s->degree -= d;
                    midi = down;
                } else if (in_chord(s, up)) {
                    s->degree += d;
                    midi = up;
                }
            }
        }
        s->phrase[s->phrase_notes++] = (phrase_note){.start = t, .len = rhythm[i], .midi = midi};
        t += rhythm[i];
    }
    memcpy(s->prev_rhythm, rhythm, sizeof(int) * (size_t)n);
    s->prev_rhythm_n = n;
    s->prev_phrase_len = s->phrase_len;
}

/* One eighth note of composing: chords on bar lines, melody notes as phrased. */
static void on_tick(synth *s, bool sound)
{
    if (s->tick % 8 == 0) {
        if (--s->chord_bars_left <= 0) {
            if (--s->chords_to_modulate <= 0) { /* a fourth or a fifth away, from its I */
                s->key = (s->key + (rnd_int(s, 2) ? 5 : 7)) % 12;
                s->chords_to_modulate = 16 + rnd_int(s, 16);
                if (sound) set_chord(s, CH_I);
                s->chord = CH_I;
            } else {
                int c = chord_pick(s, s->chord);
                if (sound) set_chord(s, c);
                s->chord = c;
            }
            s->chord_bars_left = rnd_int(s, 4) ? 2 : 4;
        }
        if (s->phrase_pos >= s->phrase_len) compose_phrase(s);
    }
    for (int i = 0; i < s->phrase_notes; i++) {
        const phrase_note *n = &s->phrase[i];
        if (n->start != s->phrase_pos) continue;
        if (sound) start_melody(s, n->midi, n->len);
        if (s->note_log) s->note_log(s->note_ctx, n->midi, n->len);
    }
    s->phrase_pos++;
    s->tick++;
}

/* --- Effects ------------------------------------------------------------------------------ */

static int line_init(delay_line *d, size_t len)
{
    d->buf = calloc(len, sizeof(float));
    d->len = len;
    return d->buf ? 0 : -1;
}

static float comb(delay_line *d, float in)
{
    float out = d->buf[d->pos];
    d->store = out * 0.7f + d->store * 0.3f; /* damping: the tail darkens */
    d->buf[d->pos] = in + d->store * 0.78f;
    if (++d->pos == d->len) d->pos = 0;
    return out;
}

static float allpass(delay_line *d, float in)
{
    float b = d->buf[d->pos];
    d->buf[d->pos] = in + b * 0.5f;
    if (++d->pos == d->len) d->pos = 0;
    return b - in;
}

/* Round off the rare peak above SYNTH_KNEE so the output stays under SYNTH_PEAK. */
static float soft_peak(float x)
{
    float a = fabsf(x);
    if (a <= SYNTH_KNEE) return x;
    float room = SYNTH_PEAK - SYNTH_KNEE;
    float y = SYNTH_KNEE + room * tanhf((a - SYNTH_KNEE) / room);
    return x < 0 ? -y : y;
}

static void effects(synth *s, float *out, size_t frames)
{
    for (size_t f = 0; f < frames; f++) {
        float in = (out[2 * f] + out[2 * f + 1]) * 0.5f * 0.2f;
        for (int ch = 0; ch < 2; ch++) {
            float wet = 0;
            for (int c = 0; c < COMBS; c++)
                wet += comb(&s->comb[ch][c], in);
            for (int a = 0; a < ALLPASSES; a++)
                wet = allpass(&s->allpass[ch][a], wet);
            float x = out[2 * f + ch] * (1.0f - REVERB_WET) + wet * REVERB_WET * 2.0f;
            s->lp_state[ch] += s->lp_coef * (x - s->lp_state[ch]);
            out[2 * f + ch] = soft_peak(s->lp_state[ch]);
        }
    }
}

/* --- Public ----------------------------------------------------------------------------------- */

synth *synth_create(int rate, uint64_t seed)
{
    synth *s = calloc(1, sizeof(*s));
    if (!s) return NULL;
    s->rate = rate;
    s->rng = splitmix(seed) | 1;
    s->table = malloc((TABLE_SIZE + 1) * sizeof(float));
    if (!s->table) goto fail;
    for (int i = 0; i <= TABLE_SIZE; i++)
        s->table[i] = (float)sin(TAU * i / TABLE_SIZE);
    /* Freeverb's tunings (at 44.1 kHz), scaled; the right channel a little longer */
    static const int comb_len[COMBS] = {1116, 1277, 1422, 1557};
    static const int ap_len[ALLPASSES] = {556, 341};
    double scale = rate / 44100.0;
    for (int ch = 0; ch < 2; ch++) {
        for (int c = 0; c < COMBS; c++)
            if (line_init(&s->comb[ch][c], (size_t)((comb_len[c] + 23 * ch) * scale))) goto fail;
        for (int a = 0; a < ALLPASSES; a++)
            if (line_init(&s->allpass[ch][a], (size_t)((ap_len[a] + 23 * ch) * scale))) goto fail;
    }
    s->lp_coef = (float)(1.0 - exp(-TAU * LOWPASS_HZ / rate));
    s->tick_frames = rate * 60.0 / SYNTH_BPM / 2.0;
    s->key = rnd_int(s, 12);
    s->chords_to_modulate = 16 + rnd_int(s, 16);
    s->chord_bars_left = 1; /* the first tick sets the chord */
    s->chord = CH_V;        /* so the music opens on I, vi or IV */
    return s;
fail:
    synth_destroy(s);
    return NULL;
}

void synth_destroy(synth *s)
{
    if (!s) return;
    for (int ch = 0; ch < 2; ch++) {
        for (int c = 0; c < COMBS; c++)
            free(s->comb[ch][c].buf);
        for (int a = 0; a < ALLPASSES; a++)
            free(s->allpass[ch][a].buf);
    }
    free(s->table);
    free(s);
}

void synth_render(synth *s, float *out, size_t frames)
{
    memset(out, 0, 2 * frames * sizeof(float));
    float *p = out;
    size_t left = frames;
    while (left) {
        if (s->until_tick <= 0) {
            on_tick(s, true);
            s->until_tick += s->tick_frames;
        }
        size_t n = (size_t)ceil(s->until_tick);
        if (n > left) n = left;
        render_voices(s, s->pad, PAD_SLOTS, p, n);
        render_voices(s, s->mel, MELODY_SLOTS, p, n);
        s->until_tick -= (double)n;
        p += 2 * n;
        left -= n;
    }
    effects(s, out, frames);
}

void synth_set_note_log(synth *s, synth_note_fn fn, void *ctx)
{
    s->note_log = fn;
    s->note_ctx = ctx;
}

void synth_compose(synth *s, int bars)
{
    for (int i = 0; i < bars * 8; i++)
        on_tick(s, false);
}
