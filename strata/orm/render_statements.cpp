// SELECT, INSERT (with ON CONFLICT), UPDATE and DELETE from their specs. Both dialects share the
// statement shapes: RETURNING and ON CONFLICT exist in PostgreSQL and in SQLite >= 3.35.
#include <strata/orm/detail/sql_writer.hpp>
#include <strata/orm/render.hpp>

#include <stdexcept>

namespace strata::orm::detail {
namespace {

void write_where(sql_writer& w, const node_ptr& where) {
  if (!where) return;
  w.sql += " WHERE ";
  w.expression(*where);
}

void write_returning(sql_writer& w, const std::vector<std::string>& columns) {
  if (columns.empty()) return;
  w.sql += " RETURNING ";
  w.identifiers(columns);
}

}  // namespace

sql::statement render(const select_spec& s, sql::dialect d) {
  sql_writer w{d};
  w.qualify = !s.joins.empty();
  w.sql += s.distinct ? "SELECT DISTINCT " : "SELECT ";
  if (s.items.empty()) {
    if (w.qualify) {
      w.identifier(s.table);
      w.sql += '.';
    }
    w.sql += '*';
  }
  for (std::size_t i = 0; i < s.items.size(); ++i) {
    if (i) w.sql += ", ";
    w.expression(*s.items[i].expr);
    if (!s.items[i].alias.empty()) {
      w.sql += " AS ";
      w.identifier(s.items[i].alias);
    }
  }
  w.sql += " FROM ";
  w.identifier(s.table);
  for (const auto& j : s.joins) {
    w.sql += j.left ? " LEFT JOIN " : " INNER JOIN ";
    w.identifier(j.table);
    w.sql += " ON ";
    w.expression(*j.on);
  }
  write_where(w, s.where);
  for (std::size_t i = 0; i < s.group_by.size(); ++i) {
    w.sql += i ? ", " : " GROUP BY ";
    w.expression(*s.group_by[i]);
  }
  if (s.having) {
    w.sql += " HAVING ";
    w.expression(*s.having);
  }
  for (std::size_t i = 0; i < s.order_by.size(); ++i) {
    w.sql += i ? ", " : " ORDER BY ";
    w.expression(*s.order_by[i].expr);
    w.sql += s.order_by[i].descending ? " DESC" : " ASC";
  }
  if (s.limit) {
    w.sql += " LIMIT ";
    w.placeholder(*s.limit);
  } else if (s.offset && d == sql::dialect::sqlite) {
    w.sql += " LIMIT -1";  // SQLite's grammar has no OFFSET without LIMIT
  }
  if (s.offset) {
    w.sql += " OFFSET ";
    w.placeholder(*s.offset);
  }
  return w.finish();
}

sql::statement render(const insert_spec& s, sql::dialect d) {
  sql_writer w{d};
  w.sql += "INSERT INTO ";
  w.identifier(s.table);
  if (s.columns.empty()) {
    if (s.rows.size() > 1) throw std::invalid_argument("orm: a multi-row insert needs columns");
    w.sql += " DEFAULT VALUES";
  } else {
    if (s.rows.empty()) throw std::invalid_argument("orm: insert without rows");
    w.sql += " (";
    w.identifiers(s.columns);
    w.sql += ") VALUES ";
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
      if (s.rows[r].size() != s.columns.size()) throw std::invalid_argument("orm: insert row width differs from its columns");
      w.sql += r ? ", (" : "(";
      for (std::size_t c = 0; c < s.rows[r].size(); ++c) {
        if (c) w.sql += ", ";
        w.placeholder(s.rows[r][c]);
      }
      w.sql += ')';
    }
  }
  if (s.on_conflict != conflict_action::none) {
    w.sql += " ON CONFLICT";
    if (!s.conflict_columns.empty()) {
      w.sql += " (";
      w.identifiers(s.conflict_columns);
      w.sql += ')';
    }
    if (s.on_conflict == conflict_action::do_nothing) {
      w.sql += " DO NOTHING";
    } else {
      if (s.conflict_columns.empty()) throw std::invalid_argument("orm: ON CONFLICT DO UPDATE needs conflict columns");
      if (s.update_columns.empty()) throw std::invalid_argument("orm: ON CONFLICT DO UPDATE needs columns to set");
      w.sql += " DO UPDATE SET ";
      for (std::size_t i = 0; i < s.update_columns.size(); ++i) {
        if (i) w.sql += ", ";
        w.identifier(s.update_columns[i]);
        w.sql += " = excluded.";
        w.identifier(s.update_columns[i]);
      }
    }
  }
  write_returning(w, s.returning);
  return w.finish();
}

sql::statement render(const update_spec& s, sql::dialect d) {
  if (s.set.empty()) throw std::invalid_argument("orm: update without columns to set");
  sql_writer w{d};
  w.sql += "UPDATE ";
  w.identifier(s.table);
  w.sql += " SET ";
  for (std::size_t i = 0; i < s.set.size(); ++i) {
    if (i) w.sql += ", ";
    w.identifier(s.set[i].column);
    w.sql += " = ";
    w.expression(*s.set[i].value);
  }
  write_where(w, s.where);
  write_returning(w, s.returning);
  return w.finish();
}

sql::statement render(const delete_spec& s, sql::dialect d) {
  sql_writer w{d};
  w.sql += "DELETE FROM ";
  w.identifier(s.table);
  write_where(w, s.where);
  write_returning(w, s.returning);
  return w.finish();
}

}  // namespace strata::orm::detail
