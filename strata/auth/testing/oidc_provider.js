// An OpenID provider for the OIDC client's integration test: oidc-provider (an OpenID Certified
// implementation) on loopback, with its development login/consent forms (any login passes).
//   OIDC_PROVIDER_MODULES=<node_modules> node oidc_provider.js '<json config>'
// config: {port, clients: [oidc-provider client metadata], resource: "urn:..."}. Prints
// "ready <issuer>" once listening.
'use strict';
const crypto = require('node:crypto');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

async function main() {
  const config = JSON.parse(process.argv[2]);
  const modules = process.env.OIDC_PROVIDER_MODULES;
  // oidc-provider 8 is an ES module, which NODE_PATH does not reach: import it by its path.
  const lib = await import(pathToFileURL(path.join(modules, 'oidc-provider', 'lib', 'index.js')).href);
  const Provider = lib.default;
  const { errors } = lib;

  const issuer = `http://127.0.0.1:${config.port}`;
  const signing = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  signing.kid = crypto.randomBytes(8).toString('hex');
  signing.use = 'sig';

  const provider = new Provider(issuer, {
    clients: config.clients,
    jwks: { keys: [signing] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    pkce: { methods: ['S256'], required: () => true },
    scopes: ['openid', 'profile', 'email', 'api:read'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    async findAccount(ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          return { sub, name: sub, email: `${sub}@example.test`, email_verified: true };
        },
      };
    },
    features: {
      devInteractions: { enabled: true },
      // Access tokens for the resource are JWTs (RFC 9068) signed with the keys above, so an API
      // verifies them with the jwks_uri alone.
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined,
        useGrantedResource: () => true,
        getResourceServerInfo(ctx, resource) {
          if (resource !== config.resource) throw new errors.InvalidTarget();
          return { scope: 'api:read', audience: resource, accessTokenFormat: 'jwt', accessTokenTTL: 600 };
        },
      },
    },
  });
  provider.on('server_error', (ctx, err) => console.error('server_error', err));
  provider.listen(config.port, '127.0.0.1', () => console.log(`ready ${issuer}`));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
