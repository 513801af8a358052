// Articles as JSON for one viewer (or anonymous readers), and the cached forms anonymous readers
// get: the same document for everyone, so it is kept as text.
#pragma once
#include "article_store.hpp"
#include "context.hpp"

#include <strata/http/response.hpp>

#include <boost/json/object.hpp>

#include <string>

namespace conduit {

boost::json::object page_view(const article_page& page, const viewer_state& state);
boost::json::object single_view(const article& a, const viewer_state& state);

// The article as `viewer` (or nobody) sees it; 404 when there is no such slug.
strata::task<boost::json::object> article_for(context& ctx, std::string slug, std::optional<std::int64_t> viewer);

// Sends JSON text as it is (cached documents skip serialization).
void send_json_text(strata::http::response& res, std::string text);

// Drops what anonymous readers see of this article and of every list.
strata::task<void> forget_article(context& ctx, std::string slug);

}  // namespace conduit
