// Cache keys and tags, in one place so reads and the writes that invalidate them agree.
//   article:<slug>        one article as anonymous readers see it   tags: article:<slug>, user:<author id>
//   articles:<query>      an anonymous list page                    tags: articles
//   profile:<username>    a profile as anonymous readers see it     tags: user:<id>
//   tags                  the tag list                              tags: tags
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace conduit::keys {

inline std::string article(std::string_view slug) { return "article:" + std::string(slug); }
inline std::string user(std::int64_t id) { return "user:" + std::to_string(id); }
inline std::string profile(std::string_view username) { return "profile:" + std::string(username); }
inline constexpr std::string_view article_lists = "articles";
inline constexpr std::string_view tag_list = "tags";

}  // namespace conduit::keys
