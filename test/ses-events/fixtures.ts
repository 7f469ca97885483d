/**
 * SES event records as SES publishes them to SNS through a configuration set, adapted from the AWS examples
 * ("Examples of event data that Amazon SES publishes to Amazon SNS", SES developer guide): the shapes and field names
 * are AWS's; the ids, the configuration set and our `jobId`/`userId` tags are ours.
 */
import type { SNSEvent } from 'aws-lambda';

const ADDRESS = 'recipient@example.com';

/** The `mail` object SES attaches to every event; `tags` holds our message tags next to SES's own. */
export function mailObject(tags: Record<string, string[]> = {}) {
  return {
    timestamp: '2026-03-02T09:00:02.012Z',
    source: 'Example Academy <noreply@example.org>',
    sourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/example.org',
    sendingAccountId: '123456789012',
    messageId: 'EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000',
    destination: [ADDRESS],
    headersTruncated: false,
    headers: [
      { name: 'From', value: 'Example Academy <noreply@example.org>' },
      { name: 'To', value: ADDRESS },
      { name: 'Subject', value: 'Reminder' },
    ],
    commonHeaders: { from: ['Example Academy <noreply@example.org>'], to: [ADDRESS], subject: 'Reminder' },
    tags: {
      'ses:configuration-set': ['ManiReportsConfigurationSet'],
      'ses:source-ip': ['192.0.2.0'],
      'ses:from-domain': ['example.org'],
      'ses:caller-identity': ['ManiReportsPipeline-EmailWorkerRole'],
      ...tags,
    },
  };
}

export const ourTags = (jobId: string, userId: number) => ({ jobId: [jobId], userId: [String(userId)] });

export function bounceRecord(tags: Record<string, string[]>, bounceType = 'Permanent', bounceSubType = 'General') {
  return {
    eventType: 'Bounce',
    bounce: {
      bounceType,
      bounceSubType,
      bouncedRecipients: [
        { emailAddress: ADDRESS, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
      ],
      timestamp: '2026-03-02T09:01:02.669Z',
      feedbackId: '01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000',
      reportingMTA: 'dsn; mta.example.com',
    },
    mail: mailObject(tags),
  };
}

export function complaintRecord(tags: Record<string, string[]>, complaintFeedbackType: string | null = 'abuse') {
  return {
    eventType: 'Complaint',
    complaint: {
      complainedRecipients: [{ emailAddress: ADDRESS }],
      timestamp: '2026-03-02T10:00:00.000Z',
      feedbackId: '01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000001',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
      ...(complaintFeedbackType === null ? {} : { complaintFeedbackType }),
      arrivalDate: '2026-03-02T09:59:58.000Z',
    },
    mail: mailObject(tags),
  };
}

export function deliveryRecord(tags: Record<string, string[]>) {
  return {
    eventType: 'Delivery',
    mail: mailObject(tags),
    delivery: {
      timestamp: '2026-03-02T09:00:03.812Z',
      processingTimeMillis: 1800,
      recipients: [ADDRESS],
      smtpResponse: '250 2.6.0 Message received',
      reportingMTA: 'mta-1a.example.com',
    },
  };
}

/** The SNS event Lambda receives for these SES records, one SNS message each. */
export function snsEvent(...records: unknown[]): SNSEvent {
  return {
    Records: records.map((record, index) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn:
        'arn:aws:sns:eu-west-1:123456789012:ManiReportsSesEvents:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55',
      Sns: {
        Type: 'Notification',
        MessageId: `95df01b4-ee98-5cb9-9903-4c221d41eb5${index}`,
        TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ManiReportsSesEvents',
        Subject: null as unknown as string,
        Message: typeof record === 'string' ? record : JSON.stringify(record),
        Timestamp: '2026-03-02T09:01:03.000Z',
        SignatureVersion: '1',
        Signature: 'EXAMPLE',
        SigningCertUrl: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem',
        UnsubscribeUrl: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe',
        MessageAttributes: {},
      },
    })),
  };
}
