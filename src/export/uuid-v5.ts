/**
 * Name-based UUIDs (RFC 4122 §4.3, version 5, SHA-1) with `node:crypto`, so the STIX export can give an object the
 * same id every time it is exported and importers (OpenCTI, MISP) merge re-imports instead of duplicating them.
 */
import { createHash } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * claimwire's own namespace for STIX ids. Fixed forever: changing it would give every exported object a new id and
 * make importers duplicate what they already hold.
 */
export const CLAIMWIRE_STIX_NAMESPACE = '3f0c9a4e-5d27-4c1b-9e6a-8b1f2d7c4a90';

function uuidBytes(uuid: string): Buffer {
  if (!UUID.test(uuid)) throw new TypeError(`not a UUID: ${uuid}`);
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/**
 * The version-5 UUID of `name` in `namespace`: SHA-1 over the namespace's 16 bytes and the name's UTF-8 bytes, the
 * first 16 bytes of the digest with the version nibble set to 5 and the variant bits to `10`.
 */
export function uuidV5(name: string, namespace: string = CLAIMWIRE_STIX_NAMESPACE): string {
  const hasher = uuidV5Hasher(namespace);
  hasher.update(name);
  return hasher.uuid();
}

/** {@link uuidV5} of a name given in pieces (a streamed STIX bundle hashes its JSON as it writes it). */
export function uuidV5Hasher(namespace: string = CLAIMWIRE_STIX_NAMESPACE): {
  update: (piece: string) => void;
  uuid: () => string;
} {
  const hash = createHash('sha1').update(uuidBytes(namespace));
  return {
    update: (piece) => {
      hash.update(piece, 'utf8');
    },
    uuid: () => {
      const bytes = hash.digest().subarray(0, 16);
      bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
      bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
      const hex = bytes.toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
  };
}
