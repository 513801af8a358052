// One suite, three backends: the same operations and the same answers on SQLite (always),
// PostgreSQL (DATABASE_URL) and MongoDB (MONGO_URL). Each test works in a collection of its own,
// named uniquely per run, and drops it afterwards.
#include <gtest/gtest.h>

#include <limits>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdlib>
#include <random>
#include <strata/document/store.hpp>
#include <strata/document/testing.hpp>
#include <strata/sql/testing/run.hpp>

namespace strata::document {
namespace {

using boost::json::object;
using sql::testing::run;
using testing::error_of;

struct sqlite_backend {
  static std::string url() { return "sqlite::memory:"; }
  static const char* skip_reason() { return ""; }
};
struct postgres_backend {
  static std::string url() { return std::getenv("DATABASE_URL") ? std::getenv("DATABASE_URL") : ""; }
  static const char* skip_reason() { return "DATABASE_URL not set: start scripts/services"; }
};
struct mongodb_backend {
  static std::string url() { return std::getenv("MONGO_URL") ? std::getenv("MONGO_URL") : ""; }
  static const char* skip_reason() { return "MONGO_URL not set: no MongoDB server here"; }
};

// A collection name no other run or test uses: pid, a random part and a counter.
std::string unique_name() {
  static std::atomic<int> counter{0};
  static const unsigned salt = std::random_device{}();
  return "doc_test_" + std::to_string(::getpid()) + "_" + std::to_string(salt % 100000) + "_" +
         std::to_string(counter++);
}

// The collection's operations run to completion one by one, so test bodies read top to bottom
// (and hold no braced string lists inside a co_await, which GCC 12 rejects).
struct blocking {
  document::collection c;
  std::string insert_one(object d) {
    return run([&]() -> task<std::string> { co_return co_await c.insert_one(d); });
  }
  std::vector<std::string> insert_many(std::vector<object> d) {
    return run([&]() -> task<std::vector<std::string>> { co_return co_await c.insert_many(d); });
  }
  std::vector<object> find(object f = {}, find_options o = {}) {
    return run([&]() -> task<std::vector<object>> { co_return co_await c.find(f, o); });
  }
  std::optional<object> find_one(object f = {}, find_options o = {}) {
    return run([&]() -> task<std::optional<object>> { co_return co_await c.find_one(f, o); });
  }
  std::int64_t count(object f = {}) {
    return run([&]() -> task<std::int64_t> { co_return co_await c.count(f); });
  }
  update_result update_one(object f, object u) {
    return run([&]() -> task<update_result> { co_return co_await c.update_one(f, u); });
  }
  update_result update_many(object f, object u) {
    return run([&]() -> task<update_result> { co_return co_await c.update_many(f, u); });
  }
  std::int64_t delete_one(object f) {
    return run([&]() -> task<std::int64_t> { co_return co_await c.delete_one(f); });
  }
  std::int64_t delete_many(object f) {
    return run([&]() -> task<std::int64_t> { co_return co_await c.delete_many(f); });
  }
  std::string create_index(std::vector<std::string> fields, index_options o = {}) {
    return run([&]() -> task<std::string> { co_return co_await c.create_index(fields, o); });
  }
  void drop() {
    run([&]() -> task<void> { co_await c.drop(); });
  }
};

template <class Backend>
class document_store : public ::testing::Test {
 public:  // reached from the helper functions below too
  void SetUp() override {
    const std::string url = Backend::url();
    if (url.empty()) GTEST_SKIP() << Backend::skip_reason();
    store_ = store::open(url);
    name_ = unique_name();
  }
  void TearDown() override {
    if (store_) coll().drop();
  }
  blocking coll() { return {store_.collection(name_)}; }

  // The "k" labels of the documents a filter finds, in the order found.
  std::vector<std::string> labels(object filter, find_options options = {}) {
    options.sort = options.sort.empty() ? object{{"k", 1}} : options.sort;
    std::vector<std::string> out;
    for (const auto& d : coll().find(filter, options)) out.push_back(std::string(d.at("k").as_string()));
    return out;
  }

  void insert(std::vector<object> docs) { coll().insert_many(std::move(docs)); }

