/* Price lists for `archway cost` and the simulator: read from the JSON data
 * file built into the program (sim/prices.json) or from --prices FILE, and
 * the tiered arithmetic every metered price shares. */
#ifndef AW_COST_PRICES_H
#define AW_COST_PRICES_H

#include <stdbool.h>
#include <stddef.h>

#include "../compiler/diag.h"
#include "../ir/arena.h"

/* The metered prices a region lists, in the order reports print them. */
typedef enum aw_meter {
    AW_METER_HTTP_REQUESTS,
    AW_METER_REST_REQUESTS,
    AW_METER_WS_MESSAGES,
    AW_METER_WS_MINUTES,
    AW_METER_LAMBDA_REQUESTS,
    AW_METER_LAMBDA_X86,
    AW_METER_LAMBDA_ARM,
    AW_METER_PROVISIONED_X86,
    AW_METER_PROVISIONED_ARM,
    AW_METER_PROVISIONED_DURATION_X86,
    AW_METER_PROVISIONED_DURATION_ARM,
    AW_METER_DATA_OUT,
    AW_METER_COUNT
} aw_meter;

typedef struct aw_price_tier {
    double up_to;               /* cumulative monthly quantity where the tier ends; INFINITY on the last */
    double price;               /* per `per` units */
} aw_price_tier;

typedef struct aw_metered_price {
    bool present;
    const aw_price_tier *tiers;
    size_t tier_count;
    double per;                 /* units a price is quoted for: 1,000,000 requests, 1 GB-second */
    double increment_kb;        /* a request is metered per started increment; 0: not by size */
    double free_quantity;       /* monthly free allowance; 0: none */
    int free_months;            /* 0: always free; else only in an account's first months */
    const char *free_pool;      /* meters sharing one allowance (Lambda x86 and Arm); NULL: its own */
    const char *source;         /* URL of the page the price was read from */
} aw_metered_price;

typedef struct aw_cache_price {
    double size_gb;
    double hourly;
} aw_cache_price;

typedef struct aw_region_prices {
    const char *region;
    aw_metered_price meters[AW_METER_COUNT];
    const aw_cache_price *cache;     /* REST cache sizes, ascending */
    size_t cache_count;
    const char *cache_source;
} aw_region_prices;

/* A price list. Everything in it lives in its arena; diags holds what was
 * wrong with the file (file:line:column), printed by the caller. */
typedef struct aw_price_list {
    aw_arena arena;
    aw_diags diags;
    const char *file;           /* as given, or "built-in prices" */
    const char *taken;          /* date the prices were read, YYYY-MM-DD */
    const char *currency;
    aw_region_prices *regions;
    size_t region_count;
} aw_price_list;

/* Each loader initialises *list and returns true when it holds a usable
 * price list; false with the reasons in list->diags. Release the list with
 * aw_price_list_free() in either case. */
bool aw_price_list_load_builtin(aw_price_list *list);
bool aw_price_list_load_file(aw_price_list *list, const char *path);
bool aw_price_list_load_text(aw_price_list *list, const char *file, const char *text, size_t len);
void aw_price_list_free(aw_price_list *list);

/* The prices of one region; NULL when the list has none. */
const aw_region_prices *aw_price_list_region(const aw_price_list *list, const char *region);
/* The hourly price of a cache of this size (within 0.05 GB); NULL if unlisted. */
const aw_cache_price *aw_price_list_cache(const aw_region_prices *r, double size_gb);

/* The name of a meter in price files and JSON reports ("httpRequests"). */
const char *aw_meter_key(aw_meter m);

/* One stretch of a tiered charge: quantity units at one price. */
typedef struct aw_tier_span {
    double quantity;
    double price;               /* per m->per units; 0 for the free allowance */
    double cost;
    bool free;                  /* taken from the free allowance */
} aw_tier_span;

/* Splits `quantity` units, billed after `used` units already billed this
 * month on the same meter (and `free_left` units of free allowance still
 * open; 0 for none), into at most max spans by tier. Returns the number of
 * spans written; *free_left is reduced by what the charge took. */
size_t aw_tiered_spans(const aw_metered_price *m, double used, double quantity, double *free_left,
                       aw_tier_span *spans, size_t max);

#endif
