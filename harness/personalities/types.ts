/** The personalities' public types: names, options, the request log, the running personality. */
import type { TestRegistry } from '../registry';

export type PersonalityName =
  'gitlab' | 'quay' | 'ecr' | 'harbor' | 'dockerhub' | 'gar' | 'ghcr' | 'acr' | 'cdn' | 'multitag';

export const PERSONALITY_NAMES: readonly PersonalityName[] = [
  'gitlab',
  'quay',
  'ecr',
  'harbor',
  'dockerhub',
  'gar',
  'ghcr',
  'acr',
  'cdn',
  'multitag'
];

/** What a personality needs of its backend: a TestRegistry fits (its `root` enables `gar` tag deletes). */
export type PersonalityBackend = Pick<TestRegistry, 'url'> & Partial<Pick<TestRegistry, 'root'>>;

export interface PersonalityOptions {
  /** quay: how long each manifest PUT is held before it is forwarded (default 150 ms). */
  holdMs?: number;

  /** ecr: repositories that exist (pushes to any other answer 404 NAME_UNKNOWN). */
  repositories?: string[];
  /**
   * ecr: asked about a push to a repository that does not exist; resolve true to create it (as
   * ECR's create-on-push repository creation templates do). Default: never.
   */
  createRepository?: (name: string) => boolean | Promise<boolean>;
  /** ecr: the registry id (account) named in NAME_UNKNOWN messages (default "123456789012"). */
  registryId?: string;
  /** ecr: tag immutability (default true: every PUT to an existing tag is refused). */
  immutableTags?: boolean;
  /** ecr: the registry's BLOB_MOUNTING account setting (default false: mounts are ignored). */
  blobMounting?: boolean;

  /**
   * harbor: what `DELETE /v2/<r>/manifests/<tag>` does. "artifact" (default): the artifact and
   * every tag on it are deleted (Harbor's documented behaviour, goharbor/harbor#11988);
   * "unsupported": 400 UNSUPPORTED, as the /v2 handler of Harbor 2.x does (see `harbor`).
   */
  tagDelete?: 'artifact' | 'unsupported';

  /** dockerhub: answer 429 once this many manifest GETs (pulls) were served in the window. Default: never. */
  rateLimitAfter?: number;
  /** dockerhub: Retry-After of the 429, in seconds (default 60); the window restarts after it. */
  retryAfterSeconds?: number;
  /** dockerhub: the limit announced in RateLimit-Limit (default rateLimitAfter, else 100). */
  rateLimitLimit?: number;
  /**
   * dockerhub: which 429. "abuse" (default): Docker Hub's overall limit, a plain-text body
   * "Too Many Requests (HAP429)." with Retry-After. "pull": the pull rate limit, JSON
   * TOOMANYREQUESTS "You have reached your pull rate limit…" (also sent with Retry-After here).
   */
  rateLimitKind?: 'abuse' | 'pull';

  /** cdn: how long a manifest just PUT stays unknown (default 1500 ms). */
  lagMs?: number;

  /** multitag: tags one PUT may name; more answer 414 (default 10, the spec's SHOULD-support count). */
  maxTags?: number;
  /** multitag: refuse every PUT that names tags with this status instead (431, 400). */
  refuseTagsWith?: 431 | 400;
  /** multitag: tags it neither sets nor names in OCI-Tag (a tag policy refusing them). */
  unnamedTags?: string[];

  /** print one line per finished request to stderr */
  logRequests?: boolean;
}

export interface PersonalityRequest {
  /** 1-based arrival order */
  seq: number;
  method: string;
  /** path and query as the client sent them */
  path: string;
  /** status sent to the client (0: none was sent) */
  status: number;
  /** the client's Accept header, if any */
  accept?: string;
  /** "personality": answered (or rewritten) by the personality; "backend": the registry's own answer */
  by: 'personality' | 'backend';
  /** what the personality did, when it did something */
  note?: string;
  ms?: number;
}

export interface Personality {
  name: PersonalityName;
  /** "127.0.0.1:PORT" */
  host: string;
  /** "http://127.0.0.1:PORT" */
  url: string;
  /** the backend registry's URL */
  backend: string;
  requests: PersonalityRequest[];
  /** dockerhub: manifest GETs served so far (a HEAD is not a pull); 0 elsewhere */
  pulls(): number;
  /** ecr: the repositories that exist (add to create one); empty elsewhere */
  repositories: Set<string>;
  stop(): Promise<void>;
}
