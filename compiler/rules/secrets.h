/* Credential detection in configuration values (AW-SEC-013): finds the
 * first thing in a string that looks like a secret, and masks it. */
#ifndef AW_SECRETS_H
#define AW_SECRETS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct aw_secret_match {
    size_t start, len;          /* the span that gives the secret away */
    const char *kind;           /* "an AWS access key id", ... */
} aw_secret_match;

/* Whether value holds something credential-like; fills *m with the first. */
bool aw_secret_find(const char *value, aw_secret_match *m);
/* Shannon entropy of s[0..len) in bits per character. */
double aw_secret_entropy(const char *s, size_t len);
/* The first four characters of the span and "****", for messages that must
 * not repeat the secret. */
void aw_secret_mask(const char *span, size_t len, char *out, size_t size);

#endif
