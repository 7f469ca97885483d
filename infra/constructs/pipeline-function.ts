/**
 * Every Lambda of the pipeline, with the shared defaults in one place: the latest Node.js runtime, arm64, ESM
 * bundling with the local esbuild (no Docker), source maps, active tracing, its own log group with retention,
 * the Powertools environment, and its own role that starts with nothing but writing to that log group.
 */
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ISecurityGroup, IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The runtime every function uses; cdk-nag's AwsSolutions-L1 wants the latest Node.js. */
export const PIPELINE_RUNTIME = Runtime.NODEJS_24_X;

/** The Powertools service name and metrics namespace (as in shared/adapters/observability/powertools.ts). */
export const POWERTOOLS_SERVICE_NAME = 'manireports-cloud';
export const POWERTOOLS_METRICS_NAMESPACE = 'ManiReportsCloud';

/** The repository root: entries, the lock file and bundled files are relative to it. */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Lets ESM bundles load CommonJS dependencies that call `require` for Node built-ins. */
const ESM_REQUIRE_SHIM =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** A file copied next to the bundle, e.g. a font the code reads at run time. */
export interface BundledFile {
  /** Path relative to the project root. */
  from: string;
  /** Path relative to the bundle's root (`/var/task` in Lambda). */
  to: string;
}

export interface PipelineFunctionProps {
  /** The handler file, relative to the project root, exporting `handler`. */
  entry: string;
  description: string;
  timeout: Duration;
  /** @default 512 */
  memorySize?: number;
  logRetention: RetentionDays;
  /** Function-specific variables; the bind helpers add the resource names. @default {} */
  environment?: Record<string, string>;
  /** Only for a function that must reach a private resource (the Moodle database). @default no VPC */
  vpc?: IVpc;
  /** @default the VPC's private subnets */
  vpcSubnets?: SubnetSelection;
  /** @default none */
  securityGroups?: ISecurityGroup[];
  /** Files the bundle must carry, since a bundled function has no `node_modules`. @default none */
  bundledFiles?: BundledFile[];
}

/** A bundled Node.js Lambda with the pipeline's defaults and a least-privilege role. */
export class PipelineFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole: it may write to its own log group and nowhere else.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${id}: ${props.description}`,
    });
    this.logGroup.grantWrite(this.role);
    if (props.vpc) this.allowNetworkInterfaces();

    const bundledFiles = props.bundledFiles ?? [];
    this.function = new NodejsFunction(this, 'Function', {
      entry: join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: PIPELINE_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      ...(props.vpc ? { vpc: props.vpc } : {}),
      ...(props.vpcSubnets ? { vpcSubnets: props.vpcSubnets } : {}),
      ...(props.securityGroups ? { securityGroups: props.securityGroups } : {}),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        sourceMap: true,
        minify: true,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_SHIM,
        // The runtime ships AWS SDK v3; pg's optional native binding is never installed.
        externalModules: ['@aws-sdk/*', 'pg-native'],
        ...(bundledFiles.length > 0
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => copyCommands(bundledFiles, inputDir, outputDir),
              },
            }
          : {}),
      },
    });
  }

  /**
   * Lambda creates and removes the function's network interfaces with the function's own role. EC2's
   * Describe/Create/Delete network interface actions do not support resource-level permissions (AWS requires `*`);
   * this is the content of AWSLambdaVPCAccessExecutionRole without its CloudWatch Logs part.
   */
  private allowNetworkInterfaces(): void {
    this.role.addToPolicy(
      new PolicyStatement({
        actions: [
          'ec2:CreateNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSubnets',
          'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses',
          'ec2:UnassignPrivateIpAddresses',
        ],
        resources: ['*'],
      }),
    );
  }
}

/** Seconds as a CDK duration (keeps call sites short). */
export const seconds = (value: number): Duration => Duration.seconds(value);

/**
 * Shell commands copying `files` into the bundle: one `cp` per (source folder, target folder) pair with every
 * file of that pair, so a bundle of hundreds of font files stays a handful of commands.
 */
export function copyCommands(files: readonly BundledFile[], inputDir: string, outputDir: string): string[] {
  const groups = new Map<string, BundledFile[]>();
  for (const file of files) {
    const key = `${dirname(file.from)}\u0000${dirname(file.to)}`;
    groups.set(key, [...(groups.get(key) ?? []), file]);
  }
  return [...groups.values()].flatMap((group) => {
    const same = group.every((file) => basename(file.from) === basename(file.to));
    const targetDir = `${outputDir}/${dirname(group[0]?.to ?? '.')}`;
    return [
      `mkdir -p "${targetDir}"`,
      ...(same
        ? [`cp ${group.map((file) => `"${inputDir}/${file.from}"`).join(' ')} "${targetDir}/"`]
        : group.map((file) => `cp "${inputDir}/${file.from}" "${outputDir}/${file.to}"`)),
    ];
  });
}
