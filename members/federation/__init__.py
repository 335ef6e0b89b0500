"""The OpenID Connect Federation relying party of SPID and CIE (AgID / Ministry of the Interior profile).

- `jose`: signing, verifying, encrypting and decrypting JWTs (joserfc), the keys;
- `config`: the relying party's settings (`TAVOLO_OIDC_FED_*`), or the demo's when `demo` is offered;
- `http`: fetching from the federation (the demo's own entities are answered in-process);
- `entity`: the relying party's entity configuration (`/.well-known/openid-federation`);
- `trust`: resolving a provider's trust chain up to a trust anchor, with its metadata policy;
- `rp`: the provider of `members.identity`: request object, PKCE, token, ID token, user info, revocation;
- `testbed`: the demo federation (trust anchor and two providers with test identities), for `make run`
  and the tests; its pages answer 404 unless `TAVOLO_LOGIN_METHODS` offers `demo` (which needs DEBUG).
"""
