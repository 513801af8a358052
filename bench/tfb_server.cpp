// tfb-server: the TechEmpower test types per the TechEmpower requirements: GET /plaintext and
// GET /json, each with Server, Date, Content-Type and Content-Length; with DATABASE_URL set, also
// the database tests /db, /queries, /fortunes and /updates (tfb_db.cpp).
#include <strata/http/server.hpp>
#include <strata/log/request_logger.hpp>
#include <strata/log/sink.hpp>
#include <strata/metrics/http_metrics.hpp>
#include <strata/metrics/metrics_route.hpp>
#include <strata/metrics/registry.hpp>

#ifdef STRATA_TFB_DB
#include "tfb_db.hpp"
#endif

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serializer.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace strata::http;

int main(int argc, char** argv) {
  server_options o = server_options::from_env();
  // --observe: one Pino request line per request (to --log-file) and the HTTP metrics, to measure
  // what observability costs against the same server without it.
  bool observe = false;
  std::string log_file = "/dev/null";
  std::size_t db_pool = 0;  // PostgreSQL connections per loop; 0: strata::sql's default
  o.compression.enabled = false;  // the TechEmpower responses are tiny and must not be compressed
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--port")) o.port = static_cast<std::uint16_t>(std::atoi(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--threads")) o.threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--host")) o.host = argv[i + 1];
    else if (!std::strcmp(argv[i], "--observe")) observe = std::strcmp(argv[i + 1], "0") != 0;
    else if (!std::strcmp(argv[i], "--log-file")) log_file = argv[i + 1];
    else if (!std::strcmp(argv[i], "--db-pool")) db_pool = static_cast<std::size_t>(std::atoi(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--idle-spin-us")) o.idle_spin = std::chrono::microseconds(std::atoi(argv[i + 1]));
    else {
      std::fprintf(stderr,
                   "usage: tfb-server [--port P] [--threads N] [--host H] [--observe 1 [--log-file F]] [--db-pool N]\n"
                   "                  [--idle-spin-us N]\n");
      return 2;
    }
  }
  server srv(o);
  strata::metrics::registry registry;
  if (observe) {
    strata::log::options lo;
    lo.file = log_file;
    strata::log::configure(strata::log::options::from_env(lo));  // LOG_LEVEL=warn: metrics alone
    srv.use(strata::log::request_logger());
    if (!std::getenv("TFB_NO_METRICS")) srv.use(strata::metrics::http_metrics(registry));
    srv.use(strata::metrics::metrics_route(registry));
  }
  srv.get("/plaintext", [](request&, response& res) {
    res.set("Content-Type", "text/plain");
    res.send(std::string_view("Hello, World!"));
  });
  srv.get("/json", [](request&, response& res) {
    // Built and serialized per request, as the rules require; on the stack, so nothing is allocated.
    unsigned char storage[256];
    boost::json::monotonic_resource mr(storage, sizeof storage);
    boost::json::object msg(&mr);
    msg["message"] = "Hello, World!";
    boost::json::serializer sr;
    sr.reset(&msg);
    char out[64];
    res.set("Content-Type", "application/json");
    auto body = sr.read(out, sizeof out);
    res.send(std::string_view(body.data(), body.size()));
  });
  if (const char* url = std::getenv("DATABASE_URL"); url && *url) {
#ifdef STRATA_TFB_DB
    tfb::add_db_routes(srv, url, db_pool);
#else
    std::fprintf(stderr, "tfb-server: built without strata::sql; DATABASE_URL ignored\n");
#endif
  }
  srv.listen();
  std::printf("tfb-server on port %u\n", srv.port());
  std::fflush(stdout);
  srv.run();
}
