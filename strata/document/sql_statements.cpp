// Statement text for the SQL backends. Sorting follows MongoDB's order across types: missing and
// null, then numbers, strings, objects, arrays, booleans; numbers numerically, strings bytewise.
#include <strata/document/sql_filter.hpp>
#include <strata/document/sql_statements.hpp>

namespace strata::document::detail {

namespace {

bool is_sqlite(sql::dialect d) {
  return d == sql::dialect::sqlite;
}

std::string quote(std::string_view name) {
  return "\"" + std::string(name) + "\"";
}

void append_where(sql_text& out, const filter& f, sql::dialect d) {
  if (f.matches_everything()) return;
  out.sql += " WHERE ";
  append_filter(out, f, d);
}

std::string sort_terms(sql::dialect d, const sort_key& k) {
  const std::string dir = k.descending ? " DESC" : "";
  if (is_sqlite(d)) {
    const std::string p = sqlite_json_path(k.path);
    const std::string type = "json_type(doc, " + p + ")";
    return "CASE " + type +
           " WHEN 'integer' THEN 1 WHEN 'real' THEN 1 WHEN 'text' THEN 2 WHEN 'object' THEN 3 WHEN 'array' THEN 4 "
           "WHEN 'true' THEN 5 WHEN 'false' THEN 5 ELSE 0 END" +
           dir + ", json_extract(doc, " + p + ")" + dir;
  }
  const std::string x = postgres_value(k.path);
  return "CASE jsonb_typeof(" + x +
         ") WHEN 'number' THEN 1 WHEN 'string' THEN 2 WHEN 'object' THEN 3 WHEN 'array' THEN 4 WHEN 'boolean' THEN 5 "
         "ELSE 0 END" +
         dir + ", CASE WHEN jsonb_typeof(" + x + ") = 'string' THEN " + x + " #>> '{}' END COLLATE \"C\"" + dir + ", " +
         x + dir;
}

sql::param json_param(const boost::json::object& doc) {
  return boost::json::value(doc);
}

}  // namespace

std::vector<sql::statement> create_table(sql::dialect d, std::string_view table) {
  const std::string t = quote(table);
  if (is_sqlite(d))
    return {
        {"CREATE TABLE IF NOT EXISTS " + t + " (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)",
         {}}};
  return {{"CREATE TABLE IF NOT EXISTS " + t +
               " (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text NOT NULL UNIQUE, doc jsonb NOT NULL)",
           {}},
          // jsonb_path_ops: smaller than the default jsonb_ops and all that @> needs.
          {"CREATE INDEX IF NOT EXISTS " + quote(std::string(table) + "_doc_gin") + " ON " + t +
               " USING gin (doc jsonb_path_ops)",
           {}}};
}

sql::statement drop_table(std::string_view table) {
  return {"DROP TABLE IF EXISTS " + quote(table), {}};
}

sql::statement insert_document(sql::dialect d, std::string_view table, std::string id, const boost::json::object& doc) {
  return {"INSERT INTO " + quote(table) + " (id, doc) VALUES ($1, " + (is_sqlite(d) ? "$2)" : "$2::jsonb)"),
          {std::move(id), json_param(doc)}};
}

sql::statement select_documents(sql::dialect d, std::string_view table, const filter& f, const find_spec& spec) {
  sql_text out;
  out.sql = "SELECT doc FROM " + quote(table);
  append_where(out, f, d);
  out.sql += " ORDER BY ";
  for (const auto& k : spec.sort) out.sql += sort_terms(d, k) + ", ";
  out.sql += "seq";
  if (spec.limit > 0) out.sql += " LIMIT " + out.bind(spec.limit);
  if (spec.skip > 0) {
    // SQLite has no OFFSET without LIMIT; -1 is its "no limit".
    if (spec.limit == 0 && is_sqlite(d)) out.sql += " LIMIT -1";
    out.sql += " OFFSET " + out.bind(spec.skip);
  }
  return std::move(out).statement();
}

sql::statement count_documents(sql::dialect d, std::string_view table, const filter& f) {
  sql_text out;
  out.sql = "SELECT count(*) FROM " + quote(table);
  append_where(out, f, d);
  return std::move(out).statement();
}

sql::statement select_for_update(sql::dialect d, std::string_view table, const filter& f, bool many) {
  sql_text out;
  out.sql = "SELECT id, doc FROM " + quote(table);
  append_where(out, f, d);
  out.sql += " ORDER BY seq";
  if (!many) out.sql += " LIMIT 1";
  // SQLite's write transaction (BEGIN IMMEDIATE) already excludes other writers.
  if (!is_sqlite(d)) out.sql += " FOR UPDATE";
  return std::move(out).statement();
}

sql::statement replace_document(sql::dialect d, std::string_view table, std::string id,
                                const boost::json::object& doc) {
  return {"UPDATE " + quote(table) + " SET doc = " + (is_sqlite(d) ? "$1" : "$1::jsonb") + " WHERE id = $2",
          {json_param(doc), std::move(id)}};
}

sql::statement delete_documents(sql::dialect d, std::string_view table, const filter& f, bool many) {
  sql_text out;
  const std::string t = quote(table);
  if (many) {
    out.sql = "DELETE FROM " + t;
    append_where(out, f, d);
  } else {
    out.sql = "DELETE FROM " + t + " WHERE seq IN (SELECT seq FROM " + t;
    append_where(out, f, d);
    out.sql += " ORDER BY seq LIMIT 1)";
  }
  return std::move(out).statement();
}

sql::statement create_index(sql::dialect d, std::string_view table, const std::vector<std::string>& fields,
                            std::string_view name, bool unique) {
  std::string sql = std::string("CREATE ") + (unique ? "UNIQUE " : "") + "INDEX IF NOT EXISTS " + quote(name) + " ON " +
                    quote(table) + " (";
  std::string where;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) sql += ", ";
    if (is_sqlite(d)) {
      // The same expression the filters use, so SQLite can match it.
      sql += "json_extract(doc, " + sqlite_json_path(fields[i]) + ")";
    } else {
      const std::string x = postgres_value(fields[i]);
      sql += "(" + x + ")";
      // A JSON null never conflicts, as SQLite's NULL (what json_extract gives for null) does not.
      if (unique) where += std::string(where.empty() ? " WHERE " : " AND ") + "jsonb_typeof(" + x + ") <> 'null'";
    }
  }
  return {sql + ")" + where, {}};
}

}  // namespace strata::document::detail
