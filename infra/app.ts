/** The CDK entry point (cdk.json `app`). */
import { buildApp } from './build-app.js';

buildApp().app.synth();