  store store_;
  std::string name_;
};

using backends = ::testing::Types<sqlite_backend, postgres_backend, mongodb_backend>;
class backend_names {
 public:
  template <class T>
  static std::string GetName(int) {
    if (std::is_same_v<T, sqlite_backend>) return "sqlite";
    if (std::is_same_v<T, postgres_backend>) return "postgres";
    return "mongodb";
  }
};
TYPED_TEST_SUITE(document_store, backends, backend_names);

using strs = std::vector<std::string>;

TYPED_TEST(document_store, insert_one_generates_an_id_and_find_one_returns_the_document) {
  auto c = this->coll();
  auto id = c.insert_one({{"name", "Ada"}, {"age", 36}});
  EXPECT_EQ(id.size(), 24u);
  auto found = c.find_one({{"_id", id}});
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, (object{{"_id", id}, {"name", "Ada"}, {"age", 36}}));

  auto own = c.insert_one({{"_id", "mine"}, {"n", 1}});
  EXPECT_EQ(own, "mine");
  EXPECT_EQ(error_of([&] { c.insert_one({{"_id", "mine"}}); }), errc::duplicate_key);
  EXPECT_EQ(error_of([&] { c.insert_one({{"_id", 5}}); }), errc::bad_document);
  EXPECT_EQ(error_of([&] { c.insert_one({{"$set", 5}}); }), errc::bad_document);
  // What Boost.JSON reads from 0e999 and 1e999: no backend can store it, so all refuse it alike.
  EXPECT_EQ(error_of([&] { c.insert_one({{"x", {1, std::numeric_limits<double>::quiet_NaN()}}}); }),
            errc::bad_document);
  EXPECT_EQ(error_of([&] { c.insert_one({{"x", std::numeric_limits<double>::infinity()}}); }), errc::bad_document);
  EXPECT_EQ(c.count(), 2);
  auto none = c.find_one({{"_id", "nobody"}});
  EXPECT_FALSE(none);
}

TYPED_TEST(document_store, a_collection_never_written_is_empty) {
  auto c = this->coll();
  EXPECT_EQ(c.count(), 0);
  EXPECT_TRUE(c.find().empty());
}

TYPED_TEST(document_store, insert_many_count_and_dotted_paths) {
  this->insert({{{"k", "a"}, {"address", {{"city", "Oslo"}, {"zip", 150}}}},
                {{"k", "b"}, {"address", {{"city", "Bergen"}}}},
                {{"k", "c"}, {"address", "Oslo"}}});
  auto c = this->coll();
  EXPECT_EQ(c.count(), 3);
  EXPECT_EQ(this->labels({{"address.city", "Oslo"}}), strs{"a"});
  EXPECT_EQ(this->labels({{"address.zip", {{"$gte", 100}}}}), strs{"a"});
  EXPECT_EQ(this->labels({{"address", "Oslo"}}), strs{"c"});
  EXPECT_EQ(this->labels({{"address.city", {{"$exists", false}}}}), strs{"c"});
}

// One document per kind of value in "v", so each operator's type rules show.
template <class Test>
void insert_typed_values(Test& t) {
  t.insert({{{"k", "int1"}, {"v", 1}},
            {{"k", "dbl2.5"}, {"v", 2.5}},
            {{"k", "str3"}, {"v", "3"}},
            {{"k", "str10"}, {"v", "10"}},
            {{"k", "true"}, {"v", true}},
            {{"k", "null"}, {"v", nullptr}},
            {{"k", "missing"}},
            {{"k", "arr"}, {"v", boost::json::array{1, 5, "x"}}},
            {{"k", "obj"}, {"v", {{"w", 1}}}}});
}

TYPED_TEST(document_store, comparisons_are_type_aware) {
  insert_typed_values(*this);
  EXPECT_EQ(this->labels({{"v", 1}}), (strs{"arr", "int1"}));
  EXPECT_EQ(this->labels({{"v", 1.0}}), (strs{"arr", "int1"}));
  EXPECT_EQ(this->labels({{"v", "3"}}), strs{"str3"});
  EXPECT_EQ(this->labels({{"v", true}}), strs{"true"});
  EXPECT_EQ(this->labels({{"v", {{"$gt", 2}}}}), (strs{"arr", "dbl2.5"}));
  EXPECT_EQ(this->labels({{"v", {{"$lte", 1}}}}), (strs{"arr", "int1"}));
  // Strings order bytewise: "10" < "2" < "3".
  EXPECT_EQ(this->labels({{"v", {{"$gt", "2"}}}}), (strs{"arr", "str3"}));
  EXPECT_EQ(this->labels({{"v", {{"$lt", "2"}}}}), strs{"str10"});
  EXPECT_EQ(this->labels({{"v", {{"$gte", 0}, {"$lt", 2}}}}), (strs{"arr", "int1"}));
}

TYPED_TEST(document_store, null_missing_exists_and_negations) {
  insert_typed_values(*this);
  EXPECT_EQ(this->labels({{"v", nullptr}}), (strs{"missing", "null"}));
  EXPECT_EQ(this->labels({{"v", {{"$ne", nullptr}}}}), (strs{"arr", "dbl2.5", "int1", "obj", "str10", "str3", "true"}));
  EXPECT_EQ(this->labels({{"v", {{"$exists", true}}}}),
            (strs{"arr", "dbl2.5", "int1", "null", "obj", "str10", "str3", "true"}));
  EXPECT_EQ(this->labels({{"v", {{"$exists", false}}}}), strs{"missing"});
  EXPECT_EQ(this->labels({{"v", {{"$ne", 1}}}}), (strs{"dbl2.5", "missing", "null", "obj", "str10", "str3", "true"}));
  EXPECT_EQ(this->labels({{"v", {{"$in", {true, "3", 5}}}}}), (strs{"arr", "str3", "true"}));
  EXPECT_EQ(this->labels({{"v", {{"$in", {nullptr}}}}}), (strs{"missing", "null"}));
  EXPECT_EQ(this->labels({{"v", {{"$nin", {1, nullptr, "x"}}}}}), (strs{"dbl2.5", "obj", "str10", "str3", "true"}));
  EXPECT_EQ(this->labels({{"v", {{"$in", boost::json::array{}}}}}), strs{});
}

TYPED_TEST(document_store, and_or_combine) {
  insert_typed_values(*this);
  object either{{"$or", {object{{"v", 1}}, object{{"v", "3"}}}}};
  EXPECT_EQ(this->labels(either), (strs{"arr", "int1", "str3"}));
  object both{{"$and", {object{{"v", {{"$gt", 0}}}}, object{{"v", {{"$lt", 3}}}}}}, {"k", {{"$ne", "arr"}}}};
  EXPECT_EQ(this->labels(both), (strs{"dbl2.5", "int1"}));
}

TYPED_TEST(document_store, sort_limit_skip_and_projection) {
  this->insert({{{"k", "a"}, {"age", 30}, {"name", "Cy"}},
                {{"k", "b"}, {"age", 25}, {"name", "Bo"}},
                {{"k", "c"}, {"age", 30}, {"name", "Al"}},
                {{"k", "d"}, {"age", 41}, {"name", "Di"}}});
  EXPECT_EQ(this->labels({}, {.sort = {{"age", -1}, {"name", 1}}}), (strs{"d", "c", "a", "b"}));
  EXPECT_EQ(this->labels({}, {.sort = {{"age", -1}, {"name", 1}}, .limit = 2, .skip = 1}), (strs{"c", "a"}));
  EXPECT_EQ(this->labels({}, {.sort = {{"name", 1}}, .skip = 3}), (strs{"d"}));
  auto c = this->coll();
  auto docs = c.find({{"k", "b"}}, {.projection = {{"name", 1}, {"_id", 0}}});
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0], (object{{"name", "Bo"}}));
  docs = c.find({{"k", "b"}}, {.projection = {{"age", 0}}});
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_FALSE(docs[0].contains("age"));
  EXPECT_TRUE(docs[0].contains("_id") && docs[0].contains("name"));
}

