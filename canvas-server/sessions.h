/* Browser sessions of a token-protected server: random ids a signed-in
 * browser holds in an HttpOnly cookie, each valid for a fixed time, so
 * that what cannot send a header (EventSource) can still be let in. */
#ifndef AW_SESSIONS_H
#define AW_SESSIONS_H

#include <stdbool.h>

/* A session id: 32 random bytes as 64 hex digits. */
#define AW_SESSION_ID_LEN 64

typedef struct aw_sessions aw_sessions;

/* A table of at most max live sessions, each valid for ttl_s seconds
 * from its opening. Free with aw_sessions_free(). */
aw_sessions *aw_sessions_new(unsigned ttl_s, unsigned max);
void aw_sessions_free(aw_sessions *s);

/* Opens a session and writes its id (NUL-terminated) to id; when the table
 * is full, the session closest to its end makes room. False when the
 * system has no randomness to give. Thread-safe. */
bool aw_sessions_open(aw_sessions *s, char id[AW_SESSION_ID_LEN + 1]);
/* Whether id names a live session; compared in constant time with every
 * entry, so the answer's timing tells nothing of the ids held. */
bool aw_sessions_valid(aw_sessions *s, const char *id);
/* Ends the session id names, if any (signing out). */
void aw_sessions_close(aw_sessions *s, const char *id);
/* The seconds a session lives. */
unsigned aw_sessions_ttl(const aw_sessions *s);

#endif
