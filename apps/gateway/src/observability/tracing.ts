import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { envDetector, detectResources, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export type TracingSettings = {
  /** OTLP/HTTP endpoint (e.g. http://otel-collector:4318); undefined = tracing off, nothing is recorded. */
  otlpEndpoint: string | undefined;
  serviceName: string;
};

/**
 * The gateway's OpenTelemetry tracing. Off unless an OTLP endpoint is configured: then a request carries no trace
 * object at all and pays nothing. On: one SERVER span per data-plane request (continuing the client's W3C
 * `traceparent` when it sends one), a child span per pipeline stage, and a CLIENT span per upstream call whose
 * `traceparent` is sent to the upstream, so a self-hosted model server's spans join the same trace. Spans are
 * exported in batches over OTLP/HTTP (JSON), off the request path.
 */
export class GatewayTracing {
  private readonly propagator = new W3CTraceContextPropagator();

  private constructor(
    private readonly tracer: Tracer | undefined,
    private readonly provider: BasicTracerProvider | undefined,
  ) {}

  static create(settings: TracingSettings): GatewayTracing {
    if (!settings.otlpEndpoint) return new GatewayTracing(undefined, undefined);
    const endpoint = settings.otlpEndpoint.replace(/\/+$/, '');
    const provider = new BasicTracerProvider({
      // OTEL_RESOURCE_ATTRIBUTES (region, environment: set by the Helm chart) merged under the service name.
      resource: detectResources({ detectors: [envDetector] }).merge(
        resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName }),
      ),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }))],
    });
    return new GatewayTracing(provider.getTracer('llmguard-gateway'), provider);
  }

  get enabled(): boolean {
    return this.tracer !== undefined;
  }

  /** A request's trace, or undefined when tracing is off. */
  startRequest(
    name: string,
    headers: Readonly<Record<string, string | string[] | undefined>>,
    attributes: Attributes,
  ): RequestTrace | undefined {
    if (!this.tracer) return undefined;
    const parent = this.propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    const span = this.tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
    return new RequestTrace(this.tracer, this.propagator, span, trace.setSpan(parent, span));
  }

  /** Exports what is buffered and stops (on shutdown, so the last requests' spans are not lost). */
  async shutdown(): Promise<void> {
    await this.provider?.shutdown();
  }
}

/** The spans of one request. */
export class RequestTrace {
  /** The running stage's context: spans started meanwhile (upstream calls) become its children. */
  private stageContext: Context | undefined;

  constructor(
    private readonly tracer: Tracer,
    private readonly propagator: W3CTraceContextPropagator,
    readonly span: Span,
    private readonly context: Context,
  ) {}

  get traceId(): string {
    return this.span.spanContext().traceId;
  }

  /** Starts a pipeline stage's span; spans started until it ends are its children. */
  startStage(name: string): Span {
    const span = this.tracer.startSpan(name, { kind: SpanKind.INTERNAL }, this.context);
    this.stageContext = trace.setSpan(this.context, span);
    return span;
  }

  endStage(span: Span): void {
    this.stageContext = undefined;
    span.end();
  }

  /** A span inside the running stage (or of the request itself between stages). */
  child(name: string, attributes?: Attributes, kind: SpanKind = SpanKind.INTERNAL): Span {
    return this.tracer.startSpan(name, { kind, attributes }, this.stageContext ?? this.context);
  }

  /** The W3C trace-context headers that make `span` the parent of whatever the upstream records. */
  propagationHeaders(span: Span): Record<string, string> {
    const headers: Record<string, string> = {};
    this.propagator.inject(trace.setSpan(this.context, span), headers, defaultTextMapSetter);
    return headers;
  }
}

/** Ends a span with an error status and the exception recorded (no message beyond the error's own). */
export function endSpanWithError(span: Span, error: unknown, errorType: string): void {
  span.setAttribute('error.type', errorType);
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
