import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/**
 * A stand-in for GitHub's OIDC token service on 127.0.0.1: publishes a test RSA key at
 * `/.well-known/jwks` and hands out tokens at `/token` the way a runner's
 * `ACTIONS_ID_TOKEN_REQUEST_URL` does (bearer `requestToken`, `?audience=`).
 */
export async function startOidcIssuer(claims: Record<string, unknown>) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const requestToken = 'runner-request-token';
  let issuer = '';
  const mint = (audience: string) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(privateKey);
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://issuer');
    if (url.pathname === '/.well-known/jwks') {
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    }
    if (url.pathname === '/token' && req.headers.authorization === `bearer ${requestToken}`) {
      void mint(url.searchParams.get('audience') ?? '').then((value) =>
        res.writeHead(200).end(JSON.stringify({ value })),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    requestUrl: `${issuer}/token?api-version=2.0`,
    requestToken,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
