// A plugin whose static initializer throws: loading it aborts the process.
#include <campaign/plugin.hpp>

#include <stdexcept>

namespace {
struct Explodes {
  Explodes() { throw std::runtime_error("static initializer of static_throw"); }
};
const Explodes k_explodes;

class Nothing : public campaign::sdk::Renderer {
public:
  Nothing() : Renderer("nothing", "txt", "never reached") {}
  void render(campaign::sdk::Call&, std::string_view, const campaign::sdk::Options&, campaign::sdk::Writer&) override {}
};
} // namespace

CAMPAIGN_PLUGIN("static-throw", "0.1", "throws before it can be asked anything", Nothing)
