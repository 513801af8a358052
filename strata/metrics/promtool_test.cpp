// promtool (Prometheus' own parser and linter) accepts what we expose: every metric type, the
// process and HTTP metrics, and awkward label values. Skips when promtool is not installed.
#include <strata/http/server.hpp>
#include <strata/metrics/metrics.hpp>
#include <strata/metrics/testing/scrape.hpp>
#include <strata/core/testing/temp_dir.hpp>

#include <gtest/gtest.h>

#include <limits>

namespace strata::metrics {
namespace {

using http::testing::get_request;

// `promtool check metrics` reads the text format from stdin; exit 0 and no output when it is clean.
http::testing::command_result promtool_check(const std::string& text) {
  strata::testing::temp_dir dir;
  auto file = dir.write("metrics.txt", text);
  return http::testing::run_command("promtool check metrics < '" + file.string() + "' 2>&1");
}

TEST(promtool, accepts_a_full_registry) {
  if (!http::testing::have_command("promtool")) GTEST_SKIP() << "promtool not installed (Debian package prometheus)";
  registry reg;
  collect_default_metrics(reg);
  http::server_options o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.threads = 2;
  http::server srv(o);
  srv.use(http_metrics(reg));
  srv.use(metrics_route(reg));
  start_loop_lag_monitor(srv, reg, {.interval = std::chrono::milliseconds(10)});
  srv.get("/users/:id", [](http::request&, http::response& res) { res.text("u"); });
  srv.start();
  for (const char* path : {"/users/1", "/users/2", "/missing"}) http::testing::fetch(srv.port(), get_request(path));

  auto jobs = reg.counter(
      {.name = "jobs_processed_total", .help = "Jobs \"processed\"\\done.\nSecond line.", .label_names = {"queue"}});
  jobs.labels({"we\"ird\\va\nlue"}).inc(2);
  jobs.labels({"ünïcödé"}).inc();
  auto depth = reg.gauge({.name = "queue_depth", .help = "Depth.", .label_names = {"queue"}});
  depth.labels({"a"}).set(std::numeric_limits<double>::infinity());
  depth.labels({"b"}).set(std::numeric_limits<double>::quiet_NaN());
  auto size = reg.summary({.name = "payload_size_bytes", .help = "Payload sizes.", .label_names = {"kind"}});
  for (int i = 0; i < 100; ++i) size.labels({"json"}).observe(i);
  size.labels({"empty"});  // quantiles NaN
  auto latency = reg.histogram(
      {.name = "db_query_duration_seconds", .help = "Query time.", .buckets = exponential_buckets(0.0001, 10, 6)});
  latency.observe(0.003);

  auto scraped = testing::scrape(srv.port(), "text/plain");
  ASSERT_TRUE(scraped);
  const std::string& text = scraped->body;
  ASSERT_NE(text.find("http_requests_total{method=\"GET\",route=\"/users/:id\",status_code=\"200\"}"),
            std::string::npos)
      << text;
  ASSERT_NE(text.find("process_resident_memory_bytes"), std::string::npos);
  ASSERT_NE(text.find("strata_event_loop_lag_seconds{loop=\"1\"}"), std::string::npos);
  auto r = promtool_check(text);
  EXPECT_EQ(r.status, 0) << r.output << "\n--- exposed:\n" << text;
  EXPECT_EQ(r.output, "") << text;
}

TEST(promtool, reports_a_broken_exposition) {
  // The check itself works: a counter without _total is a lint problem, garbage a parse error.
  if (!http::testing::have_command("promtool")) GTEST_SKIP() << "promtool not installed (Debian package prometheus)";
  EXPECT_NE(promtool_check("# HELP x X.\n# TYPE x counter\nx 1\n").status, 0);
  EXPECT_NE(promtool_check("x{ 1\n").status, 0);
}

}  // namespace
}  // namespace strata::metrics
