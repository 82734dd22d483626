/**
 * Credentials stay where they belong: a source registry that redirects blob downloads to a
 * storage host (as S3/GCS-backed registries do) must never receive our Authorization there.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { basicAuthEntry, writeDockerConfig } from '../../harness/docker-config';
import { getBlob, getManifest, headBlob, pushImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandLines } from '../../harness/checks';

let source: TestRegistry;
let target: TestRegistry;
let front: http.Server;
let storage: http.Server;
const storageRequests: Array<{ url: string; authorization?: string }> = [];
/** When set, the storage host flips one byte of this blob (same length, wrong content). */
let corruptDigest: string | undefined;

function listen(server: http.Server, host: string): Promise<number> {
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  [source, target] = await Promise.all([startRegistry({ basicAuth: true }), startRegistry()]);
  // The storage host: another address, serves blobs by the path the front redirected to.
  storage = http.createServer(async (req, res) => {
    storageRequests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    const m = /^\/storage\/(.+)\/(sha256:[a-f0-9]{64})\?sig=/.exec(req.url ?? '');
    if (!m) return void res.writeHead(404).end();
    const blob = await getBlob(source, m[1], m[2]);
    if (m[2] === corruptDigest) blob.body[blob.body.length - 1] ^= 0xff;
    res.writeHead(blob.status, { 'content-length': blob.body.length }).end(blob.body);
  });
  const storagePort = await listen(storage, '127.0.0.2');
  // The registry's front: blob GETs answer 307 to the storage host; the rest is proxied.
  front = http.createServer((req, res) => {
    const blob = /^\/v2\/(.+)\/blobs\/(sha256:[a-f0-9]{64})$/.exec(req.url ?? '');
    if (req.method === 'GET' && blob) {
      return void res
        .writeHead(307, { location: `http://127.0.0.2:${storagePort}/storage/${blob[1]}/${blob[2]}?sig=signed` })
        .end();
    }
    const up = http.request(
      `${source.url}${req.url}`,
      { method: req.method, headers: { ...req.headers, host: source.host } },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      }
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await listen(front, '127.0.0.1');
}, 30_000);

afterAll(async () => {
  front?.close();
  storage?.close();
  await Promise.all([source?.stop(), target?.stop()]);
});

test('blob redirects to another host are followed without credentials', async () => {
  const img = await pushImage(source, 'team/app', 'amd64', { architecture: 'amd64', layerSizes: [50_000] });
  const frontHost = `127.0.0.1:${(front.address() as AddressInfo).port}`;
  const cfg = writeDockerConfig(fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-cfg-')), {
    auths: { [frontHost]: basicAuthEntry(source.user!, source.password!) }
  });

  const r = await runAction(
    { tags: `${target.host}/copied:1`, sources: `${frontHost}/team/app:amd64` },
    { dockerConfig: cfg }
  );
  expect(r.code).toBe(0);

  // The config (read for the platform) and the layer (streamed) both went through the storage host.
  const urls = storageRequests.map((q) => q.url);
  expect(urls.some((u) => u.includes(img.configDigest))).toBe(true);
  expect(urls.some((u) => u.includes(img.layerDigests[0]))).toBe(true);
  expect(storageRequests.every((q) => q.authorization === undefined)).toBe(true);

  expect((await getManifest(target, 'copied', '1')).digest).toBe(r.outputs.digest);
  expect(await headBlob(target, 'copied', img.layerDigests[0])).toBe(200);
});

test('a blob whose bytes do not match its digest is refused, naming the blob; nothing tagged', async () => {
  const img = await pushImage(source, 'team/bad', 'amd64', { architecture: 'amd64', layerSizes: [40_000] });
  const frontHost = `127.0.0.1:${(front.address() as AddressInfo).port}`;
  const cfg = writeDockerConfig(fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-cfg-')), {
    auths: { [frontHost]: basicAuthEntry(source.user!, source.password!) }
  });
  corruptDigest = img.layerDigests[0];
  try {
    const r = await runAction(
      { tags: `${target.host}/corrupt:1`, sources: `${frontHost}/team/bad:amd64` },
      { dockerConfig: cfg }
    );
    expect(r.code).not.toBe(0);
    const errors = commandLines(r.stdout, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`blob ${img.layerDigests[0]}`);
    expect(errors[0]).toMatch(/digest/);
    expect((await getManifest(target, 'corrupt', '1')).status).toBe(404);
    expect(await headBlob(target, 'corrupt', img.layerDigests[0])).toBe(404);
  } finally {
    corruptDigest = undefined;
  }
});

test('an upload Location on another host gets no credentials', async () => {
  // Target: a basic-auth registry whose front sends uploads to a separate upload host (as
  // registries backed by an upload service do). The upload host authenticates on its own.
  const guarded = await startRegistry({ basicAuth: true });
  const uploadSeen: Array<{ method?: string; authorization?: string }> = [];
  const basic = `Basic ${Buffer.from(`${guarded.user}:${guarded.password}`).toString('base64')}`;
  const uploads = http.createServer((req, res) => {
    uploadSeen.push({ method: req.method, authorization: req.headers.authorization });
    const up = http.request(
      `${guarded.url}${req.url}`,
      { method: req.method, headers: { ...req.headers, host: guarded.host, authorization: basic } },
      (r) => {
        const headers = { ...r.headers };
        if (headers.location)
          headers.location = headers.location.replace(
            guarded.url,
            `http://127.0.0.2:${(uploads.address() as AddressInfo).port}`
          );
        res.writeHead(r.statusCode ?? 502, headers);
        r.pipe(res);
      }
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  const uploadPort = await listen(uploads, '127.0.0.2');
  const guardedFront = http.createServer((req, res) => {
    const up = http.request(
      `${guarded.url}${req.url}`,
      { method: req.method, headers: { ...req.headers, host: guarded.host } },
      (r) => {
        const headers = { ...r.headers };
        if (headers.location && /\/blobs\/uploads\//.test(String(headers.location))) {
          headers.location = String(headers.location).replace(guarded.url, `http://127.0.0.2:${uploadPort}`);
        }
        res.writeHead(r.statusCode ?? 502, headers);
        r.pipe(res);
      }
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  const frontPort = await listen(guardedFront, '127.0.0.1');
  try {
    const img = await pushImage(target, 'plain/src', 'x', { architecture: 'arm64', layerSizes: [30_000] });
    const frontHost = `127.0.0.1:${frontPort}`;
    const cfg = writeDockerConfig(fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-cfg-')), {
      auths: { [frontHost]: basicAuthEntry(guarded.user!, guarded.password!) }
    });
    const r = await runAction(
      { tags: `${frontHost}/team/out:1`, sources: `${target.host}/plain/src:x` },
      { dockerConfig: cfg }
    );
    expect(r.code).toBe(0);
    expect(uploadSeen.filter((q) => q.method === 'PATCH')).toHaveLength(2); // config and layer
    expect(uploadSeen.every((q) => q.authorization === undefined)).toBe(true);
    expect((await getManifest(guarded, 'team/out', '1')).digest).toBe(r.outputs.digest);
    expect(await headBlob(guarded, 'team/out', img.layerDigests[0])).toBe(200);
  } finally {
    guardedFront.close();
    uploads.close();
    await guarded.stop();
  }
});
