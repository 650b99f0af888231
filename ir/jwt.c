/* JWT authorizer facts and the uniform view of its issuers (jwt.h). */
#include "jwt.h"

#include <string.h>
#include <strings.h>

const char *const aw_jwt_algorithms[] = {"RS256", "RS384", "RS512", "ES256", "ES384", "ES512"};
const size_t aw_jwt_algorithm_count = sizeof aw_jwt_algorithms / sizeof *aw_jwt_algorithms;
const char aw_jwt_algorithms_text[] = "RS256, RS384, RS512, ES256, ES384 or ES512";

static const char *const S_reserved_claims[] = {"iss", "aud", "exp", "nbf", "iat", "scope", "scp"};

static bool S_in(const char *const *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], name) == 0)
            return true;
    return false;
}

bool aw_jwt_algorithm_ok(const char *name)
{
    return S_in(aw_jwt_algorithms, aw_jwt_algorithm_count, name);
}

bool aw_jwt_claim_reserved(const char *name)
{
    return S_in(S_reserved_claims, sizeof S_reserved_claims / sizeof *S_reserved_claims, name);
}

const char *aw_jwt_issuer_problem(const char *url)
{
    if (strncasecmp(url, "https://", 8) != 0)
        return "is not an https:// URL";
    const char *host = url + 8;
    size_t host_len = strcspn(host, "/?#");
    if (host_len == 0)
        return "is an https:// URL without a host";
    if (memchr(host, '@', host_len))
        return "carries user information";
    if (strchr(url, '?'))
        return "has a query string";
    if (strchr(url, '#'))
        return "has a fragment";
    return NULL;
}

size_t aw_jwt_issuer_count(const aw_authorizer *au)
{
    return au->issuer_count ? au->issuer_count : au->issuer ? 1 : 0;
}

const char *aw_jwt_issuer_url(const aw_authorizer *au, size_t i)
{
    return au->issuer_count ? au->issuers[i].issuer : au->issuer;
}

const aw_strings *aw_jwt_issuer_audiences(const aw_authorizer *au, size_t i)
{
    return au->issuer_count ? &au->issuers[i].audiences : &au->audiences;
}

size_t aw_jwt_issuer_claims(const aw_authorizer *au, size_t i, const aw_jwt_claim **claims)
{
    *claims = au->issuer_count ? au->issuers[i].claims : NULL;
    return au->issuer_count ? au->issuers[i].claim_count : 0;
}

bool aw_jwt_checks_claims(const aw_authorizer *au)
{
    for (size_t i = 0; i < au->issuer_count; i++)
        if (au->issuers[i].claim_count)
            return true;
    return false;
}
