/**
 * `GET /certificates/{code}`: the "Download your certificate" link of a certificate email. A known code answers
 * `302 Found` with `Location` set to a freshly signed, short-lived URL of the stored PDF (the bucket stays private);
 * an unknown or altered code answers `404` (JSON `{ status: "unknown", code }`, or the verification page's
 * "Unknown certificate" for a browser). The link carries only the verification code, so it works for as long as
 * the certificate is kept.
 */
import { CERTIFICATES_PATH } from '#domain/certificate-link.js';
import type { CertificateDownload } from '#use-cases/open-certificate.js';
import { prefersHtml } from './content-negotiation.js';
import { type HttpResponse, htmlResponse, jsonResponse } from './http-message.js';
import type { HttpRoute } from './http-router.js';
import { renderVerifyPage, VERIFY_PAGE_HEADERS } from './verify-page.js';

export { CERTIFICATES_PATH };

export interface CertificateRouteOptions {
  openCertificate: (typedCode: string) => Promise<CertificateDownload>;
}

export function makeCertificateRoute(options: CertificateRouteOptions): HttpRoute {
  return {
    method: 'GET',
    pattern: `${CERTIFICATES_PATH}/{code}`,
    handle: async (request, params) =>
      toResponse(await options.openCertificate(params.code ?? ''), prefersHtml(request.headers.accept)),
  };
}

function toResponse(download: CertificateDownload, html: boolean): HttpResponse {
  // The signed URL must not be cached or passed on as a referrer; the answer to a browser differs from JSON's.
  const headers = { 'referrer-policy': 'no-referrer', vary: 'accept' };
  if (download.status === 'found') {
    return { statusCode: 302, headers: { location: download.url, 'cache-control': 'no-store', ...headers }, body: '' };
  }
  if (html) return htmlResponse(404, renderVerifyPage(download), { ...VERIFY_PAGE_HEADERS, ...headers });
  return jsonResponse(404, { status: 'unknown', code: download.code }, headers);
}
