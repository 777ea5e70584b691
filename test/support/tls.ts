// Test certificates, made once per process with the real openssl and removed when the process exits:
// - a self-signed CA and a server certificate for 127.0.0.1/localhost (the registry's TLS mode);
// - a self-signed RSA signing certificate for the token server (the registry's rootcertbundle).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsMaterial {
  dir: string;
  caFile: string;       // PEM of the CA that signed the server certificate
  caDir: string;        // a directory holding only ca.crt (skopeo/buildah --cert-dir)
  certFile: string;     // server certificate (SAN IP:127.0.0.1, DNS:localhost)
  keyFile: string;
  ca: string;           // caFile's contents
}

export interface SigningMaterial {
  certFile: string;     // PEM, self-signed; the registry trusts it as rootcertbundle
  keyFile: string;
  certPem: string;
  keyPem: string;
  certDerBase64: string; // for the JWT header's x5c
}

let baseDir: string | undefined;
let tls: TlsMaterial | undefined;
let signing: SigningMaterial | undefined;

function dir(): string {
  if (!baseDir) {
    const d = mkdtempSync(join(tmpdir(), 'regx-certs-'));
    baseDir = d;
    process.once('exit', () => rmSync(d, { recursive: true, force: true }));
  }
  return baseDir;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`openssl ${args[0]} failed (is openssl installed?): ${err.stderr?.toString().trim() || err.message}`);
  }
}

export function tlsMaterial(): TlsMaterial {
  if (tls) return tls;
  const d = join(dir(), 'tls');
  mkdirSync(d);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3',
    '-subj', '/CN=regx test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], d);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], d);
  writeFileSync(join(d, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt',
    '-days', '3', '-extfile', 'ext.cnf'], d);
  const caDir = join(d, 'certdir');
  mkdirSync(caDir);
  copyFileSync(join(d, 'ca.crt'), join(caDir, 'ca.crt'));
  tls = {
    dir: d,
    caFile: join(d, 'ca.crt'),
    caDir,
    certFile: join(d, 'server.crt'),
    keyFile: join(d, 'server.key'),
    ca: readFileSync(join(d, 'ca.crt'), 'utf8'),
  };
  return tls;
}

export function signingMaterial(): SigningMaterial {
  if (signing) return signing;
  const d = join(dir(), 'token');
  mkdirSync(d);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'token.key', '-out', 'token.crt', '-days', '3',
    '-subj', '/CN=regx test token issuer'], d);
  const certPem = readFileSync(join(d, 'token.crt'), 'utf8');
  const certDerBase64 = certPem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  signing = {
    certFile: join(d, 'token.crt'),
    keyFile: join(d, 'token.key'),
    certPem,
    keyPem: readFileSync(join(d, 'token.key'), 'utf8'),
    certDerBase64,
  };
  return signing;
}
