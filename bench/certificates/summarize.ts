/** The benchmark contract's JSON object, from one sample per render. */
import { summarizeSamples } from '../statistics.js';

export interface RenderSample {
  script: string;
  ms: number;
  bytes: number;
}

/** `{"count", "median_ms", "p95_ms", "cold_ms", "median_bytes", "by_script": {"<script>": {"median_ms", "median_bytes"}}}` */
export interface CertificateBenchJson {
  count: number;
  median_ms: number;
  p95_ms: number;
  cold_ms: number;
  median_bytes: number;
  by_script: Record<string, { median_ms: number; median_bytes: number }>;
}

const ms = (value: number) => Math.round(value * 100) / 100;

export function summarizeRenders(samples: readonly RenderSample[], coldMs: number): CertificateBenchJson {
  const time = summarizeSamples(samples.map((sample) => sample.ms));
  const scripts = [...new Set(samples.map((sample) => sample.script))];
  return {
    count: samples.length,
    median_ms: ms(time.median),
    p95_ms: ms(time.p95),
    cold_ms: ms(coldMs),
    median_bytes: summarizeSamples(samples.map((sample) => sample.bytes)).median,
    by_script: Object.fromEntries(
      scripts.map((script) => {
        const own = samples.filter((sample) => sample.script === script);
        return [
          script,
          {
            median_ms: ms(summarizeSamples(own.map((sample) => sample.ms)).median),
            median_bytes: summarizeSamples(own.map((sample) => sample.bytes)).median,
          },
        ];
      }),
    ),
  };
}
