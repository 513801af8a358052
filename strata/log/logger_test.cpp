// Tests for loggers: Pino's line format read back field by field, key order, levels and
// set_level by name at run time, child bindings, the err serializer, and fatal's flush.
#include <strata/log/logger.hpp>
#include <strata/log/sink.hpp>
#include <strata/log/testing/capture.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <limits>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace strata::log {
namespace {

namespace json = boost::json;
using testing::capture;
using testing::keys_of;
using names = std::vector<std::string>;

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string host() {
  char buf[256] = {};
  ::gethostname(buf, sizeof buf - 1);
  return buf;
}

TEST(logger_format, pino_fields_in_pino_order) {
  capture c;
  auto before = now_ms();
  root().info("hello world", {{"user", "bob"}, {"n", 42}, {"nested", {{"ok", true}}}});
  auto after = now_ms();
  auto r = c.records();
  ASSERT_EQ(r.size(), 1u);
  const auto& o = r[0];
  EXPECT_EQ(keys_of(o), (names{"level", "time", "pid", "hostname", "user", "n", "nested", "msg"}));
  EXPECT_EQ(o.at("level").as_int64(), 30);
  EXPECT_GE(o.at("time").as_int64(), before);
  EXPECT_LE(o.at("time").as_int64(), after);
  EXPECT_EQ(o.at("pid").as_int64(), ::getpid());
  EXPECT_EQ(o.at("hostname").as_string(), host());
  EXPECT_EQ(o.at("user").as_string(), "bob");
  EXPECT_EQ(o.at("n").as_int64(), 42);
  EXPECT_EQ(o.at("nested").at("ok").as_bool(), true);
  EXPECT_EQ(o.at("msg").as_string(), "hello world");
  auto line = c.lines().at(0);
  EXPECT_EQ(line.rfind("{\"level\":30,\"time\":", 0), 0u) << line;
}

TEST(logger_format, each_level_has_pinos_number) {
  capture c;
  set_level("", level::trace);
  auto& log = root();
  log.trace("t");
  log.debug("d");
  log.info("i");
  log.warn("w");
  log.error("e");
  log.fatal("f");
  auto r = c.records();
  ASSERT_EQ(r.size(), 6u);
  const std::int64_t expected[] = {10, 20, 30, 40, 50, 60};
  const char* msgs[] = {"t", "d", "i", "w", "e", "f"};
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(r[i].at("level").as_int64(), expected[i]);
    EXPECT_EQ(r[i].at("msg").as_string(), msgs[i]);
  }
}

TEST(logger_format, messages_and_keys_are_escaped) {
  capture c;
  std::string msg = "quote \" backslash \\ newline \n tab \t bell \x07 caf\xC3\xA9";
  root().info(msg, {{"we\"ird\nkey", "v\x01"}});
  auto r = c.records();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].at("msg").as_string(), msg);
  EXPECT_EQ(r[0].at("we\"ird\nkey").as_string(), "v\x01");
  EXPECT_EQ(c.lines().size(), 1u);  // the newline in the message did not split the record
}

TEST(logger_format, invalid_utf8_and_non_finite_numbers_still_parse) {
  capture c;
  root().info("bad \xFF byte", {{"x", std::numeric_limits<double>::infinity()}});
  auto r = c.records();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].at("msg").as_string(), "bad \xEF\xBF\xBD byte");
  EXPECT_TRUE(r[0].at("x").is_null());
}

TEST(logger_levels, default_threshold_is_info) {
  capture c;
  EXPECT_EQ(root().threshold(), level::info);
  EXPECT_FALSE(root().enabled(level::debug));
  EXPECT_TRUE(root().enabled(level::info));
  root().trace("no");
  root().debug("no");
  root().info("yes");
  auto r = c.records();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].at("msg").as_string(), "yes");
}

