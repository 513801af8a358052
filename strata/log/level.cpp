// Level names and the per-name level registry behind set_level().
#include <strata/log/detail/logger_state.hpp>
#include <strata/log/level.hpp>

#include <charconv>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace strata::log {

namespace detail {

namespace {
struct level_registry {
  std::mutex mutex;
  std::map<std::string, std::unique_ptr<level_cell>, std::less<>> cells;
};
// Leaked on purpose: loggers in static objects may log during static destruction.
level_registry& registry() {
  static auto* r = new level_registry;
  return *r;
}
}  // namespace

level_cell& root_level_cell() {
  static auto* cell = [] {
    auto* c = new level_cell;
    c->threshold.store(static_cast<int>(level::info));
    return c;
  }();
  return *cell;
}

level_cell& level_cell_for(std::string_view name) {
  if (name.empty()) return root_level_cell();
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  auto it = r.cells.find(name);
  if (it == r.cells.end()) it = r.cells.emplace(std::string(name), std::make_unique<level_cell>()).first;
  return *it->second;
}

}  // namespace detail

std::string_view to_string(level l) {
  switch (l) {
    case level::trace: return "trace";
    case level::debug: return "debug";
    case level::info: return "info";
    case level::warn: return "warn";
    case level::error: return "error";
    case level::fatal: return "fatal";
    case level::silent: return "silent";
  }
  return "info";
}

std::optional<level> parse_level(std::string_view text) {
  for (level l : {level::trace, level::debug, level::info, level::warn, level::error, level::fatal, level::silent}) {
    auto name = to_string(l);
    if (name.size() != text.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i)
      same = name[i] == (text[i] >= 'A' && text[i] <= 'Z' ? text[i] - 'A' + 'a' : text[i]);
    if (same) return l;
  }
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec == std::errc() && end == text.data() + text.size())
    for (level l : {level::trace, level::debug, level::info, level::warn, level::error, level::fatal, level::silent})
      if (static_cast<int>(l) == n) return l;
  return std::nullopt;
}

void set_level(std::string_view name, level threshold) {
  detail::level_cell_for(name).threshold.store(static_cast<int>(threshold), std::memory_order_relaxed);
}

void reset_level(std::string_view name) {
  if (name.empty()) return;  // the root always has a level of its own
  detail::level_cell_for(name).threshold.store(0, std::memory_order_relaxed);
}

level effective_level(std::string_view name) {
  int t = detail::level_cell_for(name).threshold.load(std::memory_order_relaxed);
  if (t == 0) t = detail::root_level_cell().threshold.load(std::memory_order_relaxed);
  return static_cast<level>(t);
}

}  // namespace strata::log
