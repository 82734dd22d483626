/**
 * The OCI-index Accept rule: an OCI index is 404 MANIFEST_UNKNOWN "OCI index found, but accept
 * header does not support OCI indexes" to a client whose Accept lacks
 * application/vnd.oci.image.index.v1+json (Azure/azure-cli#25280 for ACR; the exact body is in
 * Azure/acr-cli#132). For GHCR the same rule and wording are assumed (unconfirmed).
 * Distribution 2.8 has the same rule built in (registry/handlers/manifests.go), so to make the
 * personality the one that rules, the request goes to the backend with the index type added to
 * its Accept (which changes nothing else distribution negotiates) and the personality decides on
 * the Content-Type the backend answers with.
 */
import type { InterceptedRequest } from './intercepted-request';
import { acceptedTypes, MT, registryError } from './wire';

export function passWithIndexAcceptRule(c: InterceptedRequest): Promise<number> {
  const accepted = acceptedTypes(c.req.headers.accept);
  if (accepted.has(MT.ociIndex)) return c.pass();
  const accept = [c.req.headers.accept, MT.ociIndex]
    .filter((s): s is string => typeof s === 'string' && s !== '')
    .join(', ');
  return c.pass({
    headers: { accept },
    intercept: (status, headers) => {
      const type = String(headers['content-type'] ?? '')
        .split(';')[0]
        .trim()
        .toLowerCase();
      if (status === 200 && type === MT.ociIndex) {
        return registryError(
          404,
          'MANIFEST_UNKNOWN',
          'OCI index found, but accept header does not support OCI indexes',
          undefined,
          'OCI index hidden from this Accept'
        );
      }
      return undefined;
    }
  });
}
