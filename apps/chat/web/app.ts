/**
 * The browser client (preact, bundled by esbuild into dist/web/app.js and served by the chat server at /).
 *
 * Keys are generated in the page (WebCrypto backend; noble where this browser's WebCrypto lacks Ed25519 / X25519) and
 * the private key is kept only in IndexedDB, as an encrypted PKCS#8 (PBES2: scrypt + AES-256-CBC) under a password that
 * never leaves the page. A reload shows the unlock screen: the password decrypts the key again.
 */
import { h, render, type ComponentChild } from 'preact';
type VNode = ComponentChild;
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Backend, PrivateKey } from '@cryptoplug/core';
import { exportEncryptedPrivateKey, importVirgilPrivateKey } from '@cryptoplug/e2ee';
import { createWebCryptoBackend } from '@cryptoplug/backend-webcrypto';
import { createNobleBackend } from '@cryptoplug/backend-noble';
import { ChatClient, type Channel, type ReadMessage } from '../src/client.js';
import type { StoredMessage } from '../src/protocol.js';

interface Stored {
  identity: string;
  cardId: string;
  directoryKey: string;
  /** ENCRYPTED PRIVATE KEY PEM. */
  encryptedKey: string;
}

// ---------------------------------------------------------------------------------------------------------------------
// IndexedDB: one object store, one record

function idb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open('cryptoplug-chat', 1);
    r.onupgradeneeded = () => r.result.createObjectStore('profile');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}
