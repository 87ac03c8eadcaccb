import { Option } from 'commander';

/** Every command takes --backend NAME (default auto). */
export function backendOption(): Option {
  return new Option('--backend <NAME>', 'backend: auto, node, webcrypto, noble or forge').default('auto');
}