TYPED_TEST(document_store, sort_orders_types_like_mongodb) {
  this->insert({{{"k", "true"}, {"v", true}},
                {{"k", "b"}, {"v", "b"}},
                {{"k", "2"}, {"v", 2}},
                {{"k", "missing"}},
                {{"k", "a"}, {"v", "a"}},
                {{"k", "1.5"}, {"v", 1.5}},
                {{"k", "obj"}, {"v", {{"x", 1}}}}});
  EXPECT_EQ(this->labels({}, {.sort = {{"v", 1}}}), (strs{"missing", "1.5", "2", "a", "b", "obj", "true"}));
  EXPECT_EQ(this->labels({}, {.sort = {{"v", -1}}}), (strs{"true", "obj", "b", "a", "2", "1.5", "missing"}));
}

TYPED_TEST(document_store, update_operators) {
  auto c = this->coll();
  auto id = c.insert_one({{"k", "a"}, {"n", 1}, {"tags", {"x"}}, {"old", true}});
  auto r = c.update_one({{"_id", id}}, {{"$set", {{"profile.city", "Oslo"}}},
                                        {"$unset", {{"old", ""}}},
                                        {"$inc", {{"n", 2}, {"visits", 1}}},
                                        {"$push", {{"tags", "y"}}}});
  EXPECT_EQ(r.matched, 1);
  EXPECT_EQ(r.modified, 1);
  auto doc = c.find_one({{"_id", id}});
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->at("profile"), (object{{"city", "Oslo"}}));
  EXPECT_FALSE(doc->contains("old"));
  EXPECT_EQ(doc->at("n"), 3);
  EXPECT_TRUE(doc->at("n").is_int64());
  EXPECT_EQ(doc->at("visits"), 1);
  EXPECT_EQ(doc->at("tags"), (boost::json::array{"x", "y"}));

  // Setting what is already there matches but modifies nothing.
  r = c.update_one({{"_id", id}}, {{"$set", {{"n", 3}}}});
  EXPECT_EQ(r.matched, 1);
  EXPECT_EQ(r.modified, 0);
  r = c.update_one({{"_id", "nobody"}}, {{"$set", {{"n", 1}}}});
  EXPECT_EQ(r.matched, 0);
  EXPECT_EQ(error_of([&] { c.update_one({{"_id", id}}, {{"$inc", {{"k", 1}}}}); }), errc::bad_update);
  EXPECT_EQ(error_of([&] { c.update_one({{"_id", id}}, {{"$rename", {{"k", "j"}}}}); }), errc::bad_update);
  EXPECT_EQ(error_of([&] { c.update_one({{"_id", id}}, {{"$set", {{"_id", "x"}}}}); }), errc::bad_update);
  // The failed updates changed nothing.
  doc = c.find_one({{"_id", id}});
  EXPECT_EQ(doc->at("k"), "a");
}

