// redis_bench: GET/SET throughput of strata::redis, the peer of bench/peers/ioredis-bench.js.
//   redis_bench URL [CONCURRENCY=64] [OPS=200000] [VALUE_BYTES=16]
// CONCURRENCY coroutines on one loop each do SET key_i then GET key_i until OPS commands in all
// have been answered (one loop, as Node has one thread). Commands of the coroutines are
// pipelined by the client on its one connection. Prints one JSON line like ioredis-bench.js.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <strata/redis/client.hpp>
#include <string>

namespace {

strata::task<void> worker(strata::redis::client& c, int i, long& issued, long total, const std::string& value) {
  const std::string key = "bench:strata:" + std::to_string(i);
  while (issued < total) {
    issued += 2;
    co_await c.set(key, value);
    const auto got = co_await c.get(key);
    if (got != value) throw std::runtime_error("GET " + key + " returned something else");
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: redis_bench URL [CONCURRENCY] [OPS] [VALUE_BYTES]\n");
    return 2;
  }
  const int concurrency = argc > 2 ? std::atoi(argv[2]) : 64;
  const long total = argc > 3 ? std::atol(argv[3]) : 200000;
  const std::string value(argc > 4 ? std::atoi(argv[4]) : 16, 'x');
  try {
    auto c = strata::redis::client::open(argv[1]);
    boost::asio::io_context io(1);
    std::exception_ptr failure;
    int running = 0;
    long issued = 0;
    auto stop_when_done = [&](std::exception_ptr e) {
      if (e && !failure) failure = e;
      if (--running == 0) io.stop();
    };
    // Connect first (one PING), so the timing covers commands only, as ioredis' does.
    running = 1;
    boost::asio::co_spawn(io, c.ping(), stop_when_done);
    io.run();
    if (failure) std::rethrow_exception(failure);
    io.restart();

    const auto started = std::chrono::steady_clock::now();
    running = concurrency;
    for (int i = 0; i < concurrency; ++i) boost::asio::co_spawn(io, worker(c, i, issued, total, value), stop_when_done);
    io.run();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (failure) std::rethrow_exception(failure);
    const auto s = c.stats();
    std::printf("{\"client\":\"strata\",\"ops\":%ld,\"seconds\":%.4f,\"ops_per_sec\":%.0f,\"writes\":%llu}\n", issued,
                seconds, issued / seconds, static_cast<unsigned long long>(s.writes));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "redis_bench: %s\n", e.what());
    return 1;
  }
}
