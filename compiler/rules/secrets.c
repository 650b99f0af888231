/* Credential detection for AW-SEC-013. Each detector looks for one shape of
 * secret; they run from the most certain to the least, and the first hit
 * wins so that a value yields one finding. Structured identifiers (ARNs,
 * CloudFormation dynamic references, placeholders such as
 * ${stageVariables.x}) name where a secret is kept, which is the rule's own
 * advice: they are blanked out before any detector looks. */
#include "secrets.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool S_upper_alnum(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool S_word(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-';
}

static bool S_set(aw_secret_match *m, size_t start, size_t len, const char *kind)
{
    m->start = start;
    m->len = len;
    m->kind = kind;
    return true;
}

/* AKIA (long-term) or ASIA (temporary) and 16 upper-case letters or digits. */
static bool S_aws_key(const char *v, aw_secret_match *m)
{
    size_t n = strlen(v);
    for (size_t i = 0; i + 20 <= n; i++) {
        if (strncmp(v + i, "AKIA", 4) != 0 && strncmp(v + i, "ASIA", 4) != 0)
            continue;
        if (i > 0 && isalnum((unsigned char)v[i - 1]))
            continue;
        size_t k = 4;
        while (k < 20 && S_upper_alnum(v[i + k]))
            k++;
        if (k == 20 && !isalnum((unsigned char)v[i + 20]))
            return S_set(m, i, 20, "an AWS access key id");
    }
    return false;
}

static bool S_token_char(char c)
{
    return isalnum((unsigned char)c) || strchr("-._~+/=", c) != NULL;
}

static bool S_bearer(const char *v, aw_secret_match *m)
{
    for (const char *p = v; (p = strchr(p, ' ')) != NULL; p++) {
        size_t at = (size_t)(p - v);
        if (at < 6 || strncasecmp(p - 6, "bearer", 6) != 0 || (at > 6 && S_word(p[-7])))
            continue;
        size_t len = 0;
        while (S_token_char(p[1 + len]))
            len++;
        if (len >= 8)
            return S_set(m, at - 6, 7 + len, "a bearer token");
    }
    return false;
}

static bool S_private_key(const char *v, aw_secret_match *m)
{
    const char *begin = strstr(v, "-----BEGIN ");
    if (!begin)
        return false;
    const char *end = strstr(begin, "PRIVATE KEY-----");
    if (!end)
        return false;
    return S_set(m, (size_t)(begin - v), (size_t)(end - begin) + 16, "a private key");
}

/* name=value where the name ends in one of these words. */
static const char *const S_secret_names[] = {"password", "passwd", "secret", "token", "apikey", "api_key"};

static bool S_assignment(const char *v, aw_secret_match *m)
{
    for (const char *eq = v; (eq = strchr(eq, '=')) != NULL; eq++) {
        const char *start = eq;
        while (start > v && S_word(start[-1]))
            start--;
        size_t name_len = (size_t)(eq - start);
        bool secret_name = false;
        for (size_t i = 0; i < sizeof S_secret_names / sizeof *S_secret_names && !secret_name; i++) {
            size_t k = strlen(S_secret_names[i]);
            secret_name = name_len >= k && strncasecmp(eq - k, S_secret_names[i], k) == 0;
        }
        size_t value_len = strcspn(eq + 1, "&;, \t\r\n\"'");
        if (secret_name && value_len > 0 && eq[1] != '$' && eq[1] != '{')
            return S_set(m, (size_t)(start - v), name_len + 1 + value_len, "a password or token assignment");
    }
    return false;
}

/* scheme://user:password@host */
static bool S_url_userinfo(const char *v, aw_secret_match *m)
{
    const char *p = strstr(v, "://");
    if (!p)
        return false;
    p += 3;
    size_t authority = strcspn(p, "/?#");
    const char *at = memchr(p, '@', authority);
    const char *colon = at ? memchr(p, ':', (size_t)(at - p)) : NULL;
    if (!colon || colon + 1 == at)
        return false;
    return S_set(m, (size_t)(p - v), (size_t)(at - p), "a password in a URL");
}

double aw_secret_entropy(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    size_t counts[256] = {0};
    for (size_t i = 0; i < len; i++)
        counts[(unsigned char)s[i]]++;
    double bits = 0;
    for (size_t c = 0; c < 256; c++) {
        if (!counts[c])
            continue;
        double p = (double)counts[c] / (double)len;
        bits -= p * log2(p);
    }
    return bits;
}

/* Whether a run reads as words glued together (OrdersHandlerProdV2): its
 * lower-case stretches are as long as a word's. In a random string of
 * letters and digits a lower-case letter is followed by another only about
 * two times in five, so the stretches average under two letters; an
 * average of 2.5 or more is rare there and usual for names. */
