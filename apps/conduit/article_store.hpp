// Reading articles: lists with the spec's filters, the feed, one by slug, each with its author
// and tags loaded by relation (one statement per relation, whatever the page size), and what the
// viewer has favorited and follows (one statement each).
#pragma once
#include "models.hpp"

#include <strata/core/task.hpp>
#include <strata/sql/database.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace conduit {

struct article_filter {
  std::optional<std::string> tag;
  std::optional<std::string> author;     // username
  std::optional<std::string> favorited;  // username of the user who favorited
  std::int64_t limit = 20;
  std::int64_t offset = 0;
};

struct article_page {
  std::vector<article> articles;
  std::int64_t count = 0;  // matches before limit/offset
};

struct viewer_state {
  std::set<std::int64_t> favorited;  // article ids
  std::set<std::int64_t> following;  // user ids
};

strata::task<article_page> list_articles(strata::sql::executor& ex, article_filter filter);
strata::task<article_page> feed_articles(strata::sql::executor& ex, std::int64_t viewer, std::int64_t limit,
                                         std::int64_t offset);
strata::task<std::optional<article>> find_article(strata::sql::executor& ex, std::string slug);
// Which of `articles` the viewer favorited and which of their authors the viewer follows.
strata::task<viewer_state> viewer_state_for(strata::sql::executor& ex, std::int64_t viewer,
                                            const std::vector<article>& articles);
strata::task<bool> is_following(strata::sql::executor& ex, std::int64_t follower, std::int64_t followee);

}  // namespace conduit
