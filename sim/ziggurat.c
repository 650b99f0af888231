/* The ziggurat's tables and its rare cases (see ziggurat.h). */
#include <math.h>
#include <pthread.h>

#include "ziggurat.h"

aw_zig aw_zig_exp, aw_zig_normal;

/* The rightmost layer edge r and the layers' common area v that make 256
 * layers end exactly at the density's top (Marsaglia and Tsang, table 1). */
#define S_EXP_R 7.69711747013104972
#define S_EXP_V 3.949659822581572e-3
#define S_NORMAL_R 3.6541528853610088
#define S_NORMAL_V 4.92867323399e-3

static double S_exp_f(double x)
{
    return exp(-x);
}

static double S_exp_inverse(double y)
{
    return -log(y);
}

static double S_normal_f(double x)
{
    return exp(-0.5 * x * x);
}

static double S_normal_inverse(double y)
{
    return sqrt(-2.0 * log(y));
}

/* Each layer above the base has area v: x[i] (f(x[i+1]) - f(x[i])) = v. */
static void S_build(aw_zig *z, double r, double v, double (*f)(double), double (*inverse)(double))
{
    z->x[0] = v / f(r);
    z->x[1] = r;
    for (int i = 1; i < 255; i++)
        z->x[i + 1] = inverse(f(z->x[i]) + v / z->x[i]);
    z->x[256] = 0.0;
    for (int i = 0; i <= 256; i++)
        z->f[i] = f(z->x[i]);
    for (int i = 0; i < 256; i++) {
        z->scale[i] = z->x[i] * 0x1p-53;
        z->inner[i] = (uint64_t)(z->x[i + 1] / z->x[i] * 0x1p53);
    }
}

static void S_init(void)
{
    S_build(&aw_zig_exp, S_EXP_R, S_EXP_V, S_exp_f, S_exp_inverse);
    S_build(&aw_zig_normal, S_NORMAL_R, S_NORMAL_V, S_normal_f, S_normal_inverse);
}

void aw_zig_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, S_init);
}

/* Uniform in (0, 1]: its logarithm is finite. */
static double S_open(uint64_t u)
{
    return (double)((u >> 11) + 1) * 0x1p-53;
}

/* Whether a point at x, in layer i's wedge, lies under the density:
 * a height drawn uniformly across the layer against f(x). */
static int S_under(const aw_zig *z, int i, double x, double (*f)(double), uint64_t u)
{
    double y = z->f[i] + (double)(u >> 11) * 0x1p-53 * (z->f[i + 1] - z->f[i]);
    return y < f(x);
}

double aw_zig_exp_slow(uint64_t u, uint64_t (*next)(void *), void *state)
{
    const aw_zig *z = &aw_zig_exp;
    for (;;) {
        int i = (int)(u & 0xff);
        if (u >> 11 < z->inner[i])
            return (double)(u >> 11) * z->scale[i];
        if (i == 0)     /* the tail beyond r: r plus an exponential, as it has no memory */
            return S_EXP_R - log(S_open(next(state)));
        double x = (double)(u >> 11) * z->scale[i];
        if (S_under(z, i, x, S_exp_f, next(state)))
            return x;
        u = next(state);
    }
}

double aw_zig_normal_slow(uint64_t u, uint64_t (*next)(void *), void *state)
{
    const aw_zig *z = &aw_zig_normal;
    for (;;) {
        int i = (int)(u & 0xff);
        double sign = u & 0x100 ? -1.0 : 1.0;
        if (u >> 11 < z->inner[i])
            return sign * (double)(u >> 11) * z->scale[i];
        if (i == 0) {   /* the tail beyond r (Marsaglia, 1964) */
            double x, y;
            do {
                x = -log(S_open(next(state))) / S_NORMAL_R;
                y = -log(S_open(next(state)));
            } while (2.0 * y < x * x);
            return sign * (S_NORMAL_R + x);
        }
        double x = (double)(u >> 11) * z->scale[i];
        if (S_under(z, i, x, S_normal_f, next(state)))
            return sign * x;
        u = next(state);
    }
}
