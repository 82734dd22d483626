import { EXIT_ON_SIGNAL, interruptedLine } from '../../src/model/interrupt';

describe('the line an interrupted run prints', () => {
  test('before any tag: what it was doing, and that nothing was tagged', () => {
    expect(interruptedLine('SIGTERM', { phase: 'Resolve sources', tagged: [] })).toBe(
      'interrupted by SIGTERM during "Resolve sources": nothing was tagged (blobs and manifests copied so far stay untagged)'
    );
  });

  test('during tagging: the tags that already hold the new list', () => {
    expect(interruptedLine('SIGINT', { phase: 'Push the list', tagged: ['r.io/a:1', 'r.io/b:1'] })).toBe(
      'interrupted by SIGINT during "Push the list": already tagged with the new list: r.io/a:1, r.io/b:1; no other tag was confirmed'
    );
  });

  test('a run that writes nothing says so', () => {
    expect(interruptedLine('SIGINT', { phase: 'inspect r.io/a:1', tagged: [], readOnly: 'inspect reads only' })).toBe(
      'interrupted by SIGINT during "inspect r.io/a:1": inspect reads only, nothing was written'
    );
  });

  test('exit status 128 + the signal number, as a shell reports it', () => {
    expect(EXIT_ON_SIGNAL).toEqual({ SIGINT: 130, SIGTERM: 143 });
  });
});
