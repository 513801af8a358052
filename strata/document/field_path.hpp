// Dotted field paths ("address.city"): validation, and reading, writing and erasing the value a
// path names inside a JSON object. Each component names an object member (never an array index).
#pragma once
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace strata::document::detail {

inline constexpr std::size_t max_path_length = 256;
inline constexpr std::size_t max_path_depth = 32;

// True when path is non-empty components of ASCII letters, digits and '_' joined by single dots,
// within the limits above. Only such paths reach SQL text, so they cannot carry a quote.
bool valid_path(std::string_view path) noexcept;

// The components of a valid path.
std::vector<std::string_view> split_path(std::string_view path);

// The value at path, or nullptr when a component is missing or crosses a non-object.
const boost::json::value* lookup(const boost::json::object& doc, std::string_view path);

// The object that holds path's last member, creating missing objects on the way; nullptr when
// the way crosses a value that is not an object.
boost::json::object* parent_for_write(boost::json::object& doc, std::string_view path);

// Removes a member keeping the others in order; false when it was not there.
bool stable_erase(boost::json::object& o, std::string_view key);

// Removes the member at path, keeping the order of the rest; false when it was not there.
bool erase_path(boost::json::object& doc, std::string_view path);

// The last component of a path.
std::string_view leaf_name(std::string_view path);

}  // namespace strata::document::detail
