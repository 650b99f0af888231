/* The session table behind sign-in cookies: a fixed array under one lock,
 * ids from getrandom(), expiry on the monotonic clock. */
#define _DEFAULT_SOURCE      /* getrandom() */
#include "sessions.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

typedef struct S_entry {
    char id[AW_SESSION_ID_LEN + 1];
    double expires;             /* monotonic seconds; 0: a free slot */
} S_entry;

struct aw_sessions {
    pthread_mutex_t lock;
    unsigned ttl_s;
    unsigned max;
    S_entry *entries;
};

static double S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

aw_sessions *aw_sessions_new(unsigned ttl_s, unsigned max)
{
    aw_sessions *s = calloc(1, sizeof *s);
    if (!s || !(s->entries = calloc(max ? max : 1, sizeof *s->entries)))
        abort();
    pthread_mutex_init(&s->lock, NULL);
    s->ttl_s = ttl_s;
    s->max = max ? max : 1;
    return s;
}

void aw_sessions_free(aw_sessions *s)
{
    if (!s)
        return;
    pthread_mutex_destroy(&s->lock);
    free(s->entries);
    free(s);
}

unsigned aw_sessions_ttl(const aw_sessions *s)
{
    return s->ttl_s;
}

static bool S_random_id(char id[AW_SESSION_ID_LEN + 1])
{
    unsigned char raw[AW_SESSION_ID_LEN / 2];
    size_t got = 0;
    while (got < sizeof raw) {
        ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
        if (n <= 0)
            return false;
        got += (size_t)n;
    }
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof raw; i++) {
        id[2 * i] = hex[raw[i] >> 4];
        id[2 * i + 1] = hex[raw[i] & 15];
    }
    id[AW_SESSION_ID_LEN] = '\0';
    return true;
}

/* A free or expired slot, else the one closest to its end. */
static S_entry *S_slot(aw_sessions *s, double now)
{
    S_entry *pick = &s->entries[0];
    for (unsigned i = 0; i < s->max; i++) {
        if (s->entries[i].expires <= now)
            return &s->entries[i];
        if (s->entries[i].expires < pick->expires)
            pick = &s->entries[i];
    }
    return pick;
}

bool aw_sessions_open(aw_sessions *s, char id[AW_SESSION_ID_LEN + 1])
{
    if (!S_random_id(id))
        return false;
    pthread_mutex_lock(&s->lock);
    double now = S_now();
    S_entry *e = S_slot(s, now);
    memcpy(e->id, id, AW_SESSION_ID_LEN + 1);
    e->expires = now + s->ttl_s;
    pthread_mutex_unlock(&s->lock);
    return true;
}

/* Equal in time that depends only on the id length, not on where they differ. */
static bool S_same_id(const char *held, const char *given)
{
    unsigned char diff = 0;
    for (size_t i = 0; i < AW_SESSION_ID_LEN; i++)
        diff |= (unsigned char)held[i] ^ (unsigned char)given[i];
    return diff == 0;
}

/* The live entry id names, or NULL; called under the lock. */
static S_entry *S_find(aw_sessions *s, const char *id, double now)
{
    if (!id || strlen(id) != AW_SESSION_ID_LEN)
        return NULL;
    S_entry *found = NULL;
    for (unsigned i = 0; i < s->max; i++) {
        bool live = s->entries[i].expires > now;
        if (S_same_id(s->entries[i].id, id) && live)
            found = &s->entries[i];
    }
    return found;
}

bool aw_sessions_valid(aw_sessions *s, const char *id)
{
    pthread_mutex_lock(&s->lock);
    bool ok = S_find(s, id, S_now()) != NULL;
    pthread_mutex_unlock(&s->lock);
    return ok;
}

void aw_sessions_close(aw_sessions *s, const char *id)
{
    pthread_mutex_lock(&s->lock);
    S_entry *e = S_find(s, id, S_now());
    if (e)
        memset(e, 0, sizeof *e);
    pthread_mutex_unlock(&s->lock);
}
