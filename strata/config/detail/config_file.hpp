// config_file: reading config/*.json and config/*.yaml into JSON objects; a file that does not
// parse is an error that names the file, line and column.
#pragma once
#include <strata/config/config_error.hpp>

#include <boost/json/object.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::config::detail {

// `name` is how messages and source_of() show the file. JSON may have comments and trailing commas.
std::optional<boost::json::object> parse_json_config(std::string_view text, const std::string& name,
                                                     std::vector<config_error>& errors);
// YAML 1.2 core schema: plain scalars become null, booleans (true/false), integers, floats or
// strings; quoted scalars are always strings (so "yes" and "0123" stay as written).
std::optional<boost::json::object> parse_yaml_config(std::string_view text, const std::string& name,
                                                     std::vector<config_error>& errors);

// By extension (.json, .yaml, .yml).
std::optional<boost::json::object> read_config_file(const std::filesystem::path& path, const std::string& name,
                                                    std::vector<config_error>& errors);

// The whole file, or nullopt with `error` set (missing, unreadable, a directory).
std::optional<std::string> read_file(const std::filesystem::path& path, std::string& error);

}  // namespace strata::config::detail
