// deploy/grafana/strata.json: an importable dashboard (valid JSON, a DS_PROMETHEUS input, the
// panels we promise) whose queries only use metric names that Strata actually exposes.
#include <strata/http/server.hpp>
#include <strata/metrics/metrics.hpp>
#include <strata/metrics/testing/scrape.hpp>
#include <strata/core/testing/temp_dir.hpp>

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>

namespace strata::metrics {
namespace {

namespace json = boost::json;

json::value load_dashboard() {
  // Found from this source file, so the test does not depend on the working directory.
  auto path = std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "deploy" / "grafana" / "strata.json";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::string text((std::istreambuf_iterator<char>(in)), {});
  return json::parse(text);
}

// The identifiers in a PromQL expression that name Strata metrics.
std::vector<std::string> metric_names(const std::string& expr) {
  std::vector<std::string> out;
  auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':'; };
  for (std::size_t i = 0; i < expr.size();) {
    if (!ident(expr[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < expr.size() && ident(expr[j])) ++j;
    std::string word = expr.substr(i, j - i);
    if (word.starts_with("http_") || word.starts_with("process_") || word.starts_with("strata_")) out.push_back(word);
    i = j;
  }
  return out;
}

std::vector<std::string> expressions(const json::value& dash) {
  std::vector<std::string> out;
  for (const auto& p : dash.at("panels").as_array())
    if (p.as_object().contains("targets"))
      for (const auto& t : p.at("targets").as_array()) out.push_back(json::value_to<std::string>(t.at("expr")));
  return out;
}

TEST(grafana, dashboard_is_importable) {
  json::value dash;
  ASSERT_NO_THROW(dash = load_dashboard());
  EXPECT_GE(dash.at("schemaVersion").as_int64(), 36);
  const auto& inputs = dash.at("__inputs").as_array();
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(inputs[0].at("name"), "DS_PROMETHEUS");
  EXPECT_EQ(inputs[0].at("pluginId"), "prometheus");
  EXPECT_TRUE(dash.at("id").is_null());  // an export for sharing carries no instance id
  std::set<std::string> titles;
  for (const auto& p : dash.at("panels").as_array()) {
    titles.insert(json::value_to<std::string>(p.at("title")));
    if (p.at("type") == "row") continue;
    EXPECT_EQ(p.at("datasource").at("uid"), "${DS_PROMETHEUS}") << p.at("title");
    EXPECT_FALSE(p.at("targets").as_array().empty()) << p.at("title");
  }
  for (const char* t : {"Request rate by route", "Error rate (5xx)", "Latency p50 / p95 / p99", "Requests in flight",
                        "Event-loop lag per loop", "Resident memory", "CPU"})
    EXPECT_TRUE(titles.count(t)) << t;
}

TEST(grafana, latency_panel_uses_histogram_quantile_over_bucket_rates) {
  auto dash = load_dashboard();
  int quantiles = 0;
  for (const auto& e : expressions(dash))
    if (e.find("histogram_quantile(") != std::string::npos) {
      EXPECT_NE(e.find("rate(http_request_duration_seconds_bucket"), std::string::npos) << e;
      EXPECT_NE(e.find("le)"), std::string::npos) << e;  // aggregated "by (..., le)"
      ++quantiles;
    }
  EXPECT_GE(quantiles, 3);
}

TEST(grafana, every_queried_metric_is_exposed) {
  registry reg;
  collect_default_metrics(reg);
  http::server_options o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.threads = 1;
  http::server srv(o);
  srv.use(http_metrics(reg));
  start_loop_lag_monitor(srv, reg);
  srv.get("/", [](http::request&, http::response& res) { res.text("ok"); });
  srv.start();
  http::testing::fetch(srv.port(), http::testing::get_request("/"));
  std::string text = reg.expose();

  auto dash = load_dashboard();
  std::set<std::string> checked;
  for (const auto& e : expressions(dash))
    for (const auto& metric : metric_names(e)) {
      if (!checked.insert(metric).second) continue;
      EXPECT_TRUE(text.find("\n" + metric + "{") != std::string::npos ||
                  text.find("\n" + metric + " ") != std::string::npos)
          << metric << " is queried by the dashboard but not exposed";
    }
  EXPECT_GE(checked.size(), 7u);
}

TEST(grafana, queries_are_valid_promql) {
  // promtool checks PromQL in rule files: each panel query becomes a recording rule, with
  // Grafana's variables replaced by what they expand to.
  if (!http::testing::have_command("promtool")) GTEST_SKIP() << "promtool not installed (Debian package prometheus)";
  std::string rules = "groups:\n  - name: dashboard\n    rules:\n";
  int n = 0;
  for (auto e : expressions(load_dashboard())) {
    for (auto [from, to] : {std::pair{"$__rate_interval", "1m"}, {"$job", ".*"}, {"$instance", ".*"}})
      for (auto pos = e.find(from); pos != std::string::npos; pos = e.find(from))
        e.replace(pos, std::string(from).size(), to);
    rules += "      - record: dashboard:query_" + std::to_string(++n) + "\n        expr: '" + e + "'\n";
  }
  strata::testing::temp_dir dir;
  auto file = dir.write("rules.yml", rules);
  auto r = http::testing::run_command("promtool check rules '" + file.string() + "' 2>&1");
  EXPECT_EQ(r.status, 0) << r.output << "\n" << rules;
}

}  // namespace
}  // namespace strata::metrics
