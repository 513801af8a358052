// statement_cache: an LRU list with a hash index over the entries' own keys.
#include <strata/sql/postgres/detail/statement_cache.hpp>

namespace strata::sql::postgres::detail {

statement_cache::entry* statement_cache::find(const std::string& key) {
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second);  // iterators stay valid
  return &*it->second;
}

statement_cache::entry& statement_cache::insert(std::string key, std::uint64_t batch, std::vector<entry>& evicted) {
  if (auto* e = find(key)) {  // replaced (a pending entry of another batch): the old name is orphaned
    evicted.push_back(*e);
    index_.erase(std::string_view(e->key));
    order_.pop_front();
  }
  while (!order_.empty() && order_.size() >= capacity_) {
    index_.erase(std::string_view(order_.back().key));  // before the key moves away
    evicted.push_back(std::move(order_.back()));
    order_.pop_back();
  }
  order_.push_front(entry{std::move(key), "s" + std::to_string(next_name_++), batch, false});
  index_.emplace(std::string_view(order_.front().key), order_.begin());
  return order_.front();
}

bool statement_cache::confirm(const std::string& key, const std::string& name) {
  auto it = index_.find(key);
  if (it == index_.end() || it->second->name != name) return false;
  it->second->ready = true;
  return true;
}

void statement_cache::forget(const std::string& key, const std::string& name) {
  auto it = index_.find(key);
  if (it == index_.end() || it->second->name != name) return;
  auto pos = it->second;
  index_.erase(it);
  order_.erase(pos);
}

void statement_cache::clear() {
  index_.clear();
  order_.clear();
}

}  // namespace strata::sql::postgres::detail
