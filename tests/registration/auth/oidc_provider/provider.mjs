// A real OpenID provider (the oidc-provider package) for the OIDC sign-in tests.
//
// Started by tests/registration/auth/test_oidc.py with one JSON argument:
//   {"host": "127.0.0.2", "clients": [...], "accounts": {...}, "tamper": {...}}
// It listens on a free loopback port and prints {"issuer": "http://host:port"} once
// it answers. Dev interactions are on: the login page accepts any login (the
// account id) and any password, then asks for consent.
//
// clients:  oidc-provider client metadata (client_id, client_secret, redirect_uris, ...).
// accounts: account id -> {"claims": {...}, "userinfo_only": {...}}; claims go in the
//           ID token and at the userinfo endpoint, userinfo_only only at the latter.
// tamper:   client id -> how to spoil the ID tokens the token endpoint gives that
//           client, re-signed with the provider's own key so only that fault is left:
//           {"claims": {...}} overrides claims, {"expired": true} dates it an hour back.
import http from 'node:http';

import Provider from 'oidc-provider';
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';

const settings = JSON.parse(process.argv[2]);

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-signing-key', alg: 'RS256', use: 'sig' };

const server = http.createServer();
await new Promise((resolve) => server.listen(0, settings.host, resolve));
const issuer = `http://${settings.host}:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: settings.clients,
  jwks: { keys: [signingKey] },
  cookies: { keys: ['kursportal-test-provider-cookies'] },
  async findAccount(ctx, sub) {
    const account = settings.accounts[sub] ?? {};
    return {
      accountId: sub,
      async claims(use) {
        return { sub, ...account.claims, ...(use === 'userinfo' ? account.userinfo_only : {}) };
      },
    };
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username', 'upn'],
  },
  // Claims of the granted scopes go in the ID token too, as Entra ID, ADFS and Keycloak do.
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  // Refuse a client that does not send PKCE: the service must.
  pkce: { required: () => true },
  ttl: { IdToken: 600, AccessToken: 600, AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600 },
});

provider.use(async (ctx, next) => {
  await next();
  const idToken = ctx.path === '/token' && ctx.body && ctx.body.id_token;
  if (!idToken) return;
  const claims = decodeJwt(idToken);
  const fault = settings.tamper?.[claims.aud];
  if (!fault) return;
  const spoiled = { ...claims, ...fault.claims };
  if (fault.expired) {
    const now = Math.floor(Date.now() / 1000);
    spoiled.iat = now - 3600;
    spoiled.exp = now - 3000;
  }
  const header = decodeProtectedHeader(idToken);
  ctx.body = { ...ctx.body, id_token: await new SignJWT(spoiled).setProtectedHeader(header).sign(privateKey) };
});

server.on('request', provider.callback());
console.log(JSON.stringify({ issuer }));
