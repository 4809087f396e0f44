export { recordConnectorOutcome, raiseAlert, clearAlert, onAlertBus, systemOf, type ConnectorOutcome, type ExternalAlert, type AlertBusEvent } from './bus.js';
export { OutcomeWindow, DEFAULT_RULES, type RuleConfig, type Finding, type Attempt } from './rules.js';
export { createAlertStore, alertView, type AlertStore, type AlertView, type NewAlert } from './store.js';
export { webhookChannel, emailChannel, emailText, alertPayload, alertSignature, deliverWithRetry, ALERT_SIGNATURE_HEADER, type AlertChannel, type AlertEvent } from './deliver.js';
export { smtpTransportOptions, SmtpUrlError } from './smtp.js';
export { createAlertEngine, alertConfigFromEnv, type AlertEngine, type AlertEngineOptions, type AlertProbe, type AlertEnv } from './engine.js';
export { workerDownProbe, type TaskQueueDescriber } from './worker-probe.js';
