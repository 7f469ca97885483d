/** Which representation a client prefers, from its `Accept` header (RFC 9110 §12.5.1, q-values and wildcards). */

/**
 * True when `accept` ranks `text/html` above `application/json`: a browser (`text/html,…,*\/*;q=0.8`) gets a
 * page, while `fetch`, curl and API clients (`*\/*`, `application/json`, or no header) get JSON. A tie means JSON.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return false;
  const ranges = accept.split(',').map(parseRange);
  return qualityOf('text/html', ranges) > qualityOf('application/json', ranges);
}

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

function parseRange(text: string): MediaRange {
  const [mediaType = '', ...parameters] = text.split(';').map((part) => part.trim().toLowerCase());
  const [type = '', subtype = ''] = mediaType.split('/');
  const qParameter = parameters.find((parameter) => parameter.startsWith('q='));
  const q = qParameter === undefined ? 1 : Number(qParameter.slice(2));
  return { type, subtype, q: Number.isFinite(q) && q >= 0 && q <= 1 ? q : 0 };
}

/** The q of the most specific range that matches `mediaType` (0 when none does). */
function qualityOf(mediaType: string, ranges: readonly MediaRange[]): number {
  const [type, subtype] = mediaType.split('/');
  let best: { specificity: number; q: number } = { specificity: -1, q: 0 };
  for (const range of ranges) {
    const specificity =
      range.type === type && range.subtype === subtype
        ? 2
        : range.type === type && range.subtype === '*'
          ? 1
          : range.type === '*' && range.subtype === '*'
            ? 0
            : -1;
    if (specificity > best.specificity) best = { specificity, q: range.q };
  }
  return best.q;
}
