// Tests for the sink: flush writes everything in order, a full buffer drops and counts (and says
// so once caught up), a destination nobody reads never blocks the caller, overflow::block loses
// nothing, file destinations, configure errors, and the exit and fatal-signal paths.
#include <strata/log/detail/async_sink.hpp>
#include <strata/log/logger.hpp>
#include <strata/log/sink.hpp>
#include <strata/log/testing/capture.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <future>
#include <sstream>
#include <system_error>
#include <thread>

namespace strata::log {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using testing::capture;
using testing::keys_of;
using names = std::vector<std::string>;

detail::async_sink& sink() { return detail::async_sink::instance(); }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<json::object> parse_lines(const std::string& text) {
  std::vector<json::object> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(json::parse(line).as_object());
  return out;
}

// Points the sink back at /dev/null with default options.
void reset_sink() {
  options o;
  o.destination = testing::null_fd();
  configure(o);
}

TEST(sink_flush, writes_everything_from_many_threads_in_order) {
  capture c;
  constexpr int threads = 4, per_thread = 5000;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([t] {
      auto lg = root().child({{"thread", t}});
      for (int i = 0; i < per_thread; ++i) lg.info("n", {{"i", i}});
    });
  for (auto& t : pool) t.join();
  flush();
  auto r = c.records();
  ASSERT_EQ(r.size(), std::size_t{threads * per_thread});
  std::vector<int> next(threads, 0);
  for (const auto& o : r) {
    auto t = o.at("thread").as_int64();
    EXPECT_EQ(o.at("i").as_int64(), next[t]++) << "thread " << t;
  }
}

TEST(sink_flush, buffers_of_ended_threads_are_freed) {
  capture c;
  // A round frees the buffers of threads that had ended before it; a line makes a round happen.
  auto round_after_joins = [] {
    root().info("from the test's thread");
    flush();
  };
  round_after_joins();
  const auto before = sink().thread_buffers();
  for (int round = 0; round < 3; ++round) {
    std::vector<std::thread> pool;
    for (int t = 0; t < 8; ++t) pool.emplace_back([] { root().info("one line"); });
    for (auto& t : pool) t.join();
    round_after_joins();
    EXPECT_EQ(sink().thread_buffers(), before) << "round " << round;
  }
  EXPECT_EQ(c.records().size(), 1u + 3 * 9);
}

TEST(sink_flush, flush_with_nothing_queued_returns_at_once) {
  capture c;
  EXPECT_TRUE(flush(0ms));
  flush();
}

TEST(sink_overflow, a_full_buffer_drops_counts_and_announces) {
  options o;
  o.buffer_bytes = 1024;
  capture c(o);
  const auto before = dropped();
  sink().pause_writer();  // records stay queued, so the buffer fills deterministically
  constexpr int sent = 100;
  for (int i = 0; i < sent; ++i) root().info("a record of about a hundred bytes", {{"i", i}});
  const auto lost = dropped() - before;
  sink().resume_writer();
  auto r = c.records();

  ASSERT_GT(lost, 0u);
  ASSERT_LT(lost, std::uint64_t{sent});
  ASSERT_EQ(r.size(), sent - lost + 1);
  for (std::size_t i = 0; i + 1 < r.size(); ++i) EXPECT_EQ(r[i].at("i").as_int64(), std::int64_t(i));  // the newest drop
  const auto& notice = r.back();
  EXPECT_EQ(keys_of(notice), (names{"level", "time", "pid", "hostname", "dropped", "msg"}));
  EXPECT_EQ(notice.at("level").as_int64(), 40);
  EXPECT_EQ(notice.at("msg").as_string(), "log records dropped");
  EXPECT_EQ(notice.at("dropped").to_number<std::uint64_t>(), lost);

  root().info("after");  // announced once: no second notice
  r = c.records();
  ASSERT_EQ(r.size(), sent - lost + 2);
  EXPECT_EQ(r.back().at("msg").as_string(), "after");
}

TEST(sink_overflow, a_destination_nobody_reads_never_blocks_the_caller) {
  int p[2];
  ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  options o;
  o.destination = p[1];
  o.buffer_bytes = 64 * 1024;
  configure(o);
  const auto before = dropped();
  constexpr int sent = 20000;  // ~2 MB: far beyond the pipe's 64 KiB and the buffer
  auto producer = std::async(std::launch::async, [] {
    for (int i = 0; i < sent; ++i) root().info("burst", {{"i", i}});
  });
  const bool returned = producer.wait_for(20s) == std::future_status::ready;

  std::string text;  // now read it all, so the writer can finish
  std::thread reader([&] {
    char buf[65536];
    ssize_t n;
    while ((n = ::read(p[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(n));
  });
  producer.wait();
  flush();
  reset_sink();
  ::close(p[1]);
  reader.join();
  ::close(p[0]);

  EXPECT_TRUE(returned) << "logging blocked on a full pipe";
  const auto lost = dropped() - before;
  EXPECT_GT(lost, 0u);
  std::uint64_t kept = 0, announced = 0;
  for (const auto& r : parse_lines(text)) {
    if (r.at("msg").as_string() == "burst") ++kept;
    else if (r.at("msg").as_string() == "log records dropped") announced += r.at("dropped").to_number<std::uint64_t>();
  }
  EXPECT_EQ(kept + lost, std::uint64_t{sent});
  EXPECT_EQ(announced, lost);
}

TEST(sink_overflow, block_policy_loses_nothing) {
  options o;
  o.buffer_bytes = 256;
  o.on_full = overflow::block;
  capture c(o);
  const auto before = dropped();
  std::vector<std::thread> pool;
  for (int t = 0; t < 2; ++t)
    pool.emplace_back([] {
      for (int i = 0; i < 2000; ++i) root().info("must arrive", {{"i", i}});
    });
  for (auto& t : pool) t.join();
  EXPECT_EQ(c.records().size(), 4000u);
  EXPECT_EQ(dropped(), before);
}

TEST(sink_destination, a_file_is_appended_to) {
  auto path = testing::temp_path("strata-log-file");
  options o;
  o.file = path;
  configure(o);
  root().info("first");
  configure(o);  // reopens: appends
  root().info("second");
  flush();
  reset_sink();
  auto r = parse_lines(read_file(path));
  ::unlink(path.c_str());
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].at("msg").as_string(), "first");
  EXPECT_EQ(r[1].at("msg").as_string(), "second");
}

TEST(sink_destination, bad_options_throw_and_change_nothing) {
  capture c;
  options bad;
  bad.file = "/nonexistent-dir/for/strata/log.txt";
  EXPECT_THROW(configure(bad), std::system_error);
  options bad_path;
  bad_path.redact = {"a..b"};
  EXPECT_THROW(configure(bad_path), std::invalid_argument);
  root().info("still captured");
  auto r = c.records();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].at("msg").as_string(), "still captured");
}

