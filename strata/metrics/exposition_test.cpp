// The two text formats, byte for byte, for small registries (expected output written from the
// Prometheus 0.0.4 and OpenMetrics 1.0.0 specifications), plus escaping and content negotiation.
#include <strata/metrics/registry.hpp>

#include <gtest/gtest.h>

#include <limits>

namespace strata::metrics {
namespace {

// One family of each type with simple values.
registry small_registry() {
  registry reg;
  auto c = reg.counter({.name = "jobs_total", .help = "Jobs run.", .label_names = {"queue"}});
  c.labels({"email"}).inc(3);
  c.labels({"sms"}).inc();
  auto g = reg.gauge({.name = "temperature_celsius", .help = "Current temperature."});
  g.set(-1.5);
  auto h = reg.histogram({.name = "job_duration_seconds", .help = "Job durations.", .buckets = {0.5, 1}});
  h.observe(0.25);
  h.observe(0.75);
  h.observe(3);
  auto s = reg.summary({.name = "payload_bytes", .help = "Payload sizes.", .percentiles = {0.5, 0.9}});
  for (int i = 1; i <= 10; ++i) s.observe(i);
  return reg;
}

TEST(exposition, prometheus_text_format) {
  EXPECT_EQ(small_registry().expose(exposition_format::prometheus),
            "# HELP jobs_total Jobs run.\n"
            "# TYPE jobs_total counter\n"
            "jobs_total{queue=\"email\"} 3\n"
            "jobs_total{queue=\"sms\"} 1\n"
            "# HELP temperature_celsius Current temperature.\n"
            "# TYPE temperature_celsius gauge\n"
            "temperature_celsius -1.5\n"
            "# HELP job_duration_seconds Job durations.\n"
            "# TYPE job_duration_seconds histogram\n"
            "job_duration_seconds_bucket{le=\"0.5\"} 1\n"
            "job_duration_seconds_bucket{le=\"1\"} 2\n"
            "job_duration_seconds_bucket{le=\"+Inf\"} 3\n"
            "job_duration_seconds_sum 4\n"
            "job_duration_seconds_count 3\n"
            "# HELP payload_bytes Payload sizes.\n"
            "# TYPE payload_bytes summary\n"
            "payload_bytes{quantile=\"0.5\"} 5\n"
            "payload_bytes{quantile=\"0.9\"} 9\n"
            "payload_bytes_sum 55\n"
            "payload_bytes_count 10\n");
}

TEST(exposition, openmetrics_format) {
  EXPECT_EQ(small_registry().expose(exposition_format::openmetrics),
            "# HELP jobs Jobs run.\n"
            "# TYPE jobs counter\n"
            "jobs_total{queue=\"email\"} 3\n"
            "jobs_total{queue=\"sms\"} 1\n"
            "# HELP temperature_celsius Current temperature.\n"
            "# TYPE temperature_celsius gauge\n"
            "temperature_celsius -1.5\n"
            "# HELP job_duration_seconds Job durations.\n"
            "# TYPE job_duration_seconds histogram\n"
            "job_duration_seconds_bucket{le=\"0.5\"} 1\n"
            "job_duration_seconds_bucket{le=\"1.0\"} 2\n"
            "job_duration_seconds_bucket{le=\"+Inf\"} 3\n"
            "job_duration_seconds_sum 4\n"
            "job_duration_seconds_count 3\n"
            "# HELP payload_bytes Payload sizes.\n"
            "# TYPE payload_bytes summary\n"
            "payload_bytes{quantile=\"0.5\"} 5\n"
            "payload_bytes{quantile=\"0.9\"} 9\n"
            "payload_bytes_sum 55\n"
            "payload_bytes_count 10\n"
            "# EOF\n");
}

TEST(exposition, openmetrics_adds_total_to_counters_registered_without_it) {
  registry reg;
  reg.counter({.name = "restarts", .help = "Restarts."}).inc();
  EXPECT_EQ(reg.expose(exposition_format::openmetrics),
            "# HELP restarts Restarts.\n# TYPE restarts counter\nrestarts_total 1\n# EOF\n");
  // The text format keeps the name as registered, as prom-client does.
  EXPECT_EQ(reg.expose(exposition_format::prometheus),
            "# HELP restarts Restarts.\n# TYPE restarts counter\nrestarts 1\n");
}

TEST(exposition, label_values_are_escaped) {
  registry reg;
  auto g = reg.gauge({.name = "g", .help = "G.", .label_names = {"path", "note"}});
  g.labels({"C:\\dir\\file", "say \"hi\"\nbye"}).set(1);
  g.labels({"", "ünïcödé"}).set(2);
  const std::string expected_samples =
      "g{path=\"C:\\\\dir\\\\file\",note=\"say \\\"hi\\\"\\nbye\"} 1\n"
      "g{path=\"\",note=\"ünïcödé\"} 2\n";
  EXPECT_EQ(reg.expose(exposition_format::prometheus), "# HELP g G.\n# TYPE g gauge\n" + expected_samples);
  EXPECT_EQ(reg.expose(exposition_format::openmetrics), "# HELP g G.\n# TYPE g gauge\n" + expected_samples + "# EOF\n");
}

TEST(exposition, help_is_escaped_per_format) {
  registry reg;
  reg.gauge({.name = "h", .help = "a \"quoted\" back\\slash\nnew line"});
  // 0.0.4 escapes backslash and newline in HELP; a double quote stays as it is.
  EXPECT_EQ(reg.expose(exposition_format::prometheus),
            "# HELP h a \"quoted\" back\\\\slash\\nnew line\n# TYPE h gauge\nh 0\n");
  // OpenMetrics escapes the double quote as well.
  EXPECT_EQ(reg.expose(exposition_format::openmetrics),
            "# HELP h a \\\"quoted\\\" back\\\\slash\\nnew line\n# TYPE h gauge\nh 0\n# EOF\n");
}

TEST(exposition, special_values_and_number_forms) {
  registry reg;
  auto g = reg.gauge({.name = "v", .help = "V.", .label_names = {"k"}});
  g.labels({"inf"}).set(std::numeric_limits<double>::infinity());
  g.labels({"ninf"}).set(-std::numeric_limits<double>::infinity());
  g.labels({"nan"}).set(std::numeric_limits<double>::quiet_NaN());
  g.labels({"small"}).set(1e-7);
  g.labels({"big"}).set(12345678901234.0);
  g.labels({"frac"}).set(0.1);
  EXPECT_EQ(reg.expose(),
            "# HELP v V.\n# TYPE v gauge\n"
            "v{k=\"inf\"} +Inf\n"
            "v{k=\"ninf\"} -Inf\n"
            "v{k=\"nan\"} NaN\n"
            "v{k=\"small\"} 1e-07\n"
            "v{k=\"big\"} 12345678901234\n"
            "v{k=\"frac\"} 0.1\n");
}

TEST(exposition, labelled_histogram_puts_le_last_and_unobserved_families_have_no_samples) {
  registry reg;
  auto h = reg.histogram({.name = "d", .help = "D.", .label_names = {"route"}, .buckets = {1}});
  reg.counter({.name = "none_total", .help = "None yet.", .label_names = {"x"}});
  h.labels({"/a"}).observe(2);
  EXPECT_EQ(reg.expose(),
            "# HELP d D.\n# TYPE d histogram\n"
            "d_bucket{route=\"/a\",le=\"1\"} 0\n"
            "d_bucket{route=\"/a\",le=\"+Inf\"} 1\n"
            "d_sum{route=\"/a\"} 2\n"
            "d_count{route=\"/a\"} 1\n"
            "# HELP none_total None yet.\n# TYPE none_total counter\n");
}

TEST(exposition, content_types) {
  EXPECT_EQ(content_type(exposition_format::prometheus), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(content_type(exposition_format::openmetrics), "application/openmetrics-text; version=1.0.0; charset=utf-8");
}

TEST(exposition, negotiation) {
  using f = exposition_format;
  // What Prometheus 2.x sends.
  EXPECT_EQ(negotiate("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                      "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"),
            f::openmetrics);
  EXPECT_EQ(negotiate("application/openmetrics-text; version=1.0.0; charset=utf-8"), f::openmetrics);
  EXPECT_EQ(negotiate("application/openmetrics-text"), f::openmetrics);
  EXPECT_EQ(negotiate(""), f::prometheus);
  EXPECT_EQ(negotiate("*/*"), f::prometheus);
  EXPECT_EQ(negotiate("text/plain"), f::prometheus);
  EXPECT_EQ(negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"), f::prometheus);
  // Only versions we produce count.
  EXPECT_EQ(negotiate("application/openmetrics-text;version=2.0.0"), f::prometheus);
  // q decides; a refused type (q=0) is never chosen.
  EXPECT_EQ(negotiate("text/plain;q=0.9,application/openmetrics-text;q=0.5"), f::prometheus);
  EXPECT_EQ(negotiate("text/plain;q=0.5,application/openmetrics-text;q=0.9"), f::openmetrics);
  EXPECT_EQ(negotiate("application/openmetrics-text;q=0"), f::prometheus);
  EXPECT_EQ(negotiate("Application/OpenMetrics-Text ; Version=\"1.0.0\""), f::openmetrics);
}

}  // namespace
}  // namespace strata::metrics
