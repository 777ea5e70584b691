// Azure Container Registry and Google Artifact Registry through the generic v2 path: their documented sign-in
// flows against stand-ins that follow them, with a real registry behind.
// - ACR (Azure/acr docs/AAD-OAuth.md, "Authenticate with an Azure container registry"): Bearer challenge to
//   /oauth2/token with service <name>.azurecr.io; Basic with a token (or the refresh-token user
//   00000000-0000-0000-0000-000000000000 and a refresh token), or POST grant_type=refresh_token → {access_token}.
// - GAR ("Configure authentication to Artifact Registry for Docker"): Bearer challenge to /v2/token with service
//   <region>-docker.pkg.dev; Basic `oauth2accesstoken` + access token, or `_json_key` + the key file's JSON.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { listenLoopback } from '../../support/listen';
import { pushImage } from '../../support/seed';
import { readBody, sendJson, startV2Front } from '../../support/v2-front';
import { RegistryClient, StaticCredentials, Reference, RegistryError } from '../../../src/registry/index';
import { ACR_REFRESH_TOKEN_USER, GAR_ACCESS_TOKEN_USER, GAR_JSON_KEY_USER } from '../../../src/backends/cloudRegistries';

interface Realm { method: string; user?: string; grant?: string; scopes: string[] }

async function stand(backend: TestRegistry, o: { realmPath: string; service: string; accept(u: string, p: string): boolean; refresh?(t: string): boolean }) {
  let origin = '';
  const seen: Realm[] = [];
  const front = startV2Front({ backend, origin: () => origin, mode: 'token', realmPath: o.realmPath, service: o.service, accept: o.accept, acceptRefreshToken: o.refresh, onRealm: (r) => seen.push(r) });
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    readBody(req).then(async (body) => { if (!(await front.handle(req, res, url, body))) sendJson(res, 404, {}); }, () => res.destroy());
  });
  const port = await listenLoopback(server);
  origin = `http://127.0.0.1:${port}`;
  return { registry: `127.0.0.1:${port}`, seen, stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

describe('ACR and GAR sign-in through the generic v2 client', () => {
  let backend: TestRegistry;
  before(async () => { backend = await startRegistry('token'); await pushImage(backend, 'team/app', '1.0'); });
  after(async () => { await backend?.stop(); });

  const pull = async (registry: string, creds: ConstructorParameters<typeof StaticCredentials>[0][string]) => {
    const c = new RegistryClient({ registry, credentials: new StaticCredentials({ [registry]: creds }), retries: 0 });
    try { return await c.headManifest(new Reference(registry, 'team/app', '1.0')); } finally { await c.close(); }
  };

  test('ACR: a repository-scoped token by Basic, a refresh token by Basic (00000000-… user) and by the OAuth2 refresh_token grant', async () => {
    const acr = await stand(backend, {
      realmPath: '/oauth2/token', service: 'contoso.azurecr.io',
      accept: (u, p) => (u === 'pull-token' && p === 'acr-token-secret') || (u === ACR_REFRESH_TOKEN_USER && p === 'acr-refresh-token'),
      refresh: (t) => t === 'acr-refresh-token',
    });
    try {
      assert.ok(await pull(acr.registry, { username: 'pull-token', password: 'acr-token-secret' }));
      assert.ok(await pull(acr.registry, { username: ACR_REFRESH_TOKEN_USER, password: 'acr-refresh-token' }));
      assert.ok(await pull(acr.registry, { identityToken: 'acr-refresh-token' }));
      assert.deepEqual(acr.seen.map((r) => [r.method, r.user ?? r.grant]), [['GET', 'pull-token'], ['GET', ACR_REFRESH_TOKEN_USER], ['POST', 'refresh_token']]);
      assert.ok(acr.seen.every((r) => r.scopes.includes('repository:team/app:pull')));
      await assert.rejects(pull(acr.registry, { username: 'pull-token', password: 'wrong' }), (e: unknown) => e instanceof RegistryError && e.status === 401 && !e.message.includes('wrong'));
    } finally { await acr.stop(); }
  });

  test('GAR: oauth2accesstoken with an access token, _json_key with a service account key', async () => {
    const key = JSON.stringify({ type: 'service_account', project_id: 'p', private_key_id: 'k', client_email: 'ci@p.iam.gserviceaccount.com' });
    const gar = await stand(backend, {
      realmPath: '/v2/token', service: 'europe-west1-docker.pkg.dev',
      accept: (u, p) => (u === GAR_ACCESS_TOKEN_USER && p === 'ya29.access-token') || (u === GAR_JSON_KEY_USER && p === key),
    });
    try {
      assert.ok(await pull(gar.registry, { username: GAR_ACCESS_TOKEN_USER, password: 'ya29.access-token' }));
      assert.ok(await pull(gar.registry, { username: GAR_JSON_KEY_USER, password: key }));
      assert.deepEqual(gar.seen.map((r) => r.user), [GAR_ACCESS_TOKEN_USER, GAR_JSON_KEY_USER]);
    } finally { await gar.stop(); }
  });
});
