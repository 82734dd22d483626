/**
 * Octokit and what it needs, as one chunk of the bundle loaded on first use (github-packages.ts
 * imports this file dynamically): @actions/github, and the real undici it sends with (see
 * util/lazy-undici.ts for why the rest of the bundle does without).
 */
// First: modules run in import order, and @actions/github uses undici as it loads.
import './real-undici';

export { getOctokit } from '@actions/github';
