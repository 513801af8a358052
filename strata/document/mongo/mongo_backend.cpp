// The MongoDB backend through libmongoc. The C driver only blocks, so each operation runs on the
// store's worker threads (offload.hpp) with a client from a thread-safe mongoc_client_pool, and
// the coroutine resumes on its own loop. Filters and updates arrive parsed and checked, and are
// sent in their canonical MongoDB form, so MongoDB sees exactly the subset the SQL backends run.
// The operations are plain functions returning offload()'s task, not coroutines: GCC 12 destroyed
// a bson_ptr moved into a lambda inside a co_await expression twice (ASan caught it).
#include <mongoc/mongoc.h>

#include <boost/asio/thread_pool.hpp>
#include <boost/json/array.hpp>
#include <mutex>
#include <strata/document/detail/backend.hpp>
#include <strata/document/mongo/bson_json.hpp>
#include <strata/document/mongo/offload.hpp>
#include <type_traits>

namespace strata::document::detail {

namespace {

// MongoDB server error codes that mean "the request was wrong", not "the server failed".
bool client_mistake(std::uint32_t code) {
  switch (code) {
    case 2:   // BadValue
    case 9:   // FailedToParse
    case 14:  // TypeMismatch
    case 28:  // PathNotViable
    case 40:  // ConflictingUpdateOperators
    case 52:  // DollarPrefixedFieldName
    case 66:  // ImmutableField
    default:
      return false;
  }
}

[[noreturn]] void raise(const bson_error_t& e, errc mistake) {
  if (e.code == 11000 || e.code == 11001 || e.code == 12582)
    throw error(errc::duplicate_key, "duplicate key: a document with this value already exists");
  if (e.domain == MONGOC_ERROR_SERVER_SELECTION || e.domain == MONGOC_ERROR_STREAM)
    throw error(errc::unavailable, std::string("MongoDB unavailable: ") + e.message);
  if (e.domain == MONGOC_ERROR_SERVER && client_mistake(e.code)) throw error(mistake, e.message);
  throw error(errc::backend, std::string("MongoDB error: ") + e.message);
}

std::int64_t reply_count(const bson_t& reply, const char* field) {
  bson_iter_t it;
  if (bson_iter_init_find(&it, &reply, field) && BSON_ITER_HOLDS_NUMBER(&it)) return bson_iter_as_int64(&it);
  return 0;
}

struct client_lease {
  mongoc_client_pool_t* pool;
  mongoc_client_t* client;
  explicit client_lease(mongoc_client_pool_t* p) : pool(p), client(mongoc_client_pool_pop(p)) {}
  ~client_lease() { mongoc_client_pool_push(pool, client); }
  client_lease(const client_lease&) = delete;
  client_lease& operator=(const client_lease&) = delete;
};

struct collection_handle {
  mongoc_collection_t* c;
  collection_handle(mongoc_client_t* client, const std::string& db, const std::string& name)
      : c(mongoc_client_get_collection(client, db.c_str(), name.c_str())) {}
  ~collection_handle() { mongoc_collection_destroy(c); }
  collection_handle(const collection_handle&) = delete;
  collection_handle& operator=(const collection_handle&) = delete;
};

struct reply_doc {
  bson_t b = BSON_INITIALIZER;
  reply_doc() = default;
  ~reply_doc() { bson_destroy(&b); }
  reply_doc(const reply_doc&) = delete;
  reply_doc& operator=(const reply_doc&) = delete;
};

class mongo_backend final : public backend {
 public:
  mongo_backend(std::string_view url, std::size_t threads) : workers_(threads ? threads : 1) {
    static std::once_flag init;
    std::call_once(init, [] {
      mongoc_init();
      // libmongoc logs its monitor's debug chatter to stderr by default; keep warnings and errors.
      mongoc_log_set_handler(
          [](mongoc_log_level_t level, const char* domain, const char* message, void* data) {
            if (level <= MONGOC_LOG_LEVEL_WARNING) mongoc_log_default_handler(level, domain, message, data);
          },
          nullptr);
    });
    bson_error_t e;
    uri_ = mongoc_uri_new_with_error(std::string(url).c_str(), &e);
    if (!uri_) throw error(errc::bad_query, std::string("invalid MongoDB URL: ") + e.message);
    const char* db = mongoc_uri_get_database(uri_);
    database_ = db && *db ? db : "test";  // the database in the URL path, as Mongoose takes it
    pool_ = mongoc_client_pool_new(uri_);
    mongoc_client_pool_set_error_api(pool_, MONGOC_ERROR_API_VERSION_2);
    mongoc_client_pool_set_appname(pool_, "strata");
  }

  ~mongo_backend() override {
    workers_.join();  // no operation may still hold a client
    mongoc_client_pool_destroy(pool_);
    mongoc_uri_destroy(uri_);
  }

  backend_kind kind() const override { return backend_kind::mongodb; }

  // fn(mongoc_collection_t*) on a worker thread, with a pooled client.
  template <class F>
  task<std::invoke_result_t<F&, mongoc_collection_t*>> run(collection_state& c, F fn) {
    return offload(workers_, [this, name = c.name, fn = std::move(fn)]() mutable {
      client_lease lease(pool_);
      collection_handle coll(lease.client, database_, name);
      return fn(coll.c);
    });
  }

