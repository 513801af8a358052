#include "slug.hpp"

#include <random>

namespace conduit {

std::string make_slug(std::string_view title) {
  constexpr std::size_t max_words_length = 64;
  std::string slug;
  bool dash = false;
  for (unsigned char c : title) {
    if (slug.size() >= max_words_length) break;
    if (std::isalnum(c) && c < 0x80) {
      if (dash && !slug.empty()) slug += '-';
      slug += static_cast<char>(std::tolower(c));
      dash = false;
    } else {
      dash = true;  // spaces, punctuation and non-ASCII letters separate words
    }
  }
  thread_local std::mt19937_64 random{std::random_device{}()};
  static constexpr char hex[] = "0123456789abcdef";
  if (!slug.empty()) slug += '-';
  for (int i = 0; i < 6; ++i) slug += hex[random() % 16];
  return slug;
}

}  // namespace conduit
