/* Erlang B and C (see erlang.h). */
#include <math.h>

#include "erlang.h"

double aw_erlang_b(double c, double a)
{
    if (!(a > 0))
        return 0.0;
    if (!(c >= 1))
        return 1.0;
    if (c > 20000)
        return fmax(0.0, 1.0 - c / a);
    double b = 1.0;
    for (double k = 1; k <= c; k++)
        b = a * b / (k + a * b);
    return b;
}

double aw_erlang_c(double c, double a)
{
    if (a >= c)
        return 1.0;
    double b = aw_erlang_b(c, a);
    return c * b / (c - a * (1.0 - b));
}
