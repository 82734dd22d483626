/**
 * Registry personalities: a loopback proxy in front of a REAL registry (a `docker-registry`
 * process from ./registry, CNCF distribution 2.8) that changes that registry's answers to
 * reproduce another registry's documented behaviour. Each behaviour below cites its source.
 *
 * Rules every personality keeps:
 * - It never stores data. Manifests, blobs and tags live in the backend registry only; a
 *   personality keeps nothing but bookkeeping (counters, in-flight PUTs, timestamps, a list of
 *   repository names). Where a behaviour needs the registry to do something its HTTP API cannot
 *   (GAR's "DELETE by tag removes the tag only"), the personality makes the same change to the
 *   registry's own storage that distribution itself makes for that operation (see `gar`).
 * - It keeps the client's Host header, so distribution's absolute Location headers (upload
 *   sessions) point back at the personality and every upload keeps going through it. (That is
 *   the difference from ./proxy, which rewrites Host to the backend and Location back.)
 * - Anything it does not change is forwarded as is, streamed both ways; requests are recorded.
 * - Where it needs to ask the backend something (does a tag exist, which tags point at a
 *   digest), it asks over the registry API with the client's own Authorization header, so it
 *   never answers more than the client's credential could learn itself (with token auth, a
 *   token without `pull` on the repository makes such a lookup answer 401, which is relayed to
 *   the client with the backend's challenge). When the backend wants
 *   credentials and the client sent none, the request is forwarded untouched first: the backend
 *   answers its usual 401 challenge (auth runs before any handler, so nothing happens) and the
 *   client authenticates as it would against the real registry.
 *
 * Plain HTTP on 127.0.0.1 only. The backend may be plain HTTP or HTTPS (certificate not
 * verified; distribution is told `X-Forwarded-Proto: http` so its Locations stay plain HTTP).
 * node:http / node:https / node:fs only.
 *
 * LAYOUT. ./types.ts (names, options, the request log), ./wire.ts (registry API facts: routes,
 * media types, error bodies), ./intercepted-request.ts (one request: reply, relay, pass, ask the backend),
 * ./forwarding-proxy.ts (the backend connection and forwarding), one file per personality, and this index
 * (the server, the request log, start/stop).
 *
 * ADDING A PERSONALITY. Write `./<name>.ts` exporting a PersonalityFactory (./forwarding-proxy.ts): it gets
 * the backend, the options and the shared bookkeeping, and returns a Handler that answers
 * (c.reply), relays, or forwards (c.pass, possibly changed). Cite the source of every behaviour in
 * its doc comment ("unconfirmed" where no source showed a detail). Add the name to
 * PersonalityName and PERSONALITY_NAMES (./types.ts), its options (if any) to PersonalityOptions,
 * and the factory to FACTORIES below.
 */
import http from 'node:http';
import { listenOnLoopback } from '../loopback';
import { acr } from './acr';
import { InterceptedRequest, type Handler } from './intercepted-request';
import { cdn } from './cdn';
import { ForwardingProxy, type PersonalityContext, type PersonalityFactory } from './forwarding-proxy';
import { dockerhub } from './dockerhub';
import { ecr } from './ecr';
import { gar } from './gar';
import { ghcr } from './ghcr';
import { gitlab } from './gitlab';
import { harbor } from './harbor';
import { multitag } from './multitag';
import { quay } from './quay';
import type { Personality, PersonalityBackend, PersonalityName, PersonalityOptions, PersonalityRequest } from './types';
import { registryError } from './wire';

export * from './types';

const FACTORIES: Record<PersonalityName, PersonalityFactory> = {
  gitlab,
  quay,
  ecr,
  harbor,
  dockerhub,
  gar,
  ghcr,
  acr,
  cdn,
  multitag
};

/** One GET /v2/ on the backend: does it want credentials? */
async function probeAuth(proxy: ForwardingProxy): Promise<boolean> {
  try {
    const r = await proxy.request('GET', '/v2/', {});
    return r.status === 401;
  } catch (e) {
    throw new Error(`startPersonality: backend ${proxy.target.href} not reachable: ${(e as Error).message}`, {
      cause: e
    });
  }
}

/** Start personality `name` in front of `backend` on 127.0.0.1 (a free port). */
export async function startPersonality(
  backend: PersonalityBackend,
  name: PersonalityName,
  opts: PersonalityOptions = {}
): Promise<Personality> {
  const proxy = new ForwardingProxy(backend.url);
  proxy.backendWantsAuth = await probeAuth(proxy);
  const ctx: PersonalityContext = {
    proxy,
    backend,
    opts,
    repositories: new Set<string>(opts.repositories ?? []),
    counters: { pulls: 0 }
  };
  const factory = Object.hasOwn(FACTORIES, name) ? FACTORIES[name] : undefined;
  if (!factory) throw new Error(`startPersonality: unknown personality ${String(name)}`);
  const serving: Serving = {
    name,
    proxy,
    handler: factory(ctx),
    requests: [],
    logRequests: opts.logRequests,
    host: ''
  };
  const server = http.createServer({ keepAliveTimeout: 5000, requestTimeout: 120_000 }, (req, res) =>
    serve(req, res, serving)
  );
  const listening = await listenOnLoopback(server);
  serving.host = listening.host;

  let stopped = false;
  return {
    name,
    host: listening.host,
    url: `http://${listening.host}`,
    backend: backend.url,
    requests: serving.requests,
    pulls: () => ctx.counters.pulls,
    repositories: ctx.repositories,
    async stop() {
      if (stopped) return;
      stopped = true;
      proxy.stop();
      await listening.close();
    }
  };
}

interface Serving {
  name: PersonalityName;
  proxy: ForwardingProxy;
  handler: Handler;
  requests: PersonalityRequest[];
  logRequests?: boolean;
  /** the personality's own host, once it listens (for the log lines) */
  host: string;
}

/** One client request: logged, then run by the personality (or first challenged by the backend). */
function serve(req: http.IncomingMessage, res: http.ServerResponse, s: Serving): void {
  const entry: PersonalityRequest = {
    seq: s.requests.length + 1,
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    status: 0,
    by: 'backend'
  };
  if (typeof req.headers.accept === 'string') entry.accept = req.headers.accept;
  s.requests.push(entry);
  const started = Date.now();
  res.once('close', () => {
    entry.status = res.headersSent ? res.statusCode : 0;
    entry.ms = Date.now() - started;
    if (s.logRequests) {
      process.stderr.write(
        `[${s.name} ${s.host}] #${entry.seq} ${entry.method} ${entry.path} -> ${entry.status || 'dropped'} (${entry.by}${entry.note ? `: ${entry.note}` : ''}) ${entry.ms} ms\n`
      );
    }
  });
  const intercepted = new InterceptedRequest(req, res, entry, s.proxy);
  // No credentials for a backend that wants them: let the backend challenge (nothing happens
  // before its auth check), as the real registry would before doing anything else.
  const run = s.proxy.backendWantsAuth && !req.headers.authorization ? intercepted.pass() : s.handler(intercepted);
  run.catch((err: Error) => {
    if (!res.headersSent && !res.destroyed) {
      void intercepted.reply(
        registryError(500, 'UNKNOWN', `personality ${s.name}: ${err.message}`, undefined, 'personality error')
      );
    } else res.destroy();
  });
}
