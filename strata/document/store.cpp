// Opening a store: the URL's scheme picks the backend.
#include <strata/document/detail/backend.hpp>
#include <strata/document/store.hpp>

namespace strata::document {

namespace {
bool valid_collection_name(std::string_view name) {
  if (name.empty() || name.size() > 63 || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}
}  // namespace

store store::open(std::string_view url, store_options options) {
  if (url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://"))
    return store(detail::make_sql_backend(url, options.sql));
  if (url.starts_with("mongodb://") || url.starts_with("mongodb+srv://"))
    return store(detail::make_mongo_backend(url, options.mongo_threads));
  throw error(errc::bad_query, "unknown document store URL scheme (use sqlite:, postgres:// or mongodb://)");
}

collection store::collection(std::string_view name) const {
  if (!valid_collection_name(name))
    throw error(errc::bad_query, "collection name '" + std::string(name.substr(0, 64)) +
                                     "' must be letters, digits and '_', not start with a digit, at most 63 bytes");
  return document::collection(backend_, backend_->state(std::string(name)));
}

backend_kind store::kind() const {
  return backend_->kind();
}

}  // namespace strata::document
