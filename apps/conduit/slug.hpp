// Article slugs: the title in lower-case ASCII words joined by '-', plus a random suffix so two
// articles with one title never collide ("how-to-train-your-dragon-3f9a1c").
#pragma once
#include <string>
#include <string_view>

namespace conduit {

std::string make_slug(std::string_view title);

}  // namespace conduit
