/** Pages that show no data: the refusal (no valid link or session) and an unknown job. */
import { html, type SafeHtml } from './html.js';
import { renderPage } from './page-layout.js';

/** The page for a visitor without a valid link or session: says what to do, shows nothing else. */
export function renderRefusalPage(): SafeHtml {
  return renderPage({
    title: 'Link expired or invalid',
    body: html`<p class="notice" data-testid="refusal">This dashboard link has expired or is not valid.
Open the cloud jobs dashboard again from Moodle to get a new link.</p>`,
  });
}

/** The page for a job id that no job has. */
export function renderJobNotFoundPage(jobId: string): SafeHtml {
  return renderPage({
    title: 'Job not found',
    body: html`<p class="notice" data-testid="not-found">There is no job <code>${jobId}</code>.</p>
<p><a href="/dashboard" data-testid="back-link">← All jobs</a></p>`,
  });
}
