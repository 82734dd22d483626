/**
 * GitLab (gitlab.com container registry): a manifest with a `subject` is refused while the subject
 * manifest is not yet in the repository. moby/buildkit#7007 ("Attestations as OCI artifacts fail
 * to push to gitlab.com when the subject manifest is new"; the error names the image manifest:
 * "blob unknown to registry - sha256:<image manifest digest>"), moby/buildkit#5561 (docker's
 * rendering: "manifest blob unknown: blob unknown to registry: sha256:…", i.e. code
 * MANIFEST_BLOB_UNKNOWN, message "blob unknown to registry", the digest as detail). The status (400,
 * distribution's for MANIFEST_BLOB_UNKNOWN) is unconfirmed for GitLab.
 */
import type { PersonalityFactory } from './forwarding-proxy';
import { registryError } from './wire';

export const gitlab: PersonalityFactory = () => {
  return async (c) => {
    const r = c.route;
    if (r.kind !== 'manifest' || c.method !== 'PUT') return c.pass();
    const body = await c.body();
    let subject: unknown;
    try {
      subject = (JSON.parse(body.toString('utf8')) as { subject?: unknown }).subject;
    } catch {
      /* not JSON: the backend says what is wrong with it */
    }
    const digest = subject && typeof subject === 'object' ? (subject as { digest?: unknown }).digest : undefined;
    if (typeof digest === 'string') {
      const s = await c.resolve(r.repo, digest);
      if (s.answer.status === 401 || s.answer.status === 403) return c.relay(s.answer, 'subject lookup refused');
      if (!s.digest)
        return c.reply(
          registryError(
            400,
            'MANIFEST_BLOB_UNKNOWN',
            'blob unknown to registry',
            digest,
            `subject ${digest} not in ${r.repo}`
          )
        );
    }
    return c.pass({ body });
  };
};
