/**
 * A self-signed TLS setup made at start-up with node-forge: a CA certificate (what clients trust) and a server
 * certificate signed by it for localhost / 127.0.0.1 / ::1 plus any extra names, both RSA-2048, valid for 30 days.
 * The CA is written to a file so mosquitto_pub --cafile, paho's ca_certs or mqtt.js's `ca` can trust it.
 */
import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

export interface SelfSignedTls {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** The CA certificate file (PEM). */
  readonly caFile: string;
  /** The server certificate (PEM, followed by the CA) and key files. */
  readonly certFile: string;
  readonly keyFile: string;
}

function serial(): string {
  // positive 16-byte serial
  const bytes = forge.random.getBytesSync(16);
  return '01' + forge.util.bytesToHex(bytes).slice(2);
}

function validity(cert: forge.pki.Certificate): void {
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + 30 * 24 * 60 * 60 * 1000);
}

export async function createSelfSignedTls(options: { dir?: string; hostnames?: readonly string[] } = {}): Promise<SelfSignedTls> {
  const caKeys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = serial();
  validity(ca);
  const caName = [{ name: 'commonName', value: 'cryptoplug akenza-broker local CA' }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  validity(cert);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caName);
  const names = ['localhost', '127.0.0.1', '::1', ...(options.hostnames ?? [])].filter((n, i, all) => all.indexOf(n) === i);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKeys.privateKey, forge.md.sha256.create());

  const caPem = forge.pki.certificateToPem(ca);
  const certPem = forge.pki.certificateToPem(cert);
  const keyPem = forge.pki.privateKeyToPem(keys.privateKey);
  let dir = options.dir;
  if (dir === undefined) dir = await mkdtemp(join(tmpdir(), 'akenza-broker-'));
  else await mkdir(dir, { recursive: true });
  const caFile = join(dir, 'ca.pem');
  const certFile = join(dir, 'server-cert.pem');
  const keyFile = join(dir, 'server-key.pem');
  await writeFile(caFile, caPem);
  await writeFile(certFile, certPem + caPem);
  await writeFile(keyFile, keyPem, { mode: 0o600 });
  return { caPem, certPem, keyPem, caFile, certFile, keyFile };
}
