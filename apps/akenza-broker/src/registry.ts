/**
 * The device registry: device id → registered public key (which pins RS256 or ES256) and its `kid`. Loaded from
 * `--device ID=PUBLIC_KEY_FILE` entries and/or a JSON file `[{"id": "...", "publicKey": "-----BEGIN PUBLIC KEY..."}]`;
 * reloadable (SIGHUP) by loading a new registry from the same sources.
 */
import { readFile } from 'node:fs/promises';
import { CryptoplugError, type Backend, type PublicKey } from '@cryptoplug/core';
import { AkenzaError, assertDeviceId, deviceKid, importDevicePublicKey, type DeviceAlg } from '@cryptoplug/akenza';

export interface RegisteredDevice {
  readonly id: string;
  readonly key: PublicKey;
  readonly alg: DeviceAlg;
  readonly kid: string;
  /** Where the registration came from (file name or "devices.json[3]"). */
  readonly source: string;
}

export interface RegistrySources {
  /** `ID=PUBLIC_KEY_FILE` (or parsed pairs). */
  readonly device?: ReadonlyArray<string | { readonly id: string; readonly file: string }>;
  /** JSON list of `{"id": ..., "publicKey": PEM (or JWK)}`. */
  readonly devicesFile?: string;
}

export interface DeviceEntry {
  readonly id: string;
  /** PEM text, DER bytes, a JWK object or a PublicKey. */
  readonly publicKey: unknown;
  readonly source?: string;
}

function invalid(message: string, cause?: unknown): AkenzaError {
  return new AkenzaError('ERR_AKENZA_REGISTRY_INVALID', message, cause === undefined ? undefined : { cause });
}

/** Parses `ID=FILE`. */
export function parseDeviceArg(arg: string): { id: string; file: string } {
  const eq = arg.indexOf('=');
  if (eq <= 0 || eq === arg.length - 1) throw invalid(`--device expects ID=PUBLIC_KEY_FILE, got ${JSON.stringify(arg)}`);
  return { id: arg.slice(0, eq), file: arg.slice(eq + 1) };
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw invalid(`cannot read ${what} "${file}" (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, cause);
  }
}

export class DeviceRegistry {
  readonly #devices: ReadonlyMap<string, RegisteredDevice>;

  private constructor(devices: Map<string, RegisteredDevice>) {
    this.#devices = devices;
  }

  /** Builds a registry from entries; any bad entry (id, key, duplicate) fails the whole registry. */
  static async fromEntries(entries: Iterable<DeviceEntry>, backend: Backend): Promise<DeviceRegistry> {
    const map = new Map<string, RegisteredDevice>();
    for (const entry of entries) {
      const source = entry.source ?? entry.id;
      try {
        assertDeviceId(entry.id);
      } catch (cause) {
        throw invalid(`${source}: ${(cause as Error).message}`, cause);
      }
      if (map.has(entry.id)) throw invalid(`device "${entry.id}" is registered twice (${map.get(entry.id)!.source} and ${source})`);
      let imported: { key: PublicKey; alg: DeviceAlg };
      try {
        imported = importDevicePublicKey(entry.publicKey as string);
      } catch (cause) {
        throw invalid(`device "${entry.id}" (${source}): ${cause instanceof CryptoplugError ? cause.message : String(cause)}`, cause);
      }
      map.set(entry.id, { id: entry.id, key: imported.key, alg: imported.alg, kid: await deviceKid(imported.key, backend), source });
    }
    return new DeviceRegistry(map);
  }

  /** Loads `--device` entries and the `--devices` file. */
  static async load(sources: RegistrySources, backend: Backend): Promise<DeviceRegistry> {
    const entries: DeviceEntry[] = [];
    for (const d of sources.device ?? []) {
      const { id, file } = typeof d === 'string' ? parseDeviceArg(d) : d;
      entries.push({ id, publicKey: await readText(file, `public key of device "${id}"`), source: file });
    }
    if (sources.devicesFile !== undefined) {
      const text = await readText(sources.devicesFile, 'devices file');
      let list: unknown;
      try {
        list = JSON.parse(text);
      } catch (cause) {
        throw invalid(`devices file "${sources.devicesFile}" is not JSON`, cause);
      }
      if (!Array.isArray(list)) throw invalid(`devices file "${sources.devicesFile}" must be a JSON list of {"id", "publicKey"}`);
      list.forEach((item: unknown, i) => {
        const where = `${sources.devicesFile}[${i}]`;
        if (typeof item !== 'object' || item === null) throw invalid(`${where} must be an object {"id", "publicKey"}`);
        const { id, publicKey } = item as { id?: unknown; publicKey?: unknown };
        if (typeof id !== 'string') throw invalid(`${where}: "id" must be a string`);
        if (typeof publicKey !== 'string' && (typeof publicKey !== 'object' || publicKey === null)) {
          throw invalid(`${where}: "publicKey" must be a PEM string (or a JWK object)`);
        }
        entries.push({ id, publicKey, source: where });
      });
    }
    return DeviceRegistry.fromEntries(entries, backend);
  }

  get(id: string): RegisteredDevice | undefined {
    return this.#devices.get(id);
  }

  has(id: string): boolean {
    return this.#devices.has(id);
  }

  get size(): number {
    return this.#devices.size;
  }

  ids(): string[] {
    return [...this.#devices.keys()];
  }
}