TEST(sink_options, from_env_reads_log_level_and_log_pretty) {
  ::setenv("LOG_LEVEL", "debug", 1);
  ::setenv("LOG_PRETTY", "1", 1);
  auto o = options::from_env();
  EXPECT_EQ(o.level, level::debug);
  EXPECT_TRUE(o.pretty);
  ::setenv("LOG_LEVEL", "nonsense", 1);
  ::unsetenv("LOG_PRETTY");
  options base;
  base.level = level::warn;
  o = options::from_env(base);
  EXPECT_EQ(o.level, level::warn);
  EXPECT_FALSE(o.pretty);
  ::unsetenv("LOG_LEVEL");
}

TEST(sink_fork, a_forked_child_gets_its_own_writer_and_pid) {
  capture c;
  root().info("parent before");
  flush();
  sink().pause_writer();
  root().info("queued in the parent at fork time");  // written once, by the parent
  pid_t child = ::fork();
  if (child == 0) {
    // Only this thread exists here; the sink must start a writer of its own.
    root().info("from the child");
    bool ok = flush(5s);
    ::_exit(ok ? 0 : 1);
  }
  ASSERT_GT(child, 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  sink().resume_writer();
  auto r = c.records();
  ASSERT_EQ(r.size(), 3u);
  std::map<std::string, std::int64_t> pid_of;
  for (const auto& o : r) pid_of[std::string(o.at("msg").as_string())] = o.at("pid").as_int64();
  EXPECT_EQ(pid_of.at("parent before"), ::getpid());
  EXPECT_EQ(pid_of.at("queued in the parent at fork time"), ::getpid());
  EXPECT_EQ(pid_of.at("from the child"), child);
}

// The death tests run their statement in a fresh process (threadsafe style re-runs this binary),
// which inherits the environment: the file path is passed that way, since the child runs the
// test body again and must land on the same path.
std::string path_shared_with_child(const char* variable) {
  if (const char* p = std::getenv(variable)) return p;
  auto path = testing::temp_path("strata-log-death");
  ::setenv(variable, path.c_str(), 1);
  return path;
}

TEST(sink_exit, exit_writes_what_is_queued) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  auto path = path_shared_with_child("STRATA_LOG_TEST_EXIT_FILE");
  EXPECT_EXIT(
      {
        options o;
        o.file = path;
        configure(o);
        sink().pause_writer();  // everything is still queued when exit() runs
        for (int i = 0; i < 1000; ++i) root().info("queued at exit", {{"i", i}});
        std::exit(0);
      },
      ::testing::ExitedWithCode(0), "");
  auto r = parse_lines(read_file(path));
  ::unlink(path.c_str());
  ::unsetenv("STRATA_LOG_TEST_EXIT_FILE");
  ASSERT_EQ(r.size(), 1000u);
  EXPECT_EQ(r[999].at("i").as_int64(), 999);
}

TEST(sink_exit, abort_writes_what_is_queued) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  auto path = path_shared_with_child("STRATA_LOG_TEST_ABORT_FILE");
  EXPECT_EXIT(
      {
        options o;
        o.file = path;
        configure(o);
        sink().pause_writer();
        root().info("queued before the crash", {{"n", 1}});
        root().error("second");
        std::abort();
      },
      ::testing::KilledBySignal(SIGABRT), "");
  auto r = parse_lines(read_file(path));
  ::unlink(path.c_str());
  ::unsetenv("STRATA_LOG_TEST_ABORT_FILE");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].at("msg").as_string(), "queued before the crash");
  EXPECT_EQ(r[1].at("msg").as_string(), "second");
}

TEST(sink_exit, a_real_fault_writes_what_is_queued) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  auto path = path_shared_with_child("STRATA_LOG_TEST_SEGV_FILE");
  // Killed by SIGSEGV, or under AddressSanitizer (whose handler runs after ours) exited non-zero.
  auto died_of_the_fault = [](int status) {
    return (WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV) || (WIFEXITED(status) && WEXITSTATUS(status) != 0);
  };
  EXPECT_EXIT(
      {
        options o;
        o.file = path;
        configure(o);
        sink().pause_writer();
        root().warn("about to fault");
        void* page = ::mmap(nullptr, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        *static_cast<volatile int*>(page) = 1;  // a write to a read-only page: SIGSEGV from the kernel
        std::exit(0);
      },
      died_of_the_fault, "");
  auto r = parse_lines(read_file(path));
  ::unlink(path.c_str());
  ::unsetenv("STRATA_LOG_TEST_SEGV_FILE");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].at("msg").as_string(), "about to fault");
}

}  // namespace
}  // namespace strata::log
