/* Exponential and normal draws by the ziggurat method (Marsaglia and Tsang,
 * 2000): 256 layers of equal area under the density, the base one holding
 * the tail. A draw picks a layer and a point across it; inside the next
 * layer's width (99% of draws) it is the answer at once, with no logarithm;
 * otherwise ziggurat.c samples the wedge or the tail exactly. The layer
 * comes from the low 8 bits of one 64-bit number, the point from its top 53,
 * so the two are independent. */
#ifndef AW_SIM_ZIGGURAT_H
#define AW_SIM_ZIGGURAT_H

#include <stdint.h>

/* One density's layers: layer i spans x in [0, x[i]]; x[0] is the base's
 * width as if it were a rectangle of the layers' area, x[256] = 0; f[i] is
 * the density at x[i]; scale[i] = x[i] / 2^53; inner[i] = x[i+1] / x[i] as
 * a 53-bit fraction (a point below it lies under the density whatever its
 * height in the layer). */
typedef struct aw_zig {
    double x[257], f[257], scale[256];
    uint64_t inner[256];
} aw_zig;

extern aw_zig aw_zig_exp, aw_zig_normal;

/* Fills both tables; the first call does, any later one returns at once,
 * from any thread. */
void aw_zig_init(void);

/* The rare cases: u's point fell outside layer i's inner part. `next` draws
 * a fresh 64-bit number from the generator at `state`. */
double aw_zig_exp_slow(uint64_t u, uint64_t (*next)(void *), void *state);
double aw_zig_normal_slow(uint64_t u, uint64_t (*next)(void *), void *state);

#endif
