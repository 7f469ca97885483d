/**
 * Private routes from the imported subnets to the AWS APIs the VPC functions (planner, status API) call, for
 * subnets without a NAT gateway: a DynamoDB gateway endpoint on the subnets' route tables, and SQS and Secrets
 * Manager interface endpoints reachable from the functions' security group only. Created only when the context
 * asks (`createVpcEndpoints`): a VPC that has NAT or these endpoints already must not get a second set.
 * Lambda's own logs and metrics (EMF in the logs) leave through the Lambda service, not the VPC (X-Ray: see
 * docs/deploy.md). Interface endpoints take one subnet per AZ, so the subnets must be in distinct AZs.
 */
import { Stack } from 'aws-cdk-lib';
import {
  CfnVPCEndpoint,
  InterfaceVpcEndpoint,
  InterfaceVpcEndpointAwsService,
  type ISecurityGroup,
  type ISubnet,
  type IVpc,
  Port,
  SecurityGroup,
} from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

export interface PipelineVpcEndpointsProps {
  vpc: IVpc;
  subnets: ISubnet[];
  /** The route tables of `subnets` (imported subnets do not know theirs). */
  routeTableIds: string[];
  /** The security group the VPC functions run with; the interface endpoints accept HTTPS from it. */
  clientSecurityGroup: ISecurityGroup;
}

export class PipelineVpcEndpoints extends Construct {
  constructor(scope: Construct, id: string, props: PipelineVpcEndpointsProps) {
    super(scope, id);
    // L1: the L2 gateway endpoint reads route tables from the subnets, which imported subnets lack.
    new CfnVPCEndpoint(this, 'DynamoDb', {
      vpcId: props.vpc.vpcId,
      serviceName: `com.amazonaws.${Stack.of(this).region}.dynamodb`,
      vpcEndpointType: 'Gateway',
      routeTableIds: props.routeTableIds,
    });
    const endpointGroup = new SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: props.vpc,
      description: 'ManiReports interface endpoints: HTTPS from the pipeline functions',
      allowAllOutbound: false,
    });
    endpointGroup.addIngressRule(props.clientSecurityGroup, Port.tcp(443), 'HTTPS from the ManiReports functions');
    const services = {
      Sqs: InterfaceVpcEndpointAwsService.SQS,
      SecretsManager: InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
    };
    for (const [name, service] of Object.entries(services)) {
      new InterfaceVpcEndpoint(this, name, {
        vpc: props.vpc,
        service,
        subnets: { subnets: props.subnets },
        securityGroups: [endpointGroup],
        privateDnsEnabled: true,
        open: false,
      });
    }
  }
}