async function loadStored(): Promise<Stored | undefined> {
  const db = await idb();
  return new Promise((resolve, reject) => {
    const r = db.transaction('profile').objectStore('profile').get('me');
    r.onsuccess = () => resolve(r.result as Stored | undefined);
    r.onerror = () => reject(r.error);
  });
}
async function saveStored(s: Stored): Promise<void> {
  const db = await idb();
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('profile', 'readwrite');
    tx.objectStore('profile').put(s, 'me');
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

let backendP: Promise<Backend> | undefined;
/** WebCrypto when it has Ed25519 and X25519, otherwise noble (pure JS). */
function backend(): Promise<Backend> {
  backendP ??= (async () => {
    try {
      const wc = await createWebCryptoBackend();
      const probe = await wc.generateKey('ed25519').then(() => wc.generateKey('x25519')).then(() => true, () => false);
      if (probe && wc.supports({ op: 'sign', alg: 'Ed25519' }) && wc.supports({ op: 'ecdh', curve: 'X25519' })) return wc;
    } catch {
      /* fall through */
    }
    return createNobleBackend();
  })();
  return backendP;
}

// ---------------------------------------------------------------------------------------------------------------------
// UI

const input = (props: Record<string, unknown>): VNode => h("input", props as never);

function SignUp({ onReady }: { onReady: (c: ChatClient) => void }): VNode {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    setBusy(true);
    setError('');
    try {
      const b = await backend();
      const key = await b.generateKey('ed25519');
      const client = new ChatClient({ url: location.origin, backend: b });
      const card = await client.register(String(f.get('invitation')).trim(), String(f.get('identity')).trim(), key);
      const password = String(f.get('password'));
      await saveStored({ identity: card.identity, cardId: card.id, directoryKey: client.directoryKey!, encryptedKey: exportEncryptedPrivateKey(key, password) });
      onReady(client);
    } catch (err) {
      setError(`${(err as { code?: string }).code ?? 'error'}: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return h('form', { id: 'signup', onSubmit: submit, class: 'card' }, [
    h('h2', null, 'Sign up'),
    h('p', null, 'Your key pair is generated in this browser; the private key is stored here only, encrypted with your password.'),
    input({ name: 'invitation', placeholder: 'invitation token', required: true }),
    input({ name: 'identity', placeholder: 'identity (e.g. alice)', required: true }),
    input({ name: 'password', type: 'password', placeholder: 'password (protects your key)', required: true, minLength: 8 }),
    h('button', { type: 'submit', disabled: busy }, busy ? 'Generating key…' : 'Create key and publish card'),
    error && h('p', { class: 'error' }, error),
  ]);
}

function Unlock({ stored, onReady }: { stored: Stored; onReady: (c: ChatClient) => void }): VNode {
  const [error, setError] = useState('');
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const password = String(new FormData(e.target as HTMLFormElement).get('password'));
    try {
      const key: PrivateKey = importVirgilPrivateKey(stored.encryptedKey, { passphrase: password });
      const client = new ChatClient({ url: location.origin, backend: await backend(), directoryKey: stored.directoryKey, key, cardId: stored.cardId });
      await client.directory(); // refuses a server whose directory key is not the pinned one
      onReady(client);
    } catch (err) {
      setError((err as { code?: string }).code === 'ERR_KEY_PASSPHRASE' ? 'wrong password' : `${(err as { code?: string }).code ?? 'error'}: ${(err as Error).message}`);
    }
  };
  return h('form', { id: 'unlock', onSubmit: submit, class: 'card' }, [
    h('h2', null, `Unlock ${stored.identity}`),
    h('p', null, 'Your private key is stored encrypted in this browser. Enter your password to decrypt it.'),
    input({ name: 'password', type: 'password', placeholder: 'password', required: true }),
    h('button', { type: 'submit' }, 'Unlock'),
    error && h('p', { class: 'error' }, error),
  ]);
}

function Message({ m }: { m: ReadMessage }): VNode {
  return h('li', { class: m.verified ? 'msg verified' : 'msg unverified', 'data-id': String(m.id) }, [
    h('span', { class: 'sender' }, m.sender),
    m.verified ? h('span', { class: 'mark', title: 'sender card countersigned by the pinned directory key; signature valid' }, '✓ verified') : h('span', { class: 'warning' }, `⚠ UNVERIFIED: ${m.warning ?? ''}`),
    h('span', { class: 'text' }, m.text ?? (m.verified ? '(not encrypted for you)' : '(not decrypted)')),
    m.verified && m.warning ? h('span', { class: 'note' }, ` (${m.warning})`) : null,
  ]);
}

function Chat({ client }: { client: ChatClient }): VNode {
  const [channels, setChannels] = useState<Array<{ id: string; name: string }>>([]);
  const [current, setCurrent] = useState<Channel | undefined>();
  const [messages, setMessages] = useState<ReadMessage[]>([]);
  const [error, setError] = useState('');
  const [me, setMe] = useState('');
  const currentRef = useRef<string | undefined>(undefined);
  const guard = (fn: () => Promise<void>) => async (e?: Event) => {
    e?.preventDefault();
    setError('');
    try {
      await fn();
    } catch (err) {
      setError(`${(err as { code?: string }).code ?? 'error'}: ${(err as Error).message}`);
    }
  };
  const refresh = async (): Promise<void> => setChannels(await client.channels());
  const open = async (id: string): Promise<void> => {
    currentRef.current = id;
    setCurrent(await client.channel(id));
    setMessages((await client.read(id)).messages);
  };
  useEffect(() => {
    void (async () => {
      setMe((await client.card(client.cardId!)).identity);
      await refresh();
    })();
    let sock: { close(): Promise<void> } | undefined;
    void client
      .watch((m: StoredMessage) => {
        void (async () => {
          await refresh();
          if (m.channelId !== currentRef.current) return;
          const r = await client.open(m);
          setMessages((list) => (list.some((x) => x.id === r.id) ? list : [...list, r]));
        })();
      })
      .then((s) => (sock = s));
    return () => void sock?.close();
  }, []);
  const form = (id: string, fn: (f: FormData) => Promise<void>) => ({
    id,
    onSubmit: guard(async () => {
      const el = document.getElementById(id) as HTMLFormElement;
      await fn(new FormData(el));
      el.reset();
    }),
  });
  const isOwner = current && current.ownerCardId === client.cardId;
  return h('div', { class: 'chat' }, [
    h('aside', null, [
      h('p', { id: 'me' }, ['signed in as ', h('b', null, me)]),
      h('h3', null, 'Channels'),
      h('ul', { id: 'channels' }, channels.map((c) => h('li', null, h('a', { href: '#', 'data-channel': c.name, onClick: guard(() => open(c.id)) }, c.name)))),
      h('form', form('new-channel', async (f) => {
        const ch = await client.createChannel(String(f.get('name')));
        await refresh();
        await open(ch.id);
      }), [input({ name: 'name', placeholder: 'new channel', required: true }), h('button', { type: 'submit' }, 'Create')]),
    ]),
    current
      ? h('main', null, [
          h('h2', { id: 'channel-name' }, `# ${current.name}`),
          h('p', { id: 'members' }, [
            'Members: ',
            ...current.members.map((m) =>
              h('span', { class: 'member', 'data-member': m.identity }, [
                m.identity,
                isOwner && m.id !== client.cardId ? h('button', { class: 'remove', title: `remove ${m.identity}`, onClick: guard(async () => setCurrent(await client.removeMember(current.id, m.id))) }, '×') : null,
                ' ',
              ]),
            ),
          ]),
          isOwner && h('form', form('add-member', async (f) => setCurrent(await client.addMember(current.id, (await client.current(String(f.get('identity')).trim())).id))), [input({ name: 'identity', placeholder: 'add member (identity)', required: true }), h('button', { type: 'submit' }, 'Add')]),
          h('ul', { id: 'messages' }, messages.map((m) => h(Message, { m }))),
          h('form', form('send', async (f) => {
            const text = String(f.get('text'));
            if (text) await client.send(current.id, text);
          }), [input({ name: 'text', placeholder: 'message (encrypted for the current members, signed by you)', autocomplete: 'off' }), h('button', { type: 'submit' }, 'Send')]),
        ])
      : h('main', null, h('p', null, 'Create or pick a channel.')),
    error && h('p', { class: 'error', id: 'error' }, error),
  ]);
}

function App(): VNode {
  const [state, setState] = useState<{ phase: 'loading' } | { phase: 'signup' } | { phase: 'unlock'; stored: Stored } | { phase: 'chat'; client: ChatClient }>({ phase: 'loading' });
  useEffect(() => {
    void loadStored().then((stored) => setState(stored ? { phase: 'unlock', stored } : { phase: 'signup' }));
  }, []);
  const ready = (client: ChatClient): void => setState({ phase: 'chat', client });
  return h('div', { id: 'app', 'data-phase': state.phase }, [
    h('header', null, [h('h1', null, 'cryptoplug chat'), h('span', null, 'end-to-end encrypted · cards countersigned by the directory')]),
    state.phase === 'signup' ? h(SignUp, { onReady: ready }) : state.phase === 'unlock' ? h(Unlock, { stored: state.stored, onReady: ready }) : state.phase === 'chat' ? h(Chat, { client: state.client }) : h('p', null, 'loading…'),
  ]);
}

render(h(App, null), document.getElementById('root')!);
