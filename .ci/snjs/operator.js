// Test-only harness: drives the official Standard Notes protocol 004
// operator (@standardnotes/snjs, installed by npm at test time; nothing of it
// is in this repository) so that sfnotes' tests can check that the two read
// each other's items. Reads one JSON job on stdin, writes JSON on stdout.
//
//   {"op":"derive","password":P,"keyParams":KP}
//     -> {"masterKey","serverPassword","ms"}
//   {"op":"decrypt","password":P,"keyParams":KP,"items":[server payloads]}
//     -> {"items":[{"uuid","content_type","content"} | {"uuid","error":true}]}
//        (items keys are opened with the root key, the rest with the items key they name)
//   {"op":"encrypt","password":P,"keyParams":KP,"items":[{"uuid","content_type","content"}]}
//     -> {"items":[server payloads]} (the SN|ItemsKey item with the root key, the rest with it)
globalThis.self = globalThis;
globalThis.window = globalThis;
// Node 18 (Debian 12's, which .ci/run installs on a fresh machine) has no global WebCrypto.
if (!globalThis.crypto) {
  globalThis.crypto = require('node:crypto').webcrypto;
}
const snjs = require('@standardnotes/snjs');
const { SNWebCrypto } = require('@standardnotes/sncrypto-web/dist/sncrypto-web.js');
const nodeCrypto = require('crypto');

function readStdin() {
  return new Promise((resolve) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (c) => { data += c; });
    process.stdin.on('end', () => resolve(data));
  });
}

async function rootKey(op, job) {
  const params = snjs.CreateAnyKeyParams(job.keyParams);
  return op.computeRootKey(job.password, params);
}

function itemsKeyOf(uuid, content) {
  return new snjs.SNItemsKey(new snjs.DecryptedPayload({ uuid, content_type: 'SN|ItemsKey', content }));
}

async function main() {
  const job = JSON.parse(await readStdin());
  const crypto = new SNWebCrypto();
  await crypto.initialize();
  snjs.UuidGenerator.SetGenerator(() => nodeCrypto.randomUUID());
  const op = new snjs.SNProtocolOperator004(crypto);
  if (job.op === 'derive') {
    const start = process.hrtime.bigint();
    const key = await rootKey(op, job);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return { masterKey: key.masterKey, serverPassword: key.serverPassword, ms };
  }
  const root = await rootKey(op, job);
  if (job.op === 'decrypt') {
    const keys = {};
    const out = [];
    const withVersion = (p) => Object.assign({}, p, { version: p.content.substring(0, 3) });
    for (const p of job.items.filter((p) => p.content_type === 'SN|ItemsKey')) {
      const d = op.generateDecryptedParameters(withVersion(p), root);
      if (d.errorDecrypting) { out.push({ uuid: p.uuid, error: true }); continue; }
      // As decrypted: building the key object below adds fields to its content.
      out.push({ uuid: p.uuid, content_type: p.content_type, content: JSON.parse(JSON.stringify(d.content)) });
      keys[p.uuid] = itemsKeyOf(p.uuid, d.content);
    }
    for (const p of job.items.filter((p) => p.content_type !== 'SN|ItemsKey')) {
      const key = keys[p.items_key_id];
      const d = key ? op.generateDecryptedParameters(withVersion(p), key) : { errorDecrypting: true };
      out.push(d.errorDecrypting ? { uuid: p.uuid, error: true } : { uuid: p.uuid, content_type: p.content_type, content: d.content });
    }
    return { items: out };
  }
  if (job.op === 'encrypt') {
    const ik = job.items.find((i) => i.content_type === 'SN|ItemsKey');
    const itemsKey = itemsKeyOf(ik.uuid, ik.content);
    const out = [op.generateEncryptedParameters(ik, root)];
    for (const it of job.items.filter((i) => i.content_type !== 'SN|ItemsKey')) {
      out.push(op.generateEncryptedParameters(it, itemsKey));
    }
    return { items: out };
  }
  throw new Error('unknown op ' + job.op);
}

main().then((r) => {
  process.stdout.write(JSON.stringify(r));
}, (e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