TYPED_TEST(document_store, update_many_and_deletes) {
  this->insert({{{"k", "a"}, {"g", 1}}, {{"k", "b"}, {"g", 1}}, {{"k", "c"}, {"g", 2}}, {{"k", "d"}, {"g", 1}}});
  auto c = this->coll();
  auto r = c.update_many({{"g", 1}}, {{"$inc", {{"score", 10}}}});
  EXPECT_EQ(r.matched, 3);
  EXPECT_EQ(r.modified, 3);
  EXPECT_EQ(this->labels({{"score", 10}}), (strs{"a", "b", "d"}));
  r = c.update_one({{"g", 1}}, {{"$set", {{"first", true}}}});
  EXPECT_EQ(r.matched, 1);
  EXPECT_EQ(this->labels({{"first", true}}).size(), 1u);

  EXPECT_EQ(c.delete_one({{"g", 1}}), 1);
  EXPECT_EQ(c.count({{"g", 1}}), 2);
  EXPECT_EQ(c.delete_many({{"g", 1}}), 2);
  EXPECT_EQ(c.delete_many({{"g", 1}}), 0);
  EXPECT_EQ(this->labels({}), strs{"c"});
}

TYPED_TEST(document_store, unique_indexes_refuse_duplicates) {
  auto c = this->coll();
  auto name = c.create_index({"email"}, {.unique = true});
  EXPECT_EQ(name, this->name_ + "_email_idx");
  // Creating it again is a no-op.
  c.create_index({"email"}, {.unique = true});
  c.create_index({"age", "address.city"});
  c.insert_one({{"email", "a@example.com"}});
  EXPECT_EQ(error_of([&] { c.insert_one({{"email", "a@example.com"}}); }), errc::duplicate_key);
  // Documents without the field never conflict.
  c.insert_one({{"k", "x"}});
  c.insert_one({{"k", "y"}});
  auto b = c.insert_one({{"email", "b@example.com"}});
  EXPECT_EQ(error_of([&] {
              c.update_one({{"_id", b}}, {{"$set", {{"email", "a@example.com"}}}});
            }),
            errc::duplicate_key);
  EXPECT_EQ(c.count(), 4);
  // A batch with a duplicate inside stores nothing on SQL backends (MongoDB keeps what precedes it).
  EXPECT_EQ(error_of([&] {
              c.insert_many({{{"email", "c@example.com"}}, {{"email", "b@example.com"}}});
            }),
            errc::duplicate_key);
}

