// Statement execution on SQLite (see execute.hpp). Values SQLite has no type for are stored as
// text: timestamps as ISO-8601 (sortable), dates as YYYY-MM-DD, uuids and numerics as their text,
// JSON as JSON text and arrays as JSON arrays, bool as 0/1.
#include <sqlite3.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <charconv>
#include <strata/sql/detail/temporal.hpp>
#include <strata/sql/sqlite/errors.hpp>
#include <strata/sql/sqlite/execute.hpp>
#include <vector>

namespace strata::sql::sqlite {
namespace {

// The rows of one statement, copied out of SQLite (its buffers die at the next step).
class sqlite_result final : public detail::result_data {
 public:
  struct slot {
    cell::kind k = cell::kind::null;
    std::int64_t integer = 0;
    double real = 0;
    std::size_t offset = 0, size = 0;  // into arena_
  };

  std::size_t rows() const override { return columns_ == 0 ? 0 : slots_.size() / columns_; }
  std::size_t columns() const override { return columns_; }
  std::string_view column_name(std::size_t column) const override { return names_.at(column); }
  cell at(std::size_t row, std::size_t column) const override {
    const slot& s = slots_.at(row * columns_ + column);
    cell c;
    c.k = s.k;
    c.integer = s.integer;
    c.real = s.real;
    if (s.k == cell::kind::text || s.k == cell::kind::blob)
      c.bytes = std::string_view(arena_.data() + s.offset, s.size);
    return c;
  }
  std::int64_t affected_rows() const override { return affected_; }

  void set_columns(sqlite3_stmt* stmt) {
    columns_ = static_cast<std::size_t>(sqlite3_column_count(stmt));
    names_.clear();
    for (std::size_t i = 0; i < columns_; ++i) names_.emplace_back(sqlite3_column_name(stmt, static_cast<int>(i)));
  }
  void add_row(sqlite3_stmt* stmt) {
    for (int i = 0; i < static_cast<int>(columns_); ++i) {
      slot s;
      switch (sqlite3_column_type(stmt, i)) {
        case SQLITE_INTEGER:
          s.k = cell::kind::integer;
          s.integer = sqlite3_column_int64(stmt, i);
          break;
        case SQLITE_FLOAT:
          s.k = cell::kind::real;
          s.real = sqlite3_column_double(stmt, i);
          break;
        case SQLITE_TEXT: {
          s.k = cell::kind::text;
          const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
          s.size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, i));
          s.offset = arena_.size();
          arena_.append(p, s.size);
          break;
        }
        case SQLITE_BLOB: {
          s.k = cell::kind::blob;
          const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, i));
          s.size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, i));
          s.offset = arena_.size();
          if (s.size) arena_.append(p, s.size);
          break;
        }
        default:
          break;
      }
      slots_.push_back(s);
    }
  }
  void set_affected(std::int64_t n) { affected_ = n; }

 private:
  std::size_t columns_ = 0;
  std::vector<std::string> names_;
  std::vector<slot> slots_;
  std::string arena_;
  std::int64_t affected_ = 0;
};

// Finalizes statements the cache does not keep, resets the ones it does.
struct statement_use {
  sqlite3_stmt* stmt = nullptr;
  bool owned = false;
  ~statement_use() {
    if (!stmt) return;
    if (owned) {
      sqlite3_finalize(stmt);
    } else {
      sqlite3_reset(stmt);
      sqlite3_clear_bindings(stmt);
    }
  }
};

template <class Vector>
std::string json_array(const Vector& v) {
  boost::json::array a;
  a.reserve(v.size());
  for (const auto& e : v)
    a.emplace_back(
        static_cast<std::conditional_t<std::is_same_v<Vector, std::vector<bool>>, bool, typename Vector::value_type>>(
            e));
  return boost::json::serialize(a);
}

void check(sqlite3* db, int rc) {
  if (rc != SQLITE_OK) throw last_error(db);
}

