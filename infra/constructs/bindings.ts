/**
 * Bind a resource to a function in one call: set the environment variable the code reads and grant exactly the
 * actions that code performs (named actions on the named resource), so the two can never drift apart.
 */
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { PipelineFunction } from './pipeline-function.js';

/** The DynamoDB calls the adapters in shared/adapters/dynamodb make (Get, Put, conditional Update, Query). */
const TABLE_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:Query'],
  readWrite: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  /** The planner on the schedule snapshots: reads them, scans for run-now requests, deletes the ones it handled. */
  consumeRequests: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:DeleteItem'],
  /** The status API on the jobs table: pages of keys from its indexes (see `indexNames`), then BatchGet. */
  list: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
} as const;

export interface BindTableOptions {
  /** Only the name and ARN are used (a narrow type also spares jsii's optional-property typing). */
  table: Pick<ITableV2, 'tableName' | 'tableArn'>;
  /** The variable that carries the table name, e.g. MANIREPORTS_JOBS_TABLE. */
  envVar: string;
  accessMode: keyof typeof TABLE_ACTIONS;
  /** Indexes the function queries; the same actions are granted on each by name. @default none */
  indexNames?: readonly string[];
}

/** Sets `envVar` to the table's name and grants the access mode's actions on the table and the named indexes. */
export function bindTable(
  fn: PipelineFunction,
  { table, envVar, accessMode, indexNames = [] }: BindTableOptions,
): void {
  fn.function.addEnvironment(envVar, table.tableName);
  const resources = [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)];
  fn.role.addToPolicy(new PolicyStatement({ actions: [...TABLE_ACTIONS[accessMode]], resources }));
}

export interface BindQueueOptions {
  queue: IQueue;
  /** The variable that carries the queue URL. */
  envVar: string;
  /** `send`: SendMessage (the adapter's SendMessageBatch authorises as SendMessage). `urlOnly`: the variable alone. */
  accessMode: 'send' | 'urlOnly';
}

/** Sets `envVar` to the queue URL and, for `send`, grants sqs:SendMessage on that queue only. */
export function bindQueue(fn: PipelineFunction, { queue, envVar, accessMode }: BindQueueOptions): void {
  fn.function.addEnvironment(envVar, queue.queueUrl);
  if (accessMode === 'send') {
    fn.role.addToPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
  }
}

export interface BindBucketOptions {
  bucket: Pick<IBucket, 'bucketName' | 'arnForObjects'>;
  /** The variable that carries the bucket name. */
  envVar: string;
  /** `read`: GetObject (attachments and presigned links). `write`: PutObject (the certificate worker). */
  accessMode: 'read' | 'write';
}

/**
 * Sets `envVar` to the bucket name and grants one object action on the bucket's objects. The resource ends in `/*`
 * because certificate keys are made per recipient at run time; cdk-nag's IAM5 finding for it is acknowledged.
 */
export function bindBucket(fn: PipelineFunction, { bucket, envVar, accessMode }: BindBucketOptions): void {
  fn.function.addEnvironment(envVar, bucket.bucketName);
  const action = accessMode === 'read' ? 's3:GetObject' : 's3:PutObject';
  fn.role.addToPolicy(new PolicyStatement({ actions: [action], resources: [bucket.arnForObjects('*')] }));
}

export interface BindSecretOptions {
  /** The secret's complete ARN (with its six-character suffix). */
  secretArn: string;
  /** The variable that carries the ARN; the value itself never enters the template. */
  envVar: string;
}

/** Sets `envVar` to the secret's ARN and grants secretsmanager:GetSecretValue on that secret only. */
export function bindSecret(fn: PipelineFunction, { secretArn, envVar }: BindSecretOptions): void {
  fn.function.addEnvironment(envVar, secretArn);
  fn.role.addToPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] }));
}
