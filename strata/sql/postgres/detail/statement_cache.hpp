// statement_cache: the prepared statements of one connection, least recently used first out.
// An entry is "pending" from PQsendPrepare until its result says the server really has it: a
// prepare in a batch that failed (or was aborted by an earlier error) leaves nothing behind.
#pragma once
#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace strata::sql::postgres::detail {

class statement_cache {
 public:
  struct entry {
    std::string key;          // SQL text + '\0' + parameter type signature
    std::string name;         // s1, s2, ...
    std::uint64_t batch = 0;  // the batch that prepares it
    bool ready = false;       // the server confirmed the prepare
  };

  explicit statement_cache(std::size_t capacity) : capacity_(capacity) {}
  std::size_t capacity() const { return capacity_; }
  std::size_t size() const { return index_.size(); }

  // The entry for `key`, now most recently used; nullptr when absent.
  entry* find(const std::string& key);
  // A new pending entry for `key` with a fresh name, prepared by `batch`. Entries pushed out to
  // make room are appended to `evicted` (their statements may exist on the server).
  entry& insert(std::string key, std::uint64_t batch, std::vector<entry>& evicted);
  // The prepare of `name` succeeded; false when the entry was evicted meanwhile (the statement
  // then exists on the server without an entry, and should be deallocated).
  bool confirm(const std::string& key, const std::string& name);
  // The statement `name` does not exist on the server (its prepare failed, or it was dropped).
  void forget(const std::string& key, const std::string& name);
  void clear();

 private:
  std::size_t capacity_;
  std::uint64_t next_name_ = 1;
  std::list<entry> order_;                                                  // most recently used first
  std::unordered_map<std::string_view, std::list<entry>::iterator> index_;  // views into entry::key
};

}  // namespace strata::sql::postgres::detail
