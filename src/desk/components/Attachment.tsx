// An attachment decrypted in this browser: pictures shown, everything downloadable, as blob: addresses that are
// revoked when the case closes. The type shown is never trusted to run anything: pictures go in <img>, and only
// the image types a browser decodes safely; anything else is a download with a neutral type.
import { useEffect, useMemo } from 'react';
import type { MimePart } from '../mime.ts';

const viewable = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']);

export function Attachment({ part, index }: { part: MimePart; index: number }) {
  const isImage = viewable.has(part.contentType);
  const url = useMemo(
    () =>
      URL.createObjectURL(
        new Blob([part.bytes as Uint8Array<ArrayBuffer>], {
          type: isImage ? part.contentType : 'application/octet-stream',
        }),
      ),
    [part, isImage],
  );
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  const name = part.filename || `attachment-${index + 1}`;
  return (
    <li className="desk-attachment">
      {isImage && <img src={url} alt={`Attachment ${index + 1}: ${name}`} />}
      <a href={url} download={name}>
        Download {name}
      </a>{' '}
      <span className="desk-muted">
        ({part.contentType}, {Math.ceil(part.bytes.length / 1024)} KB)
      </span>
    </li>
  );
}
