import { subscribe } from "node:diagnostics_channel";
import { type Span, SpanStatusCode } from "@opentelemetry/api";
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import {
  DiagnosticsChannel,
  type RequestErrorMessage,
  type RequestResponseMessage,
  type RequestStartMessage,
  SCIMClient,
} from "slack-scim";

// Your application sets up OpenTelemetry once (with an OTLP exporter in production); in memory here.
const spans = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }).getTracer(
  "scim",
);
const reader = new PeriodicExportingMetricReader({
  exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
});
const meter = new MeterProvider({ readers: [reader] }).getMeter("scim");
const duration = meter.createHistogram("scim.client.request.duration", { unit: "ms" });

// One span per attempt, paired by the message's id; the path is a template, so ids and filters stay out.
const open = new Map<number, Span>();
subscribe(DiagnosticsChannel.RequestStart, (message) => {
  const { id, method, path, attempt } = message as RequestStartMessage;
  open.set(id, tracer.startSpan(`${method} ${path}`, { attributes: { "scim.attempt": attempt } }));
});
subscribe(DiagnosticsChannel.RequestResponse, (message) => {
  const { id, method, path, status, durationMs } = message as RequestResponseMessage;
  open.get(id)?.setAttribute("http.response.status_code", status).end();
  open.delete(id);
  duration.record(durationMs, { "http.request.method": method, "url.template": path, status });
});
subscribe(DiagnosticsChannel.RequestError, (message) => {
  const { id, errorCode } = message as RequestErrorMessage;
  open.get(id)?.setStatus({ code: SpanStatusCode.ERROR, message: errorCode }).end();
  open.delete(id);
});

const client = new SCIMClient(process.env.SLACK_ORG_ADMIN_USER_TOKEN, {
  baseUrl: process.env.SLACK_SCIM_BASE_URL,
});
await client.searchUsers({ count: 1 });
await client.getServiceProviderConfig();

console.log(spans.getFinishedSpans().map((span) => span.name));
const { resourceMetrics } = await reader.collect();
const points = resourceMetrics.scopeMetrics[0]?.metrics[0]?.dataPoints.length;
console.log(`${points} duration series`);
