/**
 * The page a person sees after scanning a certificate's QR code: valid (name, course, issue date) or unknown.
 * Server-rendered, every value escaped, no script; the response's CSP allows nothing but its inline style.
 */
import type { Verification } from '#use-cases/verify-certificate.js';

/** Headers that keep the page inert: no scripts, frames, or referrer leaking the code to other sites. */
export const VERIFY_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Text as HTML: the five characters that matter escaped, control characters dropped. */
export function escapeHtml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
  );
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem}.valid{color:#1a6b2f}.unknown{color:#9b1c1c}dt{font-weight:600;margin-top:.8rem}
dd{margin:0}code{font-size:1.05rem}`;

export function renderVerifyPage(verification: Verification): string {
  const body =
    verification.status === 'valid'
      ? `<h1 class="valid">Valid certificate</h1>
<dl>
<dt>Name</dt><dd>${escapeHtml(verification.certificate.name)}</dd>
<dt>Course</dt><dd>${escapeHtml(verification.certificate.course)}</dd>
<dt>Issued on</dt><dd><time datetime="${escapeHtml(verification.certificate.issuedOn)}">${escapeHtml(
          verification.certificate.issuedOnText,
        )}</time></dd>
<dt>Verification code</dt><dd><code>${escapeHtml(verification.certificate.code)}</code></dd>
</dl>`
      : `<h1 class="unknown">Unknown certificate</h1>
<p>No certificate was issued with the code <code>${escapeHtml(verification.code)}</code>.
Check the code printed beneath the QR code and try again.</p>`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Certificate verification</title><style>${STYLE}</style></head>
<body>
${body}
</body>
</html>
`;
}
