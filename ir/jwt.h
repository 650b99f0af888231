/* What API Gateway accepts in a JWT authorizer: the signing algorithms,
 * the claims it checks itself, and the one-issuer and several-issuer
 * spellings seen alike. Facts from the API Gateway API reference
 * (JwtConfigurationInput, JwtIssuerInput, JwtAdditionalClaim). */
#ifndef AW_JWT_H
#define AW_JWT_H

#include <stdbool.h>
#include <stddef.h>

#include "ir.h"

/* The algorithms a REST API's JWT authorizer may accept, and the list as
 * a message spells it ("RS256, RS384, ..."). */
extern const char *const aw_jwt_algorithms[];
extern const size_t aw_jwt_algorithm_count;
extern const char aw_jwt_algorithms_text[];

bool aw_jwt_algorithm_ok(const char *name);
/* Claims the authorizer checks itself, which a claim rule may not name. */
bool aw_jwt_claim_reserved(const char *name);
/* Why an issuer URL is not one API Gateway accepts (an absolute https URL
 * with a host and no user information, query or fragment), as a phrase
 * after "which" ("is not an https:// URL"), or NULL. */
const char *aw_jwt_issuer_problem(const char *url);

/* The issuers of a JWT authorizer: issuer + audiences count as one. */
size_t aw_jwt_issuer_count(const aw_authorizer *au);
/* Issuer i's URL, audiences and claims (none for the one-issuer form). */
const char *aw_jwt_issuer_url(const aw_authorizer *au, size_t i);
const aw_strings *aw_jwt_issuer_audiences(const aw_authorizer *au, size_t i);
size_t aw_jwt_issuer_claims(const aw_authorizer *au, size_t i, const aw_jwt_claim **claims);
/* Whether any issuer of the authorizer has claim rules. */
bool aw_jwt_checks_claims(const aw_authorizer *au);

#endif