void bind_text(sqlite3* db, sqlite3_stmt* stmt, int index, std::string text) {
  check(db, sqlite3_bind_text64(stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

void bind(sqlite3* db, sqlite3_stmt* stmt, int index, const param& p) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          check(db, sqlite3_bind_null(stmt, index));
        } else if constexpr (std::is_same_v<T, bool>) {
          check(db, sqlite3_bind_int(stmt, index, v ? 1 : 0));
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          check(db, sqlite3_bind_int64(stmt, index, v));
        } else if constexpr (std::is_same_v<T, double>) {
          check(db, sqlite3_bind_double(stmt, index, v));
        } else if constexpr (std::is_same_v<T, std::string>) {
          // The statement outlives the step (the caller waits for it), so no copy is needed.
          check(db, sqlite3_bind_text64(stmt, index, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8));
        } else if constexpr (std::is_same_v<T, bytes>) {
          // A null pointer would bind NULL; an empty blob is not NULL.
          if (v.empty())
            check(db, sqlite3_bind_zeroblob(stmt, index, 0));
          else
            check(db, sqlite3_bind_blob64(stmt, index, v.data(), v.size(), SQLITE_STATIC));
        } else if constexpr (std::is_same_v<T, boost::json::value>) {
          bind_text(db, stmt, index, boost::json::serialize(v));
        } else if constexpr (std::is_same_v<T, timestamp>) {
          bind_text(db, stmt, index, detail::format_timestamp(v));
        } else if constexpr (std::is_same_v<T, date>) {
          bind_text(db, stmt, index, detail::format_date(v));
        } else if constexpr (std::is_same_v<T, uuid>) {
          bind_text(db, stmt, index, v.to_string());
        } else if constexpr (std::is_same_v<T, numeric>) {
          check(db, sqlite3_bind_text64(stmt, index, v.text.data(), v.text.size(), SQLITE_STATIC, SQLITE_UTF8));
        } else {
          bind_text(db, stmt, index, json_array(v));
        }
      },
      p);
}

// $N placeholders bind by their number, wherever they appear; SQLite numbers parameters in
// order of first appearance, so "$2 ... $1" has $2 at index 1.
void bind_all(sqlite3* db, sqlite3_stmt* stmt, const std::vector<param>& params, bool exact) {
  const int count = sqlite3_bind_parameter_count(stmt);
  std::size_t highest = 0;
  for (int i = 1; i <= count; ++i) {
    std::size_t number = static_cast<std::size_t>(i);
    if (const char* name = sqlite3_bind_parameter_name(stmt, i)) {
      const std::string_view n(name);
      const auto [end, ec] = std::from_chars(n.data() + 1, n.data() + n.size(), number);
      if (n.size() < 2 || n[0] != '$' || ec != std::errc() || end != n.data() + n.size() || number == 0)
        throw error("42P02", "sql: placeholder " + std::string(n) + " is not $1, $2, ...");
    }
    if (number > params.size())
      throw error("42P02", "sql: there is no parameter $" + std::to_string(number) + " (" +
                               std::to_string(params.size()) + " given)");
    highest = std::max(highest, number);
    bind(db, stmt, i, params[number - 1]);
  }
  if (exact && highest != params.size())
    throw error("42P02", "sql: " + std::to_string(params.size()) + " parameters given, the statement uses " +
                             std::to_string(highest));
}

void step_all(sqlite3* db, sqlite3_stmt* stmt, sqlite_result& out) {
  out.set_columns(stmt);
  const auto changes_before = sqlite3_total_changes64(db);
  for (;;) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
      out.add_row(stmt);
    } else if (rc == SQLITE_DONE) {
      break;
    } else {
      throw last_error(db);
    }
  }
  // sqlite3_changes() keeps the count of the last INSERT/UPDATE/DELETE, so only trust it when
  // this statement changed something.
  out.set_affected(sqlite3_total_changes64(db) != changes_before ? sqlite3_changes64(db) : 0);
}

bool blank(const char* p, const char* end) {
  for (; p < end; ++p)
    if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != ';') return false;
  return true;
}

}  // namespace

result execute(sqlite3* db, statement_cache& cache, const statement& s) {
  auto out = std::make_shared<sqlite_result>();
  if (sqlite3_stmt* cached = cache.find(s.sql)) {
    statement_use use{cached, false};
    bind_all(db, cached, s.params, true);
    step_all(db, cached, *out);
    return result(std::move(out));
  }
  const char* p = s.sql.data();
  const char* const end = s.sql.data() + s.sql.size();
  bool first = true;
  while (!blank(p, end)) {
    statement_use use;
    const char* tail = nullptr;
    if (sqlite3_prepare_v3(db, p, static_cast<int>(end - p), SQLITE_PREPARE_PERSISTENT, &use.stmt, &tail) != SQLITE_OK)
      throw last_error(db);
    if (!use.stmt) break;  // only comments left
    const bool single = first && blank(tail, end);
    use.owned = !(single && cache.insert(s.sql, use.stmt));
    bind_all(db, use.stmt, s.params, single);
    out = std::make_shared<sqlite_result>();
    step_all(db, use.stmt, *out);
    p = tail;
    first = false;
  }
  return result(std::move(out));
}

}  // namespace strata::sql::sqlite
