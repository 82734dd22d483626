import { ociTagsOf, withTagQuery } from '../../src/registry/oci-tag';

// distribution-spec spec.md, "Pushing Manifests": the server's example answer.
test('OCI-Tag: comma-joined, on several lines, or both (as the spec example)', () => {
  expect(ociTagsOf(['1.2.3, 1.2, 1', 'latest'])).toEqual(['1.2.3', '1.2', '1', 'latest']);
  // Node joins repeated header lines with ", ".
  expect(ociTagsOf('1.2.3, 1.2, 1, latest')).toEqual(['1.2.3', '1.2', '1', 'latest']);
  expect(ociTagsOf('latest')).toEqual(['latest']);
  expect(ociTagsOf(undefined)).toEqual([]);
  expect(ociTagsOf(' , ')).toEqual([]);
});

test('the tag query: every tag as a `tag` parameter, in order', () => {
  expect(withTagQuery('sha256:abc', ['1.2.3', 'latest'])).toBe('sha256:abc?tag=1.2.3&tag=latest');
});
