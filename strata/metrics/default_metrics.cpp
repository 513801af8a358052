// Process metrics from /proc/self (Linux), read at scrape time. Scrapes run on a loop thread;
// /proc reads are served from kernel memory and take microseconds, so they do not stall it.
#include <strata/metrics/default_metrics.hpp>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

namespace strata::metrics {

namespace {

std::optional<std::string> read_file(const char* path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct proc_stat {
  double start_ticks = 0;  // since boot
  double virtual_bytes = 0;
  double resident_pages = 0;
};

// /proc/self/stat: the fields after "(comm)", which may itself contain spaces and parentheses.
std::optional<proc_stat> read_stat() {
  auto text = read_file("/proc/self/stat");
  if (!text) return std::nullopt;
  auto close = text->rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream in(text->substr(close + 1));
  // Field 3 (state) is the first after the parenthesis; starttime is 22, vsize 23, rss 24.
  std::string field;
  proc_stat s;
  for (int i = 3; i <= 24 && in >> field; ++i) {
    if (i == 22) s.start_ticks = std::strtod(field.c_str(), nullptr);
    if (i == 23) s.virtual_bytes = std::strtod(field.c_str(), nullptr);
    if (i == 24) s.resident_pages = std::strtod(field.c_str(), nullptr);
  }
  if (!in) return std::nullopt;
  return s;
}

std::optional<double> boot_time() {
  auto text = read_file("/proc/stat");
  if (!text) return std::nullopt;
  auto pos = text->find("\nbtime ");
  if (pos == std::string::npos) return std::nullopt;
  return std::strtod(text->c_str() + pos + 7, nullptr);
}

std::optional<double> max_fds() {
  auto text = read_file("/proc/self/limits");
  if (!text) return std::nullopt;
  auto pos = text->find("Max open files");
  if (pos == std::string::npos) return std::nullopt;
  std::istringstream in(text->substr(pos + 14));
  std::string soft;
  if (!(in >> soft)) return std::nullopt;
  if (soft == "unlimited") return std::nullopt;
  return std::strtod(soft.c_str(), nullptr);
}

std::optional<double> open_fds() {
  DIR* d = ::opendir("/proc/self/fd");
  if (!d) return std::nullopt;
  double n = 0;
  while (dirent* e = ::readdir(d))
    if (e->d_name[0] != '.') ++n;
  ::closedir(d);
  return n - 1;  // the directory's own descriptor, open while we count
}

double seconds(const timeval& t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

}  // namespace

void collect_default_metrics(registry& reg, default_metrics_options options) {
  reg.add_collector("strata.default_metrics", [prefix = std::move(options.prefix)](std::vector<family_snapshot>& out) {
    auto add = [&](const char* name, const char* help, metric_type type, double v) {
      out.push_back(single_value(prefix + name, help, type, v));
    };
    // getrusage rather than /proc/self/stat for CPU: microseconds instead of clock ticks, the
    // precision of Node's process.cpuUsage() that prom-client reports.
    rusage u{};
    if (::getrusage(RUSAGE_SELF, &u) == 0) {
      double user = seconds(u.ru_utime), system = seconds(u.ru_stime);
      add("process_cpu_user_seconds_total", "Total user CPU time spent in seconds.", metric_type::counter, user);
      add("process_cpu_system_seconds_total", "Total system CPU time spent in seconds.", metric_type::counter, system);
      add("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", metric_type::counter,
          user + system);
    }
    static const long ticks = ::sysconf(_SC_CLK_TCK);
    static const long page = ::sysconf(_SC_PAGESIZE);
    auto stat = read_stat();
    if (stat) {
      add("process_resident_memory_bytes", "Resident memory size in bytes.", metric_type::gauge,
          stat->resident_pages * static_cast<double>(page));
      add("process_virtual_memory_bytes", "Virtual memory size in bytes.", metric_type::gauge, stat->virtual_bytes);
    }
    if (auto n = open_fds()) add("process_open_fds", "Number of open file descriptors.", metric_type::gauge, *n);
    if (auto n = max_fds()) add("process_max_fds", "Maximum number of open file descriptors.", metric_type::gauge, *n);
    // The start time does not change: computed at the first scrape, then reused.
    static const std::optional<double> start = [&]() -> std::optional<double> {
      auto boot = boot_time();
      if (!stat || !boot || ticks <= 0) return std::nullopt;
      return *boot + stat->start_ticks / static_cast<double>(ticks);
    }();
    if (start)
      add("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", metric_type::gauge,
          *start);
  });
}

}  // namespace strata::metrics
