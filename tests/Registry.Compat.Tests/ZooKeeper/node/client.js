// Drives node-zookeeper-client through create/get/set/children/watch/ephemeral/delete and prints a JSON result.
'use strict';
const zookeeper = require('node-zookeeper-client');

const client = zookeeper.createClient(process.argv[2], { sessionTimeout: 10000, retries: 0 });
const results = {};
const root = '/node-compat';

function call(fn, ...args) {
  return new Promise((resolve) => fn.call(client, ...args, (error, ...values) => resolve({ error, values })));
}

async function main() {
  const create = await call(client.create, root, Buffer.from('n1'), zookeeper.CreateMode.PERSISTENT);
  results.create = create.error ? create.error.name : create.values[0];
  const again = await call(client.create, root, Buffer.from(''), zookeeper.CreateMode.PERSISTENT);
  results.createExisting = again.error ? again.error.name : 'ok';
  const seq = await call(client.create, root + '/s-', Buffer.from(''), zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL);
  results.sequential = seq.values[0];

  const dataEvent = new Promise((resolve) => {
    client.getData(root, (event) => resolve(event.getName()), (error, data, stat) => {
      results.get = { data: data.toString(), version: stat.version };
    });
  });
  const childEvent = new Promise((resolve) => {
    client.getChildren(root, (event) => resolve(event.getName()), (error, children) => {
      results.children = children;
    });
  });
  const set = await call(client.setData, root, Buffer.from('n2'), 0);
  results.setVersion = set.values[0].version;
  await call(client.create, root + '/c', Buffer.from(''), zookeeper.CreateMode.PERSISTENT);
  results.events = [await dataEvent, await childEvent];

  const badVersion = await call(client.setData, root, Buffer.from('n3'), 7);
  results.badVersion = badVersion.error ? badVersion.error.name : 'ok';
  const missing = await call(client.exists, root + '/missing');
  results.existsMissing = missing.values[0] === null;
  await call(client.remove, root + '/c', -1);
  await call(client.remove, seq.values[0], -1);
  const removed = await call(client.remove, root, -1);
  results.removed = removed.error ? removed.error.name : 'ok';
  console.log(JSON.stringify(results));
  client.close();
}

client.once('connected', () => {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
});
client.connect();
