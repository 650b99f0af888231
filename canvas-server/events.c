/* The change stream: server-sent events per diagram. Each open stream is a
 * subscriber with a queue of bytes not yet sent; its connection is
 * suspended while the queue is empty, and a publisher (a save, a
 * keep-alive, shutdown) resumes it. One lock guards the subscriber list,
 * the queues and the suspended flags, so a resume is never lost. */
#include "events.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../ir/strbuf.h"

/* A stream that falls this far behind (a client that stopped reading) is
 * ended rather than allowed to grow without bound. */
#define S_MAX_QUEUE (256u * 1024u)

typedef struct subscriber {
    struct subscriber *next;
    aw_events *hub;
    struct MHD_Connection *conn;
    int64_t diagram;
    aw_strbuf queue;
    size_t sent;                /* bytes of queue already sent */
    bool suspended;
    bool ended;
} subscriber;

struct aw_events {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    subscriber *subs;
    unsigned open, max_streams;
    unsigned keepalive_s;
    bool stopping;
    pthread_t ticker;
};

/* Resumes a suspended subscriber; called with the lock held. */
static void S_wake(subscriber *s)
{
    if (s->suspended) {
        s->suspended = false;
        MHD_resume_connection(s->conn);
    }
}

static void S_enqueue(subscriber *s, const char *text)
{
    if (s->queue.len - s->sent + strlen(text) > S_MAX_QUEUE)
        s->ended = true;
    else
        aw_strbuf_puts(&s->queue, text);
    S_wake(s);
}

/* Comment lines keep idle streams open through proxies and tell a client
 * that the server is still there. */
static void *S_tick(void *arg)
{
    aw_events *ev = arg;
    pthread_mutex_lock(&ev->lock);
    while (!ev->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += ev->keepalive_s;
        pthread_cond_timedwait(&ev->wake, &ev->lock, &until);
        for (subscriber *s = ev->subs; s && !ev->stopping; s = s->next)
            S_enqueue(s, ": keep-alive\n\n");
    }
    pthread_mutex_unlock(&ev->lock);
    return NULL;
}

aw_events *aw_events_new(unsigned keepalive_s, unsigned max_streams)
{
    aw_events *ev = calloc(1, sizeof *ev);
    if (!ev)
        abort();
    pthread_mutex_init(&ev->lock, NULL);
    pthread_cond_init(&ev->wake, NULL);
    ev->keepalive_s = keepalive_s ? keepalive_s : 15;
    ev->max_streams = max_streams;
    pthread_create(&ev->ticker, NULL, S_tick, ev);
    return ev;
}

void aw_events_publish(aw_events *ev, int64_t diagram, const char *type, const char *data)
{
    char head[64];
    snprintf(head, sizeof head, "event: %s\ndata: ", type);
    pthread_mutex_lock(&ev->lock);
    for (subscriber *s = ev->subs; s; s = s->next) {
        if (s->diagram != diagram)
            continue;
        S_enqueue(s, head);
        S_enqueue(s, data);
        S_enqueue(s, "\n\n");
    }
    pthread_mutex_unlock(&ev->lock);
}

/* Hands MHD what is queued; with nothing queued, suspends the connection
 * until a publisher resumes it (the pattern microhttpd.h prescribes). */
static ssize_t S_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    subscriber *s = cls;
    pthread_mutex_lock(&s->hub->lock);
    ssize_t n = 0;
    size_t pending = s->queue.len - s->sent;
    if (pending) {
        n = (ssize_t)(pending < max ? pending : max);
        memcpy(buf, s->queue.data + s->sent, (size_t)n);
        s->sent += (size_t)n;
        if (s->sent == s->queue.len) {
            s->queue.len = 0;
            s->sent = 0;
        }
    } else if (s->ended) {
        n = MHD_CONTENT_READER_END_OF_STREAM;
    } else {
        s->suspended = true;
        MHD_suspend_connection(s->conn);
    }
    pthread_mutex_unlock(&s->hub->lock);
    return n;
}

static void S_free(void *cls)
{
    subscriber *s = cls;
    aw_events *ev = s->hub;
    pthread_mutex_lock(&ev->lock);
    for (subscriber **p = &ev->subs; *p; p = &(*p)->next)
        if (*p == s) {
            *p = s->next;
            break;
        }
    ev->open--;
    pthread_mutex_unlock(&ev->lock);
    aw_strbuf_free(&s->queue);
    free(s);
}

struct MHD_Response *aw_events_stream(aw_events *ev, struct MHD_Connection *connection, int64_t diagram,
                                      const char *hello_data)
{
    pthread_mutex_lock(&ev->lock);
    if (ev->open >= ev->max_streams || ev->stopping) {
        pthread_mutex_unlock(&ev->lock);
        return NULL;
    }
    subscriber *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    *s = (subscriber){.hub = ev, .conn = connection, .diagram = diagram};
    aw_strbuf_puts(&s->queue, "retry: 3000\n\nevent: hello\ndata: ");
    aw_strbuf_puts(&s->queue, hello_data);
    aw_strbuf_puts(&s->queue, "\n\n");
    struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, S_read, s, S_free);
    if (!r) {
        pthread_mutex_unlock(&ev->lock);
        aw_strbuf_free(&s->queue);
        free(s);
        return NULL;
    }
    s->next = ev->subs;
    ev->subs = s;
    ev->open++;
    pthread_mutex_unlock(&ev->lock);
    return r;
}

void aw_events_close_all(aw_events *ev)
{
    pthread_mutex_lock(&ev->lock);
    ev->stopping = true;
    for (subscriber *s = ev->subs; s; s = s->next) {
        s->ended = true;
        S_wake(s);
    }
    pthread_cond_broadcast(&ev->wake);
    pthread_mutex_unlock(&ev->lock);
}

unsigned aw_events_open(aw_events *ev)
{
    pthread_mutex_lock(&ev->lock);
    unsigned n = ev->open;
    pthread_mutex_unlock(&ev->lock);
    return n;
}

void aw_events_free(aw_events *ev)
{
    if (!ev)
        return;
    pthread_mutex_lock(&ev->lock);
    ev->stopping = true;
    pthread_cond_broadcast(&ev->wake);
    pthread_mutex_unlock(&ev->lock);
    pthread_join(ev->ticker, NULL);
    pthread_cond_destroy(&ev->wake);
    pthread_mutex_destroy(&ev->lock);
    free(ev);
}
