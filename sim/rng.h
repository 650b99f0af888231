/* The simulator's random numbers: xoshiro256** seeded through splitmix64,
 * so that the same seed gives the same run on every machine; exponential
 * and normal draws by the ziggurat (ziggurat.h). */
#ifndef AW_SIM_RNG_H
#define AW_SIM_RNG_H

#include <stdint.h>

#include "ziggurat.h"

typedef struct aw_rng {
    uint64_t s[4];
} aw_rng;

static inline uint64_t aw_rng_splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline void aw_rng_seed(aw_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = aw_rng_splitmix(&seed);
    aw_zig_init();
}

static inline uint64_t aw_rng_next(aw_rng *r)
{
    uint64_t *s = r->s;
    uint64_t x = s[1] * 5, result = ((x << 7) | (x >> 57)) * 9, t = s[1] << 17;
    s[2] ^= s[0], s[3] ^= s[1], s[1] ^= s[2], s[0] ^= s[3], s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return result;
}

/* Uniform in [0, 1), 53 bits. */
static inline double aw_rng_uniform(aw_rng *r)
{
    return (double)(aw_rng_next(r) >> 11) * 0x1.0p-53;
}

/* The generator for the ziggurat's rare cases. */
static inline uint64_t aw_rng_next_of(void *r)
{
    return aw_rng_next(r);
}

/* Exponential with the given mean. */
static inline double aw_rng_exp(aw_rng *r, double mean)
{
    uint64_t u = aw_rng_next(r);
    unsigned i = (unsigned)(u & 0xff);
    if (u >> 11 < aw_zig_exp.inner[i])
        return mean * ((double)(u >> 11) * aw_zig_exp.scale[i]);
    return mean * aw_zig_exp_slow(u, aw_rng_next_of, r);
}

/* Standard normal. */
static inline double aw_rng_normal(aw_rng *r)
{
    uint64_t u = aw_rng_next(r);
    unsigned i = (unsigned)(u & 0xff);
    if (u >> 11 < aw_zig_normal.inner[i])
        return (u & 0x100 ? -1.0 : 1.0) * ((double)(u >> 11) * aw_zig_normal.scale[i]);
    return aw_zig_normal_slow(u, aw_rng_next_of, r);
}

/* Uniform integer in [0, n), n > 0 (Lemire's multiply; the bias is below
 * 2^-32 for the sizes used here). */
static inline uint64_t aw_rng_below(aw_rng *r, uint64_t n)
{
    return (uint64_t)(((unsigned __int128)aw_rng_next(r) * n) >> 64);
}

#endif
