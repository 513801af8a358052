// Process metrics: prom-client's names, plausible values read from /proc.
#include <strata/metrics/default_metrics.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include <fcntl.h>
#include <unistd.h>

namespace strata::metrics {
namespace {

std::map<std::string, family_snapshot> by_name(const registry& reg) {
  std::map<std::string, family_snapshot> out;
  for (auto& f : reg.collect()) out[f.name] = f;
  return out;
}

TEST(default_metrics, prom_client_names_and_types) {
  registry reg;
  collect_default_metrics(reg);
  auto m = by_name(reg);
  for (const char* name :
       {"process_cpu_user_seconds_total", "process_cpu_system_seconds_total", "process_cpu_seconds_total"}) {
    ASSERT_TRUE(m.count(name)) << name;
    EXPECT_EQ(m[name].type, metric_type::counter) << name;
  }
  for (const char* name : {"process_resident_memory_bytes", "process_virtual_memory_bytes", "process_open_fds",
                           "process_max_fds", "process_start_time_seconds"}) {
    ASSERT_TRUE(m.count(name)) << name;
    EXPECT_EQ(m[name].type, metric_type::gauge) << name;
  }
}

TEST(default_metrics, values_are_plausible) {
  registry reg;
  collect_default_metrics(reg);
  // Burn a little CPU so the CPU counters are not zero.
  volatile double x = 0;
  for (int i = 0; i < 5000000; ++i) x = x + i * 0.5;
  auto m = by_name(reg);
  auto value = [&](const char* name) { return m[name].children.at(0).value; };
  EXPECT_GT(value("process_cpu_seconds_total"), 0);
  EXPECT_DOUBLE_EQ(value("process_cpu_seconds_total"),
                   value("process_cpu_user_seconds_total") + value("process_cpu_system_seconds_total"));
  EXPECT_GT(value("process_resident_memory_bytes"), 1024 * 1024);
  EXPECT_GE(value("process_virtual_memory_bytes"), value("process_resident_memory_bytes"));
  EXPECT_GE(value("process_open_fds"), 3);  // stdin, stdout, stderr
  EXPECT_GE(value("process_max_fds"), value("process_open_fds"));
  double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_LE(value("process_start_time_seconds"), now + 1);
  EXPECT_GT(value("process_start_time_seconds"), now - 3600);  // this test process started recently
}

TEST(default_metrics, open_fds_follows_the_process) {
  registry reg;
  collect_default_metrics(reg);
  double before = by_name(reg)["process_open_fds"].children.at(0).value;
  int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  double during = by_name(reg)["process_open_fds"].children.at(0).value;
  ::close(fd);
  EXPECT_EQ(during, before + 1);
}

TEST(default_metrics, prefix_and_single_registration) {
  registry reg;
  collect_default_metrics(reg, {.prefix = "app_"});
  collect_default_metrics(reg, {.prefix = "app_"});  // replaces, does not duplicate
  auto families = reg.collect();
  EXPECT_EQ(families.size(), 8u);
  for (auto& f : families) EXPECT_TRUE(f.name.starts_with("app_process_")) << f.name;
}

}  // namespace
}  // namespace strata::metrics
