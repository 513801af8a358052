// Default names for models: the C++ type's own name, snake_cased and pluralised into a table name
// (blog_post -> blog_posts, BlogPost -> blog_posts, category -> categories).
#pragma once
#include <strata/core/type_name.hpp>

#include <string>
#include <string_view>

namespace strata::orm {

// "BlogPost" -> "blog_post"; already snake_case names are unchanged.
std::string snake_case(std::string_view name);
// English plural of a snake_case name's last word: box -> boxes, category -> categories, user -> users.
std::string pluralize(std::string_view name);

namespace detail {
using strata::type_name;  // the model's own name, for default table names
}  // namespace detail
}  // namespace strata::orm
