/** Files the API sends as attachments: their names, and saving them from the page. */

export interface DownloadedFile {
  blob: Blob;
  name: string;
}

const EXTENDED = /(?:^|;)\s*filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i;
const QUOTED = /(?:^|;)\s*filename\s*=\s*"((?:[^"\\]|\\.)*)"/i;
const TOKEN = /(?:^|;)\s*filename\s*=\s*([^";\s]+)/i;

/** The file name a Content-Disposition header gives (RFC 6266: the UTF-8 `filename*` wins
 * over the ASCII fallback), without any folder part; `fallback` when it gives none. */
export function fileNameOf(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const name = extendedName(header) ?? quotedName(header) ?? TOKEN.exec(header)?.[1];
  const base = name?.split(/[/\\]/).pop()?.trim();
  return base ? base : fallback;
}

function extendedName(header: string): string | undefined {
  const match = EXTENDED.exec(header);
  if (!match?.[2]) return undefined;
  try {
    return decodeURIComponent(match[2].trim());
  } catch {
    return undefined; // malformed percent-encoding: use the plain name instead
  }
}

function quotedName(header: string): string | undefined {
  return QUOTED.exec(header)?.[1]?.replace(/\\(.)/g, "$1");
}

/** Hands a fetched file to the browser's download (the API needs the bearer token, so a
 * plain link cannot fetch it). */
export function saveFile({ blob, name }: DownloadedFile): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  window.setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 60_000);
}
