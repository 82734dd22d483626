/**
 * Hands the real undici to util/lazy-undici.ts. A module of its own, imported by octokit.ts before
 * @actions/github: that package reaches undici while it loads (its defaults make a ProxyAgent
 * when HTTPS_PROXY is set), so undici must be there before its first line runs.
 */
import * as undici from 'undici/index.js';
import { provideUndici } from '../util/lazy-undici';

provideUndici(undici);
