// The application shell end to end, in process: configuration to server, health with components,
// metrics by route, SIGHUP reload of the log level, SIGTERM stop; bad configuration exits 78.
#include <strata/app/app.hpp>
#include <strata/core/testing/temp_dir.hpp>
#include <strata/http/testing/local_server.hpp>
#include <strata/log/level.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

namespace strata {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using strata::testing::temp_dir;
using http::testing::get;


struct argv_builder {
  explicit argv_builder(std::vector<std::string> a) : args(std::move(a)) {
    for (auto& s : args) ptrs.push_back(s.data());
    ptrs.push_back(nullptr);
  }
  int argc() const { return static_cast<int>(args.size()); }
  char** argv() { return ptrs.data(); }
  std::vector<std::string> args;
  std::vector<char*> ptrs;
};

argv_builder test_args(std::vector<std::string> extra = {}) {
  std::vector<std::string> a = {"app_test", "--set", "http.port=0", "--set", "http.host=127.0.0.1", "--set",
                                "http.threads=1", "--set", "log.level=warn"};
  a.insert(a.end(), extra.begin(), extra.end());
  return argv_builder(std::move(a));
}

app_options options_in(const temp_dir& d) {
  app_options o;
  o.name = "test";
  o.config_dir = d / "config";
  o.dotenv_path = d / ".env";
  return o;
}

struct recording_component : component {
  recording_component(std::string n, std::vector<std::string>& log, bool healthy)
      : name_(std::move(n)), log_(log), healthy_(healthy) {}
  std::string name() const override { return name_; }
  void start() override { log_.push_back("start " + name_); }
  void stop() override { log_.push_back("stop " + name_); }
  health_check health() override {
    bool ok = healthy_;
    return [ok]() -> task<health_result> { co_return health_result{ok, ok ? "" : "unreachable"}; };
  }
  std::string name_;
  std::vector<std::string>& log_;
  bool healthy_;
};

// Runs the app on a thread; stops it with SIGTERM, as an orchestrator would.
struct running_app {
  explicit running_app(app& a) : a_(a) {
    a_.http().listen();
    port = a_.http().port();
    done = std::async(std::launch::async, [this] { return a_.run(); });
    for (int i = 0; i < 200; ++i) {
      if (http::testing::fetch(port, http::testing::get_request("/health/live"))) return;
      std::this_thread::sleep_for(10ms);
    }
    throw std::runtime_error("app did not start");
  }
  int stop() {
    std::raise(SIGTERM);
    return done.get();
  }
  app& a_;
  std::uint16_t port = 0;
  std::future<int> done;
};

TEST(AppTest, ServesHealthAndMetricsAndRunsComponentsInOrder) {
  temp_dir d;
  d.write("config/default.json", R"({"greeting": "hello"})");
  std::vector<std::string> events;
  auto args = test_args();
  app a(args.argc(), args.argv(), options_in(d));
  EXPECT_EQ(a.config().get<std::string>("greeting"), "hello");
  a.add(std::make_shared<recording_component>("db", events, true));
  a.add(std::make_shared<recording_component>("cache", events, false));
  a.http().get("/items/:id", [](http::request& req, http::response& res) { res.json({{"id", req.param("id")}}); });

  running_app r(a);
  EXPECT_EQ(get(r.port, "/items/7").status, 200);
  EXPECT_EQ(get(r.port, "/health/live").status, 200);
  auto ready = get(r.port, "/health/ready");
  EXPECT_EQ(ready.status, 503);
  EXPECT_NE(ready.body.find("unreachable"), std::string::npos) << ready.body;
  auto metrics = get(r.port, "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("route=\"/items/:id\""), std::string::npos) << metrics.body;
  EXPECT_EQ(metrics.body.find("/items/7"), std::string::npos);  // the pattern, never the raw URL
  EXPECT_NE(metrics.body.find("process_resident_memory_bytes"), std::string::npos);
  EXPECT_EQ(r.stop(), 0);
  EXPECT_EQ(events, (std::vector<std::string>{"start db", "start cache", "stop cache", "stop db"}));
}

TEST(AppTest, HangupReloadsConfigAndLogLevel) {
  temp_dir d;
  d.write("config/default.json", R"({"log": {"level": "warn"}})");
  auto args = argv_builder({"app_test", "--set", "http.port=0", "--set", "http.host=127.0.0.1", "--set", "http.threads=1"});
  app a(args.argc(), args.argv(), options_in(d));
  std::promise<std::string> reloaded;
  a.on_reload([&](const config::config& c) { reloaded.set_value(c.get<std::string>("log.level")); });
  EXPECT_FALSE(a.log().enabled(log::level::debug));
  running_app r(a);
  d.write("config/default.json", R"({"log": {"level": "debug"}})");
  std::raise(SIGHUP);
  auto f = reloaded.get_future();
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(f.get(), "debug");
  EXPECT_TRUE(a.log().enabled(log::level::debug));
  EXPECT_EQ(a.config().get<std::string>("log.level"), "debug");
  EXPECT_EQ(r.stop(), 0);
}

TEST(AppTest, AdminEndpointChangesTheLevelOnlyWithTheToken) {
  temp_dir d;
  auto args = test_args({"--set", "admin.token=s3cret"});
  app a(args.argc(), args.argv(), options_in(d));
  running_app r(a);
  auto body = std::string(R"({"level":"debug"})");
  auto denied = http::testing::fetch(r.port, http::testing::post_request("/admin/log-level", body, "", "PUT"));
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 401);
  EXPECT_FALSE(a.log().enabled(log::level::debug));
  auto ok = http::testing::fetch(
      r.port, http::testing::post_request("/admin/log-level", body, "Authorization: Bearer s3cret\r\n", "PUT"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  EXPECT_TRUE(a.log().enabled(log::level::debug));
  EXPECT_EQ(r.stop(), 0);
}

TEST(AppDeathTest, EveryConfigErrorIsReportedAtOnceAndTheExitIs78) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  temp_dir d;
  auto args = argv_builder({"app_test", "--set", "http.port=abc", "--set", "log.level=loud"});
  auto opts = options_in(d);
  EXPECT_EXIT({ app a(args.argc(), args.argv(), opts); }, ::testing::ExitedWithCode(78),
              "http.port(.|\n)*abc(.|\n)*log.level(.|\n)*loud");
}

TEST(AppDeathTest, PrintConfigExitsZero) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  temp_dir d;
  auto args = test_args({"--print-config"});
  auto opts = options_in(d);
  EXPECT_EXIT({ app a(args.argc(), args.argv(), opts); }, ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace strata
