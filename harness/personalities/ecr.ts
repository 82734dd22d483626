/**
 * Amazon ECR.
 * - Immutable tags refuse every re-push, even of the same digest (aws/containers-roadmap#2179:
 *   "even when the digest has not changed, it fails with ImageTagAlreadyExistsException"). The
 *   registry API answer is code TAG_INVALID with "The image tag 'T' already exists in the 'R'
 *   repository and cannot be overwritten because the repository is immutable." (docker prints it
 *   as "tag invalid: …": moby/buildkit#3776, aws/containers-roadmap#862). Status 400 (distribution's
 *   for TAG_INVALID) is unconfirmed for ECR. A PUT by digest is always allowed.
 * - Cross-repository mounts are off unless the registry's BLOB_MOUNTING setting is enabled
 *   (docs.aws.amazon.com/AmazonECR/latest/userguide/blob-mounting.html: an account setting,
 *   `aws ecr put-account-setting --name BLOB_MOUNTING --value ENABLED`). Off, a mount request is
 *   a plain upload: the mount parameters are removed and the backend answers 202 with a session.
 * - A repository must exist before a push (ECR does not create on push: regclient/regclient#869,
 *   zarf-dev/zarf#1938): a push (POST uploads, PUT manifest) to another repository answers 404
 *   NAME_UNKNOWN "The repository with name 'R' does not exist in the registry with id 'ID'"
 *   (aws-actions/amazon-ecr-login#166, #202). Reads pass through.
 */
import type { PersonalityFactory } from './forwarding-proxy';
import { registryError, isDigest } from './wire';

export const ecr: PersonalityFactory = ({ opts, repositories }) => {
  const registryId = opts.registryId ?? '123456789012';
  const immutable = opts.immutableTags ?? true;
  return async (c) => {
    const r = c.route;
    const push = (r.kind === 'upload' && c.method === 'POST') || (r.kind === 'manifest' && c.method === 'PUT');
    if (push && 'repo' in r && !repositories.has(r.repo)) {
      if (opts.createRepository && (await opts.createRepository(r.repo))) repositories.add(r.repo);
      else {
        return c.reply(
          registryError(
            404,
            'NAME_UNKNOWN',
            `The repository with name '${r.repo}' does not exist in the registry with id '${registryId}'`,
            undefined,
            `no repository ${r.repo}`
          )
        );
      }
    }
    if (
      r.kind === 'upload' &&
      c.method === 'POST' &&
      !opts.blobMounting &&
      (c.url.searchParams.has('mount') || c.url.searchParams.has('from'))
    ) {
      const u = new URL(c.url);
      u.searchParams.delete('mount');
      u.searchParams.delete('from');
      return c.pass({ path: u.pathname + u.search, note: 'mount parameters removed (blob mounting off)' });
    }
    if (r.kind === 'manifest' && c.method === 'PUT' && immutable && !isDigest(r.ref)) {
      const existing = await c.resolve(r.repo, r.ref);
      if (existing.answer.status === 401 || existing.answer.status === 403)
        return c.relay(existing.answer, 'tag lookup refused');
      if (existing.digest) {
        return c.reply(
          registryError(
            400,
            'TAG_INVALID',
            `The image tag '${r.ref}' already exists in the '${r.repo}' repository and cannot be overwritten because the repository is immutable.`,
            undefined,
            `immutable tag ${r.ref}`
          )
        );
      }
    }
    return c.pass();
  };
};