  task<void> insert(collection_state& c, std::vector<boost::json::object> docs) override {
    std::vector<bson_ptr> bsons;
    for (const auto& d : docs) bsons.push_back(to_bson(d));
    return run(c, [bsons = std::move(bsons)](mongoc_collection_t* coll) {
      // void* rather than bson_t*: GCC warns that a vector drops bson_t's alignment attribute.
      std::vector<const void*> ptrs;
      for (const auto& b : bsons) ptrs.push_back(b.get());
      bson_error_t e;
      if (!mongoc_collection_insert_many(coll, reinterpret_cast<const bson_t**>(ptrs.data()), ptrs.size(), nullptr,
                                         nullptr, &e))
        raise(e, errc::bad_document);
    });
  }

  task<std::vector<boost::json::object>> find(collection_state& c, const filter& f, const find_spec& spec) override {
    bson_ptr query = to_bson(to_mongo_filter(f));
    boost::json::object opts;
    if (!spec.sort.empty()) opts["sort"] = to_mongo_sort(spec.sort);
    if (spec.limit > 0) opts["limit"] = spec.limit;
    if (spec.skip > 0) opts["skip"] = spec.skip;
    if (!spec.projection.empty()) opts["projection"] = to_mongo_projection(spec.projection);
    bson_ptr options = to_bson(opts);
    return run(c, [query = std::move(query), options = std::move(options)](mongoc_collection_t* coll) {
      std::unique_ptr<mongoc_cursor_t, void (*)(mongoc_cursor_t*)> cursor(
          mongoc_collection_find_with_opts(coll, query.get(), options.get(), nullptr), mongoc_cursor_destroy);
      std::vector<boost::json::object> docs;
      const bson_t* doc = nullptr;
      while (mongoc_cursor_next(cursor.get(), &doc)) docs.push_back(to_json(*doc));
      bson_error_t e;
      if (mongoc_cursor_error(cursor.get(), &e)) raise(e, errc::bad_query);
      return docs;
    });
  }

  task<std::int64_t> count(collection_state& c, const filter& f) override {
    bson_ptr query = to_bson(to_mongo_filter(f));
    return run(c, [query = std::move(query)](mongoc_collection_t* coll) {
      bson_error_t e;
      const std::int64_t n = mongoc_collection_count_documents(coll, query.get(), nullptr, nullptr, nullptr, &e);
      if (n < 0) raise(e, errc::bad_query);
      return n;
    });
  }

  task<update_result> update(collection_state& c, const filter& f, const document::update& u, bool many) override {
    bson_ptr query = to_bson(to_mongo_filter(f));
    bson_ptr change = to_bson(to_mongo_update(u));
    return run(c, [query = std::move(query), change = std::move(change), many](mongoc_collection_t* coll) {
      reply_doc reply;
      bson_error_t e;
      const bool ok = many ? mongoc_collection_update_many(coll, query.get(), change.get(), nullptr, &reply.b, &e)
                           : mongoc_collection_update_one(coll, query.get(), change.get(), nullptr, &reply.b, &e);
      if (!ok) raise(e, errc::bad_update);
      return update_result{reply_count(reply.b, "matchedCount"), reply_count(reply.b, "modifiedCount")};
    });
  }

  task<std::int64_t> remove(collection_state& c, const filter& f, bool many) override {
    bson_ptr query = to_bson(to_mongo_filter(f));
    return run(c, [query = std::move(query), many](mongoc_collection_t* coll) {
      reply_doc reply;
      bson_error_t e;
      const bool ok = many ? mongoc_collection_delete_many(coll, query.get(), nullptr, &reply.b, &e)
                           : mongoc_collection_delete_one(coll, query.get(), nullptr, &reply.b, &e);
      if (!ok) raise(e, errc::bad_query);
      return reply_count(reply.b, "deletedCount");
    });
  }

  task<void> create_index(collection_state& c, const std::vector<std::string>& fields, const std::string& name,
                          bool unique) override {
    boost::json::object keys, partial;
    for (const auto& f : fields) {
      keys[f] = 1;
      // Lacking documents never conflict, as on the SQL backends (whose NULLs are distinct).
      if (unique) partial[f] = boost::json::object{{"$exists", true}};
    }
    boost::json::object index{{"key", keys}, {"name", name}};
    if (unique) {
      index["unique"] = true;
      index["partialFilterExpression"] = partial;
    }
    bson_ptr command = to_bson({{"createIndexes", c.name}, {"indexes", boost::json::array{index}}});
    return run(c, [command = std::move(command)](mongoc_collection_t* coll) {
      reply_doc reply;
      bson_error_t e;
      if (!mongoc_collection_write_command_with_opts(coll, command.get(), nullptr, &reply.b, &e))
        raise(e, errc::bad_query);
    });
  }

  task<void> drop(collection_state& c) override {
    return run(c, [](mongoc_collection_t* coll) {
      bson_error_t e;
      // 26 NamespaceNotFound: dropping what is not there is fine.
      if (!mongoc_collection_drop_with_opts(coll, nullptr, &e) && e.code != 26) raise(e, errc::backend);
    });
  }

 private:
  boost::asio::thread_pool workers_;
  mongoc_uri_t* uri_ = nullptr;
  mongoc_client_pool_t* pool_ = nullptr;
  std::string database_;
};

}  // namespace

std::shared_ptr<backend> make_mongo_backend(std::string_view url, std::size_t threads) {
  return std::make_shared<mongo_backend>(url, threads);
}

}  // namespace strata::document::detail
