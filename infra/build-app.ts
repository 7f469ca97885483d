/**
 * Builds the CDK app: validates the context, creates the stateful and pipeline stacks, and applies cdk-nag's
 * AwsSolutions pack (acknowledgements: infra/nag-acknowledgements.ts, applied where the finding arises). `infra/app.ts` and the tests both call this.
 */
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeployConfig } from './config/deploy-config.js';
import { PipelineStack } from './stacks/pipeline-stack.js';
import { StatefulStack } from './stacks/stateful-stack.js';

export interface BuiltApp {
  app: App;
  stateful: StatefulStack;
  pipeline: PipelineStack;
}

/**
 * @param props passed to `App` (tests pass `context` and `'aws:cdk:bundling-stacks': []` to skip bundling).
 * @throws DeployConfigError naming each missing or bad context value.
 */
export function buildApp(props: AppProps = {}): BuiltApp {
  const app = new App(props);
  const config = readDeployConfig((key) => app.node.tryGetContext(key));
  const env = {
    ...(process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT } : {}),
    ...(process.env.CDK_DEFAULT_REGION ? { region: process.env.CDK_DEFAULT_REGION } : {}),
  };
  const stateful = new StatefulStack(app, 'ManiReportsStateful', {
    env,
    config,
    description: 'ManiReports cloud: tables, certificate bucket, work queues (kept on delete)',
  });
  const pipeline = new PipelineStack(app, 'ManiReportsPipeline', {
    env,
    config,
    stateful,
    description: 'ManiReports cloud: planner, workers, SES configuration set, alarms',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stateful, pipeline };
}
