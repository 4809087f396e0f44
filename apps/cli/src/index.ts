export { startPlatform, publishExamples, seedSimulatorCredentials, ensureVerificationKey, examplesDir, type Platform, type PlatformOptions } from './platform.js';
export { loadConfig, type Config } from './config.js';
export { logger, type Logger } from './log.js';
export { replayBundle, type ReplayOptions, type ReplayReport } from './commands/replay.js';
export { auditVerify } from './commands/audit.js';
