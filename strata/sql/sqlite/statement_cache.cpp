// The LRU of prepared statements (see statement_cache.hpp).
#include <sqlite3.h>

#include <strata/sql/sqlite/statement_cache.hpp>

namespace strata::sql::sqlite {

sqlite3_stmt* statement_cache::find(std::string_view sql) {
  auto it = index_.find(sql);
  if (it == index_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second);
  return it->second->second;
}

bool statement_cache::insert(std::string sql, sqlite3_stmt* stmt) {
  if (capacity_ == 0) return false;
  while (order_.size() >= capacity_) {
    index_.erase(order_.back().first);
    sqlite3_finalize(order_.back().second);
    order_.pop_back();
  }
  order_.emplace_front(std::move(sql), stmt);
  index_.emplace(order_.front().first, order_.begin());
  return true;
}

void statement_cache::clear() {
  index_.clear();
  for (auto& [sql, stmt] : order_) sqlite3_finalize(stmt);
  order_.clear();
}

}  // namespace strata::sql::sqlite
