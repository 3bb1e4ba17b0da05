// The simulator's own PKI, made fresh at every start: a CA ("aurora-sim CA") and a serving
// certificate it signs for 127.0.0.1, ::1 and localhost. The API serves HTTPS with the serving pair and
// the kubeconfig embeds the CA as certificate-authority-data, so kubectl (client-go sends bearer
// tokens only over TLS) and @kubernetes/client-node verify the server as they would a real cluster's.
// node-forge builds the certificates; node:crypto makes the RSA keys (on the thread pool) and signs
// (native: forge's own RSA in JavaScript would take about a second).
import { type KeyObject, generateKeyPair, randomBytes, sign } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

export interface ServingTls {
  /** PEM of the CA certificate: what the kubeconfig embeds. */
  caPem: string;
  /** PEM key and certificate the HTTPS server presents. */
  key: string;
  cert: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface RsaKeys {
  privateKey: KeyObject;
  publicKey: forge.pki.rsa.PublicKey;
  pem: string;
}

async function rsaKeys(): Promise<RsaKeys> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey: forge.pki.publicKeyFromPem(
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    ) as forge.pki.rsa.PublicKey,
    pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** Signs the certificate's TBS part with SHA-256/RSA through node:crypto. */
function signWith(cert: forge.pki.Certificate, issuerKey: KeyObject): void {
  const oid = forge.pki.oids.sha256WithRSAEncryption!;
  const mutable = cert as forge.pki.Certificate & {
    siginfo: { algorithmOid: string };
    signatureOid: string;
    signature: string;
  };
  mutable.siginfo.algorithmOid = oid;
  mutable.signatureOid = oid;
  // getTBSCertificate is public in node-forge but missing from @types/node-forge.
  const pki = forge.pki as typeof forge.pki & { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 };
  const tbs = Buffer.from(forge.asn1.toDer(pki.getTBSCertificate(cert)).getBytes(), 'binary');
  mutable.signature = sign('sha256', tbs, issuerKey).toString('binary');
}

function certificate(
  subject: string,
  publicKey: forge.pki.rsa.PublicKey,
  validity: { notBefore: Date; notAfter: Date },
  extensions: object[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  // Positive (high bit clear), 16 random bytes: RFC 5280 allows up to 20.
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.publicKey = publicKey;
  cert.validity.notBefore = validity.notBefore;
  cert.validity.notAfter = validity.notAfter;
  cert.setSubject([{ name: 'commonName', value: subject }]);
  cert.setExtensions(extensions);
  return cert;
}

/** A CA and a serving certificate signed by it, valid from an hour ago (clock skew) for `days` days. */
export async function createServingTls(days = 30): Promise<ServingTls> {
  const validity = { notBefore: new Date(Date.now() - HOUR_MS), notAfter: new Date(Date.now() + days * DAY_MS) };
  const [caKeys, serverKeys] = await Promise.all([rsaKeys(), rsaKeys()]);
  const ca = certificate('aurora-sim CA', caKeys.publicKey, validity, [
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.setIssuer(ca.subject.attributes);
  signWith(ca, caKeys.privateKey);

  const server = certificate('aurora-sim-apiserver', serverKeys.publicKey, validity, [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
        { type: 2, value: 'localhost' },
      ],
    },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  server.setIssuer(ca.subject.attributes);
  signWith(server, caKeys.privateKey);

  return { caPem: forge.pki.certificateToPem(ca), key: serverKeys.pem, cert: forge.pki.certificateToPem(server) };
}
