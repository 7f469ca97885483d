/**
 * The cdk-nag AwsSolutions findings this app accepts, each with the reason. Everything else fails the synth.
 * Finding ids follow cdk-nag 3: `AwsSolutions::<rule>[<finding>]`, one acknowledgement per finding.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The X-Ray and (in a VPC) EC2 network interface actions, which AWS only authorises on `*`. */
export function acknowledgeStarResource(policyOwner: IConstruct, inVpc: boolean): void {
  Validations.of(policyOwner).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    reason: inVpc
      ? 'xray:PutTraceSegments/PutTelemetryRecords (active tracing) and the EC2 network interface actions a VPC ' +
        'function needs support no resource-level permissions; AWS requires Resource "*" for them.'
      : 'xray:PutTraceSegments/PutTelemetryRecords (active tracing) support no resource-level permissions; AWS ' +
        'requires Resource "*".',
  });
}

/** A single object action on every object of the certificate bucket. */
export function acknowledgeBucketObjects(policyOwner: IConstruct, bucketArnExportName: string): void {
  Validations.of(policyOwner).acknowledge({
    id: `AwsSolutions::AwsSolutions-IAM5[Resource::${bucketArnExportName}/*]`,
    reason:
      'Certificate object keys are derived per recipient at run time, so the one object action granted ' +
      "(GetObject or PutObject) must cover the bucket's objects; no bucket-level or other action is granted.",
  });
}
