// Drives the npm package `onvif` (a real ONVIF client nobody here wrote)
// against the camera emulator and prints what happened as one JSON document.
//   node onvif_client.js session HOST PORT USER PASSWORD [NEW_PASSWORD]
//     connect, GetDeviceInformation, GetUsers, GetStreamUri, GetUsers again with
//     Created taken from this machine's clock (as if the offset were ignored); with NEW_PASSWORD
//     also SetUser (setUsers) and then, polling for up to 8 s, a fresh Cam with
//     the new password until it can GetUsers, and one with the old password.
//   node onvif_client.js discover TIMEOUT_MS
//     onvif.Discovery.probe; every camera found, with the XML of its answer.
'use strict';
const onvif = require('onvif');

function out(doc) {
  process.stdout.write(JSON.stringify(doc, null, 1) + '\n');
}

function connect(host, port, user, password) {
  return new Promise((resolve) => {
    const cam = new onvif.Cam({hostname: host, port: port, username: user, password: password,
      autoconnect: false, timeout: 5000});
    const warnings = [];
    cam.on('warning', (w) => warnings.push(String(w)));
    cam.connect((err) => resolve({cam, err: err ? String(err.message || err) : null, warnings}));
  });
}

function call(cam, method, ...args) {
  return new Promise((resolve) => {
    cam[method](...args, (err, data) => resolve({err: err ? String(err.message || err) : null, data}));
  });
}

async function canGetUsers(host, port, user, password) {
  const c = await connect(host, port, user, password);
  if (c.err) return {ok: false, err: c.err};
  const r = await call(c.cam, 'getUsers');
  return {ok: !r.err, err: r.err};
}

async function session(host, port, user, password, newPassword) {
  const doc = {};
  const c = await connect(host, port, user, password);
  doc.connect = {err: c.err, warnings: c.warnings, timeShift: c.cam.timeShift || 0};
  if (c.err) return out(doc);
  doc.info = await call(c.cam, 'getDeviceInformation');
  doc.users = await call(c.cam, 'getUsers');
  doc.stream = await call(c.cam, 'getStreamUri', {protocol: 'RTSP'});
  // The same call as a client that ignores the camera's clock would make it:
  // Created from this machine's clock.
  const shift = c.cam.timeShift;
  c.cam.timeShift = Date.now() - process.uptime() * 1000;
  doc.usersWithLocalClock = await call(c.cam, 'getUsers');
  c.cam.timeShift = shift;
  if (newPassword) {
    const start = Date.now();
    doc.setUser = await call(c.cam, 'setUsers',
      [{username: user, password: newPassword, userLevel: 'Administrator'}]);
    let fresh = await canGetUsers(host, port, user, newPassword);
    doc.newAtOnce = fresh.ok;
    while (!fresh.ok && Date.now() - start < 8000) {
      await new Promise((r) => setTimeout(r, 500));
      fresh = await canGetUsers(host, port, user, newPassword);
    }
    doc.newWorks = fresh.ok;
    doc.newAfterMs = Date.now() - start;
    const old = await canGetUsers(host, port, user, password);
    doc.oldWorks = old.ok;
    doc.oldErr = old.err;
  }
  out(doc);
}

function discover(timeout) {
  const found = [];
  const messageId = '3f2a1c9e-0d4b-4a7e-9c51-7b8d2e6f1a00';
  onvif.Discovery.on('device', (cam, rinfo, xml) => {
    // The endpoint reference as the answer carries it (the Cam object may not keep it).
    const address = /<(?:\w+:)?Address>([^<]*)</.exec(xml);
    found.push({urn: cam.urn || (address && address[1]), hostname: cam.hostname, port: cam.port, path: cam.path,
      xaddrs: (cam.xaddrs || []).map(String), from: rinfo.address,
      relatesToProbe: xml.includes('urn:uuid:' + messageId)});
  });
  onvif.Discovery.on('error', () => {});
  const start = Date.now();
  onvif.Discovery.probe({timeout: timeout, resolve: true, messageId: messageId}, (err) => {
    out({err: err ? String(err) : null, elapsedMs: Date.now() - start, cameras: found});
  });
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'session') {
  session(args[0], +args[1], args[2], args[3], args[4]).catch((e) => { out({crash: String(e)}); });
} else if (mode === 'discover') {
  discover(+args[0]);
} else {
  process.stderr.write('usage: onvif_client.js session|discover ...\n');
  process.exit(2);
}
