/**
 * Backend selection. A registry is an explicit value (a Map), never filled by importing a module; `select('auto')`
 * builds the per-operation composite of auto.ts over the backends that load here, in preference order.
 */
import {
  BackendUnavailableError,
  CryptoplugError,
  InputInvalidError,
  detectRuntime,
  type Backend,
  type BackendFactory,
  type RuntimeName,
} from '@cryptoplug/core';
import { createAutoBackend } from './auto.js';
import { DEFAULT_PREFERENCE } from './preference.js';

export interface SelectionOptions {
  /** Preference order (names). Backends not named follow in the registry's default order for the runtime. */
  readonly prefer?: readonly string[];
  /** Backends never to use. */
  readonly exclude?: readonly string[];
  /** Use exactly these backends, in this order (overrides prefer). */
  readonly only?: readonly string[];
}

export interface LoadedBackends {
  readonly available: readonly Backend[];
  readonly unavailable: ReadonlyArray<{ name: string; reason: string }>;
}

export class BackendRegistry {
  readonly #factories = new Map<string, BackendFactory>();
  readonly #loaded = new Map<string, Promise<Backend>>();

  constructor(factories: Iterable<BackendFactory> = []) {
    for (const f of factories) this.register(f);
  }

  register(factory: BackendFactory): this {
    if (this.#factories.has(factory.name)) throw new InputInvalidError(`backend "${factory.name}" is already registered`);
    this.#factories.set(factory.name, factory);
    return this;
  }

  names(): string[] {
    return [...this.#factories.keys()];
  }

  has(name: string): boolean {
    return this.#factories.has(name);
  }

  /** Loads one backend (once). */
  load(name: string): Promise<Backend> {
    const factory = this.#factories.get(name);
    if (!factory) {
      return Promise.reject(new InputInvalidError(`unknown backend "${name}" (known: ${this.names().join(', ') || 'none'})`));
    }
    let p = this.#loaded.get(name);
    if (!p) {
      p = factory.load().catch((e: unknown) => {
        this.#loaded.delete(name);
        if (e instanceof CryptoplugError) throw e;
        throw new BackendUnavailableError(`backend "${name}" cannot load here: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      });
      this.#loaded.set(name, p);
    }
    return p;
  }

  /** Loads every registered backend, reporting the ones that cannot run in this runtime instead of failing. */
  async loadAll(): Promise<LoadedBackends> {
    const available: Backend[] = [];
    const unavailable: Array<{ name: string; reason: string }> = [];
    for (const name of this.names()) {
      try {
        available.push(await this.load(name));
      } catch (e) {
        unavailable.push({ name, reason: e instanceof Error ? e.message : String(e) });
      }
    }
    return { available, unavailable };
  }

  /** Order in which `auto` tries backends in this runtime, after prefer/exclude/only. */
  order(options: SelectionOptions = {}, runtime: RuntimeName = detectRuntime()): string[] {
    for (const n of [...(options.only ?? []), ...(options.prefer ?? []), ...(options.exclude ?? [])]) {
      if (!this.has(n)) throw new InputInvalidError(`unknown backend "${n}" (known: ${this.names().join(', ')})`);
    }
    if (options.only) return [...options.only];
    const base = [...DEFAULT_PREFERENCE[runtime], ...this.names()];
    const ordered = [...(options.prefer ?? []), ...base].filter((n, i, all) => this.has(n) && all.indexOf(n) === i);
    return ordered.filter((n) => !(options.exclude ?? []).includes(n));
  }

  /** `name` = a backend name, or `auto` for the per-operation composite. */
  async select(name: string, options: SelectionOptions = {}): Promise<Backend> {
    if (name !== 'auto') return this.load(name);
    const backends: Backend[] = [];
    for (const n of this.order(options)) {
      try {
        backends.push(await this.load(n));
      } catch (e) {
        if (!(e instanceof CryptoplugError && e.code === 'ERR_BACKEND_UNAVAILABLE')) throw e;
      }
    }
    if (backends.length === 0) throw new BackendUnavailableError('no backend can load in this runtime');
    return createAutoBackend(backends);
  }
}
