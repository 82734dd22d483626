import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRegistry, type TestRegistry } from './integration/helpers/registry';
import { pushImage, registryRequest, listTags, snapshotStorage } from './integration/helpers/images';
import { runCli } from './integration/helpers/run-action';

let del: TestRegistry;
let tok: TestRegistry;
beforeAll(async () => {
  [del, tok] = await Promise.all([
    startRegistry(),
    startRegistry({ tokenAuth: true, tokenGrant: (user, scope) => (user ? scope.actions.filter((a) => a !== 'delete') : []) })
  ]);
}, 30_000);
afterAll(async () => { await Promise.all([del?.stop(), tok?.stop()]); });

test('E2: distribution 2.8 DELETE by tag', async () => {
  const img = await pushImage(del, 'e2/app', 'amd64', { architecture: 'amd64' });
  const r = await registryRequest(del, 'DELETE', '/v2/e2/app/manifests/amd64', { repo: 'e2/app' });
  console.log('E2 DELETE by tag:', r.status, r.body.toString());
  const r2 = await registryRequest(del, 'DELETE', '/v2/e2/app/manifests/nosuchtag', { repo: 'e2/app' });
  console.log('E2 DELETE missing tag:', r2.status, r2.body.toString());
  console.log('E2 tags after:', await listTags(del, 'e2/app'), img.digest);
});

test('E3: purge where the credential may not delete (401) leaves placeholder manifests', async () => {
  await pushImage(tok, 'e3/app', 'amd64', { architecture: 'amd64' });
  await pushImage(tok, 'e3/app', 'arm64', { architecture: 'arm64' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-'));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: { [tok.host]: { username: tok.user, password: tok.password } } }));
  const before = Object.keys(snapshotStorage(tok.root)).filter((k) => k.includes('_manifests/revisions'));
  const r = await runCli(['--tags', `${tok.host}/e3/app:latest`, '--sources', `${tok.host}/e3/app:amd64,${tok.host}/e3/app:arm64`, '--purge', '--debug'], { dockerConfig: dir });
  const after = Object.keys(snapshotStorage(tok.root)).filter((k) => k.includes('_manifests/revisions'));
  console.log('E3 exit', r.code, r.stderr.split('\n').filter((l) => /purge|DELETE|warning|PUT/.test(l)).join('\n'));
  console.log('E3 new revisions:', after.filter((k) => !before.includes(k)));
});
