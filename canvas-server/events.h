/* The change stream: server-sent events per diagram, so that every open
 * canvas sees the saves of others. A stream's connection is suspended while
 * it has nothing to send and resumed when an event or a keep-alive arrives,
 * so that an idle stream holds no worker thread. */
#ifndef AW_EVENTS_H
#define AW_EVENTS_H

#include <microhttpd.h>
#include <stdint.h>

typedef struct aw_events aw_events;

/* keepalive_s: seconds between comment lines on an idle stream; max_streams
 * caps open streams. */
aw_events *aw_events_new(unsigned keepalive_s, unsigned max_streams);
/* Sends event type with data (one line of JSON) to the streams of diagram. */
void aw_events_publish(aw_events *ev, int64_t diagram, const char *type, const char *data);
/* A response streaming diagram's events to connection, the first being
 * hello_data as a "hello" event; NULL when max_streams are open. */
struct MHD_Response *aw_events_stream(aw_events *ev, struct MHD_Connection *connection, int64_t diagram,
                                      const char *hello_data);
/* Ends every stream (they finish once their connection is next served). */
void aw_events_close_all(aw_events *ev);
/* Open streams now. */
unsigned aw_events_open(aw_events *ev);
/* Frees the hub; every stream must have ended. */
void aw_events_free(aw_events *ev);

#endif
