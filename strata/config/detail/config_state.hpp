// config_state: what a loaded config holds. Copies of a config share one state and never change
// it, so a snapshot can be handed to every thread while a reload builds the next one.
#pragma once
#include <strata/config/detail/tree.hpp>
#include <strata/config/schema.hpp>

#include <string>

namespace strata::config::detail {

struct config_state {
  tree values;
  strata::config::schema rules;
  std::string env_name = "development";
};

}  // namespace strata::config::detail
