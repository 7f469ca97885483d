/**
 * The frame of every dashboard page: a small inline stylesheet (allowed by its hash in the content security
 * policy, so the policy needs no `unsafe-inline`), no script, no external asset, readable on a phone.
 */
import { createHash } from 'node:crypto';
import { type HtmlValue, html, rawHtml, type SafeHtml } from './html.js';

const STYLE = `
:root { color-scheme: light dark; --ok: #1a7f37; --bad: #c62828; --mid: #9a6700; --track: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, sans-serif; }
header, main { padding: 0.75rem 1rem; max-width: 72rem; margin: 0 auto; }
header { border-bottom: 1px solid var(--track); }
h1 { font-size: 1.3rem; margin: 0; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.4rem 0.5rem; border-bottom: 1px solid var(--track); vertical-align: top; }
th { font-size: 0.85rem; }
small, .muted { opacity: 0.75; }
.status { font-weight: 600; white-space: nowrap; }
.status-completed { color: var(--ok); }
.status-completed_with_failures, .status-running, .status-queued, .status-planning { color: var(--mid); }
.status-failed, .status-cancelled { color: var(--bad); }
.bar { display: block; width: 100%; min-width: 8rem; height: 0.6rem; margin-bottom: 0.2rem; }
.bar-track { fill: var(--track); }
.bar-sent { fill: var(--ok); }
.bar-failed { fill: var(--bad); }
.numbers { font-size: 0.85rem; white-space: nowrap; }
.date { white-space: nowrap; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; }
.notice { padding: 0.75rem 1rem; border: 1px solid var(--track); border-radius: 0.4rem; }
@media (max-width: 40rem) {
  table, tbody, tr, td { display: block; }
  thead { display: none; }
  tr { border-bottom: 2px solid var(--track); padding: 0.4rem 0; }
  td { border: 0; padding: 0.15rem 0; }
  td[data-label]::before { content: attr(data-label); display: block; font-size: 0.75rem; font-weight: 600; opacity: 0.7; }
}
`;

/** The content security policy for every dashboard response: nothing but this stylesheet may load or run. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every dashboard page carries, the refusal included. */
export const DASHBOARD_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // The link carries a signature in its query: never send it on as a referrer.
  'referrer-policy': 'no-referrer',
};

export interface PageOptions {
  title: string;
  body: HtmlValue;
  /** Seconds after which the browser reloads the page; none when undefined. */
  refreshSeconds?: number | undefined;
}

/** A whole HTML document. */
export function renderPage(options: PageOptions): SafeHtml {
  const refresh =
    options.refreshSeconds === undefined
      ? ''
      : html`<meta http-equiv="refresh" content="${options.refreshSeconds}" id="auto-refresh">`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${refresh}
<title>${options.title} · ManiReports cloud</title>
<style>${rawHtml(STYLE)}</style>
</head>
<body>
<header><h1>${options.title}</h1></header>
<main>
${options.body}
</main>
</body>
</html>
`;
}
