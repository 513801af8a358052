// The SQLite and PostgreSQL backend: statements from sql_statements.cpp run through
// strata::sql, whose pools already keep SQLite off the loops and PostgreSQL per loop. Updates
// read, apply (update.cpp) and write back in one transaction, so both dialects follow the same
// update rules without a JSON-patching SQL dialect of their own.
#include <boost/json/value.hpp>
#include <strata/document/detail/backend.hpp>
#include <strata/document/sql_statements.hpp>

namespace strata::document::detail {

namespace {

class sql_backend final : public backend {
 public:
  explicit sql_backend(sql::database db) : db_(std::move(db)), dialect_(db_.kind()) {}

  backend_kind kind() const override {
    return dialect_ == sql::dialect::sqlite ? backend_kind::sqlite : backend_kind::postgres;
  }

  task<void> insert(collection_state& c, std::vector<boost::json::object> docs) override {
    co_await ensure(c);
    std::vector<sql::statement> batch;
    batch.reserve(docs.size());
    for (const auto& doc : docs)
      batch.push_back(insert_document(dialect_, c.name, std::string(doc.at("_id").get_string()), doc));
    try {
      if (batch.size() == 1) {
        co_await db_.run(std::move(batch.front()));
      } else {
        co_await db_.transaction([&](sql::transaction& tx) -> task<void> { co_await tx.pipeline(std::move(batch)); });
      }
    } catch (const sql::error& e) {
      rethrow_duplicate(e);
      throw;
    }
  }

  task<std::vector<boost::json::object>> find(collection_state& c, const filter& f, const find_spec& spec) override {
    co_await ensure(c);
    const sql::result r = co_await db_.run(select_documents(dialect_, c.name, f, spec));
    std::vector<boost::json::object> docs;
    docs.reserve(r.size());
    for (const auto row : r) {
      auto doc = row.get<boost::json::value>(0);
      docs.push_back(std::move(doc.as_object()));
      apply_projection(docs.back(), spec.projection);
    }
    co_return docs;
  }

  task<std::int64_t> count(collection_state& c, const filter& f) override {
    co_await ensure(c);
    const sql::result r = co_await db_.run(count_documents(dialect_, c.name, f));
    co_return r.scalar<std::int64_t>();
  }

  task<update_result> update(collection_state& c, const filter& f, const document::update& u, bool many) override {
    co_await ensure(c);
    update_result out;
    try {
      co_await db_.transaction([&](sql::transaction& tx) -> task<void> {
        out = {};  // a retried transaction starts over
        const sql::result r = co_await tx.run(select_for_update(dialect_, c.name, f, many));
        std::vector<sql::statement> writes;
        for (const auto row : r) {
          const auto before = row.get<boost::json::value>(1);
          boost::json::object after = before.as_object();
          apply_update(after, u);
          ++out.matched;
          if (after == before.as_object()) continue;
          ++out.modified;
          writes.push_back(replace_document(dialect_, c.name, row.get<std::string>(0), after));
        }
        if (!writes.empty()) co_await tx.pipeline(std::move(writes));
      });
    } catch (const sql::error& e) {
      rethrow_duplicate(e);
      throw;
    }
    co_return out;
  }

  task<std::int64_t> remove(collection_state& c, const filter& f, bool many) override {
    co_await ensure(c);
    const sql::result r = co_await db_.run(delete_documents(dialect_, c.name, f, many));
    co_return r.affected_rows();
  }

  task<void> create_index(collection_state& c, const std::vector<std::string>& fields, const std::string& name,
                          bool unique) override {
    co_await ensure(c);
    try {
      co_await db_.run(detail::create_index(dialect_, c.name, fields, name, unique));
    } catch (const sql::error& e) {
      // Existing documents that already conflict.
      if (e.is_unique_violation())
        throw error(errc::duplicate_key, "cannot create unique index " + name + ": documents already share a value");
      throw;
    }
  }

  task<void> drop(collection_state& c) override {
    co_await db_.run(drop_table(c.name));
    c.ready.store(false, std::memory_order_release);
  }

 private:
  // Creates the table on first use. Two loops may race to it: IF NOT EXISTS covers SQLite, and
  // PostgreSQL's catalog race (a unique violation, or 42P07) is settled by trying once more.
  task<void> ensure(collection_state& c) {
    if (c.ready.load(std::memory_order_acquire)) co_return;
    for (int attempt = 0;; ++attempt) {
      try {
        for (auto& s : create_table(dialect_, c.name)) co_await db_.run(std::move(s));
        break;
      } catch (const sql::error& e) {
        if (attempt > 0 || !(e.is_unique_violation() || e.sqlstate() == "42P07")) throw;
      }
    }
    c.ready.store(true, std::memory_order_release);
  }

  static void rethrow_duplicate(const sql::error& e) {
    if (!e.is_unique_violation()) return;
    std::string what = "duplicate key: a document with this value already exists";
    if (!e.constraint().empty()) what += " (" + e.constraint() + ")";
    throw error(errc::duplicate_key, what);
  }

  sql::database db_;
  sql::dialect dialect_;
};

}  // namespace

std::shared_ptr<backend> make_sql_backend(std::string_view url, const sql::pool_options& options) {
  return std::make_shared<sql_backend>(sql::database::open(url, options));
}

}  // namespace strata::document::detail
