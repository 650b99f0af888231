/* Who may use a server started with a token: programs send it as
 * `Authorization: Bearer TOKEN`; a browser signs in once with it
 * (POST /api/session) and then holds a session cookie, which is what lets
 * its change stream in, since EventSource cannot send headers. */
#include <stdio.h>
#include <string.h>

#include "http.h"

#define S_COOKIE "archway_session"

/* Constant time in the length of the token the server holds. */
static bool S_token_ok(const char *want, const char *given)
{
    size_t n = strlen(want), m = given ? strlen(given) : 0;
    unsigned char diff = (unsigned char)(n != m);
    for (size_t i = 0; i < n; i++)
        diff |= (unsigned char)want[i] ^ (unsigned char)(i < m ? given[i] : 0);
    return diff == 0;
}

static bool S_bearer_ok(aw_request *rq)
{
    const char *auth = aw_request_header(rq, "Authorization");
    const char *given = auth && strncmp(auth, "Bearer ", 7) == 0 ? auth + 7 : NULL;
    return S_token_ok(rq->srv->cfg.token, given);
}

static const char *S_cookie(aw_request *rq)
{
    return MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, S_COOKIE);
}

bool aw_request_authorised(aw_request *rq)
{
    if (!rq->srv->cfg.token)
        return true;
    return S_bearer_ok(rq) || aw_sessions_valid(rq->srv->sessions, S_cookie(rq));
}

/* The cookie's attributes: never readable by scripts, never sent by another
 * site's page; Secure when a proxy says the browser came over https. */
static void S_set_cookie(aw_request *rq, aw_reply *rp, const char *value, unsigned max_age)
{
    const char *proto = aw_request_header(rq, "X-Forwarded-Proto");
    bool https = proto && strcmp(proto, "https") == 0;
    snprintf(rp->cookie, sizeof rp->cookie, "%s=%s; Path=/; Max-Age=%u; HttpOnly; SameSite=Strict%s", S_COOKIE, value,
             max_age, https ? "; Secure" : "");
}

void aw_api_session_open(aw_request *rq, aw_reply *rp)
{
    aw_server *srv = rq->srv;
    if (!srv->cfg.token) {
        aw_strbuf_puts(&rp->body, "{\"tokenRequired\": false}\n");
        return;
    }
    /* A session cookie alone does not open another: only the token does. */
    if (!S_bearer_ok(rq)) {
        aw_reply_problem(rp, 401, "signing in needs 'Authorization: Bearer TOKEN' with this server's token");
        return;
    }
    char id[AW_SESSION_ID_LEN + 1];
    if (!aw_sessions_open(srv->sessions, id)) {
        aw_reply_problem(rp, 503, "the server cannot make a session id now; try again shortly");
        return;
    }
    unsigned ttl = aw_sessions_ttl(srv->sessions);
    S_set_cookie(rq, rp, id, ttl);
    aw_strbuf_printf(&rp->body, "{\"tokenRequired\": true, \"expiresIn\": %u}\n", ttl);
}

void aw_api_session_close(aw_request *rq, aw_reply *rp)
{
    if (rq->srv->cfg.token)
        aw_sessions_close(rq->srv->sessions, S_cookie(rq));
    S_set_cookie(rq, rp, "", 0);
    rp->status = 204;
}
