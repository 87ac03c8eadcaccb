// aedes-persistence-redis ships no types: the factory returns an aedes persistence (the same shape as aedes'
// bundled in-memory aedes-persistence); options are ioredis options plus the ones below.
declare module 'aedes-persistence-redis' {
  import type { Redis, Cluster } from 'ioredis';
  interface AedesPersistenceRedisOptions {
    conn?: Redis | Cluster;
    cluster?: unknown;
    maxSessionDelivery?: number;
    packetTTL?: (packet: unknown) => number;
    [ioredisOption: string]: unknown;
  }
  function aedesPersistenceRedis(options?: AedesPersistenceRedisOptions): unknown;
  export default aedesPersistenceRedis;
}
