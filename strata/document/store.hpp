// document::store and document::collection: a Mongoose-style document API over three backends,
// chosen by URL, with one interface and one filter language (filter.hpp):
//
//   auto store = document::store::open("sqlite:app.db");   // or postgres://..., mongodb://...
//   auto users = store.collection("users");
//   std::string id = co_await users.insert_one({{"name", "Ada"}, {"age", 36}});
//   auto adults = co_await users.find({{"age", {{"$gte", 18}}}}, {.sort = {{"age", -1}}, .limit = 10});
//   co_await users.update_one({{"_id", id}}, {{"$inc", {{"logins", 1}}}});
//
// On SQLite and PostgreSQL each collection is a table (seq, id, doc) created on first use, the
// document JSON text (SQLite JSON1) or jsonb with a GIN index (PostgreSQL). MongoDB is reached
// through libmongoc, whose blocking calls run on the store's worker threads; every coroutine
// resumes on the executor it was called from. Operations are made from a loop thread.
#pragma once
#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <strata/core/task.hpp>
#include <strata/document/error.hpp>
#include <strata/document/options.hpp>
#include <strata/sql/database.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace strata::document {

enum class backend_kind { sqlite, postgres, mongodb };

struct store_options {
  sql::pool_options sql;          // SQLite and PostgreSQL
  std::size_t mongo_threads = 4;  // worker threads that run libmongoc's blocking calls
};

namespace detail {
class backend;
struct collection_state;
}  // namespace detail

class collection {
 public:
  const std::string& name() const;

  // Inserts doc (an "_id" string is generated when absent) and returns its "_id".
  task<std::string> insert_one(boost::json::object doc);
  // All or nothing on SQL backends; MongoDB stops at the first failure (an ordered insert).
  task<std::vector<std::string>> insert_many(std::vector<boost::json::object> docs);

  task<std::optional<boost::json::object>> find_one(boost::json::object filter = {}, find_options options = {});
  // Without a sort, documents come in insertion order on the SQL backends (MongoDB: natural order).
  task<std::vector<boost::json::object>> find(boost::json::object filter = {}, find_options options = {});
  task<std::int64_t> count(boost::json::object filter = {});

  // update is {"$set": {...}, "$unset": {...}, "$inc": {...}, "$push": {...}} (update.hpp).
  task<update_result> update_one(boost::json::object filter, boost::json::object update);
  task<update_result> update_many(boost::json::object filter, boost::json::object update);

  // The number of documents deleted.
  task<std::int64_t> delete_one(boost::json::object filter);
  task<std::int64_t> delete_many(boost::json::object filter);

  // An index on one or more (dotted) fields; returns its name. Creating an existing one is a no-op.
  task<std::string> create_index(std::vector<std::string> fields, index_options options = {});
  // Drops the collection and its documents.
  task<void> drop();

 private:
  friend class store;
  collection(std::shared_ptr<detail::backend> b, std::shared_ptr<detail::collection_state> s)
      : backend_(std::move(b)), state_(std::move(s)) {}
  std::shared_ptr<detail::backend> backend_;
  std::shared_ptr<detail::collection_state> state_;
};

class store {
 public:
  // "sqlite:PATH" / "sqlite::memory:", "postgres://..." / "postgresql://...", "mongodb://..." /
  // "mongodb+srv://...". Connections are made on first use. Throws document::error for another scheme.
  static store open(std::string_view url, store_options options = {});

  store() = default;
  // A collection: a name of letters, digits and '_' not starting with a digit, at most 63 bytes
  // (PostgreSQL's identifier limit); other names throw document::error (errc::bad_query).
  document::collection collection(std::string_view name) const;
  backend_kind kind() const;
  explicit operator bool() const { return backend_ != nullptr; }

 private:
  explicit store(std::shared_ptr<detail::backend> b) : backend_(std::move(b)) {}
  std::shared_ptr<detail::backend> backend_;
};

}  // namespace strata::document
