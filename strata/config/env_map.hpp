// env_map: environment variables as a plain map, so the loader and its tests never read or write
// the real process environment unless the application asks for it.
#pragma once
#include <functional>
#include <map>
#include <string>

namespace strata::config {

using env_map = std::map<std::string, std::string, std::less<>>;

}  // namespace strata::config
