// A small service for the cross-instance tests: GET / limited by a rate_limit on an insurance
// store over Redis; it answers which store decided (X-Limiter-Store: redis | memory).
//   ratelimit_test_server REDIS_URL PORT_FILE NAME POINTS WINDOW_MS
// It listens on a free loopback port, writes the port to PORT_FILE and serves until SIGTERM.
#include <strata/http/server.hpp>
#include <strata/ratelimit/insurance_store.hpp>
#include <strata/ratelimit/middleware.hpp>
#include <strata/ratelimit/redis_store.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

using namespace strata;

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: %s REDIS_URL PORT_FILE NAME POINTS WINDOW_MS\n", argv[0]);
    return 2;
  }
  auto redis = redis::client::open(argv[1]);
  auto insured = std::make_shared<ratelimit::insurance_store>(
      std::make_shared<ratelimit::redis_store>(redis), nullptr,
      ratelimit::insurance_options{.retry_after = std::chrono::milliseconds(200)});
  http::server_options o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.threads = 2;
  http::server srv(o);
  srv.use(ratelimit::rate_limit({.name = argv[3],
                                 .limits = {{std::stoll(argv[4]), std::chrono::milliseconds(std::stoll(argv[5]))}},
                                 .store = insured}));
  srv.get("/", [insured](http::request&, http::response& res) {
    res.set("X-Limiter-Store", insured->degraded() ? "memory" : "redis");
    res.text("ok");
  });
  srv.listen();
  // Written whole under another name first, so the test never reads half a number.
  const std::string file = argv[2];
  {
    std::ofstream out(file + ".tmp");
    out << srv.port() << "\n";
  }
  std::filesystem::rename(file + ".tmp", file);
  srv.run();
  return 0;
}
