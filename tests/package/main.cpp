// Built by the package test against an installed Strata: routes, then a start and a stop.
#include <strata/http/server.hpp>

#include <cstdio>

int main() {
  strata::http::server_options o;
  o.port = 0;
  o.host = "127.0.0.1";
  o.threads = 1;
  strata::http::server srv(o);
  srv.get("/", [](strata::http::request&, strata::http::response& res) { res.text("ok"); });
  srv.start();
  std::printf("consumer served on port %u\n", srv.port());
  srv.stop();
  srv.wait();
  return srv.port() != 0 ? 0 : 1;
}
