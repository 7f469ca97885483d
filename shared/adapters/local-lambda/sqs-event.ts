/**
 * Turns messages from `ReceiveMessage` into the `SQSEvent` Lambda's event source mapping hands a function: the same
 * record shape, attribute names and casing, so a handler cannot tell a local batch from a real one.
 */
import { createHash } from 'node:crypto';
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import { AppError } from '#domain/errors.js';

/** Where the records come from. */
export interface SqsEventSourceArn {
  queueArn: string;
  region: string;
}

/** A message lacked what every received message has (an id, a receipt handle, the requested system attributes). */
export class IncompleteSqsMessageError extends AppError {
  constructor(
    readonly missing: string,
    messageId?: string,
  ) {
    super(`SQS message ${messageId ?? '(no id)'} has no ${missing}; receive with MessageSystemAttributeNames ['All']`);
  }
}

/** The event for one received batch. */
export function toSqsEvent(messages: readonly Message[], source: SqsEventSourceArn): SQSEvent {
  return { Records: messages.map((message) => toSqsRecord(message, source)) };
}

/** One record, as Lambda builds it from a received message. */
export function toSqsRecord(message: Message, source: SqsEventSourceArn): SQSRecord {
  const { MessageId: messageId, ReceiptHandle: receiptHandle } = message;
  if (messageId === undefined) throw new IncompleteSqsMessageError('MessageId');
  if (receiptHandle === undefined) throw new IncompleteSqsMessageError('ReceiptHandle', messageId);
  const body = message.Body ?? '';
  return {
    messageId,
    receiptHandle,
    body,
    attributes: toRecordAttributes(message),
    messageAttributes: toRecordMessageAttributes(message.MessageAttributes ?? {}),
    md5OfBody: message.MD5OfBody ?? createHash('md5').update(body, 'utf8').digest('hex'),
    ...(message.MD5OfMessageAttributes === undefined ? {} : { md5OfMessageAttributes: message.MD5OfMessageAttributes }),
    eventSource: 'aws:sqs',
    eventSourceARN: source.queueArn,
    awsRegion: source.region,
  };
}

const REQUIRED_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'SentTimestamp',
  'SenderId',
  'ApproximateFirstReceiveTimestamp',
] as const;
const OPTIONAL_ATTRIBUTES = [
  'AWSTraceHeader',
  'SequenceNumber',
  'MessageGroupId',
  'MessageDeduplicationId',
  'DeadLetterQueueSourceArn',
] as const;

function toRecordAttributes(message: Message): SQSRecordAttributes {
  const received: Partial<Record<string, string>> = message.Attributes ?? {};
  const required = Object.fromEntries(
    REQUIRED_ATTRIBUTES.map((name) => {
      const value = received[name];
      if (value === undefined) throw new IncompleteSqsMessageError(`attribute ${name}`, message.MessageId);
      return [name, value];
    }),
  ) as Pick<SQSRecordAttributes, (typeof REQUIRED_ATTRIBUTES)[number]>;
  const optional = Object.fromEntries(
    OPTIONAL_ATTRIBUTES.flatMap((name) => (received[name] === undefined ? [] : [[name, received[name]]])),
  );
  return { ...required, ...optional };
}

/** Lambda's casing (`stringValue`, `dataType`), binary values in base64, and the reserved list fields as `[]`. */
function toRecordMessageAttributes(attributes: Record<string, MessageAttributeValue>): SQSMessageAttributes {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      {
        ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
        ...(value.BinaryValue === undefined ? {} : { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
        stringListValues: value.StringListValues ?? [],
        binaryListValues: (value.BinaryListValues ?? []).map((item) => Buffer.from(item).toString('base64')),
        dataType: value.DataType ?? 'String',
      },
    ]),
  );
}
