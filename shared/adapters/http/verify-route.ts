/**
 * `GET /verify/{code}` (and `GET /verify?code=…`, the form each certificate's QR code carries): public verification.
 * JSON `200 { status: "valid", certificate: { code, name, course, issuedOn } }` or `404 { status: "unknown", code }`;
 * a browser (Accept ranks text/html first) gets the same answer as a small HTML page.
 */
import type { Verification } from '#use-cases/verify-certificate.js';
import { prefersHtml } from './content-negotiation.js';
import { type HttpRequest, type HttpResponse, htmlResponse, jsonResponse } from './http-message.js';
import type { HttpRoute } from './http-router.js';
import { renderVerifyPage, VERIFY_PAGE_HEADERS } from './verify-page.js';

export const VERIFY_PATH = '/verify';

export interface VerifyRouteOptions {
  verifyCertificate: (typedCode: string) => Promise<Verification>;
}

/** Both routes: the path form and the query form (`MANIREPORTS_VERIFY_BASE_URL` = `<base>/verify`). */
export function makeVerifyRoutes(options: VerifyRouteOptions): HttpRoute[] {
  const answer = async (request: HttpRequest, typedCode: string) =>
    toResponse(await options.verifyCertificate(typedCode), prefersHtml(request.headers.accept));
  return [
    {
      method: 'GET',
      pattern: `${VERIFY_PATH}/{code}`,
      handle: (request, params) => answer(request, params.code ?? ''),
    },
    { method: 'GET', pattern: VERIFY_PATH, handle: (request) => answer(request, request.query?.code ?? '') },
  ];
}

function toResponse(verification: Verification, html: boolean): HttpResponse {
  const statusCode = verification.status === 'valid' ? 200 : 404;
  // The answer depends on Accept, so caches in front must keep the two apart.
  const vary = { vary: 'accept' };
  if (html) return htmlResponse(statusCode, renderVerifyPage(verification), { ...VERIFY_PAGE_HEADERS, ...vary });
  if (verification.status === 'unknown') return jsonResponse(404, verification, vary);
  const { code, name, course, issuedOn } = verification.certificate;
  return jsonResponse(200, { status: 'valid', certificate: { code, name, course, issuedOn } }, vary);
}
