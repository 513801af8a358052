// ioredis-bench: GET/SET throughput of ioredis, the peer of bench/redis_bench.cpp.
//   node ioredis-bench.js URL CONCURRENCY OPS [VALUE_BYTES]
// CONCURRENCY async workers each do SET key_i then GET key_i until OPS commands in all have been
// answered. Auto-pipelining is on: ioredis' fastest setting and the same batching ours does.
// Prints one JSON line: {"client":"ioredis","ops":N,"seconds":S,"ops_per_sec":R}.
'use strict';
const Redis = require('ioredis');

async function main() {
  const [url, concurrency = '64', ops = '200000', valueBytes = '16'] = process.argv.slice(2);
  if (!url) throw new Error('usage: ioredis-bench.js URL CONCURRENCY OPS [VALUE_BYTES]');
  const redis = new Redis(url, { enableAutoPipelining: true, lazyConnect: true });
  await redis.connect();
  const total = Number(ops);
  const value = 'x'.repeat(Number(valueBytes));
  await redis.ping();
  let issued = 0;
  const worker = async (i) => {
    const key = `bench:ioredis:${i}`;
    while (issued < total) {
      issued += 2;
      await redis.set(key, value);
      const got = await redis.get(key);
      if (got !== value) throw new Error(`GET ${key} returned ${got}`);
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Number(concurrency) }, (_, i) => worker(i)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ client: 'ioredis', ops: issued, seconds, ops_per_sec: issued / seconds }));
  redis.disconnect();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
