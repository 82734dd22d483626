/** The action's inputs, read through @actions/core; the token is masked as it is read. */
import * as core from '@actions/core';
import { registryAuthPasswords } from '../model/credential-inputs';
import { type RawInputs } from '../model/options';
import { readSourceFiles } from './sources-from';

/** The action's inputs as raw strings, exactly as named in action.yml; `sources-from`'s files read from the workspace. */
export async function readInputs(): Promise<RawInputs> {
  const get = (name: string) => core.getInput(name);
  // A secret from the moment it is read: nothing may print it.
  const githubToken = get('github-token');
  if (githubToken) core.setSecret(githubToken);
  const password = get('password');
  const registryAuth = get('registry-auth');
  for (const secret of [password, ...registryAuthPasswords(registryAuth)]) if (secret) core.setSecret(secret);
  return {
    tags: get('tags'),
    sources: get('sources'),
    // The runner starts the action in the workspace: relative paths are the workflow's.
    sourceFiles: await readSourceFiles(get('sources-from'), process.cwd()),
    annotations: get('annotations'),
    insecure: get('insecure'),
    purge: get('purge'),
    amend: get('amend'),
    format: get('format'),
    push: get('push'),
    platforms: get('platforms'),
    attestations: get('attestations'),
    referrers: get('referrers'),
    summary: get('summary'),
    githubToken,
    username: get('username'),
    password,
    registryAuth
  };
}
