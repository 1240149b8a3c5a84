import { isHeic, isSvg } from '../../lib/sharp.js';

/** Content types Vitrine stores, recognised from their first bytes (never from a name or a header). */
export type SniffedType =
  | 'image/png'
  | 'image/jpeg'
  | 'image/gif'
  | 'image/webp'
  | 'image/heic'
  | 'image/svg+xml'
  | 'application/pdf';

const startsWith = (buf: Buffer, bytes: number[], at = 0) => bytes.every((b, i) => buf[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

export function sniffContentType(buf: Buffer): SniffedType | undefined {
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(buf, ascii('GIF87a')) || startsWith(buf, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(buf, ascii('RIFF')) && startsWith(buf, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(buf, ascii('%PDF-'))) return 'application/pdf';
  if (isHeic(buf)) return 'image/heic';
  if (isSvg(buf)) return 'image/svg+xml';
  return undefined;
}

export function isImageType(type: string | undefined): boolean {
  return type?.startsWith('image/') === true;
}
