/** The email worker's configuration and adapters, built once per cold start. */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { makeSesMailer } from '#adapters/email/ses-mailer.js';
import { makeCertificateStore, makeJobCallbacksFromEnvironment, makeStores } from '#adapters/pipeline-adapters.js';
import { httpUrl, parseEnvironment, wholeNumber } from '#config/parse-environment.js';
import { readBucketEnvironment, readStoreEnvironment } from '#config/pipeline-environment.js';
import { backoffDelay } from '#domain/backoff.js';
import { certificateLinkFor } from '#domain/certificate-link.js';
import type { CloudJob } from '#domain/cloud-job.js';
import { type CertificateDelivery, type EmailTemplate, resolveScheduleTemplate } from '#domain/email-template.js';
import { TokenBucket } from '#domain/token-bucket.js';
import type { SendEmailDeps } from '#use-cases/send-email-message.js';

const EMAIL_WORKER_ENVIRONMENT = {
  /** The sender, `noreply@example.org` or `"Example Academy" <noreply@example.org>`; SES must have it verified. */
  MANIREPORTS_MAIL_FROM: z.string().regex(/^(?:"[^"\r\n]*" )?<?[^\s@<>]+@[^\s@<>]+>?$/, 'must be an email address'),
  /** Carries bounce and complaint events back to the pipeline. */
  MANIREPORTS_SES_CONFIGURATION_SET: z.string().min(1),
  /** Moodle's wwwroot, for course links. */
  MANIREPORTS_MOODLE_URL: httpUrl,
  /** SES MaxSendRate for the whole pipeline, shared by all concurrent workers. */
  MANIREPORTS_MAX_SEND_RATE: wholeNumber(1).default(14),
  /** The email queue's maximum concurrency (the CDK app sets both from one value). */
  MANIREPORTS_EMAIL_WORKER_CONCURRENCY: wholeNumber(1).default(2),
  MANIREPORTS_CLAIM_TIMEOUT_SECONDS: wholeNumber(60).default(900),
  MANIREPORTS_MAX_ATTEMPTS: wholeNumber(1).default(5),
  MANIREPORTS_THROTTLE_RETRIES: wholeNumber(0).default(3),
  /**
   * `attachment`: the PDF goes in the mail and the default template has no link (a schedule's own template that
   * uses `{certificateurl}` still gets one); `link`: the default template links to the certificate instead.
   */
  MANIREPORTS_CERTIFICATE_DELIVERY: z.enum(['link', 'attachment']).default('attachment'),
  /**
   * Where certificate links point: the HTTP API's `/certificates` (`https://<api>/certificates`). A link holds only
   * the verification code; each click is checked and redirected to a freshly signed object URL, so it never expires.
   */
  MANIREPORTS_CERTIFICATE_LINK_BASE_URL: httpUrl,
  AWS_ENDPOINT_URL_SESV2: httpUrl.optional(),
};

export function loadEmailWorkerDependencies(env: Record<string, string | undefined> = process.env): SendEmailDeps {
  const own = parseEnvironment(EMAIL_WORKER_ENVIRONMENT, env);
  const { jobs, ledger, runState } = makeStores(readStoreEnvironment(env));
  const clock = () => Math.floor(Date.now() / 1000);
  const certificates = makeCertificateStore(readBucketEnvironment(env));
  const moodleUrl = own.MANIREPORTS_MOODLE_URL.replace(/\/+$/, '');
  // This worker's share of the pipeline-wide rate: SQS never runs more than `concurrency` workers at once.
  const bucket = new TokenBucket({
    ratePerSecond: own.MANIREPORTS_MAX_SEND_RATE / own.MANIREPORTS_EMAIL_WORKER_CONCURRENCY,
    clock: Date.now,
  });
  return {
    jobs,
    ledger,
    mailer: makeSesMailer({
      configurationSetName: own.MANIREPORTS_SES_CONFIGURATION_SET,
      ...(own.AWS_ENDPOINT_URL_SESV2 ? { endpoint: own.AWS_ENDPOINT_URL_SESV2 } : {}),
    }),
    templateFor: makeTemplateCache(own.MANIREPORTS_CERTIFICATE_DELIVERY),
    links: {
      courseUrl: (courseId) => (courseId > 0 ? `${moodleUrl}/course/view.php?id=${courseId}` : `${moodleUrl}/`),
      certificateLink: ({ verificationCode }) =>
        certificateLinkFor(own.MANIREPORTS_CERTIFICATE_LINK_BASE_URL, verificationCode),
      ...(own.MANIREPORTS_CERTIFICATE_DELIVERY === 'attachment'
        ? {
            certificateAttachment: async ({ key, verificationCode }) => ({
              filename: `certificate-${verificationCode}.pdf`,
              contentType: 'application/pdf',
              content: await certificates.get(key),
            }),
          }
        : {}),
    },
    awaitSendSlot: async () => {
      const wait = bucket.reserve();
      if (wait > 0) await sleep(wait);
    },
    backOff: (attempt) => sleep(backoffDelay(attempt, { baseMs: 200, maxMs: 5_000 })),
    clock,
    callbacks: makeJobCallbacksFromEnvironment(env, { jobs, runState }, clock),
    settings: {
      from: own.MANIREPORTS_MAIL_FROM,
      claimTimeoutSeconds: own.MANIREPORTS_CLAIM_TIMEOUT_SECONDS,
      maxAttempts: own.MANIREPORTS_MAX_ATTEMPTS,
      throttleRetries: own.MANIREPORTS_THROTTLE_RETRIES,
    },
  };
}

/** Jobs whose template is kept: a worker sees few jobs at a time, and a job's template never changes. */
const TEMPLATE_CACHE_SIZE = 64;

/**
 * The template each job captured at claim (the schedule's own, else the action's default for this worker's
 * certificate delivery), resolved once per job for this cold start.
 */
function makeTemplateCache(delivery: CertificateDelivery): SendEmailDeps['templateFor'] {
  const cache = new Map<string, EmailTemplate>();
  return async (message, job: CloudJob | undefined) => {
    const cached = cache.get(message.jobId);
    if (cached !== undefined) return cached;
    const template = resolveScheduleTemplate(message.actionType, job?.template, delivery);
    if (cache.size >= TEMPLATE_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(message.jobId, template);
    return template;
  };
}