TEST(logger_levels, options_level_sets_the_root_threshold) {
  options o;
  o.level = level::warn;
  capture c(o);
  root().info("no");
  root().warn("yes");
  get("follows-root").info("no");
  get("follows-root").error("yes too");
  auto r = c.records();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].at("msg").as_string(), "yes");
  EXPECT_EQ(r[1].at("msg").as_string(), "yes too");
}

TEST(logger_levels, set_level_by_name_at_run_time) {
  capture c;
  auto db = get("db-runtime");
  auto db_child = db.child({{"table", "users"}});
  auto other = get("other-runtime");
  db.debug("hidden");
  set_level("db-runtime", level::debug);
  EXPECT_TRUE(db.enabled(level::debug));
  EXPECT_TRUE(db_child.enabled(level::debug));  // children keep their parent's name
  EXPECT_FALSE(other.enabled(level::debug));
  EXPECT_FALSE(root().enabled(level::debug));
  EXPECT_EQ(effective_level("db-runtime"), level::debug);
  db.debug("shown");
  db_child.debug("child shown");
  other.debug("hidden");
  root().debug("hidden");
  get("db-runtime").debug("a new handle sees it too");

  set_level("db-runtime", level::error);
  db.warn("hidden");
  reset_level("db-runtime");  // back to following the root (info)
  db.info("follows root again");
  db.debug("hidden");

  auto r = c.records();
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].at("msg").as_string(), "shown");
  EXPECT_EQ(r[0].at("name").as_string(), "db-runtime");
  EXPECT_EQ(r[0].at("level").as_int64(), 20);
  EXPECT_EQ(r[1].at("msg").as_string(), "child shown");
  EXPECT_EQ(r[1].at("table").as_string(), "users");
  EXPECT_EQ(r[2].at("msg").as_string(), "a new handle sees it too");
  EXPECT_EQ(r[3].at("msg").as_string(), "follows root again");
}

TEST(logger_levels, logger_set_level_changes_its_name_for_everyone) {
  auto a = get("cache-shared");
  auto b = get("cache-shared");
  a.set_level(level::trace);
  EXPECT_TRUE(b.enabled(level::trace));
  EXPECT_EQ(b.threshold(), level::trace);
  b.set_level(level::silent);
  EXPECT_FALSE(a.enabled(level::fatal));
  reset_level("cache-shared");
}

