#pragma once

#include "util/error.hpp"

namespace campaign::plugin {

// A plugin could not be used: the message says why, the caller adds the path.
class PluginError : public Error {
public:
  explicit PluginError(std::string message) : Error(std::move(message), ExitStatus::failure) {}
};

} // namespace campaign::plugin
