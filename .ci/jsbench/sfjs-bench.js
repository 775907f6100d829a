// Drives the official client library, standard-file-js 0.3.71, under Node 20
// with its own SFAuthManager / SFModelManager / SFSyncManager, for sfnotes'
// side-by-side benchmarks. Usage:
//   node sfjs-bench.js first-sync SERVER EMAIL PASSWORD   sign in, then time the first sync
//   node sfjs-bench.js upload     SERVER EMAIL PASSWORD N register, then time uploading N new notes
//   node sfjs-bench.js edit       SERVER EMAIL PASSWORD UUID TEXT
//                                 sign in, sync, edit one note's text as the app does (client_updated_at
//                                 set now), wait 1.5 s, sync; prints {"mode","client_updated_at","updated_at"}
//                                 (sfnotes' real-server test of edit times)
// Prints one JSON line: {"mode","ms","signin_ms","items","requests","finished"}. With
// SFJS_DEADLINE_MS set it stops there and reports how far it got (finished:
// false) instead of running on.
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const dist = path.join(__dirname, 'node_modules', 'standard-file-js', 'dist');

// The library expects a browser: give it the few pieces it uses.
global.window = global;
global.navigator = { userAgent: 'node', language: 'en-US', languages: ['en-US'] };
global.alert = () => {};
global.confirm = () => true;
global.btoa = global.btoa || ((s) => Buffer.from(s, 'binary').toString('base64'));
global.atob = global.atob || ((s) => Buffer.from(s, 'base64').toString('binary'));

class FileReaderShim {
  _done(result) { if (this.onload) this.onload({ target: { result } }); }
  readAsArrayBuffer(blob) { blob.arrayBuffer().then((b) => this._done(b)); }
  readAsText(blob) { blob.text().then((t) => this._done(t)); }
  readAsDataURL(blob) {
    blob.arrayBuffer().then((b) => this._done('data:' + (blob.type || 'application/octet-stream') +
      ';base64,' + Buffer.from(b).toString('base64')));
  }
}
global.FileReader = FileReaderShim;

// XMLHttpRequest over fetch, as much as SFHttpManager uses.
let requests = 0;
class XHRShim {
  constructor() { this.readyState = 0; this.headers = {}; requests++; }
  open(method, url) { this.method = method.toUpperCase(); this.url = url; this.readyState = 1; }
  setRequestHeader(k, v) { this.headers[k] = v; }
  send(body) {
    fetch(this.url, { method: this.method, headers: this.headers, body })
      .then(async (r) => { this.status = r.status; this.responseText = await r.text(); })
      .catch((e) => { this.status = 0; this.responseText = JSON.stringify({ error: { message: String(e) } }); })
      .finally(() => { this.readyState = 4; if (this.onreadystatechange) this.onreadystatechange(); });
  }
}
global.XMLHttpRequest = XHRShim;

// dist/regenerator.js and dist/lodash.min.js must be loaded before dist/sfjs.js.
vm.runInThisContext(fs.readFileSync(path.join(dist, 'regenerator.js'), 'utf8'));
vm.runInThisContext(fs.readFileSync(path.join(dist, 'lodash.min.js'), 'utf8'));
const SF = require(path.join(dist, 'sfjs.js'));
SF.SFItem.AppDomain = 'org.standardnotes.sn';

class MemoryStorage extends SF.SFStorageManager {
  constructor() { super(); this.kv = new Map(); this.models = new Map(); }
  async setItem(k, v) { this.kv.set(k, v); }
  async getItem(k) { return this.kv.has(k) ? this.kv.get(k) : null; }
  async removeItem(k) { this.kv.delete(k); }
  async clear() { this.kv.clear(); }
  async getAllModels() { return [...this.models.values()]; }
  async saveModels(items) { for (const i of items) this.models.set(i.uuid, i); }
  async deleteModel(item) { this.models.delete(item.uuid); }
  async clearAllModels() { this.models.clear(); }
}

async function newClient(server) {
  const storage = new MemoryStorage();
  const http = new SF.SFHttpManager();
  const auth = new SF.SFAuthManager(storage, http);
  http.setJWTRequestHandler(async () => storage.getItem('jwt'));
  const models = new SF.SFModelManager();
  const sync = new SF.SFSyncManager(models, storage, http);
  sync.setKeyRequestHandler(async () => {
    const keys = await auth.keys();
    return { keys, auth_params: await auth.getAuthParams(), offline: !keys };
  });
  await storage.setItem('server', server);
  await sync.loadLocalItems();
  return { storage, auth, models, sync };
}

function fail(msg) { console.error('sfjs-bench: ' + msg); process.exit(1); }

// signinMs: how long the sign-in before a first sync took (key derivation
// included), reported beside the sync's own time.
let signinMs = 0;

function report(c, mode, start, finished) {
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const items = c.models.allItems.filter((i) => i.content_type === 'Note' && !i.errorDecrypting).length;
  const dirty = c.models.getDirtyItems().length;
  console.log(JSON.stringify({ mode, ms, signin_ms: signinMs, items, dirty, requests, finished }));
}

async function main() {
  const [mode, server, email, password, n] = process.argv.slice(2);
  const c = await newClient(server);
  let start = process.hrtime.bigint();
  const deadline = parseInt(process.env.SFJS_DEADLINE_MS || '0', 10);
  if (deadline > 0) {
    setTimeout(() => { report(c, mode, start, false); process.exit(0); }, deadline);
  }
  if (mode === 'first-sync') {
    const r = await c.auth.login(server, email, password, true, {});
    if (!r || r.error) fail('login: ' + JSON.stringify(r && r.error));
    signinMs = Number(process.hrtime.bigint() - start) / 1e6;
    start = process.hrtime.bigint();
    requests = 0;
    await c.sync.sync();
  } else if (mode === 'upload') {
    const r = await c.auth.register(server, email, password);
    if (!r || r.error) fail('register: ' + JSON.stringify(r && r.error));
    await c.sync.sync();
    const count = parseInt(n, 10);
    start = process.hrtime.bigint();
    requests = 0;
    for (let i = 0; i < count; i++) {
      const item = c.models.createItem({ content_type: 'Note',
        content: { title: 'JS note ' + i, text: 'Uploaded by standard-file-js, note number ' + i + '. ' + 'x'.repeat(200), references: [] } });
      c.models.addItem(item);
      c.models.setItemDirty(item, true);
    }
    await c.sync.sync();
    if (c.models.getDirtyItems().length !== 0) fail(c.models.getDirtyItems().length + ' items still dirty');
  } else if (mode === 'edit') {
    const r = await c.auth.login(server, email, password, true, {});
    if (!r || r.error) fail('login: ' + JSON.stringify(r && r.error));
    await c.sync.sync();
    const item = c.models.findItem(n);
    if (!item) fail('no item ' + n);
    item.content.text = process.argv[7];
    c.models.setItemDirty(item, true, true);
    const edited = item.client_updated_at.toISOString();
    await new Promise((res) => setTimeout(res, 1500));
    await c.sync.sync();
    if (c.models.getDirtyItems().length !== 0) fail('the edit did not sync');
    console.log(JSON.stringify({ mode, client_updated_at: edited, updated_at: item.updated_at.toISOString() }));
    process.exit(0);
  } else {
    fail('unknown mode ' + mode);
  }
  report(c, mode, start, true);
  process.exit(0);
}

main().catch((e) => fail(e && e.stack || String(e)));
