import type { SignObjectUrl } from '../../adapters/aws/build-object-urls';

/** Stands in for S3 URL signing: the URL says which key, which method and for how long. */
export const fakeSigner: SignObjectUrl = async (method, key, expiresIn) => signedUrl(key, method, expiresIn);

/** The URL `fakeSigner` gives. */
export function signedUrl(key: string, method: 'GET' | 'PUT', expiresIn: number): string {
  return `https://signed.example/${key}?method=${method}&expires=${expiresIn}`;
}
