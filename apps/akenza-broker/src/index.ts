/**
 * @cryptoplug/akenza-broker — a local akenza-compatible MQTT broker (aedes) enforcing akenza's device JWT auth and
 * topic ACLs. Library entry; the `akenza-broker` bin is main.ts.
 */
export { jsonLine, startAkenzaBroker, type AkenzaBroker, type AkenzaBrokerOptions, type AppAccount, type BrokerStats, type Listener, type LogEntry, type TlsConfig } from './broker.js';
export { DeviceRegistry, parseDeviceArg, type DeviceEntry, type RegisteredDevice, type RegistrySources } from './registry.js';
export { createSelfSignedTls, type SelfSignedTls } from './tls.js';
export { announce, brokerOptionsFromCli, runBroker, type BrokerCliValues, type RunIo } from './run.js';
export { DEFAULT_LIMITS, PacketSizeGuard, resolveLimits, type BrokerLimits } from './limits.js';
export { BrokerMetrics } from './metrics.js';
