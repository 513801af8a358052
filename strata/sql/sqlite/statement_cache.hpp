// Prepared statements of one SQLite connection, by SQL text, least recently used evicted first.
#pragma once
#include <cstddef>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

struct sqlite3_stmt;

namespace strata::sql::sqlite {

class statement_cache {
 public:
  explicit statement_cache(std::size_t capacity) : capacity_(capacity) {}
  ~statement_cache() { clear(); }
  statement_cache(const statement_cache&) = delete;
  statement_cache& operator=(const statement_cache&) = delete;

  // The cached statement for `sql` (now the most recently used), or nullptr.
  sqlite3_stmt* find(std::string_view sql);
  // Keeps `stmt`; returns false (and keeps nothing) when the capacity is 0.
  bool insert(std::string sql, sqlite3_stmt* stmt);
  void clear();
  std::size_t size() const { return order_.size(); }

 private:
  using entry = std::pair<std::string, sqlite3_stmt*>;
  std::size_t capacity_;
  std::list<entry> order_;  // most recently used first; list nodes keep the keys' storage stable
  std::unordered_map<std::string_view, std::list<entry>::iterator> index_;
};

}  // namespace strata::sql::sqlite
