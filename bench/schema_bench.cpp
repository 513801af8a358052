// schema_bench: the schema layer's costs, for bench/schema-compare (which runs ajv beside it).
// - validate/*: is_valid on RealWorld request bodies with formats (new_user, new_article) and on
//   a 1 MB array of small objects (items_1mb), the same schemas and documents ajv-bench.js uses;
// - serialize/*: a RealWorld article list (20 articles) written by its response schema's
//   serializer and by boost::json::serialize;
// - json_limits/*: the body limits' SAX pass against a full boost::json::parse of the same text.
// Each benchmark's items_per_second is operations per second.
#include <benchmark/benchmark.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <strata/schema/json_limits.hpp>
#include <strata/schema/serializer.hpp>
#include <strata/schema/validator.hpp>
#include <string>

namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

value read_json(const std::string& name) {
  std::ifstream in(std::string(STRATA_SCHEMA_BENCH_DATA) + "/" + name);
  if (!in) throw std::runtime_error("schema_bench: cannot read " + name);
  std::stringstream s;
  s << in.rdbuf();
  return boost::json::parse(s.str());
}

// The same rule as items() in bench/peers/ajv-bench.js.
value items_document(int n) {
  array out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    out.push_back(object{{"id", i + 1},
                         {"name", "item-" + std::to_string(i)},
                         {"active", i % 3 == 0},
                         {"score", static_cast<double>(i * 37 % 1000) / 10},
                         {"tags", array{value("t" + std::to_string(i % 7)), value("t" + std::to_string(i % 11))}}});
  return out;
}

void validate_case(benchmark::State& state, const char* schema_file, const value& doc) {
  const auto v = strata::schema::compile(read_json(schema_file), {.assert_format = true});
  if (!v.is_valid(doc)) {
    state.SkipWithError("the document is invalid");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(v.is_valid(doc));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * boost::json::serialize(doc).size()));
}

void BM_validate_new_user(benchmark::State& state) {
  validate_case(state, "new-user.schema.json", read_json("new-user.json"));
}
void BM_validate_new_article(benchmark::State& state) {
  validate_case(state, "new-article.schema.json", read_json("new-article.json"));
}
void BM_validate_items_1mb(benchmark::State& state) {
  validate_case(state, "items.schema.json", items_document(14000));
}
BENCHMARK(BM_validate_new_user)->Name("validate/new_user");
BENCHMARK(BM_validate_new_article)->Name("validate/new_article");
BENCHMARK(BM_validate_items_1mb)->Name("validate/items_1mb");

// RealWorld's MultipleArticlesResponse: 20 articles with their authors.
const char* article_list_schema = R"({
  "type": "object", "required": ["articles", "articlesCount"],
  "properties": {
    "articles": {"type": "array", "items": {"$ref": "#/$defs/Article"}},
    "articlesCount": {"type": "integer"}},
  "$defs": {
    "Article": {"type": "object",
      "properties": {"slug": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"},
                     "body": {"type": "string"}, "tagList": {"type": "array", "items": {"type": "string"}},
                     "createdAt": {"type": "string", "format": "date-time"},
                     "updatedAt": {"type": "string", "format": "date-time"},
                     "favorited": {"type": "boolean"}, "favoritesCount": {"type": "integer"},
                     "author": {"$ref": "#/$defs/Profile"}}},
    "Profile": {"type": "object",
      "properties": {"username": {"type": "string"}, "bio": {"type": ["string", "null"]},
                     "image": {"type": "string"}, "following": {"type": "boolean"}}}}})";

value article_list() {
  array articles;
  for (int i = 0; i < 20; ++i)
    articles.push_back(
        object{{"slug", "how-to-train-your-dragon-" + std::to_string(i)},
               {"title", "How to train your dragon, part " + std::to_string(i)},
               {"description", "Ever wonder how? A \"practical\" guide."},
               {"body",
                "It takes a Jacobian.\nYou have to believe in yourself, and in the dragon: the rest is patience, a "
                "good saddle and a great deal of fish. Start small, with short flights over the harbour at dawn."},
               {"tagList", array{"dragons", "training", "how-to"}},
               {"createdAt", "2016-02-18T03:22:56.637Z"},
               {"updatedAt", "2016-02-18T03:48:35.824Z"},
               {"favorited", i % 2 == 0},
               {"favoritesCount", i * 7},
               {"author", object{{"username", "jake" + std::to_string(i)},
                                 {"bio", i % 3 ? value("I work at statefarm") : value(nullptr)},
                                 {"image", "https://api.realworld.io/images/smiley-cyrus.jpeg"},
                                 {"following", false}}}});
  return object{{"articles", std::move(articles)}, {"articlesCount", 20}};
}

void BM_serialize_boost(benchmark::State& state) {
  const value doc = article_list();
  for (auto _ : state) {
    std::string out = boost::json::serialize(doc);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
void BM_serialize_schema(benchmark::State& state) {
  const value doc = article_list();
  const auto s = strata::schema::compile_serializer(boost::json::parse(article_list_schema));
  if (boost::json::parse(s.to_string(doc)) != doc) {
    state.SkipWithError("the schema serializer changed the document");
    return;
  }
  for (auto _ : state) {
    std::string out;
    s.write(doc, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_serialize_boost)->Name("serialize/boost_json");
BENCHMARK(BM_serialize_schema)->Name("serialize/schema");

void limits_case(benchmark::State& state, const std::string& text, bool check) {
  for (auto _ : state) {
    if (check)
      benchmark::DoNotOptimize(strata::schema::check_json_limits(text));
    else
      benchmark::DoNotOptimize(boost::json::parse(text));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
void BM_parse_article(benchmark::State& state) {
  limits_case(state, boost::json::serialize(read_json("new-article.json")), false);
}
void BM_limits_article(benchmark::State& state) {
  limits_case(state, boost::json::serialize(read_json("new-article.json")), true);
}
void BM_parse_items(benchmark::State& state) {
  limits_case(state, boost::json::serialize(items_document(14000)), false);
}
void BM_limits_items(benchmark::State& state) {
  limits_case(state, boost::json::serialize(items_document(14000)), true);
}
BENCHMARK(BM_parse_article)->Name("json_limits/parse_new_article");
BENCHMARK(BM_limits_article)->Name("json_limits/check_new_article");
BENCHMARK(BM_parse_items)->Name("json_limits/parse_items_1mb");
BENCHMARK(BM_limits_items)->Name("json_limits/check_items_1mb");

}  // namespace

BENCHMARK_MAIN();
