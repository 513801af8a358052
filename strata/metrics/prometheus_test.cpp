// A real Prometheus scrapes a Strata server: it negotiates OpenMetrics, parses our output, and
// the request counter with its route pattern comes back from its query API. Skips when the
// prometheus binary is not installed. Runs in about five seconds.
#include <strata/core/testing/free_port.hpp>
#include <strata/http/server.hpp>
#include <strata/metrics/metrics.hpp>
#include <strata/metrics/testing/scrape.hpp>
#include <strata/core/testing/temp_dir.hpp>

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace strata::metrics {
namespace {

using namespace std::chrono_literals;
using http::testing::fetch;
using http::testing::get_request;
namespace json = boost::json;

using strata::testing::free_port;

// The prometheus process this test started; stopped (only this PID) when it goes out of scope.
class prometheus_process {
public:
  prometheus_process(const strata::testing::temp_dir& dir, std::uint16_t port, std::uint16_t target_port) {
    auto config = dir.write("prometheus.yml",
                            "global:\n"
                            "  scrape_interval: 1s\n"
                            "  scrape_timeout: 1s\n"
                            "  evaluation_interval: 1s\n"
                            "scrape_configs:\n"
                            "  - job_name: strata\n"
                            "    static_configs:\n"
                            "      - targets: ['127.0.0.1:" +
                                std::to_string(target_port) + "']\n");
    log_ = dir.path() / "prometheus.log";
    std::vector<std::string> args = {"prometheus", "--config.file=" + config.string(),
                                     "--storage.tsdb.path=" + (dir.path() / "data").string(),
                                     "--web.listen-address=127.0.0.1:" + std::to_string(port), "--log.level=info"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    int rc = ::posix_spawnp(&pid_, "prometheus", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) pid_ = -1;
  }
  ~prometheus_process() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 100; ++i) {  // up to 5 s for a clean shutdown, then SIGKILL
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(50ms);
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  prometheus_process(const prometheus_process&) = delete;
  prometheus_process& operator=(const prometheus_process&) = delete;

  bool started() const { return pid_ > 0; }
  bool running() const { return pid_ > 0 && ::waitpid(pid_, nullptr, WNOHANG) == 0; }
  std::string log() const {
    std::ifstream in(log_);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

private:
  pid_t pid_ = -1;
  std::filesystem::path log_;
};

// A GET that reports "not yet" (nullopt) instead of throwing while nothing listens on the port.
std::optional<http::testing::raw_response> try_get(std::uint16_t port, const std::string& target) {
  try {
    return fetch(port, get_request(target), false, 2s);
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

// GET on Prometheus' HTTP API, parsed; null on any failure.
json::value api_get(std::uint16_t port, const std::string& target) {
  auto r = try_get(port, target);
  if (!r || r->status != 200) return nullptr;
  boost::system::error_code ec;
  auto v = json::parse(r->body, ec);
  return ec ? json::value(nullptr) : v;
}

TEST(prometheus, scrapes_our_server_and_answers_queries_by_route) {
  if (!http::testing::have_command("prometheus"))
    GTEST_SKIP() << "prometheus not installed (Debian package prometheus)";
  // What the scraper asked for, to show which format Prometheus negotiated.
  std::mutex mutex;
  std::string scrape_accept;
  registry reg;
  collect_default_metrics(reg);
  http::server_options o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.threads = 2;
  http::server srv(o);
  srv.use(http_metrics(reg));
  srv.use(metrics_route(reg));
  start_loop_lag_monitor(srv, reg);
  srv.on_request([&](http::request& req, http::response&) {
    if (req.path() != "/metrics") return;
    std::lock_guard lock(mutex);
    scrape_accept = std::string(req.header("Accept").value_or(""));
  });
  srv.get("/users/:id", [](http::request&, http::response& res) { res.text("u"); });
  srv.start();
  for (const char* path : {"/users/1", "/users/2"}) ASSERT_EQ(fetch(srv.port(), get_request(path))->status, 200);

  strata::testing::temp_dir dir;
  const std::uint16_t port = free_port();
  prometheus_process prom(dir, port, srv.port());
  ASSERT_TRUE(prom.started());

  const auto deadline = std::chrono::steady_clock::now() + 20s;
  bool ready = false;
  while (!ready && std::chrono::steady_clock::now() < deadline && prom.running()) {
    auto r = try_get(port, "/-/ready");
    ready = r && r->status == 200;
    if (!ready) std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(ready) << "prometheus did not become ready:\n" << prom.log();

  std::string found;
  while (found.empty() && std::chrono::steady_clock::now() < deadline) {
    auto v = api_get(port, "/api/v1/query?query=http_requests_total");
    if (v.is_object() && v.at("status") == "success") {
      for (const auto& s : v.at("data").at("result").as_array()) {
        const auto& m = s.at("metric").as_object();
        if (m.contains("route") && m.at("route") == "/users/:id" && m.at("status_code") == "200" &&
            m.at("method") == "GET")
          found = json::value_to<std::string>(s.at("value").as_array().at(1));
      }
    }
    if (found.empty()) std::this_thread::sleep_for(250ms);
  }
  ASSERT_FALSE(found.empty()) << "no http_requests_total{route=\"/users/:id\"} in Prometheus:\n" << prom.log();
  EXPECT_EQ(found, "2");

  // The scrape is healthy (OpenMetrics parsed without error) and other families arrived too.
  auto targets = api_get(port, "/api/v1/targets");
  ASSERT_TRUE(targets.is_object());
  const auto& active = targets.at("data").at("activeTargets").as_array();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].at("health"), "up") << json::serialize(active[0]);
  EXPECT_EQ(active[0].at("lastError"), "") << json::serialize(active[0]);
  {
    std::lock_guard lock(mutex);
    EXPECT_TRUE(scrape_accept.starts_with("application/openmetrics-text")) << scrape_accept;
  }
  for (const char* query : {"process_resident_memory_bytes", "strata_event_loop_lag_seconds",
                            "http_request_duration_seconds_bucket", "http_requests_in_flight"}) {
    auto v = api_get(port, std::string("/api/v1/query?query=") + query);
    ASSERT_TRUE(v.is_object()) << query;
    EXPECT_FALSE(v.at("data").at("result").as_array().empty()) << query;
  }
}

}  // namespace
}  // namespace strata::metrics
