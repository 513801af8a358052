// The statements of the SQL backends, built per dialect: a collection is a table
// (seq: insertion order, id: the "_id", doc: the document as JSON text or jsonb).
#pragma once
#include <boost/json/object.hpp>
#include <strata/document/filter.hpp>
#include <strata/document/query_options.hpp>
#include <strata/sql/database.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace strata::document::detail {

// Table and index names reach these already validated ([A-Za-z0-9_]), so quoting cannot break.
std::vector<sql::statement> create_table(sql::dialect d, std::string_view table);
sql::statement drop_table(std::string_view table);
sql::statement insert_document(sql::dialect d, std::string_view table, std::string id, const boost::json::object& doc);
// SELECT doc ... in the order asked (then insertion order), with LIMIT/OFFSET as parameters.
sql::statement select_documents(sql::dialect d, std::string_view table, const filter& f, const find_spec& spec);
sql::statement count_documents(sql::dialect d, std::string_view table, const filter& f);
// SELECT id, doc ... of the documents an update will change, locked on PostgreSQL (FOR UPDATE).
sql::statement select_for_update(sql::dialect d, std::string_view table, const filter& f, bool many);
sql::statement replace_document(sql::dialect d, std::string_view table, std::string id, const boost::json::object& doc);
sql::statement delete_documents(sql::dialect d, std::string_view table, const filter& f, bool many);
sql::statement create_index(sql::dialect d, std::string_view table, const std::vector<std::string>& fields,
                            std::string_view name, bool unique);

}  // namespace strata::document::detail
