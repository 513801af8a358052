// The `strata` command's subcommands, one file each; each takes the arguments after its name
// and returns the exit status.
#pragma once
#include <string>
#include <vector>

namespace strata::cli {

int schema_command(const std::vector<std::string>& args);
int openapi_command(const std::vector<std::string>& args);
int jwt_command(const std::vector<std::string>& args);

}  // namespace strata::cli
