// The front of every collection operation: checks and parses what the caller gave (filter,
// update, options, documents) once, the same for every backend, then hands it to the backend.
#include <strata/document/detail/backend.hpp>
#include <strata/document/document_check.hpp>
#include <strata/document/field_path.hpp>
#include <strata/document/store.hpp>

namespace strata::document {

const std::string& collection::name() const {
  return state_->name;
}

task<std::string> collection::insert_one(boost::json::object doc) {
  std::string id = detail::prepare_document(doc);
  std::vector<boost::json::object> docs;
  docs.push_back(std::move(doc));
  co_await backend_->insert(*state_, std::move(docs));
  co_return id;
}

task<std::vector<std::string>> collection::insert_many(std::vector<boost::json::object> docs) {
  std::vector<std::string> ids;
  ids.reserve(docs.size());
  for (auto& doc : docs) ids.push_back(detail::prepare_document(doc));
  if (!docs.empty()) co_await backend_->insert(*state_, std::move(docs));
  co_return ids;
}

task<std::optional<boost::json::object>> collection::find_one(boost::json::object filter, find_options options) {
  options.limit = 1;
  auto docs = co_await find(std::move(filter), std::move(options));
  if (docs.empty()) co_return std::nullopt;
  co_return std::move(docs.front());
}

task<std::vector<boost::json::object>> collection::find(boost::json::object filter, find_options options) {
  const auto f = parse_filter(filter);
  const auto spec = detail::parse_find_options(options);
  co_return co_await backend_->find(*state_, f, spec);
}

task<std::int64_t> collection::count(boost::json::object filter) {
  const auto f = parse_filter(filter);
  co_return co_await backend_->count(*state_, f);
}

task<update_result> collection::update_one(boost::json::object filter, boost::json::object update) {
  const auto f = parse_filter(filter);
  const auto u = parse_update(update);
  co_return co_await backend_->update(*state_, f, u, false);
}

task<update_result> collection::update_many(boost::json::object filter, boost::json::object update) {
  const auto f = parse_filter(filter);
  const auto u = parse_update(update);
  co_return co_await backend_->update(*state_, f, u, true);
}

task<std::int64_t> collection::delete_one(boost::json::object filter) {
  const auto f = parse_filter(filter);
  co_return co_await backend_->remove(*state_, f, false);
}

task<std::int64_t> collection::delete_many(boost::json::object filter) {
  const auto f = parse_filter(filter);
  co_return co_await backend_->remove(*state_, f, true);
}

task<std::string> collection::create_index(std::vector<std::string> fields, index_options options) {
  if (fields.empty()) throw error(errc::bad_query, "an index needs at least one field");
  std::string name = options.name;
  if (name.empty()) name = state_->name;
  for (const auto& field : fields) {
    if (!detail::valid_path(field))
      throw error(errc::bad_query,
                  "index field '" + field.substr(0, 64) + "' is not a dotted path of letters, digits and '_'");
    if (options.name.empty()) {
      name += '_';
      for (char c : field) name += c == '.' ? '_' : c;
    }
  }
  if (options.name.empty()) name += "_idx";
  if (!detail::valid_path(name) || name.find('.') != std::string::npos || name.size() > 63)
    throw error(errc::bad_query, "index name '" + name.substr(0, 64) +
                                     "' must be letters, digits and '_', at most 63 bytes (give index_options.name)");
  co_await backend_->create_index(*state_, fields, name, options.unique);
  co_return name;
}

task<void> collection::drop() {
  co_await backend_->drop(*state_);
}

}  // namespace strata::document
