// What a logger handle points at: its name, the level cell shared by every logger of that name,
// and its bindings already serialized, so a child's bindings cost nothing per record.
#pragma once
#include <strata/log/level.hpp>

#include <atomic>
#include <cstddef>
#include <string>
#include <string_view>

namespace strata::log::detail {

// One per logger name, never freed, so loggers hold plain pointers to them.
struct level_cell {
  std::atomic<int> threshold{0};  // 0: follow the root cell
};

level_cell& root_level_cell();
// The cell for `name` ("" is the root cell); created on first use.
level_cell& level_cell_for(std::string_view name);

inline bool enabled(const level_cell& cell, level l) {
  int t = cell.threshold.load(std::memory_order_relaxed);
  if (t == 0) t = root_level_cell().threshold.load(std::memory_order_relaxed);
  return static_cast<int>(l) >= t;
}

struct logger_state {
  std::string name;
  level_cell* cell = nullptr;
  // ',"key":value' for each binding, parent's first, redacted when the child was made.
  std::string bindings;
  mutable std::atomic<std::size_t> refs{0};
};

// For boost::intrusive_ptr (defined in logger.cpp): a logger handle is one pointer, so it fits
// std::any's small buffer and req.set("strata.log", logger) allocates nothing.
void intrusive_ptr_add_ref(const logger_state* s);
void intrusive_ptr_release(const logger_state* s);

}  // namespace strata::log::detail
