// Only for dist/licenses.txt: ncc writes one licenses file per chunk, each over the last, so the
// action's bundle (whose Octokit and undici come in a chunk of their own) would list only one
// chunk's packages. Built as a single chunk, this lists every package the action's bundle holds.
import '../src/index';
import '../src/registry/octokit';
