/**
 * The lasting link to a certificate that an email carries: `<base>/certificates/{code}` on the HTTP API. It holds
 * only the verification code (no signature, no expiry); the API checks the code each time and hands out a freshly
 * signed, short-lived object URL. Pure.
 */

/** The API path the links point at. */
export const CERTIFICATES_PATH = '/certificates';

/**
 * The link for the certificate with `verificationCode`.
 * @param baseUrl where the route is served, ending in `/certificates` (`MANIREPORTS_CERTIFICATE_LINK_BASE_URL`);
 *   trailing slashes are ignored.
 */
export function certificateLinkFor(baseUrl: string, verificationCode: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(verificationCode)}`;
}