TEST(logger_levels, changes_are_seen_by_threads_already_logging) {
  capture c;
  auto worker = get("worker-threads");
  set_level("worker-threads", level::silent);
  std::atomic<bool> stop{false};
  std::atomic<int> seen{0};
  std::thread t([&] {
    while (!stop.load()) {
      if (worker.enabled(level::info)) {
        worker.info("tick");
        if (seen.fetch_add(1) >= 10) break;
      }
      std::this_thread::yield();
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(seen.load(), 0);
  set_level("worker-threads", level::info);  // no restart, no new handle
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (seen.load() < 10 && std::chrono::steady_clock::now() < until) std::this_thread::yield();
  stop = true;
  t.join();
  EXPECT_GE(seen.load(), 10);
  reset_level("worker-threads");
}

TEST(logger_levels, level_names_parse_both_ways) {
  for (level l : {level::trace, level::debug, level::info, level::warn, level::error, level::fatal, level::silent})
    EXPECT_EQ(parse_level(to_string(l)), l);
  EXPECT_EQ(parse_level("WARN"), level::warn);
  EXPECT_EQ(parse_level("50"), level::error);
  EXPECT_EQ(parse_level("verbose"), std::nullopt);
  EXPECT_EQ(parse_level("35"), std::nullopt);
}

TEST(logger_children, bindings_follow_the_core_fields_parent_first) {
  capture c;
  auto parent = root().child({{"service", "api"}, {"region", "eu"}});
  auto kid = parent.child({{"reqId", "r-1"}});
  kid.warn("hi", {{"field", 1}});
  parent.info("parent only");
  root().info("root has none");
  auto r = c.records();
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(keys_of(r[0]), (names{"level", "time", "pid", "hostname", "service", "region", "reqId", "field", "msg"}));
  EXPECT_EQ(r[0].at("service").as_string(), "api");
  EXPECT_EQ(r[0].at("reqId").as_string(), "r-1");
  EXPECT_EQ(keys_of(r[1]), (names{"level", "time", "pid", "hostname", "service", "region", "msg"}));
  EXPECT_EQ(keys_of(r[2]), (names{"level", "time", "pid", "hostname", "msg"}));
}

TEST(logger_children, named_loggers_carry_name_like_pino) {
  capture c;
  get("payments").info("charged", {{"amount", 12.5}});
  auto r = c.records();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(keys_of(r[0]), (names{"level", "time", "pid", "hostname", "name", "amount", "msg"}));
  EXPECT_EQ(r[0].at("name").as_string(), "payments");
  EXPECT_DOUBLE_EQ(r[0].at("amount").as_double(), 12.5);
}

TEST(logger_children, one_string_binding) {
  capture c;
  root().child("reqId", "abc\"1").info("x");
  auto r = c.records();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].at("reqId").as_string(), "abc\"1");
}

struct payment_declined : std::runtime_error {
  using std::runtime_error::runtime_error;
};

TEST(logger_errors, err_has_type_message_and_stack) {
  capture c;
  root().error(payment_declined("card expired"), "payment failed", {{"order", 7}});
  auto r = c.records();
  ASSERT_EQ(r.size(), 1u);
  const auto& o = r[0];
  EXPECT_EQ(keys_of(o), (names{"level", "time", "pid", "hostname", "err", "order", "msg"}));
  EXPECT_EQ(o.at("level").as_int64(), 50);
  const auto& err = o.at("err").as_object();
  EXPECT_EQ(keys_of(err), (names{"type", "message", "stack"}));
  EXPECT_EQ(err.at("type").as_string(), "strata::log::(anonymous namespace)::payment_declined");
  EXPECT_EQ(err.at("message").as_string(), "card expired");
  EXPECT_EQ(err.at("stack").as_string(), "strata::log::(anonymous namespace)::payment_declined: card expired");
  EXPECT_EQ(o.at("msg").as_string(), "payment failed");
}

TEST(logger_errors, nested_exceptions_appear_in_the_stack) {
  capture c;
  try {
    try {
      throw std::out_of_range("row 9");
    } catch (...) {
      std::throw_with_nested(std::runtime_error("query failed"));
    }
  } catch (const std::exception& e) {
    root().error(e, "db error");
  }
  auto r = c.records();
  ASSERT_EQ(r.size(), 1u);
  auto stack = std::string(r[0].at("err").at("stack").as_string());
  EXPECT_NE(stack.find(": query failed\ncaused by: std::out_of_range: row 9"), std::string::npos) << stack;
  EXPECT_EQ(r[0].at("err").at("message").as_string(), "query failed");
}

TEST(logger_errors, exception_ptr_and_fatal_overloads) {
  capture c;
  auto e = std::make_exception_ptr(std::logic_error("bad state"));
  root().error(e, "from a pointer");
  root().error(std::make_exception_ptr(42), "not a std::exception");
  root().fatal(std::runtime_error("dying"), "goodbye");
  auto r = c.records();
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].at("err").at("type").as_string(), "std::logic_error");
  EXPECT_EQ(r[1].at("err").at("type").as_string(), "unknown");
  EXPECT_EQ(r[2].at("level").as_int64(), 60);
  EXPECT_EQ(r[2].at("err").at("message").as_string(), "dying");
}

TEST(logger_errors, fatal_is_written_before_it_returns) {
  capture c;
  root().fatal("last words");
  // No flush(): read the file directly.
  EXPECT_NE(c.read_all().find("\"msg\":\"last words\""), std::string::npos);
}

}  // namespace
}  // namespace strata::log
