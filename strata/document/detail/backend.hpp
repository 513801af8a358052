// The interface each backend implements. The front (collection.cpp) has already checked and
// parsed everything, so a backend only translates and runs.
#pragma once
#include <atomic>
#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <strata/core/task.hpp>
#include <strata/document/filter.hpp>
#include <strata/document/options.hpp>
#include <strata/document/query_options.hpp>
#include <strata/document/store.hpp>
#include <strata/document/update.hpp>
#include <string>
#include <unordered_map>
#include <vector>

namespace strata::document::detail {

// One per collection name and store, shared by its collection objects.
struct collection_state {
  explicit collection_state(std::string n) : name(std::move(n)) {}
  const std::string name;
  std::atomic<bool> ready{false};  // SQL backends: the table is known to exist
};

class backend {
 public:
  virtual ~backend() = default;
  virtual backend_kind kind() const = 0;

  virtual task<void> insert(collection_state& c, std::vector<boost::json::object> docs) = 0;
  virtual task<std::vector<boost::json::object>> find(collection_state& c, const filter& f, const find_spec& spec) = 0;
  virtual task<std::int64_t> count(collection_state& c, const filter& f) = 0;
  virtual task<update_result> update(collection_state& c, const filter& f, const update& u, bool many) = 0;
  virtual task<std::int64_t> remove(collection_state& c, const filter& f, bool many) = 0;
  virtual task<void> create_index(collection_state& c, const std::vector<std::string>& fields, const std::string& name,
                                  bool unique) = 0;
  virtual task<void> drop(collection_state& c) = 0;

  // The shared state of a collection name (made once; a lock only here, not per operation).
  std::shared_ptr<collection_state> state(const std::string& name) {
    std::lock_guard lock(mutex_);
    auto& s = states_[name];
    if (!s) s = std::make_shared<collection_state>(name);
    return s;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<collection_state>> states_;
};

std::shared_ptr<backend> make_sql_backend(std::string_view url, const sql::pool_options& options);
std::shared_ptr<backend> make_mongo_backend(std::string_view url, std::size_t threads);

}  // namespace strata::document::detail
