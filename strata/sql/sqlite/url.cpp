// Parsing sqlite: URLs (see url.hpp). In-memory databases use the memdb VFS under a name unique
// to the database object: every connection of that object sees the same data, and unlike
// cache=shared, memdb takes ordinary file locks, so writers wait in the busy handler instead of
// failing at once with SQLITE_LOCKED.
#include <sqlite3.h>

#include <atomic>
#include <strata/sql/error.hpp>
#include <strata/sql/sqlite/url.hpp>

namespace strata::sql::sqlite {
namespace {

std::atomic<unsigned> memory_databases{0};

// Characters with a meaning in a file: URI's path are percent-encoded.
std::string uri_path(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (c == '?' || c == '#' || c == '%') {
      static constexpr char hex[] = "0123456789ABCDEF";
      out += '%';
      out += hex[static_cast<unsigned char>(c) >> 4];
      out += hex[static_cast<unsigned char>(c) & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

target parse_url(std::string_view url) {
  std::string_view rest = url.substr(url.find(':') + 1);
  target t;
  t.flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
  if (rest.starts_with(":memory:")) {
    std::string_view query = rest.substr(8);
    if (query.starts_with('?')) query.remove_prefix(1);
    t.memory = true;
    t.filename = "file:/strata-mem-" + std::to_string(memory_databases.fetch_add(1)) + "?vfs=memdb";
    if (!query.empty()) t.filename += "&" + std::string(query);
    return t;
  }
  if (rest.starts_with("file:")) {  // already a URI
    t.filename = std::string(rest);
    t.memory = rest.find("mode=memory") != std::string_view::npos || rest.find("vfs=memdb") != std::string_view::npos;
    return t;
  }
  if (rest.starts_with("//")) rest.remove_prefix(2);  // sqlite:///abs/path -> /abs/path
  std::string_view path = rest, query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    path = rest.substr(0, q);
    query = rest.substr(q + 1);
  }
  if (path.empty())
    throw error(std::string(sqlstate::invalid_parameter), "sql: the URL \"" + std::string(url) + "\" names no file");
  t.filename = query.empty() ? std::string(path) : "file:" + uri_path(path) + "?" + std::string(query);
  return t;
}

}  // namespace strata::sql::sqlite