static bool S_wordlike(const char *s, size_t len)
{
    size_t lower = 0, stretches = 0;
    for (size_t i = 0; i < len; i++) {
        if (!islower((unsigned char)s[i]))
            continue;
        lower++;
        stretches += i == 0 || !islower((unsigned char)s[i - 1]);
    }
    return stretches > 0 && (double)lower >= 2.5 * (double)stretches;
}

/* A long run of token characters that mixes upper case, lower case and
 * digits and is close to random: generated keys look like this, words and
 * identifiers do not. */
static bool S_high_entropy(const char *v, aw_secret_match *m)
{
    size_t i = 0, n = strlen(v);
    while (i < n) {
        while (i < n && !(isalnum((unsigned char)v[i]) || strchr("+/=_-", v[i])))
            i++;
        size_t start = i;
        bool upper = false, lower = false, digit = false;
        while (i < n && (isalnum((unsigned char)v[i]) || strchr("+/=_-", v[i]))) {
            upper |= isupper((unsigned char)v[i]) != 0;
            lower |= islower((unsigned char)v[i]) != 0;
            digit |= isdigit((unsigned char)v[i]) != 0;
            i++;
        }
        if (i - start >= 32 && upper && lower && digit && aw_secret_entropy(v + start, i - start) >= 4.0 &&
            !S_wordlike(v + start, i - start))
            return S_set(m, start, i - start, "a generated secret (a long high-entropy string)");
    }
    return false;
}

static bool (*const S_detectors[])(const char *, aw_secret_match *) = {
    S_private_key, S_aws_key, S_bearer, S_url_userinfo, S_assignment, S_high_entropy,
};

/* arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, partition aws or aws-*,
 * account empty, "aws" or 12 digits; returns its length, or 0. The
 * resource runs to the next space, quote or list separator. */
static size_t S_arn_len(const char *v)
{
    if (strncmp(v, "arn:aws", 7) != 0 || (v[7] != ':' && v[7] != '-'))
        return 0;
    const char *p = v + 4;
    for (int field = 0; field < 4; field++) {   /* partition, service, region, account */
        size_t n = strcspn(p, ": \t\r\n\"'");
        if (p[n] != ':' || (field < 2 && n == 0))
            return 0;
        if (field == 3 && n != 0 && !(n == 3 && strncmp(p, "aws", 3) == 0) &&
            !(n == 12 && strspn(p, "0123456789") == 12))
            return 0;
        p += n + 1;
    }
    size_t resource = strcspn(p, " \t\r\n\"',;&|}");
    return resource ? (size_t)(p - v) + resource : 0;
}

/* {{resolve:...}} (CloudFormation dynamic reference) and ${...}
 * (stage variables, context, Fn::Sub): the length, or 0. */
static size_t S_reference_len(const char *v)
{
    const char *open = strncmp(v, "{{resolve:", 10) == 0 ? "{{" : strncmp(v, "${", 2) == 0 ? "$" : NULL;
    if (!open)
        return 0;
    const char *close = strstr(v, open[0] == '{' ? "}}" : "}");
    return close ? (size_t)(close - v) + (open[0] == '{' ? 2 : 1) : 0;
}

/* Copies value into out with every structured identifier replaced by
 * spaces, so offsets into the copy are offsets into value. */
static void S_blank_identifiers(const char *value, char *out)
{
    size_t n = strlen(value);
    memcpy(out, value, n + 1);
    bool closed = true;         /* once a reference is left open, none later closes */
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && isalnum((unsigned char)value[i - 1]))
            continue;
        size_t len = closed ? S_reference_len(value + i) : 0;
        closed = len || (strncmp(value + i, "${", 2) != 0 && strncmp(value + i, "{{resolve:", 10) != 0);
        if (!len)
            len = S_arn_len(value + i);
        if (len) {
            memset(out + i, ' ', len);
            i += len - 1;
        }
    }
}

bool aw_secret_find(const char *value, aw_secret_match *m)
{
    char small[256];
    size_t n = strlen(value);
    char *text = n < sizeof small ? small : malloc(n + 1);
    if (!text)
        return false;
    S_blank_identifiers(value, text);
    bool found = false;
    for (size_t i = 0; i < sizeof S_detectors / sizeof *S_detectors && !found; i++)
        found = S_detectors[i](text, m);
    if (text != small)
        free(text);
    return found;
}

void aw_secret_mask(const char *span, size_t len, char *out, size_t size)
{
    size_t shown = len < 4 ? len : 4;
    snprintf(out, size, "%.*s****", (int)shown, span);
}
