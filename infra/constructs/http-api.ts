/**
 * The HTTP API (API Gateway v2, payload 2.0) in front of the Moodle-facing functions: one Lambda integration per
 * function, a `$default` stage with throttling and JSON access logs. No API Gateway authorizer: each function
 * authenticates its own routes (webhook HMAC, status API bearer or HMAC, signed dashboard links; /verify is public).
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnRoute,
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** One route and the function that answers it. */
export interface ApiRoute {
  method: 'GET' | 'POST';
  /** API Gateway path syntax, e.g. `/jobs/{id}` (the same pattern the function's router uses). */
  path: string;
  /** Routes of one function share its integration. */
  handler: IFunction;
  /** The integration's id; one per function, e.g. `StatusApi`. */
  integrationId: string;
  /**
   * This route's own throttle, in place of the stage default: public routes get a smaller one so that a flood of
   * anonymous requests is refused there and leaves capacity (and function concurrency) for Moodle's webhook.
   * @default the stage's throttle
   */
  throttle?: RouteThrottle;
}

/** Steady requests per second and burst, as API Gateway's route settings take them. */
export interface RouteThrottle {
  rateLimit: number;
  burstLimit: number;
}

export interface PipelineHttpApiProps {
  routes: readonly ApiRoute[];
  /** Steady requests per second for the whole stage. */
  rateLimit: number;
  burstLimit: number;
  logRetention: RetentionDays;
}

export class PipelineHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: PipelineHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'ManiReports cloud: Moodle webhook, status API, dashboard, certificate verification',
      // Our own stage below, so throttling and access logs are set where the API is defined.
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // The route key, never the path or query: paths carry verification codes and dashboard links signatures.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            ip: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    const stage = this.stage.node.defaultChild as CfnStage;
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of props.routes) {
      let integration = integrations.get(route.integrationId);
      if (integration === undefined) {
        integration = new HttpLambdaIntegration(route.integrationId, route.handler);
        integrations.set(route.integrationId, integration);
      }
      const [created] = this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
      if (created && route.throttle) {
        routeSettings[`${route.method} ${route.path}`] = {
          ThrottlingRateLimit: route.throttle.rateLimit,
          ThrottlingBurstLimit: route.throttle.burstLimit,
        };
        // Route settings name route keys, which must exist before the stage refers to them.
        stage.addDependency(created.node.defaultChild as CfnRoute);
      }
      if (created) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions::AwsSolutions-APIG4',
          reason:
            'Authentication is done in the function, by design: Moodle signs webhook and status requests with ' +
            'HMAC-SHA256 (timestamped, two secrets during rotation) or sends a bearer token; the dashboard takes ' +
            'a signed expiring link; /verify and /certificates/{code} are public by purpose (a code unlocks one certificate). An API Gateway authorizer would ' +
            'duplicate the check on the raw body the signature covers.',
        });
      }
    }
    if (Object.keys(routeSettings).length > 0) stage.routeSettings = routeSettings;
  }

  /** The base URL, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com`. */
  get url(): string {
    return this.api.apiEndpoint;
  }
}
