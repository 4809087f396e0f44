export { registry, metrics, metricsText, metricsContentType } from './metrics.js';
export { jsonLogger, redact, maskText, type JsonLog } from './log.js';
export * from './alerts/index.js';
export { sendMail, type MailMessage } from './mail.js';
export { WEBHOOK_SIGNATURE_HEADER, webhookSignature, verifyWebhookSignature } from './webhook-signature.js';
export { egressPolicy, egressPolicyFromEnv, checkEgressUrl, egressRequest, deliveryError, addressRefusal, type EgressPolicy, type EgressReply } from './egress.js';
export { startTracing, stopTracing, tracingEnabled, clientTracingInterceptors, workerTracingOptions, withRequestSpan, InMemorySpanExporter, type TracingOptions } from './tracing.js';
