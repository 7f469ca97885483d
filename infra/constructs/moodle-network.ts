/**
 * Where the functions that read Moodle's database run: the VPC, subnets and security group imported by id (no
 * lookup, so synth needs no credentials), and, when the context asks, the VPC endpoints those subnets need.
 */
import { Annotations, Fn } from 'aws-cdk-lib';
import {
  type ISecurityGroup,
  type ISubnet,
  type IVpc,
  SecurityGroup,
  Subnet,
  type SubnetSelection,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { DeployConfig } from '../config/deploy-config.js';
import { PipelineVpcEndpoints } from './vpc-endpoints.js';

export class MoodleNetwork extends Construct {
  readonly vpc: IVpc;
  readonly subnets: ISubnet[];
  readonly securityGroup: ISecurityGroup;

  constructor(
    scope: Construct,
    id: string,
    config: Pick<DeployConfig, 'vpcId' | 'subnetIds' | 'securityGroupId' | 'createVpcEndpoints' | 'routeTableIds'>,
  ) {
    super(scope, id);
    // The functions name their subnets, so the VPC's AZ list is never used (it must only be non-empty).
    this.vpc = Vpc.fromVpcAttributes(this, 'MoodleVpc', { vpcId: config.vpcId, availabilityZones: Fn.getAzs() });
    this.subnets = config.subnetIds.map((subnetId, index) => Subnet.fromSubnetId(this, `Subnet${index}`, subnetId));
    this.securityGroup = SecurityGroup.fromSecurityGroupId(this, 'MoodleDbClient', config.securityGroupId, {
      mutable: false,
    });
    Annotations.of(this.vpc).acknowledgeWarning(
      '@aws-cdk/aws-ec2:vpcAttributeIsListTokenavailabilityZones',
      'Only the planner and the status API use the VPC, with explicit subnets; nothing here selects subnets by AZ.',
    );
    for (const subnet of this.subnets) {
      Annotations.of(subnet).acknowledgeWarning(
        '@aws-cdk/aws-ec2:noSubnetRouteTableId',
        'The imported subnets are only placed into; routes are added only to the route tables named by routeTableIds.',
      );
    }
    if (config.createVpcEndpoints && config.routeTableIds) {
      new PipelineVpcEndpoints(this, 'Endpoints', {
        vpc: this.vpc,
        subnets: this.subnets,
        routeTableIds: config.routeTableIds,
        clientSecurityGroup: this.securityGroup,
      });
    }
  }

  /** The placement for a function in the VPC. */
  get placement(): { vpc: IVpc; vpcSubnets: SubnetSelection; securityGroups: ISecurityGroup[] } {
    return { vpc: this.vpc, vpcSubnets: { subnets: this.subnets }, securityGroups: [this.securityGroup] };
  }
}