TYPED_TEST(document_store, bad_queries_fail_the_same_everywhere) {
  auto c = this->coll();
  // Built outside the coroutines: GCC 12 rejects some braced lists of string literals in a co_await.
  const object regex{{"a", {{"$regex", "x"}}}}, bad_field{{"a;b", 1}}, where{{"$where", "1"}};
  const find_options bad_sort{.sort = {{"a", 0}}};
  const std::vector<std::string> bad_index{"a'"};
  EXPECT_EQ(error_of([&] { c.find(regex); }), errc::bad_query);
  EXPECT_EQ(error_of([&] { c.count(bad_field); }), errc::bad_query);
  EXPECT_EQ(error_of([&] { c.delete_many(where); }), errc::bad_query);
  EXPECT_EQ(error_of([&] { c.find({}, bad_sort); }), errc::bad_query);
  EXPECT_EQ(error_of([&] { c.create_index(bad_index); }), errc::bad_query);
}

TYPED_TEST(document_store, hostile_values_are_data) {
  const std::string evil = "x'); DROP TABLE " + this->name_ + "; --";
  auto c = this->coll();
  c.insert_one({{"k", "evil"}, {"name", evil}});
  c.insert_one({{"k", "plain"}, {"name", "plain"}});
  EXPECT_EQ(this->labels({{"name", evil}}), strs{"evil"});
  EXPECT_EQ(this->labels({{"name", {{"$gt", "' OR 1=1 --"}}}}), (strs{"evil", "plain"}));
  EXPECT_EQ(this->labels({{"name", {{"$in", {"' OR '1'='1", evil}}}}}), strs{"evil"});
  EXPECT_EQ(c.count(), 2);
}

TYPED_TEST(document_store, large_integers_round_trip_exactly) {
  auto c = this->coll();
  const std::int64_t big = 9007199254740993;  // 2^53 + 1: not a double
  c.insert_one({{"k", "big"}, {"n", big}});
  EXPECT_EQ(this->labels({{"n", big}}), strs{"big"});
  EXPECT_EQ(this->labels({{"n", big - 1}}), strs{});
  auto doc = c.find_one({{"k", "big"}});
  EXPECT_EQ(doc->at("n"), big);
}

TYPED_TEST(document_store, concurrent_increments_are_not_lost) {
  auto c = this->coll();
  auto id = c.insert_one({{"n", 0}});
  const object by_id{{"_id", id}}, inc{{"$inc", {{"n", 1}}}};
  boost::asio::io_context io;
  constexpr int writers = 16;
  int done = 0;
  for (int i = 0; i < writers; ++i)
    boost::asio::co_spawn(
        io, [&]() -> task<void> { co_await c.c.update_one(by_id, inc); },
        [&](std::exception_ptr e) {
          EXPECT_FALSE(e);
          ++done;
        });
  io.run();
  EXPECT_EQ(done, writers);
  auto doc = c.find_one({{"_id", id}});
  EXPECT_EQ(doc->at("n"), writers);
}

}  // namespace
}  // namespace strata::document
