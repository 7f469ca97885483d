/**
 * What the measured process imports, bundled by esbuild as the certificate Lambda is (bundle-renderer.ts): the
 * production renderer and the domain rules for its verification codes and URLs.
 */
export { makePdfCertificateRenderer } from '#adapters/certificate/pdf-certificate-renderer.js';
export { buildVerificationUrl, makeVerificationCode } from '#domain/certificate.js';
