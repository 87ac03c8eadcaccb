/**
 * Resource limits of the broker, enforced before aedes buffers anything.
 *
 * aedes (1.x) hands every byte it reads to mqtt-packet's parser, which buffers a packet until its announced "remaining
 * length" has arrived — up to 256 MiB — and has no size option. So each connection's stream gets a
 * {@link PacketSizeGuard}: it follows the MQTT framing on the raw bytes (fixed header byte, remaining-length varint,
 * then skips the body) and, as soon as a header announces more than the limit, the connection is destroyed — before
 * the body is read. Until the connection is authenticated the limit is the (small) CONNECT limit, so an
 * unauthenticated socket never holds more than that plus one socket read (16–64 KiB).
 */

export interface BrokerLimits {
  /** Largest MQTT packet (fixed header + remaining length) after authentication, bytes. Default 256 KiB. */
  readonly maxPacketSize: number;
  /** Largest packet before authentication (the CONNECT with its device token; tokens are ≤ 8 KiB). Default 16 KiB. */
  readonly maxConnectPacketSize: number;
  /** Sockets that have not (yet) authenticated, all listeners together; more are closed at accept. Default 1000. */
  readonly maxUnauthenticated: number;
  /** Authenticated MQTT connections per instance; more get CONNACK 3 (server unavailable). Default 10000. */
  readonly maxConnections: number;
  /** New connections per second per source IP (token bucket); over it: CONNACK 3. 0 = no limit. Default 100. */
  readonly connectRatePerIp: number;
  /** Bucket size of the per-IP rate (a burst allowed at once). Default 2 × connectRatePerIp. */
  readonly connectBurstPerIp: number;
  /** Milliseconds from accept to a successful CONNECT (TLS handshake, WebSocket upgrade, token check). Default 10000. */
  readonly authDeadlineMs: number;
  /** Unacknowledged QoS 1 messages the broker sends one client; beyond it messages to that client are dropped (counted). Default 1000. */
  readonly maxInflight: number;
}

export const DEFAULT_LIMITS: BrokerLimits = Object.freeze({
  maxPacketSize: 256 * 1024,
  maxConnectPacketSize: 16 * 1024,
  maxUnauthenticated: 1000,
  maxConnections: 10_000,
  connectRatePerIp: 100,
  connectBurstPerIp: 200,
  authDeadlineMs: 10_000,
  maxInflight: 1000,
});

/** Merges user limits over the defaults (burst follows the rate unless given). */
export function resolveLimits(partial: Partial<BrokerLimits> | undefined): BrokerLimits {
  const rate = partial?.connectRatePerIp ?? DEFAULT_LIMITS.connectRatePerIp;
  return {
    ...DEFAULT_LIMITS,
    ...partial,
    connectBurstPerIp: partial?.connectBurstPerIp ?? (partial?.connectRatePerIp !== undefined ? Math.max(1, rate * 2) : DEFAULT_LIMITS.connectBurstPerIp),
  };
}

export interface Oversize {
  /** The remaining length announced by the header (or -1 for a malformed length). */
  readonly announced: number;
  readonly limit: number;
}

/**
 * Follows MQTT framing over a byte stream without keeping any of it. `feed` returns the first violation, if any.
 * Fixed header: 1 type byte, then a 1–4 byte varint "remaining length" (MQTT 3.1.1 §2.2.3).
 */
export class PacketSizeGuard {
  #stage: 0 | 1 | 2 = 0; // 0: type byte, 1: length varint, 2: body
  #length = 0;
  #multiplier = 1;
  #lengthBytes = 0;
  #left = 0;
  packets = 0;

  /** `limit()` is asked at each header, so it can grow once the connection is authenticated. */
  constructor(private readonly limit: () => number) {}

  feed(buf: Uint8Array): Oversize | null {
    let i = 0;
    while (i < buf.length) {
      if (this.#stage === 2) {
        const n = Math.min(this.#left, buf.length - i);
        this.#left -= n;
        i += n;
        if (this.#left === 0) this.#stage = 0;
        continue;
      }
      const byte = buf[i++]!;
      if (this.#stage === 0) {
        this.#stage = 1;
        this.#length = 0;
        this.#multiplier = 1;
        this.#lengthBytes = 0;
        continue;
      }
      this.#length += (byte & 0x7f) * this.#multiplier;
      this.#multiplier *= 128;
      this.#lengthBytes++;
      const limit = this.limit();
      // total packet size = 1 + length bytes + remaining length
      if (1 + this.#lengthBytes + this.#length > limit) return { announced: this.#length, limit };
      if (byte & 0x80) {
        if (this.#lengthBytes === 4) return { announced: -1, limit };
        continue;
      }
      this.packets++;
      this.#left = this.#length;
      this.#stage = this.#left === 0 ? 0 : 2;
    }
    return null;
  }
}

/** Per-IP token buckets (connects per second), swept so idle IPs do not accumulate. */
export class ConnectRate {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    if (rate > 0) {
      this.#timer = setInterval(() => this.#sweep(), 10_000);
      this.#timer.unref();
    }
  }

  /** Takes a token for `ip`; false when the IP is over its rate. */
  take(ip: string, now = Date.now()): boolean {
    if (this.rate <= 0) return true;
    const b = this.#buckets.get(ip) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.rate);
    b.at = now;
    this.#buckets.set(ip, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  #sweep(now = Date.now()): void {
    for (const [ip, b] of this.#buckets) if (b.tokens + ((now - b.at) / 1000) * this.rate >= this.burst) this.#buckets.delete(ip);
  }

  close(): void {
    clearInterval(this.#timer);
  }
}

/** MQTT topic filter match (`+`, `#`), for finding the QoS a client subscribed a topic with. */
export function filterMatches(filter: string, topic: string): boolean {
  if (filter === topic) return true;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
