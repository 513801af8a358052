// libFuzzer target for strata::document's query languages: each input, parsed as JSON, is taken
// as a filter (translated to SQL for both dialects), as an update (applied to a document) and as
// sort and projection options. Beyond memory errors it checks what the SQL backends rely on:
// - only document::error escapes, for any input;
// - the SQL text holds no user text: every quoted literal is a validated path, a type name or
//   '{}', double quotes appear only in COLLATE "C", and parentheses balance;
// - the placeholders are exactly $1..$N for N parameters, each used;
// - the canonical MongoDB forms parse back to themselves.
#include <boost/json/src.hpp>  // Boost.JSON compiled here, instrumented with the rest
#include <cstddef>
#include <cstdint>
#include <set>
#include <strata/document/document_check.hpp>
#include <strata/document/error.hpp>
#include <strata/document/filter.hpp>
#include <strata/document/query_options.hpp>
#include <strata/document/sql_filter.hpp>
#include <strata/document/update.hpp>
#include <string>
#include <string_view>

#include "check.hpp"

namespace {

using namespace strata::document;

bool literal_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '$' || c == '{' || c == '}';
}

void check_sql(const detail::sql_text& t) {
  const std::string& s = t.sql;
  int depth = 0;
  std::set<std::size_t> used;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '(') ++depth;
    if (c == ')') CHECK(--depth >= 0);
    if (c == '\'') {
      const std::size_t end = s.find('\'', i + 1);
      CHECK(end != std::string::npos);
      for (std::size_t j = i + 1; j < end; ++j) CHECK(literal_char(s[j]));
      i = end;
    } else if (c == '"') {
      CHECK(s.compare(i, 3, "\"C\"") == 0);
      i += 2;
    } else if (c == '$') {
      std::size_t n = 0, j = i + 1;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') n = n * 10 + static_cast<std::size_t>(s[j++] - '0');
      CHECK(j > i + 1);
      CHECK(n >= 1 && n <= t.params.size());
      used.insert(n);
      i = j - 1;
    } else {
      // No statement break, comment or escape (PostgreSQL's -> and #>> are the only dashes).
      CHECK(c != ';' && c != '\\');
      if (c == '-') CHECK(s.compare(i, 2, "->") == 0);
      if (c == '/') CHECK(false);
    }
  }
  CHECK(depth == 0);
  CHECK(used.size() == t.params.size());
}

void fuzz_filter(const boost::json::object& json) {
  filter f;
  try {
    f = parse_filter(json);
  } catch (const error& e) {
    CHECK(e.code() == errc::bad_query && e.http_status() == 400);
    return;
  }
  for (auto d : {strata::sql::dialect::sqlite, strata::sql::dialect::postgres}) {
    detail::sql_text t;
    detail::append_filter(t, f, d);
    check_sql(t);
  }
  const auto canonical = to_mongo_filter(f);
  CHECK(to_mongo_filter(parse_filter(canonical)) == canonical);
}

void fuzz_update(const boost::json::object& json) {
  update u;
  try {
    u = parse_update(json);
  } catch (const error& e) {
    CHECK(e.code() == errc::bad_update);
    return;
  }
  const auto canonical = to_mongo_update(u);
  CHECK(to_mongo_update(parse_update(canonical)) == canonical);
  boost::json::object targets[] = {{}, json, {{"a", {{"b", 1}}}, {"n", 1}, {"t", boost::json::array{1}}}};
  for (auto& doc : targets) {
    const bool storable = detail::storable_value(doc);
    try {
      apply_update(doc, u);
      if (storable) CHECK(detail::storable_value(doc));  // an update never makes a document unstorable
    } catch (const error& e) {
      CHECK(e.code() == errc::bad_update);
    }
  }
}

void fuzz_options(const boost::json::object& json) {
  for (int which = 0; which < 2; ++which) {
    find_options o;
    (which ? o.projection : o.sort) = json;
    try {
      const auto spec = detail::parse_find_options(o);
      boost::json::object doc = json;
      detail::apply_projection(doc, spec.projection);
    } catch (const error& e) {
      CHECK(e.code() == errc::bad_query);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::system::error_code ec;
  boost::json::parse_options opts;
  opts.max_depth = 64;
  const auto v = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec, {}, opts);
  if (ec || !v.is_object()) return 0;
  const auto& json = v.get_object();
  fuzz_filter(json);
  fuzz_update(json);
  fuzz_options(json);
  return 0;
}
