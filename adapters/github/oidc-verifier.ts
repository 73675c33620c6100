import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import * as z from '../../core/zod';

/** Where GitHub Actions OIDC tokens come from and whom they must be meant for. */
export interface OidcSettings {
  /** `https://token.actions.githubusercontent.com`, or `https://HOST/_services/token` on GHES. */
  issuer: string;
  audience: string;
}

/** The claims of a GitHub Actions token that infrabot checks or records. */
const ActionsClaims = z.looseObject({
  repository: z.string(),
  /** The repository's numeric id, as a string of digits. */
  repository_id: z.optional(z.string()),
  /** The ref the run is for: `refs/pull/<n>/merge` for `pull_request`, the branch for a push. */
  ref: z.optional(z.string()),
  job_workflow_ref: z.optional(z.string()),
  /** The GitHub login whose action started the run. */
  actor: z.optional(z.string()),
});
export type ActionsClaims = z.infer<typeof ActionsClaims>;

export type TokenCheck = { ok: true; claims: ActionsClaims } | { ok: false; why: string };

/** The audience infrabot expects when `INFRABOT_OIDC_AUDIENCE` is not set. */
export const defaultOidcAudience = 'infrabot';

/**
 * Verifies GitHub Actions OIDC ID tokens against the issuer's published keys (fetched once and cached):
 * signature, issuer, audience, `exp` and `nbf`.
 */
export function createOidcVerifier(settings: OidcSettings): (token: string) => Promise<TokenCheck> {
  const issuer = settings.issuer.replace(/\/+$/, '');
  const keys = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks`));
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer,
        audience: settings.audience,
        algorithms: ['RS256'],
        clockTolerance: 5,
        requiredClaims: ['exp', 'repository'],
      });
      const claims = ActionsClaims.safeParse(payload);
      if (claims.success) return { ok: true, claims: claims.data };
      return { ok: false, why: `the token's ${String(claims.error.issues[0]?.path[0])} claim is not a string` };
    } catch (error) {
      return { ok: false, why: describe(error) };
    }
  };
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return "the token was not signed by one of the issuer's keys";
  if (error instanceof errors.JOSEError) return `the token is not valid (${error.code})`;
  return 'the token could not be verified';
}
